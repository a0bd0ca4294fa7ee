"""/kendala and the Bappeda group end to end: the real PTB Application over HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot import texts
from bot.conversations.lapor import cb_eskalasi
from core import services
from core import services_kendala as sk
from core.cascade import Pejabat, Saluran
from core.kendala import Dari, StatusKendala
from core.persistence.models import PesanKeluarRow
from core.realisasi import RealisasiInput
from tests.bot.conftest import (
    GRUP_BAPPEDA,
    GRUP_LAIN,
    SK_LAIN,
    USER_ASING,
    USER_KABID,
    USER_KASUBAG,
    BotHarness,
    link,
    message_id_of_call,
    press_group,
    say_group,
)
from tests.factories import NIP_KABID, NIP_KASUBAG, PD, TAHUN

NIP_BAPPEDA = "999900000000000077"
USER_BAPPEDA = 6001
U = USER_KASUBAG


@pytest.fixture
def h(harness: BotHarness) -> BotHarness:
    services.register_pejabat(
        harness.uow_factory(),
        [Pejabat(NIP_BAPPEDA, "Rina Bappeda", "Analis Kebijakan", None, PD.kode, peran="bappeda")],
    )
    link(harness.uow_factory, NIP_KASUBAG, U, harness.clock)
    link(harness.uow_factory, NIP_BAPPEDA, USER_BAPPEDA, harness.clock)
    link(harness.uow_factory, NIP_KABID, USER_KABID, harness.clock)
    return harness


async def _daftar(h: BotHarness) -> None:
    [r] = await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "/daftar_grup")
    assert r.params["text"].startswith("Grup Grup Bappeda sudah terdaftar")


def _kendala(h: BotHarness, kendala_id: int) -> sk.KendalaDetail:
    return sk.ambil_kendala(h.uow_factory(), kendala_id)


async def _sudah_diposting(h: BotHarness, kendala_id: int) -> int:
    """The post's message_id, once the bot has stored it (right after sending it)."""
    for _ in range(100):
        k = _kendala(h, kendala_id).kendala
        if k.grup_message_id is not None:
            return k.grup_message_id
        await asyncio.sleep(0.05)
    raise AssertionError(f"kendala #{kendala_id} was not posted")


def _semua(h: BotHarness) -> list[int]:
    return [k.id for k in sk.daftar_kendala(h.uow_factory()).items]


async def test_group_registration_allowed_and_refused(h: BotHarness) -> None:
    for user in (USER_KABID, USER_ASING):  # a linked non-Bappeda official; an unknown user
        [r] = await say_group(h, GRUP_BAPPEDA, user, "/daftar_grup")
        assert r.params["text"] == texts.DAFTAR_GRUP_DITOLAK
        assert int(r.params["chat_id"]) == GRUP_BAPPEDA
    [r] = await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "/daftar_grup@bot_lain")  # not for us
    assert r.params["text"] == texts.HANYA_PRIBADI
    assert sk.grup_bappeda(h.uow_factory()) is None
    [r] = await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "/daftar_grup@sakip_banten_test_bot")
    assert "sudah terdaftar sebagai grup Bappeda" in r.params["text"]
    g = sk.grup_bappeda(h.uow_factory())
    assert g is not None and (g.chat_id, g.judul, g.didaftarkan_oleh_nip) == (
        GRUP_BAPPEDA,
        "Grup Bappeda",
        NIP_BAPPEDA,
    )
    # other commands in the Bappeda group, and anything in another group, get the short answer
    [r] = await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "/lapor")
    assert r.params["text"] == texts.HANYA_PRIBADI
    [r] = await say_group(h, GRUP_LAIN, USER_KASUBAG, "/kendala")
    assert r.params["text"] == texts.HANYA_PRIBADI
    # in private the command only explains where it belongs
    [r] = await h.say(USER_BAPPEDA, "/daftar_grup")
    assert r.params["text"] == texts.DAFTAR_GRUP_DI_GRUP


async def test_full_round_trip_through_the_group(h: BotHarness) -> None:
    await _daftar(h)
    [menu] = await h.say(U, "/kendala")
    labels = [b["text"] for row in h.api.keyboard(menu) for b in row]
    assert texts.KENDALA_UMUM in labels and not any(SK_LAIN in t for t in labels)
    mid, data = h.button("SK-K1 ")
    [tanya] = await h.press(U, mid, data, expect="editMessageText")
    assert "Perihal: SK-K1" in tanya.params["text"]
    await h.photo(U)  # a photo is not an uraian: asked again
    [ringkasan] = await h.say(U, "Penyedia belum menyerahkan barang")
    assert "Uraian: Penyedia belum menyerahkan barang" in ringkasan.params["text"]
    assert _semua(h) == []  # nothing saved before Kirim

    mid, data = h.button(texts.KIRIM)
    post, ok = await h.press(U, mid, data, expect="sendMessage", n=2)
    [kendala_id] = _semua(h)
    assert int(post.params["chat_id"]) == GRUP_BAPPEDA
    assert f"Kendala #{kendala_id} [Baru]" in post.params["text"]
    assert "Penyedia belum menyerahkan barang" in post.params["text"]
    assert [[b["callback_data"] for b in row] for row in h.api.keyboard(post)] == [
        [f"kd:t:{kendala_id}", f"kd:s:{kendala_id}"]
    ]
    assert int(ok.params["chat_id"]) == U
    assert ok.params["text"] == texts.KENDALA_TERKIRIM.format(id=kendala_id)
    post_id = message_id_of_call(h, post)
    k = _kendala(h, kendala_id).kendala
    assert (k.status, k.node_kode, k.grup_chat_id, k.grup_message_id) == (
        StatusKendala.BARU,
        "SK-K1",
        GRUP_BAPPEDA,
        post_id,
    )

    # Bappeda: Tanggapi -> a ForceReply prompt -> the answer as a reply to it
    h.clock.now += timedelta(hours=2)
    [prompt] = await press_group(
        h, GRUP_BAPPEDA, USER_BAPPEDA, post_id, f"kd:t:{kendala_id}", expect="sendMessage"
    )
    assert prompt.params["reply_markup"]["force_reply"] is True
    assert prompt.params["reply_markup"]["selective"] is True
    assert f"tg://user?id={USER_BAPPEDA}" in prompt.params["text"]
    i = len(h.api.calls)
    ke_pelapor, konfirmasi = await say_group(
        h,
        GRUP_BAPPEDA,
        USER_BAPPEDA,
        "Silakan ajukan addendum waktu",
        n=2,
        reply_to=message_id_of_call(h, prompt),
    )
    assert int(ke_pelapor.params["chat_id"]) == U
    assert "Silakan ajukan addendum waktu" in ke_pelapor.params["text"]
    # answered Tuesday 3 Feb 2026 (WIB): 7 working days later is Thursday 12 Feb 2026
    assert "12 Februari 2026" in ke_pelapor.params["text"]
    assert h.api.keyboard(ke_pelapor) == [
        [{"text": "Balas", "callback_data": f"kd:b:{kendala_id}"}]
    ]
    assert int(konfirmasi.params["chat_id"]) == GRUP_BAPPEDA
    assert "sudah dikirim kepada" in konfirmasi.params["text"]
    [edit] = h.api.since(i, "editMessageText")
    assert int(edit.params["message_id"]) == post_id and "[Ditanggapi]" in edit.params["text"]
    k = _kendala(h, kendala_id).kendala
    assert k.status == StatusKendala.DITANGGAPI and k.ditanggapi_pada == h.clock()
    assert k.batas_tindak_lanjut == date(2026, 2, 12)

    # the official: Balas -> the reply, posted to the group under the kendala's post
    mid, data = h.button("Balas")
    [tanya] = await h.press(U, mid, data, expect="sendMessage")
    assert tanya.params["text"] == texts.KENDALA_TANYA_BALASAN.format(id=kendala_id)
    ke_grup, ok = await h.say(U, "Baik, addendum kami proses minggu ini", n=2)
    assert int(ke_grup.params["chat_id"]) == GRUP_BAPPEDA
    assert ke_grup.params["reply_parameters"]["message_id"] == post_id
    assert "Baik, addendum kami proses minggu ini" in ke_grup.params["text"]
    assert ok.params["text"] == texts.BALASAN_TERKIRIM.format(id=kendala_id)
    # a plain Telegram reply to the answer (without Balas) is a reply too
    jawaban = h.api.stored_message(U, message_id_of_call(h, ke_pelapor))
    i = len(h.api.calls)
    await h.api.send_text(U, "Dokumen addendum menyusul", reply_to_message=jawaban)
    ke_grup, ok = await h.api.wait_for("sendMessage", i, 2)
    assert ke_grup.params["reply_parameters"]["message_id"] == post_id
    assert "Dokumen addendum menyusul" in ke_grup.params["text"]
    assert ok.params["text"] == texts.BALASAN_TERKIRIM.format(id=kendala_id)

    # Bappeda: Selesai -> status, post edited without buttons, the official told
    h.clock.now += timedelta(days=1)
    i = len(h.api.calls)
    [info] = await press_group(
        h, GRUP_BAPPEDA, USER_BAPPEDA, post_id, f"kd:s:{kendala_id}", expect="sendMessage"
    )
    assert int(info.params["chat_id"]) == U and "telah dinyatakan selesai" in info.params["text"]
    [edit] = h.api.since(i, "editMessageText")
    assert "[Selesai]" in edit.params["text"] and not edit.params.get("reply_markup")
    detail = _kendala(h, kendala_id)
    assert detail.kendala.status == StatusKendala.SELESAI
    assert detail.kendala.selesai_pada == h.clock()
    assert [(p.dari, p.isi) for p in detail.pesan] == [
        (Dari.BAPPEDA, "Silakan ajukan addendum waktu"),
        (Dari.PELAPOR, "Baik, addendum kami proses minggu ini"),
        (Dari.PELAPOR, "Dokumen addendum menyusul"),
    ]
    assert detail.pesan[0].telegram_user_id == USER_BAPPEDA

    # old buttons: Tanggapi on the closed post, Balas on the old answer
    [a] = await press_group(h, GRUP_BAPPEDA, USER_BAPPEDA, post_id, f"kd:t:{kendala_id}")
    assert a.params["text"] == texts.KENDALA_SUDAH_SELESAI.format(id=kendala_id)
    [a] = await h.press(U, mid, data)
    assert a.params["text"] == texts.KENDALA_SUDAH_SELESAI.format(id=kendala_id)
    assert len(_kendala(h, kendala_id).pesan) == 3


async def test_only_bappeda_members_answer(h: BotHarness) -> None:
    await _daftar(h)
    k = sk.buat_kendala(
        h.uow_factory(),
        pelapor_nip=NIP_KASUBAG,
        uraian="Data BPS belum terbit",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=h.clock(),
    )
    sent = await _post(h, k.id)
    for user in (USER_KABID, USER_ASING):
        [a] = await press_group(h, GRUP_BAPPEDA, user, sent, f"kd:t:{k.id}")
        assert a.params["text"] == texts.HANYA_BAPPEDA and a.params["show_alert"] is True
        [a] = await press_group(h, GRUP_BAPPEDA, user, sent, f"kd:s:{k.id}")
        assert a.params["text"] == texts.HANYA_BAPPEDA
    [r] = await say_group(h, GRUP_BAPPEDA, USER_KABID, "Saya jawab saja", reply_to=sent)
    assert r.params["text"] == texts.HANYA_BAPPEDA
    [r] = await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "/lapor", reply_to=sent)  # no answer
    assert r.params["text"] == texts.HANYA_PRIBADI
    detail = _kendala(h, k.id)
    assert detail.kendala.status == StatusKendala.BARU and detail.pesan == []
    # an unknown kendala, a malformed button, a button in a group that is not Bappeda's
    [a] = await press_group(h, GRUP_BAPPEDA, USER_BAPPEDA, sent, "kd:t:999999")
    assert "tidak ditemukan" in a.params["text"]
    [a] = await press_group(h, GRUP_BAPPEDA, USER_BAPPEDA, sent, "kd:x:1")
    assert a.params["text"] == texts.TOMBOL_KEDALUWARSA
    # Balas on someone else's kendala
    [pesan] = await h.say(USER_KABID, "/bantuan")
    [a] = await h.press(USER_KABID, message_id_of_call(h, pesan), f"kd:b:{k.id}")
    assert a.params["text"] == texts.KENDALA_BUKAN_MILIK
    # a Bappeda member may also answer by replying to the post itself
    ke_pelapor, _ = await say_group(
        h, GRUP_BAPPEDA, USER_BAPPEDA, "Mohon koordinasi dengan BPS", n=2, reply_to=sent
    )
    assert int(ke_pelapor.params["chat_id"]) == U
    assert _kendala(h, k.id).kendala.status == StatusKendala.DITANGGAPI


async def _post(h: BotHarness, kendala_id: int) -> int:
    """Post an existing kendala to the group the way the bot does (through /daftar_grup)."""
    i = len(h.api.calls)
    await h.api.send_group_text(GRUP_BAPPEDA, USER_BAPPEDA, "/daftar_grup")
    calls = await h.api.wait_for("sendMessage", i, 2)
    post = next(c for c in calls if f"Kendala #{kendala_id}" in c.params["text"])
    assert await _sudah_diposting(h, kendala_id) == message_id_of_call(h, post)
    return message_id_of_call(h, post)


async def test_without_a_group_the_kendala_waits_for_registration(h: BotHarness) -> None:
    [menu] = await h.say(U, "/kendala")
    mid, data = h.button(texts.KENDALA_UMUM)
    await h.press(U, mid, data, expect="editMessageText")
    await h.restart()  # the conversation state is in the database: the uraian step resumes
    [r] = await h.say(U, "Jaringan internet kantor sering terputus")
    assert "Perihal: Umum" in r.params["text"] and "Tekan Kirim" in r.params["text"]
    mid, data = h.button(texts.KIRIM)
    [ok] = await h.press(U, mid, data, expect="sendMessage")
    [kendala_id] = _semua(h)
    assert ok.params["text"] == texts.KENDALA_TERSIMPAN.format(id=kendala_id)
    k = _kendala(h, kendala_id).kendala
    assert k.node_kode is None and k.grup_message_id is None and k.status == StatusKendala.BARU
    # the old Kirim button does nothing more
    [a] = await h.press(U, mid, data)
    assert a.params["text"] == texts.TOMBOL_KEDALUWARSA
    assert _semua(h) == [kendala_id]
    # registering the group posts it
    i = len(h.api.calls)
    await h.api.send_group_text(GRUP_BAPPEDA, USER_BAPPEDA, "/daftar_grup")
    calls = await h.api.wait_for("sendMessage", i, 2)
    [post] = [c for c in calls if f"Kendala #{kendala_id} [Baru]" in c.params["text"]]
    assert await _sudah_diposting(h, kendala_id) == message_id_of_call(h, post)
    assert _kendala(h, kendala_id).kendala.grup_chat_id == GRUP_BAPPEDA


async def test_one_tap_escalation_from_lapor(h: BotHarness) -> None:
    await _daftar(h)
    services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput("SK-K1", TAHUN, 1, Decimal(3), Decimal(1000), kendala="Lahan belum bebas"),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=h.clock(),
    )
    # the /lapor reply carries the button; any bot message in the chat can carry the press
    [pesan] = await h.say(U, "/bantuan")
    mid = message_id_of_call(h, pesan)
    esk = cb_eskalasi("SK-K1", TAHUN, 1)  # the /lapor reply's button
    assert esk == "esk:SK-K1:2026-01"
    post, ok = await h.press(U, mid, esk, expect="sendMessage", n=2)
    [kendala_id] = _semua(h)
    assert int(post.params["chat_id"]) == GRUP_BAPPEDA
    assert "Lahan belum bebas" in post.params["text"] and "laporan 2026-01" in post.params["text"]
    assert ok.params["text"] == texts.KENDALA_TERKIRIM.format(id=kendala_id)
    k = _kendala(h, kendala_id).kendala
    assert k.realisasi_id is not None and (k.periode, k.node_kode) == ("2026-01", "SK-K1")
    # pressing again creates nothing
    [a] = await h.press(U, mid, esk)
    assert a.params["text"] == texts.ESKALASI_SUDAH.format(id=kendala_id)
    assert _semua(h) == [kendala_id]
    # someone else's sub kegiatan, a month without a report, a broken button
    [a] = await h.press(U, mid, f"esk:{SK_LAIN}:2026-01")
    assert a.params["show_alert"] is True and _semua(h) == [kendala_id]
    [a] = await h.press(U, mid, "esk:SK-K1:2026-02")
    assert "tidak ditemukan" in a.params["text"]
    [a] = await h.press(U, mid, "esk:")
    assert a.params["text"] == texts.TOMBOL_KEDALUWARSA


async def test_answer_for_an_unreachable_official_goes_to_the_outbox(h: BotHarness) -> None:
    await _daftar(h)
    k = sk.buat_kendala(
        h.uow_factory(),
        pelapor_nip=NIP_KABID,
        uraian="Anggaran belum cair",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=h.clock(),
    )
    services.unlink_telegram(h.uow_factory(), USER_KABID)
    post_id = await _post(h, k.id)
    [r] = await say_group(h, GRUP_BAPPEDA, USER_BAPPEDA, "Hubungi BPKAD", reply_to=post_id)
    assert "akan dikirim kepada" in r.params["text"]
    await press_group(
        h, GRUP_BAPPEDA, USER_BAPPEDA, post_id, f"kd:s:{k.id}", expect="editMessageText"
    )
    for _ in range(100):  # the Selesai notice is queued right after the post is edited
        with h.uow_factory() as uow:
            rows = uow.session.scalars(  # type: ignore[attr-defined]
                select(PesanKeluarRow).order_by(PesanKeluarRow.id)
            ).all()
            antrean = [(r.kunci, r.penerima, r.chat_id, r.status) for r in rows]
        if len(antrean) == 2:
            break
        await asyncio.sleep(0.05)
    [pesan] = _kendala(h, k.id).pesan
    assert antrean == [
        (f"kendala|{k.id}|pesan|{pesan.id}", NIP_KABID, None, "antri"),
        (f"kendala|{k.id}|selesai", NIP_KABID, None, "antri"),
    ]
