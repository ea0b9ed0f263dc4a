"""IDOR: every URL that takes an id, with objects the role may not reach, is refused."""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

from jobbspar.models import Role
from portal import access as portal_access
from tests.authorization.matrix import MATRIX, PARTNERSHIP_URLS, SHARED_ACROSS_PARTNERSHIPS
from tests.authorization.world import track_records
from tests.canary.foreign import _foreign_steering, _foreign_world
from tests.employers import factories as ef
from tests.employers.factories import ContactPersonFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks import access as tracks_access
from tracks.models import FundingSource, FundingSourceKind

pytestmark = pytest.mark.django_db


# URLs with an argument that is not an object's id, so there is nothing to swap; say why.
NOT_AN_OBJECT_ID = {
    "password_reset_confirm": "a signed reset token (Django checks it), not an object's id",
    "portal:accept_invitation": "a signed invitation token (Django checks it), not an id",
    "imports:template": "the kind of import and the file type of a blank template, not an id",
    "schedule:feed_ics": "a calendar subscription's secret address: the token is the credential "
    "(a random 256-bit secret, checked by schedule/subscriptions.py), not an object's id",
}


def _probe_roles(name: str) -> frozenset[str]:
    """The roles the probe requests a URL with an id as, with objects they may not reach:
    everyone for participant, tracks, follow-up, portal and notification URLs; the employer side
    for employer users only (authority staff and managers see every employer by design); a
    portal invitation for everyone but the coordinators (they invite any employer's or education
    provider's contact)."""
    everyone = frozenset(Role.values)
    if name in {"portal:invite", "portal:provider_invite"}:
        return everyone - portal_access.PORTAL_INVITERS
    if name.startswith(
        (
            "participants:",
            "tracks:",
            "follow_ups:",
            "portal:",
            "schedule:",
            "steering:",
            "api:",
            "imports:",
        )
    ):
        # api: a web session opens no API URL (401); API clients are probed with keys in
        # tests/api/test_api_idor.py.
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
    if name.startswith(("tracks:", "schedule:")) and role in tracks_access.TRACK_VIEWERS:
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
        "template_track": track,
        "member": member,
        "phase": phase,
        "funding": FundingSource.objects.create(
            track=track, source=FundingSourceKind.JOBBPAKTEN, amount=1
        ),
        **track_records(member, phase, recorder),
        **_foreign_steering(),
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
