"""The dashboard's filter form costs little per page (issue 18): the occupations and the
authorities are the same for everyone and read once per process (ValuesChoiceField(shared=True)),
and a field whose HTML repeats from page to page is drawn once (as_crispy_choice). The HTML is
crispy's own, validation reads the chosen row, and the lists that depend on the user (the
partnerships, an employer's tracks) are still made per form."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dashboard.forms import DashboardFilterForm
from jobbspar import access
from jobbspar import forms as jobbspar_forms
from jobbspar.models import OrganisationKind
from tests.dashboard.dataset import build
from tests.employers.factories import RecruitmentNeedFactory, occupation
from tests.jobbspar.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")
SHARED = ("occupation", "nominating_organisation")
PER_USER = ("scope", "track")
OCCUPATIONS = 'FROM "employers_occupation"'
AUTHORITIES = "ORDER BY 2 ASC"  # the authorities' list (values_list by name), not one row


def _form(data, user) -> DashboardFilterForm:
    with access.unscoped("test: the dashboard reads aggregates"):
        form = DashboardFilterForm(data, user=user)
        if data is not None:
            form.is_valid()
        return form


def _labels(form, name) -> list[str]:
    with access.unscoped("test: the dashboard reads aggregates"):
        return [str(label) for _value, label in form.fields[name].choices]


def _crispy(field) -> str:
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    with access.unscoped("test: the dashboard reads aggregates"):
        return str(as_crispy_field(field))


def _kept(field) -> str:
    from jobbspar.templatetags.jobbspar_fields import as_crispy_choice

    with access.unscoped("test: the dashboard reads aggregates"):
        return str(as_crispy_choice(field))


def _filters(html: str) -> str:
    return re.search(r'<form method="get".*?</form>', html, re.S).group(0)


def test_the_page_reads_the_long_lists_once(client, manager):
    build()
    client.force_login(manager)
    client.get(URL)  # warm the session
    jobbspar_forms.forget_shared_choices()
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(URL).status_code == 200
    first_sql = [query["sql"] for query in first.captured_queries]
    again_sql = [query["sql"] for query in again.captured_queries]
    assert sum(OCCUPATIONS in sql for sql in first_sql) == 1
    assert sum(AUTHORITIES in sql and "jobbspar_organisation" in sql for sql in first_sql) == 1
    assert not any(OCCUPATIONS in sql for sql in again_sql)
    assert not any(AUTHORITIES in sql and "jobbspar_organisation" in sql for sql in again_sql)
    assert len(again_sql) == len(first_sql) - 2


def test_a_new_authority_or_need_is_in_the_next_form(manager):
    build()
    before = _form({}, manager)
    assert "Ny kommun" not in _labels(before, "nominating_organisation")
    assert not any(label.startswith("8331 ") for label in _labels(before, "occupation"))
    OrganisationFactory(name="Ny kommun", kind=OrganisationKind.MUNICIPALITY)
    RecruitmentNeedFactory(occupation=occupation("8331"))  # a need: its occupation is offered
    after = _form({}, manager)
    assert "Ny kommun" in _labels(after, "nominating_organisation")
    assert any(label.startswith("8331 ") for label in _labels(after, "occupation"))
    assert "8331" in _kept(after["occupation"])


def test_a_stale_option_is_refused_not_let_through(manager):
    malmo = build()["malmo"]
    offered = _form({}, manager).fields["nominating_organisation"].choices
    with access.unscoped("test: the dashboard reads aggregates"):
        assert str(malmo.pk) in [str(value) for value, _label in offered]
    # No signal: the shared list still offers it, but the chosen row is read when validating.
    type(malmo).objects.filter(pk=malmo.pk).update(kind=OrganisationKind.EMPLOYER)
    form = _form({"nominating_organisation": str(malmo.pk)}, manager)
    assert not form.is_valid()
    assert "nominating_organisation" in form.errors


def test_only_the_lists_that_are_the_same_for_everyone_are_shared(
    manager, lund_coordinator, municipal_coordinator
):
    data = build()
    for name in SHARED:
        assert DashboardFilterForm.base_fields[name].shared
    for name in PER_USER:
        assert not getattr(DashboardFilterForm.base_fields[name], "shared", False)
    employer = data["track_a"].employer_id
    with translation.override("en"):
        mine = _form({"employer": str(employer)}, manager)
        theirs = _form({"employer": str(employer)}, lund_coordinator)
        assert "Spår A" in _kept(mine["track"])
        assert "Spår A" not in _kept(theirs["track"])  # another partnership's track
        assert "AF Lund + Lunds kommun" in _kept(theirs["scope"])
        assert "AF Lund + Lunds kommun" not in _kept(_form({}, manager)["scope"])
        # Income support: only for municipal staff, whoever drew the field first.
        assert "income_support" not in _kept(_form({}, manager)["target_group"])
        assert "income_support" in _kept(_form({}, municipal_coordinator)["target_group"])
        assert "income_support" not in _kept(_form({}, manager)["by"])


QUERIES = [
    None,
    {},
    {"year": "2025", "gender": "woman", "target_group": "newly_arrived", "by": "year"},
    {"year": "02025"},
    {"year": "1999"},
    {"year": "twenty"},
    {"year": "2025", "start_from": "2025-01-01"},
    {"start_from": "2025-02-01", "start_to": "2025-01-01"},
    {"scope": "country", "shortage": "1", "occupation": "5321"},
    {"occupation": "9999", "gender": "robot"},
    {"employer": "Finns Inte AB"},
    {"employer": "TRACK_A_EMPLOYER"},
    {"employer": "TRACK_A_EMPLOYER", "track": "TRACK_A"},
    {"nominating_organisation": "AF"},
    {"nominating_organisation": "-1", "by": "personal_number"},
]


def _query(query, data):
    if query is None:
        return None
    values = {
        "TRACK_A_EMPLOYER": str(data["track_a"].employer_id),
        "TRACK_A": str(data["track_a"].pk),
        "AF": str(data["af"].pk),
    }
    return {name: values.get(value, value) for name, value in query.items()}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_kept_field_is_the_html_crispy_draws(
    manager, municipal_coordinator, admin_user, lund_coordinator, language
):
    data = build()
    occupation("5321")
    with translation.override(language):
        for query in QUERIES:
            for user in (manager, municipal_coordinator, admin_user, lund_coordinator, manager):
                for _ in range(2):  # drawn, then given again
                    form = _form(_query(query, data), user)
                    for name in form.fields:
                        assert _kept(form[name]) == _crispy(form[name]), (query, name)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_page_shows_the_filters_crispy_draws(client, manager, monkeypatch, language):
    """The whole filter form on the page, kept against drawn every time (the old page)."""
    data = build()
    client.force_login(manager)
    for query in QUERIES[1:]:
        query = _query(query, data)
        client.get(URL, query, HTTP_ACCEPT_LANGUAGE=language)  # draws
        kept = _filters(client.get(URL, query, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        with monkeypatch.context() as patched:
            patched.setattr(jobbspar_forms, "_choice_field_key", lambda field: None)
            drawn = client.get(URL, query, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert kept == _filters(drawn), query


def test_the_fields_are_drawn_once_per_process(client, manager, crispy_drawn):
    data = build()
    drawn = crispy_drawn
    client.force_login(manager)
    queries = [{}, {"year": "2025", "nominating_organisation": str(data["af"].pk)}]
    for query in queries:
        client.get(URL, query)
    # The first page draws every field, the second only those whose HTML differs.
    assert drawn == [*DashboardFilterForm.base_fields, "year", "nominating_organisation"]
    del drawn[:]
    for _ in range(3):
        for query in queries:
            assert client.get(URL, query).status_code == 200
    assert drawn == []  # every field of both pages kept
    # Free input is drawn every time; so is the chosen employer's list of the user's tracks.
    for _ in range(2):
        client.get(URL, {"start_from": "2025-01-01", "employer": data["track_a"].employer_id})
    assert sorted(drawn) == sorted(["start_from", "employer", "track"] * 2)
