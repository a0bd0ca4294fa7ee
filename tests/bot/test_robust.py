"""Errors, groups, forwarded answers, and running the bot inside an existing event loop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from decimal import Decimal

import pytest
import typer
from typer.testing import CliRunner

from bot import texts
from bot.app import bot_lifespan, build_application, run_bot_in_loop
from core import services
from core.config import Settings
from sakip import cli_bot
from tests.bot.conftest import USER_KASUBAG, BotHarness
from tests.bot.fake_bot_api import TOKEN, FakeBotApi
from tests.bot.test_lapor import _isi_sampai_ringkasan, _latest, _sampai_bobot

U = USER_KASUBAG


async def test_unexpected_error_is_reported_and_the_answers_are_kept(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    mid, data = h.button(texts.KIRIM)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("basis data terputus")

    monkeypatch.setattr(services, "submit_realisasi", boom)
    [r] = await h.press(U, mid, data, expect="sendMessage")
    assert r.params["text"] == texts.GALAT
    assert _latest(h) == {}
    monkeypatch.undo()
    await h.press(U, mid, data, expect="sendPhoto")  # the same summary, pressed again
    assert _latest(h)[1].realisasi_bobot == Decimal(3)  # type: ignore[attr-defined]


async def test_forwarded_answer_and_group_command(harness: BotHarness) -> None:
    h = harness
    await _sampai_bobot(h)
    i = len(h.api.calls)
    await h.api.send_text(
        U,
        "3",
        forward_origin={"type": "user", "date": int(time.time()), "sender_user": h.api.user(42)},
    )
    [r] = await h.api.wait_for("sendMessage", i)
    assert texts.DITERUSKAN in r.params["text"] and "Berapa realisasi bobot" in r.params["text"]
    i = len(h.api.calls)
    await h.api.send_text(U, "/lapor", chat={"id": -100123, "type": "group", "title": "Bappeda"})
    [r] = await h.api.wait_for("sendMessage", i)
    assert r.params["text"] == texts.HANYA_PRIBADI and r.params["chat_id"] == -100123
    assert _latest(h) == {}


async def test_run_bot_in_loop_until_cancelled(seeded, clock) -> None:
    api = FakeBotApi()
    await api.start()
    try:
        settings = Settings.model_construct(
            telegram_bot_token=TOKEN, telegram_base_url=api.base_url
        )
        app = build_application(settings, seeded, clock)
        task = asyncio.create_task(run_bot_in_loop(app))
        await api.wait_for("setMyCommands")
        i = len(api.calls)
        await api.send_text(7, "halo")
        [r] = await api.wait_for("sendMessage", i)
        assert r.params["text"] == texts.BELUM_TERTAUT
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
        assert not app.running

        app = build_application(settings, seeded, clock)
        async with bot_lifespan(app) as running:
            assert running.running
        assert not app.running
    finally:
        await api.stop()


def test_sakip_bot_without_token_fails_in_indonesian() -> None:
    app = typer.Typer()

    @app.callback()
    def _root() -> None: ...

    class C:
        settings = Settings.model_construct(telegram_bot_token=None)

    cli_bot.register(app, lambda: C())  # type: ignore[arg-type, return-value]
    result = CliRunner().invoke(app, ["bot"])
    assert result.exit_code == 1
    assert "TELEGRAM_BOT_TOKEN belum diisi" in result.output
