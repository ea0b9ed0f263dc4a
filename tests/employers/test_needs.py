"""Recording, validating, searching occupations for and repeating recruitment needs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import Criterion, NeedStatus, RecruitmentNeed
from employers.needs import repeat_need
from employers.profiles import add_criterion, current_version
from tests.employers.factories import EmployerFactory, RecruitmentNeedFactory, occupation

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "occupation": occupation("8331").pk,
        "positions": 10,
        "wanted_start": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "horizon": "6_months",
        "workplace": "Bussdepå Fosie",
        "employment_type": "permanent",
        "working_hours": "shifts",
        "shift_work": "on",
        "status": "new",
        "notes": "Körkort D tas under spåret",
    }
    data.update(overrides)
    return data


def test_coordinator_records_a_need(client, municipal_coordinator):
    employer = EmployerFactory()
    client.force_login(municipal_coordinator)
    response = client.post(reverse("employers:need_create", args=[employer.pk]), _data())
    need = RecruitmentNeed.objects.get()
    assert response["Location"] == reverse("employers:need_detail", args=[need.pk])
    assert need.employer == employer and need.positions == 10 and need.shift_work
    assert employer.changes.filter(summary__startswith="Behov registrerat").exists()


def test_positions_below_one_and_a_past_start_are_refused_in_swedish(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("employers:need_create", args=[employer.pk]),
        _data(positions=0, wanted_start=yesterday),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Ange minst 1 tjänst.") == 2
    assert html.count("Önskad start kan inte ligga bakåt i tiden för ett nytt behov") == 2
    assert 'value="Bussdepå Fosie"' in html and "Körkort D tas under spåret" in html
    assert not RecruitmentNeed.objects.exists()


def test_an_existing_need_keeps_its_past_start_when_edited(client, af_coordinator):
    need = RecruitmentNeedFactory(wanted_start=timezone.localdate() - dt.timedelta(days=40))
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:need_edit", args=[need.pk]),
        _data(
            occupation=need.occupation_id,
            wanted_start=need.wanted_start.isoformat(),
            status=NeedStatus.TRACK_RUNNING,
        ),
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.TRACK_RUNNING


def test_positions_are_at_least_one_in_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RecruitmentNeedFactory(positions=0)


def test_occupation_search_narrows_the_list_without_javascript(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    response = client.get(
        reverse("employers:need_create", args=[employer.pk]), {"occupation_q": "spårvagn"}
    )
    choices = list(response.context["form"].fields["occupation"].queryset)
    assert [o.code for o in choices] == ["8331"]
    assert "8331 Buss- och spårvagnsförare" in response.content.decode()
    by_code = client.get(
        reverse("employers:need_create", args=[employer.pk]), {"occupation_q": "532"}
    )
    assert {o.code for o in by_code.context["form"].fields["occupation"].queryset} >= {
        "5321",
        "5322",
    }


def test_a_need_repeats_with_its_profile(af_coordinator):
    need = RecruitmentNeedFactory(status=NeedStatus.FILLED)
    add_criterion(
        need=need,
        criterion=Criterion(kind="driving_licence", mode="trained", driving_licence="D"),
        by=af_coordinator,
    )
    start = timezone.localdate() + dt.timedelta(days=200)
    copy = repeat_need(need=need, wanted_start=start, by=af_coordinator)
    assert copy.repeats == need and copy.status == NeedStatus.NEW and copy.wanted_start == start
    assert copy.occupation == need.occupation and copy.positions == need.positions
    criterion = current_version(copy).criteria.get()
    assert criterion.driving_licence == "D" and criterion.mode == "trained"


def test_repeat_page_refuses_a_past_start(client, af_coordinator):
    need = RecruitmentNeedFactory()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:need_repeat", args=[need.pk]), {"wanted_start": "2001-01-01"}
    )
    assert "Önskad start kan inte ligga bakåt i tiden." in response.content.decode()
    response = client.post(
        reverse("employers:need_repeat", args=[need.pk]), {"wanted_start": "not a date"}
    )
    assert "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01." in response.content.decode()
    assert RecruitmentNeed.objects.count() == 1


def test_htmx_occupation_search_returns_only_the_options(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    chosen = occupation("5321")
    response = client.get(
        reverse("employers:need_create", args=[employer.pk]),
        {"occupation_q": "spårvagn", "occupation": chosen.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert (
        f'<option value="{occupation("8331").pk}">8331 Buss- och spårvagnsförare</option>' in html
    )
    assert f'<option value="{chosen.pk}" selected>' in html  # the chosen one stays chosen
    assert "2 yrken matchar." in html and 'hx-swap-oob="true"' in html


def test_malformed_query_strings_never_break_the_need_pages(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    url = reverse("employers:need_create", args=[employer.pk])
    for params in [
        {"occupation_q": "bus\x00s"},
        {"occupation_q": "x" * 5000},
        {"occupation_q": "buss", "occupation": "99999999999999999999999"},
        {"occupation_q": "buss", "occupation": "²"},
    ]:
        assert client.get(url, params).status_code == 200
        assert client.get(url, params, HTTP_HX_REQUEST="true").status_code == 200
    meeting_url = reverse("employers:meeting_create", args=[employer.pk])
    for need in ["²", "99999999999999999999999", "-1"]:
        assert client.get(meeting_url, {"need": need}).status_code == 200
