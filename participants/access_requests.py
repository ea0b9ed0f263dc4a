"""Access requests: the receiving authority asks, the authority that holds the record releases.

Under the Public Access and Secrecy Act the authority that holds the information decides to
disclose it, on the person's consent. So the organisation that did not register a participant
never records a consent in its own favour: it asks (`request_access`), naming the consent it
collected, and sees nothing of the record while the request is open. The registering
organisation's coordinators release it (`release_access_request`, which records the Consent,
never wider than asked) or decline it with a reason; the asker may withdraw an open request.
Every step is a ParticipantEvent, a row in the write history (pghistory) and a notification.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import access
from jobbspar.database import prepared
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify, render_message
from participants import access as participants_access
from participants.consent import record_consent
from participants.models import (
    AccessRequest,
    AccessRequestStatus,
    Consent,
    ConsentMethod,
    ConsentScope,
    EventKind,
    Participant,
)
from participants.registration import log_event

# How much of the record a scope covers: a release may be narrower than the request, never wider.
SCOPE_WIDTH: dict[str, int] = {ConsentScope.WITHOUT_NOTES: 1, ConsentScope.WHOLE_RECORD: 2}


def request_access(
    *,
    participant: Participant,
    by: User,
    consent_given_on: dt.date,
    consent_method: str,
    consent_taken_by: str,
    scope: str,
    valid_until: dt.date | None = None,
    note: str = "",
    asked_from: str = "",
) -> AccessRequest:
    """Ask the registering organisation to release `participant`'s record to `by`'s organisation."""
    if not participants_access.may_request_access(by):
        raise PermissionDenied
    if participant.registered_by_id == by.organisation_id:
        raise ValidationError(_("Your organisation registered this person and holds the record."))
    today = timezone.localdate()
    if consent_method not in ConsentMethod.values:
        raise ValidationError({"consent_method": _("Choose how the consent was given.")})
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Choose the information asked for.")})
    if consent_given_on > today:
        raise ValidationError({"consent_given_on": _("A consent cannot be given in the future.")})
    if valid_until is not None and valid_until < today:
        raise ValidationError({"valid_until": _("The consent has already expired.")})
    if valid_until is not None and valid_until < consent_given_on:
        raise ValidationError({"valid_until": _("The consent cannot end before it was given.")})
    if not (consent_taken_by or "").strip():
        raise ValidationError({"consent_taken_by": _("Say who took the consent.")})
    # Only the asker's own consents are read (the person may have been found unscoped, by number).
    with access.unscoped("an access request: does the asking organisation already have access"):
        active = list(
            participant.consents.active(today).filter(shared_with=by.organisation_id)  # type: ignore[attr-defined]  # ConsentQuerySet
        )
    if any(SCOPE_WIDTH[c.scope] >= SCOPE_WIDTH[scope] for c in active):
        raise ValidationError(_("The record is already shared with your organisation."))
    with transaction.atomic():
        try:
            with transaction.atomic():  # the one-open-request constraint decides races
                request = AccessRequest.objects.create(
                    participant=participant,
                    asking_organisation=by.organisation,
                    asked_by=by,
                    asked_from=asked_from[:300],
                    consent_given_on=consent_given_on,
                    consent_method=consent_method,
                    consent_taken_by=consent_taken_by.strip()[:200],
                    scope=scope,
                    valid_until=valid_until,
                    note=(note or "").strip(),
                )
        except IntegrityError as clash:
            raise ValidationError(
                _("Your organisation already has an open request for this person.")
            ) from clash
        log_event(
            participant=participant,
            kind=EventKind.ACCESS_REQUESTED,
            by=by,
            detail=by.organisation.name,  # type: ignore[union-attr]  # staff have one
        )
        _notify_holders(request)
    return request


def _locked(access_request: AccessRequest) -> AccessRequest:
    return (
        access.refetch(access_request)
        .select_for_update(of=("self",))
        .select_related("participant", "asking_organisation")
        .get()
    )


def release_access_request(
    *,
    access_request: AccessRequest,
    scope: str,
    valid_until: dt.date | None = None,
    by: User,
) -> Consent:
    """The registering organisation releases the record: the consent is recorded for the asker,
    covering `scope` (never wider than asked) until `valid_until` (never later than asked)."""
    if not participants_access.is_registering_coordinator(by, access_request.participant):
        raise PermissionDenied
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Choose the information to release.")})
    if SCOPE_WIDTH[scope] > SCOPE_WIDTH[access_request.scope]:
        raise ValidationError({"scope": _("You cannot release more than was asked for.")})
    asked_until = access_request.valid_until
    if valid_until is None:
        valid_until = asked_until
    elif asked_until is not None and valid_until > asked_until:
        raise ValidationError(
            {
                "valid_until": _("The release cannot last longer than the consent (%(date)s).")
                % {"date": asked_until.isoformat()}
            }
        )
    with transaction.atomic():
        locked = _locked(access_request)
        if locked.status == AccessRequestStatus.RELEASED:
            return locked.consent  # type: ignore[return-value]  # released: it has its consent
        if locked.status != AccessRequestStatus.OPEN:
            raise ValidationError(_("This request is no longer open."))
        consent = record_consent(
            participant=locked.participant,
            shared_with=locked.asking_organisation,
            given_on=locked.consent_given_on,
            method=locked.consent_method,
            valid_until=valid_until,
            scope=scope,
            by=by,
        )
        locked.status = AccessRequestStatus.RELEASED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.consent = consent
        locked.save(update_fields=["status", "decided_by", "decided_at", "consent"])
        log_event(
            participant=locked.participant,
            kind=EventKind.ACCESS_RELEASED,
            by=by,
            detail=f"{locked.asking_organisation.name}: {ConsentScope(scope).label}",
        )
        _notify_asker(locked)
    return consent


def decline_access_request(
    *, access_request: AccessRequest, reason: str, by: User
) -> AccessRequest:
    """The registering organisation declines the request, saying why; nothing is shared."""
    if not participants_access.is_registering_coordinator(by, access_request.participant):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request is declined.")})
    with transaction.atomic():
        locked = _locked(access_request)
        if locked.status == AccessRequestStatus.DECLINED:
            return locked
        if locked.status != AccessRequestStatus.OPEN:
            raise ValidationError(_("This request is no longer open."))
        locked.status = AccessRequestStatus.DECLINED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        log_event(
            participant=locked.participant,
            kind=EventKind.ACCESS_DECLINED,
            by=by,
            detail=locked.asking_organisation.name,
        )
        _notify_asker(locked)
    return locked


def withdraw_access_request(*, access_request: AccessRequest, by: User) -> AccessRequest:
    """The asking organisation takes back its open request."""
    if not participants_access.may_withdraw_access_request(by, access_request):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(access_request)
        if locked.status == AccessRequestStatus.WITHDRAWN:
            return locked
        if locked.status != AccessRequestStatus.OPEN:
            raise ValidationError(_("This request is no longer open."))
        locked.status = AccessRequestStatus.WITHDRAWN
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        log_event(
            participant=locked.participant,
            kind=EventKind.ACCESS_REQUEST_WITHDRAWN,
            by=by,
            detail=locked.asking_organisation.name,
        )
    return locked


START_PAGE_LIMIT = 10


def start_page_context(user: User) -> dict:
    """The start page's part: open requests the user's organisation must decide (coordinators),
    and how many of its own requests wait for the other organisation. Each statement is built
    once per kind of user (jobbspar/database/prepared.py, issue 18); a list the user's role
    leaves empty is not read at all (an empty queryset has no statement to keep)."""
    made = (
        prepared.evaluate(_open_requests_made, user)
        if participants_access.may_request_access(user)
        else []
    )
    return {
        "access_requests_to_decide": (
            prepared.evaluate(_access_requests_to_decide, user)
            if participants_access.decides_access_requests(user)
            else []
        ),
        "access_requests_open_made": made[0]["n"] if made else 0,
    }


def _access_requests_to_decide(user: User) -> QuerySet[AccessRequest]:
    return (
        participants_access.access_requests_held_for(user)
        .filter(status=AccessRequestStatus.OPEN)
        .select_related("participant", "asking_organisation")
        # What the start page shows, not the whole record of each person.
        .only("asked_at", "participant__name", "asking_organisation__name")
        .order_by("asked_at", "id")[:START_PAGE_LIMIT]
    )


def _open_requests_made(user: User) -> QuerySet:
    return prepared.one_row(
        participants_access.access_requests_made_for(user).filter(status=AccessRequestStatus.OPEN),
        n=Count("pk"),
    )


def _notify_holders(request: AccessRequest) -> None:
    """The registering organisation's coordinators hear of the request (no name in the message:
    the link opens it for those who may see the person)."""
    holders = User.objects.filter(
        organisation_id=request.participant.registered_by_id,
        role__in=access.COORDINATORS,
        is_active=True,
    )
    url = reverse("participants:access_request_decide", args=[request.pk])
    for coordinator in holders:
        notify(
            recipient=coordinator,
            kind=NotificationKind.ACCESS_REQUESTED,
            obj=request,
            due_on=timezone.localdate(),
            send_after=timezone.now(),
            message=render_message(
                recipient=coordinator,
                template="notifications/access_requested",
                context={"request": request},
            ),
            url=url,
        )


def _notify_asker(request: AccessRequest) -> None:
    if not request.asked_by.is_active:
        return
    url = reverse("participants:access_request_list")
    if request.status == AccessRequestStatus.RELEASED:
        url = reverse("participants:participant_detail", args=[request.participant_id])
    notify(
        recipient=request.asked_by,
        kind=NotificationKind.ACCESS_REQUEST_DECIDED,
        obj=request,
        due_on=timezone.localdate(),
        send_after=timezone.now(),
        message=render_message(
            recipient=request.asked_by,
            template="notifications/access_request_decided",
            context={"request": request},
        ),
        url=url,
    )
