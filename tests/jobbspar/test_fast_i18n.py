"""`{% load i18n %}` gives Django's library with constant `{% translate %}` drawn once per
language (jobbspar/templatetags/fast_i18n.py): the same text as Django's tag, every time."""

import pytest
from django.core.signals import setting_changed
from django.template import Context, Template, engines
from django.templatetags.i18n import TranslateNode
from django.test import override_settings
from django.utils import translation

from jobbspar.templatetags.fast_i18n import ConstantTranslateNode

CASES = [
    '{% translate "Tracks" %}',
    "{% trans 'Participants' %}",
    '{% translate "Save" noop %}',
    '{% translate "May" context "month name" %}',
    '{% translate "Tracks" as heading %}[{{ heading }}]',
    '{% translate "Rock & roll <b>100%%</b>" %}',
    '{% translate "Not in the catalogue: 50%% & <i>more</i>" %}',
]


def _engine():
    return engines["django"].engine


def _render_with_djangos(source, context):
    """The same template with Django's own translate tag (the module's function; install()
    replaced only the library's entries)."""
    from django.template import Engine, Library
    from django.templatetags import i18n as django_i18n

    djangos = Library()
    djangos.tags.update(django_i18n.register.tags)
    djangos.tags["translate"] = djangos.tags["trans"] = django_i18n.do_translate
    engine = Engine()
    engine.template_libraries = {**engine.template_libraries, "i18n": djangos}
    return engine.from_string("{% load i18n %}" + source).render(context)


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_same_text_as_djangos_tag(source, language, autoescape):
    ours = Template("{% load i18n %}" + source, engine=_engine())
    with translation.override(language):
        expected = _render_with_djangos(source, Context({}, autoescape=autoescape))
        for _ in range(3):  # drawn, then kept
            assert ours.render(Context({}, autoescape=autoescape)) == expected


def test_constant_strings_get_the_kept_node_and_variables_djangos():
    page = Template(
        '{% load i18n %}{% translate "Tracks" %}{% translate word %}'
        '{% translate "Tracks"|upper %}{% translate "May" context kind %}',
        engine=_engine(),
    )
    nodes = [n for n in page.nodelist if isinstance(n, TranslateNode)]
    assert [type(n) for n in nodes] == [
        ConstantTranslateNode,
        TranslateNode,
        TranslateNode,
        TranslateNode,
    ]
    literal_context = Template(
        '{% load i18n %}{% translate "May" context "month name" %}', engine=_engine()
    )
    assert [type(n) for n in literal_context.nodelist if isinstance(n, TranslateNode)] == [
        ConstantTranslateNode
    ]
    with translation.override("sv"):
        text = page.render(Context({"word": "Participants", "kind": "month name"}))
        expected = _render_with_djangos(
            '{% translate "Tracks" %}{% translate word %}'
            '{% translate "Tracks"|upper %}{% translate "May" context kind %}',
            Context({"word": "Participants", "kind": "month name"}),
        )
    assert text == expected


def test_one_compiled_template_follows_the_language_of_each_request():
    page = Template('{% load i18n %}{% translate "Tracks" %}', engine=_engine())
    with translation.override("sv"):
        swedish = page.render(Context({}))
    with translation.override("en"):
        english = page.render(Context({}))
    with translation.override("sv"):
        assert page.render(Context({})) == swedish == translation.gettext("Tracks")
    assert english == "Tracks"
    assert swedish != english


def test_what_a_node_kept_is_dropped_when_the_translations_can_change():
    page = Template('{% load i18n %}{% translate "Tracks" %}', engine=_engine())
    node = next(n for n in page.nodelist if isinstance(n, ConstantTranslateNode))
    with translation.override("en"):
        assert page.render(Context({})) == "Tracks"
        (key,) = node.drawn
        node.drawn[key] = "stale"
        assert page.render(Context({})) == "stale"  # kept, not drawn again
        for setting in ("LOCALE_PATHS", "LANGUAGES", "LANGUAGE_CODE"):
            node.drawn = {key: "stale"}
            setting_changed.send(sender=None, setting=setting, value=None, enter=True)
            translation.activate("en")  # Django's own handler forgets the active language
            assert page.render(Context({})) == "Tracks", setting
        node.drawn.clear()
        page.render(Context({}))
        (key,) = node.drawn  # drawn under the latest change
        node.drawn = {key: "stale"}
        setting_changed.send(sender=None, setting="TIME_ZONE", value=None, enter=True)
        assert page.render(Context({})) == "stale"  # not a translation setting
        with override_settings(LOCALE_PATHS=[]):
            assert page.render(Context({})) == "Tracks"


def test_every_template_of_the_project_gets_our_tag_from_djangos_library():
    from jobbspar.templatetags import fast_i18n

    library = _engine().template_libraries["i18n"]
    assert library.tags["translate"] is library.tags["trans"] is fast_i18n.do_translate
    assert library.tags["blocktranslate"].__module__ == "django.templatetags.i18n"
