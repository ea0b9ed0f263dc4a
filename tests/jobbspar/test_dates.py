"""Swedish date input: ISO dates only, never US month/day guessing."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from jobbspar.forms import IsoDateField


class DateForm(forms.Form):
    day = IsoDateField()


class PlainDateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_iso_date_is_accepted(language):
    with translation.override(language):
        form = DateForm({"day": "2026-12-01"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2026, 12, 1)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("written", ["1/12/2026", "12/01/2026", "01/12/26"])
def test_slash_dates_are_refused_not_guessed(language, written):
    with translation.override(language):
        form = DateForm({"day": written})
        assert not form.is_valid()


def test_refusal_message_says_how_to_write_the_date_in_swedish():
    with translation.override("sv"):
        form = DateForm({"day": "1/12/2026"})
        form.is_valid()
        assert form.errors["day"] == ["Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01."]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_project_formats_refuse_us_dates_even_in_plain_django_fields(language):
    with translation.override(language):
        form = PlainDateForm({"day": "1/12/2026"})
        assert not form.is_valid()
