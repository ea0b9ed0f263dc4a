"""Registering an employer: validated and normalised organisation number, its organisation,
the history line, and clear Swedish messages that keep what was typed."""

import pytest
from django.db import connection
from django.urls import reverse

from employers.models import Employer, EmployerChange
from jobbspar.models import Organisation, OrganisationKind
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Vårdbolaget Väster AB",
    "organisation_number": "5566778899",
    "sector": "private",
    "industry": "Vård",
    "street_address": "Storgatan 1",
    "postal_code": "211 22",
    "city": "Malmö",
    "workplaces": "Boendet Väster",
    "notes": "",
}


def test_coordinator_registers_an_employer_with_a_normalised_number(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.post(reverse("employers:create"), VALID)
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:detail", args=[employer.pk])
    assert employer.organisation_number == "556677-8899"
    assert employer.organisation.kind == OrganisationKind.EMPLOYER
    assert employer.organisation.organisation_number == "556677-8899"
    change = EmployerChange.objects.get(employer=employer)
    assert change.by == af_coordinator and change.summary == "Arbetsgivaren registrerades"


def test_invalid_organisation_number_gets_a_swedish_message_and_keeps_the_input(
    client, af_coordinator
):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:create"), {**VALID, "organisation_number": "556677-8898"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    message = "Organisationsnumret har fel kontrollsiffra. Kontrollera numret."
    assert html.count(message) == 2  # at the field and in the error summary
    assert 'id="error-summary"' in html
    assert 'value="Vårdbolaget Väster AB"' in html and 'value="556677-8898"' in html
    assert not Employer.objects.exists()


def test_a_registered_organisation_number_cannot_be_registered_twice(client, af_coordinator):
    EmployerFactory(organisation__organisation_number="556677-8899")
    client.force_login(af_coordinator)
    response = client.post(reverse("employers:create"), VALID)
    assert "Det finns redan en arbetsgivare med det organisationsnumret." in (
        response.content.decode()
    )
    assert Employer.objects.count() == 1


def test_number_of_an_authority_is_refused(client, af_coordinator, municipality):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:create"),
        {**VALID, "organisation_number": municipality.organisation_number},
    )
    assert response.status_code == 200
    assert "tillhör en organisation av ett annat slag" in response.content.decode()
    assert not Employer.objects.exists()


def test_existing_employer_organisation_is_linked_so_its_users_belong_to_the_employer(
    client, af_coordinator, employer_user, employer_org
):
    client.force_login(af_coordinator)
    client.post(
        reverse("employers:create"),
        {
            **VALID,
            "name": employer_org.name,
            "organisation_number": employer_org.organisation_number,
        },
    )
    employer = Employer.objects.get()
    assert employer.organisation == employer_org
    assert (
        Organisation.objects.filter(organisation_number=employer.organisation_number).count() == 1
    )
    client.force_login(employer_user)
    assert client.get(reverse("employers:detail", args=[employer.pk])).status_code == 200


def test_contact_phone_and_email_are_validated(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:contact_create", args=[employer.pk]),
        {"name": "Eva Holm", "role": "Chef", "email": "eva@", "phone": "ring mig"},
    )
    html = response.content.decode()
    assert "Fyll i en giltig e-postadress." in html
    assert "Ange ett telefonnummer med siffror" in html
    assert 'value="Eva Holm"' in html
    response = client.post(
        reverse("employers:contact_create", args=[employer.pk]),
        {"name": "Eva Holm", "role": "Chef", "email": "eva@example.org", "phone": "040-123 45 67"},
    )
    assert response.status_code == 302
    assert employer.contacts.get().phone == "040-123 45 67"


def test_name_search_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'employer_name_trgm'")
        (definition,) = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition


def test_editing_an_employer_renames_its_organisation_and_writes_history(client, af_coordinator):
    employer = EmployerFactory(organisation__name="Gamla Namnet AB")
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:edit", args=[employer.pk]),
        {**VALID, "name": "Nya Namnet AB", "organisation_number": employer.organisation_number},
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.name == employer.organisation.name == "Nya Namnet AB"
    assert employer.changes.get().summary == "Arbetsgivarens uppgifter ändrades"
    detail = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    assert "Arbetsgivarens uppgifter ändrades" in detail


def test_name_and_number_search_can_use_the_indexes():
    from django.db.models import Q

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = (
            Employer.objects.filter(
                Q(name__icontains="omsorg") | Q(organisation_number__startswith="556677")
            )
            .order_by()
            .explain()
        )
    # The prefix search by the index Django gives the unique number (varchar_pattern_ops).
    assert "employer_name_trgm" in plan
    assert "employers_employer_organisation_number_b557ed93_like" in plan
