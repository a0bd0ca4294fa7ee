"""Repository queries for the audit trail (perubahan_data) and month locks (kunci_bulan), issue 6.

Implemented in core/persistence/audit_queries.py and mixed into SqlRepository. The trail itself is
written with ``catat_perubahan`` and read with ``list_perubahan`` (core.ports_impor); there is
deliberately no query that updates or deletes a record of it (Pergub 42/2018 Pasal 28).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.audit import KunciBulan


class AuditQueries(Protocol):
    """Queries for the audit trail (perubahan_data) and month locks (kunci_bulan), issue 6."""

    def get_kunci_bulan(self, pd_kode: str, tahun: int, bulan: int) -> KunciBulan | None:
        """The stored lock state of one PD's month (None if it was never locked)."""
        ...

    def list_kunci_bulan(self, tahun: int, pd_kode: str | None = None) -> list[KunciBulan]:
        """Every stored lock state of the year (of one PD), by PD code and month."""
        ...

    def set_kunci_bulan(
        self,
        pd_kode: str,
        tahun: int,
        bulan: int,
        *,
        terkunci: bool,
        oleh: str | None,
        alasan: str | None,
        diubah_pada: datetime,
    ) -> KunciBulan:
        """Lock or reopen a PD's month (insert or update its one row), inside the caller's transaction.

        On PostgreSQL the row is locked for the rest of the transaction.
        """
        ...

    def pd_node(self, tahun: int, kode: str) -> str | None:
        """The PD code of a cascade node of the year (None if none or unknown)."""
        ...

    def pd_pejabat(self, nip: str) -> str | None:
        """The PD code of a pejabat (None if none or unknown)."""
        ...
