"""Certificates and licences earned in a track (hygienintyg, truckkort …): when a participant
completes a track, the certificates the track gives join their record, where matching reads
them (tracks.matching: a requirement profile's certificate criterion).

Called by tracks.workflow.move_participant in the completing transaction; adding is a set union,
so running it again adds nothing. The participant's history (pghistory) records the change.
"""

from __future__ import annotations

from jobbspar import access
from tracks.models import TrackParticipant


def add_track_certificates(member: TrackParticipant) -> list[str]:
    """Add the certificates of `member`'s track to the participant's record; returns the ones
    that were new to it."""
    given = list(member.track.certificates)
    if not given:
        return []
    participant = access.refetch(member.participant).select_for_update().get()
    new = [value for value in given if value not in participant.certificates]
    if new:
        participant.certificates = [*participant.certificates, *new]
        participant.save(update_fields=["certificates"])
    return new
