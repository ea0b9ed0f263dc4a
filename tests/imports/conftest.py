import datetime as dt

import pytest
from django.utils import translation

from jobbspar.identity import format_personal_number
from participants.identities import personal_number_for


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def number(n: int) -> str:
    """A valid personnummer, written as people write it (YYYYMMDD-NNNN)."""
    return format_personal_number(personal_number_for(dt.date(1980, 1, 1) + dt.timedelta(n), n))
