"""The bot_state table: model and migration 0003 agree; DbPersistence round-trips PTB's data."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.persistence import DbPersistence
from core.persistence.db import downgrade, make_engine, upgrade
from core.persistence.models import Base
from core.ports import UnitOfWork


def test_bot_state_model_matches_migration(engine) -> None:
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diffs == []


def test_migration_0003_downgrades_and_upgrades(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    downgrade(url, "0002")
    eng = make_engine(url)
    with eng.connect() as conn:
        assert "bot_state" not in inspect(conn).get_table_names()
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        assert "bot_state" in inspect(conn).get_table_names()
    eng.dispose()


async def test_persistence_round_trip(uow_factory) -> None:
    p = DbPersistence(uow_factory)
    await p.update_conversation("lapor", (5001, 5001), 3)
    await p.update_conversation("lapor", (5002, 5002), 4)
    await p.update_user_data(5001, {"lapor": {"sesi": "ab12cd", "bobot": "12.5", "kendala": None}})
    await p.update_conversation("lapor", (5002, 5002), None)  # conversation ended

    fresh = DbPersistence(uow_factory)
    assert await fresh.get_conversations("lapor") == {(5001, 5001): 3}
    assert await fresh.get_conversations("lain") == {}
    assert await fresh.get_user_data() == {
        5001: {"lapor": {"sesi": "ab12cd", "bobot": "12.5", "kendala": None}}
    }
    await fresh.update_user_data(5001, {"lapor": {"sesi": "ffffff"}})
    assert (await p.get_user_data())[5001] == {"lapor": {"sesi": "ffffff"}}
    await fresh.drop_user_data(5001)
    assert await p.get_user_data() == {}


class Hitung:
    """The real unit-of-work factory, counting units of work and commits (and failing on demand)."""

    def __init__(self, factory: Callable[[], UnitOfWork]) -> None:
        self.factory = factory
        self.uow = 0
        self.commit = 0
        self.gagal = 0  # the next N units of work fail on commit

    def __call__(self) -> Any:
        hitung = self
        uow = self.factory()

        class Dibungkus:
            def __enter__(self) -> Any:
                hitung.uow += 1
                uow.__enter__()
                return self

            def __exit__(self, *exc: object) -> None:
                uow.__exit__(*exc)  # type: ignore[arg-type]

            @property
            def repo(self) -> Any:
                return uow.repo

            def commit(self) -> None:
                if hitung.gagal:
                    hitung.gagal -= 1
                    raise RuntimeError("basis data tidak tersedia")
                hitung.commit += 1
                uow.commit()

        return Dibungkus()


async def test_one_round_is_one_transaction(uow_factory) -> None:
    """update_persistence's concurrent calls of one round land in one unit of work."""
    hitung = Hitung(uow_factory)
    p = DbPersistence(hitung)
    for i in range(60):  # rows that the round below updates or deletes
        await p.update_conversation("lapor", (i, i), 1)
    hitung.uow = hitung.commit = 0

    await asyncio.gather(
        *(p.update_user_data(i, {"lapor": {"bobot": str(i)}}) for i in range(100)),
        *(p.update_conversation("lapor", (i, i), 2) for i in range(50)),
        *(p.update_conversation("lapor", (i, i), None) for i in range(50, 60)),
        *(p.update_conversation("lapor", (i, i), 3) for i in range(60, 100)),
        p.drop_user_data(7),
    )
    assert (hitung.uow, hitung.commit) == (1, 1)

    fresh = DbPersistence(uow_factory)
    percakapan = await fresh.get_conversations("lapor")
    assert percakapan == {**{(i, i): 2 for i in range(50)}, **{(i, i): 3 for i in range(60, 100)}}
    data = await fresh.get_user_data()
    assert sorted(data) == [i for i in range(100) if i != 7]  # the drop came last in the round
    assert data[42] == {"lapor": {"bobot": "42"}}


async def test_rounds_in_order_and_flush(uow_factory) -> None:
    """A later round never loses against an earlier one; flush writes what is still buffered."""
    hitung = Hitung(uow_factory)
    p = DbPersistence(hitung)
    pertama = asyncio.ensure_future(p.update_conversation("lapor", (1, 1), 1))
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # the first round is in the database now
    kedua = asyncio.ensure_future(p.update_conversation("lapor", (1, 1), 2))
    await asyncio.gather(pertama, kedua)
    assert hitung.commit == 2
    assert await DbPersistence(uow_factory).get_conversations("lapor") == {(1, 1): 2}

    tertunda = asyncio.ensure_future(p.update_user_data(9, {"x": "1"}))
    await asyncio.sleep(0)  # buffered; its round has not run yet
    assert hitung.commit == 2
    await p.flush()  # shutdown: everything buffered is written
    assert hitung.commit == 3
    assert await DbPersistence(uow_factory).get_user_data() == {9: {"x": "1"}}
    await tertunda


async def test_failed_round_is_written_later(uow_factory) -> None:
    hitung = Hitung(uow_factory)
    p = DbPersistence(hitung)
    hitung.gagal = 1
    hasil = await asyncio.gather(
        p.update_conversation("lapor", (1, 1), 4),
        p.update_user_data(1, {"lapor": {"sesi": "a"}}),
        return_exceptions=True,
    )
    assert all(isinstance(h, RuntimeError) for h in hasil)
    assert await DbPersistence(uow_factory).get_conversations("lapor") == {}
    await p.update_conversation("lapor", (1, 1), 5)  # the next round: newer value wins
    assert hitung.commit == 1
    assert await DbPersistence(uow_factory).get_conversations("lapor") == {(1, 1): 5}
    assert await DbPersistence(uow_factory).get_user_data() == {1: {"lapor": {"sesi": "a"}}}
    hitung.gagal = 1
    with pytest.raises(RuntimeError):
        await p.drop_user_data(1)
    await p.flush()
    assert await DbPersistence(uow_factory).get_user_data() == {}


def test_callback_data_fits_telegram_limit() -> None:
    from bot.conversations.lapor import _cb_sk
    from core.ports_bot import SubKegiatanSaya

    assert _cb_sk("abcdef", 0, SubKegiatanSaya("5.01.02.2.01.0009", "n", None)) == (
        "L|abcdef|sk|5.01.02.2.01.0009"
    )
    assert _cb_sk("abcdef", 3, SubKegiatanSaya("X" * 70, "n", None)) == "L|abcdef|ski|3"


async def test_entering_one_lapor_conversation_ends_the_other(harness) -> None:
    """/lapor -> li:mulai: /batal goes to the indicator conversation, and both have ended after it;
    /lapor_indikator -> /lapor: the indicator conversation ends when /lapor starts."""
    from bot import texts
    from tests.bot.conftest import USER_KABID, link
    from tests.factories import NIP_KABID

    h, u = harness, USER_KABID
    link(h.uow_factory, NIP_KABID, u, h.clock)  # the Kabid has a sub kegiatan and indicators
    await h.say(u, "/lapor")
    mid, data = h.button(texts.INDIKATOR_TOMBOL)
    [menu] = await h.press(u, mid, data, expect="sendMessage")
    assert "Silakan pilih indikator" in menu.params["text"]
    [r] = await h.say(u, "/batal")
    assert r.params["text"] == texts.DIBATALKAN
    mid, data = h.button("PD Indikator Program PD")
    i = len(h.api.calls)
    [a] = await h.press(u, mid, data)
    assert a.params.get("text") == texts.TOMBOL_KEDALUWARSA  # the indicator conversation ended
    assert not h.api.since(i, "editMessageText")

    await h.say(u, "/lapor_indikator")
    mid_ind, data_ind = h.button("PD Indikator Program PD")
    [daftar] = await h.say(u, "/lapor")
    assert "halaman 1/" in daftar.params["text"]
    i = len(h.api.calls)
    [a] = await h.press(u, mid_ind, data_ind)
    assert a.params.get("text") == texts.TOMBOL_KEDALUWARSA
    assert not h.api.since(i, "editMessageText")
    mid, data = h.button("SK-LAIN")  # /lapor goes on
    [bulan] = await h.press(u, mid, data, expect="editMessageText")
    assert "SK-LAIN" in bulan.params["text"]
