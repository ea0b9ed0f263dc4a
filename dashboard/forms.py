"""The dashboard's filters: a GET form whose values live in the URL (shareable, bookmarkable)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Exists, Model, OuterRef
from django.utils.translation import gettext_lazy as _

from dashboard import access as dashboard_access
from dashboard.outcomes import BREAKDOWNS, Filters, TargetGroup
from employers.models import Employer, Occupation, RecruitmentNeed
from jobbspar import access
from jobbspar.forms import IsoDateField, ValuesChoiceField
from jobbspar.identity import normalise_organisation_number
from jobbspar.models import Organisation, OrganisationKind, User
from participants.models import Gender
from tracks.models import Track

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIRST_YEAR = 2015


# An organisation number at the end of the text, as the field shows a found employer.
_ORGANISATION_NUMBER_AT_END = re.compile(r"\((?P<number>[0-9]{6}-?[0-9]{4})\)\s*$")
SHOWN_MATCHES = 5


def find_employer(text: str) -> Employer:
    """The one employer `text` names: an id (from a shared link), an organisation number (also
    at the end, as "Name (NNNNNN-NNNN)"), the exact name, or a unique part of the name.
    Otherwise a ValidationError that says what matched. At most three queries."""
    text = text.strip()
    no_match = forms.ValidationError(
        _("No employer matches “%(text)s”. Check the spelling or use the organisation number."),
        code="no_match",
        params={"text": text},
    )
    if text.isdigit() and len(text) <= 9:
        employer = Employer.objects.filter(pk=int(text)).first()
        if employer is None:
            raise no_match
        return employer
    at_end = _ORGANISATION_NUMBER_AT_END.search(text)
    try:
        number = normalise_organisation_number(at_end["number"] if at_end else text)
    except forms.ValidationError:
        number = None
    if number:
        employer = Employer.objects.filter(organisation_number=number).first()
        if employer is None:
            raise no_match
        return employer
    exact = list(Employer.objects.filter(name__iexact=text)[:2])
    if len(exact) == 1:
        return exact[0]
    matches = exact or list(
        Employer.objects.filter(name__icontains=text).order_by("name", "id")[: SHOWN_MATCHES + 1]
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise no_match
    names = ", ".join(f"{e.name} ({e.organisation_number})" for e in matches[:SHOWN_MATCHES])
    if len(matches) > SHOWN_MATCHES:
        names += " …"
    raise forms.ValidationError(
        _(
            "Several employers match “%(text)s”: %(names)s. Write more of the name, or the "
            "organisation number."
        ),
        code="ambiguous",
        params={"text": text, "names": names},
    )


class IdChoiceField(ValuesChoiceField):
    """A choice by id that refuses anything but a short number before asking the database."""

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        if not str(value).isdigit() or len(str(value)) > 9:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


COUNTRY = "country"
# A name and an organisation number, as the field shows a found employer.
EMPLOYER_TEXT_LENGTH = 220


class DashboardFilterForm(forms.Form):
    # A partnership of the user's (the default: their own), or the whole country. Outside their
    # partnerships the user sees the country's totals, never another partnership's single track.
    scope = forms.ChoiceField(label=_("Partnership"), required=False)
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
    employer = forms.CharField(
        label=_("Employer"),
        required=False,
        max_length=EMPLOYER_TEXT_LENGTH,
        help_text=_("Name or organisation number. Leave empty for all employers."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
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
        queryset=Occupation.objects.filter(
            Exists(RecruitmentNeed.objects.filter(occupation=OuterRef("pk")))
        ).order_by("code"),
        to_field_name="code",
        label_fields=("code", "name"),
        label_format="{} {}",
        required=False,
        empty_label=_("All occupations"),
        # The same for everyone (the occupations of any partnership's needs): read once.
        shared=True,
        forget_on=(RecruitmentNeed,),
    )
    shortage = forms.ChoiceField(
        label=_("Shortage occupations"),
        choices=[("", _("All occupations")), ("1", _("Only shortage occupations"))],
        required=False,
        help_text=_(
            "A track counts when its occupation is a shortage occupation for the partnership's "
            "county on the day the track started."
        ),
        error_messages={
            "invalid_choice": _(
                "Choose all occupations or only shortage occupations (“%(value)s” is not a choice)."
            )
        },
    )
    nominating_organisation = IdChoiceField(
        label=_("Nominated by"),
        queryset=Organisation.objects.filter(
            kind__in=[OrganisationKind.EMPLOYMENT_SERVICE, OrganisationKind.MUNICIPALITY]
        ).order_by("name", "id"),
        required=False,
        empty_label=_("Arbetsförmedlingen and the municipalities"),
        shared=True,  # every authority: the same for everyone
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

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # From jobbspar.access.partnerships_for(user) (administrators: every partnership).
        self.partnerships = list(access.partnerships_for(user)) if user is not None else []
        scope = cast(forms.ChoiceField, self.fields["scope"])
        target_group = cast(forms.ChoiceField, self.fields["target_group"])
        by = cast(forms.ChoiceField, self.fields["by"])
        # The scopes by value: a partnership's name, not its id, names an exported file.
        self.scope_choices: list[tuple[str, StrOrPromise]] = [
            *((str(p.pk), p.name) for p in self.partnerships),
            (COUNTRY, _("The whole country")),
        ]
        scope.choices = self.scope_choices
        if self.is_bound and not self.data.get("scope"):
            # Managers and coordinators see their own partnership first; administrators (who
            # belong to none) the country.
            own = self.partnerships[0] if self.partnerships else None
            if own is None or user is None or dashboard_access.opens_on_the_country(user):
                self._show("scope", COUNTRY)
            else:
                self._show("scope", str(own.pk))
        if user is None or not dashboard_access.dashboard_may_use_income_support(user):
            target_groups = cast("list[tuple[str, StrOrPromise]]", target_group.choices)
            target_group.choices = [
                choice for choice in target_groups if choice[0] != TargetGroup.INCOME_SUPPORT
            ]
            breakdowns = cast("list[tuple[str, StrOrPromise]]", by.choices)
            by.choices = [choice for choice in breakdowns if choice[0] != "income_support"]
        self._employer: Employer | None = None
        self._employer_error: forms.ValidationError | None = None
        text = str(self.data.get("employer") or "").strip() if self.is_bound else ""
        if text and len(text) <= EMPLOYER_TEXT_LENGTH and "\x00" not in text:
            try:
                self._employer = find_employer(text)
            except forms.ValidationError as error:
                self._employer_error = error
        if self._employer is not None:
            employer = self._employer
            # Show which employer was found (a shared link carries its id).
            self._show("employer", f"{employer.name} ({employer.organisation_number})")
            # The chosen employer's tracks of the user's partnerships (a national list of every
            # track would be huge, and another partnership's single track is not for them).
            cast(IdChoiceField, self.fields["track"]).queryset = Track.objects.filter(
                employer=employer, partnership__in=[p.pk for p in self.partnerships]
            ).order_by("-start_date", "id")

    def _show(self, name: str, value: str) -> None:
        """Set a value the bound form shows, on a copy (request.GET cannot be changed)."""
        data = cast(MutableMapping[str, Any], copy.copy(self.data))
        data[name] = value
        self.data = data

    def clean_employer(self) -> Employer | None:
        if self._employer_error is not None:
            raise self._employer_error
        return self._employer

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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
        scope = data.get("scope") or COUNTRY
        return Filters(
            start_from=start_from,
            start_to=start_to,
            partnership=next((p for p in self.partnerships if str(p.pk) == scope), None),
            track=data.get("track"),
            employer=data.get("employer"),
            occupation=data.get("occupation"),
            shortage_only=data.get("shortage") == "1",
            nominating_organisation=data.get("nominating_organisation"),
            target_group=data.get("target_group") or "",
            gender=data.get("gender") or "",
        )

    def breakdown(self) -> str:
        return self.cleaned_data.get("by") or "gender"
