"""SQL side of core.ports_kirim: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class KirimQueriesMixin:
    session: Session
