"""The participant page's lists about the person (interests, languages, work experience, plan,
consents, history, requests for access) are read with the person (participants.access.
records_of_outer, interests_of_outer, access_requests_of_outer: jobbspar/database/nested.py) and
the case notes by the person's id (notes_of), each built once per kind of user (jobbspar/
database/prepared.py): the rule holds on every list whatever query it is read in, two people's
pages share every statement and each shows its own rows, and nothing is refused."""

import datetime as dt

import pytest
from django.urls import reverse

from jobbspar.database import prepared
from jobbspar.scoping import scoped
from participants import access as participants_access
from participants import access_requests
from participants.consent import withdraw_consent
from participants.models import (
    AccessRequest,
    CaseNote,
    Consent,
    ConsentScope,
    OtherLanguage,
    Participant,
    ParticipantEvent,
    PlanItem,
    WorkExperience,
)
from participants.registration import log_event
from participants.views.detail import participant_lists
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import (
    CaseNoteFactory,
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
    occupation,
)
from tracks.models import TrackParticipant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

# Each person's occupation of interest.
INTEREST = {1: "5321", 2: "8331"}


def _person(af, af_coordinator, municipal_coordinator, n):
    """A person registered by AF with a row in every list, their own words in each."""
    person = ParticipantFactory(registered_by=af, name=f"Person {n}")
    person.interests.add(occupation(INTEREST[n]))
    OtherLanguage.objects.create(participant=person, language=f"Språk {n}", level="c1")
    WorkExperienceFactory(participant=person, occupation=occupation("4322"), where=f"Lager {n}")
    PlanItemFactory(participant=person, title=f"Plan {n}", created_by=af_coordinator)
    CaseNoteFactory(participant=person, author=af_coordinator, text=f"Anteckning {n}")
    log_event(participant=person, kind="updated", by=af_coordinator, detail=f"Händelse {n}")
    _ask(person, municipal_coordinator, days_ago=10 + n)
    return person


def _ask(person, by, *, days_ago):
    """A request for access with a consent given `days_ago` (the date the page shows)."""
    return access_requests.request_access(
        participant=person,
        by=by,
        consent_given_on=today() - dt.timedelta(days=days_ago),
        consent_method="in_writing",
        consent_taken_by="Sara Malmö",
        scope="whole_record",
        valid_until=today() + dt.timedelta(days=90),
    )


# The lists the participant page reads with the person (participants.views.detail.
# participant_lists, jobbspar/database/nested.py), by the name of their value.
NESTED = {
    "language_rows": OtherLanguage,
    "experience_rows": WorkExperience,
    "plan_rows": PlanItem,
    "consent_rows": Consent,
    "event_rows": ParticipantEvent,
    "request_rows": "requests",
    "interest_rows": "interests",
}


def _nested_counts(user, people):
    """Each person's lists as the page reads them, nested in a query of these people that does
    not check the person's own rule: {person's id: {list: rows}}."""
    rows = (
        scoped(Participant)
        .filter(pk__in=[person.pk for person in people])
        .annotate(**participant_lists(user))
        .values("pk", *NESTED)
    )
    return {row["pk"]: {key: len(row[name] or []) for name, key in NESTED.items()} for row in rows}


def _rule_counts(user, person):
    """The same lists from each one's own access function."""
    return {
        model: participants_access.records_of(user, model, person.pk).count()
        for model in NESTED.values()
        if not isinstance(model, str)
    } | {
        "interests": participants_access.interests_of(user, person.pk).count(),
        "requests": participants_access.access_requests_of(user, person.pk).count(),
    }


def _given(days_ago: int) -> str:
    return (today() - dt.timedelta(days=days_ago)).isoformat()


def test_the_lists_follow_the_rule(
    af, municipality, af_coordinator, municipal_coordinator, employer_user, manager, job_coach
):
    """Every list about the person, from its access function: the holder's staff see them all;
    an organisation sees them once a consent shares the person with it, the case notes only
    under a consent to the whole record, and of the requests for access its own; employer users
    and managers never; after the consent's withdrawal, nothing again."""
    person = _person(af, af_coordinator, municipal_coordinator, 1)
    ConsentFactory(participant=person, shared_with=af, recorded_by=af_coordinator)
    # The municipality's own person, with a row in every list, asked about by AF: never shared.
    theirs = _person(municipality, municipal_coordinator, af_coordinator, 2)

    def seen(user):
        # The notes' rule in SQL (notes_of) is can_see_case_notes' rule: they agree on each user.
        notes = participants_access.notes_of(user, person.pk).exists()
        assert notes == participants_access.can_see_case_notes(user, person), user
        # The lists the page reads with the person follow their access functions' rules
        # whatever query they are nested in: here one of two people that checks neither's.
        assert _nested_counts(user, [person, theirs]) == {
            person.pk: _rule_counts(user, person),
            theirs.pk: _rule_counts(user, theirs),
        }, user
        return {
            model: participants_access.records_of(user, model, person.pk).count()
            for model in participants_access.RECORD_LISTS
        } | {
            "interests": participants_access.interests_of(user, person.pk).count(),
            "notes": participants_access.notes_of(user, person.pk).count(),
            "requests": participants_access.access_requests_of(user, person.pk).count(),
        }

    # Two events: the one logged here and the request for access.
    everything = dict.fromkeys(participants_access.RECORD_LISTS, 1) | {
        ParticipantEvent: 2,
        "interests": 1,
        "notes": 1,
        "requests": 1,
    }
    assert seen(af_coordinator) == everything
    nothing = dict.fromkeys(everything, 0)
    # The municipality has asked, not been given a consent: it sees nothing of the record.
    for user in (municipal_coordinator, job_coach, employer_user, manager):
        assert seen(user) == nothing, user
    # A consent without the notes shares the person with the municipality: its staff see the
    # lists and their own request, not the notes.
    without_notes = ConsentFactory(
        participant=person,
        shared_with=municipality,
        recorded_by=af_coordinator,
        scope=ConsentScope.WITHOUT_NOTES,
    )
    assert seen(municipal_coordinator) == {**everything, Consent: 2, "notes": 0}
    assert seen(job_coach) == {**everything, Consent: 2, "notes": 0}
    # Another organisation's request is the holder's to see, not the municipality's.
    _ask(person, UserFactory(), days_ago=3)  # another AF office
    assert seen(af_coordinator)["requests"] == 2
    assert seen(municipal_coordinator)["requests"] == 1
    # A consent to the whole record: the notes too.
    whole = ConsentFactory(participant=person, shared_with=municipality, recorded_by=af_coordinator)
    assert seen(municipal_coordinator)["notes"] == 1
    for user in (employer_user, manager):
        assert seen(user) == nothing, user
    # Withdrawn, and the lists are gone again.
    for consent in (without_notes, whole):
        withdraw_consent(consent=consent, withdrawn_on=today(), by=af_coordinator)
    assert seen(municipal_coordinator) == nothing


@pytest.mark.parametrize("model", [CaseNote, AccessRequest, TrackParticipant, Participant])
def test_records_of_hands_out_only_the_lists_everyone_may_read(af_coordinator, model):
    with pytest.raises(ValueError, match="own rule"):
        participants_access.records_of(af_coordinator, model, 1)
    with pytest.raises(ValueError, match="own rule"):
        participants_access.records_of_outer(af_coordinator, model)


def test_every_list_is_built_once_and_each_page_shows_its_own(
    client, af, af_coordinator, municipal_coordinator, taken_only
):
    """Three pages of each person: the first learns, the next are spot-checked and taken; each
    shows its own rows and none of the other's. Without VERIFY and spot checks, the fourth and
    fifth requests build nothing."""
    people = [_person(af, af_coordinator, municipal_coordinator, n) for n in (1, 2)]
    client.force_login(af_coordinator)

    def page(person):
        response = client.get(reverse("participants:participant_detail", args=[person.pk]))
        assert response.status_code == 200
        return response.content.decode()

    for _ in range(3):
        for n, person in enumerate(people, start=1):
            body = page(person)
            other = 3 - n
            for words in ("Språk", "Lager", "Plan", "Anteckning", "Händelse"):
                assert f"{words} {n}" in body, words
                assert f"{words} {other}" not in body, words
            assert _given(10 + n) in body and _given(10 + other) not in body
            assert occupation(INTEREST[n]).name in body
            assert occupation(INTEREST[other]).name not in body
    kinds = taken_only.kinds("participants.views.detail")
    assert set(kinds) == {
        # With the languages, experience, plan, consents, history, requests for access and
        # interests (nested.py).
        "_participant",
        "_notes",
    }
    assert all(type(kind) is prepared._Template for kind in kinds.values()), kinds

    built = taken_only.watch(
        participants_access,
        "participants_for",
        "records_of",
        "records_of_outer",
        "interests_of_outer",
        "notes_of",
        "access_requests_of_outer",
    )
    for n, person in enumerate(people, start=1):
        body = page(person)
        assert f"Anteckning {n}" in body and _given(10 + n) in body
    assert built == []


def test_the_requests_shown_to_the_asking_side_are_its_own(
    client, af, municipality, af_coordinator, municipal_coordinator, lund_coordinator
):
    """The holder sees every request for the record; an organisation the record is shared with
    sees its own request, not another organisation's."""
    person = _person(af, af_coordinator, municipal_coordinator, 1)  # the municipality asks
    _ask(person, lund_coordinator, days_ago=30)  # and so does Lund
    for organisation in (municipality, lund_coordinator.organisation):
        ConsentFactory(participant=person, shared_with=organisation, recorded_by=af_coordinator)
    url = reverse("participants:participant_detail", args=[person.pk])
    expected = {
        af_coordinator: (True, True),
        municipal_coordinator: (True, False),
        lund_coordinator: (False, True),
    }
    for user, shown in expected.items():
        client.force_login(user)
        for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
            body = client.get(url).content.decode()
            assert (_given(11) in body, _given(30) in body) == shown, user


def test_the_history_shows_the_latest_events_newest_first_with_who_did_them(
    client, af, af_coordinator, municipal_coordinator
):
    """The history is read with the person, limited to the latest EVENTS_SHOWN (newest first,
    the later id first at the same moment), with who acted by name and their organisation's
    name: the events the ORM's own slice gives, and not the accounts behind them."""
    from django.utils import timezone

    from participants.views.detail import EVENTS_SHOWN

    person = _person(af, af_coordinator, municipal_coordinator, 1)
    start = timezone.now() - dt.timedelta(days=30)
    ParticipantEvent.objects.bulk_create(
        ParticipantEvent(
            participant=person,
            kind="updated",
            detail=f"Ändring {n}",
            actor=af_coordinator if n % 2 else None,
            organisation=af if n % 2 else None,
            at=start + dt.timedelta(hours=n // 2),  # two at each moment
        )
        for n in range(EVENTS_SHOWN + 5)
    )
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_detail", args=[person.pk]))
    events = response.context["events"]
    expected = list(ParticipantEvent.objects.filter(participant=person)[:EVENTS_SHOWN])
    assert [e.pk for e in events] == [e.pk for e in expected]
    assert [(e.kind, e.detail, e.at) for e in events] == [
        (e.kind, e.detail, e.at) for e in expected
    ]
    assert [
        (str(e.actor) if e.actor else None, e.organisation.name if e.organisation else None)
        for e in events
    ] == [
        (str(e.actor) if e.actor else None, e.organisation.name if e.organisation else None)
        for e in expected
    ]
    acted = [e for e in events if e.actor_id]
    assert acted and all("password" in e.actor.get_deferred_fields() for e in acted)
    assert any(e.actor is None and e.organisation is None for e in events)
    body = response.content.decode()
    assert f"Ändring {EVENTS_SHOWN + 4}" in body and "Ändring 0<" not in body
