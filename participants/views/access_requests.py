"""Access requests: the asking organisation's list and withdrawal, the holder's release and
decline. The asker never gets the participant from these pages; the holder gets the request
only through participants.access.access_requests_held_for (participants its organisation
registered)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobbspar import access, audit
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from participants import access as participants_access
from participants import access_requests
from participants.access_request_forms import AccessRequestForm, DeclineForm, ReleaseForm
from participants.models import AccessRequest, AccessRequestStatus, Participant

LIST_LIMIT = 100


def submit_access_request(
    request: AuthenticatedRequest, *, participant: Participant, asked_from: str
) -> tuple[AccessRequestForm, AccessRequest | None]:
    """Handle the asker's form for `participant` (obtained by the caller without revealing it):
    returns (form, created request or None)."""
    form = AccessRequestForm(request.POST or None, user=request.user)
    if request.method != "POST" or not form.is_valid():
        return form, None
    try:
        made = access_requests.request_access(
            participant=participant, by=request.user, asked_from=asked_from, **form.cleaned_data
        )
    except ValidationError as refused:
        add_validation_error(form, refused)
        return form, None
    messages.success(
        request,
        _(
            "Your request is sent to the registering organisation. You will be told when they "
            "have decided; until then nothing of the record is shown."
        ),
    )
    return form, made


@role_required(*participants_access.ACCESS_REQUESTERS)
@require_http_methods(["GET", "POST"])
def access_request_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The receiving organisation, which sees the record through a consent, asks for more (the
    whole record) or for longer; only the registering organisation may grant it."""
    participant = get_object_or_404(participants_access.participants_for(request.user), pk=pk)
    if participant.registered_by_id == request.user.organisation_id:
        raise PermissionDenied  # the holder records consents itself
    form, made = submit_access_request(
        request, participant=participant, asked_from=_("The participant's page")
    )
    if made is not None:
        return redirect(participant.get_absolute_url() + "#access-requests")
    audit.log_page_read(request, participant)
    return render(
        request,
        "participants/record_form.html",
        {
            "form": form,
            "title": _("Ask the registering organisation for access"),
            "participant": participant,
            "submit_label": _("Send the request"),
            "cancel_url": participant.get_absolute_url() + "#consents",
        },
    )


@role_required(*participants_access.ACCESS_REQUESTERS)
@require_http_methods(["GET"])
def access_request_list(request: AuthenticatedRequest) -> HttpResponse:
    held = list(
        participants_access.access_requests_held_for(request.user)
        .select_related("participant", "asking_organisation", "asked_by", "decided_by")
        .order_by("-asked_at", "-id")[:LIST_LIMIT]
    )
    made = list(
        participants_access.access_requests_made_for(request.user)
        .select_related("asked_by", "decided_by")
        .order_by("-asked_at", "-id")[:LIST_LIMIT]
    )
    for row in made:
        row.may_withdraw = row.is_open and participants_access.may_withdraw_access_request(
            request.user, row
        )
    return render(
        request,
        "participants/access_request_list.html",
        {
            "held_open": [r for r in held if r.is_open],
            "held_decided": [r for r in held if not r.is_open],
            "made": made,
            "may_decide": access.has_role(request.user, access.COORDINATORS),
        },
    )


@role_required(*access.COORDINATORS)
@require_http_methods(["GET", "POST"])
def access_request_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The registering organisation's coordinator releases or declines a request."""
    held = get_object_or_404(
        participants_access.access_requests_held_for(request.user).select_related(
            "participant", "asking_organisation", "asked_by", "decided_by", "consent"
        ),
        pk=pk,
    )
    action = request.POST.get("action") if request.method == "POST" else None
    release_form = ReleaseForm(
        request.POST if action == "release" else None, access_request=held, prefix="release"
    )
    decline_form = DeclineForm(request.POST if action == "decline" else None, prefix="decline")
    if action == "release" and held.is_open and release_form.is_valid():
        try:
            access_requests.release_access_request(
                access_request=held,
                scope=release_form.cleaned_data["scope"],
                valid_until=release_form.cleaned_data["valid_until"],
                by=request.user,
            )
        except ValidationError as refused:
            add_validation_error(release_form, refused)
        else:
            messages.success(
                request,
                _("The record is released to %(organisation)s.")
                % {"organisation": held.asking_organisation.name},
            )
            return redirect(held.participant.get_absolute_url() + "#access-requests")
    if action == "decline" and held.is_open and decline_form.is_valid():
        try:
            access_requests.decline_access_request(
                access_request=held, reason=decline_form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as refused:
            add_validation_error(decline_form, refused)
        else:
            messages.success(request, _("The request is declined. Nothing was shared."))
            return redirect(held.participant.get_absolute_url() + "#access-requests")
    if action and not held.is_open:
        messages.info(request, _("This request is no longer open."))
    audit.log_page_read(request, held.participant)
    return render(
        request,
        "participants/access_request_decide.html",
        {
            "access_request": held,
            "participant": held.participant,
            "release_form": release_form,
            "decline_form": decline_form,
        },
    )


@role_required(*participants_access.ACCESS_REQUESTERS)
@require_POST
def access_request_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The asking organisation takes back an open request."""
    made = get_object_or_404(
        participants_access.access_requests_made_for(request.user),
        pk=pk,
        status=AccessRequestStatus.OPEN,
    )
    if not participants_access.may_withdraw_access_request(request.user, made):
        raise PermissionDenied
    access_requests.withdraw_access_request(access_request=made, by=request.user)
    messages.success(request, _("The request is withdrawn."))
    return redirect("participants:access_request_list")
