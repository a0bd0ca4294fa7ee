"""Capaian (achievement), deviasi and display helpers.

Sources:
- Pergub Banten 17/2023 Lampiran II, Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan:
  capaian kinerja (%) = kolom 10 / kolom 7 × 100, capaian anggaran (%) = kolom 12 / kolom 9 × 100;
  Laporan Kinerja Program / Sasaran Triwulanan: capaian = realisasi / target × 100.
- Lower-is-better indicators (kemiskinan, TPT, inflasi, ...): capaian = (2 × target − realisasi)
  / target × 100, the PermenPAN-RB convention (SPEC §4).
- Laporan Kinerja Tujuan dan Sasaran Daerah: deviasi = target − realisasi (kolom 6 = kolom 4 −
  kolom 5) and kolom 7 "apakah sudah tercapai".

All arithmetic is on unrounded Decimal values; only the ``format_*`` helpers round
(ROUND_HALF_UP, Indonesian separators).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from enum import StrEnum
from typing import Final, TypeVar

from core import numbers
from core.rating import Kategori, kategori

__all__ = [
    "ALASAN_BELUM_ADA_SUB",
    "ALASAN_REALISASI_KOSONG",
    "ALASAN_TARGET_KOSONG",
    "ALASAN_TARGET_NEGATIF",
    "ALASAN_TARGET_NOL",
    "KET_BELUM_TERCAPAI",
    "KET_REALISASI_KOSONG",
    "KET_TARGET_KOSONG",
    "KET_TERCAPAI",
    "KONTEKS",
    "STRIP",
    "Arah",
    "Capaian",
    "Deviasi",
    "bulatkan",
    "cek_decimal",
    "format_angka",
    "format_capaian",
    "format_persen",
    "format_rupiah",
    "hitung_capaian",
    "hitung_deviasi",
]

#: Decimal context for all engine arithmetic (independent of the caller's thread context).
#: 34 digits (decimal128) leave ample room for province-wide rupiah sums with sen.
KONTEKS: Final = Context(
    prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

ALASAN_TARGET_NOL: Final = "Target nol: capaian tidak dapat dihitung"
ALASAN_TARGET_KOSONG: Final = "Target belum ditetapkan"
ALASAN_REALISASI_KOSONG: Final = "Realisasi belum dilaporkan"
ALASAN_TARGET_NEGATIF: Final = "Target negatif: capaian tidak dapat dihitung"
ALASAN_BELUM_ADA_SUB: Final = "Belum ada sub kegiatan"

#: Shown where a number is not available.
STRIP: Final = "–"

_SERATUS: Final = Decimal(100)
_NOL: Final = Decimal(0)


def cek_decimal(nama: str, nilai: object) -> Decimal:
    """Validate an engine input: a finite Decimal (int accepted and converted; float refused)."""
    if isinstance(nilai, Decimal):
        if not nilai.is_finite():
            raise ValueError(f"{nama} tidak valid: {nilai}")
        return nilai
    if isinstance(nilai, int) and not isinstance(nilai, bool):
        return Decimal(nilai)
    if isinstance(nilai, float):
        raise TypeError(f"{nama} harus Decimal, bukan float (hindari galat pembulatan)")
    raise TypeError(f"{nama} harus Decimal, bukan {type(nilai).__name__}")


class Arah(StrEnum):
    """Polarity of an indicator."""

    NAIK = "naik"  # higher is better
    TURUN = "turun"  # lower is better (kemiskinan, TPT, inflasi, stunting, ...)

    @property
    def label(self) -> str:
        return "Semakin tinggi semakin baik" if self is Arah.NAIK else "Semakin rendah semakin baik"


@dataclass(frozen=True, slots=True)
class Capaian:
    """An achievement in percent, or the reason why it cannot be computed.

    Exactly one of ``nilai`` / ``alasan`` is set. ``nilai`` is unrounded.
    """

    nilai: Decimal | None
    alasan: str | None = None

    def __post_init__(self) -> None:
        if self.nilai is None:
            if not self.alasan:
                raise ValueError("Capaian tanpa nilai harus disertai alasan")
        else:
            cek_decimal("Nilai capaian", self.nilai)
            if self.alasan is not None:
                raise ValueError("Capaian yang bernilai tidak boleh disertai alasan")

    @classmethod
    def tidak_tersedia(cls, alasan: str) -> Capaian:
        return cls(None, alasan)

    @property
    def tersedia(self) -> bool:
        return self.nilai is not None

    @property
    def kategori(self) -> Kategori | None:
        """Tabel B.2 rating (Pergub 42/2018 Lampiran), None when not available."""
        return None if self.nilai is None else kategori(self.nilai)

    @property
    def teks(self) -> str:
        """ "55,88" or the reason."""
        return format_capaian(self)


def hitung_capaian(
    realisasi: Decimal | None,
    target: Decimal | None,
    arah: Arah = Arah.NAIK,
) -> Capaian:
    """Capaian (%) of realisasi against target, unrounded.

    NAIK: realisasi / target × 100 (Pergub 17/2023 Lampiran II, kolom 13/14 bulanan,
    kolom 10–11 program, 11–12 sasaran). TURUN: (2 × target − realisasi) / target × 100.
    A missing or zero target, or a missing realisasi, gives no value and an Indonesian reason
    (never a crash, never 0 %). A negative target has no meaningful ratio and is refused the
    same way.
    """
    arah = Arah(arah)
    if target is None:
        return Capaian(None, ALASAN_TARGET_KOSONG)
    t = cek_decimal("Target", target)
    if t == _NOL:
        return Capaian(None, ALASAN_TARGET_NOL)
    if t < _NOL:
        return Capaian(None, ALASAN_TARGET_NEGATIF)
    if realisasi is None:
        return Capaian(None, ALASAN_REALISASI_KOSONG)
    r = cek_decimal("Realisasi", realisasi)
    pembilang = r if arah is Arah.NAIK else KONTEKS.subtract(KONTEKS.multiply(2, t), r)
    return Capaian(KONTEKS.divide(KONTEKS.multiply(pembilang, _SERATUS), t))


KET_TERCAPAI: Final = "Tercapai"
KET_BELUM_TERCAPAI: Final = "Belum tercapai"
KET_REALISASI_KOSONG: Final = "Realisasi belum tersedia"
KET_TARGET_KOSONG: Final = "Target belum ditetapkan"


@dataclass(frozen=True, slots=True)
class Deviasi:
    """Row of Laporan Kinerja Tujuan dan Sasaran Daerah (Pergub 17/2023 Lampiran II).

    ``nilai`` = target − realisasi (kolom 6 = kolom 4 − kolom 5), sign as in the regulation
    regardless of direction; ``tercapai`` is direction-aware (NAIK: realisasi ≥ target,
    TURUN: realisasi ≤ target) and None when either number is missing.
    """

    target: Decimal | None
    realisasi: Decimal | None
    arah: Arah
    nilai: Decimal | None
    tercapai: bool | None

    @property
    def keterangan(self) -> str:
        """Kolom 7."""
        if self.target is None:
            return KET_TARGET_KOSONG
        if self.realisasi is None:
            return KET_REALISASI_KOSONG
        return KET_TERCAPAI if self.tercapai else KET_BELUM_TERCAPAI

    @property
    def capaian(self) -> Capaian:
        return hitung_capaian(self.realisasi, self.target, self.arah)


def hitung_deviasi(
    target: Decimal | None,
    realisasi: Decimal | None,
    arah: Arah = Arah.NAIK,
) -> Deviasi:
    """Deviasi of a tujuan/sasaran daerah indicator (Pergub 17/2023 Lampiran II)."""
    arah = Arah(arah)
    t = None if target is None else cek_decimal("Target", target)
    r = None if realisasi is None else cek_decimal("Realisasi", realisasi)
    if t is None or r is None:
        return Deviasi(t, r, arah, None, None)
    tercapai = r >= t if arah is Arah.NAIK else r <= t
    return Deviasi(t, r, arah, KONTEKS.subtract(t, r), tercapai)


# -- display helpers (the only place where rounding happens) ---------------------------


def bulatkan(nilai: Decimal, desimal: int = 2) -> Decimal:
    """Round HALF_UP to ``desimal`` places (for display and golden comparisons only)."""
    q = cek_decimal("Nilai", nilai).quantize(
        Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP, context=KONTEKS
    )
    return q.copy_abs() if q.is_zero() else q  # no "-0,00"


def nilai_peringkat(nilai: Decimal) -> Decimal:
    """The value a ranking of capaian compares: as the dashboard shows it (two decimals), so two
    values shown alike ("85,00") share a rank (the Ringkasan table and the ranking chart)."""
    return bulatkan(nilai, 2)


_T = TypeVar("_T")


def urut_peringkat(
    items: Iterable[_T], nilai: Callable[[_T], Decimal | None], nama: Callable[[_T], str]
) -> list[tuple[_T, int | None]]:
    """``items`` with their rank, highest first: values equal as shown (:func:`nilai_peringkat`)
    share a rank (1, 2, 2, 4), ties in name order; items without a value last, by name, unranked.
    One ranking for the Ringkasan table and the ranking chart."""

    def tampil(x: _T) -> Decimal | None:
        v = nilai(x)
        return None if v is None else nilai_peringkat(v)

    urut = sorted(items, key=lambda x: (tampil(x) is None, -(tampil(x) or 0), nama(x)))
    hasil: list[tuple[_T, int | None]] = []
    sebelum: Decimal | None = None
    rank = 0
    for i, x in enumerate(urut, start=1):
        v = tampil(x)
        if v is not None and v != sebelum:
            rank, sebelum = i, v
        hasil.append((x, rank if v is not None else None))
    return hasil


def format_angka(nilai: Decimal | None, desimal: int = 2) -> str:
    """Indonesian number format: "1.824.205.000", "55,88", "-3,50"; None → "–"."""
    if nilai is None:
        return STRIP
    return numbers.format_angka(bulatkan(nilai, desimal), desimal)


def format_persen(nilai: Decimal | None) -> str:
    """Percentage with 2 decimals, e.g. "55,88"; None → "–"."""
    return format_angka(nilai, 2)


def format_rupiah(nilai: Decimal) -> str:
    """Rupiah without sen, e.g. "1.824.205.000" (HALF_UP)."""
    return format_angka(nilai, 0)


def format_capaian(capaian: Capaian) -> str:
    """ "55,88" when available, otherwise the reason."""
    if capaian.nilai is None:
        return capaian.alasan or STRIP
    return format_persen(capaian.nilai)
