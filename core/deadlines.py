"""Reporting deadlines (tenggat) from Pergub Banten 17/2023 (Pengendalian dan Evaluasi).

Rules, quoted from the regulation (the text, not a summary, decides):

* Bulanan, Pasal 15 ayat (4): "Laporan Kinerja sasaran Kegiatan dan sasaran Sub Kegiatan disampaikan
  secara bulanan paling lambat 5 (lima) hari kerja pada bulan berikutnya setelah bulan berkenaan
  berakhir." -> the 5th working day of month m+1 (December -> January of the next year).
* Triwulanan, Pasal 15 ayat (3) huruf b: "pertiwalan disampaikan paling lambat 14 (empat belas) hari
  kerja triwulan berkenaan berakhir." -> the 14th working day strictly after the last day of the
  quarter (the missing "setelah" is read as intended).
* Tahunan, Pasal 15 ayat (3) huruf a: "tahunan paling lambat 1 (satu) bulan setelah tahun berkenaan
  berakhir" -> 31 January of the next year. The period is one calendar month, not working days, so
  the date is NOT moved when it falls on a weekend/holiday (31 January 2027 is a Sunday): moving it
  later would exceed what the text allows, moving it earlier is not written. Reminders should be
  sent before the last working day ahead of it.
* PK, Pasal 8 ayat (4): "paling lambat 1 (satu) bulan sejak APBD ditetapkan"; after a change,
  ayat (5): "paling lambat 10 (sepuluh) hari kerja setelah perubahan APBD ditetapkan".
* KKL, Pasal 9 ayat (2): "paling lambat 1 (satu) bulan setelah penetapan APBD"; ayat (3): "paling
  lambat 10 (sepuluh) hari sejak perubahan APBD ditetapkan" -> 10 CALENDAR days (plain "hari";
  Pasal 8(5) and 10(3) say "hari kerja" explicitly when they mean it).
* KAK, Pasal 10 ayat (2): "paling lambat 1 (satu) bulan setelah penetapan APBD"; ayat (3): "paling
  lambat 10 (sepuluh) hari kerja setelah perubahan APBD ditetapkan".
* ROPP, Pasal 11 ayat (2): "paling lambat 30 (tiga puluh) hari kalender setelah APBD ditetapkan";
  ayat (3): "paling lambat 10 (sepuluh) hari setelah perubahan APBD ditetapkan" -> calendar days.

Counting conventions: "1 bulan sejak/setelah tanggal D" = the same day number in the next month,
clamped to that month's last day (31 Oct -> 30 Nov); "sejak" and "setelah" are treated alike. "N hari
(kalender) setelah D" = D + N days. "N hari kerja setelah D" = the N-th working day strictly after D.
Calendar-day deadlines are never shifted to a working day.

Pure module: no clock, no database; the caller passes the calendar and the APBD dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.calendar import WorkingDayCalendar

__all__ = [
    "ApbdDates",
    "JenisTenggat",
    "Tenggat",
    "add_months",
    "deadline_for",
    "deadlines_for_year",
    "format_table",
    "format_tanggal",
    "periode_bulanan",
    "periode_triwulanan",
]

_NAMA_HARI: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
"""Indexed by ``date.weekday()`` (Monday = 0). Private: core.periode owns the public month names."""

_NAMA_BULAN: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
"""Indexed by ``month - 1``."""

_NAMA_TRIWULAN: tuple[str, ...] = ("I", "II", "III", "IV")

_PERGUB = "Pergub 17/2023"
_HARI_KERJA_BULANAN = 5
_HARI_KERJA_TRIWULANAN = 14
_HARI_KERJA_PERUBAHAN = 10
_HARI_PERUBAHAN = 10
_HARI_KALENDER_ROPP = 30


class JenisTenggat(StrEnum):
    """Kind of deadline. Declaration order is the tie-break order when sorting."""

    BULANAN = "bulanan"
    TRIWULANAN = "triwulanan"
    TAHUNAN = "tahunan"
    PK = "pk"
    PK_PERUBAHAN = "pk_perubahan"
    KKL = "kkl"
    KKL_PERUBAHAN = "kkl_perubahan"
    KAK = "kak"
    KAK_PERUBAHAN = "kak_perubahan"
    ROPP = "ropp"
    ROPP_PERUBAHAN = "ropp_perubahan"

    @property
    def label(self) -> str:
        """Short Indonesian label for tables and messages."""
        return _LABEL[self]

    @property
    def dasar_hukum(self) -> str:
        """Legal basis, e.g. ``"Pergub 17/2023 Pasal 15(4)"``."""
        return _DASAR_HUKUM[self]

    @property
    def is_apbd(self) -> bool:
        """Whether the deadline is driven by an APBD (or APBD-Perubahan) date."""
        return self in _APBD_KINDS

    @property
    def is_perubahan(self) -> bool:
        """Whether the deadline is driven by the APBD-Perubahan date."""
        return self in _PERUBAHAN_KINDS


_LABEL: dict[JenisTenggat, str] = {
    JenisTenggat.BULANAN: "Bulanan",
    JenisTenggat.TRIWULANAN: "Triwulanan",
    JenisTenggat.TAHUNAN: "Tahunan",
    JenisTenggat.PK: "Perjanjian Kinerja",
    JenisTenggat.PK_PERUBAHAN: "Perjanjian Kinerja (Perubahan APBD)",
    JenisTenggat.KKL: "KKL",
    JenisTenggat.KKL_PERUBAHAN: "KKL (Perubahan APBD)",
    JenisTenggat.KAK: "KAK",
    JenisTenggat.KAK_PERUBAHAN: "KAK (Perubahan APBD)",
    JenisTenggat.ROPP: "ROPP",
    JenisTenggat.ROPP_PERUBAHAN: "ROPP (Perubahan APBD)",
}

_DASAR_HUKUM: dict[JenisTenggat, str] = {
    JenisTenggat.BULANAN: f"{_PERGUB} Pasal 15(4)",
    JenisTenggat.TRIWULANAN: f"{_PERGUB} Pasal 15(3) huruf b",
    JenisTenggat.TAHUNAN: f"{_PERGUB} Pasal 15(3) huruf a",
    JenisTenggat.PK: f"{_PERGUB} Pasal 8(4)",
    JenisTenggat.PK_PERUBAHAN: f"{_PERGUB} Pasal 8(5)",
    JenisTenggat.KKL: f"{_PERGUB} Pasal 9(2)",
    JenisTenggat.KKL_PERUBAHAN: f"{_PERGUB} Pasal 9(3)",
    JenisTenggat.KAK: f"{_PERGUB} Pasal 10(2)",
    JenisTenggat.KAK_PERUBAHAN: f"{_PERGUB} Pasal 10(3)",
    JenisTenggat.ROPP: f"{_PERGUB} Pasal 11(2)",
    JenisTenggat.ROPP_PERUBAHAN: f"{_PERGUB} Pasal 11(3)",
}

_APBD_KINDS = frozenset(
    {
        JenisTenggat.PK,
        JenisTenggat.PK_PERUBAHAN,
        JenisTenggat.KKL,
        JenisTenggat.KKL_PERUBAHAN,
        JenisTenggat.KAK,
        JenisTenggat.KAK_PERUBAHAN,
        JenisTenggat.ROPP,
        JenisTenggat.ROPP_PERUBAHAN,
    }
)
_PERUBAHAN_KINDS = frozenset(
    {
        JenisTenggat.PK_PERUBAHAN,
        JenisTenggat.KKL_PERUBAHAN,
        JenisTenggat.KAK_PERUBAHAN,
        JenisTenggat.ROPP_PERUBAHAN,
    }
)
_ORDER: dict[JenisTenggat, int] = {j: i for i, j in enumerate(JenisTenggat)}

_DOKUMEN: dict[JenisTenggat, str] = {
    JenisTenggat.PK: "Pengisian Perjanjian Kinerja melalui aplikasi pengendalian",
    JenisTenggat.PK_PERUBAHAN: "Penyesuaian Perjanjian Kinerja",
    JenisTenggat.KKL: "Penyusunan Kerangka Kerja Logis (KKL)",
    JenisTenggat.KKL_PERUBAHAN: "Penyesuaian Kerangka Kerja Logis (KKL)",
    JenisTenggat.KAK: "Penyusunan Kerangka Acuan Kerja (KAK)",
    JenisTenggat.KAK_PERUBAHAN: "Penyesuaian Kerangka Acuan Kerja (KAK)",
    JenisTenggat.ROPP: "Penyusunan Rencana Operasional Pelaksanaan Pembangunan (ROPP)",
    JenisTenggat.ROPP_PERUBAHAN: "Penyesuaian Rencana Operasional Pelaksanaan Pembangunan (ROPP)",
}


@dataclass(frozen=True)
class ApbdDates:
    """Dates the APBD of fiscal year ``tahun`` and its Perubahan were set (ditetapkan), if known.

    The APBD of year T is usually set in November/December of T-1, so its deadlines may fall in T-1.
    """

    tahun: int
    apbd: date | None
    apbd_perubahan: date | None


@dataclass(frozen=True)
class Tenggat:
    """One deadline.

    ``periode``: ``"YYYY-MM"`` (bulanan), ``"YYYY-Qn"`` (triwulanan), ``"YYYY"`` (tahunan and the
    APBD-driven kinds, where it is the fiscal year of the APBD).
    """

    jenis: JenisTenggat
    periode: str
    tenggat: date
    dasar_hukum: str
    uraian: str

    @property
    def periode_label(self) -> str:
        """Readable period: "Januari 2026", "Triwulan I 2026", "2026"."""
        return _periode_label(self.jenis, self.periode)

    def to_json(self) -> dict[str, str]:
        """JSON-ready dict (all strings; ``tenggat`` in ISO format)."""
        return {
            "jenis": self.jenis.value,
            "jenis_label": self.jenis.label,
            "periode": self.periode,
            "periode_label": self.periode_label,
            "tenggat": self.tenggat.isoformat(),
            "tenggat_teks": format_tanggal(self.tenggat),
            "dasar_hukum": self.dasar_hukum,
            "uraian": self.uraian,
        }


# --------------------------------------------------------------------------------------------
# Date helpers


def format_tanggal(d: date) -> str:
    """Indonesian long date, e.g. "Jumat, 6 Februari 2026" (no locale dependence)."""
    return f"{_NAMA_HARI[d.weekday()]}, {d.day} {_NAMA_BULAN[d.month - 1]} {d.year}"


def _format_tanggal_pendek(d: date) -> str:
    return f"{d.day} {_NAMA_BULAN[d.month - 1]} {d.year}"


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the end of the target month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    next_first = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last_day = (next_first - timedelta(days=1)).day
    return date(year, month, min(d.day, last_day))


# --------------------------------------------------------------------------------------------
# Periode strings

_RE_BULANAN = re.compile(r"^(\d{4})-(\d{2})$")
_RE_TRIWULANAN = re.compile(r"^(\d{4})-Q([1-4])$")
_RE_TAHUN = re.compile(r"^(\d{4})$")


def periode_bulanan(tahun: int, bulan: int) -> str:
    """``"YYYY-MM"``."""
    if not 1 <= bulan <= 12:
        raise ValueError(f"Bulan harus 1-12, bukan {bulan}.")
    return f"{tahun:04d}-{bulan:02d}"


def periode_triwulanan(tahun: int, triwulan: int) -> str:
    """``"YYYY-Qn"``."""
    if not 1 <= triwulan <= 4:
        raise ValueError(f"Triwulan harus 1-4, bukan {triwulan}.")
    return f"{tahun:04d}-Q{triwulan}"


def _parse_bulanan(periode: str) -> tuple[int, int]:
    m = _RE_BULANAN.match(periode.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(
            f"Periode bulanan tidak valid: {periode!r} (format YYYY-MM, mis. 2026-01)."
        )
    return int(m.group(1)), int(m.group(2))


def _parse_triwulanan(periode: str) -> tuple[int, int]:
    m = _RE_TRIWULANAN.match(periode.strip().upper())
    if not m:
        raise ValueError(
            f"Periode triwulanan tidak valid: {periode!r} (format YYYY-Qn, mis. 2026-Q1)."
        )
    return int(m.group(1)), int(m.group(2))


def _parse_tahun(periode: str) -> int:
    m = _RE_TAHUN.match(periode.strip())
    if not m:
        raise ValueError(f"Periode tahunan tidak valid: {periode!r} (format YYYY, mis. 2026).")
    return int(m.group(1))


def _periode_label(jenis: JenisTenggat, periode: str) -> str:
    if jenis is JenisTenggat.BULANAN:
        tahun, bulan = _parse_bulanan(periode)
        return f"{_NAMA_BULAN[bulan - 1]} {tahun}"
    if jenis is JenisTenggat.TRIWULANAN:
        tahun, triwulan = _parse_triwulanan(periode)
        return f"Triwulan {_NAMA_TRIWULAN[triwulan - 1]} {tahun}"
    return str(_parse_tahun(periode))


# --------------------------------------------------------------------------------------------
# Individual rules


def _bulanan(tahun: int, bulan: int, calendar: WorkingDayCalendar) -> Tenggat:
    # Pasal 15(4): 5th working day of the following month.
    next_year, next_month = (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)
    tenggat = calendar.nth_working_day_of_month(next_year, next_month, _HARI_KERJA_BULANAN)
    return Tenggat(
        jenis=JenisTenggat.BULANAN,
        periode=periode_bulanan(tahun, bulan),
        tenggat=tenggat,
        dasar_hukum=JenisTenggat.BULANAN.dasar_hukum,
        uraian=(
            f"Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan {_NAMA_BULAN[bulan - 1]} {tahun}"
        ),
    )


def _triwulanan(tahun: int, triwulan: int, calendar: WorkingDayCalendar) -> Tenggat:
    # Pasal 15(3) huruf b: 14th working day after the quarter ends.
    last_month = triwulan * 3
    quarter_end = add_months(date(tahun, last_month, 1), 1) - timedelta(days=1)
    tenggat = calendar.add_working_days(quarter_end, _HARI_KERJA_TRIWULANAN)
    return Tenggat(
        jenis=JenisTenggat.TRIWULANAN,
        periode=periode_triwulanan(tahun, triwulan),
        tenggat=tenggat,
        dasar_hukum=JenisTenggat.TRIWULANAN.dasar_hukum,
        uraian=(
            f"Laporan Kinerja Sasaran PD dan Sasaran Program Triwulan "
            f"{_NAMA_TRIWULAN[triwulan - 1]} {tahun}"
        ),
    )


def _tahunan(tahun: int) -> Tenggat:
    # Pasal 15(3) huruf a: 1 month after 31 December -> 31 January, calendar date, not shifted.
    return Tenggat(
        jenis=JenisTenggat.TAHUNAN,
        periode=f"{tahun:04d}",
        tenggat=add_months(date(tahun, 12, 31), 1),
        dasar_hukum=JenisTenggat.TAHUNAN.dasar_hukum,
        uraian=f"Laporan Kinerja Sasaran PD dan Sasaran Program Tahunan {tahun}",
    )


def _apbd_tenggat(jenis: JenisTenggat, apbd: ApbdDates, calendar: WorkingDayCalendar) -> Tenggat:
    if jenis.is_perubahan:
        ditetapkan = apbd.apbd_perubahan
        nama_apbd = f"Perubahan APBD {apbd.tahun}"
    else:
        ditetapkan = apbd.apbd
        nama_apbd = f"APBD {apbd.tahun}"
    if ditetapkan is None:
        raise ValueError(
            f"Tanggal penetapan {nama_apbd} belum diisi; tenggat {jenis.label} "
            "tidak dapat dihitung."
        )

    if jenis in (JenisTenggat.PK, JenisTenggat.KKL, JenisTenggat.KAK):
        tenggat = add_months(ditetapkan, 1)  # "1 (satu) bulan sejak/setelah"
    elif jenis is JenisTenggat.ROPP:
        tenggat = ditetapkan + timedelta(days=_HARI_KALENDER_ROPP)  # "30 hari kalender"
    elif jenis in (JenisTenggat.PK_PERUBAHAN, JenisTenggat.KAK_PERUBAHAN):
        tenggat = calendar.add_working_days(ditetapkan, _HARI_KERJA_PERUBAHAN)  # "10 hari kerja"
    elif jenis in (JenisTenggat.KKL_PERUBAHAN, JenisTenggat.ROPP_PERUBAHAN):
        tenggat = ditetapkan + timedelta(days=_HARI_PERUBAHAN)  # "10 hari" (calendar)
    else:  # pragma: no cover - guarded by is_apbd
        raise ValueError(f"Jenis tenggat {jenis.value!r} bukan tenggat APBD.")

    return Tenggat(
        jenis=jenis,
        periode=f"{apbd.tahun:04d}",
        tenggat=tenggat,
        dasar_hukum=jenis.dasar_hukum,
        uraian=(f"{_DOKUMEN[jenis]} {nama_apbd} (ditetapkan {_format_tanggal_pendek(ditetapkan)})"),
    )


def _sort_key(t: Tenggat) -> tuple[date, int, str]:
    return (t.tenggat, _ORDER[t.jenis], t.periode)


# --------------------------------------------------------------------------------------------
# Public API


def deadline_for(
    jenis: JenisTenggat,
    periode: str,
    calendar: WorkingDayCalendar,
    apbd: ApbdDates | None = None,
) -> Tenggat:
    """The deadline of one kind for one period.

    ``periode`` must match ``jenis`` ("YYYY-MM", "YYYY-Qn" or "YYYY"). For the APBD-driven kinds,
    ``apbd`` is required, ``apbd.tahun`` must equal the periode year and the relevant date (APBD or
    APBD-Perubahan) must be set; otherwise ``ValueError``. The calendar must cover the year the
    deadline falls in (e.g. the next year for December / Q4), else ``CalendarCoverageError``.
    """
    jenis = JenisTenggat(jenis)
    if jenis is JenisTenggat.BULANAN:
        tahun, bulan = _parse_bulanan(periode)
        return _bulanan(tahun, bulan, calendar)
    if jenis is JenisTenggat.TRIWULANAN:
        tahun, triwulan = _parse_triwulanan(periode)
        return _triwulanan(tahun, triwulan, calendar)
    tahun = _parse_tahun(periode)
    if jenis is JenisTenggat.TAHUNAN:
        return _tahunan(tahun)
    if apbd is None:
        raise ValueError(f"Tenggat {jenis.label} memerlukan tanggal penetapan APBD {tahun}.")
    if apbd.tahun != tahun:
        raise ValueError(
            f"Periode {tahun} tidak sesuai dengan tahun APBD yang diberikan ({apbd.tahun})."
        )
    return _apbd_tenggat(jenis, apbd, calendar)


def deadlines_for_year(
    tahun: int,
    calendar: WorkingDayCalendar,
    apbd: ApbdDates | None = None,
) -> list[Tenggat]:
    """All deadlines for the reporting periods of ``tahun``.

    Contains the 12 monthly reports (periode ``tahun-01`` .. ``tahun-12``; December is due in January
    of ``tahun + 1``), the 4 quarterly reports (Q4 is due in January of ``tahun + 1``), the annual
    report (due 31 January ``tahun + 1``) and, when ``apbd`` is given, PK/KKL/KAK/ROPP for the APBD
    and APBD-Perubahan dates that are set (``apbd.tahun`` must equal ``tahun``).

    The calendar must cover ``tahun`` and ``tahun + 1``: use
    ``calendar_for_years([tahun, tahun + 1], overrides)`` (add ``tahun - 1`` too if the APBD was
    set late in the previous year and you want to ask about working days there).

    Sorted by ``tenggat``, then by ``jenis`` in declaration order of :class:`JenisTenggat`
    (bulanan, triwulanan, tahunan, pk, ...), then by ``periode``.
    """
    result: list[Tenggat] = [_bulanan(tahun, bulan, calendar) for bulan in range(1, 13)]
    result.extend(_triwulanan(tahun, q, calendar) for q in range(1, 5))
    result.append(_tahunan(tahun))
    if apbd is not None:
        if apbd.tahun != tahun:
            raise ValueError(
                f"Tanggal APBD untuk tahun {apbd.tahun} tidak dapat dipakai untuk tahun {tahun}."
            )
        for jenis in JenisTenggat:
            if not jenis.is_apbd:
                continue
            ditetapkan = apbd.apbd_perubahan if jenis.is_perubahan else apbd.apbd
            if ditetapkan is not None:
                result.append(_apbd_tenggat(jenis, apbd, calendar))
    result.sort(key=_sort_key)
    return result


def format_table(deadlines: Sequence[Tenggat]) -> str:
    """Plain-text Indonesian table: Jenis | Periode | Tenggat | Dasar hukum.

    Rows keep the given order. Columns are padded with spaces (monospace display assumed).
    """
    header = ("Jenis", "Periode", "Tenggat", "Dasar hukum")
    rows = [
        (t.jenis.label, t.periode_label, format_tanggal(t.tenggat), t.dasar_hukum)
        for t in deadlines
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, str, str, str]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    separator = "-+-".join("-" * w for w in widths)
    out = [line(header), separator, *(line(r) for r in rows)]
    if not rows:
        out.append("(tidak ada tenggat)")
    return "\n".join(out)
