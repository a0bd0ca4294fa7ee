"""Repository queries for the outbox of outgoing Telegram messages and the reminder sent-log (issue 5).

Implemented in core/persistence/kirim_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from typing import Protocol


class KirimQueries(Protocol):
    """Queries for the outbox of outgoing Telegram messages and the reminder sent-log (issue 5)."""
