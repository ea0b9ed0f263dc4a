"""Consent: sharing a participant between AF and the municipality, and presenting to employers.

A consent to share is in force from the day it was given until it expires or is withdrawn;
withdrawal takes effect at once (`participants.access.participants_for` stops showing the
participant to the other organisation on the next request). Only the registering organisation's
coordinators record consents (the holder of the record decides to disclose it; the other
organisation asks through participants.access_requests); a consent may be withdrawn by them or
by the coordinators of the organisation it shares the record with (giving up its own access).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import access
from jobbspar.models import Organisation, User
from participants import access as participants_access
from participants.models import Consent, ConsentScope, EventKind, Participant
from participants.registration import log_event


def record_consent(
    *,
    participant: Participant,
    shared_with: Organisation,
    given_on: dt.date,
    method: str,
    valid_until: dt.date | None = None,
    scope: str = ConsentScope.WHOLE_RECORD,
    by: User,
) -> Consent:
    """Record the participant's consent to share their record with `shared_with`: only the
    registering organisation's coordinators (the holder of the record) may."""
    if not participants_access.is_registering_coordinator(by, participant):
        raise PermissionDenied
    today = timezone.localdate()
    if given_on > today:
        raise ValidationError({"given_on": _("A consent cannot be given in the future.")})
    if valid_until and valid_until < given_on:
        raise ValidationError({"valid_until": _("The consent cannot end before it was given.")})
    if shared_with.pk == participant.registered_by_id:
        raise ValidationError(
            {"shared_with": _("The registering organisation already holds the record.")}
        )
    if not shared_with.is_authority:
        raise ValidationError(
            {"shared_with": _("A record can be shared only between AF and the municipality.")}
        )
    with transaction.atomic():
        consent = Consent.objects.create(
            participant=participant,
            shared_with=shared_with,
            scope=scope,
            given_on=given_on,
            method=method,
            valid_until=valid_until,
            recorded_by=by,
        )
        log_event(
            participant=participant,
            kind=EventKind.CONSENT_RECORDED,
            by=by,
            detail=shared_with.name,
        )
    return consent


def withdraw_consent(*, consent: Consent, withdrawn_on: dt.date, by: User) -> Consent:
    """Record that the participant withdrew their consent; sharing stops at once."""
    if not participants_access.may_withdraw_consent(by, consent):
        raise PermissionDenied
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The withdrawal date cannot be in the future.")})
    with transaction.atomic():
        locked = access.refetch(consent).select_for_update().get()
        if locked.withdrawn_at is not None:
            return locked  # already withdrawn: nothing to do
        locked.withdrawn_on = withdrawn_on
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.save(update_fields=["withdrawn_on", "withdrawn_at", "withdrawn_by"])
        log_event(
            participant=locked.participant,
            kind=EventKind.CONSENT_WITHDRAWN,
            by=by,
            detail=locked.shared_with.name,
        )
    return locked


def record_presentation_consent(
    *, participant: Participant, given_on: dt.date, by: User
) -> Participant:
    """Staff confirm the participant takes part of their own free will and consents to being
    presented to the employer (candidate summary)."""
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be given in the future.")})
    with transaction.atomic():
        participant.presentation_consent_on = given_on
        participant.presentation_consent_by = by
        participant.save(update_fields=["presentation_consent_on", "presentation_consent_by"])
        log_event(participant=participant, kind=EventKind.PRESENTATION_CONSENT, by=by)
    return participant


# What follows a withdrawn presentation consent in the apps above this one (tracks: void the
# employer's undecided decisions and tell the track's coordinators), run in the same transaction.
_presentation_withdrawn_handlers: list[Callable[..., None]] = []


def on_presentation_consent_withdrawn(handler: Callable[..., None]) -> Callable[..., None]:
    """Register `handler(participant=..., by=...)` (an app's ready() does, once)."""
    if handler not in _presentation_withdrawn_handlers:
        _presentation_withdrawn_handlers.append(handler)
    return handler


def withdraw_presentation_consent(*, participant: Participant, by: User) -> Participant:
    """The participant no longer consents to being presented: employers stop seeing them at once
    (portal.access.portal_candidates_for) and the registered handlers run."""
    with transaction.atomic():
        locked = access.refetch(participant).select_for_update().get()
        if locked.presentation_consent_on is None:
            return locked  # already withdrawn: nothing to do
        locked.presentation_consent_on = None
        locked.presentation_consent_by = None
        locked.save(update_fields=["presentation_consent_on", "presentation_consent_by"])
        log_event(participant=locked, kind=EventKind.PRESENTATION_CONSENT_WITHDRAWN, by=by)
        for handler in _presentation_withdrawn_handlers:
            handler(participant=locked, by=by)
    participant.presentation_consent_on = None
    participant.presentation_consent_by = None
    return participant


def can_be_presented_to_employer(participant: Participant) -> bool:
    """True when the free-will and presentation consent is recorded (needed before an employer
    sees the participant's candidate summary)."""
    return participant.presentation_consent_on is not None
