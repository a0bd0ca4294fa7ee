"""Charts (core.reporting.charts): PNG bytes for Telegram, no database.

The public functions return PNG bytes; the ``_figure_*`` builders return the matplotlib Figure so
that colours, labels and lines can be checked on the artists themselves.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from PIL import Image

from core.capaian import ALASAN_REALISASI_KOSONG
from core.rating import Kategori
from core.reporting import charts
from core.rollup import Angka, BulanAngka, Simpul, rollup

D = Decimal
PNG = b"\x89PNG\r\n\x1a\n"

KURVA_TARGET = [D(v) for v in ("2", "3", "5", "8", "10", "12", "14", "14", "12", "9", "7", "4")]
KURVA_REALISASI: list[Decimal | None] = [D(v) for v in ("1.5", "2", "3.25", "6", "8.5")]
KEGIATAN: list[tuple[str, Decimal | None]] = [
    ("Pengelolaan Pendidikan Sekolah Menengah Atas", D("96.4")),
    ("Pengelolaan Pendidikan Sekolah Menengah Kejuruan", D("88.25")),
    ("Pengelolaan Pendidikan Khusus", D("72.1")),
    (
        "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Menengah dan "
        "Pendidikan Khusus",
        D("58.6"),
    ),
    ("Pengembangan Kurikulum Muatan Lokal Pendidikan Menengah", D("41.75")),
    ("Penerbitan Izin Pendidikan Menengah yang Diselenggarakan oleh Masyarakat", None),
]
PD_NAMA = [
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Kependudukan dan Keluarga Berencana",
    "Badan Perencanaan Pembangunan Daerah",
    "Inspektorat",
]


def ukuran(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG
    assert data[12:16] == b"IHDR"
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def teks(fig: Figure) -> str:
    """Every string on the figure: Text artists (title, legend, ticks, annotations) and the row
    labels drawn as outlines (their PathPatch carries the strings as its label)."""
    bagian = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    bagian += [p.get_label() for p in fig.findobj(PathPatch) if p.get_gid() == charts._GID_TEKS]
    return "\n".join(bagian)


def koleksi(fig: Figure, gid: str) -> PolyCollection | None:
    for c in fig.findobj(PolyCollection):
        if c.get_gid() == gid:
            return c
    return None


def warna_batang(fig: Figure) -> list[str]:
    c = koleksi(fig, charts._GID_BATANG)
    assert c is not None
    return [to_hex(rgba) for rgba in c.get_facecolors()]


# -- PNG output ---------------------------------------------------------------------------


def test_kurva_s_png_1080_persegi() -> None:
    data = charts.kurva_s("Kurva S", KURVA_TARGET, KURVA_REALISASI, "Dinas PUPR · s.d. Mei 2026")
    assert ukuran(data) == (1080, 1080)
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG"
    assert img.convert("RGB").getpixel((2, 2)) == (255, 255, 255)  # white stays exactly white


def test_batang_lebar_1080_tinggi_tumbuh_dengan_baris() -> None:
    sedikit = charts.capaian_per_anak("Capaian", KEGIATAN[:2])
    banyak = charts.capaian_per_anak("Capaian", [(f"Kegiatan {i}", D(i)) for i in range(30)])
    w1, h1 = ukuran(sedikit)
    w2, h2 = ukuran(banyak)
    assert w1 == w2 == charts.LEBAR_PX
    assert 300 < h1 < h2 <= charts.TINGGI_MAKS_PX


def test_empat_puluh_pd_muat_tanpa_diperkecil_telegram() -> None:
    items = [(f"{PD_NAMA[i % len(PD_NAMA)]} {i}", D(100 - 2 * i)) for i in range(40)]
    w, h = ukuran(charts.peringkat_pd("Peringkat", items, "Triwulan II 2026"))
    assert w == 1080
    assert h <= charts.TINGGI_MAKS_PX  # Telegram shows up to 2560 px without downscaling


def test_terlalu_banyak_baris_ditolak() -> None:
    with pytest.raises(ValueError, match="Terlalu banyak baris"):
        charts.capaian_per_anak("x", [("a", D(1))] * (charts.MAKS_BARIS + 1))


@pytest.mark.parametrize(
    "buat",
    [
        lambda: charts.kurva_s("Kurva S", KURVA_TARGET, KURVA_REALISASI, "sub"),
        lambda: charts.capaian_per_anak("Capaian", KEGIATAN, "sub"),
        lambda: charts.peringkat_pd("Peringkat", [(n, D(80)) for n in PD_NAMA], "sub"),
    ],
    ids=["kurva_s", "capaian_per_anak", "peringkat_pd"],
)
def test_byte_sama_untuk_masukan_sama(buat: object) -> None:
    assert callable(buat)
    a, b = buat(), buat()
    assert a == b
    assert b"Software" not in a and b"matplotlib" not in a.lower()


def test_byte_sama_setelah_cache_dikosongkan() -> None:
    a = charts.peringkat_pd("Peringkat", [(n, D(70)) for n in PD_NAMA])
    charts._kosongkan_cache()
    assert charts.peringkat_pd("Peringkat", [(n, D(70)) for n in PD_NAMA]) == a


def test_aman_dipanggil_dari_banyak_thread() -> None:
    tugas = [
        lambda: charts.kurva_s("Kurva S", KURVA_TARGET, KURVA_REALISASI),
        lambda: charts.capaian_per_anak("Capaian", KEGIATAN),
        lambda: charts.peringkat_pd("Peringkat", [(n, D(60 + i)) for i, n in enumerate(PD_NAMA)]),
    ] * 4
    berurutan = [t() for t in tugas]
    charts._kosongkan_cache()  # the threads fill the caches concurrently
    with ThreadPoolExecutor(max_workers=6) as pool:
        paralel = list(pool.map(lambda t: t(), tugas))
    assert paralel == berurutan


def test_rcparams_tidak_diubah() -> None:
    sebelum = dict(matplotlib.rcParams)
    charts.kurva_s("Kurva S", KURVA_TARGET, KURVA_REALISASI)
    charts.peringkat_pd("Peringkat", [(n, D(80)) for n in PD_NAMA])
    assert dict(matplotlib.rcParams) == sebelum


def test_tidak_memakai_pyplot() -> None:
    kode = (
        "import sys; from decimal import Decimal as D; from core.reporting import charts; "
        "charts.capaian_per_anak('x', [('a', D(1))]); "
        "charts.kurva_s('x', [D(1)], [D(1)]); "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    keluar = subprocess.run(
        [sys.executable, "-c", kode],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert keluar.stdout.strip() == "False"


# -- empty inputs and None ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fig",
    [
        lambda: charts._figure_kurva_s("Kurva S", [], []),
        lambda: charts._figure_kurva_s("Kurva S", [D(0)] * 12, [None] * 12),
        lambda: charts._figure_capaian_per_anak("Capaian", []),
        lambda: charts._figure_peringkat_pd("Peringkat", []),
    ],
    ids=["kurva_kosong", "kurva_nol", "anak_kosong", "peringkat_kosong"],
)
def test_masukan_kosong_belum_ada_data(fig: object) -> None:
    assert callable(fig)
    f = fig()
    assert charts.BELUM_ADA_DATA in teks(f)
    assert koleksi(f, charts._GID_BATANG) is None


def test_masukan_kosong_tetap_png() -> None:
    for data in (
        charts.kurva_s("Kurva S", [], []),
        charts.capaian_per_anak("Capaian per sub kegiatan", [], "Kegiatan tanpa sub kegiatan"),
        charts.peringkat_pd("Peringkat", []),
    ):
        w, h = ukuran(data)
        assert w == 1080 and h >= 600


def test_none_jadi_potongan_abu_abu_berarsir() -> None:
    fig = charts._figure_capaian_per_anak("Capaian", KEGIATAN)
    stub = koleksi(fig, charts._GID_KOSONG)
    assert stub is not None
    assert len(stub.get_paths()) == 1
    assert stub.get_hatch() == "///"
    assert to_hex(stub.get_facecolors()[0]) == charts._ABU_KOSONG.lower()
    assert charts.TIDAK_ADA_TARGET in teks(fig)
    assert "Tanpa capaian" in teks(fig)  # legend entry only when a None is present
    assert "Tanpa capaian" not in teks(charts._figure_capaian_per_anak("Capaian", KEGIATAN[:2]))


def test_semua_none() -> None:
    fig = charts._figure_peringkat_pd("Peringkat", [(n, None) for n in PD_NAMA])
    assert koleksi(fig, charts._GID_BATANG) is None
    stub = koleksi(fig, charts._GID_KOSONG)
    assert stub is not None and len(stub.get_paths()) == len(PD_NAMA)


def test_float_ditolak_decimal_dan_int_diterima() -> None:
    with pytest.raises(TypeError, match="float"):
        charts.capaian_per_anak("x", [("a", 87.5)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="float"):
        charts.kurva_s("x", [1.5], [None])  # type: ignore[list-item]
    fig = charts._figure_capaian_per_anak("x", [("a", 87), ("b", D("87.5"))])  # type: ignore[list-item]
    assert "87,0%" in teks(fig) and "87,5%" in teks(fig)


# -- capaian per anak ---------------------------------------------------------------------


def test_warna_batang_sama_dengan_kategori_warna() -> None:
    nilai = [D(100), D(91), D("90.5"), D(76), D("75.5"), D(66), D(65), D(51), D("50.5"), D(0)]
    harap = [
        Kategori.SANGAT_TINGGI,
        Kategori.SANGAT_TINGGI,
        Kategori.TINGGI,  # between bands: the lower one (SPEC §4)
        Kategori.TINGGI,
        Kategori.SEDANG,
        Kategori.SEDANG,
        Kategori.RENDAH,
        Kategori.RENDAH,
        Kategori.SANGAT_RENDAH,
        Kategori.SANGAT_RENDAH,
    ]
    fig = charts._figure_capaian_per_anak(
        "Capaian", [(f"Anak {i}", v) for i, v in enumerate(nilai)]
    )
    assert warna_batang(fig) == [k.warna.lower() for k in harap]


def test_batang_tanpa_nilai_dilewati_urutan_warna_tetap() -> None:
    fig = charts._figure_capaian_per_anak("Capaian", KEGIATAN)
    assert warna_batang(fig) == [
        Kategori.SANGAT_TINGGI.warna.lower(),
        Kategori.TINGGI.warna.lower(),
        Kategori.SEDANG.warna.lower(),
        Kategori.RENDAH.warna.lower(),
        Kategori.SANGAT_RENDAH.warna.lower(),
    ]


def test_label_nilai_format_indonesia() -> None:
    fig = charts._figure_capaian_per_anak(
        "Capaian", [("a", D("87.46")), ("b", D("1234.5")), ("c", D("-3.25")), ("d", D(0))]
    )
    isi = teks(fig)
    for label in ("87,5%", "1.234,5%", "-3,3%", "0,0%"):
        assert label in isi


def test_legenda_lima_kategori() -> None:
    isi = teks(charts._figure_capaian_per_anak("Capaian", KEGIATAN[:1]))
    for kat in Kategori:
        assert kat.label in isi
    assert "Sangat Tinggi ≥ 91" in isi and "Tinggi 76–90" in isi and "Sangat Rendah ≤ 50" in isi
    fig = charts._figure_capaian_per_anak("x", KEGIATAN[:1])
    warna_legenda = {to_hex(p.get_facecolor()) for p in fig.artists if isinstance(p, Rectangle)}
    assert {k.warna.lower() for k in Kategori} <= warna_legenda


def test_batang_di_atas_150_dipotong_label_tetap() -> None:
    fig = charts._figure_capaian_per_anak("x", [("a", D(400)), ("b", D(100))])
    c = koleksi(fig, charts._GID_BATANG)
    assert c is not None
    a, b = (np.ptp(p.vertices[:, 0]) for p in c.get_paths())
    assert a == pytest.approx(b * 1.5)  # 400 drawn as 150, 100 as 100
    assert "400,0%" in teks(fig)


def test_nama_panjang_dibungkus_dan_dipotong() -> None:
    ukur = charts._Pengukur()
    prop = charts._font(charts._PT_TEKS)
    nama = KEGIATAN[3][0]
    baris = ukur.bungkus(nama, 480, prop, 3)
    assert len(baris) == 3 and baris[-1].endswith("…")
    assert all(ukur.lebar(b, prop) <= 480 for b in baris)
    kata = ukur.bungkus("A" * 200, 300, prop, 2)
    assert len(kata) == 2 and all(ukur.lebar(b, prop) <= 300 for b in kata)


def test_lebar_teks_sama_dengan_ukuran_matplotlib() -> None:
    ukur = charts._Pengukur()
    r = charts._renderer_ukur()
    for pt in (11.0, 13.0, 16.0):
        prop = charts._font(pt)
        for nama in PD_NAMA:
            asli = r.get_text_width_height_descent(nama, prop, ismath=False)[0]
            assert ukur.lebar(nama, prop) == pytest.approx(asli, abs=1.0)


def test_tanda_dolar_dicetak_apa_adanya() -> None:
    fig = charts._figure_capaian_per_anak("Harga $5 dan $6", [("Biaya $1 sampai $2", D(50))])
    assert "Biaya $1 sampai $2" in teks(fig)
    assert ukuran(charts._png(fig))[0] == 1080


def test_huruf_dejavu_sans() -> None:
    fig = charts._figure_kurva_s("Kurva S", KURVA_TARGET, KURVA_REALISASI)
    for t in fig.findobj(matplotlib.text.Text):
        if t.get_text():
            assert t.get_fontfamily() == ["DejaVu Sans"]
            assert t.get_fontsize() >= charts._PT_KECIL


# -- peringkat ----------------------------------------------------------------------------


def test_peringkat_urut_turun_seri_berbagi_nomor_kosong_terakhir() -> None:
    items = [
        ("Dinas C", D(70)),
        ("Dinas A", None),
        ("Dinas B", D(95)),
        ("Dinas D", D(70)),
        ("Dinas E", D(50)),
    ]
    baris = charts._urut_peringkat(charts._baris_dari(items))
    assert [(b.nama, b.peringkat) for b in baris] == [
        ("Dinas B", 1),
        ("Dinas C", 2),
        ("Dinas D", 2),
        ("Dinas E", 4),
        ("Dinas A", None),
    ]
    fig = charts._figure_peringkat_pd("Peringkat", items)
    assert warna_batang(fig) == [
        Kategori.SANGAT_TINGGI.warna.lower(),
        Kategori.SEDANG.warna.lower(),
        Kategori.SEDANG.warna.lower(),
        Kategori.SANGAT_RENDAH.warna.lower(),
    ]
    isi = teks(fig)
    assert "1." in isi and "4." in isi and "91: batas Sangat Tinggi" in isi


# -- kurva S ------------------------------------------------------------------------------


def _garis(fig: Figure) -> list[Line2D]:
    (ax,) = fig.axes
    return list(ax.get_lines())


def test_kurva_s_kumulatif_dan_berhenti_di_bulan_terakhir() -> None:
    fig = charts._figure_kurva_s("Kurva S", KURVA_TARGET, KURVA_REALISASI)
    target, realisasi = _garis(fig)
    assert list(target.get_xdata()) == list(range(12))
    assert target.get_ydata()[-1] == pytest.approx(100)
    assert target.get_ydata()[2] == pytest.approx(10)  # 2 + 3 + 5
    assert list(realisasi.get_xdata()) == [0, 1, 2, 3, 4]  # stops at May
    assert realisasi.get_ydata()[-1] == pytest.approx(21.25)
    isi = teks(fig)
    assert "21,3%" in isi  # last point annotated (HALF_UP)
    assert "target 28,0%" in isi
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == list(charts.BULAN_SINGKAT)
    assert charts.BULAN_SINGKAT == (
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    )  # fmt: skip
    assert ax.get_ylim()[0] == 0 and 100 <= ax.get_ylim()[1] < 110


def test_kurva_s_bulan_tanpa_laporan_di_tengah_dihitung_nol() -> None:
    real = [D(2), None, D(3)]
    fig = charts._figure_kurva_s("Kurva S", KURVA_TARGET, real)
    _target, realisasi = _garis(fig)
    assert list(realisasi.get_ydata()) == pytest.approx([2, 2, 5])


def test_kurva_s_tanpa_realisasi() -> None:
    fig = charts._figure_kurva_s("Kurva S", KURVA_TARGET, [None] * 12)
    assert len(_garis(fig)) == 1
    assert "belum dilaporkan" in teks(fig)


def test_kurva_s_di_atas_100_sumbu_ikut_naik() -> None:
    real = [D(20)] * 6  # 120 % by June
    fig = charts._figure_kurva_s("Kurva S", KURVA_TARGET, real)
    (ax,) = fig.axes
    assert ax.get_ylim()[1] >= 120
    assert "120,0%" in teks(fig)


def test_kurva_s_label_tidak_keluar_sumbu_di_januari_dan_desember() -> None:
    for real in ([D("1.2")], [D(8)] * 12):
        fig = charts._figure_kurva_s("Kurva S", KURVA_TARGET, real)
        fig.canvas.draw()
        (ax,) = fig.axes
        kotak_ax = ax.get_window_extent()
        for anotasi in ax.texts:
            k = anotasi.get_window_extent()
            assert kotak_ax.x0 - 1 <= k.x0 and k.x1 <= kotak_ax.x1 + 1, anotasi.get_text()


def test_kurva_s_lebih_dari_12_bulan_ditolak() -> None:
    with pytest.raises(ValueError, match="12 bulan"):
        charts.kurva_s("x", [D(1)] * 13, [])


def test_kurva_s_data_dari_bulan_angka() -> None:
    bulanan = {
        1: BulanAngka(D(10), D(1000), D(8), D(500)),
        2: BulanAngka(D(20), D(3000), None, None),
        4: BulanAngka(D(70), D(6000), D(5), D(100)),
    }
    target, realisasi = charts.kurva_s_data(bulanan)
    assert len(target) == len(realisasi) == 12
    assert target[:4] == [D(10), D(20), D(0), D(70)] and target[4:] == [D(0)] * 8
    assert realisasi[:4] == [D(8), None, None, D(5)] and realisasi[4:] == [None] * 8
    t_keu, r_keu = charts.kurva_s_data(bulanan, "keuangan")
    assert t_keu[:4] == [D(10), D(30), D(0), D(60)]  # % of 10.000 anggaran kas
    assert r_keu[0] == D(5) and r_keu[1] is None and r_keu[3] == D(1)
    with pytest.raises(ValueError, match="1 sampai 12"):
        charts.kurva_s_data({13: BulanAngka(D(1), D(1))})
    assert ukuran(charts.kurva_s("Kurva S", target, realisasi))[0] == 1080


# -- builders from a rolled-up tree -------------------------------------------------------


def _angka(tb: int, rb: int | None) -> Angka:
    if rb is None:  # planned, nothing reported
        return Angka(D(tb), D(0), D(0), D(0), dilaporkan=0, wajib_lapor=1)
    return Angka(D(tb), D(rb), D(0), D(0), dilaporkan=1, wajib_lapor=1)


def _provinsi() -> Simpul:
    def pd(kode: str, nama: str, *anak: tuple[str, int, int | None]) -> Simpul:
        return Simpul(
            kode,
            nama,
            "pd",
            anak=tuple(
                Simpul(f"{kode}.{i}", n, "kegiatan", angka=_angka(t, r))
                for i, (n, t, r) in enumerate(anak)
            ),
        )

    return Simpul(
        "provinsi",
        "Provinsi Banten",
        "provinsi",
        anak=(
            pd("1", "Dinas Kesehatan", ("Pelayanan Kesehatan", 10, 9), ("Obat", 10, 10)),
            pd("2", "Dinas Pendidikan dan Kebudayaan", ("SMA", 10, 6), ("SMK", 10, None)),
            pd("3", "Inspektorat", ("Pengawasan", 10, None)),
            Simpul("4", "Badan Penghubung Daerah", "pd"),  # no sub kegiatan yet
        ),
    )


def test_grafik_anak_dari_hasil_simpul() -> None:
    prov = rollup(_provinsi())
    dinkes = prov.anak[0]
    fig = charts._figure_grafik_anak(dinkes, "Triwulan I 2026")
    isi = teks(fig)
    assert "Capaian kinerja per kegiatan" in isi
    assert "Dinas Kesehatan · Triwulan I 2026" in isi
    assert "Keseluruhan: 95,0% (Sangat Tinggi)" in isi
    # 9/10 = 90 % is Tinggi, 10/10 Sangat Tinggi
    assert warna_batang(fig) == [
        Kategori.TINGGI.warna.lower(),
        Kategori.SANGAT_TINGGI.warna.lower(),
    ]
    dindik = prov.anak[1]
    assert dindik.anak[1].capaian_kinerja.alasan == ALASAN_REALISASI_KOSONG
    assert "belum ada realisasi" in teks(charts._figure_grafik_anak(dindik, "Tw I"))
    assert ukuran(charts.grafik_anak(dinkes, "Triwulan I 2026"))[0] == 1080


def test_peringkat_dari_nilai_yang_ditampilkan() -> None:
    """As the Ringkasan table: values equal to two decimals ("85,00") share a rank."""
    items = [
        ("Inspektorat", D("84.99646")),
        ("Bappeda", D("84.99676")),
        ("Dinas A", D("84.994")),
        ("Dinas B", D("90")),
    ]
    baris = charts._urut_peringkat(charts._baris_dari(items))
    assert [(b.nama, b.peringkat) for b in baris] == [
        ("Dinas B", 1),
        ("Bappeda", 2),
        ("Inspektorat", 2),
        ("Dinas A", 4),
    ]


def test_grafik_peringkat_dari_provinsi() -> None:
    prov = rollup(_provinsi())
    fig = charts._figure_grafik_peringkat(prov, "Triwulan I 2026")
    isi = teks(fig)
    assert "Peringkat capaian kinerja perangkat daerah" in isi
    assert "Provinsi Banten · Triwulan I 2026" in isi
    # Dinkes 95 (Sangat Tinggi), Dindikbud 6/20 = 30 % (Sangat Rendah: SMK counts as 0 realised);
    # Inspektorat has nothing reported, Badan Penghubung no sub kegiatan: both last, unranked
    assert warna_batang(fig) == [
        Kategori.SANGAT_TINGGI.warna.lower(),
        Kategori.SANGAT_RENDAH.warna.lower(),
    ]
    assert "belum ada realisasi" in isi and "belum ada sub kegiatan" in isi
    assert ukuran(charts.grafik_peringkat(prov, "Triwulan I 2026"))[0] == 1080


def test_grafik_anak_tanpa_anak() -> None:
    kosong = rollup(Simpul("x", "Program Baru", "program"))
    fig = charts._figure_grafik_anak(kosong, "Maret 2026")
    assert charts.BELUM_ADA_DATA in teks(fig)
    assert "Keseluruhan: Belum ada sub kegiatan" in teks(fig)


def test_png_palet_warna_utama_tepat() -> None:
    """Every pixel that the renderer painted in a category colour keeps that exact colour."""
    fig = charts._figure_capaian_per_anak("Capaian", KEGIATAN)
    data = charts._png(fig)
    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    asli = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    for kat in Kategori:
        warna = np.array([round(255 * c) for c in to_rgba(kat.warna)[:3]], dtype=np.uint8)
        di_asli = (asli == warna).all(axis=2)
        assert di_asli.sum() > 1000, kat  # each band has a bar in KEGIATAN
        assert (rgb[di_asli] == warna).all(), kat
