"""Deterministic synthetic ROPP and realisasi for the demo province (pure: no I/O, no clock).

The Banten dataset (data/banten/) holds the real cascade down to kegiatan; the regulations publish no
sub kegiatan plans or realisasi, so the demo invents them, deterministically from a seed, with a
realistic spread: most PDs report on time, some late, some not yet, and some report kendala.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.cascade import CascadeNode, Pejabat, PerangkatDaerah, Tingkat
from core.ropp import OutputRopp, RencanaBulan, Ropp

SERATUS = Decimal(100)
_SEN = Decimal("0.01")

KENDALA = (
    "Proses pengadaan barang/jasa belum selesai",
    "Menunggu persetujuan dokumen dari Kementerian",
    "Keterlambatan pencairan anggaran",
    "Cuaca buruk menghambat pekerjaan fisik di lapangan",
    "Data dari kabupaten/kota belum lengkap",
)
TINDAK_LANJUT = (
    "Koordinasi dengan UKPBJ untuk percepatan",
    "Menyurati Kementerian terkait",
    "Koordinasi dengan BPKAD",
    "Menambah tenaga kerja dan jam kerja",
    "Menyurati Bappeda kabupaten/kota",
)


class Profil:
    """How a PD behaves in the demo."""

    TEPAT_WAKTU = "tepat_waktu"
    TERLAMBAT = "terlambat"
    BELUM = "belum"  # has not reported the latest month yet


@dataclass(frozen=True)
class RealisasiDemo:
    sub_kegiatan_kode: str
    bulan: int
    realisasi_bobot: Decimal
    realisasi_anggaran: Decimal
    kendala: str | None
    tindak_lanjut: str | None
    terlambat: bool
    oleh_nip: str | None


def profil_pd(pds: Sequence[PerangkatDaerah], seed: int) -> dict[str, str]:
    """About 70 % on time, 20 % late, 10 % not yet reported the latest month."""
    rng = random.Random(seed)
    out: dict[str, str] = {}
    for pd in sorted(pds, key=lambda p: p.kode):
        x = rng.random()
        out[pd.kode] = (
            Profil.TEPAT_WAKTU if x < 0.7 else Profil.TERLAMBAT if x < 0.9 else Profil.BELUM
        )
    return out


def sub_kegiatan_sintetis(
    nodes: Sequence[CascadeNode],
    pejabat: Sequence[Pejabat],
    pd_list: Sequence[PerangkatDaerah],
    seed: int,
    per_kegiatan: int = 2,
) -> tuple[list[CascadeNode], list[Pejabat]]:
    """Sub kegiatan under every kegiatan that has none.

    A kegiatan without a penanggung jawab gets a synthetic Kasi position (NIP 99998..., named after
    the position, never a person).
    """
    rng = random.Random(seed)
    has_child = {n.induk_kode for n in nodes if n.tingkat == Tingkat.SUB_KEGIATAN}
    by_nip = {p.nip: p for p in pejabat}
    singkatan = {p.kode: p.singkatan for p in pd_list}
    new_nodes: list[CascadeNode] = []
    new_pejabat: list[Pejabat] = []
    seq = 0
    for k in nodes:
        if k.tingkat != Tingkat.KEGIATAN or k.kode in has_child:
            continue
        # The kegiatan's own penanggung jawab (a Kasi/Kasubag in the 42/2018 cascade) reports its
        # sub kegiatan; only a kegiatan without one gets a synthetic position.
        pj = k.penanggung_jawab_nip if k.penanggung_jawab_nip in by_nip else None
        for i in range(1, per_kegiatan + 1):
            if pj is None:
                seq += 1
                pj = f"99998{seq:013d}"
                new_pejabat.append(
                    Pejabat(
                        nip=pj,
                        nama=f"Kepala Seksi {seq} {singkatan.get(k.pd_kode or '', '')}".strip(),
                        jabatan="Kepala Seksi",
                        eselon="IV.a",
                        pd_kode=k.pd_kode,
                        atasan_nip=None,
                    )
                )
            pagu = Decimal(rng.randrange(150, 4_000)) * Decimal(1_000_000)
            new_nodes.append(
                CascadeNode(
                    kode=f"{k.kode}.SK{i}",
                    tingkat=Tingkat.SUB_KEGIATAN,
                    nama=f"Sub Kegiatan {i}: {k.nama}"[:250],
                    induk_kode=k.kode,
                    pd_kode=k.pd_kode,
                    pagu=pagu,
                    penanggung_jawab_nip=pj,
                )
            )
    return new_nodes, new_pejabat


def ropp_sintetis(node: CascadeNode, tahun: int, seed: int) -> Ropp:
    """Twelve months whose bobot sum to exactly 100 and anggaran kas to exactly the pagu."""
    rng = random.Random(f"{seed}:{node.kode}")
    weights = [rng.choice((0, 1, 2, 3, 5, 8)) for _ in range(12)]
    weights[11] = max(weights[11], 1)  # the year always ends with a report
    total = sum(weights)
    bobot = [(SERATUS * w / total).quantize(_SEN, ROUND_HALF_UP) for w in weights]
    bobot[11] += SERATUS - sum(bobot)
    pagu = node.pagu or Decimal(500_000_000)
    anggaran = [(pagu * w / total).quantize(Decimal(1), ROUND_HALF_UP) for w in weights]
    anggaran[11] += pagu - sum(anggaran)
    months = []
    for m in range(12):
        outputs: tuple[OutputRopp, ...] = ()
        if bobot[m] > 0:
            outputs = (
                OutputRopp(f"Dokumen/laporan bulan {m + 1}", bobot[m], Decimal(1), "Dokumen"),
            )
        months.append(RencanaBulan(m + 1, bobot[m], anggaran[m], outputs))
    return Ropp(node.kode, tahun, tuple(months), pagu)


def realisasi_sintetis(
    ropp: Ropp,
    sampai_bulan: int,
    profil: str,
    oleh_nip: str | None,
    seed: int,
    bulan_jatuh_tempo: int | None = None,
) -> list[RealisasiDemo]:
    """Realisasi for months 1..sampai_bulan: 60-110 % of plan, capped so the year stays <= 100.

    ``bulan_jatuh_tempo`` is the last month whose deadline has already passed (default
    ``sampai_bulan``). A late PD reports that month late (so the compliance matrix shows a late
    cell on the day the demo is loaded, even early in a month whose own deadline is still ahead) and
    nothing after it yet; a PD that has not reported stops before it; an on-time PD reports up to
    ``sampai_bulan``.
    """
    rng = random.Random(f"{seed}:{ropp.sub_kegiatan_kode}:r")
    out: list[RealisasiDemo] = []
    kumulatif = Decimal(0)
    jatuh_tempo = (
        sampai_bulan if bulan_jatuh_tempo is None else min(bulan_jatuh_tempo, sampai_bulan)
    )
    terakhir = {Profil.BELUM: jatuh_tempo - 1, Profil.TERLAMBAT: jatuh_tempo}.get(
        profil, sampai_bulan
    )
    for r in ropp.bulan:
        if r.bulan > terakhir:
            break
        faktor = Decimal(rng.randrange(60, 111)) / SERATUS
        bobot = min((r.target_bobot * faktor).quantize(_SEN, ROUND_HALF_UP), SERATUS - kumulatif)
        kumulatif += bobot
        anggaran = (r.anggaran_kas * faktor).quantize(Decimal(1), ROUND_HALF_UP)
        kendala = tindak = None
        if faktor < Decimal("0.8") and r.target_bobot > 0:
            i = rng.randrange(len(KENDALA))
            kendala, tindak = KENDALA[i], TINDAK_LANJUT[i]
        out.append(
            RealisasiDemo(
                ropp.sub_kegiatan_kode,
                r.bulan,
                bobot,
                anggaran,
                kendala,
                tindak,
                terlambat=profil == Profil.TERLAMBAT and r.bulan == jatuh_tempo,
                oleh_nip=oleh_nip,
            )
        )
    return out


def bulan_terlapor(hari_ini: date, tahun: int) -> int:
    """The last month whose report is due by ``hari_ini`` (roughly: the previous month)."""
    if hari_ini.year > tahun:
        return 12
    if hari_ini.year < tahun:
        return 0
    return hari_ini.month - 1


def bulan_jatuh_tempo(hari_ini: date, tenggat: Mapping[int, date], sampai_bulan: int) -> int:
    """The last month up to ``sampai_bulan`` whose deadline is before ``hari_ini`` (0: none yet),
    as the compliance matrix counts it (a cell is due the day after its deadline)."""
    return max((b for b in range(1, sampai_bulan + 1) if tenggat[b] < hari_ini), default=0)
