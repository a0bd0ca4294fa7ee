"""SQL side of core.ports_bot: mixed into SqlRepository."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.persistence.models import BotStateRow, NodeRow, PejabatRow, PerangkatDaerahRow
from core.ports_bot import SubKegiatanSaya

_SUB_KEGIATAN = "sub_kegiatan"


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
