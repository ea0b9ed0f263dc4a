"""The shortage-occupation import reads an Excel file through the imports' reader."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from employers.models import ShortageOccupation
from tests.employers.factories import occupation
from tests.imports.files import xlsx_bytes

pytestmark = pytest.mark.django_db


def test_an_xlsx_file_is_imported_like_the_csv(tmp_path, capsys):
    occupation("5321")
    path = tmp_path / "bristyrken.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["ssyk", "region", "valid_from", "valid_to", "source"],
                ["5321", "12", dt.datetime(2027, 1, 1), dt.datetime(2028, 12, 31), "AF 2027"],
            ]
        )
    )
    call_command("import_shortage_occupations", str(path))
    assert "1 added" in capsys.readouterr().out
    entry = ShortageOccupation.objects.get()
    assert (entry.region, entry.valid_to) == ("12", dt.date(2028, 12, 31))


def test_a_broken_xlsx_file_is_refused(tmp_path):
    path = tmp_path / "bristyrken.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="Excel"):
        call_command("import_shortage_occupations", str(path))
    assert not ShortageOccupation.objects.exists()
