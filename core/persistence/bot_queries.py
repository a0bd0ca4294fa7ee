"""SQL side of core.ports_bot: mixed into SqlRepository."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from sqlalchemy import Table, and_, bindparam, delete, or_, select
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
_STATE = cast(Table, BotStateRow.__table__)
_HAPUS_STATE = delete(_STATE).where(
    _STATE.c.jenis == bindparam("j"), _STATE.c.kunci == bindparam("k")
)

_BARIS_UPSERT = 250  # 750 parameters per statement: far below SQLite's and PostgreSQL's limits
_SQL_UPSERT = (
    "INSERT INTO bot_state (jenis, kunci, nilai) VALUES {nilai} "
    "ON CONFLICT (jenis, kunci) DO UPDATE SET nilai = excluded.nilai"
)

# The bot runs these on most updates: built once (with bind parameters), not per call, because
# building a select with aliases costs more than running it (~1 ms per call on SQLite).
_SK_PEJABAT = (
    select(NodeRow.kode, NodeRow.nama, PerangkatDaerahRow.kode)
    .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
    .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
    .where(
        NodeRow.tahun == bindparam("tahun"),
        NodeRow.tingkat == _SUB_KEGIATAN,
        PejabatRow.nip == bindparam("nip"),
    )
    .order_by(NodeRow.kode)
)
_PJ_INDIKATOR = aliased(PejabatRow)
_PJ_NODE = aliased(PejabatRow)
_INDIKATOR_PEJABAT = (
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
        IndikatorRow.target_tw1,
        IndikatorRow.target_tw2,
        IndikatorRow.target_tw3,
        IndikatorRow.target_tw4,
    )
    .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
    .outerjoin(_PJ_INDIKATOR, IndikatorRow.penanggung_jawab_id == _PJ_INDIKATOR.id)
    .outerjoin(_PJ_NODE, NodeRow.penanggung_jawab_id == _PJ_NODE.id)
    .where(
        NodeRow.tahun == bindparam("tahun"),
        NodeRow.tingkat.in_(_TINGKAT_INDIKATOR),
        or_(
            _PJ_INDIKATOR.nip == bindparam("nip"),
            and_(IndikatorRow.penanggung_jawab_id.is_(None), _PJ_NODE.nip == bindparam("nip")),
        ),
    )
    .order_by(NodeRow.kode, IndikatorRow.urutan)
)


class BotQueriesMixin:
    session: Session

    def sub_kegiatan_pejabat(self, tahun: int, nip: str) -> list[SubKegiatanSaya]:
        rows = self.session.execute(_SK_PEJABAT, {"tahun": tahun, "nip": nip})
        return [SubKegiatanSaya(kode, nama, pd) for kode, nama, pd in rows]

    def indikator_pejabat(self, tahun: int, nip: str) -> list[IndikatorSaya]:
        rows = self.session.execute(_INDIKATOR_PEJABAT, {"tahun": tahun, "nip": nip})
        out: list[IndikatorSaya] = []
        for row in rows:
            i, kode, nama, tingkat, uraian, satuan, target, arah, urutan, *tw = tuple(row)
            out.append(
                IndikatorSaya(
                    i,
                    kode,
                    nama,
                    tingkat,
                    uraian,
                    satuan,
                    target,
                    arah,
                    urutan,
                    target_triwulan=(tw[0], tw[1], tw[2], tw[3]),
                )
            )
        return out

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

    def bot_state_simpan(self, tulisan: Mapping[tuple[str, str], str | None]) -> None:
        hapus = [
            {"j": jenis, "k": kunci} for (jenis, kunci), nilai in tulisan.items() if nilai is None
        ]
        isi = [
            {"jenis": jenis, "kunci": kunci, "nilai": nilai}
            for (jenis, kunci), nilai in tulisan.items()
            if nilai is not None
        ]
        if hapus:  # executemany: one statement, many rows
            self.session.execute(_HAPUS_STATE, hapus)
        if isi:
            self._bot_state_upsert(isi)

    def _bot_state_upsert(self, isi: list[dict[str, str]]) -> None:
        """Upsert in multi-row ``INSERT ... VALUES (...), (...) ON CONFLICT DO UPDATE`` statements of
        up to ``_BARIS_UPSERT`` rows, with the driver's placeholders (same SQL on SQLite and PostgreSQL).

        An executemany steps the statement once per row, and SQLite's driver gives up the GIL at every
        step: with the event loop busy, each step waited for the GIL again while the round held the
        database's write lock (a 400-row round took ~120 ms under the bot benchmark's load, and every
        report sent meanwhile waited for it). One statement per chunk is one step.
        """
        conn = self.session.connection()
        tanda = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        for awal in range(0, len(isi), _BARIS_UPSERT):
            potong = isi[awal : awal + _BARIS_UPSERT]
            sql = _SQL_UPSERT.format(
                nilai=", ".join([f"({tanda}, {tanda}, {tanda})"] * len(potong))
            )
            conn.exec_driver_sql(
                sql, tuple(v for r in potong for v in (r["jenis"], r["kunci"], r["nilai"]))
            )
