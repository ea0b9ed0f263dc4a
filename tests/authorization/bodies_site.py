"""Valid bodies and effects for the site's own pages: notifications, the session, two factors."""

from __future__ import annotations

import time

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import two_factor
from jobbspar.middleware import SESSION_RENEWED_AT
from jobbspar.models import Notification, NotificationPreference
from jobbspar.models import UserSession as Session
from jobbspar.notifications import Message, notify
from tests.authorization.rows import ANON
from tests.otp import code_for_device


def _notification_read(w):
    return Notification.objects.get(pk=w["notification"].pk).read_at


def _preferences(w):
    return sorted(map(str, NotificationPreference.objects.values_list()))


def _one_more_unread(w, role):
    """Gives the posting user an unread notification, so marking all read changes something."""

    user = w["personas"].get(role)
    if user is not None:
        notify(
            recipient=user,
            kind="action_item_due",
            obj=user,
            due_on=timezone.localdate(),
            send_after=timezone.now(),
            message=Message(subject="Påminnelse", body="Text"),
            url="/",
        )
    return {}


def _unread(w):
    return sorted(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True))


def _renewed_a_moment_ago(w, role):
    # Recent enough that SessionRenewalMiddleware leaves it (it renews after a minute), so only
    # the keep-alive itself renews it.
    return {SESSION_RENEWED_AT: int(time.time()) - 10}


def _sessions_renewed_at(w):
    return sorted(
        (session.session_key, session.get_decoded().get(SESSION_RENEWED_AT))
        for session in Session.objects.all()
    )


def _enrol_anew(w, role):
    """Setting up an authenticator from scratch (a new user, or one whose lost phone the
    administrator reset): the code the app shows for the device being enrolled."""

    if role == ANON:
        return {"code": "123456"}
    return {"code": code_for_device(two_factor.start_enrolment(w["personas"][role]))}


def _authenticator_reset(w, role):
    """After signing in (which gives staff personas their authenticator), the administrator has
    reset it: only the device being enrolled is left."""

    if role != ANON:
        TOTPDevice.objects.filter(user=w["personas"][role], confirmed=True).delete()
    return {}


def _confirmed_authenticators(w):
    return sorted(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
