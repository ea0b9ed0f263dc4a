"""An employer's contact persons and a need's current requirement profile (`employers:read`),
from the employers app's access functions as the web pages read them."""

import pytest

from api.models import ApiScope
from tests.api.factories import auth, make_client
from tests.employers.factories import (
    ContactPersonFactory,
    CriterionFactory,
    EmployerFactory,
    ProfileVersionFactory,
    RecruitmentNeedFactory,
)

pytestmark = pytest.mark.django_db


def test_an_employers_contacts_and_no_one_elses(client, af):
    employer = EmployerFactory()
    anna = ContactPersonFactory(employer=employer, name="Anna Berg", role="Enhetschef")
    ContactPersonFactory(employer=EmployerFactory(), name="Annan Arbetsgivare")
    _, key = make_client(af)
    response = client.get(f"/api/v1/employers/{employer.pk}/contacts/", headers=auth(key))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.json()["results"] == [
        {
            "id": anna.pk,
            "employer": employer.pk,
            "name": "Anna Berg",
            "role": "Enhetschef",
            "email": anna.email,
            "phone": anna.phone,
        }
    ]
    missing = client.get("/api/v1/employers/999999/contacts/", headers=auth(key))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_the_contacts_are_paged_by_cursor(client, af):
    employer = EmployerFactory()
    contacts = ContactPersonFactory.create_batch(3, employer=employer)
    _, key = make_client(af)
    url = f"/api/v1/employers/{employer.pk}/contacts/?page_size=2"
    first = client.get(url, headers=auth(key)).json()
    assert [row["id"] for row in first["results"]] == [contacts[2].pk, contacts[1].pk]
    second = client.get(first["next"], headers=auth(key)).json()
    assert [row["id"] for row in second["results"]] == [contacts[0].pk]
    assert second["next"] is None


def test_the_profile_is_the_newest_version_with_its_requirements(client, af):
    need = RecruitmentNeedFactory()
    CriterionFactory(version=ProfileVersionFactory(need=need, number=1), swedish_level="sfi_b")
    current = ProfileVersionFactory(need=need, number=2, notes="Nattpass ingår")
    swedish = CriterionFactory(version=current, swedish_level="sfi_c")
    licence = CriterionFactory(
        version=current, kind="driving_licence", mode="trained", driving_licence="b", weight=3
    )
    _, key = make_client(af)
    response = client.get(f"/api/v1/needs/{need.pk}/profile/", headers=auth(key))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["need"], body["version"], body["notes"], body["frozen"]) == (
        current.pk,
        need.pk,
        2,
        "Nattpass ingår",
        False,
    )
    rows = {row["id"]: row for row in body["requirements"]}
    assert set(rows) == {swedish.pk, licence.pk}
    assert rows[swedish.pk]["swedish_level"] == "sfi_c"
    assert rows[swedish.pk]["mode"] == "required"
    assert rows[licence.pk]["driving_licence"] == "b"
    assert rows[licence.pk]["weight"] == 3
    assert rows[licence.pk]["experience_occupation"] is None
    assert rows[licence.pk]["description"] == str(licence.value_display)


def test_a_need_without_a_profile_and_another_partnerships_need_are_404(
    client, af, other_partnership
):
    bare = RecruitmentNeedFactory()
    foreign = RecruitmentNeedFactory(partnership=other_partnership)
    CriterionFactory(version__need=foreign)
    _, key = make_client(af)
    for need in (bare, foreign):
        response = client.get(f"/api/v1/needs/{need.pk}/profile/", headers=auth(key))
        assert response.status_code == 404, need
        assert response["Content-Type"] == "application/problem+json"


def test_contacts_and_profiles_need_the_employers_scope(client, af):
    need = RecruitmentNeedFactory()
    CriterionFactory(version__need=need)
    _, key = make_client(af, scopes=[ApiScope.TRACKS_READ])
    for url in (
        f"/api/v1/employers/{need.employer_id}/contacts/",
        f"/api/v1/needs/{need.pk}/profile/",
    ):
        response = client.get(url, headers=auth(key))
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/problem+json"
