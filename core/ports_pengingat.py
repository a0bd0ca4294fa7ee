"""Read queries for the reminder planner (implemented in core/persistence/pengingat_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.deadlines import JenisTenggat


@dataclass(frozen=True)
class Kewajiban:
    """One reporting obligation of a tahun anggaran: who must report what, for which kind of deadline.

    * ``BULANAN``: a sub kegiatan (``kode`` = the node code), monthly realisasi, Pergub 17/2023
      Pasal 15(4).
    * ``TRIWULANAN`` / ``TAHUNAN``: an indicator of a program or sasaran PD (``kode`` =
      ``"<node kode>#<urutan>"``), Pasal 15(3) huruf b / huruf a.

    ``penanggung_jawab_nip`` is the pejabat who must report it.
    """

    jenis: JenisTenggat
    tahun: int
    kode: str
    nama: str
    penanggung_jawab_nip: str
    pd_kode: str | None


class PengingatQueries(Protocol):
    def kewajiban_pelaporan(self, tahun: int) -> list[Kewajiban]:
        """Every obligation of the year that has a penanggung jawab (two bulk queries).

        Sub kegiatan -> one ``BULANAN`` obligation; each indicator of a program or sasaran PD ->
        one ``TRIWULANAN`` and one ``TAHUNAN`` obligation (the indicator's penanggung jawab, else
        the node's). Items without a penanggung jawab cannot be reminded and are left out.
        """
        ...

    def laporan_masuk(self, tahun: int, sampai: datetime) -> dict[tuple[str, str], datetime]:
        """When each item of the year was FIRST reported, counting revisions made before ``sampai``.

        Key ``(periode, kode)``: ``("2026-01", "<sub kegiatan kode>")`` for monthly realisasi,
        ``("2026-Q1" | "2026", "<node kode>#<urutan>")`` for indicator realisasi. Two bulk queries.
        """
        ...
