"""Read queries for the reminder planner (implemented in core/persistence/pengingat_queries.py)."""

from __future__ import annotations

from collections.abc import Collection
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


@dataclass(frozen=True)
class DokumenDiserahkan:
    """A PD's PK, KKL or KAK of a tahun anggaran, submitted (table ``dokumen_perencanaan``).

    Pergub 17/2023 Pasal 8(4)(5), 9(2)(3), 10(2)(3). ``jenis``: ``"PK"``, ``"KKL"`` or ``"KAK"``;
    ``perubahan``: the round after the APBD change; ``diserahkan_pada``: the WIB date it was
    submitted; ``dicatat_pada``: when it was recorded (UTC), by ``oleh`` through ``saluran``.
    """

    pd_kode: str
    tahun: int
    jenis: str
    perubahan: bool
    diserahkan_pada: date
    dicatat_pada: datetime
    oleh: str | None
    saluran: str


class PengingatQueries(Protocol):
    def kewajiban_pelaporan(self, tahun: int, nip: str | None = None) -> list[Kewajiban]:
        """Every obligation of the year that has a penanggung jawab (two bulk queries); with
        ``nip``, only that pejabat's.

        Sub kegiatan -> one ``BULANAN`` obligation; each indicator of a program or sasaran PD ->
        one ``TRIWULANAN`` and one ``TAHUNAN`` obligation (the indicator's penanggung jawab, else
        the node's). Items without a penanggung jawab cannot be reminded and are left out.
        """
        ...

    def laporan_masuk(
        self, tahun: int, sampai: datetime, node_kode: Collection[str] | None = None
    ) -> dict[tuple[str, str], datetime]:
        """When each item of the year was FIRST reported, counting revisions made before ``sampai``.

        Key ``(periode, kode)``: ``("2026-01", "<sub kegiatan kode>")`` for monthly realisasi,
        ``("2026-Q1" | "2026", "<node kode>#<urutan>")`` for indicator realisasi. Two bulk queries;
        with ``node_kode``, only the items of those nodes (one official's /jadwal).
        """
        ...

    def kewajiban_apbd(self, tahun: int) -> list[Kewajiban]:
        """The ROPP obligations driven by the APBD of ``tahun`` (Pergub 17/2023 Pasal 11(2)(3)):
        ``ROPP`` and ``ROPP_PERUBAHAN`` per sub kegiatan with a penanggung jawab (``kode`` = sub
        kegiatan kode). PK, KKL and KAK are obligations of the PD (``pd_wajib_dokumen``, and
        :func:`core.services_dokumen.kewajiban_dokumen`)."""
        ...

    def pd_wajib_dokumen(self, tahun: int) -> list[tuple[str, str]]:
        """``(kode, singkatan or nama)`` of every PD with a node of the cascade of ``tahun``: the
        PD that must submit PK, KKL and KAK for that year. Sorted by kode."""
        ...

    def dokumen_diserahkan(self, tahun: int, pd_kode: str | None = None) -> list[DokumenDiserahkan]:
        """The recorded submissions of ``tahun`` (of one PD), sorted by PD, jenis, perubahan."""
        ...

    def simpan_dokumen(self, dokumen: DokumenDiserahkan) -> DokumenDiserahkan | None:
        """Insert or replace the submission of (PD, tahun, jenis, perubahan); returns the one it
        replaced, if any. Unknown PD: :class:`core.errors.TidakDitemukan`. A concurrent insert
        of the same key: :class:`core.errors.KonflikError` (at flush)."""
        ...

    def ropp_tersedia(self, tahun: int) -> set[str]:
        """Sub kegiatan kode of ``tahun`` that have a ROPP (the ROPP deadline is met)."""
        ...

    def tindak_lanjut_kendala(self) -> list[TindakLanjutKendala]:
        """Kendala with a ``batas_tindak_lanjut`` and a known reporter, open or closed."""
        ...
