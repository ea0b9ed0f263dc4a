"""The canary never reaches the administrator through the Django admin."""

from __future__ import annotations

import logging

import pghistory.models
import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from jobbspar.models import Role
from tests.authorization.world import track_records
from tests.canary.canary import CANARY_NAME, _admin_links, _crawl, _leaks
from tests.tracks.factories import TrackParticipantFactory

pytestmark = pytest.mark.django_db


def test_canary_never_reaches_the_administrator(client, world, canary, personas, caplog):
    """Administrators run the system without reading people: the admin index, every change list,
    change form, delete confirmation and history page reachable from it, and the write history of
    the canary's own records, show neither the canary's number, name, case note nor income
    support - though the canary is a track member with progress, an APL note and a follow-up."""

    caplog.set_level(logging.DEBUG)
    member = TrackParticipantFactory(
        track=world["track"],
        participant=canary,
        state="in_training",
        nominated_by=personas[Role.MUNICIPAL_COORDINATOR],
        motivation="Kanarie Fågelsdotter har försörjningsstöd.",
    )
    track_records(member, world["phase"], personas[Role.MUNICIPAL_COORDINATOR])
    client.force_login(world["personas"][Role.ADMIN])
    start = ["/admin/"]
    for model in django_admin.site._registry:
        opts = model._meta
        start.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    events = reverse("admin:pghistory_events_changelist")
    for obj in (canary, canary.notes.get(), member):
        label = f"{obj._meta.label}:{obj.pk}"
        start += [f"{events}?obj={label}", f"{events}?method=tracks&obj={label}"]
    start.append(f"{events}?model=participants.Participant")
    start.append(reverse("admin:jobbspar_organisation_delete", args=[canary.registered_by_id]))
    pages = _crawl(client, start, limit=600, links=_admin_links)
    assert len(pages) > 50  # the crawl really walked the admin
    assert any("/pghistory/events/" in url and "/change/" in url for url in pages)
    assert any(url.endswith("/delete/") for url in pages)
    for url, text in pages.items():
        found = _leaks(url) + _leaks(text) + ([CANARY_NAME] if CANARY_NAME in text else [])
        assert not found, f"{url}: {found}"
    assert not _leaks(caplog.text)


def test_the_admin_crawl_would_see_the_canary(client, world, canary):
    """The control: the write history holds the canary's number, so the crawl would find it in
    the admin if its values were shown there."""

    event = pghistory.models.Events.objects.tracks(canary).first()
    assert _leaks(str(event.pgh_data))
