"""The canary (a participant with a known personnummer on income support), how it could be
written, and the crawler that looks for it."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections import deque

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobbspar.models import Role
from participants.identities import personal_number_for
from tests.authorization.matrix import MATRIX
from tests.dates import today
from tests.participants.factories import (
    CaseNoteFactory,
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
)

CANARY_NUMBER = personal_number_for(dt.date(1985, 3, 12), 471)


INCOME_SUPPORT = re.compile(r"försörjningsstöd|income.support", re.IGNORECASE)


CANARY_NAME = "Kanarie Fågelsdotter"


def _canary_patterns() -> list[str]:
    """Every way the number is written: 12 and 10 digits, with a dash, a plus (over 100 years
    old), a space or nothing between the date and the last four."""
    n = CANARY_NUMBER  # YYYYMMDDNNNC
    return [
        form
        for date in (n[:8], n[2:8])
        for form in (f"{date}{n[8:]}", f"{date}-{n[8:]}", f"{date}+{n[8:]}", f"{date} {n[8:]}")
    ]


# The API's public schema and its reference page describe the fields a client may get (a field
# is named `receives_income_support`) and hold nobody's data: the crawl reads them like any page
# (no canary number may appear), but the field's name is not a leak. The API's answers are
# checked with the canary by tests/api (test_schemathesis.py, the IDOR probe).
DESCRIBES_FIELDS = ("/api/v1/schema/", "/api/v1/docs/")


def _leaks_in_page(url: str, text: str) -> list[str]:
    if url.split("?")[0] in DESCRIBES_FIELDS:
        return [form for form in _canary_patterns() if form in text]
    return _leaks(text)


def _leaks(text: str) -> list[str]:
    found = [form for form in _canary_patterns() if form in text]
    found += INCOME_SUPPORT.findall(text)
    return found


@pytest.fixture
def canary(world, af, municipality, personas):
    coordinator = personas[Role.MUNICIPAL_COORDINATOR]
    participant = ParticipantFactory(
        personal_number=CANARY_NUMBER,
        name=CANARY_NAME,
        registered_by=municipality,
        receives_income_support=True,
        presentation_consent_on=today(),
        presentation_consent_by=coordinator,
    )
    ConsentFactory(participant=participant, shared_with=af, recorded_by=coordinator)
    CaseNoteFactory(
        participant=participant, author=coordinator, text="Får försörjningsstöd sedan 2023."
    )
    PlanItemFactory(participant=participant, created_by=coordinator)
    return participant


def _body_text(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
    return raw.decode("utf-8", errors="replace")


def _start_urls(world, canary) -> list[str]:
    canary_world = {**world, "shared": canary}
    urls = []
    for name, row in MATRIX.items():
        urls.append(reverse(name, kwargs=row.kwargs(canary_world)) + row.query)
    return urls


def _site_links(text: str) -> list[str]:
    """The links a page offers inside the site, without fragments and static files."""
    links = []
    for href in re.findall(r'href="(/[^"]*)"', text):
        link = html.unescape(href).split("#")[0]
        if link and not link.startswith("/static/"):
            links.append(link)
    return links


def _crawl(client, start: list[str], limit: int = 400, links=_site_links) -> dict[str, str]:
    """Every page reachable from `start` (up to `limit`): url -> text. No page may fail."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        seen[url] = _body_text(response)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            queue.extend(link for link in links(seen[url]) if link not in seen)
    return seen


def _admin_links(text: str) -> list[str]:
    """Admin links to follow: sorting and preserved-filter variants of a page are the same page."""
    links = []
    for href in re.findall(r'href="(/admin/[^"]*)"', text):
        link = html.unescape(href).split("#")[0]
        path, _, query = link.partition("?")
        if path.endswith(("/change/", "/history/", "/delete/", "/password/")) or "o=" in query:
            link = path
        if not path.startswith("/admin/logout"):
            links.append(link)
    return links
