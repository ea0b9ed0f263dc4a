"""The SSYK 2012 list ships with the code, with its source, and is in every database."""

from pathlib import Path

import pytest

from employers.models import Occupation
from employers.occupations import SSYK_FILE, load_occupations, read_ssyk2012

pytestmark = pytest.mark.django_db


def test_migration_loaded_every_ssyk_2012_unit_group():
    assert Occupation.objects.count() == 429 == len(read_ssyk2012())
    assert Occupation.objects.get(code="5321").name == (
        "Undersköterskor, hemtjänst, hemsjukvård och äldreboende"
    )
    assert Occupation.objects.get(code="8331").name == "Buss- och spårvagnsförare"
    assert Occupation.objects.get(code="4322").name == "Lager- och terminalpersonal"


def test_codes_are_unique_four_digit_codes_in_order():
    codes = [code for code, _name in read_ssyk2012()]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert codes == sorted(codes)


def test_source_and_version_are_recorded_beside_the_file():
    readme = (Path(SSYK_FILE).parent / "README.md").read_text(encoding="utf-8")
    assert "SCB" in readme and "SSYK 2012" in readme and "429" in readme


def test_loading_again_changes_nothing():
    assert load_occupations(Occupation) == 429
    assert Occupation.objects.count() == 429
