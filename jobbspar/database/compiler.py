"""PostgreSQL's SQL compilers, each marking the statement it executes as compiled by the ORM."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.backends.postgresql import compiler

from jobbspar.database import statements
from jobbspar.scoping import orm_statement


class _Marked:
    def execute_sql(self, *args: Any, **kwargs: Any) -> Any:
        with orm_statement():
            return super().execute_sql(*args, **kwargs)  # type: ignore[misc]


class _Written(_Marked):
    """An INSERT, UPDATE, DELETE or aggregate: never of a query holding markers (prepared.py)."""

    def execute_sql(self, *args: Any, **kwargs: Any) -> Any:
        if statements.MARKED in self.query.__dict__:  # type: ignore[attr-defined]
            raise statements.MarkersCompiled("a query holding markers was to be run")
        return super().execute_sql(*args, **kwargs)


def _as_django_compiles(select: compiler.SQLCompiler) -> tuple[str, tuple[Any, ...]]:
    sql, params = compiler.SQLCompiler.as_sql(select)
    return sql, tuple(params)


class SQLCompiler(_Marked, compiler.SQLCompiler):
    """A SELECT about to run takes its SQL from the statements compiled once per shape
    (jobbspar/database/statements.py); one compiled for any other use (a subquery, `str()`)
    is compiled as Django does."""

    _about_to_run = False

    def execute_sql(self, *args: Any, **kwargs: Any) -> Any:
        self._about_to_run = True
        return super().execute_sql(*args, **kwargs)

    def get_converters(self, expressions: Any) -> Any:
        return statements.converters_of(self, expressions, super().get_converters)

    def as_sql(self, with_limits: bool = True, with_col_aliases: bool = False) -> Any:
        if self._about_to_run and with_limits and not with_col_aliases and statements.ENABLED:
            self._about_to_run = False
            return statements.compiled(self, _as_django_compiles)
        if statements.MARKED in self.query.__dict__:
            raise statements.MarkersCompiled("a query holding markers was to be compiled")
        return super().as_sql(with_limits, with_col_aliases)


class SQLInsertCompiler(_Written, compiler.SQLInsertCompiler):
    pass


class SQLDeleteCompiler(_Written, compiler.SQLDeleteCompiler):
    pass


class SQLUpdateCompiler(_Written, compiler.SQLUpdateCompiler):
    pass


class SQLAggregateCompiler(_Written, compiler.SQLAggregateCompiler):
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
