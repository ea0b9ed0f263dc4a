"""Columns of a person's row that the database keeps for candidate matching (issue 18,
participants/models/kept.py): the person's language levels, kept here from their languages, and
whether they are in a track now and after which tracks' occupations they have continued support,
kept by tracks' triggers (tracks/migrations/0019_participant_standing.py). The record's version
and history do not count a change of them alone. Every person's language levels are written
here; the covering index that carries the columns is built in 0013."""

import django.contrib.postgres.fields
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0011_merge_shortages_and_provider_accounts"),
        ("jobbspar", "0022_old_sessions_removed"),
        ("participants", "0011_shared_copy_not_on_other_consent_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="participant",
            name="version_bump",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="participant",
            name="update_update",
        ),
        migrations.AddField(
            model_name="participant",
            name="continued_support_occupations",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, editable=False, size=None
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="in_active_track",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="participant",
            name="language_levels",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=112), default=list, editable=False, size=None
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="otherlanguage",
            trigger=pgtrigger.compiler.Trigger(
                name="language_levels_kept",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="\n                IF TG_OP = 'DELETE' THEN \n    PERFORM 1 FROM participants_participant WHERE id = OLD.participant_id FOR NO KEY UPDATE;\n    UPDATE participants_participant\n    SET language_levels = \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = OLD.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n\n    WHERE id = OLD.participant_id\n    AND language_levels IS DISTINCT FROM \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = OLD.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n;\n ELSE \n    PERFORM 1 FROM participants_participant WHERE id = NEW.participant_id FOR NO KEY UPDATE;\n    UPDATE participants_participant\n    SET language_levels = \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = NEW.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n\n    WHERE id = NEW.participant_id\n    AND language_levels IS DISTINCT FROM \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = NEW.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n;\n END IF;\n                RETURN NULL;\n            ",
                    hash="3da1ff17f6c4dd05bb4fa0f4c0cc50de63745b0f",
                    operation="INSERT OR DELETE",
                    pgid="pgtrigger_language_levels_kept_be7ce",
                    table="participants_otherlanguage",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="otherlanguage",
            trigger=pgtrigger.compiler.Trigger(
                name="language_levels_kept_on_change",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."language" IS DISTINCT FROM (NEW."language") OR OLD."level" IS DISTINCT FROM (NEW."level") OR OLD."participant_id" IS DISTINCT FROM (NEW."participant_id"))',
                    func="\n                IF OLD.participant_id < NEW.participant_id THEN \n    PERFORM 1 FROM participants_participant WHERE id = OLD.participant_id FOR NO KEY UPDATE;\n    UPDATE participants_participant\n    SET language_levels = \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = OLD.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n\n    WHERE id = OLD.participant_id\n    AND language_levels IS DISTINCT FROM \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = OLD.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n;\n END IF;\n                \n    PERFORM 1 FROM participants_participant WHERE id = NEW.participant_id FOR NO KEY UPDATE;\n    UPDATE participants_participant\n    SET language_levels = \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = NEW.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n\n    WHERE id = NEW.participant_id\n    AND language_levels IS DISTINCT FROM \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = NEW.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n;\n\n                IF OLD.participant_id > NEW.participant_id THEN \n    PERFORM 1 FROM participants_participant WHERE id = OLD.participant_id FOR NO KEY UPDATE;\n    UPDATE participants_participant\n    SET language_levels = \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = OLD.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n\n    WHERE id = OLD.participant_id\n    AND language_levels IS DISTINCT FROM \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = OLD.participant_id\n        ORDER BY 1\n    )::varchar(112)[]\n;\n END IF;\n                RETURN NULL;\n            ",
                    hash="0eeec0a4fb13126ce9c1f866000748344924b205",
                    operation="UPDATE",
                    pgid="pgtrigger_language_levels_kept_on_change_c97f6",
                    table="participants_otherlanguage",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="participant",
            trigger=pgtrigger.compiler.Trigger(
                name="version_bump",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (ROW(OLD.in_active_track, OLD.continued_support_occupations, OLD.language_levels) IS NOT DISTINCT FROM ROW(NEW.in_active_track, NEW.continued_support_occupations, NEW.language_levels) OR to_jsonb(OLD.*) - '{in_active_track,continued_support_occupations,language_levels}'::text[] IS DISTINCT FROM to_jsonb(NEW.*) - '{in_active_track,continued_support_occupations,language_levels}'::text[])",
                    func="NEW.version := OLD.version + 1; RETURN NEW;",
                    hash="b3e1c4c49183ca737545a5dacdd53a366cad06a5",
                    operation="UPDATE",
                    pgid="pgtrigger_version_bump_34ddb",
                    table="participants_participant",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="participant",
            trigger=pgtrigger.compiler.Trigger(
                name="language_levels_computed",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="NEW.language_levels := \n    ARRAY(\n        SELECT upper(l.language) || ' ' || l.level\n        FROM participants_otherlanguage l\n        WHERE l.participant_id = NEW.id\n        ORDER BY 1\n    )::varchar(112)[]\n; RETURN NEW;",
                    hash="717aa9bb3a2775954b03d3ff5e4fe83467b36f1e",
                    operation="INSERT OR UPDATE",
                    pgid="pgtrigger_language_levels_computed_c7d60",
                    table="participants_participant",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="participant",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."anonymised_at" IS DISTINCT FROM (NEW."anonymised_at") OR OLD."arrival_date" IS DISTINCT FROM (NEW."arrival_date") OR OLD."available_from" IS DISTINCT FROM (NEW."available_from") OR OLD."certificates" IS DISTINCT FROM (NEW."certificates") OR OLD."coordinator_id" IS DISTINCT FROM (NEW."coordinator_id") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."district" IS DISTINCT FROM (NEW."district") OR OLD."driving_licences" IS DISTINCT FROM (NEW."driving_licences") OR OLD."education_level" IS DISTINCT FROM (NEW."education_level") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."gender" IS DISTINCT FROM (NEW."gender") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."job_coach_id" IS DISTINCT FROM (NEW."job_coach_id") OR OLD."long_term_unemployed" IS DISTINCT FROM (NEW."long_term_unemployed") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."needs_interpreter" IS DISTINCT FROM (NEW."needs_interpreter") OR OLD."newly_arrived" IS DISTINCT FROM (NEW."newly_arrived") OR OLD."personal_number" IS DISTINCT FROM (NEW."personal_number") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."preferred_language" IS DISTINCT FROM (NEW."preferred_language") OR OLD."presentation_consent_by_id" IS DISTINCT FROM (NEW."presentation_consent_by_id") OR OLD."presentation_consent_on" IS DISTINCT FROM (NEW."presentation_consent_on") OR OLD."receives_income_support" IS DISTINCT FROM (NEW."receives_income_support") OR OLD."registered_by_id" IS DISTINCT FROM (NEW."registered_by_id") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."swedish_level" IS DISTINCT FROM (NEW."swedish_level") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."version" IS DISTINCT FROM (NEW."version") OR OLD."working_hours" IS DISTINCT FROM (NEW."working_hours"))',
                    func='INSERT INTO "participants_participantrecordevent" ("anonymised_at", "arrival_date", "available_from", "certificates", "coordinator_id", "created_at", "district", "driving_licences", "education_level", "email", "gender", "id", "job_coach_id", "long_term_unemployed", "name", "needs_interpreter", "newly_arrived", "personal_number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "preferred_language", "presentation_consent_by_id", "presentation_consent_on", "receives_income_support", "registered_by_id", "status", "swedish_level", "updated_at", "version", "working_hours") VALUES (NEW."anonymised_at", NEW."arrival_date", NEW."available_from", NEW."certificates", NEW."coordinator_id", NEW."created_at", NEW."district", NEW."driving_licences", NEW."education_level", NEW."email", NEW."gender", NEW."id", NEW."job_coach_id", NEW."long_term_unemployed", NEW."name", NEW."needs_interpreter", NEW."newly_arrived", NEW."personal_number", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."preferred_language", NEW."presentation_consent_by_id", NEW."presentation_consent_on", NEW."receives_income_support", NEW."registered_by_id", NEW."status", NEW."swedish_level", NEW."updated_at", NEW."version", NEW."working_hours"); RETURN NULL;',
                    hash="175ae65468a4cd7df6e9e47f04e9653cc170f843",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_c9656",
                    table="participants_participant",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunSQL(
            """
            UPDATE participants_participant p
            SET language_levels = ARRAY(
                SELECT upper(l.language) || ' ' || l.level
                FROM participants_otherlanguage l WHERE l.participant_id = p.id ORDER BY 1
            )::varchar(112)[]
            WHERE EXISTS (SELECT 1 FROM participants_otherlanguage l WHERE l.participant_id = p.id)
            """,
            migrations.RunSQL.noop,
        ),
    ]
