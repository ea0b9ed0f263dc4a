"""Authorization matrix: every URL, every role, the expected status.

Every named URL pattern in the project (outside the Django admin, which has its own staff
check) must have a row in MATRIX; a new URL without one fails `test_every_url_is_in_the_matrix`.

A row gives: `kwargs(world)` -> URL kwargs, built from the `world` fixture (one object of each
kind, owned by the personas' organisations), and the expected GET status per role. `ANON` is the
anonymous visitor. A value of LOGIN means "redirect to the login page". Add POST expectations with
`post={role: status}` where a URL accepts POST; unlisted roles are expected to get 403/404/405 for
POST (never 2xx/3xx success).
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
    "portal:accept_invitation": Row(
        get=everyone(404),
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        post=everyone(404),
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
        "agreement": ef.AgreementFactory(need=need, profile_version=criterion.version),
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
