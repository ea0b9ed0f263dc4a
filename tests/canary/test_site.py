"""The canary never reaches employer users, education provider users or managers: not in pages,
URLs, e-mails or logs."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.urls import reverse

from jobbspar import notifications
from jobbspar.models import Role
from tests.canary.canary import (
    CANARY_NAME,
    CANARY_NUMBER,
    _body_text,
    _crawl,
    _leaks,
    _leaks_in_page,
    _start_urls,
)
from tests.tracks.factories import TrackParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.MANAGER, Role.EDUCATION_PROVIDER])
def test_canary_never_reaches_employers_or_managers(client, world, canary, role, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(world["personas"][role])
    pages = _crawl(client, _start_urls(world, canary))
    assert len(pages) > 20  # the crawl really walked the site
    for url, text in pages.items():
        assert not _leaks(url), url
        assert not _leaks_in_page(url, text), f"{url}: {_leaks_in_page(url, text)}"
    notifications.sweep(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400))
    for message in mail.outbox:
        bodies = [message.subject, message.body] + [
            str(content) for content, _type in getattr(message, "alternatives", [])
        ]
        assert not _leaks("\n".join(bodies))
    assert not _leaks(caplog.text)


def test_canary_is_visible_to_the_municipal_coordinator(client, world, canary):
    """The control: the crawl and the patterns would see the canary if it leaked."""
    client.force_login(world["personas"][Role.MUNICIPAL_COORDINATOR])
    text = _body_text(client.get(canary.get_absolute_url()))
    assert _leaks(text)


def test_the_patterns_cover_every_written_form_of_the_number():
    n = CANARY_NUMBER
    for written in (n, n[2:], f"{n[2:8]}-{n[8:]}", f"{n[2:8]}+{n[8:]}", f"{n[:8]}-{n[8:]}"):
        assert _leaks(f"<td>{written}</td>"), written


@pytest.mark.parametrize("state", ["presented", "selected", "in_training", "in_apl"])
def test_canary_in_the_employers_own_track_shows_no_number_or_income_support(
    client, world, canary, state, personas, caplog
):
    """The canary is a candidate or participant of the employer's own track: the employer sees
    the blind card or the name, never the personnummer or income support."""

    caplog.set_level(logging.DEBUG)
    member = TrackParticipantFactory(
        track=world["track"],
        participant=canary,
        state=state,
        nominated_by=personas[Role.MUNICIPAL_COORDINATOR],
    )
    key = "portal_presented" if state == "presented" else "portal_completed"
    client.force_login(world["personas"][Role.EMPLOYER])
    start = _start_urls({**world, key: member}, canary)
    start.append(reverse("portal:track", args=[world["track"].pk]))
    pages = _crawl(client, start)
    visited = {url for url, text in pages.items() if f"/{member.pk}/" in url}
    assert visited, "the crawl reached the canary's own portal pages"
    for url, text in pages.items():
        assert not _leaks(url), url
        assert not _leaks_in_page(url, text), f"{url}: {_leaks_in_page(url, text)}"
    notifications.sweep(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400))
    for message in mail.outbox:
        assert not _leaks(f"{message.subject}\n{message.body}")
    assert not _leaks(caplog.text)


def test_canary_in_the_providers_strand_shows_only_the_name(
    client, world, canary, personas, caplog
):
    """The canary is in training in a track where the provider persona's organisation runs a
    strand: the provider sees the name where attendance is recorded, never the personnummer,
    income support or a case note (the canary's says "försörjningsstöd")."""

    caplog.set_level(logging.DEBUG)
    TrackParticipantFactory(
        track=world["track"],
        participant=canary,
        state="in_training",
        nominated_by=personas[Role.MUNICIPAL_COORDINATOR],
    )
    client.force_login(world["personas"][Role.EDUCATION_PROVIDER])
    pages = _crawl(client, _start_urls(world, canary))
    attendance = reverse("schedule:provider_attendance", args=[world["provider_strand"].pk])
    assert CANARY_NAME in pages[attendance], "the crawl reached the canary's name"
    # The progress page names the members to choose from, and nothing else of them.
    progress = reverse("schedule:provider_progress", args=[world["provider_strand"].pk])
    assert CANARY_NAME in pages[progress], "the crawl reached the progress page"
    for url, text in pages.items():
        assert not _leaks(url), url
        assert not _leaks_in_page(url, text), f"{url}: {_leaks_in_page(url, text)}"
    assert not _leaks(caplog.text)
