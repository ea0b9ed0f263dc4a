"""`reverse()` for the many links of a page, worked out once per URL name instead of per link.

Django's `reverse` walks the URL name's patterns, converts each argument, fills in the pattern and
checks the result against the pattern's regular expression: ~170 Python calls per link, and a
list of 25 tracks or employers has a link per row (~12 % of the page's work, issue 18). The
address of `tracks:track_detail` for track 7 differs from that for track 8 only in the number,
so `reverse_fast` reverses each URL name once with marker numbers, keeps the text around them,
and puts the numbers in. Only non-negative integers take this path (the ids in our links); any
other argument, keyword arguments, or a name whose address does not come back the same with a
second set of markers and with small ids (0 and 7–10) are reversed by Django each time.

The parts are kept on the URL resolver, which Django replaces whenever the URL configuration
changes (`clear_url_caches`), and under the script prefix, so a deployment under a sub-path or
a test with another URLconf never gets a stale address. Tested against `reverse` for every URL
name of the project (tests/jobbspar/test_fast_urls.py). `{% url %}` in every template takes it
(jobbspar/templatetags/fast_url.py, a template builtin).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse

# Distinct numbers of one length (so none is a part of another), far above any id.
_MARKERS = (9_107_300_001, 9_107_300_002, 9_107_300_003, 9_107_300_004)
_CHECK = (9_207_400_011, 9_207_400_012, 9_207_400_013, 9_207_400_014)
_SMALL = (7, 8, 9, 10)
_ATTRIBUTE = "_jobbspar_fast_url_parts"
_NOT_FAST = ()  # cached for a name whose address cannot be filled in


def _fill(parts: tuple[str, ...], args: Sequence[int]) -> str:
    pieces = [parts[0]]
    for value, after in zip(args, parts[1:], strict=True):
        pieces.append(str(value))
        pieces.append(after)
    return "".join(pieces)


def _parts(viewname: str, count: int, current_app: str | None) -> tuple[str, ...]:
    """The address of `viewname` with `count` integer arguments, split where they go."""
    try:
        marked = reverse(viewname, args=_MARKERS[:count], current_app=current_app)
        checked = reverse(viewname, args=_CHECK[:count], current_app=current_app)
    except NoReverseMatch:  # also a converter refusing the number (Django tries the next)
        return _NOT_FAST
    parts = []
    rest = marked
    for marker in _MARKERS[:count]:
        before, found, rest = rest.partition(str(marker))
        if not found:
            return _NOT_FAST
        parts.append(before)
    parts.append(rest)
    if _fill(tuple(parts), _CHECK[:count]) != checked:
        return _NOT_FAST
    # Small ids too: a pattern or converter that took the long markers might refuse or pad
    # these (none of ours does; tested for every URL name).
    for small in ((0,) * count, _SMALL[:count]):
        try:
            if reverse(viewname, args=small, current_app=current_app) != _fill(tuple(parts), small):
                return _NOT_FAST
        except NoReverseMatch:
            return _NOT_FAST
    return tuple(parts)


def reverse_fast(viewname: str, args: Sequence[Any] = (), current_app: str | None = None) -> str:
    """`reverse(viewname, args=args, current_app=current_app)`, the same address, faster for
    the integer arguments of links (raises NoReverseMatch as `reverse` does)."""
    if len(args) > len(_MARKERS) or not all(type(a) is int and a >= 0 for a in args):
        return reverse(viewname, args=args, current_app=current_app)
    resolver = get_resolver(get_urlconf())
    cache: dict[tuple[Any, ...], tuple[str, ...]] = resolver.__dict__.setdefault(_ATTRIBUTE, {})
    key = (viewname, len(args), get_script_prefix(), current_app)
    parts = cache.get(key)
    if parts is None:
        parts = cache[key] = _parts(viewname, len(args), current_app)
    if not parts:
        return reverse(viewname, args=args, current_app=current_app)
    return _fill(parts, args)
