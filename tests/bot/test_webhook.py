"""Webhook mode: the same ASGI app as ``sakip run`` serves the webhook route, checks the secret token
header, and feeds the real PTB Application; setWebhook goes to the fake Bot API. SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from bot import texts
from bot.webhook import SECRET_HEADER, WebhookConfig
from core.config import Settings
from core.persistence.db import make_session_factory
from core.ports import UnitOfWork
from sakip.server import build_app
from sakip.wiring import Container
from tests.bot.conftest import USER_KASUBAG, link
from tests.bot.fake_bot_api import TOKEN, FakeBotApi
from tests.conftest import FakeClock
from tests.factories import NIP_KASUBAG

URL = "https://sakip.example.go.id/telegram/webhook"
SECRET = "rahasia_UJI-2026"
U = USER_KASUBAG


def _settings(api: FakeBotApi, tmp_path: Path, **extra: Any) -> Settings:
    return Settings.model_construct(
        telegram_bot_token=TOKEN,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
        data_dir=tmp_path,
        pengingat_aktif=False,  # the reminder scheduler is tested elsewhere
        **extra,
    )


@dataclass
class Hook:
    api: FakeBotApi
    client: httpx.AsyncClient
    uow_factory: Callable[[], UnitOfWork]
    clock: FakeClock

    async def post(self, payload: Any, secret: str | None = SECRET) -> httpx.Response:
        headers = {} if secret is None else {SECRET_HEADER: secret}
        return await self.client.post("/telegram/webhook", json=payload, headers=headers)

    def text_update(self, user_id: int, text: str) -> dict[str, Any]:
        return self.api.next_update({"message": self.api.user_text_message(user_id, text)})


@pytest.fixture
async def hook(
    seeded: Callable[[], UnitOfWork], clock: FakeClock, engine: Engine, tmp_path: Path
) -> AsyncIterator[Hook]:
    api = FakeBotApi()
    await api.start()
    settings = _settings(api, tmp_path, telegram_webhook_url=URL, telegram_webhook_secret=SECRET)
    app = build_app(Container(settings, engine, make_session_factory(engine), clock))
    transport = httpx.ASGITransport(app=app)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://sakip.test") as client,
        ):
            yield Hook(api, client, seeded, clock)
    finally:
        await api.stop()


async def test_start_up_sets_the_webhook_with_the_secret(hook: Hook) -> None:
    [call] = [c for c in hook.api.calls if c.method == "setWebhook"]
    assert call.params["url"] == URL
    assert call.params["secret_token"] == SECRET
    assert "message" in call.params["allowed_updates"]
    assert "callback_query" in call.params["allowed_updates"]
    assert any(c.method == "setMyCommands" for c in hook.api.calls)
    async with httpx.AsyncClient() as client:
        info = (await client.post(f"{hook.api.base_url}{TOKEN}/getWebhookInfo")).json()
    assert info["ok"] and info["result"]["url"] == URL


async def test_updates_with_the_right_secret_reach_the_bot(hook: Hook) -> None:
    h = hook
    i = len(h.api.calls)
    r = await h.post(h.text_update(U, "/lapor"))
    assert r.status_code == 200
    [reply] = await h.api.wait_for("sendMessage", i)
    assert reply.params["text"] == texts.BELUM_TERTAUT  # the whole bot runs: the gate answered
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    i = len(h.api.calls)
    assert (await h.post(h.text_update(U, "/lapor"))).status_code == 200
    [menu] = await h.api.wait_for("sendMessage", i)
    assert "halaman 1/2" in menu.params["text"]
    # a button press through the webhook too
    mid = h.api.message_id_of(h.api.calls.index(menu))
    data = h.api.keyboard(menu)[0][0]["callback_data"]
    message = h.api._messages[(U, mid)]
    press = h.api.next_update(
        {
            "callback_query": {
                "id": "cq-webhook-1",
                "from": h.api.user(U),
                "chat_instance": f"ci{U}",
                "message": message,
                "data": data,
            }
        }
    )
    i = len(h.api.calls)
    assert (await h.post(press)).status_code == 200
    [bulan] = await h.api.wait_for("editMessageText", i)
    assert "Pilih bulan laporan" in bulan.params["text"]


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_processed(hook: Hook) -> None:
    h = hook
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    i = len(h.api.calls)
    for secret in (None, "", "salah", SECRET + "x", SECRET.upper()):
        r = await h.post(h.text_update(U, "/lapor"), secret=secret)
        assert r.status_code == 403, secret
    await asyncio.sleep(0.5)  # the bot would have answered by now
    assert h.api.since(i) == []
    # a malformed body with the right secret: 400, nothing processed
    for body in ([1, 2], "teks"):
        assert (await h.post(body)).status_code == 400
    r = await h.client.post(
        "/telegram/webhook", content=b"{bukan json", headers={SECRET_HEADER: SECRET}
    )
    assert r.status_code == 400
    await asyncio.sleep(0.2)
    assert h.api.since(i) == []
    # GET is not served
    assert (await h.client.get("/telegram/webhook")).status_code == 405


def test_webhook_config_from_settings(tmp_path: Path) -> None:
    api = FakeBotApi()  # not started: only its URLs
    assert WebhookConfig.from_settings(_settings(api, tmp_path)) is None  # long polling
    cfg = WebhookConfig.from_settings(
        _settings(api, tmp_path, telegram_webhook_url=URL, telegram_webhook_secret=SECRET)
    )
    assert cfg == WebhookConfig(URL, SECRET, "/telegram/webhook")
    cfg = WebhookConfig.from_settings(
        _settings(
            api,
            tmp_path,
            telegram_webhook_url="https://x.go.id/",
            telegram_webhook_secret=SECRET,
            telegram_webhook_path="bot/masuk",
        )
    )
    assert cfg is not None and cfg.path == "/bot/masuk"
    for secret in (None, "", "ada spasi", "a" * 257, "titik.koma;"):
        with pytest.raises(ValueError, match="SECRET"):
            WebhookConfig.from_settings(
                _settings(api, tmp_path, telegram_webhook_url=URL, telegram_webhook_secret=secret)
            )


async def test_polling_stays_the_default(
    seeded: Callable[[], UnitOfWork], clock: FakeClock, engine: Engine, tmp_path: Path
) -> None:
    api = FakeBotApi()
    await api.start()
    try:
        app = build_app(
            Container(_settings(api, tmp_path), engine, make_session_factory(engine), clock)
        )
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://sakip.test"
            ) as client,
        ):
            r = await client.post("/telegram/webhook", json={}, headers={SECRET_HEADER: SECRET})
            assert r.status_code == 404, r.text  # no webhook route
            assert not any(c.method == "setWebhook" for c in api.calls)
            i = len(api.calls)
            await api.send_text(U, "/lapor")  # polled
            [reply] = await api.wait_for("sendMessage", i)
            assert reply.params["text"] == texts.BELUM_TERTAUT
    finally:
        await api.stop()


async def test_the_bot_alone_serves_the_webhook_too(
    seeded: Callable[[], UnitOfWork], clock: FakeClock, tmp_path: Path
) -> None:
    """``sakip bot`` in webhook mode: a small app with only the webhook route."""
    from bot.app import build_application
    from bot.webhook import webhook_app

    api = FakeBotApi()
    await api.start()
    try:
        settings = _settings(
            api,
            tmp_path,
            telegram_webhook_url="https://x.go.id/masuk",
            telegram_webhook_secret=SECRET,
        )
        config = WebhookConfig.from_settings(settings)
        assert config is not None and config.path == "/masuk"
        app = webhook_app(build_application(settings, seeded, clock), config)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bot.test"
            ) as client,
        ):
            [hook] = [c for c in api.calls if c.method == "setWebhook"]
            assert hook.params["url"] == "https://x.go.id/masuk"
            assert hook.params["secret_token"] == SECRET
            update = api.next_update({"message": api.user_text_message(U, "/bantuan")})
            r = await client.post("/masuk", json=update, headers={SECRET_HEADER: "salah"})
            assert r.status_code == 403
            i = len(api.calls)
            r = await client.post("/masuk", json=update, headers={SECRET_HEADER: SECRET})
            assert r.status_code == 200
            [reply] = await api.wait_for("sendMessage", i)
            assert reply.params["text"] == texts.BELUM_TERTAUT
            assert len(api.since(i, "sendMessage")) == 1  # the refused post was not processed
    finally:
        await api.stop()
