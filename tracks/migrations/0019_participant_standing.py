"""Tracks keep two columns of each person's row for candidate matching (issue 18,
participants/models/kept.py): `in_active_track` (a membership in an active state: nominated to
completed, paused included, as the `trackparticipant_one_active_track` constraint counts them) and
`continued_support_occupations` (the occupations of the needs of the tracks the person has
continued support after). tracks.standing checks them against this rule.

`tracks_standing(person)` computes both. They are written again, after the person's row is
locked FOR NO KEY UPDATE (so two transactions changing one person wait for each other and the
second computes from what the first committed; two persons in id order):
- for a membership's person (both persons, if it moves) when it is added or removed, or its
  state, track or person changes;
- for the continued-support members of a track whose need changes, and of the tracks of a need
  whose occupation changes (each person locked in id order);
- and every insert and update of a person computes them again before it is written, so that no
  writer brings a value of its own.
Every person's columns are written here once."""

from django.db import migrations

ACTIVE = "'completed', 'in_apl', 'in_introduction', 'in_training', 'nominated', 'offered', 'paused', 'presented', 'selected'"

INSTALL = f"""
CREATE FUNCTION tracks_standing(
    person bigint, OUT in_active_track boolean, OUT continued_support_occupations bigint[]
) LANGUAGE sql STABLE AS $$
    SELECT
        EXISTS (
            SELECT 1 FROM tracks_trackparticipant m
            WHERE m.participant_id = person AND m.state IN ({ACTIVE})
        ),
        ARRAY(
            SELECT DISTINCT n.occupation_id
            FROM tracks_trackparticipant m
            JOIN tracks_track t ON t.id = m.track_id
            JOIN employers_recruitmentneed n ON n.id = t.need_id
            WHERE m.participant_id = person AND m.state = 'continued_support'
            ORDER BY 1
        )
$$;

CREATE FUNCTION tracks_keep_standing(person bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM participants_participant WHERE id = person FOR NO KEY UPDATE;
    UPDATE participants_participant p
    SET in_active_track = s.in_active_track,
        continued_support_occupations = s.continued_support_occupations
    FROM tracks_standing(person) s
    WHERE p.id = person
    AND (p.in_active_track, p.continued_support_occupations)
        IS DISTINCT FROM (s.in_active_track, s.continued_support_occupations);
END $$;

CREATE FUNCTION tracks_standing_computed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT s.in_active_track, s.continued_support_occupations
    INTO NEW.in_active_track, NEW.continued_support_occupations
    FROM tracks_standing(NEW.id) s;
    RETURN NEW;
END $$;
CREATE TRIGGER tracks_standing_computed BEFORE INSERT OR UPDATE ON participants_participant
FOR EACH ROW EXECUTE FUNCTION tracks_standing_computed();

CREATE FUNCTION tracks_standing_of_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tracks_keep_standing(NEW.participant_id);
    ELSIF TG_OP = 'DELETE' OR NEW.participant_id = OLD.participant_id THEN
        PERFORM tracks_keep_standing(OLD.participant_id);
    ELSE  -- moved to another person: both, the lower id first
        PERFORM tracks_keep_standing(LEAST(OLD.participant_id, NEW.participant_id));
        PERFORM tracks_keep_standing(GREATEST(OLD.participant_id, NEW.participant_id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tracks_standing_of_membership AFTER INSERT OR DELETE ON tracks_trackparticipant
FOR EACH ROW EXECUTE FUNCTION tracks_standing_of_membership();
CREATE TRIGGER tracks_standing_of_membership_change AFTER UPDATE ON tracks_trackparticipant
FOR EACH ROW WHEN (
    OLD.state IS DISTINCT FROM NEW.state
    OR OLD.track_id IS DISTINCT FROM NEW.track_id
    OR OLD.participant_id IS DISTINCT FROM NEW.participant_id
) EXECUTE FUNCTION tracks_standing_of_membership();

CREATE FUNCTION tracks_standing_of_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE person bigint;
BEGIN
    FOR person IN
        SELECT DISTINCT m.participant_id FROM tracks_trackparticipant m
        WHERE m.track_id = NEW.id AND m.state = 'continued_support' ORDER BY 1
    LOOP
        PERFORM tracks_keep_standing(person);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER tracks_standing_of_track AFTER UPDATE ON tracks_track
FOR EACH ROW WHEN (OLD.need_id IS DISTINCT FROM NEW.need_id)
EXECUTE FUNCTION tracks_standing_of_track();

CREATE FUNCTION tracks_standing_of_need() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE person bigint;
BEGIN
    FOR person IN
        SELECT DISTINCT m.participant_id FROM tracks_trackparticipant m
        JOIN tracks_track t ON t.id = m.track_id
        WHERE t.need_id = NEW.id AND m.state = 'continued_support' ORDER BY 1
    LOOP
        PERFORM tracks_keep_standing(person);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER tracks_standing_of_need AFTER UPDATE ON employers_recruitmentneed
FOR EACH ROW WHEN (OLD.occupation_id IS DISTINCT FROM NEW.occupation_id)
EXECUTE FUNCTION tracks_standing_of_need();

UPDATE participants_participant p
SET in_active_track = s.in_active_track,
    continued_support_occupations = s.continued_support_occupations
FROM (SELECT DISTINCT participant_id FROM tracks_trackparticipant) m,
     LATERAL tracks_standing(m.participant_id) s
WHERE p.id = m.participant_id;
"""

UNINSTALL = """
DROP TRIGGER tracks_standing_of_need ON employers_recruitmentneed;
DROP FUNCTION tracks_standing_of_need();
DROP TRIGGER tracks_standing_of_track ON tracks_track;
DROP FUNCTION tracks_standing_of_track();
DROP TRIGGER tracks_standing_of_membership_change ON tracks_trackparticipant;
DROP TRIGGER tracks_standing_of_membership ON tracks_trackparticipant;
DROP FUNCTION tracks_standing_of_membership();
DROP TRIGGER tracks_standing_computed ON participants_participant;
DROP FUNCTION tracks_standing_computed();
DROP FUNCTION tracks_keep_standing(bigint);
DROP FUNCTION tracks_standing(bigint);
UPDATE participants_participant
SET in_active_track = false, continued_support_occupations = '{}'
WHERE in_active_track OR continued_support_occupations <> '{}';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tracks", "0018_after_mentor_merge"),
        ("participants", "0012_kept_for_matching"),
    ]

    operations = [migrations.RunSQL(INSTALL, UNINSTALL)]
