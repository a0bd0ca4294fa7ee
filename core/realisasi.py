"""Realisasi of a sub kegiatan for a month, and of program/sasaran indicators per quarter or year.

Pergub 17/2023 Pasal 15 and Lampiran II: realisasi bobot, volume per output, realisasi anggaran, kendala and
tindak lanjut. Pergub 42/2018 Pasal 28: who entered what, when, and through which channel; a correction is a
new revision and the history is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from core.cascade import Saluran
from core.errors import Masalah
from core.kendala import isi_atau_none
from core.numbers import MAKS_NILAI, format_ringkas
from core.periode import NAMA_BULAN
from core.ropp import SERATUS, TOLERANSI_BOBOT, Ropp


@dataclass(frozen=True)
class RealisasiInput:
    sub_kegiatan_kode: str
    tahun: int
    bulan: int
    realisasi_bobot: Decimal
    realisasi_anggaran: Decimal
    volume_output: Mapping[int, Decimal] = field(default_factory=dict)  # output urutan -> volume
    kendala: str | None = None
    tindak_lanjut: str | None = None


def tanpa_isian_tidak_ada(data: RealisasiInput) -> RealisasiInput:
    """The input with a kendala or tindak lanjut that says there is none ("-", "Tidak ada.",
    "nihil", empty) stored as none, whichever channel it came from (bot, form, API, Excel): it is
    not an obstacle to escalate or count (``core.kendala.isi_atau_none``)."""
    kendala, tindak_lanjut = isi_atau_none(data.kendala), isi_atau_none(data.tindak_lanjut)
    if kendala == data.kendala and tindak_lanjut == data.tindak_lanjut:
        return data
    return replace(data, kendala=kendala, tindak_lanjut=tindak_lanjut)


@dataclass(frozen=True)
class RealisasiTersimpan:
    """A stored revision."""

    sub_kegiatan_kode: str
    tahun: int
    bulan: int
    revisi: int
    realisasi_bobot: Decimal
    realisasi_anggaran: Decimal
    volume_output: Mapping[int, Decimal]
    kendala: str | None
    tindak_lanjut: str | None
    dibuat_oleh: str | None
    saluran: Saluran
    dibuat_pada: datetime
    terlambat: bool


def validate_realisasi(
    data: RealisasiInput,
    ropp: Ropp | None,
    realisasi_bulan_lain: Mapping[int, Decimal],
    output_urutan: Mapping[int, str] | None = None,
) -> list[Masalah]:
    """Every problem of a monthly realisasi.

    ``realisasi_bulan_lain`` holds the latest realisasi bobot of the other months of the year, so the
    cumulative realisasi can be checked against 100. ``output_urutan`` maps the month's output numbers
    to their uraian.
    """
    nama_bulan = NAMA_BULAN[data.bulan] if 1 <= data.bulan <= 12 else str(data.bulan)
    loc = f"Realisasi {data.sub_kegiatan_kode} {nama_bulan} {data.tahun}"
    masalah: list[Masalah] = []
    if not 1 <= data.bulan <= 12:
        return [Masalah(loc, f"bulan {data.bulan} tidak sah (1-12).")]
    if ropp is None or ropp.rencana(data.bulan) is None:
        return [Masalah(loc, "belum ada rencana (ROPP) untuk bulan ini.")]
    if data.realisasi_bobot < 0:
        masalah.append(Masalah(loc, "realisasi bobot tidak boleh negatif."))
    if data.realisasi_anggaran < 0:
        masalah.append(Masalah(loc, "realisasi anggaran tidak boleh negatif."))
    if data.realisasi_anggaran > MAKS_NILAI:
        masalah.append(Masalah(loc, "realisasi anggaran terlalu besar; mohon periksa angkanya."))
    kumulatif = data.realisasi_bobot + sum(
        (v for m, v in realisasi_bulan_lain.items() if m != data.bulan), Decimal(0)
    )
    if kumulatif > SERATUS + TOLERANSI_BOBOT:
        masalah.append(
            Masalah(
                loc,
                f"realisasi bobot kumulatif menjadi {format_ringkas(kumulatif)}, melebihi 100.",
            )
        )
    for urutan, volume in data.volume_output.items():
        if output_urutan is not None and urutan not in output_urutan:
            masalah.append(Masalah(loc, f"output nomor {urutan} tidak ada di rencana bulan ini."))
        if volume < 0:
            masalah.append(Masalah(loc, f"volume output nomor {urutan} tidak boleh negatif."))
        if volume > MAKS_NILAI:
            masalah.append(
                Masalah(loc, f"volume output nomor {urutan} terlalu besar; mohon periksa angkanya.")
            )
    return masalah
