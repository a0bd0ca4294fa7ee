"""Assemble the ASGI application from the container: API, and the bot in the same event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.app import create_app, ping_engine
from sakip.wiring import Container


def build_app(c: Container) -> FastAPI:
    app = create_app(c.uow, ping_engine(c.engine))
    if c.settings.telegram_bot_token:
        from bot.app import bot_lifespan, build_application

        application = build_application(c.settings, c.uow, c.clock)

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            async with bot_lifespan(application):
                yield

        app.router.lifespan_context = lifespan
    return app
