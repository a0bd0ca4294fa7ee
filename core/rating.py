"""Skala nilai peringkat kinerja (Pergub Banten 42/2018 Lampiran, Tabel B.2).

Tabel B.2 "Skala Nilai Peringkat Kinerja" as printed in the regulation:

    (1) 91% ≤ 100%   Sangat tinggi
    (2) 76% ≤ 90%    Tinggi
    (3) 66% ≤ 75%    Sedang
    (4) 51% ≤ 65%    Rendah
    (5) ≤ 50%        Sangat Rendah

The printed intervals leave gaps (90 < x < 91, 75 < x < 76, 65 < x < 66, 50 < x < 51).
A value in a gap has not reached the lower edge of the higher band, so it falls to the
LOWER band (SPEC §4). Equivalently each band starts at its printed lower edge:
x ≥ 91 Sangat tinggi, x ≥ 76 Tinggi, x ≥ 66 Sedang, x ≥ 51 Rendah, otherwise Sangat rendah.
Values above 100 % (over-achievement, or lower-is-better indicators beating their target)
stay Sangat tinggi; negative values are Sangat rendah.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Final

__all__ = ["BATAS_BAWAH", "Kategori", "kategori"]


class Kategori(StrEnum):
    """Kriteria penilaian realisasi kinerja (Tabel B.2)."""

    SANGAT_TINGGI = "sangat_tinggi"
    TINGGI = "tinggi"
    SEDANG = "sedang"
    RENDAH = "rendah"
    SANGAT_RENDAH = "sangat_rendah"

    @property
    def label(self) -> str:
        """Label for reports, e.g. "Sangat Tinggi"."""
        return _LABEL[self]

    @property
    def warna(self) -> str:
        """Hex colour for charts (red → green, colour-blind friendly RdYlGn)."""
        return _WARNA[self]

    @property
    def batas_bawah(self) -> Decimal | None:
        """Lower edge (inclusive) of the band in percent; None for Sangat Rendah."""
        return BATAS_BAWAH.get(self)


_LABEL: Final[dict[Kategori, str]] = {
    Kategori.SANGAT_TINGGI: "Sangat Tinggi",
    Kategori.TINGGI: "Tinggi",
    Kategori.SEDANG: "Sedang",
    Kategori.RENDAH: "Rendah",
    Kategori.SANGAT_RENDAH: "Sangat Rendah",
}

_WARNA: Final[dict[Kategori, str]] = {
    Kategori.SANGAT_TINGGI: "#1A9850",
    Kategori.TINGGI: "#91CF60",
    Kategori.SEDANG: "#FEE08B",
    Kategori.RENDAH: "#FC8D59",
    Kategori.SANGAT_RENDAH: "#D73027",
}

#: Inclusive lower edges of Tabel B.2, highest band first.
BATAS_BAWAH: Final[dict[Kategori, Decimal]] = {
    Kategori.SANGAT_TINGGI: Decimal(91),
    Kategori.TINGGI: Decimal(76),
    Kategori.SEDANG: Decimal(66),
    Kategori.RENDAH: Decimal(51),
}


def kategori(nilai: Decimal) -> Kategori:
    """Rate a capaian (percent) per Tabel B.2 of Pergub 42/2018 Lampiran.

    Values between the printed bands fall to the lower band: 90,5 → Tinggi, 75,5 → Sedang,
    65,5 → Rendah, 50,5 → Sangat Rendah.
    """
    if isinstance(nilai, float):
        raise TypeError("Nilai capaian harus Decimal, bukan float")
    if not isinstance(nilai, Decimal):
        nilai = Decimal(nilai)
    if not nilai.is_finite():
        raise ValueError(f"Nilai capaian tidak valid: {nilai}")
    for kat, batas in BATAS_BAWAH.items():
        if nilai >= batas:
            return kat
    return Kategori.SANGAT_RENDAH
