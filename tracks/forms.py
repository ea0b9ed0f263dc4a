from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from employers.forms import UserMultipleChoiceField
from employers.models import EmploymentType, RecruitmentNeed
from jobbspar.access import COORDINATORS, JOB_COACHES
from jobbspar.forms import IsoDateField, add_validation_error
from jobbspar.locking import VersionedFormMixin
from jobbspar.models import Organisation, User
from jobbspar.vocabulary import Certificate
from tracks.models import (
    EMPLOYED_SITUATIONS,
    MAX_WEEKS,
    MIN_WEEKS,
    AplLogEntry,
    ClosingRating,
    FollowUpSituation,
    FundingSource,
    PauseReason,
    Phase,
    PhaseProgress,
    State,
    Subsidy,
    Track,
    TrackStatus,
)
from tracks.progress import check_actual_dates

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _staff(roles: Collection[str]) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=roles).select_related("organisation")


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field `name`, to set its choices for this request."""
    return cast("forms.ChoiceField", form.fields[name])


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field `name`, to set its queryset for this request."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class ChooseNeedForm(forms.Form):
    need = forms.ModelChoiceField(
        label=_("Recruitment need"), queryset=RecruitmentNeed.objects.none()
    )

    def __init__(self, *args, needs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "need").queryset = needs.select_related("employer", "occupation")


class TrackForm(VersionedFormMixin, forms.ModelForm):
    start_date = IsoDateField(label=_("Start date"))
    selection_deadline = IsoDateField(label=_("Employer's selection deadline"), required=False)
    weeks = forms.IntegerField(
        label=_("Length in weeks"),
        help_text=_("Between 7 and 27 weeks."),
        error_messages={
            "min_value": _("A track is at least 7 weeks long."),
            "max_value": _("A track is at most 27 weeks long."),
            "invalid": _("Enter the number of weeks, for example 16."),
        },
        min_value=MIN_WEEKS,
        max_value=MAX_WEEKS,
    )
    coordinators = UserMultipleChoiceField(
        label=_("Coordinators (AF and the municipality)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    job_coaches = UserMultipleChoiceField(
        label=_("Job coaches"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certificates = forms.MultipleChoiceField(
        label=_("Certificates the track gives"),
        help_text=_("Added to the participant's record on completion, for later matching."),
        choices=Certificate.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Track
        fields = [
            "name",
            "start_date",
            "weeks",
            "planned_participants",
            "education_provider",
            "coordinators",
            "job_coaches",
            "mentors",
            "selection_deadline",
            "blind_selection",
            "invalid_absence_limit_hours",
            "certificates",
        ]
        widgets = {"mentors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, need: RecruitmentNeed, providers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.need = need
        # From employers.access.education_providers_for(user).
        _model_choice(self, "education_provider").queryset = providers
        # Staff of the two organisations of the need's partnership (a subquery, no query).
        parties = Organisation.objects.filter(
            Q(partnerships_as_employment_service=need.partnership_id)
            | Q(partnerships_as_municipality=need.partnership_id)
        )
        _model_choice(self, "coordinators").queryset = _staff(COORDINATORS).filter(
            organisation__in=parties
        )
        _model_choice(self, "job_coaches").queryset = _staff(JOB_COACHES).filter(
            organisation__in=parties
        )
        _model_choice(self, "mentors").queryset = need.employer.contacts.all()
        self.fields["mentors"].help_text = _("Contacts at the employer; APL needs at least one.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, deadline = cleaned.get("start_date"), cleaned.get("selection_deadline")
        if start and deadline and deadline > start:
            self.add_error(
                "selection_deadline", _("The selection deadline must be before the track starts.")
            )
        return cleaned


class CopyTrackForm(forms.Form):
    name = forms.CharField(label=_("Name of the new track"), max_length=200)
    start_date = IsoDateField(label=_("Start date of the new track"))
    need = forms.ModelChoiceField(
        label=_("Recruitment need of the new track"),
        queryset=RecruitmentNeed.objects.none(),
        help_text=_("The track is another partnership's: choose the need of yours it is for."),
        error_messages={"invalid_choice": _("Choose one of your partnership's needs.")},
    )

    def __init__(self, *args, needs=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if needs is None:
            # A copy within the partnership keeps the source's need.
            del self.fields["need"]
        else:
            # From employers.access.needs_for(user): only the user's partnerships' needs.
            _model_choice(self, "need").queryset = needs.select_related("employer", "occupation")


class PhaseForm(VersionedFormMixin, forms.ModelForm):
    starts_on = IsoDateField(label=_("Starts"))
    ends_on = IsoDateField(label=_("Ends"))

    class Meta:
        model = Phase
        fields = ["kind", "title", "starts_on", "ends_on", "responsible", "place"]


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    district = forms.CharField(label=_("District"), required=False, max_length=100)
    include_blocked = forms.BooleanField(
        label=_("Also show candidates with blocking gaps"), required=False
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "").strip()

    def clean_district(self) -> str:
        return self.cleaned_data["district"].replace("\x00", "").strip()


class NominateForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    motivation = forms.CharField(
        label=_("Motivation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(
        label=_("Move to"),
        choices=State.choices,
        error_messages={
            "invalid_choice": _(
                "The participant cannot be moved to that state from the one they are in."
            )
        },
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    phase = forms.ModelChoiceField(
        label=_("Discontinued in phase"), queryset=Phase.objects.none(), required=False
    )
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        choices=[("", "---------"), *EmploymentType.choices],
        required=False,
    )
    subsidy = forms.ChoiceField(
        label=_("Subsidised employment"),
        choices=[("", "---------"), *Subsidy.choices],
        required=False,
    )
    start_date = IsoDateField(label=_("Employment start"), required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        localize=True,
        min_value=1,
        max_value=60,
        max_digits=4,
        decimal_places=1,
    )
    pause_reason = forms.ChoiceField(
        label=_("Reason for the pause"),
        help_text=_("Never shown to the employer."),
        choices=[("", "---------"), *PauseReason.choices],
        required=False,
    )
    planned_return = IsoDateField(label=_("Planned return"), required=False)
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        help_text=_(
            "Only when the move does not fit the track's dates or phase plan (for example an "
            "early start agreed with the employer). Recorded in the history."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, track: Track, allowed: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "phase").queryset = track.phases.all()
        # Only the states the participant may move to from where they are.
        _choice(self, "to_state").choices = [(s, State(s).label) for s in allowed]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("to_state") == State.OFFERED:
            for name in ("employment_type", "subsidy", "start_date", "hours_per_week"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a job offer."))
        if cleaned.get("to_state") == State.PAUSED:
            for name in ("pause_reason", "planned_return"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a pause."))
        return cleaned


class TrackStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=TrackStatus.choices)


class ProgressForm(VersionedFormMixin, forms.ModelForm):
    actual_start = IsoDateField(label=_("Actual start"), required=False)
    actual_end = IsoDateField(label=_("Actual end"), required=False)

    class Meta:
        model = PhaseProgress
        fields = ["actual_start", "actual_end", "attendance_percent", "notes", "completed"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            check_actual_dates(cleaned.get("actual_start"), cleaned.get("actual_end"))
        except ValidationError as refused:
            add_validation_error(self, refused)
        return cleaned


def _apl_mentors(track: Track, member_mentor_id: int | None) -> QuerySet:
    """The track's mentors and the participant's own (tracks.apl_log)."""
    return track.employer.contacts.filter(
        Q(mentored_tracks=track) | Q(pk=member_mentor_id)
    ).distinct()


class AplLogForm(forms.ModelForm):
    week_starting = IsoDateField(label=_("Week starting (Monday)"))

    class Meta:
        model = AplLogEntry
        fields = ["week_starting", "mentor", "note", "deviation"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"deviation": _("Tick if something needs the coordinator's attention.")}

    def __init__(self, *args, track: Track, member_mentor_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "mentor").queryset = _apl_mentors(track, member_mentor_id)


class AplLogEditForm(forms.ModelForm):
    """A note's text, mentor and deviation flag; the week stays (a note is for one week)."""

    class Meta:
        model = AplLogEntry
        fields = ["mentor", "note", "deviation"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"deviation": _("Tick if something needs the coordinator's attention.")}

    def __init__(self, *args, track: Track, member_mentor_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "mentor").queryset = _apl_mentors(track, member_mentor_id)


class FundingForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["source", "description", "amount"]


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label: StrOrPromise, required_message: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class FollowUpForm(forms.Form):
    """The situation on the follow-up's due date. Income support is asked of municipal staff
    only (participants.access.can_see_income_support); for AF coordinators it stays unanswered."""

    situation = forms.ChoiceField(
        label=_("Situation on the due date"),
        choices=FollowUpSituation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the participant's situation."),
            "invalid_choice": _("Choose the participant's situation."),
        },
    )
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        choices=[("", _("Choose…")), *EmploymentType.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose the employment type.")},
    )
    subsidy = forms.ChoiceField(
        label=_("Subsidised employment"),
        choices=[("", _("Choose…")), *Subsidy.choices],
        required=False,
        error_messages={"invalid_choice": _("Say whether the job is subsidised and how.")},
    )
    employment_start = IsoDateField(label=_("Employment start (if known)"), required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        localize=True,
        min_value=1,
        max_value=60,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "invalid": _("Enter the hours as a number, for example 37.5."),
            "min_value": _("Enter at least 1 hour per week."),
            "max_value": _("Enter at most 60 hours per week."),
            "max_decimal_places": _("Enter the hours with at most one decimal, for example 37.5."),
            "max_digits": _("Enter the hours as a number, for example 37.5."),
        },
    )
    self_sufficient = _yes_no(
        _("Self-sufficient (egen försörjning)?"),
        _("Answer whether the participant is self-sufficient."),
    )
    income_support = _yes_no(
        _("Still receiving income support?"),
        _("Answer whether the participant still receives income support."),
    )
    not_hired_reason = forms.CharField(
        label=_("Why was the participant not hired by the track's employer?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, ask_income_support: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not ask_income_support:
            del self.fields["income_support"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        situation = cleaned.get("situation")
        if situation in EMPLOYED_SITUATIONS:
            if not cleaned.get("employment_type"):
                self.add_error("employment_type", _("Choose the employment type."))
            if cleaned.get("hours_per_week") is None and "hours_per_week" not in self.errors:
                self.add_error("hours_per_week", _("Enter the hours per week."))
            if not cleaned.get("subsidy"):
                self.add_error("subsidy", _("Say whether the job is subsidised and how."))
        hired_here = situation == FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER
        if situation and not hired_here and not cleaned.get("not_hired_reason", "").strip():
            self.add_error(
                "not_hired_reason",
                _("Write why the participant was not hired by the track's employer."),
            )
        return cleaned


class ClosingForm(forms.Form):
    """The closing questions; one 'did it work?' question per phase of the track."""

    training_matched_need = forms.ChoiceField(
        label=_("Did the training match the employer's need?"),
        choices=ClosingRating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Answer whether the training matched the need."),
            "invalid_choice": _("Answer whether the training matched the need."),
        },
    )
    training_comment = forms.CharField(
        label=_("Comment on the training"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    employer_has_new_need = _yes_no(
        _("Does the employer have a new recruitment need?"),
        _("Answer whether the employer has a new need."),
    )
    new_need_start = IsoDateField(
        label=_("Wanted start of the new need"),
        required=False,
        help_text=_(
            "Saving creates the new need at once, with the requirement profile of this "
            "track's need."
        ),
    )

    def __init__(self, *args, phases: list[Phase], new_need_exists: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.phases = phases
        self.new_need_exists = new_need_exists
        if new_need_exists:
            del self.fields["new_need_start"]
        for phase in phases:
            self.fields[f"phase_{phase.pk}_worked"] = forms.ChoiceField(
                label=_("Did “%(phase)s” work?") % {"phase": phase.title},
                choices=ClosingRating.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer whether “%(phase)s” worked.") % {"phase": phase.title},
                    "invalid_choice": _("Answer whether “%(phase)s” worked.")
                    % {"phase": phase.title},
                },
            )
            self.fields[f"phase_{phase.pk}_comment"] = forms.CharField(
                label=_("Comment on “%(phase)s”") % {"phase": phase.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("employer_has_new_need")
            and not self.new_need_exists
            and cleaned.get("new_need_start") is None
            and "new_need_start" not in self.errors
        ):
            self.add_error("new_need_start", _("Enter when the new need should start."))
        return cleaned

    def phase_answers(self) -> dict[int, tuple[str, str]]:
        return {
            phase.pk: (
                self.cleaned_data[f"phase_{phase.pk}_worked"],
                self.cleaned_data[f"phase_{phase.pk}_comment"],
            )
            for phase in self.phases
        }
