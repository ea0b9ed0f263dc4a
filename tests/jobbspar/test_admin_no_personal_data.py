"""Administrators run the system without reading people: no model about a participant is in the
admin, the write history shows no values, and deletions list people by id only.
(`tests/canary/test_admin.py` crawls the whole admin for a canary participant.)"""

import pghistory.models
import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar.admin import WriteHistoryAdmin
from jobbspar.models import Notification
from jobbspar.notifications import Message, notify
from tests.participants.factories import CaseNoteFactory, ParticipantFactory

# The tracks app's models that are about the track, not a person in it.
TRACK_MODELS_WITHOUT_PEOPLE = {
    "Track",
    "Phase",
    "FundingSource",
    "TrackStatusChange",
    "TrackClosing",
    "PhaseReview",
}


def _about_people() -> set[str]:
    """Every model of the participants app, and every tracks model about a member (a new model
    in either app counts as personal until it is added to the list above)."""
    models = set(apps.get_app_config("participants").get_models())
    models |= {
        model
        for model in apps.get_app_config("tracks").get_models()
        if model.__name__ not in TRACK_MODELS_WITHOUT_PEOPLE
    }
    return {model._meta.label for model in models}


def test_no_model_about_a_person_is_in_the_admin():
    registered = {model._meta.label for model in admin.site._registry}
    assert "tracks.TrackParticipant" in _about_people()
    assert not registered & _about_people()


def test_the_write_history_admin_shows_no_values():
    history = admin.site._registry[pghistory.models.Events]
    assert isinstance(history, WriteHistoryAdmin)
    shown = set(history.get_fields(None)) | set(history.get_list_display(None))
    assert not shown & {"pgh_data", "pgh_diff"}


@pytest.mark.django_db
def test_a_participants_history_in_the_admin_shows_ids_not_values(
    client, admin_user, municipality, municipal_coordinator
):
    person = ParticipantFactory(registered_by=municipality, name="Tova Hemlig")
    CaseNoteFactory(participant=person, author=municipal_coordinator, text="Hemlig anteckning")
    client.force_login(admin_user)
    events = reverse("admin:pghistory_events_changelist")
    page = client.get(events, {"obj": f"participants.Participant:{person.pk}"}).content.decode()
    assert f"participants.Participant:{person.pk}" in page  # titled by id
    listing = client.get(events).content.decode()
    for secret in ("Tova Hemlig", person.personal_number, "Hemlig anteckning"):
        assert secret not in page and secret not in listing


@pytest.mark.django_db
def test_deleting_an_organisation_lists_its_participants_by_id(client, admin_user, municipality):
    person = ParticipantFactory(registered_by=municipality, name="Tova Hemlig")
    client.force_login(admin_user)
    page = client.get(
        reverse("admin:jobbspar_organisation_delete", args=[municipality.pk])
    ).content.decode()
    assert f"#{person.pk}" in page
    assert "Tova Hemlig" not in page


@pytest.mark.django_db
def test_a_notification_in_the_admin_shows_no_body(client, admin_user, af_coordinator, af):
    from django.utils import timezone

    row, _ = notify(
        recipient=af_coordinator,
        kind="candidate_decision",
        obj=af,
        due_on=timezone.localdate(),
        send_after=timezone.now(),
        message=Message(subject="Beslut", body="Arbetsgivaren skrev: talar dålig svenska"),
        url="/",
    )
    client.force_login(admin_user)
    page = client.get(reverse("admin:jobbspar_notification_change", args=[row.pk]))
    assert page.status_code == 200
    assert "talar dålig svenska" not in page.content.decode()
    assert Notification.objects.get().body.endswith("svenska")


@pytest.mark.django_db
def test_the_admin_never_shows_a_second_factor_secret(client, admin_user, af_coordinator):
    """An administrator may remove a lost authenticator or recovery codes, never read them: the
    TOTP key, its QR code and the recovery codes would let whoever holds a password sign in as
    the coordinator (OTP_ADMIN_HIDE_SENSITIVE_DATA)."""
    totp = TOTPDevice.objects.create(user=af_coordinator, name="Telefon", confirmed=True)
    static = StaticDevice.objects.create(user=af_coordinator, name="Reservkoder", confirmed=True)
    StaticToken.objects.create(device=static, token="hemlig123")
    client.force_login(admin_user)
    for url in (
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[totp.pk]),
        reverse("admin:otp_static_staticdevice_change", args=[static.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert totp.key not in page and "hemlig123" not in page, url
        assert "qrcode" not in page.lower(), url
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        assert client.get(reverse(name, args=[totp.pk])).status_code == 403
        # An address with no device is refused the same way, never a server error.
        assert client.get(reverse(name, args=[totp.pk + 1000])).status_code == 403
    # Removing a lost authenticator is still the administrator's to do.
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[totp.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=totp.pk).exists()
