"""The kendala post in the Bappeda group follows status changes made outside the group.

The real PTB Application (posting, buttons) and the real outbox sender, each with its own ``Bot``,
over HTTP against one fake Bot API; SQLite and PostgreSQL. The dashboard's use cases are called as
the dashboard calls them (``Pengirim(..., Saluran.DASHBOARD, akun_id=...)``); the REST API path is
in tests/integration/test_kendala_edit_grup.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot import texts
from bot.pengirim import BatasKirim, Pengirim, buat_bot
from core import services
from core import services_kendala as sk
from core.cascade import Pejabat, Saluran
from core.config import Settings
from core.kendala import teks_grup
from core.ports import UnitOfWork
from core.ports_kirim import TERKIRIM, PesanTercatat
from tests.bot.conftest import (
    GRUP_BAPPEDA,
    USER_KASUBAG,
    BotHarness,
    berjalan,
    link,
    press_group,
    say_group,
)
from tests.bot.fake_bot_api import TOKEN, Call, FakeBotApi
from tests.conftest import FakeClock
from tests.factories import NIP_KASUBAG, PD, TAHUN

NIP_BAPPEDA = "999900000000000077"
USER_BAPPEDA = 6001
DASBOR = sk.Pengirim("Admin Bappeda", Saluran.DASHBOARD, akun_id=1)
CEPAT = BatasKirim(jeda_per_chat=0.02, jeda_per_grup=0.02, jeda_awal=0.05)


class FakeBotApiGangguan(FakeBotApi):
    """The fake Bot API; the next ``edit_502`` editMessageText calls get 502 Bad Gateway."""

    def __init__(self) -> None:
        super().__init__()
        self.edit_502 = 0

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["method"] == "editMessageText" and self.edit_502 > 0:
            self.edit_502 -= 1
            params, files = await self._params(request)
            self.calls.append(Call("editMessageText-502", params, files))
            async with self._changed:
                self._changed.notify_all()
            body = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            return JSONResponse(body, status_code=502)
        return await super()._endpoint(request)


@pytest.fixture
async def h(seeded: Callable[[], UnitOfWork], clock: FakeClock) -> AsyncIterator[BotHarness]:
    harness = BotHarness(FakeBotApiGangguan(), seeded, clock)
    services.register_pejabat(
        seeded(),
        [Pejabat(NIP_BAPPEDA, "Rina Bappeda", "Analis Kebijakan", None, PD.kode, peran="bappeda")],
    )
    link(seeded, NIP_KASUBAG, USER_KASUBAG, clock)
    link(seeded, NIP_BAPPEDA, USER_BAPPEDA, clock)
    async with berjalan(harness):
        yield harness


@pytest.fixture
async def pengirim(h: BotHarness) -> AsyncIterator[Pengirim]:
    """The scheduler's sender: a plain Bot of its own against the same server."""
    settings = Settings.model_construct(
        telegram_bot_token=TOKEN,
        telegram_base_url=h.api.base_url,
        telegram_base_file_url=h.api.base_file_url,
    )
    bot = buat_bot(settings)
    await bot.initialize()
    try:
        yield Pengirim(bot, h.uow_factory, h.clock, CEPAT)
    finally:
        await bot.shutdown()


async def _diposting(h: BotHarness, uraian: str) -> tuple[int, int]:
    """A kendala raised before the group was registered, posted by the bot at /daftar_grup:
    (kendala id, message id of its post)."""
    k = sk.buat_kendala(
        h.uow_factory(),
        pelapor_nip=NIP_KASUBAG,
        uraian=uraian,
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=h.clock(),
        sub_kegiatan_kode="SK-K1",
    )
    await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "/daftar_grup", n=2)
    for _ in range(100):  # stored right after the post is sent
        post = sk.ambil_kendala(h.uow_factory(), k.id).kendala.grup_message_id
        if post is not None:
            return k.id, post
        await asyncio.sleep(0.05)
    raise AssertionError("not posted")


def _edits(h: BotHarness, kendala_id: int) -> list[PesanTercatat]:
    with h.uow_factory() as uow:
        rows = uow.repo.daftar_pesan()
    return [r for r in rows if r.kunci.startswith(f"kendala|{kendala_id}|edit|")]


def _keyboard(msg: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return list((msg.get("reply_markup") or {}).get("inline_keyboard", []))


async def test_dashboard_changes_reach_the_post_with_the_bots_own_text(
    h: BotHarness, pengirim: Pengirim
) -> None:
    kid, post = await _diposting(h, "Penyedia belum menyerahkan barang")
    dipost = h.api.stored_message(GRUP_BAPPEDA, post)
    assert f"Kendala #{kid} [Baru]" in dipost["text"] and len(_keyboard(dipost)[0]) == 2

    # answered on the dashboard: the post shows Ditanggapi and keeps its buttons
    sk.tanggapi_kendala(h.uow_factory(), kid, "Tagih penyedia", pengirim=DASBOR, now=h.clock())
    i = len(h.api.calls)
    await pengirim.kirim_antrean()
    [edit] = h.api.since(i, "editMessageText")
    k = sk.ambil_kendala(h.uow_factory(), kid).kendala
    assert int(edit.params["message_id"]) == post and edit.params["text"] == teks_grup(k)
    shown = h.api.stored_message(GRUP_BAPPEDA, post)
    assert shown["text"].startswith(f"Kendala #{kid} [Ditanggapi]")
    assert [b["callback_data"] for b in _keyboard(shown)[0]] == [f"kd:t:{kid}", f"kd:s:{kid}"]

    # closed on the dashboard: the post shows Selesai, without buttons
    sk.selesaikan_kendala(h.uow_factory(), kid, pengirim=DASBOR, now=h.clock())
    i = len(h.api.calls)
    await pengirim.kirim_antrean()
    [edit] = h.api.since(i, "editMessageText")
    shown = h.api.stored_message(GRUP_BAPPEDA, post)
    assert shown["text"].startswith(f"Kendala #{kid} [Selesai]") and _keyboard(shown) == []
    assert {r.status for r in _edits(h, kid)} == {TERKIRIM}
    i = len(h.api.calls)
    await pengirim.kirim_antrean()
    assert h.api.since(i) == []  # nothing twice

    # a stale Selesai button (a client that has not refreshed): the bot renders the post itself,
    # and renders exactly what the outbox showed
    i = len(h.api.calls)
    [bot_edit] = await press_group(
        h, GRUP_BAPPEDA, USER_BAPPEDA, post, f"kd:s:{kid}", expect="editMessageText"
    )
    [a] = await h.api.wait_for("answerCallbackQuery", i)
    assert a.params["text"] == texts.KENDALA_SUDAH_SELESAI.format(id=kid)
    assert bot_edit.params["text"] == edit.params["text"] == shown["text"]


async def test_the_bot_queues_its_edit_when_telegram_fails(
    h: BotHarness, pengirim: Pengirim
) -> None:
    kid, post = await _diposting(h, "Lahan belum bebas")
    h.api.edit_502 = 1  # Telegram is down just when the bot edits the post
    i = len(h.api.calls)
    await h.api.press_in_group(GRUP_BAPPEDA, USER_BAPPEDA, post, f"kd:s:{kid}")
    await h.api.wait_for("editMessageText-502", i)
    for _ in range(100):  # the bot queues the edit right after the failure
        rows = _edits(h, kid)
        if rows:
            break
        await asyncio.sleep(0.05)
    [row] = rows
    assert (row.status, row.edit_message_id, row.tombol) == ("antri", post, None)
    assert h.api.stored_message(GRUP_BAPPEDA, post)["text"].startswith(f"Kendala #{kid} [Baru]")
    # the sender delivers it once Telegram is back
    i = len(h.api.calls)
    await pengirim.kirim_antrean()
    [edit] = h.api.since(i, "editMessageText")
    k = sk.ambil_kendala(h.uow_factory(), kid).kendala
    assert edit.params["text"] == teks_grup(k)
    shown = h.api.stored_message(GRUP_BAPPEDA, post)
    assert shown["text"].startswith(f"Kendala #{kid} [Selesai]") and _keyboard(shown) == []
    assert [r.status for r in _edits(h, kid)] == [TERKIRIM]
