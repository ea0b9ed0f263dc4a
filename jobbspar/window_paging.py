"""A page and the number of rows in one query: COUNT(*) OVER () next to the page's rows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "window_total"
BIGINT = 2**63 - 1


class WindowCountPaginator(Paginator):
    """For a ranked queryset whose page costs as much as its count: to rank, the database reads
    every matching row anyway, so the page's rows carry the total (COUNT(*) OVER ()) and the
    separate COUNT(*), a second pass over the same rows, is not run. Only a page past the end
    (no rows, so no total) counts separately, and then shows the last page, as Paginator does.
    The count stays exact: the page says how many there are, and that none pass when none do."""

    def __init__(self, queryset: QuerySet, per_page: int) -> None:
        super().__init__(queryset, per_page)
        self.queryset = queryset

    def get_page(self, number: Any) -> Page:
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        bottom = (wanted - 1) * self.per_page
        if bottom + self.per_page > BIGINT:  # no such page, and no such OFFSET in SQL
            return super().get_page(number)
        counted = self.queryset.annotate(**{TOTAL: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL)  # Paginator.count is cached
            return Page(rows, wanted, self)
        if wanted == 1:
            self.__dict__["count"] = 0
            return Page(rows, 1, self)
        return super().get_page(number)
