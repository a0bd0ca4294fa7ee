"""PDF writer for :class:`core.laporan.Laporan` (ReportLab platypus).

Same content as the xlsx (``core.reporting.xlsx``): title lines, identity lines, the multi-row
header with the regulation's column groups (SPAN), the column-number row, the body with indentation
and bold/italic/shaded rows, notes, and the signature block kept together at the end. Landscape A4
(297 x 210 mm) or F4 (330 x 215 mm); the header rows and the column-number row are repeated at the
top of every page; "Halaman n" in the footer. Numbers are printed in Indonesian notation
("1.824.205.000", "55,88") through ``core.laporan.teks_nilai``.

Body cells are plain strings: text is wrapped here with the font metrics (``simpleSplit``), numbers
never need to wrap. A Paragraph per cell would be re-measured at every page split, which makes a
long table's layout grow with the square of its length.

Page breaks: ReportLab never breaks a table inside a cell merged over several rows, so a program or
sasaran whose rows (its cell on the left spans them all) are taller than a page could not be laid
out. The table is split here instead (:class:`_TabelPdf`): between merged groups when one fits, else
inside the group (the merged cell is continued on the next page with its text repeated), else inside
a row taller than a page (its lines go on over the pages). Nothing is dropped. A report that still
cannot be laid out raises :class:`PdfTidakDapatDisusun` (a ``SakipError``, in Indonesian).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError  # type: ignore[import-untyped]

from core.errors import SakipError
from core.laporan import Format, JenisBaris, Laporan, Pengesahan, Tabel, teks_nilai

__all__ = ["KERTAS", "PdfTidakDapatDisusun", "tulis_pdf"]

#: Landscape page sizes in points.
KERTAS: Final = {"A4": landscape(A4), "F4": (330 * mm, 215 * mm)}
_TEPI: Final = 10 * mm
#: Padding of SimpleDocTemplate's frame (ReportLab's Frame default), above and below.
_PADDING_BINGKAI: Final = 6


class PdfTidakDapatDisusun(SakipError):
    """The report cannot be laid out on the pages (the xlsx and JSON still can be made)."""


_BIRU: Final = colors.HexColor("#D9E1F2")
_ABU: Final = colors.HexColor("#EDEDED")
_ABU_MUDA: Final = colors.HexColor("#F2F2F2")
_HIJAU: Final = colors.HexColor("#E2EFDA")

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


def _gaya(ukuran: float) -> dict[str, ParagraphStyle]:
    lead = ukuran * 1.22
    dasar = ParagraphStyle("dasar", fontName="Helvetica", fontSize=ukuran, leading=lead)
    return {
        "judul": ParagraphStyle(
            "judul", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=TA_CENTER
        ),
        "identitas": ParagraphStyle("identitas", fontName="Helvetica", fontSize=8.5, leading=11),
        "kepala": ParagraphStyle(
            "kepala", parent=dasar, fontName="Helvetica-Bold", alignment=TA_CENTER
        ),
        "nomor": ParagraphStyle(
            "nomor", parent=dasar, fontName="Helvetica-Oblique", fontSize=ukuran - 0.5
        ),
        "teks": dasar,
        "catatan": ParagraphStyle(
            "catatan", fontName="Helvetica-Oblique", fontSize=7.5, leading=9.5, alignment=TA_LEFT
        ),
        "ttd": ParagraphStyle(
            "ttd", fontName="Helvetica", fontSize=9, leading=12, alignment=TA_CENTER
        ),
    }


def _font(tebal: bool, miring: bool) -> str:
    if tebal and miring:
        return "Helvetica-BoldOblique"
    if tebal:
        return "Helvetica-Bold"
    if miring:
        return "Helvetica-Oblique"
    return "Helvetica"


def _gaya_kepala(gaya: ParagraphStyle, teks: str, lebar: float) -> ParagraphStyle:
    """A header cell's style: smaller when its longest word is wider than the cell, so a header
    breaks only between words ("Anggaran (%)" in a narrow column, not "Anggara / n (%)")."""
    kata = max((stringWidth(k, gaya.fontName, gaya.fontSize) for k in teks.split()), default=0.0)
    if kata <= lebar:
        return gaya
    ukuran = max(int(gaya.fontSize * lebar / kata * 4) / 4, 4.0)  # quarter points, from 4 pt
    return ParagraphStyle(f"kepala-{ukuran}", parent=gaya, fontSize=ukuran, leading=ukuran * 1.22)


def _p(teks: str, gaya: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(teks).replace("\n", "<br/>"), gaya)


@dataclass
class _BarisPdf:
    """One body row as drawn: its cells (plain strings, text already wrapped), its own style
    commands ``(op, first column, last column, *args)`` and its merged cells
    ``(kolom, rentang_baris, rentang_kolom)`` as in ``core.laporan.Baris.gabung``."""

    sel: list[str]
    gaya: list[tuple[Any, ...]] = field(default_factory=list)
    gabung: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Susunan:
    """What every piece of one table shares: column widths, the header rows (repeated on every
    page), the table-wide style commands, the body's line height and cell padding (top + bottom),
    and the height of a page's frame."""

    lebar: list[float]
    kepala: list[list[Any]]
    perintah: list[tuple[Any, ...]]
    leading: float
    padding: float
    tinggi_bingkai: float

    def tabel(self, badan: list[_BarisPdf]) -> _TabelPdf:
        nk = len(self.kepala)
        data: list[list[Any]] = [list(r) for r in self.kepala]
        perintah = list(self.perintah)
        for i, b in enumerate(badan):
            r = nk + i
            data.append(list(b.sel))
            for op, k0, k1, *args in b.gaya:
                perintah.append((op, (k0, r), (k1, r), *args))
            for kol, rb, rk in b.gabung:
                if rb > 1 or rk > 1:
                    perintah.append(("SPAN", (kol, r), (kol + rk - 1, r + rb - 1)))
        t = _TabelPdf(data, colWidths=self.lebar, repeatRows=nk, hAlign="CENTER")
        t.setStyle(TableStyle(perintah))
        t.susunan, t.badan = self, badan
        return t


class _TabelPdf(LongTable):  # type: ignore[misc]
    """A LongTable that also breaks where ReportLab's own split gives up.

    ReportLab splits a table only between rows that no merged cell spans, so a program or sasaran
    whose group of rows (its merged cell on the left) is taller than a page, or a single row taller
    than a page, raised LayoutError. Here a table breaks between groups, as ReportLab does, when
    the next group fits on one page (it starts the next page); a group taller than a page is
    broken inside, filling this page, its merged cells continuing on the next page with their text
    repeated; a row taller than the room is cut between its lines, the rest of every cell going on
    in the same row on the next page. Each piece is built anew from the rows (``_Susunan.tabel``).
    """

    susunan: _Susunan
    badan: list[_BarisPdf]

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        s, badan = self.susunan, self.badan
        nk = len(s.kepala)
        # a LongTable measures its rows only as far down as the height it is given: the room left
        # on this page and a whole next page
        self.wrap(availWidth, availHeight + s.tinggi_bingkai)
        batas = [sum(self._rowHeights[:nk])]  # batas[j]: height down to the end of body row j-1
        for h in self._rowHeights[nk:]:
            if h is None:
                break
            batas.append(batas[-1] + h)
        muat = [j for j in range(1, len(batas)) if batas[j] <= availHeight]
        if muat and muat[-1] == len(badan):
            return [self]
        dalam: set[int] = set()  # boundaries a merged cell runs across
        for i, b in enumerate(badan[: len(batas)]):
            for _, rb, _ in b.gabung:
                dalam.update(range(i + 1, i + rb))
        bebas = [j for j in muat if j not in dalam]
        jb = bebas[-1] if bebas else 0  # the last cut between groups that fits
        # at the top of a fresh frame already (ReportLab moved this table once)
        segar = bool(getattr(self, "_postponed", False))
        # the group after that cut is kept whole on the next page when it fits on one page
        akhir = next(j for j in range(jb + 1, len(badan) + 1) if j not in dalam)
        if (
            akhir < len(batas)
            and batas[0] + batas[akhir] - batas[jb] <= s.tinggi_bingkai
            and not (jb == 0 and segar)
        ):
            return self._di_antara(availWidth, availHeight, jb) if jb else []
        # a group taller than a page: broken inside it, from this page on
        for j in reversed(muat):
            if j <= jb:
                break
            atas, bawah = self._potong(j)
            potong = s.tabel(atas)
            if potong.wrap(availWidth, availHeight)[1] <= availHeight:
                return [potong, s.tabel(bawah)]
        if jb:
            return self._di_antara(availWidth, availHeight, jb)
        if not segar and len(batas) > 1 and batas[1] <= s.tinggi_bingkai:
            return []  # the first row fits on the next page
        return self._belah_baris(availWidth, availHeight, batas[0])

    def _di_antara(self, availWidth: float, availHeight: float, j: int) -> list[Any]:
        """The cut between groups above body row ``j``: ReportLab's own (the same cut, the last
        between groups that fits, and cheaper than building the rest anew), its pieces given
        their rows."""
        potong: list[Any] = super().split(availWidth, availHeight)
        if len(potong) != 2:
            potong = [self.susunan.tabel(self.badan[:j]), self.susunan.tabel(self.badan[j:])]
        j = potong[0]._nrows - len(self.susunan.kepala)
        for t, badan in zip(potong, (self.badan[:j], self.badan[j:]), strict=True):
            t.susunan, t.badan = self.susunan, badan
        return potong

    def _potong(self, j: int) -> tuple[list[_BarisPdf], list[_BarisPdf]]:
        """The body rows above and below a cut above row ``j``; a merged cell across the cut goes
        on below it, with its text (and its style) again at the top of the next page."""
        badan = self.badan
        atas = [
            _BarisPdf(b.sel, b.gaya, [(k, min(rb, j - i), rk) for k, rb, rk in b.gabung])
            for i, b in enumerate(badan[:j])
        ]
        bawah = badan[j:]
        lanjut = [(i, g) for i, b in enumerate(badan[:j]) for g in b.gabung if i + g[1] > j]
        if lanjut:
            n = len(self.susunan.lebar)
            b0 = bawah[0]
            sel, gaya, gabung = list(b0.sel), list(b0.gaya), list(b0.gabung)
            for i, (k, rb, rk) in lanjut:
                asal = badan[i]
                sel[k] = asal.sel[k]
                for op, k0, k1, *args in asal.gaya:
                    if k0 % n <= k <= k1 % n:
                        gaya.append((op, k, k + rk - 1, *args))
                gabung.append((k, i + rb - j, rk))
            bawah = [_BarisPdf(sel, gaya, gabung), *bawah[1:]]
        return atas, bawah

    def _belah_baris(self, availWidth: float, availHeight: float, kepala: float) -> list[Any]:
        """The first body row, taller than the room left, cut between its lines: every cell's first
        lines on this page, the rest in the same row at the top of the next."""
        s = self.susunan
        b, sisa = self.badan[0], self.badan[1:]
        baris = [v.split("\n") for v in b.sel]
        muat = int((availHeight - kepala - s.padding) // s.leading)
        for n in range(min(muat, max(len(x) for x in baris) - 1), 0, -1):
            atas = _BarisPdf(
                ["\n".join(x[:n]) for x in baris], b.gaya, [(k, 1, rk) for k, _, rk in b.gabung]
            )
            bawah = ["\n".join(x[n:]) for x in baris]
            for k, rb, _ in b.gabung:
                if rb > 1 and not bawah[k]:
                    bawah[k] = b.sel[k]  # a merged cell going on below: its text again
            potong = [s.tabel([atas]), s.tabel([_BarisPdf(bawah, b.gaya, b.gabung), *sisa])]
            if potong[0].wrap(availWidth, availHeight)[1] <= availHeight:
                return potong
        return []

    def _culprit(self) -> str:
        # ReportLab's own fails (max() over None) on a LongTable's unmeasured rows while it words
        # the LayoutError; keep the LayoutError
        tinggi = [h for h in self._rowHeights if h is not None]
        return f"tallest cell {max(tinggi, default=0):.1f} points"


def _tabel(t: Tabel, lebar_halaman: float, tinggi_bingkai: float) -> _TabelPdf:
    n = len(t.kolom)
    ukuran = 6.5 if n > 12 else 7.5
    gaya = _gaya(ukuran)
    total = sum(k.lebar for k in t.kolom)
    lebar = [k.lebar / total * lebar_halaman for k in t.kolom]
    nk = t.baris_kepala
    kepala: list[list[Any]] = [[""] * n for _ in range(nk)]
    perintah: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, nk - 1), _BIRU),
        ("BACKGROUND", (0, nk), (-1, nk), _ABU),
        ("VALIGN", (0, 0), (-1, nk), "MIDDLE"),
        ("ALIGN", (0, nk), (-1, nk), "CENTER"),
        ("VALIGN", (0, nk + 1), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), ukuran),
        ("LEADING", (0, 0), (-1, -1), ukuran * 1.22),
        ("FONTNAME", (0, nk), (-1, nk), "Helvetica-Oblique"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for s in t.kepala:
        lebar_kepala = sum(lebar[s.kolom : s.kolom + s.rentang_kolom]) - 4  # padding 2 + 2
        kepala[s.baris][s.kolom] = _p(s.teks, _gaya_kepala(gaya["kepala"], s.teks, lebar_kepala))
        if s.rentang_baris > 1 or s.rentang_kolom > 1:
            perintah.append(
                (
                    "SPAN",
                    (s.kolom, s.baris),
                    (s.kolom + s.rentang_kolom - 1, s.baris + s.rentang_baris - 1),
                )
            )
    kepala.append(list(t.nomor_kolom))
    formats = [k.format for k in t.kolom]
    for j, f in enumerate(formats):
        if f is not Format.TEKS:
            perintah.append(
                ("ALIGN", (j, nk + 1), (j, -1), "CENTER" if f is Format.NOMOR else "RIGHT")
            )
    kol_indent = t.kolom_label
    teks_kol = [j for j, f in enumerate(formats) if f is Format.TEKS]
    badan: list[_BarisPdf] = []
    for b in t.baris:
        baris = _BarisPdf([], [], list(b.gabung))
        tebal, miring = b.jenis in _TEBAL, b.jenis in _MIRING
        if tebal:
            baris.gaya.append(("FONTNAME", 0, -1, _font(True, False)))
        if miring:
            for j in teks_kol:
                baris.gaya.append(("FONTNAME", j, j, _font(tebal, True)))
        font = _font(tebal, miring)
        if b.jenis is JenisBaris.TOTAL:
            baris.gaya.append(("BACKGROUND", 0, -1, _ABU_MUDA))
        elif b.jenis is JenisBaris.JUMLAH:  # the program/sasaran cell on the left spans it
            baris.gaya.append(("BACKGROUND", kol_indent, -1, _ABU_MUDA))
        elif b.jenis is JenisBaris.TUJUAN:
            baris.gaya.append(("BACKGROUND", 0, -1, _HIJAU))
        lebar_sel = lebar
        for kol, _, rk in b.gabung:
            if rk > 1:
                lebar_sel = list(lebar)
                lebar_sel[kol] = sum(lebar[kol : kol + rk])
        if b.tingkat:
            baris.gaya.append(("LEFTPADDING", kol_indent, kol_indent, 2 + 6 * b.tingkat))
        for j, (v, f) in enumerate(zip(b.nilai, formats, strict=True)):
            teks = teks_nilai(v, f)
            if teks is None:
                baris.sel.append("")
            elif f is Format.TEKS:
                # wrapped here with the font's metrics: plain strings keep the layout of a long
                # table fast (a Paragraph per cell is re-measured at every page split)
                w = lebar_sel[j] - 4 - (6 * b.tingkat if j == kol_indent else 0)
                baris.sel.append(
                    "\n".join(
                        line
                        for part in teks.split("\n")
                        for line in (simpleSplit(part, font, ukuran, w) or [""])
                    )
                )
            else:
                baris.sel.append(teks)
        badan.append(baris)
    return _Susunan(lebar, kepala, perintah, ukuran * 1.22, 3.0, tinggi_bingkai).tabel(badan)


def _ttd(p: Pengesahan, lebar: float) -> Table:
    gaya = _gaya(7)["ttd"]
    baris = list(p.baris)
    sel: list[list[Any]] = []
    for i, teks in enumerate(baris):
        if i == len(baris) - 2 and p.nama:
            sel.append([Paragraph(f"<u><b>{escape(teks)}</b></u>", gaya)])
        else:
            sel.append([Paragraph(escape(teks) or "&nbsp;", gaya)])
    t = Table(sel, colWidths=[lebar], hAlign="RIGHT")
    t.setStyle(
        TableStyle(
            [
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def _judul(laporan: Laporan | None, t: Tabel, gaya: dict[str, ParagraphStyle]) -> list[Any]:
    out: list[Any] = [Paragraph(escape(j), gaya["judul"]) for j in t.judul]
    out.append(Spacer(1, 3 * mm))
    if laporan is not None:
        out += [
            Paragraph(f"{escape(label)} : {escape(isi)}", gaya["identitas"])
            for label, isi in laporan.identitas
        ]
        out.append(Spacer(1, 3 * mm))
    return out


def tulis_pdf(laporan: Laporan, *, kertas: str = "A4") -> bytes:
    """The report as a landscape PDF (every table, then the signature block)."""
    if kertas not in KERTAS:
        raise ValueError(f"Ukuran kertas {kertas!r} tidak dikenal; pilih A4 atau F4.")
    ukuran = KERTAS[kertas]
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=ukuran,
        leftMargin=_TEPI,
        rightMargin=_TEPI,
        topMargin=_TEPI,
        bottomMargin=_TEPI + 3 * mm,
        title=laporan.judul,
        author="SAKIP Banten",
        subject=laporan.periode or "",
    )
    gaya = _gaya(7)
    cerita: list[Any] = []
    for i, t in enumerate(laporan.tabel):
        # the tables follow each other (ROPP Tabel 1 then Tabel 2, as in Lampiran I), under one
        # identity block; a long table continues on the next page with its header repeated
        if i:
            cerita.append(Spacer(1, 6 * mm))
        cerita += _judul(laporan if i == 0 else None, t, gaya)
        cerita.append(_tabel(t, doc.width, doc.height - 2 * _PADDING_BINGKAI))
        for c in t.catatan:
            cerita += [Spacer(1, 2 * mm), Paragraph(escape(c), gaya["catatan"])]
    if laporan.pengesahan is not None:
        cerita.append(
            KeepTogether([Spacer(1, 6 * mm), _ttd(laporan.pengesahan, min(90 * mm, doc.width / 3))])
        )

    def kaki(canvas: Any, d: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(_TEPI, 6 * mm, laporan.judul)
        canvas.drawRightString(ukuran[0] - _TEPI, 6 * mm, f"Halaman {d.page}")
        canvas.restoreState()

    try:
        doc.build(cerita, onFirstPage=kaki, onLaterPages=kaki)
    except LayoutError as exc:
        raise PdfTidakDapatDisusun(
            f"{laporan.judul} tidak dapat disusun sebagai PDF ({kertas}): ada bagian yang tidak "
            "muat pada satu halaman. Unduh laporan ini dalam format xlsx."
        ) from exc
    return buf.getvalue()
