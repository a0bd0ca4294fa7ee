"""Typed answers shared by the conversations: numbers and free text, with the same refusals.

``angka``: an Indonesian number ("12,5", "1.824.205.000", "250 juta"; "12.5" is ambiguous and
asked again), not negative, not absurdly large; a volume may carry its output's satuan ("3 dokumen").
``isian_bebas``: a typed kendala or tindak lanjut; "Tidak ada", "-", "nihil" mean none.
``teks_jawaban``: the message's text, or None after ``tanya_lagi`` re-asked the question (a forwarded
message, a photo or sticker, an over-long text).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from telegram import Message

from bot import texts
from core.errors import ValidasiError
from core.kendala import berarti_tidak_ada
from core.numbers import MAKS_NILAI, parse_angka

MAKS_TEKS = 2000


def angka(teks: str, nama: str, satuan: str | None = None, *, rupiah: bool = False) -> Decimal:
    """``teks`` as a number; with ``satuan``, the output's own unit may follow ("3 dokumen").

    With ``rupiah`` it is an amount of money: "70%" and "250,000" are refused (see ``parse_angka``).
    """
    if satuan and satuan.strip():  # "3 dokumen", not "dokumen" alone
        dengan = re.fullmatch(rf"(.*\d)\s*{re.escape(satuan.strip())}", teks.strip(), re.IGNORECASE)
        teks = dengan[1] if dengan else teks
    nilai = parse_angka(teks, nama, rupiah=rupiah)
    if nilai < 0:
        raise ValidasiError(texts.NEGATIF.format(nama=nama))
    if nilai > MAKS_NILAI:
        raise ValidasiError(texts.TERLALU_BESAR.format(nama=nama))
    return nilai


def isian_bebas(teks: str, kendala: bool) -> tuple[str | None, str]:
    """A typed kendala or tindak lanjut, and the preface of the next question.

    "Tidak ada", "-" or "nihil" typed instead of pressed is stored as the "Tidak ada" button stores
    it (None) and said so, not kept as a kendala named "Tidak ada" that could be escalated.
    """
    if berarti_tidak_ada(teks):
        return None, texts.KENDALA_TIDAK_ADA if kendala else texts.TINDAK_LANJUT_TIDAK_ADA
    return teks, ""


async def teks_jawaban(msg: Message, tanya_lagi: Callable[[str], Awaitable[Any]]) -> str | None:
    """The typed answer, or None after re-asking with the reason as a preface."""
    if msg.forward_origin is not None:
        await tanya_lagi(texts.DITERUSKAN)
        return None
    if not msg.text or not msg.text.strip():
        await tanya_lagi(texts.BUKAN_TEKS)
        return None
    if len(msg.text) > MAKS_TEKS:
        await tanya_lagi(texts.TEKS_TERLALU_PANJANG.format(maks=MAKS_TEKS))
        return None
    return msg.text.strip()
