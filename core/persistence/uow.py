"""Unit of work: one transaction; one session per update, request or job.

Inside :func:`session_scope` (the bot opens one around each update, see ``bot/app.py``) every unit of
work entered uses the scope's one ``Session``: the gate's lookup and the step's work share it, each
in its own transaction. A unit of work entered while the scope's session is already in use (nested,
or from another thread at the same time) gets a session of its own, so the transaction semantics of
a unit of work never change. Outside a scope each unit of work opens and closes its own session.
The scope travels in a ``ContextVar``, so ``asyncio.to_thread`` carries it into the worker thread (and
a task started inside it inherits it: a session still lent when the scope ends is closed when its unit
of work ends, never under it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, sessionmaker

from core.persistence.repository import SqlRepository

_BACA_SAJA: ContextVar[bool] = ContextVar("sakip_baca_saja", default=False)


@contextmanager
def baca_saja() -> Iterator[None]:
    """Units of work entered inside only read (the bot's short reads, ``bot.deps.baca``).

    On PostgreSQL they run without a transaction (autocommit): no ``BEGIN`` and ``ROLLBACK`` round
    trips, two of the five of /lapor's start. The reads mean the same: under READ COMMITTED, the
    isolation level ``make_engine`` leaves, every statement takes its own snapshot inside a transaction
    too. SQLite (in-process, no round trips) keeps its transaction. Nothing can be written inside: a
    unit of work refuses ``commit`` (SQLite: the write is rolled back), and a PostgreSQL connection in
    autocommit refuses any statement but SELECT/SHOW before it reaches the server (``_tolak_tulis``, on
    that connection only: the other statements pay nothing for it).
    """
    token = _BACA_SAJA.set(True)
    try:
        yield
    finally:
        _BACA_SAJA.reset(token)


def _tolak_tulis(
    _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
) -> None:
    """A connection in autocommit inside :func:`baca_saja` lets only reads through (its
    before_cursor_execute hook, attached by ``SqlUnitOfWork``)."""
    if statement.lstrip()[:4].upper() not in ("SELE", "SHOW"):
        raise RuntimeError(
            "Unit of work di dalam baca_saja() hanya membaca; perintah ditolak: " + statement[:40]
        )


class SessionScope:
    """The sessions of one update (one per session factory), lent to one unit of work at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[sessionmaker[Session], Session] = {}
        self._dipakai: set[sessionmaker[Session]] = set()
        self.closed = False
        self.opened = 0  # sessions this scope opened (the tests count them)

    def pinjam(self, factory: sessionmaker[Session]) -> Session | None:
        """The scope's session for ``factory``, or None when it is in use or the scope is closed."""
        with self._lock:
            if self.closed or factory in self._dipakai:
                return None
            session = self._sessions.get(factory)
            if session is None:
                session = self._sessions[factory] = factory()
                self.opened += 1
            self._dipakai.add(factory)
            return session

    def kembalikan(self, factory: sessionmaker[Session]) -> None:
        with self._lock:
            self._dipakai.discard(factory)
            # the scope ended while this unit of work was still running: it closes the session now
            session = self._sessions.pop(factory, None) if self.closed else None
        if session is not None:
            session.close()

    def close(self) -> None:
        """Close the sessions not in use; one still lent is closed when its unit of work ends (a
        task started inside the scope may outlive it: its transaction is never cut short)."""
        with self._lock:
            self.closed = True
            bebas = [f for f in self._sessions if f not in self._dipakai]
            sessions = [self._sessions.pop(f) for f in bebas]
        for session in sessions:
            session.close()


_SCOPE: ContextVar[SessionScope | None] = ContextVar("sakip_session_scope", default=None)


@contextmanager
def session_scope() -> Iterator[SessionScope]:
    """One database session for everything inside (an update, a request, a job)."""
    scope = SessionScope()
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)
        scope.close()


class SqlUnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session | None = None
        self._scope: SessionScope | None = None
        self._baca_saja = False
        self._autocommit: Connection | None = None

    @property
    def baca_lokal(self) -> bool:
        """Reads are in this process and never wait for a lock: SQLite, which ``make_engine`` puts
        in WAL mode (the bot then runs short reads on its event loop, ``bot.deps.baca``)."""
        bind = self._factory.kw.get("bind")
        return bind is not None and bind.dialect.name == "sqlite"

    def __enter__(self) -> Self:
        scope = _SCOPE.get()
        session = scope.pinjam(self._factory) if scope is not None else None
        if session is not None:
            self._scope = scope
            self.session = session
        else:
            self._scope = None
            self.session = self._factory()
        self._baca_saja = _BACA_SAJA.get()
        if self._baca_saja and not self.baca_lokal:
            # the first thing of the transaction: the connection is checked out in autocommit (the
            # pool resets it when the session gives it back), and refuses writes while it is
            self._autocommit = self.session.connection(
                execution_options={"isolation_level": "AUTOCOMMIT"}
            )
            event.listen(self._autocommit, "before_cursor_execute", _tolak_tulis)
        self.repo = SqlRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.session is not None
        if self._autocommit is not None:
            event.remove(self._autocommit, "before_cursor_execute", _tolak_tulis)
            self._autocommit = None
        try:
            self.session.rollback()  # anything not committed explicitly is discarded
        finally:
            if self._scope is not None:
                self._scope.kembalikan(self._factory)  # the scope closes it at the end
            else:
                self.session.close()
            self.session = None
            self._scope = None

    def commit(self) -> None:
        assert self.session is not None
        if self._baca_saja:
            raise RuntimeError("Unit of work di dalam baca_saja() hanya membaca; commit ditolak.")
        self.session.commit()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()
