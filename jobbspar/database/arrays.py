"""`column = ANY(array)`: a set of values as one array, not one parameter each.

`path__in=[…]` writes `IN (%s, %s, …)`: each value is prepared by the field, walked by the
statement cache, bound and dumped on its own, and a statement with more than 50 values is split
again into its placeholders on every run (psycopg keeps no converted text for it). A list of a
few hundred ids (the steering page's tracks with costs in a year) was ~10 % of the page (issue
18). `among(path, ids)` is true for the same rows, with one parameter for the whole list.

A builder built once per kind of call (prepared.py) takes its ids as `id_array(ids)`, one text
value, and filters with `among_array(path, text)`: a list would be a value per id, and the kind
of call (the number of ids and each one's integer size) would differ from page to page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, Lookup, Value
from django.db.models.functions import Cast


class InArray(Lookup):
    """`lhs = ANY(rhs)` for an array expression (an ArraySubquery, an array value): true for the
    same rows as `lhs IN (…)`; a subquery's array is computed once instead of joining its
    table."""

    lookup_name = "in_array"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def among(path: str, ids: Iterable[int]) -> InArray:
    """The rows whose integer column `path` (a key) is one of `ids`: `path__in=ids`, with the
    ids as one array parameter. No ids: no rows."""
    return InArray(F(path), Value(list(ids), output_field=ArrayField(BigIntegerField())))


def id_array(ids: Iterable[int]) -> str:
    """`ids` as PostgreSQL's text of an integer array (`{1,2,3}`), one value for a builder."""
    return "{" + ",".join([str(int(pk)) for pk in ids]) + "}"


def among_array(path: str, ids: str) -> InArray:
    """among(path, …) for ids given as id_array's text: cast to an array by the database, so
    the statement binds one text value whatever the number of ids."""
    return InArray(F(path), Cast(Value(ids), output_field=ArrayField(BigIntegerField())))
