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
        "Personnummer: XXXXXX-4714.",
        "******– 4714",
    ],
)
def test_every_form_of_the_number_is_found(text):
    assert shows_identity_number(f"<p>{text}</p>", NUMBER)


@pytest.mark.parametrize(
    "text",
    ["/participants/4714/", "Kandidat 4714", "47140 kr", "id-47141", "198503124713"],
)
def test_the_four_digits_alone_are_not_the_number(text):
    assert not shows_identity_number(f"<p>{text}</p>", NUMBER)
