"""ROPP (Rencana Operasional Pelaksanaan Program) per sub kegiatan.

Pergub 17/2023 Pasal 11 and Lampiran I (Tabel Rencana Sub Kegiatan Bulanan/Triwulanan): twelve months of
target fisik (bobot, %), anggaran kas (Rp) and the outputs due that month. Quarterly figures are derived
from the months and never typed twice; the year's bobot sums to 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.errors import Masalah
from core.numbers import format_ringkas
from core.periode import NAMA_BULAN

SERATUS = Decimal(100)
TOLERANSI_BOBOT = Decimal("0.01")


@dataclass(frozen=True)
class OutputRopp:
    """One output line due in a month (Tabel 2 kolom 5-8): uraian, bobot, volume, satuan."""

    uraian: str
    bobot: Decimal
    volume: Decimal
    satuan: str


@dataclass(frozen=True)
class RencanaBulan:
    bulan: int
    target_bobot: Decimal
    anggaran_kas: Decimal
    outputs: tuple[OutputRopp, ...] = field(default=())


@dataclass(frozen=True)
class Ropp:
    sub_kegiatan_kode: str
    tahun: int
    bulan: tuple[RencanaBulan, ...]
    pagu: Decimal | None = None

    def rencana(self, bulan: int) -> RencanaBulan | None:
        for r in self.bulan:
            if r.bulan == bulan:
                return r
        return None

    @property
    def total_bobot(self) -> Decimal:
        return sum((r.target_bobot for r in self.bulan), Decimal(0))

    @property
    def total_anggaran(self) -> Decimal:
        return sum((r.anggaran_kas for r in self.bulan), Decimal(0))

    def triwulan(self, q: int) -> tuple[Decimal, Decimal]:
        """(bobot, anggaran) of quarter ``q``: the sum of its three months (Lampiran I Tabel 1)."""
        if q not in (1, 2, 3, 4):
            raise ValueError(f"Triwulan {q} tidak dikenal (1-4).")
        months = range(3 * q - 2, 3 * q + 1)
        rows = [r for r in self.bulan if r.bulan in months]
        return (
            sum((r.target_bobot for r in rows), Decimal(0)),
            sum((r.anggaran_kas for r in rows), Decimal(0)),
        )

    def kumulatif_bobot(self, sampai_bulan: int) -> Decimal:
        return sum((r.target_bobot for r in self.bulan if r.bulan <= sampai_bulan), Decimal(0))


def validate_ropp(ropp: Ropp) -> list[Masalah]:
    """Every problem of a ROPP (Pergub 17/2023 Lampiran I): months, negatives, sum of bobot, pagu."""
    loc = f"ROPP {ropp.sub_kegiatan_kode} {ropp.tahun}"
    masalah: list[Masalah] = []
    seen: set[int] = set()
    for r in ropp.bulan:
        if r.bulan < 1 or r.bulan > 12:
            masalah.append(Masalah(loc, f"bulan {r.bulan} tidak sah (1-12)."))
            continue
        nama = NAMA_BULAN[r.bulan]
        if r.bulan in seen:
            masalah.append(Masalah(loc, f"bulan {nama} diisi lebih dari sekali."))
        seen.add(r.bulan)
        if r.target_bobot < 0:
            masalah.append(Masalah(f"{loc}, {nama}", "target fisik (bobot) tidak boleh negatif."))
        if r.target_bobot > SERATUS:
            masalah.append(Masalah(f"{loc}, {nama}", "target fisik (bobot) melebihi 100."))
        if r.anggaran_kas < 0:
            masalah.append(Masalah(f"{loc}, {nama}", "anggaran kas tidak boleh negatif."))
        for i, o in enumerate(r.outputs, start=1):
            oloc = f"{loc}, {nama}, output {i}"
            if not o.uraian.strip():
                masalah.append(Masalah(oloc, "uraian output wajib diisi."))
            if o.bobot < 0 or o.volume < 0:
                masalah.append(Masalah(oloc, "bobot dan volume output tidak boleh negatif."))
            if not o.satuan.strip():
                masalah.append(Masalah(oloc, "satuan output wajib diisi."))
        if r.outputs:
            jumlah_output = sum((o.bobot for o in r.outputs), Decimal(0))
            if abs(jumlah_output - r.target_bobot) > TOLERANSI_BOBOT:
                masalah.append(
                    Masalah(
                        f"{loc}, {nama}",
                        f"jumlah bobot output ({_fmt(jumlah_output)}) tidak sama dengan target "
                        f"fisik bulan ini ({_fmt(r.target_bobot)}).",
                    )
                )
    total = ropp.total_bobot
    if abs(total - SERATUS) > TOLERANSI_BOBOT:
        masalah.append(
            Masalah(loc, f"jumlah bobot setahun {_fmt(total)}, seharusnya 100 (toleransi 0,01).")
        )
    if ropp.pagu is not None:
        if ropp.pagu < 0:
            masalah.append(Masalah(loc, "pagu tidak boleh negatif."))
        elif ropp.total_anggaran != ropp.pagu:
            masalah.append(
                Masalah(
                    loc,
                    f"jumlah anggaran kas Rp {_fmt(ropp.total_anggaran)} tidak sama dengan "
                    f"pagu Rp {_fmt(ropp.pagu)}.",
                )
            )
    return masalah


def ropp_from_mapping(
    sub_kegiatan_kode: str,
    tahun: int,
    bobot: Mapping[int, Decimal],
    anggaran: Mapping[int, Decimal],
    outputs: Mapping[int, Sequence[OutputRopp]] | None = None,
    pagu: Decimal | None = None,
) -> Ropp:
    months = sorted(set(bobot) | set(anggaran))
    outs = outputs or {}
    return Ropp(
        sub_kegiatan_kode=sub_kegiatan_kode,
        tahun=tahun,
        bulan=tuple(
            RencanaBulan(
                bulan=m,
                target_bobot=bobot.get(m, Decimal(0)),
                anggaran_kas=anggaran.get(m, Decimal(0)),
                outputs=tuple(outs.get(m, ())),
            )
            for m in months
        ),
        pagu=pagu,
    )


def _fmt(value: Decimal) -> str:
    return format_ringkas(value)
