"""Button plumbing shared by the conversations (/lapor, /lapor_indikator, /kendala).

Each conversation's buttons carry ``<awalan>|<sesi>|<aksi>|<nilai>`` and its answers live in
``user_data[kunci]`` (:class:`Percakapan`); ``sesi`` changes with every start, so a press on a button of
an older message is recognised and answered as expired.

Pick lists are paginated the same way in every conversation: ``PER_HALAMAN`` items a page, "Sebelumnya"
and "Berikutnya" buttons whose callback data each conversation makes (its own prefix and session), and
a press on a button of an older message is answered the same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, Update
from telegram.ext import ConversationHandler

from bot import texts
from bot.deps import BotContext, jawab

T = TypeVar("T")

PER_HALAMAN = 8
MAKS_CB = 64  # bytes of callback_data (Bot API)


def jumlah_halaman(n: int) -> int:
    """How many pages ``n`` items take (at least one)."""
    return max(1, (n + PER_HALAMAN - 1) // PER_HALAMAN)


def halaman_ke(nilai: str, n: int) -> int | None:
    """The page a "hal" button asks for, clamped to the pages of ``n`` items; None if not a number."""
    try:
        hal = int(nilai)
    except ValueError:
        return None
    return min(max(hal, 0), jumlah_halaman(n) - 1)


def isi_halaman(daftar: Sequence[T], halaman: int) -> list[tuple[int, T]]:
    """The items of one page, with their index in the whole list."""
    awal = halaman * PER_HALAMAN
    return list(enumerate(daftar[awal : awal + PER_HALAMAN], start=awal))


def navigasi(halaman: int, n: int, data: Callable[[int], str]) -> list[InlineKeyboardButton]:
    """The "Sebelumnya" / "Berikutnya" row (empty on a single page); ``data(page)``: callback data."""
    nav = []
    if halaman > 0:
        nav.append(InlineKeyboardButton(texts.SEBELUMNYA_TOMBOL, callback_data=data(halaman - 1)))
    if (halaman + 1) * PER_HALAMAN < n:
        nav.append(InlineKeyboardButton(texts.BERIKUTNYA_TOMBOL, callback_data=data(halaman + 1)))
    return nav


def data_pilihan(cb: Callable[[str, str, str], str], sesi: str, indeks: int, kode: str) -> str:
    """A pick button's data: by kode (``sk``), by position in the list (``ski``) when the kode would
    not fit Telegram's 64 bytes."""
    data = cb(sesi, "sk", kode)
    return data if len(data.encode()) <= MAKS_CB else cb(sesi, "ski", str(indeks))


async def kedaluwarsa(update: Update, context: BotContext) -> None:
    """A press on a button of an older message of the conversation: answered, nothing changes."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.TOMBOL_KEDALUWARSA)


def pakai_tombol(teks: str) -> Callable[[Update, BotContext], Any]:
    """A message typed while the conversation waits for a button: say so, keep the state."""

    async def handler(update: Update, context: BotContext) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(teks)

    return handler


class Percakapan:
    """Callback data, draft, button check and cancel of one conversation."""

    def __init__(self, awalan: str, kunci: str, teks_batal: str) -> None:
        self.awalan = awalan
        self.kunci = kunci
        self.teks_batal = teks_batal

    def cb(self, sesi: str, aksi: str, nilai: str = "") -> str:
        return f"{self.awalan}|{sesi}|{aksi}|{nilai}"

    def urai(self, data: str | None) -> tuple[str, str, str] | None:
        """(sesi, aksi, nilai) of this conversation's button, else None."""
        parts = (data or "").split("|", 3)
        if len(parts) != 4 or parts[0] != self.awalan:
            return None
        return parts[1], parts[2], parts[3]

    def draft(self, context: BotContext) -> dict[str, Any] | None:
        d = context.user_data.get(self.kunci) if context.user_data is not None else None
        return d if isinstance(d, dict) else None

    async def tombol(
        self, update: Update, context: BotContext, aksi_sah: tuple[str, ...]
    ) -> tuple[dict[str, Any], str, str] | None:
        """The pressed button if it belongs to the running conversation and this step, else None
        (answered as expired)."""
        q = update.callback_query
        assert q is not None
        urai = self.urai(q.data)
        draft = self.draft(context)
        if urai is None or draft is None or urai[0] != draft.get("sesi") or urai[1] not in aksi_sah:
            await q.answer(texts.TOMBOL_KEDALUWARSA)
            return None
        return draft, urai[1], urai[2]

    async def batal(self, update: Update, context: BotContext) -> int:
        """/batal or the Batal button: drop the draft, take the buttons away, say so."""
        if context.user_data is not None:
            context.user_data.pop(self.kunci, None)
        q = update.callback_query
        msg = update.effective_message
        assert msg is not None
        if q is not None:  # the answer, the keyboard taken away and the reply, all at once
            await jawab(q)
            await asyncio.gather(q.edit_message_reply_markup(None), msg.reply_text(self.teks_batal))
        else:
            await msg.reply_text(self.teks_batal)
        return int(ConversationHandler.END)
