"""A coordinator imports a 50-row Excel file with five kinds of row outcome (new, changed,
unchanged, registered by the other organisation, error), checks the preview and commits it (axe
on every page)."""

import datetime as dt

import pytest

from participants.models import AccessRequest, Participant
from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.imports.conftest import number
from tests.imports.files import xlsx_bytes
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["Personnummer", "Namn", "Telefon", "Nyanländ", "Samtycke lämnat", "Samtycke sätt"]


def _file(coordinator, af, tmp_path):
    own = coordinator.organisation
    yesterday = today() - dt.timedelta(days=1)
    rows: list[list[object]] = [HEADERS]
    for n in range(30):  # new
        rows.append([number(100 + n), f"Ny Deltagare {n}", "0701234567", "ja", None, None])
    for n in range(8):  # changed: a new phone number
        ParticipantFactory(
            personal_number=number(200 + n).replace("-", ""),
            name=f"Känd Deltagare {n}",
            phone="0700000000",
            registered_by=own,
        )
        rows.append([number(200 + n), f"Känd Deltagare {n}", "0709876543", None, None, None])
    for n in range(6):  # unchanged
        ParticipantFactory(
            personal_number=number(300 + n).replace("-", ""),
            name=f"Samma Deltagare {n}",
            phone="0701111111",
            registered_by=own,
        )
        rows.append([number(300 + n), f"Samma Deltagare {n}", "0701111111", None, None, None])
    for n in range(3):  # registered by Arbetsförmedlingen: an access request
        ParticipantFactory(
            personal_number=number(400 + n).replace("-", ""), name=f"Hemlig {n}", registered_by=af
        )
        rows.append([number(400 + n), f"Begärd Deltagare {n}", None, None, yesterday, "skriftligt"])
    rows.append(["19800101-1234", "Fel Nummer", None, None, None, None])
    rows.append([number(500), "", None, None, None, None])
    rows.append([number(501), "Fel Datum", None, "kanske", None, None])
    path = tmp_path / "deltagare.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return path


def test_coordinator_imports_a_fifty_row_excel_file(page, municipal_coordinator, af, tmp_path):
    path = _file(municipal_coordinator, af, tmp_path)
    login(page, municipal_coordinator.username, TEST_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Importera").click()
    page.wait_for_url("**/import/")
    assert_no_axe_violations(page)
    page.get_by_label("Deltagare").check()
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_role("button", name="Ladda upp och välj kolumner").click()
    page.wait_for_url("**/columns/")
    assert_no_axe_violations(page)
    assert page.get_by_label("Fält för kolumnen Telefon").input_value() == "phone"
    page.get_by_role("button", name="Visa förhandsgranskningen").click()
    page.wait_for_url("**/preview/")
    assert_no_axe_violations(page)

    def count(outcome):
        return page.locator(f'#import-summary dd[data-outcome="{outcome}"]').inner_text()

    assert [count(o) for o in ("new", "update", "unchanged", "access_request", "error")] == [
        "30",
        "8",
        "6",
        "3",
        "3",
    ]
    table = page.locator("#preview-table").inner_text()
    assert "”0700000000” blir ”0709876543”" in table
    assert "Hemlig" not in table  # nothing of the other organisation's record
    assert "kontrollsiffra" in table
    page.get_by_role("button", name="Importera 41 rader").click()
    page.wait_for_url("**/import/")
    assert "Importen är klar: 30 nya, 8 ändrade, 3 begäranden" in page.content()
    assert_no_axe_violations(page)

    assert Participant.objects.filter(name__startswith="Ny Deltagare").count() == 30
    assert Participant.objects.filter(phone="0709876543").count() == 8
    assert (
        AccessRequest.objects.filter(asking_organisation=municipal_coordinator.organisation).count()
        == 3
    )
    assert not Participant.objects.filter(name="Fel Datum").exists()
