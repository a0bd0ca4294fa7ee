"""Roll-up engine against the worked examples of Pergub Banten 17/2023 Lampiran I and II,
plus properties of the weighted mean (Pergub 42/2018 Pasal 12(6), Pasal 16).

Every golden figure is compared after rounding HALF_UP to the number of decimals printed in
the regulation; the engine itself never rounds.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.capaian import (
    ALASAN_BELUM_ADA_SUB,
    ALASAN_REALISASI_KOSONG,
    ALASAN_TARGET_NOL,
    Capaian,
    bulatkan,
    format_persen,
    format_rupiah,
)
from core.periode import Periode
from core.rollup import Angka, BulanAngka, HasilSimpul, Simpul, angka_periode, rollup

D = Decimal
NOL = D(0)
TAHUN = 2026


def r2(x: Decimal) -> Decimal:
    return bulatkan(x, 2)


def c2(c: Capaian) -> Decimal:
    assert c.nilai is not None, c.alasan
    return bulatkan(c.nilai, 2)


def daun(kode: str, target: str, realisasi: str, bobot: str = "1") -> Simpul:
    """A kegiatan/program row of the Lampiran II example: quarterly target and realisasi bobot."""
    return Simpul(kode, kode, "kegiatan", D(bobot), angka=Angka(D(target), D(realisasi), NOL, NOL))


def simpul(kode: str, tingkat: str, *anak: Simpul) -> Simpul:
    return Simpul(kode, kode, tingkat, anak=anak)


# -- Lampiran I: ROPP (Tabel Rencana Sub Kegiatan Bulanan / Triwulanan) --------------------

ROPP_BOBOT = [
    "3.00",
    "18.95",
    "9.46",
    "4.74",
    "18.95",
    "0",
    "0",
    "18.95",
    "0",
    "0",
    "18.95",
    "7.00",
]
ROPP_ANGGARAN = [
    "353956000",
    "194700000",
    "103460000",
    "234399000",
    "207450",  # [sic] May as printed; almost certainly meant 207.450.000 — kept verbatim
    "0",
    "0",  # July: blank in the text
    "180250840",
    "0",
    "264850000",
    "488242710",
    "4139000",
]
ROPP = {
    m: BulanAngka(D(b), D(a))
    for m, (b, a) in enumerate(zip(ROPP_BOBOT, ROPP_ANGGARAN, strict=True), start=1)
}


@pytest.mark.parametrize(
    ("triwulan", "bobot", "anggaran"),
    [
        (1, "31.41", "652116000"),
        (2, "23.69", "234606450"),
        (3, "18.95", "180250840"),
        (4, "25.95", "757231710"),
    ],
)
def test_ropp_triwulan(triwulan: int, bobot: str, anggaran: str) -> None:
    """Pergub 17/2023 Lampiran I, ROPP Tabel 2 rows "Triwulan I..IV" = sums of their months."""
    a = angka_periode(ROPP, Periode.triwulan(TAHUN, triwulan))
    assert r2(a.target_bobot) == D(bobot)
    assert a.target_anggaran == D(anggaran)


def test_ropp_total() -> None:
    """Pergub 17/2023 Lampiran I, ROPP Tabel 2 row "TOTAL": bobot 100.

    Anggaran: the arithmetic over the printed months gives 1.824.205.000. The text's typo
    (May "207.450") is carried consistently into its Triwulan II (234.606.450) AND its TOTAL, so
    the printed TOTAL does match the arithmetic; had May been 207.450.000 the total would be
    2.031.447.550. We assert the arithmetic.
    """
    a = angka_periode(ROPP, Periode.tahunan(TAHUN))
    assert a.target_bobot == D(100)
    assert r2(a.target_bobot) == D("100.00")
    total = sum((D(x) for x in ROPP_ANGGARAN), NOL)
    assert a.target_anggaran == total == D(1_824_205_000)
    assert format_rupiah(a.target_anggaran) == "1.824.205.000"
    assert format_rupiah(total - D(207_450) + D(207_450_000)) == "2.031.447.550"
    # Tabel 1 (Rencana Sub Kegiatan Triwulanan) kolom 14: Σ quarters = 100,00
    kuartal = [angka_periode(ROPP, Periode.triwulan(TAHUN, q)).target_bobot for q in (1, 2, 3, 4)]
    assert sum(kuartal, NOL) == D(100)


def test_ropp_kumulatif_dan_bulanan() -> None:
    assert angka_periode(ROPP, Periode.kumulatif(TAHUN, 3)) == angka_periode(
        ROPP, Periode.triwulan(TAHUN, 1)
    )
    assert angka_periode(ROPP, Periode.kumulatif(TAHUN, 12)) == angka_periode(
        ROPP, Periode.tahunan(TAHUN)
    )
    jan = angka_periode(ROPP, Periode.bulanan(TAHUN, 1))
    assert jan.target_bobot == D(3) and jan.target_anggaran == D(353_956_000)
    # s.d. Mei: 3 + 18,95 + 9,46 + 4,74 + 18,95
    assert angka_periode(ROPP, Periode.kumulatif(TAHUN, 5)).target_bobot == D("55.10")


def test_ropp_wajib_lapor() -> None:
    """Months with a plan: bobot or anggaran kas. October has kas (264.850.000) but bobot 0;
    June, July and September have neither."""
    tahun = angka_periode(ROPP, Periode.tahunan(TAHUN))
    assert tahun.wajib_lapor == 9
    assert tahun.dilaporkan == 0
    assert angka_periode(ROPP, Periode.bulanan(TAHUN, 10)).wajib_lapor == 1
    assert angka_periode(ROPP, Periode.bulanan(TAHUN, 6)).wajib_lapor == 0
    juni = angka_periode(ROPP, Periode.bulanan(TAHUN, 6))
    assert juni.capaian_kinerja.alasan == ALASAN_TARGET_NOL


# -- Lampiran II: Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan (Januari) --------------


def test_laporan_bulanan_januari() -> None:
    """Pergub 17/2023 Lampiran II, Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan:
    program, kegiatan and sub kegiatan rows all show target tahunan 100,00 / 1.824.205.000,
    target Januari 3 / 353.956.000, realisasi 3 / 250.000.000, capaian 100,00 / 70,63."""
    bulanan = dict(ROPP)
    bulanan[1] = BulanAngka(D(3), D(353_956_000), D(3), D(250_000_000))
    sub = Simpul(
        "sub", "Koordinasi Pengendalian", "sub_kegiatan",
        angka=angka_periode(bulanan, Periode.bulanan(TAHUN, 1)),
    )  # fmt: skip
    sub_tahun = Simpul(
        "sub", "Koordinasi Pengendalian", "sub_kegiatan",
        angka=angka_periode(bulanan, Periode.tahunan(TAHUN)),
    )  # fmt: skip
    for s in (sub, sub_tahun):
        pohon = rollup(simpul("program", "program", simpul("kegiatan", "kegiatan", s)))
        for baris in pohon.iter():
            assert baris.angka == pohon.angka
    jan = rollup(simpul("program", "program", simpul("kegiatan", "kegiatan", sub)))
    tahun = rollup(simpul("program", "program", simpul("kegiatan", "kegiatan", sub_tahun)))
    # kolom 4 and 6: target tahunan
    assert format_persen(tahun.angka.target_bobot) == "100,00"
    assert format_rupiah(tahun.angka.target_anggaran) == "1.824.205.000"
    # kolom 7, 9, 10, 12
    a = jan.angka
    assert (a.target_bobot, a.target_anggaran) == (D(3), D(353_956_000))
    assert (a.realisasi_bobot, a.realisasi_anggaran) == (D(3), D(250_000_000))
    # kolom 13 = 10/7×100, kolom 14 = 12/9×100
    assert format_persen(jan.capaian_kinerja.nilai) == "100,00"
    assert format_persen(jan.capaian_anggaran.nilai) == "70,63"
    assert (a.dilaporkan, a.wajib_lapor) == (1, 1)


# -- Lampiran II: Laporan Kinerja Program Triwulanan (Triwulan 1) --------------------------


def _program() -> Simpul:
    """Program → Indikator Program A (Pengendalian, Evaluasi), Indikator Program B
    (Pengendalian, Evaluasi, Pelaporan). The same kegiatan objects are shared by A and B."""
    pengendalian = daun("pengendalian", "31.41", "12.45")
    evaluasi = daun("evaluasi", "18.95", "15.69")
    pelaporan = daun("pelaporan", "31.41", "18.95")
    return simpul(
        "program",
        "program",
        simpul("ind_a", "indikator", pengendalian, evaluasi),
        simpul("ind_b", "indikator", pengendalian, evaluasi, pelaporan),
    )


def _baris(h: HasilSimpul) -> tuple[Decimal, Decimal, Decimal]:
    """(kolom 6 target bobot, kolom 8 realisasi bobot, kolom 10 capaian) rounded HALF_UP 2."""
    return r2(h.angka.target_bobot), r2(h.angka.realisasi_bobot), c2(h.capaian_kinerja)


def test_program_triwulanan() -> None:
    """Pergub 17/2023 Lampiran II, Tabel Laporan Kinerja Program Triwulanan, Triwulan 1."""
    h = rollup(_program())
    ind_a, ind_b = h.anak
    assert _baris(ind_a) == (D("25.18"), D("14.07"), D("55.88"))
    assert [_baris(k) for k in ind_a.anak] == [
        (D("31.41"), D("12.45"), D("39.64")),
        (D("18.95"), D("15.69"), D("82.80")),
    ]
    assert _baris(ind_b) == (D("27.26"), D("15.70"), D("57.59"))
    assert [_baris(k) for k in ind_b.anak] == [
        (D("31.41"), D("12.45"), D("39.64")),
        (D("18.95"), D("15.69"), D("82.80")),
        (D("31.41"), D("18.95"), D("60.33")),
    ]
    # "Jumlah Program" = mean of the indicators
    assert _baris(h) == (D("26.22"), D("14.88"), D("56.77"))


def test_program_capaian_bukan_rata_rata_capaian() -> None:
    """Parent capaian = mean realisasi / mean target (55,88), not the mean of the
    children's capaian ((39,64 + 82,80)/2 = 61,22)."""
    ind_a = rollup(_program()).anak[0]
    anak = [k.capaian_kinerja.nilai for k in ind_a.anak]
    assert all(x is not None for x in anak)
    rata = sum((x for x in anak if x is not None), NOL) / 2
    assert r2(rata) == D("61.22")
    assert c2(ind_a.capaian_kinerja) == D("55.88")


def test_program_jumlah_butuh_nilai_tak_dibulatkan() -> None:
    """Rounding Indikator A/B to 2 decimals before averaging gives realisasi (14,07 + 15,70)/2
    = 14,885 → 14,89, whereas the regulation prints 14,88 — the unrounded value."""
    dibulatkan = r2((D("14.07") + D("15.70")) / 2)
    assert dibulatkan == D("14.89")
    assert r2(rollup(_program()).angka.realisasi_bobot) == D("14.88")


# -- Lampiran II: Laporan Kinerja Sasaran Triwulanan (Triwulan 1) --------------------------


def _sasaran() -> Simpul:
    """Sasaran → Indikator Sasaran A (Program A = the program above, Program B),
    Indikator Sasaran B (Programs C, D, E)."""
    program_a = _program()
    program_b = daun("program_b", "18.95", "15.69")
    return simpul(
        "sasaran",
        "sasaran",
        simpul("ind_sasaran_a", "indikator", program_a, program_b),
        simpul(
            "ind_sasaran_b",
            "indikator",
            daun("program_c", "31.41", "12.45"),
            daun("program_d", "18.95", "15.69"),
            daun("program_e", "31.41", "18.95"),
        ),
    )


def test_sasaran_triwulanan() -> None:
    """Pergub 17/2023 Lampiran II, Tabel Laporan Kinerja Sasaran Triwulanan, Triwulan 1."""
    h = rollup(_sasaran())
    ind_a, ind_b = h.anak
    program_a, program_b = ind_a.anak
    assert _baris(program_a) == (D("26.22"), D("14.88"), D("56.77"))
    assert _baris(program_b) == (D("18.95"), D("15.69"), D("82.80"))
    assert _baris(ind_a) == (D("22.58"), D("15.29"), D("67.69"))
    assert _baris(ind_b) == (D("27.26"), D("15.70"), D("57.59"))
    assert [_baris(k) for k in ind_b.anak] == [
        (D("31.41"), D("12.45"), D("39.64")),
        (D("18.95"), D("15.69"), D("82.80")),
        (D("31.41"), D("18.95"), D("60.33")),
    ]
    # "Jumlah Sasaran"
    assert _baris(h) == (D("24.92"), D("15.49"), D("62.16"))


def test_sasaran_jumlah_butuh_nilai_tak_dibulatkan() -> None:
    """Jumlah Sasaran 62,16 comes out only on unrounded values. From the printed 2-decimal
    rows: realisasi (15,29 + 15,70)/2 = 15,495 and 15,495 / 24,92 → 62,18 (or, re-rounding the
    realisasi to 15,50, → 62,20)."""
    t = (D("22.58") + D("27.26")) / 2
    r = (D("15.29") + D("15.70")) / 2
    assert r2(t) == D("24.92")
    assert r2(r / t * 100) == D("62.18")
    assert r2(r2(r) / t * 100) == D("62.20")
    h = rollup(_sasaran())
    assert c2(h.capaian_kinerja) == D("62.16")
    assert h.cari("sasaran") is h


# -- Lampiran I: Tabel Rencana Program/Sasaran Triwulanan (all four quarters) --------------

KUARTAL_PENGENDALIAN = ["31.41", "23.69", "18.95", "25.95"]  # = the ROPP sub kegiatan above
KUARTAL_EVALUASI = ["18.95", "23.69", "25.95", "31.41"]
KUARTAL_PELAPORAN = ["31.41", "18.95", "23.69", "25.95"]


def _rencana_program(q: int) -> Simpul:
    def k(kode: str, kuartal: list[str]) -> Simpul:
        return daun(kode, kuartal[q - 1], "0")

    peng, ev = k("pengendalian", KUARTAL_PENGENDALIAN), k("evaluasi", KUARTAL_EVALUASI)
    return simpul(
        "program",
        "program",
        simpul("ind_a", "indikator", peng, ev),
        simpul("ind_b", "indikator", peng, ev, k("pelaporan", KUARTAL_PELAPORAN)),
    )


@pytest.mark.parametrize(
    ("q", "ind_a", "ind_b", "jumlah"),
    [
        (1, "25.2", "27.3", "26.2"),
        (2, "23.7", "22.1", "22.9"),
        (3, "22.5", "22.9", "22.7"),  # 22,45 → 22,5 needs HALF_UP
        (4, "28.7", "27.8", "28.2"),
    ],
)
def test_rencana_program_triwulanan(q: int, ind_a: str, ind_b: str, jumlah: str) -> None:
    """Pergub 17/2023 Lampiran I, Tabel Rencana Program dan Kegiatan Triwulanan (printed with
    1 decimal)."""
    h = rollup(_rencana_program(q))
    assert bulatkan(h.anak[0].angka.target_bobot, 1) == D(ind_a)
    assert bulatkan(h.anak[1].angka.target_bobot, 1) == D(ind_b)
    assert bulatkan(h.angka.target_bobot, 1) == D(jumlah)


@pytest.mark.parametrize(
    ("q", "program_a", "ind_a", "ind_b", "jumlah"),
    [
        (1, "26.22", "22.58", "27.26", "24.92"),
        (2, "22.90", "23.30", "22.11", "22.70"),
        (3, "22.66", "24.30", "22.86", "23.58"),
        (4, "28.23", "29.82", "27.77", "28.79"),  # 28,225 → 28,23 needs HALF_UP
    ],
)
def test_rencana_sasaran_triwulanan(
    q: int, program_a: str, ind_a: str, ind_b: str, jumlah: str
) -> None:
    """Pergub 17/2023 Lampiran I, Tabel Rencana Kinerja Sasaran Triwulanan. Program A is the
    "Jumlah" of the Rencana Program table; Program B/D quarters = Evaluasi, C = Pengendalian,
    E = Pelaporan. The text prints 23,3 / 24,3 / 22,7 with fewer decimals."""

    def k(kode: str, kuartal: list[str]) -> Simpul:
        return daun(kode, kuartal[q - 1], "0")

    pohon = simpul(
        "sasaran",
        "sasaran",
        simpul("ind_a", "indikator", _rencana_program(q), k("program_b", KUARTAL_EVALUASI)),
        simpul(
            "ind_b",
            "indikator",
            k("program_c", KUARTAL_PENGENDALIAN),
            k("program_d", KUARTAL_EVALUASI),
            k("program_e", KUARTAL_PELAPORAN),
        ),
    )
    h = rollup(pohon)
    assert r2(h.anak[0].anak[0].angka.target_bobot) == D(program_a)
    assert r2(h.anak[0].angka.target_bobot) == D(ind_a)
    assert r2(h.anak[1].angka.target_bobot) == D(ind_b)
    assert r2(h.angka.target_bobot) == D(jumlah)


# -- angka_periode: reports and gaps --------------------------------------------------------


def test_realisasi_belum_dilaporkan() -> None:
    a = angka_periode(ROPP, Periode.triwulan(TAHUN, 1))
    assert (a.dilaporkan, a.wajib_lapor) == (0, 3)
    assert not a.lengkap
    assert a.capaian_kinerja.nilai is None
    assert a.capaian_kinerja.alasan == ALASAN_REALISASI_KOSONG
    assert a.capaian_anggaran.alasan == ALASAN_REALISASI_KOSONG


def test_sebagian_dilaporkan() -> None:
    """An unreported month counts as 0 in the sums; the gap shows in dilaporkan < wajib_lapor."""
    b = dict(ROPP)
    b[1] = BulanAngka(D(3), D(353_956_000), D(3), D(300_000_000))
    b[2] = BulanAngka(D("18.95"), D(194_700_000), D("10"), D(100_000_000))
    a = angka_periode(b, Periode.triwulan(TAHUN, 1))
    assert (a.dilaporkan, a.wajib_lapor) == (2, 3)
    assert a.realisasi_bobot == D(13)
    assert a.realisasi_anggaran == D(400_000_000)
    assert r2(a.capaian_kinerja.nilai or NOL) == r2(D(13) / D("31.41") * 100)


def test_komponen_belum_lengkap() -> None:
    """A month with bobot reported but planned anggaran not reported is not complete."""
    b = {1: BulanAngka(D(3), D(100), D(3), None)}
    a = angka_periode(b, Periode.bulanan(TAHUN, 1))
    assert (a.dilaporkan, a.wajib_lapor) == (0, 1)
    # month with kas only (bobot 0): reporting the anggaran is enough
    b = {10: BulanAngka(D(0), D(264_850_000), None, D(264_850_000))}
    a = angka_periode(b, Periode.bulanan(TAHUN, 10))
    assert (a.dilaporkan, a.wajib_lapor) == (1, 1)
    assert a.capaian_kinerja.alasan == ALASAN_TARGET_NOL
    assert c2(a.capaian_anggaran) == D("100.00")


def test_bulan_tanpa_rencana_tetap_dijumlah() -> None:
    b = {6: BulanAngka(D(0), D(0), D(2), D(5))}
    a = angka_periode(b, Periode.triwulan(TAHUN, 2))
    assert (a.realisasi_bobot, a.realisasi_anggaran) == (D(2), D(5))
    assert (a.dilaporkan, a.wajib_lapor) == (0, 0)


def test_angka_periode_kosong() -> None:
    a = angka_periode({}, Periode.tahunan(TAHUN))
    assert a == Angka(NOL, NOL, NOL, NOL, 0, 0, 1)
    assert a.capaian_kinerja.alasan == ALASAN_TARGET_NOL


def test_angka_periode_kunci_salah() -> None:
    with pytest.raises(ValueError, match="Kunci bulan"):
        angka_periode({13: BulanAngka(D(1), D(1))}, Periode.tahunan(TAHUN))


def test_bulan_angka_validasi() -> None:
    with pytest.raises(ValueError, match="negatif"):
        BulanAngka(D(-1), D(0))
    with pytest.raises(TypeError):
        BulanAngka(1.5, D(0))  # type: ignore[arg-type]
    b = BulanAngka(3, 4)  # type: ignore[arg-type]
    assert isinstance(b.target_bobot, Decimal) and isinstance(b.target_anggaran, Decimal)


# -- tree semantics --------------------------------------------------------------------------


def test_simpul_tanpa_anak() -> None:
    """An inner node with no children: zeros and "Belum ada sub kegiatan"."""
    h = rollup(Simpul("keg", "Kegiatan kosong", "kegiatan"))
    assert h.angka == Angka.kosong()
    assert h.capaian_kinerja.alasan == ALASAN_BELUM_ADA_SUB == "Belum ada sub kegiatan"
    assert h.capaian_anggaran.alasan == ALASAN_BELUM_ADA_SUB
    assert h.angka.jumlah_sub_kegiatan == 0


def test_anak_kosong_ikut_rata_rata() -> None:
    """An empty kegiatan counts as zeros in its program's mean (the plan visibly drops
    below 100), while the capaian ratio is unaffected."""
    h = rollup(simpul("p", "program", daun("a", "31.41", "12.45"), Simpul("b", "b", "kegiatan")))
    assert h.angka.target_bobot == D("15.705")
    assert h.angka.jumlah_sub_kegiatan == 1
    assert c2(h.capaian_kinerja) == D("39.64")


def test_bobot_tertimbang() -> None:
    """Pergub 42/2018 Pasal 12(6), Pasal 16: weights set by the head of the PD."""
    h = rollup(simpul("p", "program", daun("a", "30", "15", "3"), daun("b", "10", "10", "1")))
    assert h.angka.target_bobot == D(25)  # (3·30 + 1·10) / 4
    assert h.angka.realisasi_bobot == D("13.75")  # (3·15 + 1·10) / 4
    assert c2(h.capaian_kinerja) == D("55.00")


def test_bobot_sama_selain_satu() -> None:
    h = rollup(simpul("p", "program", daun("a", "30", "15", "2"), daun("b", "10", "10", "2")))
    assert h.angka.target_bobot == D(20)


def test_bobot_nol_satu_anak_diabaikan() -> None:
    h = rollup(simpul("p", "program", daun("a", "30", "15", "0"), daun("b", "10", "10", "1")))
    assert h.angka.target_bobot == D(10)


def test_bobot_total_nol() -> None:
    pohon = Simpul(
        "P1", "Program Satu", "program",
        anak=(daun("a", "30", "15", "0"), daun("b", "10", "10", "0")),
    )  # fmt: skip
    with pytest.raises(ValueError, match=r"P1 \(Program Satu\)"):
        rollup(pohon)


def test_simpul_validasi() -> None:
    with pytest.raises(ValueError):
        Simpul("x", "x", "kegiatan", D(-1))
    with pytest.raises(ValueError, match="anak sekaligus angka"):
        Simpul("x", "x", "kegiatan", anak=(daun("a", "1", "1"),), angka=Angka(NOL, NOL, NOL, NOL))
    s = Simpul("x", "x", "kegiatan", anak=[daun("a", "1", "1")])  # type: ignore[arg-type]
    assert isinstance(s.anak, tuple)


def test_anggaran_dijumlah() -> None:
    a1 = Angka(D(10), D(5), D(1_000), D(400), 1, 1)
    a2 = Angka(D(30), D(30), D(3_000), D(3_000), 2, 3)
    h = rollup(
        simpul(
            "p",
            "program",
            Simpul("a", "a", "sub_kegiatan", D(5), angka=a1),
            Simpul("b", "b", "sub_kegiatan", angka=a2),
        )
    )
    assert (h.angka.target_anggaran, h.angka.realisasi_anggaran) == (D(4_000), D(3_400))
    assert c2(h.capaian_anggaran) == D("85.00")
    assert (h.angka.dilaporkan, h.angka.wajib_lapor, h.angka.jumlah_sub_kegiatan) == (3, 4, 2)


def test_iter_cari_indeks() -> None:
    h = rollup(_sasaran())
    kode = [n.kode for n in h.iter()]
    assert kode[:5] == ["sasaran", "ind_sasaran_a", "program", "ind_a", "pengendalian"]
    assert len(kode) == 1 + 2 + 2 + 2 + 5 + 3
    found = h.cari("ind_b")
    assert found is not None and found.kode == "ind_b"
    assert h.cari("tidak_ada") is None
    idx = h.indeks()
    assert idx["program_e"].angka.target_bobot == D("31.41")
    assert idx["pengendalian"] is h.anak[0].anak[0].anak[0].anak[0]
    assert h.anak[0].anak[0].tingkat == "program"


def test_subtree_bersama_dihitung_sekali() -> None:
    h = rollup(_program())
    assert h.anak[0].anak[0] is h.anak[1].anak[0]


def test_anggaran_kegiatan_bersama_dijumlah_sekali() -> None:
    """Pergub 17/2023 Lampiran II: Pengendalian and Evaluasi are listed under both Indikator
    Program A and B. They enter both means (bobot), but the program's anggaran is the sum of
    its three distinct kegiatan, not of the five report rows."""

    def keg(kode: str, t: str, r: str, anggaran: int) -> Simpul:
        return Simpul(kode, kode, "kegiatan", angka=Angka(D(t), D(r), D(anggaran), NOL, 1, 1))

    peng = keg("pengendalian", "31.41", "12.45", 1_000)
    ev = keg("evaluasi", "18.95", "15.69", 200)
    pel = keg("pelaporan", "31.41", "18.95", 30)
    program = _program_dengan(peng, ev, pel)
    h = rollup(program)
    assert _baris(h) == (D("26.22"), D("14.88"), D("56.77"))
    assert h.anak[0].angka.target_anggaran == D(1_200)
    assert h.anak[1].angka.target_anggaran == D(1_230)
    assert h.angka.target_anggaran == D(1_230)
    assert (h.angka.dilaporkan, h.angka.wajib_lapor, h.angka.jumlah_sub_kegiatan) == (3, 3, 3)
    # ...and once more one level up, and for a child listed twice by the same parent
    atas = rollup(simpul("sasaran", "sasaran", program, peng))
    assert atas.angka.target_anggaran == D(1_230)
    dobel = rollup(simpul("x", "kegiatan", peng, peng))
    assert dobel.angka.target_anggaran == D(1_000)
    assert dobel.angka.target_bobot == D("31.41")


def _program_dengan(peng: Simpul, ev: Simpul, pel: Simpul) -> Simpul:
    return simpul(
        "program",
        "program",
        simpul("a", "indikator", peng, ev),
        simpul("b", "indikator", peng, ev, pel),
    )


def test_pohon_dalam_tanpa_rekursi() -> None:
    s = daun("daun", "10", "5")
    for i in range(5_000):
        s = simpul(f"n{i}", "lapis", s)
    h = rollup(s)
    assert h.angka.target_bobot == D(10)
    assert sum(1 for _ in h.iter()) == 5_001


@pytest.mark.slow
def test_provinsi_64000_daun() -> None:
    """A province-sized tree (64.000 sub kegiatan) rolls up in linear time."""
    b = dict(ROPP)
    b[1] = BulanAngka(D(3), D(353_956_000), D(3), D(250_000_000))
    leaf = angka_periode(b, Periode.kumulatif(TAHUN, 3))

    def pd(n: int) -> Simpul:
        subs = [Simpul(f"s{n}.{i}", "sub", "sub_kegiatan", angka=leaf) for i in range(1_600)]
        keg = [simpul(f"k{n}.{j}", "kegiatan", *subs[j * 10 : j * 10 + 10]) for j in range(160)]
        prog = [simpul(f"p{n}.{j}", "program", *keg[j * 8 : j * 8 + 8]) for j in range(20)]
        return simpul(f"pd{n}", "pd", *prog)

    root = simpul("banten", "provinsi", *[pd(n) for n in range(40)])
    mulai = time.perf_counter()
    h = rollup(root)
    durasi = time.perf_counter() - mulai
    assert h.angka.jumlah_sub_kegiatan == 64_000
    assert h.angka.target_bobot == D("31.41")
    assert h.angka.target_anggaran == 64_000 * D(652_116_000)
    assert (h.angka.dilaporkan, h.angka.wajib_lapor) == (64_000, 192_000)
    assert durasi < 5.0


# -- properties ----------------------------------------------------------------------------

_bobot = st.decimals(min_value=D(0), max_value=D(1000), places=2)
_target_pos = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2)
_rupiah = st.decimals(min_value=D(0), max_value=D(10) ** 12, places=0)
_w = st.decimals(min_value=D("0.01"), max_value=D(100), places=2)


@st.composite
def _angka(draw: st.DrawFn, target_positif: bool = False) -> Angka:
    return Angka(
        draw(_target_pos if target_positif else _bobot),
        draw(_bobot),
        draw(_rupiah),
        draw(_rupiah),
        # with a positive target, at least one month is reported so capaian is a number
        draw(st.integers(1 if target_positif else 0, 3)),
        draw(st.integers(3, 6)),
    )


@st.composite
def _anak(draw: st.DrawFn, berbobot: bool, target_positif: bool = False) -> list[Simpul]:
    n = draw(st.integers(1, 12))
    return [
        Simpul(
            f"a{i}",
            f"anak {i}",
            "kegiatan",
            draw(_w) if berbobot else D(1),
            angka=draw(_angka(target_positif)),
        )
        for i in range(n)
    ]


@given(st.booleans().flatmap(lambda w: _anak(w)))
def test_prop_bobot_antara_min_max(anak: list[Simpul]) -> None:
    """Weighted mean (equal or arbitrary positive weights) lies within the children's range."""
    h = rollup(simpul("p", "program", *anak))
    for field in ("target_bobot", "realisasi_bobot"):
        nilai = [getattr(a.angka, field) for a in anak]
        assert min(nilai) <= getattr(h.angka, field) <= max(nilai)


@given(st.booleans().flatmap(lambda w: _anak(w, target_positif=True)))
def test_prop_capaian_mediant(anak: list[Simpul]) -> None:
    """With all child targets > 0 the parent's capaian (a weighted mediant) lies between
    the children's min and max capaian."""
    h = rollup(simpul("p", "program", *anak))
    cap = [c.nilai for c in (a.angka.capaian_kinerja for a in anak if a.angka)]
    assert all(x is not None for x in cap)
    vals = [x for x in cap if x is not None]
    induk = h.capaian_kinerja.nilai
    assert induk is not None
    toleransi = D("1e-25") * max(D(1), max(abs(v) for v in vals))
    assert min(vals) - toleransi <= induk <= max(vals) + toleransi


_LEVELS = ("sub_kegiatan", "kegiatan", "program", "sasaran")


@st.composite
def _pohon(draw: st.DrawFn, depth: int = 3) -> Simpul:
    kode = f"n{draw(st.integers(0, 10**6))}"
    if depth == 0 or draw(st.integers(0, 4)) == 0:
        return Simpul(kode, kode, _LEVELS[0], draw(_w), angka=draw(_angka()))
    n = draw(st.integers(0, 4))
    anak = tuple(draw(_pohon(depth - 1)) for _ in range(n))
    return Simpul(kode, kode, _LEVELS[min(depth, 3)], draw(_w), anak)


def _daun(s: Simpul) -> list[Angka]:
    out: list[Angka] = []
    stack = [s]
    while stack:
        x = stack.pop()
        if x.angka is not None:
            out.append(x.angka)
        stack.extend(x.anak)
    return out


@given(_pohon())
@settings(max_examples=200)
def test_prop_anggaran_jumlah_daun(pohon: Simpul) -> None:
    """Anggaran (target and realisasi) of every node = the sum over its leaves; likewise the
    report counters."""
    h = rollup(pohon)
    daun_ = _daun(pohon)
    assert h.angka.target_anggaran == sum((a.target_anggaran for a in daun_), NOL)
    assert h.angka.realisasi_anggaran == sum((a.realisasi_anggaran for a in daun_), NOL)
    assert h.angka.dilaporkan == sum(a.dilaporkan for a in daun_)
    assert h.angka.wajib_lapor == sum(a.wajib_lapor for a in daun_)
    assert h.angka.jumlah_sub_kegiatan == len(daun_)
    assert sum(1 for _ in h.iter()) == sum(1 for _ in _iter_simpul(pohon))


def _iter_simpul(s: Simpul) -> list[Simpul]:
    out = []
    stack = [s]
    while stack:
        x = stack.pop()
        out.append(x)
        stack.extend(x.anak)
    return out


@given(_pohon(), _w)
def test_prop_satu_anak_sama(anak: Simpul, w: Decimal) -> None:
    """Rolling up a single child (of any weight) gives exactly the child's figures."""
    tunggal = rollup(Simpul("p", "p", "program", w, (anak,)))
    sendiri = rollup(anak)
    assert tunggal.angka == sendiri.angka
    assert tunggal.anak[0] == sendiri


@given(st.booleans().flatmap(lambda w: _anak(w)), st.randoms(use_true_random=False))
def test_prop_permutasi(anak: list[Simpul], rnd: object) -> None:
    """The order of children does not change the result."""
    import random

    assert isinstance(rnd, random.Random)
    acak = list(anak)
    rnd.shuffle(acak)
    assert rollup(simpul("p", "p", *anak)).angka == rollup(simpul("p", "p", *acak)).angka


@given(st.lists(_pohon(depth=2), min_size=1, max_size=5), st.permutations(range(5)))
def test_prop_permutasi_pohon(anak: list[Simpul], urutan: list[int]) -> None:
    """Permuting subtrees (not only leaves) leaves the parent's figures unchanged."""
    idx = [i for i in urutan if i < len(anak)]
    a = rollup(simpul("p", "p", *anak)).angka
    b = rollup(simpul("p", "p", *[anak[i] for i in idx])).angka
    assert a == b


def _salin(s: Simpul) -> Simpul:
    """Deep copy as distinct objects (a pure tree with the same shape and figures)."""
    return Simpul(s.kode, s.nama, s.tingkat, s.bobot_relatif, tuple(_salin(a) for a in s.anak),
                  s.angka)  # fmt: skip


@st.composite
def _dag(draw: st.DrawFn) -> Simpul:
    """Two levels of parents picking (with repetition) from a shared pool of subtrees."""
    kolam = draw(st.lists(_pohon(depth=2), min_size=1, max_size=5))
    tengah = [
        Simpul(f"t{i}", f"t{i}", "program", draw(_w), tuple(
            kolam[j] for j in draw(st.lists(st.integers(0, len(kolam) - 1), min_size=1, max_size=4))
        ))
        for i in range(draw(st.integers(1, 4)))
    ]  # fmt: skip
    pilih = draw(st.lists(st.integers(0, len(tengah) - 1), min_size=1, max_size=4))
    anak = tuple(tengah[j] for j in pilih) + tuple(
        kolam[j] for j in draw(st.lists(st.integers(0, len(kolam) - 1), max_size=2))
    )
    return Simpul("akar", "akar", "sasaran", anak=anak)


def _daun_unik(s: Simpul) -> list[Angka]:
    seen: set[int] = set()
    out: list[Angka] = []
    stack = [s]
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if x.angka is not None:
            out.append(x.angka)
        stack.extend(x.anak)
    return out


@given(_dag())
@settings(max_examples=200, deadline=None)
def test_prop_dag_anggaran_daun_unik(pohon: Simpul) -> None:
    """A node object shared by several parents: every node's anggaran and counters are sums
    over its DISTINCT leaves, while the bobot means are those of the equivalent copied tree."""
    h = rollup(pohon)
    salinan = rollup(_salin(pohon))
    daun_ = _daun_unik(pohon)
    assert h.angka.target_anggaran == sum((a.target_anggaran for a in daun_), NOL)
    assert h.angka.realisasi_anggaran == sum((a.realisasi_anggaran for a in daun_), NOL)
    assert h.angka.wajib_lapor == sum(a.wajib_lapor for a in daun_)
    assert h.angka.jumlah_sub_kegiatan == len(daun_)
    assert h.angka.target_bobot == salinan.angka.target_bobot
    assert h.angka.realisasi_bobot == salinan.angka.realisasi_bobot
    assert h.angka.target_anggaran <= salinan.angka.target_anggaran
    # the same holds at every inner node
    for hn, sn in zip(h.iter(), salinan.iter(), strict=True):
        assert hn.kode == sn.kode
        assert hn.angka.target_bobot == sn.angka.target_bobot


@given(
    st.dictionaries(
        st.integers(1, 12),
        st.tuples(
            st.decimals(0, 100, places=2),
            st.decimals(0, 10**9, places=0),
            st.one_of(
                st.none(), st.tuples(st.decimals(0, 100, places=2), st.decimals(0, 10**9, places=0))
            ),
        ),
        max_size=12,
    ),
    st.sampled_from(["2026-03", "2026-05-sd", "2026-Q2", "2026"]),
)
def test_angka_dari_baris_equals_angka_periode(data, kode_periode) -> None:
    """The province tree's fast leaf path gives exactly what angka_periode gives."""
    from core.rollup import angka_dari_baris

    periode = Periode.parse(kode_periode)
    rencana = {m: (b, a) for m, (b, a, _) in data.items()}
    realisasi = {m: r for m, (_, _, r) in data.items() if r is not None}
    bulanan = {
        m: BulanAngka(b, a, r[0] if r else None, r[1] if r else None)
        for m, (b, a, r) in data.items()
    }
    assert angka_dari_baris(rencana, realisasi, periode.bulan) == angka_periode(bulanan, periode)


# -- pohon_provinsi: the province tree straight from the stored rows ------------------------
from collections import defaultdict  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from core.rollup import BarisPohon, angka_dari_baris, pohon_provinsi  # noqa: E402


def _pohon_rujukan(
    baris: Sequence[BarisPohon],
    indikator_anak: dict[str, list[tuple[str, str, list[str]]]],
    pd_nama: dict[str, str],
) -> HasilSimpul:
    """The general path: the Simpul tree as the service assembled it before pohon_provinsi
    (sasaran PD roots per PD, an "indikator" level where indicators name children, sub kegiatan
    leaves from angka_dari_baris), rolled up by :func:`rollup`."""
    nodes: list[tuple[str, str, str, str | None, str | None, Decimal]] = []
    rencana: dict[str, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    realisasi: dict[str, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    terakhir = None
    for k, t, n, i, p, w, m, b, a, rb, ra in baris:
        if k != terakhir:
            nodes.append((k, t, n, i, p, w))
            terakhir = k
        if m is not None and b is not None and a is not None:
            rencana[k][m] = (b, a)
            if rb is not None and ra is not None:
                realisasi[k][m] = (rb, ra)
    children: dict[str | None, list[str]] = defaultdict(list)
    roots: dict[str, list[str]] = defaultdict(list)
    for k, t, _n, i, p, _w in nodes:
        if t == "sasaran_pd":
            roots[p or "-"].append(k)
        if t not in ("tujuan", "sasaran_daerah"):
            children[i].append(k)
    info = {k: (t, n, w) for k, t, n, _i, _p, w in nodes}

    def build(kode: str) -> Simpul:
        t, n, w = info[kode]
        if t == "sub_kegiatan":
            leaf = angka_dari_baris(rencana.get(kode, {}), realisasi.get(kode, {}), range(1, 13))
            return Simpul(kode, n, t, w, (), leaf)
        kids = {k: build(k) for k in children.get(kode, ())}
        groups = indikator_anak.get(kode)
        if groups:
            anak = tuple(
                Simpul(ik, u, "indikator", D(1), tuple(kids[k] for k in ak if k in kids))
                for ik, u, ak in groups
            )
        else:
            anak = tuple(kids.values())
        return Simpul(kode, n, t, w, anak)

    pds = tuple(
        Simpul(pd, pd_nama.get(pd, pd), "pd", D(1), tuple(build(k) for k in r))
        for pd, r in sorted(roots.items())
    )
    return rollup(Simpul("provinsi", "Provinsi Banten", "provinsi", D(1), pds))


def _node(kode: str, tingkat: str, induk: str | None, pd: str | None, w: str = "1") -> BarisPohon:
    return (kode, tingkat, f"nama {kode}", induk, pd, D(w), None, None, None, None, None)


def _sub(
    kode: str, induk: str, pd: str, bulan: Sequence[tuple[int, str, str, str | None, str | None]]
) -> list[BarisPohon]:
    """A sub kegiatan and its planned months (bulan, target bobot, anggaran, realisasi bobot,
    realisasi anggaran)."""
    if not bulan:
        return [_node(kode, "sub_kegiatan", induk, pd)]
    return [
        (kode, "sub_kegiatan", f"nama {kode}", induk, pd, D(1), m, D(b), D(a),
         None if rb is None else D(rb), None if ra is None else D(ra))
        for m, b, a, rb, ra in bulan
    ]  # fmt: skip


def _lampiran_ii_baris() -> tuple[list[BarisPohon], dict[str, list[tuple[str, str, list[str]]]]]:
    """The Lampiran II Triwulan 1 tables as stored rows: sasaran S (Indikator Sasaran A: program
    A and B; B: programs C, D, E); program A (Indikator Program A: kegiatan Pengendalian and
    Evaluasi; B: the same two and Pelaporan). Every kegiatan and program B..E has one sub
    kegiatan whose quarter is the row of the example, spread over January-March."""
    pd = "1.01"
    baris: list[BarisPohon] = [
        _node("T1", "tujuan", None, None),
        _node("SD1", "sasaran_daerah", "T1", None),
        _node("S", "sasaran_pd", "SD1", pd),
    ]
    angka = {
        "pengendalian": ("31.41", "12.45"),
        "evaluasi": ("18.95", "15.69"),
        "pelaporan": ("31.41", "18.95"),
        "B": ("18.95", "15.69"),
        "C": ("31.41", "12.45"),
        "D": ("18.95", "15.69"),
        "E": ("31.41", "18.95"),
    }

    def kegiatan(k: str, induk: str, nilai: tuple[str, str]) -> list[BarisPohon]:
        t, r = D(nilai[0]), D(nilai[1])
        bulan = [
            (1, str(t - 10), "100000000", str(r - 5), "90000000"),
            (2, "10", "50000000", "5", "25000000"),
            (3, "0", "0", None, None),
        ]
        return [_node(k, "kegiatan", induk, pd), *_sub(f"{k}.1", k, pd, bulan)]

    baris.append(_node("A", "program", "S", pd))
    for k in ("pengendalian", "evaluasi", "pelaporan"):
        baris += kegiatan(k, "A", angka[k])
    for p in ("B", "C", "D", "E"):
        baris.append(_node(p, "program", "S", pd))
        baris += kegiatan(f"{p}.k", p, angka[p])
    grup = {
        "S": [("S#1", "Indikator Sasaran A", ["A", "B"]), ("S#2", "Indikator Sasaran B", ["C", "D", "E"])],
        "A": [
            ("A#1", "Indikator Program A", ["evaluasi", "pengendalian"]),
            ("A#2", "Indikator Program B", ["evaluasi", "pelaporan", "pengendalian"]),
        ],
    }  # fmt: skip
    return baris, grup


def test_pohon_provinsi_lampiran_ii() -> None:
    """The Lampiran II Program and Sasaran Triwulanan figures through the province fast path,
    from stored rows; kegiatan shared by two indicators count once in the anggaran."""
    baris, grup = _lampiran_ii_baris()
    h = pohon_provinsi(baris, grup, {"1.01": "Dinas"})
    (pd,) = h.anak
    (s,) = pd.anak
    ind_sa, ind_sb = s.anak
    program_a, program_b = ind_sa.anak
    ind_a, ind_b = program_a.anak
    assert [x.kode for x in ind_a.anak] == ["evaluasi", "pengendalian"]
    pengendalian = ind_a.anak[1]
    assert _baris(pengendalian) == (D("31.41"), D("12.45"), D("39.64"))
    assert _baris(ind_a) == (D("25.18"), D("14.07"), D("55.88"))
    assert _baris(ind_b) == (D("27.26"), D("15.70"), D("57.59"))
    assert _baris(program_a) == (D("26.22"), D("14.88"), D("56.77"))
    assert _baris(program_b) == (D("18.95"), D("15.69"), D("82.80"))
    assert _baris(ind_sa) == (D("22.58"), D("15.29"), D("67.69"))
    assert _baris(ind_sb) == (D("27.26"), D("15.70"), D("57.59"))
    assert _baris(s) == (D("24.92"), D("15.49"), D("62.16"))
    assert _baris(pd) == _baris(h) == (D("24.92"), D("15.49"), D("62.16"))
    # anggaran: the 3 kegiatan of program A once each, not the 5 indicator rows
    assert program_a.angka.target_anggaran == 3 * D(150_000_000)
    assert ind_b.angka.target_anggaran == 3 * D(150_000_000)
    assert h.angka.target_anggaran == 7 * D(150_000_000)
    assert h.angka.realisasi_anggaran == 7 * D(115_000_000)
    assert (h.angka.dilaporkan, h.angka.wajib_lapor, h.angka.jumlah_sub_kegiatan) == (14, 14, 7)
    assert pengendalian.anak[0].tingkat == "sub_kegiatan"
    # the same tree, node for node, as the general roll-up of the Simpul tree
    assert h == _pohon_rujukan(baris, grup, {"1.01": "Dinas"})


def test_pohon_provinsi_kosong_dan_tanpa_anak() -> None:
    assert pohon_provinsi([], {}, {}) == _pohon_rujukan([], {}, {})
    assert pohon_provinsi([], {}, {}).angka == Angka.kosong()
    baris = [_node("S", "sasaran_pd", None, "9"), _node("P", "program", "S", "9")]
    h = pohon_provinsi(baris, {}, {})
    assert h == _pohon_rujukan(baris, {}, {})
    assert h.anak[0].nama == "9"  # a PD without a name keeps its kode
    assert h.angka.jumlah_sub_kegiatan == 0
    assert h.capaian_kinerja.alasan == ALASAN_BELUM_ADA_SUB


def test_pohon_provinsi_bobot_nol_dan_negatif() -> None:
    baris = [
        _node("S", "sasaran_pd", None, "1"),
        _node("P", "program", "S", "1", "0"),
        _node("Q", "program", "S", "1", "0"),
    ]
    with pytest.raises(ValueError, match="simpul S"):
        pohon_provinsi(baris, {}, {})
    with pytest.raises(ValueError, match="simpul S"):
        _pohon_rujukan(baris, {}, {})
    baris[2] = _node("Q", "program", "S", "1", "-1")
    with pytest.raises(ValueError, match="Q tidak boleh negatif"):
        pohon_provinsi(baris, {}, {})


def test_pohon_provinsi_siklus() -> None:
    baris = [
        _node("S", "sasaran_pd", None, "1"),
        _node("P", "program", "K", "1"),
        _node("K", "kegiatan", "P", "1"),
        _node("X", "kegiatan", "S", "1"),
        _node("P2", "program", "X", "1"),
    ]
    assert pohon_provinsi(baris[:1] + baris[3:4], {}, {}).angka.jumlah_sub_kegiatan == 0
    baris[1] = _node("P", "program", "S", "1")
    baris[3] = _node("X", "kegiatan", "P2", "1")  # S -> P -> K -> P? no: X <-> P2
    baris[4] = _node("P2", "program", "X", "1")
    baris.append(_node("Y", "kegiatan", "S", "1"))
    baris[2] = _node("K", "kegiatan", "P", "1")
    h = pohon_provinsi(baris, {}, {})  # X and P2 only reach each other: not in the tree
    assert [x.kode for x in h.iter()] == ["provinsi", "1", "S", "P", "K", "Y"]
    siklus = [_node("S", "sasaran_pd", "P", "1"), _node("P", "program", "S", "1")]
    with pytest.raises(ValueError, match="siklus"):
        pohon_provinsi(siklus, {}, {})


_desimal2 = st.decimals(min_value=D(0), max_value=D(40), places=2)
_rp = st.integers(0, 10**10).map(D)


@st.composite
def _provinsi_acak(
    draw: st.DrawFn,
) -> tuple[list[BarisPohon], dict[str, list[tuple[str, str, list[str]]]], dict[str, str]]:
    """A small random province as stored rows: random weights (some zero, some unequal),
    missing plans and realisasi, indicator groups that overlap, leave children out, are empty
    or name unknown codes; nodes in a random order (children may come before parents)."""
    bobot = st.sampled_from(["1", "1", "1", "0.5", "2", "1.50", "0"])
    simpul_: list[list[BarisPohon]] = [
        [_node("T1", "tujuan", None, None)],
        [_node("SD1", "sasaran_daerah", "T1", None)],
    ]
    grup: dict[str, list[tuple[str, str, list[str]]]] = {}

    def anak_dari(induk: str, tingkat: str, pd: str, n: int) -> list[str]:
        kode = [f"{induk}.{i}" for i in range(n)]
        for k in kode:
            if tingkat == "sub_kegiatan":
                bulan = []
                for m in draw(st.lists(st.integers(1, 3), unique=True, max_size=3)):
                    rb = draw(st.one_of(st.none(), _desimal2))
                    bulan.append((
                        m, str(draw(_desimal2)), str(draw(_rp)),
                        None if rb is None else str(rb), None if rb is None else str(draw(_rp)),
                    ))  # fmt: skip
                simpul_.append(_sub(k, induk, pd, bulan))
                w = draw(bobot)
                simpul_[-1] = [(*r[:5], D(w), *r[6:]) for r in simpul_[-1]]  # type: ignore[misc]
            else:
                simpul_.append([_node(k, tingkat, induk, pd, draw(bobot))])
        if kode and tingkat in ("program", "kegiatan") and draw(st.booleans()):
            pilihan = [*kode, "tidak-ada"]
            grup[induk] = [
                (f"{induk}#{j}", f"indikator {j}", sorted(set(draw(st.lists(st.sampled_from(pilihan), max_size=4)))))
                for j in range(draw(st.integers(1, 3)))
            ]  # fmt: skip
        return kode

    for p in range(draw(st.integers(1, 3))):
        pd = f"PD{p}"
        for s in range(draw(st.integers(1, 2))):
            sas = f"{pd}.S{s}"
            simpul_.append([_node(sas, "sasaran_pd", "SD1", pd)])
            for prog in anak_dari(sas, "program", pd, draw(st.integers(0, 3))):
                for keg in anak_dari(prog, "kegiatan", pd, draw(st.integers(0, 3))):
                    anak_dari(keg, "sub_kegiatan", pd, draw(st.integers(0, 3)))
    urutan = draw(st.permutations(range(len(simpul_))))
    baris = [r for i in urutan for r in simpul_[i]]
    return baris, grup, {"PD0": "Dinas Nol"}


@given(_provinsi_acak())
@settings(max_examples=300, deadline=None)
def test_prop_pohon_provinsi_sama_dengan_rollup(
    data: tuple[list[BarisPohon], dict[str, list[tuple[str, str, list[str]]]], dict[str, str]],
) -> None:
    """The fast path gives the same tree as rollup() on the equivalent Simpul tree: every node,
    every figure, and the same Decimal representations (the API prints them as they are); and
    where the general path refuses (children weighing zero in all) it refuses too."""
    baris, grup, pd_nama = data
    try:
        rujukan = _pohon_rujukan(baris, grup, pd_nama)
    except ValueError:
        with pytest.raises(ValueError, match="Jumlah bobot relatif"):
            pohon_provinsi(baris, grup, pd_nama)
        return
    h = pohon_provinsi(baris, grup, pd_nama)
    assert h == rujukan
    assert repr(h) == repr(rujukan)


def test_capaian_rows_tampilan_lain() -> None:
    """CapaianRows' derived views (for readers other than the tree) agree with its rows."""
    from core.ports import CapaianRows

    baris, grup = _lampiran_ii_baris()
    rows = CapaianRows(baris, grup, {})
    assert [n[0] for n in rows.nodes][:4] == ["T1", "SD1", "S", "A"]
    assert len(rows.nodes) == len({b[0] for b in baris})
    assert rows.nodes[2] == ("S", "sasaran_pd", "nama S", "SD1", "1.01", D(1))
    assert rows.rencana["pengendalian.1"] == {
        1: (D("21.41"), D(100_000_000)),
        2: (D(10), D(50_000_000)),
        3: (D(0), D(0)),
    }
    assert rows.realisasi["pengendalian.1"] == {
        1: (D("7.45"), D(90_000_000)),
        2: (D(5), D(25_000_000)),
    }
    assert "A" not in rows.rencana and "A" not in rows.realisasi


def test_pohon_provinsi_baris_harus_berkelompok() -> None:
    """A node's rows come together (the repository orders them by node); rows of one node split
    by another node's are refused rather than counted as two nodes."""
    bulan = [(1, "10", "100", "5", "50"), (2, "10", "100", None, None)]
    s, k, sub = (
        _node("S", "sasaran_pd", None, "1"),
        _node("K", "kegiatan", "S", "1"),
        _sub("U", "K", "1", bulan),
    )
    assert pohon_provinsi([s, k, *sub], {}, {}).angka.target_bobot == D(20)
    with pytest.raises(ValueError, match="U tidak berurutan"):
        pohon_provinsi([s, sub[0], k, sub[1]], {}, {})
