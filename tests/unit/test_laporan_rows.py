"""Pure report builders and writers (core.laporan, core.reporting): no database.

The numbers are the worked examples of Pergub Banten 17/2023: Lampiran II (Laporan Kinerja
Bulanan / Program Triwulanan / Sasaran Triwulanan) and Lampiran I (ROPP Tabel 1 and 2).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.capaian import STRIP, Arah
from core.cascade import Tingkat
from core.errors import ValidasiError
from core.laporan import (
    KEPALA_BULANAN,
    KOLOM_BULANAN,
    DataPd,
    Format,
    JenisBaris,
    Laporan,
    Pengesahan,
    Tabel,
    baris_bulanan,
    baris_daerah,
    baris_program,
    baris_ropp_bulanan,
    baris_ropp_triwulan,
    baris_sasaran,
    format_tanggal,
    laporan_json,
    nilai_xlsx,
    teks_nilai,
)
from core.periode import Periode
from core.ports_laporan import (
    IndikatorLaporan,
    RealisasiIndikatorLaporan,
    RealisasiLaporan,
    SimpulLaporan,
)
from core.reporting.pdf import tulis_pdf
from core.reporting.xlsx import tulis_xlsx
from core.ropp import OutputRopp, RencanaBulan, Ropp
from tests.factories import (
    KEGIATAN_Q1,
    LAMPIRAN_I_ANGGARAN,
    LAMPIRAN_I_BOBOT,
    PD,
    PEJABAT,
    TAHUN,
    lampiran_ii_cascade,
    ropp_q1,
)

D = Decimal
NAMA = {p.nip: p.nama for p in PEJABAT}
Q1 = Periode.triwulan(TAHUN, 1)


# ----------------------------------------------------------------------------- example data
def _dok(n: int, bobot: tuple[str, ...]) -> tuple[OutputRopp, ...]:
    return tuple(
        OutputRopp(f"Dokumen Pengendalian {n}.{i} TA. 2025", D(b), D(1), "Dokumen")
        for i, b in enumerate(bobot, start=1)
    )


_EMPAT = ("4.74", "4.74", "4.74", "4.73")
#: Lampiran I, Tabel Rencana Sub Kegiatan Bulanan: every month's outputs as printed.
OUTPUT_LAMPIRAN_I: dict[int, tuple[OutputRopp, ...]] = {
    1: (OutputRopp("Rapat Koordinasi Pengendalian", D(3), D(1), "Notulen"),),
    2: _dok(2, _EMPAT),
    3: (
        OutputRopp("Laporan Pengendalian TA. 2024", D("4.74"), D(1), "Dokumen"),
        OutputRopp("Evaluasi RPJMD Tahun 2017-2022", D("4.72"), D(1), "Dokumen"),
    ),
    4: (OutputRopp("Pengendalian Perumusan Kebijakan 2026", D("4.74"), D(1), "Dokumen"),),
    5: _dok(5, _EMPAT),
    8: _dok(8, _EMPAT),
    11: _dok(11, _EMPAT),
    12: (OutputRopp("Laporan Pelaksanaan Sub Kegiatan", D(7), D(1), "Laporan"),),
}


def ropp_lampiran_i_lengkap(kode: str = "SK1", tahun: int = TAHUN) -> Ropp:
    """Lampiran I ROPP with every output line (Tw I..IV: 7, 5, 4, 5 outputs; 21 in the year)."""
    return Ropp(
        kode,
        tahun,
        tuple(
            RencanaBulan(m, b, a, OUTPUT_LAMPIRAN_I.get(m, ()))
            for m, (b, a) in enumerate(
                zip(LAMPIRAN_I_BOBOT, LAMPIRAN_I_ANGGARAN, strict=True), start=1
            )
        ),
        D(1_824_205_000),
    )


def data_lampiran_ii() -> DataPd:
    """The factories' Lampiran II cascade as the plain data the repository returns, with the Tw I
    plan (ropp_q1) and the realisasi of February (KEGIATAN_Q1)."""
    nodes = [n for n in lampiran_ii_cascade() if n.tingkat.milik_pd]
    simpul = [
        SimpulLaporan(
            n.kode,
            n.tingkat.value,
            n.nama,
            n.induk_kode,
            n.pd_kode,
            n.bobot_relatif,
            n.pagu,
            NAMA.get(n.penanggung_jawab_nip or ""),
            n.penanggung_jawab_nip,
        )
        for n in nodes
    ]
    indikator = [
        IndikatorLaporan(
            100 * no + u,
            n.kode,
            u,
            i.uraian,
            i.satuan,
            i.target_tahunan,
            i.arah.value,
            NAMA.get(i.penanggung_jawab_nip or ""),
            i.anak_kode,
        )
        for no, n in enumerate(nodes)
        for u, i in enumerate(n.indikator, start=1)
    ]
    rencana = {}
    realisasi = {}
    for k, (q1, real) in KEGIATAN_Q1.items():
        kode = f"SK-{k}"
        rencana[kode] = {r.bulan: (r.target_bobot, r.anggaran_kas) for r in ropp_q1(kode, q1).bulan}
        realisasi[kode] = {2: RealisasiLaporan(real, D(750_000))}
    return DataPd(TAHUN, PD, simpul, indikator, rencana, realisasi)


def data_bulanan() -> DataPd:
    """Lampiran II Bulanan: one program -> kegiatan -> sub kegiatan, January reported."""
    ropp = ropp_lampiran_i_lengkap()
    simpul = [
        SimpulLaporan("S1", "sasaran_pd", "Sasaran PD", None, PD.kode, D(1)),
        SimpulLaporan("P1", "program", "Program Perencanaan", "S1", PD.kode, D(1)),
        SimpulLaporan("K1", "kegiatan", "Pengendalian Perencanaan", "P1", PD.kode, D(1)),
        SimpulLaporan(
            "SK1",
            "sub_kegiatan",
            "Koordinasi Pengendalian Perencanaan",
            "K1",
            PD.kode,
            D(1),
            D(1_824_205_000),
            "Chaerina, SE, MM",
        ),
    ]
    indikator = [
        IndikatorLaporan(1, "P1", 1, "Indikator Program A", "persen", D(100)),
        IndikatorLaporan(2, "SK1", 1, "Terlaksananya Koordinasi Pengendalian", "dokumen", D(21)),
        IndikatorLaporan(3, "SK1", 2, "Jumlah rapat", "kali", D(4)),
    ]
    return DataPd(
        TAHUN,
        PD,
        simpul,
        indikator,
        {"SK1": {r.bulan: (r.target_bobot, r.anggaran_kas) for r in ropp.bulan}},
        {"SK1": {1: RealisasiLaporan(D(3), D(250_000_000), None, None, {1: D(1)})}},
        {"SK1": {m: list(r.outputs) for m in (1,) if (r := ropp.rencana(m))}},
    )


def kol(tabel_kolom: tuple, baris, kunci: str):  # type: ignore[no-untyped-def]
    return baris.nilai[[k.kunci for k in tabel_kolom].index(kunci)]


def fmt(v, f: Format = Format.PERSEN) -> str | None:  # type: ignore[no-untyped-def]
    return teks_nilai(v, f)


# ----------------------------------------------------------------------------- number display
@pytest.mark.parametrize(
    ("nilai", "format_", "teks", "xlsx", "nf"),
    [
        (D("1824205000"), Format.RUPIAH, "1.824.205.000", D(1824205000), "#,##0"),
        (D("250000000.5"), Format.RUPIAH, "250.000.001", D(250000001), "#,##0"),
        (D("55.875"), Format.PERSEN, "55,88", D("55.88"), "#,##0.00"),
        (D("70.6302"), Format.PERSEN, "70,63", D("70.63"), "#,##0.00"),
        (D("100"), Format.BOBOT, "100,00", D("100.00"), "#,##0.00"),
        (D("21"), Format.ANGKA, "21", D(21), "#,##0"),
        (D("2.5"), Format.ANGKA, "2,50", D("2.50"), "#,##0.00"),
        (D("-0.001"), Format.ANGKA, "0", D(0), "#,##0"),
        (D("-3.5"), Format.ANGKA, "-3,50", D("-3.50"), "#,##0.00"),
        (7, Format.NOMOR, "7", 7, "0"),
        ("teks", Format.TEKS, "teks", "teks", None),
        (None, Format.PERSEN, None, None, None),
        (STRIP, Format.PERSEN, STRIP, STRIP, None),
    ],
)
def test_number_display_indonesian_and_rounded_half_up(nilai, format_, teks, xlsx, nf):
    assert teks_nilai(nilai, format_) == teks
    value, number_format = nilai_xlsx(nilai, format_)
    assert value == xlsx and number_format == nf
    if isinstance(value, Decimal):
        assert str(value) == str(xlsx)  # exactly what is shown, no binary float tail


def test_format_tanggal_and_signature_lines():
    assert format_tanggal(date(2026, 2, 6)) == "6 Februari 2026"
    p = Pengesahan("Serang", date(2026, 2, 6), "Kepala Bappeda", "Nama", "999900000000000001")
    assert p.baris[0] == "Serang, 6 Februari 2026"
    assert p.baris[1] == "Kepala Bappeda,"
    assert p.baris[-2:] == ("Nama", "NIP. 999900000000000001")
    kosong = Pengesahan("Serang", None, "Kepala X", None, None)
    assert kosong.baris[0].startswith("Serang, ....")
    assert kosong.baris[-1].startswith("NIP. ....")


# ----------------------------------------------------------------------------- headers
def test_bulanan_header_groups_like_the_regulation():
    """Lampiran II Bulanan: 16 columns; Target Tahunan / Target Bulanan / Realisasi Bulanan over
    3 columns each, Capaian Bulanan over 2, the single columns spanning both header rows."""
    assert len(KOLOM_BULANAN) == 16
    groups = {
        s.teks: (s.baris, s.kolom, s.rentang_baris, s.rentang_kolom)
        for s in KEPALA_BULANAN
        if s.baris == 0
    }
    assert groups["Program, Kegiatan, Sub Kegiatan"] == (0, 0, 2, 1)
    assert groups["Target Tahunan"] == (0, 3, 1, 3)
    assert groups["Target Bulanan"] == (0, 6, 1, 3)
    assert groups["Realisasi Bulanan"] == (0, 9, 1, 3)
    assert groups["Capaian Bulanan"] == (0, 12, 1, 2)
    assert groups["Kendala"] == (0, 14, 2, 1) and groups["Tindak Lanjut"] == (0, 15, 2, 1)
    leaves = [s for s in KEPALA_BULANAN if s.baris == 1]
    assert [s.kolom for s in leaves] == list(range(3, 14))
    # every column is covered exactly once by the two header rows
    covered = sorted(
        (r, c)
        for s in KEPALA_BULANAN
        for r in range(s.baris, s.baris + s.rentang_baris)
        for c in range(s.kolom, s.kolom + s.rentang_kolom)
    )
    assert covered == sorted((r, c) for r in range(2) for c in range(16))


# ----------------------------------------------------------------------------- Lampiran II rows
def _by_kode(rows):
    out = {}
    for b in rows:
        out.setdefault(b.kode, b)
    return out


def test_program_triwulanan_rows_match_lampiran_ii():
    """Tabel Laporan Kinerja Program Triwulanan, Tw I: every printed figure of Program A."""
    from core.laporan import _kolom_program

    k = _kolom_program("I")
    rows = baris_program(data_lampiran_ii(), Q1)
    pa = rows[: 1 + 2 + 1 + 3 + 1]  # Ind A, K1, K2, Ind B, K1, K2, K3, Jumlah
    assert [b.jenis for b in pa] == [
        JenisBaris.INDIKATOR,
        JenisBaris.ANAK,
        JenisBaris.ANAK,
        JenisBaris.INDIKATOR,
        JenisBaris.ANAK,
        JenisBaris.ANAK,
        JenisBaris.ANAK,
        JenisBaris.JUMLAH,
    ]

    def figs(b):
        return tuple(
            fmt(kol(k, b, c), Format.BOBOT)
            for c in (
                "target_triwulan_bobot",
                "realisasi_triwulan_bobot",
                "capaian_bobot_persen",
            )
        )

    assert figs(pa[0]) == ("25,18", "14,07", "55,88")
    assert figs(pa[1]) == ("31,41", "12,45", "39,64")
    assert figs(pa[2]) == ("18,95", "15,69", "82,80")
    assert figs(pa[3]) == ("27,26", "15,70", "57,59")
    assert figs(pa[6]) == ("31,41", "18,95", "60,33")
    assert figs(pa[7]) == ("26,22", "14,88", "56,77")
    assert kol(k, pa[0], "program") == "Program PA"
    assert pa[0].gabung == ((0, 8, 1),)  # the program cell spans its 8 rows
    assert kol(k, pa[0], "indikator") == "Indikator Program A (Sat : persen)"
    assert kol(k, pa[7], "indikator") == "Jumlah Program PA"
    assert fmt(kol(k, pa[0], "target_tahunan_bobot"), Format.BOBOT) == "100,00"
    assert fmt(kol(k, pa[3], "target_tahunan_kinerja"), Format.ANGKA) == "3"
    # no realisasi of the indicator itself: the kinerja columns stay empty
    assert kol(k, pa[0], "realisasi_triwulan_kinerja") is None
    assert [b.tingkat for b in pa] == [0, 1, 1, 0, 1, 1, 1, 0]


def test_sasaran_triwulanan_rows_match_lampiran_ii():
    """Tabel Laporan Kinerja Sasaran Triwulanan, Tw I: 67,69; 56,77; 82,80; 57,59; 62,16."""
    from core.laporan import _kolom_sasaran

    k = _kolom_sasaran("I")
    data = data_lampiran_ii()
    ind_a = next(i for i in data.indikator if i.uraian == "Indikator Sasaran A")
    data = DataPd(
        data.tahun,
        data.pd,
        data.simpul,
        data.indikator,
        data.rencana,
        data.realisasi,
        realisasi_indikator={
            ind_a.id: RealisasiIndikatorLaporan(ind_a.id, D(2), "Cuaca", "Lembur")
        },
    )
    rows = baris_sasaran(data, Q1)
    assert len(rows) == 1 + 2 + 1 + 3 + 1

    def figs(b):
        return tuple(
            fmt(kol(k, b, c), Format.BOBOT)
            for c in ("target_triwulan_bobot", "realisasi_triwulan_bobot", "capaian_bobot_persen")
        )

    assert figs(rows[0]) == ("22,58", "15,29", "67,69")
    assert figs(rows[1]) == ("26,22", "14,88", "56,77")  # Program A
    assert figs(rows[2]) == ("18,95", "15,69", "82,80")  # Program B
    assert figs(rows[3]) == ("27,26", "15,70", "57,59")
    assert figs(rows[-1]) == ("24,92", "15,49", "62,16")  # Jumlah Sasaran
    assert kol(k, rows[0], "no") == 1 and kol(k, rows[0], "sasaran_pd") == "Sasaran PD S1"
    assert rows[0].gabung == ((0, 8, 1), (1, 8, 1))
    # the indicator's own value: 2 of a target of 2,5 -> 80,00
    assert fmt(kol(k, rows[0], "realisasi_triwulan_kinerja"), Format.ANGKA) == "2"
    assert fmt(kol(k, rows[0], "capaian_kinerja_persen")) == "80,00"
    assert kol(k, rows[0], "kendala") == "Cuaca" and kol(k, rows[0], "tindak_lanjut") == "Lembur"
    assert fmt(kol(k, rows[0], "target_tahunan_kinerja"), Format.ANGKA) == "2,50"


def test_bulanan_rows_match_lampiran_ii():
    """Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan, Januari: 100,00 and 70,63."""
    k = KOLOM_BULANAN
    rows = baris_bulanan(data_bulanan(), Periode.bulanan(TAHUN, 1))
    jenis = [b.jenis for b in rows]
    assert jenis == [
        JenisBaris.PROGRAM,
        JenisBaris.KEGIATAN,
        JenisBaris.SUB_KEGIATAN,
        JenisBaris.INDIKATOR_TAMBAHAN,
        JenisBaris.OUTPUT,
    ]
    for b in rows[:3]:  # program, kegiatan and sub kegiatan carry the same figures here
        assert fmt(kol(k, b, "target_tahunan_bobot"), Format.BOBOT) == "100,00"
        assert fmt(kol(k, b, "target_tahunan_anggaran"), Format.RUPIAH) == "1.824.205.000"
        assert fmt(kol(k, b, "target_bulanan_bobot"), Format.BOBOT) == "3,00"
        assert fmt(kol(k, b, "target_bulanan_anggaran"), Format.RUPIAH) == "353.956.000"
        assert fmt(kol(k, b, "realisasi_bulanan_bobot"), Format.BOBOT) == "3,00"
        assert fmt(kol(k, b, "realisasi_bulanan_anggaran"), Format.RUPIAH) == "250.000.000"
        assert fmt(kol(k, b, "capaian_kinerja_persen")) == "100,00"
        assert fmt(kol(k, b, "capaian_anggaran_persen")) == "70,63"
    sub = rows[2]
    assert kol(k, sub, "indikator") == "Terlaksananya Koordinasi Pengendalian (Sat : dokumen)"
    assert kol(k, sub, "penanggung_jawab") == "Chaerina, SE, MM"
    assert fmt(kol(k, sub, "target_tahunan_kinerja"), Format.ANGKA) == "21"
    assert fmt(kol(k, sub, "target_bulanan_kinerja"), Format.ANGKA) == "1"
    assert fmt(kol(k, sub, "realisasi_bulanan_kinerja"), Format.ANGKA) == "1"
    assert kol(k, sub, "kendala") == "Bln 1 : Tidak ada"
    assert kol(k, sub, "tindak_lanjut") == "Bln 1 : Tidak ada"
    assert kol(k, rows[0], "indikator") == "Indikator Program A"
    assert [b.tingkat for b in rows] == [0, 1, 2, 2, 3]
    extra = rows[3]
    assert kol(k, extra, "indikator") == "Jumlah rapat (Sat : kali)"
    out = rows[4]
    assert kol(k, out, "indikator") == "Bln 1 : Rapat Koordinasi Pengendalian (Sat : Notulen)"
    assert fmt(kol(k, out, "target_bulanan_bobot"), Format.BOBOT) == "3,00"
    assert fmt(kol(k, out, "target_bulanan_kinerja"), Format.ANGKA) == "1"
    assert fmt(kol(k, out, "realisasi_bulanan_kinerja"), Format.ANGKA) == "1"
    assert fmt(kol(k, out, "capaian_kinerja_persen")) == "100,00"


def test_bulanan_unreported_month_shows_dash_not_zero():
    data = data_bulanan()
    data = DataPd(data.tahun, data.pd, data.simpul, data.indikator, data.rencana, {}, data.output)
    rows = baris_bulanan(data, Periode.bulanan(TAHUN, 1))
    sub = rows[2]
    assert kol(KOLOM_BULANAN, sub, "capaian_kinerja_persen") == STRIP
    assert kol(KOLOM_BULANAN, sub, "realisasi_bulanan_bobot") is None
    assert kol(KOLOM_BULANAN, sub, "kendala") is None


def test_rows_are_unrounded_until_written():
    rows = baris_program(data_lampiran_ii(), Q1)
    nilai = rows[0].nilai[9]  # capaian bobot of Indikator Program A
    assert isinstance(nilai, Decimal) and nilai != D("55.88")
    assert abs(nilai - D("55.88")) < D("0.005")


@pytest.mark.parametrize("fn", [baris_program, baris_sasaran])
def test_quarterly_tables_refuse_a_month(fn):
    with pytest.raises(ValidasiError, match="periode triwulan"):
        fn(data_lampiran_ii(), Periode.bulanan(TAHUN, 2))


def test_bulanan_refuses_a_quarter():
    with pytest.raises(ValidasiError, match="periode bulanan"):
        baris_bulanan(data_bulanan(), Q1)


def test_daerah_rows_deviasi_and_direction():
    simpul = [
        SimpulLaporan("T1", Tingkat.TUJUAN.value, "Meningkatkan kualitas SDM", None, None, D(1)),
        SimpulLaporan(
            "SD1", Tingkat.SASARAN_DAERAH.value, "Menurunkan kemiskinan", "T1", None, D(1)
        ),
    ]
    indikator = [
        IndikatorLaporan(1, "T1", 1, "Indeks Pembangunan Manusia", "indeks", D("73.5")),
        IndikatorLaporan(2, "SD1", 1, "Tingkat Kemiskinan", "persen", D("5.5"), Arah.TURUN.value),
        IndikatorLaporan(3, "SD1", 2, "TPT", "persen", D("7"), Arah.TURUN.value),
    ]
    realisasi = {
        1: RealisasiIndikatorLaporan(1, D("72.25")),
        2: RealisasiIndikatorLaporan(2, D("5.2"), "Data BPS sementara"),
    }
    rows = baris_daerah(simpul, indikator, realisasi)
    assert [b.jenis for b in rows] == [
        JenisBaris.TUJUAN,
        JenisBaris.DATA,
        JenisBaris.SASARAN_DAERAH,
        JenisBaris.DATA,
        JenisBaris.DATA,
    ]
    ipm, miskin, tpt = rows[1], rows[3], rows[4]
    assert ipm.nilai[0] == 1 and miskin.nilai[0] == 2 and tpt.nilai[0] == 3
    assert teks_nilai(ipm.nilai[5], Format.ANGKA) == "1,25"  # 73,5 - 72,25
    assert ipm.nilai[6] == "Belum tercapai"
    assert teks_nilai(miskin.nilai[5], Format.ANGKA) == "0,30"  # lower is better: reached
    assert miskin.nilai[6] == "Tercapai. Kendala: Data BPS sementara"
    assert tpt.nilai[4] is None and tpt.nilai[6] == "Realisasi belum tersedia"
    assert rows[0].nilai[1] == "Tujuan: Meningkatkan kualitas SDM"


# ----------------------------------------------------------------------------- Lampiran I ROPP
def test_ropp_triwulanan_matches_lampiran_i():
    """Tabel 1: Tw 1..4 bobot 31,41 / 23,69 / 18,95 / 25,95 and target output 7 / 5 / 4 / 5;
    total 100,00 and 21."""
    ind = [IndikatorLaporan(-1, "SK1", 1, "Terlaksananya Koordinasi", "dokumen", D(21))]
    (row,) = baris_ropp_triwulan(ropp_lampiran_i_lengkap(), "Koordinasi Pengendalian", ind)
    shown = [
        teks_nilai(v, Format.ANGKA if i % 2 else Format.BOBOT)
        for i, v in enumerate(row.nilai[5:15])
    ]
    assert shown == ["31,41", "7", "23,69", "5", "18,95", "4", "25,95", "5", "100,00", "21"]
    assert row.nilai[:5] == (
        1,
        "Koordinasi Pengendalian",
        "Terlaksananya Koordinasi",
        D(21),
        "dokumen",
    )


def test_ropp_bulanan_matches_lampiran_i():
    """Tabel 2: one row per output, the month merged over them; TOTAL 100 / 1.824.205.000 and
    Triwulan I..IV 652.116.000 / 234.606.450 / 180.250.840 / 757.231.710."""
    rows = baris_ropp_bulanan(ropp_lampiran_i_lengkap())
    februari = [b for b in rows if b.kode == "2"]
    assert len(februari) == 4 and februari[0].gabung == ((0, 4, 1), (1, 4, 1), (2, 4, 1), (3, 4, 1))
    assert februari[0].nilai[:4] == (2, "Februari", D("18.95"), D(194700000))
    assert [teks_nilai(b.nilai[5], Format.BOBOT) for b in februari] == [
        "4,74",
        "4,74",
        "4,74",
        "4,73",
    ]
    juni = next(b for b in rows if b.kode == "6")
    assert juni.nilai[4:] == (None, None, None, None)
    total = {b.nilai[0]: b for b in rows if b.jenis is JenisBaris.TOTAL}
    assert teks_nilai(total["TOTAL"].nilai[2], Format.BOBOT) == "100,00"
    assert teks_nilai(total["TOTAL"].nilai[3], Format.RUPIAH) == "1.824.205.000"
    assert [
        teks_nilai(total[f"Triwulan {q}"].nilai[3], Format.RUPIAH) for q in ("I", "II", "III", "IV")
    ] == [
        "652.116.000",
        "234.606.450",
        "180.250.840",
        "757.231.710",
    ]
    assert [
        teks_nilai(total[f"Triwulan {q}"].nilai[2], Format.BOBOT) for q in ("I", "II", "III", "IV")
    ] == [
        "31,41",
        "23,69",
        "18,95",
        "25,95",
    ]
    assert total["TOTAL"].gabung == ((0, 1, 2),)


# ----------------------------------------------------------------------------- JSON
def _laporan_program() -> Laporan:
    from core.laporan import CATATAN_TARGET_TRIWULAN, _kepala_program, _kolom_program

    t = Tabel(
        "Program Triwulanan",
        ("Tabel Laporan Kinerja Program Triwulanan Tahun 2026",),
        _kolom_program("I"),
        _kepala_program("I"),
        tuple(str(i) for i in range(1, 14)),
        tuple(baris_program(data_lampiran_ii(), Q1)),
        (CATATAN_TARGET_TRIWULAN,),
    )
    return Laporan(
        "program",
        t.judul[0],
        (("PD", PD.nama), ("Triwulan", "I")),
        (t,),
        Pengesahan(
            "Serang",
            date(2026, 4, 14),
            f"Kepala {PD.nama}",
            "Kepala (contoh)",
            "999900000000000001",
        ),
        "2026-Q1",
    )


def test_json_rows_keyed_by_meaning_with_printed_values():
    js = laporan_json(_laporan_program())
    assert js["identitas"] == {"PD": PD.nama, "Triwulan": "I"}
    (t,) = js["tabel"]
    assert [c["kunci"] for c in t["kolom"]][:6] == [
        "program",
        "indikator",
        "penanggung_jawab",
        "target_tahunan_bobot",
        "target_tahunan_kinerja",
        "target_triwulan_bobot",
    ]
    first = t["baris"][0]
    assert first["jenis"] == "indikator" and first["kode"] == "PA#1"
    assert first["capaian_bobot_persen"] == "55,88"
    assert first["target_triwulan_bobot"] == "25,18"
    assert first["target_triwulan_kinerja"] is None
    assert js["pengesahan"]["tanggal"] == "2026-04-14"


# ----------------------------------------------------------------------------- writers
def test_xlsx_structure():
    data = tulis_xlsx(_laporan_program())
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Program Triwulanan"]
    ws = wb["Program Triwulanan"]
    assert ws["A1"].value == "Tabel Laporan Kinerja Program Triwulanan Tahun 2026"
    assert ws["A1"].font.b
    assert ws["A3"].value == f"PD : {PD.nama}" and ws["A4"].value == "Triwulan : I"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # title across the table; header groups as in Lampiran II (rows 6-7), column numbers in row 8
    assert {
        "A1:M1",
        "A6:A7",
        "B6:B7",
        "C6:C7",
        "D6:E6",
        "F6:G6",
        "H6:I6",
        "J6:K6",
        "L6:L7",
        "M6:M7",
    } <= merged
    assert ws["D6"].value == "Target Tahunan" and ws["F6"].value == "Target Triwulan I"
    assert ws["D7"].value == "Total Bobot" and ws["D6"].font.b
    assert [c.value for c in ws[8]] == [str(i) for i in range(1, 14)]
    assert "A9:A16" in merged  # Program PA over its 8 rows
    assert ws["B9"].value == "Indikator Program A (Sat : persen)"
    cap = ws["J9"]
    assert (
        cap.data_type == "n"
        and cap.value == pytest.approx(55.88)
        and cap.number_format == "#,##0.00"
    )
    assert ws["F9"].value == pytest.approx(25.18) and ws["F9"].border.left.style == "thin"
    assert ws["B10"].alignment.indent == 1  # kegiatan under the indicator
    assert ws["B16"].value == "Jumlah Program PA" and ws["B16"].font.b
    assert ws.freeze_panes == "C9"
    assert ws.print_title_rows == "$6:$8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["B"].width == 34
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Serang, 14 April 2026" in values and "NIP. 999900000000000001" in values
    assert f"Kepala {PD.nama}," in values
    assert wb.properties.title == "Tabel Laporan Kinerja Program Triwulanan Tahun 2026"


def test_xlsx_f4_paper_and_unknown_paper():
    ws = load_workbook(io.BytesIO(tulis_xlsx(_laporan_program(), kertas="F4"))).active
    assert ws.page_setup.paperSize == 14
    with pytest.raises(ValueError, match="kertas"):
        tulis_xlsx(_laporan_program(), kertas="Letter")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_pdf_is_a_landscape_pdf_with_the_content():
    pdf = tulis_pdf(_laporan_program())
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert _pages(pdf) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 841\.8\d* 595\.2\d*", pdf)  # A4 landscape
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        for s in (
            "Tabel Laporan Kinerja Program Triwulanan Tahun 2026",
            "55,88",
            "56,77",
            "Jumlah Program PA",
            "Serang, 14 April 2026",
            "NIP. 999900000000000001",
        ):
            assert s in text


@pytest.mark.parametrize("kertas", ["A4", "F4"])
def test_pdf_header_cells_break_only_between_words(kertas):
    """D14: the Laporan Bulanan's narrow "Anggaran (%)" (kolom 14) printed "Anggara / n (%)"."""
    from reportlab.platypus import Paragraph

    from core.reporting import pdf

    lap = _laporan_program()
    t = Tabel(
        "Bulanan",
        ("Tabel Laporan Bulanan",),
        KOLOM_BULANAN,
        KEPALA_BULANAN,
        tuple(str(i) for i in range(1, 17)),
        tuple(baris_bulanan(data_bulanan(), Periode.bulanan(TAHUN, 1))),
        (),
    )
    lebar_halaman = pdf.KERTAS[kertas][0] - 2 * pdf._TEPI
    for tabel in (t, lap.tabel[0]):
        susunan = pdf._tabel(tabel, lebar_halaman, 500).susunan
        for s in tabel.kepala:
            sel = susunan.kepala[s.baris][s.kolom]
            assert isinstance(sel, Paragraph)
            sel.wrap(sum(susunan.lebar[s.kolom : s.kolom + s.rentang_kolom]) - 4, 1000)
            kata = [str(k) for _, baris in sel.blPara.lines for k in baris]
            assert kata == s.teks.split(), s.teks
    pdf_bulanan = tulis_pdf(
        Laporan("bulanan", t.judul[0], lap.identitas, (t,), lap.pengesahan, "2026-01"),
        kertas=kertas,
    )
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf_bulanan, capture_output=True, check=True
        ).stdout.decode()
        assert "Anggara " not in text and text.count("(%)") == 2


def test_pdf_repeats_the_header_on_every_page():
    lap = _laporan_program()
    (t,) = lap.tabel
    banyak = Tabel(
        t.nama_lembar, t.judul, t.kolom, t.kepala, t.nomor_kolom, t.baris * 12, t.catatan
    )
    pdf = tulis_pdf(
        Laporan(lap.jenis, lap.judul, lap.identitas, (banyak,), lap.pengesahan, lap.periode)
    )
    n = _pages(pdf)
    assert n >= 3
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        pages = text.split("\f")
        assert all("Capaian Triwulanan" in p for p in pages if p.strip())
        assert f"Halaman {n}" in text


# ------------------------------------------------------------- groups and rows taller than a page
#: The longest kendala the dashboard accepts (4000 characters): about three pages in its column.
KENDALA_4000 = " ".join(f"kendala{i:03d}" for i in range(400))[:4000]


def data_kelompok_tinggi(
    kendala: str | None = None, program: int = 24, kegiatan: int = 40
) -> DataPd:
    """One sasaran PD over ``program`` programs, the first over ``kegiatan`` kegiatan, with names
    that wrap over three lines: the merged Sasaran PD cell of the Sasaran report and the merged
    Program cell of the Program report each span rows taller than an A4 page (as DINKES, DPUPR,
    DINDIKBUD, ... in the Banten demo, whose PDFs failed with LayoutError). With ``kendala`` (the
    indicators' realisasi), e.g. the longest the dashboard accepts: a row taller than a page."""
    simpul = [
        SimpulLaporan(
            "S1", "sasaran_pd", "Meningkatnya Derajat Kesehatan Masyarakat", None, PD.kode, D(1)
        )
    ]
    simpul += [
        SimpulLaporan(
            f"P{p:02d}",
            "program",
            f"Program {p:02d} Peningkatan Pelayanan Kesehatan Masyarakat dan Penguatan Sistem "
            "Kesehatan Daerah",
            "S1",
            PD.kode,
            D(1),
        )
        for p in range(1, program + 1)
    ]
    simpul += [
        SimpulLaporan(
            f"K{k:02d}",
            "kegiatan",
            f"Kegiatan {k:02d} Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat "
            "Daerah Provinsi",
            "P01",
            PD.kode,
            D(1),
        )
        for k in range(1, kegiatan + 1)
    ]
    indikator = [
        IndikatorLaporan(1, "S1", 1, "Indeks Kesehatan Masyarakat", "indeks", D(80)),
        IndikatorLaporan(2, "P01", 1, "Persentase Fasilitas Kesehatan Terakreditasi", "%", D(90)),
    ]
    realisasi = {
        i: RealisasiIndikatorLaporan(i, D(50), kendala, "Tindak lanjut") for i in (1, 2) if kendala
    }
    return DataPd(TAHUN, PD, simpul, indikator, {}, realisasi_indikator=realisasi)


def _laporan_tinggi(jenis: str, kendala: str | None) -> Laporan:
    from core.laporan import (
        _kepala_program,
        _kepala_sasaran,
        _kolom_program,
        _kolom_sasaran,
    )

    data = data_kelompok_tinggi(kendala)
    if jenis == "program":
        kolom, kepala, baris = _kolom_program("I"), _kepala_program("I"), baris_program(data, Q1)
    else:
        kolom, kepala, baris = _kolom_sasaran("I"), _kepala_sasaran("I"), baris_sasaran(data, Q1)
    judul = f"Tabel Laporan Kinerja {jenis.title()} Triwulanan Tahun 2026"
    nomor = tuple(str(i) for i in range(1, len(kolom) + 1))
    t = Tabel(jenis, (judul,), kolom, kepala, nomor, tuple(baris))
    return Laporan(jenis, judul, (("PD", PD.nama), ("Triwulan", "I")), (t,), None, "2026-Q1")


@pytest.mark.parametrize(
    ("jenis", "kertas", "kendala"),
    [
        ("program", "A4", None),
        ("sasaran", "A4", None),
        ("program", "A4", KENDALA_4000),
        ("sasaran", "F4", KENDALA_4000),
    ],
)
def test_pdf_of_merged_groups_and_rows_taller_than_a_page(jenis, kertas, kendala):
    """The merged Program / Sasaran PD cell spans more rows than a page holds: the table breaks
    inside the group (the merged cell goes on at the top of the next page with its name again),
    and a 4000-character kendala goes on over the pages; every row is in the PDF."""
    lap = _laporan_tinggi(jenis, kendala)
    (t,) = lap.tabel
    assert max(g[1] for b in t.baris for g in b.gabung) >= 26  # one merged cell over them all
    pdf = tulis_pdf(lap, kertas=kertas)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    n = _pages(pdf)
    assert n >= (4 if kendala else 2)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        pages = [p for p in text.split("\f") if p.strip()]
        assert len(pages) == n and f"Halaman {n}" in text
        assert all("Capaian Triwulanan" in p for p in pages)  # the header on every page
        if jenis == "sasaran":
            anak = [f"Program {p:02d} " for p in range(1, 25)]
        else:
            anak = [f"Kegiatan {k:02d} " for k in range(1, 41)]
        for s in anak:  # every row, once
            assert text.count(s) == 1, s
        # the merged cell is named again on the page where its group goes on
        grup = "Meningkatnya Derajat" if jenis == "sasaran" else "Program 01 Peningkatan"
        assert sum(grup in p for p in pages) >= 2
        # the indicator's kendala, every word in order, over the pages
        assert re.findall(r"kendala\d{3}", text) == re.findall(r"kendala\d{3}", kendala or "")


def test_pdf_that_cannot_be_laid_out_is_a_sakip_error_in_indonesian():
    """A header taller than a page cannot be laid out: a SakipError (the API's JSON error, the
    CLI's "Galat: ..."), not ReportLab's LayoutError (or its TypeError for a LongTable)."""
    from dataclasses import replace

    from core.errors import SakipError
    from core.reporting.pdf import PdfTidakDapatDisusun

    lap = _laporan_program()
    (t,) = lap.tabel
    kepala = tuple(
        replace(s, teks=" ".join(["Target Tahunan"] * 300)) if i == 0 else s
        for i, s in enumerate(t.kepala)
    )
    tinggi = Tabel(t.nama_lembar, t.judul, t.kolom, kepala, t.nomor_kolom, t.baris, t.catatan)
    with pytest.raises(PdfTidakDapatDisusun) as e:
        tulis_pdf(Laporan(lap.jenis, lap.judul, lap.identitas, (tinggi,), None, lap.periode))
    assert isinstance(e.value, SakipError)
    assert str(e.value) == (
        "Tabel Laporan Kinerja Program Triwulanan Tahun 2026 tidak dapat disusun sebagai PDF "
        "(A4): ada bagian yang tidak muat pada satu halaman. Unduh laporan ini dalam format xlsx."
    )
