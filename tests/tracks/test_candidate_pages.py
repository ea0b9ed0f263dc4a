"""The candidate page's pages: the page's rows carry the number of candidates (COUNT(*) OVER ()),
so the count is exact on every page, a page past the end shows the last one, and the pages
together hold exactly the ranked candidates, in their order."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import Criterion
from jobbspar.window_paging import WindowCountPaginator
from participants.models import Participant
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks import matching
from tracks.views.pool import PAGE_SIZE

pytestmark = pytest.mark.django_db

CANDIDATES = PAGE_SIZE + 3


@pytest.fixture
def track(af):
    track = TrackFactory()
    CriterionFactory(
        version=track.profile_version, kind="driving_licence", mode="trained", weight=3
    )
    for n in range(CANDIDATES):
        # Some meet the criterion (ranked first), the rest are ordered by name.
        ParticipantFactory(
            name=f"Kandidat {n:02d}", registered_by=af, driving_licences=["B"] if n % 4 else []
        )
    return track


def _names(body: str) -> list[str]:
    return re.findall(r'<h2 class="h5" id="candidate-\d+">([^<]+)</h2>', body)


def _page(client, track, page) -> str:
    url = reverse("tracks:find_candidates", args=[track.pk])
    return client.get(url, {"page": page}).content.decode()


def test_every_page_says_how_many_and_the_pages_hold_the_ranking(client, track, af_coordinator):
    client.force_login(af_coordinator)
    first, second = _page(client, track, 1), _page(client, track, 2)
    assert f"{CANDIDATES} kandidater" in first and f"{CANDIDATES} kandidater" in second
    assert "Sida 1 av 2" in first and "Sida 2 av 2" in second
    criteria = matching.criteria_of(track)
    ranked = matching.find_candidates(track=track, user=af_coordinator, criteria=criteria)
    assert _names(first) + _names(second) == [p.name for p in ranked]
    assert len(_names(first)) == PAGE_SIZE and len(_names(second)) == 3


def test_a_page_past_the_end_or_not_a_number(client, track, af_coordinator):
    client.force_login(af_coordinator)
    past = _page(client, track, 99)
    assert "Sida 2 av 2" in past and f"{CANDIDATES} kandidater" in past
    assert len(_names(past)) == 3
    assert "Sida 2 av 2" in _page(client, track, 10**30)
    for wrong in ("x", "0", "-1", "1.5"):
        body = _page(client, track, wrong)
        assert "Sida 1 av 2" in body and len(_names(body)) == PAGE_SIZE


def test_the_count_is_exact_below_a_page(client, af, af_coordinator):
    track = TrackFactory()
    ParticipantFactory(name="Ensam Kandidat", registered_by=af)
    client.force_login(af_coordinator)
    body = _page(client, track, 1)
    assert "1 kandidat<" in body and _names(body) == ["Ensam Kandidat"]
    assert "Sida 1 av" not in body  # one page: no page links


@pytest.mark.parametrize("rows", [0, 1, 4, 5, 9])
def test_the_window_count_paginator_agrees_with_paginator(af, rows):
    for n in range(rows):
        ParticipantFactory(name=f"P{n}", registered_by=af)
    ordered = Participant.objects.order_by("name", "id")
    pages = Paginator(ordered, 4).num_pages
    for number in (1, 2, 3, 7, "x"):
        window = WindowCountPaginator(ordered, 4)
        with CaptureQueriesContext(connection) as captured:
            page = window.get_page(number)
            shown = list(page)
        expected = Paginator(ordered, 4).get_page(number)
        assert (window.count, page.number, shown) == (
            expected.paginator.count,
            expected.number,
            list(expected),
        )
        # The page and its count in one query; only a page past the end counts separately
        # and then reads the last page, as Paginator shows it (nothing to read when it is empty).
        past_the_end = isinstance(number, int) and number > pages
        assert len(captured) == ((3 if rows else 2) if past_the_end else 1)


def test_each_criterion_is_described_once_per_page_not_per_candidate(
    client, af, af_coordinator, monkeypatch
):
    # str(criterion) looks up the display value of a large vocabulary: once per criterion.
    described = []
    plain = Criterion.__str__
    monkeypatch.setattr(Criterion, "__str__", lambda self: described.append(self.pk) or plain(self))
    track = TrackFactory()
    CriterionFactory(version=track.profile_version, kind="driving_licence", mode="trained")
    client.force_login(af_coordinator)
    calls = []
    for _ in range(2):
        for _ in range(3):
            ParticipantFactory(registered_by=af)
        described.clear()
        body = _page(client, track, 1)
        assert "Körkort" in body
        calls.append(len(described))
    assert calls[0] == calls[1] == 1
