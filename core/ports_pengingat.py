"""Read queries for the reminder planner (implemented in core/persistence/pengingat_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
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


@dataclass(frozen=True)
class TindakLanjutKendala:
    """A kendala Bappeda answered: its reporter must follow up by ``batas`` (Pergub 42/2018
    Lampiran B.6: tindak lanjut of Bappeda's recommendation within 7 days; the date is set when
    Bappeda answers, table ``kendala.batas_tindak_lanjut``). ``selesai_pada``: when it was closed."""

    id: int
    pelapor_nip: str
    pd_kode: str | None
    uraian: str
    node_kode: str | None
    periode: str | None
    batas: date
    selesai_pada: datetime | None


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

    def kewajiban_apbd(self, tahun: int) -> list[Kewajiban]:
        """The obligations driven by the APBD of ``tahun`` (Pergub 17/2023 Pasal 8-11), for the
        plain and the Perubahan kinds: PK per official who is penanggung jawab of a node of the
        year (``kode`` = NIP), KKL per PD for the penanggung jawab of its sasaran PD (``kode`` = PD
        kode), KAK and ROPP per sub kegiatan (``kode`` = sub kegiatan kode)."""
        ...

    def ropp_tersedia(self, tahun: int) -> set[str]:
        """Sub kegiatan kode of ``tahun`` that have a ROPP (the ROPP deadline is met)."""
        ...

    def tindak_lanjut_kendala(self) -> list[TindakLanjutKendala]:
        """Kendala with a ``batas_tindak_lanjut`` and a known reporter, open or closed."""
        ...
