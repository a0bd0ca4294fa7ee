"""Repository queries for the laporan use cases (implemented in core/persistence/laporan_queries.py)."""

from __future__ import annotations

from typing import Protocol


class LaporanQueries(Protocol):
    pass
