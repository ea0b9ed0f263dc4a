"""Every page's SELECTs are taken from the statements compiled once per shape
(jobbspar/database/statements.py): a statement the cache cannot describe or learn is compiled by
Django on every request, silently (and a queryset built once per shape that is refused,
jobbspar/database/prepared.py, is built every time). Two were found only by profiling (a
duration in the steering page's track counts, a many-to-many field's through model on the start
page); the GET matrix (test_matrix.py) watches every URL it walks as every signed-in role with
this, and names any such statement.

The watch keeps both caches as they are, so the matrix's walk also takes statements and
querysets learnt by earlier roles and tests (each compared, under VERIFY, with Django's own for
this role's values). It sees each shape the walk looks up or learns: one kept as "compiled by
Django every time" is named whether it was learnt now or before.

What it sees is every SELECT that runs through the project's compiler (a union's parts and a
subquery are inside their statement's shape). An aggregate over a sliced or distinct queryset
is compiled by Django's aggregate compiler and is outside the cache, and so outside this watch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jobbspar.database import prepared, statements


class _Seen(dict):
    """A cache that records the keys looked up or stored in it (a copy of the module's; the
    module's own is put back when the test ends)."""

    def __init__(self, entries: dict, seen: set) -> None:
        super().__init__(entries)
        self.seen = seen

    def get(self, key: Any, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.seen.add(key)
        super().__setitem__(key, value)


class StatementWatch:
    """`page(url)` around each request; `check()` after the walk."""

    def __init__(self, monkeypatch) -> None:
        assert statements.ENABLED
        self.compiled_by_django: set[tuple[str, str]] = set()
        self.walked: dict[str, int] = {}
        self.not_cached: list[tuple[str, str]] = []
        self.answered = 0
        self._url = ""
        self._shapes: set[Any] = set()  # this page's
        self.shapes: set[Any] = set()  # the walk's
        self._kinds: set[Any] = set()
        monkeypatch.setattr(statements, "_cache", _Seen(statements._cache, self._shapes))
        monkeypatch.setattr(prepared, "_kinds", _Seen(prepared._kinds, self._kinds))
        real = statements.compiled

        def compiled(compiler, compile_):
            self.walked[self._url] = self.walked.get(self._url, 0) + 1
            if statements.PREPARED in compiler.query.__dict__:
                return real(compiler, compile_)  # a template's clone: its shape is known (below)
            try:
                statements._Walk(record=False).of(compiler.query)
            except Exception as error:
                self.compiled_by_django.add(
                    (self._url, f"{compiler.query.model.__name__}: {error!r}")
                )
            return real(compiler, compile_)

        monkeypatch.setattr(statements, "compiled", compiled)

    @contextmanager
    def page(self, url: str) -> Iterator[None]:
        self._url = url
        self._shapes.clear()
        yield
        cache = statements._cache
        self.not_cached += [
            (url, entry)
            for key in self._shapes
            if type(entry := dict.get(cache, key)) is statements.NotCached
        ]
        self.shapes |= self._shapes

    def check(self) -> None:
        assert sorted(self.compiled_by_django) == []
        assert self.not_cached == []
        # The querysets built once per shape (jobbspar/database/prepared.py) that the walk
        # used: none is built every time, for a reason found only by profiling.
        kinds = prepared._kinds
        assert [
            (key[0].__name__, kinds[key])
            for key in self._kinds
            if key in kinds and (type(kinds[key]) is prepared.Refused or not kinds[key].useful)
        ] == []
        # The walk saw the pages' statements: each role opens pages of its own (the start page
        # and more), each page reads through the cache.
        assert self.answered >= 3
        assert sum(self.walked.values()) >= 3 * self.answered
        assert len(self.shapes) >= 10
