"""Who may see a participant, which of their fields, and who asks for and releases access.

Every queryset starts from `scoped(Model)` (jobbspar/scoping.py); the roles and the view guards
are in jobbspar/access.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import BaseExpression
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Occupation
from jobbspar.access import AUTHORITY_STAFF, COORDINATORS, has_role
from jobbspar.database import prepared
from jobbspar.database.arrays import InArray, among_array
from jobbspar.database.prepared import one_row
from jobbspar.models import OrganisationKind, User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped
from participants.models import (
    AccessRequest,
    CaseNote,
    Consent,
    ConsentScope,
    OtherLanguage,
    Participant,
    ParticipantEvent,
    PlanItem,
    SharedCopy,
    WorkExperience,
)
from participants.models.shared_copy import COPIED_FIELDS

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


def _sees_participants(user: User) -> bool:
    """Whether `user` may see any participant at all (their organisation's or shared ones)."""
    return has_role(user, PARTICIPANT_VIEWERS) and user.organisation_id is not None


def _visible_participant_ids(user: User) -> tuple[QuerySet, QuerySet] | None:
    """The two id sets a user sees participants through: those their organisation registered
    and those an active consent shares with it. None for a user who sees no participant."""
    if not _sees_participants(user):
        return None
    registered = (
        scoped(Participant).filter(registered_by=user.organisation_id).order_by().values("pk")
    )
    shared = (
        scoped(Consent)
        .active(timezone.localdate())  # type: ignore[attr-defined]  # ConsentQuerySet
        .filter(shared_with=user.organisation_id)
        .order_by()
        .values("participant_id")
    )
    return registered, shared


def participants_for(user: User, where: Q | None = None) -> QuerySet:
    """The participants `user` may see: every list, detail, search, export and count uses it
    (as it is, or in its two halves: participant_halves_for, participants_for_in_halves, each
    tested to give the same people).

    `where`, a condition on the participant's own row, gives the same rows as
    `participants_for(user).filter(where)`, but narrows each half of the visible id set too
    (the registered on the covering index, the shared in their copy), so a selective condition
    on indexed columns narrows the ids before any participant row is read (candidate matching:
    only the free, active people who meet the required criteria are looked up, not every
    visible person; see docs/benchmark.md). It may
    name the row's fields, related fields and subqueries on the row (`OuterRef("pk")`), but no
    `OuterRef` to a query around the caller's: inside a half it would name the half."""
    parts = _visible_participant_ids(user)
    if parts is None:
        return scoped(Participant).none()
    registered, shared = parts
    if where is not None:
        registered = registered.filter(where)
        shared = _shared_ids_narrowed(user, shared, where)
    # One id set from two index scans (UNION), not `registered_by = X OR EXISTS (consent)`: an
    # OR with a subquery can use no index, so every list, count and search read the whole
    # participant table (~400 ms per count at 300 000 participants; see docs/benchmark.md).
    visible = scoped(Participant).filter(pk__in=registered.union(shared, all=True))
    return visible if where is None else visible.filter(where)


def participants_for_in_halves(
    user: User, where: Q, about: Sequence[Callable[[str], BaseExpression]] = ()
) -> list[QuerySet]:
    """participants_for(user, where) as two querysets of participants that never name the same
    person: those the user's organisation registered, and those an active consent shares with
    it that it did not register (with `about`, of the latter only those who meet it). Empty for
    a user who sees no participant.

    `about`: conditions on other tables about the person (matching's required work experience),
    each made for the name of the column that holds the person's id where it is put
    (of_outer_participant). Only the shared half is narrowed by them, on the copies' person ids
    before it reads any person's row: of ~1 400 shared people free for a national track, ~70
    had the experience it required (issue 18). The caller must test each of them on every row
    of both halves (matching does, as it ranks), or the halves answer different questions.

    Each half may be ranked and cut on its own and the two merged: candidate matching then reads
    the organisation's own people with their ranking columns from one covering index (the free
    people's, participant_org_free) instead of gathering every visible id and looking each
    person up by it (issue 18). The shared half is participants_for's: the ids an active consent
    shares, narrowed in their copy (and by `about`), and `where` checked on each person's own
    row."""
    parts = _visible_participant_ids(user)
    if parts is None:
        return []
    _registered, shared = parts
    own = scoped(Participant).filter(where, registered_by=user.organisation_id)
    others = (
        scoped(Participant)
        .filter(pk__in=_shared_ids_narrowed(user, shared, where, about))
        .exclude(registered_by=user.organisation_id)
        .filter(where)
    )
    return [own, others]


def _shared_ids_narrowed(
    user: User,
    shared: QuerySet,
    where: Q,
    about: Sequence[Callable[[str], BaseExpression]] = (),
) -> QuerySet:
    """The ids in `shared` (those an active consent shares with the user's organisation) whose
    copy (SharedCopy) meets the part of `where` it can check, and who meet each condition of
    `about` (participants_for_in_halves) by the copy's person id: participants_for (and
    participants_for_in_halves) then checks all of `where` on each person's own row, once, so
    the ids are not looked up here as well (~2 ms
    of candidate matching's ~20 nationally, issue 18). The copy only narrows."""
    narrowing = copied_part(where)
    if narrowing is None and not about:
        return shared
    copies = scoped(SharedCopy).filter(shared_with=user.organisation_id, participant_id__in=shared)
    if narrowing is not None:
        copies = copies.filter(narrowing)
    for condition in about:
        copies = copies.filter(condition("participant_id"))
    return copies.order_by().values("participant_id")


def participant_halves_for(user: User, where: Q | None = None) -> list[QuerySet]:
    """participants_for(user, where) as two querysets of (id, name) rows, each in name order
    (name, id): those the user's organisation registered, and those an active consent shares
    with it (a person may be in both: a UNION of them removes the repeat). Lists take the top of
    each half from an index and merge them, instead of looking up the name of every visible
    person (see docs/benchmark.md). `where` is a condition on the person's row, as for
    participants_for."""
    parts = _visible_participant_ids(user)
    if parts is None:
        return []
    _registered, shared = parts
    registered = scoped(Participant).filter(registered_by=user.organisation_id)
    if where:
        registered = registered.filter(where)
    return [
        registered.order_by("name", "pk").values_list("pk", "name"),
        _shared_names(user, shared, where),
    ]


def _shared_names(user: User, shared: QuerySet, where: Q | None) -> QuerySet:
    """(id, name) of the people an active consent shares with the user's organisation who meet
    `where`, in name order.

    With no condition (the whole list), the people are read in name order from the
    organisation's rows of the shared people's copy (SharedCopy), each kept only when an active
    consent shares the person with the organisation (the rule, read from the consents): a page
    reads ~30 copies and consents instead of walking every person in the country in name order
    and asking of each whether a consent shares them (1.1 against 2.5 ms for a municipality
    nationally, issue 18). The copy's rows, which the database keeps in step with the consents
    and people, decide the order and which shared people the list reaches (a copy out of step
    could hide or misplace one, never add one); what a page shows is read from the people under
    the rule again (participants_among). A search is narrowed in the copy and checked on the people
    (_shared_meeting): read in the copy's name order, a search by name took twice as long in
    the city, where the people's name index finds the few who match."""
    if where:
        return _shared_meeting(user, shared, where).order_by("name", "pk").values_list("pk", "name")
    consented = (
        scoped(Consent)
        .active(timezone.localdate())  # type: ignore[attr-defined]  # ConsentQuerySet
        .filter(shared_with=user.organisation_id, participant=OuterRef("participant_id"))
    )
    copies = scoped(SharedCopy).filter(
        # As a condition on each row (a CASE keeps PostgreSQL from making the EXISTS a join: it
        # then guesses ~50 of the organisation's 4 000 rows meet it, reads them all and sorts).
        Case(When(Exists(consented), then=Value(True)), default=Value(False)),
        shared_with=user.organisation_id,
    )
    # A person with two active consents to the organisation has two copies: listed once.
    return (
        copies.order_by("name", "participant_id").values_list("participant_id", "name").distinct()
    )


def _shared_meeting(user: User, shared: QuerySet, where: Q) -> QuerySet:
    """The participants an active consent shares with the user's organisation (`shared`: their
    ids) who meet `where`.

    The rule is the consent and `where` on the person's row, both checked here. Before them, the
    part of `where` that names only copied columns is checked in the shared people's copy
    (SharedCopy, kept by the database in step with the consents and people), in one index scan
    of the organisation's rows, so only the people who meet it are looked up, not every shared
    person (issue 18). The copy only narrows: were it ever behind, a search would miss a shared
    person, never show one the consent does not share."""
    people = scoped(Participant).filter(pk__in=shared)
    narrowing = copied_part(where)
    if narrowing is not None:
        copies = (
            scoped(SharedCopy)
            .filter(narrowing, shared_with=user.organisation_id)
            .order_by()
            .values("participant_id")
        )
        people = people.filter(pk__in=copies)
    return people.filter(where)


# What a condition may say to be checked in the copy as it is: a copied field (the same type in
# both models), at most one of these lookups, and a plain value.
_COPY_LOOKUPS = frozenset(
    {
        "exact",
        "iexact",
        "contains",
        "icontains",
        "startswith",
        "istartswith",
        "in",
        "isnull",
        "lt",
        "lte",
        "gt",
        "gte",
        "overlap",
        "contained_by",
    }
)


def copied_part(where: Q) -> Q | None:
    """The part of `where` that SharedCopy can check as it is: the whole condition when every
    term names a copied field with a plain value; of a condition that is an AND, the terms that
    do (a weaker condition that lets through all the rows `where` does); otherwise None."""
    if not isinstance(where, Q):
        return None
    if _copied(where):
        return where
    if where.connector != Q.AND or where.negated:
        return None
    terms = [
        child if isinstance(child, Q) else Q(child)
        for child in where.children
        if _copied(child if isinstance(child, Q) else Q(child))
    ]
    if not terms:
        return None
    part = terms[0]
    for term in terms[1:]:
        part &= term
    return part


def _copied(condition: Q) -> bool:
    for child in condition.children:
        if isinstance(child, Q):
            if not _copied(child):
                return False
            continue
        if not isinstance(child, tuple) or len(child) != 2:
            return False  # an expression (Exists, a lookup object)
        path, value = child
        field, _, lookup = path.partition("__")
        if field not in COPIED_FIELDS or (lookup and lookup not in _COPY_LOOKUPS):
            return False
        if _names_a_model(value):  # F(), OuterRef, a subquery: resolved against the copy
            return False
    return bool(condition.children)


def _names_a_model(value) -> bool:
    if hasattr(value, "resolve_expression"):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):  # Django resolves the items too
        return any(_names_a_model(item) for item in value)
    return False


def participants_among(user: User, ids) -> QuerySet:
    """participants_for(user) restricted to `ids` (a page of a list): the same rule, checked
    row by row for these few ids (registered by the user's organisation, or an active consent
    shares them with it) instead of building the whole visible id set again."""
    return _among(user, Q(pk__in=list(ids)))


def participants_listed(user: User, ids: str) -> QuerySet:
    """participants_among(user, …) for the ids of a page given as one value
    (jobbspar.database.arrays.id_array), for a builder built once per kind of call: one kind
    serves every page of every list (issue 18)."""
    return _among(user, among_array("pk", ids))


def _among(user: User, ids: Q | InArray) -> QuerySet:
    if not _sees_participants(user):
        return scoped(Participant).none()
    shared = (
        scoped(Consent)
        .active(timezone.localdate())  # type: ignore[attr-defined]  # ConsentQuerySet
        .filter(shared_with=user.organisation_id, participant=OuterRef("pk"))
    )
    return (
        scoped(Participant)
        .filter(ids)
        .filter(Q(registered_by=user.organisation_id) | Exists(shared))
    )


def seen_by(user: User, participant: str = "participant") -> Q:
    """participants_for(user) as a condition on rows of another model that name one participant
    each (through the foreign key `participant`), checked row by row as participants_among does
    (registered by the user's organisation, or an active consent shares them with it): for the
    few rows of one track's pool, where building every visible person's id first (the UNION of
    participants_for) costs more than the rows themselves. False for a user who sees no one."""
    if not _sees_participants(user):
        return Q(pk__in=[])
    shared = (
        scoped(Consent)
        .active(timezone.localdate())  # type: ignore[attr-defined]  # ConsentQuerySet
        .filter(shared_with=user.organisation_id, participant=OuterRef(participant))
    )
    return Q(**{f"{participant}__registered_by": user.organisation_id}) | Q(Exists(shared))


# The lists about one person that everyone who may see the person may read in full: what
# records_of hands out. Case notes (notes_of) and requests for access (access_requests_of) have
# rules of their own.
RECORD_LISTS = (OtherLanguage, WorkExperience, PlanItem, Consent, ParticipantEvent)


def records_of(user: User, model, participant_id: int) -> QuerySet:
    """Rows of `model` about one person (their languages, work experience, plan items, consents
    or history: RECORD_LISTS), if `user` may see that person: participants_for's rule checked on
    the person these rows name (seen_by), as for the few rows of one page, not by building every
    visible person's id."""
    if model not in RECORD_LISTS:
        raise ValueError(f"records_of does not hand out {model.__name__}: it has its own rule")
    return scoped(model).filter(seen_by(user), participant=participant_id)


def records_of_outer(user: User, model) -> QuerySet:
    """records_of's lists (RECORD_LISTS) of the participant in the outer query, for a list read
    with the person's own row (jobbspar/database/nested.py): the same rule, checked on the person
    these rows name (seen_by), whatever query the list is read in."""
    if model not in RECORD_LISTS:
        raise ValueError(f"records_of does not hand out {model.__name__}: it has its own rule")
    return scoped(model).filter(seen_by(user), participant=OuterRef("pk"))


def notes_of(user: User, participant_id: int) -> QuerySet[CaseNote]:
    """One person's case notes, as can_see_case_notes allows them: to staff of the registering
    organisation, and of an organisation an active consent covering the whole record shares the
    person with (a consent may leave the notes out). Nobody else."""
    if not has_role(user, PARTICIPANT_VIEWERS) or user.organisation_id is None:
        return scoped(CaseNote).none()
    whole_record = (
        scoped(Consent)
        .active(timezone.localdate())  # type: ignore[attr-defined]  # ConsentQuerySet
        .filter(
            shared_with=user.organisation_id,
            scope=ConsentScope.WHOLE_RECORD,
            participant=OuterRef("participant"),
        )
    )
    return scoped(CaseNote).filter(
        Q(participant__registered_by=user.organisation_id) | Q(Exists(whole_record)),
        participant=participant_id,
    )


def access_requests_of(user: User, participant_id: int) -> QuerySet[AccessRequest]:
    """The requests to release one person's record that `user` may see: every one for the
    registering organisation, which decides them; its own for an organisation that asked and
    has been given access. (What a user asked for without access yet: access_requests_made_for.)"""
    return scoped(AccessRequest).filter(_requests_seen(user), participant=participant_id)


def _requests_seen(user: User) -> Q:
    """access_requests_of's rule on a request's own row (and the person it names)."""
    return seen_by(user) & (
        Q(participant__registered_by=user.organisation_id)
        | Q(asking_organisation=user.organisation_id)
    )


def access_requests_of_outer(user: User) -> QuerySet[AccessRequest]:
    """access_requests_of's rule for the participant in the outer query, for a list read with
    the person's own row (jobbspar/database/nested.py), whatever query it is read in."""
    return scoped(AccessRequest).filter(_requests_seen(user), participant=OuterRef("pk"))


def interests_of_outer(user: User) -> QuerySet[Occupation]:
    """interests_of's rule for the participant in the outer query, for a list read with the
    person's own row (jobbspar/database/nested.py): the person checked as participants_among
    checks them, whatever query the list is read in."""
    return Occupation.objects.filter(interested_participants=OuterRef("pk")).filter(
        Exists(_among(user, Q(pk=OuterRef(OuterRef("pk")))))
    )


def interests_of(user: User, participant_id: int) -> QuerySet[Occupation]:
    """The occupations one person is interested in, if `user` may see that person (the rule
    checked on that person's row, participants_among)."""
    return Occupation.objects.filter(
        interested_participants__in=participants_among(user, [participant_id])
    )


def count_participants_for(user: User) -> int:
    """len(participants_for(user)): those the user's organisation registered, plus the people
    an active consent shares with it that it did not register (a person both registered and
    shared, or shared by two consents, counts once), read from the covering indexes alone. One
    statement, built once per kind of user (jobbspar/database/prepared.py), where the UNION's
    count was built on every request: 2.7 ms a count nationally against 3.9 ms, Python
    included (issue 18)."""
    if not _sees_participants(user):
        return 0
    [counts] = prepared.evaluate(_visible_counts, user)
    return counts["registered"] + counts["shared"] - counts["both"]


def _visible_counts(user: User) -> QuerySet:
    """count_participants_for's statement: one row of three counts, the organisation's own
    people, the people shared with it, and those who are both (counted once in the list)."""
    parts = _visible_participant_ids(user)
    if parts is None:
        return scoped(Participant).none()
    registered, shared = parts
    # Both: each of the organisation's own people looked up in a hashed set of the shared ids,
    # made from the consents (~3 000 for a municipality nationally). The shared people counted
    # apart from the own ones (NOT IN a hashed set of the own ids) read the own ids twice: 2.4
    # against 2.05 ms nationally.
    shared_count = one_row(shared, n=Count("participant_id", distinct=True))
    return one_row(
        registered,
        registered=Count("pk"),
        both=Count("pk", filter=Q(pk__in=shared)),
        shared=Subquery(shared_count.values("n"), output_field=IntegerField()),
    )


def of_outer_participant(model, person: str = "pk") -> QuerySet:
    """Rows of `model` (languages, work experience, track memberships) of the participant in
    the outer query, for a correlated subquery (`Exists`, `Subquery`) under a participant
    queryset from this module, as matching ranks candidates: `participant=OuterRef("pk")` ties
    them to rows that queryset already returns, and Django runs such a queryset only inside
    another query. The outer query must be one of participants, or (`person`, the column
    holding the person's id) one this module narrows them with (participants_for_in_halves)."""
    return scoped(model).filter(participant=OuterRef(person))


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


def can_see_case_notes(
    user: User, participant=None, consents: Iterable[Consent] | None = None
) -> bool:
    """Case notes: staff of the registering organisation, and of an organisation whose active
    consent covers the whole record (a consent may leave the notes out). `consents`: the
    person's consents, when the caller has read them already (the participant page)."""
    if not has_role(user, PARTICIPANT_VIEWERS):
        return False
    if participant is None or participant.registered_by_id == user.organisation_id:
        return True
    today = timezone.localdate()
    return any(
        consent.shared_with_id == user.organisation_id
        and consent.scope == ConsentScope.WHOLE_RECORD
        and consent.is_active(today)
        for consent in (participant.consents.all() if consents is None else consents)
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


def decides_access_requests(user: User) -> bool:
    """Whether the user decides requests for their organisation's participants (its
    coordinators): access_requests_held_for is empty for anyone else."""
    return has_role(user, COORDINATORS) and user.organisation_id is not None


def access_requests_held_for(user: User) -> QuerySet:
    """Requests for participants the user's organisation registered: its coordinators decide."""
    if not decides_access_requests(user):
        return scoped(AccessRequest).none()
    return scoped(AccessRequest).filter(participant__registered_by=user.organisation_id)


def access_requests_made_for(user: User) -> QuerySet:
    """Requests the user's organisation made. The asker sees the request, never the record."""
    if not may_request_access(user):
        return scoped(AccessRequest).none()
    return scoped(AccessRequest).filter(asking_organisation=user.organisation_id)


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


def menu() -> list[NavItem]:
    """The participants app's sections of the main navigation (its `navigation` contribution)."""
    return [NavItem(_("Participants"), "participants:participant_list", PARTICIPANT_VIEWERS)]
