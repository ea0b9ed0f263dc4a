"""Blind selection that is blind: until the employer has selected a candidate, the card shows only
what the requirement profile asks about, decided in the card projection (portal/cards.py).

Issue 21: a pseudonymous card showed "somaliska (Modersmål)", which tells origin."""

import pytest
from django.urls import reverse

from employers.models import CriterionKind, CriterionMode
from participants.models import OtherLanguage, Participant
from portal.cards import CARD_FIELDS, _everything, candidate_cards
from tests.employers.factories import CriterionFactory, occupation
from tests.participants.factories import WorkExperienceFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

# Every participant field the projection may read, with a value that must not leak, and how the
# value shows on a card when it is shown. `test_every_card_field_is_covered` keeps this complete.
LEAKS = {
    "swedish_level": ("c1", "GERS C1"),
    "education_level": ("post_secondary", "Eftergymnasial utbildning kortare än 3 år"),
    "driving_licences": (["C"], "C (tung lastbil)"),
    "certificates": (["forklift"], "Truckkort"),
}


def _presented(own):
    return next(m for m in own["members"] if m.state == State.PRESENTED)


def _selected(own):
    return next(m for m in own["members"] if m.state == State.IN_APL)


def _give_everything(person):
    for field, (value, _shown) in LEAKS.items():
        setattr(person, field, value)
    person.save()
    person.languages.all().delete()
    person.experiences.all().delete()
    OtherLanguage.objects.create(participant=person, language="somaliska", level="native")
    OtherLanguage.objects.create(participant=person, language="engelska", level="b2")
    WorkExperienceFactory(participant=person, occupation=occupation("5321"), months=14)
    WorkExperienceFactory(participant=person, occupation=occupation("8331"), months=30)


def _card(employer_user, own, member):
    return next(
        c
        for c in candidate_cards(user=employer_user, track=own["track"])
        if c.member_id == member.pk
    )


def test_every_card_field_is_covered():
    # A field added to the projection must be added to LEAKS (and to _asked_for) too.
    assert set(CARD_FIELDS) == {"id", *LEAKS}


def test_a_card_before_selection_shows_only_the_swedish_level_the_profile_asks_about(
    client, employer_user, own
):
    member = _presented(own)
    _give_everything(member.participant)
    card = _card(employer_user, own, member)
    assert card.limited
    assert card.swedish_level  # the factory's profile asks for Swedish
    assert card.languages is None and card.experience is None
    assert card.education_level is None and card.licences is None and card.certificates is None

    client.force_login(employer_user)
    body = client.get(reverse("portal:candidates", args=[own["track"].pk])).content.decode()
    assert "GERS C1" in body
    hidden = [shown for field, (_v, shown) in LEAKS.items() if field != "swedish_level"]
    for word in ("somaliska", "Modersmål", "engelska", "Buss", *hidden):
        assert word not in body


def test_a_card_before_selection_shows_what_each_criterion_asks_about(employer_user, own):
    version = own["track"].profile_version
    for kind, values in [
        (CriterionKind.LANGUAGE, {"language": "Somaliska", "language_level": "b2"}),
        (CriterionKind.EXPERIENCE, {"experience_occupation": occupation("5321")}),
        (CriterionKind.EDUCATION, {"education_level": "upper_secondary"}),
        (CriterionKind.DRIVING_LICENCE, {"driving_licence": "B"}),
        (CriterionKind.CERTIFICATE, {"certificate": "forklift"}),
    ]:
        values.setdefault("swedish_level", "")
        CriterionFactory(version=version, kind=kind, mode=CriterionMode.TRAINED, **values)
    member = _presented(own)
    _give_everything(member.participant)
    card = _card(employer_user, own, member)
    # The level asked for, never the person's "native language".
    assert card.languages == ["Somaliska (lägst B2 (övre medelnivå))"]
    assert card.experience == [f"{occupation('5321').name}, 14 månader"]
    assert card.education_level == "Eftergymnasial utbildning kortare än 3 år"
    assert card.licences == []  # asked for B; the person's C is not shown
    assert card.certificates == ["Truckkort"]


def test_a_selected_candidates_card_shows_the_whole_projection(employer_user, own):
    member = _selected(own)
    _give_everything(member.participant)
    card = _card(employer_user, own, member)
    assert not card.limited
    assert any("somaliska" in lang for lang in card.languages)
    assert len(card.experience) == 2
    # Read with the person (jobbspar/database/nested.py), as the related managers give them: in
    # the models' order (language; most months first), with the occupation's name.
    expected = _everything(Participant.objects.get(pk=member.participant_id))
    assert card.languages == expected.languages
    assert card.experience == expected.experience
    assert card.languages[0].startswith("engelska") and card.experience[0].startswith(
        occupation("8331").name
    )
    assert card.licences and card.certificates and card.education_level
