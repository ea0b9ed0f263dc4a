"""The individual plan: a domain function for the tracks app, and the plan pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants.models import EventKind, InterventionKind, PlanItem, PlanItemStatus
from participants.plan import add_plan_item
from tests.participants.factories import ParticipantFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


def test_add_plan_item_creates_a_planned_item_and_logs_it(af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    item = add_plan_item(
        participant=participant,
        kind=InterventionKind.LICENCE_COURSE,
        title="Körkort D",
        responsible="Trafikskola Syd",
        planned_start=dt.date(2026, 2, 1),
        planned_end=dt.date(2026, 4, 30),
        by=af_coordinator,
    )
    assert item.status == PlanItemStatus.PLANNED
    assert item.created_by == af_coordinator
    assert participant.events.get().kind == EventKind.PLAN_ITEM_ADDED


def test_add_plan_item_refuses_an_end_before_the_start(af_coordinator, af):
    with pytest.raises(ValidationError):
        add_plan_item(
            participant=ParticipantFactory(registered_by=af),
            kind=InterventionKind.MENTORING,
            title="Mentor",
            planned_start=dt.date(2026, 2, 1),
            planned_end=dt.date(2026, 1, 1),
            by=af_coordinator,
        )


def test_job_coach_adds_and_completes_a_plan_item(client, job_coach, municipality):
    participant = ParticipantFactory(registered_by=municipality)
    client.force_login(job_coach)
    client.post(
        reverse("participants:plan_item_create", args=[participant.pk]),
        {
            "kind": "language_support",
            "title": "Yrkessvenska",
            "status": "ongoing",
            "responsible": "Kompetenscentrum Syd AB",
            "planned_start": "2026-01-10",
            "planned_end": "2026-03-10",
            "actual_start": "2026-01-12",
        },
    )
    item = PlanItem.objects.get()
    assert (item.status, item.actual_start) == ("ongoing", dt.date(2026, 1, 12))
    response = client.post(
        reverse("participants:plan_item_edit", args=[participant.pk, item.pk]),
        {
            "kind": "language_support",
            "title": "Yrkessvenska",
            "status": "done",
            "planned_start": "2026-01-10",
            "planned_end": "2026-03-10",
            "actual_start": "2026-01-12",
            "actual_end": "2026-03-01",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert participant.events.filter(kind=EventKind.PLAN_ITEM_UPDATED).exists()
    assert "Yrkessvenska" in client.get(participant.get_absolute_url()).content.decode()


def test_plan_item_of_another_participant_is_404(client, af_coordinator, af):
    mine = ParticipantFactory(registered_by=af)
    item = PlanItemFactory(participant=ParticipantFactory(registered_by=af))
    client.force_login(af_coordinator)
    url = reverse("participants:plan_item_edit", args=[mine.pk, item.pk])
    assert client.get(url).status_code == 404
