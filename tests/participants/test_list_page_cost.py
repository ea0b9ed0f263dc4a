"""The participant list's cost (issue 18): constant queries for plain, filtered and searched
pages, no template include per row, every row's labels as the model gives them, and a budget
for each row's HTML."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participants.views.lists import PAGE_SIZE
from tests.participants.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

LIST_TEMPLATE = Path(settings.BASE_DIR) / "templates" / "participants" / "participant_list.html"


def _people(af, municipality, count: int) -> None:
    for n in range(count):
        ParticipantFactory(
            name=f"Eget {n:03}", registered_by=municipality, status="active", newly_arrived=True
        )
        shared = ParticipantFactory(name=f"Delad {n:03}", registered_by=af, status="paused")
        ConsentFactory(participant=shared, shared_with=municipality)


def _queries(client, url: str) -> int:
    # Warmed first: new rows (their users) drop the search form's shared choice lists, which
    # the next page reads again once.
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "query", ["", "?q=Eget", "?status=active&target_group=newly_arrived", "?page=2"]
)
def test_searches_and_pages_take_the_same_queries_for_few_or_many(
    client, municipal_coordinator, af, municipality, query
):
    client.force_login(municipal_coordinator)
    url = reverse("participants:participant_list") + query
    _people(af, municipality, 2)
    few = _queries(client, url)
    _people(af, municipality, 2 * PAGE_SIZE)
    assert _queries(client, url) == few


def test_the_list_has_no_include_per_row():
    """A template include per row costs a template render each: rows are written inline."""
    text = LIST_TEMPLATE.read_text()
    loops = re.findall(r"{%\s*for\b.*?{%\s*endfor\s*%}", text, flags=re.DOTALL)
    assert loops
    for loop in loops:
        assert "{% include" not in loop
        assert "{%include" not in loop


def test_each_row_shows_the_models_labels(client, municipal_coordinator, municipality):
    """The rows' Swedish level and status are read from one label table per page: the same
    text, translated, as get_FOO_display."""
    person = ParticipantFactory(registered_by=municipality, status="paused", swedish_level="sfi_c")
    client.force_login(municipal_coordinator)
    text = client.get(reverse("participants:participant_list")).content.decode()
    with translation.override("sv"):
        level, status = person.get_swedish_level_display(), person.get_status_display()
    assert f"<td>{level}</td>" in text
    assert f'<span class="badge text-bg-light border">{status}</span>' in text


def test_each_rows_html_stays_within_budget(client, municipal_coordinator, af, municipality):
    """One row of the results (htmx swap) is at most 1 000 bytes of HTML: what grows with the
    page must stay small."""
    client.force_login(municipal_coordinator)
    url = reverse("participants:participant_list") + "?q=Eget"
    _people(af, municipality, 1)
    one = len(client.get(url, headers={"HX-Request": "true"}).content)
    _people(af, municipality, PAGE_SIZE)
    full = client.get(url, headers={"HX-Request": "true"}).content
    assert full.count(b"<tr>") == PAGE_SIZE + 1  # the header and a full page
    assert (len(full) - one) / (PAGE_SIZE - 1) <= 1000


def test_the_rows_read_only_the_columns_the_list_shows(
    client, municipal_coordinator, af, municipality
):
    """A page of 25 people reads what its rows show, not each whole record (contact details,
    background) nor the coordinators' sign-in data."""
    _people(af, municipality, 3)
    client.force_login(municipal_coordinator)
    url = reverse("participants:participant_list")
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()
    read = " ".join(query["sql"] for query in context.captured_queries)
    for column in ("phone", "email", "district", "arrival_date"):
        assert f'"participants_participant"."{column}"' not in read
    rows = [q["sql"] for q in context.captured_queries if "participants_participant" in q["sql"]]
    assert rows
    assert not any('"jobbspar_user"."password"' in sql for sql in rows)
    assert "Eget 000" in page and "Delad 000" in page


@pytest.mark.parametrize("query", ["", "?status=active&target_group=newly_arrived"])
def test_the_lists_statements_are_planned_for_their_values(
    client, municipal_coordinator, af, municipality, query
):
    """The visible ids in name order are never prepared: a generic plan of the filtered list
    took 60-100 ms nationally, planned for its values 12 ms (issue 18)."""

    def prepared_unions() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [
                row[0]
                for row in cursor.fetchall()
                if "UNION" in row[0] and "participants_participant" in row[0]
            ]

    client.force_login(municipal_coordinator)
    _people(af, municipality, 3)
    url = reverse("participants:participant_list") + query
    before = prepared_unions()
    for _ in range(7):  # past the prepare threshold (5)
        assert client.get(url).status_code == 200
    assert prepared_unions() == before


def test_a_row_written_in_python_escapes_translates_and_links(
    client, municipal_coordinator, municipality
):
    """The rows are written by the view (participants.views.lists.list_rows), not node by node:
    every value escaped, the checkbox's label in the page's language, each person linked, and a
    missing coordinator shown as a dash; without actions to choose for, no checkbox."""
    person = ParticipantFactory(
        name='<b>Åsa & "Ö"</b>', registered_by=municipality, coordinator=None, status="active"
    )
    client.force_login(municipal_coordinator)
    url = reverse("participants:participant_list")
    page = client.get(url, headers={"Accept-Language": "sv"}).content.decode()
    escaped = "&lt;b&gt;Åsa &amp; &quot;Ö&quot;&lt;/b&gt;"
    assert "<b>Åsa" not in page
    assert f'<a href="{person.get_absolute_url()}">{escaped}</a>' in page
    assert (
        f'<input class="form-check-input me-1" type="checkbox" form="list-choice" '
        f'name="participants" value="{person.pk}" id="choose-{person.pk}">'
        f'<label class="visually-hidden" for="choose-{person.pk}">Välj {escaped}</label>'
    ) in page
    assert f"<td>{person.personal_number_display}</td>" in page
    assert f"<td>{municipality.name}</td><td>–</td>" in page

    from participants.views.lists import list_rows

    (row,) = list_rows([person], chosen=False)
    assert 'type="checkbox"' not in row
    assert row.startswith(f'<tr><th scope="row"><a href="{person.get_absolute_url()}">')
