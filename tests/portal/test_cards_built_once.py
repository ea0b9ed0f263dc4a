"""The employer's candidate cards read their members and people by statements built once per kind
of user and of profile (portal/cards.py, jobbspar/database/prepared.py): each employer sees the
cards of their own track only, a name only where the identity may be shown (the database reads
no other name), the verdicts of each track's own profile, and once taken neither statement is
built again."""

import pytest

from employers.models import CriterionKind, CriterionMode
from jobbspar.database import prepared
from jobbspar.database.arrays import id_array
from participants.models import OtherLanguage
from portal import access as portal_access
from portal import cards
from portal.cards import candidate_cards
from tests.employers.factories import CriterionFactory
from tests.portal.factories import portal_track
from tracks import matching
from tracks.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


def _seen(user, track, member_id=None):
    return [
        (card.member_id, card.label, card.identified, card.met, card.blocking, card.languages)
        for card in candidate_cards(user=user, track=track, member_id=member_id)
    ]


def _expected(user, track):
    """What each card must say, worked out without the builders: the portal's members in
    candidate-number order, named where the identity may be shown (else their pseudonym), with
    the track's own profile's verdicts (explain_participant, built on each call)."""
    criteria = matching.criteria_of(track)
    rows = []
    for m in portal_access.portal_candidates_for(user, track).order_by("candidate_number"):
        explanation = matching.explain_participant(participant=m.participant, criteria=criteria)
        card = next(c for c in candidate_cards(user=user, track=track) if c.member_id == m.pk)
        shown = portal_access.portal_identity_visible(m)
        rows.append(
            (
                m.pk,
                m.participant.name if shown else str(m.pseudonym),
                shown,
                [r.label for r in explanation.met],
                [r.label for r in explanation.blocking],
                card.languages,
            )
        )
    return rows


def _names_read(user, track):
    """card_name as the database gives it to _people for the track's cards: by member."""
    members = portal_access.portal_candidates_of_track(user, track.pk)
    identified = [m.participant_id for m in members if portal_access.portal_identity_visible(m)]
    form, values = matching.criteria_as_values(matching.criteria_of(track))
    with cards.access.unscoped("test: the names _people reads"):
        people = prepared.evaluate(
            cards._people,
            user,
            prepared.Fixed(form),
            values,
            id_array([m.participant_id for m in members]),
            id_array(identified),
        )
    return {p.pk: p.card_name for p in people}


def _asks_for_language(track, language):
    """The track's profile asks for `language` at B2, trained in the track where missing."""
    CriterionFactory(
        version=track.profile_version,
        kind=CriterionKind.LANGUAGE,
        mode=CriterionMode.TRAINED,
        language=language,
        language_level="b2",
    )


@pytest.fixture
def second(employer_user, af_coordinator):
    """A second blind track of the same employer whose profile asks, in the same form, for
    another language: somaliska, which its candidates do not speak (they speak arabiska)."""
    track, members = portal_track(
        organisation=employer_user.organisation,
        coordinator=af_coordinator,
        presented=2,
        selected=1,
        name="Vårdbiträden Norr",
    )
    _asks_for_language(track, "somaliska")
    return {"track": track, "members": members}


def test_each_employer_sees_its_own_cards_through_statements_built_once(
    own, other, second, employer_user, other_employer_user, taken_only
):
    # The first track's profile asks for arabiska in the same form as the second's somaliska.
    _asks_for_language(own["track"], "arabiska")
    mine = _expected(employer_user, own["track"])
    also_mine = _expected(employer_user, second["track"])
    theirs = _expected(other_employer_user, other["track"])
    assert len(mine) == 6 and len(also_mine) == 3 and len(theirs) == 4
    assert any(identified for _pk, _label, identified, *_rest in mine)  # the one selected
    assert any(not identified for _pk, _label, identified, *_rest in mine)  # blind before it
    assert all(identified for _pk, _label, identified, *_rest in theirs)  # not a blind track
    # Arabiska is met on the first track and not on the second: the same kind, other values.
    assert all(any("arabiska" in label for label in met) for *_a, met, _b, _c in mine)
    assert not any(any("somaliska" in label for label in met) for *_a, met, _b, _c in also_mine)
    blind = [pk for pk, _label, identified, *_rest in mine if not identified]
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        assert _seen(employer_user, own["track"]) == mine
        assert _seen(employer_user, second["track"]) == also_mine
        assert _seen(other_employer_user, other["track"]) == theirs
        # Another employer's track, or its member by id: no cards.
        assert _seen(employer_user, other["track"]) == []
        assert _seen(other_employer_user, own["track"]) == []
        assert _seen(employer_user, other["track"], member_id=theirs[0][0]) == []
        assert _seen(employer_user, own["track"], member_id=mine[0][0]) == mine[:1]
        # The database reads no name of a candidate whose identity is hidden.
        read = _names_read(employer_user, own["track"])
        members = {m.pk: m for m in own["members"]}
        for pk, label, identified, *_rest in mine:
            person = members[pk].participant_id
            assert read[person] == (label if identified else "")
        assert blind and all(read[members[pk].participant_id] == "" for pk in blind)
    kept = [key for key in prepared._kinds if key[0].__module__ == "portal.cards"]
    assert {key[0].__name__ for key in kept} == {"_members", "_people"}
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)

    built = taken_only.watch(portal_access, "portal_candidates_of_track")
    annotated = taken_only.watch(cards.matching, "annotate_criteria")
    assert _seen(employer_user, own["track"]) == mine
    assert _seen(employer_user, second["track"]) == also_mine
    assert _seen(other_employer_user, other["track"]) == theirs
    assert _seen(employer_user, own["track"], member_id=mine[0][0]) == mine[:1]
    assert built == annotated == []

    # A candidate selected since: their name shows, read by the same statements.
    chosen = next(m for m in own["members"] if m.pk == blind[0])
    chosen.state = State.SELECTED
    chosen.save(update_fields=["state"])
    card = next(
        c
        for c in candidate_cards(user=employer_user, track=own["track"])
        if c.member_id == chosen.pk
    )
    assert (card.label, card.identified) == (chosen.participant.name, True)
    assert built == annotated == []
    assert OtherLanguage.objects.filter(
        participant=chosen.participant, language="arabiska"
    ).exists()
