"""Repository queries for the impor use cases (implemented in core/persistence/impor_queries.py)."""

from __future__ import annotations

from typing import Protocol


class ImporQueries(Protocol):
    pass
