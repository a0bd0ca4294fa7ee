"""Broadcast benchmark (issue 5): N recipients through the outbox sender and a rate-limiting fake
Bot API server (30 msg/s, 429 + retry_after beyond), over real HTTP and a real database.

    .venv/bin/python bench/broadcast.py                       # 2,000 recipients, SQLite
    .venv/bin/python bench/broadcast.py --backend postgresql  # a temporary PostgreSQL database
    .venv/bin/python bench/broadcast.py --rate 40             # sender faster than the server: 429s

Prints throughput (delivered / wall time from the first to the last accepted message), retries
(429 and network errors seen by the sender), delivered, lost (queued but never accepted by the
server) and duplicate (accepted more than once) counts; exits 1 if any is lost or duplicated or
the throughput is below the goal (25 msg/s).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bot.pengirim import BatasKirim, Pengirim, buat_bot  # noqa: E402
from core.config import Settings  # noqa: E402
from core.persistence.db import make_engine, make_session_factory, upgrade  # noqa: E402
from core.persistence.uow import SqlUnitOfWork  # noqa: E402
from core.ports_kirim import PesanBaru  # noqa: E402
from tests.bot.fake_bot_api import TOKEN  # noqa: E402
from tests.bot.fake_limits import FakeBotApiTerbatas  # noqa: E402
from tests.pg_sementara import pg_sementara  # noqa: E402

GOAL = 25.0


def _antri(factory: object, n: int, now: datetime) -> None:
    with SqlUnitOfWork(factory) as uow:  # type: ignore[arg-type]
        for i in range(n):
            uow.repo.tambah_pesan(
                PesanBaru(
                    kunci=f"siaran|{i}",
                    jenis="siaran",
                    tahap=None,
                    tanggal=now.date(),
                    penerima=f"{999900000000100000 + i}",
                    chat_id=100_000 + i,
                    teks=f"Yth. Pejabat {i}, pengingat SAKIP: laporan bulanan Januari 2026 belum disampaikan.",
                ),
                now,
            )
        uow.commit()


def _server(limit: int, network_errors: int, keluar: mp.Queue, masuk: mp.Queue) -> None:  # type: ignore[type-arg]
    """The fake Bot API in its own process (as the real one is): the sender's CPU is its own."""

    async def main() -> None:
        api = FakeBotApiTerbatas(pesan_per_detik=limit, retry_after=1)
        api.galat_jaringan = network_errors
        await api.start()
        keluar.put((api.base_url, api.base_file_url))
        await asyncio.to_thread(masuk.get)
        await api.stop()
        keluar.put(
            {
                "terkirim": api.terkirim,
                "waktu": api.waktu_terkirim,
                "ditolak_429": api.ditolak_429,
                "duplikat": api.duplikat(),
                "maks": api.maks_per_detik(),
            }
        )

    asyncio.run(main())


async def _run(url: str, args: argparse.Namespace) -> dict[str, object]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    now = datetime(2026, 2, 3, 1, 0, tzinfo=UTC)
    _antri(factory, args.recipients, now)
    ctx = mp.get_context("spawn")
    keluar: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    masuk: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    server = ctx.Process(
        target=_server, args=(args.server_limit, args.network_errors, keluar, masuk), daemon=True
    )
    server.start()
    base_url, base_file_url = await asyncio.to_thread(keluar.get, True, 60)
    settings = Settings.model_construct(
        telegram_bot_token=TOKEN,
        telegram_base_url=base_url,
        telegram_base_file_url=base_file_url,
    )
    batas = BatasKirim(pesan_per_detik=args.rate)
    bot = buat_bot(settings, batas.pekerja)
    await bot.initialize()
    # the real clock: a row released after network errors is due again after its backoff, and
    # drained as the scheduler's interval job would (here every second)
    pengirim = Pengirim(bot, lambda: SqlUnitOfWork(factory), lambda: datetime.now(UTC), batas)
    t0 = time.monotonic()
    try:
        stat = await pengirim.kirim_antrean()
        while time.monotonic() - t0 < args.timeout:
            with SqlUnitOfWork(factory) as uow:
                if uow.repo.hitung_status().get("antri", 0) == 0:
                    break
            await asyncio.sleep(1.0)
            stat = await pengirim.kirim_antrean()
    finally:
        wall = time.monotonic() - t0
        await bot.shutdown()
        masuk.put("stop")
        hasil = await asyncio.to_thread(keluar.get, True, 120)
        server.join(30)
    with SqlUnitOfWork(factory) as uow:
        status = uow.repo.hitung_status()
    engine.dispose()
    terkirim = [tuple(x) for x in hasil["terkirim"]]
    waktu = hasil["waktu"]
    accepted = len(terkirim)
    distinct = len(set(terkirim))
    span = (waktu[-1] - waktu[0]) if accepted > 1 else wall
    return {
        "recipients": args.recipients,
        "sender_rate": args.rate,
        "wall_s": round(wall, 2),
        "throughput_msg_s": round((accepted - 1) / span, 2) if span > 0 else 0.0,
        "retries": stat.dicoba_ulang,
        "retry_after_429": stat.retry_after,
        "network_errors": stat.galat_jaringan,
        "server_429": hasil["ditolak_429"],
        "max_in_any_second": hasil["maks"],
        "delivered": distinct,
        "lost": args.recipients - distinct,
        "duplicates": hasil["duplikat"],
        "outbox_status": status,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--recipients", type=int, default=2000)
    ap.add_argument("--rate", type=float, default=28.0, help="sender messages per second")
    ap.add_argument("--server-limit", type=int, default=30, help="fake server: msg/s before 429")
    ap.add_argument("--network-errors", type=int, default=0, help="first N calls answer 502")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument(
        "--pg-url",
        default=os.environ.get("SAKIP_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    ap.add_argument("--timeout", type=float, default=600, help="give up draining after (s)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    with contextlib.ExitStack() as stack:
        if args.backend == "sqlite":
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{Path(tmp) / 'broadcast.db'}"
        else:
            url = stack.enter_context(pg_sementara(args.pg_url, "sakip_bench_"))
        upgrade(url)
        result = asyncio.run(_run(url, args))
    result["backend"] = args.backend
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:>18}: {v}")
    ok = (
        result["lost"] == 0
        and result["duplicates"] == 0
        and float(result["throughput_msg_s"]) >= GOAL  # type: ignore[arg-type]
    )
    print("OK" if ok else "GAGAL: goal is >= 25 msg/s, 0 lost, 0 duplicates", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
