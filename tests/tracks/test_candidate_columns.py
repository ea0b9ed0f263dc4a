"""A page of candidates reads of each person only what the candidate card shows (their id and
name, with the ranking's annotations): the ranking then reads every considered person from the
covering index instead of their whole row (issue 18), and the search never reads what it does
not show, such as the identity number or income support. Both ways of reading a page: the
statement built once (the first pages) and the queryset built per request (pages further on)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Participant
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks import matching

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

# Columns of the person a page of candidates must not read: the card shows none of them.
NOT_READ = (
    "personal_number",
    "phone",
    "email",
    "receives_income_support",
    "long_term_unemployed",
    "gender",
    "arrival_date",
    "preferred_language",
)


@pytest.fixture
def track_with_candidates(af):
    track = TrackFactory()
    version = track.profile_version
    CriterionFactory(version=version, kind="driving_licence", mode="required", driving_licence="B")
    CriterionFactory(version=version, kind="swedish", mode="trained", swedish_level="b1")
    for n, level in enumerate(["b2", "a2", "c1"]):
        ParticipantFactory(
            name=f"Kandidat {n}",
            registered_by=af,
            driving_licences=["B"],
            swedish_level=level,
            receives_income_support=True,
        )
    ParticipantFactory(name="Utan körkort", registered_by=af, driving_licences=[])
    return track


def _ranking_statement(captured) -> str:
    statements = [q["sql"] for q in captured if "match_score" in q["sql"]]
    assert len(statements) == 1, statements
    return statements[0]


@pytest.mark.parametrize("request_number", [1, 2, 3, 4, 5])
def test_the_page_reads_only_the_cards_columns(
    client, af_coordinator, track_with_candidates, request_number
):
    """The first requests build the statement, later ones take it built (spot checks at first):
    every one reads the same columns."""
    client.force_login(af_coordinator)
    url = reverse("tracks:find_candidates", args=[track_with_candidates.pk])
    for _ in range(request_number - 1):
        client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    # Ranked by score: both required and trained met first, then the one the track trains.
    assert page.index("Kandidat 0") < page.index("Kandidat 1")
    assert page.index("Kandidat 2") < page.index("Kandidat 1")
    assert "Utan körkort" not in page
    sql = _ranking_statement(context.captured_queries)
    for column in NOT_READ:
        assert f'"{column}"' not in sql, column
    table = Participant._meta.db_table
    assert f'"{table}"."name"' in sql
    assert f'"{table}"."id"' in sql


def test_a_page_further_on_reads_only_the_cards_columns(af, af_coordinator):
    """Past the first PREPARED_PAGES pages the queryset is built per request: it too defers the
    rest of the record, and its rows are the ranking's, with their explanations."""
    track = TrackFactory()
    CriterionFactory(
        version=track.profile_version,
        kind="driving_licence",
        mode="required",
        driving_licence="C",
    )
    for n in range(matching.PREPARED_PAGES + 2):
        ParticipantFactory(name=f"Person {n:02d}", registered_by=af, driving_licences=["C"])
    criteria = matching.criteria_of(track)
    with CaptureQueriesContext(connection) as context:
        page = matching.candidates_page(
            track=track,
            user=af_coordinator,
            criteria=criteria,
            filters=matching.Filters(),
            number=matching.PREPARED_PAGES + 1,
            per_page=1,
        )
        rows = list(page.object_list)
    assert page.paginator.count == matching.PREPARED_PAGES + 2
    assert [row.name for row in rows] == [f"Person {matching.PREPARED_PAGES:02d}"]
    assert "personal_number" in rows[0].get_deferred_fields()
    [explanation] = matching.explain_all(rows, criteria)
    assert [result.verdict for result in explanation.results] == [matching.Verdict.MET]
    sql = _ranking_statement(context.captured_queries)
    for column in NOT_READ:
        assert f'"{column}"' not in sql, column
