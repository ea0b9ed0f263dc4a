"""Optimistic locking: two people editing the same record never overwrite each other silently.

Every editable case record has a `version` (`version_field()`). Its edit form carries the
version it was opened with as a hidden field (`VersionedFormMixin`). The domain save functions
write with `save_versioned`, a single `UPDATE ... SET ..., version = version + 1 WHERE id = %s
AND version = %s`: if somebody saved in between, nothing is written and `EditConflict` is
raised. The form then shows which fields changed meanwhile (their value now and the user's),
keeps everything the user typed, and carries the current version, so saving again is a
deliberate choice to replace the other person's values. (A post without a version, from a
client that never showed the form, is still checked against the version loaded for the request.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pgtrigger
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbspar.forms import add_validation_error
from jobbspar.local_time import format_value

T = TypeVar("T")


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)


def version_trigger(*, not_counting: tuple[str, ...] = ()) -> pgtrigger.Trigger:
    """Every update moves the version on, whoever writes (a form, a bulk update, a job), so an
    edit form opened before any change notices it. An update that changes only columns the
    database keeps from other tables (`not_counting`, their column names) is no change of the
    record and leaves it."""
    condition = None
    if not_counting:
        # Fire unless a kept column changed and nothing else did.
        names = "{" + ",".join(not_counting) + "}"
        old = ", ".join(f"OLD.{name}" for name in not_counting)
        new = ", ".join(f"NEW.{name}" for name in not_counting)
        condition = pgtrigger.Condition(
            f"ROW({old}) IS NOT DISTINCT FROM ROW({new}) OR "
            f"to_jsonb(OLD.*) - '{names}'::text[] "
            f"IS DISTINCT FROM to_jsonb(NEW.*) - '{names}'::text[]"
        )
    return pgtrigger.Trigger(
        name="version_bump",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=condition,
        func="NEW.version := OLD.version + 1; RETURN NEW;",
    )


class EditConflict(Exception):
    """Somebody else saved the record after the user opened it; nothing was written."""

    def __init__(self, instance: Versioned) -> None:
        super().__init__(f"{instance._meta.label} {instance.pk} was changed meanwhile")
        self.instance = instance


def save_versioned(instance: Versioned) -> None:
    """Save `instance`: insert it if new; otherwise update it only if the stored version is still
    `instance.version` (the one the user started from), and move the version on by one."""
    if instance._state.adding or instance.pk is None:
        instance.save()
        return
    model = type(instance)
    expected = instance.version
    values = {
        field.attname: field.pre_save(instance, False)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != "version"
    }
    with transaction.atomic():
        updated = model._base_manager.filter(pk=instance.pk, version=expected).update(
            version=F("version") + 1, **values
        )
        if updated != 1:
            raise EditConflict(instance)
    instance.version = expected + 1
    instance._state.adding = False


def _display(form_field: forms.Field, model_field: models.Field | None, value: Any) -> str:
    if value in (None, "", [], ()):
        return "–"
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "all") and callable(value.all):  # a queryset of related objects
        return ", ".join(str(obj) for obj in value.all()) or "–"
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    base_field = getattr(model_field, "base_field", None)  # an ArrayField's items
    if not choices and base_field is not None:
        choices = dict(base_field.flatchoices or [])
    if not choices and hasattr(form_field, "choices"):
        try:
            choices = {str(k): v for k, v in form_field.choices}
        except (TypeError, ValueError):
            choices = {}
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(choices.get(item, choices.get(str(item), item))) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date | dt.time):
        return format_value(value)  # a moment in Swedish time, never the stored UTC
    return str(choices.get(value, choices.get(str(value), value)))


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "all") and callable(value.all):
        return sorted(obj.pk for obj in value.all())
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_comparable(item) for item in value)
    if value == "":
        return None
    return value


# A mixin for ModelForms: to the type checker it is one.
if TYPE_CHECKING:
    _ModelForm = forms.ModelForm[Any]
else:
    _ModelForm = object
# A model with a `version` field (version_field()); models have no common base that names it.
Versioned = Any


class VersionedFormMixin(_ModelForm):
    """For the ModelForm of a versioned record: put it first in the bases."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=self.instance.version, min_value=1, required=False
        )
        self.conflicts: list[tuple[str, str, str]] = []
        # The record as stored when the form was bound, before the form changes the instance.
        self._stored = self._values_of(self.instance) if self.instance.pk else {}

    def _model_field(self, name: str) -> models.Field | None:
        try:
            return self.instance._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def _values_of(self, instance: models.Model) -> dict[str, Any]:
        values = {}
        for name in self.fields:
            field = self._model_field(name)
            if name == "version" or field is None:
                continue
            if field.many_to_many:
                values[name] = list(getattr(instance, name).all()) if instance.pk else []
            else:
                values[name] = getattr(instance, field.name)
        return values

    def _snapshot_at(self, version: int) -> dict[str, Any] | None:
        """The record's field values when it had `version`, from its write history."""
        event_models = getattr(type(self.instance), "pgh_event_models", None)
        if not event_models:
            return None
        event = (
            event_models["update"]
            .objects.filter(pgh_obj_id=self.instance.pk, version=version)
            .order_by("-pgh_id")
            .values()
            .first()
        )
        if event is None:
            return None
        snapshot = {}
        for name in self._stored:
            field = self._model_field(name)
            if field is not None and not field.many_to_many and field.attname in event:
                snapshot[name] = event[field.attname]
        return snapshot

    def _record_conflict(self, current: Versioned, stored: dict[str, Any]) -> None:
        posted = self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None
        snapshot = self._snapshot_at(posted) if posted else None
        self.conflicts = []
        for name, now in stored.items():
            field = self._model_field(name)
            if field is None:  # `stored` holds model fields only
                continue
            yours = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            if snapshot is not None and name in snapshot:
                then = snapshot[name]
                now_cmp = getattr(current, field.attname) if field.is_relation else now
                changed = _comparable(then) != _comparable(now_cmp)
            else:
                changed = _comparable(now) != _comparable(yours)
            if changed:
                self.conflicts.append(
                    (
                        str(self.fields[name].label or field.verbose_name),
                        _display(self.fields[name], field, now),
                        _display(self.fields[name], field, yours),
                    )
                )
        self.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it, so nothing was "
                "saved. Check the fields below and save again to replace their values with yours."
            ),
        )
        for label, now, yours in self.conflicts:
            self.add_error(
                None,
                _("%(field)s was changed meanwhile: now “%(now)s”, yours “%(yours)s”.")
                % {"field": label, "now": now, "yours": yours},
            )
        # Keep everything the user typed; a second save is a deliberate overwrite.
        posted = cast(QueryDict, self.data).copy()
        posted[self.add_prefix("version")] = current.version
        self.data = posted
        self.instance.version = current.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        version = cleaned.get("version")
        if self.instance.pk and version is not None and version != self.instance.version:
            self._record_conflict(self.instance, self._stored)
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # ModelForm's hook after clean()
        version = getattr(self, "cleaned_data", {}).get("version")
        if version is not None and not self.errors:
            self.instance.version = version

    def conflict_after_save(self) -> None:
        """The record changed between validation and the save: show it like any conflict."""
        current = type(self.instance)._base_manager.get(pk=self.instance.pk)
        self._record_conflict(current, self._values_of(current))


def save_or_conflict(form: VersionedFormMixin, save: Callable[[], T]) -> T | None:
    """Run the domain save for a valid versioned form; on a conflict, or when the domain refuses
    (a ValidationError), put it on the form and return None."""
    try:
        with transaction.atomic():
            return save()
    except EditConflict:
        form.conflict_after_save()
        return None
    except ValidationError as refused:
        add_validation_error(form, refused)
        return None
