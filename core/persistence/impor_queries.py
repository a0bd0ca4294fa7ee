"""SQL side of core.ports_impor: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class ImporQueriesMixin:
    session: Session
