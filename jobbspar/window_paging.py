"""A page and the number of rows in one query: COUNT(*) OVER () next to the page's rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "window_total"
BIGINT = 2**63 - 1


def with_total(queryset: QuerySet) -> QuerySet:
    """`queryset` with each row carrying the number of rows (COUNT(*) OVER ())."""
    return queryset.annotate(**{TOTAL: Window(Count("*"))})


class WindowCountPaginator(Paginator):
    """For a ranked queryset whose page costs as much as its count: to rank, the database reads
    every matching row anyway, so the page's rows carry the total (COUNT(*) OVER ()) and the
    separate COUNT(*), a second pass over the same rows, is not run. Only a page past the end
    (no rows, so no total) counts separately, and then shows the last page, as Paginator does.
    The count stays exact: the page says how many there are, and that none pass when none do.

    `queryset` may be a function that builds it: then it is built only for a page past the end,
    and `page_rows(bottom, top)` gives a page's rows with the total (as `with_total(queryset)
    [bottom:top]` would; candidate matching takes them from a statement built once,
    jobbspar/database/prepared.py)."""

    def __init__(
        self,
        queryset: QuerySet | Callable[[], QuerySet],
        per_page: int,
        page_rows: Callable[[int, int], list[Any]] | None = None,
    ) -> None:
        self._build = None if isinstance(queryset, QuerySet) else queryset
        super().__init__(queryset, per_page)  # type: ignore[arg-type]  # built when asked for
        self.page_rows = page_rows or (
            lambda bottom, top: list(with_total(self.queryset)[bottom:top])
        )

    @property
    def queryset(self) -> QuerySet:
        return self.object_list

    @property
    def object_list(self) -> Any:
        if self._build is not None:
            self._object_list = self._build()
            self._build = None
        return self._object_list

    @object_list.setter
    def object_list(self, value: Any) -> None:
        self._object_list = value

    def _check_object_list_is_ordered(self) -> None:
        if self._build is None:  # a queryset built later is ordered by its builder
            super()._check_object_list_is_ordered()  # type: ignore[misc]  # Paginator's own

    def get_page(self, number: Any) -> Page:
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        bottom = (wanted - 1) * self.per_page
        if bottom + self.per_page > BIGINT:  # no such page, and no such OFFSET in SQL
            return super().get_page(number)
        rows = self.page_rows(bottom, bottom + self.per_page)
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL)  # Paginator.count is cached
            return Page(rows, wanted, self)
        if wanted == 1:
            self.__dict__["count"] = 0
            return Page(rows, 1, self)
        return super().get_page(number)
