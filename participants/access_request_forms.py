"""Forms for access requests: the asker's request, the holder's release and decline.

None of them has a participant, organisation or consent field: the participant comes from the
URL or the session (looked up in scope), the asking organisation is the user's own, and only the
holder's release records a consent (participants.access_requests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbspar.forms import IsoDateField
from jobbspar.models import User
from participants.forms import not_in_future
from participants.models import AccessRequest, ConsentMethod, ConsentScope


class AccessRequestForm(forms.Form):
    consent_given_on = IsoDateField(label=_("The person consented on"))
    consent_method = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
    )
    consent_taken_by = forms.CharField(
        label=_("Consent taken by"),
        max_length=200,
        help_text=_("The name of the member of staff who took the consent."),
    )
    scope = forms.ChoiceField(
        label=_("Information asked for"), choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    valid_until = IsoDateField(label=_("The consent is valid until"), required=False)
    note = forms.CharField(
        label=_("Note to the registering organisation (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_given_on"].initial = timezone.localdate()
        self.fields["consent_taken_by"].initial = user.get_full_name() or user.username
        self.fields["scope"].initial = ConsentScope.WITHOUT_NOTES

    def clean_consent_given_on(self) -> dt.date | None:
        return not_in_future(
            self.cleaned_data["consent_given_on"], _("A consent cannot be given in the future.")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        given, until = cleaned.get("consent_given_on"), cleaned.get("valid_until")
        if until and until < timezone.localdate():
            self.add_error("valid_until", _("The consent has already expired."))
        elif given and until and until < given:
            self.add_error("valid_until", _("The consent cannot end before it was given."))
        return cleaned


class ReleaseForm(forms.Form):
    """The holder releases: the scope (no wider than asked) and, optionally, an earlier end."""

    scope = forms.ChoiceField(
        label=_("Information to release"), choices=(), widget=forms.RadioSelect
    )
    valid_until = IsoDateField(
        label=_("Shared until"),
        required=False,
        help_text=_("Empty: as long as the consent is valid."),
    )

    def __init__(self, *args, access_request: AccessRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(ConsentScope.WITHOUT_NOTES.value, ConsentScope.WITHOUT_NOTES.label)]
        if access_request.scope == ConsentScope.WHOLE_RECORD:
            choices.insert(0, (ConsentScope.WHOLE_RECORD.value, ConsentScope.WHOLE_RECORD.label))
        self.fields["scope"].choices = choices
        self.fields["scope"].initial = access_request.scope
        self.fields["valid_until"].initial = access_request.valid_until


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The asking organisation sees the reason."),
    )
