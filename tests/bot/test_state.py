"""The bot_state table: model and migration 0003 agree; DbPersistence round-trips PTB's data."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.persistence import DbPersistence
from core.persistence.db import downgrade, make_engine, upgrade
from core.persistence.models import Base


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


def test_callback_data_fits_telegram_limit() -> None:
    from bot.conversations.lapor import _cb_sk
    from core.ports_bot import SubKegiatanSaya

    assert _cb_sk("abcdef", 0, SubKegiatanSaya("5.01.02.2.01.0009", "n", None)) == (
        "L|abcdef|sk|5.01.02.2.01.0009"
    )
    assert _cb_sk("abcdef", 3, SubKegiatanSaya("X" * 70, "n", None)) == "L|abcdef|ski|3"
