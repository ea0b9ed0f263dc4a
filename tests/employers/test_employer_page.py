"""The employer page gets the tracks' and the portal's parts through declared contributions
(jobbspar/contributions.py), not by importing those apps."""

import pytest
from django.urls import reverse

from jobbspar.contributions import collect
from portal import employer_page as portal_part
from tests.employers.factories import ContactPersonFactory
from tracks import employer_page as tracks_part

pytestmark = pytest.mark.django_db


def test_tracks_and_portal_declare_their_part_of_the_employer_page():
    parts = collect("employer_page")
    assert tracks_part.context in parts
    assert portal_part.context in parts


def test_coordinator_may_invite_a_contact_to_the_portal_from_the_employer_page(
    client, af_coordinator
):
    contact = ContactPersonFactory()
    client.force_login(af_coordinator)
    response = client.get(reverse("employers:detail", args=[contact.employer.pk]))
    assert response.status_code == 200
    assert response.context["may_invite"] is True
    assert reverse("portal:invite", args=[contact.pk]) in response.content.decode()


def test_admin_edits_contacts_but_does_not_invite_them_to_the_portal(client, admin_user):
    contact = ContactPersonFactory()
    client.force_login(admin_user)
    response = client.get(reverse("employers:detail", args=[contact.employer.pk]))
    body = response.content.decode()
    assert response.context["may_invite"] is False
    assert reverse("employers:contact_delete", args=[contact.employer.pk, contact.pk]) in body
    assert reverse("portal:invite", args=[contact.pk]) not in body
