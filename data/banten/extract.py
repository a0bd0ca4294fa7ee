"""Build the curated Banten dataset (perangkat_daerah, jabatan, cascade, indikator CSVs).

Sources (see README.md):
  * Pergub Banten 42/2018, Lampiran A (seed 000_92b0a60aee72fd58.txt):
      Tabel A.1 (tujuan indicators), Tabel A.2 (PD per kelompok), Tabel A.3-A.5 (cascades).
      Kelompok I is read from the reviewed, line-cited file cascade_42_2018.txt; every cited
      line is verified against the seed. Kelompok II and III are read by a heuristic parser
      (classify_cells / parse_heuristic) unless cascade_42_2018.txt covers them.
  * Pergub Banten 17/2023, Lampiran IKU PD (seed 002_1db1c2eed15654be.txt): the 92 IKU PD.

Usage:
  python data/banten/extract.py [--seeds DIR]      regenerate the CSVs (deterministic)
  python data/banten/extract.py --check            validate the CSVs on disk
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from collections import OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
SEED42 = "000_92b0a60aee72fd58.txt"
SEED17 = "002_1db1c2eed15654be.txt"
CASCADE_TXT = HERE / "cascade_42_2018.txt"

PD_COLS = ["kode", "nama", "singkatan", "kelompok"]
JAB_COLS = ["nip", "nama", "jabatan", "eselon", "pd_kode", "atasan_nip"]
CAS_COLS = ["kode", "tingkat", "nama", "induk_kode", "pd_kode", "penanggung_jawab_nip", "sumber"]
IND_COLS = [
    "node_kode",
    "urutan",
    "uraian",
    "satuan",
    "target_tahunan",
    "arah",
    "penanggung_jawab_nip",
    "formula",
    "sumber_data",
    "sumber",
]
TINGKAT = ["tujuan", "sasaran_daerah", "sasaran_pd", "program", "kegiatan"]

# Tabel A.2: (kode, nama, singkatan, kelompok, name as printed in Tabel A.2 line 316,
#             title of the head, keywords identifying the head cell in Tabel A.3-A.5)
PDS = [
    (
        "BIROPEM",
        "Biro Pemerintahan",
        "Biro Pem",
        "I",
        "Biro Pemerintahan",
        "Kepala Biro Pemerintahan",
    ),
    ("BIROHUKUM", "Biro Hukum", "Biro Hukum", "I", "Biro Hukum", "Kepala Biro Hukum"),
    (
        "BIROKESRA",
        "Biro Kesejahteraan Rakyat",
        "Biro Kesra",
        "I",
        "Biro Kesejahteraan Rakyat",
        "Kepala Biro Kesejahteraan Rakyat",
    ),
    (
        "DINDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        "Dindikbud",
        "I",
        "Dinas Pendidikan dan Kebudayaan",
        "Kepala Dinas Pendidikan dan Kebudayaan",
    ),
    (
        "DISPORA",
        "Dinas Pemuda dan Olah Raga",
        "Dispora",
        "I",
        "Dinas Pemuda dan Olah Raga",
        "Kepala Dinas Pemuda dan Olah Raga",
    ),
    (
        "DP3AKB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
        "DP3AKB",
        "I",
        "DP3AKB",
        "Kepala DP3AKB",
    ),
    (
        "DPMD",
        "Dinas Pemberdayaan Masyarakat Desa",
        "DPMD",
        "I",
        "Dinas Pemberdayaan Masyarakat Desa",
        "Kepala Dinas Pemberdayaan Masyarakat Desa",
    ),
    ("DINKES", "Dinas Kesehatan", "Dinkes", "I", "Dinas Kesehatan", "Kepala Dinas Kesehatan"),
    ("RSUDBANTEN", "RSUD Banten", "RSUD Banten", "I", "RSUD Banten", "Direktur RSUD Banten"),
    (
        "RSUDMALINGPING",
        "RSUD Malingping",
        "RSUD Malingping",
        "I",
        "RSUD Malingping",
        "Direktur RSUD Malingping",
    ),
    ("DINSOS", "Dinas Sosial", "Dinsos", "I", "Dinas Sosial", "Kepala Dinas Sosial"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP", "I", "Satpol PP", "Kepala Satpol PP"),
    (
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "I",
        "Badan Penanggulangan Bencana Daerah",
        "Kepala Pelaksana BPBD",
    ),
    (
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        "I",
        "Kesbangpol",
        "Kepala Kesbangpol",
    ),
    ("SETWAN", "Sekretariat DPRD", "Setwan", "I", "Sekertariat Dewan", "Sekretaris DPRD"),
    (
        "BIROEKON",
        "Biro Perekonomian",
        "Biro Ekon",
        "II",
        "Biro Perekonomian",
        "Kepala Biro Perekonomian",
    ),
    (
        "BIROADPEM",
        "Biro Administrasi Pembangunan",
        "Biro Adpem",
        "II",
        "Biro Administrasi Pembangunan",
        "Kepala Biro Administrasi Pembangunan",
    ),
    (
        "BIROINFRA",
        "Biro Bina Infrastruktur",
        "Biro Infra",
        "II",
        "Biro Bina Insfrastruktur",
        "Kepala Biro Bina Infrastruktur",
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Perizinan Terpadu Satu Pintu",
        "DPMPTSP",
        "II",
        "Dinas Penanaman Modal Dan Perizinan Satu Pintu",
        "Kepala DPMPTSP",
    ),
    (
        "DISPERINDAG",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        "II",
        "Dinas Perindustrian dan Perdagangan",
        "Kepala Dinas Perindustrian dan Perdagangan",
    ),
    (
        "DISNAKERTRANS",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        "II",
        "Dinas Ketenagakerjaan dan Transmigrasi",
        "Kepala Dinas Tenaga Kerja dan Transmigrasi",
    ),
    ("DISPAR", "Dinas Pariwisata", "Dispar", "II", "Dinas Pariwisata", "Kepala Dinas Pariwisata"),
    ("DISTAN", "Dinas Pertanian", "Distan", "II", "Dinas Pertanian", "Kepala Dinas Pertanian"),
    (
        "DISKETAPANG",
        "Dinas Ketahanan Pangan",
        "Disketapang",
        "II",
        "Dinas Ketahanan Pangan",
        "Kepala Dinas Ketahanan Pangan",
    ),
    (
        "DKP",
        "Dinas Kelautan dan Perikanan",
        "DKP",
        "II",
        "Dinas Kelautan dan Perikanan",
        "Kepala Dinas Kelautan dan Perikanan",
    ),
    (
        "DLHK",
        "Dinas Lingkungan Hidup dan Kehutanan",
        "DLHK",
        "II",
        "Dinas Lingkungan Hidup dan Kehutanan",
        "Kepala Dinas Lingkungan Hidup dan Kehutanan",
    ),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "II",
        "Badan Perencanaan Pembangunan Daerah",
        "Kepala Bappeda",
    ),
    (
        "BAPENDA",
        "Badan Pendapatan Daerah",
        "Bapenda",
        "II",
        "Badan Pendapatan Daerah",
        "Kepala Bapenda",
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "II",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Kepala BPKAD",
    ),
    (
        "DPUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        "II",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
    ),
    (
        "DPRKP",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "DPRKP",
        "II",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Kepala Dinas Perumahan Rakyat dan Kawasan Permukiman",
    ),
    (
        "DESDM",
        "Dinas Energi dan Sumber Daya Mineral",
        "DESDM",
        "II",
        "Dinas Energi dan Sumber Daya Mineral",
        "Kepala Dinas Energi dan Sumber Daya Mineral",
    ),
    (
        "DISHUB",
        "Dinas Perhubungan",
        "Dishub",
        "II",
        "Dinas Perhubungan",
        "Kepala Dinas Perhubungan",
    ),
    (
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Diskominfotandi",
        "II",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
    ),
    (
        "DINKOPUKM",
        "Dinas Koperasi, Usaha Kecil dan Menengah",
        "Dinkop UKM",
        "II",
        "Dinas Koperasi, Usaha Kecil dan Menengah",
        "Kepala Dinas Koperasi, Usaha Kecil dan Menengah",
    ),
    ("BIROUMUM", "Biro Umum", "Biro Umum", "III", "Biro Umum", "Kepala Biro Umum"),
    (
        "BIROADPIM",
        "Biro Administrasi Rumah Tangga Pimpinan",
        "Biro Adpim",
        "III",
        "Biro Administasi Rumah Tangga Pimpinan",
        "Kepala Biro Administrasi Rumah Tangga Pimpinan",
    ),
    (
        "BIROORG",
        "Biro Organisasi",
        "Biro Organisasi",
        "III",
        "Biro Organisasi",
        "Kepala Biro Organisasi",
    ),
    ("BKD", "Badan Kepegawaian Daerah", "BKD", "III", "Badan Kepegawaian Daerah", "Kepala BKD"),
    (
        "BPSDMD",
        "Badan Pengembangan Sumber Daya Manusia Daerah",
        "BPSDMD",
        "III",
        "Badan Pengembangan Sumberdaya Manusia Daerah",
        "Kepala BPSDMD",
    ),
    (
        "DPK",
        "Dinas Perpustakaan dan Arsip Daerah",
        "DPK",
        "III",
        "Dinas Perpustakaan dan Arsip Daerah",
        "Kepala Dinas Perpustakaan dan Arsip Daerah",
    ),
    (
        "PENGHUBUNG",
        "Badan Penghubung",
        "Badan Penghubung",
        "III",
        "Badan Penghubung",
        "Kepala Badan Penghubung",
    ),
    ("INSPEKTORAT", "Inspektorat", "Inspektorat", "III", "Inspektorat", "Inspektur"),
]
PD_BY_KODE = {p[0]: p for p in PDS}
TABEL_A2_LINE = 316

# Pimpinan (no PD): nip, nama, jabatan, eselon, atasan
KELOMPOK_ASISTEN = {
    "I": "999900000000000011",
    "II": "999900000000000012",
    "III": "999900000000000013",
}
NIP_GUB = "999900000000000001"
NIP_SEKDA = "999900000000000002"
PIMPINAN = [
    (NIP_GUB, "Gubernur Banten", "Gubernur", "", ""),
    (NIP_SEKDA, "Sekretaris Daerah Provinsi Banten", "Sekretaris Daerah", "I.b", NIP_GUB),
    (
        "999900000000000011",
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        "Asisten Sekretaris Daerah",
        "II.a",
        NIP_SEKDA,
    ),
    (
        "999900000000000012",
        "Asisten Pembangunan dan Perekonomian",
        "Asisten Sekretaris Daerah",
        "II.a",
        NIP_SEKDA,
    ),
    (
        "999900000000000013",
        "Asisten Administrasi Umum",
        "Asisten Sekretaris Daerah",
        "II.a",
        NIP_SEKDA,
    ),
    (
        "999900000000000021",
        "Staf Ahli Gubernur Bidang Pemerintahan, Politik dan Hukum",
        "Staf Ahli Gubernur",
        "II.a",
        NIP_SEKDA,
    ),
    (
        "999900000000000022",
        "Staf Ahli Gubernur Bidang Pembangunan, Ekonomi dan Keuangan",
        "Staf Ahli Gubernur",
        "II.a",
        NIP_SEKDA,
    ),
    (
        "999900000000000023",
        "Staf Ahli Gubernur Bidang Kemasyarakatan dan Sumber Daya Manusia",
        "Staf Ahli Gubernur",
        "II.a",
        NIP_SEKDA,
    ),
]

# Tabel A.1 (lines 288-301): (indicator as printed, line, tujuan it is printed beside in Tabel A.3-A.5)
TABEL_A1 = [
    ("LPE", 288, "T4"),
    ("Inflasi", 289, "T4"),
    ("Pengangguran/TPT", 290, "T4"),
    ("Kemiskinan", 292, "T4"),
    ("IPM", 295, "T2"),
    ("Angka Harapan Hidup", 300, "T3"),
    ("Capaian kinerja infrastruktur daerah", 301, "T5"),
    ("Capaian Indeks Kepuasan Masyarakat", 302, "T1"),
]

# 17/2023 IKU PD "Keterangan (penanggungjawab)" -> PD kode (42/2018 names; see README)
IKU_PJ = {
    "BADAN PENGHUBUNG": "PENGHUBUNG",
    "BAKESBANGPOL": "KESBANGPOL",
    "BAPENDA": "BAPENDA",
    "BAPPEDA": "BAPPEDA",
    "BIRO ADPIM": "BIROADPIM",
    "BIRO HUKUM": "BIROHUKUM",
    "BIRO ORB": "BIROORG",
    "BIRO PBJ DAN LPSE": "BIROADPEM",
    "BIRO PEMOTDA": "BIROPEM",
    "BIRO UMUM DAN PERLENGKAPAN": "BIROUMUM",
    "BKD": "BKD",
    "BPBD": "BPBD",
    "BPKAD": "BPKAD",
    "BPSDMD": "BPSDMD",
    "DESDM": "DESDM",
    "DINDIKBUD": "DINDIKBUD",
    "DINKES": "DINKES",
    "DINKOPUMKM": "DINKOPUKM",
    "DINSOS": "DINSOS",
    "DISHUB": "DISHUB",
    "DISKETAPANG": "DISKETAPANG",
    "DISNAKER": "DISNAKERTRANS",
    "DISPAR": "DISPAR",
    "DISPERINDAG": "DISPERINDAG",
    "DISPERTANIAN": "DISTAN",
    "DISPORA": "DISPORA",
    "DKISP": "DISKOMINFO",
    "DKP": "DKP",
    "DLHK": "DLHK",
    "DP3AKKB": "DP3AKB",
    "DPK": "DPK",
    "DPMD": "DPMD",
    "DPMPTSP": "DPMPTSP",
    "DPRKP": "DPRKP",
    "PRKP": "DPRKP",
    "DPUPR": "DPUPR",
    "INSPEKTORAT": "INSPEKTORAT",
    "SATPOL PP": "SATPOLPP",
    "SEKRETARIAT DPRD": "SETWAN",
}


# ----------------------------------------------------------------------------- helpers
def norm(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(";").strip()


def letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, letters(a), letters(b)).ratio()


class Seed:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines()

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def verify(self, nums: list[int], text: str, where: str) -> None:
        """Each cited line must hold the next piece of the text (whitespace/case ignored)."""
        rest = norm(text)
        for n in nums:
            ln = norm(self.line(n))
            k = len(rest)
            while k > 0 and rest[:k] not in ln:
                k -= 1
            if k == 0:
                raise SystemExit(f"{where}: line {n} does not contain {text!r}")
            rest = rest[k:]
        if rest:
            raise SystemExit(f"{where}: text {text!r} not found in lines {nums} (left: {rest!r})")


TURUN_WORDS = [
    "kemiskinan",
    "pengangguran",
    "tpt",
    "inflasi",
    "gini",
    "kematian",
    "stunting",
    "gizi buruk",
    "risiko bencana",
    "resiko bencana",
    "kasus",
    "kecelakaan",
    "putus sekolah",
    "kumuh",
    "kesakitan",
    "prevalensi",
    "ketimpangan",
    "pelanggaran",
    "temuan",
    "kebakaran hutan",
    "sengketa",
    "tunggakan",
    "backlog",
    "emisi",
    "pencemaran",
    "kerusakan",
    "rawan pangan",
    "buta aksara",
    "disparitas",
    "jalan rusak",
    "tingkat kerawanan",
    "konflik",
]
NAIK_OVERRIDE = [
    "penurunan",
    "penanganan",
    "tertangani",
    "ditangani",
    "pengurangan",
    "cakupan",
    "penyelesaian",
    "diselesaikan",
    "tindak lanjut",
    "ditindaklanjuti",
    "koordinasi",
    "penanggulangan",
    "terlayani",
    "pencegahan",
    "ketahanan",
    "kesiapsiagaan",
    "bebas",
]


def arah_of(text: str) -> str:
    t = " " + text.lower() + " "
    if any(w in t for w in NAIK_OVERRIDE):
        return "naik"
    if any(
        (" " + w) in t or w in t.replace("/", " ") for w in TURUN_WORDS if w != "tpt"
    ) or re.search(r"\btpt\b", t):
        return "turun"
    return "naik"


def satuan_of(text: str) -> str:
    t = text.lower()
    m = re.search(r"per\s*(100 ribu|[\d.]+)\s*(kelahiran hidup|keberangkatan|penduduk)?", t)
    if m:
        num = {"100 ribu": "100.000", "1000": "1.000"}.get(m.group(1), m.group(1))
        return f"per {num} {m.group(2) or ''}".strip()
    if re.match(r"jumlah", t):
        return "unit"
    if re.search(
        r"persentase|persentasi|prosentase|presentase|cakupan|tingkat|rasio|proporsi|\(%\)|%|capaian|angka partisipasi|ketercapaian|pemenuhan",
        t,
    ):
        return "%"
    if re.search(r"indeks|indek|index|ikm|ipm|nilai|skor|skoring|predikat|opini|ikd|iklh", t):
        return "indeks"
    if "angka harapan hidup" in t:
        return "tahun"
    if (
        t.strip() == "lpe"
        or "pertumbuhan" in t
        or "laju" in t
        or "kontribusi" in t
        or "inflasi" in t
    ):
        return "%"
    if "luas" in t:
        return "ha"
    if "produksi" in t:
        return "ton"
    return "-"


def strip_html(text: str) -> str:
    t = re.sub(r"<br\s*/?>|</p>\s*<p>|</li>\s*<li>", "; ", text)
    t = re.sub(r"<[^>]+>", " ", t)
    t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return clean(t)


# ----------------------------------------------------------------------------- builder
class Builder:
    def __init__(self) -> None:
        self.jab: OrderedDict[str, dict] = OrderedDict()
        self.pos_key: dict[tuple[str, str], str] = {}
        self.pd_seq: dict[str, int] = {}
        self.nodes: OrderedDict[str, dict] = OrderedDict()
        self.ind: list[dict] = []
        self.ind_seen: set[tuple[str, str]] = set()
        self.sas_daerah: dict[str, list[tuple[str, str]]] = {}  # tujuan -> [(kode, text)]
        self.sas_kelompok: dict[str, set[str]] = {}
        self.fixes: list[str] = []
        self.merged: list[str] = []
        self.notes: list[str] = []
        for nip, nama, jabatan, es, atasan in PIMPINAN:
            self.jab[nip] = dict(
                nip=nip, nama=nama, jabatan=jabatan, eselon=es, pd_kode="", atasan_nip=atasan
            )
        for p in PDS:
            kode, nama, _s, kel, _a2, head = p
            nip = self.pd_nip(kode, 1)
            self.pd_seq[kode] = 1
            self.jab[nip] = dict(
                nip=nip,
                nama=head,
                jabatan=f"Kepala Perangkat Daerah ({nama})",
                eselon="II.a",
                pd_kode=kode,
                atasan_nip=KELOMPOK_ASISTEN[kel],
            )

    @staticmethod
    def pd_nip(kode: str, seq: int) -> str:
        idx = [p[0] for p in PDS].index(kode) + 1
        kel = {"I": 1, "II": 2, "III": 3}[PD_BY_KODE[kode][3]]
        nip = f"9999{kel:02d}{idx:02d}{seq:010d}"
        assert len(nip) == 18
        return nip

    def kepala(self, pd: str) -> str:
        return self.pd_nip(pd, 1)

    def position(self, pd: str, title: str, level: str, atasan: str) -> str:
        title = clean(title)
        key = (pd, letters(title))
        if key in self.pos_key:
            return self.pos_key[key]
        self.pd_seq[pd] += 1
        nip = self.pd_nip(pd, self.pd_seq[pd])
        pdnama = PD_BY_KODE[pd][1]
        nama = title if letters(PD_BY_KODE[pd][2]) in letters(title) else f"{title} {pdnama}"
        if level == "PJP":
            jabatan, es = "Pejabat Administrator (penanggung jawab program)", "III"
        else:
            jabatan, es = "Pejabat Pengawas (penanggung jawab kegiatan)", "IV"
        self.jab[nip] = dict(
            nip=nip, nama=nama, jabatan=jabatan, eselon=es, pd_kode=pd, atasan_nip=atasan
        )
        self.pos_key[key] = nip
        return nip

    def node(self, kode, tingkat, nama, induk, pd, pj, sumber) -> str:
        if kode not in self.nodes:
            self.nodes[kode] = dict(
                kode=kode,
                tingkat=tingkat,
                nama=clean(nama),
                induk_kode=induk or "",
                pd_kode=pd or "",
                penanggung_jawab_nip=pj or "",
                sumber=sumber,
            )
        return kode

    def children(self, induk: str) -> list[dict]:
        return [n for n in self.nodes.values() if n["induk_kode"] == induk]

    def indikator(
        self,
        node,
        uraian,
        pj,
        sumber,
        satuan=None,
        target="",
        formula="",
        sumber_data="",
        arah=None,
    ):
        uraian = clean(re.sub(r"^\d+\s*[.)]?\s+", "", uraian))
        key = (node, letters(uraian))
        if not uraian:
            return
        if key in self.ind_seen:
            if formula or sumber_data:  # an IKU (17/2023) that repeats a 42/2018 indicator: merge
                for row in self.ind:
                    if (row["node_kode"], letters(row["uraian"])) == key:
                        row["formula"], row["sumber_data"] = formula, sumber_data
                        if sumber not in row["sumber"]:
                            row["sumber"] = f"{row['sumber']}; {sumber}"
                        self.merged.append(
                            f"{sumber} '{uraian}' = {node} indikator {row['urutan']}"
                        )
            return
        self.ind_seen.add(key)
        urutan = sum(1 for i in self.ind if i["node_kode"] == node) + 1
        self.ind.append(
            dict(
                node_kode=node,
                urutan=urutan,
                uraian=uraian,
                satuan=satuan or satuan_of(uraian),
                target_tahunan=target,
                arah=arah or arah_of(uraian),
                penanggung_jawab_nip=pj or "",
                formula=formula,
                sumber_data=sumber_data,
                sumber=sumber,
            )
        )

    # -- cascade levels
    def tujuan(self, tn: str, text: str, line: int) -> str:
        return self.node(tn, "tujuan", text, "", "", NIP_GUB, f"42/2018:{line}")

    def sasaran_daerah(self, tn: str, text: str, line: int, kel: str) -> str:
        lst = self.sas_daerah.setdefault(tn, [])
        for kode, t in lst:
            lt, lx = letters(t), letters(text)
            if (
                lt == lx
                or similar(t, text) >= 0.9
                or (min(len(lt), len(lx)) >= 25 and (lt.startswith(lx) or lx.startswith(lt)))
            ):
                self.sas_kelompok[kode].add(kel)
                return kode
        kode = f"{tn}.S{len(lst) + 1}"
        lst.append((kode, text))
        self.sas_kelompok[kode] = {kel}
        return self.node(kode, "sasaran_daerah", text, tn, "", "", f"42/2018:{line}")

    def sasaran_pd(self, sd: str, pd: str, line: int) -> str:
        kode = f"{sd}.{pd}"
        text = self.nodes[sd]["nama"]
        return self.node(
            kode,
            "sasaran_pd",
            f"{text} ({PD_BY_KODE[pd][2]})",
            sd,
            pd,
            self.kepala(pd),
            f"42/2018:{line}",
        )

    def program(self, sp: str, pd: str, text: str, pj: str, line: int) -> str:
        for c in self.children(sp):
            if letters(c["nama"]) == letters(text):
                return c["kode"]
        kode = f"{sp}.P{len(self.children(sp)) + 1}"
        return self.node(kode, "program", text, sp, pd, pj, f"42/2018:{line}")

    def kegiatan(self, prg: str, pd: str, text: str, pj: str, line: int) -> str:
        text = clean(re.sub(r"^\d+\s*[.)]?\s+", "", text))
        for c in self.children(prg):
            if letters(c["nama"]) == letters(text):
                return c["kode"]
        kode = f"{prg}.K{len(self.children(prg)) + 1}"
        self.node(kode, "kegiatan", text, prg, pd, pj, f"42/2018:{line}")
        # the column is "Indikator Kegiatan/Output": the output text is also the kegiatan's indicator
        self.indikator(kode, text, pj, f"42/2018:{line}", satuan="-")
        return kode

    def finish(self) -> None:
        for kode, kels in self.sas_kelompok.items():
            pj = KELOMPOK_ASISTEN[next(iter(kels))] if len(kels) == 1 else NIP_SEKDA
            self.nodes[kode]["penanggung_jawab_nip"] = pj


# ----------------------------------------------------------------------------- cascade_42_2018.txt
ITEM_RE = re.compile(r"^(TUJDEF|TUJ|PD|SAS|IS|PRG|IP|PJP|PJK|KEG)\s+(?:(\S+)\s+)?@(\S+)\s*(.*)$")


def parse_reviewed(b: Builder, seed: Seed, path: Path) -> dict:
    """Parse the reviewed reading; returns {tujuan: (text, line)} and the set of kelompok covered."""
    tujdef: dict[str, tuple[str, int]] = {}
    kel = "I"
    covered: set[str] = set()
    pd = tn = sd = sp = prg = None
    pjp = pjk = None
    pending_ip: list[tuple[str, int]] = []

    def flush_ip():
        nonlocal pending_ip
        for text, line in pending_ip:
            b.indikator(
                prg,
                text,
                pjp or b.kepala(pd),
                f"42/2018:{line}",
                satuan="%" if satuan_of(text) == "%" else None,
            )
        pending_ip = []

    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#FIX"):
            b.fixes.append(line[1:].strip())
            continue
        if line.startswith("#"):
            continue
        m = re.match(r"^KELOMPOK\s+(I{1,3})$", line)
        if m:
            kel = m.group(1)
            covered.add(kel)
            continue
        if line == "PJK -":
            pjk = None
            continue
        m = ITEM_RE.match(line)
        if not m:
            raise SystemExit(f"{path.name}:{no}: cannot read {raw!r}")
        role, arg, at, text = m.groups()
        if role in ("TUJ", "PD", "TUJDEF") and not arg:
            raise SystemExit(f"{path.name}:{no}: {role} needs an argument")
        if role not in ("TUJ", "PD", "TUJDEF") and arg:
            text = f"{arg} {text}".strip()
        placeholder = text.startswith("!")
        text = text.lstrip("!").rstrip("~").strip()
        nums = [] if at == "-" else [int(x) for x in at.split("+")]
        first = nums[0] if nums else 0
        if role == "TUJ":
            text = tujdef[arg][0]
        elif text and not placeholder and nums:
            seed.verify(nums, text, f"{path.name}:{no}")
        if role == "TUJDEF":
            tujdef[arg] = (text, first)
            continue
        if role != "PD" and pd is None and role != "TUJ":
            raise SystemExit(f"{path.name}:{no}: {role} before any PD")
        if role == "PD":
            if arg not in PD_BY_KODE:
                raise SystemExit(f"{path.name}:{no}: unknown PD {arg}")
            if pending_ip:
                flush_ip()
            pd, sd, sp, prg, pjp, pjk = arg, None, None, None, None, None
        elif role == "TUJ":
            flush_ip() if pending_ip else None
            tn = arg
            b.tujuan(tn, *tujdef[tn])
            sd = sp = prg = pjp = pjk = None
        elif role == "SAS":
            flush_ip() if pending_ip else None
            sd = b.sasaran_daerah(tn, text, first, kel)
            sp = b.sasaran_pd(sd, pd, first)
            prg = pjp = pjk = None
        elif role == "IS":
            b.indikator(sp, text, b.kepala(pd), f"42/2018:{first}")
        elif role == "PRG":
            flush_ip() if pending_ip else None
            prg = b.program(sp, pd, text, "", first)
            pjp = pjk = None
        elif role == "IP":
            if prg is None:
                raise SystemExit(f"{path.name}:{no}: IP outside a program")
            flush_ip() if pending_ip and pjp else None
            pending_ip.append((text, first))
            pjk = None
        elif role == "PJP":
            pjp = b.position(pd, text, "PJP", b.kepala(pd))
            pjk = None
            if prg and not b.nodes[prg]["penanggung_jawab_nip"]:
                b.nodes[prg]["penanggung_jawab_nip"] = pjp
            if pending_ip:
                flush_ip()
        elif role == "PJK":
            if text in ("-", ""):
                pjk = None
            else:
                pjk = b.position(pd, text, "PJK", pjp or b.kepala(pd))
        elif role == "KEG":
            if prg is None:
                raise SystemExit(f"{path.name}:{no}: KEG outside a program")
            if pending_ip:
                flush_ip()
            b.kegiatan(prg, pd, text, pjk or pjp or b.kepala(pd), first)
    if pending_ip:
        flush_ip()
    return {"tujdef": tujdef, "covered": covered}


# ----------------------------------------------------------------------------- programs without pj
def fill_program_pj(b: Builder) -> None:
    for n in b.nodes.values():
        if n["tingkat"] == "program" and not n["penanggung_jawab_nip"]:
            n["penanggung_jawab_nip"] = b.kepala(n["pd_kode"])


# ----------------------------------------------------------------------------- Tabel A.1 / A.2
def tabel_a(b: Builder, seed: Seed, tujdef: dict) -> None:
    a2 = norm(seed.line(TABEL_A2_LINE))
    for _kode, _n, _s, _k, printed, _h in PDS:
        if norm(printed) not in a2:
            raise SystemExit(f"Tabel A.2 line {TABEL_A2_LINE} does not list {printed!r}")
    for text, line, tn in TABEL_A1:
        seed.verify([line], text, "Tabel A.1")
        if tn in tujdef:
            b.tujuan(tn, *tujdef[tn])
            b.indikator(tn, text, NIP_SEKDA, f"42/2018:{line}")


# ----------------------------------------------------------------------------- 17/2023 IKU PD
def parse_iku(seed: Seed) -> list[dict]:
    start = next(
        i
        for i, ln in enumerate(seed.lines)
        if ln.strip().startswith("Lampiran Indikator Kinerja Utama PD")
    )
    rows: list[dict] = []
    for i in range(start, len(seed.lines)):
        ln = seed.lines[i]
        if not ln.startswith("|"):
            continue
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if len(cells) != 6 or set(cells[0]) <= {"-"} and cells[0]:
            continue
        if cells[0].isdigit():
            rows.append(
                dict(
                    no=int(cells[0]),
                    nama=cells[1],
                    formula=cells[2],
                    penjelasan=cells[3],
                    sumber_data=cells[4],
                    pj=cells[5],
                    line=i + 1,
                )
            )
        elif not cells[0] and rows and cells[0] != "NO":
            r = rows[-1]
            for k, c in zip(
                ["nama", "formula", "penjelasan", "sumber_data", "pj"], cells[1:], strict=True
            ):
                if c:
                    r[k] = (r[k] + " " + c).strip()
    return rows


def best_sasaran_pd(b: Builder, pd: str, text: str) -> str | None:
    cands = [n for n in b.nodes.values() if n["tingkat"] == "sasaran_pd" and n["pd_kode"] == pd]
    if not cands:
        return None
    words = set(re.findall(r"[a-z]{4,}", text.lower()))

    def score(n):
        t = n["nama"] + " " + " ".join(i["uraian"] for i in b.ind if i["node_kode"] == n["kode"])
        w = set(re.findall(r"[a-z]{4,}", t.lower()))
        # the shared tata-kelola sasaran (T1.S1) only wins with a strictly better word overlap
        return len(words & w) + (0 if n["kode"].split(".")[:2] == ["T1", "S1"] else 0.5)

    return max(cands, key=score)["kode"]


def closest_sasaran_daerah(b: Builder, text: str) -> str:
    words = set(re.findall(r"[a-z]{4,}", text.lower()))
    cands = [n for n in b.nodes.values() if n["tingkat"] == "sasaran_daerah"]

    def score(n):
        t = (
            n["nama"]
            + " "
            + " ".join(i["uraian"] for i in b.ind if i["node_kode"].startswith(n["kode"] + "."))
        )
        return len(words & set(re.findall(r"[a-z]{4,}", t.lower())))

    return max(cands, key=score)["kode"]


def add_iku(b: Builder, seed: Seed) -> dict:
    rows = parse_iku(seed)
    stats = {"found": len(rows), "attached": 0, "created_sasaran_pd": [], "pemda": []}
    for r in rows:
        nama = strip_html(r["nama"])
        pj = clean(r["pj"]).upper()
        src = f"17/2023:{r['line']}"
        formula = strip_html(r["formula"])
        sd_text = strip_html(r["sumber_data"])
        if pj == "SELURUH PD":
            # an IKU of every PD: kept once, on the sasaran daerah of accountable governance (T1.S1)
            b.indikator("T1.S1", nama, NIP_SEKDA, src, formula=formula, sumber_data=sd_text)
            stats["pemda"].append(f"IKU {r['no']} {nama}")
            stats["attached"] += 1
            continue
        pd = IKU_PJ.get(pj)
        if pj == "BIRO EKBANG":
            pd = "BIROEKON" if "perekonomian" in nama.lower() else "BIROADPEM"
        if pd is None:
            raise SystemExit(f"IKU {r['no']}: unknown penanggung jawab {pj!r}")
        sp = best_sasaran_pd(b, pd, nama + " " + strip_html(r["penjelasan"]))
        if sp is None:
            sd = closest_sasaran_daerah(
                b, nama + " " + strip_html(r["penjelasan"]) + " " + PD_BY_KODE[pd][1]
            )
            sp = b.sasaran_pd(sd, pd, 0)
            b.nodes[sp]["sumber"] = src
            stats["created_sasaran_pd"].append(f"{sp} (IKU {r['no']})")
        b.indikator(sp, nama, b.kepala(pd), src, formula=formula, sumber_data=sd_text)
        stats["attached"] += 1
    return stats


# ----------------------------------------------------------------------------- heuristic (II, III)
sys.path.insert(0, str(HERE))
from heuristic import parse_heuristic  # noqa: E402  (same folder)


# ----------------------------------------------------------------------------- output
def write_csv(path: Path, cols: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})


def find_seeds(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    for p in (Path("/work/shared/seeds"), PROJECT_ROOT.parent / "shared" / "seeds"):
        if (p / SEED42).exists():
            return p
    raise SystemExit("seeds directory not found; use --seeds")


def build(seeds: Path, out: Path) -> dict:
    s42 = Seed(seeds / SEED42)
    s17 = Seed(seeds / SEED17)
    b = Builder()
    info = parse_reviewed(b, s42, CASCADE_TXT)
    tabel_a(b, s42, info["tujdef"])
    heur = parse_heuristic(b, s42, info, PDS, PD_BY_KODE)
    fill_program_pj(b)
    b.finish()
    iku = add_iku(b, s17)
    # tingkat order for the CSV: by code (stable)
    nodes = list(b.nodes.values())
    write_csv(
        out / "perangkat_daerah.csv",
        PD_COLS,
        [dict(kode=k, nama=n, singkatan=s, kelompok=g) for k, n, s, g, _a, _h in PDS],
    )
    write_csv(out / "jabatan.csv", JAB_COLS, list(b.jab.values()))
    write_csv(out / "cascade.csv", CAS_COLS, nodes)
    write_csv(out / "indikator.csv", IND_COLS, b.ind)
    res = {
        "iku": iku,
        "fixes": b.fixes,
        "heuristic": heur,
        "covered": info["covered"],
        "merged": b.merged,
    }
    write_readme(out, res)
    return res


# ----------------------------------------------------------------------------- README
def write_readme(out: Path, res: dict) -> None:
    c = counts(out)
    iku = res["iku"]
    h = res["heuristic"]
    L: list[str] = []
    a = L.append
    a("# Banten SAKIP dataset (data/banten)")
    a("")
    a(
        "Generated by `python data/banten/extract.py` (deterministic; default seeds `/work/shared/seeds` or"
    )
    a(
        "`../shared/seeds` from the project root, `--seeds DIR` to override). `python data/banten/extract.py --check`"
    )
    a(
        "validates the CSVs on disk. This README is regenerated with the CSVs; do not edit it by hand."
    )
    a("")
    a("## Files")
    a("")
    a("| file | columns | content |")
    a("| --- | --- | --- |")
    a(
        "| perangkat_daerah.csv | "
        + ", ".join(PD_COLS)
        + " | the 43 PD of Tabel A.2 (kelompok I, II, III) |"
    )
    a(
        "| jabatan.csv | "
        + ", ".join(JAB_COLS)
        + " | POSITIONS (no persons): Gubernur, Sekda, 3 Asisten, 3 Staf Ahli, every Kepala PD, every penanggung jawab program (eselon III) and kegiatan (eselon IV) |"
    )
    a(
        "| cascade.csv | "
        + ", ".join(CAS_COLS)
        + " | tujuan -> sasaran_daerah -> sasaran_pd -> program -> kegiatan |"
    )
    a("| indikator.csv | " + ", ".join(IND_COLS) + " | indicators of the nodes |")
    a(
        "| cascade_42_2018.txt | ROLE @LINES TEXT | reviewed, line-cited reading of Tabel A.3 (Kelompok I) |"
    )
    a("| extract.py, heuristic.py | | the generator / the heuristic reader of Tabel A.4-A.5 |")
    a("")
    a(
        "NIPs are synthetic: `9999` + 2-digit kelompok + 2-digit PD index (Tabel A.2 order) + 10-digit sequence"
    )
    a(
        "(Kepala PD = 1, then positions in order of first appearance); pimpinan use `99990000000000000x`/`..1x`/`..2x`."
    )
    a(
        "`sumber` is `42/2018:LINE` or `17/2023:LINE` (line of the seed file). Hierarchy of jabatan: Kepala PD -> Asisten"
    )
    a(
        "of its kelompok -> Sekda -> Gubernur; penanggung jawab program -> Kepala PD; penanggung jawab kegiatan -> the"
    )
    a(
        "program's penanggung jawab in force when it first appears (else the Kepala PD). Staf Ahli report to the Sekda."
    )
    a("")
    a("## Sources")
    a("")
    a("* Pergub Banten 42/2018, Lampiran A (`000_92b0a60aee72fd58.txt`):")
    a(
        "  * Tabel A.1 (lines 288-302): the 8 tujuan indicators, on the tujuan beside which Tabel A.3-A.5 print them"
    )
    a(
        "    (LPE, Inflasi, TPT, Kemiskinan -> T4; IPM -> T2; AHH -> T3; infrastruktur -> T5; IKM -> T1), penanggung jawab Sekda."
    )
    a(
        f"  * Tabel A.2 (line {TABEL_A2_LINE}): PD per kelompok (every PD name is verified against that line)."
    )
    a(
        "  * Tabel A.3 (Kelompok I): `cascade_42_2018.txt`, every item verified against the seed lines it cites"
    )
    a("    (case/whitespace ignored; a `+` join must be found piece by piece on the cited lines).")
    a(
        "  * Tabel A.4 (Kelompok II, lines 789-1493) and A.5 (Kelompok III, lines 1494-1676): **heuristic parser**"
    )
    a("    (`heuristic.py`), not a manual reading; see below.")
    a(
        "* Pergub Banten 17/2023, Lampiran IKU PD (`002_1db1c2eed15654be.txt`): the 92 IKU PD with formula, sumber data,"
    )
    a(
        "  penanggung jawab; attached to the sasaran_pd of that PD with the best word overlap (formula, sumber_data filled)."
    )
    a("")
    a(
        "Mapping rules: a 42/2018 sasaran is a sasaran_daerah (identical or near-identical texts under the same tujuan,"
    )
    a(
        "SequenceMatcher >= 0.9 or one a >=25-letter prefix of the other, are merged); each (PD, sasaran daerah) pair gets"
    )
    a(
        "one sasaran_pd `<tujuan>.<sasaran>.<PD>` named `<sasaran> (<singkatan>)`, penanggung jawab the Kepala PD, with"
    )
    a(
        "the IS indicators; programs `...P<n>` (IP indicators, penanggung jawab = first Kepala Bidang/Bagian/UPT cell)"
    )
    a(
        "and kegiatan `...K<n>` (the column is *Indikator Kegiatan/Output*: the text is the kegiatan and also its one"
    )
    a(
        "indicator, satuan `-`). Sasaran daerah penanggung jawab: the Asisten of the kelompok, or the Sekda when the"
    )
    a(
        "sasaran is shared by PDs of several kelompok. Tujuan: Gubernur. satuan/arah are derived from the indicator"
    )
    a(
        "text (turun for kemiskinan, TPT, inflasi, Gini, kematian, stunting, kumuh, kecelakaan, konflik..., unless the"
    )
    a(
        "text measures the handling/reduction: penanganan, penurunan, tertangani...). No target_tahunan is given by"
    )
    a("either regulation, so the column is empty.")
    a("")
    a("## Completeness")
    a("")
    a("| item | count |")
    a("| --- | --- |")
    for k in ("I", "II", "III"):
        a(
            f"| PD kelompok {k} (Tabel A.2) | {c[f'pd_kelompok_{k}']} (with programs: {c[f'pd_with_program_{k}']}) |"
        )
    for t in TINGKAT:
        a(f"| {t} | {c[t]} |")
    for t in TINGKAT:
        a(f"| indicators on {t} | {c['indikator_' + t]} |")
    a(f"| IKU PD 17/2023 found / attached | {iku['found']} / {iku['attached']} of 92 |")
    a(
        f"| positions (jabatan.csv) | {c['jabatan']} (eselon III: {c['jabatan_pjp']}, eselon IV: {c['jabatan_pjk']}) |"
    )
    a("")
    a("IKU PD attachment notes:")
    a("")
    a(
        "* 17/2023 names (2023 nomenclature) mapped to the 42/2018 PDs: BIRO PEMOTDA -> BIROPEM, BIRO ORB -> BIROORG,"
    )
    a(
        "  BIRO ADPIM -> BIROADPIM, BIRO UMUM DAN PERLENGKAPAN -> BIROUMUM, BIRO EKBANG -> BIROEKON (perekonomian) or"
    )
    a(
        "  BIROADPEM (administrasi pembangunan), BIRO PBJ DAN LPSE -> BIROADPEM (procurement was a Bagian of the Biro"
    )
    a(
        "  Administrasi Pembangunan in 42/2018), DISNAKER -> DISNAKERTRANS, DISPERTANIAN -> DISTAN, DKISP -> DISKOMINFO,"
    )
    a("  DP3AKKB -> DP3AKB, PRKP -> DPRKP, Sekretariat DPRD -> SETWAN, BAKESBANGPOL -> KESBANGPOL.")
    a(
        '* IKU 92 (Capaian SAKIP PD, penanggung jawab "SELURUH PD") is kept once, on sasaran daerah T1.S1, penanggung jawab Sekda.'
    )
    if iku["created_sasaran_pd"]:
        a(
            "* sasaran_pd created for an IKU because the PD had none (under the closest sasaran daerah): "
            + ", ".join(iku["created_sasaran_pd"])
        )
    else:
        a(
            "* every IKU PD found an existing sasaran_pd of its PD (no sasaran_pd had to be created)."
        )
    for m in res["merged"]:
        a(f"* IKU equal to an existing indicator, merged (formula/sumber data added): {m}")
    a("")
    a("## Manual fixes (Kelompok I, cascade_42_2018.txt)")
    a("")
    for f in res["fixes"]:
        a(f"* {f}")
    a("")
    a("## Kelompok II and III: heuristic parser (heuristic.py)")
    a("")
    a(
        "Kelompok II and III were NOT read by hand (time). `heuristic.py` classifies each cell by its content"
    )
    a(
        '("Program ..." = program, "Bagian/Bidang/Sekretaris/UPT/Balai" = penanggung jawab program, "Sub Bagian/Seksi/'
    )
    a(
        'Subag/Kasubag" = penanggung jawab kegiatan, "Kepala Biro/Dinas/Badan", "Inspektur" = a new PD, column 0 ='
    )
    a(
        "tujuan) and the remaining cells by their place in the row (before the head/program cell: sasaran and indikator"
    )
    a(
        "sasaran; after the program: indikator program; the last cell before a Seksi/Sub Bagian cell: kegiatan). Cells"
    )
    a(
        "wrapped onto later rows are re-joined in order to a cell of the previous row that looks cut (ends with"
    )
    a('"dan", ",", ... or is very short). Each node cites the seed line of its first cell.')
    a("")
    a("PD blocks without a head cell in the extraction, started by hand (heuristic.PD_START):")
    a("")
    from heuristic import PD_START  # noqa: E402

    for line, pd in PD_START.items():
        a(f"* line {line}: {pd}")
    a("")
    a(f"Joins of wrapped cells ({len(h.get('joins', []))}; verify when curating):")
    a("")
    for j in h.get("joins", []):
        a(f"* {j}")
    a("")
    a(
        f"Kegiatan-column cells worded as indicators, read as indikator program ({len(h.get('keg_as_ind', []))}):"
    )
    a("")
    for j in h.get("keg_as_ind", []):
        a(f"* {j}")
    a("")
    a(f"Cells dropped as unplaceable fragments ({len(h.get('skipped_fragments', []))}):")
    a("")
    for j in h.get("skipped_fragments", []):
        a(f"* {j}")
    a("")
    a("## Known gaps")
    a("")
    _, cas = read(out / "cascade.csv")
    parents = {n["induk_kode"] for n in cas}
    leaves = [
        n for n in cas if n["tingkat"] in ("sasaran_pd", "program") and n["kode"] not in parents
    ]
    for n in leaves:
        a(
            f"* {n['tingkat']} {n['kode']} ({n['sumber']}) has no {'program' if n['tingkat'] == 'sasaran_pd' else 'kegiatan'} in the source reading."
        )
    a(
        "* Kelompok II/III are heuristic: some wrapped names stay truncated or get a wrong tail (see the joins above),"
    )
    a(
        "  a few indicator/kegiatan cells shifted into the wrong column are misread (e.g. an indikator program read as a"
    )
    a(
        '  kegiatan), words broken by the extraction are kept as printed ("Tersedian ya", "Pembang unan").'
    )
    a(
        "  Next step: extend cascade_42_2018.txt with reviewed KELOMPOK II / KELOMPOK III sections; extract.py then"
    )
    a("  uses them instead of the heuristic automatically.")
    a(
        "* PDs without a tata-kelola block in the extraction (no head cell): DISNAKERTRANS, BPKAD, DPUPR, DISKOMINFO, BKD."
    )
    a(
        "* No annual targets (target_tahunan empty): neither regulation gives them. satuan is derived from the text and is"
    )
    a("  `-` when unknown; arah from keywords (check the lower-is-better ones before use).")
    a(
        "* 42/2018 (RPJMD 2017-2022) and 17/2023 (2023 nomenclature) differ: IKU PD are attached to the 2018 cascade"
    )
    a("  by word overlap, so an IKU may sit on a sasaran_pd whose wording is only loosely related.")
    a("* Sub kegiatan are not in the sources (the demo generates them).")
    a("* Kelompok I text typos are kept as printed (the reviewed file records seed text only).")
    a("")
    (out / "README.md").write_text("\n".join(L), encoding="utf-8")


# ----------------------------------------------------------------------------- check
def read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), list(r)


def check(folder: Path) -> list[str]:
    errs: list[str] = []
    data = {}
    for name, cols in [
        ("perangkat_daerah.csv", PD_COLS),
        ("jabatan.csv", JAB_COLS),
        ("cascade.csv", CAS_COLS),
        ("indikator.csv", IND_COLS),
    ]:
        head, rows = read(folder / name)
        if head != cols:
            errs.append(f"{name}: header {head} != {cols}")
        data[name] = rows
    pds, jab, cas, ind = (
        data[n] for n in ["perangkat_daerah.csv", "jabatan.csv", "cascade.csv", "indikator.csv"]
    )

    def uniq(rows, key, name):
        seen = set()
        for r in rows:
            if r[key] in seen:
                errs.append(f"{name}: duplicate {key} {r[key]}")
            seen.add(r[key])
        return seen

    pd_set = uniq(pds, "kode", "perangkat_daerah.csv")
    for r in pds:
        for c in PD_COLS:
            if not r[c].strip():
                errs.append(f"perangkat_daerah.csv {r['kode']}: empty {c}")
        if r["kelompok"] not in ("I", "II", "III"):
            errs.append(f"perangkat_daerah.csv {r['kode']}: kelompok {r['kelompok']!r}")
        if r["kode"] != r["kode"].upper():
            errs.append(f"perangkat_daerah.csv {r['kode']}: kode not uppercase")
    nips = uniq(jab, "nip", "jabatan.csv")
    for r in jab:
        if not re.fullmatch(r"9999\d{14}", r["nip"]):
            errs.append(f"jabatan.csv: bad nip {r['nip']!r}")
        for c in ("nama", "jabatan"):
            if not r[c].strip():
                errs.append(f"jabatan.csv {r['nip']}: empty {c}")
        if r["pd_kode"] and r["pd_kode"] not in pd_set:
            errs.append(f"jabatan.csv {r['nip']}: unknown pd {r['pd_kode']}")
        if r["atasan_nip"] and r["atasan_nip"] not in nips:
            errs.append(f"jabatan.csv {r['nip']}: unknown atasan {r['atasan_nip']}")
        if r["atasan_nip"] == r["nip"]:
            errs.append(f"jabatan.csv {r['nip']}: own atasan")
    for pd in pd_set:
        if not any(
            j["pd_kode"] == pd and j["jabatan"].startswith("Kepala Perangkat Daerah") for j in jab
        ):
            errs.append(f"jabatan.csv: no Kepala PD for {pd}")
    by = {}
    for r in cas:
        if r["kode"] in by:
            errs.append(f"cascade.csv: duplicate kode {r['kode']}")
        by[r["kode"]] = r
    for r in cas:
        k = r["kode"]
        for c in ("kode", "tingkat", "nama", "sumber"):
            if not r[c].strip():
                errs.append(f"cascade.csv {k}: empty {c}")
        if r["tingkat"] not in TINGKAT:
            errs.append(f"cascade.csv {k}: tingkat {r['tingkat']!r}")
            continue
        lvl = TINGKAT.index(r["tingkat"])
        if lvl == 0:
            if r["induk_kode"]:
                errs.append(f"cascade.csv {k}: tujuan with induk")
        else:
            p = by.get(r["induk_kode"])
            if p is None:
                errs.append(f"cascade.csv {k}: induk {r['induk_kode']!r} unknown")
            elif p["tingkat"] != TINGKAT[lvl - 1]:
                errs.append(f"cascade.csv {k}: induk {p['kode']} is {p['tingkat']}")
            elif lvl >= 3 and p["pd_kode"] != r["pd_kode"]:
                errs.append(f"cascade.csv {k}: pd {r['pd_kode']} != induk pd {p['pd_kode']}")
        if lvl <= 1 and r["pd_kode"]:
            errs.append(f"cascade.csv {k}: {r['tingkat']} with pd_kode")
        if lvl >= 2 and r["pd_kode"] not in pd_set:
            errs.append(f"cascade.csv {k}: pd_kode {r['pd_kode']!r} unknown")
        if r["penanggung_jawab_nip"] and r["penanggung_jawab_nip"] not in nips:
            errs.append(f"cascade.csv {k}: unknown nip {r['penanggung_jawab_nip']}")
        if not r["penanggung_jawab_nip"]:
            errs.append(f"cascade.csv {k}: no penanggung jawab")
        if not re.fullmatch(r"(42/2018|17/2023):\d+(; (42/2018|17/2023):\d+)*", r["sumber"]):
            errs.append(f"cascade.csv {k}: sumber {r['sumber']!r}")
    seen_ind = set()
    for i, r in enumerate(ind, start=2):
        loc = f"indikator.csv row {i}"
        if r["node_kode"] not in by:
            errs.append(f"{loc}: node {r['node_kode']} unknown")
        for c in ("uraian", "satuan", "arah", "sumber", "urutan"):
            if not r[c].strip():
                errs.append(f"{loc}: empty {c}")
        if r["arah"] not in ("naik", "turun"):
            errs.append(f"{loc}: arah {r['arah']!r}")
        if r["target_tahunan"] and not re.fullmatch(r"-?\d+(\.\d+)?", r["target_tahunan"]):
            errs.append(f"{loc}: target {r['target_tahunan']!r}")
        if r["penanggung_jawab_nip"] and r["penanggung_jawab_nip"] not in nips:
            errs.append(f"{loc}: unknown nip {r['penanggung_jawab_nip']}")
        key = (r["node_kode"], r["urutan"])
        if key in seen_ind:
            errs.append(f"{loc}: duplicate urutan {key}")
        seen_ind.add(key)
    return errs


def counts(folder: Path) -> dict:
    _, pds = read(folder / "perangkat_daerah.csv")
    _, jab = read(folder / "jabatan.csv")
    _, cas = read(folder / "cascade.csv")
    _, ind = read(folder / "indikator.csv")
    lvl = {n["kode"]: n["tingkat"] for n in cas}
    c = {f"pd_kelompok_{k}": sum(1 for p in pds if p["kelompok"] == k) for k in ("I", "II", "III")}
    for t in TINGKAT:
        c[t] = sum(1 for n in cas if n["tingkat"] == t)
        c[f"indikator_{t}"] = sum(1 for i in ind if lvl.get(i["node_kode"]) == t)
    c["iku_pd_17_2023"] = sum(1 for i in ind if "17/2023" in i["sumber"])
    c["jabatan"] = len(jab)
    c["jabatan_pjp"] = sum(1 for j in jab if j["eselon"] == "III")
    c["jabatan_pjk"] = sum(1 for j in jab if j["eselon"] == "IV")
    for k in ("I", "II", "III"):
        pdk = {p["kode"] for p in pds if p["kelompok"] == k}
        c[f"pd_with_program_{k}"] = len(
            {n["pd_kode"] for n in cas if n["tingkat"] == "program" and n["pd_kode"] in pdk}
        )
    return c


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seeds")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", default=str(HERE))
    a = ap.parse_args()
    out = Path(a.out)
    if a.check:
        errs = check(out)
        for e in errs:
            print(e)
        for k, v in counts(out).items():
            print(f"{k}: {v}")
        print("OK" if not errs else f"{len(errs)} problem(s)")
        sys.exit(1 if errs else 0)
    res = build(find_seeds(a.seeds), out)
    iku = res["iku"]
    print(
        f"IKU PD found {iku['found']}/92, attached {iku['attached']}; new sasaran_pd: {len(iku['created_sasaran_pd'])}"
    )
    for x in iku["created_sasaran_pd"]:
        print("  created", x)
    for x in iku["pemda"]:
        print("  pemda-level", x)
    h = res["heuristic"]
    print(
        f"heuristic: kelompok {h.get('kelompok')}, joins {len(h.get('joins', []))}, dropped fragments {len(h.get('skipped_fragments', []))}"
    )
    for k, v in counts(out).items():
        print(f"{k}: {v}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
