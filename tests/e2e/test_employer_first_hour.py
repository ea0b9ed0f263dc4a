"""The employer's first hour on the demo data (Omsorgshuset Söder AB, user "arbetsgivare"), on a
320 px phone and a 1280 px desktop: the start page, the recruiting track, the candidates, a
decision, the meetings (and a calendar file) and the agreement. Every figure shown (counts,
dates, times, positions) is checked against the database; axe, tap targets and the one-line
header on every page."""

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from employers.models import Employer, PlanningMeeting
from jobbspar.demo import DEMO_PASSWORD
from portal.demo import EMPLOYER_NAME
from tests.browser import assert_no_axe_violations, login
from tests.e2e.portal_layout import assert_tap_targets, header_rows
from tracks.models import CandidateDecision, Decision, State, Track, TrackStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(value: dt.datetime, fmt: str) -> str:
    with translation.override("sv"):
        return formats.date_format(timezone.localtime(value), fmt)


def _check_phone(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, page.url
    assert_tap_targets(page)
    assert_no_axe_violations(page)


def _check_desktop(page) -> None:
    assert header_rows(page) == 1, f"the header wraps at 1280 px on {page.url}"
    assert_no_axe_violations(page)


def test_employer_first_hour_on_a_phone_and_a_desktop(phone_page, page, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    employer = Employer.objects.get(name=EMPLOYER_NAME)
    tracks = list(Track.objects.filter(employer=employer))
    track = Track.objects.get(employer=employer, status=TrackStatus.RECRUITING)
    presented = list(track.participants.filter(state=State.PRESENTED).order_by("candidate_number"))
    assert len(presented) >= 4  # the demo promises a selection to make
    meetings = list(PlanningMeeting.objects.filter(need=track.need).order_by("starts_at"))

    for browser_page, check in ((phone_page, _check_phone), (page, _check_desktop)):
        login(browser_page, "arbetsgivare", DEMO_PASSWORD)
        browser_page.goto(browser_page.base_url + "/portal/")
        # The start page: their employer and every one of its tracks, with its dates.
        expect(browser_page.get_by_role("heading", level=1)).to_have_text("Era jobbspår")
        main = browser_page.locator("main")
        expect(main).to_contain_text(EMPLOYER_NAME)
        names = main.locator("h2").all_inner_texts()
        assert sorted(names) == sorted(t.name for t in tracks)
        card = main.locator("section", has=browser_page.get_by_role("link", name=track.name))
        expect(card).to_contain_text(_local_date(track.start_date))
        # "What we need from you next" gives meeting times in Swedish time, like the list.
        upcoming = [m for m in meetings if m.ends_at >= timezone.now()]
        for meeting in upcoming:
            expect(card).to_contain_text(_local(meeting.starts_at, "j F Y H:i"))
        check(browser_page)

        # The track: the number of candidates waiting, the deadline, the meetings.
        browser_page.get_by_role("link", name=track.name).click()
        browser_page.wait_for_load_state()
        expect(browser_page.get_by_role("heading", level=1)).to_have_text(track.name)
        expect(main).to_contain_text(
            f"{len(presented)} kandidater väntar på ert beslut eller samordnarnas urval."
        )
        expect(main).to_contain_text(_local_date(track.selection_deadline, "j F Y"))
        for meeting in meetings:
            expect(main).to_contain_text(
                f"{meeting.title}, {_local(meeting.starts_at, 'j F Y H:i')}"
            )
        check(browser_page)

        # The candidates: one card per presented candidate, by pseudonym, never by name.
        browser_page.get_by_role("link", name="Se kandidaterna").click()
        browser_page.wait_for_load_state()
        expect(browser_page.get_by_role("heading", level=1)).to_have_text("Kandidater")
        with translation.override("sv"):
            pseudonyms = [str(m.pseudonym) for m in presented]
        titles = main.locator("article.portal-card h2").all_inner_texts()
        assert titles == pseudonyms
        for member in presented:
            expect(main).not_to_contain_text(member.participant.name)
        check(browser_page)

    # A decision, on the phone: select the first candidate; it is recorded for the track.
    phone_page.get_by_role("link", name=f"Besluta – {pseudonyms[0]}").click()
    phone_page.wait_for_load_state()
    _check_phone(phone_page)
    phone_page.get_by_label("Välj ut", exact=True).check()
    phone_page.get_by_role("button", name="Fortsätt").click()
    phone_page.wait_for_load_state()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Bekräfta ert beslut")
    _check_phone(phone_page)
    phone_page.get_by_role("button", name="Bekräfta", exact=True).click()
    phone_page.wait_for_load_state()
    expect(phone_page.get_by_text(f"Ert beslut om {pseudonyms[0]} är sparat")).to_be_visible()
    decision = CandidateDecision.objects.get(track_participant=presented[0])
    assert decision.decision == Decision.SELECT
    _check_phone(phone_page)

    # The meetings: the calendar file has the same time as the page.
    page.goto(page.base_url + f"/portal/tracks/{track.pk}/")
    if meetings:
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Lägg till i kalendern")).first.click()
        calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
        event = next(iter(calendar.walk("VEVENT")))
        assert event.decoded("DTSTART") == meetings[0].starts_at

    # The agreement: the positions and the status the coordinators recorded.
    if track.agreement_id:
        page.get_by_role("link", name="Läs överenskommelsen").click()
        page.wait_for_load_state()
        agreement = track.agreement
        expect(page.locator("main")).to_contain_text(f"Antal tjänster{agreement.positions}")
        with translation.override("sv"):
            expect(page.locator("main")).to_contain_text(str(agreement.get_status_display()))
        _check_desktop(page)


def _local_date(value: dt.date, fmt: str = "j F Y") -> str:
    with translation.override("sv"):
        return formats.date_format(value, fmt)
