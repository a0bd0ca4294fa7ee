"""A scratch PostgreSQL database for one test: created empty, its URL yielded, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.config import normalise_database_url


@contextmanager
def pg_sementara(server_url: str, awalan: str) -> Iterator[str]:
    """``CREATE DATABASE "<awalan><8 hex>"`` on the server of ``server_url``; yields its URL.

    The database is dropped (``WITH (FORCE)``) when the block ends, also when it raises.
    """
    base = make_url(normalise_database_url(server_url))
    name = f"{awalan}{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
