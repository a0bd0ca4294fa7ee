"""Benchmark: does the bot slow down, or grow, the longer one process runs?

Production runs one bot process (one PTB ``Application``) for weeks. This script keeps one
``Application`` and sends it ``--rounds`` rounds of ``bot_latency.py``'s workload: in each round
``--users`` officials (default 200) run a whole /lapor at the same time and press Kirim, so every
round after the first is a revision of January (the bot shows the previous values). Per round it
prints p50 / p95 of the bot's processing time per update (the same ``process_update`` timing as
``bot_latency.py``), the Kirim step's p50, the process's resident memory after a full garbage
collection, and the number of live Python objects.

The fake Bot API keeps a record of every call (for the tests); it is emptied between rounds here, so
the memory and object figures are the bot's and not the harness's record.

    .venv/bin/python bench/bot_endurance.py                     # SQLite, 200 users, 8 rounds
    .venv/bin/python bench/bot_endurance.py --backend postgresql --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bot_latency as harness  # noqa: E402

from bot.app import start_bot, stop_bot  # noqa: E402


def rss_mb() -> float:
    """The process's resident memory now (Linux ``/proc/self/statm``), in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def lupakan(api: harness.BenchApi) -> None:
    """Empty the fake server's record of the finished round (every conversation has ended)."""
    api.calls.clear()
    api._results.clear()
    api._messages.clear()
    api._files.clear()
    api.inbox.clear()


async def ukur(backend: str, pg_url: str, users: int, rounds: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with harness.database(backend, pg_url) as url:
        engine = harness.make_engine(url)
        factory = harness.make_session_factory(engine)
        harness.seed(lambda: harness.SqlUnitOfWork(factory), users)
        engine.dispose()
        timed = harness.TimedProcessor()
        api = harness.BenchApi()
        await api.start()
        app, engine = harness._bot(
            "lapor", api.base_url, api.base_file_url, url, timed, "none", 1.0
        )
        await start_bot(app, poll_timeout=1)
        try:
            for r in range(rounds):
                n0 = len(timed.durations)
                sim = [harness.User(api, harness.USER_BASE + i) for i in range(users)]
                t0 = time.perf_counter()
                await asyncio.gather(*(u.lapor(i) for i, u in enumerate(sim)))
                while sum(1 for c in api.calls if c.method == "sendPhoto") < users:
                    await asyncio.sleep(0.1)
                wall = time.perf_counter() - t0
                await asyncio.sleep(1.5)  # the conversation-state round after the last Kirim
                lupakan(api)
                d = timed.durations[n0:]
                kirim = [timed.by_update[uid] for u in sim for uid, s in u.steps if s == "[Kirim]"]
                gc.collect()
                out.append(
                    {
                        "round": r + 1,
                        "updates": len(d),
                        "p50_ms": harness.pct(d, 0.5) * 1000,
                        "p95_ms": harness.pct(d, 0.95) * 1000,
                        "kirim_p50_ms": harness.pct(kirim, 0.5) * 1000,
                        "rss_mb": rss_mb(),
                        "objects": len(gc.get_objects()),
                        "wall_s": wall,
                    }
                )
                o = out[-1]
                print(
                    f"{backend:<11}{o['round']:>5}{o['updates']:>8}{o['p50_ms']:>9.2f}ms"
                    f"{o['p95_ms']:>9.2f}ms{o['kirim_p50_ms']:>11.2f}ms{o['rss_mb']:>9.1f}MB"
                    f"{o['objects']:>10}{o['wall_s']:>7.1f}s",
                    flush=True,
                )
        finally:
            await stop_bot(app)
            await api.stop()
            engine.dispose()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument(
        "--pg-url",
        default=os.environ.get("SAKIP_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    print(
        f"bot_endurance: one Application, {args.rounds} rounds x {args.users} users x "
        f"{harness.STEPS} updates, {os.cpu_count()} CPU"
    )
    print(
        f"{'backend':<11}{'round':>5}{'updates':>8}{'proc p50':>11}{'proc p95':>11}"
        f"{'Kirim p50':>13}{'RSS':>11}{'objects':>10}{'wall':>8}"
    )
    out = asyncio.run(ukur(args.backend, args.pg_url, args.users, args.rounds))
    if len(out) >= 4:  # first half against second half: a trend, not one noisy round
        h = len(out) // 2
        for key in ("p95_ms", "kirim_p50_ms"):
            a = statistics.median(o[key] for o in out[:h])
            b = statistics.median(o[key] for o in out[h:])
            print(f"{key}: median of rounds 1-{h} {a:.2f}, of rounds {h + 1}-{len(out)} {b:.2f}")
        print(
            f"RSS after round 1 {out[0]['rss_mb']:.1f} MB, after round {len(out)} "
            f"{out[-1]['rss_mb']:.1f} MB; objects {out[0]['objects']} -> {out[-1]['objects']}"
        )


if __name__ == "__main__":
    main()
