"""Rupiah answers in /lapor: "250,000" (English thousands) and "70%" are refused, not Rp 250 / Rp 70;
"3 5" (a space typed for the decimal comma) is not 35."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.bot.conftest import BotHarness
from tests.bot.test_lapor import U, _latest, _sampai_bobot


async def test_ambiguous_rupiah_percent_and_spaced_digits_are_asked_again(
    harness: BotHarness,
) -> None:
    h = harness
    await _sampai_bobot(h)
    [r] = await h.say(U, "3 5")
    assert "'3 5' bukan angka" in r.params["text"], r.params["text"]
    assert "Berapa realisasi bobot fisik" in r.params["text"]
    [r] = await h.say(U, "3")
    assert "Output 1 dari 1" in r.params["text"]
    [r] = await h.say(U, "1")
    assert "Berapa realisasi anggaran" in r.params["text"]
    for text, pesan in {
        "250,000": "'250,000' ambigu. Tulis rupiah dengan titik untuk ribuan",
        "70%": "bukan persen",
    }.items():
        [r] = await h.say(U, text)
        assert pesan in r.params["text"], (text, r.params["text"])
        assert "Berapa realisasi anggaran" in r.params["text"]
    assert _latest(h) == {}
    [r] = await h.say(U, "250 000 000")  # spaces grouping thousands are fine
    assert "Berapa realisasi anggaran" not in r.params["text"]
    [r] = await h.say(U, "/batal")
    assert _latest(h) == {}


def test_an_indicator_in_rupiah_is_read_as_an_amount() -> None:
    """An indicator whose satuan is rupiah (e.g. PAD) refuses "250,000" and "70%" as the anggaran
    question does; any other satuan keeps the Indonesian decimal comma."""
    from bot.conversations.lapor_indikator import _nilai
    from core.errors import ValidasiError

    for satuan in ("Rupiah", "Rp", "rp."):
        for teks in ("250,000", "70%"):
            with pytest.raises(ValidasiError):
                _nilai(teks, satuan)
        assert _nilai("250 juta", satuan) == Decimal(250_000_000)
    assert _nilai("1,500", "Persen") == Decimal("1.5")
