"""A paused participant: the employer sees "pausad", never the reason (it can be health data)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.dates import today
from tracks import workflow
from tracks.access import pause_reason_for
from tracks.models import PauseReason, State
from tracks.pausing import Pause

pytestmark = pytest.mark.django_db


def _paused(own, by):
    member = next(m for m in own["members"] if m.state == State.IN_APL)
    workflow.move_participant(
        track_participant=member,
        to_state=State.PAUSED,
        by=by,
        reason="Sjukskriven efter operation",
        pause=Pause(PauseReason.SICK_LEAVE, today() + dt.timedelta(days=30)),
        exception_reason="Testets spår",
    )
    member.refresh_from_db()
    return member


def test_the_employer_sees_pausad_but_never_why(client, employer_user, own, af_coordinator):
    member = _paused(own, af_coordinator)
    client.force_login(employer_user)
    pages = [
        reverse("portal:track", args=[own["track"].pk]),
        reverse("portal:participant", args=[own["track"].pk, member.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Pausad" in page, url
        for secret in ("Sjukskrivning", "sjukskriv", "Sjukskriven", "operation"):
            assert secret not in page, (url, secret)


def test_only_the_participants_coordinators_and_job_coaches_read_the_reason(
    own, af_coordinator, employer_user, manager, job_coach, provider_user
):
    member = _paused(own, af_coordinator)
    assert pause_reason_for(af_coordinator, member) == "Sjukskrivning"
    for user in (employer_user, manager, provider_user):
        assert pause_reason_for(user, member) == ""


def test_the_coordinator_reads_the_reason_on_the_participants_track_page(
    client, own, af_coordinator
):
    member = _paused(own, af_coordinator)
    client.force_login(af_coordinator)
    page = client.get(
        reverse("tracks:member_detail", args=[own["track"].pk, member.pk])
    ).content.decode()
    assert "Sjukskrivning" in page
    assert "Pausad från" in page
