"""Benchmark: each chart of ``core.reporting.charts`` next to a minimal matplotlib figure.

Issue 3 part 4: "One chart render, next to a minimal matplotlib figure saved to PNG in the same
run. Goal: at most 2x." The floor is one ``Figure`` of the SAME pixel size and dpi as the chart
(1080 px wide, dpi 150) with a single 12-point line plot, saved to PNG through ``FigureCanvasAgg``
with matplotlib's own PNG writer (``print_png``, no "Software" chunk). Chart and floor run
alternately after a warm-up; median and p95 over ``--repeat`` runs (default 20), on wall-clock
time (the goal) and on the process's CPU time (less disturbed by other load on the machine).
The chart's time includes its palette PNG encoding. The charts cache the widths
and outlines of words they have drawn; the "cold" column times a render after emptying those
caches, i.e. the first chart with names never seen before.

Data are realistic and deterministic: 12 months of one sub kegiatan (kurva S), 8 kegiatan with
long names (capaian per anak) and 40 perangkat daerah (peringkat).

    python bench/charts.py                     # table
    python bench/charts.py --json              # machine-readable
    python bench/charts.py --sampel docs/img   # also write the three sample PNGs
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import platform
import statistics
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.reporting import charts

GOAL_RATIO = 2.0
D = Decimal

# -- realistic data ------------------------------------------------------------------------

#: ROPP target fisik (%) per month of a construction sub kegiatan (sums to 100) and the
#: realisasi reported up to August (one month behind plan after a slow procurement).
KURVA_TARGET = [D(v) for v in ("2", "3", "5", "8", "10", "12", "14", "14", "12", "9", "7", "4")]
KURVA_REALISASI: list[Decimal | None] = [
    *(D(v) for v in ("1.5", "2", "3.25", "6", "8.5", "11", "12.75", "10.2")),
    None,
    None,
    None,
    None,
]
KURVA_JUDUL = "Kurva S progres fisik: Pembangunan Jalan Ruas Saketi–Malingping (Lanjutan)"
KURVA_SUBJUDUL = "Dinas Pekerjaan Umum dan Penataan Ruang · s.d. Agustus 2026"

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
    ("Pembinaan Sejarah Lokal dalam 1 (satu) Daerah Provinsi", D("103.2")),
    ("Pelestarian Kesenian Tradisional yang Masyarakat Pelakunya Lintas Daerah", D("90.5")),
]
KEGIATAN_JUDUL = "Capaian kinerja per kegiatan"
KEGIATAN_SUBJUDUL = (
    "Dinas Pendidikan dan Kebudayaan · Triwulan II 2026\nKeseluruhan: 78,8% (Tinggi)"
)

PD_NAMA = [
    "Sekretariat Daerah",
    "Sekretariat DPRD",
    "Inspektorat",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Satuan Polisi Pamong Praja",
    "Dinas Sosial",
    "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Kependudukan dan Keluarga Berencana",
    "Dinas Ketahanan Pangan",
    "Dinas Lingkungan Hidup dan Kehutanan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "Dinas Perhubungan",
    "Dinas Komunikasi, Informatika, Statistik dan Persandian",
    "Dinas Koperasi dan Usaha Kecil Menengah",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Kepemudaan dan Olahraga",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Kelautan dan Perikanan",
    "Dinas Pariwisata",
    "Dinas Pertanian",
    "Dinas Energi dan Sumber Daya Mineral",
    "Dinas Perindustrian dan Perdagangan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Pendapatan Daerah",
    "Badan Kepegawaian Daerah",
    "Badan Pengembangan Sumber Daya Manusia Daerah",
    "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik",
    "Badan Penghubung Daerah",
    "Rumah Sakit Umum Daerah Banten",
    "Rumah Sakit Umum Daerah Malingping",
    "Biro Pemerintahan dan Kesejahteraan Rakyat",
    "Biro Perekonomian dan Administrasi Pembangunan",
    "Biro Pengadaan Barang dan Jasa",
    "Biro Organisasi",
]
_PD_NILAI = (
    "97.3", "93.12", "91.0", "88.4", "86.95", "84.2", "82.0", "80.5", "79.9", "78.25",
    "77.6", "76.0", "75.4", "74.8", "72.15", "70.0", "69.33", "67.5", "66.0", "64.75",
    "63.2", "61.0", "59.4", "57.85", "55.0", "53.6", "51.2", "49.9", "47.5", "44.0",
    "41.3", "38.75", "35.0", "30.2", "104.6", "88.4", "62.5", "58.0", None, "90.5",
)  # fmt: skip
PD: list[tuple[str, Decimal | None]] = [
    (nama, None if v is None else D(v)) for nama, v in zip(PD_NAMA, _PD_NILAI, strict=True)
]
PD_JUDUL = "Peringkat capaian kinerja perangkat daerah"
PD_SUBJUDUL = "Provinsi Banten · Triwulan II 2026\nKeseluruhan: 70,4% (Sedang)"

CHARTS: dict[str, Callable[[], bytes]] = {
    "kurva_s": lambda: charts.kurva_s(KURVA_JUDUL, KURVA_TARGET, KURVA_REALISASI, KURVA_SUBJUDUL),
    "capaian_per_anak": lambda: charts.capaian_per_anak(
        KEGIATAN_JUDUL, KEGIATAN, KEGIATAN_SUBJUDUL
    ),
    "peringkat_pd": lambda: charts.peringkat_pd(PD_JUDUL, PD, PD_SUBJUDUL),
}
SAMPEL = {
    "kurva_s": "grafik-kurva-s.png",
    "capaian_per_anak": "grafik-capaian-per-anak.png",
    "peringkat_pd": "grafik-peringkat-pd.png",
}


def ukuran_png(data: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def minimal_png(lebar: int, tinggi: int) -> bytes:
    """The floor: one line plot on a Figure of the same size and dpi, saved via FigureCanvasAgg."""
    fig = Figure(figsize=(lebar / charts.DPI, tinggi / charts.DPI), dpi=charts.DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(range(12), [0, 2, 5, 10, 18, 30, 44, 58, 70, 79, 86, 100])
    buf = io.BytesIO()
    canvas.print_png(buf, metadata={"Software": None})
    return buf.getvalue()


@dataclass
class Hasil:
    chart: str
    lebar_px: int
    tinggi_px: int
    png_kb: float
    chart_median_ms: float
    chart_p95_ms: float
    minimal_median_ms: float
    minimal_p95_ms: float
    rasio: float
    chart_cpu_median_ms: float
    minimal_cpu_median_ms: float
    rasio_cpu: float
    chart_dingin_ms: float
    rasio_dingin: float
    lulus: bool


def _p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def _waktu(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall ms, CPU ms of this process) of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000


def ukur(nama: str, fn: Callable[[], bytes], repeat: int, warmup: int) -> Hasil:
    """Chart and floor alternately, ``repeat`` times each, after ``warmup`` rounds."""
    contoh = fn()
    lebar, tinggi = ukuran_png(contoh)

    def floor() -> bytes:
        return minimal_png(lebar, tinggi)

    for _ in range(warmup):
        fn()
        floor()
    chart_w: list[float] = []
    chart_c: list[float] = []
    min_w: list[float] = []
    min_c: list[float] = []
    gc.collect()
    for _ in range(repeat):
        w, c = _waktu(fn)
        chart_w.append(w)
        chart_c.append(c)
        w, c = _waktu(floor)
        min_w.append(w)
        min_c.append(c)
    # cold: the word width/outline caches emptied before each render (names never seen before)
    dingin: list[float] = []
    for _ in range(max(3, repeat // 4)):
        charts._kosongkan_cache()
        dingin.append(_waktu(fn)[0])
    mw, fw = statistics.median(chart_w), statistics.median(min_w)
    md = statistics.median(dingin)
    mc, fc = statistics.median(chart_c), statistics.median(min_c)
    return Hasil(
        chart=nama,
        lebar_px=lebar,
        tinggi_px=tinggi,
        png_kb=round(len(contoh) / 1024, 1),
        chart_median_ms=round(mw, 2),
        chart_p95_ms=round(_p95(chart_w), 2),
        minimal_median_ms=round(fw, 2),
        minimal_p95_ms=round(_p95(min_w), 2),
        rasio=round(mw / fw, 2),
        chart_cpu_median_ms=round(mc, 2),
        minimal_cpu_median_ms=round(fc, 2),
        rasio_cpu=round(mc / fc, 2),
        chart_dingin_ms=round(md, 2),
        rasio_dingin=round(md / fw, 2),
        lulus=mw / fw <= GOAL_RATIO,
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--repeat", type=int, default=20, help="measured runs per chart (default 20)")
    p.add_argument("--warmup", type=int, default=2, help="warm-up runs per chart (default 2)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--sampel", type=Path, help="write the sample PNGs to this directory")
    p.add_argument("--only", choices=sorted(CHARTS), action="append", help="only these charts")
    args = p.parse_args(argv)

    if args.sampel is not None:
        args.sampel.mkdir(parents=True, exist_ok=True)
        for nama, berkas in SAMPEL.items():
            (args.sampel / berkas).write_bytes(CHARTS[nama]())

    hasil = [
        ukur(nama, fn, args.repeat, args.warmup)
        for nama, fn in CHARTS.items()
        if not args.only or nama in args.only
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "goal_ratio": GOAL_RATIO,
                    "repeat": args.repeat,
                    "python": platform.python_version(),
                    "matplotlib": matplotlib.__version__,
                    "machine": platform.machine(),
                    "results": [asdict(h) for h in hasil],
                },
                indent=2,
            )
        )
    else:
        print(
            f"charts vs minimal Figure (same size, dpi {charts.DPI}), median of {args.repeat} "
            f"after {args.warmup} warm-up; goal ≤ {GOAL_RATIO:g}x; "
            f"Python {platform.python_version()}, matplotlib {matplotlib.__version__}"
        )
        kepala = (
            f"{'chart':<18} {'size px':>10} {'PNG KB':>7} {'chart ms':>9} {'p95':>7} "
            f"{'minimal ms':>11} {'p95':>7} {'ratio':>6}  {'CPU ratio':>9} "
            f"{'cold ms':>8} {'cold ratio':>10}  goal"
        )
        print(kepala)
        print("-" * len(kepala))
        for h in hasil:
            print(
                f"{h.chart:<18} {f'{h.lebar_px}x{h.tinggi_px}':>10} {h.png_kb:>7.1f} "
                f"{h.chart_median_ms:>9.1f} {h.chart_p95_ms:>7.1f} {h.minimal_median_ms:>11.1f} "
                f"{h.minimal_p95_ms:>7.1f} {h.rasio:>5.2f}x  {h.rasio_cpu:>8.2f}x "
                f"{h.chart_dingin_ms:>8.1f} {h.rasio_dingin:>9.2f}x  {'ok' if h.lulus else 'GAGAL'}"
            )
        print(
            "ratio = median wall time chart / minimal; CPU ratio = the same on process CPU time "
            "(steadier when other processes share the machine); cold = one render after emptying "
            "the word width/outline caches (every name new), against the same minimal median."
        )
    return 0 if all(h.lulus for h in hasil) else 1


if __name__ == "__main__":
    sys.exit(main())
