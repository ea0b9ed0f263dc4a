"""The steering-group report for a chosen period: the print page and the PDF carry the steering
page's figures for the period, money up to its end; bad dates get a Swedish message."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.dates import today
from tests.steering.factories import (
    BudgetFactory,
    CostFactory,
    DrawDownFactory,
    SteeringDecisionFactory,
    SteeringMeetingFactory,
)
from tests.steering.test_steering_pages import text
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import TrackStatus

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2027, 3, 1)


def report(partnership, start="2027-01-01", end="2027-06-30", pdf=False):
    name = "steering:report_pdf" if pdf else "steering:report"
    return reverse(name, args=[partnership.pk]) + f"?start={start}&end={end}"


@pytest.fixture
def case(partnership):
    """A budget of 1 000 000 kr for 2027 with draw-downs in March (300 000,50) and September
    (200 000); costs in April (45 000,25) and October (5 000); a running track started in March
    with 6 completers, 5 of them offered a job and hired; an open decision."""
    track = TrackFactory(status=TrackStatus.RUNNING, start_date=DAY, name="Lager Syd")
    for n in range(6):
        offered = DAY if n < 5 else None
        TrackParticipantFactory(
            track=track, started_on=DAY, completed_on=DAY, offered_on=offered, employed_on=offered
        )
    budget = BudgetFactory(partnership=partnership, amount=D("1000000.00"))
    march = DrawDownFactory(budget=budget, amount=D("300000.50"), drawn_on=DAY)
    DrawDownFactory(budget=budget, amount=D("200000.00"), drawn_on=dt.date(2027, 9, 1))
    CostFactory(draw_down=march, track=track, amount=D("45000.25"), spent_on=dt.date(2027, 4, 1))
    CostFactory(draw_down=march, track=track, amount=D("5000.00"), spent_on=dt.date(2027, 10, 1))
    SteeringDecisionFactory(
        meeting=SteeringMeetingFactory(partnership=partnership),
        decision="Ett spår inom lager planeras.",
    )
    return track


def test_the_report_carries_the_periods_figures_and_money_up_to_its_end(
    client, manager, partnership, case
):
    client.force_login(manager)
    response = client.get(report(partnership))
    assert response.status_code == 200
    body = text(response)
    assert "Perioden 2027-01-01 till 2027-06-30." in body
    assert "Planerade (planering eller rekrytering) 0 Pågår 1 Avslutade 0" in body
    assert "Placeringsgrad 5 av 6: 83 % (44–97 %)" in body
    assert "Målet nått" in body
    # Only April's cost lies in the period: 45 000,25 / 6 participants and / 5 hires.
    assert "Kostnad per deltagare 7 500,04 kr Kostnad per anställning 9 000,05 kr" in body
    # Drawn and spent up to 30 June: the March draw-down and April's cost.
    assert "Jobbpakten 2027 1 000 000,00 kr 300 000,50 kr 699 999,50 kr 45 000,25 kr" in body
    assert "Ett spår inom lager planeras." in body


def test_the_whole_year_counts_every_draw_down_and_cost(client, manager, partnership, case):
    client.force_login(manager)
    body = text(client.get(report(partnership, end="2027-12-31")))
    assert "Jobbpakten 2027 1 000 000,00 kr 500 000,50 kr 499 999,50 kr 50 000,25 kr" in body


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("2027-13-01", "2027-12-31", "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01."),
        ("igår", "2027-12-31", "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01."),
        ("2027-06-30", "2027-01-01", "Periodens slut kan inte ligga före dess början."),
        ("1066-10-14", "2027-01-01", "Välj ett datum från 2000 till 2100."),
        ("", "2027-01-01", "Detta fält måste fyllas i."),
    ],
)
def test_bad_dates_get_a_clear_message(client, manager, partnership, start, end, message):
    client.force_login(manager)
    for pdf in (False, True):
        response = client.get(report(partnership, start, end, pdf=pdf))
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert message in text(response)


def test_without_a_period_the_report_is_for_this_year(client, manager, partnership):
    client.force_login(manager)
    year = today().year
    body = text(client.get(reverse("steering:report", args=[partnership.pk])))
    assert f"Perioden {year}-01-01 till {year}-12-31." in body


def test_the_pdf_is_tagged_swedish_and_carries_the_figures(client, manager, partnership, case):
    client.force_login(manager)
    response = client.get(report(partnership, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.search(
        r'attachment; filename="styrgruppsrapport-.*-2027-01-01-2027-06-30\.pdf"',
        response["Content-Disposition"],
    )
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Styrgruppsrapport" in content
    assert "7 500,04 kr" in content.replace("\xa0", " ")
