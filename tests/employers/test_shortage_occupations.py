"""Shortage occupations: the CSV import (a malformed file writes nothing, a second import changes
nothing), the badge on recruitment needs and tracks (the partnership's county or the whole
country, in the period), and the admin."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.models import ShortageOccupation
from employers.shortages import entry_from, shortage_entry, shortage_for
from jobbspar.models import Region
from tests.employers.factories import RecruitmentNeedFactory, occupation
from tests.tracks.factories import TrackFactory
from tracks.models import Track

pytestmark = pytest.mark.django_db

GOOD = """ssyk,region,valid_from,valid_to,source
5321,12,2027-01-01,2028-12-31,"Arbetsförmedlingen, Yrkesprognos 2027 (Skåne län)"
8331,00,2027-01-01,2027-12-31,Arbetsförmedlingen Yrkesprognos 2027
"""


def run_import(tmp_path, content: str, capsys=None) -> str:
    path = tmp_path / "bristyrken.csv"
    path.write_text(content, encoding="utf-8")
    call_command("import_shortage_occupations", str(path))
    return capsys.readouterr().out if capsys else ""


def test_an_import_adds_the_entries_and_a_second_one_changes_nothing(tmp_path, capsys):
    occupation("5321"), occupation("8331")
    assert "2 added, 0 changed, 0 unchanged" in run_import(tmp_path, GOOD, capsys)
    rows = list(ShortageOccupation.objects.values_list("occupation__code", "region", "valid_to"))
    assert rows == [("5321", "12", dt.date(2028, 12, 31)), ("8331", "00", dt.date(2027, 12, 31))]
    before = list(ShortageOccupation.objects.values())
    assert "0 added, 0 changed, 2 unchanged" in run_import(tmp_path, GOOD, capsys)
    assert list(ShortageOccupation.objects.values()) == before
    semicolons = GOOD.replace(",", ";").replace('"Arbetsförmedlingen; Y', '"Arbetsförmedlingen, Y')
    changed = semicolons.replace("2027-12-31;Arb", "2027-06-30;Arb")
    assert "0 added, 1 changed, 1 unchanged" in run_import(tmp_path, changed, capsys)
    assert ShortageOccupation.objects.get(region="00").valid_to == dt.date(2027, 6, 30)


def test_a_malformed_file_is_reported_by_line_and_writes_nothing(tmp_path):
    occupation("5321")
    bad = GOOD + (
        "9999,12,2027-01-01,2027-12-31,AF\n"
        "5321,99,2027-13-01,2027-12-31,\n"
        "5321,12,2027-06-01,2027-01-01,AF\n"
        "5321,12\n"
    )
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, bad)
    message = str(refused.value)
    assert "nothing was written" in message
    assert "line 4: no occupation with SSYK code '9999'" in message
    assert (
        "line 5: unknown region '99' (a county code, 00-25); valid_from '2027-13-01' is not a "
        "YYYY-MM-DD date; the source is empty" in message
    )
    assert "line 6: valid_to is before valid_from" in message
    assert "line 7: expected 5 columns" in message
    assert not ShortageOccupation.objects.exists()


@pytest.mark.parametrize(
    "content, problem",
    [
        ("", "the file is empty"),
        ("code,region\n5321,12\n", "line 1: the columns must be ssyk, region, valid_from"),
        (
            GOOD + GOOD.splitlines()[1] + "\n",
            "line 4: the same occupation, region and start as line 2",
        ),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused(tmp_path, content, problem):
    occupation("5321"), occupation("8331")
    with pytest.raises(CommandError, match=problem):
        run_import(tmp_path, content)
    assert not ShortageOccupation.objects.exists()


def test_a_missing_file_gets_a_message(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_shortage_occupations", str(tmp_path / "saknas.csv"))


def shortage(
    code="5321", region=Region.SKANE, start=dt.date(2020, 1, 1), end=dt.date(2099, 12, 31)
):
    return ShortageOccupation.objects.create(
        occupation=occupation(code),
        region=region,
        valid_from=start,
        valid_to=end,
        source="Arbetsförmedlingen, Yrkesprognos",
    )


@pytest.fixture
def skane(partnership):
    partnership.region = Region.SKANE
    partnership.save()
    return partnership


BADGE = "Bristyrke</span>"


def test_a_need_in_a_shortage_occupation_of_its_county_shows_the_badge(
    client, af_coordinator, skane
):
    need = RecruitmentNeedFactory(occupation=occupation("5321"))
    client.force_login(af_coordinator)
    url = reverse("employers:need_detail", args=[need.pk])
    assert BADGE not in client.get(url).content.decode()
    shortage(region=Region.STOCKHOLM)
    shortage(end=dt.date(2021, 12, 31))  # over
    assert BADGE not in client.get(url).content.decode()
    shortage(start=dt.date(2022, 1, 1))
    body = client.get(url).content.decode()
    assert BADGE in body
    assert "Skåne län" in body and "Arbetsförmedlingen, Yrkesprognos" in body


def test_a_whole_country_entry_applies_to_a_partnership_without_a_county(
    client, af_coordinator, partnership
):
    need = RecruitmentNeedFactory(occupation=occupation("5321"))
    shortage(region=Region.SKANE)
    client.force_login(af_coordinator)
    url = reverse("employers:need_detail", args=[need.pk])
    assert BADGE not in client.get(url).content.decode()
    shortage(region=Region.WHOLE_COUNTRY)
    assert "Hela landet" in client.get(url).content.decode()


def test_a_track_is_judged_on_its_start_date(client, af_coordinator, skane):
    track = TrackFactory(need__occupation=occupation("5321"), start_date=dt.date(2027, 3, 1))
    client.force_login(af_coordinator)
    url = reverse("tracks:track_detail", args=[track.pk])
    shortage(start=dt.date(2027, 3, 2))
    assert BADGE not in client.get(url).content.decode()
    shortage(start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 1))
    assert BADGE in client.get(url).content.decode()


def test_administrators_maintain_them_in_the_admin(admin_client):
    entry = shortage()
    assert admin_client.get("/admin/employers/shortageoccupation/").status_code == 200
    assert admin_client.get("/admin/employers/shortageoccupation/add/").status_code == 200
    change = f"/admin/employers/shortageoccupation/{entry.pk}/change/"
    response = admin_client.post(
        change,
        {
            "occupation": entry.occupation_id,
            "region": "00",
            "valid_from": "2027-01-01",
            "valid_to": "2026-01-01",
            "source": "AF",
        },
    )
    assert response.status_code == 200
    assert "Perioden kan inte sluta innan den börjar." in response.content.decode()


def test_the_track_page_reads_the_entry_with_its_track(client, af_coordinator, skane):
    """The track page's badge comes from its track's own statement (shortage_entry), the same
    entry shortage_for finds: the county's before the whole country's, the newest first."""
    track = TrackFactory(need__occupation=occupation("5321"), start_date=dt.date(2027, 3, 1))
    client.force_login(af_coordinator)
    url = reverse("tracks:track_detail", args=[track.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        assert BADGE not in client.get(url).content.decode()
    shortage(region=Region.WHOLE_COUNTRY, start=dt.date(2026, 1, 1))
    county = shortage(start=dt.date(2025, 1, 1))
    with CaptureQueriesContext(connection) as with_one:
        body = client.get(url).content.decode()
    assert len(with_one) == len(without)
    # No statement of its own (before: `SELECT "employers_shortageoccupation"."id", …`).
    assert not [q for q in with_one if q["sql"].startswith('SELECT "employers_shortageoccupation"')]
    assert BADGE in body and "Skåne län" in body and "2025-01-01–2099-12-31" in body
    found = shortage_for(
        occupation_id=track.need.occupation_id, partnership_id=skane.pk, day=track.start_date
    )
    assert found == county
    entry = (
        Track.objects.annotate(
            entry=shortage_entry(
                occupation="need__occupation", region="partnership__region", day="start_date"
            )
        )
        .get(pk=track.pk)
        .entry
    )
    built = entry_from(entry)
    assert (built.pk, built.region, built.valid_from, built.valid_to, built.source) == (
        county.pk,
        county.region,
        county.valid_from,
        county.valid_to,
        county.source,
    )
    assert entry_from(None) is None
