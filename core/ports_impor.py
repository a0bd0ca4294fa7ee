"""Repository queries for the impor use cases (implemented in core/persistence/impor_queries.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.cascade import Saluran
from core.realisasi import RealisasiTersimpan
from core.ropp import Ropp


@dataclass(frozen=True)
class CatatanPerubahan:
    """One changed field, as the change log ``perubahan_data`` keeps it (Pergub 42/2018 Pasal 28).

    ``entitas`` is pd, pejabat, node, indikator, ropp or realisasi. ``kode`` names the item: the PD
    code, the NIP, and for data of a tahun anggaran "<tahun>/<kode>" (node), "<tahun>/<kode>#<urutan>"
    (indikator), "<tahun>/<kode>/<bulan>" (ropp, realisasi). Values are text in Indonesian notation;
    None where the item did not exist before (or no longer exists).
    """

    dicatat_pada: datetime
    saluran: Saluran
    oleh: str | None
    entitas: str
    kode: str
    kolom: str
    nilai_lama: str | None
    nilai_baru: str | None


class ImporQueries(Protocol):
    def list_ropp(self, tahun: int) -> dict[str, Ropp]:
        """Every stored ROPP of the year, by sub kegiatan code (with the node's pagu)."""
        ...

    def list_latest_realisasi(self, tahun: int) -> dict[str, dict[int, RealisasiTersimpan]]:
        """The current revision of every monthly realisasi of the year: kode -> bulan -> revision."""
        ...

    def catat_perubahan(self, items: Sequence[CatatanPerubahan]) -> None:
        """Append to the change log (inside the caller's transaction)."""
        ...

    def list_perubahan(
        self, entitas: str | None = None, kode: str | None = None
    ) -> list[CatatanPerubahan]:
        """The change log, oldest first, optionally for one kind of item or one item."""
        ...
