"""A form's choice fields are copied as Django copies them, without walking their choices
(jobbspar/choice_copies.py, issue 18): for every form of the project, and for the kinds of
choices it leaves to Django."""

import copy
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jobbspar import choice_copies
from jobbspar.choices_display import project_app_labels


def _project_forms() -> list[type[forms.BaseForm]]:
    for label in sorted(project_app_labels()):
        package = importlib.import_module(label)
        for module in pkgutil.walk_packages(package.__path__, f"{label}."):
            if ".migrations" in module.name or module.name.endswith(".tests"):
                continue
            importlib.import_module(module.name)
    found, queue = [], [forms.BaseForm]
    while queue:
        for subclass in queue.pop().__subclasses__():
            queue.append(subclass)
            if subclass.__module__.split(".")[0] in project_app_labels():
                found.append(subclass)
    return found


def _choice_fields():
    return [
        pytest.param(field, id=f"{form.__module__}.{form.__qualname__}.{name}")
        for form in _project_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        # A model choice field keeps Django's own copy (its queryset), untouched here.
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)
    ]


def test_installed():
    assert forms.ChoiceField.__deepcopy__ is choice_copies._choice_field_deepcopy


def test_the_project_has_choice_fields_to_compare():
    fields = _choice_fields()
    assert len(fields) > 20
    # Nearly all are the usual flat list this module copies by hand.
    assert sum(choice_copies.copied_choices(p.values[0]._choices) is not None for p in fields) > 20


@pytest.mark.parametrize("field", _choice_fields())
def test_every_choice_field_of_the_project_is_copied_as_django_copies_it(field):
    ours, djangos = copy.deepcopy(field), choice_copies.django_copy(field)
    assert type(ours) is type(djangos) is type(field)
    assert ours is not field
    assert ours.widget is not field.widget
    assert list(ours.choices) == list(djangos.choices) == list(field.choices)
    assert list(ours.widget.choices) == list(djangos.widget.choices)
    assert ours.error_messages == djangos.error_messages
    assert ours.error_messages is not field.error_messages
    assert ours.validators == djangos.validators
    assert ours.validators is not field.validators
    assert ours.widget.attrs == djangos.widget.attrs
    assert ours.widget.attrs is not field.widget.attrs
    if choice_copies.copied_choices(field._choices) is not None:
        # The same pairs, as deepcopy keeps them, in a list of the copy's own.
        assert ours._choices is not field._choices
        assert all(a is b for a, b in zip(ours._choices, djangos._choices, strict=True))


def test_a_copy_changed_by_a_form_leaves_the_class_field_alone():
    class Form(forms.Form):
        colour = forms.ChoiceField(choices=[("red", _("Red")), ("blue", _("Blue"))])

    form = Form()
    form.fields["colour"].choices = [("green", "Green")]
    form.fields["colour"].widget.attrs["class"] = "changed"
    again = Form()
    assert again.fields["colour"].choices == [("red", _("Red")), ("blue", _("Blue"))]
    assert "class" not in again.fields["colour"].widget.attrs
    appended = Form()
    appended.fields["colour"].choices.append(("green", "Green"))
    assert len(Form().fields["colour"].choices) == 2


def test_labels_stay_lazy_and_follow_the_language():
    class Form(forms.Form):
        when = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])

    with translation.override("sv"):
        assert [str(label) for _value, label in Form().fields["when"].choices] == ["Ja", "Nej"]
    with translation.override("en"):
        assert [str(label) for _value, label in Form().fields["when"].choices] == ["Yes", "No"]


@pytest.mark.parametrize(
    "choices",
    [
        # Groups: a list inside each pair.
        [("Nordic", [("se", "Sweden"), ("no", "Norway")]), ("other", "Other")],
        # A value of another kind (a list).
        [(["a"], "A"), ("b", "B")],
    ],
    ids=["groups", "list value"],
)
def test_choices_holding_a_list_are_deep_copied_by_django(choices):
    field = forms.ChoiceField(choices=choices)
    assert choice_copies.copied_choices(field._choices) is None
    ours, djangos = copy.deepcopy(field), choice_copies.django_copy(field)
    assert ours.choices == djangos.choices == field.choices
    for theirs, original in zip(ours._choices, field._choices, strict=True):
        for part, original_part in zip(theirs, original, strict=True):
            if isinstance(original_part, list):
                assert part == original_part and part is not original_part


@pytest.mark.parametrize(
    "choices",
    [lambda: [("a", "A")], [("a", "A", "extra")]],
    ids=["callable", "triple"],
)
def test_other_choices_are_left_to_django(choices):
    field = forms.ChoiceField(choices=choices)
    assert choice_copies.copied_choices(field._choices) is None
    assert list(copy.deepcopy(field).choices) == list(choice_copies.django_copy(field).choices)


def test_a_mixin_s_copy_runs_as_with_django():
    copied = []

    class Marking(forms.Field):
        def __deepcopy__(self, memo):
            copied.append(self)
            return super().__deepcopy__(memo)

    class Field(forms.ChoiceField, Marking):
        pass

    field = Field(choices=[("a", "A")])
    assert choice_copies.copied_choices(field._choices) is not None
    copy.deepcopy(field)
    assert copied == [field]


def test_choices_changed_in_place_are_checked_again():
    field = forms.ChoiceField(choices=[("a", "A")])
    copy.deepcopy(field)  # a flat list, copied here
    field.choices.append(("Group", [("b", "B")]))  # the same list, now with a group
    copied = copy.deepcopy(field)
    assert copied.choices[1] == ("Group", [("b", "B")])
    assert copied.choices[1][1] is not field.choices[1][1]  # deep-copied, as Django does
