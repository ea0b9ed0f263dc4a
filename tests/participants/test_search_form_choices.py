"""The participant search form's long choice lists (every authority, every active coordinator,
every occupation) are the same for everyone: read once per process, not on every page
(ValuesChoiceField(shared=True)). Read again after a change, and the lists that depend on the
user or the language are still made per form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from jobbspar import forms as jobbspar_forms
from jobbspar.models import Role
from participants.forms import SearchForm
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import occupation

pytestmark = pytest.mark.django_db

SHARED = ("organisation", "coordinator", "interest")


def _options(form: SearchForm, name: str) -> list[str]:
    return [str(label) for _value, label in form.fields[name].choices]


def _render(form: SearchForm) -> str:
    return "".join(str(form[name]) for name in form.fields)


def test_the_long_lists_are_read_once_not_per_form(af_coordinator, municipal_coordinator):
    occupation("5321")
    _render(SearchForm(user=af_coordinator))
    for user in (af_coordinator, municipal_coordinator):
        with CaptureQueriesContext(connection) as context:
            _render(SearchForm(user=user))
            _render(SearchForm({"interest": "", "status": "active"}, user=user))
        assert context.captured_queries == []


def test_a_saved_row_is_in_the_next_form(af_coordinator):
    before = SearchForm(user=af_coordinator)
    assert not any("Ny Koordinator" in label for label in _options(before, "coordinator"))
    UserFactory(first_name="Ny", last_name="Koordinator", role=Role.AF_COORDINATOR)
    occupation("8331")
    after = SearchForm(user=af_coordinator)
    assert "Ny Koordinator" in _options(after, "coordinator")
    assert any(label.startswith("8331 ") for label in _options(after, "interest"))


def test_the_lists_are_read_again_after_their_max_age(af_coordinator, monkeypatch):
    _render(SearchForm(user=af_coordinator))
    monkeypatch.setattr(jobbspar_forms, "SHARED_CHOICES_MAX_AGE", 0)
    with CaptureQueriesContext(connection) as context:
        _render(SearchForm(user=af_coordinator))
    read = " ".join(query["sql"] for query in context.captured_queries)
    for table in ("jobbspar_organisation", "jobbspar_user", "employers_occupation"):
        assert f'FROM "{table}"' in read


def test_a_stale_option_is_refused_not_let_through(af_coordinator):
    gone = UserFactory(role=Role.AF_COORDINATOR)
    assert str(gone.pk) in [
        str(v) for v, _label in SearchForm(user=af_coordinator).fields["coordinator"].choices
    ]
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)  # no signal: the list is stale
    form = SearchForm({"coordinator": str(gone.pk)}, user=af_coordinator)
    assert not form.is_valid()
    assert form.filters().coordinator is None


def test_labels_follow_the_language(af_coordinator):
    with translation.override("sv"):
        swedish = SearchForm(user=af_coordinator)
        assert "Nyanländ" in _options(swedish, "target_group")
        assert "Registrerad av" in str(swedish["organisation"].label)
    with translation.override("en"):
        english = SearchForm(user=af_coordinator)
        assert "Newly arrived" in _options(english, "target_group")
        assert english["organisation"].label == "Registered by"


def test_the_target_groups_stay_per_user(af_coordinator, municipal_coordinator):
    """Only the lists that are the same for everyone are shared: the target groups depend on
    what the user may see (income support: municipal staff only)."""
    with translation.override("en"):
        _render(SearchForm(user=municipal_coordinator))
        assert "Receives income support" not in _options(
            SearchForm(user=af_coordinator), "target_group"
        )
        assert "Receives income support" in _options(
            SearchForm(user=municipal_coordinator), "target_group"
        )
    for name in SHARED:
        assert SearchForm.base_fields[name].shared
    assert not hasattr(SearchForm.base_fields["target_group"], "shared")


def test_a_shared_list_needs_a_declared_queryset():
    with pytest.raises(ValueError):
        jobbspar_forms.ValuesChoiceField(queryset=None, shared=True)
