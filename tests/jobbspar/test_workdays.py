import datetime as dt

import pytest

from jobbspar.workdays import is_working_day, on_or_before_working_day, working_days_before

D = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 11, 23), True),  # Monday
        (D(2026, 11, 28), False),  # Saturday
        (D(2026, 11, 29), False),  # Sunday
        (D(2026, 6, 19), False),  # Midsummer Eve: like a Sunday (semesterlagen)
        (D(2026, 12, 24), False),  # Christmas Eve
        (D(2026, 12, 31), False),  # New Year's Eve
        (D(2026, 1, 6), False),  # Epiphany
        (D(2026, 5, 14), False),  # Ascension Day
        (D(2026, 5, 15), True),  # squeeze day: a normal working day by law
        (D(2026, 4, 2), True),  # Maundy Thursday: a working day
    ],
)
def test_swedish_working_days(day, working):
    assert is_working_day(day) is working


def test_a_reminder_due_on_a_holiday_moves_to_the_working_day_before():
    assert on_or_before_working_day(D(2026, 12, 26)) == D(2026, 12, 23)
    assert on_or_before_working_day(D(2026, 11, 29)) == D(2026, 11, 27)
    assert on_or_before_working_day(D(2026, 11, 25)) == D(2026, 11, 25)


def test_counting_working_days_back_skips_weekends_and_holidays():
    assert working_days_before(D(2026, 11, 30), 2) == D(2026, 11, 26)  # Mon -> Thu
    # Thu 7 Jan 2027: Tue 5, Mon 4, then back past New Year (1 Jan, 31 Dec) to Wed 30 Dec.
    assert working_days_before(D(2027, 1, 7), 3) == D(2026, 12, 30)
