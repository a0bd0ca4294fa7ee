"""The outbox sender (issue 5): ``pesan_keluar`` rows -> Telegram, within Telegram's limits.

Every ``antri`` row is delivered, whatever its ``jenis`` (reminders, Bappeda's kendala answers...).

* **Claim before send.** A batch of due rows is claimed (``antri -> mengirim``, lease of
  :attr:`BatasKirim.sewa`) in a committed transaction with a conditional UPDATE, so two processes
  never send the same row. Then each row is sent and its outcome committed at once.
* **Limits** (own limiter, a plain ``telegram.Bot`` without PTB's AIORateLimiter so that
  ``RetryAfter`` reaches this code): at most :attr:`BatasKirim.pesan_per_detik` messages per
  second overall (evenly spaced), one message per second per private chat, 20 per minute per group
  (one every 3 s). The rows of one chat are sent in order by one worker.
* **RetryAfter** (429): every worker pauses for ``retry_after``, the rate drops by 10 % (at most
  to 50 %; it comes back by 1 msg/s after ~2 s without a 429), and the same row is retried (it stays claimed); a pause longer than :attr:`BatasKirim.tunggu_maks` releases the row to ``antri``
  with ``coba_lagi_pada``. **TimedOut / NetworkError**: retried in place with exponential backoff
  (:attr:`BatasKirim.coba_langsung` times), then released with ``coba_lagi_pada``; after
  :attr:`BatasKirim.maks_percobaan` claims the row is ``gagal``. **Forbidden** (403, the user
  blocked the bot): ``diblokir`` (listed to Bappeda). **BadRequest** and other errors: ``gagal``.
* **Edits.** A row with ``edit_message_id`` edits that message (editMessageText with the row's text
  and buttons; none removes them) instead of sending: "message is not modified" counts as sent, a
  deleted message ("message to edit not found") is a BadRequest, ``gagal`` at once. Just before
  the call the row is checked to be still ours: a newer edit of the message queued meanwhile
  superseded it (``dilewati``) and it is not sent.
* **Crash** between claim and outcome: the row stays ``mengirim``; at the next drain after its
  lease it goes back to ``antri`` and is sent again (at-least-once; see docs/pengingat.md).

DB work runs in a worker thread (``asyncio.to_thread``) so the event loop (bot, API) keeps going.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import warnings
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest

from core.config import Settings
from core.ports import UnitOfWork
from core.ports_kirim import DIBLOKIR, GAGAL, PesanKirim, Tombol

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
UowFactory = Callable[[], UnitOfWork]


@dataclass(frozen=True)
class BatasKirim:
    """Limits and retry policy. Telegram: ~30 msg/s overall, ~1/s per chat, 20/min per group."""

    pesan_per_detik: float = 28.0
    jeda_per_chat: float = 1.0
    jeda_per_grup: float = 3.0
    pekerja: int = 16
    batch: int = 300
    coba_langsung: int = 4
    jeda_awal: float = 0.5
    jeda_maks: float = 30.0
    maks_percobaan: int = 8
    tunggu_maks: float = 60.0
    sewa: timedelta = timedelta(minutes=5)

    def __post_init__(self) -> None:
        if self.pesan_per_detik <= 0 or self.pekerja < 1 or self.batch < 1:
            raise ValueError("pesan_per_detik, pekerja dan batch harus positif.")


@dataclass
class Statistik:
    """Counters of one sender (cumulative over its drains)."""

    terkirim: int = 0
    diblokir: int = 0
    gagal: int = 0
    retry_after: int = 0
    galat_jaringan: int = 0
    dikembalikan: int = 0
    dipulihkan: int = 0
    tanpa_chat: int = 0
    bukan_milik: int = 0
    tunggu_detik: float = 0.0

    @property
    def dicoba_ulang(self) -> int:
        return self.retry_after + self.galat_jaringan


def detik_retry_after(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, without PTB 22's deprecation warning (int or timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def markup(tombol: Tombol | None) -> InlineKeyboardMarkup | None:
    """The stored ``tombol`` JSON (Bot API inline_keyboard shape) as PTB markup."""
    if not tombol:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(str(b["text"]), callback_data=str(b["callback_data"]))
                for b in row
            ]
            for row in tombol
        ]
    )


def buat_bot(settings: Settings, pekerja: int = BatasKirim.pekerja) -> Bot:
    """A plain Bot (no rate limiter: the sender owns the limits) for the configured server."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN belum diisi.")
    kw: dict[str, Any] = {}
    if settings.telegram_base_url:
        kw["base_url"] = settings.telegram_base_url
    if settings.telegram_base_file_url:
        kw["base_file_url"] = settings.telegram_base_file_url
    request = HTTPXRequest(
        connection_pool_size=pekerja + 4,
        read_timeout=15.0,
        write_timeout=15.0,
        connect_timeout=10.0,
        pool_timeout=30.0,
    )
    return Bot(settings.telegram_bot_token, request=request, **kw)


class _Pembatas:
    """Even spacing overall (``1 / rate``), per chat, a global pause after a RetryAfter, and a
    sliding window checked at the moment of sending: never more than ``rate`` sends in any second,
    even when the event loop was stalled and several workers wake at once."""

    def __init__(self, batas: BatasKirim) -> None:
        self._batas = batas
        self._lock = asyncio.Lock()
        self._berikut = 0.0
        self._jeda_sampai = 0.0
        self._chat: dict[int, float] = {}
        self._jendela: deque[float] = deque()
        self.laju = batas.pesan_per_detik
        self._lancar = 0

    @property
    def _maks(self) -> int:
        return max(1, math.floor(self.laju))

    def jeda(self, detik: float) -> None:
        """A RetryAfter: pause everybody, and slow down (multiplicative decrease)."""
        self._jeda_sampai = max(self._jeda_sampai, time.monotonic() + detik)
        self.laju = max(self._batas.pesan_per_detik * 0.5, self.laju * 0.9)
        self._lancar = 0

    def berhasil(self) -> None:
        """A message accepted: after ~2 s without a 429, speed up again by 1 msg/s (additive)."""
        self._lancar += 1
        if self.laju < self._batas.pesan_per_detik and self._lancar >= 2 * self.laju:
            self.laju = min(self._batas.pesan_per_detik, self.laju + 1.0)
            self._lancar = 0

    async def tunggu(self, chat_id: int) -> float:
        """Wait for this chat's and the global slot; returns how long it waited.

        The global slot is taken under a lock held while sleeping, and the next slot is counted
        from the moment this one is actually used: after a stall of the event loop the waiting
        workers go one by one, ``1 / rate`` apart, never in a catch-up burst."""
        mulai = time.monotonic()
        while True:
            sekarang = time.monotonic()
            siap = max(self._jeda_sampai, self._chat.get(chat_id, 0.0))
            if siap <= sekarang:
                break
            await asyncio.sleep(siap - sekarang)
        async with self._lock:
            while True:
                sekarang = time.monotonic()
                while self._jendela and sekarang - self._jendela[0] >= 1.0:
                    self._jendela.popleft()
                siap = max(self._berikut, self._jeda_sampai)
                if len(self._jendela) >= self._maks:
                    siap = max(siap, self._jendela[0] + 1.0)
                if siap <= sekarang:
                    break
                await asyncio.sleep(siap - sekarang)
            self._jendela.append(sekarang)
            # on time (a few ms of wake-up latency): keep the cadence; late: count from now
            jarak = 1.0 / self.laju
            dasar = self._berikut if sekarang - self._berikut < jarak / 2 else sekarang
            self._berikut = dasar + jarak
        interval = self._batas.jeda_per_grup if chat_id < 0 else self._batas.jeda_per_chat
        self._chat[chat_id] = sekarang + interval
        return time.monotonic() - mulai


class Pengirim:
    """Drains the outbox. One instance per process; :meth:`kirim_antrean` is serialised."""

    def __init__(
        self,
        bot: Bot,
        uow_factory: UowFactory,
        clock: Clock,
        batas: BatasKirim | None = None,
    ) -> None:
        self.bot = bot
        self.uow_factory = uow_factory
        self.clock = clock
        self.batas = batas or BatasKirim()
        self.statistik = Statistik()
        self._pembatas = _Pembatas(self.batas)
        self._drain = asyncio.Lock()

    # ------------------------------------------------------------------ DB steps (sync, thread)
    def _siapkan(self) -> tuple[int, int]:
        with self.uow_factory() as uow:
            now = self.clock()
            pulih = uow.repo.pulihkan_mengirim(now)
            tanpa = uow.repo.tandai_tanpa_chat(now)
            uow.commit()
        return pulih, tanpa

    def _klaim(self) -> list[PesanKirim]:
        with self.uow_factory() as uow:
            now = self.clock()
            rows = uow.repo.klaim_pesan(now, self.batas.batch, now + self.batas.sewa)
            uow.commit()
        return rows

    def _masih_dikirim(self, p: PesanKirim) -> bool:
        with self.uow_factory() as uow:
            return uow.repo.masih_dikirim(p.id)

    def _catat(self, fn: Callable[[UnitOfWork], bool]) -> None:
        with self.uow_factory() as uow:
            ok = fn(uow)
            uow.commit()
        if not ok:  # lease expired and another process took the row: nothing to undo
            self.statistik.bukan_milik += 1

    # ------------------------------------------------------------------ sending
    async def kirim_antrean(self) -> Statistik:
        """Send every due ``antri`` row; returns the cumulative statistics."""
        async with self._drain:
            pulih, tanpa = await asyncio.to_thread(self._siapkan)
            self.statistik.dipulihkan += pulih
            self.statistik.tanpa_chat += tanpa
            while True:
                rows = await asyncio.to_thread(self._klaim)
                if not rows:
                    break
                per_chat: dict[int, list[PesanKirim]] = defaultdict(list)
                for r in rows:
                    per_chat[r.chat_id].append(r)
                antrean: asyncio.Queue[list[PesanKirim]] = asyncio.Queue()
                for daftar in per_chat.values():
                    antrean.put_nowait(daftar)
                n = min(self.batas.pekerja, len(per_chat))
                await asyncio.gather(*(self._pekerja(antrean) for _ in range(n)))
        return self.statistik

    async def _pekerja(self, antrean: asyncio.Queue[list[PesanKirim]]) -> None:
        while True:
            try:
                daftar = antrean.get_nowait()
            except asyncio.QueueEmpty:
                return
            for pesan in daftar:
                await self._kirim_satu(pesan)

    async def _kirim_satu(self, p: PesanKirim) -> None:
        b = self.batas
        coba = 0
        while True:
            self.statistik.tunggu_detik += await self._pembatas.tunggu(p.chat_id)
            if p.edit_message_id is not None and not await asyncio.to_thread(
                self._masih_dikirim, p
            ):  # superseded by a newer edit while waiting: an old state must not be shown
                self.statistik.bukan_milik += 1
                return
            try:
                if p.edit_message_id is not None:
                    await self.bot.edit_message_text(
                        p.teks,
                        chat_id=p.chat_id,
                        message_id=p.edit_message_id,
                        reply_markup=markup(p.tombol),
                    )
                    message_id = p.edit_message_id
                else:
                    msg = await self.bot.send_message(
                        chat_id=p.chat_id, text=p.teks, reply_markup=markup(p.tombol)
                    )
                    message_id = msg.message_id
            except RetryAfter as exc:
                self.statistik.retry_after += 1
                detik = detik_retry_after(exc)
                self._pembatas.jeda(detik)
                if detik > b.tunggu_maks:
                    await self._kembalikan(p, detik, f"RetryAfter {detik:g} s")
                    return
                continue  # the same row, after the pause (the limiter waits)
            except Forbidden as exc:
                await self._akhir(p, DIBLOKIR, f"Forbidden: {exc.message}")
                return
            except BadRequest as exc:
                if p.edit_message_id is not None and "not modified" in exc.message.lower():
                    await self._terkirim(p, p.edit_message_id)  # it already shows this
                    return
                await self._akhir(p, GAGAL, f"BadRequest: {exc.message}")
                return
            except InvalidToken:
                await self._kembalikan(p, 60.0, "token bot tidak sah")
                raise
            except NetworkError as exc:  # includes TimedOut
                self.statistik.galat_jaringan += 1
                coba += 1
                if coba >= b.coba_langsung:
                    if p.percobaan >= b.maks_percobaan:
                        await self._akhir(p, GAGAL, f"{type(exc).__name__}: {exc.message}")
                    else:
                        jeda = min(b.jeda_maks * 10, b.jeda_awal * 2 ** (p.percobaan + coba))
                        await self._kembalikan(p, jeda, f"{type(exc).__name__}: {exc.message}")
                    return
                await asyncio.sleep(min(b.jeda_maks, b.jeda_awal * 2 ** (coba - 1)))
                continue
            except TelegramError as exc:  # ChatMigrated, EndPointNotFound, ...
                await self._akhir(p, GAGAL, f"{type(exc).__name__}: {exc.message}")
                return
            await self._terkirim(p, message_id)
            return

    async def _terkirim(self, p: PesanKirim, message_id: int) -> None:
        self.statistik.terkirim += 1
        self._pembatas.berhasil()
        await asyncio.to_thread(
            self._catat, lambda uow: uow.repo.tandai_terkirim(p.id, message_id, self.clock())
        )

    async def _akhir(self, p: PesanKirim, status: str, galat: str) -> None:
        if status == DIBLOKIR:
            self.statistik.diblokir += 1
        else:
            self.statistik.gagal += 1
        log.info("pesan %s: %s (%s)", p.kunci, status, galat)
        await asyncio.to_thread(
            self._catat, lambda uow: uow.repo.tandai_akhir(p.id, status, galat, self.clock())
        )

    async def _kembalikan(self, p: PesanKirim, detik: float, galat: str) -> None:
        self.statistik.dikembalikan += 1
        await asyncio.to_thread(
            self._catat,
            lambda uow: uow.repo.kembalikan_antri(
                p.id, self.clock() + timedelta(seconds=detik), galat
            ),
        )
