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


CHOICE_FIELDS = (
    "organisation",
    "target_group",
    "coordinator",
    "status",
    "swedish_level",
    "licence",
    "interest",
)


def _crispy(field) -> str:
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    return str(as_crispy_field(field))


def _kept(field) -> str:
    from jobbspar.templatetags.jobbspar_fields import as_crispy_choice

    return str(as_crispy_choice(field))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"status": "active", "licence": "B", "target_group": "newly_arrived"},
        {"status": "nonsense", "coordinator": "999999", "interest": "x"},
    ],
)
def test_a_kept_field_is_the_html_crispy_draws(
    af_coordinator, municipal_coordinator, language, data
):
    occupation("5321")
    with translation.override(language):
        for user in (af_coordinator, municipal_coordinator, af_coordinator):
            for _ in range(2):  # drawn, then given again
                form = SearchForm(data, user=user)
                if data:
                    form.is_valid()
                for name in CHOICE_FIELDS:
                    assert _kept(form[name]) == _crispy(form[name])


def test_kept_fields_are_drawn_once(af_coordinator, monkeypatch):
    from crispy_forms.templatetags import crispy_forms_filters

    drawn = []
    crispy = crispy_forms_filters.register.filters["as_crispy_field"]
    monkeypatch.setitem(
        crispy_forms_filters.register.filters,
        "as_crispy_field",
        lambda field: drawn.append(field.name) or crispy(field),
    )
    for _ in range(3):
        form = SearchForm({"status": "active"}, user=af_coordinator)
        form.is_valid()
        for name in CHOICE_FIELDS:
            _kept(form[name])
    assert sorted(drawn) == sorted(CHOICE_FIELDS)
    # A value that is no option (free input) is drawn every time, never kept.
    for _ in range(2):
        form = SearchForm({"status": "05"}, user=af_coordinator)
        form.is_valid()
        _kept(form["status"])
        form = SearchForm({"interest": "0" + str(occupation("5321").pk)}, user=af_coordinator)
        form.is_valid()
        _kept(form["interest"])
    assert len(drawn) == len(CHOICE_FIELDS) + 4


def test_a_changed_list_is_drawn_again(af_coordinator):
    _kept(SearchForm(user=af_coordinator)["coordinator"])
    UserFactory(first_name="Nyss", last_name="Anställd", role=Role.AF_COORDINATOR)
    assert "Nyss Anställd" in _kept(SearchForm(user=af_coordinator)["coordinator"])
