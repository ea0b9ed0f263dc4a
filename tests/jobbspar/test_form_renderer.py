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


class Inputs(forms.Form):
    """Every input widget Django draws through input.html, and a textarea, with values and
    attributes that need escaping, a safe one, True, False and 0."""

    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": 'Namn "x" & <y>', "data-z": 0}
        )
    )
    number = forms.IntegerField(required=False)
    decimal = forms.DecimalField(localize=True, required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    shown_secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    moment = forms.DateTimeField(required=False)
    at = forms.TimeField(required=False)
    agree = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    search = forms.CharField(
        widget=forms.TextInput(attrs={"type": "search", "aria-describedby": mark_safe("a&amp;b")}),
        required=False,
    )
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "hidden": False}))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "required": True, "title": gettext_lazy("Note")}),
        required=False,
    )
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    disabled = forms.CharField(disabled=True, required=False)


@pytest.mark.parametrize(
    "data, initial",
    [
        (None, None),
        (
            None,
            {
                "text": "Åsa <b>",
                "number": 3,
                "decimal": "1.5",
                "when": __import__("datetime").date(2026, 12, 3),
                "moment": __import__("datetime").datetime(2026, 12, 3, 9, 30),
                "at": __import__("datetime").time(8, 15),
                "agree": True,
                "note": mark_safe("<i>säker</i>"),
                "disabled": 'quote "q"',
            },
        ),
        (
            {
                "text": '"><script>alert(1)</script>',
                "number": "tolv",
                "decimal": "2,5",
                "email": "a@b.se",
                "secret": "hemligt",
                "shown_secret": "synligt & <x>",
                "hidden": "h",
                "agree": "on",
                "note": "Rad 1\nRad 2 & <script>",
                "empty_note": "",
                "phone": "070",
            },
            None,
        ),
    ],
)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_inputs_and_textareas_are_byte_for_byte_djangos_templates(data, initial, language):
    """The renderer writes <input> and <textarea> itself (issue 18): the same bytes as Django's
    own templates, in both languages (a localized decimal), bound and unbound."""
    from django.utils import translation

    with translation.override(language):
        ours = Inputs(data, initial=initial, renderer=FormRenderer())
        django = Inputs(data, initial=initial, renderer=DjangoTemplates())
        for name in ours.fields:
            mine, theirs = str(ours[name]), str(django[name])
            assert mine == theirs, name
            assert "<script>" not in mine and "<b>" not in mine and "<y>" not in mine
        assert str(ours) == str(django)  # labels, errors and help texts around them too


def test_crispy_fields_are_the_same_with_the_written_inputs():
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    data = {"text": "<x>", "number": "1", "note": "n", "agree": "on", "phone": ""}
    ours = Inputs(data, renderer=FormRenderer())
    django = Inputs(data, renderer=DjangoTemplates())
    assert str(as_crispy_form(ours)) == str(as_crispy_form(django))


def test_a_template_put_in_djangos_place_is_used(tmp_path):
    """If another app (or a later Django) puts its own input.html or attrs.html first, the
    renderer goes through the templates rather than write Django's HTML."""
    from django.template.backends.django import DjangoTemplates as Engine

    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "attrs.html").write_text(
        '{% for name, value in widget.attrs.items %} {{ name }}="{{ value }}"{% endfor %} data-own'
    )

    class Overridden(FormRenderer):
        @property
        def engine(self):
            return Engine(
                {
                    "APP_DIRS": True,
                    "DIRS": [tmp_path, DjangoTemplates.engine.func(DjangoTemplates()).dirs[0]],
                    "NAME": "overridden",
                    "OPTIONS": {},
                }
            )

    class One(forms.Form):
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)

    form = One(renderer=Overridden())
    assert "data-own" in str(form["name"])
    assert "data-own" in str(form["note"])
    assert "data-own" not in str(One(renderer=FormRenderer())["name"])


def test_inputs_and_textareas_do_not_go_through_templates(monkeypatch):
    """The point of writing them: no widget template is rendered for them."""
    rendered = []
    original = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        rendered.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    form = Inputs({"text": "x", "note": "y"}, renderer=FormRenderer())
    for name in form.fields:
        if name != "upload":
            form[name].as_widget()
    assert rendered == []
    form["upload"].as_widget()  # a file input is clearable: Django's own template
    assert rendered == ["django/forms/widgets/clearable_file_input.html"]


def test_a_choice_field_s_forms_draw_the_same_select_from_their_own_choices():
    choices = [("", "–"), ("a", gettext_lazy("Status & <mer>")), ("b", "B")]

    class Choosing(forms.Form):
        status = forms.ChoiceField(choices=choices, required=False, widget=Select)

    class Drawn(forms.Form):
        status = forms.ChoiceField(choices=choices, required=False, widget=Select)

    first, second = Choosing(initial={"status": "a"}), Choosing({"status": "b"})
    assert first.fields["status"].choices == second.fields["status"].choices
    assert first.fields["status"].choices is not second.fields["status"].choices
    assert str(first["status"]) == str(Drawn(initial={"status": "a"})["status"])
    assert second.is_valid() and second.cleaned_data == {"status": "b"}
    assert not Choosing({"status": "c"}).is_valid()
    # Choices given to one form's field are that form's alone.
    first.fields["status"].choices = [("z", "Z")]
    assert 'value="z"' in str(first["status"])
    assert 'value="z"' not in str(Choosing()["status"])
    assert [value for value, _label in Choosing().fields["status"].choices] == ["", "a", "b"]
