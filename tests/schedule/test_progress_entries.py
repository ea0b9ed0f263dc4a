"""Progress entries by the education provider: recorded for the members of their own strands'
tracks, seen only by their own organisation; read by the track's coordinators and job coaches."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants.models import Participant
from participants.register_extract import as_json
from participants.retention import REDACTED_TEXT
from schedule import access
from schedule.attendance import last_activity, redact_participant
from schedule.models import ProgressEntry
from schedule.progress_entries import record_progress
from tests.employers.factories import EducationProviderFactory
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture
def setting(provider_user, af, af_coordinator):
    """A track where the provider persona runs the training and another provider the
    yrkessvenska; a track where the persona's provider runs nothing."""
    provider = provider_user.organisation.education_provider
    track = TrackFactory(start_date=MONDAY, weeks=12, name="Vårdspåret")
    track.coordinators.set([af_coordinator])
    own = StrandFactory(track=track, provider=provider, name="Undersköterska")
    weekly(own, [0, 1, 2])
    other = StrandFactory(track=track, provider=EducationProviderFactory(), name="Yrkessvenska")
    weekly(other, [3])
    member = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
        state=State.IN_TRAINING,
        nominated_by=af_coordinator,
    )
    elsewhere = TrackParticipantFactory(
        track=TrackFactory(start_date=MONDAY, name="Lagerspåret"),
        participant=ParticipantFactory(registered_by=af, name="Bo Lager"),
        state=State.IN_TRAINING,
        nominated_by=af_coordinator,
    )
    other_user = UserFactory(role="education_provider", organisation=other.provider.organisation)
    return {
        "track": track,
        "own": own,
        "other": other,
        "member": member,
        "elsewhere": elsewhere,
        "other_user": other_user,
    }


@time_machine.travel(NOW, tick=False)
def test_the_provider_records_progress_on_the_phone_form(client, provider_user, setting):
    client.force_login(provider_user)
    url = reverse("schedule:provider_progress", args=[setting["own"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Amal Hassan" in page.content.decode()
    assert "Bo Lager" not in page.content.decode()
    response = client.post(
        url,
        {
            "member": setting["member"].pk,
            "day": "2026-03-10",
            "achieved": "Modul 3: Basal hygien klar",
            "note": "Godkänd på provet.",
        },
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.track_participant, entry.strand, entry.recorded_by) == (
        setting["member"],
        setting["own"],
        provider_user,
    )
    assert "Modul 3: Basal hygien klar" in client.get(url).content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"member": "", "day": "2026-03-10", "achieved": "X"}, "Detta fält måste fyllas i."),
        ({"day": "10/3/2026", "achieved": "Modul 1"}, "ÅÅÅÅ-MM-DD"),
        ({"day": "2026-03-11", "achieved": "Modul 1"}, "inte har kommit"),
        ({"day": "2026-02-27", "achieved": "Modul 1"}, "börjar"),
        ({"day": "2026-03-10", "achieved": "   "}, "Detta fält måste fyllas i."),
    ],
)
def test_bad_input_gives_a_clear_message(client, provider_user, setting, body, message):
    client.force_login(provider_user)
    url = reverse("schedule:provider_progress", args=[setting["own"].pk])
    response = client.post(url, {"member": setting["member"].pk, **body})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressEntry.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_member_of_another_track_cannot_be_chosen(client, provider_user, setting):
    client.force_login(provider_user)
    url = reverse("schedule:provider_progress", args=[setting["own"].pk])
    response = client.post(
        url, {"member": setting["elsewhere"].pk, "day": "2026-03-10", "achieved": "Modul 1"}
    )
    assert response.status_code == 200
    assert not ProgressEntry.objects.exists()
    with pytest.raises(ValidationError):
        record_progress(
            strand=setting["own"],
            member=setting["elsewhere"],
            day=dt.date(2026, 3, 10),
            achieved="Modul 1",
            by=provider_user,
        )


@time_machine.travel(NOW, tick=False)
def test_a_provider_sees_only_its_own_organisations_entries(provider_user, setting):
    mine = record_progress(
        strand=setting["own"],
        member=setting["member"],
        day=dt.date(2026, 3, 9),
        achieved="Modul 1",
        by=provider_user,
    )
    theirs = record_progress(
        strand=setting["other"],
        member=setting["member"],
        day=dt.date(2026, 3, 5),
        achieved="SFI kurs C nådd",
        by=setting["other_user"],
    )
    assert list(access.provider_progress_entries_for(provider_user)) == [mine]
    assert list(access.provider_progress_entries_for(setting["other_user"])) == [theirs]
    # Another provider's strand is not theirs to open.
    assert not access.provider_strands_for(provider_user).filter(pk=setting["other"].pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_tracks_staff_read_every_providers_entries_on_the_member_page(
    client, af_coordinator, provider_user, employer_user, manager, setting
):
    for strand, user, text in (
        (setting["own"], provider_user, "Modul 1"),
        (setting["other"], setting["other_user"], "SFI kurs C nådd"),
    ):
        record_progress(
            strand=strand,
            member=setting["member"],
            day=dt.date(2026, 3, 9),
            achieved=text,
            by=user,
        )
    url = reverse("schedule:member_progress", args=[setting["track"].pk, setting["member"].pk])
    client.force_login(af_coordinator)
    page = client.get(url).content.decode()
    assert "Modul 1" in page and "SFI kurs C nådd" in page
    detail = client.get(
        reverse("tracks:member_detail", args=[setting["track"].pk, setting["member"].pk])
    ).content.decode()
    assert url in detail  # linked from the participant's track page
    for outsider in (employer_user, manager, provider_user):
        client.force_login(outsider)
        assert client.get(url).status_code in (403, 404)
        assert list(access.progress_entries_for(outsider)) == []


@time_machine.travel(NOW, tick=False)
def test_retention_redacts_what_the_entries_say(provider_user, setting):
    record_progress(
        strand=setting["own"],
        member=setting["member"],
        day=dt.date(2026, 3, 9),
        achieved="Modul 1",
        note="Behövde extra stöd",
        by=provider_user,
    )
    redact_participant(setting["member"].participant)
    entry = ProgressEntry.objects.get()
    assert (entry.achieved, entry.note) == (REDACTED_TEXT, REDACTED_TEXT)
    assert not ProgressEntry.pgh_event_models["insert"].objects.filter(achieved="Modul 1").exists()


@time_machine.travel(NOW, tick=False)
def test_the_register_extract_holds_the_entries(provider_user, setting):
    record_progress(
        strand=setting["own"],
        member=setting["member"],
        day=dt.date(2026, 3, 9),
        achieved="Modul 1 klar",
        by=provider_user,
    )
    extract = as_json(setting["member"].participant)
    assert "Modul 1 klar" in extract
    assert json.loads(extract)["provider_progress"][0]["achieved"] == "Modul 1 klar"


@time_machine.travel(NOW, tick=False)
def test_a_progress_entry_counts_as_activity_for_retention(provider_user, setting):
    entry = record_progress(
        strand=setting["own"],
        member=setting["member"],
        day=dt.date(2026, 3, 9),
        achieved="Modul 1",
        by=provider_user,
    )
    _attendance, subquery = last_activity()
    person = Participant.objects.filter(pk=setting["member"].participant_id).annotate(
        latest=subquery
    )
    assert person.get().latest == entry.recorded_at
