"""The project's form renderer writes <select> itself: the HTML must be the same as Django's
own templates give, for every kind of select we use, with escaping."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from jobbspar.form_renderer import FormRenderer, Select


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Ett"), ("b", "Två & <tre>")])
    optional = forms.ChoiceField(choices=[("x", 'Citat "x"'), (1, "Ett")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Nordic", [("se", "Sverige"), ("no", "Norge")]), ("other", "Annat")]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    sized = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"class": "form-select", "data-x": "<y>"})
    )
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b", "optional": "1", "grouped": "no", "many": ["a", "c"], "sized": "a"},
        {"plain": "<script>", "grouped": "other", "many": ["zz"]},
    ],
)
def test_selects_are_the_same_html_as_djangos_templates(data):
    ours = Everything(data, renderer=FormRenderer())
    django = Everything(data, renderer=DjangoTemplates())
    for name in ours.fields:
        mine, theirs = str(ours[name]), str(django[name])
        assert parse_html(mine) == parse_html(theirs), name
        assert "<script>" not in mine


def test_the_project_uses_it_and_other_widgets_still_render():
    from django.conf import settings

    assert settings.FORM_RENDERER == "jobbspar.form_renderer.FormRenderer"

    class Mixed(forms.Form):
        name = forms.CharField()
        when = forms.DateField(widget=forms.SelectDateWidget(years=[2026]))

    html = str(Mixed())
    assert 'name="name"' in html
    assert 'name="when_year"' in html


@pytest.mark.django_db
def test_values_choice_field_lists_and_validates_like_a_model_choice_field():
    from employers.models import Occupation
    from jobbspar.forms import ValuesChoiceField
    from tests.employers.factories import ensure_occupations

    class Pick(forms.Form):
        plain = forms.ModelChoiceField(
            queryset=Occupation.objects.filter(code__lt="1200").order_by("code"),
            to_field_name="code",
        )
        light = ValuesChoiceField(
            queryset=Occupation.objects.filter(code__lt="1200").order_by("code"),
            to_field_name="code",
            label_fields=("code", "name"),
            label_format="{} {}",
        )

    ensure_occupations()  # a browser test run before this one may have flushed the SSYK list
    first = Occupation.objects.order_by("code").first()
    form = Pick({"plain": first.code, "light": first.code})
    assert parse_html(str(form["light"])) == parse_html(
        str(form["plain"]).replace('name="plain"', 'name="light"').replace("id_plain", "id_light")
    )
    assert form.is_valid()
    assert form.cleaned_data["light"] == first
    assert not Pick({"plain": "0000", "light": "0000"}).is_valid()


class Flat(forms.Form):
    plain = forms.ChoiceField(
        choices=[
            ("", "—"),
            ("a", "Ett"),
            ("b", "Två & <tre>"),
            (3, 'Citat "x"'),
            ("s", mark_safe("<b>Säker</b>")),
            ("l", gettext_lazy("Status & <mer>")),
        ],
        widget=Select,
    )
    optional = forms.ChoiceField(
        choices=[("x", "X"), ("x", "Igen")],
        required=False,
        widget=Select(attrs={"class": "form-select", "data-x": "<y>"}),
    )
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True, widget=Select)
    grouped = forms.ChoiceField(
        choices=[("Nordic", [("se", "Sverige"), ("no", "Norge")]), ("other", "Annat")],
        widget=Select,
    )


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "b", "optional": "x", "grouped": "no"}, {"plain": "3"}, {"plain": "<q>"}],
)
def test_flat_select_is_the_same_html_as_djangos_templates(data):
    """The project Select (ValuesChoiceField's widget) writes the select without option dicts:
    the same HTML as the project renderer's render_select and as Django's own templates, only
    the first of two equal values selected, every value and label escaped."""
    ours = Flat(data, renderer=FormRenderer())
    django = Flat(data, renderer=DjangoTemplates())
    for name in ours.fields:
        plain = forms.Select(attrs=ours.fields[name].widget.attrs)
        plain.choices = ours.fields[name].widget.choices
        mine, theirs = str(ours[name]), str(django[name])
        assert mine == str(ours[name].as_widget(widget=plain)), name  # byte for byte
        assert parse_html(mine) == parse_html(theirs), name
        assert "<tre>" not in mine and "<y>" not in mine and "<mer>" not in mine


def test_values_choice_fields_use_the_flat_select():
    from jobbspar.forms import ValuesChoiceField

    assert isinstance(ValuesChoiceField(queryset=None).widget, Select)


def test_crispy_renders_the_project_select_as_djangos():
    """Crispy forms names a field's CSS class after its widget class: the project Select must
    come out as Django's Select does, class "select" and all."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    class Both(forms.Form):
        ours = forms.ChoiceField(label="Val", choices=[("", "—"), ("a", "A")], widget=Select)
        theirs = forms.ChoiceField(
            label="Val", choices=[("", "—"), ("a", "A")], widget=forms.Select
        )

    form = Both({"ours": "a", "theirs": "a"})
    assert str(as_crispy_field(form["ours"])).replace("ours", "theirs") == str(
        as_crispy_field(form["theirs"])
    )
