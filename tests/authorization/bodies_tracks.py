"""Valid bodies and effects for the tracks app (and the portal's decisions)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jobbspar.models import Role
from tests.authorization.bodies import _as_posted, _fresh, _providers, _today
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks.bulk_forms import choice_fingerprint
from tracks.forms import AplLogEditForm, FundingForm, PhaseForm, ProgressForm, TrackForm
from tracks.models import (
    AplLogComment,
    AplLogEntry,
    CandidateDecision,
    FollowUp,
    FundingSource,
    Phase,
    PhaseKind,
    PhaseProgress,
    State,
    Track,
    TrackParticipant,
    TrackStatus,
)


def _track_records(w):
    track = w["track"]
    return (
        sorted(FundingSource.objects.filter(track=track).values_list("pk", "amount")),
        sorted(Phase.objects.filter(track=track).values_list("pk", flat=True)),
        sorted(TrackParticipant.objects.filter(track=track).values_list("pk", flat=True)),
    )


def _follow_up(w):
    return FollowUp.objects.get(pk=w["follow_up"].pk).answered_at


def _decisions(w):
    return sorted(CandidateDecision.objects.values_list("pk", "decision"))


def _nominee(w, role: str) -> int:
    # Someone the coordinator may see who is in no track yet.
    key = "municipal_participant" if role == Role.MUNICIPAL_COORDINATOR else "af_participant"
    return w[key].pk


def _track_edit(w, role):
    track = _fresh(w["track"])
    form = TrackForm(instance=track, need=track.need, providers=_providers())
    return _as_posted(form, name="Nytt namn på spåret")


def _phase_edit(w, role):
    return _as_posted(PhaseForm(instance=_fresh(w["phase"])), title="Ny rubrik")


def _funding_edit(w, role):
    return _as_posted(FundingForm(instance=_fresh(w["funding"])), amount="12345")


def _funding_amounts(w):
    return FundingSource.objects.get(pk=w["funding"].pk).amount


def _track_status(w):
    return Track.objects.get(pk=w["track"].pk).status


def _phase_create(w, role):
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
    form = ProgressForm(instance=_fresh(w["progress"]))
    # A completed phase needs its actual end, which cannot be in the future.
    return _as_posted(form, actual_start=_today(), actual_end=_today(), notes="Deltog aktivt")


def _track_create(w, role):
    track = _fresh(w["track"])
    form = TrackForm(instance=track, need=track.need, providers=_providers())
    body = _as_posted(form, name="Ett nytt spår")
    body.pop("version", None)
    return body


def _apl_log_edit(w, role):
    entry = _fresh(w["apl_entry"])
    form = AplLogEditForm(instance=entry, track=entry.track_participant.track)
    return _as_posted(form, note="Närvarande, men sjuk på fredagen.")


def _apl_note(w):
    return AplLogEntry.objects.get(pk=w["apl_entry"].pk).note


def _decided_candidate(w, role):
    """A presented candidate the employer selected, whom the posting role's organisation
    registered (a coordinator applies decisions only on the people it sees)."""

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
    members = TrackParticipant.objects.filter(track=w["track"])
    return sorted(members.values_list("pk", "state"))


def _without_progress(phase_of: str | None):
    """Removes recorded progress (of the world's `phase_of` phase, else of the whole track),
    which would refuse deleting or generating phases."""

    def body(w, role):
        progress = PhaseProgress.objects.filter(track_participant__track=w["track"])
        if phase_of:
            progress = progress.filter(phase=w[phase_of])
        progress.delete()
        return {}

    return body


def _apl_log_add(w, role):
    """A note for last week, in an APL phase made for it: the world's track has not started,
    and a note is written during or after its week."""

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

    Track.objects.filter(pk=w["track"].pk).update(status=TrackStatus.COMPLETED)
    body = {"training_matched_need": "yes", "employer_has_new_need": "no"}
    for pk in Phase.objects.filter(track=w["track"]).values_list("pk", flat=True):
        body[f"phase_{pk}_worked"] = "partly"
    return body


def _bulk_move(w, role) -> dict:
    """Confirm moving the world's member on from "not selected", as previewed."""
    reason = "Stöd genom annan insats"
    return {
        "members": [w["member"].pk],
        "to_state": "continued_support",
        "reason": reason,
        "previewed": choice_fingerprint([w["member"].pk], "continued_support", None, reason),
        "confirm": "1",
    }


# --- The APL log written at the workplace (tests/authorization/rows_apl.py) ------------------


def _apl_mentor_body(w, role):
    return {"mentor": str(w["portal_contact"].pk)}


def _apl_member_mentor(w):
    return TrackParticipant.objects.get(pk=w["apl_member"].pk).mentor_id


def _apl_entry_add(w, role):
    """An entry for last week, in an APL phase made for it (the world's track has not started)."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    Phase.objects.create(
        track=w["track"],
        kind=PhaseKind.APL,
        title="APL i portalen",
        starts_on=monday,
        ends_on=monday + dt.timedelta(days=6),
        responsible="employer",
    )
    return {
        "week_starting": monday.isoformat(),
        "work_done": "Plock och pack.",
        "note": "Bra vecka.",
        "hours": "30",
    }


def _apl_portal_note(w):
    return AplLogEntry.objects.get(pk=w["apl_portal_entry"].pk).note


def _apl_comments(w):
    return sorted(
        AplLogComment.objects.filter(entry=w["apl_portal_entry"]).values_list("pk", flat=True)
    )
