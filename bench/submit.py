"""Benchmark: one monthly submission (``core.services.submit_realisasi``) on its own.

The same data as ``bench/bot_latency.py`` (its ``seed``: one PD, a cascade down to the sub kegiatan,
a ROPP per sub kegiatan), on a fresh database migrated by Alembic. The same January report of one sub
kegiatan is submitted ``--repeat`` times (each call is a new revision, as a bot Kirim would make); the
figure is the mean time of one call (validation, the write transaction, the capaian of the reply) and
the number of SQL statements one call sends.

    .venv/bin/python bench/submit.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/submit.py --backend sqlite --repeat 500
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bot_latency as harness  # noqa: E402
from sqlalchemy import event  # noqa: E402

from core import services  # noqa: E402
from core.cascade import Saluran  # noqa: E402
from core.realisasi import RealisasiInput  # noqa: E402


def ukur(backend: str, pg_url: str, repeat: int) -> dict[str, float]:
    with harness.database(backend, pg_url) as url:
        engine = harness.make_engine(url)
        factory = harness.make_session_factory(engine)

        def uow() -> harness.SqlUnitOfWork:
            return harness.SqlUnitOfWork(factory)

        harness.seed(uow, 20)
        data = RealisasiInput(
            "SK-0005",
            harness.TAHUN,
            1,
            Decimal(3),
            Decimal(250_000_000),
            {1: Decimal(1)},
            None,
            "-",
        )

        def kirim() -> None:
            services.submit_realisasi(
                uow(),
                data,
                oleh_nip=harness.nip(5),
                saluran=Saluran.BOT,
                now=harness.NOW,
                oleh_nama="Pejabat Uji 5",
                alasan_koreksi="Koreksi melalui bot",
                wajib_penanggung_jawab=True,
            )

        for _ in range(10):  # warm-up: statement caches, connection pool
            kirim()
        statements = 0

        def hitung(*_args: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(engine, "before_cursor_execute", hitung)
        kirim()
        event.remove(engine, "before_cursor_execute", hitung)
        t0 = time.perf_counter()
        for _ in range(repeat):
            kirim()
        dt = (time.perf_counter() - t0) / repeat
        engine.dispose()
    return {"ms": dt * 1000, "statements": statements}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument(
        "--pg-url",
        default=os.environ.get("SAKIP_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    p.add_argument("--repeat", type=int, default=200)
    args = p.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        r = ukur(backend, args.pg_url, args.repeat)
        print(
            f"{backend:<11} submit_realisasi {r['ms']:6.2f} ms per call, "
            f"{r['statements']:.0f} statements (commit not counted), {args.repeat} calls"
        )


if __name__ == "__main__":
    main()
