"""Report tables of Pergub Banten 17/2023: Lampiran II (laporan kinerja) and Lampiran I (ROPP).

Lampiran II, "Format Laporan Kinerja Pelaksanaan Pengendalian dan Evaluasi Perangkat Daerah":

1. Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan (16 kolom) — :func:`laporan_bulanan`;
2. Tabel Laporan Kinerja Program Triwulanan (13 kolom) — :func:`laporan_program`;
3. Tabel Laporan Kinerja Sasaran Triwulanan (14 kolom) — :func:`laporan_sasaran`;
4. Tabel Laporan Kinerja Tujuan dan Sasaran Daerah (7 kolom) — :func:`laporan_daerah`.

Lampiran I, ROPP: Tabel Rencana Sub Kegiatan Triwulanan (Tabel 1) and Bulanan (Tabel 2) of one
sub kegiatan — :func:`laporan_ropp`.

A :class:`Laporan` is plain data (title lines, column spec with the regulation's header groups,
rows); ``core.reporting.xlsx`` and ``core.reporting.pdf`` draw it, :func:`laporan_json` turns it
into data. Row values are UNROUNDED Decimals: the roll-up (``core.rollup``) and the capaian
(``core.capaian``) work on exact values, and only the writers round, per column format
(:func:`nilai_xlsx`, :func:`teks_nilai`: ROUND_HALF_UP, 2 decimals for bobot and %, whole rupiah).

Number notation (decided here, used by every writer):

- xlsx: numeric cells hold the value rounded to what is displayed, with the number formats
  ``#,##0.00`` / ``#,##0``. Those codes are locale-neutral: Excel and LibreOffice show them with the
  viewer's separators, so an Indonesian desktop shows "1.824.205.000" and "55,88" (a format code such
  as ``#.##0,00`` is not valid OOXML). The cell stays a number, so sums and filters work.
- PDF and ``--json``: text in Indonesian notation, exactly as printed: "1.824.205.000", "55,88";
  a capaian that cannot be computed prints "–" (``core.capaian.STRIP``), an empty cell is null.

The tree is assembled the way ``core.services.build_capaian_tree`` assembles it (the indicator layer
of Lampiran II Program/Sasaran Triwulanan, shared kegiatan counted once for anggaran) and rolled
up with the same ``core.rollup.rollup``, but from reads scoped to one PD.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, Final

from core.capaian import (
    KONTEKS,
    STRIP,
    Arah,
    Capaian,
    format_angka,
    hitung_capaian,
    hitung_deviasi,
)
from core.cascade import Pejabat, PerangkatDaerah, Tingkat, target_acuan
from core.errors import TidakDitemukan, ValidasiError
from core.periode import NAMA_BULAN, ROMAWI, JenisPeriode, Periode
from core.ports import UnitOfWork
from core.ports_laporan import (
    IndikatorLaporan,
    RealisasiIndikatorLaporan,
    RealisasiLaporan,
    SimpulLaporan,
)
from core.rollup import (
    Angka,
    HasilSimpul,
    Simpul,
    angka_dari_baris,
    rollup,
)
from core.ropp import OutputRopp, Ropp

__all__ = [
    "Baris",
    "DataPd",
    "Format",
    "JenisBaris",
    "Kolom",
    "Laporan",
    "Pengesahan",
    "PohonPd",
    "SelKepala",
    "Tabel",
    "baris_bulanan",
    "baris_daerah",
    "baris_program",
    "baris_ropp_bulanan",
    "baris_ropp_triwulan",
    "baris_sasaran",
    "catatan_target_triwulan",
    "format_tanggal",
    "laporan_bulanan",
    "laporan_daerah",
    "laporan_json",
    "laporan_program",
    "laporan_ropp",
    "laporan_sasaran",
    "nilai_xlsx",
    "target_capaian",
    "target_triwulan",
    "teks_nilai",
]

D = Decimal
_NOL: Final = Decimal(0)
TEMPAT: Final = "Serang"
PEMDA: Final = "Pemerintah Daerah Provinsi Banten"
_TINGKAT_PD: Final = (
    Tingkat.SASARAN_PD.value,
    Tingkat.PROGRAM.value,
    Tingkat.KEGIATAN.value,
    Tingkat.SUB_KEGIATAN.value,
)
_TINGKAT_DAERAH: Final = (Tingkat.TUJUAN.value, Tingkat.SASARAN_DAERAH.value)


# =============================================================================== the model
class Format(StrEnum):
    """How a column's values are shown (and rounded)."""

    TEKS = "teks"
    NOMOR = "nomor"  # row number, an int
    BOBOT = "bobot"  # bobot / target fisik in %, 2 decimals
    PERSEN = "persen"  # capaian %, 2 decimals
    RUPIAH = "rupiah"  # whole rupiah
    ANGKA = "angka"  # a target or realisasi of an indicator: 2 decimals, or none if whole


@dataclass(frozen=True, slots=True)
class Kolom:
    """One column: ``kunci`` is its JSON key, ``judul`` its full header ("Target Bulanan - Anggaran
    (Rp)"), ``lebar`` its width in characters (xlsx; the PDF scales them to the page)."""

    kunci: str
    judul: str
    format: Format
    lebar: float


@dataclass(frozen=True, slots=True)
class SelKepala:
    """A header cell at (``baris``, ``kolom``), 0-based, spanning rows/columns like the regulation's
    column groups ("Target Tahunan" over Total bobot / Target Kinerja / Anggaran)."""

    teks: str
    baris: int
    kolom: int
    rentang_baris: int = 1
    rentang_kolom: int = 1


class JenisBaris(StrEnum):
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"
    OUTPUT = "output"  # "Bln 1 : Rapat ..." under a sub kegiatan
    INDIKATOR_TAMBAHAN = "indikator_tambahan"  # a sub kegiatan's 2nd, 3rd... indicator
    INDIKATOR = "indikator"  # Indikator Program A / Indikator Sasaran A
    ANAK = "anak"  # a kegiatan (program table) or program (sasaran table) under an indicator
    JUMLAH = "jumlah"  # "Jumlah Program ..." / "Jumlah Sasaran ..."
    TUJUAN = "tujuan"
    SASARAN_DAERAH = "sasaran_daerah"
    DATA = "data"  # an indicator of the Pemda, a ROPP row
    TOTAL = "total"  # ROPP "TOTAL" and "Triwulan I..IV"


Nilai = Decimal | int | str | None


@dataclass(frozen=True, slots=True)
class Baris:
    """A body row: one value per column (unrounded Decimal, int, text, or None for empty).

    ``gabung``: cells merged from this row: (kolom, rentang_baris, rentang_kolom), 0-based.
    ``tingkat``: indentation of the row's first text column.
    """

    jenis: JenisBaris
    nilai: tuple[Nilai, ...]
    tingkat: int = 0
    kode: str | None = None
    gabung: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Tabel:
    nama_lembar: str  # xlsx sheet title (<= 31 characters)
    judul: tuple[str, ...]  # title lines above the table
    kolom: tuple[Kolom, ...]
    kepala: tuple[SelKepala, ...]
    nomor_kolom: tuple[str, ...]  # the column-number row: "1", "2", ... or "(1)", ...
    baris: tuple[Baris, ...]
    catatan: tuple[str, ...] = ()

    @property
    def baris_kepala(self) -> int:
        """Number of header rows (without the column-number row)."""
        return max((s.baris + s.rentang_baris for s in self.kepala), default=0)

    @property
    def kolom_label(self) -> int:
        """The column that carries the hierarchy (indented by :attr:`Baris.tingkat`): the
        uraian of the monthly table, the indikator column of the others."""
        kunci = [k.kunci for k in self.kolom]
        for nama in ("uraian", "indikator", "bulan"):
            if nama in kunci:
                return kunci.index(nama)
        return 0


@dataclass(frozen=True, slots=True)
class Pengesahan:
    """The signature block: "Serang, 6 Februari 2026", the office, space to sign, name, NIP."""

    tempat: str
    tanggal: date | None
    jabatan: str
    nama: str | None
    nip: str | None
    paraf: bool = False  # ROPP: "Paraf" instead of a full signature line

    @property
    def baris(self) -> tuple[str, ...]:
        tanggal = format_tanggal(self.tanggal) if self.tanggal else "...................."
        return (
            f"{self.tempat}, {tanggal}",
            self.jabatan + ("," if not self.jabatan.endswith(",") else ""),
            "",
            "Paraf" if self.paraf else "",
            "",
            self.nama or "(....................................)",
            f"NIP. {self.nip}" if self.nip else "NIP. ....................................",
        )


@dataclass(frozen=True, slots=True)
class Laporan:
    jenis: str  # "bulanan", "program", "sasaran", "daerah", "ropp"
    judul: str  # the first table's title, for file metadata
    identitas: tuple[tuple[str, str], ...]  # ("PD", "Badan ..."), ("Bulan", "Januari")
    tabel: tuple[Tabel, ...]
    pengesahan: Pengesahan | None = None
    periode: str | None = None  # "2026-01", "2026-Q1"


# =============================================================================== number display
_FORMAT_XLSX: Final = {2: "#,##0.00", 0: "#,##0"}


_Q2: Final = Decimal("0.01")
_Q0: Final = Decimal(1)


def _desimal(nilai: Decimal, fmt: Format) -> tuple[Decimal, int]:
    """(rounded value, number of decimals shown): ROUND_HALF_UP like ``core.capaian.bulatkan``,
    inlined because every numeric cell of a province-wide report passes here."""
    if fmt is Format.RUPIAH:
        q, n = nilai.quantize(_Q0, ROUND_HALF_UP, KONTEKS), 0
    else:
        q, n = nilai.quantize(_Q2, ROUND_HALF_UP, KONTEKS), 2
        if fmt is Format.ANGKA and not q % 1:
            q, n = q.quantize(_Q0, context=KONTEKS), 0
    return (q.copy_abs() if q.is_zero() else q), n


def nilai_xlsx(nilai: Nilai, fmt: Format) -> tuple[Nilai, str | None]:
    """The value an xlsx cell gets (a number rounded to what is shown) and its number format."""
    if nilai is None or isinstance(nilai, str):
        return nilai, None
    if isinstance(nilai, int):
        return nilai, "0"
    q, n = _desimal(nilai, fmt)
    return q, _FORMAT_XLSX[n]


def teks_nilai(nilai: Nilai, fmt: Format) -> str | None:
    """The value as printed (PDF, JSON): Indonesian notation, "1.824.205.000", "55,88"."""
    if nilai is None or isinstance(nilai, str):
        return nilai
    if isinstance(nilai, int):
        return str(nilai)
    q, n = _desimal(nilai, fmt)
    return format_angka(q, n)


def format_tanggal(d: date) -> str:
    """ "6 Februari 2026"."""
    return f"{d.day} {NAMA_BULAN[d.month]} {d.year}"


def _capaian(c: Capaian) -> Decimal | str:
    """A capaian cell: the unrounded value, or "–" when it cannot be computed."""
    return c.nilai if c.nilai is not None else STRIP


# =============================================================================== headers
def _kepala(*baris: Sequence[tuple[str, int, int]]) -> tuple[SelKepala, ...]:
    """Header cells from rows of (teks, rentang_kolom, rentang_baris), placed left to right in the
    first free column, like an HTML table with colspan/rowspan."""
    terisi: set[tuple[int, int]] = set()
    out: list[SelKepala] = []
    for r, sel in enumerate(baris):
        c = 0
        for teks, cs, rs in sel:
            while (r, c) in terisi:
                c += 1
            out.append(SelKepala(teks, r, c, rs, cs))
            for dr in range(rs):
                for dc in range(cs):
                    terisi.add((r + dr, c + dc))
            c += cs
    return tuple(out)


def _nomor(n: int, kurung: bool = False) -> tuple[str, ...]:
    return tuple(f"({i})" if kurung else str(i) for i in range(1, n + 1))


def _kol(spec: Sequence[tuple[str, str, Format, float]]) -> tuple[Kolom, ...]:
    return tuple(Kolom(k, j, f, w) for k, j, f, w in spec)


_T, _B, _P, _R, _A, _N = (
    Format.TEKS,
    Format.BOBOT,
    Format.PERSEN,
    Format.RUPIAH,
    Format.ANGKA,
    Format.NOMOR,
)

KOLOM_BULANAN: Final = _kol(
    [
        ("uraian", "Program, Kegiatan, Sub Kegiatan", _T, 32),
        ("indikator", "Indikator Sub Kegiatan/Target Capaian", _T, 30),
        ("penanggung_jawab", "Penanggung Jawab", _T, 19),
        ("target_tahunan_bobot", "Target Tahunan - Total Bobot", _B, 8.5),
        ("target_tahunan_kinerja", "Target Tahunan - Target Kinerja", _A, 8.5),
        ("target_tahunan_anggaran", "Target Tahunan - Anggaran (Rp)", _R, 15),
        ("target_bulanan_bobot", "Target Bulanan - Total Bobot", _B, 8.5),
        ("target_bulanan_kinerja", "Target Bulanan - Target Kinerja", _A, 8.5),
        ("target_bulanan_anggaran", "Target Bulanan - Anggaran (Rp)", _R, 15),
        ("realisasi_bulanan_bobot", "Realisasi Bulanan - Total Bobot", _B, 8.5),
        ("realisasi_bulanan_kinerja", "Realisasi Bulanan - Kinerja", _A, 8.5),
        ("realisasi_bulanan_anggaran", "Realisasi Bulanan - Anggaran (Rp)", _R, 15),
        ("capaian_kinerja_persen", "Capaian Bulanan - Kinerja (%)", _P, 10),
        ("capaian_anggaran_persen", "Capaian Bulanan - Anggaran (%)", _P, 10),
        ("kendala", "Kendala", _T, 17),
        ("tindak_lanjut", "Tindak Lanjut", _T, 17),
    ]
)
KEPALA_BULANAN: Final = _kepala(
    [
        ("Program, Kegiatan, Sub Kegiatan", 1, 2),
        ("Indikator Sub Kegiatan/Target Capaian", 1, 2),
        ("Penanggung Jawab", 1, 2),
        ("Target Tahunan", 3, 1),
        ("Target Bulanan", 3, 1),
        ("Realisasi Bulanan", 3, 1),
        ("Capaian Bulanan", 2, 1),
        ("Kendala", 1, 2),
        ("Tindak Lanjut", 1, 2),
    ],
    [
        *[("Total Bobot", 1, 1), ("Target Kinerja", 1, 1), ("Anggaran (Rp)", 1, 1)] * 2,
        ("Total Bobot", 1, 1),
        ("Kinerja", 1, 1),
        ("Anggaran (Rp)", 1, 1),
        ("Kinerja (%)", 1, 1),
        ("Anggaran (%)", 1, 1),
    ],
)


def _kolom_program(tw: str) -> tuple[Kolom, ...]:
    return _kol(
        [
            ("program", "Program", _T, 24),
            ("indikator", "Indikator Program/Kegiatan", _T, 34),
            ("penanggung_jawab", "Penanggung Jawab", _T, 19),
            ("target_tahunan_bobot", "Target Tahunan - Total Bobot", _B, 9),
            ("target_tahunan_kinerja", "Target Tahunan - Target Kinerja", _A, 9),
            ("target_triwulan_bobot", f"Target Triwulan {tw} - Total Bobot", _B, 9),
            ("target_triwulan_kinerja", f"Target Triwulan {tw} - Target Kinerja", _A, 9),
            ("realisasi_triwulan_bobot", f"Realisasi - Bobot Tw {tw}", _B, 9),
            ("realisasi_triwulan_kinerja", f"Realisasi - Kinerja Tw {tw}", _A, 9),
            ("capaian_bobot_persen", f"Capaian Triwulanan - Bobot Tw {tw} (%)", _P, 9),
            ("capaian_kinerja_persen", f"Capaian Triwulanan - Kinerja Tw {tw} (%)", _P, 9),
            ("kendala", "Kendala", _T, 17),
            ("tindak_lanjut", "Tindak Lanjut", _T, 17),
        ]
    )


def _kepala_program(tw: str) -> tuple[SelKepala, ...]:
    return _kepala(
        [
            ("Program", 1, 2),
            ("Indikator Program/Kegiatan", 1, 2),
            ("Penanggung Jawab", 1, 2),
            ("Target Tahunan", 2, 1),
            (f"Target Triwulan {tw}", 2, 1),
            ("Realisasi", 2, 1),
            ("Capaian Triwulanan", 2, 1),
            ("Kendala", 1, 2),
            ("Tindak Lanjut", 1, 2),
        ],
        [
            ("Total Bobot", 1, 1),
            ("Target Kinerja", 1, 1),
            (f"Total Bobot Tw {tw}", 1, 1),
            ("Target Kinerja", 1, 1),
            (f"Bobot Tw {tw}", 1, 1),
            (f"Kinerja Tw {tw}", 1, 1),
            (f"Bobot Tw {tw} (%)", 1, 1),
            (f"Kinerja Tw {tw} (%)", 1, 1),
        ],
    )


def _kolom_sasaran(tw: str) -> tuple[Kolom, ...]:
    return _kol(
        [
            ("no", "No", _N, 5),
            ("sasaran_pd", "Sasaran PD", _T, 22),
            ("indikator", "Indikator Sasaran/Program", _T, 32),
            ("penanggung_jawab", "Penanggung Jawab", _T, 19),
            ("target_tahunan_bobot", "Target Tahunan - Total Bobot", _B, 9),
            ("target_tahunan_kinerja", "Target Tahunan - Kinerja", _A, 9),
            ("target_triwulan_bobot", f"Target Triwulan {tw} - Total Bobot", _B, 9),
            ("target_triwulan_kinerja", f"Target Triwulan {tw} - Kinerja", _A, 9),
            ("realisasi_triwulan_bobot", f"Realisasi Triwulan {tw} - Total Bobot", _B, 9),
            ("realisasi_triwulan_kinerja", f"Realisasi Triwulan {tw} - Kinerja", _A, 9),
            ("capaian_bobot_persen", "Capaian Triwulanan - Bobot (%)", _P, 9),
            ("capaian_kinerja_persen", "Capaian Triwulanan - Kinerja (%)", _P, 9),
            ("kendala", "Kendala", _T, 17),
            ("tindak_lanjut", "Tindak Lanjut", _T, 17),
        ]
    )


def _kepala_sasaran(tw: str) -> tuple[SelKepala, ...]:
    return _kepala(
        [
            ("No", 1, 2),
            ("Sasaran PD", 1, 2),
            ("Indikator Sasaran/Program", 1, 2),
            ("Penanggung Jawab", 1, 2),
            ("Target Tahunan", 2, 1),
            (f"Target Triwulan {tw}", 2, 1),
            ("Realisasi", 2, 1),
            ("Capaian Triwulanan", 2, 1),
            ("Kendala", 1, 2),
            ("Tindak Lanjut", 1, 2),
        ],
        [
            ("Total Bobot", 1, 1),
            ("Kinerja", 1, 1),
            ("Total Bobot", 1, 1),
            ("Kinerja", 1, 1),
            ("Total Bobot", 1, 1),
            ("Kinerja", 1, 1),
            ("Bobot (%)", 1, 1),
            ("Kinerja (%)", 1, 1),
        ],
    )


def _kolom_daerah(label: str) -> tuple[Kolom, ...]:
    return _kol(
        [
            ("no", "No", _N, 6),
            ("indikator", "Indikator Kinerja Tujuan dan Sasaran Pemda", _T, 60),
            ("satuan", "Satuan", _T, 14),
            ("target_triwulan", f"{label} - Target", _A, 14),
            ("realisasi_triwulan", f"{label} - Realisasi", _A, 14),
            ("deviasi", "Deviasi", _A, 14),
            ("keterangan", "Ket", _T, 30),
        ]
    )


def _kepala_daerah(label: str) -> tuple[SelKepala, ...]:
    return _kepala(
        [
            ("No", 1, 2),
            ("Indikator Kinerja Tujuan dan Sasaran Pemda", 1, 2),
            ("Satuan", 1, 2),
            (label, 2, 1),
            ("Deviasi", 1, 2),
            ("Ket", 1, 2),
        ],
        [("Target", 1, 1), ("Realisasi", 1, 1)],
    )


def _kolom_ropp_triwulan(tahun: int) -> tuple[Kolom, ...]:
    spec: list[tuple[str, str, Format, float]] = [
        ("no", "No", _N, 5),
        ("sub_kegiatan", "Sub Kegiatan", _T, 28),
        ("indikator", "Indikator Sub Kegiatan", _T, 28),
        ("target_output_tahunan", "Target Output Tahunan", _A, 10),
        ("satuan", "Satuan", _T, 10),
    ]
    for q in range(1, 5):
        spec.append((f"tw{q}_bobot", f"Target Triwulanan - Tw {q} - Jumlah Bobot", _B, 8.5))
        spec.append(
            (f"tw{q}_target_output", f"Target Triwulanan - Tw {q} - Target Output", _A, 8.5)
        )
    spec.append(("total_bobot", f"Total - Jumlah Bobot Tahun {tahun}", _B, 10))
    spec.append(("total_target_output", f"Total - Total Target Tahun {tahun}", _A, 10))
    return _kol(spec)


def _kepala_ropp_triwulan(tahun: int) -> tuple[SelKepala, ...]:
    return _kepala(
        [
            ("No", 1, 3),
            ("Sub Kegiatan", 1, 3),
            ("Indikator Sub Kegiatan", 1, 3),
            ("Target Output Tahunan", 1, 3),
            ("Satuan", 1, 3),
            ("Target Triwulanan", 8, 1),
            ("Total", 2, 1),
        ],
        [
            *[(f"Tw {q}", 2, 1) for q in range(1, 5)],
            (f"Jumlah Bobot Tahun {tahun}", 1, 2),
            (f"Total Target Tahun {tahun}", 1, 2),
        ],
        [("Jumlah Bobot", 1, 1), ("Target Output", 1, 1)] * 4,
    )


KOLOM_ROPP_BULANAN: Final = _kol(
    [
        ("no", "No", _N, 6),
        ("bulan", "Bulan", _T, 14),
        ("target_fisik_persen", "Target Fisik (%)", _B, 11),
        ("anggaran", "Anggaran (Rp)", _R, 17),
        ("uraian_target_capaian", "Uraian Target Capaian", _T, 48),
        ("bobot", "Bobot", _B, 9),
        ("volume", "Volume", _A, 9),
        ("satuan", "Satuan", _T, 14),
    ]
)
KEPALA_ROPP_BULANAN: Final = _kepala([(k.judul, 1, 1) for k in KOLOM_ROPP_BULANAN])


# =============================================================================== plain input data
@dataclass(frozen=True)
class DataPd:
    """Everything the PD reports read, for one year (plain data; see core.ports_laporan)."""

    tahun: int
    pd: PerangkatDaerah
    simpul: Sequence[SimpulLaporan]
    indikator: Sequence[IndikatorLaporan]
    rencana: Mapping[str, Mapping[int, tuple[Decimal, Decimal]]]
    realisasi: Mapping[str, Mapping[int, RealisasiLaporan]] = field(default_factory=dict)
    output: Mapping[str, Mapping[int, Sequence[OutputRopp]]] = field(default_factory=dict)
    realisasi_indikator: Mapping[int, RealisasiIndikatorLaporan] = field(default_factory=dict)


class PohonPd:
    """The PD's cascade rolled up for one period: figures per node and per indicator group.

    Assembled like ``services.build_capaian_tree``: sasaran PD -> program -> kegiatan -> sub
    kegiatan; where a node's indicators name the children that form them, an indicator level is
    inserted (the node is then the mean of its indicators, Lampiran II), and a child listed under
    two indicators is one shared object (its anggaran counts once).
    """

    def __init__(self, data: DataPd, periode: Periode) -> None:
        self.data = data
        self.periode = periode
        anak: dict[str | None, list[SimpulLaporan]] = defaultdict(list)
        for s in data.simpul:
            anak[s.induk_kode].append(s)
        self.anak: Mapping[str | None, Sequence[SimpulLaporan]] = anak
        ind: dict[str, list[IndikatorLaporan]] = defaultdict(list)
        for i in data.indikator:
            ind[i.node_kode].append(i)
        self.indikator: Mapping[str, Sequence[IndikatorLaporan]] = ind
        self._simpul: dict[str, Simpul] = {}
        akar = [s for s in data.simpul if s.tingkat == Tingkat.SASARAN_PD.value]
        pd = Simpul(data.pd.kode, data.pd.nama, "pd", D(1), tuple(self._bangun(s) for s in akar))
        self.akar = rollup(pd)
        self._hasil = self.akar.indeks()

    def _daun(self, kode: str) -> Angka:
        real = self.data.realisasi.get(kode, {})
        return angka_dari_baris(
            self.data.rencana.get(kode, {}),
            {m: (r.realisasi_bobot, r.realisasi_anggaran) for m, r in real.items()},
            self.periode.bulan,
        )

    def _bangun(self, s: SimpulLaporan) -> Simpul:
        if s.tingkat == Tingkat.SUB_KEGIATAN.value:
            simpul = Simpul(s.kode, s.nama, s.tingkat, s.bobot_relatif, (), self._daun(s.kode))
            self._simpul[s.kode] = simpul
            return simpul
        kids = {k.kode: self._bangun(k) for k in self.anak.get(s.kode, ())}
        grup = [i for i in self.indikator.get(s.kode, ()) if i.anak_kode]
        if grup:
            anak = tuple(
                Simpul(
                    self.kunci_indikator(i),
                    i.uraian,
                    "indikator",
                    D(1),
                    tuple(kids[k] for k in sorted(i.anak_kode) if k in kids),
                )
                for i in grup
            )
        else:
            anak = tuple(kids.values())
        simpul = Simpul(s.kode, s.nama, s.tingkat, s.bobot_relatif, anak)
        self._simpul[s.kode] = simpul
        return simpul

    @staticmethod
    def kunci_indikator(i: IndikatorLaporan) -> str:
        return f"{i.node_kode}#{i.urutan}"

    def hasil(self, kode: str) -> HasilSimpul:
        """Figures of a node (or of ``kode#urutan``, an indicator group)."""
        h = self._hasil.get(kode)
        if h is None:  # a child no indicator group lists: rolled up on its own
            h = rollup(self._simpul[kode])
            self._hasil[kode] = h
        return h

    def hasil_indikator(self, i: IndikatorLaporan) -> HasilSimpul:
        """Figures of an indicator: its group, or (no children named) the whole node."""
        if i.anak_kode:
            h = self._hasil.get(self.kunci_indikator(i))
            if h is not None:
                return h
        grouped = any(x.anak_kode for x in self.indikator.get(i.node_kode, ()))
        if not grouped:
            return self.hasil(i.node_kode)
        kids = tuple(self._simpul[k.kode] for k in self.anak.get(i.node_kode, ()))
        return rollup(Simpul(self.kunci_indikator(i), i.uraian, "indikator", D(1), kids))

    def anak_indikator(self, i: IndikatorLaporan) -> list[SimpulLaporan]:
        """The children listed under an indicator, in cascade order."""
        semua = self.anak.get(i.node_kode, ())
        if not i.anak_kode:
            return list(semua)
        pilih = set(i.anak_kode)
        return [s for s in semua if s.kode in pilih]

    def di_tingkat(self, tingkat: Tingkat) -> list[SimpulLaporan]:
        return [s for s in self.data.simpul if s.tingkat == tingkat.value]


def _teks_indikator(i: IndikatorLaporan) -> str:
    return f"{i.uraian} (Sat : {i.satuan})" if i.satuan else i.uraian


def _dilaporkan(a: Angka) -> bool:
    return a.dilaporkan > 0 or a.wajib_lapor == 0


# =============================================================================== row builders
def baris_bulanan(data: DataPd, periode: Periode) -> list[Baris]:
    """Rows of Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan (Lampiran II, 16 kolom).

    Program -> kegiatan -> sub kegiatan, each with target tahunan (kolom 4-6), target and
    realisasi of the month (7-12), capaian kolom 13 = 10/7×100 and kolom 14 = 12/9×100; under each
    sub kegiatan the month's ROPP outputs ("Bln 1 : Rapat ...") with their volume and its capaian.
    """
    if periode.jenis is not JenisPeriode.BULANAN:
        raise ValidasiError("Laporan bulanan memerlukan periode bulanan, contoh 2026-01.")
    bulan = periode.nilai
    pohon = PohonPd(data, periode)
    tahunan = PohonPd(data, Periode.tahunan(data.tahun))
    out: list[Baris] = []

    def angka(kode: str) -> tuple[Angka, Angka]:
        return pohon.hasil(kode).angka, tahunan.hasil(kode).angka

    def baris_induk(s: SimpulLaporan, jenis: JenisBaris, tingkat: int) -> Baris:
        a, t = angka(s.kode)
        indikator = "\n".join(i.uraian for i in pohon.indikator.get(s.kode, ())) or None
        return Baris(
            jenis,
            (
                s.nama,
                indikator,
                s.penanggung_jawab,
                t.target_bobot,
                None,
                t.target_anggaran,
                a.target_bobot,
                None,
                a.target_anggaran,
                a.realisasi_bobot,
                None,
                a.realisasi_anggaran,
                _capaian(a.capaian_kinerja),
                _capaian(a.capaian_anggaran),
                None,
                None,
            ),
            tingkat,
            s.kode,
        )

    for sasaran in pohon.di_tingkat(Tingkat.SASARAN_PD):
        for prog in pohon.anak.get(sasaran.kode, ()):
            out.append(baris_induk(prog, JenisBaris.PROGRAM, 0))
            for keg in pohon.anak.get(prog.kode, ()):
                out.append(baris_induk(keg, JenisBaris.KEGIATAN, 1))
                for sub in pohon.anak.get(keg.kode, ()):
                    out.extend(_baris_sub_bulanan(data, pohon, tahunan, sub, bulan))
    return out


def _baris_sub_bulanan(
    data: DataPd, pohon: PohonPd, tahunan: PohonPd, sub: SimpulLaporan, bulan: int
) -> list[Baris]:
    a = pohon.hasil(sub.kode).angka
    t = tahunan.hasil(sub.kode).angka
    inds = list(pohon.indikator.get(sub.kode, ()))
    pertama = inds[0] if inds else None
    outputs = list(data.output.get(sub.kode, {}).get(bulan, ()))
    real = data.realisasi.get(sub.kode, {}).get(bulan)
    target_vol = sum((o.volume for o in outputs), _NOL) if outputs else None
    real_vol = sum(real.volume_output.values(), _NOL) if real and real.volume_output else None
    lapor = _dilaporkan(a)
    kendala = tindak = None
    if real is not None:
        kendala = f"Bln {bulan} : {real.kendala or 'Tidak ada'}"
        tindak = f"Bln {bulan} : {real.tindak_lanjut or 'Tidak ada'}"
    rows = [
        Baris(
            JenisBaris.SUB_KEGIATAN,
            (
                sub.nama,
                _teks_indikator(pertama) if pertama else None,
                sub.penanggung_jawab,
                t.target_bobot,
                pertama.target_tahunan if pertama else None,
                t.target_anggaran,
                a.target_bobot,
                target_vol,
                a.target_anggaran,
                a.realisasi_bobot if lapor else None,
                real_vol,
                a.realisasi_anggaran if lapor else None,
                _capaian(a.capaian_kinerja),
                _capaian(a.capaian_anggaran),
                kendala,
                tindak,
            ),
            2,
            sub.kode,
        )
    ]
    for i in inds[1:]:
        rows.append(
            Baris(
                JenisBaris.INDIKATOR_TAMBAHAN,
                (None, _teks_indikator(i), None, None, i.target_tahunan, *([None] * 11)),
                2,
                sub.kode,
            )
        )
    for urutan, o in enumerate(outputs, start=1):
        rv = real.volume_output.get(urutan) if real else None
        rows.append(
            Baris(
                JenisBaris.OUTPUT,
                (
                    None,
                    f"Bln {bulan} : {o.uraian} (Sat : {o.satuan})",
                    None,
                    None,
                    None,
                    None,
                    o.bobot,
                    o.volume,
                    None,
                    None,
                    rv,
                    None,
                    _capaian(hitung_capaian(rv, o.volume)) if rv is not None else None,
                    None,
                    None,
                    None,
                ),
                3,
                sub.kode,
            )
        )
    return rows


def target_triwulan(i: IndikatorLaporan, periode: Periode) -> Decimal | None:
    """The indicator's target for a quarterly ``periode``; None for another period or when unset.

    Pergub 17/2023 Lampiran II, Laporan Kinerja Program Triwulanan kolom 7 / Sasaran Triwulanan
    kolom 8: "target kinerja triwulanan indikator", from the Rencana Kinerja Program/Sasaran
    Triwulanan.
    """
    if periode.jenis is not JenisPeriode.TRIWULANAN:
        return None
    return i.target_tw(periode.nilai)


def target_capaian(i: IndikatorLaporan, periode: Periode) -> Decimal | None:
    """The target an indicator's capaian is measured against in ``periode``
    (:func:`core.cascade.target_acuan`; without the quarter's target the table carries
    :data:`CATATAN_TARGET_TRIWULAN`)."""
    return target_acuan(i.target_tahunan, i.target_triwulan, periode)[0]


def _nilai_indikator(
    data: DataPd, i: IndikatorLaporan, periode: Periode
) -> tuple[Decimal | None, Decimal | str | None, str | None, str | None]:
    """(realisasi kinerja, capaian kinerja, kendala, tindak lanjut) of an indicator's own value.

    Capaian against :func:`target_capaian` (the quarter's target, else the annual one),
    direction-aware (``Arah.TURUN``: (2t - r)/t × 100).
    """
    r = data.realisasi_indikator.get(i.id)
    if r is None:
        return None, None, None, None
    c = hitung_capaian(r.nilai, target_capaian(i, periode), Arah(i.arah))
    return r.nilai, _capaian(c), r.kendala, r.tindak_lanjut


CATATAN_TARGET_TRIWULAN: Final = (
    "Catatan: untuk indikator yang target kinerja triwulan ini belum ditetapkan dalam aplikasi, "
    "kolom Target Kinerja triwulan dikosongkan dan capaian kinerja indikatornya dihitung terhadap "
    "target tahunan."
)


def catatan_target_triwulan(
    indikator: Iterable[IndikatorLaporan], periode: Periode
) -> tuple[str, ...]:
    """The table's note (:data:`CATATAN_TARGET_TRIWULAN`) when at least one of its indicators has
    no target for the quarter of ``periode``; none otherwise."""
    if periode.jenis is not JenisPeriode.TRIWULANAN:
        return ()
    kurang = any(target_triwulan(i, periode) is None for i in indikator)
    return (CATATAN_TARGET_TRIWULAN,) if kurang else ()


def _indikator_tabel(data: DataPd, tingkat: Tingkat) -> list[IndikatorLaporan]:
    """The indicators a quarterly table lists: the programs' under a sasaran PD (Program
    Triwulanan) or the sasaran PD's own (Sasaran Triwulanan), as baris_program/baris_sasaran."""
    tingkat_of = {s.kode: s.tingkat for s in data.simpul}
    if tingkat is Tingkat.PROGRAM:
        kode = {
            s.kode
            for s in data.simpul
            if s.tingkat == Tingkat.PROGRAM.value
            and tingkat_of.get(s.induk_kode or "") == Tingkat.SASARAN_PD.value
        }
    else:
        kode = {s.kode for s in data.simpul if s.tingkat == tingkat.value}
    return [i for i in data.indikator if i.node_kode in kode]


def _cek_triwulan(periode: Periode, nama: str) -> str:
    if periode.jenis is not JenisPeriode.TRIWULANAN:
        raise ValidasiError(f"{nama} memerlukan periode triwulan, contoh 2026-Q1.")
    return ROMAWI[periode.nilai]


def baris_program(data: DataPd, periode: Periode) -> list[Baris]:
    """Rows of Tabel Laporan Kinerja Program Triwulanan (Lampiran II, 13 kolom).

    Per program: each indicator (kolom 4-11 from the mean of the kegiatan it names) with its
    kegiatan under it, then "Jumlah <program>" (the program's own roll-up: the mean of its
    indicators). Kolom 10 = 8/6×100; kolom 11 = 9/7×100, the indicator's realisasi over its
    quarterly target (kolom 7; the annual one where the quarter has none: :func:`target_capaian`).
    """
    _cek_triwulan(periode, "Laporan program triwulanan")
    pohon = PohonPd(data, periode)
    tahunan = PohonPd(data, Periode.tahunan(data.tahun))
    out: list[Baris] = []

    def bobot(kode_hasil: HasilSimpul, t: HasilSimpul) -> tuple[Nilai, ...]:
        a = kode_hasil.angka
        return (
            t.angka.target_bobot,
            a.target_bobot,
            a.realisasi_bobot,
            _capaian(a.capaian_kinerja),
        )

    for sasaran in pohon.di_tingkat(Tingkat.SASARAN_PD):
        for prog in pohon.anak.get(sasaran.kode, ()):
            mulai = len(out)
            inds = list(pohon.indikator.get(prog.kode, ()))
            if not inds:
                inds = [
                    IndikatorLaporan(-1, prog.kode, 0, "(indikator belum ditetapkan)", "", None)
                ]
            for i in inds:
                h, ht = pohon.hasil_indikator(i), tahunan.hasil_indikator(i)
                tb, pb, rb, cb = bobot(h, ht)
                rk, ck, kendala, tl = _nilai_indikator(data, i, periode)
                out.append(
                    Baris(
                        JenisBaris.INDIKATOR,
                        (
                            None,
                            _teks_indikator(i),
                            i.penanggung_jawab or prog.penanggung_jawab,
                            tb,
                            i.target_tahunan,
                            pb,
                            target_triwulan(i, periode),  # kolom 7
                            rb,
                            rk,
                            cb,
                            ck,
                            kendala,
                            tl,
                        ),
                        0,
                        PohonPd.kunci_indikator(i),
                    )
                )
                for keg in pohon.anak_indikator(i):
                    tb, pb, rb, cb = bobot(pohon.hasil(keg.kode), tahunan.hasil(keg.kode))
                    out.append(
                        Baris(
                            JenisBaris.ANAK,
                            (
                                None,
                                keg.nama,
                                None,
                                tb,
                                None,
                                pb,
                                None,
                                rb,
                                None,
                                cb,
                                None,
                                None,
                                None,
                            ),
                            1,
                            keg.kode,
                        )
                    )
            tb, pb, rb, cb = bobot(pohon.hasil(prog.kode), tahunan.hasil(prog.kode))
            out.append(
                Baris(
                    JenisBaris.JUMLAH,
                    (
                        None,
                        f"Jumlah {prog.nama}",
                        None,
                        tb,
                        None,
                        pb,
                        None,
                        rb,
                        None,
                        cb,
                        None,
                        None,
                        None,
                    ),
                    0,
                    prog.kode,
                )
            )
            pertama = out[mulai]
            nilai = (prog.nama, *pertama.nilai[1:])
            out[mulai] = replace(pertama, nilai=nilai, gabung=((0, len(out) - mulai, 1),))
    return out


def baris_sasaran(data: DataPd, periode: Periode) -> list[Baris]:
    """Rows of Tabel Laporan Kinerja Sasaran Triwulanan (Lampiran II, 14 kolom).

    Per sasaran PD: each indicator (from the mean of the programs it names) with its programs under
    it (each program's own roll-up), then "Jumlah <sasaran>" (the mean of its indicators).
    Kolom 11 = 9/7×100; kolom 12 = 10/8×100, the indicator's realisasi over its quarterly target
    (kolom 8; the annual one where the quarter has none: :func:`target_capaian`).
    """
    _cek_triwulan(periode, "Laporan sasaran triwulanan")
    pohon = PohonPd(data, periode)
    tahunan = PohonPd(data, Periode.tahunan(data.tahun))
    out: list[Baris] = []

    def bobot(h: HasilSimpul, t: HasilSimpul) -> tuple[Nilai, ...]:
        a = h.angka
        return (
            t.angka.target_bobot,
            a.target_bobot,
            a.realisasi_bobot,
            _capaian(a.capaian_kinerja),
        )

    for no, sasaran in enumerate(pohon.di_tingkat(Tingkat.SASARAN_PD), start=1):
        mulai = len(out)
        inds = list(pohon.indikator.get(sasaran.kode, ()))
        if not inds:
            inds = [IndikatorLaporan(-1, sasaran.kode, 0, "(indikator belum ditetapkan)", "", None)]
        for i in inds:
            tb, pb, rb, cb = bobot(pohon.hasil_indikator(i), tahunan.hasil_indikator(i))
            rk, ck, kendala, tl = _nilai_indikator(data, i, periode)
            out.append(
                Baris(
                    JenisBaris.INDIKATOR,
                    (
                        None,
                        None,
                        _teks_indikator(i),
                        i.penanggung_jawab or sasaran.penanggung_jawab,
                        tb,
                        i.target_tahunan,
                        pb,
                        target_triwulan(i, periode),  # kolom 8
                        rb,
                        rk,
                        cb,
                        ck,
                        kendala,
                        tl,
                    ),
                    0,
                    PohonPd.kunci_indikator(i),
                )
            )
            for prog in pohon.anak_indikator(i):
                tb, pb, rb, cb = bobot(pohon.hasil(prog.kode), tahunan.hasil(prog.kode))
                out.append(
                    Baris(
                        JenisBaris.ANAK,
                        (
                            None,
                            None,
                            prog.nama,
                            None,
                            tb,
                            None,
                            pb,
                            None,
                            rb,
                            None,
                            cb,
                            None,
                            None,
                            None,
                        ),
                        1,
                        prog.kode,
                    )
                )
        tb, pb, rb, cb = bobot(pohon.hasil(sasaran.kode), tahunan.hasil(sasaran.kode))
        out.append(
            Baris(
                JenisBaris.JUMLAH,
                (
                    None,
                    None,
                    f"Jumlah {sasaran.nama}",
                    None,
                    tb,
                    None,
                    pb,
                    None,
                    rb,
                    None,
                    cb,
                    None,
                    None,
                    None,
                ),
                0,
                sasaran.kode,
            )
        )
        n = len(out) - mulai
        pertama = out[mulai]
        out[mulai] = replace(
            pertama,
            nilai=(no, sasaran.nama, *pertama.nilai[2:]),
            gabung=((0, n, 1), (1, n, 1)),
        )
    return out


def baris_daerah(
    simpul: Sequence[SimpulLaporan],
    indikator: Sequence[IndikatorLaporan],
    realisasi: Mapping[int, RealisasiIndikatorLaporan],
) -> list[Baris]:
    """Rows of Tabel Laporan Kinerja Tujuan dan Sasaran Daerah (Lampiran II, 7 kolom).

    Each tujuan, then its sasaran daerah, with their indicators numbered 1, 2, ...: target,
    realisasi, deviasi = target − realisasi (kolom 6 = 4 − 5) and whether it is reached (kolom 7,
    direction-aware; ``core.capaian.hitung_deviasi``).
    """
    per_node: dict[str, list[IndikatorLaporan]] = defaultdict(list)
    for i in indikator:
        per_node[i.node_kode].append(i)
    anak: dict[str | None, list[SimpulLaporan]] = defaultdict(list)
    for s in simpul:
        anak[s.induk_kode].append(s)
    out: list[Baris] = []
    no = 0

    def indikator_rows(s: SimpulLaporan, tingkat: int) -> None:
        nonlocal no
        for i in per_node.get(s.kode, ()):
            no += 1
            r = realisasi.get(i.id)
            dev = hitung_deviasi(i.target_tahunan, r.nilai if r else None, Arah(i.arah))
            ket = dev.keterangan
            if r is not None and r.kendala:
                ket = f"{ket}. Kendala: {r.kendala}"
            out.append(
                Baris(
                    JenisBaris.DATA,
                    (no, i.uraian, i.satuan, dev.target, dev.realisasi, dev.nilai, ket),
                    tingkat,
                    PohonPd.kunci_indikator(i),
                )
            )

    for t in (s for s in simpul if s.tingkat == Tingkat.TUJUAN.value):
        out.append(Baris(JenisBaris.TUJUAN, (None, f"Tujuan: {t.nama}", *([None] * 5)), 0, t.kode))
        indikator_rows(t, 1)
        for sd in anak.get(t.kode, ()):
            out.append(
                Baris(
                    JenisBaris.SASARAN_DAERAH,
                    (None, f"Sasaran: {sd.nama}", *([None] * 5)),
                    1,
                    sd.kode,
                )
            )
            indikator_rows(sd, 2)
    return out


def baris_ropp_triwulan(
    ropp: Ropp, nama: str, indikator: Sequence[IndikatorLaporan]
) -> list[Baris]:
    """Tabel Rencana Sub Kegiatan Triwulanan (Lampiran I, Tabel 1): per quarter the sum of the
    months' bobot and of the output volumes (the example: 31,41 / 7, ..., total 100,00 / 21)."""
    vol: dict[int, Decimal] = {}
    for q in range(1, 5):
        vol[q] = sum(
            (o.volume for r in ropp.bulan if (r.bulan - 1) // 3 + 1 == q for o in r.outputs),
            _NOL,
        )
    kuartal: list[Nilai] = []
    for q in range(1, 5):
        kuartal += [ropp.triwulan(q)[0], vol[q]]
    total: list[Nilai] = [ropp.total_bobot, sum(vol.values(), _NOL)]
    inds = list(indikator) or [IndikatorLaporan(-1, ropp.sub_kegiatan_kode, 0, STRIP, "", None)]
    rows: list[Baris] = []
    for n, i in enumerate(inds):
        rows.append(
            Baris(
                JenisBaris.DATA,
                (
                    1 if n == 0 else None,
                    nama if n == 0 else None,
                    i.uraian,
                    i.target_tahunan,
                    i.satuan or None,
                    *(kuartal if n == 0 else [None] * 8),
                    *(total if n == 0 else [None] * 2),
                ),
                0,
                ropp.sub_kegiatan_kode,
            )
        )
    if len(rows) > 1:
        k = len(rows)
        gabung = tuple((c, k, 1) for c in (0, 1, *range(5, 15)))
        rows[0] = replace(rows[0], gabung=gabung)
    return rows


def baris_ropp_bulanan(ropp: Ropp) -> list[Baris]:
    """Tabel Rencana Sub Kegiatan Bulanan (Lampiran I, Tabel 2): a row per output of each month
    (the month's cells merged over them), then TOTAL and Triwulan I..IV."""
    rows: list[Baris] = []
    for m in range(1, 13):
        r = ropp.rencana(m)
        bobot = r.target_bobot if r else _NOL
        kas = r.anggaran_kas if r else _NOL
        outputs: list[OutputRopp | None] = list(r.outputs) if r and r.outputs else [None]
        for n, o in enumerate(outputs):
            kepala: tuple[Nilai, ...] = (m, NAMA_BULAN[m], bobot, kas) if n == 0 else (None,) * 4
            isi: tuple[Nilai, ...] = (
                (o.uraian, o.bobot, o.volume, o.satuan) if o else (None, None, None, None)
            )
            rows.append(Baris(JenisBaris.DATA, (*kepala, *isi), 0, str(m)))
        if len(outputs) > 1:
            k = len(outputs)
            i0 = len(rows) - k
            rows[i0] = replace(rows[i0], gabung=tuple((c, k, 1) for c in range(4)))
    rows.append(
        Baris(
            JenisBaris.TOTAL,
            ("TOTAL", None, ropp.total_bobot, ropp.total_anggaran, None, None, None, None),
            0,
            "total",
            ((0, 1, 2),),
        )
    )
    for q in range(1, 5):
        b, a = ropp.triwulan(q)
        rows.append(
            Baris(
                JenisBaris.TOTAL,
                (f"Triwulan {ROMAWI[q]}", None, b, a, None, None, None, None),
                0,
                f"tw{q}",
                ((0, 1, 2),),
            )
        )
    return rows


# =============================================================================== use cases
def _periode(periode: Periode | str) -> Periode:
    if isinstance(periode, Periode):
        return periode
    try:
        return Periode.parse(periode)
    except ValueError as exc:
        raise ValidasiError(str(exc)) from None


def _kepala_pd(pejabat: Sequence[Pejabat], nip: str | None) -> Pejabat | None:
    """The head of the PD: the sasaran PD's penanggung jawab, else the highest eselon."""
    for p in pejabat:
        if nip and p.nip == nip:
            return p
    ranked = sorted((p for p in pejabat if p.eselon), key=lambda p: (p.eselon or "", p.nip))
    return ranked[0] if ranked else None


def _baca_pd(
    uow: UnitOfWork,
    pd_kode: str,
    periode: Periode,
    *,
    output: bool,
    indikator_periode: bool,
) -> tuple[DataPd, Pejabat | None]:
    tahun = periode.tahun
    bulan = list(periode.bulan)
    with uow:
        repo = uow.repo
        pd = repo.get_pd(pd_kode)
        if pd is None:
            raise TidakDitemukan(f"Perangkat Daerah {pd_kode} tidak dikenal.")
        simpul = repo.laporan_simpul(tahun, pd_kode, _TINGKAT_PD)
        if not simpul:
            raise TidakDitemukan(
                f"Perangkat Daerah {pd_kode} belum memiliki sasaran dan program tahun {tahun}."
            )
        data = DataPd(
            tahun=tahun,
            pd=pd,
            simpul=simpul,
            indikator=repo.laporan_indikator(tahun, pd_kode, _TINGKAT_PD),
            rencana=repo.laporan_rencana(tahun, pd_kode),
            realisasi=repo.laporan_realisasi(tahun, pd_kode, bulan),
            output=repo.laporan_output(tahun, pd_kode, bulan) if output else {},
            realisasi_indikator=(
                repo.laporan_realisasi_indikator(tahun, pd_kode, _TINGKAT_PD, periode.kode)
                if indikator_periode
                else {}
            ),
        )
        pj_sasaran = next(
            (s.penanggung_jawab_nip for s in simpul if s.tingkat == Tingkat.SASARAN_PD.value),
            None,
        )
        kepala = _kepala_pd(repo.list_pejabat(pd_kode), pj_sasaran)
    return data, kepala


def _pengesahan_pd(
    pd: PerangkatDaerah, kepala: Pejabat | None, tanggal: date | None, tempat: str
) -> Pengesahan:
    return Pengesahan(
        tempat,
        tanggal,
        f"Kepala {pd.nama}",
        kepala.nama if kepala else None,
        kepala.nip if kepala else None,
    )


def laporan_bulanan(
    uow: UnitOfWork,
    pd_kode: str,
    periode: Periode | str,
    *,
    tanggal: date | None = None,
    tempat: str = TEMPAT,
) -> Laporan:
    """Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan (Pergub 17/2023 Pasal 15(4), Lampiran II)."""
    p = _periode(periode)
    if p.jenis is not JenisPeriode.BULANAN:
        raise ValidasiError("Laporan bulanan memerlukan periode bulanan, contoh 2026-01.")
    data, kepala = _baca_pd(uow, pd_kode, p, output=True, indikator_periode=False)
    judul = f"Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan Tahun {p.tahun}"
    tabel = Tabel(
        "Bulanan",
        (judul,),
        KOLOM_BULANAN,
        KEPALA_BULANAN,
        _nomor(16),
        tuple(baris_bulanan(data, p)),
    )
    return Laporan(
        "bulanan",
        judul,
        (("PD", data.pd.nama), ("Bulan", NAMA_BULAN[p.nilai])),
        (tabel,),
        _pengesahan_pd(data.pd, kepala, tanggal, tempat),
        p.kode,
    )


def laporan_program(
    uow: UnitOfWork,
    pd_kode: str,
    periode: Periode | str,
    *,
    tanggal: date | None = None,
    tempat: str = TEMPAT,
) -> Laporan:
    """Laporan Kinerja Program Triwulanan (Pergub 17/2023 Pasal 15(3)b, Lampiran II)."""
    p = _periode(periode)
    tw = _cek_triwulan(p, "Laporan program triwulanan")
    data, kepala = _baca_pd(uow, pd_kode, p, output=False, indikator_periode=True)
    judul = f"Tabel Laporan Kinerja Program Triwulanan Tahun {p.tahun}"
    tabel = Tabel(
        "Program Triwulanan",
        (judul,),
        _kolom_program(tw),
        _kepala_program(tw),
        _nomor(13),
        tuple(baris_program(data, p)),
        catatan_target_triwulan(_indikator_tabel(data, Tingkat.PROGRAM), p),
    )
    return Laporan(
        "program",
        judul,
        (("PD", data.pd.nama), ("Triwulan", tw)),
        (tabel,),
        _pengesahan_pd(data.pd, kepala, tanggal, tempat),
        p.kode,
    )


def laporan_sasaran(
    uow: UnitOfWork,
    pd_kode: str,
    periode: Periode | str,
    *,
    tanggal: date | None = None,
    tempat: str = TEMPAT,
) -> Laporan:
    """Laporan Kinerja Sasaran Triwulanan (Pergub 17/2023 Pasal 15(3)b, Lampiran II)."""
    p = _periode(periode)
    tw = _cek_triwulan(p, "Laporan sasaran triwulanan")
    data, kepala = _baca_pd(uow, pd_kode, p, output=False, indikator_periode=True)
    judul = f"Tabel Laporan Kinerja Sasaran Triwulanan Tahun {p.tahun}"
    tabel = Tabel(
        "Sasaran Triwulanan",
        (judul,),
        _kolom_sasaran(tw),
        _kepala_sasaran(tw),
        _nomor(14),
        tuple(baris_sasaran(data, p)),
        catatan_target_triwulan(_indikator_tabel(data, Tingkat.SASARAN_PD), p),
    )
    return Laporan(
        "sasaran",
        judul,
        (("PD", data.pd.nama), ("Triwulan", tw)),
        (tabel,),
        _pengesahan_pd(data.pd, kepala, tanggal, tempat),
        p.kode,
    )


def laporan_daerah(
    uow: UnitOfWork,
    periode: Periode | str,
    *,
    pd_kode: str | None = None,
    tanggal: date | None = None,
    tempat: str = TEMPAT,
) -> Laporan:
    """Laporan Kinerja Tujuan dan Sasaran Daerah sampai dengan akhir triwulan (Lampiran II).

    ``pd_kode``: the PD that compiles it (usually Bappeda); its head signs. Without it the block is
    left for the Sekretaris Daerah to sign.
    """
    p = _periode(periode)
    tw = _cek_triwulan(p, "Laporan tujuan dan sasaran daerah")
    with uow:
        repo = uow.repo
        pengesahan = Pengesahan(tempat, tanggal, "Sekretaris Daerah Provinsi Banten", None, None)
        if pd_kode is not None:
            pd = repo.get_pd(pd_kode)
            if pd is None:
                raise TidakDitemukan(f"Perangkat Daerah {pd_kode} tidak dikenal.")
            pengesahan = _pengesahan_pd(
                pd, _kepala_pd(repo.list_pejabat(pd_kode), None), tanggal, tempat
            )
        simpul = repo.laporan_simpul(p.tahun, None, _TINGKAT_DAERAH)
        indikator = repo.laporan_indikator(p.tahun, None, _TINGKAT_DAERAH)
        realisasi = repo.laporan_realisasi_indikator(p.tahun, None, _TINGKAT_DAERAH, p.kode)
    if not simpul:
        raise TidakDitemukan(f"Belum ada tujuan dan sasaran daerah untuk tahun {p.tahun}.")
    label = f"Triwulan {tw} Tahun {p.tahun}"
    judul = (
        f"Tabel Laporan Kinerja Tujuan dan Sasaran Daerah Sampai Dengan Akhir Triwulan {tw} "
        f"Tahun {p.tahun}"
    )
    tabel = Tabel(
        "Tujuan dan Sasaran Daerah",
        (judul,),
        _kolom_daerah(label),
        _kepala_daerah(label),
        _nomor(7, kurung=True),
        tuple(baris_daerah(simpul, indikator, realisasi)),
        ("Catatan: target adalah target tahunan indikator; deviasi = target - realisasi.",),
    )
    return Laporan(
        "daerah",
        judul,
        (("Pemerintah Daerah", "Provinsi Banten"), ("Triwulan", tw)),
        (tabel,),
        pengesahan,
        p.kode,
    )


def laporan_ropp(
    uow: UnitOfWork,
    sub_kegiatan_kode: str,
    tahun: int,
    *,
    tanggal: date | None = None,
    tempat: str = TEMPAT,
) -> Laporan:
    """ROPP of one sub kegiatan (Pergub 17/2023 Pasal 11, Lampiran I): Tabel 1 (triwulanan) and
    Tabel 2 (bulanan), under the PD / pejabat / program / kegiatan / sub kegiatan lines."""
    with uow:
        repo = uow.repo
        node = repo.get_node(tahun, sub_kegiatan_kode)
        if node is None:
            raise TidakDitemukan(
                f"Sub kegiatan {sub_kegiatan_kode} tidak dikenal untuk tahun {tahun}."
            )
        if node.tingkat is not Tingkat.SUB_KEGIATAN:
            raise ValidasiError(f"{node.kode} adalah {node.tingkat.label}, bukan Sub Kegiatan.")
        ropp = repo.get_ropp(tahun, sub_kegiatan_kode)
        if ropp is None:
            raise TidakDitemukan(f"ROPP sub kegiatan {sub_kegiatan_kode} tahun {tahun} belum ada.")
        kegiatan = repo.get_node(tahun, node.induk_kode) if node.induk_kode else None
        program = (
            repo.get_node(tahun, kegiatan.induk_kode) if kegiatan and kegiatan.induk_kode else None
        )
        pd = repo.get_pd(node.pd_kode) if node.pd_kode else None
        pj = repo.get_pejabat(node.penanggung_jawab_nip) if node.penanggung_jawab_nip else None
    indikator = [
        IndikatorLaporan(-1, node.kode, n, i.uraian, i.satuan, i.target_tahunan, i.arah.value)
        for n, i in enumerate(node.indikator, start=1)
    ]
    identitas = (
        ("PD", pd.nama if pd else STRIP),
        ("Nama Pejabat", pj.nama if pj else STRIP),
        ("Program", program.nama if program else STRIP),
        ("Kegiatan", kegiatan.nama if kegiatan else STRIP),
        ("Sub Kegiatan", node.nama),
    )
    judul1 = f"Tabel Rencana Sub Kegiatan Triwulanan Tahun {tahun}"
    judul2 = f"Tabel Rencana Sub Kegiatan Bulanan Tahun {tahun}"
    t1 = Tabel(
        "ROPP Triwulanan",
        (judul1, "(Tabel 1)"),
        _kolom_ropp_triwulan(tahun),
        _kepala_ropp_triwulan(tahun),
        _nomor(15),
        tuple(baris_ropp_triwulan(ropp, node.nama, indikator)),
    )
    t2 = Tabel(
        "ROPP Bulanan",
        (judul2, "(Tabel 2)"),
        KOLOM_ROPP_BULANAN,
        KEPALA_ROPP_BULANAN,
        _nomor(8),
        tuple(baris_ropp_bulanan(ropp)),
    )
    pengesahan = Pengesahan(
        tempat,
        tanggal,
        pj.jabatan if pj else "Penanggung Jawab Sub Kegiatan",
        pj.nama if pj else None,
        pj.nip if pj else None,
        paraf=True,
    )
    judul = f"Rencana Operasional Pelaksanaan Program (ROPP) Tahun {tahun}: {node.nama}"
    return Laporan("ropp", judul, identitas, (t1, t2), pengesahan, str(tahun))


# =============================================================================== JSON
def laporan_json(laporan: Laporan) -> dict[str, Any]:
    """The report as data: every row keyed by its columns' meaning, values as printed
    (Indonesian notation, rounded like the PDF), null for an empty cell."""
    tabel: list[dict[str, Any]] = []
    for t in laporan.tabel:
        fmt: list[tuple[str, Callable[[Nilai], str | None]]] = [
            (k.kunci, _teks_fn(k.format)) for k in t.kolom
        ]
        tabel.append(
            {
                "judul": list(t.judul),
                "kolom": [
                    {"kunci": k.kunci, "judul": k.judul, "nomor": n}
                    for k, n in zip(t.kolom, t.nomor_kolom, strict=True)
                ],
                "baris": [
                    {
                        "jenis": b.jenis.value,
                        "tingkat": b.tingkat,
                        "kode": b.kode,
                        **{kunci: f(v) for (kunci, f), v in zip(fmt, b.nilai, strict=True)},
                    }
                    for b in t.baris
                ],
                "catatan": list(t.catatan),
            }
        )
    ttd = laporan.pengesahan
    return {
        "jenis": laporan.jenis,
        "periode": laporan.periode,
        "judul": laporan.judul,
        "identitas": {k: v for k, v in laporan.identitas},
        "tabel": tabel,
        "pengesahan": (
            {
                "tempat": ttd.tempat,
                "tanggal": ttd.tanggal.isoformat() if ttd.tanggal else None,
                "jabatan": ttd.jabatan,
                "nama": ttd.nama,
                "nip": ttd.nip,
            }
            if ttd
            else None
        ),
    }


def _teks_fn(fmt: Format) -> Callable[[Nilai], str | None]:
    def f(v: Nilai) -> str | None:
        return teks_nilai(v, fmt)

    return f
