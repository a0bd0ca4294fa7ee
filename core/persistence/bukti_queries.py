"""SQL side of core.ports_bukti: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class BuktiQueriesMixin:
    session: Session
