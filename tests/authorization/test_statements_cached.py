"""Every page's SELECTs are taken from the statements compiled once per shape
(jobbspar/database/statements.py): a statement the cache cannot describe or learn is compiled by
Django on every request, silently (and a queryset built once per shape that is refused,
jobbspar/database/prepared.py, is built every time). Two were found only by profiling (a
duration in the steering page's track counts, a many-to-many field's through model on the start
page); this walks every URL of the authorization matrix as every signed-in role and names any
such statement.

What it sees is every SELECT that runs through the project's compiler (a union's parts and a
subquery are inside their statement's shape). An aggregate over a sliced or distinct queryset
is compiled by Django's aggregate compiler and is outside the cache, and so outside this test."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobbspar.database import prepared, statements
from jobbspar.models import Role
from tests.authorization.matrix import MATRIX
from tests.authorization.runner import _client_for


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_pages_statements_are_taken_from_the_cache(client, world, role, monkeypatch):
    assert statements.ENABLED
    statements.forget()
    prepared.forget()
    compiled_by_django: set[tuple[str, str]] = set()
    walked: dict[str, int] = {}
    real = statements.compiled
    url = ""

    def compiled(compiler, compile_):
        walked[url] = walked.get(url, 0) + 1
        if statements.PREPARED in compiler.query.__dict__:
            return real(compiler, compile_)  # a template's clone: its shape is known (below)
        try:
            statements._Walk(record=False).of(compiler.query)
        except Exception as error:
            compiled_by_django.add((url, f"{compiler.query.model.__name__}: {error!r}"))
        return real(compiler, compile_)

    monkeypatch.setattr(statements, "compiled", compiled)
    not_learnt: list[tuple[str, str]] = []
    answered = 0
    for name, row in MATRIX.items():
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        known = set(statements._cache)
        response = _client_for(client, world["personas"], role).get(url)
        client.logout()
        assert response.status_code < 500, url
        answered += response.status_code == 200
        not_learnt += [
            (url, entry)
            for key, entry in statements._cache.items()
            if key not in known and type(entry) is statements.NotCached
        ]
    assert sorted(compiled_by_django) == []
    assert not_learnt == []
    # The querysets built once per shape (jobbspar/database/prepared.py) are: none is built
    # every time, for a reason found only by profiling.
    assert [
        (key[0].__name__, template)
        for key, template in prepared._kinds.items()
        if type(template) is prepared.Refused or not template.useful
    ] == []
    # The walk saw the pages' statements: each role opens pages of its own (the start page and
    # more), each page reads through the cache.
    assert answered >= 3
    assert sum(walked.values()) >= 3 * answered
    assert len(statements._cache) >= 10
