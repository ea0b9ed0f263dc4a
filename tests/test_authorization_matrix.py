"""Authorization matrix: every URL, every role, the expected status.

Every named URL pattern in the project (outside the Django admin, which has its own staff
check) must have a row in MATRIX; a new URL without one fails `test_every_url_is_in_the_matrix`.

A row gives: `kwargs(world)` -> URL kwargs, built from the `world` fixture (one object of each
kind, owned by the personas' organisations), and the expected GET status per role. `ANON` is the
anonymous visitor. A value of LOGIN means "redirect to the login page". Add POST expectations with
`post={role: status}` where a URL accepts POST; unlisted roles are expected to get 403/404/405 for
POST (never 2xx/3xx success). Those rows post an empty body; VALID_POSTS (at the end) gives a URL
a body its form accepts and the state it changes: allowed roles must change it, refused roles
must not. POST_WITHOUT_A_VALID_BODY_YET lists the POST URLs still without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobbspar.models import Role

ANON = "anonymous"
LOGIN = "login-redirect"
ROLES = [ANON, *Role.values]
STAFF = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH]
EDITORS = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.ADMIN]
READERS = [*STAFF, Role.ADMIN, Role.EMPLOYER]
COORDINATORS = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR]


def everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int | str, **overrides: int | str) -> dict[str, int | str]:
    """ANON is redirected to login; every role gets `status` unless overridden."""
    expected: dict[str, int | str] = {ANON: LOGIN, **dict.fromkeys(Role.values, status)}
    expected.update(overrides)
    return expected


def only(roles: list[str], status: int = 200, others: int = 403) -> dict[str, int | str]:
    expected: dict[str, int | str] = {ANON: LOGIN}
    for role in Role.values:
        expected[role] = status if role in roles else others
    return expected


@dataclass
class Row:
    get: dict[str, int | str]
    kwargs: Callable[[Any], dict] = field(default=lambda world: {})
    post: dict[str, int | str] | None = None
    query: str = ""
    # A valid POST body (from the world), for URLs whose POST does something with one.
    body: Callable[[Any], dict] = field(default=lambda world: {})


def _shared(world) -> dict:
    return {"pk": world["shared"].pk}


def _track(world) -> dict:
    return {"pk": world["track"].pk}


def _member(world) -> dict:
    return {"pk": world["track"].pk, "member_pk": world["member"].pk}


TRACK_READERS = [*STAFF, Role.ADMIN]
DASHBOARD_VIEWERS = [*COORDINATORS, Role.MANAGER, Role.ADMIN]


def _invitation(w) -> dict:
    """The link of an invitation to the portal, made once per world for a contact of its own."""
    if "invitation" not in w:
        from urllib.parse import unquote

        from django.urls import resolve

        from portal.invitations import invitation_path, invite_contact
        from tests.employers.factories import ContactPersonFactory

        contact = ContactPersonFactory(employer=w["employer"], email="inbjuden@example.se")
        user = invite_contact(contact=contact, by=w["personas"][Role.AF_COORDINATOR])
        w["invited_user"] = user
        w["invitation"] = resolve(unquote(invitation_path(user))).kwargs
    return w["invitation"]


MATRIX: dict[str, Row] = {
    "home": Row(get=signed_in(200)),
    "login": Row(get={ANON: 200, **dict.fromkeys(Role.values, 302)}),
    "logout": Row(get=everyone(405)),
    "password_change": Row(get=signed_in(200)),
    "password_change_done": Row(get=signed_in(200)),
    "password_reset": Row(get=everyone(200)),
    "password_reset_done": Row(get=everyone(200)),
    "password_reset_confirm": Row(
        get=everyone(200), kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "password_reset_complete": Row(get=everyone(200)),
    # The personas are signed in with their second factor (tests/conftest.py VerifiedClient),
    # so the 2FA pages send them on; only the employer user, with no authenticator, may enrol.
    "two_factor_verify": Row(get=signed_in(302)),
    "two_factor_setup": Row(
        get=signed_in(302, **{Role.EMPLOYER: 200}), post=signed_in(302, **{Role.EMPLOYER: 200})
    ),
    "two_factor_recovery_codes": Row(get=signed_in(302)),
    "session_keep_alive": Row(get=signed_in(405), post=signed_in(302)),
    "accessibility": Row(get=everyone(200)),
    "healthz": Row(get=everyone(200)),
    # Benchmark mode is off outside `make bench` (tests/jobbspar/test_bench_floor.py turns it on).
    "bench_floor": Row(get=everyone(404)),
    "set_language": Row(get=everyone(302)),
    "notification_list": Row(get=signed_in(200)),
    "notification_open": Row(
        get=signed_in(405),
        kwargs=lambda world: {"pk": world["notification"].pk},
        # Only the recipient (the AF coordinator) may open it; for everyone else it does not exist.
        post={
            ANON: LOGIN,
            Role.AF_COORDINATOR: 302,
            **dict.fromkeys([r for r in Role.values if r != Role.AF_COORDINATOR], 404),
        },
    ),
    "notification_mark_all_read": Row(get=signed_in(405), post=signed_in(302)),
    "notification_preferences": Row(get=signed_in(200), post=signed_in(302)),
    **{
        # Employers app. Staff read, coordinators and admin edit, employer users read their own
        # employer's needs, profile and agreement; another employer's object is a 404.
        "employers:list": Row(get=only([*STAFF, Role.ADMIN])),
        "employers:create": Row(get=only(EDITORS), post=dict.fromkeys(EDITORS, 200)),
        "employers:detail": Row(get=only(READERS), kwargs=lambda w: {"pk": w["employer"].pk}),
        "employers:edit": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["employer"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:contact_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["employer"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:contact_delete": Row(
            get=everyone(405),
            kwargs=lambda w: {"pk": w["employer"].pk, "contact_pk": w["contact"].pk},
            post=dict.fromkeys(EDITORS, 302),
        ),
        "employers:need_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["employer"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:need_detail": Row(get=only(READERS), kwargs=lambda w: {"pk": w["need"].pk}),
        "employers:need_edit": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["need"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:need_repeat": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["need"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:profile": Row(get=only(READERS), kwargs=lambda w: {"pk": w["need"].pk}),
        "employers:criterion_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["need"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:criterion_delete": Row(
            get=everyone(405),
            kwargs=lambda w: {"pk": w["need"].pk, "criterion_pk": w["criterion"].pk},
            post=dict.fromkeys(EDITORS, 302),
        ),
        "employers:profile_notes": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["need"].pk},
            post=dict.fromkeys(EDITORS, 302),
        ),
        "employers:agreement_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["need"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:meeting_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["employer"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:meeting_detail": Row(
            get=only([*STAFF, Role.ADMIN]), kwargs=lambda w: {"pk": w["meeting"].pk}
        ),
        "employers:meeting_edit": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["meeting"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:meeting_ics": Row(
            get=only([*STAFF, Role.ADMIN]), kwargs=lambda w: {"pk": w["meeting"].pk}
        ),
        "employers:action_item_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["meeting"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:action_item_toggle": Row(
            get=everyone(405),
            kwargs=lambda w: {"pk": w["action_item"].pk},
            post=dict.fromkeys(EDITORS, 302),
        ),
        "employers:agreement_detail": Row(
            get=only(READERS), kwargs=lambda w: {"pk": w["agreement"].pk}
        ),
        "employers:agreement_edit": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["agreement"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:agreement_confirm": Row(
            get=everyone(405),
            kwargs=lambda w: {"pk": w["agreement"].pk},
            post=dict.fromkeys(EDITORS, 400),
        ),
        "employers:agreement_send": Row(
            get=everyone(405),
            kwargs=lambda w: {"pk": w["agreement"].pk},
            post=dict.fromkeys(EDITORS, 302),
        ),
        "employers:agreement_print": Row(
            get=only(READERS), kwargs=lambda w: {"pk": w["agreement"].pk}
        ),
        "employers:agreement_pdf": Row(
            get=only(READERS), kwargs=lambda w: {"pk": w["agreement"].pk}
        ),
        "employers:provider_list": Row(get=only([*STAFF, Role.ADMIN])),
        "employers:provider_create": Row(get=only(EDITORS), post=dict.fromkeys(EDITORS, 200)),
        "employers:provider_detail": Row(
            get=only([*STAFF, Role.ADMIN]), kwargs=lambda w: {"pk": w["provider"].pk}
        ),
        "employers:provider_edit": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["provider"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
        "employers:provider_contact_create": Row(
            get=only(EDITORS),
            kwargs=lambda w: {"pk": w["provider"].pk},
            post=dict.fromkeys(EDITORS, 200),
        ),
    },
    # Participants: staff of the registering organisation and of an organisation with an active
    # consent. The rows use the participant AF registered and shared with the municipality;
    # tests/participants/test_visibility.py proves the 404s for participants not shared.
    "participants:participant_list": Row(get=only(STAFF)),
    "participants:participant_export": Row(get=only(COORDINATORS)),
    "participants:participant_create": Row(
        get=only(COORDINATORS), post=dict.fromkeys(COORDINATORS, 200)
    ),
    # Without a pending registration in the session the consent step sends back to the form.
    "participants:consent_needed": Row(
        get=only(COORDINATORS, status=302), post=dict.fromkeys(COORDINATORS, 302)
    ),
    # Access requests: the world's municipal coordinator asked for a person AF registered.
    # Staff list their organisation's requests; AF's coordinators (the holder) release; the
    # asker (municipality) may withdraw its own; the receiving side cannot open the decision.
    "participants:access_request_list": Row(get=only(STAFF)),
    "participants:access_request_decide": Row(
        get={**only([Role.AF_COORDINATOR]), Role.MUNICIPAL_COORDINATOR: 404},
        kwargs=lambda world: {"pk": world["access_request"].pk},
        post={Role.AF_COORDINATOR: 302, Role.MUNICIPAL_COORDINATOR: 404},
        body=lambda world: {"action": "release", "release-scope": "without_notes"},
    ),
    "participants:access_request_withdraw": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["access_request_to_withdraw"].pk},
        post={
            Role.MUNICIPAL_COORDINATOR: 302,
            Role.JOB_COACH: 403,  # neither the asker nor a coordinator
            Role.AF_COORDINATOR: 404,  # not its organisation's request
        },
    ),
    # The municipality sees the shared participant and may ask AF for more; AF holds the record
    # (403). The world's consent already covers the whole record, so the request is refused
    # with the form again.
    "participants:access_request_create": Row(
        get={**only(STAFF), Role.AF_COORDINATOR: 403},
        kwargs=_shared,
        post={Role.MUNICIPAL_COORDINATOR: 200, Role.JOB_COACH: 200, Role.AF_COORDINATOR: 403},
        body=lambda world: {
            "consent_given_on": dt.date.today().isoformat(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "whole_record",
        },
    ),
    "participants:participant_detail": Row(get=only(STAFF), kwargs=_shared),
    "participants:participant_edit": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "participants:background_edit": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:language_add": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:experience_add": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:language_delete": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["language"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "participants:experience_delete": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["experience"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "participants:note_create": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:plan_item_create": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:plan_item_edit": Row(
        get=only(STAFF),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["plan_item"].pk},
        post=dict.fromkeys(STAFF, 200),
    ),
    # Only the registering organisation's coordinators record a consent (AF registered it).
    "participants:consent_create": Row(
        get=only([Role.AF_COORDINATOR]),
        kwargs=_shared,
        post={Role.AF_COORDINATOR: 200, Role.MUNICIPAL_COORDINATOR: 403},
    ),
    "participants:consent_withdraw": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["shared"].pk, "consent_pk": world["consent"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    "participants:presentation_consent": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
    # Only the registering organisation's coordinators (AF registered the shared participant).
    "participants:register_extract": Row(get=only([Role.AF_COORDINATOR]), kwargs=_shared),
    "participants:register_extract_pdf": Row(get=only([Role.AF_COORDINATOR]), kwargs=_shared),
    # Without the confirmation box ticked the form comes back (nothing is erased).
    "participants:participant_erase": Row(
        get=only([Role.AF_COORDINATOR]),
        kwargs=_shared,
        post={Role.AF_COORDINATOR: 200},
    ),
    # Tracks: coordinators, job coaches and the administrator read; coordinators and the
    # administrator edit; only coordinators (who may see participants) match and move people.
    "tracks:track_list": Row(get=only(TRACK_READERS)),
    "tracks:track_create": Row(get=only(EDITORS), post=dict.fromkeys(EDITORS, 200)),
    "tracks:track_detail": Row(get=only(TRACK_READERS), kwargs=_track),
    "tracks:track_edit": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    "tracks:track_copy": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    "tracks:track_status": Row(
        get=only(EDITORS, status=405), kwargs=_track, post=dict.fromkeys(EDITORS, 302)
    ),
    "tracks:funding_add": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    "tracks:funding_edit": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "funding_pk": world["funding"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "tracks:phase_create": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    # The world's phase has recorded progress, so deleting it is refused (the page explains).
    "tracks:phase_delete": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "phase_pk": world["phase"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "tracks:phase_edit": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "phase_pk": world["phase"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "tracks:find_candidates": Row(get=only(COORDINATORS), kwargs=_track),
    "tracks:nominate": Row(
        get=only(COORDINATORS, status=405), kwargs=_track, post=dict.fromkeys(COORDINATORS, 302)
    ),
    "tracks:member_detail": Row(get=only(STAFF), kwargs=_member),
    "tracks:progress_edit": Row(
        get=only(STAFF),
        kwargs=lambda world: {**_member(world), "phase_pk": world["phase"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "tracks:apl_log_add": Row(get=only(STAFF), kwargs=_member, post=dict.fromkeys(STAFF, 200)),
    # A note is changed by its author's organisation (the world's note is AF's).
    "tracks:apl_log_edit": Row(
        get=only([Role.AF_COORDINATOR]),
        kwargs=lambda w: {**_member(w), "entry_pk": w["apl_entry"].pk},
        post={Role.AF_COORDINATOR: 200},
    ),
    # Outcome follow-ups: coordinators who may see the participant; an empty answer is refused
    # with the form again (200).
    # The world's track is not completed: the page says so, and a POST is refused with it.
    "tracks:track_closing": Row(
        get=only(COORDINATORS), kwargs=_track, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "follow_ups:list": Row(get=only(COORDINATORS)),
    "follow_ups:answer": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["follow_up"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    # The world's progress row is a completed phase, so its certificate exists.
    "tracks:certificate": Row(
        get=only(STAFF), kwargs=lambda world: {**_member(world), "phase_pk": world["phase"].pk}
    ),
    "tracks:member_move": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["track"].pk, "member_pk": world["member"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    # Asking by member id for a person shown by pseudonym: the track's own team of the other
    # organisation (the world's municipal coordinator and job coach); AF's coordinator is not on
    # the track's team.
    "tracks:member_access_request": Row(
        get={**only(STAFF, status=200), Role.AF_COORDINATOR: 404},
        kwargs=lambda world: {"pk": world["track"].pk, "member_pk": world["hidden_member"].pk},
        post={Role.AF_COORDINATOR: 404, Role.MUNICIPAL_COORDINATOR: 302, Role.JOB_COACH: 302},
        body=lambda world: {
            "consent_given_on": dt.date.today().isoformat(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "without_notes",
        },
    ),
    "tracks:apply_decisions": Row(
        get=only(COORDINATORS, status=405), kwargs=_track, post=dict.fromkeys(COORDINATORS, 302)
    ),
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
    "portal:agreement": Row(get=only([Role.EMPLOYER]), kwargs=_track, post={Role.EMPLOYER: 200}),
    "portal:meeting_ics": Row(get=only([Role.EMPLOYER]), kwargs=lambda w: {"pk": w["meeting"].pk}),
    "portal:invite": Row(
        get=only(COORDINATORS),
        kwargs=lambda w: {"pk": w["portal_contact"].pk},
        post=dict.fromkeys(COORDINATORS, 302),
    ),
    # The link is the credential (a signed token that works once, for a week): whoever holds it
    # may set the invited contact's password, signed in or not. A bad token is a 404
    # (tests/portal/test_invitations.py).
    "portal:accept_invitation": Row(
        get=everyone(200), kwargs=lambda w: _invitation(w), post=everyone(200)
    ),
    # Manager dashboard: aggregates only, for managers, the administrator and coordinators.
    "dashboard:dashboard": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:export_csv": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:export_xlsx": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:report": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:report_pdf": Row(get=only(DASHBOARD_VIEWERS)),
    # Near the end: removes the world's funding source.
    "tracks:funding_delete": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "funding_pk": world["funding"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    # Last: generating the plan again is refused while progress is recorded (a message says so).
    "tracks:phases_generate": Row(
        get=only(EDITORS, status=405), kwargs=_track, post=dict.fromkeys(EDITORS, 302)
    ),
}


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(_named_patterns(pattern, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


@pytest.fixture
def world(personas, employer_org, af, municipality):
    """One object of each kind for URLs that take ids; apps add theirs here."""
    from django.utils import timezone

    from jobbspar.notifications import Message, notify

    notification, _ = notify(
        recipient=personas[Role.AF_COORDINATOR],
        kind="action_item_due",
        obj=personas[Role.AF_COORDINATOR].organisation,
        due_on=timezone.localdate(),
        send_after=timezone.now(),
        message=Message(subject="Påminnelse", body="Text"),
        url="/",
    )
    from participants.models import OtherLanguage
    from tests.employers import factories as ef
    from tests.participants.factories import (
        ConsentFactory,
        ParticipantFactory,
        PlanItemFactory,
        WorkExperienceFactory,
    )

    employer = ef.EmployerFactory(organisation=employer_org)
    need = ef.RecruitmentNeedFactory(employer=employer)
    criterion = ef.CriterionFactory(version__need=need)
    meeting = ef.PlanningMeetingFactory(employer=employer, need=need)
    af_coordinator = personas[Role.AF_COORDINATOR]
    shared = ParticipantFactory(registered_by=af)
    objects = {
        "personas": personas,
        "notification": notification,
        "employer": employer,
        "contact": ef.ContactPersonFactory(employer=employer),
        "need": need,
        "criterion": criterion,
        "meeting": meeting,
        "action_item": ef.ActionItemFactory(meeting=meeting, owner=personas[Role.AF_COORDINATOR]),
        # Sent to the employer for confirmation, so the portal shows it.
        "agreement": ef.AgreementFactory(
            need=need,
            profile_version=criterion.version,
            sent_to_employer_at=timezone.now(),
        ),
        "provider": ef.EducationProviderFactory(),
        "af_participant": ParticipantFactory(registered_by=af),
        "municipal_participant": ParticipantFactory(registered_by=municipality),
        "shared": shared,
        "consent": ConsentFactory(
            participant=shared, shared_with=municipality, recorded_by=af_coordinator
        ),
        "plan_item": PlanItemFactory(participant=shared, created_by=af_coordinator),
        "language": OtherLanguage.objects.create(
            participant=shared, language="arabiska", level="b1"
        ),
        "experience": WorkExperienceFactory(participant=shared),
        **_track_world(employer, need, criterion.version, shared, af_coordinator),
    }
    objects.update(_portal_world(objects, af, af_coordinator))
    objects.update(_access_request_world(objects, personas, af, af_coordinator))
    return objects


def _access_request_world(objects, personas, af, af_coordinator) -> dict:
    """Requests by the municipal coordinator for people AF registered (one to decide, one to
    withdraw), and a member of the world's track whom the municipality sees by pseudonym, with
    the municipal coordinator and job coach on the track's team."""
    from participants.access_requests import request_access
    from tests.participants.factories import ParticipantFactory
    from tests.tracks.factories import TrackParticipantFactory

    asker = personas[Role.MUNICIPAL_COORDINATOR]
    track = objects["track"]
    track.coordinators.add(asker)
    track.job_coaches.add(personas[Role.JOB_COACH])

    def ask(participant):
        return request_access(
            participant=participant,
            by=asker,
            consent_given_on=dt.date.today(),
            consent_method="in_writing",
            consent_taken_by="Sara Malmö",
            scope="whole_record",
        )

    return {
        "access_request": ask(objects["af_participant"]),
        "access_request_to_withdraw": ask(ParticipantFactory(registered_by=af)),
        "hidden_member": TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(registered_by=af),
            nominated_by=af_coordinator,
        ),
    }


def _portal_world(objects, af, af_coordinator) -> dict:
    """A presented candidate and a participant who completed, in the world's track, which the
    employer's agreement belongs to (the portal's candidate, offer and agreement pages)."""
    from tests.employers.factories import ContactPersonFactory
    from tests.participants.factories import ParticipantFactory
    from tests.tracks.factories import TrackParticipantFactory
    from tracks.models import State

    track = objects["track"]
    track.agreement = objects["agreement"]
    track.save(update_fields=["agreement"])
    members = {"portal_contact": ContactPersonFactory(employer=objects["employer"])}
    for key, state in (
        ("portal_presented", State.PRESENTED),
        ("portal_completed", State.COMPLETED),
    ):
        members[key] = TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(
                registered_by=af,
                presentation_consent_on=dt.date.today(),
                presentation_consent_by=af_coordinator,
            ),
            state=state,
            nominated_by=af_coordinator,
        )
    return members


def _track_world(employer, need, version, shared, af_coordinator) -> dict:
    from tests.employers.factories import ContactPersonFactory
    from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory

    track = TrackFactory(
        employer=employer,
        need=need,
        profile_version=version,
        mentors=[ContactPersonFactory(employer=employer)],
    )
    from tracks.models import FundingSource, FundingSourceKind

    phase = PhaseFactory(track=track)
    member = TrackParticipantFactory(track=track, participant=shared, nominated_by=af_coordinator)
    funding = FundingSource.objects.create(
        track=track, source=FundingSourceKind.JOBBPAKTEN, amount=1
    )
    return {
        "track": track,
        "phase": phase,
        "member": member,
        "funding": funding,
        **track_records(member, phase, af_coordinator),
    }


def track_records(member, phase, recorder) -> dict:
    """A member's records: completed progress in `phase`, an APL log entry and a follow-up
    (the world's own here; tests/test_canary.py makes foreign ones for the IDOR probe)."""
    from django.utils import timezone

    from tracks.models import AplLogEntry, FollowUp, PhaseProgress

    return {
        "progress": PhaseProgress.objects.create(
            track_participant=member,
            phase=phase,
            actual_start=phase.starts_on,
            actual_end=phase.ends_on,
            completed=True,
        ),
        "apl_entry": AplLogEntry.objects.create(
            track_participant=member,
            week_starting=phase.starts_on,
            mentor=member.track.mentors.first(),
            note="Närvarande hela veckan.",
            recorded_by=recorder,
        ),
        "follow_up": FollowUp.objects.create(
            track_participant=member,
            months=3,
            due_on=timezone.localdate(),
            responsible=recorder,
        ),
    }


def test_every_url_is_in_the_matrix():
    missing = sorted(set(_named_patterns()) - set(MATRIX))
    assert missing == [], f"URLs without an authorization row: {missing}"


def _client_for(client, personas, role):
    if role != ANON:
        client.force_login(personas[role])
    return client


def _assert_status(response, expected, context):
    if expected == LOGIN:
        assert response.status_code == 302, context
        assert response["Location"].startswith(reverse("login")), context
    else:
        assert response.status_code == expected, context


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, world, role):
    for name, row in MATRIX.items():
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        response = _client_for(client, world["personas"], role).get(url)
        _assert_status(response, row.get[role], f"GET {url} as {role}")
        client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(client, world, role):
    for name, row in MATRIX.items():
        if row.post is None:
            continue
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        response = _client_for(client, world["personas"], role).post(url, row.body(world))
        expected = row.post.get(role)
        if expected is None:
            # Not allowed: refused, or (anonymous) sent to sign in; never a success.
            assert response.status_code in {302, 403, 404, 405}, f"POST {url} as {role}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), f"POST {url} as {role}"
        else:
            _assert_status(response, expected, f"POST {url} as {role}")
        client.logout()


# --- POST with a valid body: allowed roles change something, denied roles change nothing -----
#
# The matrix above posts an empty body, which proves the refusals but lets an allowed role
# re-render a form without saving. Here each URL gets a body its form accepts and a reading of
# the state it changes (from the database, outside any request).


@dataclass
class ValidPost:
    body: Callable[[Any, str], dict]  # (world, role) -> a body the form accepts
    effect: Callable[[Any], Any]  # world -> the state the POST changes
    query: Callable[[Any], str] = lambda w: ""  # world -> a query string the page needs
    # (world, role) -> what the page needs in the posting user's session (set before the POST)
    session: Callable[[Any, str], dict] = lambda w, role: {}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _contacts(w):
    from employers.models import ContactPerson

    return sorted(ContactPerson.objects.filter(employer=w["employer"]).values_list("pk", "name"))


def _profile(w):
    from employers.models import Criterion, RequirementProfileVersion

    versions = RequirementProfileVersion.objects.filter(need=w["need"])
    criteria = Criterion.objects.filter(version__need=w["need"])
    return sorted(versions.values_list("pk", "notes")), sorted(
        criteria.values_list("pk", flat=True)
    )


def _action_item_done(w):
    from employers.models import ActionItem

    return ActionItem.objects.get(pk=w["action_item"].pk).done


def _notification_read(w):
    from jobbspar.models import Notification

    return Notification.objects.get(pk=w["notification"].pk).read_at


def _records_of(w):
    from participants.models import CaseNote, OtherLanguage, WorkExperience

    shared = w["shared"]
    return (
        sorted(CaseNote.objects.filter(participant=shared).values_list("pk", "text")),
        sorted(OtherLanguage.objects.filter(participant=shared).values_list("pk", "language")),
        sorted(WorkExperience.objects.filter(participant=shared).values_list("pk", flat=True)),
    )


def _consent_state(w):
    from participants.models import Consent

    return Consent.objects.get(pk=w["consent"].pk).withdrawn_on


def _in_days(days: int) -> str:
    import datetime as dt

    from django.utils import timezone

    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _needs(w):
    from employers.models import RecruitmentNeed

    return sorted(RecruitmentNeed.objects.filter(employer=w["employer"]).values_list("pk"))


def _provider_contacts(w):
    from employers.models import ProviderContact

    return sorted(ProviderContact.objects.filter(provider=w["provider"]).values_list("pk"))


def _track_records(w):
    from tracks.models import FundingSource, Phase, TrackParticipant

    track = w["track"]
    return (
        sorted(FundingSource.objects.filter(track=track).values_list("pk", "amount")),
        sorted(Phase.objects.filter(track=track).values_list("pk", flat=True)),
        sorted(TrackParticipant.objects.filter(track=track).values_list("pk", flat=True)),
    )


def _follow_up(w):
    from tracks.models import FollowUp

    return FollowUp.objects.get(pk=w["follow_up"].pk).answered_at


def _decisions(w):
    from tracks.models import CandidateDecision

    return sorted(CandidateDecision.objects.values_list("pk", "decision"))


def _agreement_confirmations(w):
    from employers.models import AgreementConfirmation

    return sorted(AgreementConfirmation.objects.values_list("pk", flat=True))


def _contact_user(w):
    from employers.models import ContactPerson

    return ContactPerson.objects.get(pk=w["portal_contact"].pk).user_id


def _presentation_consent(w):
    from participants.models import Participant

    return Participant.objects.get(pk=w["shared"].pk).presentation_consent_on


def _anonymised(w):
    from participants.models import Participant

    return Participant.objects.get(pk=w["shared"].pk).anonymised_at


def _nominee(w, role: str) -> int:
    # Someone the coordinator may see who is in no track yet.
    key = "municipal_participant" if role == Role.MUNICIPAL_COORDINATOR else "af_participant"
    return w[key].pk


def _as_posted(form, **changes) -> dict:
    """An unbound form's initial values as a browser would post them, with `changes`: the
    body of an edit that changes only those fields."""
    import datetime as dt

    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, dt.datetime):
            data[bound.html_name] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, dt.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    data.update(changes)
    return data


def _fresh(obj):
    # The stored row (its current version), not the world's copy from before earlier posts.
    return type(obj)._default_manager.get(pk=obj.pk)


def _providers():
    from employers.models import EducationProvider

    return EducationProvider.objects.all()


def _version(key: str, model: str):
    def read(w):
        from django.apps import apps

        app, name = model.split(".")
        return apps.get_model(app, name).objects.get(pk=w[key].pk).version

    return read


def _employer_edit(w, role):
    from employers.forms import EmployerForm

    return _as_posted(EmployerForm(instance=_fresh(w["employer"])), notes="Ny anteckning")


def _provider_edit(w, role):
    from employers.forms import ProviderForm

    return _as_posted(ProviderForm(instance=_fresh(w["provider"])), offering="Vård och omsorg")


def _need_edit(w, role):
    from employers.forms import NeedForm

    return _as_posted(NeedForm(instance=_fresh(w["need"])), notes="Ändrad")


def _all_needs():
    from employers.models import RecruitmentNeed

    return RecruitmentNeed.objects.all()


def _meeting_edit(w, role):
    from employers.forms import MeetingForm

    meeting = _fresh(w["meeting"])
    form = MeetingForm(
        instance=meeting, employer=meeting.employer, needs=_all_needs(), providers=_providers()
    )
    return _as_posted(form, title="Avstämning, ny tid")


def _participant_edit(w, role):
    from participants.forms import ParticipantForm

    user = w["personas"].get(role, w["personas"][Role.AF_COORDINATOR])
    form = ParticipantForm(instance=_fresh(w["shared"]), user=user)
    return _as_posted(form, phone="0701234567")


def _background_edit(w, role):
    from participants.forms import BackgroundForm

    return _as_posted(BackgroundForm(instance=_fresh(w["shared"])), available_from=_in_days(30))


def _track_edit(w, role):
    from tracks.forms import TrackForm

    track = _fresh(w["track"])
    form = TrackForm(instance=track, need=track.need, providers=_providers())
    return _as_posted(form, name="Nytt namn på spåret")


def _phase_edit(w, role):
    from tracks.forms import PhaseForm

    return _as_posted(PhaseForm(instance=_fresh(w["phase"])), title="Ny rubrik")


def _funding_edit(w, role):
    from tracks.forms import FundingForm

    return _as_posted(FundingForm(instance=_fresh(w["funding"])), amount="12345")


def _funding_amounts(w):
    from tracks.models import FundingSource

    return FundingSource.objects.get(pk=w["funding"].pk).amount


def _count(model: str, **of_world: str):
    """How many rows of `model` belong to the world's objects (`field="world key"`)."""

    def read(w):
        from django.apps import apps

        app, name = model.split(".")
        rows = apps.get_model(app, name).objects.filter(
            **{field: w[key] for field, key in of_world.items()}
        )
        return sorted(rows.values_list("pk", flat=True))

    return read


def _new_org_number(serial: int) -> str:
    from tests.jobbspar.factories import _org_number

    return _org_number(9_000_000 + serial)


def _employer_create(w, role):
    from employers.forms import EmployerForm

    form = EmployerForm(instance=_fresh(w["employer"]))
    body = _as_posted(form, name="Nya Bageriet AB", organisation_number=_new_org_number(1))
    body.pop("version", None)
    return body


def _provider_create(w, role):
    return {"name": "Nya Skolan", "organisation_number": _new_org_number(2), "offering": "SFI"}


def _need_create(w, role):
    from employers.forms import NeedForm

    form = NeedForm(instance=_fresh(w["need"]))
    body = _as_posted(form, wanted_start=_in_days(45), status="new")
    body.pop("version", None)
    return body


def _criterion_create(w, role):
    return {"kind": "driving_licence", "mode": "required", "weight": "2", "driving_licence": "B"}


def _action_item_create(w, role):
    owner = w["personas"][Role.AF_COORDINATOR].pk
    return {"description": "Skicka underlag", "owner": str(owner), "due_date": _in_days(7)}


def _experience_add(w, role):
    from participants.forms import ExperienceForm

    return _as_posted(ExperienceForm(instance=_fresh(w["experience"])), where="Nya Lagret AB")


def _plan_item_create(w, role):
    from participants.forms import PlanItemForm

    body = _as_posted(PlanItemForm(instance=_fresh(w["plan_item"])), title="Ny insats")
    body.pop("version", None)
    return body


def _plan_item_edit(w, role):
    from participants.forms import PlanItemForm

    return _as_posted(PlanItemForm(instance=_fresh(w["plan_item"])), title="Ändrad insats")


def _meeting_create(w, role):
    from employers.forms import MeetingForm

    meeting = _fresh(w["meeting"])
    form = MeetingForm(
        instance=meeting, employer=meeting.employer, needs=_all_needs(), providers=_providers()
    )
    body = _as_posted(form, title="Ny avstämning")
    body.pop("version", None)
    return body


def _agreement_form(w):
    from employers.forms import AgreementForm

    agreement = _fresh(w["agreement"])
    return AgreementForm(instance=agreement, need=agreement.need, providers=_providers())


def _agreement_create(w, role):
    body = _as_posted(_agreement_form(w))
    body.pop("version", None)
    return body


def _agreement_edit(w, role):
    return _as_posted(_agreement_form(w), employer_other="Arbetskläder ingår.")


def _agreements(w):
    from employers.models import Agreement

    rows = Agreement.objects.filter(need=w["need"])
    return sorted(rows.values_list("pk", "version", "employer_other"))


def _participant_create(w, role):
    import datetime as dt

    from participants.forms import ParticipantForm
    from participants.identities import personal_number_for

    user = w["personas"].get(role, w["personas"][Role.AF_COORDINATOR])
    form = ParticipantForm(instance=_fresh(w["shared"]), user=user)
    number = personal_number_for(dt.date(1990, 5, 17), 123)
    body = _as_posted(form, personal_number=number, name="Ny Person")
    body.pop("version", None)
    return body


def _member_state(key: str):
    def read(w):
        from tracks.models import TrackParticipant

        return TrackParticipant.objects.get(pk=w[key].pk).state

    return read


def _preferences(w):
    from jobbspar.models import NotificationPreference

    return sorted(map(str, NotificationPreference.objects.values_list()))


def _one_more_unread(w, role):
    """Gives the posting user an unread notification, so marking all read changes something."""
    from django.utils import timezone

    from jobbspar.notifications import Message, notify

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
    from jobbspar.models import Notification

    return sorted(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True))


def _sent_at(w):
    from employers.models import Agreement

    return Agreement.objects.get(pk=w["agreement"].pk).sent_to_employer_at


def _sent(w, sent: bool) -> None:
    """The world's agreement sent to the employer or not (the world's is sent)."""
    from django.utils import timezone

    from employers.models import Agreement

    Agreement.objects.filter(pk=w["agreement"].pk).update(
        sent_to_employer_at=timezone.now() if sent else None
    )


def _agreement_send(w, role):
    _sent(w, False)
    return {}


def _agreement_read_and_agreed(w, role):
    # The portal shows an agreement sent to the employer (a refused send left it a draft).
    _sent(w, True)
    return {"read_and_agree": "on"}


def _access_request_status(w):
    from participants.models import AccessRequest

    return AccessRequest.objects.get(pk=w["access_request_to_withdraw"].pk).status


def _consent_create(w, role):
    return {
        "shared_with": str(w["consent"].shared_with_id),
        "scope": "without_notes",
        "given_on": _today(),
        "method": "in_writing",
    }


def _track_status(w):
    from tracks.models import Track

    return Track.objects.get(pk=w["track"].pk).status


def _phase_create(w, role):
    import datetime as dt

    from tracks.forms import PhaseForm

    phase = _fresh(w["phase"])
    starts_on = phase.ends_on + dt.timedelta(days=1)
    form = PhaseForm(instance=phase)
    body = _as_posted(
        form,
        title="Fördjupning",
        starts_on=starts_on.isoformat(),
        ends_on=(starts_on + dt.timedelta(days=6)).isoformat(),
    )
    body.pop("version", None)
    return body


def _progress_edit(w, role):
    from tracks.forms import ProgressForm

    form = ProgressForm(instance=_fresh(w["progress"]))
    # A completed phase needs its actual end, which cannot be in the future.
    return _as_posted(form, actual_start=_today(), actual_end=_today(), notes="Deltog aktivt")


def _track_create(w, role):
    from tracks.forms import TrackForm

    track = _fresh(w["track"])
    form = TrackForm(instance=track, need=track.need, providers=_providers())
    body = _as_posted(form, name="Ett nytt spår")
    body.pop("version", None)
    return body


def _apl_log_edit(w, role):
    from tracks.forms import AplLogEditForm

    entry = _fresh(w["apl_entry"])
    form = AplLogEditForm(instance=entry, track=entry.track_participant.track)
    return _as_posted(form, note="Närvarande, men sjuk på fredagen.")


def _apl_note(w):
    from tracks.models import AplLogEntry

    return AplLogEntry.objects.get(pk=w["apl_entry"].pk).note


def _decided_candidate(w, role):
    """A presented candidate the employer selected, whom the posting role's organisation
    registered (a coordinator applies decisions only on the people it sees)."""
    from django.utils import timezone

    from tests.participants.factories import ParticipantFactory
    from tests.tracks.factories import TrackParticipantFactory
    from tracks.models import CandidateDecision, State

    coordinator = w["personas"][Role.AF_COORDINATOR]
    if role == Role.MUNICIPAL_COORDINATOR:
        coordinator = w["personas"][role]
    member = TrackParticipantFactory(
        track=w["track"],
        participant=ParticipantFactory(
            registered_by=coordinator.organisation,
            presentation_consent_on=timezone.localdate(),
            presentation_consent_by=coordinator,
        ),
        state=State.PRESENTED,
        nominated_by=coordinator,
    )
    CandidateDecision.objects.create(
        track_participant=member,
        decision="select",
        decided_by=w["personas"][Role.EMPLOYER],
        decided_at=timezone.now(),
    )
    return {}


def _member_states(w):
    from tracks.models import TrackParticipant

    members = TrackParticipant.objects.filter(track=w["track"])
    return sorted(members.values_list("pk", "state"))


def _without_progress(phase_of: str | None):
    """Removes recorded progress (of the world's `phase_of` phase, else of the whole track),
    which would refuse deleting or generating phases."""

    def body(w, role):
        from tracks.models import PhaseProgress

        progress = PhaseProgress.objects.filter(track_participant__track=w["track"])
        if phase_of:
            progress = progress.filter(phase=w[phase_of])
        progress.delete()
        return {}

    return body


def _apl_log_add(w, role):
    """A note for last week, in an APL phase made for it: the world's track has not started,
    and a note is written during or after its week."""
    import datetime as dt

    from django.utils import timezone

    from tracks.models import Phase, PhaseKind

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    Phase.objects.create(
        track=w["track"],
        kind=PhaseKind.APL,
        title="APL",
        starts_on=monday,
        ends_on=monday + dt.timedelta(days=13),
        responsible="employer",
    )
    mentor = w["track"].mentors.first()
    return {"week_starting": monday.isoformat(), "mentor": str(mentor.pk), "note": "Bra vecka"}


def _track_closing(w, role):
    """The closing questions of the world's track, completed here (the questions are answered
    when a track is completed), one answer per phase."""
    from tracks.models import Phase, Track, TrackStatus

    Track.objects.filter(pk=w["track"].pk).update(status=TrackStatus.COMPLETED)
    body = {"training_matched_need": "yes", "employer_has_new_need": "no"}
    for pk in Phase.objects.filter(track=w["track"]).values_list("pk", flat=True):
        body[f"phase_{pk}_worked"] = "partly"
    return body


def _pending_registration(w, role):
    """A registration the user's organisation tried for a person the other organisation
    registered: the personal identity number waits in the session (participant_create)."""
    from participants.views import PENDING_KEY
    from tests.participants.factories import ParticipantFactory

    user = w["personas"].get(role)
    other = w["consent"].shared_with
    if user is not None and user.organisation_id == other.pk:
        other = w["shared"].registered_by
    return {PENDING_KEY: ParticipantFactory(registered_by=other).personal_number}


def _renewed_a_moment_ago(w, role):
    # Recent enough that SessionRenewalMiddleware leaves it (it renews after a minute), so only
    # the keep-alive itself renews it.
    import time

    from jobbspar.middleware import SESSION_RENEWED_AT

    return {SESSION_RENEWED_AT: int(time.time()) - 10}


def _sessions_renewed_at(w):
    from django.contrib.sessions.models import Session

    from jobbspar.middleware import SESSION_RENEWED_AT

    return sorted(
        (session.session_key, session.get_decoded().get(SESSION_RENEWED_AT))
        for session in Session.objects.all()
    )


def _enrol_anew(w, role):
    """Setting up an authenticator from scratch (a new user, or one whose lost phone the
    administrator reset): the code the app shows for the device being enrolled."""
    from jobbspar import two_factor
    from tests.otp import code_for_device

    if role == ANON:
        return {"code": "123456"}
    return {"code": code_for_device(two_factor.start_enrolment(w["personas"][role]))}


def _authenticator_reset(w, role):
    """After signing in (which gives staff personas their authenticator), the administrator has
    reset it: only the device being enrolled is left."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if role != ANON:
        TOTPDevice.objects.filter(user=w["personas"][role], confirmed=True).delete()
    return {}


def _confirmed_authenticators(w):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return sorted(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))


VALID_POSTS: dict[str, ValidPost] = {
    # First: a newer version of the world's agreement (agreement_create) cannot be confirmed.
    "employers:agreement_confirm": ValidPost(
        body=lambda w, role: {"party": "municipality", "confirmed_by_name": "Kim Ek, enhetschef"},
        effect=_agreement_confirmations,
    ),
    "employers:agreement_send": ValidPost(body=_agreement_send, effect=_sent_at),
    "participants:access_request_withdraw": ValidPost(
        body=lambda w, role: {}, effect=_access_request_status
    ),
    "participants:consent_needed": ValidPost(
        body=lambda w, role: {
            "consent_given_on": _today(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "whole_record",
        },
        effect=_count("participants.AccessRequest"),
        session=_pending_registration,
    ),
    "participants:consent_create": ValidPost(
        body=_consent_create, effect=_count("participants.Consent", participant="shared")
    ),
    "tracks:track_copy": ValidPost(
        body=lambda w, role: {"name": "Kopia av spåret", "start_date": _in_days(90)},
        effect=_count("tracks.Track"),
    ),
    "tracks:phase_create": ValidPost(body=_phase_create, effect=_track_records),
    "tracks:progress_edit": ValidPost(
        body=_progress_edit, effect=_version("progress", "tracks.PhaseProgress")
    ),
    "tracks:track_create": ValidPost(
        body=_track_create,
        effect=_count("tracks.Track"),
        query=lambda w: f"?need={w['need'].pk}",
    ),
    "tracks:apl_log_edit": ValidPost(body=_apl_log_edit, effect=_apl_note),
    "tracks:apply_decisions": ValidPost(body=_decided_candidate, effect=_member_states),
    "employers:meeting_create": ValidPost(
        body=_meeting_create, effect=_count("employers.PlanningMeeting", employer="employer")
    ),
    "employers:agreement_create": ValidPost(body=_agreement_create, effect=_agreements),
    "employers:agreement_edit": ValidPost(body=_agreement_edit, effect=_agreements),
    "participants:participant_create": ValidPost(
        body=_participant_create, effect=_count("participants.Participant")
    ),
    "portal:offer": ValidPost(
        body=lambda w, role: {
            "employment_type": "permanent",
            "start_date": _in_days(30),
            "hours_per_week": "37.5",
        },
        effect=_member_state("portal_completed"),
    ),
    "notification_preferences": ValidPost(
        body=lambda w, role: {"email_kinds": ["action_item_due"]}, effect=_preferences
    ),
    "employers:create": ValidPost(body=_employer_create, effect=_count("employers.Employer")),
    "employers:provider_create": ValidPost(
        body=_provider_create, effect=_count("employers.EducationProvider")
    ),
    "employers:need_create": ValidPost(
        body=_need_create, effect=_count("employers.RecruitmentNeed", employer="employer")
    ),
    "employers:criterion_create": ValidPost(body=_criterion_create, effect=_profile),
    "employers:action_item_create": ValidPost(
        body=_action_item_create, effect=_count("employers.ActionItem", meeting="meeting")
    ),
    "participants:experience_add": ValidPost(body=_experience_add, effect=_records_of),
    "participants:plan_item_create": ValidPost(
        body=_plan_item_create, effect=_count("participants.PlanItem", participant="shared")
    ),
    "participants:plan_item_edit": ValidPost(
        body=_plan_item_edit, effect=_version("plan_item", "participants.PlanItem")
    ),
    "employers:edit": ValidPost(
        body=_employer_edit, effect=_version("employer", "employers.Employer")
    ),
    "employers:provider_edit": ValidPost(
        body=_provider_edit, effect=_version("provider", "employers.EducationProvider")
    ),
    "employers:need_edit": ValidPost(
        body=_need_edit, effect=_version("need", "employers.RecruitmentNeed")
    ),
    "employers:meeting_edit": ValidPost(
        body=_meeting_edit, effect=_version("meeting", "employers.PlanningMeeting")
    ),
    "participants:participant_edit": ValidPost(
        body=_participant_edit, effect=_version("shared", "participants.Participant")
    ),
    "participants:background_edit": ValidPost(
        body=_background_edit, effect=_version("shared", "participants.Participant")
    ),
    "tracks:track_edit": ValidPost(body=_track_edit, effect=_version("track", "tracks.Track")),
    "tracks:phase_edit": ValidPost(body=_phase_edit, effect=_version("phase", "tracks.Phase")),
    "tracks:funding_edit": ValidPost(body=_funding_edit, effect=_funding_amounts),
    "notification_open": ValidPost(body=lambda w, role: {}, effect=_notification_read),
    "employers:contact_create": ValidPost(
        body=lambda w, role: {"name": "Ny Kontakt", "role": "HR", "email": "ny@example.org"},
        effect=_contacts,
    ),
    "employers:profile_notes": ValidPost(
        body=lambda w, role: {"notes": "Körkort är ett krav från start."}, effect=_profile
    ),
    "employers:action_item_toggle": ValidPost(
        body=lambda w, role: {"done": "1"}, effect=_action_item_done
    ),
    "participants:note_create": ValidPost(
        body=lambda w, role: {"written_on": _today(), "kind": "meeting", "text": "Samtal"},
        effect=_records_of,
    ),
    "participants:language_add": ValidPost(
        body=lambda w, role: {"language": "somaliska", "level": "native"}, effect=_records_of
    ),
    "employers:need_repeat": ValidPost(
        body=lambda w, role: {"wanted_start": _in_days(60)}, effect=_needs
    ),
    "employers:provider_contact_create": ValidPost(
        body=lambda w, role: {"name": "Ny Lärare", "role": "Rektor", "email": "l@example.org"},
        effect=_provider_contacts,
    ),
    "participants:presentation_consent": ValidPost(
        body=lambda w, role: {"given_on": _in_days(-1), "confirmed": "on"},
        effect=_presentation_consent,
    ),
    "tracks:funding_add": ValidPost(
        body=lambda w, role: {"source": "jobbpakten", "description": "Avrop", "amount": "50000"},
        effect=_track_records,
    ),
    "tracks:nominate": ValidPost(
        body=lambda w, role: {"participant": _nominee(w, role), "motivation": "Passar profilen"},
        effect=_track_records,
    ),
    "follow_ups:answer": ValidPost(
        body=lambda w, role: {
            "situation": "employed_here",
            "employment_type": "permanent",
            "hours_per_week": "37,5",
            "self_sufficient": "yes",
            "income_support": "no",
        },
        effect=_follow_up,
    ),
    "portal:decide": ValidPost(
        body=lambda w, role: {"decision": "select", "confirmed": "yes"}, effect=_decisions
    ),
    "portal:agreement": ValidPost(body=_agreement_read_and_agreed, effect=_agreement_confirmations),
    "portal:invite": ValidPost(body=lambda w, role: {}, effect=_contact_user),
    # After phase_create and track_edit: its APL phase lies before the track's start.
    "tracks:apl_log_add": ValidPost(
        body=_apl_log_add, effect=_count("tracks.AplLogEntry", track_participant="member")
    ),
    "tracks:member_move": ValidPost(
        body=lambda w, role: {"to_state": "not_selected", "reason": "Passar inte profilen"},
        effect=_member_state("member"),
    ),
    "tracks:track_status": ValidPost(
        body=lambda w, role: {"to_status": "recruiting"}, effect=_track_status
    ),
    # Deletions near the end: nothing above uses what they remove.
    "tracks:funding_delete": ValidPost(body=lambda w, role: {}, effect=_track_records),
    "participants:language_delete": ValidPost(body=lambda w, role: {}, effect=_records_of),
    "participants:experience_delete": ValidPost(body=lambda w, role: {}, effect=_records_of),
    "employers:criterion_delete": ValidPost(body=lambda w, role: {}, effect=_profile),
    "employers:contact_delete": ValidPost(body=lambda w, role: {}, effect=_contacts),
    # Deleting a phase and generating the plan again are refused while progress is recorded.
    "tracks:phase_delete": ValidPost(body=_without_progress("phase"), effect=_track_records),
    "tracks:phases_generate": ValidPost(body=_without_progress(None), effect=_track_records),
    # After the phase plan's changes: a completed track's plan no longer changes.
    "tracks:track_closing": ValidPost(
        body=_track_closing, effect=_count("tracks.TrackClosing", track="track")
    ),
    # Last of all: withdrawing the consent ends the municipality's access to the participant.
    "participants:consent_withdraw": ValidPost(
        body=lambda w, role: {"withdrawn_on": _today()}, effect=_consent_state
    ),
    "session_keep_alive": ValidPost(
        body=lambda w, role: {}, effect=_sessions_renewed_at, session=_renewed_a_moment_ago
    ),
    "portal:accept_invitation": ValidPost(
        body=lambda w, role: {
            "new_password1": "Hemligt-lösen-2027",
            "new_password2": "Hemligt-lösen-2027",
        },
        effect=lambda w: type(w["invited_user"]).objects.get(pk=w["invited_user"].pk).password,
    ),
    "two_factor_setup": ValidPost(
        body=_enrol_anew, effect=_confirmed_authenticators, session=_authenticator_reset
    ),
    # After notification_open, which needs its notification unread.
    "notification_mark_all_read": ValidPost(body=_one_more_unread, effect=_unread),
    "participants:participant_erase": ValidPost(
        body=lambda w, role: {"confirm": "on"}, effect=_anonymised
    ),
}

# URLs that accept POST whose valid body is not written yet (issue 15 wants one for every URL
# that accepts POST). The list only shrinks: a new POST URL must come with a ValidPost.
POST_WITHOUT_A_VALID_BODY_YET: frozenset[str] = frozenset()


def _allowed(expected) -> bool:
    # 400: the role may post, but the matrix's empty body is a bad request (agreement_confirm).
    return isinstance(expected, int) and expected <= 400


def test_every_url_that_accepts_post_has_a_valid_body_or_is_listed_as_not_yet():
    posting = {name for name, row in MATRIX.items() if row.post is not None}
    # A matrix row with a body of its own posts it to every role (test_post_matrix).
    empty = Row.__dataclass_fields__["body"].default
    with_body = {name for name in posting if MATRIX[name].body is not empty}
    assert set(VALID_POSTS) <= posting
    assert posting - set(VALID_POSTS) - with_body == POST_WITHOUT_A_VALID_BODY_YET


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_valid_post_changes_state_for_allowed_roles_only(client, world, role):
    for name, valid in VALID_POSTS.items():
        row = MATRIX[name]
        url = reverse(name, kwargs=row.kwargs(world)) + row.query + valid.query(world)
        body = valid.body(world, role)
        _client_for(client, world["personas"], role)
        if pending := valid.session(world, role):
            session = client.session
            session.update(pending)
            session.save()
        before = valid.effect(world)
        response = client.post(url, body)
        after = valid.effect(world)
        context = f"POST {url} as {role}"
        if _allowed(row.post.get(role)):
            assert response.status_code in {200, 302}, context
            assert after != before, f"{context}: the valid body changed nothing"
        else:
            assert after == before, f"{context}: a refused POST changed something"
            assert response.status_code in {302, 403, 404, 405}, context
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), context
        client.logout()


# --- Partnerships ----------------------------------------------------------------------------
#
# A coordinator of another partnership (AF Lund + Lunds kommun) against the world, which is the
# personas' partnership's: every URL naming its need, profile, criterion, agreement, meeting,
# action item, track (or anything in the track) or follow-up is a 404. These URLs name objects
# shared by every partnership, or copy a track as a template, and answer Lund's coordinator as
# they answer the personas' municipal coordinator:
SHARED_ACROSS_PARTNERSHIPS = frozenset(
    {
        "employers:detail",
        "employers:edit",
        "employers:contact_create",
        "employers:contact_delete",
        "employers:need_create",
        "employers:meeting_create",
        "employers:provider_detail",
        "employers:provider_edit",
        "employers:provider_contact_create",
        "tracks:track_copy",
    }
)
PARTNERSHIP_URLS = ("employers:", "tracks:", "follow_ups:")


def _other_partnership_expects(name: str, row: Row, method: str) -> int | str | None:
    same_as_own = (row.get if method == "get" else row.post or {}).get(Role.MUNICIPAL_COORDINATOR)
    if name in SHARED_ACROSS_PARTNERSHIPS or (method == "get" and same_as_own == 405):
        return same_as_own
    return 404


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_partnerships_coordinator_matrix(client, world, lund_coordinator, method):
    client.force_login(lund_coordinator)
    checked = 0
    for name, row in MATRIX.items():
        kwargs = row.kwargs(world)
        if not kwargs or not name.startswith(PARTNERSHIP_URLS):
            continue
        if method == "post" and row.post is None:
            continue
        url = reverse(name, kwargs=kwargs) + row.query
        response = getattr(client, method)(url, {})
        expected = _other_partnership_expects(name, row, method)
        _assert_status(response, expected, f"{method.upper()} {url} as Lund's coordinator")
        checked += expected == 404
    assert checked >= (30 if method == "get" else 25)
