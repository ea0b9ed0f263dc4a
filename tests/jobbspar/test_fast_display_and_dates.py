"""Two per-row costs taken out of long pages (issue 18), each answering exactly as Django does:
`get_<field>_display()` with the choices built once (jobbspar/choices_display.py), and the
`date` filter's fast path for numeric formats (jobbspar/templatetags/local_dates.py)."""

import datetime as dt
from functools import partialmethod

import pytest
from django.apps import apps
from django.db import models
from django.template import Context, Template, defaultfilters
from django.utils import formats, translation

from jobbspar.choices_display import install, project_app_labels
from jobbspar.local_time import NUMERIC_FORMATS, in_stockholm


def _fields_with_choices():
    for model in apps.get_models():
        if model._meta.app_label in project_app_labels():
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_the_project_apps_are_ours_only():
    labels = project_app_labels()
    assert {"jobbspar", "participants", "tracks", "schedule", "steering"} <= labels
    assert not {"auth", "admin", "otp_totp", "pghistory", "axes"} & labels


def test_every_generated_display_method_is_the_fast_one():
    fields = list(_fields_with_choices())
    assert len(fields) > 50
    for model, field in fields:
        method = getattr(model, f"get_{field.name}_display")
        assert not isinstance(method, partialmethod), (model, field.name)
        assert method.__name__ == f"get_{field.name}_display"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_fast_display_answers_as_djangos(language):
    with translation.override(language):
        for model, field in _fields_with_choices():
            for value in [*(choice for choice, _label in field.flatchoices), "no-such-value"]:
                instance = model()
                setattr(instance, field.attname, value)
                fast = getattr(instance, f"get_{field.name}_display")()
                assert fast == models.Model._get_FIELD_display(instance, field), (
                    model,
                    field.name,
                    value,
                )


def test_a_display_method_a_model_defines_itself_is_kept(settings):
    class Kind(models.TextChoices):
        A = "a", "Ett"

    class Custom(models.Model):
        kind = models.CharField(max_length=1, choices=Kind.choices)

        class Meta:
            app_label = "jobbspar"

        def __str__(self):
            return self.kind

        def get_kind_display(self):
            return "own"

    try:
        install({"jobbspar"})
        assert Custom(kind="a").get_kind_display() == "own"
    finally:
        apps.all_models["jobbspar"].pop("custom", None)
        apps.clear_cache()


MOMENTS = [
    dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC),  # 01:59 before summer time
    dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC),  # 03:00 summer time
    dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),  # 02:30, the first of two
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),  # 02:30, the second
    dt.datetime(2026, 12, 31, 23, 5, tzinfo=dt.UTC),  # already 2027 in Sweden
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("format", [*NUMERIC_FORMATS, "j F Y H:i", "D j M"])
def test_the_date_filter_writes_what_djangos_writes(language, format):
    template = Template('{{ value|date:"' + format + '" }}')
    with translation.override(language):
        for moment in MOMENTS:
            shown = template.render(Context({"value": moment}))
            assert shown == formats.date_format(in_stockholm(moment), format), (moment, format)
        if "H" not in format:  # a plain day has no time of day
            day = dt.date(2026, 6, 6)
            shown = template.render(Context({"value": day}))
            assert shown == defaultfilters.date(day, format)


def test_the_date_filter_takes_the_fast_path_and_passes_odd_values_on():
    template = Template('{{ value|date:"Y-m-d" }}|{{ empty|date:"Y-m-d" }}|{{ text|date:"Y-m-d" }}')
    shown = template.render(Context({"value": dt.date(2027, 1, 2), "empty": None, "text": "x"}))
    assert shown == "2027-01-02||"
