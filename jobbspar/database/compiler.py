"""PostgreSQL's SQL compilers, each marking the statement it executes as compiled by the ORM."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.backends.postgresql import compiler

from jobbspar.scoping import orm_statement


class _Marked:
    def execute_sql(self, *args: Any, **kwargs: Any) -> Any:
        with orm_statement():
            return super().execute_sql(*args, **kwargs)  # type: ignore[misc]


class SQLCompiler(_Marked, compiler.SQLCompiler):
    pass


class SQLInsertCompiler(_Marked, compiler.SQLInsertCompiler):
    pass


class SQLDeleteCompiler(_Marked, compiler.SQLDeleteCompiler):
    pass


class SQLUpdateCompiler(_Marked, compiler.SQLUpdateCompiler):
    pass


class SQLAggregateCompiler(_Marked, compiler.SQLAggregateCompiler):
    pass


def mark_statements_of(*compilers: type) -> None:
    """For a library whose queries swap in a compiler of its own (a subclass of Django's, not of
    ours): its statements are compiled by the ORM too, so they get the same mark. django-pghistory
    does this for its event queries (JobbsparConfig.ready names them)."""
    for cls in compilers:
        original: Callable[..., Any] = cls.execute_sql  # type: ignore[attr-defined]
        if getattr(original, "_marks_orm_statement", False):
            continue

        @wraps(original)
        def execute_sql(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with orm_statement():
                return _original(self, *args, **kwargs)

        execute_sql._marks_orm_statement = True  # type: ignore[attr-defined]
        cls.execute_sql = execute_sql  # type: ignore[attr-defined]
