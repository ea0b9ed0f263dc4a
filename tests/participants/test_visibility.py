"""Who sees which participant: own organisation's, plus those shared by an active consent.

Lists, detail pages, search, counts and the export all go through
participants.access.participants_for, so each is checked here for every role.
"""

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef, Q
from django.urls import get_resolver, reverse
from django.utils import timezone

from jobbspar.database import prepared
from jobbspar.database.arrays import id_array
from jobbspar.models import Role
from participants import access as participants_access
from participants.consent import withdraw_consent
from participants.models import OtherLanguage
from tests.dates import today
from tests.jobbspar.factories import MunicipalityFactory, UserFactory
from tests.participants.factories import (
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
)

pytestmark = pytest.mark.django_db

VISIBLE = {
    Role.AF_COORDINATOR: {"af", "shared"},
    Role.MUNICIPAL_COORDINATOR: {"municipal", "shared"},
    Role.JOB_COACH: {"municipal", "shared"},  # the persona job coach works for the municipality
    Role.EMPLOYER: set(),
    Role.MANAGER: set(),
    Role.ADMIN: set(),
    # The education provider knows members' names only through schedule/access.py.
    Role.EDUCATION_PROVIDER: set(),
}


def _names(people, keys):
    return {people[key].name for key in keys}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_participants_for_each_role(people, personas, role):
    visible = set(
        participants_access.participants_for(personas[role]).values_list("name", flat=True)
    )
    assert visible == _names(people, VISIBLE[role])


@pytest.mark.parametrize("role", list(VISIBLE))
def test_a_condition_checked_inside_the_visible_ids_gives_the_same_rows(people, personas, role):
    """participants_for(user, where) narrows each half of the visible ids by the condition (for
    matching's speed), and must give exactly participants_for(user).filter(where)."""
    municipality = people["municipal"].registered_by
    # One more of each kind that fails the condition, and people shared by a lapsed consent.
    ParticipantFactory(name="Af closed", registered_by=people["af"].registered_by, status="closed")
    ParticipantFactory(name="Municipal closed", registered_by=municipality, status="closed")
    closed_shared = ParticipantFactory(
        name="Shared closed", registered_by=people["af"].registered_by, status="closed"
    )
    ConsentFactory(participant=closed_shared, shared_with=municipality)
    lapsed = ParticipantFactory(name="Lapsed", registered_by=people["af"].registered_by)
    ConsentFactory(
        participant=lapsed,
        shared_with=municipality,
        given_on=today() - dt.timedelta(days=60),
        valid_until=today() - dt.timedelta(days=1),
    )
    user = personas[role]
    OtherLanguage.objects.create(participant=people["shared"], language="arabiska", level="c1")
    speaks = Exists(OtherLanguage.objects.filter(participant=OuterRef("pk")))
    conditions = (
        Q(status="active"),
        Q(status="closed"),
        Q(name__startswith="O"),
        Q(speaks),  # a subquery on the row itself
        Q(interests__isnull=True),  # a many-to-many field
    )
    for where in conditions:
        narrowed = set(participants_access.participants_for(user, where=where))
        assert narrowed == set(participants_access.participants_for(user).filter(where))
    active = {p.name for p in participants_access.participants_for(user, Q(status="active"))}
    # "Lapsed" is AF's own: AF's staff see it, the municipality no longer does.
    assert active == _names(people, VISIBLE[role]) | (
        {"Lapsed"} if "af" in VISIBLE[role] else set()
    )
    if VISIBLE[role]:
        # Checked in the registered half, the shared people's copy (participants/models/
        # shared_copy.py) and on the rows themselves, once: the shared ids are not looked up
        # in the people's table before the rows are.
        sql = str(participants_access.participants_for(user, where=Q(name__startswith="O")).query)
        assert sql.count('"name"::text LIKE') == 3
        assert sql.count('FROM "participants_participant"') == 2
        assert '"participants_sharedcopy"' in sql


@pytest.mark.parametrize("role", list(VISIBLE))
def test_list_count_and_detail_agree_with_access(client, people, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("participants:participant_list"))
    if not VISIBLE[role]:
        assert response.status_code == 403
        for participant in (people["af"], people["municipal"], people["shared"]):
            assert client.get(participant.get_absolute_url()).status_code == 403
        return
    assert response.status_code == 200
    assert {p.name for p in response.context["participants"]} == _names(people, VISIBLE[role])
    assert f"{len(VISIBLE[role])} träffar" in response.content.decode()
    for key in ("af", "municipal", "shared"):
        status = client.get(people[key].get_absolute_url()).status_code
        assert status == (200 if key in VISIBLE[role] else 404), key


@pytest.mark.parametrize("role", [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR])
def test_search_by_personal_number_finds_only_visible_participants(client, people, personas, role):
    client.force_login(personas[role])
    for key in ("af", "municipal", "shared"):
        number = people[key].personal_number
        response = client.get(reverse("participants:participant_list"), {"q": number})
        hits = {p.name for p in response.context["participants"]}
        assert hits == ({people[key].name} if key in VISIBLE[role] else set()), key


@pytest.mark.parametrize("role", [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR])
def test_export_holds_only_visible_participants(client, people, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("participants:participant_export"))
    body = b"".join(response.streaming_content).decode()
    for key in ("af", "municipal", "shared"):
        assert (people[key].name in body) == (key in VISIBLE[role]), key
        assert (people[key].personal_number_display in body) == (key in VISIBLE[role]), key


@pytest.mark.parametrize("role", [Role.JOB_COACH, Role.EMPLOYER, Role.MANAGER, Role.ADMIN])
def test_export_is_for_coordinators_only(client, people, personas, role):
    client.force_login(personas[role])
    assert client.get(reverse("participants:participant_export")).status_code == 403


def test_withdrawal_hides_the_participant_at_once(client, people, municipal_coordinator):
    client.force_login(municipal_coordinator)
    shared = people["shared"]
    assert client.get(shared.get_absolute_url()).status_code == 200
    withdraw_consent(consent=people["consent"], withdrawn_on=today(), by=municipal_coordinator)
    assert client.get(shared.get_absolute_url()).status_code == 404
    response = client.get(reverse("participants:participant_list"), {"q": shared.name})
    assert response.context["page_obj"].paginator.count == 0
    export = client.get(reverse("participants:participant_export"))
    assert shared.name not in b"".join(export.streaming_content).decode()
    assert (
        not participants_access.participants_for(municipal_coordinator)
        .filter(pk=shared.pk)
        .exists()
    )


def test_expired_or_future_consent_does_not_share(people, municipal_coordinator):
    consent = people["consent"]
    consent.valid_until = today() - dt.timedelta(days=1)
    consent.given_on = consent.valid_until - dt.timedelta(days=30)
    consent.save()
    assert not participants_access.participants_for(municipal_coordinator).filter(
        pk=consent.participant_id
    )
    consent.given_on = today() + dt.timedelta(days=1)
    consent.valid_until = None
    consent.save()
    assert not participants_access.participants_for(municipal_coordinator).filter(
        pk=consent.participant_id
    )


def test_consent_to_another_organisation_does_not_share_with_mine(
    people, municipal_coordinator, af_coordinator
):

    other = MunicipalityFactory(name="Lunds kommun")
    ConsentFactory(participant=people["af"], shared_with=other, recorded_by=af_coordinator)
    assert not participants_access.participants_for(municipal_coordinator).filter(
        pk=people["af"].pk
    )


def test_income_support_is_shown_to_municipal_staff_only(
    client, people, af_coordinator, municipal_coordinator, job_coach
):
    shared = people["shared"]
    for user, sees in [(af_coordinator, False), (municipal_coordinator, True), (job_coach, True)]:
        client.force_login(user)
        page = client.get(shared.get_absolute_url()).content.decode()
        assert ("Har försörjningsstöd" in page) is sees, user.role
        export = client.get(reverse("participants:participant_export"))
        if export.status_code == 200:
            assert ("Har försörjningsstöd" in b"".join(export.streaming_content).decode()) is sees
        edit = client.get(reverse("participants:participant_edit", args=[shared.pk]))
        if edit.status_code == 200:
            assert ("receives_income_support" in edit.context["form"].fields) is sees


def test_income_support_filter_is_ignored_for_staff_who_may_not_see_it(
    client, people, af_coordinator
):
    client.force_login(af_coordinator)
    response = client.get(
        reverse("participants:participant_list"), {"target_group": "income_support"}
    )
    # Not offered, so the value is refused; never used to narrow the list.
    assert "target_group" in response.context["form"].errors
    assert response.context["page_obj"].paginator.count == 2


def test_field_rules(af_coordinator, municipal_coordinator, employer_user, manager, admin_user):
    assert "receives_income_support" not in participants_access.participant_fields_for(
        af_coordinator
    )
    assert "receives_income_support" in participants_access.participant_fields_for(
        municipal_coordinator
    )
    assert "long_term_unemployed" in participants_access.participant_fields_for(af_coordinator)
    for user in (employer_user, manager, admin_user):
        assert participants_access.participant_fields_for(user) == frozenset()
        assert not participants_access.can_see_case_notes(user)
        assert not participants_access.can_see_income_support(user)
    assert participants_access.can_see_case_notes(af_coordinator)


def test_navigation_shows_participants_to_staff_only(client, personas):
    for role, user in personas.items():
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert (reverse("participants:participant_list") in page) is (
            role in participants_access.PARTICIPANT_VIEWERS
        ), role


def test_every_participant_url_is_404_for_a_participant_not_shared(
    client, people, municipal_coordinator, af_coordinator
):
    """IDOR probe: every participant URL with an id, for a participant of another organisation."""

    hidden = people["af"]
    consent = ConsentFactory(
        participant=hidden, shared_with=af_coordinator.organisation, recorded_by=af_coordinator
    )
    children = {
        "plan_item_edit": PlanItemFactory(participant=hidden, created_by=af_coordinator).pk,
        "language_delete": OtherLanguage.objects.create(
            participant=hidden, language="dari", level="b1"
        ).pk,
        "experience_delete": WorkExperienceFactory(participant=hidden).pk,
    }
    names = [
        name
        for name, patterns in get_resolver().namespace_dict["participants"][1].reverse_dict.items()
        if isinstance(name, str) and "pk" in patterns[0][0][1]
    ]
    assert len(names) >= 12
    client.force_login(municipal_coordinator)
    for name in names:
        kwargs = {"pk": hidden.pk}
        if name in children:
            kwargs["item_pk"] = children[name]
        if name == "consent_withdraw":
            kwargs["consent_pk"] = consent.pk
        url = reverse(f"participants:{name}", kwargs=kwargs)
        statuses = {client.get(url).status_code, client.post(url, {}).status_code}
        assert 404 in statuses, url
        assert statuses <= {404, 405}, url


def test_the_fast_count_is_the_number_of_participants_the_list_shows(af, municipality):
    """count_participants_for counts the id sets alone: duplicates (registered and shared, two
    consents, a withdrawn and a new one) count once, expired and withdrawn ones not at all."""

    today = timezone.localdate()
    coordinator = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=municipality)
    own = ParticipantFactory(registered_by=municipality)
    ConsentFactory(participant=own, shared_with=municipality)  # own and shared: once
    twice = ParticipantFactory(registered_by=af)
    ConsentFactory(participant=twice, shared_with=municipality)
    ConsentFactory(participant=twice, shared_with=municipality)
    expired = ParticipantFactory(registered_by=af)
    ConsentFactory(
        participant=expired,
        shared_with=municipality,
        given_on=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    withdrawn = ParticipantFactory(registered_by=af)
    withdraw_consent(
        consent=ConsentFactory(participant=withdrawn, shared_with=municipality),
        withdrawn_on=today,
        by=UserFactory(role=Role.AF_COORDINATOR, organisation=af),
    )
    later = ParticipantFactory(registered_by=af)
    ConsentFactory(participant=later, shared_with=municipality, given_on=today + dt.timedelta(1))
    ParticipantFactory(registered_by=af)  # not shared
    shown = participants_access.participants_for(coordinator)
    assert set(shown.values_list("pk", flat=True)) == {own.pk, twice.pk}
    # The count's statement learnt, spot-checked and taken (prepared.py).
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):
        assert participants_access.count_participants_for(coordinator) == shown.count() == 2
        assert participants_access.count_participants_for(UserFactory(role=Role.MANAGER)) == 0
    # AF's coordinator (a kind of its own): the five AF registered, nothing shared with AF.
    af_coordinator = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):
        assert participants_access.count_participants_for(af_coordinator) == 5
    # An organisation that registered nobody and has one person shared: one.
    third = MunicipalityFactory()
    ConsentFactory(participant=twice, shared_with=third)
    third_coordinator = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=third)
    assert participants_access.count_participants_for(third_coordinator) == 1


@pytest.mark.parametrize("role", list(VISIBLE))
def test_participants_among_applies_the_same_rule_row_by_row(people, personas, role):
    everyone = [people[key].pk for key in ("af", "municipal", "shared")]
    user = personas[role]
    among = set(participants_access.participants_among(user, everyone).values_list("pk", flat=True))
    assert among == set(participants_access.participants_for(user).values_list("pk", flat=True))
    assert among == {people[key].pk for key in VISIBLE[role]}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_participants_listed_applies_the_same_rule_as_participants_among(people, personas, role):
    """The list's rows take their page's ids as one value (arrays.id_array): the same rule."""
    everyone = [people[key].pk for key in ("af", "municipal", "shared")]
    user = personas[role]
    listed = participants_access.participants_listed(user, id_array(everyone))
    assert set(listed.values_list("pk", flat=True)) == {people[key].pk for key in VISIBLE[role]}


def test_participants_among_drops_expired_and_withdrawn_consents(people, municipal_coordinator):
    shared = people["shared"]
    assert list(participants_access.participants_among(municipal_coordinator, [shared.pk])) == [
        shared
    ]
    withdraw_consent(
        consent=people["consent"], withdrawn_on=people["consent"].given_on, by=municipal_coordinator
    )
    assert not participants_access.participants_among(municipal_coordinator, [shared.pk]).exists()


@pytest.mark.parametrize("role", list(VISIBLE))
def test_seen_by_applies_the_same_rule_row_by_row(people, personas, role):
    """seen_by (a condition on rows naming a participant, checked row by row) gives
    participants_for's people, and a withdrawn consent hides at once."""
    from tests.tracks.factories import TrackFactory, TrackParticipantFactory

    user = personas[role]
    track = TrackFactory()
    for key in ("af", "municipal", "shared"):
        TrackParticipantFactory(track=track, participant=people[key])
    members = track.participants.all()

    def seen() -> set[int]:
        return set(
            members.filter(participants_access.seen_by(user)).values_list(
                "participant_id", flat=True
            )
        )

    assert seen() == {people[key].pk for key in VISIBLE[role]}
    assert seen() == set(participants_access.participants_for(user).values_list("pk", flat=True))
    if role == Role.MUNICIPAL_COORDINATOR:
        withdraw_consent(
            consent=people["consent"], withdrawn_on=people["consent"].given_on, by=user
        )
        assert seen() == {people["municipal"].pk}
