"""Repository queries for kendala (obstacles escalated to Bappeda), their message threads, Bappeda's Telegram group and bukti dukung (issue 4).

Implemented in core/persistence/kendala_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from typing import Protocol


class KendalaQueries(Protocol):
    """Queries for kendala (obstacles escalated to Bappeda), their message threads, Bappeda's Telegram group and bukti dukung (issue 4)."""
