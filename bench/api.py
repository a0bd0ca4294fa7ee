"""Benchmark: the dashboard's Ringkasan page and the capaian endpoint against the roll-up alone.

On the synthetic province of ``bench/rollup.py`` (loaded through the real persistence into a fresh
SQLite file or PostgreSQL database whose schema comes only from the Alembic migrations), the real
ASGI app (``api.app.create_app``, the app ``sakip run`` serves) runs in uvicorn on a free 127.0.0.1
port in a thread, and one keep-alive HTTP client measures, in the same run and interleaved:

* **rollup**: ``core.services.build_capaian_tree`` called directly (no HTTP, no auth, no HTML);
* **health**: ``GET /health`` (the HTTP round trip alone);
* **ringkasan**: ``GET /dashboard?periode=...`` with a logged-in Bappeda session cookie (session
  check, the whole-province tree, the ranking, the HTML);
* **capaian**: ``GET /api/v1/capaian?periode=...`` for the whole province (default depth: the PDs)
  with an API token.

Each is warmed up once; then ``--repeat`` rounds, each running the four one after the other in an
order that rotates every round, with ``gc.collect()`` before each timed call. Reported: p50 and p95
(nearest rank) in ms. Goal: the p95 of ringkasan and of capaian at most 1.5 x (p95 rollup + p95
health). Checked once: the page shows every PD with the capaian of the tree (2 decimals, Indonesian
notation), and the endpoint returns exactly the tree's values.

    python bench/api.py                                  # SQLite and PostgreSQL, 1646 and 8000
    python bench/api.py --sizes 1646 --backend sqlite --repeat 50 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/api.py`: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import uvicorn
from sqlalchemy.exc import OperationalError

from api.app import create_app, ping_engine
from bench.rollup import (
    DEFAULT_PG_URL,
    BenchError,
    check_loaded,
    load_province,
    log,
    postgres_database,
    sqlite_database,
    synthetic_province,
)
from core import services, services_akun
from core.config import Settings
from core.periode import Periode
from core.persistence.db import make_engine, make_session_factory, upgrade
from core.persistence.uow import SqlUnitOfWork
from core.rollup import HasilSimpul

TAHUN = 2026
DEFAULT_SIZES = (1646, 8000)  # the Banten demo's size, and a large province
DEFAULT_PERIODES = ("2026-03", "2026-Q1")
GOAL = 1.5
SANDI = "bench-sandi-2026"
WHAT = ("rollup", "health", "ringkasan", "capaian")


def _p(xs: Sequence[float], q: float) -> float:
    s = sorted(xs)
    return s[max(0, math.ceil(q * len(s)) - 1)]


@dataclass
class Result:
    backend: str
    sub_kegiatan: int
    periode: str
    ms: dict[str, list[float]] = field(default_factory=lambda: {w: [] for w in WHAT})

    def p50(self, w: str) -> float:
        return _p(self.ms[w], 0.5)

    def p95(self, w: str) -> float:
        return _p(self.ms[w], 0.95)

    @property
    def batas(self) -> float:
        return GOAL * (self.p95("rollup") + self.p95("health"))

    @property
    def met(self) -> bool:
        return self.p95("ringkasan") <= self.batas and self.p95("capaian") <= self.batas

    def to_json(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "sub_kegiatan": self.sub_kegiatan,
            "periode": self.periode,
            **{f"{w}_p50_ms": round(self.p50(w), 2) for w in WHAT},
            **{f"{w}_p95_ms": round(self.p95(w), 2) for w in WHAT},
            "goal_p95_ms": round(self.batas, 2),
            "goal_met": self.met,
            "runs_ms": {w: [round(x, 3) for x in v] for w, v in self.ms.items()},
        }


# ----------------------------------------------------------------------------- the server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The real app in uvicorn on 127.0.0.1, in a thread of this process."""

    def __init__(self, app: Any) -> None:
        self.port = _free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        batas = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > batas or not self.thread.is_alive():
                raise BenchError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def login(client: httpx.Client) -> None:
    """Log in through the dashboard's form (CSRF cookie + field); keeps the session cookie."""
    form = client.get("/dashboard/masuk")
    m = re.search(r'name="csrf" value="([^"]+)"', form.text)
    if not m:
        raise BenchError("login form without CSRF field")
    r = client.post(
        "/dashboard/masuk",
        data={"username": "bench", "password": SANDI, "csrf": m.group(1)},
    )
    if r.status_code != 303 or "sakip_sesi" not in client.cookies:
        raise BenchError(f"login failed: {r.status_code} {r.text[:200]}")


def _teks(x: Decimal) -> str:
    return (
        f"{x.quantize(Decimal('0.01')):,.2f}".replace(",", "\0")
        .replace(".", ",")
        .replace("\0", ".")
    )


def verify(tree: HasilSimpul, page: httpx.Response, api: httpx.Response) -> None:
    if page.status_code != 200:
        raise BenchError(f"ringkasan answered {page.status_code}")
    html = page.text
    for pd in tree.anak:
        i = html.find(f'data-pd="{pd.kode}"')
        if i < 0:
            raise BenchError(f"PD {pd.kode} missing from the page")
        v = pd.capaian_kinerja.nilai
        if v is not None and f"{_teks(v)}%" not in html[i : i + 2000]:
            raise BenchError(f"PD {pd.kode}: page does not show {_teks(v)}%")
    if api.status_code != 200:
        raise BenchError(f"capaian endpoint answered {api.status_code}")
    anak = {a["kode"]: a for a in api.json()["hasil"]["anak"]}
    for pd in tree.anak:
        v = pd.capaian_kinerja.nilai
        want = None if v is None else format(v, "f")
        if anak[pd.kode]["capaian_kinerja"] != want:
            raise BenchError(f"PD {pd.kode}: endpoint {anak[pd.kode]['capaian_kinerja']} != {want}")


def measure(url: str, uow: Callable[[], SqlUnitOfWork], token: str, r: Result, repeat: int) -> None:
    periode = Periode.parse(r.periode)
    with (
        httpx.Client(base_url=url, timeout=120, follow_redirects=False) as web,
        httpx.Client(
            base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"}
        ) as api,
    ):
        login(web)
        calls: dict[str, Callable[[], object]] = {
            "rollup": lambda: services.build_capaian_tree(uow(), TAHUN, periode),
            "health": lambda: web.get("/health").raise_for_status(),
            "ringkasan": lambda: web.get("/dashboard", params={"periode": r.periode}),
            "capaian": lambda: api.get("/api/v1/capaian", params={"periode": r.periode}),
        }
        # warm-up, and the one correctness check
        tree = services.build_capaian_tree(uow(), TAHUN, periode)
        web.get("/health").raise_for_status()
        verify(
            tree,
            web.get("/dashboard", params={"periode": r.periode}),
            api.get("/api/v1/capaian", params={"periode": r.periode}),
        )
        for i in range(repeat):
            order = WHAT[i % 4 :] + WHAT[: i % 4]
            for w in order:
                gc.collect()
                t0 = time.perf_counter_ns()
                out = calls[w]()
                r.ms[w].append((time.perf_counter_ns() - t0) / 1e6)
                if isinstance(out, httpx.Response) and out.status_code != 200:
                    raise BenchError(f"{w} answered {out.status_code}")


def run_one(backend: str, n_sub: int, args: argparse.Namespace) -> list[Result]:
    ctx = sqlite_database() if backend == "sqlite" else postgres_database(args.pg_url)
    with ctx as url:
        upgrade(url)
        engine = make_engine(url)
        try:
            prov = synthetic_province(n_sub, args.pd, args.seed)
            stats = load_province(engine, prov, args.seed)
            check_loaded(engine, n_sub)
            log(
                f"[{backend} {n_sub}] loaded {stats.nodes} nodes, {stats.realisasi_rows} realisasi "
                f"rows in {stats.seconds:.1f} s"
            )
            factory = make_session_factory(engine)

            def uow() -> SqlUnitOfWork:
                return SqlUnitOfWork(factory)

            now = datetime.now(UTC)
            services_akun.buat_akun(
                uow(),
                username="bench",
                nama="Bench Bappeda",
                password=SANDI,
                peran="bappeda",
                pd_kode=None,
                now=now,
            )
            token = services_akun.buat_api_token(uow(), "bench", "bench", now).token
            app = create_app(uow, ping_engine(engine), settings=Settings(database_url=url))
            results = []
            with Server(app) as base:
                for p in args.periodes:
                    res = Result(backend, n_sub, p)
                    t0 = time.perf_counter()
                    measure(base, uow, token, res, args.repeat)
                    log(
                        f"[{backend} {n_sub}] {p}: rollup p95 {res.p95('rollup'):.1f} ms, "
                        f"ringkasan p95 {res.p95('ringkasan'):.1f} ms, capaian p95 "
                        f"{res.p95('capaian'):.1f} ms ({time.perf_counter() - t0:.0f} s)"
                    )
                    results.append(res)
            return results
        finally:
            engine.dispose()


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'backend':<11}{'sub keg':>8}  {'periode':<9}"
        + "".join(f"{w + ' p50':>15}{'p95':>8}" for w in WHAT)
        + f"{'goal p95':>10}  met"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.backend:<11}{r.sub_kegiatan:>8}  {r.periode:<9}"
            + "".join(f"{r.p50(w):>15.1f}{r.p95(w):>8.1f}" for w in WHAT)
            + f"{r.batas:>10.1f}  {'yes' if r.met else 'NO'}"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    ap.add_argument("--pd", type=int, default=45, help="Perangkat Daerah (default %(default)s)")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--periodes", default=",".join(DEFAULT_PERIODES))
    ap.add_argument("--repeat", type=int, default=30, help="timed rounds (default %(default)s)")
    ap.add_argument(
        "--pg-url",
        default=os.environ.get("SAKIP_BENCH_PG_URL", DEFAULT_PG_URL),
        help="PostgreSQL server; a database is created and dropped there (default %(default)s)",
    )
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--json", action="store_true", help="print machine-readable results only")
    args = ap.parse_args(argv)
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    args.periodes = [s.strip() for s in str(args.periodes).split(",") if s.strip()]
    for p in args.periodes:
        if Periode.parse(p).tahun != TAHUN:
            ap.error(f"periode {p} is not in {TAHUN}")
    if args.repeat < 2:
        ap.error("--repeat must be at least 2")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    t0 = time.perf_counter()
    results: list[Result] = []
    try:
        for backend in backends:
            for n in args.sizes:
                results.extend(run_one(backend, n, args))
    except BenchError as exc:
        log(f"FAILED: {exc}")
        return 1
    except OperationalError as exc:
        log(f"FAILED: database not reachable or refused the work: {exc.orig or exc}")
        return 2
    met = all(r.met for r in results)
    if args.json:
        print(
            json.dumps(
                {
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
                        "periodes": args.periodes,
                        "backends": backends,
                        "seed": args.seed,
                    },
                    "results": [r.to_json() for r in results],
                    "goal": f"p95 ringkasan and capaian <= {GOAL} x (p95 rollup + p95 health)",
                    "goal_met": met,
                    "total_s": round(time.perf_counter() - t0, 1),
                },
                indent=2,
            )
        )
    else:
        print(table(results))
        print(
            f"\nms; {args.repeat} rounds each. goal: p95 of ringkasan and capaian <= {GOAL:g} x "
            f"(p95 rollup + p95 health): {'met' if met else 'NOT met'}. "
            f"verified: page and endpoint show the tree's capaian. "
            f"loadavg {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"total {time.perf_counter() - t0:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
