"""A person's standing in the tracks, kept on their row by the database for candidate matching
(tracks.standing, tracks/migrations/0019_participant_standing.py): in step whoever writes, never
put back by a writer holding an old row, no change of the record's version or history, and
written in the order two transactions commit."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from employers.models import Occupation
from participants.models import Participant
from tests.connections import in_another_connection, write_people_with_triggers_off
from tests.employers.factories import RecruitmentNeedFactory, occupation
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import standing
from tracks.models import ACTIVE_STATES, OFFER_STATES, State, TrackParticipant

pytestmark = pytest.mark.django_db


def _kept(person: Participant) -> tuple[bool, list[int]]:
    row = Participant.objects.values_list("in_active_track", "continued_support_occupations").get(
        pk=person.pk
    )
    return row[0], row[1]


def _complete(state: str, **fields) -> dict:
    """The fields a membership in `state` must have (the table's constraints)."""
    fields = {"state": state, "reason": "Skäl", **fields}
    if state in OFFER_STATES:
        fields.update(
            offer_employment_type="permanent",
            offer_start_date=dt.date(2027, 1, 1),
            offer_hours_per_week=40,
        )
    if state == State.PAUSED:
        fields.update(
            paused_from=State.IN_TRAINING,
            pause_reason="sick_leave",
            pause_planned_return=dt.date(2027, 2, 1),
        )
    return fields


def _member(state: str, **fields) -> TrackParticipant:
    fields = _complete(state, **fields)
    if "offer_employment_type" in fields:
        track = fields.get("track") or TrackFactory()
        fields.update(track=track, offer_employer=track.employer)
    return TrackParticipantFactory(**fields)


def _move(member: TrackParticipant, state: str) -> None:
    fields = _complete(state)
    if "offer_employment_type" in fields:
        fields["offer_employer"] = member.track.employer
    TrackParticipant.objects.filter(pk=member.pk).update(**fields)


@pytest.mark.parametrize("state", State.values)
def test_every_state_counts_as_the_rule_says(state):
    member = _member(state)
    person = member.participant
    occupation_id = member.track.need.occupation_id
    in_track, occupations = _kept(person)
    assert in_track is (state in ACTIVE_STATES)
    assert occupations == ([occupation_id] if state == State.CONTINUED_SUPPORT else [])
    assert standing.differing_people() == []


def test_a_membership_moved_from_state_to_state_and_removed():
    member = _member(State.NOMINATED)
    person = member.participant
    assert _kept(person) == (True, [])
    _move(member, State.NOT_SELECTED)
    assert _kept(person) == (False, [])
    _move(member, State.CONTINUED_SUPPORT)
    assert _kept(person) == (False, [member.track.need.occupation_id])
    member.delete()
    assert _kept(person) == (False, [])
    assert standing.differing_people() == []


def test_the_occupations_of_several_tracks_once_each_in_order():
    person = ParticipantFactory()
    cook, nurse = occupation("5120"), occupation("5321")
    for occupation_of_need in (nurse, cook, nurse):
        track = TrackFactory(need=RecruitmentNeedFactory(occupation=occupation_of_need))
        _member(State.CONTINUED_SUPPORT, track=track, participant=person)
    _member(State.IN_TRAINING, participant=person)
    assert _kept(person) == (True, sorted([cook.pk, nurse.pk]))
    assert standing.differing_people() == []


def test_a_membership_moved_to_another_person_moves_the_standing():
    member = _member(State.IN_APL)
    first, second = member.participant, ParticipantFactory()
    TrackParticipant.objects.filter(pk=member.pk).update(participant=second)
    assert _kept(first) == (False, [])
    assert _kept(second) == (True, [])


def test_a_change_of_the_tracks_need_or_the_needs_occupation_follows():
    member = _member(State.CONTINUED_SUPPORT)
    person, track = member.participant, member.track
    cook = occupation("5120")
    track.need.occupation = cook
    track.need.save()
    assert _kept(person) == (False, [cook.pk])
    other_need = RecruitmentNeedFactory(occupation=occupation("5321"), employer=track.employer)
    type(track).objects.filter(pk=track.pk).update(need=other_need)
    assert _kept(person) == (False, [other_need.occupation_id])
    assert standing.differing_people() == []


def test_bulk_writes_keep_it_too():
    members = [_member(State.NOMINATED) for _ in range(3)]
    TrackParticipant.objects.filter(pk__in=[m.pk for m in members]).update(
        **_complete(State.DISCONTINUED)
    )
    assert all(_kept(m.participant) == (False, []) for m in members)
    TrackParticipant.objects.filter(pk__in=[m.pk for m in members]).delete()
    assert standing.differing_people() == []


def test_a_writer_holding_an_old_row_cannot_put_an_old_standing_back():
    person = ParticipantFactory()
    loaded = Participant.objects.get(pk=person.pk)  # read before the membership
    _member(State.IN_TRAINING, participant=person)
    loaded.name = "Nytt Namn"
    loaded.save()  # writes every column, the old standing among them
    assert _kept(person) == (True, [])
    Participant.objects.filter(pk=person.pk).update(
        in_active_track=False, continued_support_occupations=[1, 2]
    )
    assert _kept(person) == (True, [])


def test_a_change_of_the_standing_alone_is_no_change_of_the_record():
    person = ParticipantFactory()
    version = Participant.objects.get(pk=person.pk).version
    events = person.record_events.count()
    member = _member(State.NOMINATED, participant=person)
    _move(member, State.CONTINUED_SUPPORT)
    assert Participant.objects.get(pk=person.pk).version == version
    assert person.record_events.count() == events
    Participant.objects.filter(pk=person.pk).update(name="Nytt Namn")
    assert Participant.objects.get(pk=person.pk).version == version + 1
    assert person.record_events.count() == events + 1


def test_written_again_from_the_memberships():
    member = _member(State.CONTINUED_SUPPORT)
    write_people_with_triggers_off(
        "UPDATE participants_participant SET in_active_track = true,"
        " continued_support_occupations = '{}' WHERE id = %s",
        [member.participant_id],
    )
    assert standing.differing_people() == [member.participant_id]
    assert standing.write_all() == 1
    assert standing.differing_people() == []
    assert standing.write_all() == 0


@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_person_leave_what_both_committed():
    """One ends the person's active membership while another moves a membership to them with
    continued support: the second waits for the person, locked by the first, and computes from
    what the first committed (else it would keep them in a track)."""
    active = _member(State.IN_TRAINING)
    person = active.participant
    other = _member(State.NOT_SELECTED)

    def support(db) -> None:
        with db.cursor() as cursor:
            cursor.execute(
                "UPDATE tracks_trackparticipant SET participant_id = %s,"
                " state = 'continued_support' WHERE id = %s",
                [person.pk, other.pk],
            )

    with transaction.atomic():
        _move(active, State.DISCONTINUED)
        thread, errors = in_another_connection(support)
        thread.join(1.0)
        assert thread.is_alive()  # waits for the person, locked by the first transaction
    thread.join(10)
    assert not errors and not thread.is_alive()
    assert _kept(person) == (False, [other.track.need.occupation_id])
    assert _kept(other.participant) == (False, [])
    assert standing.differing_people() == []


def test_the_occupations_are_ids_of_occupations():
    member = _member(State.CONTINUED_SUPPORT)
    ids = _kept(member.participant)[1]
    assert list(Occupation.objects.filter(pk__in=ids).values_list("pk", flat=True)) == ids


def test_a_new_row_brings_no_standing_of_its_own():
    person = ParticipantFactory(in_active_track=True, continued_support_occupations=[7])
    assert _kept(person) == (False, [])


def test_a_person_with_languages_and_memberships_is_deleted_whole():
    member = _member(State.CONTINUED_SUPPORT)
    person = member.participant
    person.languages.create(language="arabiska", level="c1")
    TrackParticipant.objects.filter(pk=member.pk).delete()  # a membership is PROTECTed
    Participant.objects.filter(pk=person.pk).delete()
    assert not Participant.objects.filter(pk=person.pk).exists()
    assert standing.differing_people() == []


def test_the_operators_command_checks_and_rebuilds():
    member = _member(State.IN_APL)
    member.participant.languages.create(language="dari", level="b2")
    out = io.StringIO()
    call_command("matching_columns", stdout=out)
    assert "in step" in out.getvalue()
    write_people_with_triggers_off(
        "UPDATE participants_participant SET in_active_track = false,"
        " language_levels = '{}' WHERE id = %s",
        [member.participant_id],
    )
    with pytest.raises(CommandError, match=r"1 person\(s\) in their languages and 1 in"):
        call_command("matching_columns", stdout=io.StringIO())
    out = io.StringIO()
    call_command("matching_columns", "--rebuild", stdout=out)
    assert "Wrote the kept columns again" in out.getvalue() and "in step" in out.getvalue()
    assert _kept(member.participant) == (True, [])
