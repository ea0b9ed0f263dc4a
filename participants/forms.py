"""Forms for the participant record. Each form lists its fields; sensitive fields are removed
for users who may not see them (participants.access.participant_fields_for)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Occupation
from jobbspar.access import COORDINATORS
from jobbspar.forms import IsoDateField, ValuesChoiceField
from jobbspar.identity import normalise_personal_number
from jobbspar.locking import VersionedFormMixin
from jobbspar.models import Organisation, OrganisationKind, Role, User
from jobbspar.vocabulary import Certificate, DrivingLicence, SwedishLevel, WorkingHours
from participants import access as participants_access
from participants.models import (
    CaseNote,
    Consent,
    InterventionKind,
    OtherLanguage,
    Participant,
    ParticipantStatus,
    PlanItem,
    WorkExperience,
)
from participants.search import Filters, TargetGroup

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The organisations that register participants and employ their staff.
AUTHORITY_KINDS = (OrganisationKind.EMPLOYMENT_SERVICE, OrganisationKind.MUNICIPALITY)
_PHONE = re.compile(r"^\+?[0-9]{6,15}$", re.ASCII)


def not_in_future(value: dt.date | None, message: StrOrPromise) -> dt.date | None:
    """The date, or a ValidationError with `message` when it is after today."""
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class ParticipantForm(VersionedFormMixin, forms.ModelForm):
    personal_number = forms.CharField(
        label=_("Personal identity number"),
        max_length=20,
        help_text=_("Personnummer or samordningsnummer: YYYYMMDD-NNNN or YYMMDD-NNNN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    arrival_date = IsoDateField(label=_("Arrival date in Sweden"), required=False)

    class Meta:
        model = Participant
        fields = [
            "personal_number",
            "name",
            "phone",
            "email",
            "district",
            "gender",
            "preferred_language",
            "needs_interpreter",
            "newly_arrived",
            "arrival_date",
            "long_term_unemployed",
            "receives_income_support",
            "status",
            "coordinator",
            "job_coach",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {
            "email": {"invalid": _("Enter an e-mail address like name@example.se.")},
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        visible = participants_access.participant_fields_for(user)
        for name in list(self.fields):
            if name not in visible and name != "version":
                del self.fields[name]
        if self.instance.pk:
            self.initial["personal_number"] = self.instance.personal_number_display
        staff = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        own = self.instance.registered_by_id or user.organisation_id
        if "coordinator" in self.fields:
            self.fields["coordinator"].queryset = staff.filter(
                organisation=own,
                role__in=COORDINATORS,
            )
        if "job_coach" in self.fields:
            self.fields["job_coach"].queryset = staff.filter(
                role=Role.JOB_COACH, organisation__kind__in=AUTHORITY_KINDS
            )

    def clean_personal_number(self) -> str:
        return normalise_personal_number(self.cleaned_data["personal_number"])

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s\-()]", "", self.cleaned_data.get("phone", ""))
        if phone and not _PHONE.match(phone):
            raise ValidationError(_("Enter a phone number with digits only, like 070-123 45 67."))
        return phone

    def clean_arrival_date(self) -> dt.date | None:
        return not_in_future(
            self.cleaned_data.get("arrival_date"), _("The arrival date cannot be in the future.")
        )

    def validate_unique(self) -> None:
        # Uniqueness of the personal identity number is decided by the registration flow,
        # which must not reveal another organisation's record.
        exclude = self._get_validation_exclusions()
        exclude.add("personal_number")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class BackgroundForm(VersionedFormMixin, forms.ModelForm):
    driving_licences = forms.MultipleChoiceField(
        label=_("Driving licences"),
        choices=DrivingLicence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certificates = forms.MultipleChoiceField(
        label=_("Certificates"),
        choices=Certificate.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_hours = forms.MultipleChoiceField(
        label=_("Working hours"),
        choices=WorkingHours.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_from = IsoDateField(label=_("Available from"), required=False)

    class Meta:
        model = Participant
        fields = [
            "swedish_level",
            "education_level",
            "driving_licences",
            "certificates",
            "interests",
            "available_from",
            "working_hours",
        ]
        widgets = {"interests": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Occupation.objects.order_by("code")
        self.fields["interests"].help_text = _("Hold Ctrl (Cmd on a Mac) to choose several.")


class LanguageForm(forms.ModelForm):
    class Meta:
        model = OtherLanguage
        fields = ["language", "level"]

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_language(self) -> str:
        language = self.cleaned_data["language"].strip()
        if self.participant.languages.filter(language__iexact=language).exists():
            raise ValidationError(_("This language is already listed for the participant."))
        return language


class ExperienceForm(forms.ModelForm):
    months = forms.IntegerField(
        label=_("Months"),
        min_value=0,
        max_value=600,
        error_messages={
            "min_value": _("Months of experience cannot be negative."),
            "max_value": _("Enter at most 600 months (50 years)."),
            "invalid": _("Enter the number of months as a whole number."),
        },
    )

    class Meta:
        model = WorkExperience
        fields = ["occupation", "months", "where"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = Occupation.objects.order_by("code")


class CaseNoteForm(forms.ModelForm):
    written_on = IsoDateField(label=_("Date"))

    class Meta:
        model = CaseNote
        fields = ["written_on", "kind", "text"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()

    def clean_written_on(self) -> dt.date | None:
        return not_in_future(
            self.cleaned_data["written_on"], _("A case note cannot be dated in the future.")
        )


class PlanItemForm(VersionedFormMixin, forms.ModelForm):
    planned_start = IsoDateField(label=_("Planned start"), required=False)
    planned_end = IsoDateField(label=_("Planned end"), required=False)
    actual_start = IsoDateField(label=_("Actual start"), required=False)
    actual_end = IsoDateField(label=_("Actual end"), required=False)

    class Meta:
        model = PlanItem
        fields = [
            "kind",
            "title",
            "status",
            "responsible",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InterventionKind.choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for start, end, message in [
            (
                "planned_start",
                "planned_end",
                _("The planned end cannot be before the planned start."),
            ),
            ("actual_start", "actual_end", _("The actual end cannot be before the actual start.")),
        ]:
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, message)
        return cleaned


class ConsentForm(forms.ModelForm):
    given_on = IsoDateField(label=_("Given on"))
    valid_until = IsoDateField(label=_("Valid until"), required=False)

    class Meta:
        model = Consent
        fields = ["shared_with", "scope", "given_on", "method", "valid_until"]
        widgets = {"method": forms.RadioSelect, "scope": forms.RadioSelect}

    def __init__(self, *args, participant: Participant | None, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        authorities = Organisation.objects.filter(kind__in=AUTHORITY_KINDS).order_by("name", "id")
        if participant is None:
            # Consent for a person registered elsewhere: shared with the user's organisation.
            del self.fields["shared_with"]
        else:
            others = list(authorities.exclude(pk=participant.registered_by_id)[:2])
            self.fields["shared_with"].queryset = authorities.exclude(
                pk=participant.registered_by_id
            )
            if len(others) == 1:  # the usual case: AF and one municipality
                self.fields["shared_with"].initial = others[0]
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["method"].choices = self.fields["method"].choices[1:]

    def clean_given_on(self) -> dt.date | None:
        return not_in_future(
            self.cleaned_data["given_on"], _("A consent cannot be given in the future.")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        given, until = cleaned.get("given_on"), cleaned.get("valid_until")
        if given and until and until < given:
            self.add_error("valid_until", _("The consent cannot end before it was given."))
        return cleaned

    def _post_clean(self) -> None:
        # Model validation needs the participant and recorder, which the domain function sets.
        pass


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = IsoDateField(label=_("Withdrawn on"))

    def __init__(self, *args, consent: Consent, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self) -> dt.date | None:
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        if withdrawn_on < self.consent.given_on:
            raise ValidationError(
                _("A consent cannot be withdrawn before it was given (%(date)s)."),
                params={"date": self.consent.given_on.isoformat()},
            )
        return not_in_future(withdrawn_on, _("The withdrawal date cannot be in the future."))


class PresentationConsentForm(forms.Form):
    given_on = IsoDateField(label=_("Given on"))
    confirmed = forms.BooleanField(
        label=_(
            "The participant takes part of their own free will and consents to the employer "
            "seeing their candidate summary."
        ),
        error_messages={"required": _("Confirm that the participant has consented.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self) -> dt.date | None:
        return not_in_future(
            self.cleaned_data["given_on"], _("A consent cannot be given in the future.")
        )


TARGET_GROUP_CHOICES = [
    (TargetGroup.NEWLY_ARRIVED, _("Newly arrived")),
    (TargetGroup.LONG_TERM_UNEMPLOYED, _("Long-term unemployed")),
    (TargetGroup.INCOME_SUPPORT, _("Receives income support")),
]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, personal identity number or phone"), required=False, max_length=100
    )
    # The three long lists are the same for every user (every authority, every active
    # coordinator, every occupation): read once per process, not on every page (shared=True).
    organisation = ValuesChoiceField(
        label=_("Registered by"),
        queryset=Organisation.objects.filter(kind__in=AUTHORITY_KINDS).order_by("name", "id"),
        required=False,
        shared=True,
    )
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    coordinator = ValuesChoiceField(
        label=_("Coordinator"),
        queryset=User.objects.filter(role__in=COORDINATORS, is_active=True).order_by(
            "first_name", "last_name"
        ),
        required=False,
        label_fields=("first_name", "last_name", "username"),
        label_format=lambda first, last, username: f"{first} {last}".strip() or username,
        shared=True,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *ParticipantStatus.choices], required=False
    )
    swedish_level = forms.ChoiceField(
        label=_("Swedish level"), choices=[("", "---------"), *SwedishLevel.choices], required=False
    )
    licence = forms.ChoiceField(
        label=_("Driving licence"),
        choices=[("", "---------"), *DrivingLicence.choices],
        required=False,
    )
    interest = ValuesChoiceField(
        label=_("Occupation of interest"),
        queryset=Occupation.objects.order_by("code"),
        required=False,
        label_fields=("code", "name"),
        label_format="{} {}",
        shared=True,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = [TARGET_GROUP_CHOICES[0]]
        if participants_access.can_see_long_term_unemployment(user):
            groups.append(TARGET_GROUP_CHOICES[1])
        if participants_access.can_see_income_support(user):
            groups.append(TARGET_GROUP_CHOICES[2])
        self.fields["target_group"].choices = [("", "---------"), *groups]

    def filters(self) -> Filters:
        # Only the valid fields filter: an invalid value is reported, not silently widened.
        data = getattr(self, "cleaned_data", {})
        return Filters(
            text=data.get("q") or "",
            organisation=getattr(data.get("organisation"), "pk", None),
            target_group=data.get("target_group") or "",
            coordinator=getattr(data.get("coordinator"), "pk", None),
            status=data.get("status") or "",
            swedish_level=data.get("swedish_level") or "",
            licence=data.get("licence") or "",
            interest=getattr(data.get("interest"), "pk", None),
        )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm that the person has asked for erasure and that no law requires us to keep "
            "the data: their identity and contact data and case notes are removed for good."
        ),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
