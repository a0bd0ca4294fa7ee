"""xlsx writer for :class:`core.laporan.Laporan` (openpyxl, write-only mode).

Layout of each sheet, like the regulation's format (Pergub 17/2023 Lampiran I and II): the title
lines merged across the table, the identity lines ("PD : ...", "Bulan : Januari"), the multi-row
header with the regulation's column groups as merged cells, the column-number row (1, 2, 3, ...),
the body (program -> kegiatan -> sub kegiatan indented, indicator rows bold, "Jumlah" rows shaded),
notes, and the signature block ("Serang, <tanggal>", "Kepala <PD>", space, name, "NIP. ...").
Thin borders, bold headers, column widths, frozen panes below the header, the header rows repeated
on every printed page, landscape A4 or F4, fit to one page wide.

Numbers are numeric cells holding the value rounded to what is shown (``core.laporan.nilai_xlsx``)
with the locale-neutral formats ``#,##0.00`` / ``#,##0``: an Indonesian Excel or LibreOffice shows
"1.824.205.000" and "55,88" (see ``core.laporan`` for the notation decision).

Why write-only: a province-wide monthly report has tens of thousands of rows; the normal mode keeps
every cell as an object and is several times slower. Merged cells are not part of openpyxl's
write-only API, but the write-only sheet keeps a ``merged_cells`` range list that its writer emits
after the rows (``WorksheetWriter.write_merged_cells``), so merges are registered there; the cells
a merge covers are written as styled blanks so the borders of the merged block are drawn. Styles are
built once per distinct combination and copied onto cells (openpyxl's own ``StyleArray``), instead
of assigning Font/Border/Alignment objects cell by cell. Requires openpyxl >= 3.1, < 4.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.cell_range import CellRange  # type: ignore[import-untyped]
from openpyxl.worksheet.properties import PageSetupProperties  # type: ignore[import-untyped]

from core.laporan import Baris, Format, JenisBaris, Laporan, Tabel, nilai_xlsx

__all__ = ["KERTAS", "tulis_xlsx"]

#: OOXML paperSize codes: 9 = A4 (210 x 297 mm), 14 = Folio 8.5 x 13 in (F4, 215 x 330 mm).
KERTAS: Final = {"A4": 9, "F4": 14}

_TIPIS: Final = Side(style="thin", color="000000")
_BINGKAI: Final = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_TANPA: Final = Border()
_ISI_KEPALA: Final = PatternFill("solid", fgColor="D9E1F2")
_ISI_NOMOR: Final = PatternFill("solid", fgColor="EDEDED")
_ISI_JUMLAH: Final = PatternFill("solid", fgColor="F2F2F2")
_ISI_TUJUAN: Final = PatternFill("solid", fgColor="E2EFDA")
_TANPA_ISI: Final = PatternFill()
_HURUF: Final = "Arial"

_TEBAL: Final = frozenset(
    {
        JenisBaris.PROGRAM,
        JenisBaris.INDIKATOR,
        JenisBaris.JUMLAH,
        JenisBaris.TUJUAN,
        JenisBaris.SASARAN_DAERAH,
        JenisBaris.TOTAL,
    }
)
_MIRING: Final = frozenset(
    {JenisBaris.SUB_KEGIATAN, JenisBaris.OUTPUT, JenisBaris.INDIKATOR_TAMBAHAN, JenisBaris.JUMLAH}
)

# a style key: (role, bold, italic, fill, horizontal, indent, number_format, wrap, border)
_Kunci = tuple[str, bool, bool, str, str, int, str | None, bool, bool]
_ISI: Final = {"": _TANPA_ISI, "kepala": _ISI_KEPALA, "nomor": _ISI_NOMOR, "jumlah": _ISI_JUMLAH}
_ISI["tujuan"] = _ISI_TUJUAN


class _Sel(Cell):  # type: ignore[misc]
    """A reusable styled cell for write-only streaming.

    Its style id is resolved once (openpyxl would hash the style array again for every cell) and
    its repr is constant (``WriteOnlyWorksheet.append`` formats the repr of every Cell it is given
    while deciding that it is one). One object per style is reused for every cell of that style:
    ``append`` writes each cell before it takes the next one from the row (see :func:`_isi`).
    """

    __slots__ = ("_sid",)

    def __repr__(self) -> str:
        return "<Sel>"

    @property
    def style_id(self) -> int:
        return int(self._sid)


def _sel_ke_baris(values: Iterable[_Sel | None], row_idx: int) -> Iterator[_Sel]:
    """Replacement for ``WriteOnlyWorksheet._values_to_row`` on our sheets: every value is already
    a styled cell (or None), so the generic path (try to bind the Cell as a value, catch the
    ValueError, make a fresh template cell) is skipped."""
    for col_idx, cell in enumerate(values, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def _isi(sel: Iterable[tuple[_Sel, Any]]) -> Iterator[_Sel]:
    """A row for ``ws.append``: each reused cell gets its value just before it is written."""
    for c, v in sel:
        c.value = v
        yield c


class _Gaya:
    """One reusable cell per distinct style (font, fill, border, alignment, number format)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._cache: dict[_Kunci, _Sel] = {}

    def __call__(self, k: _Kunci) -> _Sel:
        sel = self._cache.get(k)
        if sel is None:
            peran, tebal, miring, isi, horizontal, indent, fmt, wrap, bingkai = k
            ukuran = {"judul": 12, "nomor": 8, "catatan": 9, "kepala": 9}.get(peran, 9)
            c = WriteOnlyCell(self.ws)
            c.font = Font(
                name=_HURUF,
                size=ukuran,
                bold=tebal,
                italic=miring,
                underline="single" if peran == "ttd_nama" else None,
            )
            c.fill = _ISI[isi]
            c.border = _BINGKAI if bingkai else _TANPA
            c.alignment = Alignment(
                horizontal=horizontal,
                vertical="center" if peran in ("kepala", "nomor") else "top",
                wrap_text=wrap,
                indent=indent,
            )
            if fmt:
                c.number_format = fmt
            sel = _Sel(self.ws, row=1, column=1)
            sel._style = c._style
            sel._sid = self.ws.parent._cell_styles.add(c._style)
            self._cache[k] = sel
        return sel

    def baris(self, nilai: Iterable[Any], k: _Kunci) -> Iterator[_Sel]:
        sel = self(k)
        return _isi((sel, v) for v in nilai)


def _kunci_badan(b: Baris, fmt: Format, nf: str | None, indent: int) -> _Kunci:
    isi = (
        "jumlah"
        if b.jenis in (JenisBaris.JUMLAH, JenisBaris.TOTAL)
        else "tujuan"
        if b.jenis is JenisBaris.TUJUAN
        else ""
    )
    if fmt is Format.TEKS:
        horizontal = "left"
    elif fmt is Format.NOMOR:
        horizontal = "center"
    else:
        horizontal = "right"
    return (
        "badan",
        b.jenis in _TEBAL,
        b.jenis in _MIRING and fmt is Format.TEKS,
        isi,
        horizontal,
        indent,
        nf,
        fmt is Format.TEKS,
        True,
    )


def _tinggi_kepala(t: Tabel) -> list[float]:
    """Header row heights (points) so the wrapped group titles fit."""
    lebar = [k.lebar for k in t.kolom]
    tinggi = [15.0] * t.baris_kepala
    for s in sorted(t.kepala, key=lambda s: s.rentang_baris):
        w = sum(lebar[s.kolom : s.kolom + s.rentang_kolom])
        baris = max(1, math.ceil(len(s.teks) * 1.15 / max(w, 1.0)))
        perlu = baris * 12.0 + 4
        punya = sum(tinggi[s.baris : s.baris + s.rentang_baris])
        if punya < perlu:
            tinggi[s.baris + s.rentang_baris - 1] += perlu - punya
    return tinggi


def _tinggi_baris(b: Baris, muat: list[float], kol_indent: int) -> float | None:
    """Height (points) for a body row whose text wraps; None when one line is enough.

    Spreadsheet programs do not re-measure wrapped rows written by openpyxl (LibreOffice keeps
    the default height), so the number of lines is estimated from the text and column width.
    """
    lebar = muat
    lewati: set[int] = set()
    if b.gabung:
        lebar = list(muat)
        for kol, rb, rk in b.gabung:
            if rb > 1:
                lewati.add(kol)  # the text spreads over several rows
            elif rk > 1:
                lebar[kol] = sum(muat[kol : kol + rk])
    garis = 1
    for j, v in enumerate(b.nilai):
        if isinstance(v, str) and j not in lewati:
            w = lebar[j] - (2 * b.tingkat if j == kol_indent else 0)
            n = sum(max(1, math.ceil(len(part) / max(w, 1.0))) for part in v.split("\n"))
            if n > garis:
                garis = n
    return None if garis == 1 else garis * 11.5 + 3


def _blok_ttd(n: int) -> tuple[int, int]:
    """Columns (0-based, inclusive) of the signature block: the right quarter of the table."""
    lebar = max(3, min(n, math.ceil(n / 3)))
    return n - lebar, n - 1


def _tulis_lembar(wb: Any, laporan: Laporan, t: Tabel, kertas: int) -> None:
    ws = wb.create_sheet(t.nama_lembar[:31])
    if hasattr(ws, "_values_to_row"):  # openpyxl 3.1 write-only internals; else the generic path
        ws._values_to_row = _sel_ke_baris
    g = _Gaya(ws)
    n = len(t.kolom)
    akhir = get_column_letter(n)
    kol_indent = t.kolom_label
    # row numbers (1-based): title lines, blank, identity lines, blank, header, number row, body
    awal_kepala = len(t.judul) + len(laporan.identitas) + 3
    baris_nomor = awal_kepala + t.baris_kepala
    awal_badan = baris_nomor + 1

    # -- sheet settings: all before the first row is streamed
    for i, k in enumerate(t.kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = k.lebar
    for r in range(1, len(t.judul) + 1):
        ws.row_dimensions[r].height = 18
        ws.merged_cells.add(CellRange(f"A{r}:{akhir}{r}"))
    for i, h in enumerate(_tinggi_kepala(t)):
        ws.row_dimensions[awal_kepala + i].height = h
    ws.freeze_panes = f"{get_column_letter(kol_indent + 2)}{awal_badan}"
    ws.print_title_rows = f"{awal_kepala}:{baris_nomor}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = kertas
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.oddFooter.left.text = laporan.judul
    ws.oddFooter.left.size = ws.oddFooter.center.size = 8

    # -- title and identity lines
    judul_k: _Kunci = ("judul", True, False, "", "center", 0, None, False, False)
    for teks in t.judul:
        ws.append(_isi([(g(judul_k), teks)]))
    ws.append([])
    id_k: _Kunci = ("identitas", False, False, "", "left", 0, None, False, False)
    for label, isi in laporan.identitas:
        ws.append(_isi([(g(id_k), f"{label} : {isi}")]))
    ws.append([])

    # -- header with merged groups, then the column-number row
    kepala_k: _Kunci = ("kepala", True, False, "kepala", "center", 0, None, True, True)
    grid: list[list[str | None]] = [[None] * n for _ in range(t.baris_kepala)]
    for s in t.kepala:
        grid[s.baris][s.kolom] = s.teks
        if s.rentang_baris > 1 or s.rentang_kolom > 1:
            r0 = awal_kepala + s.baris
            ws.merged_cells.add(
                CellRange(
                    min_col=s.kolom + 1,
                    min_row=r0,
                    max_col=s.kolom + s.rentang_kolom,
                    max_row=r0 + s.rentang_baris - 1,
                )
            )
    for isi_baris in grid:
        ws.append(g.baris(isi_baris, kepala_k))
    nomor_k: _Kunci = ("nomor", False, True, "nomor", "center", 0, None, False, True)
    ws.append(g.baris(t.nomor_kolom, nomor_k))

    # -- body
    formats = [k.format for k in t.kolom]
    muat = [max(1.0, k.lebar * 1.15) for k in t.kolom]  # characters of 9 pt text per line
    gaya_badan: dict[tuple[JenisBaris, int, int, str | None], _Sel] = {}

    def badan(b: Baris) -> Iterator[_Sel]:
        for j, v in enumerate(b.nilai):
            f = formats[j]
            nilai, nf = nilai_xlsx(v, f)
            indent = b.tingkat if j == kol_indent else 0
            c = gaya_badan.get((b.jenis, indent, j, nf))
            if c is None:
                c = gaya_badan[(b.jenis, indent, j, nf)] = g(_kunci_badan(b, f, nf, indent))
            c.value = nilai
            yield c

    for idx, b in enumerate(t.baris):
        tinggi = _tinggi_baris(b, muat, kol_indent)
        if tinggi is not None:
            ws.row_dimensions[awal_badan + idx].height = tinggi
        ws.append(badan(b))
        for kol, rb, rk in b.gabung:
            if rb > 1 or rk > 1:
                r = awal_badan + idx
                ws.merged_cells.add(
                    CellRange(min_col=kol + 1, min_row=r, max_col=kol + rk, max_row=r + rb - 1)
                )
    r = awal_badan + len(t.baris)

    # -- notes and signature
    ws.append([])
    r += 1
    catatan_k: _Kunci = ("catatan", False, True, "", "left", 0, None, False, False)
    for c in t.catatan:
        ws.append(_isi([(g(catatan_k), c)]))
        r += 1
    if laporan.pengesahan is not None:
        ws.append([])
        r += 1
        c0, c1 = _blok_ttd(n)
        ttd_k: _Kunci = ("ttd", False, False, "", "center", 0, None, False, False)
        nama_k: _Kunci = ("ttd_nama", True, False, "", "center", 0, None, False, False)
        baris_ttd = laporan.pengesahan.baris
        for i, teks in enumerate(baris_ttd):
            gaya = nama_k if i == len(baris_ttd) - 2 and laporan.pengesahan.nama else ttd_k
            ws.append([*([None] * c0), *_isi([(g(gaya), teks or None)])])
            ws.merged_cells.add(CellRange(min_col=c0 + 1, min_row=r, max_col=c1 + 1, max_row=r))
            r += 1


def tulis_xlsx(laporan: Laporan, *, kertas: str = "A4") -> bytes:
    """The report as an .xlsx file (one sheet per table)."""
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas {kertas!r} tidak dikenal; pilih A4 atau F4.")
    wb = Workbook(write_only=True)
    wb.properties.title = laporan.judul
    wb.properties.creator = "SAKIP Banten"
    for t in laporan.tabel:
        _tulis_lembar(wb, laporan, t, KERTAS[kertas])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
