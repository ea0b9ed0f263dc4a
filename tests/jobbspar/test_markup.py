"""jobbspar.markup: the helpers views write repeated rows with (issue 18)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.html import conditional_escape
from django.utils.html import format_html as djangos_format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, override

from jobbspar.markup import escaped, format_html, joined, sentence
from jobbspar.vocabulary import SwedishLevel
from participants.models.consent import ConsentMethod


def test_a_sentence_escapes_its_values_and_keeps_the_translations_markup():
    with override("sv"):
        text = sentence(
            gettext('Choose <span class="visually-hidden">%(name)s</span>'), name="<b>&"
        )
    assert text == 'Välj <span class="visually-hidden">&lt;b&gt;&amp;</span>'
    assert isinstance(text, SafeString)
    # A value already safe stays as it is (as in a template).
    assert sentence("%(x)s", x=mark_safe("<i>ok</i>")) == "<i>ok</i>"


def test_joined_refuses_a_part_not_marked_safe():
    assert joined([format_html("<p>{}</p>", "<x>"), SafeString("<br>")]) == "<p>&lt;x&gt;</p><br>"
    with pytest.raises(TypeError):
        joined([SafeString("<p>"), "<script>alert(1)</script>"])  # type: ignore[list-item]


class _Html:
    def __html__(self):
        return "<em>ready</em>"


class _OwnText(str):
    def __str__(self):
        return "<other & text>"


VALUES = [
    "",
    "plain",
    '<b class="x">&\'</b>',
    "&amp; already an entity",
    "å ä ö € \u2042 \x00 \n",
    mark_safe("<i>ok</i>"),
    SafeString("<x>"),
    gettext_lazy("Yes"),
    gettext_lazy("Choose %(name)s"),
    0,
    -12,
    2**70,
    True,
    False,
    None,
    1.5,
    Decimal("1.20"),
    dt.date(2026, 1, 2),
    dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    _Html(),
    _OwnText("<a>"),
    next(iter(ConsentMethod)),
    next(iter(SwedishLevel)),
    ["<list>", 1],
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_format_html_writes_what_djangos_writes_for_every_kind_of_value(language):
    """The commonest values are escaped in one step; the result is Django's, character for
    character, and marked safe."""
    with override(language):
        for value in VALUES:
            assert escaped(value) == conditional_escape(value), value
            for template, args, kwargs in (
                ("<p>{}</p>", (value,), {}),
                ('<a title="{v}">{v}</a>', (), {"v": value}),
                ("{} and {w}", (value, "<&>"), {"w": value}),
            ):
                ours = format_html(template, *args, **kwargs)
                assert ours == djangos_format_html(template, *args, **kwargs), value
                assert type(ours) is SafeString


def test_format_html_wants_values():
    with pytest.raises(TypeError):
        format_html("<p>nothing to fill in</p>")


def test_a_sentence_escapes_every_kind_of_value_as_a_template_does():
    for value in VALUES:
        assert sentence("<p>%(x)s</p>", x=value) == f"<p>{conditional_escape(value)}</p>"
