import itertools
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import signals
from django.forms import BoundField
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jobbspar.form_renderer import Select
from jobbspar.models import NotificationKind, Partnership


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a domain function's ValidationError on the form: at the fields it names when the form
    has them, otherwise (and for a plain message list) at the top of the form.

    Views call the domain function that saves (which owns the rules) and use this to translate
    its refusal; they do not check rules themselves.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


class LoginForm(AuthenticationForm):
    """The sign-in form, with autocomplete hints (WCAG 1.3.5) and no user enumeration."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DateInput(forms.DateInput):
    """A native date picker; browsers submit ISO dates (2026-12-01) whatever their locale."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class IsoDateField(forms.DateField):
    """A date field that accepts ISO dates only and says so when it refuses one."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter the date as YYYY-MM-DD, for example 2026-12-01."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class NotificationPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Every notification is always shown in Jobbspår; these choices are about e-mail."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email_kinds"].choices = NotificationKind.choices


class TwoFactorCodeForm(forms.Form):
    """A six-digit code from an authenticator app, or a one-time recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Six digits from your authenticator app, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code.")},
    )


class _ValuesChoiceIterator(forms.models.ModelChoiceIterator):
    """(value, label) pairs read with values_list: no model instance per option."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field: Any = self.field
        if field.shared:
            return iter(_shared_choices(field, self._read))
        return self._read()

    def __len__(self) -> int:
        field: Any = self.field
        if field.shared:
            return len(_shared_choices(field, self._read))
        return super().__len__()

    def __bool__(self) -> bool:
        field: Any = self.field
        if field.shared:
            return bool(_shared_choices(field, self._read))
        return super().__bool__()

    def _read(self) -> Iterator[tuple[Any, Any]]:
        field: Any = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        key = field.to_field_name or "pk"
        label = field.label_format
        if isinstance(label, str):
            label = label.format
        for value, *parts in self.queryset.values_list(key, *field.label_fields):
            yield (value, label(*parts))


class ValuesChoiceField(forms.ModelChoiceField):
    """A choice of one row from a long list (2 000 employers, 429 occupations nationally), whose
    options are read as plain values, labelled by `label_format` over `label_fields`, instead
    of one model instance each (`label_format` may also be a function of the fields).
    Validation is ModelChoiceField's: the chosen row is fetched.

    `shared=True`: the options are the same for every user (reference data such as the
    occupations; never a list scoped by user): read once per process and language and kept
    for SHARED_CHOICES_MAX_AGE seconds, or until a row of the queryset's model is saved or
    deleted in this process (and of `forget_on`, the other models the queryset reads, such as
    the needs that make an occupation one of the dashboard's). The queryset must then be given
    here, in the declaration, and not replaced per form; validation still reads the chosen row
    from it, so a stale option can only be refused, never let through."""

    iterator = _ValuesChoiceIterator
    widget = Select

    def __init__(
        self,
        *args,
        label_fields=("name",),
        label_format="{}",
        shared=False,
        forget_on=(),
        **kwargs,
    ) -> None:
        self.label_fields = tuple(label_fields)
        self.label_format = label_format
        self.shared = shared
        super().__init__(*args, **kwargs)
        if shared:
            if self.queryset is None or any("__" in name for name in self.label_fields):
                raise ValueError("A shared choice list needs its queryset and own-field labels")
            self.shared_key = next(_shared_keys)
            for model in (self.queryset.model, *forget_on):
                _forget_on_change(model)


# Shared choice lists (ValuesChoiceField(shared=True)): {(field key, language): (read at, list)}.
SHARED_CHOICES_MAX_AGE = 60.0
_shared_lists: dict[tuple[int, str | None], tuple[float, list[tuple[Any, Any]]]] = {}
_shared_keys = itertools.count()


def _shared_entry(
    field: "ValuesChoiceField", read: Callable[[], Iterator[tuple[Any, Any]]]
) -> tuple[float, list[tuple[Any, Any]]]:
    key = (field.shared_key, translation.get_language())
    now = time.monotonic()
    kept = _shared_lists.get(key)
    if kept is not None and now - kept[0] < SHARED_CHOICES_MAX_AGE:
        return kept
    kept = _shared_lists[key] = (now, list(read()))
    return kept


def _shared_choices(
    field: "ValuesChoiceField", read: Callable[[], Iterator[tuple[Any, Any]]]
) -> list[tuple[Any, Any]]:
    return _shared_entry(field, read)[1]


def forget_shared_choices(**kwargs: Any) -> None:
    """Drop every shared choice list and the fields drawn from them (a row changed; tests
    between cases)."""
    _shared_lists.clear()
    _drawn_choice_fields.clear()
    _drawn_widgets.clear()


# --- Choice fields drawn once --------------------------------------------------------------------

# {what the field's HTML depends on: its HTML}, for as_crispy_choice (jobbspar_fields).
_drawn_choice_fields: dict[tuple[Any, ...], SafeString] = {}
DRAWN_CHOICE_FIELDS_MAX = 2000


def crispy_choice_field(field: BoundField, draw: Callable[[BoundField], SafeString]) -> SafeString:
    """`draw(field)` (crispy's as_crispy_field) for a single-choice <select>, or a text, number
    or date input left empty (a filter not in use), kept per process and given again when
    everything its HTML depends on is the same: name and id, language, label, help text,
    attributes, the options (a shared list's version, or the labels of a list made per form,
    such as a user's target groups; a model choice with an empty queryset has only its empty
    label) and the chosen value. A field with errors, a list read per form, or a value that is
    not one of its options (free input, which would grow the store without bound; an input
    with a value, except a whole number within an integer field's bounds) is drawn every
    time."""
    key = _choice_field_key(field)
    if key is None:
        return draw(field)
    drawn = _drawn_choice_fields.get(key)
    if drawn is None:
        if len(_drawn_choice_fields) >= DRAWN_CHOICE_FIELDS_MAX:
            _drawn_choice_fields.clear()
        drawn = _drawn_choice_fields[key] = draw(field)
    return drawn


# Where a widget's name and id go in the HTML drawn_widget keeps: attribute values with a NUL,
# which no widget it keeps draws (their values are the form's own options, or empty).
_NAME_MARK, _ID_MARK = 'name="\x00name\x00"', 'id="\x00id\x00"'


def drawn_widget(bound: BoundField) -> SafeString:
    """`bound.as_widget()`, kept per process with the field's name and id taken out, for a form
    drawn once per row of a page with its own prefix (the attendance page's form per member):
    given again, with the row's name and id put in, whenever everything else its HTML depends on
    is the same (crispy_choice_field's rule, less the name and id). A field it would draw every
    time is drawn every time here too, and so is one whose HTML names it anywhere but in its
    `name` and `id` attributes (help text's `aria-describedby`, an option that holds the text)."""
    key = _choice_field_key(bound, named=False)
    name, auto_id = escape(bound.html_name), escape(bound.auto_id or "")
    if key is None or not name or not auto_id:
        return bound.as_widget()
    kept = _drawn_widgets.get(key)
    if kept is None:
        html = bound.as_widget()
        marked = html.replace(f'id="{auto_id}"', _ID_MARK, 1).replace(
            f'name="{name}"', _NAME_MARK, 1
        )
        if name in marked or _ID_MARK not in marked or _NAME_MARK not in marked:
            return html  # named elsewhere too (the id holds the name): not kept
        if len(_drawn_widgets) >= DRAWN_CHOICE_FIELDS_MAX:
            _drawn_widgets.clear()
        kept = _drawn_widgets[key] = marked
    return SafeString(
        kept.replace(_ID_MARK, f'id="{auto_id}"').replace(_NAME_MARK, f'name="{name}"')
    )


# {what a widget's HTML depends on but its name and id: its HTML with marks for them}.
_drawn_widgets: dict[tuple[Any, ...], str] = {}


def _choice_field_key(bound: BoundField, *, named: bool = True) -> tuple[Any, ...] | None:
    field: Any = bound.field
    widget = field.widget
    if (
        bound.errors
        or getattr(bound.form, "helper", None) is not None
        or field.disabled
        or field.show_hidden_initial
    ):
        return None
    value = bound.value()
    chosen = "" if value is None else str(value)
    if isinstance(widget, _KEPT_INPUTS) and not isinstance(widget, _DRAWN_INPUTS):
        if chosen and not _a_bounded_number(field, chosen):
            return None  # free input
        options: tuple[Any, ...] = ("input", widget.input_type)
    elif not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
        return None
    else:
        if getattr(field, "shared", False):
            read_at, choices = _shared_entry(field, field.iterator(field)._read)
            options = ("shared", field.shared_key, read_at)
        elif isinstance(field, forms.ModelChoiceField):
            if field.queryset is None or not field.queryset.query.is_empty():
                return None  # read per form: its options may be the user's own
            # Nothing to choose (queryset.none()): its empty label only, without a query.
            choices = [] if field.empty_label is None else [("", field.empty_label)]
            options = ("none", *(str(label) for _value, label in choices))
        else:
            choices = list(field.choices)
            base = bound.form.base_fields.get(bound.name)
            if isinstance(base, forms.ChoiceField) and _the_class_choices(choices, base):
                # The form class's own options (its class and the language are in the key):
                # not their text again for every row of a page.
                options = ("class",)
            else:
                options = tuple((str(value), str(label)) for value, label in choices)
        if chosen and chosen not in {str(option) for option, _label in choices}:
            return None
    return (
        type(bound.form),
        type(field),
        type(widget),
        bound.html_name if named else bound.name,
        bound.auto_id if named else None,
        translation.get_language(),
        str(bound.label),
        str(field.help_text),
        field.required,
        bound.form.is_bound,
        bound.form.use_required_attribute,
        tuple(sorted((name, str(attr)) for name, attr in widget.attrs.items())),
        options,
        chosen,
    )


def _the_class_choices(choices: list[Any], base: forms.ChoiceField) -> bool:
    """`choices` are the very pairs of the class's field (the form copied them, choice_copies.py,
    and changed none)."""
    declared = base._choices if isinstance(base._choices, list) else None
    return (
        declared is not None
        and len(choices) == len(declared)
        and all(mine is theirs for mine, theirs in zip(choices, declared, strict=True))
    )


def _a_bounded_number(field: forms.Field, value: str) -> bool:
    """`value` is a whole number as written (no sign, spaces or leading zero) between the
    least and greatest of an integer field that has both (a year): a short list, like options."""
    if not isinstance(field, forms.IntegerField) or not (value.isascii() and value.isdigit()):
        return False
    if value.startswith("0"):
        return False  # "02026", "002026" …: without end
    least, greatest = field.min_value, field.max_value
    if not isinstance(least, int) or not isinstance(greatest, int):
        return False  # no bounds, or bounds that are worked out each time
    return least <= int(value) <= greatest


# Inputs whose HTML, left empty, is the same on every page; not those with a state of their own.
_KEPT_INPUTS = forms.widgets.Input
_DRAWN_INPUTS = (forms.CheckboxInput, forms.FileInput, forms.HiddenInput, forms.PasswordInput)


def _forget_on_change(model: type) -> None:
    uid = f"jobbspar.forms.shared_choices.{model._meta.label}"
    signals.post_save.connect(forget_shared_choices, sender=model, dispatch_uid=uid)
    signals.post_delete.connect(forget_shared_choices, sender=model, dispatch_uid=uid)


# A mixin for ModelForms: to the type checker it is one.
if TYPE_CHECKING:
    _ModelForm = forms.ModelForm[Any]
else:
    _ModelForm = object


class PartnershipFormMixin(_ModelForm):
    """A model form that creates a partnership's work (a need, a meeting): the partnership is the
    user's only one, or a choice among the user's partnerships (jobbspar.access.partnerships_for).
    An existing object keeps its partnership. Subclasses that derive it from another choice (a
    meeting from its need) override `partnership_from`."""

    partnership_derivable = False

    def setup_partnership(self, partnerships) -> None:
        self._partnerships = None
        if self.instance.pk is not None or partnerships is None:
            return
        self._partnerships = list(partnerships)
        if len(self._partnerships) > 1:
            self.fields["partnership"] = forms.ModelChoiceField(
                label=_("Partnership"),
                queryset=partnerships,
                # Not needed where another choice decides it (a meeting's need).
                required=not self.partnership_derivable,
                help_text=_("Which of your partnerships runs this work."),
                error_messages={"invalid_choice": _("Choose one of your partnerships.")},
            )

    def partnership_from(self, cleaned: dict[str, Any]) -> Partnership | None:
        """The partnership the object belongs to, from the form's other choices (or None)."""
        return None

    def clean_partnership_choice(self, cleaned: dict) -> None:
        if self._partnerships is None:
            return
        derived = self.partnership_from(cleaned)
        chosen = cleaned.get("partnership")
        if not self._partnerships:
            self.add_error(
                None, _("You belong to no partnership: ask an administrator to add yours.")
            )
        elif derived is not None and derived not in self._partnerships:
            self.add_error(None, _("That belongs to another partnership."))
        elif derived is not None and chosen is not None and derived != chosen:
            self.add_error("partnership", _("The need belongs to another of your partnerships."))
        elif derived is not None:
            self.instance.partnership = derived
        elif chosen is not None:
            self.instance.partnership = chosen
        elif len(self._partnerships) == 1:
            self.instance.partnership = self._partnerships[0]
        elif "partnership" not in self.errors:
            self.add_error("partnership", _("Choose one of your partnerships."))
