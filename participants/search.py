"""Finding participants: free text (name, personal identity number, phone) and filters.

Always applied to `participants.access.participants_for(user)`, so search, counts and the export
see exactly the participants the list shows.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.query import EmptyQuerySet

from jobbspar.identity import normalise_personal_number
from jobbspar.models import User
from participants import access as participants_access

_NUMBERISH = re.compile(r"^[0-9+\-\s()]+$", re.ASCII)


class TargetGroup:
    NEWLY_ARRIVED = "newly_arrived"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    INCOME_SUPPORT = "income_support"


@dataclass(frozen=True)
class Filters:
    text: str = ""
    organisation: int | None = None
    target_group: str = ""
    coordinator: int | None = None
    status: str = ""
    swedish_level: str = ""
    licence: str = ""
    interest: int | None = None


def _subscriber_digits(digits: str) -> str:
    """A phone number without its trunk or country prefix, so that 070-123 45 67,
    +46 70 123 45 67 and 0046701234567 all find each other."""
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("46") and len(digits) > 9:
        digits = digits[2:]
    return digits.lstrip("0")


def _text_filter(text: str) -> Q:
    text = text.strip()
    if _NUMBERISH.match(text):
        digits = re.sub(r"[^0-9]", "", text)
        subscriber = _subscriber_digits(digits)
        query = Q(phone__contains=subscriber) if len(subscriber) >= 4 else Q()
        if len(digits) in (10, 12):
            with contextlib.suppress(ValidationError):
                query |= Q(personal_number=normalise_personal_number(text))
        elif len(digits) == 8:
            query |= Q(personal_number__startswith=digits)  # a date of birth YYYYMMDD
        return query if query else Q(pk__in=[])
    return Q(name__icontains=text)


def search_participants(user: User, filters: Filters) -> QuerySet:
    """The participants `user` may see that match `filters`, ordered by name."""
    return _filtered(user, participants_access.participants_for(user), filters).order_by(
        "name", "id"
    )


def search_participant_ids(user: User, filters: Filters) -> QuerySet | MergedHalves:
    """(id, name) of the participants `user` may see that match `filters`, ordered by name: the
    same people as search_participants, from the two halves of the visibility rule (a UNION,
    each half read in name order), for the list's count and pages."""
    halves = participants_access.participant_halves_for(user, _where(user, filters))
    if not halves:
        return participants_access.participants_for(user).values_list("pk", "name")
    return MergedHalves(halves)


class MergedHalves:
    """The UNION of querysets of (pk, name), each ordered by (name, pk), as one list in that
    order (the first half's columns name the order of the UNION).

    A slice [a:b] (a page) takes only the first b rows of each half before the UNION: the top b
    of the union are among them, so PostgreSQL reads each half in name order from an index and
    stops, instead of reading and sorting every visible person (8 000 for an organisation
    nationally) for each page. count() and iteration are the plain UNION."""

    ordered = True  # for the Paginator: the rows come in a defined order

    def __init__(self, halves: list[QuerySet]) -> None:
        self.halves = halves

    def _union(self, stop: int | None = None) -> QuerySet:
        """The halves' UNION in name order; with `stop`, of the first `stop` of each half."""
        halves = self.halves if stop is None else [half[:stop] for half in self.halves]
        # A half that can match nobody (a search for a malformed number, a slice [:0]) is left
        # out: Django's union() hands back the other half itself, which can no longer be ordered.
        live = [half for half in halves if not isinstance(half, EmptyQuerySet)]
        if len(live) <= 1:
            return (live or halves)[0]  # each half is in order
        if stop is None:
            live = [half.order_by() for half in live]
        return live[0].union(*live[1:]).order_by("name", "pk")

    def count(self) -> int:
        return self._union().count()

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(self._union())

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, key: int) -> tuple[int, str]: ...
    @overload
    def __getitem__(self, key: slice) -> QuerySet: ...
    def __getitem__(self, key: int | slice) -> tuple[int, str] | QuerySet:
        if isinstance(key, int):
            if key < 0:
                raise IndexError("MergedHalves takes no negative index")
            return self[key : key + 1].get()
        if key.step is not None or key.stop is None:
            raise TypeError("MergedHalves takes a slice [start:stop] of a page")
        return self._union(key.stop)[key.start or 0 : key.stop]


def _filtered(user: User, queryset: QuerySet, filters: Filters) -> QuerySet:
    return queryset.filter(_where(user, filters))


def _where(user: User, filters: Filters) -> Q:
    """`filters` as one condition on the person's row (every term ANDed)."""
    where = Q()
    if filters.text.strip():
        where &= _text_filter(filters.text)
    if filters.organisation:
        where &= Q(registered_by=filters.organisation)
    if filters.target_group == TargetGroup.NEWLY_ARRIVED:
        where &= Q(newly_arrived=True)
    elif filters.target_group == TargetGroup.LONG_TERM_UNEMPLOYED and (
        participants_access.can_see_long_term_unemployment(user)
    ):
        where &= Q(long_term_unemployed=True)
    elif (
        filters.target_group == TargetGroup.INCOME_SUPPORT
        and participants_access.can_see_income_support(user)
    ):
        # A filter on a field the user may not see would reveal it: it is never applied.
        where &= Q(receives_income_support=True)
    if filters.coordinator:
        where &= Q(coordinator=filters.coordinator)
    if filters.status:
        where &= Q(status=filters.status)
    if filters.swedish_level:
        where &= Q(swedish_level=filters.swedish_level)
    if filters.licence:
        where &= Q(driving_licences__contains=[filters.licence])
    if filters.interest:
        where &= Q(interests=filters.interest)
    return where
