"""The world's part for the APL log written at the workplace (tracks.apl_log): a participant
in APL whom both authorities and the employer see, with an entry the employer user wrote."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.names import world_name
from tests.dates import today
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import AplLogEntry, State


def apl_world(objects, personas, af, municipality) -> dict:
    track = objects["track"]
    coordinator = personas[Role.AF_COORDINATOR]
    person = ParticipantFactory(
        registered_by=af,
        name=world_name("Praktiserande"),
        presentation_consent_on=today(),
        presentation_consent_by=coordinator,
    )
    ConsentFactory(participant=person, shared_with=municipality, recorded_by=coordinator)
    member = TrackParticipantFactory(
        track=track, participant=person, state=State.IN_APL, nominated_by=coordinator
    )
    entry = AplLogEntry.objects.create(
        track_participant=member,
        week_starting=objects["phase"].starts_on,
        mentor=track.mentors.first(),
        work_done="Packade varor.",
        note="En bra första vecka.",
        recorded_by=personas[Role.EMPLOYER],
    )
    return {"apl_member": member, "apl_portal_entry": entry}
