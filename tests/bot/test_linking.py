"""Linking an account with /start KODE, the refusal of unknown users, /keluar, setMyCommands."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from core import services
from tests.bot.conftest import USER_ASING, USER_KASUBAG, BotHarness, link
from tests.factories import NIP_KASUBAG


async def test_start_sets_commands_in_indonesian(harness: BotHarness) -> None:
    calls = await harness.api.wait_for("setMyCommands")
    commands = {c["command"]: c["description"] for c in calls[0].params["commands"]}
    assert commands["lapor"] == "Laporkan realisasi bulanan sub kegiatan"
    assert set(commands) >= {"lapor", "batal", "bantuan", "keluar", "start"}


async def test_link_with_code_greets_by_jabatan_and_keluar_unlinks(harness: BotHarness) -> None:
    kode = services.create_link_code(harness.uow_factory(), NIP_KASUBAG, harness.clock())
    # the deep link t.me/<bot>?start=KODE arrives as "/start KODE"
    [reply] = await harness.say(USER_KASUBAG, f"/start {kode.kode.lower()}")
    assert "Kepala Sub Bidang" in reply.params["text"]
    assert reply.params["text"].startswith("Selamat datang")
    with harness.uow_factory() as uow:
        p = uow.repo.pejabat_by_telegram(USER_KASUBAG)
    assert p is not None and p.nip == NIP_KASUBAG

    # single use
    [reply] = await harness.say(USER_ASING, f"/start {kode.kode}")
    assert "sudah pernah dipakai" in reply.params["text"]
    assert "/start KODE" in reply.params["text"]

    [reply] = await harness.say(USER_KASUBAG, "/keluar")
    assert "sudah dilepas" in reply.params["text"]
    with harness.uow_factory() as uow:
        assert uow.repo.pejabat_by_telegram(USER_KASUBAG) is None


async def test_bad_and_expired_codes_get_the_reason(harness: BotHarness) -> None:
    [reply] = await harness.say(USER_ASING, "/start TIDAKADA99")
    assert "Kode tautan tidak dikenal." in reply.params["text"]
    kode = services.create_link_code(
        harness.uow_factory(), NIP_KASUBAG, harness.clock() - timedelta(days=8)
    )
    [reply] = await harness.say(USER_ASING, f"/start {kode.kode}")
    assert "kedaluwarsa" in reply.params["text"]
    with harness.uow_factory() as uow:
        assert uow.repo.pejabat_by_telegram(USER_ASING) is None


async def test_unlinked_user_is_refused_and_nothing_else(harness: BotHarness) -> None:
    for text in ["/lapor", "halo", "/bantuan", "/start"]:
        i = len(harness.api.calls)
        [reply] = await harness.say(USER_ASING, text)
        assert reply.params["text"] == texts.BELUM_TERTAUT
        assert (
            "Mintalah kode tautan kepada admin Bappeda, lalu kirim /start KODE"
            in reply.params["text"]
        )
        assert [c.method for c in harness.api.since(i)] == ["sendMessage"]
    i = len(harness.api.calls)
    await harness.photo(USER_ASING)
    assert [c.method for c in harness.api.since(i)] == ["sendMessage"]


async def test_linked_user_start_without_code_is_welcomed_back(harness: BotHarness) -> None:
    link(harness.uow_factory, NIP_KASUBAG, USER_KASUBAG, harness.clock)
    [reply] = await harness.say(USER_KASUBAG, "/start")
    assert "Selamat datang kembali" in reply.params["text"]


async def test_same_account_sending_its_code_again_is_welcomed_back(harness: BotHarness) -> None:
    """The invitation link tapped twice: the second /start KODE is a plain welcome back."""
    kode = services.create_link_code(harness.uow_factory(), NIP_KASUBAG, harness.clock())
    [pertama] = await harness.say(USER_KASUBAG, f"/start {kode.kode}")
    assert pertama.params["text"].startswith("Selamat datang,")
    [kedua] = await harness.say(USER_KASUBAG, f"/start {kode.kode}")
    assert kedua.params["text"].startswith("Selamat datang kembali")
    assert "Kepala Sub Bidang" in kedua.params["text"]
    assert "sudah pernah dipakai" not in kedua.params["text"]
    with harness.uow_factory() as uow:
        p = uow.repo.pejabat_by_telegram(USER_KASUBAG)
    assert p is not None and p.nip == NIP_KASUBAG
    [reply] = await harness.say(USER_KASUBAG, "/start")  # the same as a plain /start
    assert reply.params["text"] == kedua.params["text"]


async def test_code_used_by_another_account_gets_one_clear_instruction(
    harness: BotHarness,
) -> None:
    kode = services.create_link_code(harness.uow_factory(), NIP_KASUBAG, harness.clock())
    await harness.say(USER_KASUBAG, f"/start {kode.kode}")
    [reply] = await harness.say(USER_ASING, f"/start {kode.kode}")
    teks = reply.params["text"]
    assert "sudah pernah dipakai" in teks
    assert teks.count("Mintalah") == 1
    assert "/start KODE" in teks
    with harness.uow_factory() as uow:
        assert uow.repo.pejabat_by_telegram(USER_ASING) is None
        p = uow.repo.pejabat_by_telegram(USER_KASUBAG)
    assert p is not None and p.nip == NIP_KASUBAG


async def test_own_code_after_keluar_is_refused(harness: BotHarness) -> None:
    """After /keluar the used code does not link again: the account needs a new code."""
    kode = services.create_link_code(harness.uow_factory(), NIP_KASUBAG, harness.clock())
    await harness.say(USER_KASUBAG, f"/start {kode.kode}")
    await harness.say(USER_KASUBAG, "/keluar")
    [reply] = await harness.say(USER_KASUBAG, f"/start {kode.kode}")
    assert "sudah pernah dipakai" in reply.params["text"]
    with harness.uow_factory() as uow:
        assert uow.repo.pejabat_by_telegram(USER_KASUBAG) is None
