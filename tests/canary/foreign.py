"""Objects a role may not reach, in place of the world's, for the IDOR probe."""

from __future__ import annotations

import datetime as dt

from jobbspar import notifications
from jobbspar.models import Role
from participants.access_requests import request_access
from participants.models import OtherLanguage
from schedule import subscriptions
from tests.authorization.rows import ANON
from tests.authorization.world import track_records
from tests.authorization.world_imports import import_batch
from tests.dates import today
from tests.employers import factories as ef
from tests.employers.factories import ContactPersonFactory
from tests.jobbspar.factories import MunicipalityFactory, PartnershipFactory, UserFactory
from tests.participants.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
)
from tests.schedule.factories import StrandFactory, weekly
from tests.steering.factories import steering_objects
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory


def _foreign_world(world, role, af, municipality) -> dict:
    """The world's objects swapped for ones the role may not see."""
    other_employer = ef.EmployerFactory()
    need = ef.RecruitmentNeedFactory(employer=other_employer)
    criterion = ef.CriterionFactory(version__need=need)
    meeting = ef.PlanningMeetingFactory(employer=other_employer, need=need)
    user = world["personas"][role] if role != ANON else None
    # A participant without consent, registered by an organisation that is not the role's own.
    owner = municipality if user is not None and user.organisation_id == af.pk else af
    stranger = ParticipantFactory(registered_by=owner)
    recorder = world["personas"][
        Role.MUNICIPAL_COORDINATOR if owner == municipality else Role.AF_COORDINATOR
    ]
    # An expired consent to the role's organisation is not a consent.
    expired = ConsentFactory(
        participant=stranger,
        shared_with=municipality if owner == af else af,
        recorded_by=recorder,
        given_on=today() - dt.timedelta(days=400),
        valid_until=today() - dt.timedelta(days=30),
    )

    # Someone else's notification (the world's is the AF coordinator's).
    someone = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    notification, _ = notifications.notify(
        recipient=someone,
        kind="action_item_due",
        obj=af,
        due_on=today(),
        send_after=dt.datetime.now(tz=dt.UTC),
        message=notifications.Message(subject="Påminnelse", body="Text"),
        url="/",
    )

    # A third authority's request for the stranger: neither the role's to decide nor to withdraw.
    third = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=MunicipalityFactory())
    foreign_request = request_access(
        participant=stranger,
        by=third,
        consent_given_on=today(),
        consent_method="in_writing",
        consent_taken_by="Tredje part",
        scope="whole_record",
    )
    # A colleague's calendar subscription: revoking one is its owner's alone.
    colleague_feed, _token = subscriptions.create_feed(someone, world["track"])
    return {
        **world,
        "notification": notification,
        "calendar_feed": colleague_feed,
        **_foreign_tracks(other_employer, need, criterion.version, stranger, recorder),
        "employer": other_employer,
        "contact": ef.ContactPersonFactory(employer=other_employer),
        "need": need,
        "criterion": criterion,
        "meeting": meeting,
        "action_item": ef.ActionItemFactory(meeting=meeting, owner=recorder),
        "agreement": ef.AgreementFactory(need=need, profile_version=criterion.version),
        "shared": stranger,
        "af_participant": stranger,
        "municipal_participant": stranger,
        "consent": expired,
        "plan_item": PlanItemFactory(participant=stranger, created_by=recorder),
        "language": OtherLanguage.objects.create(participant=stranger, language="tigrinja"),
        "experience": WorkExperienceFactory(participant=stranger),
        "access_request": foreign_request,
        "access_request_to_withdraw": foreign_request,
        **_foreign_steering(),
        **_foreign_imports(af),
    }


def _foreign_imports(af) -> dict:
    """Uploaded files of a colleague in the AF coordinator's own organisation: a batch is its
    owner's alone."""
    colleague = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    return {
        "import_batch": import_batch(colleague),
        "import_batch_to_cancel": import_batch(colleague),
    }


def _foreign_steering() -> dict:
    """Another partnership's steering group, meeting, decision and budget (a partnership the
    personas' organisations are no party to)."""
    other = PartnershipFactory()
    member = UserFactory(role=Role.MANAGER, organisation=other.municipality)
    return steering_objects(other, members=[member], responsible=member)


def _foreign_tracks(employer, need, version, stranger, recorder) -> dict:
    """Another employer's track, with a member who is a participant the role may not see (no
    consent), that member's progress, APL log entry and follow-up, and a phase of yet another
    track (so a phase id from elsewhere under this track's URL is probed too)."""

    def track():
        return TrackFactory(
            employer=employer,
            need=need,
            profile_version=version,
            mentors=[ContactPersonFactory(employer=employer)],
        )

    foreign_track = track()
    member = TrackParticipantFactory(
        track=foreign_track, participant=stranger, nominated_by=recorder
    )
    phase_elsewhere = PhaseFactory(track=track())
    # The portal's candidates of the other employer's track: presented, and completed.
    portal_members = {
        key: TrackParticipantFactory(
            track=foreign_track,
            participant=ParticipantFactory(registered_by=recorder.organisation),
            state=state,
            nominated_by=recorder,
        )
        for key, state in (("portal_presented", "presented"), ("portal_completed", "completed"))
    }
    # Another provider's strand (in the other track): the provider persona's attendance page.
    other_providers = StrandFactory(
        track=foreign_track,
        provider=ef.EducationProviderFactory(),
        starts_on=max(foreign_track.start_date, today() - dt.timedelta(days=28)),
    )
    weekly(other_providers, range(5))
    records = track_records(member, PhaseFactory(track=foreign_track), recorder)
    return {
        "track": foreign_track,
        "template_track": foreign_track,
        "provider_strand": other_providers,
        "member": member,
        # Asking by member id: the role is not on this track's team.
        "hidden_member": member,
        "phase": phase_elsewhere,
        "portal_contact": ContactPersonFactory(employer=employer),
        **portal_members,
        **records,
        # The APL log written at the workplace: another employer's participant and entry.
        "apl_member": member,
        "apl_portal_entry": records["apl_entry"],
    }
