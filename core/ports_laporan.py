"""Repository queries for the laporan use cases (implemented in core/persistence/laporan_queries.py).

Every read is a bulk read scoped to one Perangkat Daerah (or to the Pemda's tujuan and sasaran
daerah) and one year: a handful of queries per report, never one per row. The results are plain
data; ``core.laporan`` turns them into the rows of Pergub 17/2023 Lampiran II.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from core.cascade import TANPA_TARGET_TRIWULAN, TargetTriwulan
from core.ropp import OutputRopp


@dataclass(frozen=True, slots=True)
class SimpulLaporan:
    """A cascade node as a report shows it, with the name of its penanggung jawab."""

    kode: str
    tingkat: str
    nama: str
    induk_kode: str | None
    pd_kode: str | None
    bobot_relatif: Decimal
    pagu: Decimal | None = None
    penanggung_jawab: str | None = None  # nama pejabat
    penanggung_jawab_nip: str | None = None


@dataclass(frozen=True, slots=True)
class IndikatorLaporan:
    """An indicator of a node; ``anak_kode`` are the children that form its bobot (may be empty)."""

    id: int
    node_kode: str
    urutan: int
    uraian: str
    satuan: str
    target_tahunan: Decimal | None
    arah: str = "naik"
    penanggung_jawab: str | None = None  # nama pejabat
    anak_kode: tuple[str, ...] = ()
    target_triwulan: TargetTriwulan = TANPA_TARGET_TRIWULAN  # Tw I..IV, None: not set

    def target_tw(self, triwulan: int) -> Decimal | None:
        """The target of quarter ``triwulan`` (1-4), None when it is not set."""
        return self.target_triwulan[triwulan - 1]


@dataclass(frozen=True, slots=True)
class RealisasiLaporan:
    """The latest (terkini) realisasi of one sub kegiatan for one month."""

    realisasi_bobot: Decimal
    realisasi_anggaran: Decimal
    kendala: str | None = None
    tindak_lanjut: str | None = None
    volume_output: Mapping[int, Decimal] = field(default_factory=dict)  # output urutan -> volume


@dataclass(frozen=True, slots=True)
class RealisasiIndikatorLaporan:
    """The latest realisasi of an indicator's own value for one period (``2026-Q1``, ``2026``)."""

    indikator_id: int
    nilai: Decimal
    kendala: str | None = None
    tindak_lanjut: str | None = None


class LaporanQueries(Protocol):
    def laporan_simpul(
        self, tahun: int, pd_kode: str | None, tingkat: Sequence[str]
    ) -> list[SimpulLaporan]:
        """Nodes of ``tahun`` at the given levels, in the order they were entered (node id).

        ``pd_kode`` restricts to one PD; None means every node at those levels (the Pemda's
        tujuan and sasaran daerah have no PD).
        """
        ...

    def laporan_indikator(
        self, tahun: int, pd_kode: str | None, tingkat: Sequence[str]
    ) -> list[IndikatorLaporan]:
        """Indicators of the nodes :meth:`laporan_simpul` returns, ordered by node and urutan."""
        ...

    def laporan_rencana(
        self, tahun: int, pd_kode: str
    ) -> dict[str, dict[int, tuple[Decimal, Decimal]]]:
        """Every ROPP month of the PD's sub kegiatan: kode -> bulan -> (target bobot, anggaran kas)."""
        ...

    def laporan_output(
        self, tahun: int, pd_kode: str, bulan: Sequence[int]
    ) -> dict[str, dict[int, list[OutputRopp]]]:
        """The ROPP outputs due in ``bulan``: kode -> bulan -> outputs in urutan order (1, 2, ...)."""
        ...

    def laporan_realisasi(
        self, tahun: int, pd_kode: str, bulan: Sequence[int]
    ) -> dict[str, dict[int, RealisasiLaporan]]:
        """The latest realisasi of the PD's sub kegiatan in ``bulan``, with the output volumes."""
        ...

    def laporan_realisasi_indikator(
        self, tahun: int, pd_kode: str | None, tingkat: Sequence[str], periode: str
    ) -> dict[int, RealisasiIndikatorLaporan]:
        """Latest realisasi per indicator id for ``periode``, for the same nodes as
        :meth:`laporan_indikator`."""
        ...
