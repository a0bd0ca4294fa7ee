"""Quarterly targets of program and sasaran indicators (SQLite, and PostgreSQL when configured).

Pergub 17/2023 Lampiran II, Laporan Kinerja Program Triwulanan: "Kolom 11 : Capaian triwulanan
satuan = kolom 9 / kolom 7 * 100", kolom 7 being the "target kinerja triwulanan indikator program";
the Sasaran Triwulanan table likewise (kolom 12 = kolom 10 / kolom 8). The quarterly targets come
from the Tabel Rencana Kinerja Program/Sasaran Triwulanan (kolom 7, 9, 11, 13: the target of the
indicator in Tw 1..4). Example: annual target 100 ha, Tw I target 25 ha, realisasi 25 ha ->
capaian 100,00, Sangat Tinggi (Pergub 42/2018 Tabel B.2), not 25,00 against the annual target.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from openpyxl import Workbook
from sqlalchemy import inspect, text

from api.routes_cascade import node_json
from core import laporan as lap
from core import services
from core.capaian import Arah
from core.cascade import CascadeNode, Indikator, Saluran, Tingkat, validate_cascade
from core.excel.reader import baca_workbook
from core.excel.template import LEMBAR_INDIKATOR
from core.impor import ekspor_workbook, impor_workbook
from core.laporan import CATATAN_TARGET_TRIWULAN, teks_nilai
from core.persistence.db import downgrade, make_engine, upgrade
from core.persistence.models import Base
from core.rating import Kategori
from tests.conftest import PG_URL
from tests.factories import NIP_KABID, NIP_KEPALA, PD, TAHUN, node, seed_master
from tests.fixtures import workbooks as wbk
from tests.pg_sementara import pg_sementara

D = Decimal
APR_10 = datetime(2026, 4, 10, 3, 0, tzinfo=UTC)
HA = (D(25), D(25), D(25), D(25))  # Rencana Kinerja Program Triwulanan: 25 ha every quarter


def _ind(
    uraian: str,
    target: str,
    tw: tuple[Decimal | None, ...] = (None, None, None, None),
    satuan: str = "ha",
    arah: Arah = Arah.NAIK,
) -> Indikator:
    return Indikator(
        uraian,
        satuan,
        D(target),
        arah,
        NIP_KABID,
        target_triwulan=(tw[0], tw[1], tw[2], tw[3]),
    )


def _cascade(p1: Indikator, p2: Indikator | None = None, s1: Indikator | None = None):
    nodes: list[CascadeNode] = [
        node("T1", Tingkat.TUJUAN, None),
        node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
        node(
            "S1",
            Tingkat.SASARAN_PD,
            "SD1",
            penanggung_jawab_nip=NIP_KEPALA,
            indikator=(s1,) if s1 else (),
        ),
        node("P1", Tingkat.PROGRAM, "S1", penanggung_jawab_nip=NIP_KABID, indikator=(p1,)),
        node("K1", Tingkat.KEGIATAN, "P1"),
    ]
    if p2 is not None:
        nodes.append(
            node("P2", Tingkat.PROGRAM, "S1", penanggung_jawab_nip=NIP_KABID, indikator=(p2,))
        )
        nodes.append(node("K2", Tingkat.KEGIATAN, "P2"))
    return nodes


def _lapor(uow_factory, kode: str, nilai: str, periode: str = "2026-Q1"):
    return services.submit_realisasi_indikator(
        uow_factory(),
        tahun=TAHUN,
        node_kode=kode,
        urutan=1,
        periode=periode,
        nilai=D(nilai),
        oleh_nip=NIP_KABID,
        saluran=Saluran.DASHBOARD,
        now=APR_10,
    )


def _sel(t, b, kunci: str) -> str | None:
    k = next(k for k in t.kolom if k.kunci == kunci)
    v = b.nilai[t.kolom.index(k)]
    return None if v is None else teks_nilai(v, k.format)


def _baris(t, kode: str):
    return next(b for b in t.baris if b.kode == kode)


# ---------------------------------------------------------------------------- the regulation
def test_program_capaian_is_against_the_quarter_target(uow_factory):
    """Pergub 17/2023 Lampiran II, Laporan Kinerja Program Triwulanan kolom 11 = kolom 9 / kolom 7:
    annual 100 ha, Tw I 25 ha, realisasi 25 ha -> 100,00, Sangat Tinggi (not 25,00)."""
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, _cascade(_ind("Luas lahan", "100", HA)))
    hasil = _lapor(uow_factory, "P1", "25")
    assert hasil.capaian.nilai == D(100)
    assert hasil.capaian.kategori is Kategori.SANGAT_TINGGI
    assert (hasil.target, hasil.target_triwulan) == (D(25), 1)

    (t,) = lap.laporan_program(uow_factory(), PD.kode, "2026-Q1").tabel
    b = _baris(t, "P1#1")
    assert _sel(t, b, "target_tahunan_kinerja") == "100"  # kolom 5
    assert _sel(t, b, "target_triwulan_kinerja") == "25"  # kolom 7
    assert _sel(t, b, "realisasi_triwulan_kinerja") == "25"  # kolom 9
    assert _sel(t, b, "capaian_kinerja_persen") == "100,00"  # kolom 11 = 9 / 7 × 100
    assert t.catatan == ()  # every indicator of the table has its Tw I target


def test_sasaran_capaian_is_against_the_quarter_target(uow_factory):
    """Lampiran II, Laporan Kinerja Sasaran Triwulanan kolom 12 = kolom 10 / kolom 8."""
    seed_master(uow_factory)
    s1 = _ind("Produksi", "2.5", (D("0.5"), D("0.5"), D("0.5"), D(1)), "ton")
    services.save_cascade(uow_factory(), TAHUN, _cascade(_ind("Luas", "100", HA), s1=s1))
    _lapor(uow_factory, "S1", "0.5")
    (t,) = lap.laporan_sasaran(uow_factory(), PD.kode, "2026-Q1").tabel
    b = _baris(t, "S1#1")
    assert _sel(t, b, "target_tahunan_kinerja") == "2,50"  # kolom 6
    assert _sel(t, b, "target_triwulan_kinerja") == "0,50"  # kolom 8
    assert _sel(t, b, "capaian_kinerja_persen") == "100,00"  # kolom 12 = 10 / 8 × 100
    assert t.catatan == ()


def test_each_quarter_uses_its_own_target(uow_factory):
    seed_master(uow_factory)
    tw = (D(10), D(50), None, D(100))
    services.save_cascade(uow_factory(), TAHUN, _cascade(_ind("Luas", "100", tw)))
    hasil = _lapor(uow_factory, "P1", "25", "2026-Q2")
    assert (hasil.capaian.nilai, hasil.target, hasil.target_triwulan) == (D(50), D(50), 2)
    (t,) = lap.laporan_program(uow_factory(), PD.kode, "2026-Q2").tabel
    assert _sel(t, _baris(t, "P1#1"), "capaian_kinerja_persen") == "50,00"
    # Tw III has none: the annual target, with the note
    hasil = _lapor(uow_factory, "P1", "25", "2026-Q3")
    assert (hasil.capaian.nilai, hasil.target, hasil.target_triwulan) == (D(25), D(100), None)
    (t,) = lap.laporan_program(uow_factory(), PD.kode, "2026-Q3").tabel
    assert _sel(t, _baris(t, "P1#1"), "target_triwulan_kinerja") is None
    assert t.catatan == (CATATAN_TARGET_TRIWULAN,)


def test_lower_is_better_uses_the_quarter_target(uow_factory):
    """Direction-aware as before: (2 × 10 − 8) / 10 × 100 = 120."""
    seed_master(uow_factory)
    tw = (D(10), D(10), D(10), D(10))
    ind = _ind("Angka kemiskinan", "10", tw, "persen", Arah.TURUN)
    services.save_cascade(uow_factory(), TAHUN, _cascade(ind))
    assert _lapor(uow_factory, "P1", "8").capaian.nilai == D(120)
    (t,) = lap.laporan_program(uow_factory(), PD.kode, "2026-Q1").tabel
    assert _sel(t, _baris(t, "P1#1"), "capaian_kinerja_persen") == "120,00"


def test_without_a_quarter_target_the_annual_one_is_used_with_the_note(uow_factory):
    """Fallback: no Tw I target -> capaian against the annual target (25 of 100 -> 25,00), kolom 7
    empty, and the table's note, only because one of its indicators lacks the target."""
    seed_master(uow_factory)
    services.save_cascade(
        uow_factory(),
        TAHUN,
        _cascade(_ind("Luas lahan", "100", HA), _ind("Luas hutan", "100")),
    )
    hasil = _lapor(uow_factory, "P2", "25")
    assert (hasil.capaian.nilai, hasil.target, hasil.target_triwulan) == (D(25), D(100), None)
    assert hasil.capaian.kategori is Kategori.SANGAT_RENDAH
    _lapor(uow_factory, "P1", "25")
    laporan = lap.laporan_program(uow_factory(), PD.kode, "2026-Q1")
    (t,) = laporan.tabel
    assert _sel(t, _baris(t, "P1#1"), "capaian_kinerja_persen") == "100,00"
    p2 = _baris(t, "P2#1")
    assert _sel(t, p2, "target_triwulan_kinerja") is None
    assert _sel(t, p2, "capaian_kinerja_persen") == "25,00"
    assert t.catatan == (CATATAN_TARGET_TRIWULAN,)
    assert "target tahunan" in CATATAN_TARGET_TRIWULAN
    assert lap.laporan_json(laporan)["tabel"][0]["catatan"] == [CATATAN_TARGET_TRIWULAN]
    # the Sasaran table lists only S1's indicators (none here): no note there
    (ts,) = lap.laporan_sasaran(uow_factory(), PD.kode, "2026-Q1").tabel
    assert ts.catatan == ()


def test_a_zero_quarter_target_gives_no_capaian(uow_factory):
    """A quarter without a target ("-" in the Rencana Kinerja Triwulanan) typed as 0: no capaian,
    never 0 % and never the annual target."""
    seed_master(uow_factory)
    tw = (D(0), D(0), D(0), D(3))
    services.save_cascade(uow_factory(), TAHUN, _cascade(_ind("Nilai", "3", tw, "nilai")))
    hasil = _lapor(uow_factory, "P1", "1")
    assert hasil.capaian.nilai is None and hasil.target == D(0)
    (t,) = lap.laporan_program(uow_factory(), PD.kode, "2026-Q1").tabel
    assert _sel(t, _baris(t, "P1#1"), "capaian_kinerja_persen") == "–"


def test_annual_period_keeps_the_annual_target(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, _cascade(_ind("Luas lahan", "100", HA)))
    hasil = _lapor(uow_factory, "P1", "90", "2026")
    assert (hasil.capaian.nilai, hasil.target, hasil.target_triwulan) == (D(90), D(100), None)


def test_quarter_targets_are_stored_and_read_everywhere(uow_factory):
    seed_master(uow_factory)
    tw = (D("25.5"), None, D(25), D(24))
    services.save_cascade(uow_factory(), TAHUN, _cascade(_ind("Luas lahan", "100", tw)))
    with uow_factory() as uow:
        node_p1 = uow.repo.get_node(TAHUN, "P1")
        [ref] = uow.repo.list_indikator(TAHUN, "P1")
        [saya] = uow.repo.indikator_pejabat(TAHUN, NIP_KABID)
    assert node_p1 is not None and node_p1.indikator[0].target_triwulan == tw
    assert ref.target_triwulan == tw and saya.target_triwulan == tw
    assert node_json(node_p1)["indikator"][0]["target_triwulan"] == ["25.5", None, "25", "24"]
    # an update in place (same node and urutan) changes them
    baru = replace(node_p1.indikator[0], target_triwulan=(None, None, None, D(100)))
    services.save_cascade(uow_factory(), TAHUN, [replace(node_p1, indikator=(baru,))])
    with uow_factory() as uow:
        [ref] = uow.repo.list_indikator(TAHUN, "P1")
    assert ref.target_triwulan == (None, None, None, D(100))


def test_negative_quarter_target_is_refused():
    n = node(
        "P1",
        Tingkat.PROGRAM,
        None,
        indikator=(_ind("Luas", "100", (D(25), D(-1), None, None)),),
    )
    masalah = validate_cascade([n])
    assert any("target Tw II tidak boleh negatif" in str(m) for m in masalah)


# ---------------------------------------------------------------------------- Excel
NOW = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
PROGRAM_BARIS = 5  # the template's program indicator (5.01.02) on the Indikator sheet


def _impor(uow_factory, data: bytes, dry_run: bool = False):
    return impor_workbook(uow_factory(), data, TAHUN, dry_run=dry_run, now=NOW, oleh="uji")


def _kolom(judul: str) -> int:
    return next(i for i, k in enumerate(LEMBAR_INDIKATOR.kolom, start=1) if k.judul == judul)


def _tw_program(uow_factory):
    with uow_factory() as uow:
        n = uow.repo.get_node(TAHUN, "5.01.02")
    assert n is not None
    return n.indikator[0].target_triwulan


def _tanpa_kolom_tw(wb: Workbook) -> None:
    """The Indikator sheet as a workbook made before the quarterly columns existed."""
    ws = wb["Indikator"]
    ws.delete_cols(_kolom("Target Tw I"), 4)


def test_template_has_the_quarter_columns_next_to_the_annual_target():
    juduls = [k.judul for k in LEMBAR_INDIKATOR.kolom]
    i = juduls.index("Target Tahunan")
    assert juduls[i + 1 : i + 5] == ["Target Tw I", "Target Tw II", "Target Tw III", "Target Tw IV"]
    ws = wbk.buka(wbk.template())["Indikator"]
    assert [c.value for c in ws[1]][i : i + 5] == juduls[i : i + 5]
    assert ws.cell(row=PROGRAM_BARIS, column=1).value == "5.01.02"


def test_excel_round_trip_with_the_quarter_columns(uow_factory):
    def fn(wb: Workbook) -> None:
        ws = wb["Indikator"]
        for q, v in enumerate(("25,5", "25", None, 24), start=1):  # typed text and a number
            ws.cell(row=PROGRAM_BARIS, column=_kolom("Target Tw I") + q - 1).value = v

    hasil = _impor(uow_factory, wbk.ubah(wbk.template(), fn))
    assert hasil.ditulis
    assert _tw_program(uow_factory) == (D("25.5"), D(25), None, D(24))
    data = ekspor_workbook(uow_factory(), TAHUN)
    [row] = [
        b for b in baca_workbook(data).rows(LEMBAR_INDIKATOR) if b.teks("node_kode") == "5.01.02"
    ]
    assert [row.angka(f"target_tw{q}") for q in range(1, 5)] == [D("25.5"), D(25), None, D(24)]
    assert _impor(uow_factory, data).perubahan == ()  # export -> import: nothing changes
    # a changed quarter target is recorded in the change log with old and new value
    hasil = _impor(uow_factory, wbk.sel(data, "Indikator", "H5", "30"))
    assert [(p.kolom, p.nilai_lama, p.nilai_baru) for p in hasil.perubahan] == [
        ("target_tw3", None, "30")
    ]


def test_excel_bad_quarter_target_is_reported_with_its_cell(uow_factory):
    data = wbk.sel(wbk.template(), "Indikator", "F5", "-5")
    bacaan = baca_workbook(data)
    [m] = bacaan.masalah
    assert (m.lembar, m.baris, m.kolom, m.judul) == ("Indikator", 5, "F", "Target Tw I")
    assert "tidak boleh negatif" in m.pesan


def test_an_old_workbook_without_the_quarter_columns_still_imports(uow_factory):
    lama = wbk.ubah(wbk.template(), _tanpa_kolom_tw)
    bacaan = baca_workbook(lama)
    assert bacaan.masalah == [] and bacaan.lengkap
    assert _impor(uow_factory, lama).ditulis
    assert _tw_program(uow_factory) == (None, None, None, None)


def test_an_old_workbook_keeps_the_stored_quarter_targets(uow_factory):
    """Columns missing from the workbook are left as stored (like items missing from it)."""
    _impor(uow_factory, wbk.template())
    assert _tw_program(uow_factory) == (D(100), D(100), D(100), D(100))  # the example's
    lama = wbk.ubah(wbk.template(), _tanpa_kolom_tw)
    assert _impor(uow_factory, lama).perubahan == ()
    assert _tw_program(uow_factory) == (D(100), D(100), D(100), D(100))
    # the annual target still updates from such a workbook
    hasil = _impor(uow_factory, wbk.sel(lama, "Indikator", "E5", "90"))
    assert [(p.kolom, p.nilai_baru) for p in hasil.perubahan] == [("target_tahunan", "90")]
    assert _tw_program(uow_factory) == (D(100), D(100), D(100), D(100))


# ---------------------------------------------------------------------------- migration 0008
KOLOM_0008 = {"target_tw1", "target_tw2", "target_tw3", "target_tw4"}


def _kolom_indikator(url: str) -> set[str]:
    eng = make_engine(url)
    with eng.connect() as conn:
        cols = {c["name"] for c in inspect(conn).get_columns("indikator")}
    eng.dispose()
    return cols


def _down_up(url: str) -> None:
    upgrade(url)
    assert KOLOM_0008 <= _kolom_indikator(url)
    eng = make_engine(url)
    with eng.begin() as conn:  # a row written before the downgrade survives it
        conn.execute(
            text(
                "INSERT INTO cascade_node (id, tahun, kode, tingkat, nama, bobot_relatif) "
                "VALUES (1, 2026, 'T1', 'tujuan', 'Tujuan', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO indikator (id, node_id, urutan, uraian, satuan, target_tahunan, arah, "
                "target_tw1) VALUES (1, 1, 1, 'IPM', 'indeks', 73.5, 'naik', 70)"
            )
        )
        conn.execute(text("INSERT INTO indikator_anak (indikator_id, node_id) VALUES (1, 1)"))
    eng.dispose()
    downgrade(url, "0007")
    assert not KOLOM_0008 & _kolom_indikator(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT uraian FROM indikator")).scalars().all() == ["IPM"]
        assert conn.execute(text("SELECT count(*) FROM indikator_anak")).scalar() == 1
    eng.dispose()
    upgrade(url)
    assert KOLOM_0008 <= _kolom_indikator(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        row = conn.execute(text("SELECT target_tw1, target_tw4 FROM indikator")).one()
    eng.dispose()
    assert tuple(row) == (None, None)


def test_indikator_model_matches_migration(engine) -> None:
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert [d for d in diffs if "indikator" in repr(d)] == []


def test_migration_0008_downgrades_and_upgrades_sqlite(tmp_path) -> None:
    _down_up(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.skipif(not PG_URL, reason="SAKIP_TEST_DATABASE_URL is not set")
def test_migration_0008_downgrades_and_upgrades_postgresql() -> None:
    assert PG_URL
    with pg_sementara(PG_URL, "sakip_test_m8_") as url:
        _down_up(url)
