"""Nominating several participants from the participant list to a track: the track is chosen in
the confirmation step; someone already in the pool, without a consent to presentation, active
in another track, or not visible to the user is refused with the reason; the preview changes
nothing and the confirmation is carried out only as previewed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import bulk
from tracks.models import State, TrackParticipant, TrackStatus, Transition

pytestmark = pytest.mark.django_db

URL = "tracks:bulk_nominate"


def _people(org, by, count, *, consent=True, prefix="Person"):
    return [
        ParticipantFactory(
            registered_by=org,
            name=f"{prefix} {i:02d}",
            presentation_consent_on=timezone.localdate() if consent else None,
            presentation_consent_by=by if consent else None,
        )
        for i in range(count)
    ]


def test_nominating_refuses_who_is_in_the_pool_without_consent_or_busy(af, af_coordinator):
    track = TrackFactory()
    free, in_pool, busy = _people(af, af_coordinator, 3)
    [unconsented] = _people(af, af_coordinator, 1, consent=False, prefix="Utan")
    TrackParticipantFactory(track=track, participant=in_pool)
    TrackParticipantFactory(participant=busy, state=State.IN_TRAINING)
    outcomes = bulk.nominate_all(
        [free, in_pool, busy, unconsented], track=track, by=af_coordinator, motivation="Passar"
    )
    assert [o.result for o in outcomes] == [bulk.Result.DONE] + [bulk.Result.REFUSED] * 3
    assert "redan i spårets pool" in outcomes[1].refusal
    assert "aktiv i ett annat" in outcomes[2].refusal
    assert "samtycke till presentation" in outcomes[3].refusal
    member = TrackParticipant.objects.get(track=track, participant=free)
    assert member.state == State.NOMINATED and member.motivation == "Passar"
    assert Transition.objects.filter(track_participant__track=track).count() == 1


def test_the_page_shows_only_the_chosen_and_previews_then_nominates(client, af, af_coordinator):
    track = TrackFactory(name="Lager Hyllie")
    people = _people(af, af_coordinator, 3)
    client.force_login(af_coordinator)
    page = client.get(reverse(URL), {"participants": [people[0].pk, people[1].pk]})
    body = page.content.decode()
    assert people[0].name in body and people[1].name in body
    assert people[2].name not in body
    assert "Lager Hyllie" in body
    choice = {
        "participants": [people[0].pk, people[1].pk],
        "track": track.pk,
        "motivation": "Intresserade av lager",
    }
    preview = client.post(reverse(URL), {**choice, "preview": "1"})
    assert "Nominera 2 deltagare" in preview.content.decode()
    assert not TrackParticipant.objects.filter(track=track).exists()
    fingerprint = preview.content.decode().split('name="previewed" value="')[1].split('"')[0]
    # Another track than the one previewed: previewed again, nobody nominated.
    other = TrackFactory()
    stale = client.post(
        reverse(URL), {**choice, "track": other.pk, "previewed": fingerprint, "confirm": "1"}
    )
    assert "ändrades efter förhandsvisningen" in stale.content.decode()
    assert not TrackParticipant.objects.exists()
    done = client.post(reverse(URL), {**choice, "previewed": fingerprint, "confirm": "1"})
    assert "2 deltagare nominerades." in done.content.decode()
    assert TrackParticipant.objects.filter(track=track).count() == 2


def test_a_participant_registered_elsewhere_without_released_access_is_refused(
    client, af, municipality, af_coordinator
):
    track = TrackFactory()
    [mine] = _people(af, af_coordinator, 1)
    [theirs] = _people(municipality, None, 1, consent=False, prefix="Kommunens")
    client.force_login(af_coordinator)
    response = client.post(
        reverse(URL),
        {
            "participants": [mine.pk, theirs.pk],
            "track": track.pk,
            "motivation": "x",
            "confirm": "1",
        },
    )
    body = response.content.decode()
    assert "inte har lämnat ut uppgifterna till dig" in body
    assert theirs.name not in body
    assert not TrackParticipant.objects.exists()
    # Once the municipality has released access (a consent for AF), the person can be chosen.
    ConsentFactory(participant=theirs, shared_with=af)
    page = client.get(reverse(URL), {"participants": [theirs.pk]})
    assert theirs.name in page.content.decode()


def test_only_open_tracks_of_the_users_partnership_can_be_chosen(client, af, af_coordinator):
    [person] = _people(af, af_coordinator, 1)
    closed = TrackFactory(status=TrackStatus.COMPLETED)
    client.force_login(af_coordinator)
    response = client.post(
        reverse(URL),
        {"participants": [person.pk], "track": closed.pk, "motivation": "x", "preview": "1"},
    )
    assert "Välj ett av de öppna spåren i listan." in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"participants": ["abc"], "motivation": "x"},
        {"participants": ["99999999999999999999"], "motivation": "x"},
        {"participants": ["1"], "track": "x", "motivation": "y" * 3000},
    ],
)
def test_malformed_input_gets_a_message_and_nominates_nobody(client, af_coordinator, body):
    client.force_login(af_coordinator)
    response = client.post(reverse(URL), {**body, "confirm": "1"})
    assert response.status_code == 200
    assert not TrackParticipant.objects.exists()


def test_the_preview_has_a_constant_number_of_queries_but_for_the_nominations(
    client, af, af_coordinator
):
    TrackFactory()
    client.force_login(af_coordinator)

    def page_queries(people):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(URL), {"participants": [p.pk for p in people]})
        return len(captured)

    few = _people(af, af_coordinator, 2, prefix="Få")
    many = _people(af, af_coordinator, 12, prefix="Många")
    page_queries(few)
    assert page_queries(many) == page_queries(few)
