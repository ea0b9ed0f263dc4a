"""Forms for the coordinators' employer pages. Every date uses the shared ISO inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.agreements import AGREEMENT_CONTENT_FIELDS
from employers.models import (
    ActionItem,
    Agreement,
    ContactPerson,
    Criterion,
    CriterionKind,
    EducationProvider,
    Employer,
    NeedStatus,
    Occupation,
    Party,
    PlanningMeeting,
    ProviderContact,
    RecruitmentNeed,
    Sector,
)
from jobbspar.access import AUTHORITY_STAFF
from jobbspar.forms import DateTimeInput, IsoDateField, PartnershipFormMixin
from jobbspar.identity import normalise_organisation_number
from jobbspar.locking import VersionedFormMixin
from jobbspar.models import Partnership, User


class OrganisationNumberMixin:
    cleaned_data: dict[str, Any]

    def clean_organisation_number(self) -> str:
        return normalise_organisation_number(self.cleaned_data["organisation_number"])


class EmployerForm(VersionedFormMixin, OrganisationNumberMixin, forms.ModelForm):
    class Meta:
        model = Employer
        fields = [
            "name",
            "organisation_number",
            "sector",
            "industry",
            "street_address",
            "postal_code",
            "city",
            "workplaces",
            "notes",
        ]
        widgets = {
            "workplaces": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "organisation_number": {
                "unique": _("An employer with this organisation number is already registered.")
            }
        }


class EmployerSearchForm(forms.Form):
    SORTS = {
        "name": ("name", _("Name, A–Ö")),
        "-name": ("-name", _("Name, Ö–A")),
        "-created": ("-created_at", _("Newest first")),
        "-needs": ("-open_needs", _("Most open needs")),
    }
    q = forms.CharField(label=_("Search name or organisation number"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    has_open_needs = forms.BooleanField(label=_("Only employers with open needs"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (_field, label) in SORTS.items()],
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model: type[ContactPerson | ProviderContact] = ContactPerson
        fields = ["name", "role", "email", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }


class ProviderContactForm(ContactForm):
    class Meta(ContactForm.Meta):
        model = ProviderContact


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Occupation) -> str:
        return f"{obj.code} {obj.name}"


class NeedForm(PartnershipFormMixin, VersionedFormMixin, forms.ModelForm):
    occupation = OccupationChoiceField(
        label=_("Occupation (SSYK 2012)"),
        queryset=Occupation.objects.all(),
        error_messages={"invalid_choice": _("Choose an occupation from the list.")},
    )
    wanted_start = IsoDateField(label=_("Wanted start"))

    class Meta:
        model = RecruitmentNeed
        fields = [
            "occupation",
            "positions",
            "wanted_start",
            "horizon",
            "workplace",
            "employment_type",
            "working_hours",
            "shift_work",
            "status",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "workplace": forms.TextInput(attrs={"list": "employer-workplaces"}),
        }

    def __init__(self, *args, occupation_query: str = "", partnerships=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # From jobbspar.access.partnerships_for(user), when a need is created.
        self.setup_partnership(partnerships)
        self.occupation_query = occupation_query
        self.fields["positions"].widget.attrs["min"] = 1
        if occupation_query:
            # Server-side search: narrow the list, keeping the chosen occupation in it.
            chosen = self.initial.get("occupation") or getattr(self.instance, "occupation_id", None)
            query = Q(name__icontains=occupation_query) | Q(code__startswith=occupation_query)
            if chosen:
                query |= Q(pk=getattr(chosen, "pk", chosen))
            self.fields["occupation"].queryset = Occupation.objects.filter(query)
        if self.instance.pk is None:
            self.fields["status"].choices = [
                (NeedStatus.NEW, NeedStatus.NEW.label),
                (NeedStatus.PLANNING, NeedStatus.PLANNING.label),
            ]

    def clean_positions(self) -> int | None:
        positions = self.cleaned_data["positions"]
        if positions is not None and positions < 1:
            raise ValidationError(_("Enter at least 1 position."), code="min_positions")
        return positions

    def clean_wanted_start(self) -> dt.date:
        start = self.cleaned_data["wanted_start"]
        today = timezone.localdate()
        if (
            start
            and start < today
            and (self.instance.pk is None or start != self.instance.wanted_start)
        ):
            raise ValidationError(
                _("The wanted start cannot be in the past for a new need (today is %(today)s).")
                % {"today": today.isoformat()},
                code="past",
            )
        return start

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.clean_partnership_choice(cleaned)
        return cleaned


class RepeatNeedForm(forms.Form):
    wanted_start = IsoDateField(label=_("Wanted start of the new track"))

    def clean_wanted_start(self) -> dt.date:
        start = self.cleaned_data["wanted_start"]
        if start < timezone.localdate():
            raise ValidationError(_("The wanted start cannot be in the past."), code="past")
        return start


class CriterionForm(forms.ModelForm):
    """One requirement. The fields that apply depend on the kind, checked in clean()."""

    experience_occupation = OccupationChoiceField(
        label=_("Experience in occupation"), queryset=Occupation.objects.all(), required=False
    )

    class Meta:
        model = Criterion
        fields = [
            "kind",
            "mode",
            "weight",
            "swedish_level",
            "language",
            "language_level",
            "driving_licence",
            "experience_months",
            "experience_occupation",
            "education_level",
            "certificate",
            "physical_demand",
            "working_hours",
        ]
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, need: RecruitmentNeed | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if need is not None and not self.is_bound:
            self.initial.setdefault("experience_occupation", need.occupation_id)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        needed = Criterion.VALUE_FIELDS[CriterionKind(kind)]
        for name in needed:
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("Fill in this field for this kind of requirement."))
        for name in {f for fields in Criterion.VALUE_FIELDS.values() for f in fields} - set(needed):
            cleaned[name] = None if name in {"experience_months", "experience_occupation"} else ""
        return cleaned


class ProfileNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes on the profile"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _staff_users() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        role__in=AUTHORITY_STAFF,
    ).select_related("organisation")


def _user_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name}, {user.organisation}" if user.organisation else name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class MeetingForm(PartnershipFormMixin, VersionedFormMixin, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Swedish time."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Swedish time."),
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    attendee_users = UserMultipleChoiceField(
        label=_("Attendees from AF, the municipality and the employer"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PlanningMeeting
        fields = [
            "title",
            "need",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "attendee_contacts",
            "attendee_users",
            "education_provider",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {
            "attendee_contacts": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, employer: Employer, needs, providers, partnerships=None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        # From employers.access.needs_for(user) and partnerships_for(user): a meeting is about a
        # need of the user's partnerships, and belongs to the need's partnership.
        self.fields["need"].queryset = needs.filter(employer=employer).select_related(
            "occupation", "employer"
        )
        self.setup_partnership(partnerships)
        # From employers.access.education_providers_for(user).
        self.fields["education_provider"].queryset = providers
        self.fields["attendee_contacts"].queryset = employer.contacts.all()
        self.fields["attendee_users"].queryset = _staff_users() | User.objects.filter(
            is_active=True, organisation_id=employer.organisation_id
        ).select_related("organisation")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if not cleaned.get("place") and not cleaned.get("video_link") and not self.errors:
            self.add_error("place", _("Give a place or a video link."))
        self.clean_partnership_choice(cleaned)
        need = cleaned.get("need")
        if (
            self.instance.pk is not None
            and need
            and need.partnership_id != self.instance.partnership_id
        ):
            self.add_error("need", _("Choose a need of the meeting's partnership."))
        return cleaned

    partnership_derivable = True

    def partnership_from(self, cleaned: dict[str, Any]) -> Partnership | None:
        need = cleaned.get("need")
        return need.partnership if need is not None else None


class ActionItemForm(forms.ModelForm):
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose who owns the action item."),
            "invalid_choice": _("Choose who owns the action item."),
        },
    )
    due_date = IsoDateField(label=_("Due date"))

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_date"]

    def __init__(self, *args, employer: Employer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_users() | User.objects.filter(
            is_active=True, organisation_id=employer.organisation_id
        ).select_related("organisation")


class ProviderForm(VersionedFormMixin, OrganisationNumberMixin, forms.ModelForm):
    class Meta:
        model = EducationProvider
        fields = ["name", "organisation_number", "offering"]
        widgets = {"offering": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "organisation_number": {
                "unique": _(
                    "An education provider with this organisation number is already registered."
                )
            }
        }


class AgreementForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        # The agreement's content: the same fields a new version compares (employers.agreements).
        fields = AGREEMENT_CONTENT_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "hiring_intention",
                "employer_other",
                "employment_service_commitments",
                "municipality_commitments",
                "provider_commitments",
                "phase_plan_summary",
            ]
        }

    def __init__(self, *args, need: RecruitmentNeed, providers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile_version"].queryset = need.profile_versions.order_by("-number")
        # From employers.access.education_providers_for(user).
        self.fields["education_provider"].queryset = providers
        self.fields["positions"].widget.attrs["min"] = 1

    def clean_positions(self) -> int | None:
        positions = self.cleaned_data["positions"]
        if positions is not None and positions < 1:
            raise ValidationError(_("Enter at least 1 position."), code="min_positions")
        return positions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("provider_commitments") and not cleaned.get("education_provider"):
            self.add_error(
                "education_provider",
                _("Choose the education provider whose commitments these are."),
            )
        return cleaned


class ConfirmAgreementForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    confirmed_by_name = forms.CharField(label=_("Confirmed by (name and title)"), max_length=200)

    def __init__(self, *args, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        done = {c.party for c in agreement.confirmations.all()}
        self.fields["party"].choices = [
            (value, label)
            for value, label in Party.choices
            if value in agreement.required_parties() and value not in done
        ]
