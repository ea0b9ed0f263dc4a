"""The "Done when" isolation test: an employer user asks for every portal URL with another
employer's object ids (and mixes of their own and another's ids). Every one is a 404 or 403,
and no response shows another employer's data, any personnummer, or a candidate's name
before the selection in a blind track."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from participants.models import Participant
from tests.authorization.matrix import _named_patterns
from tests.employers.factories import ProviderContactFactory
from tracks.models import AplLogEntry, State

pytestmark = pytest.mark.django_db


def _of(members, state):
    return next(m for m in members if m.state == state)


def _probes(own, other, other_employer_user):
    """URL name -> list of kwargs pointing at another employer's objects."""
    mine, theirs = own["track"], other["track"]
    presented = _of(other["members"], State.PRESENTED)
    in_apl = _of(other["members"], State.IN_APL)
    completed = _of(other["members"], State.COMPLETED)
    meeting = theirs.employer.meetings.first()
    contact = theirs.mentors.first()
    member_urls = []
    for member in (presented, in_apl, completed):
        member_urls += [
            {"pk": theirs.pk, "member_pk": member.pk},
            {"pk": mine.pk, "member_pk": member.pk},
        ]
    # The other employer's APL log entry for their participant in APL (written by their user),
    # for the week after the start's: the factory wrote one for the start date, which is the
    # start week's Monday on some days the tests run.
    start = in_apl.track.start_date
    entry = AplLogEntry.objects.create(
        track_participant=in_apl,
        week_starting=start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=1),
        mentor=contact,
        work_done="Packade varor.",
        note="En bra vecka.",
        recorded_by=other_employer_user,
    )
    return {
        "portal:track": [{"pk": theirs.pk}],
        "portal:candidates": [{"pk": theirs.pk}],
        "portal:decide": member_urls,
        "portal:participant": member_urls,
        "portal:offer": member_urls,
        "portal:withdraw_offer": member_urls,
        "portal:mentor": member_urls,
        "portal:apl_entry_add": member_urls,
        "portal:apl_entry_correct": [
            {"pk": theirs.pk, "member_pk": in_apl.pk, "entry_pk": entry.pk},
            {"pk": mine.pk, "member_pk": in_apl.pk, "entry_pk": entry.pk},
        ],
        "portal:agreement": [{"pk": theirs.pk}],
        "portal:meeting_ics": [{"pk": meeting.pk}],
        "portal:invite": [{"pk": contact.pk}],
        # An education provider's contact: only coordinators invite, never an employer user.
        "portal:provider_invite": [{"pk": ProviderContactFactory().pk}],
        "portal:accept_invitation": [
            {
                "uidb64": urlsafe_base64_encode(force_bytes(other_employer_user.pk)),
                "token": "abc-123",
            }
        ],
    }


def _forbidden_strings(own, other):
    theirs = other["track"]
    strings = [
        theirs.name,
        theirs.employer.name,
        theirs.mentors.first().name,
        theirs.employer.meetings.first().title,
    ]
    strings += list(
        Participant.objects.filter(track_memberships__track=theirs).values_list("name", flat=True)
    )
    # Every participant's personnummer, in both forms.
    for number in Participant.objects.values_list("personal_number", flat=True):
        strings += [number, number.replace("-", "")]
    # The own blind track's candidates who are not selected yet.
    strings += list(
        Participant.objects.filter(
            track_memberships__track=own["track"], track_memberships__state=State.PRESENTED
        ).values_list("name", flat=True)
    )
    return strings


def _assert_clean(response, forbidden, url):
    body = response.content.decode(errors="replace")
    for text in forbidden:
        assert text not in body, f"{url} shows {text!r}"


def test_every_portal_url_is_probed(own, other, other_employer_user):
    names = {n for n in _named_patterns() if n.startswith("portal:")}
    assert names - {"portal:home"} == set(_probes(own, other, other_employer_user))


def test_another_employers_objects_are_404_everywhere(
    client, employer_user, own, other, other_employer_user
):
    client.force_login(employer_user)
    forbidden = _forbidden_strings(own, other)
    for name, kwargs_list in _probes(own, other, other_employer_user).items():
        for kwargs in kwargs_list:
            url = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                data = {"decision": "select", "confirmed": "yes", "read_and_agree": "on"}
                response = getattr(client, method)(url, data if method == "post" else None)
                assert response.status_code in (403, 404, 405), f"{method} {url}"
                _assert_clean(response, forbidden, url)


def test_own_pages_show_nothing_forbidden(client, employer_user, own, other):
    client.force_login(employer_user)
    forbidden = _forbidden_strings(own, other)
    track = own["track"]
    urls = [
        reverse("portal:home"),
        reverse("portal:track", args=[track.pk]),
        reverse("portal:candidates", args=[track.pk]),
        reverse("portal:agreement", args=[track.pk]),
    ]
    for member in own["members"]:
        if member.state == State.PRESENTED:
            urls.append(reverse("portal:decide", args=[track.pk, member.pk]))
        else:
            urls.append(reverse("portal:participant", args=[track.pk, member.pk]))
            urls.append(reverse("portal:offer", args=[track.pk, member.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response, forbidden, url)
    # Confirming a decision (the confirmation page echoes the card) shows no name either.
    presented = _of(own["members"], State.PRESENTED)
    response = client.post(
        reverse("portal:decide", args=[track.pk, presented.pk]), {"decision": "select"}
    )
    assert response.status_code == 200
    _assert_clean(response, forbidden, "decide confirmation")


def test_blind_candidates_appear_as_pseudonyms_and_selected_people_by_name(
    client, employer_user, own
):
    client.force_login(employer_user)
    track = own["track"]
    body = client.get(reverse("portal:candidates", args=[track.pk])).content.decode()
    for member in own["members"]:
        if member.state == State.PRESENTED:
            with translation.override("sv"):
                assert str(member.pseudonym) in body
    selected = _of(own["members"], State.IN_APL)
    page = client.get(reverse("portal:track", args=[track.pk])).content.decode()
    assert selected.participant.name in page


def test_an_open_track_shows_names_before_selection(client, other_employer_user, other):
    client.force_login(other_employer_user)
    presented = _of(other["members"], State.PRESENTED)
    body = client.get(reverse("portal:candidates", args=[other["track"].pk])).content.decode()
    assert presented.participant.name in body
    assert presented.participant.personal_number not in body


def test_the_card_never_loads_protected_fields(employer_user, own, django_assert_num_queries):
    from portal.cards import CARD_FIELDS, candidate_cards

    assert not {"personal_number", "receives_income_support", "name", "gender"} & set(CARD_FIELDS)
    cards = candidate_cards(user=employer_user, track=own["track"])
    presented = [c for c in cards if c.state == State.PRESENTED]
    assert presented and all(not c.identified for c in presented)
    assert {c.label for c in presented} == {
        str(m.pseudonym) for m in own["members"] if m.state == State.PRESENTED
    }
