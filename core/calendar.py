"""Working-day (hari kerja) calendar for Banten, timezone WIB.

A hari kerja is Monday-Friday and not a hari libur nasional / cuti bersama (see
:mod:`core.holiday_source`). This module is pure: it never reads the clock; callers pass dates.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from core.holiday_source import HolidayOverride, build_holiday_map

__all__ = [
    "TIMEZONE",
    "WIB",
    "CalendarCoverageError",
    "WorkingDayCalendar",
    "calendar_for_years",
    "local_date",
]

TIMEZONE = "Asia/Jakarta"
WIB = ZoneInfo(TIMEZONE)

_ONE_DAY = timedelta(days=1)


class CalendarCoverageError(ValueError):
    """A computation needed a date in a year the calendar has no holiday data for."""


class WorkingDayCalendar:
    """Working days given an already merged holiday map (national + cuti bersama + overrides).

    ``years``: the years the holiday map is complete for. When given (as
    :func:`calendar_for_years` does), any question about a date outside those years raises
    :class:`CalendarCoverageError` instead of silently treating unknown holidays as working days.
    When ``None``, no check is made (every date not in ``holidays`` and Mon-Fri is a working day).
    """

    def __init__(self, holidays: Mapping[date, str], years: Iterable[int] | None = None) -> None:
        self._holidays: Mapping[date, str] = MappingProxyType(dict(holidays))
        self._years: frozenset[int] | None = None if years is None else frozenset(years)

    def __repr__(self) -> str:
        years = "semua" if self._years is None else sorted(self._years)
        return f"WorkingDayCalendar(years={years}, libur={len(self._holidays)})"

    @property
    def holidays(self) -> Mapping[date, str]:
        """Read-only view of the merged holiday map."""
        return self._holidays

    @property
    def years(self) -> frozenset[int] | None:
        """Years this calendar covers, or ``None`` when unchecked."""
        return self._years

    def covers(self, d: date) -> bool:
        """Whether ``d`` lies in a covered year (always ``True`` when unchecked)."""
        return self._years is None or d.year in self._years

    def _check(self, d: date) -> None:
        if not self.covers(d):
            covered = ", ".join(str(y) for y in sorted(self._years or ()))
            raise CalendarCoverageError(
                f"Kalender hari kerja tidak mencakup tahun {d.year} (tanggal {d.isoformat()}); "
                f"tahun yang tersedia: {covered or '-'}."
            )

    def is_working_day(self, d: date) -> bool:
        """Monday-Friday and not a holiday/cuti bersama."""
        self._check(d)
        return d.weekday() < 5 and d not in self._holidays

    def holiday_name(self, d: date) -> str | None:
        """Name of the holiday/cuti bersama on ``d`` (also on weekends), else ``None``."""
        self._check(d)
        return self._holidays.get(d)

    def next_working_day(self, d: date, inclusive: bool = True) -> date:
        """First working day on or after ``d`` (``inclusive=True``) or strictly after ``d``."""
        current = d if inclusive else d + _ONE_DAY
        while not self.is_working_day(current):
            current += _ONE_DAY
        return current

    def previous_working_day(self, d: date, inclusive: bool = True) -> date:
        """Last working day on or before ``d`` (``inclusive=True``) or strictly before ``d``."""
        current = d if inclusive else d - _ONE_DAY
        while not self.is_working_day(current):
            current -= _ONE_DAY
        return current

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day strictly after ``start`` (``n >= 1``).

        ``start`` itself never counts, whether or not it is a working day:
        ``add_working_days(Fri, 1)`` is the next Monday (if that is not a holiday).
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"Jumlah hari kerja harus bilangan bulat >= 1, bukan {n!r}.")
        current = start
        remaining = n
        while remaining:
            current += _ONE_DAY
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in the half-open interval ``(a, b]``.

        ``a`` is excluded and ``b`` included, so ``working_days_between(d, add_working_days(d, n))
        == n``. If ``b < a`` the result is ``-working_days_between(b, a)``, i.e. minus the number of
        working days in ``(b, a]``. ``a == b`` gives 0.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        current = a
        while current < b:
            current += _ONE_DAY
            if self.is_working_day(current):
                count += 1
        return count

    def working_days_in_month(self, year: int, month: int) -> list[date]:
        """All working days of the month, in order."""
        days_in_month = _stdlib_calendar.monthrange(year, month)[1]
        days = (date(year, month, day) for day in range(1, days_in_month + 1))
        return [d for d in days if self.is_working_day(d)]

    def nth_working_day_of_month(self, year: int, month: int, n: int) -> date:
        """The ``n``-th working day of the month (``n >= 1``); ``n=1`` is the first one.

        Raises ``ValueError`` if the month has fewer than ``n`` working days.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"Urutan hari kerja harus bilangan bulat >= 1, bukan {n!r}.")
        days = self.working_days_in_month(year, month)
        if n > len(days):
            raise ValueError(
                f"Bulan {year}-{month:02d} hanya memiliki {len(days)} hari kerja, "
                f"tidak ada hari kerja ke-{n}."
            )
        return days[n - 1]


def calendar_for_years(
    years: Iterable[int], overrides: Iterable[HolidayOverride] = ()
) -> WorkingDayCalendar:
    """Calendar covering exactly ``years``: national holidays + cuti bersama + ``overrides``."""
    ys = sorted(set(years))
    return WorkingDayCalendar(build_holiday_map(ys, overrides), years=ys)


def local_date(dt: datetime) -> date:
    """The calendar date of an aware ``dt`` in WIB (Asia/Jakarta). Naive datetimes are refused."""
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        raise ValueError("Waktu tanpa zona waktu (naive datetime) tidak dapat dikonversi ke WIB.")
    return dt.astimezone(WIB).date()
