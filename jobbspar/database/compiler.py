"""PostgreSQL's SQL compilers, each marking the statement it executes as compiled by the ORM."""

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
