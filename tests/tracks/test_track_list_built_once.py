"""The track list reads its pages and its count by statements built once per kind of user and
list (prepared.Pages; tracks.views.tracks): Malmö's and Lund's municipal coordinators, of one
kind, each see their own partnership's tracks, their pool sizes and count, on a full page and a
last, shorter one, only the tracks they work on (?mine=1), and the other partnership's tracks
to copy (?templates=1); once taken, nothing is built again (issue 18)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar.database import prepared
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.views import tracks as track_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

URL = reverse("tracks:track_list")


@pytest.fixture
def lists(partnership, other_partnership, municipal_coordinator, lund_coordinator):
    """Malmö's partnership runs 27 tracks (two pages), Lund's 3; each coordinator works on two
    of their own; a track of each has a pool."""
    today = timezone.localdate()
    made = {}
    for place, count, holder, coordinator in (
        ("Malmö", track_views.PAGE_SIZE + 2, partnership, municipal_coordinator),
        ("Lund", 3, other_partnership, lund_coordinator),
    ):
        tracks = [
            TrackFactory(
                name=f"{place} spår {n:02d}",
                need__partnership=holder,
                start_date=today - dt.timedelta(days=n),
            )
            for n in range(count)
        ]
        for track in tracks[1:3]:
            track.coordinators.add(coordinator)
        TrackParticipantFactory.create_batch(2 if place == "Malmö" else 1, track=tracks[0])
        made[place] = [track.name for track in tracks]  # newest first, as the list
    return made


def _seen(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.context["page"]
    return page.paginator.count, [(track.name, getattr(track, "pool", None)) for track in page]


def test_each_coordinator_sees_their_own_tracks_through_statements_built_once(
    client, lists, municipal_coordinator, lund_coordinator, taken_only
):
    malmo, lund = lists["Malmö"], lists["Lund"]
    size = track_views.PAGE_SIZE

    def pooled(names, pools):
        return [(name, pools.get(name, 0)) for name in names]

    expected = {
        municipal_coordinator: {
            (): (len(malmo), pooled(malmo[:size], {malmo[0]: 2})),
            (("page", 2),): (len(malmo), pooled(malmo[size:], {})),
            (("mine", 1),): (2, pooled(malmo[1:3], {})),
            (("templates", 1),): (len(lund), [(name, None) for name in lund]),
        },
        lund_coordinator: {
            (): (len(lund), pooled(lund, {lund[0]: 1})),
            (("mine", 1),): (2, pooled(lund[1:3], {})),
            (("templates", 1),): (len(malmo), [(name, None) for name in malmo[:size]]),
            (("templates", 1), ("page", 2)): (len(malmo), [(name, None) for name in malmo[size:]]),
        },
    }

    def check_all():
        for user, lists_seen in expected.items():
            for params, seen in lists_seen.items():
                assert _seen(client, user, **dict(params)) == seen, (user, params)

    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        check_all()
    kinds = [key for key in prepared._kinds if key[0].__module__ == "tracks.views.tracks"]
    assert {key[0].__name__ for key in kinds} == {"_track_page", "_track_count"}
    # One kind of user: the lists (all, mine, templates) and their pages (the list's two,
    # the templates' two), and a count per list.
    assert len([key for key in kinds if key[0] is track_views._track_count]) == 3
    assert len([key for key in kinds if key[0] is track_views._track_page]) == 5
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kinds)

    built = taken_only.watch(
        track_views.tracks_access, "tracks_for", "track_templates_for", "track_pool_for"
    )
    check_all()
    assert built == []


def test_a_page_past_the_prepared_ones_and_out_of_range(
    client, lists, municipal_coordinator, monkeypatch
):
    """A page past the first PREPARED_PAGES is built as before; a page number that is no number
    shows the first page, one past the end the last."""
    malmo = lists["Malmö"]
    size = track_views.PAGE_SIZE
    monkeypatch.setattr(prepared, "PREPARED_PAGES", 1)
    for page, names in (
        ("2", malmo[size:]),
        ("1", malmo[:size]),
        ("x", malmo[:size]),
        ("9", malmo[size:]),
    ):
        count, seen = _seen(client, municipal_coordinator, page=page)
        assert (count, [name for name, _pool in seen]) == (len(malmo), names), page
    kept = {key[2][-1] for key in prepared._kinds if key[0] is track_views._track_page}
    assert kept == {(prepared.Fixed, ((int, 0), (int, size)))}
