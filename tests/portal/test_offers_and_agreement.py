import datetime as dt

import pytest
from django.urls import reverse

from employers.models import AgreementConfirmation, Party
from jobbspar.models import Notification, NotificationKind
from tests.dates import today
from tracks.models import State

pytestmark = pytest.mark.django_db


def _one(own, state):
    return next(m for m in own["members"] if m.state == state)


def test_the_employer_records_a_job_offer_and_the_coordinators_are_told(
    client, employer_user, own, af_coordinator
):
    member = _one(own, State.COMPLETED)
    client.force_login(employer_user)
    url = reverse("portal:offer", args=[own["track"].pk, member.pk])
    response = client.post(
        url,
        {
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "start_date": "2027-01-10",
            "hours_per_week": "37.5",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == State.OFFERED
    assert str(member.offer_hours_per_week) == "37.5"
    assert member.offer_employer == own["track"].employer
    assert member.transitions.get(to_state=State.OFFERED).actor == employer_user
    assert (
        Notification.objects.filter(
            kind=NotificationKind.JOB_OFFER, recipient=af_coordinator
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Detta fält måste fyllas i."),
        (
            {
                "employment_type": "permanent",
                "subsidy": "unsubsidised",
                "start_date": "10/1/2027",
                "hours_per_week": "20",
            },
            "Ange datumet som ÅÅÅÅ-MM-DD",
        ),
        (
            {
                "employment_type": "permanent",
                "subsidy": "unsubsidised",
                "start_date": "2027-01-10",
                "hours_per_week": "80",
            },
            "60",
        ),
        (
            {
                "employment_type": "slavery",
                "subsidy": "unsubsidised",
                "start_date": "2027-01-10",
                "hours_per_week": "20",
            },
            "Välj ett giltigt alternativ",
        ),
    ],
)
def test_bad_offers_are_refused_with_what_was_entered_kept(
    client, employer_user, own, data, message
):
    member = _one(own, State.COMPLETED)
    client.force_login(employer_user)
    response = client.post(reverse("portal:offer", args=[own["track"].pk, member.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    member.refresh_from_db()
    assert member.state == State.COMPLETED


def test_no_offer_before_the_participant_is_in_apl(client, employer_user, own):
    # Offers during APL are allowed (issue 17); in training, not yet.
    member = _one(own, State.IN_APL)
    type(member).objects.filter(pk=member.pk).update(state=State.IN_TRAINING)
    client.force_login(employer_user)
    response = client.post(
        reverse("portal:offer", args=[own["track"].pk, member.pk]),
        {
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "start_date": "2027-01-10",
            "hours_per_week": "37.5",
        },
    )
    assert response.status_code == 200
    assert "medan deltagaren är på APL eller i anställningsfasen" in response.content.decode()
    member.refresh_from_db()
    assert member.state == State.IN_TRAINING


def test_an_offer_starting_before_completion_tells_the_employer_what_they_can_do(
    client, employer_user, own
):
    # Issue 21: the refusal told the employer to give a reason for an exception, which only
    # coordinators can record.
    member = _one(own, State.COMPLETED)
    member.completed_on = today() - dt.timedelta(days=3)
    member.save(update_fields=["completed_on"])
    client.force_login(employer_user)
    before = (member.completed_on - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("portal:offer", args=[own["track"].pk, member.pk]),
        {
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "start_date": before,
            "hours_per_week": "37.5",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Anställningen kan inte börja innan deltagaren har fullföljt jobbspåret." in body
    assert "be spårets samordnare" in body
    assert "undantag" not in body
    member.refresh_from_db()
    assert member.state == State.COMPLETED


def test_the_participant_page_shows_the_mentors_weekly_notes(client, employer_user, own):
    member = _one(own, State.IN_APL)
    client.force_login(employer_user)
    body = client.get(
        reverse("portal:participant", args=[own["track"].pk, member.pk])
    ).content.decode()
    assert f"Vecka ett gick bra för nummer {member.candidate_number}." in body
    assert member.participant.name in body


def test_the_employer_confirms_the_agreement_themselves(client, employer_user, own):
    client.force_login(employer_user)
    url = reverse("portal:agreement", args=[own["track"].pk])
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Kryssa i rutan" in response.content.decode()
    assert not AgreementConfirmation.objects.exists()
    response = client.post(url, {"read_and_agree": "on"})
    assert response.status_code == 302
    confirmation = AgreementConfirmation.objects.get(agreement=own["track"].agreement)
    assert confirmation.party == Party.EMPLOYER
    assert confirmation.recorded_by == employer_user
    body = client.get(reverse("portal:track", args=[own["track"].pk])).content.decode()
    assert "Ni har bekräftat den." in body


def test_the_meeting_calendar_file(client, employer_user, own):
    client.force_login(employer_user)
    meeting = own["track"].employer.meetings.first()
    response = client.get(reverse("portal:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_the_start_page_says_what_is_expected_next(client, employer_user, own):
    client.force_login(employer_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert own["track"].name in body
    assert "Välj era deltagare senast" in body
    assert "Läs och bekräfta överenskommelsen." in body
    assert "Registrera jobberbjudanden" in body
    assert "Introduktionsvecka" in body  # the phase timeline


def test_the_portal_offer_form_asks_whether_the_job_is_subsidised(client, employer_user, own):
    member = _one(own, State.COMPLETED)
    client.force_login(employer_user)
    url = reverse("portal:offer", args=[own["track"].pk, member.pk])
    assert "Är jobbet subventionerat?" in client.get(url).content.decode()
    data = {"employment_type": "permanent", "start_date": "2027-01-10", "hours_per_week": "37.5"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Ange om jobbet är subventionerat och i så fall hur." in response.content.decode()
    response = client.post(url, {**data, "subsidy": "nystartsjobb"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.offer_subsidy == "nystartsjobb"
    page = client.get(reverse("portal:participant", args=[own["track"].pk, member.pk]))
    assert "nystartsjobb" in page.content.decode()


def test_the_employer_records_an_offer_during_apl(client, employer_user, own):
    member = _one(own, State.IN_APL)
    client.force_login(employer_user)
    track_page = client.get(reverse("portal:track", args=[own["track"].pk])).content.decode()
    assert reverse("portal:offer", args=[own["track"].pk, member.pk]) in track_page
    url = reverse("portal:offer", args=[own["track"].pk, member.pk])
    response = client.post(
        url,
        {
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "start_date": "2027-03-01",
            "hours_per_week": "37.5",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == State.OFFERED and member.completed_on is None


def test_no_offer_for_a_candidate_still_being_presented(client, employer_user, own):
    member = _one(own, State.PRESENTED)
    client.force_login(employer_user)
    response = client.post(
        reverse("portal:offer", args=[own["track"].pk, member.pk]),
        {
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "start_date": "2027-03-01",
            "hours_per_week": "37.5",
        },
    )
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.state == State.PRESENTED


def test_the_portal_shows_an_offer_the_employer_withdrew(client, employer_user, own):
    member = _one(own, State.COMPLETED)
    client.force_login(employer_user)
    url = reverse("portal:offer", args=[own["track"].pk, member.pk])
    data = {
        "employment_type": "permanent",
        "subsidy": "unsubsidised",
        "start_date": "2027-03-01",
        "hours_per_week": "37.5",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("portal:participant", args=[own["track"].pk, member.pk]))
    withdraw = reverse("portal:withdraw_offer", args=[own["track"].pk, member.pk])
    assert withdraw in page.content.decode()
    response = client.post(withdraw, {"reason": "  "})
    assert response.status_code == 200
    assert "Ange skälet till att arbetsgivaren återtog erbjudandet." in response.content.decode()
    response = client.post(withdraw, {"reason": "Tjänsten drogs in."})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == State.OFFER_WITHDRAWN
    assert member.transitions.get(to_state=State.OFFER_WITHDRAWN).actor == employer_user
    # Nothing left to withdraw: the page says so, and a second post changes nothing.
    again = client.post(withdraw, {"reason": "Igen."})
    assert "Det finns inget öppet jobberbjudande att återta." in again.content.decode()
    page = client.get(reverse("portal:participant", args=[own["track"].pk, member.pk]))
    body = page.content.decode()
    assert "Arbetsgivaren återtog erbjudandet den" in body
    assert "Tjänsten drogs in." in body
    track_page = client.get(reverse("portal:track", args=[own["track"].pk])).content.decode()
    assert "Erbjudandet återtaget av arbetsgivaren" in track_page
    assert "jobberbjudande, börjar" not in track_page
