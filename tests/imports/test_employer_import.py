"""Importing employers: outcomes validated by the employer form, the commit, re-import."""

import pytest

from employers.forms import EmployerForm
from employers.models import Employer, EmployerChange
from imports import batches
from imports.outcomes import Outcome
from jobbspar.models import OrganisationKind
from tests.employers.factories import EmployerFactory
from tests.imports.files import csv_bytes
from tests.jobbspar.factories import OrganisationFactory

HEADERS = ["Organisationsnummer", "Namn", "Sektor", "Ort", "Postnummer"]
ROWS = [
    ["556036-0793", "Bageriet AB", "privat", "Malmö", "211 34"],
    ["", "Utan Nummer AB", "privat", "", ""],
    ["5560360794", "Fel Nummer AB", "privat", "", ""],
    ["556036-0793", "Bageriet AB", "privat", "Malmö", "211 34"],
    ["212000-1124", "Kommunen", "offentlig", "", ""],
    ["556677-8899", "Ändrat Namn AB", "Private", "Lund", "1234"],
]


def _batch(user, rows):
    return batches.create_batch(
        by=user, kind="employers", name="ag.csv", data=csv_bytes([HEADERS, *rows])
    )


@pytest.fixture
def stored():
    return EmployerFactory(
        organisation__organisation_number="556677-8899",
        organisation__name="Gamla AB",
        name="Gamla AB",
        city="Malmö",
    )


def test_each_employer_row_gets_its_outcome(municipal_coordinator, stored):
    OrganisationFactory(organisation_number="212000-1124", kind=OrganisationKind.MUNICIPALITY)
    outcomes = batches.preview(
        batch=_batch(municipal_coordinator, ROWS), by=municipal_coordinator
    ).rows
    kinds = [row.outcome for row in outcomes]
    assert kinds[0] == Outcome.NEW
    assert kinds[1] == Outcome.ERROR  # no organisation number
    assert kinds[2] == Outcome.ERROR and "kontrollsiffra" in outcomes[2].reasons[0]
    assert kinds[3] == Outcome.DUPLICATE
    assert kinds[4] == Outcome.ERROR and "annat slag" in outcomes[4].reasons[0]
    # The postal code is refused with the employer form's own message.
    form = EmployerForm({"postal_code": "1234"})
    form.is_valid()
    assert kinds[5] == Outcome.ERROR
    assert f"Postnummer: {form.errors['postal_code'][0]}" in outcomes[5].reasons


def test_commit_creates_and_updates_employers_and_their_organisations(
    municipal_coordinator, stored
):
    rows = [ROWS[0], ["556677-8899", "Nytt Namn AB", "privat", "Lund", "222 22"]]
    batch = _batch(municipal_coordinator, rows)
    shown = batches.preview(batch=batch, by=municipal_coordinator)
    assert [row.outcome for row in shown.rows] == [Outcome.NEW, Outcome.UPDATE]
    batches.commit(batch=batch, by=municipal_coordinator, expected=shown.fingerprint)
    new = Employer.objects.get(organisation_number="556036-0793")
    assert new.organisation.kind == OrganisationKind.EMPLOYER
    stored.refresh_from_db()
    assert (stored.name, stored.city, stored.postal_code) == ("Nytt Namn AB", "Lund", "222 22")
    assert stored.organisation.name == "Nytt Namn AB"
    assert EmployerChange.objects.filter(employer=stored).count() == 1
    again = _batch(municipal_coordinator, rows)
    assert {row.outcome for row in batches.preview(batch=again, by=municipal_coordinator).rows} == {
        Outcome.UNCHANGED
    }
