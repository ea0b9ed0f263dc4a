"""Education providers: registration with a validated number, contacts and what they offer."""

import pytest
from django.urls import reverse

from employers.models import EducationProvider
from jobbspar.models import OrganisationKind
from tests.employers.factories import EducationProviderFactory, ProviderContactFactory

pytestmark = pytest.mark.django_db


def test_coordinator_registers_a_provider_with_contacts(client, municipal_coordinator):
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("employers:provider_create"),
        {
            "name": "Kompetenscentrum Syd AB",
            "organisation_number": "556234-5677",
            "offering": "SFI",
        },
    )
    provider = EducationProvider.objects.get()
    assert response["Location"] == reverse("employers:provider_detail", args=[provider.pk])
    assert provider.organisation.kind == OrganisationKind.EDUCATION_PROVIDER
    response = client.post(
        reverse("employers:provider_contact_create", args=[provider.pk]),
        {
            "name": "Karin Ahlström",
            "role": "Utbildningsledare",
            "email": "",
            "phone": "040-66 77 80",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("employers:provider_detail", args=[provider.pk])).content.decode()
    assert "Karin Ahlström (Utbildningsledare)" in html and "SFI" in html


def test_invalid_provider_number_is_refused_in_swedish(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:provider_create"),
        {"name": "Skolan AB", "organisation_number": "12345", "offering": "Truckutbildning"},
    )
    html = response.content.decode()
    assert html.count("Ange organisationsnumret som NNNNNN-NNNN (tio siffror).") == 2
    assert "Truckutbildning" in html
    assert not EducationProvider.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_provider_list_query_count_is_constant(client, job_coach, django_assert_num_queries, rows):
    for provider in EducationProviderFactory.create_batch(rows):
        ProviderContactFactory(provider=provider)
    client.force_login(job_coach)
    client.get(reverse("employers:provider_list"))
    with django_assert_num_queries(3):  # session, user, device, organisation, unread in one
        response = client.get(reverse("employers:provider_list"))
    assert len(response.context["page"].object_list) == min(rows, 25)
