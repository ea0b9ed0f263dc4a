"""A column's identity worked out without `inspect`.

Django compares and hashes expressions by their `identity`: the class and the arguments it was
made with, bound to the constructor's signature by `inspect.Signature.bind_partial`. The SQL
compiler hashes every selected column when the statement has an ORDER BY (to order by a
selected column's position), so a statement with `select_related` binds each joined column's
arguments once per compilation: ~25 Python calls each, a sixth of compiling a participant
page's statements (issue 18). A column (`Col`) is made with at most `alias`, `target` and
`output_field`, so its identity can be written from them directly.

`install()` (JobbsparConfig.ready) gives `Col` this identity. It is the same tuple Django's
makes, for every way a column is made (tested against Django's own for every model field, by
position and by keyword, with and without an output field, relabelled); a subclass of `Col`
keeps Django's.
"""

from __future__ import annotations

from typing import Any

from django.db.models.expressions import Col, Expression
from django.utils.functional import cached_property

_PARAMETERS = ("alias", "target", "output_field")
_django_identity = Expression.__dict__["identity"]


def column_identity(column: Col) -> tuple[Any, ...]:
    """`column.identity` as Django's Expression.identity computes it."""
    if type(column) is not Col:
        return _django_identity.func(column)
    args, kwargs = column._constructor_args  # type: ignore[attr-defined]
    if len(args) > len(_PARAMETERS) or not set(kwargs) <= set(_PARAMETERS[len(args) :]):
        return _django_identity.func(column)  # not a call Col accepts: let Django say so
    bound = dict(zip(_PARAMETERS, args, strict=False))
    bound.update(kwargs)
    if "alias" not in bound or "target" not in bound:
        return _django_identity.func(column)
    as_identity = Expression._identity  # type: ignore[attr-defined]
    return (
        Col,
        ("alias", as_identity(bound["alias"])),
        ("target", as_identity(bound["target"])),
        ("output_field", as_identity(bound.get("output_field"))),
    )


def install() -> None:
    if isinstance(Col.__dict__.get("identity"), cached_property):
        return
    identity = cached_property(column_identity)
    identity.__set_name__(Col, "identity")
    setattr(Col, "identity", identity)  # noqa: B010 - replaces Django's cached property
