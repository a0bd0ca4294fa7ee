"""Working-day calendar (hari kerja): Monday-Friday minus hari libur nasional and cuti bersama.

Holiday data: ``holidays`` package, country ID, categories public + government (cuti bersama).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import (
    TIMEZONE,
    WIB,
    CalendarCoverageError,
    WorkingDayCalendar,
    calendar_for_years,
    local_date,
)
from core.holiday_source import (
    HolidayOverride,
    build_holiday_map,
    national_holidays,
    tahun_tanpa_cuti_bersama,
)

CAL_2026 = calendar_for_years([2026, 2027])


# ----------------------------------------------------------------------------- holiday source


def test_national_holidays_2026_include_public_and_cuti_bersama_in_indonesian() -> None:
    h = national_holidays([2026])
    assert h[date(2026, 1, 1)] == "Tahun Baru Masehi"
    assert h[date(2026, 3, 19)] == "Hari Suci Nyepi"
    # government category = cuti bersama
    assert h[date(2026, 3, 18)].startswith("Cuti Bersama")
    assert h[date(2026, 2, 16)].startswith("Cuti Bersama")
    assert h[date(2026, 4, 3)] == "Wafat Yesus Kristus"
    assert h[date(2026, 6, 1)] == "Hari Lahir Pancasila"
    assert all(d.year == 2026 for d in h)


def test_national_holidays_no_years_is_empty() -> None:
    assert national_holidays([]) == {}


def test_build_holiday_map_applies_overrides_in_order_and_ignores_other_years() -> None:
    overrides = [
        HolidayOverride(date(2026, 2, 2), True, "Cuti bersama tambahan"),
        HolidayOverride(date(2026, 1, 16), False, "Dibatalkan"),
        HolidayOverride(date(2030, 1, 2), True, "Di luar tahun"),
        HolidayOverride(date(2026, 2, 3), True, "  "),
        HolidayOverride(date(2026, 2, 3), False, "Batal lagi"),  # last one wins
    ]
    m = build_holiday_map([2026], overrides)
    assert m[date(2026, 2, 2)] == "Cuti bersama tambahan"
    assert date(2026, 1, 16) not in m
    assert date(2030, 1, 2) not in m
    assert date(2026, 2, 3) not in m
    assert list(m) == sorted(m)


def test_override_with_empty_keterangan_gets_default_name() -> None:
    m = build_holiday_map([2026], [HolidayOverride(date(2026, 2, 3), True, "")])
    assert m[date(2026, 2, 3)]


# ----------------------------------------------------------------------------- basics


def test_timezone_constants() -> None:
    assert TIMEZONE == "Asia/Jakarta"
    assert str(WIB) == "Asia/Jakarta"


def test_weekends_are_not_working_days() -> None:
    assert not CAL_2026.is_working_day(date(2026, 2, 7))  # Sabtu
    assert not CAL_2026.is_working_day(date(2026, 2, 8))  # Minggu
    assert CAL_2026.is_working_day(date(2026, 2, 9))  # Senin


def test_holidays_and_cuti_bersama_are_not_working_days() -> None:
    assert not CAL_2026.is_working_day(date(2026, 1, 1))  # Tahun Baru
    assert not CAL_2026.is_working_day(date(2026, 3, 18))  # cuti bersama Nyepi
    assert not CAL_2026.is_working_day(date(2026, 3, 24))  # cuti bersama Idul Fitri
    assert CAL_2026.is_working_day(date(2026, 3, 25))
    assert CAL_2026.holiday_name(date(2026, 3, 19)) == "Hari Suci Nyepi"
    assert CAL_2026.holiday_name(date(2026, 3, 25)) is None
    # A holiday on a weekend still has a name.
    assert CAL_2026.holiday_name(date(2026, 3, 21)) == "Hari Raya Idul Fitri"


def test_add_working_days_skips_weekend_and_excludes_start() -> None:
    # Friday 6 Feb 2026 + 1 -> Monday 9 Feb.
    assert CAL_2026.add_working_days(date(2026, 2, 6), 1) == date(2026, 2, 9)
    # Start on a Saturday: Monday is the 1st working day after it.
    assert CAL_2026.add_working_days(date(2026, 2, 7), 1) == date(2026, 2, 9)


def test_add_working_days_skips_the_idul_fitri_block() -> None:
    # Tue 17 Mar 2026 + 1: 18 (cuti Nyepi), 19 (Nyepi), 20 (cuti Idul Fitri), 21-22 weekend,
    # 23-24 cuti bersama Idul Fitri -> Wed 25 Mar.
    assert CAL_2026.add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)


@pytest.mark.parametrize("n", [0, -1])
def test_add_working_days_rejects_n_below_one(n: int) -> None:
    with pytest.raises(ValueError):
        CAL_2026.add_working_days(date(2026, 2, 6), n)


def test_working_days_between_is_half_open_and_antisymmetric() -> None:
    a, b = date(2026, 2, 6), date(2026, 2, 13)  # Fri -> next Fri: 9..13 = 5
    assert CAL_2026.working_days_between(a, b) == 5
    assert CAL_2026.working_days_between(b, a) == -5
    assert CAL_2026.working_days_between(a, a) == 0
    # Over the Idul Fitri block: (17 Mar, 25 Mar] holds only 25 Mar.
    assert CAL_2026.working_days_between(date(2026, 3, 17), date(2026, 3, 25)) == 1


def test_next_and_previous_working_day() -> None:
    assert CAL_2026.next_working_day(date(2026, 3, 18)) == date(2026, 3, 25)
    assert CAL_2026.next_working_day(date(2026, 3, 17)) == date(2026, 3, 17)
    assert CAL_2026.next_working_day(date(2026, 3, 17), inclusive=False) == date(2026, 3, 25)
    assert CAL_2026.previous_working_day(date(2026, 3, 24)) == date(2026, 3, 17)
    assert CAL_2026.previous_working_day(date(2026, 3, 25), inclusive=False) == date(2026, 3, 17)


def test_nth_working_day_of_month() -> None:
    # Feb 2026: 2, 3, 4, 5, 6 -> the 5th is Fri 6 Feb (Pasal 15(4) contract check).
    assert CAL_2026.nth_working_day_of_month(2026, 2, 1) == date(2026, 2, 2)
    assert CAL_2026.nth_working_day_of_month(2026, 2, 5) == date(2026, 2, 6)
    # Jan 2027: 1 Jan (Tahun Baru) and 5 Jan (Isra Mikraj) are off: 4, 6, 7, 8, 11.
    assert CAL_2026.nth_working_day_of_month(2027, 1, 5) == date(2027, 1, 11)
    with pytest.raises(ValueError):
        CAL_2026.nth_working_day_of_month(2026, 2, 30)
    with pytest.raises(ValueError):
        CAL_2026.nth_working_day_of_month(2026, 2, 0)


def test_calendar_refuses_dates_outside_covered_years() -> None:
    cal = calendar_for_years([2026])
    assert cal.years == frozenset({2026})
    with pytest.raises(CalendarCoverageError):
        cal.is_working_day(date(2027, 1, 4))
    # Running off the end of the covered range while counting also fails loudly.
    with pytest.raises(CalendarCoverageError):
        cal.add_working_days(date(2026, 12, 31), 1)


def test_unchecked_calendar_accepts_any_date() -> None:
    cal = WorkingDayCalendar({date(2026, 2, 9): "Libur contoh"})
    assert cal.years is None
    assert not cal.is_working_day(date(2026, 2, 9))
    assert cal.is_working_day(date(1999, 1, 4))


# ----------------------------------------------------------------------------- overrides


def test_override_adding_cuti_bersama_makes_day_non_working() -> None:
    cal = calendar_for_years([2026], [HolidayOverride(date(2026, 2, 4), True, "Cuti bersama baru")])
    assert not cal.is_working_day(date(2026, 2, 4))
    assert cal.holiday_name(date(2026, 2, 4)) == "Cuti bersama baru"
    # 5th working day of Feb moves from Fri 6 Feb to Mon 9 Feb.
    assert cal.nth_working_day_of_month(2026, 2, 5) == date(2026, 2, 9)


def test_override_removing_holiday_makes_weekday_working_again() -> None:
    # Isra Mikraj, Fri 16 Jan 2026, cancelled locally.
    cal = calendar_for_years([2026], [HolidayOverride(date(2026, 1, 16), False, "Batal")])
    assert cal.is_working_day(date(2026, 1, 16))
    assert cal.holiday_name(date(2026, 1, 16)) is None


def test_override_removing_weekend_holiday_keeps_weekend_off() -> None:
    # Hari Raya Idul Fitri 2026 falls on Saturday 21 Mar: removing it does not make Saturday a
    # working day.
    cal = calendar_for_years([2026], [HolidayOverride(date(2026, 3, 21), False, "Batal")])
    assert not cal.is_working_day(date(2026, 3, 21))


# ----------------------------------------------------------------------------- local_date


def test_local_date_converts_to_wib() -> None:
    # 17:30 UTC on 31 Jan = 00:30 WIB on 1 Feb.
    assert local_date(datetime(2026, 1, 31, 17, 30, tzinfo=UTC)) == date(2026, 2, 1)
    assert local_date(datetime(2026, 1, 31, 16, 59, tzinfo=UTC)) == date(2026, 1, 31)
    tz9 = timezone(timedelta(hours=9))  # WIT
    assert local_date(datetime(2026, 2, 1, 1, 0, tzinfo=tz9)) == date(2026, 1, 31)


def test_local_date_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError):
        local_date(datetime(2026, 1, 31, 12, 0))


# ----------------------------------------------------------------------------- property

PROP_CAL = calendar_for_years(range(2020, 2036))


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2033, 12, 31)),
    n=st.integers(min_value=1, max_value=250),
)
def test_add_working_days_properties(start: date, n: int) -> None:
    """add_working_days(d, n) is a working day, strictly increasing in n, and inverts
    working_days_between."""
    result = PROP_CAL.add_working_days(start, n)
    assert result > start
    assert PROP_CAL.is_working_day(result)
    assert PROP_CAL.working_days_between(start, result) == n
    assert PROP_CAL.working_days_between(result, start) == -n
    assert PROP_CAL.add_working_days(start, n + 1) > result
    # Nothing between two consecutive results is a working day.
    if n > 1:
        prev = PROP_CAL.add_working_days(start, n - 1)
        d = prev + timedelta(days=1)
        while d < result:
            assert not PROP_CAL.is_working_day(d)
            d += timedelta(days=1)


def test_years_without_cuti_bersama_are_named_until_one_is_added() -> None:
    """SKB 3 Menteri: the cuti bersama of a year are decided during the year before (SPEC §3)."""

    assert tahun_tanpa_cuti_bersama([2026, 2027]) == []  # holidays >= 0.105
    assert tahun_tanpa_cuti_bersama([2027, 2039, 2040]) == [2039, 2040]
    ditambah = HolidayOverride(date(2039, 12, 24), True, "Cuti bersama Natal")
    dibatalkan = HolidayOverride(date(2040, 12, 24), False, "Bukan libur")
    assert tahun_tanpa_cuti_bersama([2039, 2040], [ditambah, dibatalkan]) == [2040]
