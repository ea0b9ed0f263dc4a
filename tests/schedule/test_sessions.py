"""The sessions generated from a weekly pattern: holidays skipped, exceptions applied."""

import datetime as dt
from decimal import Decimal

from schedule.sessions import Session, generate_sessions, monday_of

T0830, T1200, T1300, T1500, T1600 = (
    dt.time(8, 30),
    dt.time(12),
    dt.time(13),
    dt.time(15),
    dt.time(16),
)
# The 27-week pilot, from Monday 12 January 2026 to Sunday 19 July 2026 (as Track.end_date).
PILOT_START = dt.date(2026, 1, 12)
PILOT_END = PILOT_START + dt.timedelta(weeks=27, days=-1)


def test_the_pilot_runs_27_weeks():
    assert dt.date(2026, 7, 19) == PILOT_END


def test_training_monday_to_wednesday_skips_easter_monday():
    sessions = generate_sessions(
        starts_on=PILOT_START,
        ends_on=PILOT_END,
        weekly={0: (T0830, T1500), 1: (T0830, T1500), 2: (T0830, T1500)},
    )
    # 27 weeks x 3 days, less Easter Monday (6 April 2026).
    assert len(sessions) == 80
    assert dt.date(2026, 4, 6) not in {s.day for s in sessions}
    assert dt.date(2026, 4, 7) in {s.day for s in sessions}


def test_apl_thursday_and_friday_in_the_last_ten_weeks_skips_ascension_and_midsummer_eve():
    apl_start = PILOT_START + dt.timedelta(weeks=17)
    assert apl_start == dt.date(2026, 5, 11)
    sessions = generate_sessions(
        starts_on=apl_start, ends_on=PILOT_END, weekly={3: (T0830, T1600), 4: (T0830, T1600)}
    )
    # 10 weeks x 2 days, less Ascension Day (Thu 14 May) and Midsummer Eve (Fri 19 June).
    assert len(sessions) == 18
    days = {s.day for s in sessions}
    assert dt.date(2026, 5, 14) not in days
    assert dt.date(2026, 6, 19) not in days
    assert dt.date(2026, 5, 15) in days


def test_thursday_and_friday_all_27_weeks_skip_good_friday_and_may_day_too():
    sessions = generate_sessions(
        starts_on=PILOT_START, ends_on=PILOT_END, weekly={3: (T0830, T1600), 4: (T0830, T1600)}
    )
    # 54, less Good Friday (3 April), 1 May, Ascension Day and Midsummer Eve.
    assert len(sessions) == 50


def test_yrkessvenska_on_tuesday_afternoons_beside_the_training():
    sessions = generate_sessions(
        starts_on=PILOT_START, ends_on=PILOT_END, weekly={1: (T1300, T1600)}
    )
    assert len(sessions) == 27
    assert all(s.day.weekday() == 1 and s.hours == Decimal("3.00") for s in sessions)


def test_christmas_eve_and_new_years_eve_are_not_session_days():
    sessions = generate_sessions(
        starts_on=dt.date(2026, 12, 21),
        ends_on=dt.date(2027, 1, 8),
        weekly=dict.fromkeys(range(5), (T0830, T1200)),
    )
    days = {s.day for s in sessions}
    for day_off in ("2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01", "2027-01-06"):
        assert dt.date.fromisoformat(day_off) not in days
    assert dt.date(2026, 12, 23) in days
    assert len(sessions) == 15 - 5


def test_a_cancelled_day_is_left_out_and_an_extra_day_added():
    sessions = generate_sessions(
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 13),
        weekly={0: (T0830, T1500)},
        cancelled=[dt.date(2026, 3, 9)],
        extra={dt.date(2026, 3, 11): (T1300, T1600)},
    )
    assert [(s.day, s.extra) for s in sessions] == [
        (dt.date(2026, 3, 2), False),
        (dt.date(2026, 3, 11), True),
    ]


def test_an_extra_day_counts_even_on_a_holiday():
    sessions = generate_sessions(
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 10),
        weekly={},
        extra={dt.date(2026, 4, 6): (T0830, T1200)},
    )
    assert [s.day for s in sessions] == [dt.date(2026, 4, 6)]


def test_within_narrows_to_a_week_without_changing_the_days():
    whole = generate_sessions(
        starts_on=PILOT_START, ends_on=PILOT_END, weekly={0: (T0830, T1500), 4: (T0830, T1500)}
    )
    week = generate_sessions(
        starts_on=PILOT_START,
        ends_on=PILOT_END,
        weekly={0: (T0830, T1500), 4: (T0830, T1500)},
        within=(dt.date(2026, 3, 30), dt.date(2026, 4, 3)),
    )
    # Good Friday: only Monday that week.
    assert [s.day for s in week] == [dt.date(2026, 3, 30)]
    assert [s for s in whole if dt.date(2026, 3, 30) <= s.day <= dt.date(2026, 4, 3)] == week


def test_session_hours_and_monday_of():
    assert Session(dt.date(2026, 3, 2), T0830, T1500).hours == Decimal("6.50")
    assert monday_of(dt.date(2026, 3, 5)) == dt.date(2026, 3, 2)
    assert monday_of(dt.date(2026, 3, 2)) == dt.date(2026, 3, 2)
