"""Issue 18: the page frame's fixed parts are built once per key (jobbspar/templatetags/frame.py).

The frame must come out byte for byte as base.html without the cache would draw it, for every
role, both languages, the page's own section, with and without messages, the idle warning and the
offer of two-factor authentication; and nothing per request or per person may be kept.
"""

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse

from jobbspar.models import Role
from jobbspar.templatetags import frame
from tests.jobbspar.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
FRAME_TAGS = re.compile(r"{% (end)?(frame_cache|per_request)[^%]*%}")

# The pages each role sees the frame on: the start page, a section of the menu (active), and a
# page outside the menu.
PAGES = {
    Role.AF_COORDINATOR: ["home", "employers:list", "notification_list"],
    Role.MUNICIPAL_COORDINATOR: ["home", "participants:participant_list", "accessibility"],
    Role.JOB_COACH: ["home", "tracks:track_list"],
    Role.MANAGER: ["home", "notification_list"],
    Role.EMPLOYER: ["home", "portal:home", "notification_list"],
    Role.ADMIN: ["home", "accessibility"],
    Role.EDUCATION_PROVIDER: ["home"],
}
ANONYMOUS_PAGES = ["login", "accessibility"]


def normalised(html: str) -> str:
    """The page with its per-response values (CSP nonce, masked CSRF token) made equal."""
    html = re.sub(r'nonce="[^"]+"', 'nonce="N"', html)
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="C"', html
    )


@pytest.fixture
def plain_templates(tmp_path, settings):
    """base.html and the language switch with the frame tags taken out: the reference."""
    root = Path(settings.BASE_DIR) / "templates"
    for name in ["base.html", "includes/language_switcher.html"]:
        source = (root / name).read_text()
        plain = FRAME_TAGS.sub("", source).replace(
            "{% load static i18n frame %}", "{% load static i18n %}"
        )
        plain = plain.replace("{% load i18n frame %}", "{% load i18n %}")
        assert "frame_cache" not in plain and "per_request" not in plain, name
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(plain)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    return templates


def _clients(personas):
    from tests.conftest import VerifiedClient

    clients = []
    for role, user in personas.items():
        client = VerifiedClient()
        client.force_login(user)
        clients.append((role, client, PAGES[role]))
    clients.append(("anonymous", Client(), ANONYMOUS_PAGES))
    # Staff who have not yet done the second step: the frame without the menu.
    waiting = Client()
    waiting.force_login(UserFactory(role=Role.AF_COORDINATOR))
    clients.append(("awaiting second step", waiting, ["two_factor_setup"]))
    return clients


def _render_all(clients) -> dict[tuple[str, str, str], str]:
    pages = {}
    for language in ["sv", "en"]:
        for role, client, names in clients:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for name in names:
                response = client.get(reverse(name))
                assert response.status_code == 200, (role, name, response.status_code)
                pages[(language, role, name)] = normalised(response.content.decode())
            if role == Role.AF_COORDINATOR:
                # A message on the page: "two-factor is already on", on the start page.
                response = client.get(reverse("two_factor_setup"), follow=True)
                assert "messages" in response.content.decode()
                pages[(language, role, "with a message")] = normalised(response.content.decode())
    return pages


def test_the_frame_is_the_same_with_and_without_the_cache(personas, settings, plain_templates):
    with time_machine.travel(NOW, tick=False):
        clients = _clients(personas)
        settings.FRAME_CACHE = False
        uncached = _render_all(clients)
        own_templates, settings.TEMPLATES = settings.TEMPLATES, plain_templates
        reference = _render_all(clients)
        settings.TEMPLATES = own_templates
        settings.FRAME_CACHE = True
        cold = _render_all(clients)
        clients.reverse()  # warm, and each fragment now first built for another role
        warm = _render_all(clients)
    assert len(reference) == 40
    for key, html in reference.items():
        assert uncached[key] == html, key
        assert cold[key] == html, key
        assert warm[key] == html, key
    # What the cases cover: menus, the idle warning, the 2FA offer, both languages, a message.
    assert 'aria-current="page"' in reference[("en", Role.AF_COORDINATOR, "employers:list")]
    assert "idle-warning" in reference[("sv", Role.MANAGER, "home")]
    assert "idle-warning" not in reference[("sv", "anonymous", "login")]
    assert reverse("two_factor_setup") in reference[("sv", Role.EMPLOYER, "home")]
    assert 'id="main-nav"' not in reference[("en", "awaiting second step", "two_factor_setup")]
    assert 'lang="en"' in reference[("en", Role.ADMIN, "home")]
    assert 'class="portal-page"' in reference[("sv", Role.EMPLOYER, "portal:home")]


def test_the_fragments_are_built_once_per_key(client, af_coordinator):
    frame.clear()
    client.force_login(af_coordinator)
    before = frame.builds
    client.get(reverse("home"))
    built_first = frame.builds - before
    assert built_first == 4  # head, head's end, menu, foot
    for _ in range(3):
        client.get(reverse("home"))
    client.get(reverse("accessibility"))  # no section of the menu is active, as on the start page
    assert frame.builds - before == built_first + 1  # only the menu: "Start" is not active
    client.get(reverse("notification_list"))
    assert frame.builds - before == built_first + 1
    # Another coordinator of the same role: nothing new, whatever their name or organisation.
    other = type(client)()
    other.force_login(UserFactory(role=Role.AF_COORDINATOR))
    other.get(reverse("accessibility"))
    assert frame.builds - before == built_first + 1
    # The other language: each fragment once more.
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    other.get(reverse("accessibility"))
    other.get(reverse("accessibility"))
    assert frame.builds - before == 2 * built_first + 1


def test_nothing_per_person_or_per_request_is_kept(personas):
    from tests.conftest import VerifiedClient

    frame.clear()
    kept_values = []
    for user in personas.values():
        client = VerifiedClient()
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        kept_values += [
            user.get_full_name(),
            re.search(r'nonce="([^"]+)"', page).group(1),
            re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        ]
        if user.organisation:
            kept_values.append(user.organisation.name)
    kept = "".join(
        text
        for fragment in frame._fragments
        for texts, _ in fragment.built.values()
        for text in texts
    )
    assert kept
    # What an anonymous visitor also sees ("Arbetsförmedlingen" in the footer) is no one's data.
    public = Client().get(reverse("login")).content.decode()
    for value in filter(None, kept_values):
        assert value not in kept or value in public, value


def test_a_fragment_sees_only_its_key():
    template = Template(
        "{% load frame %}{% frame_cache shown %}{{ shown }} {{ secret }} "
        "{% per_request %}{{ secret }}{% endper_request %}{% endframe_cache %}"
    )
    frame.clear()
    assert template.render(Context({"shown": "a", "secret": "b"})) == "a  b"
    assert template.render(Context({"shown": "a", "secret": "c"})) == "a  c"


def test_keys_are_plain_data_and_fragments_hold_no_blocks(af_coordinator):
    template = Template("{% load frame %}{% frame_cache user %}x{% endframe_cache %}")
    with pytest.raises(TypeError):
        template.render(Context({"user": af_coordinator}))
    with pytest.raises(TemplateSyntaxError):
        Template("{% load frame %}{% frame_cache %}{% block a %}{% endblock %}{% endframe_cache %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% load frame %}{% frame_cache user.name %}{% endframe_cache %}")
