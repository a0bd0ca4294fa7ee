"""core.persistence.uow.session_scope: one Session per scope, unit-of-work semantics unchanged.

On SQLite and, with SAKIP_TEST_DATABASE_URL, on PostgreSQL. The rows written are bot_state rows
(``bot_state_simpan`` / ``bot_state_muat``): the smallest table a unit of work can write.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from core.persistence.db import make_session_factory
from core.persistence.uow import SessionScope, SqlUnitOfWork, session_scope

U = Callable[[], SqlUnitOfWork]
J = "uji_scope"


def _tulis(uow: SqlUnitOfWork, kunci: str, nilai: str) -> None:
    uow.repo.bot_state_simpan({(J, kunci): nilai})


def _tersimpan(uow_factory: U) -> dict[str, str]:
    """What is committed, read by a unit of work of its own (no scope in this thread)."""
    hasil: dict[str, str] = {}

    def baca() -> None:  # a new thread has no scope: its own session, its own transaction
        with uow_factory() as uow:
            hasil.update(uow.repo.bot_state_muat(J))

    t = threading.Thread(target=baca)
    t.start()
    t.join()
    return hasil


def test_units_of_work_in_a_scope_share_one_session(uow_factory: U) -> None:
    with session_scope() as scope:
        assert isinstance(scope, SessionScope) and scope.opened == 0  # opened lazily
        with uow_factory() as a:
            sesi_a = a.session
            _tulis(a, "a", "1")
            a.commit()
        with uow_factory() as b:
            assert b.session is sesi_a
            assert b.repo.bot_state_muat(J) == {"a": "1"}
            _tulis(b, "b", "2")
            b.commit()
        with uow_factory() as c:
            assert c.session is sesi_a
        assert scope.opened == 1
    assert _tersimpan(uow_factory) == {"a": "1", "b": "2"}


def test_work_not_committed_does_not_leak_into_the_next_unit_of_work(uow_factory: U) -> None:
    with session_scope() as scope:
        with uow_factory() as a:
            _tulis(a, "dibuang", "1")  # never committed: discarded when the unit of work ends
        with pytest.raises(RuntimeError):
            with uow_factory() as b:
                _tulis(b, "gagal", "1")
                raise RuntimeError("langkah gagal")
        with uow_factory() as c:
            assert c.repo.bot_state_muat(J) == {}
            _tulis(c, "disimpan", "1")
            c.commit()  # commits only its own work
        assert scope.opened == 1
    assert _tersimpan(uow_factory) == {"disimpan": "1"}


def test_nested_unit_of_work_has_its_own_session_and_outer_rollback_holds(uow_factory: U) -> None:
    with session_scope() as scope:
        with uow_factory() as luar:
            sesi_luar = luar.session
            assert luar.repo.bot_state_muat(J) == {}  # the outer transaction has begun
            with uow_factory() as dalam:
                assert dalam.session is not luar.session
                _tulis(dalam, "dalam", "1")
                dalam.commit()
            assert scope.opened == 1  # the nested session is not the scope's
            _tulis(luar, "luar", "1")
            luar.rollback()  # the outer transaction is still the outer's alone
            assert luar.repo.bot_state_muat(J) == {"dalam": "1"}
        # the nested session was closed; the scope's is free again for the next unit of work
        with uow_factory() as lagi:
            assert lagi.session is sesi_luar
        assert scope.opened == 1
    assert _tersimpan(uow_factory) == {"dalam": "1"}


def test_nested_unit_of_work_does_not_see_or_commit_the_outer_work(uow_factory: U) -> None:
    with session_scope() as scope:
        with uow_factory() as luar:
            sesi_luar = luar.session
            _tulis(luar, "luar", "1")  # written, not committed
            with uow_factory() as dalam:
                assert dalam.session is not sesi_luar
                assert dalam.repo.bot_state_muat(J) == {}  # not committed: not visible
                dalam.commit()  # commits nothing of the outer's
            assert _tersimpan(uow_factory) == {}
            assert luar.session is sesi_luar
            assert luar.repo.bot_state_muat(J) == {"luar": "1"}  # still in the outer transaction
            luar.commit()
        assert scope.opened == 1
    assert _tersimpan(uow_factory) == {"luar": "1"}


def test_after_the_scope_closes_units_of_work_open_their_own_sessions(
    uow_factory: U, engine: Engine
) -> None:
    with session_scope() as scope:
        with uow_factory() as a:
            sesi_scope = a.session
    assert scope.closed and scope.opened == 1
    with uow_factory() as b:
        sesi_b = b.session
        assert sesi_b is not sesi_scope
        _tulis(b, "b", "1")
        b.commit()
    with uow_factory() as c:
        assert c.session is not sesi_b  # outside a scope every unit of work has a new session
    assert scope.pinjam(make_session_factory(engine)) is None  # a closed scope lends nothing
    assert scope.opened == 1
    with session_scope() as baru:  # a new scope opens a new session
        with uow_factory() as d:
            assert d.session not in (sesi_scope, sesi_b)
            assert d.repo.bot_state_muat(J) == {"b": "1"}
        assert baru.opened == 1
    assert _tersimpan(uow_factory) == {"b": "1"}


def _sesi_dan_tulis(uow_factory: U, kunci: str) -> int:
    with uow_factory() as uow:
        _tulis(uow, kunci, "1")
        uow.commit()
        return id(uow.session)


async def test_the_scope_travels_into_asyncio_to_thread(uow_factory: U) -> None:
    with session_scope() as scope:
        pertama = await asyncio.to_thread(_sesi_dan_tulis, uow_factory, "a")
        kedua = await asyncio.to_thread(_sesi_dan_tulis, uow_factory, "b")
        assert pertama == kedua
        assert scope.opened == 1
    assert _tersimpan(uow_factory) == {"a": "1", "b": "1"}


async def test_two_threads_at_once_in_one_scope_get_two_sessions(uow_factory: U) -> None:
    dipinjam = threading.Event()
    lepas = threading.Event()

    def pemegang() -> int:
        with uow_factory() as uow:
            uow.repo.bot_state_muat(J)
            dipinjam.set()
            assert lepas.wait(10)  # holds the scope's session until the other thread is done
            return id(uow.session)

    def kedua() -> int:
        assert dipinjam.wait(10)
        try:
            return _sesi_dan_tulis(uow_factory, "kedua")
        finally:
            lepas.set()

    with session_scope() as scope:
        a, b = await asyncio.gather(asyncio.to_thread(pemegang), asyncio.to_thread(kedua))
        assert a != b
        assert scope.opened == 1  # the second thread's session is its own, not the scope's
        assert await asyncio.to_thread(_sesi_dan_tulis, uow_factory, "ketiga") == a
    assert _tersimpan(uow_factory) == {"kedua": "1", "ketiga": "1"}


async def test_a_unit_of_work_that_outlives_its_scope_keeps_its_writes(uow_factory: U) -> None:
    dipinjam = threading.Event()
    scope_selesai = threading.Event()

    def latar() -> None:  # e.g. a background task an update started, still writing
        with uow_factory() as uow:
            _tulis(uow, "latar", "1")
            dipinjam.set()
            assert scope_selesai.wait(10)
            uow.commit()

    with session_scope() as scope:
        tugas = asyncio.create_task(asyncio.to_thread(latar))
        assert await asyncio.to_thread(dipinjam.wait, 10)
        assert scope.opened == 1  # the background work has the scope's session
    scope_selesai.set()
    await tugas
    assert _tersimpan(uow_factory) == {"latar": "1"}
