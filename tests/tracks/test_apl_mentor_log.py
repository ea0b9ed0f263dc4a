"""The APL log written at the workplace (tracks.apl_log): a mentor per participant, entries the
employer's users write in the portal, coordinators' comments and the history of corrections."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jobbspar.models import Notification, NotificationKind
from tests.dates import this_monday, today
from tests.employers.factories import ContactPersonFactory
from tests.participants.factories import ParticipantFactory
from tests.portal.factories import employer_of
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import apl_log, phases
from tracks import progress as coordinator_notes
from tracks.models import AplLogComment, AplLogEntry, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(employer_user, af, af_coordinator, municipal_coordinator):
    employer = employer_of(employer_user.organisation)
    track = TrackFactory(
        employer=employer, start_date=this_monday() - dt.timedelta(weeks=9), weeks=12
    )
    phases.generate_phase_plan(track=track)
    track.coordinators.set([af_coordinator, municipal_coordinator])
    person = ParticipantFactory(
        registered_by=af,
        presentation_consent_on=today() - dt.timedelta(days=60),
        presentation_consent_by=af_coordinator,
    )
    return TrackParticipantFactory(track=track, participant=person, state=State.IN_APL)


@pytest.fixture
def mentor(member, employer_user):
    """A contact person of the employer with a portal account: the workplace mentor."""
    return ContactPersonFactory(employer=member.track.employer, name="Maja Mentor")


def _write(member, by, **changes):
    values = {
        "week_starting": this_monday(),
        "work_done": "Plockade order.",
        "note": "En bra vecka.",
        "hours": Decimal("32.5"),
        "deviation": False,
    }
    return apl_log.write_entry(member=member, by=by, **(values | changes))


def test_the_track_mentor_is_the_default_until_one_is_assigned(member, mentor, employer_user):
    track_mentor = member.track.mentors.get()
    assert apl_log.effective_mentor(member) == track_mentor
    apl_log.assign_mentor(member=member, mentor=mentor, by=employer_user)
    member.refresh_from_db()
    assert apl_log.effective_mentor(member) == mentor
    events = member.pgh_event_models["update"].objects.filter(pgh_obj_id=member.pk)
    assert events.filter(mentor_id=mentor.pk).exists()  # the change is in the history


def test_a_mentor_is_one_of_the_tracks_employers_contacts(member, employer_user):
    outsider = ContactPersonFactory()
    with pytest.raises(ValidationError, match="kontaktpersoner"):
        apl_log.assign_mentor(member=member, mentor=outsider, by=employer_user)


def test_no_mentor_for_someone_not_yet_selected(member, mentor, employer_user):
    member.state = State.PRESENTED
    with pytest.raises(ValidationError, match="handledare"):
        apl_log.assign_mentor(member=member, mentor=mentor, by=employer_user)


def test_an_entry_says_who_wrote_it_and_tells_the_coordinators_once(
    member, mentor, employer_user, af_coordinator, municipal_coordinator
):
    mentor.user = employer_user
    mentor.save()
    entry = _write(member, employer_user)
    assert (entry.mentor, entry.recorded_by, entry.on_behalf_of_mentor) == (
        mentor,
        employer_user,
        False,
    )
    notes = Notification.objects.filter(kind=NotificationKind.APL_LOG_ENTRY)
    assert {n.recipient for n in notes} == {af_coordinator, municipal_coordinator}
    assert member.participant.name not in notes.first().body
    apl_log.correct_entry(
        entry=entry,
        work_done="Plock.",
        note="Rättat.",
        hours=None,
        deviation=False,
        by=employer_user,
    )
    assert notes.count() == 2  # a correction is not a new entry


def test_a_correction_keeps_the_earlier_text(member, employer_user, other_employer_user):
    entry = _write(member, employer_user)
    with pytest.raises(PermissionDenied):
        apl_log.correct_entry(
            entry=entry,
            work_done="",
            note="Fel",
            hours=None,
            deviation=False,
            by=other_employer_user,
        )
    apl_log.correct_entry(
        entry=entry,
        work_done="Lager.",
        note="Rättat.",
        hours=Decimal(30),
        deviation=True,
        by=employer_user,
    )
    events = AplLogEntry.pgh_event_models["update"].objects.filter(pgh_obj_id=entry.pk)
    assert [e.note for e in events.order_by("pgh_id")] == ["En bra vecka.", "Rättat."]
    assert Notification.objects.filter(kind=NotificationKind.APL_DEVIATION).count() == 2


def test_one_entry_a_week_in_apl_only(member, employer_user):
    _write(member, employer_user)
    with pytest.raises(ValidationError, match="redan"):
        _write(member, employer_user)
    with pytest.raises(ValidationError, match="inte börjat"):
        _write(member, employer_user, week_starting=this_monday() + dt.timedelta(weeks=1))


def test_a_coordinators_note_is_marked_as_on_the_mentors_behalf(member, mentor, af_coordinator):
    apl_log.assign_mentor(member=member, mentor=mentor, by=af_coordinator)
    entry = coordinator_notes.add_apl_log_entry(
        member=member,
        week_starting=this_monday(),
        mentor=mentor,
        note="Via telefon.",
        deviation=False,
        by=af_coordinator,
    )
    assert entry.on_behalf_of_mentor
    assert not Notification.objects.filter(kind=NotificationKind.APL_LOG_ENTRY).exists()


def test_the_employer_assigns_a_mentor_and_writes_in_the_portal(
    client, member, mentor, employer_user
):
    client.force_login(employer_user)
    track = member.track
    response = client.post(
        reverse("portal:mentor", args=[track.pk, member.pk]), {"mentor": mentor.pk}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("portal:apl_entry_add", args=[track.pk, member.pk]),
        {
            "week_starting": this_monday().isoformat(),
            "work_done": "Kassa.",
            "note": "Gick bra.",
            "hours": "20",
        },
    )
    assert response.status_code == 302
    entry = AplLogEntry.objects.get()
    assert (entry.mentor, entry.hours, entry.recorded_by) == (mentor, Decimal(20), employer_user)
    page = client.get(reverse("portal:participant", args=[track.pk, member.pk])).content.decode()
    assert "Maja Mentor" in page and "Gick bra." in page
    assert member.participant.personal_number not in page


def test_bad_input_in_the_portal_is_a_message(client, member, employer_user):
    client.force_login(employer_user)
    url = reverse("portal:apl_entry_add", args=[member.track.pk, member.pk])
    response = client.post(url, {"week_starting": "inte ett datum", "note": "", "hours": "99"})
    assert response.status_code == 200
    assert not AplLogEntry.objects.exists()


def test_another_employer_cannot_reach_the_log(client, member, employer_user, other_employer_user):
    entry = _write(member, employer_user)
    client.force_login(other_employer_user)
    track = member.track
    for url in (
        reverse("portal:mentor", args=[track.pk, member.pk]),
        reverse("portal:apl_entry_add", args=[track.pk, member.pk]),
        reverse("portal:apl_entry_correct", args=[track.pk, member.pk, entry.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_coordinator_reads_and_comments(client, member, employer_user, af_coordinator):
    entry = _write(member, employer_user)
    client.force_login(af_coordinator)
    url = reverse("tracks:apl_log_comment", args=[member.track.pk, member.pk, entry.pk])
    assert client.post(url, {"text": "  "}).status_code == 302
    assert not AplLogComment.objects.exists()
    assert client.post(url, {"text": "Tack, vi pratar på fredag."}).status_code == 302
    comment = AplLogComment.objects.get()
    assert (comment.entry, comment.author) == (entry, af_coordinator)
    page = client.get(reverse("tracks:member_detail", args=[member.track.pk, member.pk]))
    assert "Tack, vi pratar på fredag." in page.content.decode()
    client.force_login(employer_user)
    portal = client.get(reverse("portal:participant", args=[member.track.pk, member.pk]))
    assert "Tack, vi pratar på fredag." in portal.content.decode()


def test_the_pool_board_shows_the_mentor(client, member, mentor, af_coordinator):
    apl_log.assign_mentor(member=member, mentor=mentor, by=af_coordinator)
    client.force_login(af_coordinator)
    page = client.get(reverse("tracks:track_detail", args=[member.track.pk])).content.decode()
    assert "Handledare på arbetsplatsen: Maja Mentor" in page


def test_a_candidate_not_yet_selected_has_no_log_in_the_portal(client, member, employer_user):
    member.state = State.PRESENTED
    member.save(update_fields=["state"])
    client.force_login(employer_user)
    for name in ("portal:mentor", "portal:apl_entry_add"):
        assert client.get(reverse(name, args=[member.track.pk, member.pk])).status_code == 404
