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
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.laporan import Format, JenisBaris, Laporan, Pengesahan, Tabel, teks_nilai

__all__ = ["KERTAS", "tulis_pdf"]

#: Landscape page sizes in points.
KERTAS: Final = {"A4": landscape(A4), "F4": (330 * mm, 215 * mm)}
_TEPI: Final = 10 * mm

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


def _p(teks: str, gaya: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(teks).replace("\n", "<br/>"), gaya)


def _tabel(t: Tabel, lebar_halaman: float) -> Table:
    n = len(t.kolom)
    ukuran = 6.5 if n > 12 else 7.5
    gaya = _gaya(ukuran)
    total = sum(k.lebar for k in t.kolom)
    lebar = [k.lebar / total * lebar_halaman for k in t.kolom]
    nk = t.baris_kepala
    data: list[list[Any]] = [[""] * n for _ in range(nk)]
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
        data[s.baris][s.kolom] = _p(s.teks, gaya["kepala"])
        if s.rentang_baris > 1 or s.rentang_kolom > 1:
            perintah.append(
                (
                    "SPAN",
                    (s.kolom, s.baris),
                    (s.kolom + s.rentang_kolom - 1, s.baris + s.rentang_baris - 1),
                )
            )
    data.append(list(t.nomor_kolom))
    formats = [k.format for k in t.kolom]
    for j, f in enumerate(formats):
        if f is not Format.TEKS:
            perintah.append(
                ("ALIGN", (j, nk + 1), (j, -1), "CENTER" if f is Format.NOMOR else "RIGHT")
            )
    kol_indent = t.kolom_label
    teks_kol = [j for j, f in enumerate(formats) if f is Format.TEKS]
    for i, b in enumerate(t.baris):
        r = nk + 1 + i
        tebal, miring = b.jenis in _TEBAL, b.jenis in _MIRING
        if tebal:
            perintah.append(("FONTNAME", (0, r), (-1, r), _font(True, False)))
        if miring:
            for j in teks_kol:
                perintah.append(("FONTNAME", (j, r), (j, r), _font(tebal, True)))
        font = _font(tebal, miring)
        if b.jenis is JenisBaris.TOTAL:
            perintah.append(("BACKGROUND", (0, r), (-1, r), _ABU_MUDA))
        elif b.jenis is JenisBaris.JUMLAH:  # the program/sasaran cell on the left spans it
            perintah.append(("BACKGROUND", (kol_indent, r), (-1, r), _ABU_MUDA))
        elif b.jenis is JenisBaris.TUJUAN:
            perintah.append(("BACKGROUND", (0, r), (-1, r), _HIJAU))
        lebar_sel = lebar
        for kol, rb, rk in b.gabung:
            if rb > 1 or rk > 1:
                perintah.append(("SPAN", (kol, r), (kol + rk - 1, r + rb - 1)))
            if rk > 1:
                lebar_sel = list(lebar)
                lebar_sel[kol] = sum(lebar[kol : kol + rk])
        if b.tingkat:
            perintah.append(("LEFTPADDING", (kol_indent, r), (kol_indent, r), 2 + 6 * b.tingkat))
        baris: list[Any] = []
        for j, (v, f) in enumerate(zip(b.nilai, formats, strict=True)):
            teks = teks_nilai(v, f)
            if teks is None:
                baris.append("")
            elif f is Format.TEKS:
                # wrapped here with the font's metrics: plain strings keep the layout of a long
                # table fast (a Paragraph per cell is re-measured at every page split)
                w = lebar_sel[j] - 4 - (6 * b.tingkat if j == kol_indent else 0)
                baris.append(
                    "\n".join(
                        line
                        for part in teks.split("\n")
                        for line in (simpleSplit(part, font, ukuran, w) or [""])
                    )
                )
            else:
                baris.append(teks)
        data.append(baris)
    tabel = LongTable(data, colWidths=lebar, repeatRows=nk + 1, hAlign="CENTER")
    tabel.setStyle(TableStyle(perintah))
    return tabel


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
        cerita.append(_tabel(t, doc.width))
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

    doc.build(cerita, onFirstPage=kaki, onLaterPages=kaki)
    return buf.getvalue()
