# ruff: noqa: F811 - `world` is the authorization matrix fixture, imported to be shared
"""Canary and IDOR probes over every URL pattern.

Canary: a participant with a known personnummer who receives income support. An employer user
and a manager crawl every page they can reach (every URL pattern with the world's objects, then
every link on the pages they get), exports and PDFs included, and every e-mail sent: the
personnummer (in any written form) and the income-support wording never appear - not in pages,
URLs, e-mails or logs.

IDOR: every URL that takes an id, requested with the objects of another employer / another
organisation / a participant without consent (and another organisation's access request, a
member of a track the user does not work on), is refused (never 2xx) for every role.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
import re
from collections import deque

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from jobbspar import access, notifications
from jobbspar.models import Role
from participants.access_requests import request_access
from participants.identities import personal_number_for
from tests.employers import factories as ef
from tests.jobbspar.factories import MunicipalityFactory, UserFactory
from tests.participants.factories import (
    CaseNoteFactory,
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
)
from tests.test_authorization_matrix import (  # noqa: F401 - world is a fixture
    ANON,
    MATRIX,
    track_records,
    world,
)

pytestmark = pytest.mark.django_db

CANARY_NUMBER = personal_number_for(dt.date(1985, 3, 12), 471)
INCOME_SUPPORT = re.compile(r"försörjningsstöd|income.support", re.IGNORECASE)


def _canary_patterns() -> list[str]:
    n = CANARY_NUMBER  # YYYYMMDDNNNC
    return [
        n,
        f"{n[:8]}-{n[8:]}",
        f"{n[2:8]}-{n[8:]}",
        n[2:],
        f"{n[:8]} {n[8:]}",
        f"{n[2:8]} {n[8:]}",
    ]


def _leaks(text: str) -> list[str]:
    found = [form for form in _canary_patterns() if form in text]
    found += INCOME_SUPPORT.findall(text)
    return found


@pytest.fixture
def canary(world, af, municipality, personas):
    coordinator = personas[Role.MUNICIPAL_COORDINATOR]
    participant = ParticipantFactory(
        personal_number=CANARY_NUMBER,
        name="Kanarie Fågelsdotter",
        registered_by=municipality,
        receives_income_support=True,
        presentation_consent_on=dt.date.today(),
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


def _crawl(client, start: list[str], limit: int = 400) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        text = _body_text(response)
        seen[url] = text
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="(/[^"]*)"', text):
                link = html.unescape(href).split("#")[0]
                if link and not link.startswith("/static/") and link not in seen:
                    queue.append(link)
    return seen


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.MANAGER])
def test_canary_never_reaches_employers_or_managers(client, world, canary, role, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(world["personas"][role])
    pages = _crawl(client, _start_urls(world, canary))
    assert len(pages) > 20  # the crawl really walked the site
    for url, text in pages.items():
        assert not _leaks(url), url
        assert not _leaks(text), f"{url}: {_leaks(text)}"
    notifications.sweep(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400))
    for message in mail.outbox:
        bodies = [message.subject, message.body] + [
            str(content) for content, _type in getattr(message, "alternatives", [])
        ]
        assert not _leaks("\n".join(bodies))
    assert not _leaks(caplog.text)


def test_canary_is_visible_to_the_municipal_coordinator(client, world, canary):
    """The control: the crawl and the patterns would see the canary if it leaked."""
    client.force_login(world["personas"][Role.MUNICIPAL_COORDINATOR])
    text = _body_text(client.get(canary.get_absolute_url()))
    assert _leaks(text)


def _foreign_world(world, role, af, municipality) -> dict:
    """The world's objects swapped for ones the role may not see."""
    other_employer = ef.EmployerFactory()
    need = ef.RecruitmentNeedFactory(employer=other_employer)
    criterion = ef.CriterionFactory(version__need=need)
    meeting = ef.PlanningMeetingFactory(employer=other_employer, need=need)
    user = world["personas"][role] if role != ANON else None
    # A participant without consent, registered by an organisation that is not the role's own.
    owner = municipality if user is not None and user.organisation_id == af.pk else af
    stranger = ParticipantFactory(registered_by=owner)
    recorder = world["personas"][
        Role.MUNICIPAL_COORDINATOR if owner == municipality else Role.AF_COORDINATOR
    ]
    # An expired consent to the role's organisation is not a consent.
    expired = ConsentFactory(
        participant=stranger,
        shared_with=municipality if owner == af else af,
        recorded_by=recorder,
        given_on=dt.date.today() - dt.timedelta(days=400),
        valid_until=dt.date.today() - dt.timedelta(days=30),
    )
    from participants.models import OtherLanguage

    # A third authority's request for the stranger: neither the role's to decide nor to withdraw.
    third = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=MunicipalityFactory())
    foreign_request = request_access(
        participant=stranger,
        by=third,
        consent_given_on=dt.date.today(),
        consent_method="in_writing",
        consent_taken_by="Tredje part",
        scope="whole_record",
    )
    return {
        **world,
        **_foreign_tracks(other_employer, need, criterion.version, stranger, recorder),
        "employer": other_employer,
        "contact": ef.ContactPersonFactory(employer=other_employer),
        "need": need,
        "criterion": criterion,
        "meeting": meeting,
        "action_item": ef.ActionItemFactory(meeting=meeting, owner=recorder),
        "agreement": ef.AgreementFactory(need=need, profile_version=criterion.version),
        "shared": stranger,
        "af_participant": stranger,
        "municipal_participant": stranger,
        "consent": expired,
        "plan_item": PlanItemFactory(participant=stranger, created_by=recorder),
        "language": OtherLanguage.objects.create(participant=stranger, language="tigrinja"),
        "experience": WorkExperienceFactory(participant=stranger),
        "access_request": foreign_request,
        "access_request_to_withdraw": foreign_request,
    }


def _foreign_tracks(employer, need, version, stranger, recorder) -> dict:
    """Another employer's track, with a member who is a participant the role may not see (no
    consent), that member's progress, APL log entry and follow-up, and a phase of yet another
    track (so a phase id from elsewhere under this track's URL is probed too)."""
    from tests.employers.factories import ContactPersonFactory
    from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory

    def track():
        return TrackFactory(
            employer=employer,
            need=need,
            profile_version=version,
            mentors=[ContactPersonFactory(employer=employer)],
        )

    foreign_track = track()
    member = TrackParticipantFactory(
        track=foreign_track, participant=stranger, nominated_by=recorder
    )
    phase_elsewhere = PhaseFactory(track=track())
    return {
        "track": foreign_track,
        "member": member,
        # Asking by member id: the role is not on this track's team.
        "hidden_member": member,
        "phase": phase_elsewhere,
        **track_records(member, PhaseFactory(track=foreign_track), recorder),
    }


def _probed(name: str, role: str, kwargs: dict, foreign: dict) -> bool:
    """Which URLs the probe covers for a role: participant URLs for everyone; the employer
    side for employer users (authority staff and managers see every employer by design); every
    tracks URL for roles that see no tracks, and for the roles that see every track (staff and
    the administrator, by design) the tracks URLs that name more than the track: a member whose
    participant they may not see, a phase of another track, progress, APL log, follow-ups."""
    if name.startswith("participants:"):
        return True
    if name.startswith("tracks:"):
        if role not in access.TRACK_VIEWERS:
            return True
        return kwargs != {"pk": foreign["track"].pk}
    return role == Role.EMPLOYER and name.startswith("employers:")


@pytest.mark.parametrize("role", list(Role.values))
def test_idor_probe_every_id_url_refuses_foreign_objects(client, world, role, af, municipality):
    foreign = _foreign_world(world, role, af, municipality)
    client.force_login(world["personas"][role])
    probed = 0
    for name, row in MATRIX.items():
        kwargs = row.kwargs(foreign)
        if not kwargs or not _probed(name, role, kwargs, foreign):
            continue
        url = reverse(name, kwargs=kwargs) + row.query
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            assert not 200 <= response.status_code < 300, f"{method.upper()} {url} as {role}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), f"{url} as {role}"
        probed += 1
    assert probed >= 10


def test_idor_probe_a_tracks_visible_members_and_phases_under_another_tracks_url(client, world):
    """A member or phase the coordinator may see, named under another track's URL: 404."""
    from tests.tracks.factories import TrackFactory

    client.force_login(world["personas"][Role.AF_COORDINATOR])
    elsewhere = {**world, "track": TrackFactory()}
    probed = 0
    for name, row in MATRIX.items():
        kwargs = row.kwargs(elsewhere)
        if not name.startswith("tracks:") or set(kwargs) == {"pk"} or not kwargs:
            continue
        url = reverse(name, kwargs=kwargs) + row.query
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
        probed += 1
    assert probed >= 5
