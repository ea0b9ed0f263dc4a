"""Consents: to share the record with another authority, and to be presented to employers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from participants import access as participants_access
from participants import consent as consent_actions
from participants.forms import ConsentForm, ConsentWithdrawalForm, PresentationConsentForm
from participants.views.shared import EDITORS, form_page, participant_or_404


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Only the registering organisation's coordinators record a consent (the other
    organisation asks: participants.access_requests)."""
    participant = participant_or_404(request, pk)
    if not participants_access.is_registering_coordinator(request.user, participant):
        raise PermissionDenied
    form = ConsentForm(request.POST or None, participant=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consent_actions.record_consent(
                participant=participant, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect(participant.get_absolute_url() + "#consents")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Record consent to share"),
        submit=_("Record consent"),
        cancel=participant.get_absolute_url() + "#consents",
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    consent = get_object_or_404(
        participant.consents.select_related("shared_with"),
        pk=consent_pk,
        withdrawn_at__isnull=True,
    )
    if not participants_access.may_withdraw_consent(request.user, consent):
        raise PermissionDenied
    form = ConsentWithdrawalForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        consent_actions.withdraw_consent(
            consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"], by=request.user
        )
        messages.success(request, _("The consent is withdrawn. Sharing has stopped."))
        if participants_access.participants_for(request.user).filter(pk=participant.pk).exists():
            return redirect(participant.get_absolute_url() + "#consents")
        return redirect("participants:participant_list")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Withdraw consent to share with %(organisation)s")
        % {"organisation": consent.shared_with.name},
        submit=_("Withdraw consent"),
        cancel=participant.get_absolute_url() + "#consents",
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def presentation_consent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_or_404(request, pk)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        consent_actions.withdraw_presentation_consent(participant=participant, by=request.user)
        messages.success(request, _("The consent to employer presentation is withdrawn."))
        return redirect(participant.get_absolute_url() + "#consents")
    form = PresentationConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_actions.record_presentation_consent(
            participant=participant, given_on=form.cleaned_data["given_on"], by=request.user
        )
        messages.success(request, _("The consent to employer presentation is recorded."))
        return redirect(participant.get_absolute_url() + "#consents")
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Consent to presentation to employers"),
        submit=_("Confirm"),
        cancel=participant.get_absolute_url() + "#consents",
    )
