"""Button plumbing shared by the conversations (/lapor, /lapor_indikator, /kendala).

Pick lists are paginated the same way in every conversation: ``PER_HALAMAN`` items a page, "Sebelumnya"
and "Berikutnya" buttons whose callback data each conversation makes (its own prefix and session), and
a press on a button of an older message is answered the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from telegram import InlineKeyboardButton, Update

from bot import texts
from bot.deps import BotContext

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
