import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from jobbspar.models import Role
from portal.invitations import InvitationRefused, invitation_tokens, invite_contact
from tests.employers.factories import ContactPersonFactory
from tests.portal.factories import employer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(employer_org):
    return ContactPersonFactory(employer=employer_of(employer_org), email="Anna.Chef@Example.org")


def _link(message) -> str:
    return next(line for line in message.body.splitlines() if "/portal/welcome/" in line)


def test_a_coordinator_invites_a_contact_who_sets_a_password_once(client, af_coordinator, contact):
    client.force_login(af_coordinator)
    response = client.post(reverse("portal:invite", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    user = contact.user
    assert user.role == Role.EMPLOYER
    assert user.organisation_id == contact.employer.organisation_id
    assert user.username == "anna.chef@example.org"
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    path = _link(mail.outbox[0]).split("testserver", 1)[-1].split("://", 1)[-1]
    path = path[path.index("/portal/") :]
    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "för kort" in response.content.decode()
    strong = "Fyra-Gröna-Äpplen-2026"
    response = client.post(path, {"new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)
    # The link works once.
    assert client.get(path).status_code == 404


def test_the_link_expires(contact, af_coordinator, monkeypatch):
    user = invite_contact(contact=contact, by=af_coordinator)
    token = invitation_tokens.make_token(user)
    assert invitation_tokens.check_token(user, token)
    later = dt.datetime.now() + dt.timedelta(days=8)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    assert not invitation_tokens.check_token(user, token)


def test_a_contact_without_email_or_with_an_account_is_refused(contact, af_coordinator):
    contact.email = ""
    contact.save()
    with pytest.raises(InvitationRefused):
        invite_contact(contact=contact, by=af_coordinator)
    contact.email = "chef@example.org"
    contact.save()
    user = invite_contact(contact=contact, by=af_coordinator)
    user.set_password("Fyra-Gröna-Äpplen-2026")
    user.save()
    contact.refresh_from_db()
    with pytest.raises(InvitationRefused):
        invite_contact(contact=contact, by=af_coordinator)


@pytest.mark.parametrize("uid, token", [("MQ", "bad"), ("!!!", "1-2"), ("OTk5OTk5", "abc-def")])
def test_a_bad_link_is_a_404_with_advice(client, uid, token):
    response = client.get(reverse("portal:accept_invitation", args=[uid, token]))
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()


def test_a_mail_failure_is_a_message_and_inviting_again_works(
    client, af_coordinator, contact, monkeypatch
):
    import smtplib

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("portal.invitations.send_mail", broken)
    client.force_login(af_coordinator)
    response = client.post(reverse("portal:invite", args=[contact.pk]))
    assert response.status_code == 200
    assert "kunde inte skickas" in response.content.decode()
    monkeypatch.undo()
    response = client.post(reverse("portal:invite", args=[contact.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
