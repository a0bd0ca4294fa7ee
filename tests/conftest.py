"""Shared fixtures: real databases migrated by Alembic.

Every test that takes ``uow_factory`` (or ``engine``) runs on SQLite and, when SAKIP_TEST_DATABASE_URL is
set, again on PostgreSQL. If that variable is set and PostgreSQL cannot be reached, the tests fail; they
are never skipped silently.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from core.config import normalise_database_url
from core.persistence.db import make_engine, make_session_factory, upgrade
from core.persistence.models import Base
from core.persistence.uow import SqlUnitOfWork

PG_URL = os.environ.get("SAKIP_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated by Alembic, dropped afterwards."""
    assert PG_URL, "SAKIP_TEST_DATABASE_URL is not set"
    base = make_url(normalise_database_url(PG_URL))
    name = f"sakip_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL at {base.render_as_string()} unreachable: {exc}")
    url = base.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "sakip.db"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_database")
    yield url
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        # a test that leaves a transaction open would block TRUNCATE forever: fail loudly instead
        conn.execute(text("SET lock_timeout = '15s'"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    factory = make_session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


class FakeClock:
    """An injected clock the tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 2, 3, 2, 0, tzinfo=UTC))  # 09:00 WIB, Tuesday 3 Feb 2026
