"""What every handler needs: the unit-of-work factory, the clock, and who is talking."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from telegram import CallbackQuery
from telegram.ext import Application, CallbackContext, ExtBot

from core.cascade import Pejabat
from core.persistence.uow import baca_saja
from core.ports import UnitOfWork

T = TypeVar("T")

UowFactory = Callable[[], UnitOfWork]
Clock = Callable[[], datetime]


class TautanCache:
    """Telegram user id -> the linked pejabat, for the gate (bot/commands.py).

    The gate runs on every update; without this it would read the database for every message and
    button press. The bot loads every link when it starts and again every ``ttl / 2`` seconds
    (``bot.app.SakipApplication``); an entry not refreshed for ``ttl`` seconds is dropped. Links change
    only in this process (``/start KODE``, ``/keluar``; one bot process runs), and those handlers call
    :meth:`lupakan` / :meth:`lupakan_nip`, so a link or unlink takes effect at once; a reload that
    started before such a change is discarded (``versi``), so it cannot bring an unlinked account back.
    What can change elsewhere (a pejabat's name, jabatan or PD by an import) is seen within ``ttl / 2``
    seconds; every write still checks the pejabat against the database in its own unit of work. A user
    not in the map is looked up in the database (and refused when unknown).
    """

    def __init__(self, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._isi: dict[int, tuple[Pejabat, float]] = {}
        self.versi = 0  # bumped by every forget: a reload read before it is stale

    def ambil(self, user_id: int) -> Pejabat | None:
        with self._lock:
            ada = self._isi.get(user_id)
            if ada is None:
                return None
            if ada[1] <= self._clock():
                del self._isi[user_id]
                return None
            return ada[0]

    def simpan(self, user_id: int, pejabat: Pejabat) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._isi[user_id] = (pejabat, self._clock() + self.ttl)

    def isi_semua(self, semua: dict[int, Pejabat], versi: int) -> bool:
        """Replace the map by a reload read at ``versi``; False (nothing changed) if it is stale."""
        if self.ttl <= 0:
            return False
        with self._lock:
            if versi != self.versi:
                return False
            sampai = self._clock() + self.ttl
            self._isi = {uid: (p, sampai) for uid, p in semua.items()}
            return True

    def lupakan(self, user_id: int) -> None:
        with self._lock:
            self.versi += 1
            self._isi.pop(user_id, None)

    def lupakan_nip(self, nip: str) -> None:
        """A code redeemed for ``nip`` moves the pejabat to another account: drop the old one."""
        with self._lock:
            self.versi += 1
            for uid in [u for u, (p, _) in self._isi.items() if p.nip == nip]:
                del self._isi[uid]


@dataclass(frozen=True)
class BotDeps:
    uow_factory: UowFactory
    clock: Clock
    tautan: TautanCache = field(default_factory=TautanCache)
    # the database is in this process and its readers never wait for a lock (SQLite in WAL mode):
    # short reads run on the event loop instead of a worker thread (:func:`baca`)
    baca_di_loop: bool = False


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context of one update; ``pejabat`` is set by the gate in group -1."""

    pejabat: Pejabat | None = None


def deps(context: CallbackContext[Any, Any, Any, Any]) -> BotDeps:
    d = context.application.bot_data["deps"]
    assert isinstance(d, BotDeps)
    return d


def set_deps(application: Application[Any, Any, Any, Any, Any, Any], d: BotDeps) -> None:
    application.bot_data["deps"] = d


async def db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking database work (one unit of work inside ``fn``) off the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def baca(d: BotDeps, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A short read (one unit of work inside ``fn`` that writes nothing and reads a few rows).

    With SQLite (``d.baca_di_loop``) it runs right here, on the event loop: a WAL reader never waits
    for a lock, the work is in this process and holds the GIL almost throughout, so a worker thread
    adds only the hop (about 1 ms per update under load; bench/README.md, session 4). Writes, and
    every database over the network, go through :func:`db`: a write may wait for SQLite's lock and a
    network round trip must not hold up the loop. ``fn`` runs inside
    :func:`core.persistence.uow.baca_saja`: on PostgreSQL without a transaction (two round trips
    fewer), and a commit inside is refused.
    """

    def jalankan() -> T:
        with baca_saja():  # PostgreSQL: no transaction round trips; a commit inside is refused
            return fn(*args, **kwargs)

    if d.baca_di_loop:
        return jalankan()
    return await asyncio.to_thread(jalankan)


def baca_di_loop(uow_factory: UowFactory) -> bool:
    """Whether :func:`baca` may run on the loop for this unit-of-work factory (see ``BotDeps``)."""
    return bool(getattr(uow_factory(), "baca_lokal", False))


# ---------------------------------------------------------------------------- answering presses
log = logging.getLogger(__name__)
_JAWABAN: ContextVar[list[asyncio.Future[Any]] | None] = ContextVar("sakip_jawaban", default=None)


async def jawab(q: CallbackQuery) -> None:
    """Answer a button press without waiting for Telegram's reply.

    The answer goes out at once (the button stops spinning) while the handler goes on with its
    database work and its edit: they travel to Telegram together, one round trip instead of two or
    three in a row. The update is done only when the answer has arrived (:func:`jawaban_update`,
    around every update in ``bot.app.SakipApplication``); a failed answer (a press older than
    Telegram keeps) is logged, and what the handler did stands. Outside that scope: answered here.
    """
    daftar = _JAWABAN.get()
    if daftar is None:
        await q.answer()
        return
    daftar.append(asyncio.ensure_future(q.answer()))


@asynccontextmanager
async def jawaban_update() -> AsyncIterator[None]:
    """The scope of one update for :func:`jawab`: its answers are awaited when the update ends."""
    daftar: list[asyncio.Future[Any]] = []
    token = _JAWABAN.set(daftar)
    try:
        yield
    finally:
        _JAWABAN.reset(token)
        for jawaban in daftar:
            try:
                await jawaban
            except Exception as exc:  # noqa: BLE001 - a courtesy; cancellation still propagates
                log.warning("Tombol tidak dapat dijawab: %s", exc)
