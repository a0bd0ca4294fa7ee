"""Reporting periods (Pergub Banten 17/2023 Pasal 15 and Lampiran II).

Laporan kinerja kegiatan dan sub kegiatan are monthly (Pasal 15(4)); laporan kinerja
sasaran PD dan program are quarterly and annual (Pasal 15(3)). The ROPP plans months and
quarters (Lampiran I). A "kumulatif" period is "s.d. bulan m": months 1..m of the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "NAMA_BULAN",
    "ROMAWI",
    "TAHUN_MAKS",
    "TAHUN_MIN",
    "JenisPeriode",
    "Periode",
    "bulan_triwulan",
    "triwulan_of_month",
]

TAHUN_MIN: Final = 2000
TAHUN_MAKS: Final = 2100

#: Indonesian month names keyed by month number 1..12 (NAMA_BULAN[1] == "Januari").
NAMA_BULAN: Final = MappingProxyType(
    {
        1: "Januari",
        2: "Februari",
        3: "Maret",
        4: "April",
        5: "Mei",
        6: "Juni",
        7: "Juli",
        8: "Agustus",
        9: "September",
        10: "Oktober",
        11: "November",
        12: "Desember",
    }
)

#: Roman numerals for quarters keyed 1..4 ("Triwulan I").
ROMAWI: Final = MappingProxyType({1: "I", 2: "II", 3: "III", 4: "IV"})


class JenisPeriode(StrEnum):
    BULANAN = "bulanan"
    KUMULATIF = "kumulatif"  # s.d. bulan ini: months 1..m
    TRIWULANAN = "triwulanan"
    TAHUNAN = "tahunan"


def _cek_int(nama: str, nilai: object) -> int:
    if isinstance(nilai, bool) or not isinstance(nilai, int):
        raise TypeError(f"{nama} harus bilangan bulat, bukan {type(nilai).__name__}")
    return nilai


def _cek_bulan(bulan: int) -> int:
    _cek_int("Bulan", bulan)
    if not 1 <= bulan <= 12:
        raise ValueError(f"Bulan harus 1 sampai 12, bukan {bulan}")
    return bulan


def triwulan_of_month(bulan: int) -> int:
    """Quarter (1..4) that contains month 1..12."""
    return (_cek_bulan(bulan) - 1) // 3 + 1


def bulan_triwulan(triwulan: int) -> tuple[int, int, int]:
    """The three months of quarter 1..4."""
    _cek_int("Triwulan", triwulan)
    if not 1 <= triwulan <= 4:
        raise ValueError(f"Triwulan harus 1 sampai 4, bukan {triwulan}")
    awal = 3 * triwulan - 2
    return (awal, awal + 1, awal + 2)


_POLA_BULANAN = re.compile(r"(\d{4})-(\d{1,2})")
_POLA_KUMULATIF = re.compile(r"(\d{4})-(\d{1,2})-sd", re.IGNORECASE)
_POLA_TRIWULAN = re.compile(r"(\d{4})-q(\d)", re.IGNORECASE)
_POLA_TAHUNAN = re.compile(r"(\d{4})")


@dataclass(frozen=True, order=True)
class Periode:
    """A reporting period.

    ``nilai`` is the month (1..12) for bulanan and kumulatif, the quarter (1..4) for
    triwulanan, and 0 for tahunan. Construct with :meth:`bulanan`, :meth:`kumulatif`,
    :meth:`triwulan`, :meth:`tahunan` or :meth:`parse`.
    """

    tahun: int
    jenis: JenisPeriode
    nilai: int

    def __post_init__(self) -> None:
        _cek_int("Tahun", self.tahun)
        if not TAHUN_MIN <= self.tahun <= TAHUN_MAKS:
            raise ValueError(f"Tahun harus antara {TAHUN_MIN} dan {TAHUN_MAKS}, bukan {self.tahun}")
        if not isinstance(self.jenis, JenisPeriode):
            try:
                jenis = JenisPeriode(self.jenis)
            except ValueError:
                raise ValueError(f"Jenis periode tidak dikenal: {self.jenis!r}") from None
            object.__setattr__(self, "jenis", jenis)
        _cek_int("Nilai periode", self.nilai)
        if self.jenis in (JenisPeriode.BULANAN, JenisPeriode.KUMULATIF):
            _cek_bulan(self.nilai)
        elif self.jenis is JenisPeriode.TRIWULANAN:
            if not 1 <= self.nilai <= 4:
                raise ValueError(f"Triwulan harus 1 sampai 4, bukan {self.nilai}")
        elif self.nilai != 0:
            raise ValueError(f"Periode tahunan harus bernilai 0, bukan {self.nilai}")

    # -- constructors -----------------------------------------------------------------

    @classmethod
    def bulanan(cls, tahun: int, bulan: int) -> Periode:
        return cls(tahun, JenisPeriode.BULANAN, bulan)

    @classmethod
    def kumulatif(cls, tahun: int, bulan: int) -> Periode:
        """Months 1..bulan of the year ("s.d. bulan")."""
        return cls(tahun, JenisPeriode.KUMULATIF, bulan)

    @classmethod
    def triwulan(cls, tahun: int, triwulan: int) -> Periode:
        return cls(tahun, JenisPeriode.TRIWULANAN, triwulan)

    @classmethod
    def tahunan(cls, tahun: int) -> Periode:
        return cls(tahun, JenisPeriode.TAHUNAN, 0)

    @classmethod
    def parse(cls, text: str) -> Periode:
        """Parse a :attr:`kode`: "2026-01", "2026-01-sd", "2026-Q1" or "2026"."""
        if not isinstance(text, str):
            raise ValueError(f"Kode periode harus teks, bukan {type(text).__name__}")
        s = text.strip()
        if m := _POLA_BULANAN.fullmatch(s):
            return cls.bulanan(int(m[1]), int(m[2]))
        if m := _POLA_KUMULATIF.fullmatch(s):
            return cls.kumulatif(int(m[1]), int(m[2]))
        if m := _POLA_TRIWULAN.fullmatch(s):
            return cls.triwulan(int(m[1]), int(m[2]))
        if m := _POLA_TAHUNAN.fullmatch(s):
            return cls.tahunan(int(m[1]))
        raise ValueError(
            f"Format periode tidak dikenal: {text!r}. Gunakan misalnya 2026-01 (bulanan), "
            "2026-01-sd (kumulatif s.d. bulan), 2026-Q1 (triwulan) atau 2026 (tahunan)."
        )

    # -- views ------------------------------------------------------------------------

    @property
    def bulan(self) -> tuple[int, ...]:
        """Months (1..12) covered by the period, ascending."""
        if self.jenis is JenisPeriode.BULANAN:
            return (self.nilai,)
        if self.jenis is JenisPeriode.KUMULATIF:
            return tuple(range(1, self.nilai + 1))
        if self.jenis is JenisPeriode.TRIWULANAN:
            return bulan_triwulan(self.nilai)
        return tuple(range(1, 13))

    @property
    def bulan_akhir(self) -> int:
        """Last month covered (the month whose end closes the period)."""
        return self.bulan[-1]

    def mencakup(self, bulan: int) -> bool:
        """Whether month 1..12 lies in the period."""
        return _cek_bulan(bulan) in self.bulan

    @property
    def kode(self) -> str:
        if self.jenis is JenisPeriode.BULANAN:
            return f"{self.tahun:04d}-{self.nilai:02d}"
        if self.jenis is JenisPeriode.KUMULATIF:
            return f"{self.tahun:04d}-{self.nilai:02d}-sd"
        if self.jenis is JenisPeriode.TRIWULANAN:
            return f"{self.tahun:04d}-Q{self.nilai}"
        return f"{self.tahun:04d}"

    @property
    def label(self) -> str:
        if self.jenis is JenisPeriode.BULANAN:
            return f"{NAMA_BULAN[self.nilai]} {self.tahun}"
        if self.jenis is JenisPeriode.KUMULATIF:
            return f"s.d. {NAMA_BULAN[self.nilai]} {self.tahun}"
        if self.jenis is JenisPeriode.TRIWULANAN:
            return f"Triwulan {ROMAWI[self.nilai]} {self.tahun}"
        return f"Tahun {self.tahun}"

    def __str__(self) -> str:
        return self.kode
