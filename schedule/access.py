"""Who may see and plan a track's schedule, and who may record and read attendance.

Every queryset starts from `scoped(Model)` (jobbspar/scoping.py) and follows the tracks' own
rules (tracks/access.py): the strands, weekly patterns and calendar of a track are seen by those
who may open the track (authority staff of its partnership and the administrator) and planned by
those who may edit it (coordinators and the administrator). Attendance names a participant: it
is recorded and read by coordinators and job coaches, only for track members whose participant
they may see (`track_participants_for`). Employer users see the APL strands of their own
employer's tracks (`employer_apl_strands_for`).

Education provider users (role `education_provider`, a user of a provider's organisation) see
only the strands their organisation runs (`Strand.provider`), the tracks those strands belong to,
and of each member of those tracks only the name (`provider_roster_for` returns plain values: no
participant object, so no personnummer, consent, case note or income support can reach a page)
and the attendance of their own strands, which they record. Workplace mentors have no accounts
yet.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbspar.access import AUTHORITY_STAFF, EDUCATION_PROVIDERS, EMPLOYERS, has_role
from jobbspar.models import User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped
from participants.access import seen_by
from schedule.attendance import ATTENDING_STATES
from schedule.models import (
    Attendance,
    CalendarFeed,
    FeedKind,
    ProgressEntry,
    Strand,
    StrandException,
    StrandKind,
    StrandWeekday,
)
from tracks.access import (
    PORTAL_SELECTED_STATES,
    TRACK_EDITORS,
    TRACK_VIEWERS,
    track_participants_for,
    track_pool_for,
    tracks_for,
)
from tracks.models import Track, TrackParticipant

SCHEDULE_VIEWERS = TRACK_VIEWERS
SCHEDULE_EDITORS = TRACK_EDITORS
ATTENDANCE_RECORDERS = AUTHORITY_STAFF


def strands_for(user: User) -> QuerySet[Strand]:
    """The strands of the tracks `user` may open."""
    if not has_role(user, SCHEDULE_VIEWERS):
        return scoped(Strand).none()
    return scoped(Strand).filter(track__in=tracks_for(user))


def weekdays_for(user: User) -> QuerySet[StrandWeekday]:
    return scoped(StrandWeekday).filter(strand__in=strands_for(user))


def exceptions_for(user: User) -> QuerySet[StrandException]:
    return scoped(StrandException).filter(strand__in=strands_for(user))


# A strand's weekly pattern and exceptions: read by whoever may see the strand.
PATTERN_LISTS = (StrandWeekday, StrandException)


def pattern_of_outer_strand(user: User, model) -> QuerySet:
    """The weekly pattern or the exceptions (PATTERN_LISTS) of the strand in the outer query,
    for a list read with the strand's own row (jobbspar/database/nested.py): strands_for's rule,
    checked on the strand these rows name, whatever query the list is read in."""
    if model not in PATTERN_LISTS:
        raise ValueError(
            f"pattern_of_outer_strand does not hand out {model.__name__}: it has its own rule"
        )
    return scoped(model).filter(
        Exists(strands_for(user).filter(pk=OuterRef("strand"))), strand=OuterRef("pk")
    )


def attendance_members_for(user: User) -> QuerySet:
    """Track members whose attendance `user` may record and read."""
    if not has_role(user, ATTENDANCE_RECORDERS):
        return track_participants_for(user).none()
    return track_participants_for(user)


def track_attendance_members_for(user: User, track_id: int) -> QuerySet:
    """attendance_members_for(user) within one track: the same rule, with each member's
    participant checked row by row (participants.access.seen_by), as track_attendance_for does,
    instead of building the id of every participant the user may see for a page that lists one
    track's members. The track's own rule (tracks_for) is part of the query: it takes the
    track's id, and a track the user may not open has no members here."""
    if not has_role(user, ATTENDANCE_RECORDERS):
        return scoped(TrackParticipant).none()
    return track_pool_for(user).filter(seen_by(user), track=track_id)


def attendance_for(user: User) -> QuerySet[Attendance]:
    """Attendance of the members `user` may record, in strands of tracks they may open."""
    if not has_role(user, ATTENDANCE_RECORDERS):
        return scoped(Attendance).none()
    return scoped(Attendance).filter(
        track_participant__in=attendance_members_for(user), strand__in=strands_for(user)
    )


def track_attendance_for(user: User, track_id: int) -> QuerySet[Attendance]:
    """attendance_for(user) within one track: the attendance of its members the user may see, in
    its strands. The same rule, with each member's participant checked row by row (participants.
    access.seen_by) instead of building the id of every participant the user may see, so the
    track page does not grow with the region; and the track's own rule (tracks_for) in the query,
    as for track_attendance_members_for."""
    if not has_role(user, ATTENDANCE_RECORDERS):
        return scoped(Attendance).none()
    return scoped(Attendance).filter(
        track_participant__in=track_attendance_members_for(user, track_id),
        strand__in=strands_for(user).filter(track=track_id),
    )


def may_edit_schedule(user: User) -> bool:
    return has_role(user, SCHEDULE_EDITORS)


def may_record_attendance(user: User) -> bool:
    return has_role(user, ATTENDANCE_RECORDERS)


# Employer users: the APL strands of their own employer's tracks, to follow in their calendar.
# The rule is the portal's (portal.access.portal_tracks_for), which this layer cannot import.
APL_VIEWERS = EMPLOYERS


def employer_tracks_for(user: User) -> QuerySet[Track]:
    """The tracks of the employer user's own employer."""
    if not has_role(user, APL_VIEWERS) or user.organisation_id is None:
        return scoped(Track).none()
    return scoped(Track).filter(employer__organisation_id=user.organisation_id)


def employer_apl_strands_for(user: User) -> QuerySet[Strand]:
    """The APL strands of the employer user's own tracks (no other strand: not their part)."""
    return scoped(Strand).filter(kind=StrandKind.APL, track__in=employer_tracks_for(user))


def employer_apl_weekdays_for(user: User) -> QuerySet[StrandWeekday]:
    return scoped(StrandWeekday).filter(strand__in=employer_apl_strands_for(user))


def employer_apl_exceptions_for(user: User) -> QuerySet[StrandException]:
    return scoped(StrandException).filter(strand__in=employer_apl_strands_for(user))


def employer_attendance_members_for(user: User) -> QuerySet[TrackParticipant]:
    """The people the employer user's employer selected for their tracks, while their consent to
    presentation stands (the portal's rule): whose APL attendance the employer records."""
    return scoped(TrackParticipant).filter(
        track__in=employer_tracks_for(user),
        participant__presentation_consent_on__isnull=False,
        state__in=PORTAL_SELECTED_STATES,
    )


def employer_attendance_for(user: User) -> QuerySet[Attendance]:
    """Attendance in the employer's APL strands of the people they selected."""
    return scoped(Attendance).filter(
        strand__in=employer_apl_strands_for(user),
        track_participant__in=employer_attendance_members_for(user),
    )


# --- Education provider users ------------------------------------------------------------------

PROVIDER_USERS = EDUCATION_PROVIDERS


def provider_strands_for(user: User) -> QuerySet[Strand]:
    """The strands the user's education provider runs (none for any other role)."""
    if not has_role(user, PROVIDER_USERS) or user.organisation_id is None:
        return scoped(Strand).none()
    return scoped(Strand).filter(provider__organisation_id=user.organisation_id)


def provider_weekdays_for(user: User) -> QuerySet[StrandWeekday]:
    return scoped(StrandWeekday).filter(strand__in=provider_strands_for(user))


def provider_exceptions_for(user: User) -> QuerySet[StrandException]:
    return scoped(StrandException).filter(strand__in=provider_strands_for(user))


def provider_tracks_for(user: User) -> QuerySet[Track]:
    """The tracks in which the user's education provider runs a strand."""
    if not has_role(user, PROVIDER_USERS):
        return scoped(Track).none()
    return scoped(Track).filter(pk__in=provider_strands_for(user).values("track_id"))


def provider_members_for(user: User) -> QuerySet[TrackParticipant]:
    """The attending members of the provider's tracks, as track memberships only: to record
    attendance against. Never load their participant: names come from `provider_roster_for`."""
    if not has_role(user, PROVIDER_USERS):
        return scoped(TrackParticipant).none()
    return (
        scoped(TrackParticipant)
        .filter(track__in=provider_tracks_for(user), state__in=ATTENDING_STATES)
        .only("pk", "track_id", "state")
    )


def provider_roster_for(user: User) -> QuerySet:
    """What the provider may know of each member: the name (with the membership, track and
    participant ids, for recording and for the access log). Plain values (dicts), so nothing else
    of the person is loaded or reachable from a page."""
    return provider_members_for(user).values(
        "pk", "track_id", "participant_id", "participant__name"
    )


def provider_attendance_for(user: User) -> QuerySet[Attendance]:
    """The attendance in the provider's own strands, of the members they may record."""
    if not has_role(user, PROVIDER_USERS):
        return scoped(Attendance).none()
    return scoped(Attendance).filter(
        strand__in=provider_strands_for(user), track_participant__in=provider_members_for(user)
    )


def provider_progress_entries_for(user: User) -> QuerySet[ProgressEntry]:
    """The progress entries of the provider's own organisation (its strands), of the members
    they may record: never another provider's, even in the same track."""
    if not has_role(user, PROVIDER_USERS):
        return scoped(ProgressEntry).none()
    return scoped(ProgressEntry).filter(
        strand__in=provider_strands_for(user), track_participant__in=provider_members_for(user)
    )


# Coordinators and job coaches read every provider's entries of the members they may see, in
# the tracks they may open, on the member's page.
PROGRESS_READERS = AUTHORITY_STAFF


def progress_entries_for(user: User) -> QuerySet[ProgressEntry]:
    if not has_role(user, PROGRESS_READERS):
        return scoped(ProgressEntry).none()
    return scoped(ProgressEntry).filter(
        track_participant__in=attendance_members_for(user), strand__in=strands_for(user)
    )


# --- Calendar subscriptions ----------------------------------------------------------------------
# A subscription's content follows its owner's role: staff subscribe to every strand of a track
# they may open, employer users to the APL days of their own employer's tracks, provider users to
# their organisation's strands. Evaluated for the owner at every fetch, so access lost is a feed
# ended.

FEED_KINDS: dict[str, str] = {
    **dict.fromkeys(SCHEDULE_VIEWERS, FeedKind.TRACK),
    **dict.fromkeys(APL_VIEWERS, FeedKind.APL),
    **dict.fromkeys(PROVIDER_USERS, FeedKind.PROVIDER),
}
FEED_OWNERS = frozenset(FEED_KINDS)


def feed_kind_for(user: User) -> str | None:
    """The content a subscription of `user` holds (None: the role subscribes to nothing)."""
    return FEED_KINDS.get(user.role) if has_role(user, FEED_OWNERS) else None


def feed_tracks_for(user: User) -> QuerySet[Track]:
    """The tracks `user` may subscribe to."""
    kind = feed_kind_for(user)
    if kind == FeedKind.TRACK:
        return tracks_for(user)
    if kind == FeedKind.APL:
        return employer_tracks_for(user)
    if kind == FeedKind.PROVIDER:
        return provider_tracks_for(user)
    return scoped(Track).none()


def feed_strands_for(user: User) -> tuple[QuerySet[Strand], QuerySet, QuerySet]:
    """The strands (with the querysets of their weekly patterns and exceptions) a subscription of
    `user` may hold."""
    kind = feed_kind_for(user)
    if kind == FeedKind.TRACK:
        return strands_for(user), weekdays_for(user), exceptions_for(user)
    if kind == FeedKind.APL:
        return (
            employer_apl_strands_for(user),
            employer_apl_weekdays_for(user),
            employer_apl_exceptions_for(user),
        )
    if kind == FeedKind.PROVIDER:
        return (
            provider_strands_for(user),
            provider_weekdays_for(user),
            provider_exceptions_for(user),
        )
    none = scoped(Strand).none()
    return none, scoped(StrandWeekday).none(), scoped(StrandException).none()


def calendar_feeds_for(user: User) -> QuerySet[CalendarFeed]:
    """The user's own live subscriptions, to tracks they may still subscribe to."""
    kind = feed_kind_for(user)
    if kind is None:
        return scoped(CalendarFeed).none()
    return scoped(CalendarFeed).filter(
        user=user, kind=kind, revoked_at__isnull=True, track__in=feed_tracks_for(user)
    )


def calendar_feed_by_prefix(prefix: str) -> QuerySet[CalendarFeed]:
    """The subscription a secret address names, by its public prefix, for whoever holds the
    address: the secret itself is checked by schedule/subscriptions.py, and what the feed holds
    by the access functions above for its owner."""
    return scoped(CalendarFeed).filter(token_prefix=prefix).select_related("user")


def menu() -> list[NavItem]:
    """The schedule's section of the main navigation (its `navigation` contribution): the
    employer's APL days and the education provider's strands; staff reach the schedule from the
    track's page."""
    return [
        NavItem(_("APL days"), "schedule:employer_apl", APL_VIEWERS),
        NavItem(
            pgettext_lazy("provider", "Your courses"), "schedule:provider_home", PROVIDER_USERS
        ),
    ]
