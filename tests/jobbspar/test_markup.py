"""jobbspar.markup: the helpers views write repeated rows with (issue 18)."""

import pytest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, override

from jobbspar.markup import joined, sentence


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
