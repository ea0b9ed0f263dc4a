"""The schedule app's part of the authorization world: strands of the world's track, one of them
already running (so attendance can be recorded: the world's track itself starts in a month), an
exception, a member in training whom every authority's staff may see, a 7-week track of the
same need without strands (for a plan template), and a running strand the education provider
persona's organisation runs (their attendance page), and the AF coordinator's calendar
subscription of the track."""

from __future__ import annotations

import datetime as dt

from jobbspar.models import Role
from schedule import subscriptions
from schedule.models import ExceptionKind, StrandException
from tests.authorization.names import world_name
from tests.dates import today
from tests.employers.factories import ProviderContactFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State


def schedule_world(objects, personas, af, municipality) -> dict:
    track = objects["track"]
    strand = StrandFactory(track=track)
    weekly(strand, [0, 1, 2])
    first_monday = track.start_date + dt.timedelta(days=(7 - track.start_date.weekday()) % 7)
    exception = StrandException.objects.create(
        strand=strand, day=first_monday + dt.timedelta(weeks=1), kind=ExceptionKind.CANCELLED
    )
    # Made directly, around today (the planning rules keep strands inside the track's dates).
    running = StrandFactory(
        track=track,
        kind="apl",
        name="",
        responsible="employer",
        starts_on=today() - dt.timedelta(days=28),
        ends_on=track.end_date,
    )
    weekly(running, range(5), "08:00", "16:00")
    provided = StrandFactory(
        track=track,
        name="Yrkessvenska vård",
        provider=personas[Role.EDUCATION_PROVIDER].organisation.education_provider,
        starts_on=today() - dt.timedelta(days=28),
        ends_on=track.end_date,
    )
    weekly(provided, range(5), "08:30", "12:00")
    person = ParticipantFactory(registered_by=af, name=world_name("Schemalagd"))
    ConsentFactory(
        participant=person, shared_with=municipality, recorded_by=personas[Role.AF_COORDINATOR]
    )
    # The AF coordinator's calendar subscription of the track (its secret address, for anyone).
    feed, token = subscriptions.create_feed(personas[Role.AF_COORDINATOR], track)
    return {
        "calendar_feed": feed,
        "calendar_token": token,
        # A contact of the provider persona's provider, for the invitation.
        "provider_contact": ProviderContactFactory(
            provider=provided.provider, email="kontakt@yrkesakademin.example"
        ),
        "strand": strand,
        "spare_strand": StrandFactory(track=track, name="Hygienkurs", kind="other"),
        "strand_exception": exception,
        "running_strand": running,
        "template_track": TrackFactory(
            employer=track.employer,
            need=track.need,
            profile_version=track.profile_version,
            mentors=list(track.mentors.all()),
            weeks=7,
        ),
        "provider_strand": provided,
        "schedule_member": TrackParticipantFactory(
            track=track,
            participant=person,
            state=State.IN_TRAINING,
            nominated_by=personas[Role.AF_COORDINATOR],
        ),
    }
