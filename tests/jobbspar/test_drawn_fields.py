"""as_crispy_choice (jobbspar.forms.crispy_choice_field) beyond a <select>: an input left empty
(a filter not in use) and a whole number within an integer field's bounds (a year) repeat from
page to page and are drawn once; any other value is free input and drawn every time, as are
the inputs with a state of their own. A model choice with nothing to choose is kept without a
query; one read per form is not kept. Always the HTML crispy draws."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from jobbspar import forms as jobbspar_forms
from jobbspar.forms import IsoDateField, ValuesChoiceField
from jobbspar.models import Organisation, OrganisationKind, Partnership
from tests.jobbspar.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


class Filters(forms.Form):
    text = forms.CharField(label="Text", required=False, max_length=20, help_text="Any text.")
    year = forms.IntegerField(label="Year", required=False, min_value=2015, max_value=2100)
    count = forms.IntegerField(label="Count", required=False)  # no bounds: free input
    day = IsoDateField(label="Day", required=False)
    agree = forms.BooleanField(label="Agree", required=False)
    secret = forms.CharField(label="Secret", required=False, widget=forms.PasswordInput)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    nothing = ValuesChoiceField(
        label="Nothing", queryset=Organisation.objects.none(), required=False, empty_label="All"
    )
    per_form = ValuesChoiceField(
        label="Per form", queryset=Organisation.objects.all(), required=False, empty_label="All"
    )
    shared = ValuesChoiceField(
        label="Shared",
        queryset=Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("name"),
        required=False,
        empty_label="All",
        shared=True,
        forget_on=(Partnership,),
    )


def _crispy(field) -> str:
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    return str(as_crispy_field(field))


def _kept(field) -> str:
    from jobbspar.templatetags.jobbspar_fields import as_crispy_choice

    return str(as_crispy_choice(field))


def _form(data) -> Filters:
    form = Filters(data)
    if data is not None:
        form.is_valid()
    return form


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"text": "", "year": "", "count": "", "day": ""},
        {"text": "abc", "year": "2025", "count": "5", "day": "2026-01-02", "agree": "on"},
        {"year": "02025", "secret": "s3cret", "hidden": "x", "per_form": "1"},
        {"year": "1999", "day": "not a day", "nothing": "1", "shared": "x"},
    ],
)
def test_a_kept_field_is_the_html_crispy_draws(language, data):
    OrganisationFactory(name="Malmö stad", kind=OrganisationKind.MUNICIPALITY)
    with translation.override(language):
        for _ in range(2):
            form = _form(data)
            for name in form.fields:
                assert _kept(form[name]) == _crispy(form[name]), name


def test_an_empty_input_and_a_bounded_number_are_drawn_once(crispy_drawn):
    for _ in range(3):
        form = _form({"year": "2025"})
        for name in ("text", "year", "count", "day"):
            _kept(form[name])
    assert sorted(crispy_drawn) == ["count", "day", "text", "year"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("text", "abc"),
        ("count", "5"),  # a number without bounds
        ("day", "2026-01-02"),
        ("year", "02025"),  # leading zeros would never end
        ("year", "٢٠٢٥"),  # other digits, as many as there are scripts
        ("year", "+2025"),
        ("year", " 2025"),
        ("year", "1999"),  # out of bounds: an error, drawn anyway
    ],
)
def test_free_input_is_drawn_every_time(crispy_drawn, name, value):
    for _ in range(3):
        _kept(_form({name: value})[name])
    assert crispy_drawn == [name] * 3


def test_inputs_with_a_state_of_their_own_are_drawn_every_time(crispy_drawn):
    for _ in range(2):
        form = _form({})
        for name in ("agree", "secret", "hidden"):
            _kept(form[name])
    assert sorted(crispy_drawn) == sorted(["agree", "secret", "hidden"] * 2)


def test_a_model_choice_with_nothing_to_choose_is_kept_without_a_query(crispy_drawn):
    with CaptureQueriesContext(connection) as context:
        for _ in range(3):
            assert "All" in _kept(_form({})["nothing"])
    assert context.captured_queries == []
    assert crispy_drawn == ["nothing"]


def test_a_model_choice_read_per_form_is_drawn_every_time(crispy_drawn):
    OrganisationFactory(name="Malmö stad", kind=OrganisationKind.MUNICIPALITY)
    for _ in range(2):
        assert "Malmö stad" in _kept(_form({})["per_form"])
    assert crispy_drawn == ["per_form"] * 2


def test_a_shared_list_is_forgotten_when_a_model_it_reads_changes():
    jobbspar_forms.forget_shared_choices()
    _kept(_form({})["shared"])
    assert jobbspar_forms._shared_lists
    PartnershipFactory()  # `forget_on` (it also saves organisations, the queryset's own model)
    assert not jobbspar_forms._shared_lists
    _kept(_form({})["shared"])
    Partnership.objects.first().save()  # the other model alone
    assert not jobbspar_forms._shared_lists


# drawn_widget: a form drawn once per row with its own prefix (the attendance page's form per
# member) draws each widget once and puts each row's name and id in.


@pytest.fixture
def widgets_drawn(monkeypatch):
    """The names of the fields whose widget was drawn (not given again)."""
    drawn: list[str] = []
    real = forms.BoundField.as_widget

    def as_widget(self, *args, **kwargs):
        drawn.append(self.name)
        return real(self, *args, **kwargs)

    jobbspar_forms.forget_shared_choices()
    monkeypatch.setattr(forms.BoundField, "as_widget", as_widget)
    yield drawn
    jobbspar_forms.forget_shared_choices()


def _row(prefix, initial=None, data=None):
    from schedule.forms import AttendanceForm

    form = AttendanceForm(data, prefix=prefix, initial=initial or {})
    if data is not None:
        form.is_valid()
    return form


ROWS = [
    {},
    {"status": "present"},
    {"status": "absent_valid", "reason": "sick"},
    {"status": "partly", "hours_missed": "1.5", "note": 'Bussen <kom> sent & "så"'},
    {"status": "present"},
    {},
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("bound", [False, True])
def test_a_rows_widget_is_the_html_django_draws_with_the_rows_name(language, bound):
    with translation.override(language):
        for _ in range(2):
            for n, values in enumerate(ROWS):
                prefix = f"m{n + 1}"
                if bound:
                    form = _row(prefix, data={f"{prefix}-{k}": v for k, v in values.items()})
                else:
                    form = _row(prefix, initial=values)
                for name in form.fields:
                    expected = form[name].as_widget()
                    assert jobbspar_forms.drawn_widget(form[name]) == expected, (prefix, name)
                    assert f'name="{prefix}-{name}"' in expected


def test_each_widget_is_drawn_once_per_value_and_free_input_every_time(widgets_drawn):
    for n, values in enumerate(ROWS * 2):
        form = _row(f"m{n}", initial=values)
        for name in form.fields:
            jobbspar_forms.drawn_widget(form[name])
    # The four fields empty once each; the chosen statuses and reason once each; the hours and
    # the note with a value, each time they are shown (twice).
    assert sorted(widgets_drawn) == sorted(
        ["status", "reason", "hours_missed", "note"]
        + ["status"] * 3  # present, absent_valid, partly
        + ["reason"]  # sick
        + ["hours_missed", "note"] * 2
    )


def test_a_field_with_an_error_is_drawn_every_time(widgets_drawn):
    for n in range(2):
        form = _row(f"m{n}", data={f"m{n}-status": "no such status"})
        assert form["status"].errors
        html = jobbspar_forms.drawn_widget(form["status"])
        assert html == form["status"].as_widget() and 'aria-invalid="true"' in html
    assert widgets_drawn == ["status"] * 4


class Named(forms.Form):
    """Fields whose HTML names the field beyond its name and id."""

    pick = forms.ChoiceField(choices=[("", "–"), ("a", "m1-pick")], required=False)
    told = forms.CharField(required=False, help_text="Told.")


def test_a_widget_that_names_itself_elsewhere_is_drawn_every_time(widgets_drawn):
    """Help text's aria-describedby holds the id, and an option's text is the first row's name:
    given again with another row's name put in, they would say the wrong thing. Each row whose
    HTML names it elsewhere draws it; the option is kept from the second row on, whose name
    its text does not hold (the text stays the option's, "m1-pick", in every row)."""
    for n in (1, 2, 1, 2):
        form = Named(prefix=f"m{n}")
        for name in ("pick", "told"):
            html = jobbspar_forms.drawn_widget(form[name])
            assert html == form[name].as_widget()
            assert f'name="m{n}-{name}"' in html
    assert 'name="m2-told" aria-describedby="id_m2-told_helptext"' in html
    # The help text's field each time (and the comparison above drew each again); the option
    # for the first two rows only.
    assert sorted(widgets_drawn) == sorted(["told"] * 8 + ["pick"] * (2 + 4))
    assert "m1-pick</option>" in jobbspar_forms.drawn_widget(Named(prefix="m2")["pick"])
