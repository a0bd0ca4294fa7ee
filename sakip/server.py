"""Assemble the ASGI application from the container: API, and the bot in the same event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.app import create_app, ping_engine
from sakip.logs import RequestLogMiddleware
from sakip.wiring import Container


def build_app(c: Container) -> FastAPI:
    app = create_app(c.uow, ping_engine(c.engine), c.clock, c.settings)
    app.add_middleware(RequestLogMiddleware)  # structured request logs (sakip/logs.py)
    if c.settings.telegram_bot_token:
        from bot.app import bot_lifespan, build_application
        from bot.webhook import WebhookConfig, webhook_endpoint, webhook_lifespan

        application = build_application(c.settings, c.uow, c.clock)
        webhook = WebhookConfig.from_settings(c.settings)

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            if webhook is not None:  # production: Telegram POSTs to the webhook route below
                async with webhook_lifespan(application, webhook):
                    yield
                return
            async with bot_lifespan(application):  # the default: long polling
                yield

        app.router.lifespan_context = lifespan
        if webhook is not None:
            app.add_route(
                webhook.path,
                webhook_endpoint(application, webhook.secret),
                methods=["POST"],
                include_in_schema=False,
            )
    # issue 5: the reminder scheduler (and the outbox sender when a bot token is set), in the
    # same event loop, with or without the bot
    from sakip.scheduler import penjadwal_lifespan

    lifespan_sebelumnya = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan_pengingat(a: FastAPI) -> AsyncIterator[None]:
        async with lifespan_sebelumnya(a), penjadwal_lifespan(c.settings, c.uow, c.clock):
            yield

    app.router.lifespan_context = lifespan_pengingat
    return app


def dashboard_lines(c: Container, base_url: str) -> list[str]:
    """What `sakip run` prints about the dashboard: its URL and the demo logins that still work.

    A demo account is shown only while it exists, is active and still has the demo password
    (so a changed or disabled account is never advertised).
    """
    from core.akun import verify_password
    from sakip.demo import DEMO_AKUN

    lines = [f"Dasbor Bappeda: {base_url}/dashboard"]
    bisa: list[str] = []
    with c.uow() as uow:
        for username, password, peran, _pd in DEMO_AKUN:
            akun = uow.repo.get_akun(username)
            if akun is not None and akun.aktif and verify_password(password, akun.password_hash):
                pd = f", PD {akun.pd_kode}" if akun.pd_kode else ""
                bisa.append(f"  {username} / {password}  ({peran}{pd})")
    if bisa:
        lines.append("Masuk dengan akun contoh (nama pengguna / kata sandi):")
        lines.extend(bisa)
    else:
        lines.append(
            "Belum ada akun contoh: muat data contoh dengan `sakip demo`, atau buat akun dengan "
            "`sakip akun --help`."
        )
    return lines
