"""Build the runtime objects from settings. The only place that knows every layer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings, get_settings
from core.persistence.db import make_engine, make_session_factory
from core.persistence.uow import SqlUnitOfWork


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Callable[[], datetime]

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)


def build_container(
    settings: Settings | None = None, clock: Callable[[], datetime] = system_clock
) -> Container:
    settings = settings or get_settings()
    engine = make_engine(settings.effective_database_url)
    return Container(settings, engine, make_session_factory(engine), clock)
