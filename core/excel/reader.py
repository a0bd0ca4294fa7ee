"""Reading an import workbook: file checks, structure, and every cell into a typed value.

Nothing here knows the database. It refuses, before openpyxl ever sees the bytes: files over the size
limit, files that are not zip archives, password-protected workbooks (an encrypted .xlsx is an OLE
compound file, signature D0 CF 11 E0), and archives whose declared uncompressed size is too large (a zip
bomb: Python's zipfile never inflates an entry past its declared size). Then it checks the sheets and
header rows, and reads each cell by its column's :class:`~core.excel.template.Jenis`, collecting every
problem with its sheet, row and column instead of stopping at the first.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from core.errors import ValidasiError
from core.excel.template import (
    LABEL_TAHUN,
    LEMBAR_DATA,
    NAMA_BULAN_DIKENAL,
    PETUNJUK,
    Jenis,
    Kolom,
    Lembar,
)
from core.numbers import MAKS_NILAI, format_angka, parse_angka

__all__ = [
    "BATAS_BAWAAN",
    "Bacaan",
    "Baris",
    "BatasBerkas",
    "MasalahImpor",
    "baca_workbook",
    "format_mb",
    "periksa_berkas",
]

OLE_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE: Final = b"PK\x03\x04"
_MB = 1024 * 1024


@dataclass(frozen=True)
class BatasBerkas:
    """Limits checked before parsing. ``maks_byte`` is the file size (default 20 MB)."""

    maks_byte: int = 20 * _MB
    maks_terurai: int = 200 * _MB  # sum of the uncompressed sizes in the zip directory
    maks_entri: int = 2_000  # files inside the zip
    maks_baris: int = 100_000  # data rows per sheet


#: The default limits.
BATAS_BAWAAN: Final = BatasBerkas()


@dataclass(frozen=True)
class MasalahImpor:
    """One problem, with where it is: sheet, row (1-based, as Excel shows) and column."""

    pesan: str
    lembar: str | None = None
    baris: int | None = None
    kolom: str | None = None  # column letter
    judul: str | None = None  # header text of that column

    @property
    def lokasi(self) -> str:
        parts: list[str] = []
        if self.lembar:
            parts.append(f"Lembar '{self.lembar}'")
        if self.baris is not None:
            parts.append(f"baris {self.baris}")
        if self.kolom:
            parts.append(f"kolom {self.kolom}" + (f" ({self.judul})" if self.judul else ""))
        return ", ".join(parts)  # empty for a problem of the file as a whole

    def __str__(self) -> str:
        return f"{self.lokasi}: {self.pesan}" if self.lokasi else self.pesan

    def urutan(self) -> tuple[int, int, int, str]:
        """Sort key: sheet order, row, column, message."""
        names = [PETUNJUK] + [lb.nama for lb in LEMBAR_DATA]
        lembar = names.index(self.lembar) if self.lembar in names else -1
        kolom = _col_index(self.kolom) if self.kolom else 0
        return (lembar, self.baris or 0, kolom, self.pesan)


@dataclass(frozen=True)
class Baris:
    """One data row: typed values by column key; ``galat`` holds the keys whose cell was rejected."""

    lembar: Lembar
    nomor: int
    nilai: Mapping[str, Any]
    huruf: Mapping[str, str]  # column key -> column letter in this workbook
    galat: frozenset[str] = frozenset()

    def teks(self, kunci: str) -> str | None:
        v = self.nilai.get(kunci)
        assert v is None or isinstance(v, str)
        return v

    def angka(self, kunci: str) -> Decimal | None:
        v = self.nilai.get(kunci)
        assert v is None or isinstance(v, Decimal)
        return v

    def bulan(self, kunci: str = "bulan") -> int | None:
        v = self.nilai.get(kunci)
        assert v is None or isinstance(v, int)
        return v

    def daftar(self, kunci: str) -> tuple[str, ...]:
        v = self.nilai.get(kunci)
        assert v is None or isinstance(v, tuple)
        return v or ()

    def ada(self, kunci: str) -> bool:
        """Whether column ``kunci`` is in this workbook (an optional column may be missing)."""
        return kunci in self.huruf

    def masalah(self, pesan: str, kunci: str | None = None) -> MasalahImpor:
        """A problem at this row (and at column ``kunci`` when given)."""
        if kunci is None:
            return MasalahImpor(pesan, self.lembar.nama, self.nomor)
        return MasalahImpor(
            pesan,
            self.lembar.nama,
            self.nomor,
            self.huruf.get(kunci),
            self.lembar.kolom_kunci(kunci).judul,
        )


@dataclass
class Bacaan:
    """What was read: rows per sheet name, every problem, and the year named in the Petunjuk sheet."""

    baris: dict[str, list[Baris]] = field(default_factory=dict)
    masalah: list[MasalahImpor] = field(default_factory=list)
    tahun: int | None = None
    tahun_lokasi: MasalahImpor | None = None  # where the year is written (for messages)
    #: sheets that are missing or whose header row is wrong: their rows could not be read
    tidak_terbaca: set[str] = field(default_factory=set)

    @property
    def lengkap(self) -> bool:
        """Every data sheet was found and its header row understood."""
        return not self.tidak_terbaca and not any(m.lembar is None for m in self.masalah)

    def rows(self, lembar: Lembar) -> list[Baris]:
        return self.baris.get(lembar.nama, [])


# ---------------------------------------------------------------------------- file checks
def periksa_berkas(data: bytes, batas: BatasBerkas = BATAS_BAWAAN) -> list[MasalahImpor]:
    """Problems that make the file unreadable, found without parsing it; empty when it may be opened."""
    ukuran = len(data)
    if ukuran > batas.maks_byte:
        return [
            MasalahImpor(
                f"Berkas terlalu besar ({format_mb(ukuran)} MB); batasnya {format_mb(batas.maks_byte)} MB. "
                "Pecah data menjadi beberapa berkas, misalnya per Perangkat Daerah."
            )
        ]
    if ukuran == 0:
        return [MasalahImpor("Berkas kosong.")]
    if data.startswith(OLE_SIGNATURE[:4]):
        return [
            MasalahImpor(
                "Berkas dilindungi kata sandi (terenkripsi) atau berformat Excel lama (.xls). "
                "Buka di Excel, hapus kata sandinya (File > Info > Proteksi Buku Kerja > "
                "Enkripsi dengan Kata Sandi, kosongkan), lalu simpan sebagai Buku Kerja Excel "
                "(.xlsx)."
            )
        ]
    if not data.startswith(ZIP_SIGNATURE):
        return [
            MasalahImpor(
                "Berkas bukan buku kerja Excel .xlsx (mungkin berkas lain yang namanya diganti "
                "menjadi .xlsx, misalnya CSV atau PDF). Simpan dari Excel sebagai Buku Kerja Excel "
                "(.xlsx)."
            )
        ]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [MasalahImpor("Berkas .xlsx rusak (arsip zip tidak dapat dibaca).")]
    if len(infos) > batas.maks_entri:
        return [MasalahImpor(f"Berkas berisi terlalu banyak bagian ({len(infos)}); ditolak.")]
    terurai = sum(i.file_size for i in infos)
    if terurai > batas.maks_terurai:
        return [
            MasalahImpor(
                f"Isi berkas bila dibuka berukuran {format_mb(terurai)} MB, melebihi batas "
                f"{format_mb(batas.maks_terurai)} MB; berkas ditolak demi keamanan."
            )
        ]
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return [
            MasalahImpor(
                "Berkas berformat zip tetapi bukan buku kerja Excel .xlsx. Simpan dari Excel "
                "sebagai Buku Kerja Excel (.xlsx)."
            )
        ]
    return []


def format_mb(n: int) -> str:
    """A byte count in MB, Indonesian notation, one decimal when needed ("50", "2,5")."""
    v = (Decimal(n) / _MB).quantize(Decimal("0.1"))
    return format_angka(v.normalize() if v == v.to_integral_value() else v)


# ---------------------------------------------------------------------------- workbook
def baca_workbook(data: bytes, batas: BatasBerkas = BATAS_BAWAAN) -> Bacaan:
    """Read every sheet of the workbook. Raises nothing for bad content: see ``Bacaan.masalah``."""
    hasil = Bacaan()
    masalah = periksa_berkas(data, batas)
    if masalah:
        hasil.masalah.extend(masalah)
        hasil.tidak_terbaca.update(lb.nama for lb in LEMBAR_DATA)
        return hasil
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        hasil.masalah.append(
            MasalahImpor(
                f"Berkas .xlsx rusak atau tidak dapat dibaca ({type(exc).__name__}). Buka di "
                "Excel lalu simpan ulang sebagai Buku Kerja Excel (.xlsx)."
            )
        )
        hasil.tidak_terbaca.update(lb.nama for lb in LEMBAR_DATA)
        return hasil
    try:
        _baca(wb, hasil, batas)
    finally:
        wb.close()
    hasil.masalah.sort(key=MasalahImpor.urutan)
    return hasil


def _baca(wb: Any, hasil: Bacaan, batas: BatasBerkas) -> None:
    names: list[str] = list(wb.sheetnames)
    dikenal = {lb.nama for lb in LEMBAR_DATA} | {PETUNJUK}
    asing = [n for n in names if n not in dikenal]
    for lembar in LEMBAR_DATA:
        if lembar.nama in names:
            continue
        hasil.tidak_terbaca.add(lembar.nama)
        mirip = [n for n in asing if _norm(n) == _norm(lembar.nama)]
        saran = (
            f" Ada lembar '{mirip[0]}': kembalikan namanya menjadi '{lembar.nama}'."
            if mirip
            else (
                f" Lembar yang tidak dikenal: {', '.join(repr(n) for n in asing)}; "
                "mungkin namanya diganti?"
                if asing
                else ""
            )
        )
        hasil.masalah.append(
            MasalahImpor(
                "lembar ini tidak ditemukan. Jangan mengganti nama atau menghapus lembar; pakai "
                f"templat dari `sakip template`.{saran}",
                lembar.nama,
            )
        )
    if PETUNJUK in names:
        _baca_tahun(wb[PETUNJUK], hasil)
    for lembar in LEMBAR_DATA:
        if lembar.nama in names:
            rows = _baca_lembar(wb[lembar.nama], lembar, hasil.masalah, batas)
            if rows is None:
                hasil.tidak_terbaca.add(lembar.nama)
            else:
                hasil.baris[lembar.nama] = rows


def _baca_tahun(ws: Any, hasil: Bacaan) -> None:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30), max_col=2):
        a, b = row[0], row[1] if len(row) > 1 else None
        if isinstance(a.value, str) and _norm(a.value) == _norm(LABEL_TAHUN) and b is not None:
            lokasi = MasalahImpor("", PETUNJUK, a.row, "B", LABEL_TAHUN)
            v = b.value
            if isinstance(v, int) and not isinstance(v, bool):
                tahun: int | None = v
            elif isinstance(v, float) and v.is_integer():
                tahun = int(v)
            elif isinstance(v, str) and v.strip().isdigit():
                tahun = int(v.strip())
            else:
                tahun = None
            if tahun is None or not 2000 <= tahun <= 2100:
                hasil.masalah.append(
                    MasalahImpor(
                        f"tahun anggaran '{v}' tidak sah; tulis tahun empat angka, contoh 2026.",
                        PETUNJUK,
                        a.row,
                        "B",
                        LABEL_TAHUN,
                    )
                )
                return
            hasil.tahun, hasil.tahun_lokasi = tahun, lokasi
            return


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _col_index(letter: str) -> int:
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def _extent(ws: Any) -> tuple[int, int]:
    """(last row, last column) holding a value; styled empty cells do not count.

    ``ws.max_row`` counts formatted empty cells too; a single formatted cell at row 1 048 576 would
    make a naive loop create a million rows.
    """
    cells: Mapping[tuple[int, int], Any] = getattr(ws, "_cells", {})
    last_row = last_col = 0
    for (r, c), cell in cells.items():
        v = cell.value
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        last_row, last_col = max(last_row, r), max(last_col, c)
    return last_row, last_col


def _baca_lembar(
    ws: Any, lembar: Lembar, masalah: list[MasalahImpor], batas: BatasBerkas
) -> list[Baris] | None:
    """The rows of one sheet; None when the sheet cannot be read (too long, bad header row)."""
    nama = lembar.nama
    last_row, last_col = _extent(ws)
    # merged cells anywhere in a data sheet: the value sits only in the first cell of the range
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        masalah.append(
            MasalahImpor(
                f"sel digabung ({rng.coord}). Pisahkan gabungan sel (Unmerge) dan isi setiap sel "
                "dengan nilainya sendiri.",
                nama,
                rng.min_row,
                get_column_letter(rng.min_col),
            )
        )
    if last_row - 1 > batas.maks_baris:
        masalah.append(
            MasalahImpor(
                f"terlalu banyak baris ({last_row - 1}); batasnya {batas.maks_baris}.", nama
            )
        )
        return None

    # header row: columns are found by their header text
    posisi: dict[str, int] = {}
    judul_ke: dict[str, Kolom] = {_norm(k.judul): k for k in lembar.kolom}
    header_ok = True
    for c in range(1, max(last_col, 1) + 1):
        cell = ws.cell(row=1, column=c)
        v = cell.value
        if v is None or (isinstance(v, str) and not v.strip()):
            if any(_has_value(ws.cell(row=r, column=c).value) for r in range(2, last_row + 1)):
                masalah.append(
                    MasalahImpor(
                        "kolom berisi data tetapi tidak berjudul; hapus isinya atau beri judul "
                        "yang benar.",
                        nama,
                        1,
                        get_column_letter(c),
                    )
                )
                header_ok = False
            continue
        text = str(v)
        kolom = judul_ke.get(_norm(text))
        if kolom is None:
            masalah.append(
                MasalahImpor(
                    f"judul kolom '{text}' tidak dikenal. Judul yang benar untuk lembar ini: "
                    f"{', '.join(k.judul for k in lembar.kolom)}.",
                    nama,
                    1,
                    get_column_letter(c),
                )
            )
            header_ok = False
        elif kolom.kunci in posisi:
            masalah.append(
                MasalahImpor(
                    f"judul kolom '{text}' muncul dua kali.", nama, 1, get_column_letter(c)
                )
            )
            header_ok = False
        else:
            posisi[kolom.kunci] = c
    for k in lembar.kolom:
        if k.kunci not in posisi and not k.opsional:  # an optional one: an older workbook
            masalah.append(
                MasalahImpor(
                    f"kolom '{k.judul}' tidak ditemukan di baris judul. Jangan mengganti atau "
                    "menghapus judul kolom.",
                    nama,
                    1,
                )
            )
            header_ok = False
    if not header_ok:
        return None  # the data cannot be read reliably; the header problems are reported

    huruf = {k: get_column_letter(c) for k, c in posisi.items()}
    hadir = [k for k in lembar.kolom if k.kunci in posisi]
    rows: list[Baris] = []
    kosong_mulai: int | None = None
    for r in range(2, last_row + 1):
        cells = {k.kunci: ws.cell(row=r, column=posisi[k.kunci]) for k in hadir}
        if not any(_has_value(c.value) for c in cells.values()):
            if kosong_mulai is None:
                kosong_mulai = r
            continue
        if kosong_mulai is not None:
            rentang = f"{kosong_mulai}" if kosong_mulai == r - 1 else f"{kosong_mulai}-{r - 1}"
            masalah.append(
                MasalahImpor(
                    f"baris kosong di tengah data (baris {rentang}). Hapus baris kosong itu; "
                    "data harus bersambung sampai baris terakhir.",
                    nama,
                    kosong_mulai,
                )
            )
            kosong_mulai = None
        nilai: dict[str, Any] = {}
        galat: set[str] = set()
        for k in hadir:
            cell = cells[k.kunci]
            try:
                nilai[k.kunci] = _nilai_sel(cell, k)
            except _SelDitolak as exc:
                nilai[k.kunci] = None
                galat.add(k.kunci)
                masalah.append(MasalahImpor(str(exc), nama, r, huruf[k.kunci], k.judul))
        rows.append(Baris(lembar, r, nilai, huruf, frozenset(galat)))
    return rows


def _has_value(v: object) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


class _SelDitolak(Exception):
    pass


_TANGGAL_TEKS = re.compile(
    r"^\s*(\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}|\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2}|\d{1,2}[/\-]\d{4})\s*$"
)
_TANGGAL_NAMA = re.compile(r"^\s*(\d{1,2}\s+)?([a-zA-Z]+)\.?\s+\d{4}\s*$")


def _tampak_tanggal(text: str) -> bool:
    if _TANGGAL_TEKS.match(text):
        return True
    m = _TANGGAL_NAMA.match(text)
    return bool(m and m.group(2).casefold() in NAMA_BULAN_DIKENAL)


def _nilai_sel(cell: Any, kolom: Kolom) -> Any:
    """The typed value of one cell, or :class:`_SelDitolak` with a message in Bahasa Indonesia."""
    v = cell.value
    if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=")):
        formula = v if isinstance(v, str) else getattr(v, "text", "")
        raise _SelDitolak(
            f"berisi rumus ({str(formula)[:40]}). Rumus tidak diimpor: salin sel lalu tempel "
            "sebagai nilai (Paste Special > Values)."
        )
    if cell.data_type == "e":
        raise _SelDitolak(f"berisi galat Excel ({v}).")
    if isinstance(v, str):
        v = v.replace("\u00a0", " ").strip()
        if v == "":
            v = None
    if v is None:
        if kolom.wajib:
            raise _SelDitolak("wajib diisi.")
        return None
    if isinstance(v, datetime | date | time | timedelta):
        if kolom.jenis == Jenis.BULAN:
            raise _SelDitolak(
                "berisi tanggal; tulis nomor bulan 1 sampai 12 (contoh 3 untuk Maret)."
            )
        raise _SelDitolak(
            "berisi tanggal, bukan "
            + ("angka" if kolom.jenis == Jenis.ANGKA else "teks")
            + ". Ubah format sel menjadi Umum atau Teks lalu ketik ulang nilainya."
        )
    if isinstance(v, bool):
        raise _SelDitolak(f"berisi nilai logika ({'TRUE' if v else 'FALSE'}), bukan isian.")
    jenis = kolom.jenis
    if jenis == Jenis.TEKS:
        return v if isinstance(v, str) else _angka_ke_teks(v)
    if jenis == Jenis.KODE:
        if isinstance(v, str):
            return v
        if isinstance(v, int):
            return str(v)
        raise _SelDitolak(
            f"kode diketik sebagai angka ({v}); Excel bisa mengubahnya (1.10 menjadi 1,1). Ubah "
            "format sel menjadi Teks lalu ketik ulang kodenya."
        )
    if jenis == Jenis.NIP:
        if not isinstance(v, str):
            raise _SelDitolak(
                "NIP diketik sebagai angka; Excel membulatkan angka lebih dari 15 digit. Ubah "
                "format sel menjadi Teks lalu ketik ulang NIP-nya."
            )
        nip = re.sub(r"\s+", "", v)
        if not nip.isdigit():
            raise _SelDitolak(f"NIP '{v}' hanya boleh berisi angka.")
        if len(nip) != 18:
            raise _SelDitolak(f"NIP '{v}' harus 18 digit (tertulis {len(nip)} digit).")
        return nip
    if jenis == Jenis.ANGKA:
        return _angka(cell, v, kolom)
    if jenis == Jenis.BULAN:
        return _bulan(v)
    if jenis == Jenis.PILIHAN:
        text = v if isinstance(v, str) else _angka_ke_teks(v)
        key = _norm(text).replace("_", " ")
        for label, nilai in kolom.pilihan:
            if key in (_norm(label), _norm(nilai).replace("_", " ")):
                return nilai
        raise _SelDitolak(
            f"'{text}' bukan pilihan yang sah; pilih salah satu: {', '.join(kolom.label_pilihan)}."
        )
    if jenis == Jenis.DAFTAR_KODE:
        text = v if isinstance(v, str) else _angka_ke_teks(v)
        return tuple(p.strip() for p in re.split(r"[,;]", text) if p.strip())
    raise AssertionError(jenis)  # pragma: no cover


def _angka_ke_teks(v: object) -> str:
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _angka(cell: Any, v: object, kolom: Kolom) -> Decimal:
    if isinstance(v, str) and _tampak_tanggal(v):
        raise _SelDitolak(
            f"'{v}' tampak seperti tanggal yang diketik sebagai teks; kolom ini berisi angka."
        )
    if isinstance(v, int | float) and "%" in str(cell.number_format):
        raise _SelDitolak(
            "sel berformat persen Excel (3% tersimpan sebagai 0,03). Ubah format sel menjadi "
            "Umum lalu ketik angkanya tanpa tanda %, contoh 3."
        )
    if not isinstance(v, str | int | float | Decimal):
        raise _SelDitolak(f"'{v}' bukan angka.")
    try:
        # "Pagu (Rp)", "Anggaran Kas (Rp)", "Realisasi Anggaran (Rp)": a text "250,000" or "70%" there
        # is refused, not read as Rp 250 or Rp 70
        angka = parse_angka(v, "", rupiah=kolom.judul.endswith("(Rp)"))
    except ValidasiError as exc:
        raise _SelDitolak(str(exc).removeprefix(": ")) from None
    if abs(angka) > MAKS_NILAI:
        raise _SelDitolak(
            f"terlalu besar (tertulis {format_angka(angka)}); mohon periksa angkanya."
        )
    if kolom.positif and angka <= 0:
        raise _SelDitolak(f"harus lebih dari 0 (tertulis {format_angka(angka)}).")
    if kolom.nonnegatif and angka < 0:
        raise _SelDitolak(f"tidak boleh negatif (tertulis {format_angka(angka)}).")
    return angka


def _bulan(v: object) -> int:
    if isinstance(v, int | float) and not isinstance(v, bool):
        if float(v).is_integer() and 1 <= v <= 12:
            return int(v)
        raise _SelDitolak(f"bulan {_angka_ke_teks(v)} tidak sah; tulis 1 sampai 12.")
    assert isinstance(v, str)
    text = v.strip().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    m = NAMA_BULAN_DIKENAL.get(text.casefold())
    if m is not None:
        return m
    if _tampak_tanggal(text):
        raise _SelDitolak(
            f"'{v}' tampak seperti tanggal; tulis nomor bulan 1 sampai 12 (contoh 3 untuk Maret)."
        )
    raise _SelDitolak(f"bulan '{v}' tidak sah; tulis 1 sampai 12 (contoh 3 untuk Maret).")
