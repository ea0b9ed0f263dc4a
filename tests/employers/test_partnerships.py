"""Partnerships on the employer side: a coordinator of another partnership (Lund) reads the
shared employer record but not Malmö's needs, agreements, meetings or action items, and cannot
create work for another partnership."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import PlanningMeeting, RecruitmentNeed
from jobbspar import access
from jobbspar.models import Role
from tests.employers import factories as ef
from tests.jobbspar.factories import MunicipalityFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def malmo_work(partnership, af_coordinator):
    employer = ef.EmployerFactory()
    need = ef.RecruitmentNeedFactory(employer=employer)
    meeting = ef.PlanningMeetingFactory(employer=employer, need=need)
    return {
        "employer": employer,
        "need": need,
        "criterion": ef.CriterionFactory(version__need=need),
        "meeting": meeting,
        "action_item": ef.ActionItemFactory(meeting=meeting, owner=af_coordinator),
        "agreement": ef.AgreementFactory(need=need),
    }


def test_the_factories_and_personas_share_one_partnership(partnership, personas, malmo_work):
    assert malmo_work["need"].partnership == partnership
    coordinator = personas[Role.MUNICIPAL_COORDINATOR]
    assert list(access.partnerships_for(coordinator)) == [partnership]
    assert list(access.partnerships_for(personas[Role.AF_COORDINATOR])) == [partnership]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("employers:need_detail", "need"),
        ("employers:need_edit", "need"),
        ("employers:need_repeat", "need"),
        ("employers:profile", "need"),
        ("employers:criterion_create", "need"),
        ("employers:profile_notes", "need"),
        ("employers:agreement_create", "need"),
        ("employers:agreement_detail", "agreement"),
        ("employers:agreement_edit", "agreement"),
        ("employers:agreement_print", "agreement"),
        ("employers:agreement_pdf", "agreement"),
        ("employers:meeting_detail", "meeting"),
        ("employers:meeting_edit", "meeting"),
        ("employers:meeting_ics", "meeting"),
        ("employers:action_item_create", "meeting"),
    ],
)
def test_another_partnerships_coordinator_cannot_open_or_change_its_work(
    client, lund_coordinator, malmo_work, name, key
):
    client.force_login(lund_coordinator)
    url = reverse(name, kwargs={"pk": malmo_work[key].pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_another_partnerships_coordinator_cannot_post_to_its_items(
    client, lund_coordinator, malmo_work
):
    client.force_login(lund_coordinator)
    need, agreement = malmo_work["need"], malmo_work["agreement"]
    urls = [
        reverse("employers:action_item_toggle", kwargs={"pk": malmo_work["action_item"].pk}),
        reverse("employers:agreement_confirm", kwargs={"pk": agreement.pk}),
        reverse(
            "employers:criterion_delete",
            kwargs={"pk": need.pk, "criterion_pk": malmo_work["criterion"].pk},
        ),
    ]
    for url in urls:
        assert client.post(url, {"done": "1"}).status_code == 404, url
    malmo_work["action_item"].refresh_from_db()
    assert not malmo_work["action_item"].done


def test_employer_record_is_shared_but_its_work_is_not(client, lund_coordinator, malmo_work):
    """Lund's coordinator opens the shared employer, without Malmö's needs or meetings."""
    client.force_login(lund_coordinator)
    response = client.get(reverse("employers:detail", kwargs={"pk": malmo_work["employer"].pk}))
    assert response.status_code == 200
    assert response.context["needs"] == []
    assert response.context["meetings"] == []
    assert response.context["tracks"] == []


def test_the_employer_list_counts_the_users_partnerships_open_needs(
    client, lund_coordinator, municipal_coordinator, malmo_work
):
    url = reverse("employers:list")
    counts = {}
    for user in (municipal_coordinator, lund_coordinator):
        client.force_login(user)
        rows = client.get(url).context["employers"]
        counts[user.username] = {e.pk: e.open_needs for e in rows}[malmo_work["employer"].pk]
    assert counts == {municipal_coordinator.username: 1, lund_coordinator.username: 0}


def test_a_need_is_created_in_the_users_only_partnership(
    client, municipal_coordinator, partnership
):
    employer = ef.EmployerFactory()
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("employers:need_create", kwargs={"pk": employer.pk}), _need_data()
    )
    assert response.status_code == 302
    assert RecruitmentNeed.objects.get(employer=employer).partnership == partnership


def test_a_user_of_two_partnerships_chooses_one_of_theirs(
    client, af, af_coordinator, partnership, other_partnership
):
    """An AF office serving two municipalities: its coordinator chooses, and only among theirs."""
    second = PartnershipFactory(employment_service=af, municipality=MunicipalityFactory())
    employer = ef.EmployerFactory()
    url = reverse("employers:need_create", kwargs={"pk": employer.pk})
    client.force_login(af_coordinator)
    form = client.get(url).context["form"]
    assert set(form.fields["partnership"].queryset) == {partnership, second}
    refused = client.post(url, {**_need_data(), "partnership": other_partnership.pk})
    assert refused.status_code == 200
    assert "partnership" in refused.context["form"].errors
    assert client.post(url, _need_data()).context["form"].errors["partnership"]
    assert client.post(url, {**_need_data(), "partnership": second.pk}).status_code == 302
    assert RecruitmentNeed.objects.get(employer=employer).partnership == second


def test_a_meeting_refuses_another_partnerships_need(
    client, lund_coordinator, other_partnership, malmo_work
):
    employer = malmo_work["employer"]
    client.force_login(lund_coordinator)
    url = reverse("employers:meeting_create", kwargs={"pk": employer.pk})
    response = client.post(url, {**_meeting_data(), "need": malmo_work["need"].pk})
    assert response.status_code == 200
    assert "need" in response.context["form"].errors
    assert not PlanningMeeting.objects.filter(title="Lunds avstämning").exists()
    # Without a need the meeting is Lund's own.
    assert client.post(url, _meeting_data()).status_code == 302
    assert PlanningMeeting.objects.get(title="Lunds avstämning").partnership == other_partnership


def test_a_meeting_takes_its_needs_partnership(client, municipal_coordinator, malmo_work):
    client.force_login(municipal_coordinator)
    url = reverse("employers:meeting_create", kwargs={"pk": malmo_work["employer"].pk})
    response = client.post(url, {**_meeting_data(), "need": malmo_work["need"].pk})
    assert response.status_code == 302
    meeting = PlanningMeeting.objects.get(title="Lunds avstämning")
    assert meeting.partnership == malmo_work["need"].partnership


def test_repeating_a_need_keeps_its_partnership(client, municipal_coordinator, malmo_work):
    client.force_login(municipal_coordinator)
    need = malmo_work["need"]
    start = (timezone.localdate() + dt.timedelta(days=200)).isoformat()
    client.post(reverse("employers:need_repeat", kwargs={"pk": need.pk}), {"wanted_start": start})
    assert need.repetitions.get().partnership == need.partnership


def test_a_coordinator_in_no_partnership_is_told_so(client, employer_org):
    stray = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=MunicipalityFactory())
    employer = ef.EmployerFactory()
    client.force_login(stray)
    response = client.post(
        reverse("employers:need_create", kwargs={"pk": employer.pk}), _need_data()
    )
    assert response.status_code == 200
    assert "partnerskap" in response.content.decode()
    assert not RecruitmentNeed.objects.filter(employer=employer).exists()


def _need_data() -> dict:
    return {
        "occupation": ef.occupation("5321").pk,
        "positions": 4,
        "wanted_start": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "horizon": "now",
        "workplace": "Lund",
        "employment_type": "permanent",
        "working_hours": "daytime",
        "status": "new",
    }


def _meeting_data() -> dict:
    starts = timezone.localtime() + dt.timedelta(days=5)
    return {
        "title": "Lunds avstämning",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Stadshuset",
    }
