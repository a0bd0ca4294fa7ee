"""Charts for the bot and the API: PNG bytes sized to be read as a Telegram photo on a phone.

Plain data in, bytes out. Every chart is 1080 px wide (DPI 150, 7,2 in); bar charts grow in
height with the number of rows. The smallest text is 11 pt at 150 dpi (23 px, about 16,5 pt at
100 dpi); titles are 16 pt and wrap. Numbers use the Indonesian format ("1.234,5"), month
abbreviations are Indonesian (Jan … Agu … Des) and bars are coloured by the Tabel B.2 category
of Pergub Banten 42/2018 (:attr:`core.rating.Kategori.warna`).

Rendering uses ``matplotlib.figure.Figure`` with ``FigureCanvasAgg`` directly: no pyplot, no
global figure registry, no ``rcParams`` mutation (every style is set on the artist). Each call
builds its own Figure; the only state shared between calls is a set of lock-protected
``functools.lru_cache`` caches of word widths and word outlines (and FreeType fonts, which
matplotlib keeps per thread), so calls from several threads are safe and give the same bytes as
sequential ones. Text artists use ``parse_math=False`` and the bar charts' row labels are drawn
as glyph outlines (:class:`_Tulisan`, about twice as fast as matplotlib ``Text`` for 40 rows),
so a "$" in a name is printed as is. The PNG is an exact-colour palette image without a
"Software" text chunk, so the same input gives the same bytes.

- :func:`kurva_s` — cumulative target vs realisasi per month (the S-curve), with
  :func:`kurva_s_data` to take the months of one sub kegiatan (:class:`core.rollup.BulanAngka`).
- :func:`capaian_per_anak` — capaian per child as horizontal bars; :func:`grafik_anak` builds it
  from a :class:`core.rollup.HasilSimpul`.
- :func:`peringkat_pd` — the ranking of perangkat daerah; :func:`grafik_peringkat` builds it from
  the province tree (:func:`core.services.build_capaian_tree`).

An empty input gives a "Belum ada data" image, never an exception.
"""

from __future__ import annotations

import functools
import io
import math
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.textpath import text_to_path
from matplotlib.transforms import Affine2D, Transform
from PIL import Image

from core.capaian import (
    ALASAN_BELUM_ADA_SUB,
    ALASAN_REALISASI_KOSONG,
    ALASAN_TARGET_KOSONG,
    ALASAN_TARGET_NEGATIF,
    ALASAN_TARGET_NOL,
    KONTEKS,
    Capaian,
    cek_decimal,
    format_angka,
    urut_peringkat,
)
from core.periode import NAMA_BULAN
from core.rating import BATAS_BAWAH, Kategori, kategori
from core.rollup import BulanAngka, HasilSimpul

__all__ = [
    "BULAN_SINGKAT",
    "DPI",
    "LEBAR_PX",
    "MAKS_BARIS",
    "TINGGI_MAKS_PX",
    "capaian_per_anak",
    "grafik_anak",
    "grafik_peringkat",
    "kurva_s",
    "kurva_s_data",
    "peringkat_pd",
]

#: Resolution of every chart; with :data:`LEBAR_PX` the figure is 7,2 in wide.
DPI: Final = 150
#: Width of every chart in pixels (a Telegram photo is shown full width on a phone).
LEBAR_PX: Final = 1080
#: Telegram shows a photo up to 2560 px on its long side without scaling it down; a bar chart
#: taller than this puts each name on one line.
TINGGI_MAKS_PX: Final = 2560
#: Most rows a bar chart takes: Telegram refuses a photo whose width + height exceed 10 000 px.
MAKS_BARIS: Final = 150

#: Month abbreviations Jan … Des (the first three letters of NAMA_BULAN: "Agu", "Okt", "Des").
BULAN_SINGKAT: Final[tuple[str, ...]] = tuple(NAMA_BULAN[b][:3] for b in range(1, 13))

BELUM_ADA_DATA: Final = "Belum ada data"
TIDAK_ADA_TARGET: Final = "tidak ada target"

_FONT: Final = "DejaVu Sans"  # ships with matplotlib; has every glyph used here (–, ≥, ≤, …)
_PT_JUDUL: Final = 16.0
_PT_SUBJUDUL: Final = 12.0
_PT_TEKS: Final = 13.0
_PT_KECIL: Final = 11.0

_HITAM: Final = "#222222"
_ABU: Final = "#5F5F5F"
_ABU_MUDA: Final = "#D9D9D9"
_ABU_KOSONG: Final = "#C8C8C8"
_BIRU: Final = "#1F5FA8"
_GARIS_TARGET: Final = "#7A7A7A"
_TEPI_BATANG: Final = "#4D4D4D"

#: gid of the PolyCollection of bars with a capaian, and of the grey stubs without one.
_GID_BATANG: Final = "capaian"
_GID_KOSONG: Final = "tanpa_capaian"
#: gid of the PathPatch of row labels drawn as outlines (see _Tulisan).
_GID_TEKS: Final = "teks"
_HIJAU_ACUAN: Final = "#0B6B33"

_MARGIN: Final = 36  # px, left/right/top/bottom
_KOLOM_LEGENDA: Final = 3
_SERATUS: Final = Decimal(100)
_NOL: Final = Decimal(0)
_BATAS_SUMBU: Final = Decimal(150)  # bars longer than this are cut (the label keeps the value)

_PX_PER_PT: Final = DPI / 72


def _px(pt: float) -> float:
    return pt * _PX_PER_PT


def _font(pt: float, tebal: bool = False, miring: bool = False) -> FontProperties:
    return FontProperties(
        family=_FONT,
        size=pt,
        weight="bold" if tebal else "normal",
        style="italic" if miring else "normal",
    )


# -- text measuring and wrapping ----------------------------------------------------------


_LOKAL: Final = threading.local()


def _renderer_ukur() -> RendererAgg:
    """A 1×1 Agg renderer per thread, only for measuring text (no pixel buffer to speak of)."""
    r: RendererAgg | None = getattr(_LOKAL, "renderer", None)
    if r is None:
        # matplotlib ships no type stubs for backend_agg, hence the ignore
        r = RendererAgg(1, 1, DPI)  # type: ignore[no-untyped-call]
        _LOKAL.renderer = r
    return r


@functools.lru_cache(maxsize=16_384)
def _lebar_kata(kata: str, prop: FontProperties) -> float:
    """Width in px of a word at DPI (FontProperties hash and compare by value). Cached across
    charts: names repeat ("Dinas", "dan", "Daerah"), and FreeType layout is the slow part."""
    w, _h, _d = _renderer_ukur().get_text_width_height_descent(  # type: ignore[no-untyped-call]
        kata, prop, ismath=False
    )
    return float(w)


@functools.lru_cache(maxsize=64)
def _metrik(prop: FontProperties) -> tuple[float, float]:
    _w, h, d = _renderer_ukur().get_text_width_height_descent(  # type: ignore[no-untyped-call]
        "lp", prop, ismath=False
    )
    return float(h - d), float(d)


class _Pengukur:
    """Text widths in pixels at :data:`DPI`: the sum of the words and the spaces between them
    (kerning across a space is nil), so each distinct word is laid out once."""

    def lebar(self, teks: str, prop: FontProperties) -> float:
        kata = teks.split(" ")
        jumlah = sum(_lebar_kata(k, prop) for k in kata if k)
        return jumlah + (len(kata) - 1) * self._spasi(prop)

    @staticmethod
    def metrik(prop: FontProperties) -> tuple[float, float]:
        """(ascent, descent) in px of a line, as matplotlib lays out Text (from "lp")."""
        return _metrik(prop)

    @staticmethod
    def _spasi(prop: FontProperties) -> float:
        """The gap between two words' ink: a space's advance plus the side bearings."""
        return _lebar_kata("x x", prop) - 2 * _lebar_kata("x", prop)

    def potong(self, teks: str, lebar_px: float, prop: FontProperties) -> str:
        """``teks`` shortened with "…" to fit ``lebar_px`` (at word boundaries when possible)."""
        if self.lebar(teks, prop) <= lebar_px:
            return teks
        kata = teks.split(" ")
        while len(kata) > 1:
            kata.pop()
            calon = " ".join(kata).rstrip(",;:-–") + "…"
            if self.lebar(calon, prop) <= lebar_px:
                return calon
        return kata[0][: self._muat(kata[0], lebar_px, prop, "…")] + "…"

    @staticmethod
    def _muat(kata: str, lebar_px: float, prop: FontProperties, akhiran: str = "") -> int:
        """How many leading characters of ``kata`` (no spaces), followed by ``akhiran``, fit in
        ``lebar_px``; at least 1 (binary search on measured prefixes)."""
        bawah, atas = 1, len(kata)
        while bawah < atas:
            tengah = (bawah + atas + 1) // 2
            if _lebar_kata(kata[:tengah] + akhiran, prop) <= lebar_px:
                bawah = tengah
            else:
                atas = tengah - 1
        return bawah

    def bungkus(
        self, teks: str, lebar_px: float, prop: FontProperties, maks_baris: int
    ) -> list[str]:
        """Greedy word wrap to ``lebar_px``; more than ``maks_baris`` lines end with "…".

        A word wider than the line is cut. Explicit newlines start new paragraphs.
        """
        baris: list[str] = []
        for paragraf in teks.splitlines() or [""]:
            kini = ""
            for kata in paragraf.split():
                calon = f"{kini} {kata}" if kini else kata
                if self.lebar(calon, prop) <= lebar_px:
                    kini = calon
                    continue
                if kini:
                    baris.append(kini)
                kini = kata
                while self.lebar(kini, prop) > lebar_px and len(kini) > 1:
                    # a single word wider than the line: cut it where it still fits
                    n = self._muat(kini, lebar_px, prop)
                    baris.append(kini[:n])
                    kini = kini[n:]
            baris.append(kini)
        if len(baris) > maks_baris:
            sisa = " ".join(baris[maks_baris - 1 :])
            baris = [*baris[: maks_baris - 1], self.potong(sisa, lebar_px, prop)]
        return baris


# -- common figure pieces ------------------------------------------------------------------


def _figure(tinggi_px: float) -> tuple[Figure, Transform]:
    """A white Figure of LEBAR_PX × tinggi_px and a transform from pixels (origin top-left)."""
    tinggi = round(tinggi_px)
    fig = Figure(figsize=(LEBAR_PX / DPI, tinggi / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    px = Affine2D().scale(1 / LEBAR_PX, -1 / tinggi).translate(0, 1) + fig.transFigure
    return fig, px


@dataclass(frozen=True, slots=True)
class _Kepala:
    """Title and subtitle, wrapped."""

    judul: list[str]
    subjudul: list[str]

    @property
    def tinggi(self) -> float:
        """Pixels from the top edge to the bottom of the subtitle."""
        h = _MARGIN + len(self.judul) * _px(_PT_JUDUL) * 1.25
        if self.subjudul:
            h += 8 + len(self.subjudul) * _px(_PT_SUBJUDUL) * 1.3
        return h


def _kepala(ukur: _Pengukur, judul: str, subjudul: str | None) -> _Kepala:
    lebar = LEBAR_PX - 2 * _MARGIN
    return _Kepala(
        ukur.bungkus(judul, lebar, _font(_PT_JUDUL, tebal=True), 3),
        ukur.bungkus(subjudul, lebar, _font(_PT_SUBJUDUL), 3) if subjudul else [],
    )


def _gambar_kepala(fig: Figure, px: Transform, kepala: _Kepala) -> None:
    y = float(_MARGIN)
    if kepala.judul:
        fig.text(
            _MARGIN,
            y,
            "\n".join(kepala.judul),
            transform=px,
            ha="left",
            va="top",
            color=_HITAM,
            fontproperties=_font(_PT_JUDUL, tebal=True),
            linespacing=1.25,
            parse_math=False,
        )
        y += len(kepala.judul) * _px(_PT_JUDUL) * 1.25
    if kepala.subjudul:
        fig.text(
            _MARGIN,
            y + 8,
            "\n".join(kepala.subjudul),
            transform=px,
            ha="left",
            va="top",
            color=_ABU,
            fontproperties=_font(_PT_SUBJUDUL),
            linespacing=1.3,
            parse_math=False,
        )


def _figure_kosong(judul: str, subjudul: str | None, pesan: str = BELUM_ADA_DATA) -> Figure:
    """Title, subtitle and a large grey "Belum ada data"."""
    ukur = _Pengukur()
    kepala = _kepala(ukur, judul, subjudul)
    tinggi = max(720.0, kepala.tinggi + 360)
    fig, px = _figure(tinggi)
    _gambar_kepala(fig, px, kepala)
    tengah = (kepala.tinggi + tinggi) / 2
    fig.add_artist(
        Rectangle(
            (_MARGIN, kepala.tinggi + 40),
            LEBAR_PX - 2 * _MARGIN,
            tinggi - kepala.tinggi - 40 - _MARGIN,
            transform=px,
            facecolor="#F4F4F4",
            edgecolor=_ABU_MUDA,
            linewidth=1.5,
        )
    )
    fig.text(
        LEBAR_PX / 2,
        tengah,
        pesan,
        transform=px,
        ha="center",
        va="center",
        color=_ABU,
        fontproperties=_font(22, tebal=True),
        parse_math=False,
    )
    return fig


#: Palette size of the PNG: the most frequent colours, exact (see _png).
_WARNA_PALET: Final = 128


def _png(fig: Figure) -> bytes:
    """Render to an 8-bit palette PNG (exact for the chart's main colours).

    A chart is flat colours plus antialiased edges: a few hundred distinct colours, most of them
    rare blends. The palette is the :data:`_WARNA_PALET` most frequent colours of every fourth
    row (ties by colour value), so white stays white and every fill keeps its exact hex value;
    any other colour (an antialiasing shade) maps to its nearest palette entry, without
    dithering. The PNG is about 40 % of the size of matplotlib's RGBA PNG and quicker to
    compress. No text chunks are written (matplotlib's default adds "Software"), so the same
    input gives the same bytes.
    """
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):  # pragma: no cover - _figure always sets it
        canvas = FigureCanvasAgg(fig)
    # matplotlib ships no type stubs for backend_agg, hence the ignores
    canvas.draw()  # type: ignore[no-untyped-call]
    rgba: npt.NDArray[np.uint8] = np.asarray(canvas.buffer_rgba())  # type: ignore[no-untyped-call]
    tinggi, lebar = rgba.shape[:2]
    kunci = _kunci_warna(rgba)
    # the palette: the most frequent colours of every 4th row (exact values)
    sampel = np.ascontiguousarray(rgba[::4])
    gambar = Image.frombuffer("RGBA", (lebar, sampel.shape[0]), sampel, "raw", "RGBA", 0, 1)
    jumlah = gambar.getcolors(sampel.shape[0] * lebar) or []  # [(count, (r, g, b, a)), ...]
    jumlah.sort(key=lambda nw: (-nw[0], nw[1]))
    semua = np.array([w for _n, w in jumlah], dtype=np.uint8).reshape(-1, 4)
    palet = semua[:_WARNA_PALET, :3].astype(np.int32)
    # colour -> palette index + 1 (0: not seen in the sample yet); the table is calloc'ed, so
    # only the pages of colours that occur are touched
    tabel = np.zeros(1 << 24, dtype=np.uint8)
    tabel[_kunci_warna(semua)] = _terdekat(semua[:, :3], palet) + 1
    piksel = tabel[kunci]
    hilang = piksel == 0
    if hilang.any():  # colours only in the rows the sample skipped
        k = np.unique(kunci[hilang])
        warna = np.stack([(k >> s) & 0xFF for s in _GESER_RGB], axis=1).astype(np.uint8)
        tabel[k] = _terdekat(warna, palet) + 1
        piksel[hilang] = tabel[kunci[hilang]]
    piksel -= 1
    hasil = Image.frombytes("P", (lebar, tinggi), piksel.tobytes())
    hasil.putpalette(palet.astype(np.uint8).tobytes())
    buf = io.BytesIO()
    hasil.save(buf, format="PNG", compress_level=6, dpi=(DPI, DPI))
    return buf.getvalue()


def _terdekat(warna: npt.NDArray[np.uint8], palet: npt.NDArray[np.int32]) -> npt.NDArray[np.uint8]:
    """Index of the nearest palette entry (RGB distance) for each colour; an exact match is
    its own entry. In blocks, to bound memory."""
    hasil = np.empty(len(warna), dtype=np.uint8)
    for awal in range(0, len(warna), 2048):
        blok = warna[awal : awal + 2048].astype(np.int32)
        jarak = ((blok[:, None, :] - palet[None, :, :]) ** 2).sum(axis=2)
        hasil[awal : awal + 2048] = jarak.argmin(axis=1)
    return hasil


#: Bit offsets of R, G, B in the 24-bit key made by _kunci_warna.
_GESER_RGB: Final = (0, 8, 16) if sys.byteorder == "little" else (16, 8, 0)


def _kunci_warna(rgba: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint32]:
    """24-bit key of each RGBA pixel (alpha dropped), without copying the channels."""
    kunci = np.ascontiguousarray(rgba).view(np.uint32)[..., 0]
    if sys.byteorder == "little":
        return kunci & np.uint32(0xFFFFFF)
    return kunci >> np.uint32(8)  # pragma: no cover - big-endian hosts


def _persen(nilai: Decimal) -> str:
    """ "45,2%" (one decimal, Indonesian separators)."""
    return f"{format_angka(nilai, 1)}%"


def _cek_opsional(nama: str, nilai: object) -> Decimal | None:
    return None if nilai is None else cek_decimal(nama, nilai)


# -- kurva S ------------------------------------------------------------------------------


def kurva_s_data(
    bulanan: Mapping[int, BulanAngka], jenis: Literal["fisik", "keuangan"] = "fisik"
) -> tuple[list[Decimal], list[Decimal | None]]:
    """Per-month target and realisasi (not cumulative) for :func:`kurva_s`, January first.

    ``fisik``: the ROPP target bobot (the year's bobot sums to 100) and the reported realisasi
    bobot. ``keuangan``: anggaran kas and realisasi anggaran as percent of the year's anggaran kas
    (all zeros when there is none). A month absent from ``bulanan`` has no plan (0) and no report
    (None); a month whose realisasi is None was not reported.
    """
    salah = sorted(repr(b) for b in bulanan if b not in range(1, 13))
    if salah:
        raise ValueError(f"Kunci bulan harus 1 sampai 12, bukan {', '.join(salah)}")
    target: list[Decimal] = []
    realisasi: list[Decimal | None] = []
    if jenis == "fisik":
        for b in range(1, 13):
            ba = bulanan.get(b)
            target.append(_NOL if ba is None else ba.target_bobot)
            realisasi.append(None if ba is None else ba.realisasi_bobot)
        return target, realisasi
    if jenis != "keuangan":
        raise ValueError(f"Jenis kurva S harus 'fisik' atau 'keuangan', bukan {jenis!r}")
    total = sum((ba.target_anggaran for ba in bulanan.values()), _NOL)
    for b in range(1, 13):
        ba = bulanan.get(b)
        if ba is None:
            target.append(_NOL)
            realisasi.append(None)
            continue
        if total == _NOL:
            target.append(_NOL)
            realisasi.append(None if ba.realisasi_anggaran is None else _NOL)
            continue
        target.append(_persen_dari(ba.target_anggaran, total))
        r = ba.realisasi_anggaran
        realisasi.append(None if r is None else _persen_dari(r, total))
    return target, realisasi


def _langkah_sumbu(rentang: float) -> int:
    """Gridline step: 20 for 0–100 %, else the first of 25, 50, 100, 200, 250, 500, 1000, …
    giving at most 8 steps."""
    dasar = 10
    while True:
        for kali in (2, 2.5, 5, 10):
            langkah = int(kali * dasar)
            if rentang / langkah <= 8:
                return langkah
        dasar *= 10


def _persen_dari(nilai: Decimal, total: Decimal) -> Decimal:
    return KONTEKS.divide(KONTEKS.multiply(nilai, _SERATUS), total)


def _kumulatif(nilai: Sequence[Decimal]) -> list[Decimal]:
    hasil: list[Decimal] = []
    jumlah = _NOL
    for v in nilai:
        jumlah += v
        hasil.append(jumlah)
    return hasil


_GAYA_TARGET: Final[Mapping[str, Any]] = {
    "color": _GARIS_TARGET,
    "linewidth": 3.0,
    "linestyle": (0, (4, 2)),
    "marker": "o",
    "markersize": 6,
    "markerfacecolor": "white",
    "markeredgewidth": 2.0,
}
_GAYA_REALISASI: Final[Mapping[str, Any]] = {
    "color": _BIRU,
    "linewidth": 4.0,
    "linestyle": "-",
    "marker": "o",
    "markersize": 8,
}


def _figure_kurva_s(
    judul: str,
    bulan_target: Sequence[Decimal],
    bulan_realisasi: Sequence[Decimal | None],
    subjudul: str | None = None,
) -> Figure:
    if len(bulan_target) > 12 or len(bulan_realisasi) > 12:
        raise ValueError("Kurva S paling banyak 12 bulan (Januari sampai Desember)")
    target = [cek_decimal(f"Target bulan {i + 1}", v) for i, v in enumerate(bulan_target)]
    target += [_NOL] * (12 - len(target))
    realisasi = [
        _cek_opsional(f"Realisasi bulan {i + 1}", v) for i, v in enumerate(bulan_realisasi)
    ]
    realisasi += [None] * (12 - len(realisasi))
    terakhir = max((i for i, v in enumerate(realisasi) if v is not None), default=-1)
    if terakhir < 0 and all(v == _NOL for v in target):
        return _figure_kosong(judul, subjudul)

    kum_target = _kumulatif(target)
    kum_real = _kumulatif([_NOL if v is None else v for v in realisasi[: terakhir + 1]])
    puncak = max([_SERATUS, *kum_target, *kum_real])
    batas_atas = float(math.ceil(puncak / 10) * 10)  # next multiple of 10 (≥ 100)
    batas_bawah = float(min([_NOL, *kum_target, *kum_real]))

    ukur = _Pengukur()
    kepala = _kepala(ukur, judul, subjudul)
    tinggi = float(LEBAR_PX)
    fig, px = _figure(tinggi)
    _gambar_kepala(fig, px, kepala)

    # legend above the plot, so it never hides a curve
    prop_legenda = _font(_PT_TEKS - 1)
    y_legenda = kepala.tinggi + 14 + _px(_PT_TEKS - 1) * 0.7
    x = float(_MARGIN)
    entri = [("Target kumulatif", _GAYA_TARGET)]
    entri.append(
        ("Realisasi kumulatif", _GAYA_REALISASI)
        if terakhir >= 0
        else ("Realisasi: belum dilaporkan", _GAYA_REALISASI)
    )
    for label, gaya in entri:
        garis_saja = {**gaya, "marker": "none"}
        titik_saja = {**gaya, "linestyle": "none"}
        fig.add_artist(Line2D([x, x + 72], [y_legenda, y_legenda], transform=px, **garis_saja))
        fig.add_artist(Line2D([x + 36], [y_legenda], transform=px, **titik_saja))
        fig.text(
            x + 86,
            y_legenda,
            label,
            transform=px,
            ha="left",
            va="center_baseline",
            color=_HITAM,
            fontproperties=prop_legenda,
            parse_math=False,
        )
        x += 86 + ukur.lebar(label, prop_legenda) + 48

    prop_tick = _font(_PT_TEKS)
    kiri = _MARGIN + ukur.lebar(_persen_bulat(Decimal(int(batas_atas))), prop_tick) + 18
    atas = y_legenda + _px(_PT_TEKS) * 1.3
    bawah = tinggi - _MARGIN - _px(_PT_TEKS) * 1.6
    kanan = LEBAR_PX - _MARGIN - 12
    ax = fig.add_axes(
        (kiri / LEBAR_PX, 1 - bawah / tinggi, (kanan - kiri) / LEBAR_PX, (bawah - atas) / tinggi)
    )
    _gaya_sumbu(ax)
    ax.set_xlim(-0.5, 11.5)
    ax.set_ylim(batas_bawah, batas_atas + (batas_atas - batas_bawah) * 0.04)
    ax.set_xticks(range(12), BULAN_SINGKAT)
    langkah = _langkah_sumbu(batas_atas - batas_bawah)
    yt = range(math.floor(batas_bawah / langkah) * langkah, int(batas_atas) + 1, langkah)
    ax.set_yticks([float(v) for v in yt], [_persen_bulat(Decimal(v)) for v in yt])
    ax.grid(True, axis="y", color=_ABU_MUDA, linewidth=1.0, linestyle="-")

    bulan = list(range(12))
    y_target = [float(v) for v in kum_target]
    ax.plot(bulan, y_target, zorder=3, **_GAYA_TARGET)
    if terakhir < 0:
        return fig
    y_real = [float(v) for v in kum_real]
    ax.plot(bulan[: terakhir + 1], y_real, zorder=4, **_GAYA_REALISASI)

    # label the last realisasi point and the target of that month where no curve runs
    ke_px = ax.transData
    garis = [
        [tuple(p) for p in ke_px.transform(list(zip(bulan, y_target, strict=True)))],
        [tuple(p) for p in ke_px.transform(list(zip(bulan[: terakhir + 1], y_real, strict=True)))],
    ]
    kotak_ax = ax.get_position().transformed(fig.transFigure)  # display px (origin bottom-left)
    batas = (kotak_ax.x0, kotak_ax.y0, kotak_ax.x1, kotak_ax.y1)
    r, t = y_real[terakhir], y_target[terakhir]
    di_atas = r >= t
    anotasi = [
        (_persen(kum_real[terakhir]), r, di_atas, _font(_PT_TEKS + 2, tebal=True), True),
        (f"target {_persen(kum_target[terakhir])}", t, not di_atas, _font(_PT_KECIL + 1), False),
    ]
    terpakai: list[tuple[float, float, float, float]] = []
    for teks, nilai, atas_titik, prop, utama in anotasi:
        titik = ke_px.transform((terakhir, nilai))
        pt_label = prop.get_size_in_points()
        pad = _px(pt_label) * 0.3  # boxstyle pad=0.3 (of the font size)
        ukuran = (ukur.lebar(teks, prop), _px(pt_label) * 1.15)
        dx, dy, ha, va, kotak = _letak_label(
            (float(titik[0]), float(titik[1])), ukuran, pad, atas_titik, garis, terpakai, batas
        )
        terpakai.append(kotak)
        ax.annotate(
            teks,
            xy=(terakhir, nilai),
            xytext=(dx, dy),
            textcoords="offset pixels",
            ha=ha,
            va=va,
            color=_BIRU if utama else _ABU,
            fontproperties=prop,
            bbox={
                "boxstyle": "round,pad=0.3",
                "facecolor": "white",
                "edgecolor": _BIRU if utama else "none",
                "linewidth": 1.5,
            },
            zorder=6 if utama else 5,
            annotation_clip=False,
            parse_math=False,
            # a label pushed away from its point gets a thin leader line
            arrowprops=None
            if max(abs(dx), abs(dy)) <= _JARAK_LABEL[0] + pad + 1
            else {
                "arrowstyle": "-",
                "color": _BIRU if utama else _ABU,
                "linewidth": 1.2,
                "shrinkA": 0.0,
                "shrinkB": 6.0,
            },
        )
    return fig


_Kotak = tuple[float, float, float, float]  # x0, y0, x1, y1 in display px (y up)
_HA = Literal["left", "center", "right"]
_VA = Literal["top", "center", "bottom"]

#: Unit directions for a label, best first, for a label that belongs above its point: the
#: curves rise from lower left to upper right, so above-left is usually free (below-right for a
#: label below its point). (ux, uy): -1 left/down, 0 centred, +1 right/up.
_ARAH_ATAS: Final = ((-1, 1), (0, 1), (1, 1), (-1, 0), (1, 0), (-1, -1), (0, -1), (1, -1))
_ARAH_BAWAH: Final = ((1, -1), (0, -1), (-1, -1), (1, 0), (-1, 0), (1, 1), (0, 1), (-1, 1))
_JARAK_LABEL: Final = (12.0, 36.0, 64.0, 100.0)
_HA_ARAH: Final[Mapping[int, _HA]] = {-1: "right", 0: "center", 1: "left"}
_VA_ARAH: Final[Mapping[int, _VA]] = {-1: "top", 0: "center", 1: "bottom"}


def _letak_label(
    titik: tuple[float, float],
    ukuran: tuple[float, float],
    pad: float,
    di_atas: bool,
    garis: Sequence[Sequence[tuple[float, float]]],
    terpakai: Sequence[_Kotak],
    batas: _Kotak,
) -> tuple[float, float, _HA, _VA, _Kotak]:
    """Offset (px) and alignment of a label of ``ukuran`` (text w, h) plus ``pad`` of box.

    Tries the directions nearest first; the first box inside the axes and clear of the curves
    and of the labels already placed wins, else the one with the fewest curve samples under it
    (never one over another label or outside the axes if any other exists). Deterministic.
    """
    arah = _ARAH_ATAS if di_atas else _ARAH_BAWAH
    w, h = ukuran
    terbaik: tuple[float, float, _HA, _VA, _Kotak] | None = None
    skor_terbaik = float("inf")
    for jarak in _JARAK_LABEL:
        for ux, uy in arah:
            dx = ux * (jarak + pad)
            dy = uy * (jarak + pad)
            x0 = titik[0] + dx - (w if ux < 0 else w / 2 if ux == 0 else 0.0)
            y0 = titik[1] + dy - (h if uy < 0 else h / 2 if uy == 0 else 0.0)
            kotak = (x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)
            skor = float(sum(_tabrakan_garis(kotak, g) for g in garis))
            skor += 1_000 * sum(1 for k in terpakai if _bertumpuk(kotak, k))
            if (
                kotak[0] < batas[0]
                or kotak[1] < batas[1]
                or kotak[2] > batas[2]
                or kotak[3] > batas[3]
            ):
                skor += 10_000
            calon = (dx, dy, _HA_ARAH[ux], _VA_ARAH[uy], kotak)
            if skor == 0:
                return calon
            if skor < skor_terbaik:
                skor_terbaik, terbaik = skor, calon
    assert terbaik is not None
    return terbaik


def _bertumpuk(a: _Kotak, b: _Kotak) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _tabrakan_garis(kotak: _Kotak, garis: Sequence[tuple[float, float]], tebal: float = 6.0) -> int:
    """How many sample points of a polyline (every ~4 px, markers included) fall inside the box
    grown by ``tebal`` px."""
    x0, y0, x1, y1 = kotak[0] - tebal, kotak[1] - tebal, kotak[2] + tebal, kotak[3] + tebal
    n = 0
    for (ax_, ay), (bx, by) in zip(garis, garis[1:], strict=False):
        if max(ax_, bx) < x0 or min(ax_, bx) > x1 or max(ay, by) < y0 or min(ay, by) > y1:
            continue
        langkah = max(1, int(max(abs(bx - ax_), abs(by - ay)) / 4))
        for i in range(langkah + 1):
            x = ax_ + (bx - ax_) * i / langkah
            y = ay + (by - ay) * i / langkah
            if x0 <= x <= x1 and y0 <= y <= y1:
                n += 1
    if len(garis) == 1:
        x, y = garis[0]
        n += int(x0 <= x <= x1 and y0 <= y <= y1)
    return n


def _persen_bulat(nilai: Decimal) -> str:
    return f"{format_angka(nilai, 0)}%"


def _gaya_sumbu(ax: Axes) -> None:
    """Spines, ticks and tick labels set on the axes (never through rcParams)."""
    ax.set_facecolor("white")
    for nama, spine in ax.spines.items():
        spine.set_visible(nama in ("left", "bottom"))
        spine.set_color(_ABU)
        spine.set_linewidth(1.2)
    ax.tick_params(
        axis="both",
        which="both",
        direction="out",
        length=5,
        width=1.2,
        color=_ABU,
        labelcolor=_HITAM,
        labelsize=_PT_TEKS,
        labelfontfamily=_FONT,
        pad=6,
    )
    ax.set_axisbelow(True)


def kurva_s(
    judul: str,
    bulan_target: Sequence[Decimal],
    bulan_realisasi: Sequence[Decimal | None],
    subjudul: str | None = None,
) -> bytes:
    """The S-curve as PNG: cumulative target vs cumulative realisasi, Jan … Des, y in percent.

    ``bulan_target`` and ``bulan_realisasi`` are per month (January first, at most 12; missing
    months are 0 / not reported), not cumulative: the curve accumulates them. The realisasi line
    stops at the last month with a realisasi (an earlier None counts as 0) and its last point is
    labelled ("45,2%") together with the target of that month. The y axis runs 0–100 %, higher
    when a cumulative value exceeds 100.
    """
    return _png(_figure_kurva_s(judul, bulan_target, bulan_realisasi, subjudul))


# -- bar charts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Baris:
    nama: str
    nilai: Decimal | None
    ket_kosong: str = TIDAK_ADA_TARGET
    peringkat: int | None = None


def _legenda_kategori() -> list[tuple[str, str]]:
    """(label, colour) of the five Tabel B.2 bands, highest first: "Tinggi 76–90"."""
    hasil: list[tuple[str, str]] = []
    batas = [BATAS_BAWAH[k] for k in Kategori if k in BATAS_BAWAH]
    for i, kat in enumerate(Kategori):
        bawah = kat.batas_bawah
        if i == 0:
            rentang = f"≥ {bawah}"
        elif bawah is None:
            rentang = f"≤ {batas[-1] - 1}"
        else:
            rentang = f"{bawah}–{batas[i - 1] - 1}"
        hasil.append((f"{kat.label} {rentang}", kat.warna))
    return hasil


def _gambar_legenda(
    fig: Figure, px: Transform, y: float, ukur: _Pengukur, dengan_kosong: bool
) -> float:
    """The category legend in three columns from ``y``; returns the y below it."""
    prop = _font(_PT_KECIL)
    entri = [(label, warna, False) for label, warna in _legenda_kategori()]
    if dengan_kosong:
        entri.append(("Tanpa capaian", _ABU_KOSONG, True))
    kolom = _KOLOM_LEGENDA
    lebar_kolom = (LEBAR_PX - 2 * _MARGIN) / kolom
    tinggi_baris = _px(_PT_KECIL) * 1.7
    kotak = _px(_PT_KECIL) * 1.1
    for i, (label, warna, kosong) in enumerate(entri):
        x = _MARGIN + (i % kolom) * lebar_kolom
        yc = y + (i // kolom) * tinggi_baris + tinggi_baris / 2
        fig.add_artist(
            Rectangle(
                (x, yc - kotak / 2),
                kotak,
                kotak,
                transform=px,
                facecolor=warna,
                edgecolor=_TEPI_BATANG if not kosong else "#8A8A8A",
                hatch="///" if kosong else None,
                linewidth=0.8,
            )
        )
        fig.text(
            x + kotak + 10,
            yc,
            ukur.potong(label, lebar_kolom - kotak - 16, prop),
            transform=px,
            ha="left",
            va="center_baseline",
            color=_HITAM,
            fontproperties=prop,
            parse_math=False,
        )
    return y + _tinggi_legenda(dengan_kosong)


def _tinggi_legenda(dengan_kosong: bool) -> float:
    entri = len(Kategori) + (1 if dengan_kosong else 0)
    return -(-entri // _KOLOM_LEGENDA) * _px(_PT_KECIL) * 1.7


@functools.lru_cache(maxsize=4096)
def _jalur_kata(
    kata: str, prop: FontProperties
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.uint8], float]:
    """Glyph outlines of one word in px (y downward, pen at the origin), their path codes, and
    the pen advance to the next word (the word plus one space, kerning included).

    Laid out as ``kata + " x"`` so that the position of the "x" gives the advance. Cached:
    words repeat within a chart ("Dinas", "dan", "Daerah") and from one chart to the next.
    """
    font = get_font(findfont(prop))
    font.set_size(text_to_path.FONT_SCALE, text_to_path.DPI)
    info, peta, _kotak = text_to_path.get_glyphs_with_font(font, kata + " x")
    skala = prop.get_size_in_points() / text_to_path.FONT_SCALE * DPI / 72
    titik: list[npt.NDArray[np.float64]] = []
    kode: list[npt.NDArray[np.uint8]] = []
    for glyph, x, y, besar in info[:-1]:  # without the trailing "x"
        v, c = peta[glyph]
        if len(c):
            titik.append(np.asarray(v, dtype=np.float64) * besar + (x, y))
            kode.append(np.asarray(c, dtype=np.uint8))
    verts = np.concatenate(titik) * (skala, -skala) if titik else np.empty((0, 2))
    codes = np.concatenate(kode) if kode else np.empty(0, dtype=np.uint8)
    verts.flags.writeable = False
    codes.flags.writeable = False
    return verts, codes, float(info[-1][1]) * skala


def _kosongkan_cache() -> None:
    """Forget the measured words and outlines (for the benchmark's cold-cache figures)."""
    _lebar_kata.cache_clear()
    _jalur_kata.cache_clear()
    _metrik.cache_clear()


class _Tulisan:
    """Many short labels drawn as glyph outlines: one compound path per colour.

    matplotlib 3.11 lays each line of a :class:`~matplotlib.text.Text` out twice with FreeType
    and rasterises it glyph by glyph in Python; a chart with 40 rows spent most of its time
    there. Here the outlines of each word (:func:`_jalur_kata`, cached) are placed once and
    every label of one colour becomes a single ``PathPatch``, drawn by Agg in one call; at these
    sizes (≥ 23 px) it looks the same. Positions are in pixels from the top-left corner; the
    alignment follows ``Text`` (``va="center"`` centres the block of lines, each as tall as
    "lp"). Text is drawn verbatim: no mathtext, so "$" is just a dollar sign.
    """

    def __init__(self, ukur: _Pengukur) -> None:
        self._ukur = ukur
        self._titik: dict[tuple[str, float], list[npt.NDArray[np.float64]]] = {}
        self._kode: dict[tuple[str, float], list[npt.NDArray[np.uint8]]] = {}
        self._teks: dict[tuple[str, float], list[str]] = {}

    def tambah(
        self,
        x: float,
        y: float,
        teks: str,
        prop: FontProperties,
        warna: str,
        ha: _HA = "left",
        va: _VA = "center",
        spasi_baris: float = 1.2,
        zorder: float = 5,
    ) -> None:
        baris = teks.split("\n")
        naik, turun = self._ukur.metrik(prop)
        jarak = _px(prop.get_size_in_points()) * spasi_baris
        tinggi = naik + turun + (len(baris) - 1) * jarak
        atas = y - tinggi / 2 if va == "center" else y if va == "top" else y - tinggi
        kunci = (warna, zorder)
        titik = self._titik.setdefault(kunci, [])
        kode = self._kode.setdefault(kunci, [])
        for i, isi in enumerate(baris):
            if not isi.strip():
                continue
            lebar = self._ukur.lebar(isi, prop)
            pena = x if ha == "left" else x - lebar if ha == "right" else x - lebar / 2
            dasar = atas + naik + i * jarak
            for kata in isi.split(" "):
                v, c, maju = _jalur_kata(kata, prop)
                if len(c):
                    titik.append(v + (pena, dasar))
                    kode.append(c)
                pena += maju
        self._teks.setdefault(kunci, []).append(teks)

    def gambar(self, fig: Figure, px: Transform) -> None:
        for kunci, titik in self._titik.items():
            if not titik:
                continue
            warna, zorder = kunci
            patch = PathPatch(
                Path(np.concatenate(titik), np.concatenate(self._kode[kunci])),
                transform=px,
                facecolor=warna,
                edgecolor="none",
                linewidth=0,
                zorder=zorder,
                # the strings drawn, for inspection (tests); never shown
                label="\n".join(self._teks[kunci]),
                gid=_GID_TEKS,
            )
            fig.add_artist(patch)


def _figure_batang(
    judul: str,
    subjudul: str | None,
    baris: Sequence[_Baris],
    garis_acuan: Decimal | None = None,
) -> Figure:
    """Horizontal bars, one row per item, top to bottom in the given order.

    Everything is placed in pixels (no Axes): rank, name (wrapped), bar, value label.
    """
    if not baris:
        return _figure_kosong(judul, subjudul)
    if len(baris) > MAKS_BARIS:
        raise ValueError(
            f"Terlalu banyak baris untuk satu grafik: {len(baris)} (paling banyak {MAKS_BARIS})"
        )
    n = len(baris)
    if n <= 12:
        pt, maks_baris_nama = _PT_TEKS, 3
    elif n <= 24:
        pt, maks_baris_nama = _PT_TEKS - 1, 2
    else:
        pt, maks_baris_nama = _PT_KECIL, 2
    prop_nama = _font(pt)
    prop_nilai = _font(pt, tebal=True)
    prop_kosong = _font(pt - 1, miring=True)
    prop_skala = _font(_PT_KECIL)
    ukur = _Pengukur()
    kepala = _kepala(ukur, judul, subjudul)

    # columns (px): [rank] [name] [bar area ... value label]
    ada_peringkat = any(b.peringkat is not None for b in baris)
    lebar_peringkat = 0.0
    if ada_peringkat:
        lebar_peringkat = max(ukur.lebar(f"{b.peringkat}.", prop_nama) for b in baris) + 12
    x_nama = _MARGIN + lebar_peringkat
    # many rows: a wider name column keeps most names on one line (a shorter image)
    lebar_nama = LEBAR_PX * (0.47 if n <= 12 else 0.57) - x_nama
    x_batang = x_nama + lebar_nama + 16
    nilai_ada = [b.nilai for b in baris if b.nilai is not None]
    label_nilai = [None if b.nilai is None else _persen(b.nilai) for b in baris]
    lebar_label = max(ukur.lebar(t, prop_nilai) for t in ("100,0%", *filter(None, label_nilai)))
    x_akhir = LEBAR_PX - _MARGIN - lebar_label - 12
    skala_maks = max([_SERATUS, *(min(v, _BATAS_SUMBU) for v in nilai_ada)])
    px_per_unit = (x_akhir - x_batang) / float(skala_maks)

    def x_nilai(v: Decimal | float) -> float:
        return x_batang + float(v) * px_per_unit

    # rows; if the image would be taller than Telegram shows uncompressed, names go on one line
    tinggi_garis = _px(pt) * 1.2
    tebal_batang = _px(pt) * 1.15
    jarak = _px(pt) * 0.75
    tinggi_skala = _px(_PT_KECIL) * 1.8
    dengan_kosong = len(nilai_ada) < n
    y_legenda = kepala.tinggi + 20
    y_area = y_legenda + _tinggi_legenda(dengan_kosong) + 22
    bawah = _MARGIN + (_px(_PT_KECIL) * 1.6 if garis_acuan is not None else 0.0)
    while True:
        nama_baris = [ukur.bungkus(b.nama, lebar_nama, prop_nama, maks_baris_nama) for b in baris]
        tinggi_baris = [max(len(ls) * tinggi_garis, tebal_batang) + jarak for ls in nama_baris]
        tinggi = y_area + tinggi_skala + sum(tinggi_baris) + bawah
        if tinggi <= TINGGI_MAKS_PX or maks_baris_nama == 1:
            break
        maks_baris_nama = 1
    y_baris0 = y_area + tinggi_skala  # top of the first row
    tengah: list[float] = []
    y = y_baris0
    for h in tinggi_baris:
        tengah.append(y + h / 2)
        y += h
    y_baris1 = y  # bottom of the last row

    fig, px = _figure(tinggi)
    _gambar_kepala(fig, px, kepala)
    _gambar_legenda(fig, px, y_legenda, ukur, dengan_kosong)
    tulis = _Tulisan(ukur)

    # scale: light gridlines every 25 %, labels every 50 % above the first row
    grid = range(0, int(skala_maks) + 1, 25)
    fig.add_artist(
        LineCollection(
            [[(x_nilai(v), y_baris0), (x_nilai(v), y_baris1)] for v in grid],
            transform=px,
            colors=_ABU_MUDA,
            linewidths=[1.6 if v == 0 else 1.0 for v in grid],
            zorder=1,
        )
    )
    for v in grid:
        if v % 50 == 0:
            tulis.tambah(
                x_nilai(v), y_area + tinggi_skala / 2, _persen_bulat(Decimal(v)), prop_skala, _ABU,
                ha="center",
            )  # fmt: skip
    if garis_acuan is not None:
        xa = x_nilai(garis_acuan)
        fig.add_artist(
            LineCollection(
                [[(xa, y_baris0), (xa, y_baris1)]],
                transform=px,
                colors=_HIJAU_ACUAN,
                linewidths=2.0,
                linestyles=[(0, (5, 3))],
                zorder=2,
            )
        )
        tulis.tambah(
            xa, y_baris1 + 4, f"{format_angka(garis_acuan, 0)}: batas Sangat Tinggi", prop_skala,
            _HIJAU_ACUAN, ha="right", va="top",
        )  # fmt: skip

    # bars: two collections (one draw call each)
    ada = [(i, v) for i, v in enumerate(b.nilai for b in baris) if v is not None]
    if ada:
        fig.add_artist(
            PolyCollection(
                [
                    _persegi(
                        x_batang, x_nilai(min(max(v, _NOL), skala_maks)), tengah[i], tebal_batang
                    )
                    for i, v in ada
                ],
                transform=px,
                facecolors=[kategori(v).warna for _i, v in ada],
                edgecolors=_TEPI_BATANG,
                linewidths=0.8,
                zorder=3,
                gid=_GID_BATANG,
            )
        )
    kosong = [i for i, b in enumerate(baris) if b.nilai is None]
    stub = float(skala_maks) * 0.05
    if kosong:
        fig.add_artist(
            PolyCollection(
                [_persegi(x_batang, x_nilai(stub), tengah[i], tebal_batang) for i in kosong],
                transform=px,
                facecolors=_ABU_KOSONG,
                edgecolors="#8A8A8A",
                hatch="///",
                linewidths=0.8,
                zorder=3,
                gid=_GID_KOSONG,
            )
        )

    # labels; a white box under each value label keeps gridlines and the 91 line off the digits
    latar: list[list[tuple[float, float]]] = []
    tinggi_label = _px(pt) * 1.25
    for i, b in enumerate(baris):
        yc = tengah[i]
        if b.peringkat is not None:
            # padded with empty lines so it sits beside the first line of a wrapped name
            tulis.tambah(
                x_nama - 10, yc, f"{b.peringkat}." + "\n" * (len(nama_baris[i]) - 1), prop_nama,
                _ABU, ha="right",
            )  # fmt: skip
        tulis.tambah(x_nama, yc, "\n".join(nama_baris[i]), prop_nama, _HITAM)
        label = label_nilai[i]
        if b.nilai is None or label is None:
            x_label, isi, prop, warna = x_nilai(stub) + 10, b.ket_kosong, prop_kosong, _ABU
        else:
            x_label = x_nilai(min(max(b.nilai, _NOL), skala_maks)) + 10
            isi, prop, warna = label, prop_nilai, _HITAM
        tulis.tambah(x_label, yc, isi, prop, warna)
        # from just right of the bar end to past the label
        latar.append(_persegi(x_label - 9, x_label + ukur.lebar(isi, prop) + 3, yc, tinggi_label))
    fig.add_artist(
        PolyCollection(latar, transform=px, facecolors="white", edgecolors="none", zorder=4)
    )
    tulis.gambar(fig, px)
    return fig


def _persegi(x0: float, x1: float, tengah: float, tebal: float) -> list[tuple[float, float]]:
    """Corners of a horizontal bar from ``x0`` to ``x1`` (px; y grows downward)."""
    atas, bawah = tengah - tebal / 2, tengah + tebal / 2
    return [(x0, atas), (x1, atas), (x1, bawah), (x0, bawah)]


def _baris_dari(items: Sequence[tuple[str, Decimal | None]]) -> list[_Baris]:
    return [_Baris(str(nama), _cek_opsional(f"Capaian {nama}", nilai)) for nama, nilai in items]


def _figure_capaian_per_anak(
    judul: str, items: Sequence[tuple[str, Decimal | None]], subjudul: str | None = None
) -> Figure:
    return _figure_batang(judul, subjudul, _baris_dari(items))


def capaian_per_anak(
    judul: str, items: Sequence[tuple[str, Decimal | None]], subjudul: str | None = None
) -> bytes:
    """Capaian (%) per child as horizontal bars, in the given order, as PNG.

    Each bar has the colour of its Tabel B.2 category (:attr:`Kategori.warna`) and its value at
    the end ("87,5%"); a None is a grey hatched stub labelled "tidak ada target". A legend
    explains the five categories. Long names wrap (up to three lines, two when there are more
    than 12 rows) and end with "…"; the image grows in height with the number of rows.
    """
    return _png(_figure_capaian_per_anak(judul, items, subjudul))


def _urut_peringkat(baris: Sequence[_Baris]) -> list[_Baris]:
    """Highest first; equal values share a rank (1, 2, 2, 4); items without a value last
    (:func:`core.capaian.urut_peringkat`: the ranks of the Ringkasan table)."""
    return [
        _Baris(b.nama, b.nilai, b.ket_kosong, rank)
        for b, rank in urut_peringkat(baris, lambda b: b.nilai, lambda b: b.nama)
    ]


def _figure_peringkat_pd(
    judul: str, items: Sequence[tuple[str, Decimal | None]], subjudul: str | None = None
) -> Figure:
    return _figure_batang(
        judul,
        subjudul,
        _urut_peringkat(_baris_dari(items)),
        garis_acuan=BATAS_BAWAH[Kategori.SANGAT_TINGGI],
    )


def peringkat_pd(
    judul: str, items: Sequence[tuple[str, Decimal | None]], subjudul: str | None = None
) -> bytes:
    """The ranking of perangkat daerah by capaian, as PNG.

    Sorted descending (ties by name, sharing the rank number "2."), coloured by Tabel B.2
    category, with a dashed line at 91 (the lower edge of Sangat Tinggi). PDs without a capaian
    come last, unranked.
    """
    return _png(_figure_peringkat_pd(judul, items, subjudul))


# -- builders from a rolled-up tree -------------------------------------------------------

_JENIS_ANAK: Final[Mapping[str, str]] = {
    "pd": "perangkat daerah",
    "sasaran_pd": "sasaran",
    "indikator": "indikator",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
}

_KET_ALASAN: Final[Mapping[str, str]] = {
    ALASAN_TARGET_NOL: TIDAK_ADA_TARGET,
    ALASAN_TARGET_KOSONG: TIDAK_ADA_TARGET,
    ALASAN_TARGET_NEGATIF: TIDAK_ADA_TARGET,
    ALASAN_REALISASI_KOSONG: "belum ada realisasi",
    ALASAN_BELUM_ADA_SUB: "belum ada sub kegiatan",
}


def _ket_kosong(capaian: Capaian) -> str:
    return _KET_ALASAN.get(capaian.alasan or "", "tidak ada capaian")


def _ringkasan(hasil: HasilSimpul) -> str:
    c = hasil.capaian_kinerja
    if c.nilai is None:
        return f"Keseluruhan: {c.alasan or '–'}"
    return f"Keseluruhan: {_persen(c.nilai)} ({kategori(c.nilai).label})"


def _jenis_anak(hasil: HasilSimpul) -> str:
    jenis = {a.tingkat for a in hasil.anak}
    if len(jenis) != 1:
        return "unsur"
    t = next(iter(jenis))
    return _JENIS_ANAK.get(t, t.replace("_", " "))


def _figure_grafik_anak(hasil: HasilSimpul, periode_label: str) -> Figure:
    judul = f"Capaian kinerja per {_jenis_anak(hasil)}"
    subjudul = f"{hasil.nama} · {periode_label}\n{_ringkasan(hasil)}"
    baris = [
        _Baris(a.nama, a.capaian_kinerja.nilai, _ket_kosong(a.capaian_kinerja)) for a in hasil.anak
    ]
    return _figure_batang(judul, subjudul, baris)


def grafik_anak(hasil: HasilSimpul, periode_label: str) -> bytes:
    """:func:`capaian_per_anak` over ``hasil.anak`` (capaian kinerja), titled from the node.

    A child without capaian is labelled with its reason: "tidak ada target", "belum ada
    realisasi" or "belum ada sub kegiatan".
    """
    return _png(_figure_grafik_anak(hasil, periode_label))


def _figure_grafik_peringkat(provinsi: HasilSimpul, periode_label: str) -> Figure:
    baris = [
        _Baris(pd.nama, pd.capaian_kinerja.nilai, _ket_kosong(pd.capaian_kinerja))
        for pd in provinsi.anak
    ]
    judul = "Peringkat capaian kinerja perangkat daerah"
    subjudul = f"{provinsi.nama} · {periode_label}\n{_ringkasan(provinsi)}"
    return _figure_batang(
        judul, subjudul, _urut_peringkat(baris), garis_acuan=BATAS_BAWAH[Kategori.SANGAT_TINGGI]
    )


def grafik_peringkat(provinsi: HasilSimpul, periode_label: str) -> bytes:
    """:func:`peringkat_pd` over the PDs under the province node (capaian kinerja)."""
    return _png(_figure_grafik_peringkat(provinsi, periode_label))
