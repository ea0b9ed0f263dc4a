"""Rows of the employer portal."""

from __future__ import annotations

from urllib.parse import unquote

from django.urls import resolve

from jobbspar.models import Role
from portal.invitations import invitation_path, invite_contact
from tests.authorization.rows import COORDINATORS, Row, _track, everyone, only
from tests.employers.factories import ContactPersonFactory


def _invitation(w) -> dict:
    """The link of an invitation to the portal, made once per world for a contact of its own."""
    if "invitation" not in w:
        contact = ContactPersonFactory(employer=w["employer"], email="inbjuden@example.se")
        user = invite_contact(contact=contact, by=w["personas"][Role.AF_COORDINATOR])
        w["invited_user"] = user
        w["invitation"] = resolve(unquote(invitation_path(user))).kwargs
    return w["invitation"]


PORTAL_ROWS: dict[str, Row] = {
    # The employer portal: the employer user only (their own employer's track in the world);
    # coordinators invite contacts; the invitation link is public, and a bad one is a 404.
    "portal:home": Row(get=only([Role.EMPLOYER])),
    "portal:track": Row(get=only([Role.EMPLOYER]), kwargs=_track),
    "portal:candidates": Row(get=only([Role.EMPLOYER]), kwargs=_track),
    "portal:decide": Row(
        get=only([Role.EMPLOYER]),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["portal_presented"].pk},
        post={Role.EMPLOYER: 200},
    ),
    "portal:participant": Row(
        get=only([Role.EMPLOYER]),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["portal_completed"].pk},
    ),
    "portal:offer": Row(
        get=only([Role.EMPLOYER]),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["portal_completed"].pk},
        post={Role.EMPLOYER: 200},
    ),
    # Withdrawing an offer: the employer user only; with no open offer it explains (200).
    "portal:withdraw_offer": Row(
        get=only([Role.EMPLOYER]),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["portal_completed"].pk},
        post={Role.EMPLOYER: 200},
    ),
    "portal:agreement": Row(get=only([Role.EMPLOYER]), kwargs=_track, post={Role.EMPLOYER: 200}),
    "portal:meeting_ics": Row(get=only([Role.EMPLOYER]), kwargs=lambda w: {"pk": w["meeting"].pk}),
    "portal:invite": Row(
        get=only(COORDINATORS),
        kwargs=lambda w: {"pk": w["portal_contact"].pk},
        post=dict.fromkeys(COORDINATORS, 302),
    ),
    # An education provider's contact, invited like an employer's (to the provider's pages).
    "portal:provider_invite": Row(
        get=only(COORDINATORS),
        kwargs=lambda w: {"pk": w["provider_contact"].pk},
        post=dict.fromkeys(COORDINATORS, 302),
    ),
    # The link is the credential (a signed token that works once, for a week): whoever holds it
    # may set the invited contact's password, signed in or not. A bad token is a 404
    # (tests/portal/test_invitations.py).
    "portal:accept_invitation": Row(
        get=everyone(200), kwargs=lambda w: _invitation(w), post=everyone(200)
    ),
}
