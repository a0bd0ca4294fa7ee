"""Repository queries for the audit trail (perubahan_data) and month locks (kunci_bulan), issue 6.

Implemented in core/persistence/audit_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from typing import Protocol


class AuditQueries(Protocol):
    """Queries for the audit trail (perubahan_data) and month locks (kunci_bulan), issue 6."""
