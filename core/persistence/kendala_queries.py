"""SQL side of core.ports_kendala: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class KendalaQueriesMixin:
    session: Session
