"""Writing a page's repeated parts (a list's rows, the board's cards) in Python (issue 18).

A row drawn node by node in a template costs ~20 Python calls per `{{ }}` and ~100 per
`{% blocktranslate %}`; 25 rows of 15 nodes were a third of a list page. Where a page repeats a
part per person, its view writes the part with format_html (every value escaped) and these
helpers, and the template draws the ready rows. The sentences use the templates' own msgids, so
the Swedish catalogue holds each once.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe


def sentence(translated: str, **values: Any) -> SafeString:
    """A translated sentence (`gettext(...)` at the call, so makemessages finds it) with its
    values escaped into it, as `{% blocktranslate %}` does: the translation is markup the
    catalogue trusts (it may hold a visually-hidden span); the values are not."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(translated % escaped)  # noqa: S308  # the values are escaped above


def joined(parts: list[SafeString]) -> SafeString:
    """Parts that are each safe (format_html's output, a sentence, or fixed markup written as
    SafeString), as one; a plain string among them is refused rather than passed unescaped."""
    for part in parts:
        if not isinstance(part, SafeData):
            raise TypeError(f"not marked safe: {part[:40]!r}")
    return mark_safe("".join(parts))  # noqa: S308  # each part is safe on its own
