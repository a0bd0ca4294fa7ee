"""SQL side of core.ports_akun: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class AkunQueriesMixin:
    session: Session
