"""bench/http_minimal.py, the bare HTTP client of ``bot_latency.py --http minimal``: the same Bot API
calls and answers as PTB's HTTPXRequest against the fake Bot API, so the benchmark compares like with
like."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot
from telegram.error import EndPointNotFound
from telegram.request import BaseRequest, HTTPXRequest

from bench.http_minimal import MinimalRequest
from tests.bot.fake_bot_api import TOKEN, FakeBotApi


async def _percakapan(api: FakeBotApi, request: BaseRequest) -> list[Any]:
    bot = Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url, request=request)
    async with bot:
        me = await bot.get_me()
        pesan = await bot.send_message(1001, "Realisasi Rp 250.000.000 & 12,5 % — ✓")
        ubah = await bot.edit_message_text("diubah", chat_id=1001, message_id=pesan.message_id)
        with pytest.raises(EndPointNotFound):  # the server's 404 answer reaches the caller
            await bot.do_api_request("metodeTidakAda")
        for _ in range(30):  # the kept-alive connection is reused
            await bot.send_message(1001, "lagi")
        return [me.username, pesan.text, ubah.text]


async def test_minimal_request_says_and_hears_what_httpx_does() -> None:
    api = FakeBotApi()
    await api.start()
    try:
        httpx_hasil = await _percakapan(api, HTTPXRequest())
        awal = len(api.calls)
        minimal = MinimalRequest()
        minimal_hasil = await _percakapan(api, minimal)
    finally:
        await api.stop()
    assert minimal_hasil == httpx_hasil
    assert minimal_hasil[1] == "Realisasi Rp 250.000.000 & 12,5 % — ✓"
    kedua = [(c.method, c.params.get("text")) for c in api.calls[awal:]]
    pertama = [(c.method, c.params.get("text")) for c in api.calls[:awal]]
    assert kedua == pertama
    assert minimal.opened == 1  # 34 calls, one kept-alive connection
    assert minimal._idle == {}  # closed at shutdown


async def test_minimal_request_refuses_https() -> None:
    request = MinimalRequest()
    with pytest.raises(ValueError, match="hanya untuk http://"):
        await request.do_request("https://api.telegram.org/botX/getMe", "POST")
