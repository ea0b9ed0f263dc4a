"""Every read of a participant's record or an export is logged; the registering organisation's
coordinators see who has viewed the record; administrators search the log in the admin."""

import pytest
from django.urls import reverse

from jobbspar.audit import reads_of
from jobbspar.models import AccessLog, AccessPurpose
from tests.participants.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_viewing_a_record_is_logged_with_purpose(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    assert client.get(participant.get_absolute_url()).status_code == 200
    (read,) = reads_of(participant)
    assert (read.user, read.organisation, read.purpose, read.path) == (
        af_coordinator,
        af,
        AccessPurpose.CASE_WORK,
        participant.get_absolute_url(),
    )


def test_registering_coordinators_see_who_viewed_the_record(
    client, af_coordinator, municipal_coordinator, af, municipality
):
    participant = ParticipantFactory(registered_by=af)
    ConsentFactory(participant=participant, shared_with=municipality)
    client.force_login(municipal_coordinator)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Vem har tittat på uppgifterna" not in page  # not the registering organisation

    client.force_login(af_coordinator)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Vem har tittat på uppgifterna" in page
    assert str(municipal_coordinator) in page
    assert "Malmö stad" in page


def test_an_export_logs_one_read_per_exported_participant(client, af_coordinator, af):
    exported = [ParticipantFactory(registered_by=af) for _ in range(3)]
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_export"))
    b"".join(response.streaming_content)
    logged = AccessLog.objects.filter(purpose=AccessPurpose.EXPORT, user=af_coordinator)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(str(p.pk) for p in exported)


def test_administrators_search_the_access_log(client, admin_user, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    client.get(participant.get_absolute_url())
    other = ParticipantFactory(registered_by=af)
    client.get(other.get_absolute_url())
    client.force_login(admin_user)
    url = reverse("admin:jobbspar_accesslog_changelist")
    page = client.get(url, {"q": str(participant.pk)}).content.decode()
    assert f'<td class="field-object_id">{participant.pk}</td>' in page
    assert f'<td class="field-object_id">{other.pk}</td>' not in page
    # Read-only: no change form accepts a post.
    entry = reads_of(participant).first()
    change = reverse("admin:jobbspar_accesslog_change", args=[entry.pk])
    client.post(change, {"purpose": AccessPurpose.SUPPORT})
    entry.refresh_from_db()
    assert entry.purpose == AccessPurpose.CASE_WORK
