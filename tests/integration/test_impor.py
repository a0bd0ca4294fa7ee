"""Excel import and export over real databases (SQLite, and PostgreSQL when configured).

Issue 3 part 1: the whole workbook is validated first, every problem reported with sheet/row/column,
nothing written unless all is valid, one transaction, update by code with a change log, re-import is a
no-op, export -> import -> export round trip.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import typer
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from openpyxl import Workbook
from typer.testing import CliRunner

from core.cascade import Saluran
from core.config import Settings
from core.excel.reader import BatasBerkas, baca_workbook
from core.excel.template import LEMBAR_DATA
from core.impor import ImporDitolak, ekspor_workbook, impor_workbook, rangkum
from core.persistence.db import downgrade, make_engine, make_session_factory, upgrade
from core.persistence.models import Base
from sakip.cli_excel import register
from sakip.wiring import Container
from tests.fixtures.workbooks import (
    NIP_KABID,
    OLE_HEADER,
    PD_KODE,
    SK,
    TAHUN,
    isi_lembar,
    kaskade_lampiran_i,
    sel,
    template,
    ubah,
    workbook_lampiran_i_teks,
    zip_bomb,
)

D = Decimal
NOW = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)  # 09:00 WIB


def impor(uow_factory, data: bytes, *, dry_run: bool = False, now: datetime = NOW, **kw):
    return impor_workbook(uow_factory(), data, TAHUN, dry_run=dry_run, now=now, oleh="uji", **kw)


def ditolak(uow_factory, data: bytes, **kw) -> ImporDitolak:
    with pytest.raises(ImporDitolak) as info:
        impor(uow_factory, data, **kw)
    return info.value


def keadaan(uow_factory) -> tuple:
    """Everything an import can write, to prove that nothing was."""
    uow = uow_factory()
    with uow:
        r = uow.repo
        return (
            r.list_pd(),
            r.list_pejabat(),
            r.list_nodes(TAHUN),
            r.list_ropp(TAHUN),
            {
                k: {m: (x.revisi, x.realisasi_bobot) for m, x in v.items()}
                for k, v in r.list_latest_realisasi(TAHUN).items()
            },
            r.list_perubahan(),
        )


def perubahan(uow_factory, **kw):
    uow = uow_factory()
    with uow:
        return uow.repo.list_perubahan(**kw)


def isi(data: bytes) -> dict[str, list[dict]]:
    """The data of a workbook, as the reader sees it (sheet -> rows of typed values)."""
    bacaan = baca_workbook(data)
    assert bacaan.masalah == []
    return {lb.nama: [dict(b.nilai) for b in bacaan.rows(lb)] for lb in LEMBAR_DATA}


@pytest.fixture
def seeded(uow_factory):
    """The template's example data, imported."""
    hasil = impor(uow_factory, template())
    assert hasil.ditulis
    return uow_factory


# ---------------------------------------------------------------------------- golden
def test_lampiran_i_typed_as_indonesian_text_gives_the_quarters(uow_factory):
    """Pergub 17/2023 Lampiran I: Tw I 31,41, Tw II 23,69, Tw III 18,95, Tw IV 25,95; total Rp 1.824.205.000."""
    hasil = impor(uow_factory, workbook_lampiran_i_teks())
    assert hasil.ditulis
    uow = uow_factory()
    with uow:
        ropp = uow.repo.get_ropp(TAHUN, SK)
    assert ropp is not None
    assert [ropp.triwulan(q)[0] for q in (1, 2, 3, 4)] == [
        D("31.41"),
        D("23.69"),
        D("18.95"),
        D("25.95"),
    ]
    assert [ropp.triwulan(q)[1] for q in (1, 2, 3, 4)] == [
        D(652_116_000),
        D(234_606_450),  # the printed May "207.450" (SPEC: a typo in the source, kept as printed)
        D(180_250_840),
        D(757_231_710),
    ]
    assert ropp.total_bobot == D(100)
    assert ropp.total_anggaran == ropp.pagu == D(1_824_205_000)
    assert ropp.rencana(1).outputs[0].uraian == "Rapat koordinasi"


# ---------------------------------------------------------------------------- happy paths
def test_template_imports_and_reimport_changes_nothing(uow_factory):
    dry = impor(uow_factory, template(), dry_run=True)
    assert not dry.ditulis and dry.perubahan
    assert keadaan(uow_factory) == ([], [], [], {}, {}, [])  # the dry run wrote nothing

    hasil = impor(uow_factory, template())
    assert hasil.ditulis and hasil.perubahan == dry.perubahan
    assert hasil.berubah == {
        "pd": 1,
        "pejabat": 3,
        "node": 6,
        "indikator": 6,
        "ropp": 12,
        "realisasi": 1,
    }
    assert len(perubahan(uow_factory)) == len(hasil.perubahan)
    sebelum = keadaan(uow_factory)

    lagi = impor(uow_factory, template(), now=NOW + timedelta(days=1))
    assert (lagi.ditulis, lagi.perubahan) == (False, ())
    assert "Tidak ada perubahan" in rangkum(lagi)
    assert keadaan(uow_factory) == sebelum  # no new revision, no change-log row


def test_changed_file_updates_by_code_and_logs_old_and_new(seeded):
    def fn(wb: Workbook) -> None:
        wb["Perangkat Daerah"]["B2"] = "Bappeda Provinsi Banten"
        wb["Kaskade"]["C5"] = "Program baru"  # 5.01.02
        wb["Indikator"]["E7"] = "24"  # target of the sub kegiatan's indicator
        wb["ROPP"]["C3"], wb["ROPP"]["C4"] = "9,46", "18,95"  # swap February and March
        wb["Realisasi"]["C2"] = "2,5"

    later = NOW + timedelta(hours=1)
    hasil = impor(seeded, ubah(template(), fn), now=later)
    got = {(p.entitas, p.kode, p.kolom): (p.nilai_lama, p.nilai_baru) for p in hasil.perubahan}
    assert got == {
        ("pd", PD_KODE, "nama"): (
            "Badan Perencanaan Pembangunan Daerah",
            "Bappeda Provinsi Banten",
        ),
        (
            "node",
            "2026/5.01.02",
            "nama",
        ): ("Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "Program baru"),
        ("indikator", f"2026/{SK}#1", "target_tahunan"): ("12", "24"),
        ("ropp", f"2026/{SK}/2", "target_bobot"): ("18,95", "9,46"),
        ("ropp", f"2026/{SK}/3", "target_bobot"): ("9,46", "18,95"),
        ("realisasi", f"2026/{SK}/1", "realisasi_bobot"): ("3", "2,5"),
    }
    log = perubahan(seeded, entitas="pd", kode=PD_KODE)
    last = log[-1]
    assert (last.kolom, last.nilai_lama, last.nilai_baru) == (
        "nama",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda Provinsi Banten",
    )
    assert (last.saluran, last.oleh, last.dicatat_pada) == (Saluran.IMPORT, "uji", later)

    uow = seeded()
    with uow:
        r = uow.repo
        assert r.get_pd(PD_KODE).nama == "Bappeda Provinsi Banten"
        assert r.get_node(TAHUN, "5.01.02").nama == "Program baru"
        assert r.get_ropp(TAHUN, SK).rencana(2).target_bobot == D("9.46")
        history = r.realisasi_history(TAHUN, SK, 1)
    assert [(h.revisi, h.realisasi_bobot, h.saluran) for h in history] == [
        (1, D(3), Saluran.IMPORT),
        (2, D("2.5"), Saluran.IMPORT),
    ]
    assert history[-1].dibuat_oleh == "uji"


def test_dash_in_kendala_cells_is_no_kendala(seeded):
    """A "-" or "Tidak ada." typed in the Kendala / Tindak Lanjut cells is stored as none, as the
    bot stores its "Tidak ada" button (not an obstacle to escalate to Bappeda)."""

    def fn(wb: Workbook) -> None:
        wb["Realisasi"]["E2"], wb["Realisasi"]["F2"] = "-", "Tidak ada."

    hasil = impor(seeded, ubah(template(), fn), now=NOW + timedelta(hours=1))
    got = {(p.kolom, p.nilai_baru) for p in hasil.perubahan if p.entitas == "realisasi"}
    assert got == {("kendala", None), ("tindak_lanjut", None)}
    uow = seeded()
    with uow:
        (_, baru) = uow.repo.realisasi_history(TAHUN, SK, 1)
    assert (baru.kendala, baru.tindak_lanjut) == (None, None)
    # the same cells again: nothing changes (None stored, "-" in the file)
    lagi = impor(seeded, ubah(template(), fn), now=NOW + timedelta(hours=2))
    assert lagi.perubahan == ()


def test_dry_run_reports_changes_and_writes_nothing(seeded):
    sebelum = keadaan(seeded)
    hasil = impor(seeded, sel(template(), "Pejabat", "B3", "Nama Baru"), dry_run=True)
    assert (hasil.dry_run, hasil.ditulis) == (True, False)
    assert [str(p) for p in hasil.perubahan] == [
        f"pejabat {NIP_KABID} nama: 'Kabid Pengendalian (contoh)' -> 'Nama Baru'"
    ]
    assert "Uji coba" in rangkum(hasil)
    assert keadaan(seeded) == sebelum


def test_items_missing_from_the_workbook_are_left_alone(seeded):
    """A workbook with only a ROPP changes only that ROPP; nothing else is deleted."""
    sebelum = keadaan(seeded)

    def fn(wb: Workbook) -> None:
        for nama in ("Perangkat Daerah", "Pejabat", "Kaskade", "Indikator", "Realisasi"):
            isi_lembar(wb, nama, [])
        isi_lembar(
            wb, "ROPP", [[SK, m, "50" if m in (1, 2) else "0", "912.102.500"] for m in range(1, 3)]
        )
        isi_lembar(wb, "ROPP Output", [])

    hasil = impor(seeded, ubah(template(), fn))
    assert {p.entitas for p in hasil.perubahan} == {"ropp"}
    sesudah = keadaan(seeded)
    assert sesudah[:3] == sebelum[:3]
    assert [b.bulan for b in sesudah[3][SK].bulan] == [1, 2]
    # the removed months are logged as removed
    assert ("ropp", f"2026/{SK}/12", "target_bobot", "7", None) in {
        (p.entitas, p.kode, p.kolom, p.nilai_lama, p.nilai_baru) for p in hasil.perubahan
    }


def test_new_nodes_with_indicators_grouping_children(seeded):
    def fn(wb: Workbook) -> None:
        ws = wb["Kaskade"]
        ws.append(
            ["5.01.02.2.02", "Kegiatan", "Kegiatan kedua", "5.01.02", PD_KODE, "2", None, NIP_KABID]
        )
        ws = wb["Indikator"]
        ws.append(
            [
                "5.01.02",
                "IKP-2",
                "Indikator program berkelompok",
                "persen",
                "100",
                *[None] * 4,  # Target Tw I..IV
                "turun",
                NIP_KABID,
                "5.01.02.2.02, 5.01.02.2.01",
            ]
        )

    impor(seeded, ubah(template(), fn))
    uow = seeded()
    with uow:
        program = uow.repo.get_node(TAHUN, "5.01.02")
        baru = uow.repo.get_node(TAHUN, "5.01.02.2.02")
    assert baru.bobot_relatif == D(2)
    ind = program.indikator[-1]
    assert (ind.kode, ind.arah.value, ind.anak_kode) == (
        "IKP-2",
        "turun",
        ("5.01.02.2.01", "5.01.02.2.02"),
    )
    # and the same file again is a no-op (child order in the cell does not matter)
    assert impor(seeded, ubah(template(), fn)).perubahan == ()


def test_late_realisasi_is_marked_late(seeded):
    hasil = impor(
        seeded,
        sel(template(), "Realisasi", "D2", "260.000.000"),
        now=datetime(2026, 3, 2, tzinfo=UTC),
    )
    assert hasil.ditulis
    uow = seeded()
    with uow:
        latest = uow.repo.latest_realisasi(TAHUN, SK)[1]
    assert (latest.revisi, latest.terlambat, latest.realisasi_anggaran) == (2, True, D(260_000_000))


def test_changed_realisasi_keeps_the_output_volumes_of_the_previous_revision(seeded):
    from core import services
    from core.realisasi import RealisasiInput

    services.submit_realisasi(
        seeded(),
        RealisasiInput(SK, TAHUN, 1, D(3), D(250_000_000), {1: D(1)}),
        oleh_nip=None,
        saluran=Saluran.BOT,
        now=NOW,
    )
    impor(seeded, sel(template(), "Realisasi", "F2", "Tindak lanjut baru"))
    uow = seeded()
    with uow:
        latest = uow.repo.latest_realisasi(TAHUN, SK)[1]
    assert (latest.revisi, latest.tindak_lanjut, dict(latest.volume_output)) == (
        3,
        "Tindak lanjut baru",
        {1: D(1)},
    )


def test_renaming_a_program_keeps_its_indicator_realisasi(seeded):
    from core import services

    services.submit_realisasi_indikator(
        seeded(),
        tahun=TAHUN,
        node_kode="5.01.02",
        urutan=1,
        periode="2026-Q1",
        nilai=D(50),
        oleh_nip=None,
        saluran=Saluran.API,
        now=NOW,
    )
    impor(seeded, sel(template(), "Kaskade", "C5", "Program, nama baru"))
    uow = seeded()
    with uow:
        (ref,) = uow.repo.list_indikator(TAHUN, "5.01.02")
        assert uow.repo.latest_realisasi_indikator([ref.id], "2026-Q1")


# ---------------------------------------------------------------------------- round trip
def test_export_import_export_round_trip(seeded):
    # make the data less trivial first: a second sub kegiatan with outputs, text numbers, NIP spaces
    def fn(wb: Workbook) -> None:
        wb["Kaskade"].append(
            [
                "5.01.02.2.01.0006",
                "Sub Kegiatan",
                "SK dua",
                "5.01.02.2.01",
                PD_KODE,
                "0,5",
                "1.000.000,50",
                "99990000 0000000003",
            ]
        )
        wb["Indikator"].append(
            ["5.01.02.2.01.0006", None, "Dokumen", "dokumen", "2,75", *[None] * 4, None, None, None]
        )
        for m in range(1, 13):
            wb["ROPP"].append(
                [
                    "5.01.02.2.01.0006",
                    m,
                    "8,33" if m < 12 else "8,37",
                    "83.333,33" if m < 12 else "83.333,87",
                ]
            )
        wb["ROPP Output"].append(
            ["5.01.02.2.01.0006", 12, "Dokumen akhir", "8,37", "1,5", "dokumen"]
        )

    impor(seeded, ubah(template(), fn))
    pertama = ekspor_workbook(seeded(), TAHUN)
    hasil = impor(seeded, pertama)
    assert hasil.perubahan == () and not hasil.ditulis
    kedua = ekspor_workbook(seeded(), TAHUN)
    assert isi(kedua) == isi(pertama)
    data = isi(pertama)
    assert len(data["Kaskade"]) == 7 and len(data["ROPP"]) == 24
    sk2 = next(r for r in data["Kaskade"] if r["kode"] == "5.01.02.2.01.0006")
    assert (sk2["bobot_relatif"], sk2["pagu"], sk2["pj_nip"]) == (
        D("0.5"),
        D("1000000.50"),
        "999900000000000003",
    )
    assert baca_workbook(pertama).tahun == TAHUN


def test_export_of_an_empty_year_is_a_valid_empty_workbook(uow_factory):
    data = ekspor_workbook(uow_factory(), 2030)
    assert all(rows == [] for rows in isi(data).values())


# ---------------------------------------------------------------------------- bad input
def _tambah_pd_baru(wb: Workbook) -> None:
    """A valid change, so that 'nothing written' is observable."""
    wb["Perangkat Daerah"].append(["9.99", "PD Baru", "PDB", "I"])


def _salah(fn):
    def both(wb: Workbook) -> None:
        _tambah_pd_baru(wb)
        fn(wb)

    return lambda: ubah(template(), both)


def _set(sheet: str, ref: str, value):
    def fn(wb: Workbook) -> None:
        wb[sheet][ref] = value

    return _salah(fn)


def _hapus_lembar(wb: Workbook) -> None:
    del wb["Pejabat"]


def _ganti_nama(wb: Workbook) -> None:
    wb["ROPP"].title = "ROPP 2026"


def _gabung(wb: Workbook) -> None:
    wb["Kaskade"].merge_cells("E4:E6")


def _kosong_tengah(wb: Workbook) -> None:
    wb["Kaskade"].insert_rows(4)


def _yatim(wb: Workbook) -> None:
    wb["Kaskade"].append(
        ["5.09.01", "Program", "Program yatim", "S.TIDAK.ADA", PD_KODE, None, None, None]
    )


def _duplikat(wb: Workbook) -> None:
    wb["Kaskade"].append(
        ["5.01.02", "Program", "Program dobel", "S.BAPPEDA.1", PD_KODE, None, None, None]
    )


BAD = {
    "missing sheet": (
        _salah(_hapus_lembar),
        ("Pejabat", None, None),
        "lembar ini tidak ditemukan",
    ),
    "renamed sheet": (_salah(_ganti_nama), ("ROPP", None, None), "ROPP 2026"),
    "renamed header": (
        _set("Kaskade", "D1", "Induk"),
        ("Kaskade", 1, None),
        "'Kode Induk' tidak ditemukan",
    ),
    "merged cells": (_salah(_gabung), ("Kaskade", 4, "E"), "sel digabung (E4:E6)"),
    "formula": (_set("ROPP", "D4", "=D2+D3"), ("ROPP", 4, "D"), "berisi rumus"),
    "empty row in the middle": (
        _salah(_kosong_tengah),
        ("Kaskade", 4, None),
        "baris kosong di tengah",
    ),
    "text in a numeric cell": (
        _set("ROPP", "D5", "dua ratus juta"),
        ("ROPP", 5, "D"),
        "bukan angka",
    ),
    "date typed as text": (_set("Realisasi", "D2", "31/01/2026"), ("Realisasi", 2, "D"), "tanggal"),
    "ambiguous 12.5": (_set("ROPP", "C3", "18.95"), ("ROPP", 3, "C"), "ambigu"),
    "duplicate code": (
        _salah(_duplikat),
        ("Kaskade", 8, "A"),
        "Kode 5.01.02 sudah ada di baris 5 (duplikat)",
    ),
    "orphan parent": (_salah(_yatim), ("Kaskade", 8, "D"), "induk S.TIDAK.ADA tidak ditemukan"),
    "bobot not 100": (_set("ROPP", "C12", "17,95"), ("ROPP", 2, "C"), "setahun 99, seharusnya 100"),
    "negative anggaran": (_set("ROPP", "D6", "-207.450"), ("ROPP", 6, "D"), "tidak boleh negatif"),
    "unknown pejabat NIP": (
        _set("Kaskade", "H7", "199001012020121001"),
        ("Kaskade", 7, "H"),
        "NIP 199001012020121001 tidak ada",
    ),
    "unknown PD": (
        _set("Pejabat", "E2", "1.23"),
        ("Pejabat", 2, "E"),
        "Perangkat Daerah 1.23 tidak ada",
    ),
    "wrong year": (_set("Petunjuk", "B3", 2025), ("Petunjuk", 3, "B"), "untuk tahun anggaran 2025"),
    "anggaran not pagu": (
        _set("ROPP", "D13", "4.139.001"),
        ("ROPP", 2, "D"),
        "tidak sama dengan pagu Rp 1.824.205.000",
    ),
    "output bobot not month target": (
        _set("ROPP Output", "D2", "2"),
        ("ROPP Output", 2, "D"),
        "jumlah bobot output",
    ),
    "realisasi bad month": (_set("Realisasi", "B2", 13), ("Realisasi", 2, "B"), "tidak sah"),
    "realisasi for a program": (
        _set("Realisasi", "A2", "5.01.02"),
        ("Realisasi", 2, "A"),
        "adalah Program, bukan Sub Kegiatan",
    ),
    "realisasi over 100": (_set("Realisasi", "C2", "101"), ("Realisasi", 2, "C"), "melebihi 100"),
    "parent at wrong level": (
        _set("Kaskade", "D7", "5.01.02"),
        ("Kaskade", 7, "D"),
        "bertingkat Program, seharusnya Kegiatan",
    ),
    "anak not a child": (
        _set("Indikator", "L4", "5.01.02.2.01"),
        ("Indikator", 4, "L"),
        "bukan anak langsung",
    ),
    "pagu on a program": (_set("Kaskade", "G5", "1.000"), ("Kaskade", 5, "G"), "pagu hanya"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_is_reported_and_nothing_is_written(seeded, case):
    buat, (lembar, baris, kolom), pesan = BAD[case]
    sebelum = keadaan(seeded)
    for dry_run in (True, False):
        err = ditolak(seeded, buat(), dry_run=dry_run)
        cocok = [m for m in err.rincian if pesan in m.pesan]
        assert cocok, [str(m) for m in err.rincian]
        assert (cocok[0].lembar, cocok[0].baris, cocok[0].kolom) == (lembar, baris, kolom), str(
            cocok[0]
        )
        assert pesan in str(err)  # the plain ValidasiError text carries it too
    assert keadaan(seeded) == sebelum


@pytest.mark.parametrize(
    "data,pesan",
    [
        (
            b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024),
            "Berkas terlalu besar (50 MB); batasnya 20 MB",
        ),
        (b"kode;nama\n9.99;PD Baru\n", "bukan buku kerja Excel .xlsx"),
        (OLE_HEADER, "Berkas dilindungi kata sandi"),
        (zip_bomb(201), "melebihi batas 200 MB"),
    ],
    ids=["50 MB", "not xlsx", "password protected", "zip bomb"],
)
def test_unreadable_files_are_refused(seeded, data, pesan):
    sebelum = keadaan(seeded)
    err = ditolak(seeded, data)
    assert len(err.rincian) == 1 and pesan in err.rincian[0].pesan
    assert str(err) == err.rincian[0].pesan  # a file-level problem has no location
    assert keadaan(seeded) == sebelum


def test_size_limit_is_configurable(seeded):
    err = ditolak(seeded, template(), batas=BatasBerkas(maks_byte=10_000))
    assert "batasnya" in err.rincian[0].pesan


def test_every_error_of_the_workbook_is_reported_at_once(seeded):
    data = template()
    data = sel(data, "Pejabat", "A4", "123")  # NIP too short
    data = sel(data, "Kaskade", "H7", "199001012020121001")  # unknown NIP
    data = sel(data, "ROPP", "C12", "17,95")  # bobot 99
    data = sel(data, "Realisasi", "D2", "x")  # text in a number
    err = ditolak(seeded, data)
    assert [(m.lembar, m.baris, m.kolom) for m in err.rincian] == [
        ("Pejabat", 4, "A"),
        ("Kaskade", 7, "H"),
        ("ROPP", 2, "C"),
        ("Realisasi", 2, "D"),
    ]


def test_the_write_is_one_transaction(seeded, monkeypatch):
    """A failure after the first writes (here: the change log) leaves nothing behind."""
    from core.persistence.impor_queries import ImporQueriesMixin

    sebelum = keadaan(seeded)

    def boom(self, items):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(ImporQueriesMixin, "catat_perubahan", boom)
    with pytest.raises(RuntimeError):
        impor(seeded, ubah(template(), _tambah_pd_baru))
    monkeypatch.undo()
    assert keadaan(seeded) == sebelum


def test_tingkat_of_a_stored_code_cannot_change(seeded):
    err = ditolak(seeded, sel(template(), "Kaskade", "B5", "Kegiatan"))
    m = next(m for m in err.rincian if "tidak dapat diubah" in m.pesan)
    assert (m.lembar, m.baris, m.kolom) == ("Kaskade", 5, "B")
    assert "sudah tersimpan sebagai Program" in m.pesan


def test_a_fresh_database_takes_a_partial_cascade_with_stored_parents(seeded):
    """Parents may come from the database: a new branch under a stored Kegiatan."""

    def fn(wb: Workbook) -> None:
        for nama in (
            "Perangkat Daerah",
            "Pejabat",
            "Indikator",
            "ROPP",
            "ROPP Output",
            "Realisasi",
        ):
            isi_lembar(wb, nama, [])
        isi_lembar(
            wb, "Kaskade", [kaskade_lampiran_i(pagu=None)[-1][:3] + ["5.01.02.2.01", PD_KODE]]
        )
        wb["Kaskade"]["A2"] = "5.01.02.2.01.0009"

    hasil = impor(seeded, ubah(template(), fn))
    assert {(p.entitas, p.kode) for p in hasil.perubahan} == {("node", "2026/5.01.02.2.01.0009")}


# ---------------------------------------------------------------------------- schema
def test_change_log_model_matches_migration(engine):
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert [d for d in diffs if "perubahan_data" in repr(d)] == []


def test_migration_0002_downgrades_and_upgrades(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    downgrade(url, "0001")
    eng = make_engine(url)
    with eng.connect() as conn:
        from sqlalchemy import inspect

        assert "perubahan_data" not in inspect(conn).get_table_names()
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        from sqlalchemy import inspect

        cols = {c["name"] for c in inspect(conn).get_columns("perubahan_data")}
    eng.dispose()
    assert cols == {
        "id",
        "dicatat_pada",
        "saluran",
        "oleh",
        "entitas",
        "kode",
        "kolom",
        "nilai_lama",
        "nilai_baru",
    }


# ---------------------------------------------------------------------------- CLI
@pytest.fixture
def cli(engine):
    container = Container(Settings(), engine, make_session_factory(engine), lambda: NOW)
    app = typer.Typer()
    register(app, lambda: container)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args))

    return run


def test_cli_template_import_export(cli, tmp_path, uow_factory):
    tpl = tmp_path / "templat.xlsx"
    r = cli("template", "--out", str(tpl))
    assert r.exit_code == 0, r.output
    assert baca_workbook(tpl.read_bytes()).tahun == 2026  # the clock's year

    r = cli("import", str(tpl), "--tahun", "2026", "--dry-run")
    assert r.exit_code == 0, r.output
    assert "Uji coba" in r.output and keadaan(uow_factory)[0] == []

    r = cli("import", str(tpl), "--tahun", "2026")
    assert r.exit_code == 0, r.output
    assert "Impor selesai" in r.output
    assert all(c.oleh and c.oleh.startswith("cli") for c in perubahan(uow_factory))

    r = cli("import", str(tpl))
    assert r.exit_code == 0 and "Tidak ada perubahan" in r.output

    out = tmp_path / "ekspor.xlsx"
    r = cli("export", "--out", str(out), "--tahun", "2026")
    assert r.exit_code == 0, r.output
    assert isi(out.read_bytes())["ROPP"] == isi(tpl.read_bytes())["ROPP"]


def test_cli_reports_every_problem_and_exits_1(cli, tmp_path, uow_factory):
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(sel(sel(template(), "ROPP", "C3", "12.5"), "Kaskade", "G7", "-1"))
    r = cli("import", str(bad))
    assert r.exit_code == 1
    assert "Impor ditolak: 2 masalah. Tidak ada data yang disimpan." in r.output
    assert "- Lembar 'Kaskade', baris 7, kolom G (Pagu (Rp)): tidak boleh negatif" in r.output
    assert "- Lembar 'ROPP', baris 3, kolom C (Target Fisik / Bobot (%)): '12.5' ambigu" in r.output
    assert keadaan(uow_factory)[0] == []


def test_cli_refuses_a_big_file_by_size_before_reading(cli, tmp_path):
    big = tmp_path / "besar.xlsx"
    with big.open("wb") as f:
        f.truncate(3 * 1024 * 1024)
    r = cli("import", str(big), "--maks-mb", "2")
    assert r.exit_code == 1 and "terlalu besar (3 MB); batasnya 2 MB" in r.output
    assert cli("import", str(tmp_path / "tidak-ada.xlsx")).exit_code == 1
    assert cli("export", "--out", str(tmp_path / "x.csv")).exit_code == 1
