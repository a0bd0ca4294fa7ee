"""Webhook mode (production, behind a reverse proxy); long polling stays the default.

Telegram POSTs each update to the public URL (``SAKIP_TELEGRAM_WEBHOOK_URL``) with the header
``X-Telegram-Bot-Api-Secret-Token`` set to the ``secret_token`` given to ``setWebhook``
(``SAKIP_TELEGRAM_WEBHOOK_SECRET``). The endpoint answers 403 and processes nothing when the header is
missing or wrong; otherwise it puts the update on ``Application.update_queue`` (as in PTB's
``customwebhookbot`` example) and answers 200 at once.

``sakip run`` mounts :func:`webhook_endpoint` on the same ASGI app as the API (``sakip/server.py``);
``sakip bot`` alone serves :func:`webhook_app` on ``SAKIP_TELEGRAM_WEBHOOK_LISTEN``.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from core.config import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts as secret_token
_PATH_BAWAAN = "/telegram/webhook"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    secret: str
    path: str

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookConfig | None:
        """None in long-polling mode (no webhook URL); ValueError when the settings are unusable."""
        url = settings.telegram_webhook_url
        if not url:
            return None
        if not url.startswith("https://") and not url.startswith("http://"):
            raise ValueError("SAKIP_TELEGRAM_WEBHOOK_URL harus berupa URL https://.")
        secret = settings.telegram_webhook_secret or ""
        if not _SECRET.match(secret):
            raise ValueError(
                "SAKIP_TELEGRAM_WEBHOOK_SECRET wajib diisi untuk mode webhook: 1-256 karakter "
                "A-Z, a-z, 0-9, _ atau -."
            )
        path = settings.telegram_webhook_path or urlsplit(url).path or _PATH_BAWAAN
        if not path.startswith("/"):
            path = "/" + path
        return cls(url=url, secret=secret, path=path)


def webhook_endpoint(
    application: AnyApplication, secret: str
) -> Callable[[Request], Awaitable[Response]]:
    """The POST endpoint: check the secret header, then hand the update to the Application."""
    expected = secret.encode()

    async def endpoint(request: Request) -> Response:
        got = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(got, expected):
            log.warning("Webhook ditolak: secret token tidak cocok (%s)", request.client)
            return Response(status_code=403)
        try:
            data = await request.json()
            if not isinstance(data, dict):
                raise ValueError("not an object")
            update = Update.de_json(data, application.bot)
        except Exception:  # noqa: BLE001 - a malformed body is the sender's problem
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return endpoint


async def start_webhook(application: AnyApplication, config: WebhookConfig) -> None:
    """initialize, post_init (setMyCommands), start, then setWebhook with the secret token."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    await application.bot.set_webhook(
        url=config.url, secret_token=config.secret, allowed_updates=Update.ALL_TYPES
    )


async def stop_webhook(application: AnyApplication) -> None:
    """Stop processing (the webhook stays registered; Telegram keeps updates until we are back)."""
    if application.running:
        await application.stop()
    await application.shutdown()


@contextlib.asynccontextmanager
async def webhook_lifespan(
    application: AnyApplication, config: WebhookConfig
) -> AsyncIterator[AnyApplication]:
    await start_webhook(application, config)
    try:
        yield application
    finally:
        await stop_webhook(application)


def webhook_app(application: AnyApplication, config: WebhookConfig) -> Starlette:
    """A small ASGI app with only the webhook route, for ``sakip bot`` alone in webhook mode."""

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with webhook_lifespan(application, config):
            yield

    route = Route(config.path, webhook_endpoint(application, config.secret), methods=["POST"])
    return Starlette(routes=[route], lifespan=lifespan)
