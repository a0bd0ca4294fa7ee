"""Benchmark: one lever at a time against ``bot_latency.py``'s ratio, runs interleaved.

``bot_latency.py`` measures the product as it is. This script runs the same echo and /lapor cases
(its ``run_case``: 200 officials, the fake Bot API in the process, a fresh migrated database) with
one part of the bot changed for the measurement only, so that its effect on the ratio can be told
from the machine's spread. The product's code is not changed: the variants are patches applied in
the measuring process.

Variants (``--varian``, repeatable; each run of each variant in a fresh process, the variants
interleaved run after run):

* ``asli``: the product as it is (the reference).
* ``png-siap``: no chart is drawn; a ready 28 KB PNG is sent as the photo at once.
* ``pool-siap``: the chart process returns that ready PNG (the process pool's own cost, no drawing).
* ``grafik-nice``: the chart process at the lowest CPU priority (``nice 19``).
* ``grafik-idle``: the chart process as ``SCHED_IDLE`` (runs only on an otherwise idle core).

``--ukur-db`` also times, from inside the handlers, every short read (``bot.deps.baca``) and every
unit of work on a worker thread (``bot.deps.db``: Kirim's transaction) of /lapor.

    .venv/bin/python bench/bot_latency_tuas.py --varian asli --varian png-siap --runs 3
    .venv/bin/python bench/bot_latency_tuas.py --varian asli --ukur-db --backend postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bot_latency as bl  # noqa: E402
from bot.conversations import lapor  # noqa: E402

PNG_SIAP = b"\x89PNG\r\n\x1a\n" + b"0" * 28_000
VARIAN = ("asli", "png-siap", "pool-siap", "grafik-nice", "grafik-idle")


def png_siap(*_: Any) -> bytes:
    """In the chart process (``pool-siap``): the photo without drawing anything."""
    return PNG_SIAP


def _awasi_dan_turunkan(pid_induk: int, cara: str) -> None:
    """In the chart process: the product's initializer, then the lower priority."""
    lapor._awasi_induk(pid_induk)
    if cara == "nice":
        os.nice(19)
    else:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def _pasang(varian: str) -> None:
    """Patch the measuring process for ``varian`` (before the bot starts)."""
    import multiprocessing

    if varian == "png-siap":

        async def render(*_: Any) -> bytes:
            return PNG_SIAP

        lapor._render_grafik = render  # type: ignore[assignment]
    elif varian == "pool-siap":
        pool: list[ProcessPoolExecutor] = []

        async def render_pool(*args: Any) -> bytes:
            if not pool:
                pool.append(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")))
            return await asyncio.get_running_loop().run_in_executor(pool[0], png_siap, *args)

        lapor._render_grafik = render_pool  # type: ignore[assignment]
    elif varian in ("grafik-nice", "grafik-idle"):
        cara = varian.removeprefix("grafik-")
        asli = ProcessPoolExecutor

        def buat(*args: Any, **kwargs: Any) -> ProcessPoolExecutor:
            kwargs["initializer"] = _awasi_dan_turunkan
            kwargs["initargs"] = (*kwargs.get("initargs", ()), cara)
            return asli(*args, **kwargs)

        lapor.ProcessPoolExecutor = buat  # type: ignore[attr-defined,misc]
    elif varian != "asli":
        raise SystemExit(f"varian tidak dikenal: {varian}")


def _pasang_ukur_db(waktu: dict[str, list[float]]) -> None:
    """Time /lapor's short reads and worker-thread units of work from inside the handlers."""
    baca_asli, db_asli = lapor.baca, lapor.db

    def diukur(fn: Callable[..., Any], nama: str) -> Callable[..., Any]:
        def jalan(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                waktu[nama].append(time.perf_counter() - t)

        return jalan

    async def baca(d: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await baca_asli(d, diukur(fn, f"baca {fn.__name__}"), *args, **kwargs)

    async def db(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await db_asli(diukur(fn, "db (Kirim)"), *args, **kwargs)

    lapor.baca = baca  # type: ignore[assignment]
    lapor.db = db  # type: ignore[assignment]


async def _satu(args: argparse.Namespace) -> dict[str, Any]:
    _pasang(args.satu)
    waktu: dict[str, list[float]] = defaultdict(list)
    if args.ukur_db:
        _pasang_ukur_db(waktu)
    hasil: dict[str, Any] = {"varian": args.satu, "backend": args.backend}
    for kind in ("echo", "lapor"):
        with bl.database(args.backend, args.pg_url) as url:
            if kind == "lapor":
                engine = bl.make_engine(url)
                factory = bl.make_session_factory(engine)
                bl.seed(lambda f=factory: bl.SqlUnitOfWork(f), args.users)  # type: ignore[misc]
                engine.dispose()
            hasil[kind] = await bl.run_case(
                kind, url, args.users, "none", args.persistence_interval
            )
    hasil["db_ms"] = {
        k: (round(bl.pct(v, 0.5) * 1000, 2), round(bl.pct(v, 0.95) * 1000, 2))
        for k, v in sorted(waktu.items())
    }
    return hasil


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--varian", action="append", choices=VARIAN)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument(
        "--pg-url",
        default=os.environ.get("SAKIP_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    p.add_argument("--persistence-interval", type=float, default=1.0)
    p.add_argument("--ukur-db", action="store_true")
    p.add_argument("--satu", help=argparse.SUPPRESS)  # one run of one variant, JSON on stdout
    args = p.parse_args()
    if args.satu:
        print(json.dumps(asyncio.run(_satu(args))))
        return
    semua: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _ in range(args.runs):
        for varian in args.varian or ["asli"]:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--satu", varian]
            cmd += ["--users", str(args.users), "--backend", args.backend, "--pg-url", args.pg_url]
            cmd += ["--persistence-interval", str(args.persistence_interval)]
            cmd += ["--ukur-db"] if args.ukur_db else []
            keluar = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
            r = json.loads(keluar.stdout)
            e, la = r["echo"], r["lapor"]
            rasio = la["proc_p95_ms"] / e["proc_p95_ms"]
            r["rasio"] = rasio
            semua[varian].append(r)
            kirim = la["per_step_p50_p95_ms"]["[Kirim]"]
            print(
                f"{varian:<12} {args.backend:<10} echo p95 {e['proc_p95_ms']:5.1f} ms  /lapor p95 "
                f"{la['proc_p95_ms']:5.1f} ms  Kirim p50/p95 {kirim[0]:5.1f}/{kirim[1]:5.1f} ms  "
                f"foto selesai {la['photos_done_s']:5.1f} s  rasio {rasio:.2f}"
                + (f"  db {r['db_ms']}" if args.ukur_db else ""),
                flush=True,
            )
    for varian, daftar in semua.items():
        nilai = [r["rasio"] for r in daftar]
        print(
            f"{varian}: rasio per run {', '.join(f'{x:.2f}' for x in nilai)}; "
            f"median {statistics.median(nilai):.2f}"
        )


if __name__ == "__main__":
    main()
