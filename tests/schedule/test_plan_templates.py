"""Named plan templates: the pilot (27 weeks, 10 APL weeks in parallel with training,
yrkessvenska alongside) and the 7-week short track, applied to a track in one step; sessions over
the holidays of spring 2026, counted by hand."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schedule.models import Strand, StrandKind
from schedule.plan_templates import PLAN_TEMPLATES, apply_plan_template
from schedule.sessions import sessions_of
from tests.schedule.factories import StrandFactory
from tests.tracks.factories import TrackFactory
from tracks.models import TrackStatus

pytestmark = pytest.mark.django_db

# Monday 12 January 2026: 27 weeks to Sunday 19 July. Inside: Good Friday 3 April, Easter Monday
# 6 April, 1 May (a Friday), Ascension Day 14 May (a Thursday), Midsummer Eve 19 June (a Friday).
PILOT_START = dt.date(2026, 1, 12)


def _days(strand: Strand) -> list[dt.date]:
    return [session.day for session in sessions_of(strand)]


def test_the_pilot_template_makes_the_combined_track_right_over_the_holidays():
    track = TrackFactory(start_date=PILOT_START, weeks=27)
    strands = apply_plan_template(track=track, key="combined-27")
    assert [(strand.kind, strand.name) for strand in strands] == [
        (StrandKind.OTHER, "Introduktionsvecka"),
        (StrandKind.TRAINING, "Yrkesutbildning"),
        (StrandKind.TRAINING, "Yrkesutbildning parallellt med APL"),
        (StrandKind.LANGUAGE, ""),
        (StrandKind.APL, ""),
    ]
    intro, training, parallel, language, apl = strands
    assert (intro.starts_on, intro.ends_on) == (PILOT_START, dt.date(2026, 1, 18))
    assert len(_days(intro)) == 5
    # Weeks 2–17: 16 weeks × 5 days less Good Friday, Easter Monday and 1 May.
    assert (training.starts_on, training.ends_on) == (dt.date(2026, 1, 19), dt.date(2026, 5, 10))
    training_days = _days(training)
    assert len(training_days) == 77
    assert not {dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 1)} & set(training_days)
    # The last 10 weeks: training Monday–Wednesday (no holiday falls on one), APL Thursday and
    # Friday less Ascension Day and Midsummer Eve.
    assert (apl.kind, apl.starts_on, apl.ends_on) == (
        StrandKind.APL,
        dt.date(2026, 5, 11),
        dt.date(2026, 7, 19),
    )
    apl_days = _days(apl)
    assert len(apl_days) == 18
    assert {day.weekday() for day in apl_days} == {3, 4}
    assert dt.date(2026, 5, 14) not in apl_days and dt.date(2026, 6, 19) not in apl_days
    assert dt.date(2026, 5, 15) in apl_days
    parallel_days = _days(parallel)
    assert len(parallel_days) == 30
    assert {day.weekday() for day in parallel_days} == {0, 1, 2}
    # In parallel: APL and training never on the same day.
    assert not set(apl_days) & set(parallel_days)
    # Yrkessvenska: Tuesday afternoons weeks 2–27, after the Tuesday morning's training.
    assert language.language_course == "vocational_swedish"
    language_sessions = sessions_of(language)
    assert len(language_sessions) == 26
    assert {(s.starts_at, s.ends_at) for s in language_sessions} == {(dt.time(13), dt.time(16))}
    tuesday = next(s for s in sessions_of(training) if s.day == dt.date(2026, 1, 20))
    assert tuesday.ends_at == dt.time(12)


def test_the_short_track_template_fills_seven_weeks():
    # Monday 27 April 2026: 1 May and Ascension Day fall in the training weeks.
    track = TrackFactory(start_date=dt.date(2026, 4, 27), weeks=7)
    intro, training, language, apl = apply_plan_template(track=track, key="short-7")
    assert len(_days(intro)) == 4  # 1 May
    assert len(_days(training)) == 15  # 4 weeks × Monday–Thursday less Ascension Day
    assert len(_days(language)) == 4
    assert (apl.starts_on, apl.ends_on) == (dt.date(2026, 6, 1), dt.date(2026, 6, 14))
    assert len(_days(apl)) == 10  # 6 June is a Saturday


def test_a_template_is_only_for_a_track_of_its_length():
    track = TrackFactory(start_date=PILOT_START, weeks=26)
    with pytest.raises(ValidationError, match=r"27 (veckor|weeks)"):
        apply_plan_template(track=track, key="combined-27")
    assert not Strand.objects.filter(track=track).exists()


def test_a_template_is_not_applied_over_existing_strands():
    track = TrackFactory(start_date=PILOT_START, weeks=27)
    StrandFactory(track=track)
    with pytest.raises(ValidationError):
        apply_plan_template(track=track, key="combined-27")
    assert Strand.objects.filter(track=track).count() == 1


def test_a_closed_track_gets_no_template():
    track = TrackFactory(start_date=PILOT_START, weeks=27, status=TrackStatus.COMPLETED)
    with pytest.raises(ValidationError):
        apply_plan_template(track=track, key="combined-27")
    assert not Strand.objects.filter(track=track).exists()


def test_a_coordinator_applies_the_pilot_template_on_the_page(client, af_coordinator):
    track = TrackFactory(start_date=PILOT_START, weeks=27)
    client.force_login(af_coordinator)
    url = reverse("schedule:template_apply", kwargs={"pk": track.pk})
    page = client.get(url)
    assert "Kombinationsutbildning 27 veckor (10 veckor APL)" in page.content.decode()
    response = client.post(url, {"template": "combined-27"})
    assert response.status_code == 302
    assert Strand.objects.filter(track=track).count() == 5
    # Again: refused with a message, nothing doubled.
    response = client.post(url, {"template": "combined-27"})
    assert response.status_code == 200
    assert "redan delar" in response.content.decode()
    assert Strand.objects.filter(track=track).count() == 5


def test_an_unknown_or_missing_template_is_a_clear_message(client, af_coordinator):
    track = TrackFactory(start_date=PILOT_START, weeks=27)
    client.force_login(af_coordinator)
    url = reverse("schedule:template_apply", kwargs={"pk": track.pk})
    for body in ({}, {"template": "nope"}):
        response = client.post(url, body)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not Strand.objects.filter(track=track).exists()


@pytest.mark.parametrize("template", list(PLAN_TEMPLATES.values()), ids=lambda t: t.key)
def test_every_template_fits_its_length_and_meets_on_weekdays(template):
    assert 7 <= template.weeks <= 27
    for part in template.strands:
        assert 1 <= part.first_week <= part.last_week <= template.weeks
        assert part.weekly and set(part.weekly) <= {0, 1, 2, 3, 4}
        assert all(start < end for start, end in part.weekly.values())
