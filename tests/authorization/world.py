"""The world: one object of each kind, owned by the personas' organisations, for the URLs
that take ids."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jobbspar.models import Role
from jobbspar.notifications import Message, notify
from participants.access_requests import request_access
from participants.models import OtherLanguage
from tests.authorization.names import world_name
from tests.authorization.world_apl import apl_world
from tests.authorization.world_imports import imports_world
from tests.authorization.world_schedule import schedule_world
from tests.dates import today
from tests.employers import factories as ef
from tests.employers.factories import ContactPersonFactory
from tests.participants.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
)
from tests.steering.factories import steering_objects
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import (
    AplLogEntry,
    FollowUp,
    FundingSource,
    FundingSourceKind,
    PhaseProgress,
    State,
)


@pytest.fixture
def world(personas, employer_org, af, municipality):
    """One object of each kind for URLs that take ids; apps add theirs here."""

    notification, _ = notify(
        recipient=personas[Role.AF_COORDINATOR],
        kind="action_item_due",
        obj=personas[Role.AF_COORDINATOR].organisation,
        due_on=timezone.localdate(),
        send_after=timezone.now(),
        message=Message(subject="Påminnelse", body="Text"),
        url="/",
    )

    employer = ef.EmployerFactory(organisation=employer_org)
    need = ef.RecruitmentNeedFactory(employer=employer)
    criterion = ef.CriterionFactory(version__need=need)
    meeting = ef.PlanningMeetingFactory(employer=employer, need=need)
    af_coordinator = personas[Role.AF_COORDINATOR]
    shared = ParticipantFactory(registered_by=af, name=world_name("Delad"))
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
        "af_participant": ParticipantFactory(registered_by=af, name=world_name("Afegen")),
        "municipal_participant": ParticipantFactory(
            registered_by=municipality, name=world_name("Kommunegen")
        ),
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
    objects.update(schedule_world(objects, personas, af, municipality))
    objects.update(imports_world(personas))
    objects.update(apl_world(objects, personas, af, municipality))
    # The personas' partnership's steering group: the manager and the AF coordinator sit in it.
    objects.update(
        steering_objects(
            need.partnership,
            members=[personas[Role.MANAGER], af_coordinator],
            responsible=personas[Role.MANAGER],
            track=objects["track"],
        )
    )
    return objects


def _access_request_world(objects, personas, af, af_coordinator) -> dict:
    """Requests by the municipal coordinator for people AF registered (one to decide, one to
    withdraw), and a member of the world's track whom the municipality sees by pseudonym, with
    the municipal coordinator and job coach on the track's team."""

    asker = personas[Role.MUNICIPAL_COORDINATOR]
    track = objects["track"]
    track.coordinators.add(asker)
    track.job_coaches.add(personas[Role.JOB_COACH])

    def ask(participant):
        return request_access(
            participant=participant,
            by=asker,
            consent_given_on=today(),
            consent_method="in_writing",
            consent_taken_by="Sara Malmö",
            scope="whole_record",
        )

    return {
        "access_request": ask(objects["af_participant"]),
        "access_request_to_withdraw": ask(
            ParticipantFactory(registered_by=af, name=world_name("Tillbakadragen"))
        ),
        "hidden_member": TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(registered_by=af, name=world_name("Dold")),
            nominated_by=af_coordinator,
        ),
    }


def _portal_world(objects, af, af_coordinator) -> dict:
    """A presented candidate and a participant who completed, in the world's track, which the
    employer's agreement belongs to (the portal's candidate, offer and agreement pages)."""

    track = objects["track"]
    track.agreement = objects["agreement"]
    track.save(update_fields=["agreement"])
    members = {"portal_contact": ContactPersonFactory(employer=objects["employer"])}
    for key, state, name in (
        ("portal_presented", State.PRESENTED, "Presenterad"),
        ("portal_completed", State.COMPLETED, "Avslutad"),
    ):
        members[key] = TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(
                registered_by=af,
                name=world_name(name),
                presentation_consent_on=today(),
                presentation_consent_by=af_coordinator,
            ),
            state=state,
            nominated_by=af_coordinator,
        )
    return members


def _track_world(employer, need, version, shared, af_coordinator) -> dict:
    track = TrackFactory(
        employer=employer,
        need=need,
        profile_version=version,
        mentors=[ContactPersonFactory(employer=employer)],
    )

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
    (the world's own here; tests/canary/foreign.py makes foreign ones for the IDOR probe)."""

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
