"""Writing the workbook: the template (with example rows) and the export of stored data.

Both use the layout of :mod:`core.excel.template`, so an exported workbook can be edited in Excel and
imported again. Numbers are written as real Excel numbers (exact: at most 15 significant digits go
through a double; longer ones are written as Indonesian text, which the reader parses exactly). Codes
and NIPs are text cells in text-formatted columns, so Excel does not turn "5.01" into a number or round
an 18-digit NIP.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from core.cascade import CascadeNode, Pejabat, PerangkatDaerah, Tingkat
from core.excel.template import (
    CONTOH_TAHUN,
    LABEL_TAHUN,
    LEMBAR_DATA,
    LEMBAR_INDIKATOR,
    LEMBAR_KASKADE,
    LEMBAR_PD,
    LEMBAR_PEJABAT,
    LEMBAR_REALISASI,
    LEMBAR_ROPP,
    LEMBAR_ROPP_OUTPUT,
    PETUNJUK,
    Jenis,
    Kolom,
    Lembar,
    contoh,
    petunjuk,
)
from core.numbers import format_angka
from core.realisasi import RealisasiInput
from core.ropp import Ropp

__all__ = ["IsiWorkbook", "baris_lembar", "buat_template", "tulis_workbook", "urut_kaskade"]

#: Drop-downs and text formats cover at least this many data rows.
BARIS_VALIDASI = 2_000
_DIGIT_EXCEL = 15

_FILL_WAJIB = PatternFill("solid", fgColor="1F4E78")
_FILL_OPSIONAL = PatternFill("solid", fgColor="5B7FA6")
_FONT_JUDUL = Font(bold=True, color="FFFFFF")


@dataclass(frozen=True)
class IsiWorkbook:
    """The data a workbook holds (domain objects, not cells)."""

    pd: Sequence[PerangkatDaerah] = ()
    pejabat: Sequence[Pejabat] = ()
    nodes: Sequence[CascadeNode] = ()
    ropp: Sequence[Ropp] = ()
    realisasi: Sequence[RealisasiInput] = ()


def buat_template(tahun: int = CONTOH_TAHUN, *, dengan_contoh: bool = True) -> bytes:
    """The import template: Petunjuk, the data sheets with drop-downs, and example rows."""
    if not dengan_contoh:
        return tulis_workbook(IsiWorkbook(), tahun)
    c = contoh(tahun)
    return tulis_workbook(IsiWorkbook(c.pd, c.pejabat, c.nodes, c.ropp, c.realisasi), tahun)


def urut_kaskade(nodes: Iterable[CascadeNode]) -> list[CascadeNode]:
    """Nodes as an outline: each parent followed by its children (siblings by code)."""
    items = list(nodes)
    kode = {n.kode for n in items}
    anak: dict[str | None, list[CascadeNode]] = defaultdict(list)
    for n in items:
        anak[n.induk_kode if n.induk_kode in kode else None].append(n)
    out: list[CascadeNode] = []
    seen: set[str] = set()

    def walk(induk: str | None) -> None:
        for n in sorted(
            anak.get(induk, ()), key=lambda x: (list(Tingkat).index(x.tingkat), x.kode)
        ):
            if n.kode in seen:
                continue
            seen.add(n.kode)
            out.append(n)
            walk(n.kode)

    walk(None)
    out.extend(n for n in items if n.kode not in seen)  # defensive: cycles cannot be stored
    return out


def baris_lembar(isi: IsiWorkbook) -> dict[str, list[dict[str, Any]]]:
    """The rows of every data sheet, as column key -> value (Decimal, int, str or None)."""
    nodes = urut_kaskade(isi.nodes)
    urutan_node = {n.kode: i for i, n in enumerate(nodes)}
    rows: dict[str, list[dict[str, Any]]] = {lb.nama: [] for lb in LEMBAR_DATA}
    for pd in sorted(isi.pd, key=lambda p: p.kode):
        rows[LEMBAR_PD.nama].append(
            {"kode": pd.kode, "nama": pd.nama, "singkatan": pd.singkatan, "kelompok": pd.kelompok}
        )
    for p in _pejabat_urut(isi.pejabat):
        rows[LEMBAR_PEJABAT.nama].append(
            {
                "nip": p.nip,
                "nama": p.nama,
                "jabatan": p.jabatan,
                "eselon": p.eselon,
                "pd_kode": p.pd_kode,
                "atasan_nip": p.atasan_nip,
            }
        )
    for n in nodes:
        rows[LEMBAR_KASKADE.nama].append(
            {
                "kode": n.kode,
                "tingkat": n.tingkat.value,
                "nama": n.nama,
                "induk_kode": n.induk_kode,
                "pd_kode": n.pd_kode,
                "bobot_relatif": n.bobot_relatif,
                "pagu": n.pagu,
                "pj_nip": n.penanggung_jawab_nip,
            }
        )
        for ind in n.indikator:
            rows[LEMBAR_INDIKATOR.nama].append(
                {
                    "node_kode": n.kode,
                    "kode": ind.kode,
                    "uraian": ind.uraian,
                    "satuan": ind.satuan,
                    "target_tahunan": ind.target_tahunan,
                    **{f"target_tw{q}": t for q, t in enumerate(ind.target_triwulan, start=1)},
                    "arah": ind.arah.value,
                    "pj_nip": ind.penanggung_jawab_nip,
                    "anak_kode": ", ".join(ind.anak_kode) if ind.anak_kode else None,
                }
            )
    for r in sorted(
        isi.ropp, key=lambda x: (urutan_node.get(x.sub_kegiatan_kode, 10**9), x.sub_kegiatan_kode)
    ):
        for b in sorted(r.bulan, key=lambda x: x.bulan):
            rows[LEMBAR_ROPP.nama].append(
                {
                    "kode": r.sub_kegiatan_kode,
                    "bulan": b.bulan,
                    "target_bobot": b.target_bobot,
                    "anggaran_kas": b.anggaran_kas,
                }
            )
            for o in b.outputs:
                rows[LEMBAR_ROPP_OUTPUT.nama].append(
                    {
                        "kode": r.sub_kegiatan_kode,
                        "bulan": b.bulan,
                        "uraian": o.uraian,
                        "bobot": o.bobot,
                        "volume": o.volume,
                        "satuan": o.satuan,
                    }
                )
    for x in sorted(
        isi.realisasi,
        key=lambda x: (urutan_node.get(x.sub_kegiatan_kode, 10**9), x.sub_kegiatan_kode, x.bulan),
    ):
        rows[LEMBAR_REALISASI.nama].append(
            {
                "kode": x.sub_kegiatan_kode,
                "bulan": x.bulan,
                "realisasi_bobot": x.realisasi_bobot,
                "realisasi_anggaran": x.realisasi_anggaran,
                "kendala": x.kendala,
                "tindak_lanjut": x.tindak_lanjut,
            }
        )
    return rows


def _pejabat_urut(items: Sequence[Pejabat]) -> list[Pejabat]:
    """By PD, then superiors before their staff, then NIP."""
    by_nip = {p.nip: p for p in items}

    def depth(p: Pejabat) -> int:
        d, seen = 0, {p.nip}
        while p.atasan_nip and p.atasan_nip in by_nip and p.atasan_nip not in seen:
            p = by_nip[p.atasan_nip]
            seen.add(p.nip)
            d += 1
        return d

    return sorted(items, key=lambda p: (p.pd_kode or "", depth(p), p.nip))


def tulis_workbook(isi: IsiWorkbook, tahun: int) -> bytes:
    """An .xlsx in the import layout holding ``isi``."""
    wb = Workbook()
    ws = wb.active
    ws.title = PETUNJUK
    _tulis_petunjuk(ws, tahun)
    rows = baris_lembar(isi)
    for lembar in LEMBAR_DATA:
        _tulis_lembar(wb.create_sheet(lembar.nama), lembar, rows[lembar.nama])
    for sheet in wb.worksheets:
        _cetak(sheet)
    wb.active = 0
    wb.properties.creator = "SAKIP Banten"
    wb.properties.title = f"Data SAKIP {tahun}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cetak(ws: Any) -> None:
    """Print (and PDF) settings: landscape A4, all columns on one page width, header repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.title != PETUNJUK:
        ws.print_title_rows = "1:1"


def _tulis_petunjuk(ws: Any, tahun: int) -> None:
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    tebal = {LABEL_TAHUN, "Cara mengisi", "Tingkat kaskade", "Kelompok"}
    for i, (a, b) in enumerate(petunjuk(tahun), start=1):
        ca = ws.cell(row=i, column=1, value=a or None)
        cb = ws.cell(row=i, column=2, value=(tahun if a == LABEL_TAHUN else b) or None)
        ca.alignment = Alignment(vertical="top")
        cb.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        # openpyxl does not measure text: set the height of wrapped rows (about 1 char per width unit)
        baris = max(1, -(-len(b) // 95)) if b else 1
        if baris > 1:
            ws.row_dimensions[i].height = 15 * baris
        if i == 1:
            ca.font = Font(bold=True, size=14)
        elif a in tebal or a.startswith("Lembar "):
            ca.font = cb.font = Font(bold=True)


def _tulis_lembar(ws: Any, lembar: Lembar, rows: list[dict[str, Any]]) -> None:
    n_validasi = max(BARIS_VALIDASI, len(rows) + 500)
    for c, k in enumerate(lembar.kolom, start=1):
        letter = get_column_letter(c)
        cell = ws.cell(row=1, column=c, value=k.judul)
        cell.font = _FONT_JUDUL
        cell.fill = _FILL_WAJIB if k.wajib else _FILL_OPSIONAL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        catatan = ("Wajib diisi. " if k.wajib else "Boleh kosong. ") + (k.keterangan or "")
        if k.pilihan:
            catatan += " Pilihan: " + ", ".join(k.label_pilihan) + "."
        comment = Comment(catatan.strip(), "SAKIP Banten")
        comment.width, comment.height = 300, 110
        cell.comment = comment
        dim = ws.column_dimensions[letter]
        dim.width = k.lebar
        if k.jenis in (Jenis.KODE, Jenis.NIP, Jenis.TEKS, Jenis.DAFTAR_KODE):
            dim.number_format = "@"  # new cells typed in Excel stay text
        elif k.jenis == Jenis.ANGKA:
            dim.number_format = k.format_angka
        dv = _validasi(lembar, k, n_validasi)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{n_validasi}")
    ws.row_dimensions[1].height = 45  # up to three lines of header text
    ws.freeze_panes = "A2"
    for r, row in enumerate(rows, start=2):
        for c, k in enumerate(lembar.kolom, start=1):
            value = _nilai_excel(k, row.get(k.kunci))
            cell = ws.cell(row=r, column=c, value=value)
            if k.jenis == Jenis.ANGKA:
                cell.number_format = "@" if isinstance(value, str) else k.format_angka
            elif k.jenis != Jenis.BULAN:
                cell.number_format = "@"
    last = get_column_letter(len(lembar.kolom))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"


def _validasi(lembar: Lembar, k: Kolom, n: int) -> DataValidation | None:
    if k.jenis == Jenis.PILIHAN:
        daftar = ",".join(k.label_pilihan)
        return DataValidation(
            type="list",
            formula1=f'"{daftar}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"{k.judul} tidak sah",
            error=f"Pilih salah satu: {', '.join(k.label_pilihan)}.",
            showInputMessage=True,
            promptTitle=k.judul,
            prompt=f"Pilih dari daftar: {', '.join(k.label_pilihan)}."[:255],
        )
    if k.jenis == Jenis.BULAN:
        return DataValidation(
            type="list",
            formula1='"' + ",".join(str(m) for m in range(1, 13)) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Bulan tidak sah",
            error="Tulis nomor bulan 1 sampai 12.",
        )
    if k.daftar_dari is not None:
        sumber_nama, sumber_kunci = k.daftar_dari
        sumber = next(lb for lb in LEMBAR_DATA if lb.nama == sumber_nama)
        col = get_column_letter(sumber.kolom_ke(sumber_kunci))
        return DataValidation(
            type="list",
            formula1=f"'{sumber_nama}'!${col}$2:${col}${n}",  # OOXML: no leading "="
            allow_blank=True,
            showErrorMessage=True,
            # a warning, not a stop: the code may exist only in the database, not in this file
            errorStyle="warning",
            errorTitle=f"{k.judul} tidak ada di lembar {sumber_nama}",
            error=(
                f"Kode ini tidak ada di lembar {sumber_nama}. Lanjutkan hanya bila kode itu sudah "
                "tersimpan di aplikasi."
            ),
        )
    return None


def _nilai_excel(k: Kolom, value: Any) -> Any:
    if value is None:
        return None
    if k.jenis == Jenis.PILIHAN:
        return next((label for label, v in k.pilihan if v == str(value)), str(value))
    if k.jenis == Jenis.ANGKA:
        assert isinstance(value, Decimal)
        return _angka_excel(value)
    return value


def _angka_excel(d: Decimal) -> int | float | str:
    """An Excel number that reads back as exactly ``d``; Indonesian text when a double cannot."""
    if d == d.to_integral_value() and abs(d) < 10**_DIGIT_EXCEL:
        return int(d)
    if len(d.normalize().as_tuple().digits) <= _DIGIT_EXCEL:
        return float(d)
    return format_angka(d)
