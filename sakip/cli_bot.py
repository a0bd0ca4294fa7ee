"""`sakip bot`: the Telegram bot alone, in long-polling mode.

Registered on the top-level app by :func:`register` (wired in sakip/cli.py). ``sakip run`` starts the
bot next to the API with :func:`bot.app.run_bot_in_loop` instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import typer

from bot.app import build_application
from bot.webhook import WebhookConfig, webhook_app
from core.persistence import db
from sakip.wiring import Container

__all__ = ["register"]


def register(app: typer.Typer, container_getter: Callable[[], Container]) -> None:
    """Add the command ``bot`` to ``app``."""

    @app.command("bot")
    def bot() -> None:
        """Jalankan bot Telegram saja (long polling). Memerlukan TELEGRAM_BOT_TOKEN."""
        c = container_getter()
        if not c.settings.telegram_bot_token:
            typer.echo("Galat: TELEGRAM_BOT_TOKEN belum diisi.", err=True)
            raise typer.Exit(1)
        db.upgrade(c.settings.effective_database_url)
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll otherwise
        application = build_application(c.settings, c.uow, c.clock)
        try:
            webhook = WebhookConfig.from_settings(c.settings)
        except ValueError as exc:
            typer.echo(f"Galat: {exc}", err=True)
            raise typer.Exit(1) from exc
        if webhook is not None:
            import uvicorn

            host, _, port = c.settings.telegram_webhook_listen.rpartition(":")
            typer.echo(
                f"Bot Telegram SAKIP Banten berjalan (webhook {webhook.url}, mendengarkan "
                f"{c.settings.telegram_webhook_listen}{webhook.path}). Tekan Ctrl+C untuk berhenti."
            )
            uvicorn.run(webhook_app(application, webhook), host=host or "127.0.0.1", port=int(port))
            return
        typer.echo(
            "Bot Telegram SAKIP Banten berjalan (long polling). Tekan Ctrl+C untuk berhenti."
        )
        application.run_polling(drop_pending_updates=False)
