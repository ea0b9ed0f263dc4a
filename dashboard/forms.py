"""The dashboard's filters: a GET form whose values live in the URL (shareable, bookmarkable)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.outcomes import BREAKDOWNS, Filters, TargetGroup
from employers.models import Employer, Occupation
from jobbspar import access
from jobbspar.forms import IsoDateField
from jobbspar.models import Organisation, OrganisationKind
from participants.models import Gender
from tracks.models import Track

FIRST_YEAR = 2015


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses anything but a short number before asking the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not str(value).isdigit() or len(str(value)) > 9:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class DashboardFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year the track started"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year with four digits, for example 2026."),
            "min_value": _("Enter a year from %(limit_value)s on."),
            "max_value": _("Enter a year up to %(limit_value)s."),
        },
    )
    start_from = IsoDateField(label=_("Tracks starting from"), required=False)
    start_to = IsoDateField(label=_("Tracks starting up to"), required=False)
    employer = IdChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.order_by("name"),
        required=False,
        empty_label=_("All employers"),
    )
    track = IdChoiceField(
        label=_("Track"),
        queryset=Track.objects.none(),
        required=False,
        empty_label=_("All tracks"),
        help_text=_("Choose an employer first to choose one of its tracks."),
    )
    occupation = IdChoiceField(
        label=_("Occupation (SSYK)"),
        queryset=Occupation.objects.filter(needs__isnull=False).distinct().order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All occupations"),
    )
    nominating_organisation = IdChoiceField(
        label=_("Nominated by"),
        queryset=Organisation.objects.filter(
            kind__in=[OrganisationKind.EMPLOYMENT_SERVICE, OrganisationKind.MUNICIPALITY]
        ).order_by("name"),
        required=False,
        empty_label=_("Arbetsförmedlingen and the municipalities"),
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        choices=[("", _("Everyone")), *TargetGroup.choices],
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("All")), *Gender.choices], required=False
    )
    by = forms.ChoiceField(
        label=_("Break down by"),
        choices=[(key, label) for key, (label, _column) in BREAKDOWNS.items()],
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None or not access.dashboard_may_use_income_support(user):
            self.fields["target_group"].choices = [
                choice
                for choice in self.fields["target_group"].choices
                if choice[0] != TargetGroup.INCOME_SUPPORT
            ]
            self.fields["by"].choices = [
                choice for choice in self.fields["by"].choices if choice[0] != "income_support"
            ]
        employer_id = self.data.get("employer") if self.is_bound else None
        if employer_id and str(employer_id).isdigit() and len(str(employer_id)) <= 9:
            # The tracks of the chosen employer (a national list of every track would be huge).
            self.fields["track"].queryset = Track.objects.filter(employer_id=employer_id).order_by(
                "-start_date", "id"
            )

    def clean(self):
        data = super().clean()
        year, start_from, start_to = data.get("year"), data.get("start_from"), data.get("start_to")
        if year and (start_from or start_to):
            raise forms.ValidationError(
                _("Choose either a year or a period (from and to dates), not both.")
            )
        if start_from and start_to and start_to < start_from:
            self.add_error("start_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        start_from, start_to = data.get("start_from"), data.get("start_to")
        if data.get("year"):
            start_from, start_to = dt.date(data["year"], 1, 1), dt.date(data["year"], 12, 31)
        return Filters(
            start_from=start_from,
            start_to=start_to,
            track=data.get("track"),
            employer=data.get("employer"),
            occupation=data.get("occupation"),
            nominating_organisation=data.get("nominating_organisation"),
            target_group=data.get("target_group") or "",
            gender=data.get("gender") or "",
        )

    def breakdown(self) -> str:
        return self.cleaned_data.get("by") or "gender"
