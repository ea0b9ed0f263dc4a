"""Every page's SELECTs are taken from the statements compiled once per shape
(jobbspar/database/statements.py): a statement the cache cannot describe or learn is compiled by
Django on every request, silently (and a queryset built once per shape that is refused,
jobbspar/database/prepared.py, is built every time). Two were found only by profiling (a
duration in the steering page's track counts, a many-to-many field's through model on the start
page); the GET matrix (test_matrix.py) watches every URL it walks as every signed-in role with
this, and names any such statement.

What it sees is every SELECT that runs through the project's compiler (a union's parts and a
subquery are inside their statement's shape). An aggregate over a sliced or distinct queryset
is compiled by Django's aggregate compiler and is outside the cache, and so outside this watch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jobbspar.database import prepared, statements


class StatementWatch:
    """Starts from empty caches; `page(url)` around each request; `check()` after the walk."""

    def __init__(self, monkeypatch) -> None:
        assert statements.ENABLED
        statements.forget()
        prepared.forget()
        self.compiled_by_django: set[tuple[str, str]] = set()
        self.walked: dict[str, int] = {}
        self.not_learnt: list[tuple[str, str]] = []
        self.answered = 0
        self._url = ""
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
        known = set(statements._cache)
        yield
        self.not_learnt += [
            (url, entry)
            for key, entry in statements._cache.items()
            if key not in known and type(entry) is statements.NotCached
        ]

    def check(self) -> None:
        assert sorted(self.compiled_by_django) == []
        assert self.not_learnt == []
        # The querysets built once per shape (jobbspar/database/prepared.py) are: none is built
        # every time, for a reason found only by profiling.
        assert [
            (key[0].__name__, template)
            for key, template in prepared._kinds.items()
            if type(template) is prepared.Refused or not template.useful
        ] == []
        # The walk saw the pages' statements: each role opens pages of its own (the start page
        # and more), each page reads through the cache.
        assert self.answered >= 3
        assert sum(self.walked.values()) >= 3 * self.answered
        assert len(statements._cache) >= 10
