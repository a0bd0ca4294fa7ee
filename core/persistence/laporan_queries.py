"""SQL side of core.ports_laporan: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class LaporanQueriesMixin:
    session: Session
