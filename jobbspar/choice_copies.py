"""A form's choice fields copied without walking their choices.

Every form copies its class's fields when it is made (`BaseForm.__init__` deep-copies
`base_fields`), and Django's `ChoiceField.__deepcopy__` deep-copies the field's list of choices:
`copy.deepcopy` visits every (value, label) pair and every lazily translated label in it, to
find nothing to copy, since a pair of text values cannot change. A search form's eight fields
took ~220 µs that way, and the copies were ~7 % of the Python calls of the participant search,
the attendance page and the dashboard (issue 18's profile).

`install()` (from JobbsparConfig.ready) gives `ChoiceField` (and so every field that inherits
its copy: typed and multiple choice fields, and those of model forms) a `__deepcopy__` that,
for the usual flat list of pairs of immutable values (text, numbers, an enumeration's members,
lazy translations), copies the list and keeps its pairs, which is what `deepcopy`
gives for them. Anything else (groups of choices, a callable, a model choice iterator, a value
of another kind) is deep-copied as Django does. Tested against Django's copy for every form of
the project (tests/jobbspar/test_choice_copies.py).
"""

from __future__ import annotations

import copy
import enum
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise

# Values that deepcopy returns as they are: a copy of a pair of them is the pair itself.
_ATOMS = frozenset({str, int, float, bool, type(None), Decimal})
# A lazy translation and an enumeration's member: deepcopy returns them as they are too.
_IMMUTABLE = (Promise, enum.Enum)

_django_deepcopy = forms.ChoiceField.__deepcopy__


def copied_choices(choices: Any) -> list[Any] | None:
    """A copy of a flat list of (value, label) pairs of immutable values, as `deepcopy` would
    make it; None for choices of any other form."""
    if type(choices) is not list:
        return None
    for choice in choices:
        if type(choice) is not tuple or len(choice) != 2:
            return None
        value, label = choice
        if not (
            (type(value) in _ATOMS or isinstance(value, _IMMUTABLE))
            and (type(label) in _ATOMS or isinstance(label, _IMMUTABLE))
        ):
            return None
    return list(choices)


def _choice_field_deepcopy(self: Any, memo: dict[int, Any]) -> Any:
    copied = copied_choices(self._choices)
    if copied is None:
        return _django_deepcopy(self, memo)
    # What ChoiceField.__deepcopy__ does (the parent's copy: the widget, its choices, the
    # messages and validators), with the field's own choices copied here.
    result = super(forms.ChoiceField, self).__deepcopy__(memo)
    result._choices = copied
    return result


def install() -> None:
    forms.ChoiceField.__deepcopy__ = _choice_field_deepcopy  # type: ignore[method-assign]


def django_copy(field: forms.Field) -> forms.Field:
    """The field copied as Django copies it, whatever is installed (for the tests)."""
    installed = forms.ChoiceField.__deepcopy__
    forms.ChoiceField.__deepcopy__ = _django_deepcopy  # type: ignore[method-assign]
    try:
        return copy.deepcopy(field)
    finally:
        forms.ChoiceField.__deepcopy__ = installed  # type: ignore[method-assign]
