"""What several of tracks' pages share: the track and the member a URL names (from
tracks/access.py, so a user reaches only what they may see), and the track page's context (key
numbers, the pool and the board), which the board's htmx moves redraw.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.translation import gettext

from employers import access as employers_access
from employers.models import Agreement, ContactPerson, Criterion, PlanningMeeting
from employers.shortages import entry_from, shortage_entry
from jobbspar.contributions import collect
from jobbspar.database import prepared
from jobbspar.database.nested import instances, nested
from jobbspar.fast_urls import reverse_fast
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import User
from participants import access as participants_access
from participants.models import AccessRequestStatus
from tracks import access as tracks_access
from tracks import apl_log, matching, workflow
from tracks.models import (
    CLOSED_TRACK_STATUSES,
    AplLogEntry,
    Decision,
    FundingSource,
    Phase,
    State,
    Track,
    TrackParticipant,
    TrackStatus,
    Transition,
)
from tracks.views import cards

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _PoolFlags(TypedDict):
        identity_visible: bool
        access_asked: bool
        apl_deviation_week: dt.date | None
        reached_states: list[str]

    # A member of the pool as pool_members() loads it.
    PoolMember = WithAnnotations[TrackParticipant, _PoolFlags]

# The board's columns, in the order of the way through a track.
BOARD_COLUMNS = list(State)
# Moves that need more than a click (a reason, a phase, or the offer): they open a form page.
MOVES_NEEDING_A_FORM = frozenset(
    {
        State.NOT_SELECTED,
        State.DISCONTINUED,
        State.OFFERED,
        State.DECLINED,
        State.OFFER_WITHDRAWN,
        State.PAUSED,
    }
)


def track_for(request, pk: int) -> Track:
    """The track a URL names, if the user may open it (else 404): built once per kind of user
    (jobbspar/database/prepared.py)."""
    track: Track = prepared.get_or_404(_track, request.user, pk)
    return track


def track_page_for(request, pk: int) -> Track:
    """track_for's track with what the track page draws about it (detail_context)."""
    track: Track = prepared.get_or_404(_track_page, request.user, pk)
    return track


def _track(user: User, pk: int) -> QuerySet[Track]:
    return (
        tracks_access.tracks_for(user)
        .select_related(
            "employer", "need__occupation", "profile_version", "agreement", "education_provider"
        )
        .filter(pk=pk)
    )


def track_with_criteria_for(request, pk: int) -> tuple[Track, list[Criterion]]:
    """track_for's track and the criteria of its requirement profile's version (as
    matching.criteria_of gives them), read with it: one statement, not two (issue 18)."""
    track: Track = prepared.get_or_404(_track_with_criteria, request.user, pk)
    return track, matching.criteria_read(track)


def _track_with_criteria(user: User, pk: int) -> QuerySet[Track]:
    return _track(user, pk).annotate(
        criterion_rows=matching.criteria_read_with_track(
            tracks_access.criteria_of_outer_track(user)
        )
    )


def _track_page(user: User, pk: int) -> QuerySet[Track]:
    """_track with the track page's short lists, read with the track (track_page_lists)."""
    return _track(user, pk).annotate(
        # The shortage badge's entry: the track is judged on its start date.
        shortage_entry=shortage_entry(
            occupation="need__occupation", region="partnership__region", day="start_date"
        ),
        **track_page_lists(user),
    )


def track_page_lists(user: User) -> dict[str, Subquery]:
    """The track page's short lists about the track in the outer query, as values of its row
    (jobbspar/database/nested.py): a statement each was ~0.4 ms of the page (issue 18). Each
    under its own rule, checked on the track it is read with, whatever query that is."""
    return {
        # One track's phases in Phase's order, without the join its default ordering (by the
        # track's start date first) needs across tracks.
        "phase_rows": nested(
            tracks_access.of_outer_track(user, Phase), parent="track", order_by=("starts_on", "id")
        ),
        "funding_rows": nested(
            tracks_access.of_outer_track(user, FundingSource), parent="track", order_by=("id",)
        ),
        "mentor_rows": nested(
            tracks_access.mentors_of_outer(user), parent="mentored_tracks", order_by=("name", "id")
        ),
        # The team: who they are, not their accounts (no password hash, no e-mail).
        "coordinator_rows": nested(
            tracks_access.team_of_outer(user, "coordinated_tracks"),
            parent="coordinated_tracks",
            order_by=TEAM_ORDER,
            fields=TEAM_FIELDS,
            related=TEAM_RELATED,
        ),
        "coach_rows": nested(
            tracks_access.team_of_outer(user, "coached_tracks"),
            parent="coached_tracks",
            order_by=TEAM_ORDER,
            fields=TEAM_FIELDS,
            related=TEAM_RELATED,
        ),
        # The need's planning meetings, under meetings_for's own rule.
        "meeting_rows": nested(
            employers_access.meetings_for(user).filter(need=OuterRef("need_id")),
            parent="need",
            order_by=("starts_at", "id"),
        ),
    }


# What the track page shows of its coordinators and job coaches, in name order.
TEAM_FIELDS = ("username", "first_name", "last_name", "organisation")
TEAM_RELATED = (("organisation", ("name",)),)
TEAM_ORDER = ("first_name", "last_name", "username", "id")


def open_tracks_of(user, limit: int = 10) -> list[Track]:
    """The open tracks a coordinator is on, for their start page (one query, built once per
    kind of user: jobbspar/database/prepared.py, issue 18)."""
    return prepared.evaluate(_open_tracks, user, prepared.Fixed(limit))


def _open_tracks(user, limit: int) -> QuerySet[Track]:
    return (
        tracks_access.tracks_for(user)
        .filter(coordinators=user)
        .exclude(status__in=CLOSED_TRACK_STATUSES)
        .select_related("employer")
        .order_by("start_date", "id")[:limit]
    )


def key_numbers(members: list[PoolMember]) -> dict[str, int]:
    """The track's key numbers, counted from its whole pool as pool_members loads it (every
    member, with the states each has reached): no query of their own."""

    def now_in(state: str) -> int:
        return sum(1 for m in members if m.state == state)

    def reached(state: str) -> int:
        return sum(1 for m in members if state in m.reached_states)

    return {
        "in_pool": len(members),
        "selected": reached(State.SELECTED),
        "in_training": now_in(State.IN_TRAINING),
        "in_apl": now_in(State.IN_APL),
        "paused": now_in(State.PAUSED),
        "completed": reached(State.COMPLETED),
        "offered": reached(State.OFFERED),
    }


# What pool_members() reads: every column of the membership and of the employer's decision, and
# of the rest only what the track page draws (tested: no column outside these is read there).
POOL_COLUMNS = (
    *(f.name for f in TrackParticipant._meta.concrete_fields),
    "participant__name",
    "participant__presentation_consent_on",
    "participant__registered_by__name",
    "nominating_organisation__name",
    "employer_decision",
    "mentor__name",
)


def pool_members(track: Track, user: User) -> list[PoolMember]:
    """The pool, with whether `user` may see who each person is (else a pseudonym). The
    queryset is built once per kind of user (jobbspar/database/prepared.py)."""
    members: list[PoolMember] = prepared.evaluate(_pool, user, track.pk)
    for member in members:
        member.track = track  # as the track's related manager would give them
    return members


def _pool(user: User, track_id: int) -> QuerySet[TrackParticipant]:
    """pool_members' queryset: the members of a track `user` may open (track_pool_for: the
    track was opened through tracks_for, and the rule is checked here again)."""
    # Whether the user may see who each is: participants_for's rule checked on these rows only.
    visible = ExpressionWrapper(participants_access.seen_by(user), output_field=BooleanField())
    # For a pseudonym: whether the user's organisation already asked for access (issue 21).
    asked = participants_access.access_requests_made_for(user).filter(
        participant=OuterRef("participant_id"), status=AccessRequestStatus.OPEN
    )
    # The latest APL week a mentor's note marked as a deviation: shown as a tag on the board.
    deviation = (
        tracks_access.of_outer_member(AplLogEntry)
        .filter(deviation=True)
        .order_by("-week_starting")
        .values("week_starting")[:1]
    )
    # The states each member has ever reached (its history), for the key numbers.
    reached = ArraySubquery(tracks_access.of_outer_member(Transition).order_by().values("to_state"))
    return (
        tracks_access.track_pool_for(user)
        .filter(track=track_id)
        .select_related(
            "participant__registered_by",
            "nominating_organisation",
            "employer_decision",
            "mentor",
        )
        # Only the columns the pool table and the board draw of the person and the
        # organisations: not every column of the person, whose identity the board may not show.
        .only(*POOL_COLUMNS)
        .annotate(
            identity_visible=visible,
            access_asked=Exists(asked),
            apl_deviation_week=Subquery(deviation),
            reached_states=reached,
        )
        .order_by("candidate_number")
    )


def board_columns(track: Track, members: list[PoolMember]) -> list[dict[str, Any]]:
    """The board's columns in one pass over the pool. What the pool table and the board draw
    for each member (state label, links, moves) is worked out here once, not per use in the
    template (each `{% url %}` there resolves the URL again)."""
    by_state: dict[str, list[PoolMember]] = {state: [] for state in BOARD_COLUMNS}
    labels: dict[tuple[str, bool, bool], str] = {}

    def move_label(to: State, needs_form: bool, is_return: bool) -> str:
        """The move's button text, translated once per kind of move, not once per member."""
        key = (to.value, needs_form, is_return)
        if key not in labels:
            if needs_form:
                text = gettext("Move to “%(state)s”…")
            elif is_return:
                text = gettext("Return to “%(state)s”")
            else:
                text = gettext("Move to “%(state)s”")
            labels[key] = text % {"state": to.label}
        return labels[key]

    for member in members:
        by_state[member.state].append(member)
        state = State(member.state)
        member.state_label = state.label  # type: ignore[attr-defined]
        visible = member.identity_visible
        member.detail_url = (  # type: ignore[attr-defined]
            reverse_fast("tracks:member_detail", [track.pk, member.pk]) if visible else ""
        )
        moves = []
        for to in workflow.moves_of(member):
            needs_form = to in MOVES_NEEDING_A_FORM
            is_return = state == State.PAUSED and to == member.paused_from
            moves.append(
                {
                    "state": State(to),
                    "needs_form": needs_form,
                    "label": move_label(State(to), needs_form, is_return),
                }
            )
        member.moves = moves  # type: ignore[attr-defined]  # drawn on the board
        member.move_url = (  # type: ignore[attr-defined]
            reverse_fast("tracks:member_move", [track.pk, member.pk])
            if visible and member.moves  # type: ignore[attr-defined]
            else ""
        )
    return [{"state": state, "members": by_state[state]} for state in BOARD_COLUMNS]


def links_about(track: Track, member: TrackParticipant | None = None) -> list[tuple[str, str]]:
    """Other apps' pages about the track or one of its members (their `track_links`)."""
    return [link for links in collect("track_links") for link in links(track, member)]


# The need's newest agreement, when the track has none fixed: built once per kind of user
# (prepared.py), under agreements_for's rule (issue 18). The short lists are read with the track
# (_track_page).


def _newest_agreement(user: User, need_id: int) -> QuerySet[Agreement]:
    return employers_access.agreements_for(user).filter(need=need_id).order_by("-number")[:1]


def detail_context(request: AuthenticatedRequest, track: Track) -> dict[str, Any]:
    """The track page's context, for a track as track_page_for reads it (with its lists)."""
    user = request.user
    members = pool_members(track, user)
    mentors = instances(ContactPerson, track.mentor_rows, of=track)  # type: ignore[attr-defined]
    for member in members:  # the workplace mentor on the board (tracks.apl_log)
        member.workplace_mentor = (  # type: ignore[attr-defined]
            apl_log.effective_mentor(member, mentors) if apl_log.may_have_mentor(member) else None
        )
    today = timezone.localdate()
    phases = instances(Phase, track.phase_rows, of=track, track=track)  # type: ignore[attr-defined]
    may_edit = tracks_access.may_edit_tracks(user)
    for phase in phases:  # the phase plan's items, written here (cards.phase_item)
        phase.item = cards.phase_item(  # type: ignore[attr-defined]
            phase, track_pk=track.pk, may_edit=may_edit, current=phase.contains(today)
        )
    coordinators, job_coaches = (
        instances(User, rows, of=track, fields=TEAM_FIELDS, related=TEAM_RELATED)
        for rows in (track.coordinator_rows, track.coach_rows)  # type: ignore[attr-defined]
    )
    may_match = tracks_access.may_match_tracks(user)
    may_request_access = participants_access.may_request_access_in_track(
        user, track, team=[*coordinators, *job_coaches]
    )
    columns = board_columns(track, members)
    cards.draw_cards(
        members,
        track_pk=track.pk,
        may_match=may_match,
        may_request_access=may_request_access,
        csrf_input=csrf_input(request),
    )
    context: dict[str, Any] = {
        "track": track,
        "phases": phases,
        "today": today,
        "today_in_track": track.start_date <= today <= track.end_date,
        "numbers": key_numbers(members),
        "members": members,
        "apl_deviations": sum(1 for m in members if m.apl_deviation_week),
        "columns": columns,
        # The employer's select/decline decisions waiting to be carried out (tracks.decisions).
        # Only those the user may apply (tracks.decisions.apply_decisions): people they see.
        "decisions_to_apply": sum(
            1
            for m in members
            if m.state == State.PRESENTED
            and m.identity_visible
            and getattr(m, "employer_decision", None) is not None
            and m.employer_decision.decision != Decision.RESERVE
        ),
        "decisions_for_other_organisation": [
            m.pseudonym
            for m in members
            if m.state == State.PRESENTED
            and not m.identity_visible
            and getattr(m, "employer_decision", None) is not None
            and m.employer_decision.decision != Decision.RESERVE
        ],
        "may_request_access": may_request_access,
        "funding": instances(FundingSource, track.funding_rows, of=track, track=track),  # type: ignore[attr-defined]
        "mentors": mentors,
        "coordinators": coordinators,
        "job_coaches": job_coaches,
        "meetings": instances(PlanningMeeting, track.meeting_rows, of=track),  # type: ignore[attr-defined]
        # The version fixed when the track was created, else the need's newest (a draft made
        # after the track is still the track's agreement, shown as a draft).
        "agreement": track.agreement
        or next(iter(prepared.evaluate(_newest_agreement, user, track.need_id)), None),
        "may_edit": may_edit,
        "may_match": may_match,
        "closed": track.status in CLOSED_TRACK_STATUSES,
        "track_links": links_about(track),
        "shortage": entry_from(track.shortage_entry),  # type: ignore[attr-defined]
        "next_statuses": [
            TrackStatus(s)
            for s in TrackStatus.values
            if s in workflow.TRACK_TRANSITIONS[track.status]
        ],
    }
    # The upper apps' parts (the schedule's attendance per strand), declared on their AppConfig.
    for part in collect("track_page"):
        context.update(part(request, track))
    return context


def member_for(request, pk: int, member_pk: int) -> TrackParticipant:
    track = track_for(request, pk)
    return get_object_or_404(
        tracks_access.track_participants_for(request.user).select_related(
            "track", "participant", "nominating_organisation", "discontinued_phase"
        ),
        pk=member_pk,
        track=track,
    )
