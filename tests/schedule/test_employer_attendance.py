"""The employer records a week of APL attendance for the people they selected: who and when on
each entry, a correction keeps the history, only their own track's APL days up to today, only
the selected people with consent to presentation."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from schedule.models import Attendance, StrandKind
from tests.participants.factories import ParticipantFactory
from tests.portal.factories import employer_of
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

# Week 15 of 2026: Easter Monday 6 April; APL on Thursday 9 and Friday 10 April.
MONDAY = dt.date(2026, 4, 6)
THURSDAY, FRIDAY = dt.date(2026, 4, 9), dt.date(2026, 4, 10)


@pytest.fixture
def track(employer_org):
    return TrackFactory(
        employer=employer_of(employer_org), start_date=dt.date(2026, 3, 2), weeks=12
    )


@pytest.fixture
def apl(track):
    strand = StrandFactory(track=track, kind=StrandKind.APL, name="", responsible="employer")
    weekly(strand, [3, 4], "07:00", "16:00")
    return strand


def _member(track, af, af_coordinator, name, consent=True, state=State.IN_APL):
    return TrackParticipantFactory(
        track=track,
        state=state,
        participant=ParticipantFactory(
            registered_by=af,
            name=name,
            presentation_consent_on=dt.date(2026, 2, 1) if consent else None,
            presentation_consent_by=af_coordinator if consent else None,
        ),
        nominated_by=af_coordinator,
    )


@pytest.fixture
def members(track, af, af_coordinator):
    return (
        _member(track, af, af_coordinator, "Amal Hassan"),
        _member(track, af, af_coordinator, "Bo Ek"),
    )


def _url(track):
    return reverse("schedule:employer_attendance_week", kwargs={"pk": track.pk})


@time_machine.travel(dt.datetime(2026, 4, 10, 15, 0, tzinfo=dt.UTC))
def test_the_employer_records_a_week_and_a_correction_keeps_the_history(
    client, employer_user, track, apl, members
):
    amal, bo = members
    client.force_login(employer_user)
    page = client.get(_url(track), {"week": MONDAY.isoformat()})
    assert [day["session"].day for day in page.context["days"]] == [THURSDAY, FRIDAY]
    prefix = f"s{apl.pk}-"
    response = client.post(
        f"{_url(track)}?week={MONDAY.isoformat()}",
        {
            f"{prefix}20260409-m{amal.pk}-status": "present",
            f"{prefix}20260409-m{bo.pk}-status": "absent_valid",
            f"{prefix}20260409-m{bo.pk}-reason": "sick",
            f"{prefix}20260410-m{amal.pk}-status": "partly",
            f"{prefix}20260410-m{amal.pk}-hours_missed": "2",
        },
    )
    assert response.status_code == 302
    entries = Attendance.objects.filter(strand=apl).order_by("day", "track_participant__pk")
    assert [(e.day, e.track_participant, e.status, e.recorded_by) for e in entries] == [
        (THURSDAY, amal, "present", employer_user),
        (THURSDAY, bo, "absent_valid", employer_user),
        (FRIDAY, amal, "partly", employer_user),
    ]
    page = client.get(response["Location"])
    recorder = employer_user.get_full_name() or employer_user.username
    assert f"av {recorder}" in page.content.decode()
    # A correction: Bo came after all.
    response = client.post(
        f"{_url(track)}?week={MONDAY.isoformat()}",
        {
            f"{prefix}20260409-m{amal.pk}-status": "present",
            f"{prefix}20260409-m{bo.pk}-status": "present",
            f"{prefix}20260410-m{amal.pk}-status": "partly",
            f"{prefix}20260410-m{amal.pk}-hours_missed": "2",
        },
    )
    assert response.status_code == 302
    corrected = Attendance.objects.get(strand=apl, day=THURSDAY, track_participant=bo)
    assert (corrected.status, corrected.edited_by) == ("present", employer_user)
    history = Attendance.pgh_event_models["update"].objects.filter(pgh_obj_id=corrected.pk)
    assert list(
        history.order_by("pgh_id").values_list("pgh_label", "status", "recorded_by", "edited_by")
    ) == [
        ("insert", "absent_valid", employer_user.pk, None),
        ("update", "present", employer_user.pk, employer_user.pk),
    ]


@time_machine.travel(dt.datetime(2026, 4, 9, 12, 0, tzinfo=dt.UTC))
def test_only_days_that_have_come_and_only_selected_people_with_consent(
    client, employer_user, track, apl, members, af, af_coordinator
):
    _member(track, af, af_coordinator, "Utan Samtycke", consent=False)
    _member(track, af, af_coordinator, "Bara Nominerad", state=State.NOMINATED)
    training = StrandFactory(track=track, name="Lager och logistik")
    weekly(training, [0, 1, 2])
    client.force_login(employer_user)
    page = client.get(_url(track), {"week": MONDAY.isoformat()})
    days = page.context["days"]
    # Only the APL strand; Friday is ahead, so nothing to record yet.
    assert [(day["session"].day, len(day["rows"])) for day in days] == [(THURSDAY, 2), (FRIDAY, 0)]
    content = page.content.decode()
    assert "Amal Hassan" in content and "Bo Ek" in content
    assert "Utan Samtycke" not in content and "Bara Nominerad" not in content
    assert "Lager och logistik" not in content
    assert members[0].participant.personal_number not in content


def test_another_employer_cannot_open_the_track(client, other_employer_user, track, apl):
    client.force_login(other_employer_user)
    assert client.get(_url(track)).status_code == 404
    assert client.post(_url(track), {}).status_code == 404


@time_machine.travel(dt.datetime(2026, 4, 10, 15, 0, tzinfo=dt.UTC))
def test_bad_input_is_a_clear_message_and_nothing_is_saved(
    client, employer_user, track, apl, members
):
    amal, bo = members
    client.force_login(employer_user)
    response = client.post(
        f"{_url(track)}?week={MONDAY.isoformat()}",
        {
            f"s{apl.pk}-20260409-m{amal.pk}-status": "present",
            f"s{apl.pk}-20260409-m{bo.pk}-status": "absent_valid",
        },
    )
    assert response.status_code == 200
    assert "Ange orsaken till frånvaron" in response.content.decode()
    assert not Attendance.objects.filter(strand=apl).exists()
