"""Build the Telegram Application (python-telegram-bot 22) from settings; run it in polling mode.

``build_application`` wires everything; ``run_bot_in_loop`` lets ``sakip run`` start and stop the bot
inside uvicorn's event loop; ``sakip bot`` (sakip/cli_bot.py) runs it alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager
from typing import Any

from telegram import BotCommand
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    BaseUpdateProcessor,
    ContextTypes,
)
from telegram.request import BaseRequest

from bot import texts
from bot.conversations import lapor
from bot.deps import (
    BotContext,
    BotDeps,
    Clock,
    TautanCache,
    UowFactory,
    baca_di_loop,
    db,
    jawaban_update,
    set_deps,
)
from bot.handlers import register
from bot.persistence import DbPersistence
from core import services
from core.config import Settings
from core.persistence.uow import session_scope

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, Any, Any, Any, Any]


class SakipApplication(Application[Any, BotContext, Any, Any, Any, Any]):
    """PTB's Application, with one database session per update (issue 4, "State and errors").

    Every unit of work the update's handlers enter (the gate, then the step) shares the session of
    the scope opened here (``core.persistence.uow.session_scope``); it is closed when the update is
    done. A background task an update starts (the chart) that enters a unit of work after that opens
    its own session; one still inside the scope's session when the update ends keeps it until its
    unit of work ends.
    """

    update_scope: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext
    _segarkan: asyncio.Task[None] | None = None

    async def process_update(self, update: object) -> None:
        # one session per update; the presses answered with deps.jawab arrive before it ends
        with self.update_scope():
            async with jawaban_update():
                await super().process_update(update)

    async def start(self) -> None:
        await super().start()
        if self._segarkan is None:  # the gate's map of links (bot.deps.TautanCache)
            self._segarkan = asyncio.create_task(_segarkan_tautan(self), name="tautan")

    async def stop(self) -> None:
        if self._segarkan is not None:
            self._segarkan.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._segarkan  # its errors are logged inside
            self._segarkan = None
        await super().stop()


def _semua_tautan(uow_factory: UowFactory) -> dict[int, Any]:
    return services.semua_tautan(uow_factory())


async def _segarkan_tautan(application: SakipApplication) -> None:
    """Load every link now and every ``ttl / 2`` seconds, outside any update."""
    d = application.bot_data["deps"]
    assert isinstance(d, BotDeps)
    if d.tautan.ttl <= 0:
        return
    while True:
        versi = d.tautan.versi
        try:
            d.tautan.isi_semua(await db(_semua_tautan, d.uow_factory), versi)
        except Exception:  # noqa: BLE001 - the gate falls back to the database
            log.exception("Daftar akun tertaut tidak dapat dimuat")
        await asyncio.sleep(d.tautan.ttl / 2)


async def _post_init(application: BotApplication) -> None:
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in texts.PERINTAH])
    lapor.siapkan_grafik()  # the chart process warms up while the first reports are entered


def build_application(
    settings: Settings,
    uow_factory: UowFactory,
    clock: Clock,
    *,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    persistence_interval: float = 1.0,
    update_processor: BaseUpdateProcessor | None = None,
    gate_ttl: float = 60.0,
    update_scope: Callable[[], AbstractContextManager[object]] = session_scope,
    requests: tuple[BaseRequest, BaseRequest] | None = None,
) -> BotApplication:
    """The bot, ready for ``initialize``/``start`` (or ``run_polling``).

    ``update_processor``: PTB's hook around each update's processing (the benchmark times updates
    with one); by default updates are processed one at a time, in order. ``gate_ttl``: how long the
    gate keeps a user's link in memory (``bot.deps.TautanCache``). ``update_scope``: opened around
    each update (one database session per update). ``requests``: the HTTP clients for the Bot API
    calls and for ``getUpdates`` (default: PTB's ``HTTPXRequest``; the benchmark compares another).
    """
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN belum diisi.")
    builder = (
        ApplicationBuilder()
        .application_class(SakipApplication)
        .token(settings.telegram_bot_token)
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .persistence(DbPersistence(uow_factory, update_interval=persistence_interval))
        .post_init(_post_init)
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    if update_processor is not None:
        builder = builder.concurrent_updates(update_processor)
    if requests is not None:
        builder = builder.request(requests[0]).get_updates_request(requests[1])
    application: BotApplication = builder.build()
    assert isinstance(application, SakipApplication)
    application.update_scope = update_scope
    set_deps(
        application,
        BotDeps(uow_factory, clock, TautanCache(gate_ttl), baca_di_loop=baca_di_loop(uow_factory)),
    )
    application.bot_data["data_dir"] = settings.data_dir  # bukti dukung are stored under it
    register(application)
    return application


async def start_bot(application: BotApplication, *, poll_timeout: int = 10) -> None:
    """initialize (runs post_init: setMyCommands), start, and poll, inside the running loop."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=poll_timeout, drop_pending_updates=False)


async def stop_bot(application: BotApplication) -> None:
    """The reverse of :func:`start_bot`; persistence is written one last time on stop."""
    assert application.updater is not None
    if application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


async def run_bot_in_loop(
    application: BotApplication, stop_event: asyncio.Event | None = None, *, poll_timeout: int = 10
) -> None:
    """For ``sakip run``: the bot polls next to uvicorn, in uvicorn's event loop.

    Starts the bot (initialize, setMyCommands, start, updater.start_polling), runs until the task is
    cancelled or ``stop_event`` is set, then stops it (updater.stop, stop, shutdown; the conversation
    state is written one last time). In an ASGI lifespan::

        task = asyncio.create_task(run_bot_in_loop(application))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    """
    await start_bot(application, poll_timeout=poll_timeout)
    try:
        await (stop_event or asyncio.Event()).wait()
    finally:
        await stop_bot(application)


@contextlib.asynccontextmanager
async def bot_lifespan(application: BotApplication) -> AsyncIterator[BotApplication]:
    """The same as :func:`run_bot_in_loop`, as an async context manager."""
    await start_bot(application)
    try:
        yield application
    finally:
        await stop_bot(application)
