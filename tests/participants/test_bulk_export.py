"""Exporting participants ticked on the participant list: a preview of who, then the CSV with
only the columns the user may see, every exported person logged as read; the list offers the
bulk actions the user may take."""

import pytest
from django.urls import reverse

from jobbspar.models import AccessLog, AccessPurpose
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

URL = "participants:participant_export_chosen"


def test_export_of_the_chosen_participants_after_the_preview(client, af, af_coordinator):
    chosen = [ParticipantFactory(registered_by=af, name=f"Vald {i}") for i in range(2)]
    other = ParticipantFactory(registered_by=af, name="Inte Vald")
    client.force_login(af_coordinator)
    ids = {"participants": [p.pk for p in chosen]}
    page = client.get(reverse(URL), ids).content.decode()
    assert "Vald 0" in page and "Inte Vald" not in page
    preview = client.post(reverse(URL), {**ids, "preview": "1"})
    assert "Ladda ner 2 deltagare som CSV" in preview.content.decode()
    fingerprint = preview.content.decode().split('name="previewed" value="')[1].split('"')[0]
    logged_before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.post(reverse(URL), {**ids, "previewed": fingerprint, "confirm": "1"})
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Vald 0" in text and "Vald 1" in text and other.name not in text
    assert set(
        AccessLog.objects.filter(purpose=AccessPurpose.EXPORT, pk__gt=logged_before).values_list(
            "object_id", flat=True
        )
    ) == {str(p.pk) for p in chosen}


def test_a_participant_the_user_may_not_see_cannot_be_exported(
    client, af, municipality, af_coordinator
):
    theirs = ParticipantFactory(registered_by=municipality, name="Kommunens Person")
    client.force_login(af_coordinator)
    response = client.post(reverse(URL), {"participants": [theirs.pk], "confirm": "1"})
    assert response["Content-Type"].startswith("text/html")
    assert "Kommunens Person" not in response.content.decode()
    assert not AccessLog.objects.filter(purpose=AccessPurpose.EXPORT).exists()


def test_the_list_offers_tick_boxes_and_the_bulk_actions(client, af, af_coordinator, job_coach):
    ParticipantFactory(registered_by=af, name="Listad Person")
    client.force_login(af_coordinator)
    page = client.get(reverse("participants:participant_list")).content.decode()
    assert 'form="list-choice" name="participants"' in page
    assert reverse("tracks:bulk_nominate") in page
    assert reverse(URL) in page
    # A job coach neither nominates nor exports: no boxes, no actions.
    client.force_login(job_coach)
    page = client.get(reverse("participants:participant_list")).content.decode()
    assert "list-choice" not in page
