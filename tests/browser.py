"""Browser-test fixtures: Debian's Chromium driven by Playwright, with axe-core for WCAG checks.

Browser tests skip only when no Chromium exists and CI is not set; in CI a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser():
    if not _chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests.")
        pytest.skip("Chromium not installed (browser tests run in CI).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized viewport (320 CSS px wide: the WCAG 1.4.10 reflow width)."""
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page for WCAG 2.1 A and AA; return the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # page.evaluate is not subject to the page's Content Security Policy.
        page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }"""
    )


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found WCAG violations on {page.url}: {violations}"


# Secrets of users enrolled through the page in this test run, and the last time step used
# per user's device: django-otp accepts each step once per device, and one step either side of
# now. Keyed by user, since the demo users share one secret but each has a device of its own.
_ENROLLED_SECRETS: dict[str, str] = {}
_LAST_STEP: dict[tuple[str, str], int] = {}


def _fresh_code(username: str, secret: str) -> str:
    import time

    from tests.otp import code_for

    moment = time.time()
    now = int(moment // 30)
    # The server accepts a code one step either side of its own (django-otp's tolerance). The
    # previous step's code leaves room for later sign-ins of the same user in this window, but
    # it is refused once the server's clock reaches the next window: not in this one's last 10 s.
    earliest = now - 1 if moment - now * 30 < 20 else now
    step = max(earliest, _LAST_STEP.get((username, secret), -1) + 1)
    if step > now + 1:
        time.sleep((step - 1) * 30 - time.time() + 0.5)
    _LAST_STEP[(username, secret)] = step
    return code_for(secret, at=step * 30 + 1)


def login(page, username: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through the real forms, including the second step when the page asks for it.

    A user with an authenticator gets a code from `totp_secret` (default: the secret this run
    enrolled the user with, else the demo secret that every demo user is enrolled with). A staff
    user without one enrols the way a person would: the key shown on the enrolment page goes
    into the "app", and the recovery-codes page is passed.
    """
    from jobbspar.demo import DEMO_TOTP_SECRET

    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/setup/" in page.url:
        secret = page.locator(".secret-key").inner_text().replace(" ", "")
        _ENROLLED_SECRETS[username] = secret
        page.locator("#id_code").fill(_fresh_code(username, secret))
        page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
        page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
        page.wait_for_load_state()
    elif "/accounts/two-factor/" in page.url:
        secret = totp_secret or _ENROLLED_SECRETS.get(username, DEMO_TOTP_SECRET)
        page.locator("#id_code").fill(_fresh_code(username, secret))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state()
