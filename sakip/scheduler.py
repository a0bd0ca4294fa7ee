"""The reminder scheduler (issue 5): APScheduler 3 ``AsyncIOScheduler`` in the ``sakip run`` process.

Jobs (timezone Asia/Jakarta, ``coalesce=True``, ``max_instances=1``):

* ``pengingat-harian``: every day at ``SAKIP_PENGINGAT_JAM`` (default 08:00 WIB), with
  ``misfire_grace_time`` of 6 hours (APScheduler's default of 1 s would silently skip a run that was
  due while the event loop was busy or the machine asleep). The planner sends nothing on
  non-working days unless ``SAKIP_PENGINGAT_HANYA_HARI_KERJA=false``.
* ``pengingat-susulan``: once at start-up, when the daily time has already passed today: the same
  run, so a reminder missed while the process was down is sent on recovery if still relevant.
* ``pengirim-antrean``: every ``SAKIP_KIRIM_INTERVAL_DETIK`` seconds, drains the outbox (retries
  whose ``coba_lagi_pada`` has come, and rows other parts of the system queue, e.g. kendala
  answers).

Every run takes the date from the injected clock and reloads everything from the database; the
planner's catch-up rule (``susulan``) plus the sent-log make the run idempotent: running it twice,
or in two processes, or after a restart, sends nothing twice and never a burst of stale reminders.
The daily run always plans with ``susulan=True``: on a scheduled day that is the normal plan; on
a later day of a stage's window it yields only the items not in the sent-log yet.

Why not PTB's JobQueue (also APScheduler): the reminders must not depend on the bot's
``Application`` life cycle or its extra (``python-telegram-bot[job-queue]``); the same scheduler
drives the sender with its own limits, is tested without a bot, and could run without polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from bot.pengirim import BatasKirim, Pengirim, buat_bot
from core.calendar import WIB, local_date
from core.config import Settings
from core.pengingat import KonfigurasiPengingat
from core.ports import UnitOfWork
from core.services_kirim import HasilAntre, antrekan_pengingat

log = logging.getLogger(__name__)

MISFIRE_GRACE = int(timedelta(hours=6).total_seconds())


def konfigurasi_pengingat(settings: Settings) -> KonfigurasiPengingat:
    tahap = tuple(int(x) for x in settings.pengingat_tahap_hari_kerja.split(",") if x.strip())
    return KonfigurasiPengingat(
        tahap_hari_kerja=tahap,
        hanya_hari_kerja=settings.pengingat_hanya_hari_kerja,
        hari_ringkasan_mingguan=settings.pengingat_hari_ringkasan,
    )


def jam_pengingat(settings: Settings) -> time:
    try:
        return time.fromisoformat(settings.pengingat_jam)
    except ValueError:
        raise ValueError(
            f"SAKIP_PENGINGAT_JAM tidak sah: {settings.pengingat_jam!r} (format JJ:MM, mis. 08:00)."
        ) from None


class Penjadwal:
    """The jobs, callable directly (tests, CLI) or from the APScheduler scheduler."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Callable[[], datetime],
        pengirim: Pengirim | None,
        config: KonfigurasiPengingat | None = None,
        jam: time = time(8, 0),
        interval_kirim: float = 30.0,
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.pengirim = pengirim
        self.config = config or KonfigurasiPengingat()
        self.jam = jam
        self.interval_kirim = interval_kirim
        self.scheduler: AsyncIOScheduler | None = None

    async def jalankan_hari(self, tanggal: date | None = None) -> HasilAntre:
        """The daily job: plan -> outbox -> send. ``tanggal`` defaults to today (WIB)."""
        hari = tanggal or local_date(self.clock())
        hasil = await asyncio.to_thread(
            antrekan_pengingat, self.uow_factory(), hari, self.clock(), self.config, True
        )
        log.info("pengingat %s: %s", hari.isoformat(), hasil)
        await self.kirim()
        return hasil

    async def kirim(self) -> None:
        if self.pengirim is not None:
            await self.pengirim.kirim_antrean()

    def perlu_susulan(self) -> bool:
        """At start-up: has today's daily time already passed (WIB)?"""
        return self.clock().astimezone(WIB).time() >= self.jam

    def mulai(self) -> AsyncIOScheduler:
        """Start the scheduler in the running event loop."""
        sched = AsyncIOScheduler(
            timezone=WIB,
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": MISFIRE_GRACE,
            },
        )
        sched.add_job(
            self.jalankan_hari,
            CronTrigger(hour=self.jam.hour, minute=self.jam.minute, timezone=WIB),
            id="pengingat-harian",
            replace_existing=True,
        )
        sched.add_job(
            self.kirim,
            IntervalTrigger(seconds=self.interval_kirim, timezone=WIB),
            id="pengirim-antrean",
            replace_existing=True,
        )
        if self.perlu_susulan():
            sched.add_job(self.jalankan_hari, id="pengingat-susulan", replace_existing=True)
        sched.start()
        self.scheduler = sched
        return sched

    def berhenti(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None


def buat_penjadwal(
    settings: Settings,
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    pengirim: Pengirim | None,
) -> Penjadwal:
    return Penjadwal(
        uow_factory,
        clock,
        pengirim,
        konfigurasi_pengingat(settings),
        jam_pengingat(settings),
        settings.kirim_interval_detik,
    )


@contextlib.asynccontextmanager
async def penjadwal_lifespan(
    settings: Settings,
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
) -> AsyncIterator[Penjadwal | None]:
    """For the ASGI lifespan of ``sakip run``: the scheduler, when ``SAKIP_PENGINGAT_AKTIF`` is
    true (otherwise nothing runs: yields None), and the sender when a bot token is set.

    Without a token the daily job still plans and queues the day's reminders in the outbox, so
    Bappeda sees on the dashboard and with ``sakip reminders outbox`` what would go out; nothing is
    sent, and rows of an earlier day are skipped (``dilewati``) rather than sent late in a burst
    once a token is configured."""
    if not settings.pengingat_aktif:
        yield None
        return
    if not settings.telegram_bot_token:
        penjadwal = buat_penjadwal(settings, uow_factory, clock, None)
        penjadwal.mulai()
        try:
            yield penjadwal
        finally:
            penjadwal.berhenti()
        return
    batas = BatasKirim(pesan_per_detik=settings.kirim_pesan_per_detik)
    bot = buat_bot(settings, batas.pekerja)
    await bot.initialize()
    penjadwal = buat_penjadwal(
        settings, uow_factory, clock, Pengirim(bot, uow_factory, clock, batas)
    )
    penjadwal.mulai()
    try:
        yield penjadwal
    finally:
        penjadwal.berhenti()
        await bot.shutdown()
