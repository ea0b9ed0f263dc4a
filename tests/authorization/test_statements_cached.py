"""Every page's SELECTs are taken from the statements compiled once per shape
(jobbspar/database/statements.py): a statement the cache cannot describe or learn is compiled by
Django on every request, silently. Two were found only by profiling (a duration in the steering
page's track counts, a many-to-many field's through model on the start page); this walks every
URL of the matrix as every signed-in role and names any such statement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobbspar.database import statements
from jobbspar.models import Role
from tests.authorization.matrix import MATRIX
from tests.authorization.runner import _client_for


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_pages_statements_are_taken_from_the_cache(client, world, role, monkeypatch):
    statements.forget()
    compiled_by_django: set[tuple[str, str]] = set()
    real = statements.compiled
    url = ""

    def compiled(compiler, compile_):
        try:
            statements._Walk(record=False).of(compiler.query)
        except Exception as error:
            compiled_by_django.add((url, f"{compiler.query.model.__name__}: {error!r}"))
        return real(compiler, compile_)

    monkeypatch.setattr(statements, "compiled", compiled)
    not_learnt: list[tuple[str, str]] = []
    for name, row in MATRIX.items():
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        known = set(statements._cache)
        _client_for(client, world["personas"], role).get(url)
        client.logout()
        not_learnt += [
            (url, entry)
            for key, entry in statements._cache.items()
            if key not in known and type(entry) is statements.NotCached
        ]
    assert sorted(compiled_by_django) == []
    assert not_learnt == []
