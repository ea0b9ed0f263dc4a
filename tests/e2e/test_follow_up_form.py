"""A coordinator answers a follow-up in the browser: the notification leads to the form, an
incomplete answer gets the error summary, the answer is saved; axe on every page, also on a
phone. Then the closing questions of a completed track."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbspar.models import NotificationKind
from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp, State, TrackClosing, TrackStatus
from tracks.reminders import plan_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def due_follow_up(municipality, municipal_coordinator):
    member = TrackParticipantFactory(
        state=State.COMPLETED,
        nominated_by=municipal_coordinator,
        participant=ParticipantFactory(registered_by=municipality, name="Amal Hassan"),
    )
    today = timezone.localdate()
    follow_up = FollowUp.objects.create(
        track_participant=member,
        months=3,
        due_on=today - dt.timedelta(days=3),
        responsible=municipal_coordinator,
    )
    plan_reminders(today=today)
    return follow_up


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_coordinator_answers_a_follow_up(request, viewport, due_follow_up):
    page = request.getfixturevalue(viewport)
    login(page, "malmo.coordinator", TEST_PASSWORD)
    page.goto(page.base_url + "/notifications/")
    assert_no_axe_violations(page)
    assert due_follow_up.responsible.notifications.filter(
        kind=NotificationKind.FOLLOW_UP_DUE
    ).exists()
    page.goto(page.base_url + "/follow-ups/")
    assert page.title() == "Mina uppföljningar – Jobbspår"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amal Hassan").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Anställd hos annan arbetsgivare").check()
    page.get_by_label("Timmar per vecka").fill("trettio")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_load_state()
    assert page.locator(".alert-danger, [role=alert]").first.is_visible()
    assert_no_axe_violations(page)
    assert page.get_by_label("Timmar per vecka").input_value() == "trettio"
    page.get_by_label("Anställningsform").select_option(label="Tillsvidareanställning")
    page.get_by_label("Timmar per vecka").fill("37,5")
    page.get_by_label("Subventionerad anställning").select_option(label="Lönestöd eller lönebidrag")
    page.get_by_role("group", name="Egen försörjning?").get_by_label("Ja").check()
    page.get_by_role("group", name="Får fortfarande försörjningsstöd?").get_by_label("Nej").check()
    page.get_by_label("Varför anställdes deltagaren inte av spårets arbetsgivare?").fill(
        "Fick jobb närmare hemmet."
    )
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_url("**/follow-ups/")
    assert "Uppföljningen sparades." in page.content()
    assert_no_axe_violations(page)
    due_follow_up.refresh_from_db()
    assert due_follow_up.is_known and due_follow_up.income_support is False
    assert due_follow_up.subsidy == "wage_subsidy"


def test_closing_questions_in_the_browser(page, af_coordinator):
    ensure_occupations()
    track = TrackFactory(status=TrackStatus.COMPLETED, name="Undersköterskor våren")
    PhaseFactory(track=track, title="Utbildning")
    login(page, "af.coordinator", TEST_PASSWORD)
    page.goto(page.base_url + track.get_absolute_url())
    page.get_by_role("link", name="Avslutande frågor").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Motsvarade utbildningen arbetsgivarens behov?").get_by_label(
        "Delvis"
    ).check()
    page.get_by_role("group", name="Fungerade ”Utbildning”?").get_by_label("Ja").check()
    page.get_by_role("group", name="Har arbetsgivaren ett nytt rekryteringsbehov?").get_by_label(
        "Nej"
    ).check()
    page.get_by_role("button", name="Spara svaren").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    assert TrackClosing.objects.get(track=track).training_matched_need == "partly"
