"""The workbook layout, the reader's file checks and cell reading (no database)."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.excel import reader as reader_mod
from core.excel.reader import BatasBerkas, MasalahImpor, baca_workbook, periksa_berkas
from core.excel.template import (
    LEMBAR_DATA,
    LEMBAR_KASKADE,
    LEMBAR_ROPP,
    PETUNJUK,
    contoh,
    lembar_menurut_nama,
    petunjuk,
)
from core.excel.writer import IsiWorkbook, baris_lembar, buat_template, tulis_workbook
from core.ropp import validate_ropp
from tests.fixtures.workbooks import (
    LAMPIRAN_I_TEKS,
    OLE_HEADER,
    SK,
    isi_lembar,
    sel,
    template,
    ubah,
    workbook_lampiran_i_teks,
    zip_bomb,
    zip_bytes,
)

D = Decimal


def masalah(data: bytes, **kw) -> list[MasalahImpor]:
    return baca_workbook(data, **kw).masalah


def satu(data: bytes, **kw) -> MasalahImpor:
    found = masalah(data, **kw)
    assert len(found) == 1, [str(m) for m in found]
    return found[0]


# ---------------------------------------------------------------------------- layout and template
def test_template_reads_back_without_problems():
    bacaan = baca_workbook(template())
    assert bacaan.masalah == []
    assert bacaan.tahun == 2026
    assert bacaan.lengkap
    assert {n: len(r) for n, r in bacaan.baris.items()} == {
        "Perangkat Daerah": 1,
        "Pejabat": 3,
        "Kaskade": 6,
        "Indikator": 6,
        "ROPP": 12,
        "ROPP Output": 3,
        "Realisasi": 1,
    }


def test_template_sheets_headers_and_order():
    wb = load_workbook(io.BytesIO(template()))
    assert wb.sheetnames == [PETUNJUK, *(lb.nama for lb in LEMBAR_DATA)]
    for lembar in LEMBAR_DATA:
        ws = wb[lembar.nama]
        assert [c.value for c in ws[1]] == [k.judul for k in lembar.kolom]
        assert ws.freeze_panes == "A2"
        for c in ws[1]:
            assert c.comment is not None and c.comment.text  # every header explains itself


def test_template_has_drop_downs_for_every_list():
    wb = load_workbook(io.BytesIO(template()))

    def dv(sheet: str, col: str) -> str:
        for v in wb[sheet].data_validations.dataValidation:
            if any(str(r).startswith(f"{col}2:") for r in v.sqref.ranges):
                return v.formula1
        raise AssertionError(f"no drop-down at {sheet}!{col}")

    assert dv("Perangkat Daerah", "D") == '"I,II,III"'
    assert dv("Kaskade", "B") == '"Tujuan,Sasaran Daerah,Sasaran PD,Program,Kegiatan,Sub Kegiatan"'
    assert dv("Indikator", "J") == '"naik,turun"'
    assert dv("ROPP", "B") == '"1,2,3,4,5,6,7,8,9,10,11,12"'
    assert dv("Realisasi", "B") == '"1,2,3,4,5,6,7,8,9,10,11,12"'
    assert dv("Kaskade", "E") == "'Perangkat Daerah'!$A$2:$A$2000"  # PD codes
    assert dv("Kaskade", "H") == "'Pejabat'!$A$2:$A$2000"  # NIPs
    assert dv("Pejabat", "F") == "'Pejabat'!$A$2:$A$2000"
    assert dv("ROPP", "A") == "'Kaskade'!$A$2:$A$2000"


def test_petunjuk_explains_formats_codes_levels_and_every_column():
    wb = load_workbook(io.BytesIO(template()))
    text = "\n".join(
        " ".join(str(c.value) for c in row if c.value is not None) for row in wb[PETUNJUK].rows
    )
    for needed in ("12,5", "1.824.205.000", "12.5", "Tahun anggaran 2026", "Sub Kegiatan", "NIP"):
        assert needed in text
    for lembar in LEMBAR_DATA:
        assert f"Lembar {lembar.nama}" in text
        for k in lembar.kolom:
            assert k.judul in text
    assert petunjuk(2027)[2] == ("Tahun anggaran", "2027")


def test_template_example_is_the_lampiran_i_plan_and_valid():
    c = contoh()
    (ropp,) = c.ropp
    pagu = next(n.pagu for n in c.nodes if n.kode == ropp.sub_kegiatan_kode)
    assert validate_ropp(replace(ropp, pagu=pagu)) == []
    assert [ropp.triwulan(q)[0] for q in (1, 2, 3, 4)] == [
        D("31.41"),
        D("23.69"),
        D("18.95"),
        D("25.95"),
    ]


def test_template_without_examples_has_only_headers():
    bacaan = baca_workbook(buat_template(2026, dengan_contoh=False))
    assert bacaan.masalah == [] and all(rows == [] for rows in bacaan.baris.values())


def test_writer_and_reader_agree_on_every_value():
    c = contoh()
    isi = IsiWorkbook(c.pd, c.pejabat, c.nodes, c.ropp, c.realisasi)
    bacaan = baca_workbook(tulis_workbook(isi, 2026))
    written = baris_lembar(isi)
    for lembar in LEMBAR_DATA:
        got = [dict(b.nilai) for b in bacaan.rows(lembar)]
        expected = [
            {
                k.kunci: (
                    tuple(p.strip() for p in row[k.kunci].split(","))
                    if k.jenis.value == "daftar_kode" and row.get(k.kunci)
                    else row.get(k.kunci)
                )
                for k in lembar.kolom
            }
            for row in written[lembar.nama]
        ]
        assert got == expected, lembar.nama


def test_long_decimals_survive_excel_as_text():
    """A value with more than 15 significant digits cannot go through a double: it is written as text."""
    c = contoh()
    node = c.nodes[-1]
    big = D("123456789012345.67")
    nodes = [*c.nodes[:-1], replace(node, pagu=big)]
    bacaan = baca_workbook(tulis_workbook(IsiWorkbook(c.pd, c.pejabat, nodes), 2026))
    assert bacaan.rows(LEMBAR_KASKADE)[-1].angka("pagu") == big


def test_columns_may_be_reordered():
    def fn(wb: Workbook) -> None:
        ws = wb["ROPP"]
        for r in range(1, ws.max_row + 1):
            a, c = ws.cell(r, 1).value, ws.cell(r, 3).value
            ws.cell(r, 1).value, ws.cell(r, 3).value = c, a

    bacaan = baca_workbook(ubah(template(), fn))
    assert bacaan.masalah == []
    first = bacaan.rows(LEMBAR_ROPP)[0]
    assert (first.teks("kode"), first.angka("target_bobot")) == (SK, D(3))
    assert first.masalah("x", "kode").kolom == "C"


# ---------------------------------------------------------------------------- numbers
def test_indonesian_text_numbers_are_read_exactly():
    bacaan = baca_workbook(workbook_lampiran_i_teks())
    assert bacaan.masalah == []
    rows = bacaan.rows(LEMBAR_ROPP)
    assert [b.angka("target_bobot") for b in rows] == [
        D(b.replace(",", ".")) for b, _ in LAMPIRAN_I_TEKS
    ]
    assert [b.angka("anggaran_kas") for b in rows] == [
        D(a.replace(".", "")) for _, a in LAMPIRAN_I_TEKS
    ]
    assert sum(b.angka("anggaran_kas") for b in rows) == D(1_824_205_000)
    assert bacaan.rows(LEMBAR_KASKADE)[-1].angka("pagu") == D(1_824_205_000)


def test_real_excel_numbers_are_accepted():
    data = sel(sel(template(), "ROPP", "C3", 18.95), "ROPP", "D3", 194700000)
    row = baca_workbook(data).rows(LEMBAR_ROPP)[1]
    assert (row.angka("target_bobot"), row.angka("anggaran_kas")) == (D("18.95"), D(194700000))


def test_ambiguous_dot_decimal_is_reported_not_guessed():
    m = satu(sel(template(), "ROPP", "C3", "12.5"))
    assert (m.lembar, m.baris, m.kolom, m.judul) == ("ROPP", 3, "C", "Target Fisik / Bobot (%)")
    assert "ambigu" in m.pesan and "12,5" in m.pesan
    assert str(m).startswith("Lembar 'ROPP', baris 3, kolom C (Target Fisik / Bobot (%)): ")


def test_text_in_a_numeric_cell():
    m = satu(sel(template(), "ROPP", "D4", "seratus juta"))
    assert (m.baris, m.kolom) == (4, "D") and "bukan angka" in m.pesan


@pytest.mark.parametrize(("text", "pesan"), [("250,000", "ambigu"), ("70%", "bukan persen")])
def test_english_thousands_or_percent_as_text_in_a_rupiah_column(text, pesan):
    """Anggaran Kas (Rp) "250,000" is not Rp 250, "70%" is not Rp 70; a bobot "1,500" stays 1,5."""
    m = satu(sel(template(), "ROPP", "D4", text))
    assert (m.baris, m.kolom, m.judul) == (4, "D", "Anggaran Kas (Rp)") and pesan in m.pesan
    row = baca_workbook(sel(template(), "ROPP", "C4", "1,500")).rows(LEMBAR_ROPP)[2]
    assert row.angka("target_bobot") == D("1.5")


@pytest.mark.parametrize("value", ["1.824.205.000.000.000.000", 1.824205e21])
def test_a_huge_number_is_reported_not_overflowed(value):
    """A group of zeros too many would overflow PostgreSQL's NUMERIC(24, 6) when saved."""
    m = satu(sel(template(), "ROPP", "D4", value))
    assert (m.baris, m.kolom) == (4, "D") and "terlalu besar" in m.pesan


@pytest.mark.parametrize(
    "text", ["12/03/2026", "2026-03-12", "12-03-2026", "12 Maret 2026", "03/2026"]
)
def test_date_typed_as_text_in_a_numeric_cell(text):
    m = satu(sel(template(), "ROPP", "D4", text))
    assert "tanggal" in m.pesan and (m.baris, m.kolom) == (4, "D")


def test_real_date_in_a_numeric_cell():
    m = satu(sel(template(), "Kaskade", "G7", datetime(2026, 3, 1)))
    assert "berisi tanggal" in m.pesan and (m.lembar, m.baris, m.kolom) == ("Kaskade", 7, "G")


@pytest.mark.parametrize("value", ["01/03/2026", datetime(2026, 3, 1)])
def test_date_in_the_month_column(value):
    m = satu(sel(template(), "ROPP", "B4", value))
    assert "bulan 1 sampai 12" in m.pesan and m.kolom == "B"


def test_month_names_are_accepted_and_13_is_not():
    data = sel(sel(template(), "ROPP", "B2", "Januari"), "ROPP", "B3", "feb")
    rows = baca_workbook(data).rows(LEMBAR_ROPP)
    assert [rows[0].bulan(), rows[1].bulan()] == [1, 2]
    assert "tidak sah" in satu(sel(template(), "ROPP", "B2", 13)).pesan


def test_percent_formatted_cell_is_refused():
    def fn(wb: Workbook) -> None:
        wb["ROPP"]["C2"] = 0.03
        wb["ROPP"]["C2"].number_format = "0%"

    assert "persen" in satu(ubah(template(), fn)).pesan


def test_negative_and_zero_where_not_allowed():
    assert "negatif" in satu(sel(template(), "ROPP", "D2", "-1.000")).pesan
    assert "lebih dari 0" in satu(sel(template(), "Kaskade", "F3", 0)).pesan


def test_required_cell_left_empty():
    m = satu(sel(template(), "Kaskade", "C4", "   "))
    assert (m.baris, m.kolom, m.pesan) == (4, "C", "wajib diisi.")


# ---------------------------------------------------------------------------- codes and NIPs
def test_nip_typed_as_number_is_refused():
    m = satu(sel(template(), "Pejabat", "A2", 999900000000000001))
    assert "Teks" in m.pesan and (m.lembar, m.baris, m.kolom) == ("Pejabat", 2, "A")


def test_nip_with_spaces_is_normalised_and_length_checked():
    rows = baca_workbook(sel(template(), "Pejabat", "A2", "99990000 000000 0 001")).rows(
        lembar_menurut_nama("Pejabat")
    )
    assert rows[0].teks("nip") == "999900000000000001"
    assert "18 digit" in satu(sel(template(), "Pejabat", "A2", "12345")).pesan


def test_code_typed_as_decimal_number_is_refused_but_whole_number_accepted():
    assert "Teks" in satu(sel(template(), "Perangkat Daerah", "A2", 1.1)).pesan
    bacaan = baca_workbook(sel(template(), "Kaskade", "A2", 7))
    # the code changed, so the Indikator sheet now points at an unknown node - only the reader runs
    assert bacaan.masalah == [] and bacaan.rows(LEMBAR_KASKADE)[0].teks("kode") == "7"


@pytest.mark.parametrize(
    "text,value",
    [
        ("Sub Kegiatan", "sub_kegiatan"),
        ("SUB_KEGIATAN", "sub_kegiatan"),
        ("sasaran pd", "sasaran_pd"),
    ],
)
def test_choices_accept_label_or_value_in_any_case(text, value):
    rows = baca_workbook(sel(template(), "Kaskade", "B7", text)).rows(LEMBAR_KASKADE)
    assert rows[5].teks("tingkat") == value


def test_invalid_choice_lists_the_valid_ones():
    m = satu(sel(template(), "Perangkat Daerah", "D2", "IV"))
    assert "I, II, III" in m.pesan


# ---------------------------------------------------------------------------- structure
def test_missing_sheet():
    def fn(wb: Workbook) -> None:
        del wb["ROPP Output"]

    m = satu(ubah(template(), fn))
    assert m.lembar == "ROPP Output" and "tidak ditemukan" in m.pesan
    assert not baca_workbook(ubah(template(), fn)).lengkap


def test_renamed_sheet_gets_a_hint():
    def fn(wb: Workbook) -> None:
        wb["Kaskade"].title = "Kaskade (2)"

    m = satu(ubah(template(), fn))
    assert str(m).startswith("Lembar 'Kaskade': lembar ini tidak ditemukan.")
    assert "Kaskade (2)" in m.pesan

    def lower(wb: Workbook) -> None:
        wb["Pejabat"].title = "pejabat "

    assert "kembalikan namanya" in satu(ubah(template(), lower)).pesan


def test_renamed_header():
    found = masalah(sel(template(), "ROPP", "C1", "Bobot"))
    assert [(m.baris, m.kolom) for m in found] == [(1, None), (1, "C")]
    assert "'Target Fisik / Bobot (%)' tidak ditemukan" in found[0].pesan
    assert "'Bobot' tidak dikenal" in found[1].pesan


def test_header_case_and_spacing_do_not_matter():
    assert masalah(sel(template(), "ROPP", "C1", "target fisik /  bobot (%)")) == []


def test_extra_and_untitled_columns():
    assert "tidak dikenal" in satu(sel(template(), "ROPP", "E1", "Catatan")).pesan
    m = satu(sel(template(), "ROPP", "F5", "lupa"))
    assert (m.baris, m.kolom) == (1, "F") and "tidak berjudul" in m.pesan


def test_duplicate_header():
    found = masalah(sel(template(), "ROPP", "E1", "Bulan"))
    assert any("dua kali" in m.pesan and m.kolom == "E" for m in found)


def test_merged_cells_in_data():
    def fn(wb: Workbook) -> None:
        wb["ROPP"].merge_cells("A2:A4")

    found = masalah(ubah(template(), fn))
    assert (found[0].baris, found[0].kolom) == (2, "A") and "digabung (A2:A4)" in found[0].pesan
    # the cells under the merge are empty: reported as well
    assert [(m.baris, m.pesan) for m in found[1:]] == [(3, "wajib diisi."), (4, "wajib diisi.")]


def test_formula_is_refused():
    m = satu(sel(template(), "ROPP", "D3", "=D2*2"))
    assert "rumus (=D2*2)" in m.pesan and (m.baris, m.kolom) == (3, "D")


def test_empty_rows_in_the_middle():
    def fn(wb: Workbook) -> None:
        wb["ROPP"].insert_rows(5, amount=2)

    m = satu(ubah(template(), fn))
    assert (m.lembar, m.baris) == ("ROPP", 5) and "baris 5-6" in m.pesan


def test_trailing_empty_and_formatted_rows_are_ignored():
    def fn(wb: Workbook) -> None:
        ws = wb["ROPP"]
        ws["A40"] = "   "
        ws["B1048576"].number_format = "0.00"  # styled, empty: must not make a million rows

    start = time.monotonic()
    bacaan = baca_workbook(ubah(template(), fn))
    assert bacaan.masalah == [] and len(bacaan.rows(LEMBAR_ROPP)) == 12
    assert time.monotonic() - start < 10


def test_too_many_rows():
    found = masalah(template(), batas=BatasBerkas(maks_baris=5))
    assert {m.lembar for m in found} == {"Kaskade", "Indikator", "ROPP"}
    assert all("terlalu banyak baris" in m.pesan for m in found)


def test_every_problem_is_reported_in_sheet_order():
    data = sel(template(), "Realisasi", "C2", "x")
    data = sel(data, "ROPP", "C3", "12.5")
    data = sel(data, "Pejabat", "A3", 1.0)
    found = masalah(data)
    assert [(m.lembar, m.baris) for m in found] == [("Pejabat", 3), ("ROPP", 3), ("Realisasi", 2)]


def test_year_in_petunjuk_must_be_a_year():
    m = satu(sel(template(), PETUNJUK, "B3", "tahun ini"))
    assert (m.lembar, m.baris, m.kolom) == (PETUNJUK, 3, "B")


# ---------------------------------------------------------------------------- the file itself
def test_file_over_the_size_limit_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(reader_mod, "load_workbook", _never)
    data = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    (m,) = periksa_berkas(data)
    assert "terlalu besar (50" in m.pesan and "20 MB" in m.pesan
    assert baca_workbook(data).masalah == [m]
    assert (
        "batasnya 1 MB"
        in periksa_berkas(template() + b"\0" * 2**20, BatasBerkas(maks_byte=2**20))[0].pesan
    )


def _never(*_a, **_k):
    raise AssertionError("openpyxl must not be given this file")


@pytest.mark.parametrize(
    "data",
    [b"kode;nama\n1;Bappeda\n", b"%PDF-1.7\n", b"<html></html>"],
    ids=["csv", "pdf", "html"],
)
def test_not_an_xlsx(monkeypatch, data):
    monkeypatch.setattr(reader_mod, "load_workbook", _never)
    (m,) = baca_workbook(data).masalah
    assert "bukan buku kerja Excel .xlsx" in m.pesan and m.lembar is None


def test_zip_that_is_not_a_workbook(monkeypatch):
    monkeypatch.setattr(reader_mod, "load_workbook", _never)
    (m,) = baca_workbook(zip_bytes({"data.txt": b"halo"})).masalah
    assert "zip tetapi bukan buku kerja" in m.pesan


def test_password_protected_workbook(monkeypatch):
    monkeypatch.setattr(reader_mod, "load_workbook", _never)
    (m,) = baca_workbook(OLE_HEADER).masalah
    assert m.pesan.startswith("Berkas dilindungi kata sandi")


def test_zip_bomb_is_refused_from_the_directory(monkeypatch):
    monkeypatch.setattr(reader_mod, "load_workbook", _never)
    bomb = zip_bomb(201)
    assert len(bomb) < 1024 * 1024  # small on disk
    (m,) = baca_workbook(bomb).masalah
    assert "melebihi batas 200 MB" in m.pesan
    (m,) = periksa_berkas(zip_bomb(3), BatasBerkas(maks_terurai=2 * 1024 * 1024))
    assert "melebihi" in m.pesan


def test_damaged_workbook():
    data = zip_bytes({"[Content_Types].xml": b"<bukan xml", "xl/workbook.xml": b"??"})
    (m,) = baca_workbook(data).masalah
    assert "rusak" in m.pesan


def test_truncated_zip():
    (m,) = periksa_berkas(template()[:4000])
    assert "rusak" in m.pesan


def test_empty_file():
    assert periksa_berkas(b"")[0].pesan == "Berkas kosong."


def test_only_petunjuk_sheets_may_hold_merged_cells():
    def fn(wb: Workbook) -> None:
        wb[PETUNJUK].merge_cells("A1:B1")

    assert masalah(ubah(template(), fn)) == []


def test_isi_lembar_helper_keeps_the_layout():
    def fn(wb: Workbook) -> None:
        isi_lembar(wb, "ROPP", [[SK, 1, 100, 0]])

    rows = baca_workbook(ubah(template(), fn)).rows(LEMBAR_ROPP)
    assert [(r.nomor, r.angka("target_bobot")) for r in rows] == [(2, D(100))]
