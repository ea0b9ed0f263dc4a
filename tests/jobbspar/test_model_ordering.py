"""Every model of ours with a default order orders its rows totally: the order ends in a unique
key, so rows that tie on what is shown (two employers or steering members of the same name, two
reads of a record in the same microsecond) come in the same order every time, in a form's
choices, on a page and in a register extract. A tie left to the database may come back in
either order from one query to the next. The lists with an order of their own that could tie
end in the id too (below, and tests/portal/test_meeting_order.py)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.urls import reverse

from dashboard import snapshots
from dashboard.forms import DashboardFilterForm
from participants import register_extract
from participants.forms import ConsentForm, SearchForm
from tests.employers.factories import EmployerFactory
from tests.participants.factories import ParticipantFactory


def _our_models() -> list[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    ours = [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
    ]
    return [model for config in ours for model in config.get_models()]


def _unique_sets(model: type[models.Model]) -> list[set[str]]:
    meta = model._meta
    # A unique column that may be NULL does not break ties: rows without a value all tie.
    sets = [{field.name} for field in meta.concrete_fields if field.unique and not field.null]
    sets += [
        set(constraint.fields)
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.condition is None
        and constraint.fields
    ]
    sets += [set(fields) for fields in meta.unique_together]
    return sets


def _orders_totally(model: type[models.Model]) -> bool:
    names = {name.lstrip("-") for name in model._meta.ordering if isinstance(name, str)}
    if "pk" in names:
        names.add(model._meta.pk.name)
    return any(unique <= names for unique in _unique_sets(model))


def test_the_check_sees_our_models():
    labels = {model._meta.label for model in _our_models()}
    assert {"steering.SteeringMember", "employers.Employer", "jobbspar.AccessLog"} <= labels


@isolate_apps("employers")
def test_the_check_tells_a_partial_order_from_a_total_one():
    class ByName(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "employers"
            ordering = ["name"]

    class ByNameThenId(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "employers"
            ordering = ["name", "-pk"]

    class ByUniqueCode(models.Model):  # noqa: DJ008
        code = models.CharField(max_length=10, unique=True)

        class Meta:
            app_label = "employers"
            ordering = ["-code"]

    class ByUniqueNumberOrNone(models.Model):  # noqa: DJ008
        number = models.IntegerField(unique=True, null=True)

        class Meta:
            app_label = "employers"
            ordering = ["number"]

    assert not _orders_totally(ByName)
    assert _orders_totally(ByNameThenId)
    assert _orders_totally(ByUniqueCode)
    assert not _orders_totally(ByUniqueNumberOrNone)


@pytest.mark.parametrize(
    "model",
    [model for model in _our_models() if model._meta.ordering],
    ids=lambda model: model._meta.label,
)
def test_a_default_order_ends_in_a_unique_key(model):
    assert _orders_totally(model), (
        f"{model._meta.label}'s ordering {model._meta.ordering} can tie: end it in the id"
    )


# --- Lists with an order of their own that could tie end in the id too -----------------------


def _orders_of(captured, table):
    """The ORDER BY clause of each statement that reads `table` first."""
    return [
        re.search(r" ORDER BY (.*?)(?: LIMIT \d+)?$", query["sql"]).group(1)
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT")
        and f' FROM "{table}"' in query["sql"]
        and " ORDER BY " in query["sql"]
    ]


@pytest.mark.django_db
def test_the_register_extracts_reads_come_by_time_then_id(af_coordinator):
    participant = ParticipantFactory(registered_by=af_coordinator.organisation)
    with CaptureQueriesContext(connection) as captured:
        register_extract.sections(participant)
    assert _orders_of(captured, "jobbspar_accesslog") == [
        '"jobbspar_accesslog"."at" ASC, "jobbspar_accesslog"."id" ASC'
    ]


@pytest.mark.django_db
def test_the_employer_pages_latest_meetings_and_tracks_come_by_time_then_id(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("employers:detail", args=[employer.pk]))
    assert response.status_code == 200
    assert _orders_of(captured, "employers_planningmeeting") == [
        '"employers_planningmeeting"."starts_at" DESC, "employers_planningmeeting"."id" DESC'
    ]
    assert _orders_of(captured, "tracks_track") == [
        '"tracks_track"."start_date" DESC, "tracks_track"."id" DESC'
    ]


@pytest.mark.django_db
def test_the_organisation_choices_come_by_name_then_id(af_coordinator):
    participant = ParticipantFactory(registered_by=af_coordinator.organisation)
    querysets = [
        ConsentForm(participant=participant, user=af_coordinator).fields["shared_with"].queryset,
        SearchForm.base_fields["organisation"].queryset,
        DashboardFilterForm.base_fields["nominating_organisation"].queryset,
    ]
    assert [queryset.query.order_by for queryset in querysets] == [("name", "id")] * 3


@pytest.mark.django_db
def test_the_import_pages_latest_batches_come_by_time_then_id(client, af_coordinator):
    client.force_login(af_coordinator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("imports:start"))
    assert response.status_code == 200
    assert _orders_of(captured, "imports_importbatch") == [
        '"imports_importbatch"."created_at" DESC, "imports_importbatch"."id" DESC'
    ]


@pytest.mark.django_db
def test_the_dashboard_refresh_takes_the_latest_viewed_by_time_then_id():
    with CaptureQueriesContext(connection) as captured:
        snapshots.refresh(limit=5)
    assert _orders_of(captured, "dashboard_dashboardsnapshot") == [
        '"dashboard_dashboardsnapshot"."last_viewed_at" DESC, '
        '"dashboard_dashboardsnapshot"."id" DESC'
    ]
