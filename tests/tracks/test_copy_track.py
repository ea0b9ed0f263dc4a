"""Copy an earlier track as a template: phases shifted, funding and settings, no participants."""

import datetime as dt

import pytest

from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases
from tracks.models import FundingSource, FundingSourceKind, TrackStatus


@pytest.mark.django_db
def test_copy_shifts_phases_and_keeps_funding_and_settings():
    source = TrackFactory(
        weeks=12,
        start_date=dt.date(2026, 2, 2),
        status=TrackStatus.COMPLETED,
        selection_deadline=dt.date(2026, 1, 20),
        blind_selection=False,
    )
    coach = UserFactory(role="job_coach")
    source.job_coaches.add(coach)
    phases.generate_phase_plan(track=source)
    FundingSource.objects.create(track=source, source=FundingSourceKind.JOBBPAKTEN, amount=250000)
    TrackParticipantFactory(track=source)

    new_start = dt.date(2026, 9, 7)
    copy = phases.copy_track(source=source, start_date=new_start, name="Hösten 2026", by=coach)

    assert copy.status == TrackStatus.PLANNING
    assert copy.copied_from == source
    assert copy.weeks == 12 and copy.blind_selection is False
    assert copy.selection_deadline == dt.date(2026, 8, 25)
    shift = new_start - source.start_date
    assert [(p.kind, p.starts_on, p.ends_on) for p in copy.phases.order_by("starts_on")] == [
        (p.kind, p.starts_on + shift, p.ends_on + shift)
        for p in source.phases.order_by("starts_on")
    ]
    assert list(copy.funding.values_list("source", "amount")) == [("jobbpakten", 250000)]
    assert list(copy.job_coaches.all()) == [coach]
    assert set(copy.mentors.all()) == set(source.mentors.all())
    assert not copy.participants.exists()
