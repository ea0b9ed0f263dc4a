"""Who may see and do what: the one place that decides.

Views never check roles themselves; they declare what they need with `RoleRequiredMixin` /
`role_required` and get their objects from the queryset functions here (added per kind of
object as the apps grow), so lists, details, search, exports and counts always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jobbspar.models import OrganisationKind, Partnership, Role, User

# The functions here start every queryset of a sensitive model from `scoped(Model)`, which marks
# it as decided here; a queryset without the mark raises when run in a web request
# (jobbspar/scoping.py). A deliberate exception says why:
# `with access.unscoped("Django admin: administrators manage reference data"):`.
from jobbspar.scoping import UnscopedQueryError, loaded_in_scope, scoped, unscoped  # noqa: F401

COORDINATORS = frozenset({Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR})
AUTHORITY_STAFF = COORDINATORS | {Role.JOB_COACH}
STAFF_AND_ADMIN = AUTHORITY_STAFF | {Role.ADMIN}
COORDINATORS_AND_ADMIN = COORDINATORS | {Role.ADMIN}
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
EMPLOYERS = frozenset({Role.EMPLOYER})
EVERYONE = frozenset(Role.values)


def has_role(user: User, roles: Iterable[str]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def check_role(user: User, roles: Iterable[str]) -> None:
    """Raise PermissionDenied unless the signed-in user has one of `roles`."""
    if not has_role(user, roles):
        raise PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """A class-based view open to signed-in users with one of `allowed_roles`."""

    allowed_roles: Iterable[str] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str) -> Callable:
    """A function view open to signed-in users with one of `roles`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check_role(request.user, roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Partnerships ----------------------------------------------------------------------------
#
# A partnership (an AF office and a municipality, jobbspar.models.Partnership) owns its track
# work: recruitment needs (with their profiles and agreements), planning meetings (with their
# action items) and tracks. Coordinators and job coaches see and edit only their own
# partnerships' work (the partnerships their organisation is a party of); administrators support
# every partnership. Employers are shared reference data: every partnership sees and keeps the
# same employer record, and another partnership's tracks can be read as templates to copy
# (`track_templates_for`: the plan, never the people).


def partnerships_for(user: User) -> QuerySet:
    """The partnerships `user` works in (administrators: all, for support)."""
    if has_role(user, {Role.ADMIN}):
        return Partnership.objects.all()
    if has_role(user, AUTHORITY_STAFF | {Role.MANAGER}):
        return Partnership.objects.of(user.organisation_id)
    return Partnership.objects.none()


def _in_own_partnerships(user: User, queryset: QuerySet, path: str = "partnership") -> QuerySet:
    """`queryset` narrowed to the user's partnerships: a subquery (no query of its own) over
    the indexed partnership column, so the query count of a page does not change."""
    if has_role(user, {Role.ADMIN}):
        return queryset
    if has_role(user, AUTHORITY_STAFF):
        return queryset.filter(
            **{f"{path}__in": Partnership.objects.of(user.organisation_id).values("pk")}
        )
    return queryset.none()


# --- Employers, needs, profiles, meetings, agreements (the employers app) -------------------

EMPLOYER_READERS = STAFF_AND_ADMIN | EMPLOYERS


def _model(name: str):
    from django.apps import apps

    return apps.get_model("employers", name)


def employers_for(user: User):
    """Employers a user may see: all for staff and admin (shared by every partnership), their
    own for an employer user."""
    Employer = _model("Employer")
    if has_role(user, STAFF_AND_ADMIN):
        return scoped(Employer).all()
    if has_role(user, EMPLOYERS) and user.organisation_id:
        return scoped(Employer).filter(organisation_id=user.organisation_id)
    return scoped(Employer).none()


def needs_for(user: User):
    """Needs of the user's partnerships (staff), all (admin), their own employer's (employer)."""
    RecruitmentNeed = _model("RecruitmentNeed")
    if has_role(user, EMPLOYERS):
        return scoped(RecruitmentNeed).filter(employer__in=employers_for(user))
    return _in_own_partnerships(user, scoped(RecruitmentNeed).all())


def criteria_for(user: User):
    """Requirement-profile criteria of the needs `user` may see."""
    return scoped(_model("Criterion")).filter(version__need__in=needs_for(user))


def agreements_for(user: User):
    return scoped(_model("Agreement")).filter(need__in=needs_for(user))


def meetings_for(user: User):
    """Planning meetings of the user's partnerships: staff and admin only (employer users see
    them through invitations)."""
    return _in_own_partnerships(user, scoped(_model("PlanningMeeting")).all())


def action_items_for(user: User):
    return _in_own_partnerships(user, scoped(_model("ActionItem")).all(), "meeting__partnership")


def education_providers_for(user: User):
    EducationProvider = _model("EducationProvider")
    if has_role(user, STAFF_AND_ADMIN):
        return scoped(EducationProvider).all()
    return scoped(EducationProvider).none()


def may_edit_employers(user: User) -> bool:
    return has_role(user, COORDINATORS_AND_ADMIN)


# --- Participants -------------------------------------------------------------------------
#
# Who sees a participant: coordinators and job coaches of the registering organisation, and
# of an organisation the participant has an active consent (samtycke) to share with. Nobody
# else: employer users and managers never open participant pages (managers get aggregates
# elsewhere; employers see candidate summaries through the tracks), and administrators see
# no participant either - they support users and reference data, and neither secrecy law nor
# the participant's consent gives them a need to read case files.
PARTICIPANT_VIEWERS = AUTHORITY_STAFF
# Registering, editing identity and exporting: coordinators. Recording a consent: the
# registering organisation's coordinators only (is_registering_coordinator).
PARTICIPANT_EDITORS = COORDINATORS
PARTICIPANT_EXPORTERS = COORDINATORS


def _visible_participant_ids(user: User) -> tuple[QuerySet, QuerySet] | None:
    """The two id sets a user sees participants through: those their organisation registered
    and those an active consent shares with it. None for a user who sees no participant."""
    participant_model = apps.get_model("participants", "Participant")
    if not has_role(user, PARTICIPANT_VIEWERS) or user.organisation_id is None:
        return None
    consent_model = apps.get_model("participants", "Consent")
    registered = (
        scoped(participant_model).filter(registered_by=user.organisation_id).order_by().values("pk")
    )
    shared = (
        scoped(consent_model)
        .active(timezone.localdate())
        .filter(shared_with=user.organisation_id)
        .order_by()
        .values("participant_id")
    )
    return registered, shared


def participants_for(user: User) -> QuerySet:
    """The participants `user` may see: every list, detail, search, export and count uses it."""
    parts = _visible_participant_ids(user)
    participant_model = apps.get_model("participants", "Participant")
    if parts is None:
        return scoped(participant_model).none()
    registered, shared = parts
    # One id set from two index scans (UNION), not `registered_by = X OR EXISTS (consent)`: an
    # OR with a subquery can use no index, so every list, count and search read the whole
    # participant table (~400 ms per count at 300 000 participants; see the README, Benchmark).
    return scoped(participant_model).filter(pk__in=registered.union(shared, all=True))


def participant_halves_for(user: User) -> list[QuerySet]:
    """participants_for(user) as the two participant querysets it is the union of: those the
    user's organisation registered, and those an active consent shares with it (a person may be
    in both: a UNION of them removes the repeat). Lists sort each half by name from an index and
    merge them, instead of looking up the name of every visible person (see the README)."""
    parts = _visible_participant_ids(user)
    if parts is None:
        return []
    participant_model = apps.get_model("participants", "Participant")
    _registered, shared = parts
    return [
        scoped(participant_model).filter(registered_by=user.organisation_id),
        scoped(participant_model).filter(pk__in=shared),
    ]


def participants_among(user: User, ids) -> QuerySet:
    """participants_for(user) restricted to `ids` (a page of a list): the same rule, checked
    row by row for these few ids (registered by the user's organisation, or an active consent
    shares them with it) instead of building the whole visible id set again."""
    participant_model = apps.get_model("participants", "Participant")
    if _visible_participant_ids(user) is None:
        return scoped(participant_model).none()
    consent_model = apps.get_model("participants", "Consent")
    shared = (
        scoped(consent_model)
        .active(timezone.localdate())
        .filter(shared_with=user.organisation_id, participant=OuterRef("pk"))
    )
    return (
        scoped(participant_model)
        .filter(pk__in=list(ids))
        .filter(Q(registered_by=user.organisation_id) | Exists(shared))
    )


def count_participants_for(user: User) -> int:
    """len(participants_for(user)), counted from the two id sets alone (UNION removes the
    duplicates): read from the covering indexes, without visiting the participant table."""
    parts = _visible_participant_ids(user)
    if parts is None:
        return 0
    registered, shared = parts
    return registered.union(shared).count()


def of_outer_participant(model) -> QuerySet:
    """Rows of `model` (languages, work experience, track memberships) of the participant in
    the outer query, for a correlated subquery (`Exists`, `Subquery`) under a participant
    queryset from this module, as matching ranks candidates: `participant=OuterRef("pk")` ties
    them to rows that queryset already returns, and Django runs such a queryset only inside
    another query. The outer query must be one of participants."""
    return scoped(model).filter(participant=OuterRef("pk"))


def of_outer_member(model) -> QuerySet:
    """Rows of `model` (APL log, progress) of the track member in the outer query, for a
    correlated subquery under a member queryset obtained in scope (a track's related manager or
    track_participants_for): `track_participant=OuterRef("pk")` ties them to rows that queryset
    already returns. The outer query must be one of track members."""
    return scoped(model).filter(track_participant=OuterRef("pk"))


def can_see_income_support(user: User, participant=None) -> bool:
    """Income support is the municipality's business (it pays it): municipal staff only."""
    return bool(
        has_role(user, PARTICIPANT_VIEWERS)
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.MUNICIPALITY
    )


def can_see_long_term_unemployment(user: User) -> bool:
    """Long-term unemployment: authority staff (AF and municipality) who work with the person."""
    return has_role(user, PARTICIPANT_VIEWERS)


def can_see_case_notes(user: User, participant=None) -> bool:
    """Case notes: staff of the registering organisation, and of an organisation whose active
    consent covers the whole record (a consent may leave the notes out)."""
    if not has_role(user, PARTICIPANT_VIEWERS):
        return False
    if participant is None or participant.registered_by_id == user.organisation_id:
        return True
    today = timezone.localdate()
    # Uses the consents prefetched by the detail page when they are there.
    return any(
        consent.shared_with_id == user.organisation_id
        and consent.scope == "whole_record"
        and consent.is_active(today)
        for consent in participant.consents.all()
    )


def is_registering_coordinator(user: User, participant) -> bool:
    """A coordinator of the organisation that registered the participant: the controller of the
    record. Sees who has read it, gives the register extract and carries out erasure."""
    return has_role(user, COORDINATORS) and participant.registered_by_id == user.organisation_id


def may_withdraw_consent(user: User, consent) -> bool:
    """The registering organisation's coordinators withdraw any consent to share its record; the
    receiving organisation's coordinators may give up their own access (the consent shared with
    their organisation). Nobody else."""
    if is_registering_coordinator(user, consent.participant):
        return True
    return has_role(user, COORDINATORS) and consent.shared_with_id == user.organisation_id


# --- Access requests (participants.access_requests) -------------------------------------
#
# The organisation that did not register a person asks the one that did to release the record
# (naming the consent it collected); it never records a consent itself. Coordinators and job
# coaches of an authority ask; the registering organisation's coordinators decide; the asking
# organisation sees its own requests (never the record) and may withdraw an open one.
ACCESS_REQUESTERS = AUTHORITY_STAFF


def may_request_access(user: User) -> bool:
    return bool(
        has_role(user, ACCESS_REQUESTERS)
        and user.organisation is not None
        and user.organisation.is_authority
    )


def may_request_access_in_track(user: User, track, team: Iterable[User] | None = None) -> bool:
    """Asking by a track member's id (a pseudonym in the pool): for the track's own coordinators
    and job coaches, who work with the person there (`team`: those, when already loaded)."""
    if not may_request_access(user):
        return False
    if team is not None:
        return any(member.pk == user.pk for member in team)
    return (
        track.coordinators.filter(pk=user.pk).exists()
        or track.job_coaches.filter(pk=user.pk).exists()
    )


def access_requests_held_for(user: User) -> QuerySet:
    """Requests for participants the user's organisation registered: its coordinators decide."""
    model = apps.get_model("participants", "AccessRequest")
    if not has_role(user, COORDINATORS) or user.organisation_id is None:
        return scoped(model).none()
    return scoped(model).filter(participant__registered_by=user.organisation_id)


def access_requests_made_for(user: User) -> QuerySet:
    """Requests the user's organisation made. The asker sees the request, never the record."""
    model = apps.get_model("participants", "AccessRequest")
    if not may_request_access(user):
        return scoped(model).none()
    return scoped(model).filter(asking_organisation=user.organisation_id)


def may_withdraw_access_request(user: User, access_request) -> bool:
    """The asker, or a coordinator of the asking organisation."""
    if access_request.asking_organisation_id != user.organisation_id:
        return False
    return access_request.asked_by_id == user.pk or has_role(user, COORDINATORS)


def can_edit_participants(user: User) -> bool:
    return has_role(user, PARTICIPANT_EDITORS)


def can_export_participants(user: User) -> bool:
    return has_role(user, PARTICIPANT_EXPORTERS)


# The participant fields shown to everyone who may see the participant at all.
PARTICIPANT_BASE_FIELDS = frozenset(
    {
        "personal_number",
        "name",
        "phone",
        "email",
        "district",
        "gender",
        "preferred_language",
        "needs_interpreter",
        "newly_arrived",
        "arrival_date",
        "swedish_level",
        "education_level",
        "driving_licences",
        "certificates",
        "interests",
        "available_from",
        "working_hours",
        "registered_by",
        "coordinator",
        "job_coach",
        "status",
        "presentation_consent_on",
    }
)


def participant_fields_for(user: User) -> frozenset[str]:
    """The participant fields `user` may see (and, for editors, change)."""
    if not has_role(user, PARTICIPANT_VIEWERS):
        return frozenset()
    fields = set(PARTICIPANT_BASE_FIELDS)
    if can_see_long_term_unemployment(user):
        fields.add("long_term_unemployed")
    if can_see_income_support(user):
        fields.add("receives_income_support")
    return frozenset(fields)


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


def tracks_for(user: User) -> QuerySet:
    """The tracks of the user's partnerships (administrators: all)."""
    track_model = apps.get_model("tracks", "Track")
    if has_role(user, TRACK_VIEWERS):
        return _in_own_partnerships(user, scoped(track_model).all())
    return scoped(track_model).none()


def track_templates_for(user: User) -> QuerySet:
    """Tracks whose plan (length, phases, settings) a track editor may copy into a track of their
    own partnership: every partnership's. Only the copy page reads them; their people, pool and
    funding stay with their partnership."""
    track_model = apps.get_model("tracks", "Track")
    if has_role(user, TRACK_EDITORS):
        return scoped(track_model).all()
    return scoped(track_model).none()


def track_participants_for(user: User) -> QuerySet:
    """Participants in tracks `user` may open (their identity still follows participants_for)."""
    member_model = apps.get_model("tracks", "TrackParticipant")
    if not has_role(user, AUTHORITY_STAFF):
        return scoped(member_model).none()
    return scoped(member_model).filter(
        track__in=tracks_for(user), participant__in=participants_for(user)
    )


def track_pool_for(user: User) -> QuerySet:
    """Every member of the tracks `user` may open, including people they may not see: for
    counts (pool sizes) and for whether someone is already busy in a track. Who a member is
    still follows participants_for."""
    member_model = apps.get_model("tracks", "TrackParticipant")
    if not has_role(user, TRACK_VIEWERS):
        return scoped(member_model).none()
    return scoped(member_model).filter(track__in=tracks_for(user))


def may_edit_tracks(user: User) -> bool:
    return has_role(user, TRACK_EDITORS)


def may_match_tracks(user: User) -> bool:
    return has_role(user, TRACK_MATCHERS)


def may_record_track_progress(user: User) -> bool:
    return has_role(user, TRACK_PROGRESS_WRITERS)


# --- Outcome follow-ups --------------------------------------------------------------------
#
# Coordinators answer follow-ups of participants they may see (track_participants_for), whoever
# is responsible; nobody else opens them. Managers hear of unanswered ones through escalation
# notifications that name the track and the coordinator, never the participant.
FOLLOW_UP_ANSWERERS = COORDINATORS


def follow_ups_for(user: User) -> QuerySet:
    follow_up_model = apps.get_model("tracks", "FollowUp")
    if not has_role(user, FOLLOW_UP_ANSWERERS):
        return scoped(follow_up_model).none()
    return scoped(follow_up_model).filter(track_participant__in=track_participants_for(user))


# --- Objects already obtained ---------------------------------------------------------------


def refetch(obj) -> QuerySet:
    """A queryset of just `obj`, an object the caller already obtained through this module or a
    related manager (to lock it with select_for_update, or load it again with more relations).
    An object not loaded that way (built by hand, or loaded unmarked) gets an unmarked queryset,
    which raises in a web request."""
    if loaded_in_scope(obj):
        return scoped(type(obj)).filter(pk=obj.pk)
    return type(obj)._default_manager.filter(pk=obj.pk)


# --- The employer portal ------------------------------------------------------------------
#
# An employer user sees their own employer's tracks and nothing else: every portal view gets
# its objects from these functions, so another employer's track, candidate, meeting, agreement
# or file is a 404 whatever the URL or parameter. Inside their tracks they see only the
# candidates the coordinators have presented (and, after the selection, the people they
# selected); in a blind track, who a candidate is only once the selection is made.
PORTAL_USERS = EMPLOYERS
# Coordinators invite an employer's contact persons to the portal.
PORTAL_INVITERS = COORDINATORS

# From "presented" on, the employer knows of the candidate.
PORTAL_SELECTED_STATES = frozenset(
    {
        "selected",
        "in_training",
        "in_apl",
        "completed",
        "discontinued",
        "offered",
        "employed",
        "declined",
    }
)
PORTAL_CANDIDATE_STATES = PORTAL_SELECTED_STATES | {"presented"}


def portal_employer_for(user: User):
    """The employer an employer user acts for, or None."""
    if not has_role(user, PORTAL_USERS) or user.organisation_id is None:
        return None
    return scoped(_model("Employer")).filter(organisation_id=user.organisation_id).first()


def portal_tracks_for(user: User) -> QuerySet:
    track_model = apps.get_model("tracks", "Track")
    if not has_role(user, PORTAL_USERS) or user.organisation_id is None:
        return scoped(track_model).none()
    return scoped(track_model).filter(employer__organisation_id=user.organisation_id)


def portal_candidates_for(user: User, track=None) -> QuerySet:
    """Members of the user's tracks the employer may know of: presented and later, and those
    the employer declined (not selected with a decision of theirs) - and only while the person's
    consent to presentation stands: a withdrawal removes them from the portal at once."""
    member_model = apps.get_model("tracks", "TrackParticipant")
    tracks = portal_tracks_for(user)
    if track is not None:
        tracks = tracks.filter(pk=track.pk)
    return (
        scoped(member_model)
        .filter(track__in=tracks, participant__presentation_consent_on__isnull=False)
        .filter(
            Q(state__in=PORTAL_CANDIDATE_STATES)
            | Q(state="not_selected", employer_decision__isnull=False)
        )
    )


def portal_participants_for(user: User, track=None) -> QuerySet:
    """The people the employer selected: named (blind or not), with their APL notes."""
    return portal_candidates_for(user, track).filter(state__in=PORTAL_SELECTED_STATES)


def portal_identity_visible(member) -> bool:
    """Whether the employer may see who a candidate is (name, not a pseudonym)."""
    return (not member.track.blind_selection) or member.state in PORTAL_SELECTED_STATES


def portal_meetings_for(user: User) -> QuerySet:
    PlanningMeeting = _model("PlanningMeeting")
    if not has_role(user, PORTAL_USERS) or user.organisation_id is None:
        return scoped(PlanningMeeting).none()
    return scoped(PlanningMeeting).filter(employer__organisation_id=user.organisation_id)


def portal_agreements_for(user: User) -> QuerySet:
    if not has_role(user, PORTAL_USERS):
        return scoped(_model("Agreement")).none()
    return agreements_for(user)


def portal_invitable_contacts_for(user: User) -> QuerySet:
    ContactPerson = _model("ContactPerson")
    if not has_role(user, PORTAL_INVITERS):
        return scoped(ContactPerson).none()
    return scoped(ContactPerson).all()


# --- Manager dashboard --------------------------------------------------------------------
#
# Aggregates only (counts, rates, sums; groups of fewer than five shown as "<5"), never a
# person: managers and administrators, and coordinators, who run the tracks and answer the
# follow-ups and may see how they turn out. Job coaches and employer users do not.
DASHBOARD_VIEWERS = MANAGERS | COORDINATORS


def may_see_dashboard(user: User) -> bool:
    return has_role(user, DASHBOARD_VIEWERS)


def dashboard_may_use_income_support(user: User) -> bool:
    """Income support is the municipality's business even in aggregate: the income-support
    target group (filter and breakdown) is offered only to those who may see the status itself
    (municipal staff); managers and others get the other target groups."""
    return has_role(user, DASHBOARD_VIEWERS) and can_see_income_support(user)


def track_closing_for(user: User, track):
    """The closing questions of `track` (one the user may open), or None."""
    closing_model = apps.get_model("tracks", "TrackClosing")
    return (
        scoped(closing_model)
        .filter(track__in=tracks_for(user), track=track)
        .select_related("new_need__occupation")
        .first()
    )
