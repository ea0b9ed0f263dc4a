"""Reminding the employer to decide on chosen presented candidates (a bulk action on the pool).

The coordinator's everyday chase: "these candidates are waiting for you". The employer's portal
users get one notification (jobbspar.notifications) naming the chosen candidates by candidate
number, never by name (an e-mail leaves the system), with a link to the track in the portal. A
candidate the employer cannot or need not decide on is left out, with the reason. The employer
is reminded about a track at most once a day (one notification row per track, day and
recipient), as the planned selection-deadline reminders are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar.models import Notification, NotificationKind, User
from jobbspar.notifications import notify_each
from jobbspar.repeats import once_per_row
from participants.consent import can_be_presented_to_employer
from tracks import decisions
from tracks.bulk import Outcome, Result
from tracks.models import State, Track, TrackParticipant
from tracks.track_reminders import employer_link, employer_users_by_organisation


def _refusal(member: TrackParticipant, track: Track, recipients: list[User], sent: bool) -> str:
    if member.state != State.PRESENTED:
        return _("Not waiting for the employer's decision: they are “%(state)s”.") % {
            "state": str(member.get_state_display()).lower()
        }
    if getattr(member, "employer_decision", None) is not None:
        return _("The employer has already decided on them.")
    if not can_be_presented_to_employer(member.participant):
        return _("The employer does not see them: their consent to presentation is withdrawn.")
    if not decisions.may_decide(track):
        return _("The employer can no longer decide: the track is closed or its deadline passed.")
    if not recipients:
        return _("Nobody at the employer has an account in the portal to remind.")
    if sent:
        return _("The employer was already reminded about this track today.")
    return ""


def remind_employer(
    members: Iterable[TrackParticipant], *, track: Track, by: User, **_: object
) -> list[Outcome]:
    """Remind the track employer's portal users to decide on the chosen presented candidates,
    in one notification each; returns each member's outcome."""
    today = timezone.localdate()
    chosen = list(members)
    recipients = employer_users_by_organisation([track.employer.organisation_id]).get(
        track.employer.organisation_id, []
    )
    sent = Notification.objects.filter(
        kind=NotificationKind.DECISION_REMINDER,
        object_type=Track._meta.label_lower,
        object_id=str(track.pk),
        due_on=today,
    ).exists()
    outcomes = [
        Outcome(member, Result.REFUSED, refusal)
        if (refusal := _refusal(member, track, recipients, sent))
        else Outcome(member, Result.DONE)
        for member in chosen
    ]
    waiting = sorted(
        o.subject.candidate_number
        for o in outcomes
        if o.result == Result.DONE and isinstance(o.subject, TrackParticipant)
    )
    if waiting:
        with once_per_row():
            notify_each(
                recipients=recipients,
                kind=NotificationKind.DECISION_REMINDER,
                obj=track,
                due_on=today,
                send_after=timezone.now(),
                template="notifications/decision_reminder",
                context={"track": track, "numbers": waiting, "by": by},
                url=employer_link(track),
            )
    return outcomes
