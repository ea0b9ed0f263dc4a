"""The page frame's fixed parts (templates/base.html), built once per key and reused (issue 18).

Every signed-in page draws the same frame: head, menu, language switch, idle warning, footer.
Rendered node by node it was 1.5–2 ms of each page (`{% static %}`, `{% url %}`, `{% translate %}`
and the menu's loop), for HTML that is the same on every page but for a few values.

`{% frame_cache a b|as_bool %}…{% endframe_cache %}` renders its contents once per key: the current
language, script prefix, URL configuration and autoescaping, and the values of the context
variables it names (a filter may narrow a value, as `as_bool` does to a yes or no); it keeps the
HTML in process memory. It is built from a context that holds those named values only, so it
cannot show anything else of the request or of the person: a variable it forgot to name comes out
empty, and the tests that compare the frame with and without the cache for every role and
language fail (tests/jobbspar/test_frame_cache.py). Keys must be plain data (text, numbers, lists
and dicts of them); no model instance, so nothing per person can become a key.

`{% per_request %}…{% endper_request %}` inside it marks what is rendered anew on every request
from the page's full context: CSRF tokens and the CSP nonce (never cached), the person's name, the
unread count, the page's own address, the messages.

With settings.FRAME_CACHE off, or outside a `frame_cache`, both tags are transparent: their
contents render in place, as the same template without them would.
"""

from __future__ import annotations

import weakref
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.base import FilterExpression, Node, NodeList, Parser, Token, Variable
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.functional import LazyObject, Promise, empty
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# The build context's list of the per-request parts met; a space keeps it from any template name.
_HOLES = "frame holes"
_MARK = "\x00"
# Keys are few (languages × menus × a few yes/no values); past this a fragment is not stored.
MAX_KEYS_PER_FRAGMENT = 1000

_fragments: weakref.WeakSet[FrameCacheNode] = weakref.WeakSet()
builds = 0  # how many fragments were built (for the tests: once per key)


@register.filter
def as_bool(value: Any) -> bool:
    return bool(value)


_SCALARS = frozenset({str, SafeString, int, float, bool, type(None)})


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a key value, with its type (a safe string renders unescaped); only
    plain data is accepted."""
    if isinstance(value, LazyObject):  # the menu's links (jobbspar.context_processors)
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if isinstance(value, Promise):
        return (Promise, str(value))
    if isinstance(value, dict):
        return (dict, tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (kind, tuple(_frozen(item) for item in value))
    raise TypeError(f"a frame_cache key must be plain data, not {kind.__name__}")


class PerRequestNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        holes = context.get(_HOLES)
        if holes is None:
            return self.nodelist.render(context)
        holes.append(self)
        return f"{_MARK}{len(holes) - 1}{_MARK}"


class FrameCacheNode(Node):
    # Not searched by `get_nodes_by_type`: `{% extends %}` looks for the blocks through the whole
    # parent on every render, and a fragment holds none (`frame_cache` refuses them).
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, keys: dict[str, FilterExpression]) -> None:
        self.nodelist = nodelist
        self.keys = keys
        self.built: dict[tuple[Any, ...], tuple[list[str], list[PerRequestNode]]] = {}
        _fragments.add(self)

    def render(self, context: Context) -> str:
        if not settings.FRAME_CACHE:
            return self.nodelist.render(context)
        values = {name: expression.resolve(context) for name, expression in self.keys.items()}
        key = (
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            context.autoescape,
            *(_frozen(v) for v in values.values()),
        )
        built = self.built.get(key)
        if built is None:
            built = self._build(context, values)
            if built is None:  # the contents do not split into fixed and per-request parts
                return self.nodelist.render(context)
            if len(self.built) < MAX_KEYS_PER_FRAGMENT:
                self.built[key] = built
        texts, holes = built
        out = [texts[0]]
        for hole, text in zip(holes, texts[1:], strict=True):
            out.append(hole.nodelist.render(context))
            out.append(text)
        return SafeString("".join(out))

    def _build(
        self, context: Context, values: dict[str, Any]
    ) -> tuple[list[str], list[PerRequestNode]] | None:
        global builds
        builds += 1
        holes: list[PerRequestNode] = []
        # A context of the same kind (autoescape, template, engine) holding only the key's values.
        html = self.nodelist.render(context.new({**values, _HOLES: holes}))
        pieces = html.split(_MARK)
        indexes = pieces[1::2]
        if len(pieces) % 2 != 1 or not all(i.isdigit() and int(i) < len(holes) for i in indexes):
            return None
        return pieces[0::2], [holes[int(index)] for index in indexes]


@register.tag
def per_request(parser: Parser, token: Token) -> PerRequestNode:
    nodelist = parser.parse(("endper_request",))
    parser.delete_first_token()
    return PerRequestNode(nodelist)


@register.tag
def frame_cache(parser: Parser, token: Token) -> FrameCacheNode:
    keys: dict[str, FilterExpression] = {}
    for bit in token.split_contents()[1:]:
        expression = parser.compile_filter(bit)
        lookups = expression.var.lookups if isinstance(expression.var, Variable) else None
        if lookups is None or len(lookups) != 1:
            raise template.TemplateSyntaxError(
                f"frame_cache keys are context variables by name, optionally filtered: {bit!r}"
            )
        keys[lookups[0]] = expression
    nodelist = parser.parse(("endframe_cache",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("a frame_cache fragment cannot hold a {% block %}")
    return FrameCacheNode(nodelist, keys)


def clear() -> None:
    for fragment in list(_fragments):
        fragment.built.clear()


def _clear_on_setting_change(**kwargs: Any) -> None:
    # Static addresses, demo mode, timeouts and the languages are settings; tests change them.
    clear()


setting_changed.connect(_clear_on_setting_change)
