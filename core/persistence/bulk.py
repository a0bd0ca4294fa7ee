"""Bulk loading into the real tables with SQLAlchemy Core ``insert()`` executemany.

For synthetic data (``bench/rollup.py``) and large one-off loads. It writes the same tables and
columns the repository writes, through the same column types (``DecimalType``, ``UTCDateTime``), so
what it stores reads back exactly as if it had gone through :class:`SqlRepository`. What it does not
do is validate: no ``validate_cascade``, ``validate_ropp`` or ``validate_realisasi`` runs here, and
rows are only ever inserted (never upserted) into a year that does not hold them yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from core.cascade import CascadeNode, PerangkatDaerah, Saluran, Tingkat
from core.persistence.models import Base
from core.ropp import Ropp

__all__ = [
    "BATCH",
    "RealisasiMassal",
    "insert_nodes",
    "insert_pd",
    "insert_realisasi",
    "insert_ropp",
    "node_ids",
]

#: Rows per executemany call: large enough to amortise the round trip, small enough for memory.
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class RealisasiMassal:
    """One stored revision of a monthly realisasi, as ``realisasi`` holds it."""

    sub_kegiatan_kode: str
    bulan: int
    revisi: int
    terkini: bool
    realisasi_bobot: Decimal
    realisasi_anggaran: Decimal
    saluran: Saluran
    dibuat_pada: datetime
    terlambat: bool = False
    dibuat_oleh: str | None = None
    kendala: str | None = None
    tindak_lanjut: str | None = None
    alasan_koreksi: str | None = None


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _insert(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    stmt = insert(table)
    n = 0
    for batch in _batches(rows, BATCH):
        conn.execute(stmt, batch)
        n += len(batch)
    return n


def _pairs(conn: Connection, stmt: Any) -> dict[Any, Any]:
    return {a: b for a, b in conn.execute(stmt)}


def insert_pd(conn: Connection, pds: Sequence[PerangkatDaerah]) -> dict[str, int]:
    """Insert Perangkat Daerah; returns kode -> id of every PD in the table."""
    t = _table("perangkat_daerah")
    _insert(
        conn,
        t,
        (
            {"kode": p.kode, "nama": p.nama, "singkatan": p.singkatan, "kelompok": p.kelompok.value}
            for p in pds
        ),
    )
    return _pairs(conn, select(t.c.kode, t.c.id))


def node_ids(conn: Connection, tahun: int, tingkat: Tingkat | None = None) -> dict[str, int]:
    """kode -> id of the year's nodes (of one level when ``tingkat`` is given)."""
    t = _table("cascade_node")
    q = select(t.c.kode, t.c.id).where(t.c.tahun == tahun)
    if tingkat is not None:
        q = q.where(t.c.tingkat == tingkat.value)
    return _pairs(conn, q)


def insert_nodes(conn: Connection, tahun: int, nodes: Sequence[CascadeNode]) -> dict[str, int]:
    """Insert a year's cascade nodes with their indicators and ``indikator_anak`` links.

    Nodes are written level by level (Tujuan first), so a parent's id exists before its children
    are written; a parent may also be a node stored earlier. PD codes and NIPs must exist. Returns
    kode -> id of every node of the year.
    """
    node = _table("cascade_node")
    pd = _table("perangkat_daerah")
    pejabat = _table("pejabat")
    pd_ids: dict[str, int] = _pairs(conn, select(pd.c.kode, pd.c.id))
    nip_ids: dict[str, int] = _pairs(conn, select(pejabat.c.nip, pejabat.c.id))
    ids = node_ids(conn, tahun)

    def pj(nip: str | None) -> int | None:
        return nip_ids[nip] if nip else None

    by_level: dict[Tingkat, list[CascadeNode]] = {t: [] for t in Tingkat}
    for n in nodes:
        by_level[n.tingkat].append(n)
    for tingkat in Tingkat:
        level = by_level[tingkat]
        if not level:
            continue
        _insert(
            conn,
            node,
            (
                {
                    "tahun": tahun,
                    "kode": n.kode,
                    "tingkat": n.tingkat.value,
                    "nama": n.nama,
                    "induk_id": ids[n.induk_kode] if n.induk_kode else None,
                    "pd_id": pd_ids[n.pd_kode] if n.pd_kode else None,
                    "bobot_relatif": n.bobot_relatif,
                    "pagu": n.pagu,
                    "penanggung_jawab_id": pj(n.penanggung_jawab_nip),
                }
                for n in level
            ),
        )
        ids.update(node_ids(conn, tahun, tingkat))

    indikator = _table("indikator")
    _insert(
        conn,
        indikator,
        (
            {
                "node_id": ids[n.kode],
                "urutan": urutan,
                "kode": ind.kode,
                "uraian": ind.uraian,
                "satuan": ind.satuan,
                "target_tahunan": ind.target_tahunan,
                **{f"target_tw{q}": t for q, t in enumerate(ind.target_triwulan, start=1)},
                "arah": ind.arah.value,
                "penanggung_jawab_id": pj(ind.penanggung_jawab_nip),
            }
            for n in nodes
            for urutan, ind in enumerate(n.indikator, start=1)
        ),
    )
    grouped = [
        (n, urutan, ind.anak_kode) for n in nodes for urutan, ind in enumerate(n.indikator, 1)
    ]
    grouped = [g for g in grouped if g[2]]
    if grouped:
        wanted = {ids[n.kode] for n, _, _ in grouped}
        ind_ids: dict[tuple[int, int], int] = {}
        for row in conn.execute(
            select(indikator.c.node_id, indikator.c.urutan, indikator.c.id)
            .join(node, indikator.c.node_id == node.c.id)
            .where(node.c.tahun == tahun)
        ):
            if row[0] in wanted:
                ind_ids[(int(row[0]), int(row[1]))] = int(row[2])
        _insert(
            conn,
            _table("indikator_anak"),
            (
                {"indikator_id": ind_ids[(ids[n.kode], urutan)], "node_id": ids[k]}
                for n, urutan, anak in grouped
                for k in anak
            ),
        )
    return ids


def insert_ropp(
    conn: Connection, tahun: int, ropps: Iterable[Ropp], ids: Mapping[str, int] | None = None
) -> int:
    """Insert the months (and their outputs) of ROPPs of sub kegiatan stored for ``tahun``.

    ``ids`` is kode -> node id (looked up when omitted). Returns the number of ``ropp_bulan`` rows.
    """
    ids = node_ids(conn, tahun, Tingkat.SUB_KEGIATAN) if ids is None else ids
    bulan_rows: list[dict[str, Any]] = []
    output_rows: list[dict[str, Any]] = []
    for ropp in ropps:
        if ropp.tahun != tahun:
            raise ValueError(
                f"ROPP {ropp.sub_kegiatan_kode} untuk tahun {ropp.tahun}, bukan {tahun}"
            )
        node_id = ids[ropp.sub_kegiatan_kode]
        for r in ropp.bulan:
            bulan_rows.append(
                {
                    "node_id": node_id,
                    "bulan": r.bulan,
                    "target_bobot": r.target_bobot,
                    "anggaran_kas": r.anggaran_kas,
                }
            )
            for urutan, o in enumerate(r.outputs, start=1):
                output_rows.append(
                    {
                        "node_id": node_id,
                        "bulan": r.bulan,
                        "urutan": urutan,
                        "uraian": o.uraian,
                        "bobot": o.bobot,
                        "volume": o.volume,
                        "satuan": o.satuan,
                    }
                )
    n = _insert(conn, _table("ropp_bulan"), bulan_rows)
    _insert(conn, _table("ropp_output"), output_rows)
    return n


def insert_realisasi(
    conn: Connection,
    tahun: int,
    rows: Iterable[RealisasiMassal],
    ids: Mapping[str, int] | None = None,
) -> int:
    """Insert stored realisasi revisions of sub kegiatan of ``tahun``.

    The caller keeps the invariant the repository keeps: per (sub kegiatan, bulan) the revisions
    are 1..n and exactly the last one has ``terkini`` (the partial unique index enforces "at most
    one"). Returns the number of rows written.
    """
    ids = node_ids(conn, tahun, Tingkat.SUB_KEGIATAN) if ids is None else ids
    return _insert(
        conn,
        _table("realisasi"),
        (
            {
                "node_id": ids[r.sub_kegiatan_kode],
                "bulan": r.bulan,
                "revisi": r.revisi,
                "terkini": r.terkini,
                "realisasi_bobot": r.realisasi_bobot,
                "realisasi_anggaran": r.realisasi_anggaran,
                "kendala": r.kendala,
                "tindak_lanjut": r.tindak_lanjut,
                "dibuat_oleh_id": None,
                "dibuat_oleh": r.dibuat_oleh,
                "saluran": r.saluran.value,
                "dibuat_pada": r.dibuat_pada,
                "terlambat": r.terlambat,
                "alasan_koreksi": r.alasan_koreksi,
            }
            for r in rows
        ),
    )
