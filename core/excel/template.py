"""The import/export workbook: its sheets and columns, defined once for the template, reader and writer.

Each data sheet has one header row (row 1) and one record per row from row 2. Columns are found by
their header text, so a user may reorder them, but may not rename, drop or add any; only a column
marked ``opsional`` (added later, e.g. the Indikator sheet's "Target Tw I".."Target Tw IV") may be
missing, so that a workbook made before it existed still imports. The instructions
sheet "Petunjuk" is generated from the same definitions (:func:`petunjuk`), so it cannot drift from
what the reader accepts.

Sources: Pergub 42/2018 Pasal 12(4) and Lampiran A (the cascade and its levels, Tabel A.2 kelompok);
Pergub 17/2023 Lampiran I (ROPP: target fisik/bobot, anggaran kas and outputs per month) and Lampiran II
(realisasi bulanan, kendala, tindak lanjut).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from core.capaian import Arah
from core.cascade import (
    CascadeNode,
    Indikator,
    Kelompok,
    Pejabat,
    PerangkatDaerah,
    Tingkat,
)
from core.periode import NAMA_BULAN, ROMAWI
from core.realisasi import RealisasiInput
from core.ropp import OutputRopp, RencanaBulan, Ropp

__all__ = [
    "CONTOH_TAHUN",
    "LEMBAR_DATA",
    "LEMBAR_INDIKATOR",
    "LEMBAR_KASKADE",
    "LEMBAR_PD",
    "LEMBAR_PEJABAT",
    "LEMBAR_REALISASI",
    "LEMBAR_ROPP",
    "LEMBAR_ROPP_OUTPUT",
    "LABEL_TAHUN",
    "PETUNJUK",
    "Contoh",
    "Jenis",
    "Kolom",
    "Lembar",
    "contoh",
    "lembar_menurut_nama",
    "petunjuk",
]

PETUNJUK: Final = "Petunjuk"
#: The label in column A of the Petunjuk sheet whose column B holds the tahun anggaran.
LABEL_TAHUN: Final = "Tahun anggaran"


class Jenis(StrEnum):
    """How a cell is read."""

    TEKS = "teks"  # free text
    KODE = "kode"  # an identifier; type it as text (a whole number is accepted)
    NIP = "nip"  # 18 digits, typed as text (Excel rounds numbers this long)
    ANGKA = "angka"  # "12,5", "1.824.205.000" or a real Excel number
    BULAN = "bulan"  # 1-12 (or the month's name)
    PILIHAN = "pilihan"  # one of a fixed list
    DAFTAR_KODE = "daftar_kode"  # codes separated by commas


@dataclass(frozen=True)
class Kolom:
    kunci: str
    judul: str
    jenis: Jenis
    wajib: bool = False
    lebar: int = 16
    keterangan: str = ""
    #: (label shown, stored value) pairs for Jenis.PILIHAN; the reader accepts either, any case.
    pilihan: tuple[tuple[str, str], ...] = ()
    #: A drop-down of the codes in another sheet's column: (sheet name, column key).
    daftar_dari: tuple[str, str] | None = None
    nonnegatif: bool = False
    positif: bool = False
    #: Excel number format for Jenis.ANGKA ("0.00", "#,##0"); Excel shows it in the user's locale.
    format_angka: str = "General"
    #: The column may be missing from the header row: a workbook made before the column was added
    #: still imports, and what the column holds is then left as stored (see core.impor).
    opsional: bool = False

    @property
    def label_pilihan(self) -> tuple[str, ...]:
        return tuple(label for label, _ in self.pilihan)


@dataclass(frozen=True)
class Lembar:
    nama: str
    kolom: tuple[Kolom, ...]
    keterangan: str

    def kolom_ke(self, kunci: str) -> int:
        """1-based position of a column in the layout (the template's and the export's order)."""
        for i, k in enumerate(self.kolom, start=1):
            if k.kunci == kunci:
                return i
        raise KeyError(kunci)

    def kolom_kunci(self, kunci: str) -> Kolom:
        return self.kolom[self.kolom_ke(kunci) - 1]


# ---------------------------------------------------------------------------- choices
_KELOMPOK = tuple((k.value, k.value) for k in Kelompok)
_TINGKAT = tuple((t.label, t.value) for t in Tingkat)
_ARAH = tuple((a.value, a.value) for a in Arah)

# ---------------------------------------------------------------------------- sheets
LEMBAR_PD: Final = Lembar(
    "Perangkat Daerah",
    (
        Kolom(
            "kode",
            "Kode PD",
            Jenis.KODE,
            wajib=True,
            lebar=26,
            keterangan="Kode unik Perangkat Daerah, diketik sebagai teks.",
        ),
        Kolom("nama", "Nama Perangkat Daerah", Jenis.TEKS, wajib=True, lebar=46),
        Kolom("singkatan", "Singkatan", Jenis.TEKS, lebar=14, keterangan="Contoh: Bappeda."),
        Kolom(
            "kelompok",
            "Kelompok",
            Jenis.PILIHAN,
            wajib=True,
            lebar=11,
            pilihan=_KELOMPOK,
            keterangan="Kelompok Asisten (Tabel A.2): I Pemerintahan dan Kesra, II Perekonomian "
            "dan Pembangunan, III Administrasi Umum.",
        ),
    ),
    "Daftar Perangkat Daerah (Dinas, Badan, Biro) dan kelompok Asistennya.",
)

LEMBAR_PEJABAT: Final = Lembar(
    "Pejabat",
    (
        Kolom(
            "nip",
            "NIP",
            Jenis.NIP,
            wajib=True,
            lebar=22,
            keterangan="18 digit, diketik sebagai teks (spasi boleh).",
        ),
        Kolom("nama", "Nama", Jenis.TEKS, wajib=True, lebar=32),
        Kolom("jabatan", "Jabatan", Jenis.TEKS, wajib=True, lebar=32),
        Kolom("eselon", "Eselon", Jenis.TEKS, lebar=9, keterangan="Contoh: II.a, III.a, IV.a."),
        Kolom(
            "pd_kode",
            "Kode PD",
            Jenis.KODE,
            lebar=26,
            daftar_dari=("Perangkat Daerah", "kode"),
            keterangan="Kode dari lembar Perangkat Daerah (atau yang sudah tersimpan).",
        ),
        Kolom(
            "atasan_nip",
            "NIP Atasan",
            Jenis.NIP,
            lebar=22,
            daftar_dari=("Pejabat", "nip"),
            keterangan="NIP atasan langsung; kosongkan bila tidak ada.",
        ),
    ),
    "Pejabat penanggung jawab: Kepala PD (eselon II), Kepala Bidang/Bagian (eselon III), "
    "Kepala Seksi/Sub Bagian (eselon IV).",
)

LEMBAR_KASKADE: Final = Lembar(
    "Kaskade",
    (
        Kolom(
            "kode",
            "Kode",
            Jenis.KODE,
            wajib=True,
            lebar=24,
            keterangan="Kode unik simpul kaskade dalam satu tahun anggaran.",
        ),
        Kolom(
            "tingkat",
            "Tingkat",
            Jenis.PILIHAN,
            wajib=True,
            lebar=16,
            pilihan=_TINGKAT,
        ),
        Kolom("nama", "Nama", Jenis.TEKS, wajib=True, lebar=48),
        Kolom(
            "induk_kode",
            "Kode Induk",
            Jenis.KODE,
            lebar=24,
            daftar_dari=("Kaskade", "kode"),
            keterangan="Kode simpul satu tingkat di atasnya; kosong hanya untuk Tujuan.",
        ),
        Kolom(
            "pd_kode",
            "Kode PD",
            Jenis.KODE,
            lebar=26,
            daftar_dari=("Perangkat Daerah", "kode"),
            keterangan="Wajib untuk Sasaran PD, Program, Kegiatan dan Sub Kegiatan.",
        ),
        Kolom(
            "bobot_relatif",
            "Bobot Relatif",
            Jenis.ANGKA,
            lebar=13,
            positif=True,
            format_angka="0.00",
            keterangan="Bobot terhadap saudara-saudaranya saat digulung ke induk "
            "(Pergub 42/2018 Pasal 12(6)); kosong berarti 1 (bobot sama).",
        ),
        Kolom(
            "pagu",
            "Pagu (Rp)",
            Jenis.ANGKA,
            lebar=18,
            nonnegatif=True,
            format_angka="#,##0",
            keterangan="Hanya untuk Sub Kegiatan; bila diisi, jumlah anggaran kas ROPP harus sama.",
        ),
        Kolom(
            "pj_nip",
            "NIP Penanggung Jawab",
            Jenis.NIP,
            lebar=22,
            daftar_dari=("Pejabat", "nip"),
        ),
    ),
    "Kaskade kinerja (Pergub 42/2018 Pasal 12(4)): Tujuan > Sasaran Daerah > Sasaran PD > Program "
    "> Kegiatan > Sub Kegiatan. Satu baris satu simpul; induk ditulis dengan kodenya.",
)

LEMBAR_INDIKATOR: Final = Lembar(
    "Indikator",
    (
        Kolom(
            "node_kode",
            "Kode",
            Jenis.KODE,
            wajib=True,
            lebar=24,
            daftar_dari=("Kaskade", "kode"),
            keterangan="Kode simpul kaskade pemilik indikator.",
        ),
        Kolom("kode", "Kode Indikator", Jenis.KODE, lebar=16, keterangan="Contoh: IKU-1."),
        Kolom("uraian", "Uraian Indikator", Jenis.TEKS, wajib=True, lebar=48),
        Kolom("satuan", "Satuan", Jenis.TEKS, wajib=True, lebar=12),
        Kolom(
            "target_tahunan",
            "Target Tahunan",
            Jenis.ANGKA,
            lebar=15,
            nonnegatif=True,
            format_angka="#,##0.00",
        ),
        *(
            Kolom(
                f"target_tw{q}",
                f"Target Tw {ROMAWI[q]}",
                Jenis.ANGKA,
                lebar=12,
                nonnegatif=True,
                format_angka="#,##0.00",
                opsional=True,
                keterangan=(
                    "Target indikator pada triwulan ini (Pergub 17/2023 Lampiran II, Rencana "
                    "Kinerja Program/Sasaran Triwulanan); capaian triwulanan indikator program "
                    "dan sasaran dihitung terhadapnya. Kosong: belum ditetapkan, capaian dihitung "
                    "terhadap target tahunan. 0: triwulan tanpa target ('-'), capaian tidak "
                    "dihitung."
                    if q == 1
                    else f"Seperti Target Tw I, untuk triwulan {ROMAWI[q]}."
                ),
            )
            for q in range(1, 5)
        ),
        Kolom(
            "arah",
            "Arah",
            Jenis.PILIHAN,
            lebar=9,
            pilihan=_ARAH,
            keterangan="naik: semakin tinggi semakin baik; turun: semakin rendah semakin baik "
            "(kemiskinan, TPT, inflasi, ...). Kosong berarti naik.",
        ),
        Kolom(
            "pj_nip", "NIP Penanggung Jawab", Jenis.NIP, lebar=22, daftar_dari=("Pejabat", "nip")
        ),
        Kolom(
            "anak_kode",
            "Anak (kode, dipisah koma)",
            Jenis.DAFTAR_KODE,
            lebar=28,
            keterangan="Kode anak yang membentuk bobot indikator ini (Lampiran II Pergub 17/2023); "
            "kosong berarti semua anak.",
        ),
    ),
    "Indikator setiap simpul kaskade; satu simpul boleh punya beberapa indikator, urutannya "
    "mengikuti urutan baris.",
)

LEMBAR_ROPP: Final = Lembar(
    "ROPP",
    (
        Kolom(
            "kode",
            "Kode Sub Kegiatan",
            Jenis.KODE,
            wajib=True,
            lebar=24,
            daftar_dari=("Kaskade", "kode"),
        ),
        Kolom("bulan", "Bulan", Jenis.BULAN, wajib=True, lebar=8),
        Kolom(
            "target_bobot",
            "Target Fisik / Bobot (%)",
            Jenis.ANGKA,
            wajib=True,
            lebar=14,
            nonnegatif=True,
            format_angka="0.00",
            keterangan="Jumlah 12 bulan harus 100.",
        ),
        Kolom(
            "anggaran_kas",
            "Anggaran Kas (Rp)",
            Jenis.ANGKA,
            wajib=True,
            lebar=18,
            nonnegatif=True,
            format_angka="#,##0",
        ),
    ),
    "Rencana Operasional Pelaksanaan Program per sub kegiatan per bulan (Pergub 17/2023 "
    "Lampiran I): target fisik (bobot) dan anggaran kas. Triwulan dihitung otomatis.",
)

LEMBAR_ROPP_OUTPUT: Final = Lembar(
    "ROPP Output",
    (
        Kolom(
            "kode",
            "Kode Sub Kegiatan",
            Jenis.KODE,
            wajib=True,
            lebar=24,
            daftar_dari=("Kaskade", "kode"),
        ),
        Kolom("bulan", "Bulan", Jenis.BULAN, wajib=True, lebar=8),
        Kolom("uraian", "Uraian Output", Jenis.TEKS, wajib=True, lebar=40),
        Kolom(
            "bobot",
            "Bobot (%)",
            Jenis.ANGKA,
            wajib=True,
            lebar=11,
            nonnegatif=True,
            format_angka="0.00",
            keterangan="Jumlah bobot output sebulan sama dengan target fisik bulan itu.",
        ),
        Kolom(
            "volume",
            "Volume",
            Jenis.ANGKA,
            wajib=True,
            lebar=10,
            nonnegatif=True,
            format_angka="#,##0.##",
        ),
        Kolom("satuan", "Satuan", Jenis.TEKS, wajib=True, lebar=14),
    ),
    "Output yang dijadwalkan setiap bulan (Pergub 17/2023 Lampiran I, Tabel 2 kolom 5-8); "
    "urutannya mengikuti urutan baris.",
)

LEMBAR_REALISASI: Final = Lembar(
    "Realisasi",
    (
        Kolom(
            "kode",
            "Kode Sub Kegiatan",
            Jenis.KODE,
            wajib=True,
            lebar=24,
            daftar_dari=("Kaskade", "kode"),
        ),
        Kolom("bulan", "Bulan", Jenis.BULAN, wajib=True, lebar=8),
        Kolom(
            "realisasi_bobot",
            "Realisasi Fisik / Bobot (%)",
            Jenis.ANGKA,
            wajib=True,
            lebar=16,
            nonnegatif=True,
            format_angka="0.00",
        ),
        Kolom(
            "realisasi_anggaran",
            "Realisasi Anggaran (Rp)",
            Jenis.ANGKA,
            wajib=True,
            lebar=18,
            nonnegatif=True,
            format_angka="#,##0",
        ),
        Kolom("kendala", "Kendala", Jenis.TEKS, lebar=42),
        Kolom("tindak_lanjut", "Tindak Lanjut", Jenis.TEKS, lebar=42),
    ),
    "Realisasi bulanan sub kegiatan (Pergub 17/2023 Pasal 15(4), Lampiran II). Boleh kosong; "
    "baris yang berubah disimpan sebagai revisi baru.",
)

#: Every data sheet, in the workbook's order (after Petunjuk).
LEMBAR_DATA: Final = (
    LEMBAR_PD,
    LEMBAR_PEJABAT,
    LEMBAR_KASKADE,
    LEMBAR_INDIKATOR,
    LEMBAR_ROPP,
    LEMBAR_ROPP_OUTPUT,
    LEMBAR_REALISASI,
)


def lembar_menurut_nama(nama: str) -> Lembar:
    for lembar in LEMBAR_DATA:
        if lembar.nama == nama:
            return lembar
    raise KeyError(nama)


# ---------------------------------------------------------------------------- instructions
def petunjuk(tahun: int) -> list[tuple[str, str]]:
    """The Petunjuk sheet as (column A, column B) rows; an empty pair is a blank line."""
    rows: list[tuple[str, str]] = [
        ("Buku kerja impor data SAKIP Provinsi Banten", ""),
        ("", ""),
        (LABEL_TAHUN, str(tahun)),
        ("", ""),
        ("Cara mengisi", ""),
        (
            "1.",
            "Isi setiap lembar mulai baris 2; baris 1 adalah judul kolom. Jangan mengganti nama "
            "lembar atau judul kolom, dan jangan menambah kolom.",
        ),
        (
            "2.",
            "Angka ditulis dengan format Indonesia: koma untuk desimal (12,5) dan titik untuk "
            "ribuan (1.824.205.000), atau sebagai angka Excel biasa. Teks seperti 12.5 ditolak "
            "karena ambigu. Jangan memakai format persen Excel (ketik 3, bukan 3%).",
        ),
        (
            "3.",
            "Kode dan NIP diketik sebagai teks (format sel Teks). NIP 18 digit yang diketik "
            "sebagai angka akan dibulatkan Excel dan ditolak.",
        ),
        (
            "4.",
            "Jangan memakai rumus, sel yang digabung (merge), atau baris kosong di tengah data. "
            "Salin lalu tempel sebagai nilai bila data berasal dari rumus.",
        ),
        (
            "5.",
            "Bulan ditulis sebagai nomor 1 sampai 12 (nama bulan, misalnya Maret, juga diterima); "
            "bukan tanggal.",
        ),
        (
            "6.",
            "Seluruh buku kerja diperiksa lebih dulu. Bila ada satu saja kesalahan, tidak ada data "
            "yang disimpan, dan setiap kesalahan dilaporkan dengan lembar, baris dan kolomnya.",
        ),
        (
            "7.",
            "Data diperbarui menurut kode. Data yang tidak ada di buku kerja tidak dihapus. "
            "Mengimpor berkas yang sama dua kali tidak mengubah apa pun. Setiap perubahan dicatat "
            "(nilai lama dan baru) untuk penelusuran (Pergub 42/2018 Pasal 28).",
        ),
        (
            "8.",
            "Untuk simpul yang ada di lembar Kaskade, lembar Indikator memuat seluruh indikatornya; "
            "untuk sub kegiatan yang ada di lembar ROPP, lembar ROPP dan ROPP Output memuat seluruh "
            "rencananya (menggantikan rencana lama).",
        ),
        (
            "9.",
            "Baris contoh boleh ditimpa atau dihapus. Uji dulu dengan: sakip import BERKAS.xlsx "
            "--dry-run",
        ),
        ("", ""),
        ("Tingkat kaskade", "Induknya / penanggung jawab"),
        ("Tujuan", "(tanpa induk) / Gubernur, Sekretaris Daerah, Asisten, Staf Ahli"),
        ("Sasaran Daerah", "Tujuan / Sekretaris Daerah, Asisten sesuai kelompok"),
        ("Sasaran PD", "Sasaran Daerah / Kepala PD (eselon II)"),
        ("Program", "Sasaran PD / Kepala Bidang, Bagian, UPT (eselon III)"),
        ("Kegiatan", "Program / Pejabat Administrator atau Pengawas"),
        ("Sub Kegiatan", "Kegiatan / Kepala Seksi, Sub Bagian, Sub Bidang (eselon IV)"),
        ("", ""),
        ("Kelompok", "Asisten (Pergub 42/2018 Lampiran, Tabel A.2)"),
        *((k.value, k.label) for k in Kelompok),
        ("", ""),
    ]
    for lembar in LEMBAR_DATA:
        rows.append((f"Lembar {lembar.nama}", lembar.keterangan))
        for k in lembar.kolom:
            ciri = ["wajib" if k.wajib else "boleh kosong", _JENIS_LABEL[k.jenis]]
            if k.opsional:
                ciri.append("kolom boleh tidak ada (buku kerja lama)")
            if k.pilihan:
                ciri.append("pilihan: " + ", ".join(k.label_pilihan))
            teks = "; ".join(ciri)
            if k.keterangan:
                teks += ". " + k.keterangan
            rows.append((f"  {k.judul}", teks))
        rows.append(("", ""))
    return rows


_JENIS_LABEL = {
    Jenis.TEKS: "teks",
    Jenis.KODE: "kode (teks)",
    Jenis.NIP: "NIP 18 digit (teks)",
    Jenis.ANGKA: "angka",
    Jenis.BULAN: "bulan 1-12",
    Jenis.PILIHAN: "pilih dari daftar",
    Jenis.DAFTAR_KODE: "kode dipisah koma",
}


# ---------------------------------------------------------------------------- example rows
CONTOH_TAHUN: Final = 2026


@dataclass(frozen=True)
class Contoh:
    """A small, consistent data set: what the template's example rows show."""

    pd: tuple[PerangkatDaerah, ...]
    pejabat: tuple[Pejabat, ...]
    nodes: tuple[CascadeNode, ...]
    ropp: tuple[Ropp, ...]
    realisasi: tuple[RealisasiInput, ...]


_D = Decimal
# Pergub 17/2023 Lampiran I, Tabel Rencana Sub Kegiatan Bulanan (May "207.450" as printed).
_LAMPIRAN_I = (
    ("3.00", 353_956_000),
    ("18.95", 194_700_000),
    ("9.46", 103_460_000),
    ("4.74", 234_399_000),
    ("18.95", 207_450),
    ("0", 0),
    ("0", 0),
    ("18.95", 180_250_840),
    ("0", 0),
    ("0", 264_850_000),
    ("18.95", 488_242_710),
    ("7.00", 4_139_000),
)


def contoh(tahun: int = CONTOH_TAHUN) -> Contoh:
    """The template's example rows (synthetic NIPs start with 9999; PD and figures from the Pergub)."""
    pd = PerangkatDaerah(
        "4.01.0.00.0.00.01.0000", "Badan Perencanaan Pembangunan Daerah", "Bappeda", Kelompok.III
    )
    kepala, kabid, kasubid = "999900000000000001", "999900000000000002", "999900000000000003"
    pejabat = (
        Pejabat(kepala, "Kepala Bappeda (contoh)", "Kepala Badan", "II.a", pd.kode),
        Pejabat(kabid, "Kabid Pengendalian (contoh)", "Kepala Bidang", "III.a", pd.kode, kepala),
        Pejabat(kasubid, "Kasubid Evaluasi (contoh)", "Kepala Sub Bidang", "IV.a", pd.kode, kabid),
    )
    sk = "5.01.02.2.01.0005"
    nodes = (
        CascadeNode(
            "T.1",
            Tingkat.TUJUAN,
            "Meningkatkan kualitas pembangunan manusia (contoh)",
            indikator=(Indikator("Indeks Pembangunan Manusia", "indeks", _D("73.5")),),
        ),
        CascadeNode(
            "SD.1.1",
            Tingkat.SASARAN_DAERAH,
            "Meningkatnya akuntabilitas kinerja pemerintah daerah (contoh)",
            induk_kode="T.1",
            indikator=(Indikator("Nilai SAKIP", "nilai", _D("80")),),
        ),
        CascadeNode(
            "S.BAPPEDA.1",
            Tingkat.SASARAN_PD,
            "Meningkatnya kualitas perencanaan dan pengendalian pembangunan (contoh)",
            induk_kode="SD.1.1",
            pd_kode=pd.kode,
            penanggung_jawab_nip=kepala,
            indikator=(
                Indikator(
                    "Persentase capaian kinerja program",
                    "persen",
                    _D("100"),
                    Arah.NAIK,
                    kepala,
                    "IKU-1",
                    ("5.01.02",),
                ),
            ),
        ),
        CascadeNode(
            "5.01.02",
            Tingkat.PROGRAM,
            "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            induk_kode="S.BAPPEDA.1",
            pd_kode=pd.kode,
            penanggung_jawab_nip=kabid,
            indikator=(
                Indikator(
                    "Persentase dokumen pengendalian yang tepat waktu",
                    "persen",
                    _D(100),
                    target_triwulan=(_D(100), _D(100), _D(100), _D(100)),
                ),
            ),
        ),
        CascadeNode(
            "5.01.02.2.01",
            Tingkat.KEGIATAN,
            "Pengendalian dan evaluasi pelaksanaan pembangunan daerah",
            induk_kode="5.01.02",
            pd_kode=pd.kode,
            penanggung_jawab_nip=kabid,
            indikator=(Indikator("Jumlah laporan evaluasi", "laporan", _D(12)),),
        ),
        CascadeNode(
            sk,
            Tingkat.SUB_KEGIATAN,
            "Koordinasi pengendalian perencanaan dan pelaksanaan pembangunan daerah",
            induk_kode="5.01.02.2.01",
            pd_kode=pd.kode,
            pagu=_D(1_824_205_000),
            penanggung_jawab_nip=kasubid,
            indikator=(
                Indikator("Jumlah laporan pengendalian", "laporan", _D(12), Arah.NAIK, kasubid),
            ),
        ),
    )
    outputs = {
        1: (OutputRopp("Rapat koordinasi persiapan", _D(3), _D(1), "kegiatan"),),
        12: (
            OutputRopp("Laporan pengendalian tahunan", _D(5), _D(1), "dokumen"),
            OutputRopp("Rapat evaluasi akhir tahun", _D(2), _D(1), "kegiatan"),
        ),
    }
    ropp = Ropp(
        sk,
        tahun,
        tuple(
            RencanaBulan(m, _D(b), _D(a), outputs.get(m, ()))
            for m, (b, a) in enumerate(_LAMPIRAN_I, start=1)
        ),
    )
    realisasi = (
        # Lampiran II example: target 353.956.000, realisasi 250.000.000 -> capaian anggaran 70,63
        RealisasiInput(
            sk,
            tahun,
            1,
            _D(3),
            _D(250_000_000),
            kendala="Sebagian undangan rapat terlambat (contoh)",
            tindak_lanjut="Undangan dikirim dua minggu sebelumnya (contoh)",
        ),
    )
    return Contoh((pd,), pejabat, nodes, (ropp,), realisasi)


#: Indonesian and English month names and abbreviations accepted in a Bulan cell.
NAMA_BULAN_DIKENAL: Final = {
    **{nama.casefold(): m for m, nama in NAMA_BULAN.items()},
    **{nama[:3].casefold(): m for m, nama in NAMA_BULAN.items()},
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "okt": 10,
    "des": 12,
    "nop": 11,
    "nopember": 11,
    "pebruari": 2,
}
