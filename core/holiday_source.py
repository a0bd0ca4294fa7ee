"""National holidays (libur nasional) and cuti bersama for Indonesia, plus local overrides.

Source: the ``holidays`` package, country ``ID``, categories ``public`` (hari libur nasional) and
``government`` (cuti bersama), names in Bahasa Indonesia (``language="id"``). The package follows the
joint ministerial decree (SKB 3 Menteri) as published; cuti bersama are revised during the year, so
the DB keeps :class:`HolidayOverride` rows that are applied on top by :func:`build_holiday_map`.

Pure module: no I/O besides the ``holidays`` package's bundled data, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import holidays

__all__ = [
    "COUNTRY",
    "CATEGORIES",
    "LANGUAGE",
    "HolidayOverride",
    "national_holidays",
    "build_holiday_map",
    "tahun_tanpa_cuti_bersama",
]

COUNTRY = "ID"
CATEGORIES: tuple[str, ...] = ("public", "government")
"""``public`` = hari libur nasional, ``government`` = cuti bersama."""
LANGUAGE = "id"

_DEFAULT_KETERANGAN = "Libur (penyesuaian lokal)"


@dataclass(frozen=True)
class HolidayOverride:
    """A local correction to the national calendar, stored in the DB by others.

    ``libur=True`` makes ``tanggal`` a non-working day (e.g. a newly announced cuti bersama);
    ``keterangan`` becomes its name. ``libur=False`` removes a holiday/cuti bersama on ``tanggal``
    (e.g. a cancelled cuti bersama): the day becomes a working day again if it is Monday-Friday.
    Weekends stay non-working whatever the override says.
    """

    tanggal: date
    libur: bool
    keterangan: str


def _normalised_years(years: Iterable[int]) -> list[int]:
    result = sorted(set(years))
    for y in result:
        if isinstance(y, bool) or not isinstance(y, int):
            raise TypeError(f"Tahun harus bilangan bulat, bukan {y!r}.")
    return result


def national_holidays(years: Iterable[int]) -> dict[date, str]:
    """Hari libur nasional and cuti bersama for ``years``, names in Bahasa Indonesia.

    When two holidays fall on the same date the package joins their names with ``"; "``.
    Returns an empty dict for no years.
    """
    ys = _normalised_years(years)
    if not ys:
        return {}
    data = holidays.country_holidays(
        COUNTRY,
        years=ys,
        categories=CATEGORIES,
        language=LANGUAGE,
    )
    return {d: str(name) for d, name in sorted(data.items()) if d.year in ys}


def build_holiday_map(
    years: Iterable[int], overrides: Iterable[HolidayOverride] = ()
) -> dict[date, str]:
    """National holidays of ``years`` with ``overrides`` applied, in order (the last one wins).

    Overrides whose ``tanggal`` is outside ``years`` are ignored, so the map describes exactly the
    requested years. An added day (``libur=True``) is named by its ``keterangan`` (or a default text
    when empty); a removed day (``libur=False``) is dropped from the map.
    """
    ys = _normalised_years(years)
    result = national_holidays(ys)
    year_set = set(ys)
    for o in overrides:
        if o.tanggal.year not in year_set:
            continue
        if o.libur:
            result[o.tanggal] = o.keterangan.strip() or _DEFAULT_KETERANGAN
        else:
            result.pop(o.tanggal, None)
    return dict(sorted(result.items()))


def tahun_tanpa_cuti_bersama(
    years: Iterable[int], overrides: Iterable[HolidayOverride] = ()
) -> list[int]:
    """Those of ``years`` whose cuti bersama are not known: the package has none for the year
    (the SKB 3 Menteri of a later year comes out during the year before, and an older release of
    the package lacks even published years) and no override adds a day off in it.

    Deadlines in such a year may fall too early: a day that will be cuti bersama counts as a
    working day until someone adds it (``sakip kalender libur``).
    """
    ys = _normalised_years(years)
    if not ys:
        return []
    data = holidays.country_holidays(COUNTRY, years=ys, categories=("government",))
    dikenal = {d.year for d in data if d.year in ys}
    dikenal |= {o.tanggal.year for o in overrides if o.libur}
    return [y for y in ys if y not in dikenal]
