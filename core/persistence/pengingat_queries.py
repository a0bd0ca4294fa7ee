"""SQL side of core.ports_pengingat: mixed into SqlRepository. Bulk reads only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from core.cascade import Tingkat
from core.deadlines import JenisTenggat
from core.persistence.models import (
    IndikatorRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
    RealisasiIndikatorRow,
    RealisasiRow,
)
from core.ports_pengingat import Kewajiban

_TINGKAT_INDIKATOR = (Tingkat.PROGRAM.value, Tingkat.SASARAN_PD.value)


class PengingatQueriesMixin:
    session: Session

    def kewajiban_pelaporan(self, tahun: int) -> list[Kewajiban]:
        out: list[Kewajiban] = []
        for kode, nama, nip, pd_kode in self.session.execute(
            select(NodeRow.kode, NodeRow.nama, PejabatRow.nip, PerangkatDaerahRow.kode)
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat == Tingkat.SUB_KEGIATAN.value)
            .order_by(NodeRow.kode)
        ):
            out.append(Kewajiban(JenisTenggat.BULANAN, tahun, kode, nama, nip, pd_kode))

        pj_ind = aliased(PejabatRow)
        pj_node = aliased(PejabatRow)
        for (
            node_kode,
            node_nama,
            urutan,
            uraian,
            nip_ind,
            nip_node,
            pd_kode,
        ) in self.session.execute(
            select(
                NodeRow.kode,
                NodeRow.nama,
                IndikatorRow.urutan,
                IndikatorRow.uraian,
                pj_ind.nip,
                pj_node.nip,
                PerangkatDaerahRow.kode,
            )
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .outerjoin(pj_ind, IndikatorRow.penanggung_jawab_id == pj_ind.id)
            .outerjoin(pj_node, NodeRow.penanggung_jawab_id == pj_node.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat.in_(_TINGKAT_INDIKATOR))
            .order_by(NodeRow.kode, IndikatorRow.urutan)
        ):
            nip = nip_ind or nip_node
            if nip is None:
                continue
            for jenis in (JenisTenggat.TRIWULANAN, JenisTenggat.TAHUNAN):
                out.append(
                    Kewajiban(
                        jenis,
                        tahun,
                        f"{node_kode}#{urutan}",
                        f"{uraian} ({node_nama})",
                        nip,
                        pd_kode,
                    )
                )
        return out

    def laporan_masuk(self, tahun: int, sampai: datetime) -> dict[tuple[str, str], datetime]:
        out: dict[tuple[str, str], datetime] = {}
        for kode, bulan, pertama in self.session.execute(
            select(NodeRow.kode, RealisasiRow.bulan, func.min(RealisasiRow.dibuat_pada))
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun, RealisasiRow.dibuat_pada < sampai)
            .group_by(NodeRow.kode, RealisasiRow.bulan)
        ):
            out[(f"{tahun:04d}-{bulan:02d}", kode)] = pertama
        for kode, urutan, periode, pertama in self.session.execute(
            select(
                NodeRow.kode,
                IndikatorRow.urutan,
                RealisasiIndikatorRow.periode,
                func.min(RealisasiIndikatorRow.dibuat_pada),
            )
            .join(IndikatorRow, RealisasiIndikatorRow.indikator_id == IndikatorRow.id)
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun, RealisasiIndikatorRow.dibuat_pada < sampai)
            .group_by(NodeRow.kode, IndikatorRow.urutan, RealisasiIndikatorRow.periode)
        ):
            out[(periode, f"{kode}#{urutan}")] = pertama
        return out
