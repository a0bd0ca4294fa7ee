"""One database session per update, the gate's map of links, and Kirim after responsibility moved.

The real PTB Application polls the fake Bot API over HTTP, on SQLite and PostgreSQL. The bot gets a
counting proxy around the real unit-of-work factory (it counts repository calls and records which
sessions each update used; the work itself is the real SqlUnitOfWork's) and an ``update_scope`` that
wraps the real ``session_scope``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import pytest

from bot import texts
from core import services
from core.cascade import Tingkat
from core.persistence.uow import session_scope
from core.ports import UnitOfWork
from tests.bot.conftest import USER_KABID, USER_KASUBAG, BotHarness, link
from tests.bot.fake_bot_api import FakeBotApi
from tests.bot.test_lapor import _isi_sampai_ringkasan, _latest, _sampai_bobot
from tests.conftest import FakeClock
from tests.factories import NIP_KABID, NIP_KASUBAG, TAHUN, node

U = USER_KASUBAG
USER_BARU = 5003  # an account never linked before

# the sessions the units of work of the current update used (set by the recording update_scope)
_SESI_UPDATE: ContextVar[list[object] | None] = ContextVar("sesi_update", default=None)


class _RepoHitung:
    """The real repository; every call is counted once it has returned."""

    def __init__(self, repo: Any, hitung: Counter[str]) -> None:
        self._repo = repo
        self._hitung = hitung

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._repo, name)
        if not callable(attr):
            return attr

        def dihitung(*args: Any, **kwargs: Any) -> Any:
            hasil = attr(*args, **kwargs)
            self._hitung[name] += 1
            return hasil

        return dihitung


class _UowHitung:
    """The real SqlUnitOfWork, its repository behind :class:`_RepoHitung`."""

    def __init__(self, inner: Any, hitung: Counter[str]) -> None:
        self._inner = inner
        self._hitung = hitung

    def __enter__(self) -> _UowHitung:
        self._inner.__enter__()
        self.repo = _RepoHitung(self._inner.repo, self._hitung)
        sesi = _SESI_UPDATE.get()
        if sesi is not None and all(s is not self._inner.session for s in sesi):
            sesi.append(self._inner.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@dataclass
class Rekaman:
    """Per update, in order: how many sessions its scope opened, and the sessions it used."""

    dibuka: list[int] = field(default_factory=list)
    dipakai: list[int] = field(default_factory=list)
    masuk: int = 0

    @contextlib.contextmanager
    def scope(self) -> Iterator[object]:
        sesi: list[object] = []
        token = _SESI_UPDATE.set(sesi)
        try:
            with session_scope() as s:
                self.masuk += 1
                yield s
        finally:
            _SESI_UPDATE.reset(token)
            self.dibuka.append(s.opened)
            self.dipakai.append(len(sesi))


@dataclass
class Harness(BotHarness):
    hitung: Counter[str] = field(default_factory=Counter)
    gate_ttl: float = 60.0
    update_scope: Callable[[], AbstractContextManager[object]] = session_scope

    def uow_bot(self) -> UnitOfWork:
        return _UowHitung(self.uow_factory(), self.hitung)  # type: ignore[return-value]

    def opsi_bot(self) -> dict[str, Any]:
        return {"gate_ttl": self.gate_ttl, "update_scope": self.update_scope}

    async def start(self) -> None:
        await super().start()
        if self.gate_ttl > 0:  # the first load of every link has returned: the map is known
            await _sampai(lambda: self.hitung["pejabat_tertaut"] >= 1)


async def _sampai(kondisi: Callable[[], bool], batas: float = 5.0) -> None:
    """Wait (bounded) until ``kondisi`` holds."""
    async with asyncio.timeout(batas):
        while not kondisi():
            await asyncio.sleep(0.005)


Buat = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def buat(seeded: Any, clock: FakeClock) -> AsyncIterator[Buat]:
    api = FakeBotApi()
    await api.start()
    dibuat: list[Harness] = []

    async def _buat(**kw: Any) -> Harness:
        h = Harness(api, seeded, clock, **kw)
        dibuat.append(h)
        await h.start()
        return h

    try:
        yield _buat
    finally:
        for h in dibuat:
            await h.stop()
        await api.stop()


def _pindahkan_sk_k1(h: BotHarness, nip: str) -> None:
    services.save_cascade(
        h.uow_factory(),
        TAHUN,
        [node("SK-K1", Tingkat.SUB_KEGIATAN, "K1", penanggung_jawab_nip=nip)],
    )


# -- one session per update -----------------------------------------------------------------
async def test_every_update_of_a_full_lapor_uses_at_most_one_session(buat: Buat) -> None:
    rekaman = Rekaman()
    h = await buat(update_scope=rekaman.scope)
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "Rp 250.000.000")
    await _sampai(lambda: len(rekaman.dibuka) == rekaman.masuk)
    kirim = rekaman.masuk  # the index of the Kirim update (updates run one at a time, in order)
    mid, data = h.button(texts.KIRIM)
    await h.press(U, mid, data, expect="sendPhoto")
    await _sampai(lambda: len(rekaman.dibuka) == kirim + 1)

    # /lapor, 4 presses (pages, SK, month), 3 answers, Tidak ada, tindak lanjut, Lewati, Kirim
    assert len(rekaman.dibuka) == kirim + 1 == 12
    assert all(n <= 1 for n in rekaman.dibuka), rekaman.dibuka
    assert all(n <= 1 for n in rekaman.dipakai), rekaman.dipakai  # nested ones included
    assert rekaman.dibuka[kirim] == 1 and rekaman.dipakai[kirim] == 1
    assert rekaman.dibuka[0] == 1  # /lapor: the gate's lookup and the list share one session
    assert _latest(h)[1].realisasi_bobot == 3  # type: ignore[attr-defined]


# -- the gate's map of links ----------------------------------------------------------------
async def test_a_linked_user_is_read_from_the_database_once(buat: Buat) -> None:
    h = await buat()
    await _sampai_bobot(h)  # links the Kasubag after the first load, then /lapor and 4 presses
    assert h.hitung["pejabat_by_telegram"] == 1  # /lapor: not in the map yet
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    mid, data = h.button(texts.KIRIM)
    await h.press(U, mid, data, expect="sendPhoto")
    assert _latest(h)[1].revisi == 1  # type: ignore[attr-defined]
    assert h.hitung["pejabat_by_telegram"] == 1  # 12 more updates, none read the link


async def test_a_user_linked_before_the_start_is_not_read_alone(
    seeded: Any, clock: FakeClock, buat: Buat
) -> None:
    link(seeded, NIP_KASUBAG, U, clock)
    h = await buat()  # the first load of every link had the Kasubag's
    p = _pejabat(h, NIP_KASUBAG)
    [r] = await h.say(U, "/start")
    assert r.params["text"] == texts.SUDAH_TERTAUT.format(jabatan=p.jabatan, nama=p.nama)
    [r] = await h.say(U, "/bantuan")
    assert r.params["text"] == texts.BANTUAN
    assert h.hitung["pejabat_by_telegram"] == 0


async def test_after_keluar_the_very_next_message_is_refused(buat: Buat) -> None:
    h = await buat()
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    [r] = await h.say(U, "/bantuan")
    assert r.params["text"] == texts.BANTUAN
    [r] = await h.say(U, "/bantuan")
    assert r.params["text"] == texts.BANTUAN
    assert h.hitung["pejabat_by_telegram"] == 1  # the second came from the map
    [r] = await h.say(U, "/keluar")
    assert r.params["text"].startswith(texts.KELUAR.split("{")[0])
    [r] = await h.say(U, "/bantuan")
    assert r.params["text"] == texts.BELUM_TERTAUT
    [r] = await h.say(U, "/lapor")
    assert r.params["text"] == texts.BELUM_TERTAUT


async def test_a_code_redeemed_by_another_account_drops_the_first_at_once(buat: Buat) -> None:
    h = await buat()
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    for user in (U, USER_KABID, USER_BARU):
        await h.say(user, "/bantuan")  # U and USER_KABID are in the map now
    # the Kasubag's new code is redeemed by a new account, the Kabid's by the Kasubag's old one
    kode = services.create_link_code(h.uow_factory(), NIP_KASUBAG, h.clock())
    [r] = await h.say(USER_BARU, f"/start {kode.kode}")
    assert "Selamat datang" in r.params["text"]
    [r] = await h.say(U, "/bantuan")  # was the Kasubag, cached: refused at its next message
    assert r.params["text"] == texts.BELUM_TERTAUT
    [r] = await h.say(USER_BARU, "/start")
    assert r.params["text"] == texts.SUDAH_TERTAUT.format(
        jabatan=_pejabat(h, NIP_KASUBAG).jabatan, nama=_pejabat(h, NIP_KASUBAG).nama
    )
    kode = services.create_link_code(h.uow_factory(), NIP_KABID, h.clock())
    [r] = await h.say(USER_BARU, f"/start {kode.kode}")  # the account moves to the Kabid
    assert "Selamat datang" in r.params["text"]
    [r] = await h.say(USER_KABID, "/bantuan")
    assert r.params["text"] == texts.BELUM_TERTAUT
    [r] = await h.say(USER_BARU, "/start")
    assert r.params["text"] == texts.SUDAH_TERTAUT.format(
        jabatan=_pejabat(h, NIP_KABID).jabatan, nama=_pejabat(h, NIP_KABID).nama
    )


def _pejabat(h: BotHarness, nip: str) -> Any:
    with h.uow_factory() as uow:
        p = uow.repo.get_pejabat(nip)
    assert p is not None
    return p


async def test_an_unlink_in_the_database_is_seen_within_the_ttl(buat: Buat) -> None:
    ttl = 0.5
    h = await buat(gate_ttl=ttl)
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    [r] = await h.say(U, "/bantuan")
    assert r.params["text"] == texts.BANTUAN
    assert services.unlink_telegram(h.uow_factory(), U) is not None  # not through the bot
    await asyncio.sleep(ttl + 0.25)  # the only sleep: the map must have let go by now
    [r] = await h.say(U, "/bantuan")
    assert r.params["text"] == texts.BELUM_TERTAUT


async def test_with_ttl_zero_every_update_reads_the_database(buat: Buat) -> None:
    h = await buat(gate_ttl=0)
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    for _ in range(3):
        [r] = await h.say(U, "/bantuan")
        assert r.params["text"] == texts.BANTUAN
    await h.say(U, "/lapor")
    mid, data = h.button("Berikutnya")
    await h.press(U, mid, data, expect="editMessageText")
    assert h.hitung["pejabat_by_telegram"] == 5
    assert h.hitung["pejabat_tertaut"] == 0  # nothing is kept, so nothing is loaded


# -- Kirim after the sub kegiatan moved to another pejabat -------------------------------------
async def test_kirim_is_refused_when_the_sub_kegiatan_moved_to_another_pejabat(
    buat: Buat,
) -> None:
    h = await buat()
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    _pindahkan_sk_k1(h, NIP_KABID)  # between /lapor and Kirim
    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    [r] = await h.press(U, mid, data, expect="editMessageText")
    teks = r.params["text"]
    assert teks.startswith(texts.GAGAL_SIMPAN.split("{")[0]), teks
    assert "bukan tanggung jawab Anda" in teks
    assert _latest(h) == {}
    assert h.api.since(i, "sendPhoto") == []
    with h.uow_factory() as uow:
        assert uow.repo.realisasi_history(TAHUN, "SK-K1", 1) == []
