"""A press's answer does not hold up the rest: the answer and the bot's next call travel together.

Against Telegram every Bot API call is a network round trip (about 100-300 ms from Banten). If the
bot waited for ``answerCallbackQuery`` before its database work and its edit, a press would cost two
or three round trips in a row. The fake Bot API here holds each plain answer until the bot's next call
arrives (at most 2 s): a handler that waits for the answer first is caught, because its next call only
comes after the hold runs out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot import texts
from tests.bot.conftest import USER_KASUBAG, BotHarness, berjalan
from tests.bot.fake_bot_api import FakeBotApi
from tests.bot.test_lapor import _isi_sampai_ringkasan, _latest, _sampai_bobot

U = USER_KASUBAG
TAHAN = 2.0


class TahanJawaban(FakeBotApi):
    """Answers a plain ``answerCallbackQuery`` only once another call of the bot for the press has
    arrived (an edit, a message), in whichever order the two came."""

    def __init__(self) -> None:
        super().__init__()
        self._sejak: dict[str, int] = {}  # callback query id -> calls before its press
        self.kedaluwarsa: list[dict[str, Any]] = []  # answers nothing came after

    async def press(self, user_id: int, message_id: int, data: str) -> int:
        self._sejak[f"cq{self._update_id + 1}"] = len(self.calls)
        return await super().press(user_id, message_id, data)

    async def _m_answerCallbackQuery(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        if "text" not in p:  # alerts and "tombol kedaluwarsa" are the whole answer
            sejak = self._sejak.get(str(p["callback_query_id"]), len(self.calls))
            batas = asyncio.get_running_loop().time() + TAHAN
            while not any(c.method != "answerCallbackQuery" for c in self.calls[sejak:]):
                if asyncio.get_running_loop().time() > batas:
                    self.kedaluwarsa.append(p)
                    break
                await asyncio.sleep(0.005)
        return await super()._m_answerCallbackQuery(p, f)


@pytest.fixture
async def h(seeded: Any, clock: Any) -> AsyncIterator[BotHarness]:
    async with berjalan(BotHarness(TahanJawaban(), seeded, clock)) as harness:
        yield harness


async def test_lapor_presses_do_not_wait_for_their_answers(h: BotHarness) -> None:
    """/lapor: the sub kegiatan (plans read), the month, "Tidak ada", "Lewati", "Ubah" and Kirim
    (the transaction): each press's answer is released by the bot's next call, none waits."""
    api = h.api
    assert isinstance(api, TahanJawaban)
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "250 juta")
    mid, data = h.button(texts.UBAH, method="editMessageText")
    await h.press(U, mid, data, expect="sendMessage")  # the questions again, from bobot
    await _isi_sampai_ringkasan(h, "3", "250 juta")
    mid, data = h.button(texts.KIRIM, method="editMessageText")
    i = len(api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    assert "sudah tersimpan" in api.since(i, "editMessageText")[0].params["text"]
    assert _latest(h)[1].revisi == 1  # type: ignore[attr-defined]
    assert api.kedaluwarsa == []


async def test_batal_button_does_not_wait_for_its_answer(h: BotHarness) -> None:
    api = h.api
    assert isinstance(api, TahanJawaban)
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "250 juta")
    mid, data = h.button(texts.BATAL, method="editMessageText")
    await h.press(U, mid, data, expect="sendMessage")
    assert api.kedaluwarsa == []
    assert _latest(h) == {}
