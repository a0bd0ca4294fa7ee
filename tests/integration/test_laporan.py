"""Reports over real databases (SQLite, and PostgreSQL when configured): Pergub 17/2023 Lampiran II
and the ROPP tables of Lampiran I, from the use case to .xlsx, .pdf and ``sakip report ... --json``.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from typer.testing import CliRunner

from core import laporan as lap
from core import services
from core.cascade import Indikator, Saluran, Tingkat
from core.errors import TidakDitemukan, ValidasiError
from core.laporan import JenisBaris, teks_nilai
from core.periode import Periode
from core.realisasi import RealisasiInput
from core.reporting.pdf import tulis_pdf
from core.reporting.xlsx import tulis_xlsx
from sakip import cli_report
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KABID,
    NIP_KASUBAG,
    PD,
    TAHUN,
    ind,
    lampiran_ii_cascade,
    node,
    ropp_q1,
    seed_master,
)
from tests.unit.test_laporan_rows import ropp_lampiran_i_lengkap

D = Decimal
FEB_3 = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
APR_10 = datetime(2026, 4, 10, 3, 0, tzinfo=UTC)
TGL = date(2026, 4, 14)


def lapor(uow_factory, kode, bulan, bobot, anggaran="0", **kw):
    return services.submit_realisasi(
        uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(bobot), D(anggaran), **kw),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=FEB_3,
    )


def isi_contoh_triwulan(uow_factory):
    """Lampiran II Program/Sasaran Triwulanan: the factories' cascade, Tw I plan and realisasi, and
    the indicator values of Indikator Sasaran A (2 of 2,5) and the IPM (72,25 of 73,5)."""
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, real) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
        lapor(uow_factory, f"SK-{k}", 2, real, "750000", kendala="Hujan" if k == "K1" else None)
    for kode, urutan, nilai in (("S1", 1, "2"), ("T1", 1, "72.25"), ("PA", 2, "2.5")):
        services.submit_realisasi_indikator(
            uow_factory(),
            tahun=TAHUN,
            node_kode=kode,
            urutan=urutan,
            periode="2026-Q1",
            nilai=D(nilai),
            oleh_nip=NIP_KABID,
            saluran=Saluran.DASHBOARD,
            now=APR_10,
            kendala="Data sementara" if kode == "S1" else None,
        )
    return uow_factory


def isi_contoh_bulanan(uow_factory):
    """Lampiran II Bulanan: one sub kegiatan with the Lampiran I ROPP, January reported
    (3 of 3 bobot, Rp 250.000.000 of 353.956.000, 1 notulen)."""
    seed_master(uow_factory)
    sub_ind = Indikator(
        "Terlaksananya Koordinasi Pengendalian Perencanaan Pembangunan Daerah",
        "dokumen",
        D(21),
        penanggung_jawab_nip=NIP_KASUBAG,
    )
    services.save_cascade(
        uow_factory(),
        TAHUN,
        [
            node("T1", Tingkat.TUJUAN, None, indikator=(ind("Indeks Pembangunan Manusia"),)),
            node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
            node("S1", Tingkat.SASARAN_PD, "SD1", indikator=(ind("Indikator Sasaran A"),)),
            node("P1", Tingkat.PROGRAM, "S1", indikator=(ind("Indikator Program A"),)),
            node("K1", Tingkat.KEGIATAN, "P1", penanggung_jawab_nip=NIP_KABID),
            node(
                "SK1",
                Tingkat.SUB_KEGIATAN,
                "K1",
                pagu=D(1_824_205_000),
                penanggung_jawab_nip=NIP_KASUBAG,
                indikator=(sub_ind,),
            ),
        ],
    )
    services.save_ropp(uow_factory(), ropp_lampiran_i_lengkap("SK1"))
    lapor(uow_factory, "SK1", 1, "3", "250000000", volume_output={1: D(1)})
    return uow_factory


@pytest.fixture
def triwulan(uow_factory):
    return isi_contoh_triwulan(uow_factory)


@pytest.fixture
def bulanan(uow_factory):
    return isi_contoh_bulanan(uow_factory)


def kol(t, b, kunci):
    return b.nilai[[k.kunci for k in t.kolom].index(kunci)]


def teks(t, b, kunci):
    k = next(k for k in t.kolom if k.kunci == kunci)
    return teks_nilai(b.nilai[t.kolom.index(k)], k.format)


# ----------------------------------------------------------------------------- the numbers
def test_program_report_shows_the_regulation_capaian(triwulan):
    """Lampiran II, Program Triwulanan Tw I: 55,88; 39,64; 82,80; 57,59; 60,33; 56,77."""
    laporan = lap.laporan_program(triwulan(), PD.kode, "2026-Q1", tanggal=TGL)
    (t,) = laporan.tabel
    rows = [b for b in t.baris if b.kode in ("PA#1", "K1", "K2", "PA#2", "K3", "PA")]
    got = [
        (
            b.kode,
            teks(t, b, "target_triwulan_bobot"),
            teks(t, b, "realisasi_triwulan_bobot"),
            teks(t, b, "capaian_bobot_persen"),
        )
        for b in rows
    ]
    assert got == [
        ("PA#1", "25,18", "14,07", "55,88"),
        ("K1", "31,41", "12,45", "39,64"),
        ("K2", "18,95", "15,69", "82,80"),
        ("PA#2", "27,26", "15,70", "57,59"),
        ("K1", "31,41", "12,45", "39,64"),
        ("K2", "18,95", "15,69", "82,80"),
        ("K3", "31,41", "18,95", "60,33"),
        ("PA", "26,22", "14,88", "56,77"),
    ]
    ind_b = next(b for b in t.baris if b.kode == "PA#2")
    # Indikator Program B's own value: 2,5 of a target of 3 -> 83,33
    assert teks(t, ind_b, "realisasi_triwulan_kinerja") == "2,50"
    assert teks(t, ind_b, "capaian_kinerja_persen") == "83,33"
    assert laporan.identitas == (("PD", PD.nama), ("Triwulan", "I"))
    assert laporan.pengesahan is not None
    assert laporan.pengesahan.nama == "Kepala Bappeda (contoh)"
    assert laporan.pengesahan.baris[0] == "Serang, 14 April 2026"
    assert laporan.pengesahan.jabatan == f"Kepala {PD.nama}"


def test_sasaran_report_shows_the_regulation_capaian(triwulan):
    """Lampiran II, Sasaran Triwulanan Tw I: 67,69; 56,77; 82,80; 57,59; 62,16."""
    laporan = lap.laporan_sasaran(triwulan(), PD.kode, "2026-Q1", tanggal=TGL)
    (t,) = laporan.tabel
    got = {
        b.kode: (
            teks(t, b, "target_triwulan_bobot"),
            teks(t, b, "realisasi_triwulan_bobot"),
            teks(t, b, "capaian_bobot_persen"),
        )
        for b in t.baris
    }
    assert got["S1#1"] == ("22,58", "15,29", "67,69")
    assert got["PA"] == ("26,22", "14,88", "56,77")
    assert got["PB"] == ("18,95", "15,69", "82,80")
    assert got["S1#2"] == ("27,26", "15,70", "57,59")
    assert got["PC"] == ("31,41", "12,45", "39,64")
    assert got["PE"] == ("31,41", "18,95", "60,33")
    assert got["S1"] == ("24,92", "15,49", "62,16")
    first = t.baris[0]
    assert kol(t, first, "no") == 1 and kol(t, first, "sasaran_pd") == "Sasaran PD S1"
    assert teks(t, first, "capaian_kinerja_persen") == "80,00"  # 2 of 2,5
    assert kol(t, first, "kendala") == "Data sementara"
    assert t.baris[-1].jenis is JenisBaris.JUMLAH


def test_monthly_report_shows_the_regulation_capaian(bulanan):
    """Lampiran II, Kegiatan dan Sub Kegiatan Bulanan, Januari: 100,00 and 70,63."""
    laporan = lap.laporan_bulanan(bulanan(), PD.kode, "2026-01", tanggal=date(2026, 2, 6))
    (t,) = laporan.tabel
    assert laporan.identitas == (("PD", PD.nama), ("Bulan", "Januari"))
    assert t.judul == ("Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan Tahun 2026",)
    assert [b.jenis for b in t.baris] == [
        JenisBaris.PROGRAM,
        JenisBaris.KEGIATAN,
        JenisBaris.SUB_KEGIATAN,
        JenisBaris.OUTPUT,
    ]
    for b in t.baris[:3]:
        assert teks(t, b, "target_tahunan_bobot") == "100,00"
        assert teks(t, b, "target_tahunan_anggaran") == "1.824.205.000"
        assert teks(t, b, "target_bulanan_bobot") == "3,00"
        assert teks(t, b, "target_bulanan_anggaran") == "353.956.000"
        assert teks(t, b, "realisasi_bulanan_bobot") == "3,00"
        assert teks(t, b, "realisasi_bulanan_anggaran") == "250.000.000"
        assert teks(t, b, "capaian_kinerja_persen") == "100,00"
        assert teks(t, b, "capaian_anggaran_persen") == "70,63"
    sub, out = t.baris[2], t.baris[3]
    assert kol(t, sub, "indikator") == (
        "Terlaksananya Koordinasi Pengendalian Perencanaan Pembangunan Daerah (Sat : dokumen)"
    )
    assert kol(t, sub, "penanggung_jawab") == "Kasubid Evaluasi (contoh)"
    assert teks(t, sub, "target_tahunan_kinerja") == "21"
    assert teks(t, sub, "target_bulanan_kinerja") == "1"
    assert teks(t, sub, "realisasi_bulanan_kinerja") == "1"
    assert kol(t, sub, "kendala") == "Bln 1 : Tidak ada"
    assert kol(t, out, "indikator") == "Bln 1 : Rapat Koordinasi Pengendalian (Sat : Notulen)"
    assert teks(t, out, "capaian_kinerja_persen") == "100,00"


def test_report_figures_equal_the_capaian_tree(triwulan):
    """The report assembles the tree from its own PD-scoped reads; it must agree with
    services.build_capaian_tree (what the bot and the API show) on every node."""
    tree = services.build_capaian_tree(triwulan(), TAHUN, Periode.triwulan(TAHUN, 1)).indeks()
    laporan = lap.laporan_program(triwulan(), PD.kode, "2026-Q1")
    (t,) = laporan.tabel
    for b in t.baris:
        # an indicator that names no children stands for its whole node
        h = tree.get(b.kode) or tree[b.kode.split("#")[0]]
        assert kol(t, b, "target_triwulan_bobot") == h.angka.target_bobot, b.kode
        assert kol(t, b, "realisasi_triwulan_bobot") == h.angka.realisasi_bobot, b.kode
        assert kol(t, b, "capaian_bobot_persen") == h.angka.capaian_kinerja.nilai, b.kode
    bulanan = lap.laporan_bulanan(triwulan(), PD.kode, "2026-02")
    (tb,) = bulanan.tabel
    tree_feb = services.build_capaian_tree(triwulan(), TAHUN, Periode.bulanan(TAHUN, 2)).indeks()
    for b in tb.baris:
        a = tree_feb[b.kode].angka
        assert kol(tb, b, "target_bulanan_anggaran") == a.target_anggaran, b.kode
        assert kol(tb, b, "realisasi_bulanan_anggaran") == a.realisasi_anggaran, b.kode
        assert kol(tb, b, "capaian_kinerja_persen") == a.capaian_kinerja.nilai, b.kode
    # the program's budget counts K1 and K2 once although both indicators list them
    pa = next(b for b in tb.baris if b.kode == "PA")
    assert kol(tb, pa, "target_tahunan_anggaran") == 3 * 12 * D(1_000_000)


def test_daerah_report(triwulan):
    laporan = lap.laporan_daerah(triwulan(), "2026-Q1", pd_kode=PD.kode, tanggal=TGL)
    (t,) = laporan.tabel
    assert t.judul[0] == (
        "Tabel Laporan Kinerja Tujuan dan Sasaran Daerah Sampai Dengan Akhir Triwulan I Tahun 2026"
    )
    assert t.nomor_kolom == tuple(f"({i})" for i in range(1, 8))
    ipm = next(b for b in t.baris if b.jenis is JenisBaris.DATA)
    assert kol(t, ipm, "indikator") == "Indeks Pembangunan Manusia"
    assert teks(t, ipm, "target_triwulan") == "73,50"
    assert teks(t, ipm, "realisasi_triwulan") == "72,25"
    assert teks(t, ipm, "deviasi") == "1,25"
    assert kol(t, ipm, "keterangan") == "Belum tercapai"
    assert laporan.pengesahan is not None and laporan.pengesahan.nama == "Kepala Bappeda (contoh)"
    tanpa_pd = lap.laporan_daerah(triwulan(), "2026-Q1")
    assert tanpa_pd.pengesahan is not None
    assert tanpa_pd.pengesahan.jabatan == "Sekretaris Daerah Provinsi Banten"


def test_ropp_report(bulanan):
    laporan = lap.laporan_ropp(bulanan(), "SK1", TAHUN, tanggal=TGL)
    t1, t2 = laporan.tabel
    assert dict(laporan.identitas)["Sub Kegiatan"] == "Sub Kegiatan SK1"
    assert dict(laporan.identitas)["Nama Pejabat"] == "Kasubid Evaluasi (contoh)"
    assert dict(laporan.identitas)["Program"] == "Program P1"
    (row,) = t1.baris
    assert teks(t1, row, "tw1_bobot") == "31,41" and teks(t1, row, "tw1_target_output") == "7"
    assert teks(t1, row, "total_bobot") == "100,00" and teks(t1, row, "total_target_output") == "21"
    total = next(b for b in t2.baris if b.kode == "total")
    assert teks(t2, total, "anggaran") == "1.824.205.000"
    assert laporan.pengesahan is not None and laporan.pengesahan.paraf


# ----------------------------------------------------------------------------- errors
def test_unknown_pd_and_bad_periode(triwulan):
    with pytest.raises(TidakDitemukan, match="Perangkat Daerah NOPE tidak dikenal"):
        lap.laporan_program(triwulan(), "NOPE", "2026-Q1")
    with pytest.raises(ValidasiError, match="Format periode tidak dikenal"):
        lap.laporan_program(triwulan(), PD.kode, "kuartal satu")
    with pytest.raises(ValidasiError, match="periode triwulan"):
        lap.laporan_sasaran(triwulan(), PD.kode, "2026-02")
    with pytest.raises(ValidasiError, match="periode bulanan"):
        lap.laporan_bulanan(triwulan(), PD.kode, "2026-Q1")
    with pytest.raises(TidakDitemukan, match="belum memiliki sasaran"):
        lap.laporan_program(triwulan(), PD.kode, "2027-Q1")
    with pytest.raises(ValidasiError, match="bukan Sub Kegiatan"):
        lap.laporan_ropp(triwulan(), "K1", TAHUN)
    with pytest.raises(TidakDitemukan, match="tidak dikenal"):
        lap.laporan_ropp(triwulan(), "SK-NOPE", TAHUN)


def test_queries_do_not_grow_with_the_rows(uow_factory, engine):
    """Bulk reads: the same number of SELECTs for 7 and for 70 sub kegiatan (no per-row query)."""
    seed_master(uow_factory)

    def cascade(n: int) -> list:
        nodes = [
            node("T1", Tingkat.TUJUAN, None),
            node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
            node("S1", Tingkat.SASARAN_PD, "SD1", indikator=(ind("Sasaran"),)),
            node("P1", Tingkat.PROGRAM, "S1", indikator=(ind("Program"),)),
        ]
        for i in range(n):
            nodes.append(node(f"K{i}", Tingkat.KEGIATAN, "P1"))
            nodes.append(node(f"SK{i}", Tingkat.SUB_KEGIATAN, f"K{i}", indikator=(ind("Output"),)))
        return nodes

    counts = []
    for tahun, n in ((TAHUN, 7), (TAHUN + 1, 70)):
        services.save_cascade(uow_factory(), tahun, cascade(n))
        for i in range(n):
            services.save_ropp(uow_factory(), ropp_q1(f"SK{i}", D(30), tahun))
        statements: list[str] = []

        def count(conn, cursor, statement, *args, _out=statements):  # noqa: ARG001
            _out.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            for fn, per in (
                (lap.laporan_bulanan, f"{tahun}-02"),
                (lap.laporan_program, f"{tahun}-Q1"),
                (lap.laporan_sasaran, f"{tahun}-Q1"),
            ):
                fn(uow_factory(), PD.kode, per)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts.append(sum(1 for s in statements if s.lstrip().upper().startswith("SELECT")))
    assert counts[0] == counts[1] and counts[0] <= 30


# ----------------------------------------------------------------------------- files
def test_xlsx_of_the_monthly_report(bulanan):
    data = tulis_xlsx(lap.laporan_bulanan(bulanan(), PD.kode, "2026-01", tanggal=date(2026, 2, 6)))
    ws = load_workbook(io.BytesIO(data))["Bulanan"]
    assert ws["A1"].value == "Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan Tahun 2026"
    assert ws["A3"].value == f"PD : {PD.nama}" and ws["A4"].value == "Bulan : Januari"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:P1", "A6:A7", "D6:F6", "G6:I6", "J6:L6", "M6:N6", "O6:O7", "P6:P7"} <= merged
    assert [c.value for c in ws[8]] == [str(i) for i in range(1, 17)]
    sub = ws[11]
    assert sub[0].value == "Sub Kegiatan SK1" and sub[0].alignment.indent == 2
    assert sub[5].value == 1824205000 and sub[5].number_format == "#,##0"
    assert sub[12].value == 100 and sub[12].number_format == "#,##0.00"
    assert sub[13].value == pytest.approx(70.63) and sub[13].data_type == "n"
    assert ws["B12"].value.startswith("Bln 1 : Rapat")
    assert ws.freeze_panes == "B9"


def test_pdf_of_the_sasaran_report(triwulan):
    pdf = tulis_pdf(lap.laporan_sasaran(triwulan(), PD.kode, "2026-Q1", tanggal=TGL), kertas="F4")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 935\.4\d* 609\.4\d*", pdf)  # F4 landscape


# ----------------------------------------------------------------------------- CLI
@pytest.fixture
def cli(monkeypatch):
    def setup(uow_factory):
        monkeypatch.setattr(cli_report, "uow_factory", uow_factory)
        monkeypatch.setattr(cli_report, "hari_ini", lambda: date(2026, 4, 14))
        return CliRunner()

    return setup


def test_cli_json_rows_keyed_by_meaning(triwulan, cli):
    runner = cli(triwulan)
    res = runner.invoke(
        cli_report.report_app, ["program", "--pd", PD.kode, "--periode", "2026-Q1", "--json"]
    )
    assert res.exit_code == 0, res.output
    js = json.loads(res.stdout)
    (t,) = js["tabel"]
    first = t["baris"][0]
    assert {
        "program",
        "indikator",
        "penanggung_jawab",
        "target_tahunan_bobot",
        "target_triwulan_bobot",
        "realisasi_triwulan_bobot",
        "capaian_bobot_persen",
        "capaian_kinerja_persen",
        "kendala",
        "tindak_lanjut",
    } <= first.keys()
    assert first["capaian_bobot_persen"] == "55,88"
    assert js["pengesahan"]["tanggal"] == "2026-04-14"
    res = runner.invoke(
        cli_report.report_app, ["bulanan", "--pd", PD.kode, "--periode", "2026-02", "--json"]
    )
    assert res.exit_code == 0, res.output
    row = json.loads(res.stdout)["tabel"][0]["baris"][0]
    for key in (
        "target_tahunan_bobot",
        "target_tahunan_anggaran",
        "target_bulanan_anggaran",
        "realisasi_bulanan_anggaran",
        "capaian_kinerja_persen",
        "capaian_anggaran_persen",
    ):
        assert key in row
    assert row["capaian_kinerja_persen"] == "56,77"


def test_cli_writes_xlsx_and_pdf(triwulan, cli, tmp_path):
    runner = cli(triwulan)
    for jenis, per, nama in (
        ("sasaran", "2026-Q1", "s.xlsx"),
        ("program", "2026-Q1", "p.pdf"),
        ("bulanan", "2026-02", "b.xlsx"),
    ):
        out = tmp_path / nama
        res = runner.invoke(
            cli_report.report_app,
            [jenis, "--pd", PD.kode, "--periode", per, "--out", str(out), "--kertas", "f4"],
        )
        assert res.exit_code == 0, res.output
        assert f"ditulis ke {out}" in res.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF-")
    ws = load_workbook(tmp_path / "s.xlsx").active
    assert ws.title == "Sasaran Triwulanan" and ws.page_setup.paperSize == 14
    out = tmp_path / "d.xlsx"
    res = runner.invoke(
        cli_report.report_app, ["daerah", "--periode", "2026-Q1", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        cli_report.report_app,
        ["ropp", "--sub-kegiatan", "SK-K1", "--tahun", "2026", "--json"],
    )
    assert res.exit_code == 0, res.output
    assert [t["judul"][1] for t in json.loads(res.stdout)["tabel"]] == ["(Tabel 1)", "(Tabel 2)"]


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (
            ["program", "--pd", "NOPE", "--periode", "2026-Q1", "--json"],
            "Perangkat Daerah NOPE tidak dikenal",
        ),
        (["program", "--pd", PD.kode, "--periode", "2026-13", "--json"], "Bulan harus 1 sampai 12"),
        (["program", "--pd", PD.kode, "--periode", "Q1", "--json"], "Format periode tidak dikenal"),
        (["bulanan", "--pd", PD.kode, "--periode", "2026-Q1", "--json"], "periode bulanan"),
        (
            ["sasaran", "--pd", PD.kode, "--periode", "2026-Q1", "--out", "x.docx"],
            "harus berakhiran .xlsx atau .pdf",
        ),
        (["sasaran", "--pd", PD.kode, "--periode", "2026-Q1"], "sebutkan berkas keluaran"),
        (
            ["sasaran", "--pd", PD.kode, "--periode", "2026-Q1", "--json", "--kertas", "A3"],
            "ukuran kertas",
        ),
        (
            ["sasaran", "--pd", PD.kode, "--periode", "2026-Q1", "--json", "--tanggal", "14/4"],
            "tanggal '14/4' tidak sah",
        ),
        (["ropp", "--sub-kegiatan", "K1", "--tahun", "2026", "--json"], "bukan Sub Kegiatan"),
    ],
)
def test_cli_errors_are_indonesian_and_exit_1(triwulan, cli, args, pesan):
    res = cli(triwulan).invoke(cli_report.report_app, args)
    assert res.exit_code == 1
    assert res.stderr.startswith("Galat: ") and pesan in res.stderr
    assert res.stdout == ""


def test_cli_pdf_that_cannot_be_laid_out(triwulan, cli, tmp_path, monkeypatch):
    """Exit 1 with "Galat: ...", no traceback and no file, when the PDF cannot be laid out."""
    from core.reporting import pdf

    # a page lower than the table's header: nothing can lay it out
    monkeypatch.setitem(pdf.KERTAS, "A4", (pdf.KERTAS["A4"][0], 110.0))
    out = tmp_path / "p.pdf"
    res = cli(triwulan).invoke(
        cli_report.report_app,
        ["program", "--pd", PD.kode, "--periode", "2026-Q1", "--out", str(out)],
    )
    assert res.exit_code == 1, res.output
    assert res.stderr.startswith(
        "Galat: Tabel Laporan Kinerja Program Triwulanan Tahun 2026 tidak dapat disusun sebagai "
        "PDF (A4): ada bagian yang tidak muat pada satu halaman."
    )
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert not out.exists()


def test_cli_as_a_process(triwulan, database_url, tmp_path):
    """The Typer app on its own, as the issue runs it, against the real settings (DATABASE_URL)."""
    env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": ""}
    cmd = [sys.executable, "-c", "from sakip.cli_report import report_app; report_app()"]
    out = tmp_path / "sasaran.xlsx"
    proc = subprocess.run(
        [*cmd, "sasaran", "--pd", PD.kode, "--periode", "2026-Q1", "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    js = json.loads(proc.stdout)
    assert js["tabel"][0]["baris"][-1]["capaian_bobot_persen"] == "62,16"
    assert out.stat().st_size > 0
    bad = subprocess.run(
        [*cmd, "sasaran", "--pd", "NOPE", "--periode", "2026-Q1", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("Galat: Perangkat Daerah NOPE")
