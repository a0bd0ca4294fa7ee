"""SQL side of core.ports_bot: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session, aliased

from core.persistence.models import (
    BotStateRow,
    IndikatorRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
)
from core.ports_bot import IndikatorSaya, SubKegiatanSaya

_SUB_KEGIATAN = "sub_kegiatan"
_TINGKAT_INDIKATOR = ("tujuan", "sasaran_daerah", "sasaran_pd", "program")


class BotQueriesMixin:
    session: Session

    def sub_kegiatan_pejabat(self, tahun: int, nip: str) -> list[SubKegiatanSaya]:
        q = (
            select(NodeRow.kode, NodeRow.nama, PerangkatDaerahRow.kode)
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(
                NodeRow.tahun == tahun,
                NodeRow.tingkat == _SUB_KEGIATAN,
                PejabatRow.nip == nip,
            )
            .order_by(NodeRow.kode)
        )
        return [SubKegiatanSaya(kode, nama, pd) for kode, nama, pd in self.session.execute(q)]

    def indikator_pejabat(self, tahun: int, nip: str) -> list[IndikatorSaya]:
        pj_indikator = aliased(PejabatRow)
        pj_node = aliased(PejabatRow)
        q = (
            select(
                IndikatorRow.id,
                NodeRow.kode,
                NodeRow.nama,
                NodeRow.tingkat,
                IndikatorRow.uraian,
                IndikatorRow.satuan,
                IndikatorRow.target_tahunan,
                IndikatorRow.arah,
                IndikatorRow.urutan,
            )
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .outerjoin(pj_indikator, IndikatorRow.penanggung_jawab_id == pj_indikator.id)
            .outerjoin(pj_node, NodeRow.penanggung_jawab_id == pj_node.id)
            .where(
                NodeRow.tahun == tahun,
                NodeRow.tingkat.in_(_TINGKAT_INDIKATOR),
                or_(
                    pj_indikator.nip == nip,
                    and_(IndikatorRow.penanggung_jawab_id.is_(None), pj_node.nip == nip),
                ),
            )
            .order_by(NodeRow.kode, IndikatorRow.urutan)
        )
        return [IndikatorSaya(*row) for row in self.session.execute(q)]

    def penanggung_jawab_node(self, tahun: int) -> dict[str, str]:
        rows = self.session.execute(
            select(NodeRow.kode, PejabatRow.nip)
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .where(NodeRow.tahun == tahun)
        )
        return {kode: nip for kode, nip in rows}

    def bot_state_muat(self, jenis: str) -> dict[str, str]:
        rows = self.session.execute(
            select(BotStateRow.kunci, BotStateRow.nilai).where(BotStateRow.jenis == jenis)
        )
        return {kunci: nilai for kunci, nilai in rows}

    def bot_state_simpan(self, jenis: str, kunci: str, nilai: str | None) -> None:
        if nilai is None:
            self.session.execute(
                delete(BotStateRow).where(BotStateRow.jenis == jenis, BotStateRow.kunci == kunci)
            )
            return
        row = self.session.get(BotStateRow, (jenis, kunci))
        if row is None:
            self.session.add(BotStateRow(jenis=jenis, kunci=kunci, nilai=nilai))
        else:
            row.nilai = nilai
        self.session.flush()
