"""Repository queries for dashboard and API accounts, sessions, API tokens, month locks and the audit trail (issue 6).

Implemented in core/persistence/akun_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from typing import Protocol


class AkunQueries(Protocol):
    """Queries for dashboard and API accounts, sessions, API tokens, month locks and the audit trail (issue 6)."""
