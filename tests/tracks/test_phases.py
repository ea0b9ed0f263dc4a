"""The phase plan: generated from the length (7-27 weeks), validated, editable."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.tracks.factories import TrackFactory
from tracks import phases
from tracks.models import Phase, PhaseKind

START = dt.date(2027, 1, 4)


@pytest.mark.parametrize("weeks", [6, 28])
def test_lengths_outside_7_to_27_weeks_are_refused_with_a_clear_message(weeks):
    with pytest.raises(ValidationError) as refused:
        phases.split_weeks(weeks)
    assert refused.value.message_dict["weeks"] == [
        f"Ett jobbspår är mellan 7 och 27 veckor långt; {weeks} veckor går inte."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [6, 28])
def test_the_database_refuses_lengths_outside_7_to_27_weeks(weeks):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackFactory(weeks=weeks)


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [7, 27])
def test_generated_plan_fills_the_track_in_order(weeks):
    track = TrackFactory(weeks=weeks, start_date=START)
    plan = phases.generate_phase_plan(track=track)
    assert [p.kind for p in plan] == [
        PhaseKind.INTRODUCTION,
        PhaseKind.TRAINING,
        PhaseKind.APL,
        PhaseKind.HIRING,
    ]
    assert plan[0].starts_on == START
    assert plan[-1].ends_on == START + dt.timedelta(weeks=weeks, days=-1) == track.end_date
    for before, after in itertools.pairwise(plan):
        assert after.starts_on == before.ends_on + dt.timedelta(days=1)
    assert (plan[0].ends_on - plan[0].starts_on).days == 6  # one introduction week
    apl = plan[2]
    assert (apl.ends_on - apl.starts_on).days + 1 >= 14  # at least two APL weeks
    assert Phase.objects.filter(track=track).count() == 4


@pytest.mark.django_db
def test_generating_again_replaces_the_plan():
    track = TrackFactory(weeks=10, start_date=START)
    phases.generate_phase_plan(track=track)
    phases.generate_phase_plan(track=track)
    assert track.phases.count() == 4


@pytest.mark.django_db
def test_an_apl_phase_needs_a_mentor():
    track = TrackFactory(weeks=10, start_date=START, mentors=[])
    with pytest.raises(ValidationError, match="handledare"):
        phases.generate_phase_plan(track=track)
    assert not track.phases.exists()


@pytest.mark.django_db
def test_overlapping_phases_are_refused():
    track = TrackFactory(weeks=10, start_date=START)
    plan = phases.generate_phase_plan(track=track)
    training = plan[1]
    training.ends_on = plan[2].starts_on + dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="överlappar"):
        phases.save_phase(phase=training)


@pytest.mark.django_db
def test_a_phase_outside_the_track_is_refused():
    track = TrackFactory(weeks=10, start_date=START)
    plan = phases.generate_phase_plan(track=track)
    hiring = plan[-1]
    hiring.ends_on = track.end_date + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="inom jobbspåret"):
        phases.save_phase(phase=hiring)


@pytest.mark.django_db
def test_a_valid_edit_is_saved():
    track = TrackFactory(weeks=10, start_date=START)
    plan = phases.generate_phase_plan(track=track)
    intro = plan[0]
    intro.place = "Stadsbiblioteket"
    intro.ends_on = intro.ends_on - dt.timedelta(days=2)
    phases.save_phase(phase=intro)
    intro.refresh_from_db()
    assert intro.place == "Stadsbiblioteket"


@pytest.mark.django_db
def test_saving_a_track_whose_plan_no_longer_fits_is_refused():
    """save_track checks the plan itself, so a command cannot save what the form refuses."""
    track = TrackFactory(weeks=10, start_date=START)
    phases.generate_phase_plan(track=track)
    track.weeks = 8  # the generated APL and hiring weeks now end after the track
    with pytest.raises(ValidationError, match="inom jobbspåret"):
        phases.save_track(track=track)
    track.refresh_from_db()
    assert track.weeks == 10


@pytest.mark.django_db
def test_saving_a_track_without_mentors_is_refused_while_its_plan_has_apl():
    track = TrackFactory(weeks=10, start_date=START)
    phases.generate_phase_plan(track=track)
    track.name = "Renamed"
    with pytest.raises(ValidationError, match="handledare"):
        phases.save_track(track=track, has_mentor=False)
    assert phases.save_track(track=track).name == "Renamed"
