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
from django.urls import URLResolver, get_resolver, reverse
from pypdf import PdfReader

from jobbspar import notifications
from jobbspar.models import Role
from participants.access_requests import request_access
from participants.identities import personal_number_for
from portal import access as portal_access
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
from tracks import access as tracks_access

pytestmark = pytest.mark.django_db

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


def test_the_patterns_cover_every_written_form_of_the_number():
    n = CANARY_NUMBER
    for written in (n, n[2:], f"{n[2:8]}-{n[8:]}", f"{n[2:8]}+{n[8:]}", f"{n[:8]}-{n[8:]}"):
        assert _leaks(f"<td>{written}</td>"), written


@pytest.mark.parametrize("state", ["presented", "selected", "in_training"])
def test_canary_in_the_employers_own_track_shows_no_number_or_income_support(
    client, world, canary, state, personas, caplog
):
    """The canary is a candidate or participant of the employer's own track: the employer sees
    the blind card or the name, never the personnummer or income support."""
    from tests.tracks.factories import TrackParticipantFactory

    caplog.set_level(logging.DEBUG)
    member = TrackParticipantFactory(
        track=world["track"],
        participant=canary,
        state=state,
        nominated_by=personas[Role.MUNICIPAL_COORDINATOR],
    )
    key = "portal_presented" if state == "presented" else "portal_completed"
    client.force_login(world["personas"][Role.EMPLOYER])
    start = _start_urls({**world, key: member}, canary)
    start.append(reverse("portal:track", args=[world["track"].pk]))
    pages = _crawl(client, start)
    visited = {url for url, text in pages.items() if f"/{member.pk}/" in url}
    assert visited, "the crawl reached the canary's own portal pages"
    for url, text in pages.items():
        assert not _leaks(url), url
        assert not _leaks(text), f"{url}: {_leaks(text)}"
    notifications.sweep(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400))
    for message in mail.outbox:
        assert not _leaks(f"{message.subject}\n{message.body}")
    assert not _leaks(caplog.text)


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


def test_canary_never_reaches_the_administrator(client, world, canary, personas, caplog):
    """Administrators run the system without reading people: the admin index, every change list,
    change form, delete confirmation and history page reachable from it, and the write history of
    the canary's own records, show neither the canary's number, name, case note nor income
    support - though the canary is a track member with progress, an APL note and a follow-up."""
    from django.contrib import admin as django_admin

    from tests.tracks.factories import TrackParticipantFactory

    caplog.set_level(logging.DEBUG)
    member = TrackParticipantFactory(
        track=world["track"],
        participant=canary,
        state="in_training",
        nominated_by=personas[Role.MUNICIPAL_COORDINATOR],
        motivation="Kanarie Fågelsdotter har försörjningsstöd.",
    )
    track_records(member, world["phase"], personas[Role.MUNICIPAL_COORDINATOR])
    client.force_login(world["personas"][Role.ADMIN])
    start = ["/admin/"]
    for model in django_admin.site._registry:
        opts = model._meta
        start.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    events = reverse("admin:pghistory_events_changelist")
    for obj in (canary, canary.notes.get(), member):
        label = f"{obj._meta.label}:{obj.pk}"
        start += [f"{events}?obj={label}", f"{events}?method=tracks&obj={label}"]
    start.append(f"{events}?model=participants.Participant")
    start.append(reverse("admin:jobbspar_organisation_delete", args=[canary.registered_by_id]))
    pages = _crawl(client, start, limit=600, links=_admin_links)
    assert len(pages) > 50  # the crawl really walked the admin
    assert any("/pghistory/events/" in url and "/change/" in url for url in pages)
    assert any(url.endswith("/delete/") for url in pages)
    for url, text in pages.items():
        found = _leaks(url) + _leaks(text) + ([CANARY_NAME] if CANARY_NAME in text else [])
        assert not found, f"{url}: {found}"
    assert not _leaks(caplog.text)


def test_the_admin_crawl_would_see_the_canary(client, world, canary):
    """The control: the write history holds the canary's number, so the crawl would find it in
    the admin if its values were shown there."""
    import pghistory.models

    event = pghistory.models.Events.objects.tracks(canary).first()
    assert _leaks(str(event.pgh_data))


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

    # Someone else's notification (the world's is the AF coordinator's).
    someone = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    notification, _ = notifications.notify(
        recipient=someone,
        kind="action_item_due",
        obj=af,
        due_on=dt.date.today(),
        send_after=dt.datetime.now(tz=dt.UTC),
        message=notifications.Message(subject="Påminnelse", body="Text"),
        url="/",
    )

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
        "notification": notification,
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
    # The portal's candidates of the other employer's track: presented, and completed.
    portal_members = {
        key: TrackParticipantFactory(
            track=foreign_track,
            participant=ParticipantFactory(registered_by=recorder.organisation),
            state=state,
            nominated_by=recorder,
        )
        for key, state in (("portal_presented", "presented"), ("portal_completed", "completed"))
    }
    return {
        "track": foreign_track,
        "member": member,
        # Asking by member id: the role is not on this track's team.
        "hidden_member": member,
        "phase": phase_elsewhere,
        "portal_contact": ContactPersonFactory(employer=employer),
        **portal_members,
        **track_records(member, PhaseFactory(track=foreign_track), recorder),
    }


# URLs with an argument that is not an object's id, so there is nothing to swap; say why.
NOT_AN_OBJECT_ID = {
    "password_reset_confirm": "a signed reset token (Django checks it), not an object's id",
    "portal:accept_invitation": "a signed invitation token (Django checks it), not an id",
}


def _probe_roles(name: str) -> frozenset[str]:
    """The roles the probe requests a URL with an id as, with objects they may not reach:
    everyone for participant, tracks, follow-up, portal and notification URLs; the employer side
    for employer users only (authority staff and managers see every employer by design); a
    portal invitation for everyone but the coordinators (they invite any employer's contact)."""
    everyone = frozenset(Role.values)
    if name == "portal:invite":
        return everyone - portal_access.PORTAL_INVITERS
    if name.startswith(("participants:", "tracks:", "follow_ups:", "portal:")):
        return everyone
    if name == "notification_open":
        return everyone
    if name.startswith("employers:"):
        return frozenset({Role.EMPLOYER})
    return frozenset()


def _probed(name: str, role: str, kwargs: dict, foreign: dict) -> bool:
    """Whether the probe covers a URL for a role (_probe_roles); for the roles that see the
    foreign track (staff of its partnership and the administrator, by design), the tracks URLs
    that name more than the track: a member whose participant they may not see, a phase of
    another track, progress, APL log."""
    if name in NOT_AN_OBJECT_ID or role not in _probe_roles(name):
        return False
    if name.startswith("tracks:") and role in tracks_access.TRACK_VIEWERS:
        return kwargs != {"pk": foreign["track"].pk}
    return True


def _id_patterns(resolver=None, prefix: str = "") -> dict[str, list[str]]:
    """Every named URL outside the Django admin that takes an argument, with the arguments."""
    resolver = resolver or get_resolver()
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                found.update(_id_patterns(pattern, namespace))
        elif pattern.name and getattr(pattern.pattern, "converters", None):
            found[prefix + pattern.name] = sorted(pattern.pattern.converters)
    return found


def test_every_url_with_an_id_is_probed_or_exempt_with_a_reason():
    """A new URL that takes an id must be in the IDOR probe (or say why it cannot be)."""
    id_urls = _id_patterns()
    assert {"notification_open", "follow_ups:answer", "portal:decide"} <= set(id_urls)
    unprobed = sorted(
        name for name in id_urls if not _probe_roles(name) and name not in NOT_AN_OBJECT_ID
    )
    assert unprobed == []
    assert set(NOT_AN_OBJECT_ID) <= set(id_urls)
    assert all(reason.strip() for reason in NOT_AN_OBJECT_ID.values())
    # The probe takes every URL with an id from the authorization matrix.
    assert set(id_urls) <= set(MATRIX)


@pytest.mark.parametrize("role", list(Role.values))
def test_idor_probe_every_id_url_refuses_foreign_objects(client, world, role, af, municipality):
    foreign = _foreign_world(world, role, af, municipality)
    client.force_login(world["personas"][role])
    probed = 0
    id_urls = _id_patterns()
    for name, row in MATRIX.items():
        kwargs = row.kwargs(foreign)
        if name not in id_urls or not _probed(name, role, kwargs, foreign):
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


@pytest.mark.parametrize("role", [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH])
def test_idor_probe_another_partnerships_work(client, world, role, other_partnership):
    """Staff of one partnership asking for another partnership's need, profile, agreement,
    meeting, action item, track, phases, funding, members and follow-ups, by every URL: never a
    2xx, even for a member whose participant the staff member may see (their own registration)."""
    from tests.employers.factories import ContactPersonFactory
    from tests.test_authorization_matrix import PARTNERSHIP_URLS, SHARED_ACROSS_PARTNERSHIPS
    from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
    from tracks.models import FundingSource, FundingSourceKind

    user = world["personas"][role]
    employer = ef.EmployerFactory()
    need = ef.RecruitmentNeedFactory(employer=employer, partnership=other_partnership)
    criterion = ef.CriterionFactory(version__need=need)
    meeting = ef.PlanningMeetingFactory(employer=employer, need=need, partnership=need.partnership)
    recorder = world["personas"][Role.AF_COORDINATOR]
    track = TrackFactory(
        employer=employer,
        need=need,
        profile_version=criterion.version,
        mentors=[ContactPersonFactory(employer=employer)],
    )
    assert track.partnership == other_partnership
    own_person = ParticipantFactory(registered_by=user.organisation)
    member = TrackParticipantFactory(track=track, participant=own_person, nominated_by=recorder)
    phase = PhaseFactory(track=track)
    foreign = {
        **world,
        "employer": employer,
        "need": need,
        "criterion": criterion,
        "meeting": meeting,
        "action_item": ef.ActionItemFactory(meeting=meeting, owner=user),
        "agreement": ef.AgreementFactory(need=need, profile_version=criterion.version),
        "track": track,
        "member": member,
        "phase": phase,
        "funding": FundingSource.objects.create(
            track=track, source=FundingSourceKind.JOBBPAKTEN, amount=1
        ),
        **track_records(member, phase, recorder),
    }
    client.force_login(user)
    probed = 0
    for name, row in MATRIX.items():
        kwargs = row.kwargs(foreign)
        if not kwargs or not name.startswith(PARTNERSHIP_URLS):
            continue
        if name in SHARED_ACROSS_PARTNERSHIPS:
            continue
        url = reverse(name, kwargs=kwargs) + row.query
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            assert not 200 <= response.status_code < 300, f"{method.upper()} {url} as {role}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), f"{url} as {role}"
        probed += 1
    assert probed >= 30
