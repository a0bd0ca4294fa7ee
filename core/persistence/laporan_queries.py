"""SQL side of core.ports_laporan: mixed into SqlRepository.

One SELECT per kind of data, scoped by year, level and PD (joins, never a list of thousands of codes
in an IN clause), so a report costs the same handful of round trips for 10 or 10,000 rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from core.persistence.models import (
    IndikatorAnakRow,
    IndikatorRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
    RealisasiIndikatorRow,
    RealisasiOutputRow,
    RealisasiRow,
    RoppBulanRow,
    RoppOutputRow,
)
from core.ports_laporan import (
    IndikatorLaporan,
    RealisasiIndikatorLaporan,
    RealisasiLaporan,
    SimpulLaporan,
)
from core.ropp import OutputRopp

_SUB_KEGIATAN = "sub_kegiatan"
_Ts = TypeVarTuple("_Ts")


class LaporanQueriesMixin:
    session: Session

    # ------------------------------------------------------------------ scoping
    @staticmethod
    def _lingkup(q: Select[*_Ts], node: Any, tahun: int, pd_kode: str | None) -> Select[*_Ts]:
        """Restrict ``q`` (which selects from ``node``) to the year and, when given, one PD."""
        q = q.where(node.tahun == tahun)
        if pd_kode is not None:
            q = q.join(PerangkatDaerahRow, node.pd_id == PerangkatDaerahRow.id).where(
                PerangkatDaerahRow.kode == pd_kode
            )
        return q

    # ------------------------------------------------------------------ nodes and indicators
    def laporan_simpul(
        self, tahun: int, pd_kode: str | None, tingkat: Sequence[str]
    ) -> list[SimpulLaporan]:
        induk = aliased(NodeRow)
        pd = aliased(PerangkatDaerahRow)
        q = (
            select(
                NodeRow.kode,
                NodeRow.tingkat,
                NodeRow.nama,
                induk.kode,
                pd.kode,
                NodeRow.bobot_relatif,
                NodeRow.pagu,
                PejabatRow.nama,
                PejabatRow.nip,
            )
            .outerjoin(induk, NodeRow.induk_id == induk.id)
            .outerjoin(pd, NodeRow.pd_id == pd.id)
            .outerjoin(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .where(NodeRow.tingkat.in_(list(tingkat)))
            .order_by(NodeRow.id)
        )
        q = q.where(NodeRow.tahun == tahun)
        if pd_kode is not None:
            q = q.where(pd.kode == pd_kode)
        return [SimpulLaporan(*row) for row in self.session.execute(q)]

    def laporan_indikator(
        self, tahun: int, pd_kode: str | None, tingkat: Sequence[str]
    ) -> list[IndikatorLaporan]:
        tingkat = list(tingkat)
        anak_node = aliased(NodeRow)
        q_anak = (
            select(IndikatorAnakRow.indikator_id, anak_node.kode)
            .join(IndikatorRow, IndikatorAnakRow.indikator_id == IndikatorRow.id)
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .join(anak_node, IndikatorAnakRow.node_id == anak_node.id)
            .where(NodeRow.tingkat.in_(tingkat))
            .order_by(anak_node.id)
        )
        anak: dict[int, list[str]] = defaultdict(list)
        for ind_id, kode in self.session.execute(self._lingkup(q_anak, NodeRow, tahun, pd_kode)):
            anak[ind_id].append(kode)
        q = (
            select(
                IndikatorRow.id,
                NodeRow.kode,
                IndikatorRow.urutan,
                IndikatorRow.uraian,
                IndikatorRow.satuan,
                IndikatorRow.target_tahunan,
                IndikatorRow.arah,
                PejabatRow.nama,
                IndikatorRow.target_tw1,
                IndikatorRow.target_tw2,
                IndikatorRow.target_tw3,
                IndikatorRow.target_tw4,
            )
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .outerjoin(PejabatRow, IndikatorRow.penanggung_jawab_id == PejabatRow.id)
            .where(NodeRow.tingkat.in_(tingkat))
            .order_by(NodeRow.id, IndikatorRow.urutan)
        )
        return [
            IndikatorLaporan(
                i, k, u, ur, sat, t, arah, pj, tuple(anak.get(i, ())), (tw1, tw2, tw3, tw4)
            )
            for i, k, u, ur, sat, t, arah, pj, tw1, tw2, tw3, tw4 in map(
                tuple, self.session.execute(self._lingkup(q, NodeRow, tahun, pd_kode))
            )
        ]

    # ------------------------------------------------------------------ ROPP
    def laporan_rencana(
        self, tahun: int, pd_kode: str
    ) -> dict[str, dict[int, tuple[Decimal, Decimal]]]:
        q = (
            select(
                NodeRow.kode,
                RoppBulanRow.bulan,
                RoppBulanRow.target_bobot,
                RoppBulanRow.anggaran_kas,
            )
            .join(NodeRow, RoppBulanRow.node_id == NodeRow.id)
            .where(NodeRow.tingkat == _SUB_KEGIATAN)
        )
        out: dict[str, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
        for kode, m, b, a in self.session.execute(self._lingkup(q, NodeRow, tahun, pd_kode)):
            out[kode][m] = (b, a)
        return dict(out)

    def laporan_output(
        self, tahun: int, pd_kode: str, bulan: Sequence[int]
    ) -> dict[str, dict[int, list[OutputRopp]]]:
        q = (
            select(
                NodeRow.kode,
                RoppOutputRow.bulan,
                RoppOutputRow.uraian,
                RoppOutputRow.bobot,
                RoppOutputRow.volume,
                RoppOutputRow.satuan,
            )
            .join(NodeRow, RoppOutputRow.node_id == NodeRow.id)
            .where(NodeRow.tingkat == _SUB_KEGIATAN, RoppOutputRow.bulan.in_(list(bulan)))
            .order_by(RoppOutputRow.node_id, RoppOutputRow.bulan, RoppOutputRow.urutan)
        )
        out: dict[str, dict[int, list[OutputRopp]]] = defaultdict(lambda: defaultdict(list))
        for kode, m, uraian, bobot, volume, satuan in self.session.execute(
            self._lingkup(q, NodeRow, tahun, pd_kode)
        ):
            out[kode][m].append(OutputRopp(uraian, bobot, volume, satuan))
        return {k: dict(v) for k, v in out.items()}

    # ------------------------------------------------------------------ realisasi
    def laporan_realisasi(
        self, tahun: int, pd_kode: str, bulan: Sequence[int]
    ) -> dict[str, dict[int, RealisasiLaporan]]:
        months = list(bulan)
        base = (
            RealisasiRow.terkini.is_(True),
            RealisasiRow.bulan.in_(months),
            NodeRow.tingkat == _SUB_KEGIATAN,
        )
        q_vol = (
            select(
                RealisasiOutputRow.realisasi_id,
                RealisasiOutputRow.urutan,
                RealisasiOutputRow.volume,
            )
            .join(RealisasiRow, RealisasiOutputRow.realisasi_id == RealisasiRow.id)
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(*base)
        )
        volumes: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for rid, urutan, volume in self.session.execute(
            self._lingkup(q_vol, NodeRow, tahun, pd_kode)
        ):
            volumes[rid][urutan] = volume
        q = (
            select(
                RealisasiRow.id,
                NodeRow.kode,
                RealisasiRow.bulan,
                RealisasiRow.realisasi_bobot,
                RealisasiRow.realisasi_anggaran,
                RealisasiRow.kendala,
                RealisasiRow.tindak_lanjut,
            )
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(*base)
        )
        out: dict[str, dict[int, RealisasiLaporan]] = defaultdict(dict)
        for rid, kode, m, b, a, kendala, tl in self.session.execute(
            self._lingkup(q, NodeRow, tahun, pd_kode)
        ):
            out[kode][m] = RealisasiLaporan(b, a, kendala, tl, volumes.get(rid, {}))
        return dict(out)

    def laporan_realisasi_indikator(
        self, tahun: int, pd_kode: str | None, tingkat: Sequence[str], periode: str
    ) -> dict[int, RealisasiIndikatorLaporan]:
        q = (
            select(
                RealisasiIndikatorRow.indikator_id,
                RealisasiIndikatorRow.nilai,
                RealisasiIndikatorRow.kendala,
                RealisasiIndikatorRow.tindak_lanjut,
            )
            .join(IndikatorRow, RealisasiIndikatorRow.indikator_id == IndikatorRow.id)
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .where(
                NodeRow.tingkat.in_(list(tingkat)),
                RealisasiIndikatorRow.periode == periode,
                RealisasiIndikatorRow.terkini.is_(True),
            )
        )
        return {
            i: RealisasiIndikatorLaporan(i, nilai, kendala, tl)
            for i, nilai, kendala, tl in self.session.execute(
                self._lingkup(q, NodeRow, tahun, pd_kode)
            )
        }
