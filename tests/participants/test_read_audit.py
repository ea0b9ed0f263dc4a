# ruff: noqa: F811 - `world` is the authorization matrix fixture, imported to be shared
"""Every read of a participant's record or an export is logged; the registering organisation's
coordinators see who has viewed the record; administrators search the log in the admin."""

import html
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobbspar.audit import log_read, reads_of
from jobbspar.models import AccessLog, AccessPurpose
from participants.models import Participant
from tests.authorization.matrix import MATRIX
from tests.authorization.world import world  # noqa: F401 - the matrix's objects
from tests.dates import today
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import PhaseProgress, State

pytestmark = pytest.mark.django_db


def test_viewing_a_record_is_logged_with_purpose(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    assert client.get(participant.get_absolute_url()).status_code == 200
    (read,) = reads_of(participant)
    assert (read.user, read.organisation, read.purpose, read.path) == (
        af_coordinator,
        af,
        AccessPurpose.CASE_WORK,
        participant.get_absolute_url(),
    )


def test_registering_coordinators_see_who_viewed_the_record(
    client, af_coordinator, municipal_coordinator, af, municipality
):
    participant = ParticipantFactory(registered_by=af)
    ConsentFactory(participant=participant, shared_with=municipality)
    client.force_login(municipal_coordinator)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Vem har tittat på uppgifterna" not in page  # not the registering organisation

    client.force_login(af_coordinator)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Vem har tittat på uppgifterna" in page
    assert str(municipal_coordinator) in page
    assert "Malmö stad" in page


def test_an_export_logs_one_read_per_exported_participant(client, af_coordinator, af):
    exported = [ParticipantFactory(registered_by=af) for _ in range(3)]
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_export"))
    b"".join(response.streaming_content)
    logged = AccessLog.objects.filter(purpose=AccessPurpose.EXPORT, user=af_coordinator)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(str(p.pk) for p in exported)


def test_administrators_search_the_access_log(client, admin_user, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    client.get(participant.get_absolute_url())
    other = ParticipantFactory(registered_by=af)
    client.get(other.get_absolute_url())
    client.force_login(admin_user)
    url = reverse("admin:jobbspar_accesslog_changelist")
    page = client.get(url, {"q": str(participant.pk)}).content.decode()
    assert f'<td class="field-object_id">{participant.pk}</td>' in page
    assert f'<td class="field-object_id">{other.pk}</td>' not in page
    # Read-only: no change form accepts a post.
    entry = reads_of(participant).first()
    change = reverse("admin:jobbspar_accesslog_change", args=[entry.pk])
    client.post(change, {"purpose": AccessPurpose.SUPPORT})
    entry.refresh_from_db()
    assert entry.purpose == AccessPurpose.CASE_WORK


def _logged(user, participant) -> bool:
    return AccessLog.objects.filter(
        user=user,
        object_type="participants.participant",
        object_id=str(participant.pk),
        purpose=AccessPurpose.CASE_WORK,
    ).exists()


@pytest.mark.parametrize("page", ["participants:participant_edit", "participants:background_edit"])
def test_opening_an_edit_form_is_a_logged_read(client, municipal_coordinator, municipality, page):
    """The edit forms show the personnummer and income support before anything is saved."""
    participant = ParticipantFactory(registered_by=municipality, receives_income_support=True)
    client.force_login(municipal_coordinator)
    url = reverse(page, args=[participant.pk])
    assert client.get(url).status_code == 200
    (read,) = reads_of(participant)
    assert (read.user, read.purpose, read.path) == (
        municipal_coordinator,
        AccessPurpose.CASE_WORK,
        url,
    )


def _member_with_completed_phase(af, af_coordinator):

    member = TrackParticipantFactory(
        participant=ParticipantFactory(registered_by=af), nominated_by=af_coordinator
    )
    phase = PhaseFactory(track=member.track)
    PhaseProgress.objects.create(track_participant=member, phase=phase, completed=True)
    return member, phase


def test_the_track_member_page_is_a_logged_read(client, af_coordinator, af):
    member, _phase = _member_with_completed_phase(af, af_coordinator)
    client.force_login(af_coordinator)
    url = reverse("tracks:member_detail", args=[member.track.pk, member.pk])
    assert client.get(url).status_code == 200
    assert _logged(af_coordinator, member.participant)


def test_a_certificate_pdf_is_a_logged_read(client, af_coordinator, af):
    member, phase = _member_with_completed_phase(af, af_coordinator)
    client.force_login(af_coordinator)
    url = reverse("tracks:certificate", args=[member.track.pk, member.pk, phase.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert _logged(af_coordinator, member.participant)


def test_the_portal_participant_page_is_a_logged_read(client, employer_user, af, af_coordinator):

    track = TrackFactory(employer__organisation=employer_user.organisation)
    member = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(
            registered_by=af,
            presentation_consent_on=today(),
            presentation_consent_by=af_coordinator,
        ),
        state=State.IN_TRAINING,
        nominated_by=af_coordinator,
    )
    client.force_login(employer_user)
    response = client.get(reverse("portal:participant", args=[track.pk, member.pk]))
    assert member.participant.name in response.content.decode()
    assert _logged(employer_user, member.participant)
    # The registering organisation sees that the employer looked.
    assert reads_of(member.participant).filter(user=employer_user).exists()


# Pages that list many people (a name each, to find one): searching is not reading a record.
# Exports log one read per row (above); these are the only pages that show a name unlogged.
LISTS = {
    "participants:participant_list",
    "participants:access_request_list",
    "tracks:track_detail",
    "tracks:bulk_move",  # the board's members, to choose from (the chosen ones are logged)
    "tracks:bulk_present",  # the same, for each bulk action on the pool
    "tracks:bulk_remind",
    "tracks:bulk_export",
    "tracks:find_candidates",
    "follow_ups:list",
    "portal:track",
    "portal:candidates",
    "home",
}


def test_every_url_that_shows_a_participant_logs_the_read(client, world):
    """Walks the authorization matrix: every URL, as every role that may open it. Where the page
    or file shows a participant's name or personnummer, a read of that participant by that user
    is logged - unless the URL is one of the named lists."""

    people = list(Participant.objects.all())
    checked = set()
    for name, row in MATRIX.items():
        if name in LISTS:
            continue
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        for role, status in row.get.items():
            if status != 200 or role not in world["personas"]:
                continue  # the anonymous visitor sees no participant
            user = world["personas"][role]
            client.force_login(user)
            since = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.get(url)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            if response["Content-Type"].startswith("application/pdf"):
                text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
            else:
                text = html.unescape(raw.decode("utf-8", errors="replace"))
            for person in people:
                if person.name in text or person.personal_number in text:
                    new_reads = AccessLog.objects.filter(pk__gt=since, user=user)
                    assert new_reads.filter(object_id=str(person.pk)).exists(), (
                        f"{name} as {role} shows {person.pk} unlogged"
                    )
                    checked.add(name)
    must_be_checked = {
        "participants:participant_detail",
        "participants:participant_edit",
        "participants:background_edit",
        "tracks:member_detail",
        "tracks:certificate",
        "portal:participant",
        "follow_ups:answer",
    }
    assert must_be_checked <= checked, must_be_checked - checked


def test_who_has_viewed_the_record_is_one_row_per_person_and_purpose(
    client, af_coordinator, municipal_coordinator, af, municipality
):
    participant = ParticipantFactory(registered_by=af)
    ConsentFactory(participant=participant, shared_with=municipality)
    for _ in range(40):
        log_read(user=municipal_coordinator, obj=participant, purpose=AccessPurpose.CASE_WORK)
    log_read(user=municipal_coordinator, obj=participant, purpose=AccessPurpose.EXPORT)
    client.force_login(af_coordinator)
    response = client.get(participant.get_absolute_url())
    readers = response.context["readers"]
    # This read first (the latest), then the export, then forty case-work reads as one row.
    assert [(str(r.user), r.organisation_name, r.reads) for r in readers] == [
        (str(af_coordinator), af.name, 1),
        (str(municipal_coordinator), "Malmö stad", 1),
        (str(municipal_coordinator), "Malmö stad", 40),
    ]
    assert [r.purpose for r in readers][1:] == [
        AccessPurpose.EXPORT.label,
        AccessPurpose.CASE_WORK.label,
    ]
    page = response.content.decode()
    assert page.count("<td>40</td>") == 1
    # The page does not grow with the reads: forty more by the same person draw the same rows.
    for _ in range(40):
        log_read(user=municipal_coordinator, obj=participant, purpose=AccessPurpose.CASE_WORK)
    again = client.get(participant.get_absolute_url()).content.decode()
    assert len(again) == len(page)
    assert again.count("<td>80</td>") == 1


def test_readers_are_read_from_the_logs_sums_and_named_after(
    af_coordinator, municipal_coordinator, af
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jobbspar.audit import readers_of
    from tests.jobbspar.factories import UserFactory

    participant = ParticipantFactory(registered_by=af)
    colleague = UserFactory(organisation=af)
    for user in (af_coordinator, municipal_coordinator, colleague, municipal_coordinator):
        log_read(user=user, obj=participant, purpose=AccessPurpose.CASE_WORK)
    with CaptureQueriesContext(connection) as queries:
        readers = readers_of(participant, limit=2)
    assert len(queries) == 1
    sql = queries[0]["sql"]
    # The sums kept by the log's trigger: nothing is counted when the page is drawn, and of the
    # reader only the name is read (not the password hash).
    assert '"jobbspar_recordreader"' in sql and "jobbspar_accesslog" not in sql
    assert "GROUP BY" not in sql and "COUNT(" not in sql.upper()
    assert '"password"' not in sql
    # Latest first, and only `limit` rows; the names belong to the readers.
    assert [(r.user.username, r.organisation_name, r.reads) for r in readers] == [
        (municipal_coordinator.username, municipal_coordinator.organisation.name, 2),
        (colleague.username, af.name, 1),
    ]
    assert str(readers[0].user) == str(municipal_coordinator)
