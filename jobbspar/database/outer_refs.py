"""An outer reference's column, flagged on a copy (issue 18).

Django resolves `OuterRef("start_date")` to the outer query's column and flags it with whether
the path crossed a relation (`possibly_multivalued`, read when a subquery is grouped by). When
the outer query names the table by its own name, that column is the field's one shared `Col`
(`Field.cached_col`): the flag is set on the object every query of that column uses, and flips
as subqueries of either kind are built (`OuterRef("track__start_date")` sets it, then
`OuterRef("start_date")` clears it). Then two builds of the same queryset may differ in a flag
that no SQL of theirs reads, and the same query is described (statements.py) as two: a
statement compiled twice, a query built once refused on a spot check (prepared.py). Here the
flag goes on a copy of the column; nothing shared changes.
"""

from __future__ import annotations

from typing import Any

import django
from django.core.exceptions import ImproperlyConfigured
from django.db import NotSupportedError
from django.db.models import F
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import ResolvedOuterRef


def _resolve_expression(self: Any, *args: Any, **kwargs: Any) -> Any:
    # Django 5.2's ResolvedOuterRef.resolve_expression, but with `col.copy()`.
    col: Any = F.resolve_expression(self, *args, **kwargs)
    if col.contains_over_clause:
        raise NotSupportedError(
            f"Referencing outer query window expression is not supported: {self.name}."
        )
    col = col.copy()
    col.possibly_multivalued = LOOKUP_SEP in self.name
    return col


def install() -> None:
    # Written after Django 5.2's method: a Django of another series may have changed it.
    if django.VERSION[:2] != (5, 2):
        raise ImproperlyConfigured(
            f"jobbspar/database/outer_refs.py replaces Django 5.2's ResolvedOuterRef method; "
            f"check it against Django {django.get_version()}'s and update it."
        )
    ResolvedOuterRef.resolve_expression = _resolve_expression  # type: ignore[method-assign]
