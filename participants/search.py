"""Finding participants: free text (name, personal identity number, phone) and filters.

Always applied to `participants.access.participants_for(user)`, so search, counts and the export
see exactly the participants the list shows.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, overload

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.query import EmptyQuerySet

from jobbspar.database import prepared
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


# The parts a number searched for can be, each a condition on the person's row.
_NUMBER_PARTS: dict[str, Callable[[str], Q]] = {
    "phone": lambda subscriber: Q(phone__contains=subscriber),
    "personal_number": lambda number: Q(personal_number=number),
    "born": lambda digits: Q(personal_number__startswith=digits),  # a date of birth YYYYMMDD
}
NUMBER = "number:"  # the name of a number's term: NUMBER and its parts, e.g. "number:phone+born"
NOTHING = "nothing"  # a number with no part to search for: nobody


def _number_term(text: str) -> tuple[str, Any]:
    """A number as a term: which parts it has in the term's name (a phone number, from four
    digits, without its prefix; a personal identity number, normalised; a date of birth), and
    their values, any of which may match. The parts decide the condition's form, so that the
    name is part of a search's kind (first_ids_found) and the values are values in it."""
    digits = re.sub(r"[^0-9]", "", text)
    subscriber = _subscriber_digits(digits)
    parts: list[tuple[str, str]] = []
    if len(subscriber) >= 4:
        parts.append(("phone", subscriber))
    if len(digits) in (10, 12):
        with contextlib.suppress(ValidationError):
            parts.append(("personal_number", normalise_personal_number(text)))
    elif len(digits) == 8:
        parts.append(("born", digits))
    if not parts:
        return NOTHING, None
    return NUMBER + "+".join(part for part, _value in parts), tuple(value for _part, value in parts)


def _number_filter(name: str, values: tuple[str, ...]) -> Q:
    query = Q()
    for part, value in zip(name.removeprefix(NUMBER).split("+"), values, strict=True):
        query |= _NUMBER_PARTS[part](value)
    return query


def search_participants(user: User, filters: Filters) -> QuerySet:
    """The participants `user` may see that match `filters`, ordered by name."""
    return _filtered(user, participants_access.participants_for(user), filters).order_by(
        "name", "id"
    )


def search_participant_ids(user: User, filters: Filters) -> QuerySet | MergedHalves:
    """(id, name) of the participants `user` may see that match `filters`, ordered by name: the
    same people as search_participants, from the two halves of the visibility rule (a UNION,
    each half read in name order), for the list's count and pages."""
    return _ids_meeting(user, _where(user, filters))


def _ids_meeting(user: User, where: Q) -> QuerySet | MergedHalves:
    halves = participants_access.participant_halves_for(user, where)
    if not halves:
        return participants_access.participants_for(user).values_list("pk", "name")
    return MergedHalves(halves)


def _whole_list_page(user: User, bounds: tuple[int, int]) -> QuerySet:
    """WholeList's builder: the rows [bottom:top] of the whole list."""
    bottom, top = bounds
    return search_participant_ids(user, Filters())[bottom:top]


class WholeList(prepared.Pages[tuple[int, str]]):
    """search_participant_ids(user, Filters()), the whole list, as a Paginator pages it: its
    first pages read by statements built once per kind of user and page (prepared.Pages),
    instead of building the visibility rule's halves and their UNION on every request (~1.3 ms
    of the list's ~13 nationally, issue 18). Its count is count_participants_for's, from the
    visibility id sets."""

    def __init__(self, user: User, per_page: int) -> None:
        super().__init__(
            _whole_list_page,
            user,
            per_page=per_page,
            count=functools.partial(participants_access.count_participants_for, user),
        )

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(search_participant_ids(self.user, Filters()))


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
    return _where_of(_terms(user, filters))


# Each term of a search as a condition on the person's row, from its value (None for a term
# that has none).
_TERMS: dict[str, Callable[[Any], Q]] = {
    NOTHING: lambda _: Q(pk__in=[]),
    "name": lambda text: Q(name__icontains=text),
    "organisation": lambda pk: Q(registered_by=pk),
    "newly_arrived": lambda _: Q(newly_arrived=True),
    "long_term_unemployed": lambda _: Q(long_term_unemployed=True),
    "income_support": lambda _: Q(receives_income_support=True),
    "coordinator": lambda pk: Q(coordinator=pk),
    "status": lambda status: Q(status=status),
    "swedish_level": lambda level: Q(swedish_level=level),
    "licence": lambda licence: Q(driving_licences__contains=[licence]),
    "interest": lambda pk: Q(interests=pk),
}


def _where_of(terms: Iterable[tuple[str, Any]]) -> Q:
    where = Q()
    for name, value in terms:
        where &= _number_filter(name, value) if name.startswith(NUMBER) else _TERMS[name](value)
    return where


def _terms(user: User, filters: Filters) -> list[tuple[str, Any]]:
    """The terms of `filters` that apply for `user`, with their values: names of _TERMS, or a
    number's term (NUMBER and its parts, _number_term)."""
    terms: list[tuple[str, Any]] = []
    text = filters.text.strip()
    if text:
        terms.append(_number_term(text) if _NUMBERISH.match(text) else ("name", text))
    if filters.organisation:
        terms.append(("organisation", filters.organisation))
    if filters.target_group == TargetGroup.NEWLY_ARRIVED:
        terms.append(("newly_arrived", None))
    elif filters.target_group == TargetGroup.LONG_TERM_UNEMPLOYED and (
        participants_access.can_see_long_term_unemployment(user)
    ):
        terms.append(("long_term_unemployed", None))
    elif (
        filters.target_group == TargetGroup.INCOME_SUPPORT
        and participants_access.can_see_income_support(user)
    ):
        # A filter on a field the user may not see would reveal it: it is never applied.
        terms.append(("income_support", None))
    for name in ("coordinator", "status", "swedish_level", "licence", "interest"):
        if value := getattr(filters, name):
            terms.append((name, value))
    return terms


def first_ids_found(user: User, filters: Filters, limit: int) -> list[tuple[int, str]]:
    """The first `limit` of search_participant_ids(user, filters). Read by a statement built
    once per kind of user and of search (which terms it has: a name, a status, a licence, …;
    prepared.py), instead of building the visibility rule's halves with the search's condition
    and their UNION on every request (issue 18). A number's parts (a phone number, a personal
    identity number, a date of birth) are in its term's name; a number with none finds nobody."""
    terms = _terms(user, filters)
    if any(name == NOTHING for name, _value in terms):
        return []
    names = prepared.Fixed(tuple([name for name, _value in terms]))
    values = tuple([value for _name, value in terms])
    return prepared.evaluate(_first_ids_found, user, names, values, prepared.Fixed(limit))


def _first_ids_found(
    user: User, names: tuple[str, ...], values: tuple[Any, ...], limit: int
) -> QuerySet:
    """first_ids_found's builder."""
    return _ids_meeting(user, _where_of(zip(names, values, strict=True)))[:limit]
