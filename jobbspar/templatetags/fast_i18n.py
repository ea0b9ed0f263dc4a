"""Django's `{% translate %}` with a constant string drawn once per language.

`install()` (from JobbsparConfig.ready) puts `do_translate` in the place of Django's `translate`
and `trans` tags in Django's `i18n` library, so `{% load i18n %}` in every template, ours and the
libraries', gets it; every other tag and filter stays Django's. (Registering a library of our
own under the name `i18n` works too, but Django's system check rightly warns about two modules
of one name.) A `{% translate %}` of a string literal, with at most a literal `context` and no
filters, keeps what it drew per language and autoescaping; anything else is Django's node.
Django's tag looks up the catalogue, escapes and restores percent signs on every render: ~50
Python calls each, and a participant page has 83 of them (issue 18). The text is the same
(tested against Django's tag in both languages, escaped and not, with context, `noop` and `as`).

What a node keeps is dropped when the translations can change: a change of LANGUAGES,
LANGUAGE_CODE or LOCALE_PATHS (as Django drops its own catalogues; tests) or of a `.mo` file
under the development server's autoreloader.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import FilterExpression, Variable, render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

_generations = itertools.count()
_generation = next(_generations)


def _translations_changed() -> None:
    global _generation
    _generation = next(_generations)


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _translations_changed()


def _on_file_changed(*, file_path: Path, **kwargs: Any) -> None:
    if Path(file_path).suffix == ".mo":
        _translations_changed()


setting_changed.connect(_on_setting_changed, dispatch_uid="jobbspar.fast_i18n.settings")
file_changed.connect(_on_file_changed, dispatch_uid="jobbspar.fast_i18n.files")


def _constant(expression: FilterExpression | None) -> bool:
    """No expression, or a string literal without filters: Django's FilterExpression keeps a
    literal as the string itself (a `context "…"`), TranslateNode wraps its message in a
    Variable whose `literal` is the string."""
    if expression is None:
        return True
    if expression.filters:
        return False
    var = expression.var
    return isinstance(var, str) or (isinstance(var, Variable) and isinstance(var.literal, str))


class ConstantTranslateNode(django_i18n.TranslateNode):
    """`{% translate "literal" %}`: Django's TranslateNode, drawn once per language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drawn: dict[tuple[int, str | None, bool], str] = {}

    def render(self, context: Any) -> str:
        key = (_generation, get_language(), bool(context.autoescape))
        value = self.drawn.get(key)
        if value is None:
            value = self.drawn[key] = self._draw(context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _draw(self, context: Any) -> str:
        # TranslateNode.render's steps, without storing into the context.
        self.filter_expression.var.translate = not self.noop
        if self.message_context:
            self.filter_expression.var.message_context = self.message_context.resolve(context)
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")
        return mark_safe(value) if is_safe else value  # noqa: S308 - as Django's tag does


def do_translate(parser: Any, token: Any) -> template.Node:
    node = django_i18n.do_translate(parser, token)
    if _constant(node.filter_expression) and _constant(node.message_context):
        return ConstantTranslateNode(
            node.filter_expression, node.noop, node.asvar, node.message_context
        )
    return node


def install() -> None:
    """Make `{% translate %}` and `{% trans %}` of Django's i18n library this module's."""
    django_i18n.register.tags["translate"] = do_translate
    django_i18n.register.tags["trans"] = do_translate
