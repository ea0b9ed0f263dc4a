"""Calendar subscriptions: a secret address per person and track, made and revoked by its owner,
fetched without a session by a calendar program, and ended by anything that ends the owner's
access (revocation, a replacement, expiry, deactivation, a changed role or organisation)."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar.models import Role
from schedule import subscriptions
from schedule.models import CalendarFeed, FeedKind, StrandKind
from tests.portal.factories import employer_of
from tests.schedule.factories import StrandFactory, weekly
from tests.schedule.test_feeds import START, _plan
from tests.tracks.factories import TrackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def track(employer_org, provider_org):
    track = TrackFactory(employer=employer_of(employer_org), start_date=START, weeks=7)
    _plan(track)
    provided = StrandFactory(
        track=track,
        name="Yrkessvenska lager",
        provider=provider_org.education_provider,
        place="Yrkesakademin",
    )
    weekly(provided, [1], "13:00", "15:00")
    return track


def _subscribe(client, user, track) -> str:
    """Make an address through the pages, as the owner would; returns it."""
    client.force_login(user)
    form = client.get(reverse("schedule:feed_create", kwargs={"pk": track.pk}))
    assert form.status_code == 200
    response = client.post(reverse("schedule:feed_create", kwargs={"pk": track.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("schedule:feed_list")
    page = client.get(response["Location"])
    assert page.status_code == 200
    url = page.context["new_url"]
    assert url.startswith("http://testserver/schedule/feeds/") and url.endswith(".ics")
    assert page.context["new_webcal"] == "webcal://" + url.removeprefix("http://")
    # Shown once: the list again has no address on it.
    again = client.get(reverse("schedule:feed_list"))
    assert again.context["new_url"] == "" and url not in again.content.decode()
    client.logout()
    return url.removeprefix("http://testserver")


def _summaries(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return [str(event["summary"]).split(" – ")[0] for event in events]


def test_staff_subscribe_and_a_calendar_program_fetches_without_signing_in(
    client, af_coordinator, track, member
):
    path = _subscribe(client, af_coordinator, track)
    response = client.get(path)  # no session: the calendar program
    summaries = _summaries(response)
    # Every strand: training Mon–Wed (20), APL Thu–Fri (11), yrkessvenska Tuesdays (7).
    assert len(summaries) == 20 + 11 + 7
    assert {"Lager och logistik", "Yrkessvenska lager"} <= set(summaries)
    assert b"Amal Hassan" not in response.content
    assert member.participant.personal_number.encode() not in response.content
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "sessionid" not in response.cookies
    # The secret is not stored: only its hash.
    feed = CalendarFeed.objects.get()
    token = path.removeprefix("/schedule/feeds/").removesuffix(".ics")
    assert feed.kind == FeedKind.TRACK and feed.user == af_coordinator
    assert token[8:] not in (feed.token_hash, feed.token_prefix) and len(feed.token_hash) == 64
    assert feed.last_used_at is not None


def test_the_employer_subscribes_to_the_apl_days_only(client, employer_user, track):
    path = _subscribe(client, employer_user, track)
    summaries = _summaries(client.get(path))
    assert len(summaries) == 11
    assert "Lager och logistik" not in summaries and "Yrkessvenska lager" not in summaries


def test_the_provider_subscribes_to_their_own_strands_only(client, provider_user, track):
    path = _subscribe(client, provider_user, track)
    assert _summaries(client.get(path)) == ["Yrkessvenska lager"] * 7
    assert CalendarFeed.objects.get().kind == FeedKind.PROVIDER


def test_no_subscription_to_a_track_out_of_reach(
    client, other_employer_user, lund_coordinator, manager, track
):
    url = reverse("schedule:feed_create", kwargs={"pk": track.pk})
    for user, status in [(other_employer_user, 404), (lund_coordinator, 404), (manager, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url).status_code == status
    assert not CalendarFeed.objects.exists()


def test_a_new_address_replaces_the_old_and_revoking_ends_it(client, af_coordinator, track):
    first = _subscribe(client, af_coordinator, track)
    second = _subscribe(client, af_coordinator, track)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    live = CalendarFeed.objects.get(revoked_at__isnull=True)
    client.force_login(af_coordinator)
    revoke = reverse("schedule:feed_revoke", kwargs={"feed_pk": live.pk})
    assert client.get(revoke).status_code == 200
    response = client.post(revoke, follow=True)
    assert response.context["feeds"] == []
    client.logout()
    assert client.get(second).status_code == 404
    # A revoked subscription cannot be revoked again, nor by anyone else.
    client.force_login(af_coordinator)
    assert client.post(revoke).status_code == 404


def test_someone_elses_subscription_cannot_be_revoked(
    client, af_coordinator, municipal_coordinator, track
):
    feed, _token = subscriptions.create_feed(af_coordinator, track)
    client.force_login(municipal_coordinator)
    url = reverse("schedule:feed_revoke", kwargs={"feed_pk": feed.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None
    assert client.get(reverse("schedule:feed_list")).context["feeds"] == []


@pytest.mark.parametrize(
    "end",
    ["expired", "deactivated", "role changed", "moved to another employer", "track deleted"],
)
def test_what_ends_the_owners_access_ends_the_subscription(
    client, employer_user, other_employer_org, track, end
):
    feed, token = subscriptions.create_feed(employer_user, track)
    url = reverse("schedule:feed_ics", kwargs={"token": token})
    assert client.get(url).status_code == 200
    if end == "expired":
        CalendarFeed.objects.filter(pk=feed.pk).update(
            expires_on=timezone.localdate() - dt.timedelta(days=1)
        )
    elif end == "deactivated":
        employer_user.is_active = False
        employer_user.save()
    elif end == "role changed":
        employer_user.role = Role.JOB_COACH
        employer_user.save()
    elif end == "moved to another employer":
        employer_user.organisation = other_employer_org
        employer_user.save()
    else:
        track.delete()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["", "x", "0000000", "00000000", "zzzzzzzzsecret", "a" * 400, "%00", "abc.def", "../../etc"],
)
def test_a_bad_address_is_a_404_never_an_error(client, af_coordinator, track, token):
    _feed, real = subscriptions.create_feed(af_coordinator, track)
    for path in [
        f"/schedule/feeds/{token}.ics",
        f"/schedule/feeds/{real[:8]}{token or 'wrong'}.ics",
        f"/schedule/feeds/{real[:8]}.ics",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.get(f"/schedule/feeds/{real}.ics").status_code == 200
    # A calendar program only reads.
    assert client.post(f"/schedule/feeds/{real}.ics").status_code == 405


def test_a_fetch_is_recorded_at_most_once_an_hour(client, af_coordinator, track):
    feed, token = subscriptions.create_feed(af_coordinator, track)
    url = reverse("schedule:feed_ics", kwargs={"token": token})
    client.get(url)
    feed.refresh_from_db()
    first = feed.last_used_at
    client.get(url)
    feed.refresh_from_db()
    assert feed.last_used_at == first
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=first - dt.timedelta(hours=2))
    client.get(url)
    feed.refresh_from_db()
    assert feed.last_used_at > first - dt.timedelta(hours=2)


def test_the_fetch_costs_the_same_queries_however_many_strands(
    client, af_coordinator, track, django_assert_max_num_queries
):
    _feed, token = subscriptions.create_feed(af_coordinator, track)
    url = reverse("schedule:feed_ics", kwargs={"token": token})
    client.get(url)  # records the fetch: later fetches within the hour do not write
    with django_assert_max_num_queries(5):
        client.get(url)
    for number in range(4):
        strand = StrandFactory(track=track, kind=StrandKind.OTHER, name=f"Kurs {number}")
        weekly(strand, [4], "08:00", "10:00")
    with django_assert_max_num_queries(5):
        # Fridays: seven, less Good Friday and 1 May.
        assert len(_summaries(client.get(url))) == 38 + 4 * 5


def test_the_list_shows_the_owners_live_subscriptions_in_swedish(
    client, af_coordinator, job_coach, track
):
    subscriptions.create_feed(af_coordinator, track)
    subscriptions.create_feed(job_coach, track)
    client.force_login(af_coordinator)
    page = client.get(reverse("schedule:feed_list"), HTTP_ACCEPT_LANGUAGE="sv")
    content = page.content.decode()
    assert [feed.user for feed in page.context["feeds"]] == [af_coordinator]
    assert "Dina kalenderprenumerationer" in content and track.name in content
