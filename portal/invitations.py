"""Inviting an employer's contact person to the portal.

A coordinator invites a contact by e-mail. The invitation creates a portal account (role
employer, the employer's organisation, no usable password) and e-mails a link to set a password.
The link carries a token in the style of Django's password-reset tokens: an HMAC over the
account's id, password hash, last login and a timestamp, so it needs no table, expires after
INVITATION_DAYS, and stops working the moment it is used (setting the password changes the
hash the token was made from). A one-time sign-in link would have to be sent again at every
visit; an employer who uses the portal a few times a term is better served by a password,
with the login throttling and password rules that already protect every account.

An education provider's contact is invited the same way, to an account with the role
`education_provider` in the provider's organisation (its pages are in the schedule app).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from employers.models import ContactPerson, ProviderContact
from jobbspar import access
from jobbspar.models import Organisation, Role, User
from jobbspar.notifications import render_message
from jobbspar.roles import assign_role

INVITATION_DAYS = 7
Contact = ContactPerson | ProviderContact
logger = logging.getLogger(__name__)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "portal.invitations.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        """Like Django's check, with the invitation's own lifetime."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


class InvitationRefused(ValidationError):
    pass


def invitation_path(user: User) -> str:
    return reverse(
        "portal:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


def invite_contact(*, contact: ContactPerson, by: User) -> User:
    """Create (or renew) the employer contact's portal account and e-mail them the link."""
    return _invite(
        contact,
        by=by,
        role=Role.EMPLOYER,
        organisation=lambda c: c.employer.organisation,
        related=("employer__organisation", "user"),
        template="portal/email/invitation",
        context=lambda c: {"employer": c.employer},
    )


def invite_provider_contact(*, contact: ProviderContact, by: User) -> User:
    """Create (or renew) an education provider contact's account (role education_provider, the
    provider's organisation) and e-mail them the link: the same invitation as an employer's."""
    return _invite(
        contact,
        by=by,
        role=Role.EDUCATION_PROVIDER,
        organisation=lambda c: c.provider.organisation,
        related=("provider__organisation", "user"),
        template="portal/email/provider_invitation",
        context=lambda c: {"provider": c.provider},
    )


def _invite(
    contact: Contact,
    *,
    by: User,
    role: str,
    organisation: Callable[[Any], Organisation],
    related: tuple[str, ...],
    template: str,
    context: Callable[[Any], dict[str, Any]],
) -> User:
    email = (contact.email or "").strip().lower()
    if not email:
        raise InvitationRefused(
            _("The contact person has no e-mail address. Add one before inviting them.")
        )
    with transaction.atomic():
        contact = (
            access.refetch(contact).select_for_update(of=("self",)).select_related(*related).get()
        )
        user = contact.user
        if user is not None and user.has_usable_password():
            raise InvitationRefused(
                _("%(name)s already has a portal account.") % {"name": contact.name}
            )
        if user is None:
            if User.objects.filter(username__iexact=email).exists():
                raise InvitationRefused(
                    _("There is already an account with the e-mail address %(email)s.")
                    % {"email": email}
                )
            first, _space, last = contact.name.partition(" ")
            user = User(
                username=email,
                email=email,
                first_name=first[:150],
                last_name=last[:150],
                role=role,
                organisation=organisation(contact),
            )
            user.set_unusable_password()
            user.save()
            assign_role(user, role)
            contact.user = user
        contact.invited_at = timezone.now()
        contact.save(update_fields=["user", "invited_at"])
        message = render_message(
            recipient=user,
            template=template,
            context={
                "contact": contact,
                **context(contact),
                "link": settings.SITE_URL.rstrip("/") + invitation_path(user),
                "days": INVITATION_DAYS,
                "invited_by": by,
            },
        )
    # Sent after the account is saved; if the mail server fails, the account waits (no usable
    # password) and inviting again sends a new link.
    try:
        send_mail(message.subject, message.body, None, [email], fail_silently=False)
    except (SMTPException, OSError) as error:
        logger.warning("Invitation to contact %s not sent: %s", contact.pk, error)
        raise InvitationRefused(
            _("The invitation could not be e-mailed just now. Try again in a while.")
        ) from error
    return user
