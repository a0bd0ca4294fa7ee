"""Engine, sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from core.config import normalise_database_url

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "migrations"

_BACA_SAJA: ContextVar[bool] = ContextVar("sakip_baca_saja", default=False)


@contextmanager
def baca_saja() -> Iterator[None]:
    """Units of work entered inside only read (the bot's short reads, ``bot.deps.baca``).

    On PostgreSQL they run without a transaction (autocommit): no ``BEGIN`` and ``ROLLBACK`` round
    trips, two of the five of /lapor's start. The reads mean the same: under READ COMMITTED, the
    isolation level ``make_engine`` leaves, every statement takes its own snapshot inside a transaction
    too. SQLite (in-process, no round trips) keeps its transaction. Nothing can be written inside: a
    unit of work refuses ``commit`` (SQLite: the write is rolled back), and a PostgreSQL connection in
    autocommit refuses any statement but SELECT/SHOW before it reaches the server (``tolak_tulis``, on
    that connection only: the other statements pay nothing for it).
    """
    token = _BACA_SAJA.set(True)
    try:
        yield
    finally:
        _BACA_SAJA.reset(token)


def tolak_tulis(
    _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
) -> None:
    """A connection in autocommit inside :func:`baca_saja` lets only reads through (its
    before_cursor_execute hook, attached by ``SqlUnitOfWork``)."""
    if statement.lstrip()[:4].upper() not in ("SELE", "SHOW"):
        raise RuntimeError(
            "Unit of work di dalam baca_saja() hanya membaca; perintah ditolak: " + statement[:40]
        )


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)
