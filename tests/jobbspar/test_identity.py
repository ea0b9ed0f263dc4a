import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jobbspar.identity import (
    birth_date_from_personal_number,
    format_personal_number,
    is_coordination_number,
    luhn_digit,
    normalise_organisation_number,
    normalise_personal_number,
)

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "written",
    ["811218-9876", "8112189876", "19811218-9876", "198112189876", " 811218-9876 "],
)
def test_personal_number_accepts_the_usual_written_forms(written):
    assert normalise_personal_number(written, today=TODAY) == "198112189876"


@pytest.mark.parametrize(
    ("digits", "check"), [("811218987", "6"), ("556036079", "3"), ("121212121", "2"), ("", "0")]
)
def test_luhn_digit_completes_personal_and_organisation_numbers(digits, check):
    assert luhn_digit(digits) == check


def test_two_digit_year_never_lands_in_the_future():
    assert normalise_personal_number("121212-1212", today=TODAY) == "201212121212"


def test_plus_sign_means_a_hundred_years_or_more():
    assert normalise_personal_number("121212+1212", today=TODAY) == "191212121212"


def test_coordination_number_has_sixty_added_to_the_day():
    number = normalise_personal_number("701063-2391", today=TODAY)
    assert is_coordination_number(number)
    assert birth_date_from_personal_number(number) == dt.date(1970, 10, 3)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("811218-9875", "checksum"),
        ("811318-9875", "date"),  # month 13, valid check digit
        ("8112189", "format"),
        ("abcdef-ghij", "format"),
        ("٨١١٢١٨-٩٨٧٦", "format"),  # Arabic-Indic digits are not accepted
        ("", "format"),
        ("20991231-1231", "future"),
    ],
)
def test_personal_number_rejects_invalid_input_with_a_reason(written, code):
    with pytest.raises(ValidationError) as error:
        normalise_personal_number(written, today=TODAY)
    assert error.value.code == code


def test_personal_number_is_shown_with_a_dash():
    assert format_personal_number("198112189876") == "19811218-9876"


@pytest.mark.parametrize("written", ["212000-1124", "2120001124", "162120001124"])
def test_organisation_number_is_normalised(written):
    assert normalise_organisation_number(written) == "212000-1124"


@pytest.mark.parametrize("written", ["212000-1125", "21200011", "٢١٢٠٠٠-١١٢٤", "556677-889"])
def test_organisation_number_rejects_bad_numbers(written):
    with pytest.raises(ValidationError):
        normalise_organisation_number(written)
