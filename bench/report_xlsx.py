"""Benchmark: the monthly report of the whole synthetic province to xlsx, against a write-only floor.

Issue 3 (reports): "The monthly report of the whole synthetic province (8,000 sub kegiatan) to xlsx,
next to the floor of writing the same number of cells with openpyxl in write-only mode. Goal: at
most 2x."

Data (``--source db``, the default): the synthetic province of ``bench/rollup.py`` (45 PD, 8,000
sub kegiatan, ROPP and realisasi for every month) is loaded into a temporary SQLite database made by
the Alembic migrations, through ``core.persistence.bulk``; one or two ROPP outputs are added to each
sub kegiatan with a plan in the month, so the report also has its "Bln 3 : ..." output rows. The
report is built with the real use case, ``core.laporan.laporan_bulanan``, once per PD, and the rows
of all PDs are put in one table: the province-wide Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan
Bulanan. ``--source memory`` builds similar rows without a database (nothing from bench/rollup.py).

Measured (after one warm-up, alternately, median of ``--repeat`` runs):

- writer: ``core.reporting.xlsx.tulis_xlsx(laporan)`` -> bytes, from the Laporan object (styles,
  merged header groups, number formats, rounding, row heights, signature block, all included);
- floor: an openpyxl write-only workbook that appends the same grid of cells (header rows, the
  column-number row and every body cell, rounded values ready, empty cells as "") with no style at
  all, and saves to bytes.

The report build (database reads + rows) is timed once and shown for information; it is not part
of the ratio.

    python bench/report_xlsx.py                       # 8000 sub kegiatan, 45 PD, 5 runs
    python bench/report_xlsx.py --sub-kegiatan 2000 --repeat 3 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.cascade import Kelompok, PerangkatDaerah  # noqa: E402
from core.laporan import (  # noqa: E402
    KEPALA_BULANAN,
    KOLOM_BULANAN,
    DataPd,
    Laporan,
    Pengesahan,
    Tabel,
    baris_bulanan,
    nilai_xlsx,
)
from core.periode import NAMA_BULAN, Periode  # noqa: E402
from core.ports_laporan import IndikatorLaporan, RealisasiLaporan, SimpulLaporan  # noqa: E402
from core.reporting.xlsx import tulis_xlsx  # noqa: E402
from core.ropp import OutputRopp  # noqa: E402

TAHUN = 2026
BULAN = 3
GOAL_RATIO = 2.0
D = Decimal


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- the report
def _provinsi(pds: Sequence[PerangkatDaerah], tabel: Sequence[Tabel]) -> Laporan:
    """One table with the rows of every PD, under the title of the monthly report."""
    judul = f"Tabel Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan Tahun {TAHUN}"
    baris = tuple(b for t in tabel for b in t.baris)
    t = Tabel(
        "Bulanan", (judul,), KOLOM_BULANAN, KEPALA_BULANAN, tuple(map(str, range(1, 17))), baris
    )
    return Laporan(
        "bulanan",
        judul,
        (("PD", f"Seluruh Perangkat Daerah ({len(pds)} PD)"), ("Bulan", NAMA_BULAN[BULAN])),
        (t,),
        Pengesahan("Serang", None, "Kepala Badan Perencanaan Pembangunan Daerah", None, None),
        f"{TAHUN}-{BULAN:02d}",
    )


def laporan_dari_db(n_sub: int, n_pd: int, seed: int) -> tuple[Laporan, dict[str, Any]]:
    from sqlalchemy import insert, select

    from bench.rollup import check_loaded, load_province, synthetic_province
    from core import laporan as lap
    from core.persistence.db import make_engine, make_session_factory, upgrade
    from core.persistence.models import Base
    from core.persistence.uow import SqlUnitOfWork

    info: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="sakip_bench_laporan_") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        t0 = time.perf_counter()
        upgrade(url)
        engine = make_engine(url)
        try:
            prov = synthetic_province(n_sub, n_pd, seed)
            stats = load_province(engine, prov, seed)
            check_loaded(engine, n_sub)
            n_out = _tambah_output(engine, seed, insert, select, Base)
            info["load_s"] = round(time.perf_counter() - t0, 2)
            log(
                f"loaded {stats.nodes} nodes, {stats.ropp_rows} ROPP months, "
                f"{stats.realisasi_rows} realisasi, {n_out} outputs in {info['load_s']} s"
            )
            factory = make_session_factory(engine)
            t1 = time.perf_counter()
            tabel = [
                lap.laporan_bulanan(SqlUnitOfWork(factory), pd.kode, f"{TAHUN}-{BULAN:02d}").tabel[
                    0
                ]
                for pd in prov.pds
            ]
            info["build_s"] = round(time.perf_counter() - t1, 2)
            pds = prov.pds
        finally:
            engine.dispose()
    return _provinsi(pds, tabel), info


def _tambah_output(engine: Any, seed: int, insert: Any, select: Any, base: Any) -> int:
    """One or two ROPP outputs in the benchmark month for every sub kegiatan with a plan then."""
    rng = random.Random(seed)
    ropp = base.metadata.tables["ropp_bulan"]
    out = base.metadata.tables["ropp_output"]
    rows: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for node_id, bobot in conn.execute(
            select(ropp.c.node_id, ropp.c.target_bobot).where(ropp.c.bulan == BULAN)
        ):
            if not bobot:
                continue
            parts = [bobot] if rng.random() < 0.5 else [bobot / 2, bobot - bobot / 2]
            for urutan, b in enumerate(parts, start=1):
                rows.append(
                    {
                        "node_id": node_id,
                        "bulan": BULAN,
                        "urutan": urutan,
                        "uraian": rng.choice(_OUTPUT),
                        "bobot": b,
                        "volume": D(rng.randint(1, 4)),
                        "satuan": "Dokumen",
                    }
                )
        for i in range(0, len(rows), 5000):
            conn.execute(insert(out), rows[i : i + 5000])
    return len(rows)


_OUTPUT = [
    "Rapat koordinasi pengendalian",
    "Dokumen laporan capaian kinerja",
    "Dokumen evaluasi pelaksanaan",
    "Notulen rapat koordinasi",
    "Laporan monitoring lapangan",
]


def laporan_dari_memori(n_sub: int, n_pd: int, seed: int) -> tuple[Laporan, dict[str, Any]]:
    """Similar rows without a database: per PD one sasaran, programs of ~4 kegiatan of ~3 sub."""
    rng = random.Random(seed)
    pds = [
        PerangkatDaerah(
            f"1.{i:02d}.0.00.0.00.01.0000", f"Perangkat Daerah {i}", f"PD{i}", Kelompok.I
        )
        for i in range(1, n_pd + 1)
    ]
    per_pd = [n_sub // n_pd + (1 if i < n_sub % n_pd else 0) for i in range(n_pd)]
    t0 = time.perf_counter()
    tabel: list[Tabel] = []
    periode = Periode.bulanan(TAHUN, BULAN)
    for pd, n in zip(pds, per_pd, strict=True):
        simpul = [SimpulLaporan(f"{pd.kode}.S", "sasaran_pd", "Sasaran", None, pd.kode, D(1))]
        indikator: list[IndikatorLaporan] = []
        rencana: dict[str, dict[int, tuple[Decimal, Decimal]]] = {}
        realisasi: dict[str, dict[int, RealisasiLaporan]] = {}
        output: dict[str, dict[int, list[OutputRopp]]] = {}
        for s in range(n):
            p, k = s // 12, s // 3
            pk, kk, sk = f"{pd.kode}.P{p}", f"{pd.kode}.P{p}.K{k}", f"{pd.kode}.P{p}.K{k}.{s}"
            if s % 12 == 0:
                simpul.append(
                    SimpulLaporan(pk, "program", f"Program {p}", f"{pd.kode}.S", pd.kode, D(1))
                )
                indikator.append(
                    IndikatorLaporan(
                        len(indikator), pk, 1, f"Indikator program {p}", "persen", D(100)
                    )
                )
            if s % 3 == 0:
                simpul.append(
                    SimpulLaporan(
                        kk, "kegiatan", f"Kegiatan {k}", pk, pd.kode, D(1), None, "Kepala Bidang"
                    )
                )
            simpul.append(
                SimpulLaporan(
                    sk, "sub_kegiatan", f"Sub kegiatan {s}", kk, pd.kode, D(1), None, "Kepala Seksi"
                )
            )
            indikator.append(
                IndikatorLaporan(len(indikator), sk, 1, f"Jumlah dokumen {s}", "dokumen", D(12))
            )
            bobot = D(rng.randint(100, 2000)).scaleb(-2)
            kas = D(rng.randint(10, 900) * 1_000_000)
            rencana[sk] = {m: (bobot, kas) for m in range(1, 13)}
            realisasi[sk] = {
                BULAN: RealisasiLaporan(bobot * D("0.8"), kas * D("0.7"), None, None, {1: D(1)})
            }
            output[sk] = {BULAN: [OutputRopp(rng.choice(_OUTPUT), bobot, D(1), "Dokumen")]}
        data = DataPd(TAHUN, pd, simpul, indikator, rencana, realisasi, output)
        rows = tuple(baris_bulanan(data, periode))
        tabel.append(Tabel("Bulanan", (), KOLOM_BULANAN, KEPALA_BULANAN, (), rows))
    return _provinsi(pds, tabel), {"build_s": round(time.perf_counter() - t0, 2)}


# ----------------------------------------------------------------------------- floor and writer
def floor_grid(laporan: Laporan) -> list[list[Any]]:
    """The cells the writer writes, as plain values: header rows, number row, body."""
    (t,) = laporan.tabel
    n = len(t.kolom)
    grid: list[list[Any]] = [[""] * n for _ in range(t.baris_kepala)]
    for s in t.kepala:
        grid[s.baris][s.kolom] = s.teks
    grid.append(list(t.nomor_kolom))
    formats = [k.format for k in t.kolom]
    for b in t.baris:
        row = []
        for v, f in zip(b.nilai, formats, strict=True):
            x = nilai_xlsx(v, f)[0]
            row.append("" if x is None else x)
        grid.append(row)
    return grid


def tulis_floor(grid: Sequence[Sequence[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Bulanan")
    for row in grid:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ms(f: Callable[[], bytes]) -> tuple[float, int]:
    gc.collect()
    t0 = time.perf_counter_ns()
    data = f()
    return (time.perf_counter_ns() - t0) / 1e6, len(data)


@dataclass
class Hasil:
    source: str
    sub_kegiatan: int
    pd: int
    rows: int
    cells: int
    floor_ms: list[float]
    writer_ms: list[float]
    floor_bytes: int
    writer_bytes: int
    build_s: float
    load_s: float | None

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor_ms)

    @property
    def writer_median(self) -> float:
        return statistics.median(self.writer_ms)

    @property
    def ratio(self) -> float:
        return self.writer_median / self.floor_median

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sub_kegiatan": self.sub_kegiatan,
            "pd": self.pd,
            "rows": self.rows,
            "cells": self.cells,
            "floor_ms": [round(x, 1) for x in self.floor_ms],
            "writer_ms": [round(x, 1) for x in self.writer_ms],
            "floor_median_ms": round(self.floor_median, 1),
            "writer_median_ms": round(self.writer_median, 1),
            "ratio": round(self.ratio, 2),
            "goal_ratio": GOAL_RATIO,
            "goal_met": self.ratio <= GOAL_RATIO,
            "floor_bytes": self.floor_bytes,
            "writer_bytes": self.writer_bytes,
            "build_s": self.build_s,
            "load_s": self.load_s,
            "python": platform.python_version(),
        }


def measure(laporan: Laporan, repeat: int) -> tuple[list[float], list[float], int, int]:
    grid = floor_grid(laporan)
    tulis_floor(grid)  # warm-up
    tulis_xlsx(laporan)
    floor: list[float] = []
    writer: list[float] = []
    fb = wb = 0
    for i in range(repeat):
        pair = [("floor", lambda: tulis_floor(grid)), ("writer", lambda: tulis_xlsx(laporan))]
        if i % 2:
            pair.reverse()
        for name, f in pair:
            ms, size = _ms(f)
            if name == "floor":
                floor.append(ms)
                fb = size
            else:
                writer.append(ms)
                wb = size
            log(f"  run {i + 1} {name}: {ms:.0f} ms")
    return floor, writer, fb, wb


def table(h: Hasil) -> str:
    lines = [
        f"Laporan bulanan seluruh provinsi: {h.sub_kegiatan} sub kegiatan, {h.pd} PD, "
        f"{h.rows} baris, {h.cells} sel (sumber: {h.source}; susun laporan {h.build_s} s)",
        f"{'langkah':<44}{'median ms':>11}{'min':>9}{'max':>9}{'MB':>8}",
        "-" * 81,
        f"{'floor: openpyxl write-only, nilai polos':<44}{h.floor_median:>11.0f}"
        f"{min(h.floor_ms):>9.0f}{max(h.floor_ms):>9.0f}{h.floor_bytes / 1e6:>8.2f}",
        f"{'tulis_xlsx: format Lampiran II lengkap':<44}{h.writer_median:>11.0f}"
        f"{min(h.writer_ms):>9.0f}{max(h.writer_ms):>9.0f}{h.writer_bytes / 1e6:>8.2f}",
        "-" * 81,
        f"rasio {h.ratio:.2f} (sasaran <= {GOAL_RATIO:.0f}): "
        + ("TERCAPAI" if h.ratio <= GOAL_RATIO else "BELUM TERCAPAI"),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sub-kegiatan", type=int, default=8000)
    ap.add_argument("--pd", type=int, default=45)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--source", choices=("db", "memory"), default="db")
    ap.add_argument("--json", action="store_true", help="print machine-readable results only")
    ap.add_argument("--keep", type=Path, help="also save the report here (.xlsx)")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    log(f"building the report ({args.source}, {args.sub_kegiatan} sub kegiatan, {args.pd} PD)")
    if args.source == "db":
        laporan, info = laporan_dari_db(args.sub_kegiatan, args.pd, args.seed)
    else:
        laporan, info = laporan_dari_memori(args.sub_kegiatan, args.pd, args.seed)
    (t,) = laporan.tabel
    if args.keep:
        args.keep.write_bytes(tulis_xlsx(laporan))
    floor, writer, fb, wb = measure(laporan, args.repeat)
    h = Hasil(
        args.source,
        args.sub_kegiatan,
        args.pd,
        len(t.baris),
        (t.baris_kepala + 1 + len(t.baris)) * len(t.kolom),
        floor,
        writer,
        fb,
        wb,
        info["build_s"],
        info.get("load_s"),
    )
    if args.json:
        print(json.dumps(h.to_json(), indent=2))
    else:
        print(table(h))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
