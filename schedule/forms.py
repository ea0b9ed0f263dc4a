from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import EducationProvider
from jobbspar.form_renderer import Select
from jobbspar.forms import IsoDateField
from jobbspar.locking import VersionedFormMixin
from schedule.models import (
    AbsenceReason,
    AttendanceStatus,
    ExceptionKind,
    Strand,
    StrandKind,
    Weekday,
)
from schedule.plan_templates import PLAN_TEMPLATES
from schedule.sessions import TimeSpan
from tracks.models import ResponsibleParty

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def time_field(label: StrOrPromise, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=TimeInput,
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": _("Enter the time as HH:MM, for example 08:30.")},
    )


class StrandForm(VersionedFormMixin, forms.ModelForm):
    starts_on = IsoDateField(label=_("Starts"))
    ends_on = IsoDateField(label=_("Ends"))

    class Meta:
        model = Strand
        fields = [
            "kind",
            "language_course",
            "level",
            "name",
            "responsible",
            "provider",
            "starts_on",
            "ends_on",
            "place",
        ]

    def __init__(
        self, *args: Any, providers: QuerySet[EducationProvider] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The providers come from an access function (employers.access.education_providers_for).
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = providers if providers is not None else EducationProvider.objects.none()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == StrandKind.LANGUAGE and not cleaned.get("language_course"):
            self.add_error("language_course", _("Choose the language course."))
        if kind != StrandKind.LANGUAGE:
            cleaned["language_course"] = ""
            cleaned["level"] = ""
            self.instance.language_course = ""
            self.instance.level = ""
        if kind == StrandKind.OTHER and not cleaned.get("name"):
            self.add_error("name", _("Name the strand."))
        if cleaned.get("provider") and cleaned.get("responsible") != ResponsibleParty.PROVIDER:
            self.add_error(
                "provider",
                _("Only a strand an education provider is responsible for names a provider."),
            )
        return cleaned


class PatternForm(forms.Form):
    """For each weekday, the times the strand meets; both empty means it does not meet."""

    def __init__(self, *args: Any, strand: Strand, **kwargs: Any) -> None:
        initial = {}
        for row in strand.weekdays.all():
            initial[f"start_{row.weekday}"] = row.starts_at
            initial[f"end_{row.weekday}"] = row.ends_at
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for weekday in Weekday:
            self.fields[f"start_{weekday.value}"] = time_field(
                _("%(day)s from") % {"day": weekday.label}
            )
            self.fields[f"end_{weekday.value}"] = time_field(
                _("%(day)s to") % {"day": weekday.label}
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for weekday in Weekday:
            start = cleaned.get(f"start_{weekday.value}")
            end = cleaned.get(f"end_{weekday.value}")
            if (start is None) != (end is None) and not self.errors:
                self.add_error(
                    f"start_{weekday.value}" if start is None else f"end_{weekday.value}",
                    _("Give both times for %(day)s, or neither.") % {"day": weekday.label},
                )
            elif start is not None and end is not None and end <= start:
                self.add_error(f"end_{weekday.value}", _("A session must end after it starts."))
        return cleaned

    def weekly(self) -> dict[int, TimeSpan]:
        weekly: dict[int, TimeSpan] = {}
        for weekday in Weekday:
            start = self.cleaned_data.get(f"start_{weekday.value}")
            end = self.cleaned_data.get(f"end_{weekday.value}")
            if start is not None and end is not None:
                weekly[weekday.value] = (start, end)
        return weekly


class ExceptionForm(forms.Form):
    day = IsoDateField(label=_("Day"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ExceptionKind.choices, widget=forms.RadioSelect
    )
    starts_at = time_field(_("From (extra day)"))
    ends_at = time_field(_("To (extra day)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def times(self) -> TimeSpan | None:
        start, end = self.cleaned_data.get("starts_at"), self.cleaned_data.get("ends_at")
        if start is None or end is None:
            return None
        return (start, end)


class AttendanceForm(forms.Form):
    """One member's attendance at one session (prefixed per member on the day's page)."""

    # A form per member on the day's page: each select written straight from the choices (and
    # the choices copied without walking them, jobbspar/choice_copies.py).
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[("", _("Not recorded")), *AttendanceStatus.choices],
        required=False,
        widget=Select,
    )
    reason = forms.ChoiceField(
        label=_("Reason for absence"),
        choices=[("", "–"), *AbsenceReason.choices],
        required=False,
        widget=Select,
    )
    hours_missed = forms.DecimalField(
        label=_("Hours missed (late or left early)"),
        min_value=Decimal("0"),
        max_value=Decimal("24"),
        max_digits=4,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class WeekForm(forms.Form):
    week = IsoDateField(label=_("Week of"), required=False)


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter the month as YYYY-MM, for example 2026-03.")},
    )


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class PlanTemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Plan template"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the plan templates.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (template.key, f"{template.name}: {template.description}")
            for template in PLAN_TEMPLATES.values()
        ]


class ProgressEntryForm(forms.Form):
    """One progress entry by the education provider (schedule.progress_entries checks it)."""

    member = forms.TypedChoiceField(label=_("Participant"), coerce=int)
    day = IsoDateField(label=_("Day"))
    achieved = forms.CharField(
        label=_("Covered or achieved"),
        help_text=_("For example a course module done or a language level reached."),
        max_length=200,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.TypedChoiceField)
        member.choices = [("", "---------"), *members]
