"""bot.deps.baca: short reads on the event loop with SQLite, in a worker thread over the network.

On SQLite and, with SAKIP_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.deps import BotDeps, baca, baca_di_loop, db
from core.persistence.uow import SqlUnitOfWork, session_scope

U = Callable[[], SqlUnitOfWork]


def _deps(uow_factory: U) -> BotDeps:
    return BotDeps(
        uow_factory,
        lambda: datetime(2026, 2, 3, tzinfo=UTC),
        baca_di_loop=baca_di_loop(uow_factory),
    )


def test_sqlite_reads_on_the_loop_postgresql_in_a_thread(uow_factory: U, engine: Engine) -> None:
    assert baca_di_loop(uow_factory) is (engine.dialect.name == "sqlite")
    d = _deps(uow_factory)

    def tulis_dan_baca() -> tuple[int, dict[str, str]]:
        with uow_factory() as uow:
            return threading.get_ident(), uow.repo.bot_state_muat("uji_baca")

    async def main() -> tuple[int, int, int, dict[str, str]]:
        loop_thread = threading.get_ident()
        with session_scope():
            via_baca, hasil = await baca(d, tulis_dan_baca)
            via_db, _ = await db(tulis_dan_baca)  # a write path: always a worker thread
        return loop_thread, via_baca, via_db, hasil

    loop_thread, via_baca, via_db, hasil = asyncio.run(main())
    assert hasil == {}
    assert via_db != loop_thread
    if engine.dialect.name == "sqlite":
        assert via_baca == loop_thread
    else:
        assert via_baca != loop_thread


def test_a_read_on_the_loop_sees_what_was_committed_and_raises_its_errors(uow_factory: U) -> None:
    d = _deps(uow_factory)
    with uow_factory() as uow:
        uow.repo.bot_state_simpan({("uji_baca", "a"): "1"})
        uow.commit()

    def muat() -> dict[str, str]:
        with uow_factory() as uow:
            return uow.repo.bot_state_muat("uji_baca")

    def gagal() -> None:
        with uow_factory():
            raise LookupError("tidak ada")

    async def main() -> dict[str, str]:
        with session_scope():
            with pytest.raises(LookupError):
                await baca(d, gagal)
            return await baca(d, muat)  # the scope's session is usable after the failed read

    assert asyncio.run(main()) == {"a": "1"}


def test_a_factory_without_the_flag_reads_in_a_thread() -> None:
    class TanpaBendera:
        pass

    assert baca_di_loop(lambda: TanpaBendera()) is False  # type: ignore[arg-type,return-value]


def test_a_read_cannot_commit_and_leaves_the_scope_transactional(
    uow_factory: U, engine: Engine
) -> None:
    """Inside baca: PostgreSQL reads without a transaction (autocommit), a commit is refused and
    nothing is written; the next unit of work of the same scope is a transaction again."""
    d = _deps(uow_factory)

    def tulis_dan_commit() -> None:
        with uow_factory() as uow:
            uow.repo.bot_state_simpan({("uji_baca", "x"): "1"})
            uow.commit()

    def mode() -> bool:
        with uow_factory() as uow:
            assert uow.session is not None
            driver = uow.session.connection().connection.driver_connection
            # psycopg: autocommit (no BEGIN); sqlite3: no transaction is begun for reads anyway
            return bool(getattr(driver, "autocommit", False) is True)

    def tulis_tanpa_commit() -> None:
        with uow_factory() as uow:
            uow.repo.bot_state_simpan({("uji_baca", "y"): "1"})

    async def main() -> tuple[bool, bool]:
        with session_scope():
            with pytest.raises(RuntimeError, match="hanya membaca"):
                await baca(d, tulis_dan_commit)
            di_baca = await baca(d, mode)
            await db(tulis_tanpa_commit)  # same scope, after the read: rolled back at its end
            sesudah = await db(mode)
        return di_baca, sesudah

    di_baca, sesudah = asyncio.run(main())
    assert di_baca is (engine.dialect.name != "sqlite")
    assert sesudah is False
    with uow_factory() as uow:
        assert uow.repo.bot_state_muat("uji_baca") == {}


def test_a_commit_alone_is_refused_too(uow_factory: U) -> None:
    d = _deps(uow_factory)

    def commit() -> None:
        with uow_factory() as uow:
            uow.repo.bot_state_muat("uji_baca")
            uow.commit()

    async def main() -> None:
        with pytest.raises(RuntimeError, match="commit ditolak"):
            await baca(d, commit)

    asyncio.run(main())
