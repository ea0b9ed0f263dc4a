"""The tests' check for an identity number on a page (tests/identity_numbers.py)."""

import pytest

from tests.identity_numbers import shows_identity_number

NUMBER = "198503124714"


@pytest.mark.parametrize(
    "text",
    [
        "Personnummer 198503124714",
        "19850312-4714",
        "850312-4714",
        "8503124714",
        "850312+4714",
        "19850312 4714",
        "850312 – 4714",
        "Personnummer: XXXXXX-4714.",
    ],
)
def test_every_form_of_the_number_is_found(text):
    assert shows_identity_number(f"<p>{text}</p>", NUMBER)


@pytest.mark.parametrize(
    "text",
    [
        "/participants/4714/",
        '<h3 id="note-4714">',
        "Kandidat 4714",
        "47140 kr",
        "19850312-XXXX",
        "198503124713",
        "2026-01-05 – 2026-06-30",
    ],
)
def test_the_four_digits_alone_are_not_the_number(text):
    assert not shows_identity_number(f"<p>{text}</p>", NUMBER)


def test_a_year_as_the_last_four_digits_is_not_found_in_a_date_range():
    assert not shows_identity_number("2026-01-05 – 2026-06-30", "198503122026")
