"""Every criterion kind is answered from the participant's record or assessed in the introduction
week (then it never blocks), and a search that finds nobody says which criterion blocks everyone.

Issue 21: a "physical demands" criterion had no field on the participant, so every candidate was
blocked and the search showed 0 with no reason."""

import pytest
from django.urls import reverse

from employers.models import CriterionKind, CriterionMode
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks import matching

pytestmark = pytest.mark.django_db

VALUES = {
    CriterionKind.SWEDISH: {"swedish_level": "sfi_c"},
    CriterionKind.LANGUAGE: {"language": "arabiska", "language_level": "b1"},
    CriterionKind.DRIVING_LICENCE: {"driving_licence": "B"},
    CriterionKind.EXPERIENCE: {"experience_months": 6},
    CriterionKind.EDUCATION: {"education_level": "primary"},
    CriterionKind.CERTIFICATE: {"certificate": "hygiene"},
    CriterionKind.PHYSICAL: {"physical_demand": "heavy"},
    CriterionKind.WORKING_HOURS: {"working_hours": "shifts"},
}


def test_every_kind_is_answerable_or_assessed_in_the_introduction_week():
    assert set(VALUES) == set(CriterionKind.values)


@pytest.mark.parametrize("kind", CriterionKind.values)
def test_a_required_criterion_of_every_kind_can_be_met_or_is_to_assess(kind, af, af_coordinator):
    from tests.employers.factories import occupation

    track = TrackFactory()
    values = {"swedish_level": "", **VALUES[kind]}
    if kind == CriterionKind.EXPERIENCE:
        values["experience_occupation"] = occupation("5321")
    criterion = CriterionFactory(
        version=track.profile_version, kind=kind, mode=CriterionMode.REQUIRED, **values
    )
    person = ParticipantFactory(
        registered_by=af,
        swedish_level="b1",
        education_level="upper_secondary",
        driving_licences=["B"],
        certificates=["hygiene"],
        working_hours=["shifts"],
    )
    person.languages.create(language="Arabiska", level="c1")
    person.experiences.create(occupation=occupation("5321"), months=12)
    criteria = matching.criteria_of(track)
    rows = list(matching.find_candidates(track=track, user=af_coordinator, criteria=criteria))
    assert [p.pk for p in rows] == [person.pk]  # nobody is blocked by a kind the record lacks
    (result,) = matching.explain(rows[0], criteria).results
    if kind in matching.ASSESSED_IN_INTRODUCTION:
        assert result.verdict == matching.Verdict.TO_ASSESS
        assert "introduktionsveckan" in result.text
    else:
        assert result.verdict == matching.Verdict.MET, criterion


def test_physical_demands_do_not_block_and_are_shown_as_to_assess(client, af, af_coordinator):
    track = TrackFactory()
    CriterionFactory(
        version=track.profile_version,
        kind=CriterionKind.PHYSICAL,
        mode=CriterionMode.REQUIRED,
        swedish_level="",
        physical_demand="heavy",
    )
    ParticipantFactory(name="Stark Kandidat", registered_by=af)
    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:find_candidates", args=[track.pk])).content.decode()
    assert "Stark Kandidat" in body
    assert "Bedöms under introduktionsveckan" in body


def test_a_search_that_finds_nobody_names_the_criterion_that_blocks_everyone(
    client, af, af_coordinator
):
    track = TrackFactory()
    version = track.profile_version
    CriterionFactory(version=version, kind=CriterionKind.SWEDISH, swedish_level="sfi_c")
    CriterionFactory(
        version=version, kind=CriterionKind.CERTIFICATE, swedish_level="", certificate="forklift"
    )
    ParticipantFactory(registered_by=af, swedish_level="b1")
    ParticipantFactory(registered_by=af, swedish_level="sfi_a")

    considered, reach = matching.reach_of_required(
        track=track, user=af_coordinator, criteria=matching.criteria_of(track)
    )
    assert considered == 2
    assert {r.criterion.kind: r.met_by for r in reach} == {"swedish": 1, "certificate": 0}
    assert [r.criterion.kind for r in reach if r.blocks_everyone] == ["certificate"]

    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:find_candidates", args=[track.pk])).content.decode()
    assert "0 kandidater" in body
    assert "Stoppar alla:" in body
    assert "uppfylls av 0 av 2" in body
    assert "uppfylls av 1 av 2" in body
