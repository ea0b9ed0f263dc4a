"""Who may see and work in tracks, their members and follow-ups.

Every queryset starts from `scoped(Model)` (jobbspar/scoping.py); who a member *is* follows
participants.access.participants_for; the roles and the view guards are in jobbspar/access.py.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import ContactPerson, Criterion
from jobbspar.access import (
    AUTHORITY_STAFF,
    COORDINATORS,
    COORDINATORS_AND_ADMIN,
    STAFF_AND_ADMIN,
    has_role,
    in_own_partnerships,
)
from jobbspar.models import User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped
from participants.access import participants_for, seen_by
from tracks.models import (
    FollowUp,
    FundingSource,
    PauseReason,
    Phase,
    State,
    Track,
    TrackClosing,
    TrackParticipant,
)

# --- Tracks -------------------------------------------------------------------------------
#
# Tracks are run jointly by the AF office and the municipality of a partnership, so every
# coordinator and job coach of the partnership sees its tracks; who a participant in a track *is*
# still follows `participants_for` (the pool shows another organisation's nominee without consent
# as a pseudonym). Coordinators and the administrator create and edit tracks; coordinators find,
# nominate and move participants (they are the ones who may see participants); job coaches read
# and record progress. Another partnership's track is a 404, except as a template to copy.
# Employer users and managers get no coordinator track pages (the portal is theirs).
TRACK_VIEWERS = STAFF_AND_ADMIN
TRACK_EDITORS = COORDINATORS_AND_ADMIN
TRACK_MATCHERS = COORDINATORS
TRACK_PROGRESS_WRITERS = AUTHORITY_STAFF
# The APL log (tracks.apl_log): coordinators assign a participant's workplace mentor (as the
# employer does in the portal); coordinators and job coaches comment on the workplace's entries.
MENTOR_ASSIGNERS = COORDINATORS
APL_COMMENTERS = AUTHORITY_STAFF


def tracks_for(user: User) -> QuerySet:
    """The tracks of the user's partnerships (administrators: all)."""
    if has_role(user, TRACK_VIEWERS):
        return in_own_partnerships(user, scoped(Track).all())
    return scoped(Track).none()


def track_templates_for(user: User) -> QuerySet:
    """Tracks whose plan (length, phases, settings) a track editor may copy into a track of their
    own partnership: every partnership's. Only the copy page reads them; their people, pool and
    funding stay with their partnership."""
    if has_role(user, TRACK_EDITORS):
        return scoped(Track).all()
    return scoped(Track).none()


def phases_for(user: User) -> QuerySet:
    """The phases of the tracks `user` may open."""
    return scoped(Phase).filter(track__in=tracks_for(user))


# What of_outer_track hands out: the lists about a track that whoever may open it may read.
TRACK_LISTS = (Phase, FundingSource)


def of_outer_track(user: User, model) -> QuerySet:
    """The lists about the track in the outer query that whoever may open it may read
    (TRACK_LISTS: its phases and funding), for a list read with the track's own row
    (jobbspar/database/nested.py): tracks_for's rule, checked on the track these rows name,
    whatever query the list is read in. Not its members: who they are follows participants_for
    too (track_participants_for, track_pool_for)."""
    if model not in TRACK_LISTS:
        raise ValueError(f"of_outer_track does not hand out {model.__name__}: it has its own rule")
    return scoped(model).filter(
        Exists(tracks_for(user).filter(pk=OuterRef("track"))), track=OuterRef("pk")
    )


def mentors_of_outer(user: User) -> QuerySet[ContactPerson]:
    """The workplace mentors of the track in the outer query, for a list read with the track's
    own row (jobbspar/database/nested.py): tracks_for's rule, checked on that track, whatever
    query the list is read in."""
    return (
        scoped(ContactPerson)
        .filter(mentored_tracks=OuterRef("pk"))
        .filter(Exists(tracks_for(user).filter(pk=OuterRef(OuterRef("pk")))))
    )


def criteria_of_outer_track(user: User) -> QuerySet[Criterion]:
    """The criteria of the requirement profile's version the track in the outer query is
    matched against, for a list read with the track's own row (jobbspar/database/nested.py):
    tracks_for's rule, checked on that track, whatever query the list is read in."""
    return (
        scoped(Criterion)
        .filter(version=OuterRef("profile_version"))
        # The outer track, and the criterion's version its own: nested in a query of other
        # rows with a profile version (an agreement's), no id that is also a track's lets one
        # through.
        .filter(
            Exists(
                tracks_for(user).filter(
                    pk=OuterRef(OuterRef("pk")), profile_version=OuterRef("version")
                )
            )
        )
    )


# The staff of a track, by the relation that names them on the user (Track.coordinators,
# Track.job_coaches).
TEAM_RELATIONS = ("coordinated_tracks", "coached_tracks")


def team_of_outer(user: User, relation: str) -> QuerySet[User]:
    """The coordinators (`coordinated_tracks`) or the job coaches (`coached_tracks`) of the
    track in the outer query, for a list read with the track's own row (jobbspar/database/
    nested.py): tracks_for's rule, checked on that track, whatever query the list is read in.
    The track page's team (issue 18: no statement of its own)."""
    if relation not in TEAM_RELATIONS:
        raise ValueError(f"team_of_outer does not hand out {relation!r}")
    return User.objects.filter(**{relation: OuterRef("pk")}).filter(
        Exists(tracks_for(user).filter(pk=OuterRef(OuterRef("pk"))))
    )


def track_participants_for(user: User) -> QuerySet:
    """Participants in tracks `user` may open (their identity still follows participants_for)."""
    if not has_role(user, AUTHORITY_STAFF):
        return scoped(TrackParticipant).none()
    return scoped(TrackParticipant).filter(
        track__in=tracks_for(user), participant__in=participants_for(user)
    )


def memberships_of_person(user: User, participant_id: int) -> QuerySet[TrackParticipant]:
    """Every track membership of one person, if `user` may see that person (participants_for's
    rule checked on the person, seen_by), each marked `openable`: in a track the user may open
    (tracks_for). The participant page names those and only counts the others."""
    openable = ExpressionWrapper(Q(track__in=tracks_for(user)), output_field=BooleanField())
    return (
        scoped(TrackParticipant)
        .filter(seen_by(user), participant=participant_id)
        .annotate(openable=openable)
    )


def track_pool_for(user: User) -> QuerySet:
    """Every member of the tracks `user` may open, including people they may not see: for
    counts (pool sizes) and for whether someone is already busy in a track. Who a member is
    still follows participants_for."""
    if not has_role(user, TRACK_VIEWERS):
        return scoped(TrackParticipant).none()
    return scoped(TrackParticipant).filter(track__in=tracks_for(user))


def may_edit_tracks(user: User) -> bool:
    return has_role(user, TRACK_EDITORS)


def may_match_tracks(user: User) -> bool:
    return has_role(user, TRACK_MATCHERS)


def may_record_track_progress(user: User) -> bool:
    return has_role(user, TRACK_PROGRESS_WRITERS)


# The reason for a pause can be health data (sick leave): read only by the coordinators and job
# coaches who may see the participant; never by employers, providers or managers.
PAUSE_REASON_READERS = AUTHORITY_STAFF


def pause_reason_for(user: User, member: TrackParticipant) -> str:
    """The reason `member` is paused, by name, if `user` may read it; otherwise empty."""
    if not member.pause_reason or not has_role(user, PAUSE_REASON_READERS):
        return ""
    if not track_participants_for(user).filter(pk=member.pk).exists():
        return ""
    return str(PauseReason(member.pause_reason).label)


def of_outer_member(model) -> QuerySet:
    """Rows of `model` (APL log, progress) of the track member in the outer query, for a
    correlated subquery under a member queryset obtained in scope (a track's related manager or
    track_participants_for): `track_participant=OuterRef("pk")` ties them to rows that queryset
    already returns. The outer query must be one of track members."""
    return scoped(model).filter(track_participant=OuterRef("pk"))


# --- Outcome follow-ups --------------------------------------------------------------------
#
# Coordinators answer follow-ups of participants they may see (track_participants_for), whoever
# is responsible; nobody else opens them. Managers hear of unanswered ones through escalation
# notifications that name the track and the coordinator, never the participant.
FOLLOW_UP_ANSWERERS = COORDINATORS


def follow_ups_for(user: User) -> QuerySet:
    if not has_role(user, FOLLOW_UP_ANSWERERS):
        return scoped(FollowUp).none()
    return scoped(FollowUp).filter(track_participant__in=track_participants_for(user))


def track_closing_for(user: User, track: Track) -> TrackClosing | None:
    """The closing questions of `track` (one the user may open), or None."""
    return (
        scoped(TrackClosing)
        .filter(track__in=tracks_for(user), track=track)
        .select_related("new_need__occupation")
        .first()
    )


# The states in which the employer portal shows a member (tracks.decisions also asks whether a
# person is already before an employer): the selected ones from the selection on, candidates
# from "presented" on.
PORTAL_SELECTED_STATES = frozenset(
    {
        State.SELECTED,
        State.IN_TRAINING,
        State.IN_APL,
        # The employer sees that a selected person is paused, never why (pause_reason_for).
        State.PAUSED,
        State.COMPLETED,
        State.DISCONTINUED,
        State.OFFERED,
        State.EMPLOYED,
        State.DECLINED,
        State.OFFER_WITHDRAWN,
    }
)
PORTAL_CANDIDATE_STATES = PORTAL_SELECTED_STATES | {State.PRESENTED}


def menu() -> list[NavItem]:
    """The tracks app's sections of the main navigation (its `navigation` contribution)."""
    return [
        NavItem(_("Tracks"), "tracks:track_list", TRACK_VIEWERS),
        NavItem(_("My follow-ups"), "follow_ups:list", FOLLOW_UP_ANSWERERS),
    ]
