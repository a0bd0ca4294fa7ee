"""Test data builders: the worked examples of the regulations as cascade + ROPP + realisasi."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from core import services
from core.capaian import Arah
from core.cascade import CascadeNode, Indikator, Kelompok, Pejabat, PerangkatDaerah, Tingkat
from core.ports import UnitOfWork
from core.ropp import OutputRopp, RencanaBulan, Ropp

D = Decimal
TAHUN = 2026
#: when a test's setup changes the calendar or the APBD dates (the audit trail needs a time)
WAKTU_UJI = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)
PD = PerangkatDaerah(
    "4.01.0.00.0.00.01.0000", "Badan Perencanaan Pembangunan Daerah", "Bappeda", Kelompok.III
)

# Demo NIPs are clearly synthetic: 18 digits starting with 9999.
NIP_KEPALA = "999900000000000001"
NIP_KABID = "999900000000000002"
NIP_KASUBAG = "999900000000000003"

PEJABAT = [
    Pejabat(NIP_KEPALA, "Kepala Bappeda (contoh)", "Kepala Badan", "II.a", PD.kode),
    Pejabat(
        NIP_KABID, "Kabid Pengendalian (contoh)", "Kepala Bidang", "III.a", PD.kode, NIP_KEPALA
    ),
    Pejabat(
        NIP_KASUBAG, "Kasubid Evaluasi (contoh)", "Kepala Sub Bidang", "IV.a", PD.kode, NIP_KABID
    ),
]

# Lampiran I (Pergub 17/2023), Tabel Rencana Sub Kegiatan Bulanan: target fisik and anggaran kas.
LAMPIRAN_I_BOBOT = [
    D("3.00"),
    D("18.95"),
    D("9.46"),
    D("4.74"),
    D("18.95"),
    D(0),
    D(0),
    D("18.95"),
    D(0),
    D(0),
    D("18.95"),
    D("7.00"),
]
# May is printed as "207.450" in the text (a typo); the others are as printed.
LAMPIRAN_I_ANGGARAN = [
    D(353956000),
    D(194700000),
    D(103460000),
    D(234399000),
    D(207450),
    D(0),
    D(0),
    D(180250840),
    D(0),
    D(264850000),
    D(488242710),
    D(4139000),
]


def ropp_lampiran_i(kode: str, tahun: int = TAHUN, pagu: Decimal | None = None) -> Ropp:
    outputs = {1: (OutputRopp("Rapat koordinasi", D(3), D(1), "Notulen"),)}
    return Ropp(
        kode,
        tahun,
        tuple(
            RencanaBulan(m, b, a, outputs.get(m, ()))
            for m, (b, a) in enumerate(
                zip(LAMPIRAN_I_BOBOT, LAMPIRAN_I_ANGGARAN, strict=True), start=1
            )
        ),
        pagu,
    )


def ropp_q1(kode: str, q1: Decimal, tahun: int = TAHUN) -> Ropp:
    """A plan whose Tw I bobot is ``q1``: all of it in February, the rest in December."""
    months = {m: (D(0), D(1_000_000)) for m in range(1, 13)}
    months[2] = (q1, D(1_000_000))
    months[12] = (D(100) - q1, D(1_000_000))
    return Ropp(kode, tahun, tuple(RencanaBulan(m, b, a) for m, (b, a) in sorted(months.items())))


def node(kode: str, tingkat: Tingkat, induk: str | None, **kw: object) -> CascadeNode:
    pd = None if tingkat in (Tingkat.TUJUAN, Tingkat.SASARAN_DAERAH) else PD.kode
    return CascadeNode(
        kode=kode,
        tingkat=tingkat,
        nama=f"{tingkat.label} {kode}",
        induk_kode=induk,
        pd_kode=pd,
        **kw,
    )  # type: ignore[arg-type]


def ind(
    uraian: str, anak: tuple[str, ...] = (), target: str | None = "100", arah: Arah = Arah.NAIK
) -> Indikator:
    return Indikator(
        uraian, "persen", D(target) if target else None, arah, NIP_KABID, anak_kode=anak
    )


# Lampiran II worked example: kegiatan kode -> (Tw I target bobot, Tw I realisasi bobot)
KEGIATAN_Q1 = {
    "K1": (D("31.41"), D("12.45")),
    "K2": (D("18.95"), D("15.69")),
    "K3": (D("31.41"), D("18.95")),
    "K4": (D("18.95"), D("15.69")),
    "K5": (D("31.41"), D("12.45")),
    "K6": (D("18.95"), D("15.69")),
    "K7": (D("31.41"), D("18.95")),
}
PROGRAM_KEGIATAN = {
    "PA": ["K1", "K2", "K3"],
    "PB": ["K4"],
    "PC": ["K5"],
    "PD": ["K6"],
    "PE": ["K7"],
}


def lampiran_ii_cascade() -> list[CascadeNode]:
    """Tujuan T1 -> SD1 -> S1 (Indikator Sasaran A over PA, PB; B over PC, PD, PE) -> programs -> kegiatan -> SK."""
    nodes = [
        node(
            "T1",
            Tingkat.TUJUAN,
            None,
            indikator=(ind("Indeks Pembangunan Manusia", target="73.5"),),
        ),
        node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
        node(
            "S1",
            Tingkat.SASARAN_PD,
            "SD1",
            penanggung_jawab_nip=NIP_KEPALA,
            indikator=(
                ind("Indikator Sasaran A", ("PA", "PB"), "2.5"),
                ind("Indikator Sasaran B", ("PC", "PD", "PE"), "3"),
            ),
        ),
    ]
    for p, kegiatan in PROGRAM_KEGIATAN.items():
        indikator = (
            (
                ind("Indikator Program A", ("K1", "K2")),
                ind("Indikator Program B", ("K1", "K2", "K3"), "3"),
            )
            if p == "PA"
            else (ind(f"Indikator Program {p}"),)
        )
        nodes.append(
            node(p, Tingkat.PROGRAM, "S1", penanggung_jawab_nip=NIP_KABID, indikator=indikator)
        )
        for k in kegiatan:
            nodes.append(node(k, Tingkat.KEGIATAN, p, penanggung_jawab_nip=NIP_KABID))
            nodes.append(node(f"SK-{k}", Tingkat.SUB_KEGIATAN, k, penanggung_jawab_nip=NIP_KASUBAG))
    return nodes


def seed_master(uow_factory: Callable[[], UnitOfWork]) -> None:
    services.register_pd(uow_factory(), [PD])
    services.register_pejabat(uow_factory(), PEJABAT)
