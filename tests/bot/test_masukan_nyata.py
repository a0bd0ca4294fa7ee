"""What officials really type and do in /lapor and /lapor_indikator, found by a QA pass (issue 4,
"Bad input": each gets a clear answer, and nothing is saved before Kirim).

* An edited message (Telegram's ``edited_message``) is never taken as the answer to the question
  asked since: bobot 3 edited into 30 while the output volume is asked stayed a volume of 30.
* A long kendala and tindak lanjut (each within the bot's 2,000 characters) no longer push the
  summary, the reminder of the previous report or /lapor_indikator's summary over Telegram's 4,096
  characters (the fake Bot API refuses such a text, as Telegram does): the official could not send
  or correct the report and got only "terjadi kesalahan".
* "Tidak ada 🙏" and "—" typed as kendala are no kendala, as the "Tidak ada" button.
* A message typed while a step waits for a button says so, instead of "tidak dikenali".
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from bot import texts
from core import services
from core.cascade import Saluran
from core.realisasi import RealisasiInput
from tests.bot.conftest import USER_KABID, USER_KASUBAG, BotHarness, link
from tests.bot.fake_bot_api import Call
from tests.bot.test_lapor import _isi_sampai_ringkasan, _latest, _sampai_bobot
from tests.factories import NIP_KABID, NIP_KASUBAG, TAHUN

D = Decimal
U = USER_KASUBAG
KENDALA_PANJANG = "Penyedia terlambat mengirim bahan. " * 57  # 1,995 characters
TL_PANJANG = "Rapat dengan penyedia dan pengawas. " * 55  # 1,980 characters


async def _ketik(h: BotHarness, text: str) -> tuple[dict[str, Any], Call]:
    """The official types ``text``: (the message as Telegram sent it, the bot's reply)."""
    msg = h.api.user_text_message(U, text)
    i = len(h.api.calls)
    await h.api.send_update({"message": msg})
    [r] = await h.api.wait_for("sendMessage", i)
    return msg, r


async def _sunting(h: BotHarness, message: dict[str, Any], text: str) -> Call:
    """The official edits one of their earlier messages: the bot's reply."""
    i = len(h.api.calls)
    await h.api.send_update(
        {"edited_message": {**message, "text": text, "edit_date": int(time.time())}}
    )
    [r] = await h.api.wait_for("sendMessage", i)
    return r


async def _tekan(h: BotHarness, label: str, method: str = "editMessageText") -> Call:
    mid, data = h.button(label, method=method)
    [r] = await h.press(U, mid, data, expect="editMessageText")
    return r


async def _sampai_anggaran(h: BotHarness) -> None:
    await _sampai_bobot(h)
    await h.say(U, "3")
    [q] = await h.say(U, "1")
    assert "Berapa realisasi anggaran" in q.params["text"]


# ---------------------------------------------------------------------------- edited messages
async def test_an_edited_answer_is_not_the_answer_to_the_next_question(harness: BotHarness) -> None:
    h = harness
    await _sampai_bobot(h)
    pesan_bobot, r = await _ketik(h, "3")
    assert "Output 1 dari 1" in r.params["text"]
    r = await _sunting(h, pesan_bobot, "30")  # meant: bobot 30; the volume is being asked
    assert r.params["text"] == texts.PESAN_DISUNTING
    assert h.app is not None and not h.app.user_data[U]["lapor"].get("volume")  # not an answer
    [q] = await h.say(U, "1")  # the volume question is still the one waiting
    assert "Berapa realisasi anggaran" in q.params["text"]
    await h.say(U, "250.000.000")
    await _tekan(h, texts.TIDAK_ADA, method="sendMessage")
    pesan_kendala = h.api.user_text_message(U, "x")  # an edit of a message the bot never read
    r = await _sunting(h, pesan_kendala, "Penyedia terlambat 2 minggu")
    assert r.params["text"] == texts.PESAN_DISUNTING
    await _tekan(h, texts.TIDAK_ADA)
    await _tekan(h, texts.LEWATI)
    mid, data = h.button(texts.KIRIM, method="editMessageText")
    await h.press(U, mid, data, expect="sendPhoto")
    saved = _latest(h)[1]
    assert saved.realisasi_bobot == D(3)  # type: ignore[attr-defined]
    assert dict(saved.volume_output) == {1: D(1)}  # type: ignore[attr-defined]
    assert saved.tindak_lanjut is None  # type: ignore[attr-defined]


async def test_an_edited_message_outside_a_conversation_gets_the_same_hint(
    harness: BotHarness,
) -> None:
    h = harness
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    pesan, _ = await _ketik(h, "halo")
    r = await _sunting(h, pesan, "/lapor")  # an edit into a command does not start /lapor
    assert r.params["text"] == texts.PESAN_DISUNTING
    assert not h.api.since(0, "editMessageText")


# ---------------------------------------------------------------------------- long texts
async def test_long_kendala_and_tindak_lanjut_still_give_a_summary_and_are_saved_whole(
    harness: BotHarness,
) -> None:
    h = harness
    await _sampai_anggaran(h)
    [q] = await h.say(U, "250.000.000")
    assert q.params["text"] == texts.TANYA_KENDALA
    await h.say(U, KENDALA_PANJANG)
    await h.say(U, TL_PANJANG)
    ringkasan = await _tekan(h, texts.LEWATI, method="sendMessage")
    teks = ringkasan.params["text"]
    assert len(teks) <= texts.MAKS_PESAN and not h.api.ditolak
    assert texts.DIPERSINGKAT.format(panjang=len(KENDALA_PANJANG.strip())) in teks
    assert texts.DIPERSINGKAT.format(panjang=len(TL_PANJANG.strip())) in teks
    mid, data = h.button(texts.KIRIM, method="editMessageText")
    await h.press(U, mid, data, expect="sendPhoto")
    assert not h.api.ditolak
    saved = _latest(h)[1]
    assert saved.kendala == KENDALA_PANJANG.strip()  # type: ignore[attr-defined]
    assert saved.tindak_lanjut == TL_PANJANG.strip()  # type: ignore[attr-defined]


async def test_a_month_reported_with_long_texts_can_be_corrected(harness: BotHarness) -> None:
    h = harness
    services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput(
            "SK-K1",
            TAHUN,
            1,
            D(2),
            D(100_000_000),
            kendala=KENDALA_PANJANG,
            tindak_lanjut=TL_PANJANG,
        ),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=h.clock(),
    )
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    await h.say(U, "/lapor")
    mid, data = h.button("SK-K1 ")
    await h.press(U, mid, data, expect="editMessageText")
    mid, data = h.button("• Jan", method="editMessageText")
    [q] = await h.press(U, mid, data, expect="editMessageText")
    assert "sudah pernah dikirim (revisi 1)" in q.params["text"]
    assert "Berapa realisasi bobot fisik" in q.params["text"]
    assert not h.api.ditolak


async def test_indikator_summary_with_long_texts_fits(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    await h.say(USER_KABID, "/lapor_indikator")
    mid, data = h.button("S1 Indikator Sasaran A")
    await h.press(USER_KABID, mid, data, expect="editMessageText")
    mid, data = h.button("• Tw I", method="editMessageText")
    await h.press(USER_KABID, mid, data, expect="sendMessage")
    [q] = await h.say(USER_KABID, "2,1")
    assert q.params["text"] == texts.LI_TANYA_KENDALA
    await h.say(USER_KABID, KENDALA_PANJANG)
    [ringkasan] = await h.say(USER_KABID, TL_PANJANG)
    assert "Tekan Kirim untuk menyimpan." in ringkasan.params["text"]
    assert not h.api.ditolak


def test_a_quote_is_cut_with_its_full_length_and_a_message_never_passes_the_limit() -> None:
    assert texts.kutipan(None) == texts.kutipan("") == texts.TIDAK_ADA
    assert texts.kutipan("Hujan deras") == "Hujan deras"
    panjang = "a" * 601
    assert texts.kutipan(panjang) == "a" * 600 + texts.DIPERSINGKAT.format(panjang=601)
    assert texts.muat("b" * 4096) == "b" * 4096
    assert len(texts.muat("b" * 5000)) == texts.MAKS_PESAN


# ---------------------------------------------------------------------------- typed "none"
@pytest.mark.parametrize("teks", ["Tidak ada 🙏", "—", "Tidak ada, Pak."])
async def test_typed_none_with_emoji_or_a_phone_dash_is_no_kendala(
    harness: BotHarness, teks: str
) -> None:
    h = harness
    await _sampai_anggaran(h)
    await h.say(U, "250.000.000")
    [q] = await h.say(U, teks)
    assert q.params["text"].startswith(texts.KENDALA_TIDAK_ADA)
    await _tekan(h, texts.TIDAK_ADA, method="sendMessage")
    await _tekan(h, texts.LEWATI)
    mid, data = h.button(texts.KIRIM, method="editMessageText")
    [hasil] = await h.press(U, mid, data, expect="editMessageText")
    assert _latest(h)[1].kendala is None  # type: ignore[attr-defined]
    assert not hasil.params.get("reply_markup")  # nothing to escalate to Bappeda


# ---------------------------------------------------------------------------- a step waits for a button
async def test_text_typed_at_the_summary_says_the_report_waits_for_a_button(
    harness: BotHarness,
) -> None:
    h = harness
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    [r] = await h.say(U, "kirim")
    assert r.params["text"] == texts.PAKAI_TOMBOL_RINGKASAN
    mid, data = h.button(texts.KIRIM, method="editMessageText")  # the summary still works
    await h.press(U, mid, data, expect="sendPhoto")
    assert _latest(h)[1].realisasi_bobot == D(3)  # type: ignore[attr-defined]


async def test_text_typed_at_the_menus_asks_for_a_button(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    await h.say(U, "/lapor")
    [r] = await h.say(U, "SK-K1")
    assert r.params["text"] == texts.PAKAI_TOMBOL_PILIH
    mid, data = h.button("SK-K1 ")
    await h.press(U, mid, data, expect="editMessageText")
    [r] = await h.say(U, "Januari")
    assert r.params["text"] == texts.PAKAI_TOMBOL_PILIH
    mid, data = h.button("• Jan", method="editMessageText")
    [q] = await h.press(U, mid, data, expect="editMessageText")
    assert "Berapa realisasi bobot fisik" in q.params["text"]
