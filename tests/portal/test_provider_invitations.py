"""A coordinator invites an education provider's contact, as an employer's contact: an account
with the role education_provider in the provider's organisation, a link to set a password (the
password rules are everyone's), and then the provider's own pages."""

import pytest
from django.core import mail
from django.urls import reverse

from jobbspar.models import Role
from portal.invitations import InvitationRefused, invite_provider_contact
from tests.employers.factories import ProviderContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(provider_org):
    return ProviderContactFactory(
        provider=provider_org.education_provider, name="Karin Ahlström", email="Karin@Yrke.example"
    )


def _path(message) -> str:
    link = next(line for line in message.body.splitlines() if "/portal/welcome/" in line)
    return link[link.index("/portal/") :]


def test_a_coordinator_invites_a_provider_contact_who_sets_a_password_and_signs_in(
    client, municipal_coordinator, contact
):
    client.force_login(municipal_coordinator)
    detail = client.get(reverse("employers:provider_detail", args=[contact.provider_id]))
    invite_url = reverse("portal:provider_invite", args=[contact.pk])
    assert invite_url in detail.content.decode()
    assert client.get(invite_url).status_code == 200
    response = client.post(invite_url)
    assert response.status_code == 302
    contact.refresh_from_db()
    user = contact.user
    assert (user.role, user.organisation_id) == (
        Role.EDUCATION_PROVIDER,
        contact.provider.organisation_id,
    )
    assert user.username == "karin@yrke.example"
    assert not user.has_usable_password()
    assert user.groups.filter(name=Role.EDUCATION_PROVIDER).exists()
    (message,) = mail.outbox
    assert "Yrkesakademin Malmö" in message.subject
    path = _path(message)
    client.logout()
    weak = client.post(path, {"new_password1": "kort", "new_password2": "kort"})
    assert "för kort" in weak.content.decode()
    strong = "Fyra-Gröna-Äpplen-2026"
    assert client.post(path, {"new_password1": strong, "new_password2": strong}).status_code == 302
    assert client.get(path).status_code == 404
    assert client.login(username=user.username, password=strong)
    assert client.get(reverse("schedule:provider_home")).status_code == 200


def test_only_coordinators_invite_and_a_contact_without_email_is_refused(
    client, job_coach, employer_user, provider_user, af_coordinator, provider_org
):
    contact = ProviderContactFactory(provider=provider_org.education_provider, email="")
    for user in (job_coach, employer_user, provider_user):
        client.force_login(user)
        assert client.post(reverse("portal:provider_invite", args=[contact.pk])).status_code == 403
    with pytest.raises(InvitationRefused):
        invite_provider_contact(contact=contact, by=af_coordinator)
    client.force_login(af_coordinator)
    response = client.post(reverse("portal:provider_invite", args=[contact.pk]))
    assert response.status_code == 200
    assert "e-postadress" in response.content.decode()
    contact.refresh_from_db()
    assert contact.user is None
