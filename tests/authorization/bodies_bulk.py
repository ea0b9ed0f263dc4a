"""Valid bodies of the bulk actions (present, remind, nominate): each makes a person the posting
role's organisation may see, in the state the action needs, and confirms the action as it was
previewed (the fingerprint of the choice and the data)."""

from __future__ import annotations

from django.db.models import Max

from jobbspar.bulk import data_fingerprint
from jobbspar.models import Notification, NotificationKind, Role
from tests.dates import today
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import State, TrackParticipant


def _own_person(w, role, key: str):
    """A participant the role's organisation registered (the AF coordinator's for roles that
    see nobody), with a recorded consent to presentation."""
    user = w["personas"].get(role) or w["personas"][Role.AF_COORDINATOR]
    coordinator = w["personas"][Role.AF_COORDINATOR]
    organisation = user.organisation if role in (Role.MUNICIPAL_COORDINATOR,) else None
    person = ParticipantFactory(
        registered_by=organisation or coordinator.organisation,
        presentation_consent_on=today(),
        presentation_consent_by=coordinator,
    )
    w[key] = person
    return person


def _member_in(w, role, state: str, key: str) -> TrackParticipant:
    # After the valid nominations, which number the pool from its highest candidate number.
    top = TrackParticipant.objects.filter(track=w["track"]).aggregate(top=Max("candidate_number"))
    member = TrackParticipantFactory(
        track=w["track"],
        participant=_own_person(w, role, f"{key}_person"),
        state=state,
        candidate_number=(top["top"] or 0) + 1,
    )
    w[key] = member
    return member


def _bulk_present(w, role) -> dict:
    """Present a member who has been through the introduction week and consented."""
    member = _member_in(w, role, State.IN_INTRODUCTION, "bulk_presented")
    return {
        "members": [member.pk],
        "previewed": data_fingerprint("present", [(member.pk, member.state)]),
        "confirm": "1",
    }


def _bulk_remind(w, role) -> dict:
    """Remind the employer about a presented, undecided candidate."""
    member = _member_in(w, role, State.PRESENTED, "bulk_reminded")
    return {
        "members": [member.pk],
        "previewed": data_fingerprint("remind", [(member.pk, f"{member.state}/")]),
        "confirm": "1",
    }


def _reminders(w):
    return Notification.objects.filter(kind=NotificationKind.DECISION_REMINDER).count()


def _bulk_nominate(w, role) -> dict:
    """Nominate a consented participant of the role's own to the world's track."""
    person = _own_person(w, role, "bulk_nominee")
    motivation = "Passar profilen"
    version = f"{person.status}/{person.presentation_consent_on}"
    return {
        "participants": [person.pk],
        "track": w["track"].pk,
        "motivation": motivation,
        "previewed": data_fingerprint(
            "nominate", [(person.pk, version)], str(w["track"].pk), motivation
        ),
        "confirm": "1",
    }


def _member_state_of(key: str):
    def read(w):
        return TrackParticipant.objects.get(pk=w[key].pk).state

    return read


def _nominated(w):
    return TrackParticipant.objects.filter(track=w["track"], participant=w["bulk_nominee"]).exists()
