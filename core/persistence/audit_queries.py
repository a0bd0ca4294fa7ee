"""SQL side of core.ports_audit: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy.orm import Session


class AuditQueriesMixin:
    session: Session
