"""Benchmark: the full-province capaian tree against a plain-SQL floor, on SQLite and PostgreSQL.

For every backend and size a fresh database is made (a temporary SQLite file; a PostgreSQL database
``sakip_bench_<random>`` created here and dropped at the end, also on error), its schema comes only
from the Alembic migrations, and a deterministic synthetic province is loaded into the real tables
(``core.persistence.bulk``: Core ``insert()`` executemany through the real column types).

Work: ``core.services.build_capaian_tree`` for one month (2026-03) and one quarter (2026-Q1), the
call the bot and the API make. Floor: one plain SQL SELECT, through the same engine, that fetches the
rows the service needs for that period (the year's nodes joined with their ROPP months and latest
realisasi for the period's months), all rows into Python. Floor and service are measured alternately
after one warm-up; median and p95 over ``--repeat`` runs. Each tree is checked once against an
independent computation (exact fractions) from the floor rows; a mismatch stops the run.

    python bench/rollup.py                                 # SQLite and PostgreSQL, 1000 and 8000
    python bench/rollup.py --sizes 1000,8000,64000 --backend postgresql --json
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, bindparam, func, select, text
from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ (pg_sementara)

from core import services  # noqa: E402
from core.capaian import Arah  # noqa: E402
from core.cascade import (  # noqa: E402
    CascadeNode,
    Indikator,
    Kelompok,
    PerangkatDaerah,
    Saluran,
    Tingkat,
    validate_cascade,
)
from core.periode import Periode  # noqa: E402
from core.persistence import bulk  # noqa: E402
from core.persistence.db import make_engine, make_session_factory, upgrade  # noqa: E402
from core.persistence.models import Base  # noqa: E402
from core.persistence.uow import SqlUnitOfWork  # noqa: E402
from core.rollup import HasilSimpul  # noqa: E402
from core.ropp import RencanaBulan, Ropp, validate_ropp  # noqa: E402
from tests.pg_sementara import pg_sementara  # noqa: E402

TAHUN = 2026
PERIODES = (Periode.bulanan(TAHUN, 3), Periode.triwulan(TAHUN, 1))
DEFAULT_SIZES = (1000, 8000)
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
GOAL_RATIO = 3.0
D = Decimal


class BenchError(RuntimeError):
    """The tree does not match the independent computation, or the data is not what was loaded."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- synthetic province
_PD_NAMA = [
    ("Dinas Pendidikan dan Kebudayaan", "Dindikbud", Kelompok.I),
    ("Dinas Kesehatan", "Dinkes", Kelompok.I),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", Kelompok.II),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", "Disperkim", Kelompok.II),
    ("Satuan Polisi Pamong Praja", "Satpol PP", Kelompok.I),
    ("Dinas Sosial", "Dinsos", Kelompok.I),
    ("Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", Kelompok.II),
    ("Dinas Lingkungan Hidup dan Kehutanan", "DLHK", Kelompok.II),
    ("Dinas Perhubungan", "Dishub", Kelompok.II),
    ("Dinas Komunikasi, Informatika, Statistik dan Persandian", "Diskominfo", Kelompok.III),
    ("Dinas Pertanian", "Distan", Kelompok.II),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", Kelompok.III),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", Kelompok.III),
    ("Inspektorat", "Inspektorat", Kelompok.III),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", Kelompok.I),
]
_SUB_NAMA = [
    "Penyediaan Gaji dan Tunjangan ASN",
    "Penyediaan Jasa Surat Menyurat",
    "Penyediaan Peralatan dan Perlengkapan Kantor",
    "Pemeliharaan Peralatan dan Mesin Lainnya",
    "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
    "Evaluasi Kinerja Perangkat Daerah",
    "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
    "Pembangunan Jalan",
    "Rehabilitasi Ruang Kelas Sekolah",
    "Pengadaan Obat, Bahan Habis Pakai, Alat Kesehatan",
    "Pelatihan Berbasis Kompetensi",
]
_BOBOT_LAIN = (D("0.5"), D("1.5"), D(2), D(3))


@dataclass
class Provinsi:
    pds: list[PerangkatDaerah]
    nodes: list[CascadeNode]  # parents before children
    sub_kegiatan: list[tuple[str, Decimal]]  # (kode, pagu) of every leaf

    def count(self, tingkat: Tingkat) -> int:
        return sum(1 for n in self.nodes if n.tingkat == tingkat)


def _partition(rng: random.Random, n: int, k: int) -> list[int]:
    """Sizes of ``k`` non-empty parts of ``n`` items, uniformly random cut points."""
    cuts = sorted(rng.sample(range(1, n), k - 1))
    bounds = [0, *cuts, n]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights`` that sum to exactly ``total``."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _groups(rng: random.Random, kids: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Two indicator groups that cover ``kids``, overlapping half of the time (Lampiran II: K1, K2
    under both Indikator Program A and B)."""
    shuffled = kids[:]
    rng.shuffle(shuffled)
    c = rng.randrange(1, len(shuffled))
    a, b = shuffled[:c], shuffled[c:]
    if rng.random() < 0.5:
        b.append(rng.choice(a))
    return tuple(sorted(a)), tuple(sorted(b))


def _weight(rng: random.Random) -> Decimal:
    """Equal weights mostly; about one node in ten carries a weight set by the head of the PD."""
    return rng.choice(_BOBOT_LAIN) if rng.random() < 0.1 else D(1)


def _ind(uraian: str, target: str = "100", anak: tuple[str, ...] = ()) -> Indikator:
    return Indikator(uraian, "persen", D(target), Arah.NAIK, anak_kode=anak)


def synthetic_province(n_sub: int, n_pd: int, seed: int) -> Provinsi:
    """tujuan -> sasaran daerah -> per PD 2-3 sasaran PD -> program -> kegiatan -> sub kegiatan."""
    if n_pd < 1 or n_sub < 3 * n_pd:
        raise SystemExit(f"--sub-kegiatan must be at least 3 x --pd ({3 * n_pd})")
    rng = random.Random(seed)
    pds: list[PerangkatDaerah] = []
    for i in range(1, n_pd + 1):
        nama, singkat, kelompok = _PD_NAMA[(i - 1) % len(_PD_NAMA)]
        if i > len(_PD_NAMA):
            nama, singkat = f"{nama} {i}", f"{singkat}{i}"
        pds.append(PerangkatDaerah(f"1.{i:02d}.0.00.0.00.01.0000", nama, singkat, kelompok))
    nodes: list[CascadeNode] = []
    n_tujuan, n_sd = 5, 12
    for t in range(1, n_tujuan + 1):
        nodes.append(
            CascadeNode(
                f"T{t}",
                Tingkat.TUJUAN,
                f"Tujuan {t}",
                indikator=(_ind(f"Indikator tujuan {t}", "73.5"),),
            )
        )
    for s in range(1, n_sd + 1):
        nodes.append(
            CascadeNode(
                f"SD{s:02d}",
                Tingkat.SASARAN_DAERAH,
                f"Sasaran daerah {s}",
                f"T{(s - 1) % n_tujuan + 1}",
                indikator=(_ind(f"Indikator sasaran daerah {s}", "80"),),
            )
        )
    # sub kegiatan per PD: 3 each, the rest in proportion to a random size of the PD
    per_pd = [
        3 + x for x in _largest_remainder(n_sub - 3 * n_pd, [rng.uniform(0.4, 1.6) for _ in pds])
    ]
    subs: list[tuple[str, Decimal]] = []
    for i, (pd, s) in enumerate(zip(pds, per_pd, strict=True), start=1):
        n_sas = rng.choice((2, 3))
        n_keg = min(s, max(n_sas, round(s / rng.uniform(3, 5))))
        n_prog = min(n_keg, max(n_sas, round(n_keg / rng.uniform(2.5, 4))))
        sub_per_keg = iter(_partition(rng, s, n_keg))
        keg_per_prog = iter(_partition(rng, n_keg, n_prog))
        prog_per_sas = _partition(rng, n_prog, n_sas)
        level: dict[Tingkat, list[CascadeNode]] = defaultdict(list)
        p_no = 0
        for si, n_p in enumerate(prog_per_sas, start=1):
            sas = f"PD{i:02d}.S{si}"
            programs: list[str] = []
            for _ in range(n_p):
                p_no += 1
                prog = f"PD{i:02d}.{p_no:03d}"
                programs.append(prog)
                kegiatan: list[str] = []
                for k_no in range(1, next(keg_per_prog) + 1):
                    keg = f"{prog}.{k_no:03d}"
                    kegiatan.append(keg)
                    for u_no in range(1, next(sub_per_keg) + 1):
                        kode = f"{keg}.{u_no:04d}"
                        pagu = D(rng.randrange(25, 2500) * 1_000_000 + rng.randrange(1000) * 1000)
                        subs.append((kode, pagu))
                        level[Tingkat.SUB_KEGIATAN].append(
                            CascadeNode(
                                kode,
                                Tingkat.SUB_KEGIATAN,
                                f"{rng.choice(_SUB_NAMA)} ({kode})",
                                keg,
                                pd.kode,
                                _weight(rng),
                                pagu,
                                indikator=(_ind(f"Jumlah dokumen/keluaran {kode}", "12"),),
                            )
                        )
                    level[Tingkat.KEGIATAN].append(
                        CascadeNode(
                            keg,
                            Tingkat.KEGIATAN,
                            f"Kegiatan {keg}",
                            prog,
                            pd.kode,
                            _weight(rng),
                            indikator=(_ind(f"Persentase keluaran kegiatan {keg}"),),
                        )
                    )
                if len(kegiatan) >= 2 and rng.random() < 0.25:
                    a, b = _groups(rng, kegiatan)
                    ind_p: tuple[Indikator, ...] = (
                        _ind(f"Indikator Program A {prog}", "100", a),
                        _ind(f"Indikator Program B {prog}", "3", b),
                    )
                else:
                    ind_p = (_ind(f"Indikator program {prog}"),)
                level[Tingkat.PROGRAM].append(
                    CascadeNode(
                        prog,
                        Tingkat.PROGRAM,
                        f"Program {prog}",
                        sas,
                        pd.kode,
                        _weight(rng),
                        indikator=ind_p,
                    )
                )
            if len(programs) >= 2 and rng.random() < 0.35:
                a, b = _groups(rng, programs)
                ind_s: tuple[Indikator, ...] = (
                    _ind(f"Indikator Sasaran A {sas}", "2.5", a),
                    _ind(f"Indikator Sasaran B {sas}", "3", b),
                )
            else:
                ind_s = (_ind(f"Indikator sasaran {sas}"),)
            level[Tingkat.SASARAN_PD].append(
                CascadeNode(
                    sas,
                    Tingkat.SASARAN_PD,
                    f"Sasaran {pd.singkatan} {si}",
                    f"SD{rng.randrange(1, n_sd + 1):02d}",
                    pd.kode,
                    indikator=ind_s,
                )
            )
        for t in (Tingkat.SASARAN_PD, Tingkat.PROGRAM, Tingkat.KEGIATAN, Tingkat.SUB_KEGIATAN):
            nodes.extend(level[t])
    return Provinsi(pds, nodes, subs)


def ropp_and_realisasi(
    rng: random.Random, kode: str, pagu: Decimal
) -> tuple[Ropp, list[bulk.RealisasiMassal]]:
    """Twelve ROPP months (bobot sums to exactly 100.00, anggaran kas to the pagu) and a
    realisasi for every month; about one month in twelve was corrected once (revisi 2)."""
    aktif = [rng.random() >= 0.25 for _ in range(12)]
    if not any(aktif):
        aktif[rng.randrange(12)] = True
    w = [rng.random() + 0.05 if a else 0.0 for a in aktif]
    cents = _largest_remainder(10_000, w)
    w_kas = [x if x else (rng.random() * 0.5 if rng.random() < 0.15 else 0.0) for x in w]
    rupiah = _largest_remainder(int(pagu), w_kas)
    ropp = Ropp(
        kode,
        TAHUN,
        tuple(
            RencanaBulan(m, D(c).scaleb(-2), D(r))
            for m, (c, r) in enumerate(zip(cents, rupiah, strict=True), start=1)
        ),
        pagu,
    )
    real: list[bulk.RealisasiMassal] = []
    for m, (c, r) in enumerate(zip(cents, rupiah, strict=True), start=1):
        dibuat = datetime(TAHUN + m // 12, m % 12 + 1, rng.randint(1, 12), 2, tzinfo=UTC)
        terlambat = dibuat.day > 8
        rb = D(c * rng.randint(55, 100) // 100).scaleb(-2)
        ra = D(r * rng.randint(50, 100) // 100)
        if rng.random() < 1 / 12:
            real.append(
                bulk.RealisasiMassal(
                    kode,
                    m,
                    1,
                    False,
                    D(c // 3).scaleb(-2),
                    D(r // 3),
                    Saluran.BOT,
                    dibuat,
                    terlambat,
                )
            )
            real.append(
                bulk.RealisasiMassal(
                    kode,
                    m,
                    2,
                    True,
                    rb,
                    ra,
                    Saluran.DASHBOARD,
                    dibuat.replace(hour=7),
                    terlambat,
                    alasan_koreksi="Salah ketik",
                )
            )
        else:
            real.append(
                bulk.RealisasiMassal(kode, m, 1, True, rb, ra, Saluran.BOT, dibuat, terlambat)
            )
    return ropp, real


@dataclass
class LoadStats:
    nodes: int
    sub_kegiatan: int
    kegiatan: int
    program: int
    sasaran_pd: int
    grouped_indicators: int
    ropp_rows: int
    realisasi_rows: int
    seconds: float


def load_province(engine: Engine, prov: Provinsi, seed: int) -> LoadStats:
    t0 = time.perf_counter()
    masalah = validate_cascade(prov.nodes, pd_kode=[p.kode for p in prov.pds])
    if masalah:
        raise BenchError(f"synthetic cascade invalid: {masalah[:3]}")
    rng = random.Random(seed * 7919 + 1)
    n_ropp = n_real = 0
    with engine.begin() as conn:
        bulk.insert_pd(conn, prov.pds)
        ids = bulk.insert_nodes(conn, TAHUN, prov.nodes)
        for start in range(0, len(prov.sub_kegiatan), 1000):
            ropps: list[Ropp] = []
            reals: list[bulk.RealisasiMassal] = []
            for kode, pagu in prov.sub_kegiatan[start : start + 1000]:
                ropp, real = ropp_and_realisasi(rng, kode, pagu)
                masalah = validate_ropp(ropp)
                if masalah:
                    raise BenchError(f"synthetic ROPP invalid: {masalah[:3]}")
                ropps.append(ropp)
                reals.extend(real)
            n_ropp += bulk.insert_ropp(conn, TAHUN, ropps, ids)
            n_real += bulk.insert_realisasi(conn, TAHUN, reals, ids)
    if engine.dialect.name == "postgresql":
        # what autovacuum would have done by the time anyone asks for a report
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    grouped = sum(1 for n in prov.nodes for i in n.indikator if i.anak_kode)
    return LoadStats(
        nodes=len(prov.nodes),
        sub_kegiatan=len(prov.sub_kegiatan),
        kegiatan=prov.count(Tingkat.KEGIATAN),
        program=prov.count(Tingkat.PROGRAM),
        sasaran_pd=prov.count(Tingkat.SASARAN_PD),
        grouped_indicators=grouped,
        ropp_rows=n_ropp,
        realisasi_rows=n_real,
        seconds=time.perf_counter() - t0,
    )


def check_loaded(engine: Engine, n_sub: int) -> None:
    """Read back through the real column types: every ROPP sums to exactly 100 and every
    sub-kegiatan-month has exactly one latest realisasi."""
    ropp = Base.metadata.tables["ropp_bulan"]
    real = Base.metadata.tables["realisasi"]
    total: dict[int, Decimal] = defaultdict(Decimal)
    months: dict[int, int] = defaultdict(int)
    with engine.connect() as conn:
        for node_id, bobot in conn.execute(select(ropp.c.node_id, ropp.c.target_bobot)):
            total[node_id] += bobot
            months[node_id] += 1
        terkini = conn.scalar(select(func.count()).select_from(real).where(real.c.terkini))
    bad = [k for k, v in total.items() if v != D(100) or months[k] != 12]
    if len(total) != n_sub or bad:
        raise BenchError(f"ROPP read back wrong: {len(total)} sub kegiatan, {len(bad)} not 100")
    if terkini != 12 * n_sub:
        raise BenchError(f"{terkini} latest realisasi, expected {12 * n_sub}")


# ----------------------------------------------------------------------------- floor and service
FLOOR_SQL = text(
    """
    SELECT n.kode, n.tingkat, n.nama, p.kode AS induk_kode, d.kode AS pd_kode, n.bobot_relatif,
           r.bulan, r.target_bobot, r.anggaran_kas, x.realisasi_bobot, x.realisasi_anggaran
    FROM cascade_node n
    LEFT JOIN cascade_node p ON p.id = n.induk_id
    LEFT JOIN perangkat_daerah d ON d.id = n.pd_id
    LEFT JOIN ropp_bulan r ON r.node_id = n.id AND r.bulan IN :bulan
    LEFT JOIN realisasi x ON x.node_id = r.node_id AND x.bulan = r.bulan AND x.terkini
    WHERE n.tahun = :tahun
    """
).bindparams(bindparam("bulan", expanding=True))

ANAK_SQL = text(
    """
    SELECT p.kode, i.urutan, c.kode
    FROM indikator_anak a
    JOIN indikator i ON i.id = a.indikator_id
    JOIN cascade_node p ON p.id = i.node_id
    JOIN cascade_node c ON c.id = a.node_id
    WHERE p.tahun = :tahun
    """
)


def _typed_floor_stmt() -> Any:
    """The same SELECT through the real column types (DecimalType converts every decimal)."""
    t = Base.metadata.tables
    n, p = t["cascade_node"].alias("n"), t["cascade_node"].alias("p")
    d, r, x = (
        t["perangkat_daerah"].alias("d"),
        t["ropp_bulan"].alias("r"),
        t["realisasi"].alias("x"),
    )
    return (
        select(
            n.c.kode,
            n.c.tingkat,
            n.c.nama,
            p.c.kode,
            d.c.kode,
            n.c.bobot_relatif,
            r.c.bulan,
            r.c.target_bobot,
            r.c.anggaran_kas,
            x.c.realisasi_bobot,
            x.c.realisasi_anggaran,
        )
        .select_from(
            n.outerjoin(p, p.c.id == n.c.induk_id)
            .outerjoin(d, d.c.id == n.c.pd_id)
            .outerjoin(
                r, and_(r.c.node_id == n.c.id, r.c.bulan.in_(bindparam("bulan", expanding=True)))
            )
            .outerjoin(x, and_(x.c.node_id == r.c.node_id, x.c.bulan == r.c.bulan, x.c.terkini))
        )
        .where(n.c.tahun == bindparam("tahun"))
    )


TYPED_FLOOR = _typed_floor_stmt()


def typed_floor_rows(engine: Engine, periode: Periode) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                TYPED_FLOOR, {"tahun": periode.tahun, "bulan": list(periode.bulan)}
            ).fetchall()
        )


def floor_rows(engine: Engine, periode: Periode) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                FLOOR_SQL, {"tahun": periode.tahun, "bulan": list(periode.bulan)}
            ).fetchall()
        )


def service_tree(uow_factory: Callable[[], SqlUnitOfWork], periode: Periode) -> HasilSimpul:
    return services.build_capaian_tree(uow_factory(), periode.tahun, periode)


# ----------------------------------------------------------------------------- verification
def _frac(v: Any) -> Fraction:
    return Fraction(v) if isinstance(v, Decimal | int) else Fraction(str(v))


@dataclass
class _Exact:
    target_bobot: Fraction
    realisasi_bobot: Fraction
    leaves: frozenset[str]


def independent(rows: Sequence[Any], anak_rows: Sequence[Any]) -> dict[str, Any]:
    """The province figures from the floor rows, in exact fractions, without core.rollup.

    Leaf: sums over the period's months. Inner node: weighted mean (bobot_relatif) of its children;
    where its indicators name children, the plain mean of the indicators, each the weighted mean of
    its children. PD: weighted mean of its sasaran PD; province: plain mean of the PDs. Anggaran and
    report counters: sums over the distinct sub kegiatan underneath.
    """
    zero = Fraction(0)
    info: dict[str, tuple[str, str | None, str | None, Fraction]] = {}
    leaf: dict[str, list[Any]] = {}
    for kode, tingkat, _nama, induk, pd, bobot, bulan, tb, ta, rb, ra in rows:
        if kode not in info:
            info[kode] = (tingkat, induk, pd, _frac(bobot))
        if tingkat == "sub_kegiatan":
            acc = leaf.setdefault(kode, [zero, zero, zero, zero, 0, 0])
            if bulan is None:
                continue
            tbf, taf = _frac(tb), _frac(ta)
            acc[0] += tbf
            acc[2] += taf
            if rb is not None:
                acc[1] += _frac(rb)
            if ra is not None:
                acc[3] += _frac(ra)
            if tbf or taf:
                acc[5] += 1
                if (rb is not None or not tbf) and (ra is not None or not taf):
                    acc[4] += 1
    children: dict[str, list[str]] = defaultdict(list)
    roots: dict[str, list[str]] = defaultdict(list)
    for kode, (tingkat, induk, pd, _w) in info.items():
        if tingkat == "sasaran_pd":
            roots[pd or "-"].append(kode)
        elif tingkat in ("program", "kegiatan", "sub_kegiatan") and induk is not None:
            children[induk].append(kode)
    groups: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for parent, urutan, child in anak_rows:
        groups[parent][urutan].append(child)

    memo: dict[str, _Exact] = {}

    def wmean(kids: Sequence[str]) -> tuple[Fraction, Fraction, frozenset[str]]:
        if not kids:
            return zero, zero, frozenset()
        vals = [value(k) for k in kids]
        ws = [info[k][3] for k in kids]
        sw = sum(ws, zero)
        return (
            sum((w * v.target_bobot for w, v in zip(ws, vals, strict=True)), zero) / sw,
            sum((w * v.realisasi_bobot for w, v in zip(ws, vals, strict=True)), zero) / sw,
            frozenset().union(*(v.leaves for v in vals)),
        )

    def value(kode: str) -> _Exact:
        if kode in memo:
            return memo[kode]
        if info[kode][0] == "sub_kegiatan":
            acc = leaf[kode]
            out = _Exact(acc[0], acc[1], frozenset((kode,)))
        elif kode in groups:
            kids = set(children[kode])
            parts = [wmean([k for k in g if k in kids]) for _, g in sorted(groups[kode].items())]
            n = len(parts)
            out = _Exact(
                sum((p[0] for p in parts), zero) / n,
                sum((p[1] for p in parts), zero) / n,
                frozenset().union(*(p[2] for p in parts)),
            )
        else:
            out = _Exact(*wmean(children[kode]))
        memo[kode] = out
        return out

    pd_vals: dict[str, tuple[Fraction, Fraction, frozenset[str]]] = {
        pd: wmean(sas) for pd, sas in roots.items()
    }
    n_pd = len(pd_vals)
    used = frozenset().union(*(v[2] for v in pd_vals.values()))
    return {
        "target_bobot": sum((v[0] for v in pd_vals.values()), zero) / n_pd,
        "realisasi_bobot": sum((v[1] for v in pd_vals.values()), zero) / n_pd,
        "target_anggaran": sum((leaf[k][2] for k in used), zero),
        "realisasi_anggaran": sum((leaf[k][3] for k in used), zero),
        "dilaporkan": sum(leaf[k][4] for k in used),
        "wajib_lapor": sum(leaf[k][5] for k in used),
        "jumlah_sub_kegiatan": len(used),
        "pd_target_bobot": {pd: v[0] for pd, v in pd_vals.items()},
    }


def _close(a: Decimal, b: Fraction) -> bool:
    """Equal up to the rounding of 34-digit means (a few levels deep)."""
    return abs(Fraction(a) - b) <= Fraction(1, 10**25) * max(1, abs(b))


def verify(
    engine: Engine,
    tree: HasilSimpul,
    rows: Sequence[Any],
    n_sub: int,
    n_pd: int,
) -> dict[str, Any]:
    with engine.connect() as conn:
        anak_rows = conn.execute(ANAK_SQL, {"tahun": TAHUN}).fetchall()
    exp = independent(rows, anak_rows)
    a = tree.angka
    problems: list[str] = []
    for name in ("target_bobot", "realisasi_bobot"):
        if not _close(getattr(a, name), exp[name]):
            problems.append(f"province {name}: tree {getattr(a, name)} != {float(exp[name])!r}")
    for name in (
        "target_anggaran",
        "realisasi_anggaran",
        "dilaporkan",
        "wajib_lapor",
        "jumlah_sub_kegiatan",
    ):
        if Fraction(getattr(a, name)) != exp[name]:
            problems.append(f"province {name}: tree {getattr(a, name)} != {exp[name]}")
    if exp["jumlah_sub_kegiatan"] != n_sub or len(tree.anak) != n_pd:
        problems.append(
            f"tree covers {a.jumlah_sub_kegiatan} sub kegiatan in {len(tree.anak)} PD, "
            f"loaded {n_sub} in {n_pd}"
        )
    for pd in tree.anak:
        want = exp["pd_target_bobot"].get(pd.kode)
        if want is None or not _close(pd.angka.target_bobot, want):
            problems.append(
                f"PD {pd.kode} target_bobot: tree {pd.angka.target_bobot} != "
                f"{None if want is None else float(want)!r}"
            )
    if problems:
        raise BenchError(
            "capaian tree does not match the independent computation:\n  "
            + "\n  ".join(problems[:10])
        )
    ck = a.capaian_kinerja.nilai
    return {
        "target_bobot": str(round(a.target_bobot, 6)),
        "realisasi_bobot": str(round(a.realisasi_bobot, 6)),
        "capaian_kinerja": None if ck is None else str(round(ck, 4)),
        "target_anggaran": str(a.target_anggaran),
        "dilaporkan": a.dilaporkan,
        "wajib_lapor": a.wajib_lapor,
    }


# ----------------------------------------------------------------------------- measurement
def _ms(ns: int) -> float:
    return ns / 1e6


def _p95(xs: Sequence[float]) -> float:
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


@dataclass
class Result:
    backend: str
    sub_kegiatan: int
    periode: str
    floor_ms: list[float] = field(default_factory=list)
    typed_floor_ms: list[float] = field(default_factory=list)
    service_ms: list[float] = field(default_factory=list)
    rows_floor: int = 0
    rows_service: int = 0
    province: dict[str, Any] = field(default_factory=dict)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor_ms)

    @property
    def typed_floor_median(self) -> float:
        return statistics.median(self.typed_floor_ms)

    @property
    def service_median(self) -> float:
        return statistics.median(self.service_ms)

    @property
    def ratio(self) -> float:
        return self.service_median / self.floor_median

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(
            floor_median_ms=round(self.floor_median, 3),
            floor_p95_ms=round(_p95(self.floor_ms), 3),
            typed_floor_median_ms=round(self.typed_floor_median, 3),
            service_median_ms=round(self.service_median, 3),
            service_p95_ms=round(_p95(self.service_ms), 3),
            ratio=round(self.ratio, 3),
            goal_met=self.ratio <= GOAL_RATIO,
        )
        d["floor_ms"] = [round(x, 3) for x in self.floor_ms]
        d["typed_floor_ms"] = [round(x, 3) for x in self.typed_floor_ms]
        d["service_ms"] = [round(x, 3) for x in self.service_ms]
        return d


def service_row_count(uow_factory: Callable[[], SqlUnitOfWork], periode: Periode) -> int:
    with uow_factory() as uow:
        r = uow.repo.capaian_rows(periode.tahun, periode.bulan)
    return (
        len(r.baris)
        + sum(len(a) for g in r.indikator_anak.values() for _i, _u, a in g)
        + len(r.pd_nama)
    )


def measure(
    backend: str,
    engine: Engine,
    n_sub: int,
    n_pd: int,
    periode: Periode,
    repeat: int,
    profile: bool,
) -> Result:
    factory = make_session_factory(engine)

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory)

    res = Result(backend, n_sub, periode.kode)
    # warm-up (also fills the statement caches), then the one correctness check
    rows = floor_rows(engine, periode)
    typed = typed_floor_rows(engine, periode)
    tree = service_tree(uow_factory, periode)
    if len(typed) != len(rows):
        raise BenchError(f"typed floor fetched {len(typed)} rows, plain floor {len(rows)}")
    res.rows_floor = len(rows)
    res.rows_service = service_row_count(uow_factory, periode)
    res.province = verify(engine, tree, rows, n_sub, n_pd)
    del rows, typed, tree
    runs: dict[str, tuple[Callable[[], object], list[float]]] = {
        "floor": (lambda: floor_rows(engine, periode), res.floor_ms),
        "typed": (lambda: typed_floor_rows(engine, periode), res.typed_floor_ms),
        "service": (lambda: service_tree(uow_factory, periode), res.service_ms),
    }
    for i in range(repeat):
        # alternate, and swap the order every run so neither side always goes first
        order = ("floor", "typed", "service") if i % 2 == 0 else ("service", "typed", "floor")
        for what in order:
            fn, out = runs[what]
            gc.collect()
            t0 = time.perf_counter_ns()
            fn()
            out.append(_ms(time.perf_counter_ns() - t0))
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        service_tree(uow_factory, periode)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(25)
        log(f"--- cProfile {backend} {n_sub} {periode.kode} (by tottime) ---\n{buf.getvalue()}")
    return res


# ----------------------------------------------------------------------------- databases
@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="sakip_bench_") as d:
        yield f"sqlite:///{Path(d) / 'bench.db'}"


def run_one(
    backend: str, n_sub: int, args: argparse.Namespace
) -> tuple[dict[str, Any], list[Result]]:
    ctx = sqlite_database() if backend == "sqlite" else pg_sementara(args.pg_url, "sakip_bench_")
    t_start = time.perf_counter()
    with ctx as url:
        t0 = time.perf_counter()
        upgrade(url)
        migrate_s = time.perf_counter() - t0
        engine = make_engine(url)
        try:
            prov = synthetic_province(n_sub, args.pd, args.seed)
            stats = load_province(engine, prov, args.seed)
            del prov
            check_loaded(engine, n_sub)
            log(
                f"[{backend} {n_sub}] loaded {stats.nodes} nodes, {stats.ropp_rows} ROPP months, "
                f"{stats.realisasi_rows} realisasi rows in {stats.seconds:.1f} s "
                f"(migrations {migrate_s:.1f} s)"
            )
            results = []
            for periode in PERIODES:
                t1 = time.perf_counter()
                r = measure(backend, engine, n_sub, args.pd, periode, args.repeat, args.profile)
                log(
                    f"[{backend} {n_sub}] {periode.kode}: floor {r.floor_median:.1f} ms, "
                    f"service {r.service_median:.1f} ms, ratio {r.ratio:.2f} "
                    f"({time.perf_counter() - t1:.1f} s)"
                )
                results.append(r)
        finally:
            engine.dispose()
    info = asdict(stats) | {"backend": backend, "migrate_s": round(migrate_s, 2)}
    info["seconds"] = round(stats.seconds, 2)
    info["total_s"] = round(time.perf_counter() - t_start, 1)
    log(f"[{backend} {n_sub}] done in {info['total_s']:.0f} s")
    return info, results


# ----------------------------------------------------------------------------- report
def _label(p: str) -> str:
    return f"triwulan {p}" if "Q" in p else f"bulan {p}"


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'backend':<11}{'sub keg':>8}  {'periode':<17}{'floor ms':>10}{'p95':>9}"
        f"{'typed ms':>10}{'service ms':>12}{'p95':>10}{'ratio':>7}{'rows floor':>12}"
        f"{'rows service':>14}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.backend:<11}{r.sub_kegiatan:>8}  {_label(r.periode):<17}"
            f"{r.floor_median:>10.1f}{_p95(r.floor_ms):>9.1f}{r.typed_floor_median:>10.1f}"
            f"{r.service_median:>12.1f}{_p95(r.service_ms):>10.1f}{r.ratio:>7.2f}"
            f"{r.rows_floor:>12}{r.rows_service:>14}"
        )
    return "\n".join(lines)


def linearity(results: Sequence[Result]) -> dict[str, dict[str, dict[int, float]]]:
    """ms per 1000 sub kegiatan, by backend/periode, for the floor and the service."""
    out: dict[str, dict[str, dict[int, float]]] = {}
    for r in results:
        key = f"{r.backend} {_label(r.periode)}"
        d = out.setdefault(key, {"floor": {}, "service": {}})
        d["floor"][r.sub_kegiatan] = round(r.floor_median / r.sub_kegiatan * 1000, 2)
        d["service"][r.sub_kegiatan] = round(r.service_median / r.sub_kegiatan * 1000, 2)
    return out


def linearity_lines(lin: dict[str, dict[str, dict[int, float]]]) -> str:
    lines = ["ms per 1000 sub kegiatan (service | floor):"]
    for key, d in lin.items():
        parts = [f"{n}: {d['service'][n]:.1f} | {d['floor'][n]:.1f}" for n in sorted(d["service"])]
        lines.append(f"  {key:<30} " + ";  ".join(parts))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--sub-kegiatan", type=int, help="run this one size only")
    size.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated sizes (default %(default)s)",
    )
    ap.add_argument("--pd", type=int, default=45, help="Perangkat Daerah (default %(default)s)")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs each (default %(default)s)")
    ap.add_argument(
        "--pg-url",
        default=os.environ.get("SAKIP_BENCH_PG_URL", DEFAULT_PG_URL),
        help="PostgreSQL server; a database is created and dropped there (default %(default)s)",
    )
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--json", action="store_true", help="print machine-readable results only")
    ap.add_argument("--profile", action="store_true", help="cProfile one extra service call")
    args = ap.parse_args(argv)
    args.sizes = (
        [args.sub_kegiatan]
        if args.sub_kegiatan
        else [int(s) for s in str(args.sizes).split(",") if s.strip()]
    )
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    t0 = time.perf_counter()
    loads: list[dict[str, Any]] = []
    results: list[Result] = []
    try:
        for backend in backends:
            for n in args.sizes:
                info, res = run_one(backend, n, args)
                loads.append(info)
                results.extend(res)
    except BenchError as exc:
        log(f"FAILED: {exc}")
        return 1
    except OperationalError as exc:
        log(f"FAILED: database not reachable or refused the work: {exc.orig or exc}")
        return 2
    total = time.perf_counter() - t0
    lin = linearity(results)
    met = all(r.ratio <= GOAL_RATIO for r in results)
    if args.json:
        out = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "config": {
                "sizes": args.sizes,
                "pd": args.pd,
                "repeat": args.repeat,
                "seed": args.seed,
                "backends": backends,
                "periodes": [p.kode for p in PERIODES],
            },
            "loads": loads,
            "results": [r.to_json() for r in results],
            "linearity_ms_per_1000": {
                k: {w: {str(n): v for n, v in d.items()} for w, d in x.items()}
                for k, x in lin.items()
            },
            "goal_ratio": GOAL_RATIO,
            "goal_met": met,
            "total_s": round(total, 1),
        }
        print(json.dumps(out, indent=2))
    else:
        print(table(results))
        print()
        print(linearity_lines(lin))
        print()
        for info in loads:
            print(
                f"load {info['backend']:<10} {info['sub_kegiatan']:>6} sub kegiatan: "
                f"{info['nodes']} nodes ({info['sasaran_pd']} sasaran PD, {info['program']} program, "
                f"{info['kegiatan']} kegiatan, {info['grouped_indicators']} grouped indicators), "
                f"{info['ropp_rows']} ROPP months, {info['realisasi_rows']} realisasi rows; "
                f"load {info['seconds']:.1f} s, whole size {info['total_s']:.0f} s"
            )
        print(
            f"\nverified: every tree matches the independent computation. "
            f"goal (service <= {GOAL_RATIO:g}x floor): {'met' if met else 'NOT met'}. "
            f"total {total:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
