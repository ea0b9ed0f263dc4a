from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from employers.models import EmploymentType
from jobbspar.forms import IsoDateField
from tracks.models import Decision, DeclineReason, Subsidy


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose select, reserve or decline.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", _("Choose a reason")), *DeclineReason.choices],
        required=False,
        help_text=_("Needed only when you decline."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == Decision.DECLINE and not cleaned.get("reason"):
            self.add_error("reason", _("Choose a reason for declining."))
        return cleaned


class OfferForm(forms.Form):
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        choices=[("", _("Choose the employment type")), *EmploymentType.choices],
    )
    subsidy = forms.ChoiceField(
        label=_("Is the job subsidised?"),
        choices=Subsidy.choices,
        widget=forms.RadioSelect,
        help_text=_("Nystartsjobb, introduktionsjobb, lönestöd or lönebidrag, or another form."),
        error_messages={"required": _("Say whether the job is subsidised and how.")},
    )
    start_date = IsoDateField(label=_("Employment start"))
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        min_value=1,
        max_value=60,
        max_digits=4,
        decimal_places=1,
        help_text=_("Between 1 and 60, for example 37.5."),
    )


class WithdrawOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the offer withdrawn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinators and the participant's history keep the reason."),
        error_messages={"required": _("Give the reason the employer withdrew the offer.")},
    )


class AgreementConfirmForm(forms.Form):
    read_and_agree = forms.BooleanField(
        label=_("I have read the agreement and confirm it for the employer."),
        error_messages={"required": _("Tick the box to confirm that you have read it.")},
    )


class InvitationPasswordForm(SetPasswordForm):
    """Django's set-password form: the project's password rules apply."""
