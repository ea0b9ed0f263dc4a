"""Property-based tests: the identity validators accept exactly well-formed ASCII numbers with a
valid check digit, and never fail with anything but ValidationError."""

import datetime as dt

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jobbspar.identity import (
    format_personal_number,
    luhn_digit,
    luhn_ok,
    normalise_organisation_number,
    normalise_personal_number,
)

TODAY = dt.date(2026, 6, 1)
ASCII_DIGITS = st.text(alphabet="0123456789", min_size=0, max_size=14)
# Digits that str.isdigit() accepts but that are not ASCII: Arabic-Indic, Persian, Devanagari,
# fullwidth, superscript, Bengali, Thai.
UNICODE_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९０１２３４５６７８９²³¹০১২৩৪৫৬৭৮৯๐๑๒๓๔๕๖๗๘๙"
NON_ASCII_DIGIT = st.sampled_from(UNICODE_DIGITS)


def check_digit(nine: str) -> str:
    for digit in "0123456789":
        if luhn_ok(nine + digit):
            return digit
    raise AssertionError("unreachable")


def outcome(function, value):
    """The normalised value, or the ValidationError code; any other exception fails the test."""
    try:
        return function(value)
    except ValidationError as error:
        return ("invalid", error.code)


@given(st.text(max_size=40))
@example("\x00")
@example("19900101-" + "١٢٣٤")
@settings(max_examples=400)
def test_personal_number_never_raises_anything_but_validation_error(value):
    result = outcome(lambda v: normalise_personal_number(v, today=TODAY), value)
    if not isinstance(result, tuple):
        assert result.isascii() and result.isdigit() and len(result) == 12
        assert luhn_ok(result[2:])


@given(st.text(max_size=40))
@example("\x00")
@settings(max_examples=400)
def test_organisation_number_never_raises_anything_but_validation_error(value):
    result = outcome(normalise_organisation_number, value)
    if not isinstance(result, tuple):
        digits = result.replace("-", "")
        assert digits.isascii() and digits.isdigit() and len(digits) == 10
        assert luhn_ok(digits)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), st.integers(0, 999))
def test_every_valid_personal_number_is_accepted_in_both_forms(born, serial):
    nine = born.strftime("%y%m%d") + f"{serial:03d}"
    number = nine + check_digit(nine)
    long_form = born.strftime("%Y") + number[2:6] + "-" + number[6:]
    expected = born.strftime("%Y") + number[2:]
    assert normalise_personal_number(long_form, today=TODAY) == expected
    assert format_personal_number(expected) == long_form


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), st.integers(0, 999))
def test_a_wrong_check_digit_is_always_rejected(born, serial):
    nine = born.strftime("%y%m%d") + f"{serial:03d}"
    wrong = str((int(check_digit(nine)) + 1) % 10)
    result = outcome(lambda v: normalise_personal_number(v, today=TODAY), nine + wrong)
    assert result == ("invalid", "checksum")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_organisation_numbers_with_the_right_check_digit_are_accepted(nine):
    number = nine + check_digit(nine)
    assert normalise_organisation_number(number) == f"{number[:6]}-{number[6:]}"
    assert normalise_organisation_number(f"16{number}") == f"{number[:6]}-{number[6:]}"


@given(ASCII_DIGITS)
@example("811218987")  # 811218-9876, Skatteverket's example
def test_luhn_digit_is_the_one_digit_that_completes_a_number(digits):
    digit = luhn_digit(digits)
    assert [d for d in "0123456789" if luhn_ok(digits + d)] == [digit]


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_any_non_ascii_digit_is_rejected_even_with_a_valid_check_digit(nine, data):
    valid = nine + check_digit(nine)
    position = data.draw(st.integers(0, 9))
    # Replace one digit by the same digit in another script (same numeric value).
    same_value = [c for c in UNICODE_DIGITS if c.isdecimal() and int(c) == int(valid[position])]
    replacement = data.draw(st.sampled_from(same_value))
    forged = valid[:position] + replacement + valid[position + 1 :]
    assert outcome(normalise_organisation_number, forged) == ("invalid", "format")
    assert outcome(lambda v: normalise_personal_number(v, today=TODAY), forged)[0] == "invalid"


@given(ASCII_DIGITS, NON_ASCII_DIGIT, ASCII_DIGITS)
def test_personal_number_with_any_unicode_digit_is_rejected(before, digit, after):
    result = outcome(lambda v: normalise_personal_number(v, today=TODAY), before + digit + after)
    assert result[0] == "invalid"
