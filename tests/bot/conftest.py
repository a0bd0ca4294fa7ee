"""The real PTB Application, polling the fake Bot API over HTTP, on a seeded database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from telegram.ext import AIORateLimiter

from bot.app import BotApplication, build_application, start_bot, stop_bot
from core import services
from core.cascade import Tingkat
from core.config import Settings
from core.ports import UnitOfWork
from tests.bot.fake_bot_api import TOKEN, Call, FakeBotApi
from tests.conftest import FakeClock
from tests.factories import (
    NIP_KABID,
    NIP_KASUBAG,
    TAHUN,
    lampiran_ii_cascade,
    node,
    ropp_lampiran_i,
    seed_master,
)

USER_KASUBAG = 5001
USER_KABID = 5002
USER_ASING = 5999
#: the sub kegiatan of another official (NIP_KABID), never offered to the Kasubag
SK_LAIN = "SK-LAIN"
#: the Kasubag's extra sub kegiatan, so the list has two pages (7 + 4 = 11 > 8)
SK_TAMBAHAN = [f"SK-K1-{i}" for i in range(2, 6)]


@pytest.fixture
def seeded(uow_factory: Callable[[], UnitOfWork]) -> Callable[[], UnitOfWork]:
    seed_master(uow_factory)
    nodes = lampiran_ii_cascade()
    nodes += [
        node(k, Tingkat.SUB_KEGIATAN, "K1", penanggung_jawab_nip=NIP_KASUBAG) for k in SK_TAMBAHAN
    ]
    nodes.append(node(SK_LAIN, Tingkat.SUB_KEGIATAN, "K2", penanggung_jawab_nip=NIP_KABID))
    services.save_cascade(uow_factory(), TAHUN, nodes)
    for kode in ["SK-K1", SK_LAIN]:
        services.save_ropp(uow_factory(), ropp_lampiran_i(kode))
    return uow_factory


def link(uow_factory: Callable[[], UnitOfWork], nip: str, user_id: int, clock: FakeClock) -> None:
    kode = services.create_link_code(uow_factory(), nip, clock())
    services.redeem_link_code(uow_factory(), kode.kode, user_id, clock())


@dataclass
class BotHarness:
    api: FakeBotApi
    uow_factory: Callable[[], UnitOfWork]
    clock: FakeClock
    app: BotApplication | None = None

    def uow_bot(self) -> UnitOfWork:
        """The units of work the bot gets (a test may wrap them)."""
        return self.uow_factory()

    def opsi_bot(self) -> dict[str, Any]:
        """More keyword arguments of ``build_application`` (a test may add some)."""
        return {}

    async def start(self) -> None:
        settings = Settings.model_construct(
            telegram_bot_token=TOKEN,
            telegram_base_url=self.api.base_url,
            telegram_base_file_url=self.api.base_file_url,
        )
        self.app = build_application(
            settings,
            self.uow_bot,
            self.clock,
            rate_limiter=AIORateLimiter(max_retries=3),
            persistence_interval=0.2,
            **self.opsi_bot(),
        )
        await start_bot(self.app, poll_timeout=1)

    async def stop(self) -> None:
        if self.app is not None:
            await stop_bot(self.app)
            self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    # -- talking to the bot -------------------------------------------------------------
    async def say(
        self, user_id: int, text: str, expect: str = "sendMessage", n: int = 1
    ) -> list[Call]:
        i = len(self.api.calls)
        await self.api.send_text(user_id, text)
        return await self.api.wait_for(expect, i, n)

    async def photo(self, user_id: int, expect: str = "sendMessage") -> list[Call]:
        i = len(self.api.calls)
        await self.api.send_photo(user_id)
        return await self.api.wait_for(expect, i)

    async def press(
        self,
        user_id: int,
        message_id: int,
        data: str,
        expect: str = "answerCallbackQuery",
        n: int = 1,
    ) -> list[Call]:
        i = len(self.api.calls)
        await self.api.press(user_id, message_id, data)
        return await self.api.wait_for(expect, i, n)

    def last_message_id(self, method: str = "sendMessage") -> int:
        for idx in range(len(self.api.calls) - 1, -1, -1):
            if self.api.calls[idx].method == method:
                return self.api.message_id_of(idx)
        raise AssertionError(f"no {method}")

    def button(self, text_contains: str, method: str = "sendMessage") -> tuple[int, str]:
        """(message_id, callback_data) of the newest button whose label contains the text."""
        for idx in range(len(self.api.calls) - 1, -1, -1):
            call = self.api.calls[idx]
            if call.method not in ("sendMessage", "editMessageText"):
                continue
            for row in self.api.keyboard(call):
                for b in row:
                    if text_contains in b["text"]:
                        mid = (
                            self.api.message_id_of(idx)
                            if call.method == "sendMessage"
                            else int(call.params["message_id"])
                        )
                        return mid, b["callback_data"]
        raise AssertionError(f"no button {text_contains!r}")


@asynccontextmanager
async def berjalan(h: BotHarness) -> AsyncIterator[BotHarness]:
    """The fake Bot API of ``h`` and its bot, started; both stopped after."""
    await h.api.start()
    try:
        await h.start()
        yield h
    finally:
        await h.stop()
        await h.api.stop()


@pytest.fixture
async def harness(seeded: Any, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with berjalan(BotHarness(FakeBotApi(), seeded, clock)) as h:
        yield h


D = Decimal


# -- group chats (the Bappeda group; appended) ------------------------------------------
GRUP_BAPPEDA = -1001234567890
GRUP_LAIN = -1009876543210


async def say_group(
    h: BotHarness,
    chat_id: int,
    user_id: int,
    text: str,
    expect: str = "sendMessage",
    n: int = 1,
    reply_to: int | None = None,
    first_name: str = "Pengguna",
) -> list[Call]:
    """A member writes in a group (``reply_to``: the bot message replied to); waits for the bot."""
    i = len(h.api.calls)
    await h.api.send_group_text(chat_id, user_id, text, reply_to=reply_to, first_name=first_name)
    return await h.api.wait_for(expect, i, n)


async def press_group(
    h: BotHarness,
    chat_id: int,
    user_id: int,
    message_id: int,
    data: str,
    expect: str = "answerCallbackQuery",
    n: int = 1,
    first_name: str = "Pengguna",
) -> list[Call]:
    """A member presses a button of a bot message in a group; waits for the bot."""
    i = len(h.api.calls)
    await h.api.press_in_group(chat_id, user_id, message_id, data, first_name=first_name)
    return await h.api.wait_for(expect, i, n)


def message_id_of_call(h: BotHarness, call: Call) -> int:
    """The message_id the fake returned for this (sendMessage/sendPhoto) call."""
    for idx, c in enumerate(h.api.calls):
        if c is call:
            return h.api.message_id_of(idx)
    raise AssertionError("call not recorded")
