"""Repository queries for bukti dukung (photos and documents attached to a realisasi revision, issue 4).

Implemented in core/persistence/bukti_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from typing import Protocol


class BuktiQueries(Protocol):
    """Queries for bukti dukung (photos and documents attached to a realisasi revision, issue 4)."""
