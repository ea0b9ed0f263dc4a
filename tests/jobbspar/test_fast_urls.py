"""`reverse_fast` and the `{% url %}` builtin give exactly Django's addresses (issue 18)."""

import pytest
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
)

from jobbspar.fast_urls import reverse_fast
from jobbspar.templatetags.fast_url import FastURLNode


def _names(patterns, namespace=""):
    """Every named URL of the project with the number of arguments its pattern takes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.regex.groups


NAMES = sorted(set(_names(get_resolver().url_patterns)))


def test_the_project_has_links_with_zero_one_and_two_arguments():
    counts = {count for _name, count in NAMES}
    assert {0, 1, 2} <= counts
    assert len(NAMES) > 150


@pytest.mark.parametrize("values", [(0,), (7,), (123_456_789,), (9_107_300_001,)])
def test_every_url_name_gives_djangos_address(values):
    checked = 0
    for name, count in NAMES:
        args = (values * count)[:count] if count else ()
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:  # a pattern taking a word, not a number
            with pytest.raises(NoReverseMatch):
                reverse_fast(name, args)
            continue
        assert reverse_fast(name, args) == expected, name
        assert reverse_fast(name, list(args)) == expected, name  # twice: from the kept parts
        checked += 1
    assert checked > 150


def test_two_different_arguments_go_in_their_places():
    assert reverse_fast("tracks:member_detail", [12, 345]) == reverse(
        "tracks:member_detail", args=[12, 345]
    )
    assert reverse_fast("tracks:member_detail", [345, 12]) == reverse(
        "tracks:member_detail", args=[345, 12]
    )


@pytest.mark.parametrize("args", [["7"], [-1], [True], [1.5], [None]])
def test_other_arguments_are_left_to_django(args):
    try:
        expected = reverse("tracks:track_detail", args=args)
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse_fast("tracks:track_detail", args)
    else:
        assert reverse_fast("tracks:track_detail", args) == expected


def test_an_unknown_name_or_wrong_count_raises_as_django_does():
    with pytest.raises(NoReverseMatch):
        reverse_fast("tracks:no_such_page", [1])
    with pytest.raises(NoReverseMatch):
        reverse_fast("tracks:track_detail", [1, 2])
    with pytest.raises(NoReverseMatch):
        reverse_fast("tracks:track_detail", [])


def test_a_sub_path_deployment_gets_its_prefix():
    before = reverse_fast("tracks:track_detail", [5])
    set_script_prefix("/jobbspar/")
    try:
        assert reverse_fast("tracks:track_detail", [5]) == "/jobbspar" + before
        assert reverse_fast("tracks:track_detail", [5]) == reverse("tracks:track_detail", args=[5])
    finally:
        set_script_prefix("/")
    assert reverse_fast("tracks:track_detail", [5]) == before


def test_another_urlconf_is_never_given_the_kept_address():
    assert reverse_fast("tracks:track_detail", [5]) == "/tracks/5/"
    with (
        override_settings(ROOT_URLCONF="tests.jobbspar.scoping_urls"),
        pytest.raises(NoReverseMatch),
    ):
        reverse_fast("tracks:track_detail", [5])
    assert reverse_fast("tracks:track_detail", [5]) == "/tracks/5/"


def test_every_url_tag_in_templates_is_the_fast_one_with_djangos_behaviour():
    engine = engines["django"].engine
    page = Template(
        "{% url 'tracks:track_detail' pk %}|{% url 'tracks:member_detail' pk other %}|"
        "{% url 'tracks:track_detail' pk=pk %}|{% url 'tracks:track_list' %}|"
        "{% url 'tracks:no_such_page' pk as missing %}[{{ missing }}]|"
        "{% url 'tracks:track_detail' pk as kept %}{{ kept }}",
        engine=engine,
    )
    assert isinstance(page.nodelist[0], FastURLNode)
    text = page.render(Context({"pk": 3, "other": 44}))
    assert text == (
        f"{reverse('tracks:track_detail', args=[3])}|"
        f"{reverse('tracks:member_detail', args=[3, 44])}|"
        f"{reverse('tracks:track_detail', kwargs={'pk': 3})}|"
        f"{reverse('tracks:track_list')}|[]|"
        f"{reverse('tracks:track_detail', args=[3])}"
    )
    with pytest.raises(NoReverseMatch):
        Template("{% url 'tracks:no_such_page' 1 %}", engine=engine).render(Context({}))


def test_an_address_is_escaped_in_html_as_djangos_tag_does():
    engine = engines["django"].engine
    page = Template("{% url 'participants:participant_list' %}?q={{ q }}", engine=engine)
    assert page.render(Context({"q": "<b>"})) == "/participants/?q=&lt;b&gt;"
