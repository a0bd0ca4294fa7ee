"""SQLAlchemy implementation of :class:`core.ports.Repository`."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Date,
    Dialect,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, aliased

from core.audit import label_pelapor
from core.capaian import Arah
from core.cascade import (
    CascadeNode,
    Indikator,
    Kelompok,
    Pejabat,
    PerangkatDaerah,
    Saluran,
    TargetTriwulan,
    Tingkat,
)
from core.deadlines import ApbdDates
from core.errors import KonflikError
from core.holiday_source import HolidayOverride
from core.persistence.akun_queries import AkunQueriesMixin
from core.persistence.audit_queries import AuditQueriesMixin
from core.persistence.bot_queries import BotQueriesMixin
from core.persistence.bukti_queries import BuktiQueriesMixin
from core.persistence.impor_queries import ImporQueriesMixin
from core.persistence.kendala_queries import KendalaQueriesMixin
from core.persistence.kirim_queries import KirimQueriesMixin
from core.persistence.laporan_queries import LaporanQueriesMixin
from core.persistence.models import (
    ApbdTanggalRow,
    IndikatorAnakRow,
    IndikatorRow,
    KalenderOverrideRow,
    LinkCodeRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
    RealisasiIndikatorRow,
    RealisasiOutputRow,
    RealisasiRow,
    RoppBulanRow,
    RoppOutputRow,
)
from core.persistence.pengingat_queries import PengingatQueriesMixin
from core.persistence.types import clean_decimal
from core.ports import CapaianRows, IndikatorRef, LinkCode, RealisasiIndikator
from core.realisasi import RealisasiInput, RealisasiTersimpan
from core.rollup import BarisPohon
from core.ropp import OutputRopp, RencanaBulan, Ropp

_P = ParamSpec("_P")

# Built once: a fresh aliased() per call gives every statement a new cache key, so SQLAlchemy
# compiles it again each time (measured: 12 ms per pejabat lookup, the bot's gate, under load).
_ATASAN = aliased(PejabatRow, name="atasan")
_INDUK = aliased(NodeRow, name="induk")
_R = TypeVar("_R")

# The statements of the bot's and the submission's hot paths, built once with bind parameters:
# building a select costs more than running it on SQLite (a submission went from 23 statements built
# per call to 14 built once; see bench/README.md, bot_latency).
_PEJABAT_SELECT = (
    select(PejabatRow, PerangkatDaerahRow.kode, _ATASAN.nip)
    .outerjoin(PerangkatDaerahRow, PejabatRow.pd_id == PerangkatDaerahRow.id)
    .outerjoin(_ATASAN, PejabatRow.atasan_id == _ATASAN.id)
)
_PEJABAT_BY_NIP = _PEJABAT_SELECT.where(PejabatRow.nip == bindparam("nip"))
_PEJABAT_BY_TELEGRAM = _PEJABAT_SELECT.where(PejabatRow.telegram_user_id == bindparam("tg"))
_PEJABAT_TERTAUT = _PEJABAT_SELECT.where(PejabatRow.telegram_user_id.is_not(None))
_PEJABAT_ID = select(PejabatRow.id).where(PejabatRow.nip == bindparam("nip"))
_NODE_SELECT = (
    select(NodeRow, _INDUK.kode, PerangkatDaerahRow.kode, PejabatRow.nip)
    .outerjoin(_INDUK, NodeRow.induk_id == _INDUK.id)
    .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
    .outerjoin(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
    .where(NodeRow.tahun == bindparam("tahun"))
    .order_by(NodeRow.id)
)
_NODE_BY_KODE = _NODE_SELECT.where(NodeRow.kode == bindparam("kode"))
# PostgreSQL: read and lock the node in one statement (the outer joins' rows are not locked)
_NODE_BY_KODE_KUNCI = _NODE_BY_KODE.with_for_update(of=NodeRow)
_NODE_ID = select(NodeRow.id).where(
    NodeRow.tahun == bindparam("tahun"), NodeRow.kode == bindparam("kode")
)
# a ROPP in one statement: its months, each with its outputs (one row per output, or one without)
_ROPP = (
    select(
        NodeRow.pagu,
        RoppBulanRow.bulan,
        RoppBulanRow.target_bobot,
        RoppBulanRow.anggaran_kas,
        RoppOutputRow.urutan,
        RoppOutputRow.uraian,
        RoppOutputRow.bobot,
        RoppOutputRow.volume,
        RoppOutputRow.satuan,
    )
    .join(NodeRow, RoppBulanRow.node_id == NodeRow.id)
    .outerjoin(
        RoppOutputRow,
        and_(
            RoppOutputRow.node_id == RoppBulanRow.node_id,
            RoppOutputRow.bulan == RoppBulanRow.bulan,
        ),
    )
    .where(NodeRow.tahun == bindparam("tahun"), NodeRow.kode == bindparam("kode"))
    .order_by(RoppBulanRow.bulan, RoppOutputRow.urutan)
)
# A revision's author by NIP only (bulk-loaded rows such as the demo's: ``dibuat_oleh`` holds the
# NIP, no ``dibuat_oleh_id``): the pejabat is found by that NIP, so the page shows "Nama (NIP)"
_PELAPOR_NIP = aliased(PejabatRow, name="pelapor_nip")
_REALISASI_SELECT = (
    select(
        RealisasiRow.id,
        RealisasiRow.bulan,
        RealisasiRow.revisi,
        RealisasiRow.realisasi_bobot,
        RealisasiRow.realisasi_anggaran,
        RealisasiRow.kendala,
        RealisasiRow.tindak_lanjut,
        RealisasiRow.dibuat_oleh,
        RealisasiRow.saluran,
        RealisasiRow.dibuat_pada,
        RealisasiRow.terlambat,
        func.coalesce(PejabatRow.nip, _PELAPOR_NIP.nip),
        func.coalesce(PejabatRow.nama, _PELAPOR_NIP.nama),
        RealisasiOutputRow.urutan,
        RealisasiOutputRow.volume,
    )
    .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
    .outerjoin(PejabatRow, RealisasiRow.dibuat_oleh_id == PejabatRow.id)
    .outerjoin(
        _PELAPOR_NIP,
        and_(RealisasiRow.dibuat_oleh_id.is_(None), _PELAPOR_NIP.nip == RealisasiRow.dibuat_oleh),
    )
    # each revision with its output volumes: one row per volume, or one without
    .outerjoin(RealisasiOutputRow, RealisasiOutputRow.realisasi_id == RealisasiRow.id)
    .where(NodeRow.tahun == bindparam("tahun"), NodeRow.kode == bindparam("kode"))
)
_REALISASI_TERKINI = _REALISASI_SELECT.where(RealisasiRow.terkini.is_(True)).order_by(
    RealisasiRow.bulan, RealisasiOutputRow.urutan
)
_REALISASI_RIWAYAT = _REALISASI_SELECT.where(RealisasiRow.bulan == bindparam("bulan")).order_by(
    RealisasiRow.revisi, RealisasiOutputRow.urutan
)
# The current revision stops being current, and says which it was, in one statement. The row lock
# the UPDATE takes serialises two submissions for the same month on PostgreSQL (after lock_node);
# two first revisions racing both number 1 and the unique key turns the loser into KonflikError.
_BUKAN_TERKINI = (
    update(RealisasiRow)
    .where(
        RealisasiRow.node_id == bindparam("b_node_id"),
        RealisasiRow.bulan == bindparam("b_bulan"),
        RealisasiRow.terkini.is_(True),
    )
    .values(terkini=False)
    .returning(RealisasiRow.revisi)
)
_REALISASI_TABLE = cast(Table, RealisasiRow.__table__)
_TAMBAH_REALISASI = insert(_REALISASI_TABLE).returning(_REALISASI_TABLE.c.id)
_TAMBAH_VOLUME = insert(cast(Table, RealisasiOutputRow.__table__))
_KUNCI_NODE_SQLITE = (
    update(NodeRow)
    .where(NodeRow.tahun == bindparam("k_tahun"), NodeRow.kode == bindparam("k_kode"))
    .values(kode=NodeRow.kode)
)
_KUNCI_NODE = _NODE_ID.with_for_update()
_OVERRIDES = select(
    KalenderOverrideRow.tanggal, KalenderOverrideRow.libur, KalenderOverrideRow.keterangan
).order_by(KalenderOverrideRow.tanggal)
# the calendar's overrides and some years' APBD dates in one statement (every deadline needs both)
_KALENDER_APBD: CompoundSelect[Any] = union_all(
    select(
        literal("o"),
        KalenderOverrideRow.tanggal,
        KalenderOverrideRow.libur,
        KalenderOverrideRow.keterangan,
        cast_(null(), Integer),
        cast_(null(), Date),
        cast_(null(), Date),
    ),
    select(
        literal("a"),
        cast_(null(), Date),
        cast_(null(), Boolean),
        cast_(null(), String),
        ApbdTanggalRow.tahun,
        ApbdTanggalRow.apbd,
        ApbdTanggalRow.apbd_perubahan,
    ).where(ApbdTanggalRow.tahun.in_(bindparam("tahun", expanding=True))),
)
_APBD = select(ApbdTanggalRow.apbd, ApbdTanggalRow.apbd_perubahan).where(
    ApbdTanggalRow.tahun == bindparam("tahun")
)


def _konflik(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn a unique-key race (two revisions numbered alike) into a retryable domain error."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return fn(*args, **kwargs)
        except (IntegrityError, OperationalError) as exc:
            if isinstance(exc, OperationalError) and "locked" not in str(exc.orig):
                raise  # only SQLite's "database is locked" is a race; anything else is a real error
            raise KonflikError(
                "Data yang sama sedang disimpan oleh pengguna lain; silakan coba lagi."
            ) from exc

    return wrapper


class SqlRepository(
    LaporanQueriesMixin,
    ImporQueriesMixin,
    BotQueriesMixin,
    PengingatQueriesMixin,
    KendalaQueriesMixin,
    KirimQueriesMixin,
    AkunQueriesMixin,
    BuktiQueriesMixin,
    AuditQueriesMixin,
):
    def __init__(self, session: Session) -> None:
        self.session = session
        # ids this unit of work has already read (a submission needs the node's and the reporter's)
        self._id_node: dict[tuple[int, str], int] = {}
        self._id_pejabat: dict[str, int] = {}

    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def _inti(self, stmt: Any, params: Any = None) -> Any:
        """Run a column-only statement on the session's connection, skipping the ORM layer (about
        half the cost per statement); pending ORM changes are flushed first, as the ORM would."""
        if self.session.new or self.session.dirty or self.session.deleted:
            self.session.flush()
        return self.session.connection().execute(stmt, params)

    # ------------------------------------------------------------------ PD and pejabat
    def list_pd(self) -> list[PerangkatDaerah]:
        rows = self.session.scalars(select(PerangkatDaerahRow).order_by(PerangkatDaerahRow.kode))
        return [_pd(r) for r in rows]

    def get_pd(self, kode: str) -> PerangkatDaerah | None:
        row = self._pd_row(kode)
        return _pd(row) if row else None

    def _pd_row(self, kode: str) -> PerangkatDaerahRow | None:
        return self.session.scalar(
            select(PerangkatDaerahRow).where(PerangkatDaerahRow.kode == kode)
        )

    def upsert_pd(self, pd: PerangkatDaerah) -> None:
        row = self._pd_row(pd.kode)
        if row is None:
            row = PerangkatDaerahRow(kode=pd.kode)
            self.session.add(row)
        row.nama, row.singkatan, row.kelompok = pd.nama, pd.singkatan, pd.kelompok.value
        self.session.flush()

    def list_pejabat(self, pd_kode: str | None = None) -> list[Pejabat]:
        q = _PEJABAT_SELECT
        if pd_kode is not None:
            q = q.where(PerangkatDaerahRow.kode == pd_kode)
        rows = self.session.execute(q.order_by(PejabatRow.nip))
        return [_pejabat(r, pk, an) for r, pk, an in rows]

    def get_pejabat(self, nip: str) -> Pejabat | None:
        row = self.session.execute(_PEJABAT_BY_NIP, {"nip": nip}).first()
        if row is None:
            return None
        self._id_pejabat[nip] = row[0].id
        return _pejabat(row[0], row[1], row[2])

    def pejabat_by_telegram(self, telegram_user_id: int) -> Pejabat | None:
        row = self.session.execute(_PEJABAT_BY_TELEGRAM, {"tg": telegram_user_id}).first()
        return _pejabat(row[0], row[1], row[2]) if row else None

    def pejabat_tertaut(self) -> dict[int, Pejabat]:
        rows = self.session.execute(_PEJABAT_TERTAUT)
        return {
            r.telegram_user_id: _pejabat(r, pk, an)
            for r, pk, an in rows
            if r.telegram_user_id is not None
        }

    def _pejabat_id(self, nip: str | None) -> int | None:
        if nip is None:
            return None
        if nip in self._id_pejabat:
            return self._id_pejabat[nip]
        return self.session.scalar(_PEJABAT_ID, {"nip": nip})

    def upsert_pejabat(self, pejabat: Pejabat) -> None:
        row = self.session.scalar(select(PejabatRow).where(PejabatRow.nip == pejabat.nip))
        if row is None:
            row = PejabatRow(nip=pejabat.nip)
            self.session.add(row)
        row.nama, row.jabatan, row.eselon = pejabat.nama, pejabat.jabatan, pejabat.eselon
        row.peran = pejabat.peran
        pd_row = self._pd_row(pejabat.pd_kode) if pejabat.pd_kode else None
        row.pd_id = pd_row.id if pd_row else None
        row.atasan_id = self._pejabat_id(pejabat.atasan_nip)
        self.session.flush()

    def set_telegram(self, nip: str, telegram_user_id: int | None) -> None:
        if telegram_user_id is not None:
            self.session.execute(
                update(PejabatRow)
                .where(PejabatRow.telegram_user_id == telegram_user_id)
                .values(telegram_user_id=None)
            )
        self.session.execute(
            update(PejabatRow)
            .where(PejabatRow.nip == nip)
            .values(telegram_user_id=telegram_user_id)
        )

    # ------------------------------------------------------------------ link codes
    def add_link_code(self, code: LinkCode) -> None:
        pid = self._pejabat_id(code.nip)
        assert pid is not None
        self.session.add(
            LinkCodeRow(
                kode=code.kode,
                pejabat_id=pid,
                dibuat_pada=code.dibuat_pada,
                kedaluwarsa_pada=code.kedaluwarsa_pada,
            )
        )
        self.session.flush()

    def get_link_code(self, kode: str) -> LinkCode | None:
        row = self.session.execute(
            select(LinkCodeRow, PejabatRow.nip)
            .join(PejabatRow, LinkCodeRow.pejabat_id == PejabatRow.id)
            .where(LinkCodeRow.kode == kode)
        ).first()
        if row is None:
            return None
        lc, nip = row
        return LinkCode(
            lc.kode,
            nip,
            lc.dibuat_pada,
            lc.kedaluwarsa_pada,
            lc.dipakai_pada,
            lc.dipakai_oleh_telegram_id,
        )

    def use_link_code(self, kode: str, telegram_user_id: int, when: datetime) -> None:
        result = self.session.execute(
            update(LinkCodeRow)
            .where(LinkCodeRow.kode == kode, LinkCodeRow.dipakai_pada.is_(None))
            .values(dipakai_pada=when, dipakai_oleh_telegram_id=telegram_user_id)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise RuntimeError("kode sudah dipakai")

    # ------------------------------------------------------------------ cascade
    def _node_ids(self, tahun: int) -> dict[str, int]:
        return _pairs(
            self.session.execute(select(NodeRow.kode, NodeRow.id).where(NodeRow.tahun == tahun))
        )

    def list_nodes(self, tahun: int) -> list[CascadeNode]:
        return self._load_nodes(tahun, None)

    def get_node(
        self, tahun: int, kode: str, *, indikator: bool = True, kunci: bool = False
    ) -> CascadeNode | None:
        if kunci and self._sqlite():
            self.lock_node(tahun, kode)  # SQLite: the write lock first, then the read
            kunci = False
        nodes = self._load_nodes(tahun, kode, indikator=indikator, kunci=kunci)
        return nodes[0] if nodes else None

    def _load_nodes(
        self, tahun: int, kode: str | None, *, indikator: bool = True, kunci: bool = False
    ) -> list[CascadeNode]:
        if kode is None:
            rows = self.session.execute(_NODE_SELECT, {"tahun": tahun}).all()
        else:
            stmt = _NODE_BY_KODE_KUNCI if kunci else _NODE_BY_KODE
            rows = self.session.execute(stmt, {"tahun": tahun, "kode": kode}).all()
        ids = [r[0].id for r in rows]
        for n, _ik, _pk, nip in rows:
            self._id_node[(tahun, n.kode)] = n.id
            if nip is not None and n.penanggung_jawab_id is not None:  # a submission needs it
                self._id_pejabat[nip] = n.penanggung_jawab_id
        indikator_node = self._indikator_for(ids) if indikator else {}
        return [
            CascadeNode(
                kode=n.kode,
                tingkat=Tingkat(n.tingkat),
                nama=n.nama,
                induk_kode=ik,
                pd_kode=pk,
                bobot_relatif=n.bobot_relatif,
                pagu=n.pagu,
                penanggung_jawab_nip=nip,
                indikator=tuple(indikator_node.get(n.id, ())),
            )
            for n, ik, pk, nip in rows
        ]

    def _indikator_for(self, node_ids: list[int]) -> dict[int, list[Indikator]]:
        if not node_ids:
            return {}
        out: dict[int, list[Indikator]] = defaultdict(list)
        anak: dict[int, list[str]] = defaultdict(list)
        for ind_id, kode in self.session.execute(
            select(IndikatorAnakRow.indikator_id, NodeRow.kode)
            .join(NodeRow, IndikatorAnakRow.node_id == NodeRow.id)
            .join(IndikatorRow, IndikatorAnakRow.indikator_id == IndikatorRow.id)
            .where(IndikatorRow.node_id.in_(node_ids))
            .order_by(NodeRow.kode)
        ):
            anak[ind_id].append(kode)
        for ind, nip in self.session.execute(
            select(IndikatorRow, PejabatRow.nip)
            .outerjoin(PejabatRow, IndikatorRow.penanggung_jawab_id == PejabatRow.id)
            .where(IndikatorRow.node_id.in_(node_ids))
            .order_by(IndikatorRow.node_id, IndikatorRow.urutan)
        ):
            out[ind.node_id].append(
                Indikator(
                    uraian=ind.uraian,
                    satuan=ind.satuan,
                    target_tahunan=ind.target_tahunan,
                    arah=Arah(ind.arah),
                    penanggung_jawab_nip=nip,
                    kode=ind.kode,
                    anak_kode=tuple(anak.get(ind.id, ())),
                    target_triwulan=_target_triwulan(ind),
                )
            )
        return out

    def upsert_nodes(self, tahun: int, nodes: Sequence[CascadeNode]) -> None:
        """Insert or update nodes by (tahun, kode). Parents must come before children or exist."""
        ids = self._node_ids(tahun)
        pd_ids = _pairs(
            self.session.execute(select(PerangkatDaerahRow.kode, PerangkatDaerahRow.id))
        )
        nip_ids = _pairs(self.session.execute(select(PejabatRow.nip, PejabatRow.id)))
        pending: list[CascadeNode] = list(nodes)
        rows: dict[str, NodeRow] = {}
        existing = (
            {
                r.kode: r
                for r in self.session.scalars(
                    select(NodeRow).where(
                        NodeRow.tahun == tahun, NodeRow.kode.in_([n.kode for n in nodes])
                    )
                )
            }
            if nodes
            else {}
        )
        # level by level, so that every parent has its id before its children are written
        by_level: dict[Tingkat, list[CascadeNode]] = defaultdict(list)
        for n in pending:
            by_level[n.tingkat].append(n)
        for tingkat in Tingkat:
            for n in by_level.get(tingkat, ()):
                row = existing.get(n.kode)
                if row is None:
                    row = NodeRow(tahun=tahun, kode=n.kode)
                    self.session.add(row)
                row.tingkat = n.tingkat.value
                row.nama = n.nama
                row.pd_id = pd_ids.get(n.pd_kode) if n.pd_kode else None
                row.bobot_relatif = n.bobot_relatif
                row.pagu = n.pagu
                row.penanggung_jawab_id = (
                    nip_ids.get(n.penanggung_jawab_nip) if n.penanggung_jawab_nip else None
                )
                if n.induk_kode:
                    parent = rows.get(n.induk_kode)
                    row.induk_id = parent.id if parent is not None else ids[n.induk_kode]
                else:
                    row.induk_id = None
                rows[n.kode] = row
            self.session.flush()
        self.session.flush()
        ids.update({k: r.id for k, r in rows.items()})
        # indicators: update in place by (node, urutan) so their stored realisasi survive a rename;
        # only indicators beyond the new count are removed
        node_ids = [rows[n.kode].id for n in pending]
        existing_ind: dict[tuple[int, int], IndikatorRow] = {}
        if node_ids:
            existing_ind = {
                (r.node_id, r.urutan): r
                for r in self.session.scalars(
                    select(IndikatorRow).where(IndikatorRow.node_id.in_(node_ids))
                )
            }
        keep: set[tuple[int, int]] = set()
        grouped: list[tuple[IndikatorRow, tuple[str, ...]]] = []
        for n in pending:
            node_id = rows[n.kode].id
            for urutan, ind in enumerate(n.indikator, start=1):
                irow = existing_ind.get((node_id, urutan))
                if irow is None:
                    irow = IndikatorRow(node_id=node_id, urutan=urutan)
                    self.session.add(irow)
                irow.kode = ind.kode
                irow.uraian = ind.uraian
                irow.satuan = ind.satuan
                irow.target_tahunan = ind.target_tahunan
                (irow.target_tw1, irow.target_tw2, irow.target_tw3, irow.target_tw4) = (
                    ind.target_triwulan
                )
                irow.arah = ind.arah.value
                irow.penanggung_jawab_id = (
                    nip_ids.get(ind.penanggung_jawab_nip) if ind.penanggung_jawab_nip else None
                )
                keep.add((node_id, urutan))
                grouped.append((irow, ind.anak_kode))
        for key, irow in existing_ind.items():
            if key not in keep:
                self.session.delete(irow)
        self.session.flush()
        touched = [irow.id for irow, _ in grouped]
        if touched:
            self.session.execute(
                delete(IndikatorAnakRow).where(IndikatorAnakRow.indikator_id.in_(touched))
            )
        for irow, anak_kode in grouped:
            for k in anak_kode:
                self.session.add(IndikatorAnakRow(indikator_id=irow.id, node_id=ids[k]))
        self.session.flush()

    def list_indikator(self, tahun: int, node_kode: str | None = None) -> list[IndikatorRef]:
        q = (
            select(IndikatorRow, NodeRow.kode)
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun)
            .order_by(NodeRow.kode, IndikatorRow.urutan)
        )
        if node_kode is not None:
            q = q.where(NodeRow.kode == node_kode)
        return [
            IndikatorRef(
                i.id, k, i.urutan, i.uraian, i.satuan, i.target_tahunan, i.arah, _target_triwulan(i)
            )
            for i, k in self.session.execute(q)
        ]

    # ------------------------------------------------------------------ ROPP
    def get_ropp(self, tahun: int, kode: str) -> Ropp | None:
        rows = self._inti(_ROPP, {"tahun": tahun, "kode": kode}).all()
        if not rows:  # no such node, or no ROPP for it
            return None
        months: dict[int, tuple[Decimal, Decimal]] = {}
        outputs: dict[int, list[OutputRopp]] = defaultdict(list)
        for _pagu, bulan, target, kas, urutan, uraian, bobot, volume, satuan in rows:
            months[bulan] = (target, kas)
            if urutan is not None:  # None: the outer join's row of a month without outputs
                outputs[bulan].append(OutputRopp(uraian, bobot, volume, satuan))
        return Ropp(
            sub_kegiatan_kode=kode,
            tahun=tahun,
            bulan=tuple(
                RencanaBulan(bulan, target, kas, tuple(outputs.get(bulan, ())))
                for bulan, (target, kas) in months.items()
            ),
            pagu=rows[0][0],
        )

    def save_ropp(self, ropp: Ropp) -> None:
        node_id = self._node_ids_for(ropp.tahun, [ropp.sub_kegiatan_kode])[ropp.sub_kegiatan_kode]
        self.session.execute(delete(RoppOutputRow).where(RoppOutputRow.node_id == node_id))
        self.session.execute(delete(RoppBulanRow).where(RoppBulanRow.node_id == node_id))
        for r in ropp.bulan:
            self.session.add(
                RoppBulanRow(
                    node_id=node_id,
                    bulan=r.bulan,
                    target_bobot=r.target_bobot,
                    anggaran_kas=r.anggaran_kas,
                )
            )
            for urutan, o in enumerate(r.outputs, start=1):
                self.session.add(
                    RoppOutputRow(
                        node_id=node_id,
                        bulan=r.bulan,
                        urutan=urutan,
                        uraian=o.uraian,
                        bobot=o.bobot,
                        volume=o.volume,
                        satuan=o.satuan,
                    )
                )
        self.session.flush()

    def _node_ids_for(self, tahun: int, kode: Iterable[str]) -> dict[str, int]:
        return _pairs(
            self.session.execute(
                select(NodeRow.kode, NodeRow.id).where(
                    NodeRow.tahun == tahun, NodeRow.kode.in_(list(kode))
                )
            )
        )

    # ------------------------------------------------------------------ realisasi
    def lock_node(self, tahun: int, kode: str) -> None:
        """Serialise writers of one node's realisasi for the rest of this transaction.

        PostgreSQL: a row lock (SELECT ... FOR UPDATE). SQLite: a no-op UPDATE as the transaction's
        first statement takes the database write lock before anything is read, so the reads that follow
        see the latest committed revision.
        """
        if self._sqlite():
            self._inti(_KUNCI_NODE_SQLITE, {"k_tahun": tahun, "k_kode": kode})
        else:
            self._inti(_KUNCI_NODE, {"tahun": tahun, "kode": kode})

    def _realisasi_dari(
        self, tahun: int, kode: str, rows: Sequence[Any]
    ) -> list[RealisasiTersimpan]:
        """Rows of ``_REALISASI_SELECT`` (one per output volume, or one without) -> revisions."""
        revisi_rows: dict[int, Any] = {}
        volumes: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for r in rows:
            revisi_rows.setdefault(r[0], r)
            if r[13] is not None:  # urutan; None: a revision without output volumes
                volumes[r[0]][r[13]] = r[14]
        return [
            RealisasiTersimpan(
                sub_kegiatan_kode=kode,
                tahun=tahun,
                bulan=bulan,
                revisi=revisi,
                realisasi_bobot=bobot,
                realisasi_anggaran=anggaran,
                volume_output=volumes.get(rid, {}),
                kendala=kendala,
                tindak_lanjut=tindak_lanjut,
                dibuat_oleh=label_pelapor(dibuat_oleh, nama, nip),
                saluran=Saluran(saluran),
                dibuat_pada=dibuat_pada,
                terlambat=terlambat,
            )
            for (
                rid,
                bulan,
                revisi,
                bobot,
                anggaran,
                kendala,
                tindak_lanjut,
                dibuat_oleh,
                saluran,
                dibuat_pada,
                terlambat,
                nip,
                nama,
                _urutan,
                _volume,
            ) in revisi_rows.values()
        ]

    def latest_realisasi(self, tahun: int, kode: str) -> dict[int, RealisasiTersimpan]:
        rows = self._inti(_REALISASI_TERKINI, {"tahun": tahun, "kode": kode}).all()
        return {r.bulan: r for r in self._realisasi_dari(tahun, kode, rows)}

    def realisasi_history(self, tahun: int, kode: str, bulan: int) -> list[RealisasiTersimpan]:
        rows = self._inti(_REALISASI_RIWAYAT, {"tahun": tahun, "kode": kode, "bulan": bulan}).all()
        return self._realisasi_dari(tahun, kode, rows)

    @_konflik
    def add_realisasi(
        self,
        data: RealisasiInput,
        dibuat_oleh_nip: str | None,
        dibuat_oleh: str | None,
        saluran: Saluran,
        dibuat_pada: datetime,
        terlambat: bool,
        alasan_koreksi: str | None = None,
    ) -> RealisasiTersimpan:
        node_id = (
            self._id_node.get((data.tahun, data.sub_kegiatan_kode))
            or self._inti(_NODE_ID, {"tahun": data.tahun, "kode": data.sub_kegiatan_kode}).scalar()
        )
        if node_id is None:
            raise KeyError(data.sub_kegiatan_kode)
        current = self._inti(_BUKAN_TERKINI, {"b_node_id": node_id, "b_bulan": data.bulan}).first()
        revisi = 1 if current is None else current[0] + 1
        rid: int = self._inti(
            _TAMBAH_REALISASI,
            {
                "node_id": node_id,
                "bulan": data.bulan,
                "revisi": revisi,
                "terkini": True,
                "realisasi_bobot": data.realisasi_bobot,
                "realisasi_anggaran": data.realisasi_anggaran,
                "kendala": data.kendala,
                "tindak_lanjut": data.tindak_lanjut,
                "dibuat_oleh_id": self._pejabat_id(dibuat_oleh_nip),
                "dibuat_oleh": dibuat_oleh or dibuat_oleh_nip,
                "saluran": saluran.value,
                "dibuat_pada": dibuat_pada,
                "terlambat": terlambat,
                "alasan_koreksi": alasan_koreksi,
            },
        ).scalar_one()
        volume = dict(sorted(data.volume_output.items()))
        if volume:
            self._inti(
                _TAMBAH_VOLUME,
                [{"realisasi_id": rid, "urutan": u, "volume": v} for u, v in volume.items()],
            )
        return RealisasiTersimpan(
            sub_kegiatan_kode=data.sub_kegiatan_kode,
            tahun=data.tahun,
            bulan=data.bulan,
            revisi=revisi,
            realisasi_bobot=data.realisasi_bobot,
            realisasi_anggaran=data.realisasi_anggaran,
            volume_output=volume,
            kendala=data.kendala,
            tindak_lanjut=data.tindak_lanjut,
            dibuat_oleh=dibuat_oleh or dibuat_oleh_nip,
            saluran=saluran,
            dibuat_pada=dibuat_pada,
            terlambat=terlambat,
        )

    @_konflik
    def add_realisasi_indikator(
        self,
        indikator_id: int,
        periode: str,
        nilai: Decimal,
        kendala: str | None,
        tindak_lanjut: str | None,
        dibuat_oleh_nip: str | None,
        dibuat_oleh: str | None,
        saluran: Saluran,
        dibuat_pada: datetime,
        terlambat: bool,
    ) -> RealisasiIndikator:
        current = self.session.scalar(
            select(RealisasiIndikatorRow)
            .where(
                RealisasiIndikatorRow.indikator_id == indikator_id,
                RealisasiIndikatorRow.periode == periode,
                RealisasiIndikatorRow.terkini.is_(True),
            )
            .with_for_update()
        )
        revisi = 1
        if current is not None:
            revisi = current.revisi + 1
            current.terkini = False
            self.session.flush()
        row = RealisasiIndikatorRow(
            indikator_id=indikator_id,
            periode=periode,
            revisi=revisi,
            terkini=True,
            nilai=nilai,
            kendala=kendala,
            tindak_lanjut=tindak_lanjut,
            dibuat_oleh_id=self._pejabat_id(dibuat_oleh_nip),
            dibuat_oleh=dibuat_oleh or dibuat_oleh_nip,
            saluran=saluran.value,
            dibuat_pada=dibuat_pada,
            terlambat=terlambat,
        )
        self.session.add(row)
        self.session.flush()
        return _realisasi_indikator(row)

    def latest_realisasi_indikator(
        self, indikator_ids: Iterable[int], periode: str
    ) -> dict[int, RealisasiIndikator]:
        rows = self.session.scalars(
            select(RealisasiIndikatorRow).where(
                RealisasiIndikatorRow.indikator_id.in_(list(indikator_ids)),
                RealisasiIndikatorRow.periode == periode,
                RealisasiIndikatorRow.terkini.is_(True),
            )
        )
        return {r.indikator_id: _realisasi_indikator(r) for r in rows}

    # ------------------------------------------------------------------ capaian bulk read
    def capaian_rows(self, tahun: int, bulan: Iterable[int]) -> CapaianRows:
        # One query shaped like the rows themselves: every node, its ROPP months of the period and
        # their current realisasi (LEFT JOINs), in node order; then the indicator groups and the PD
        # names. On SQLite and PostgreSQL they run as cached SQL text on the session's own DBAPI
        # connection (same transaction) and the rows are taken as the driver's plain tuples: no
        # statement building, no Row objects, no per-value type processing (the hot path of the
        # province tree).
        conn = self.session.connection()
        dialect = conn.dialect
        months = tuple(sorted({int(m) for m in bulan}))
        baris: Sequence[BarisPohon]
        anak_rows: Sequence[Any]
        pd_rows: Sequence[Any]
        if dialect.name in ("sqlite", "postgresql"):
            sql_baris, sql_anak, sql_pd = _capaian_sql(dialect, int(tahun), months)
            cursor = conn.connection.cursor()
            try:
                cursor.execute(sql_baris)
                mentah: Sequence[Any] = cursor.fetchall()
                cursor.execute(sql_anak)
                anak_rows = cursor.fetchall()
                cursor.execute(sql_pd)
                pd_rows = cursor.fetchall()
            finally:
                cursor.close()
            if dialect.name == "sqlite":
                # DecimalType's canonical text: Decimal(text), except that text ending in "0" is
                # trimmed first as DecimalType does, so the values and their representation are
                # exactly those of any other read.
                D, bersih = Decimal, _desimal_sqlite
                baris = [
                    (
                        k,
                        t,
                        n,
                        i,
                        p,
                        D(w) if w[-1] != "0" else bersih(w),
                        m,
                        None if b is None else D(b) if b[-1] != "0" else bersih(b),
                        None if a is None else D(a) if a[-1] != "0" else bersih(a),
                        None if rb is None else D(rb) if rb[-1] != "0" else bersih(rb),
                        None if ra is None else D(ra) if ra[-1] != "0" else bersih(ra),
                    )
                    for k, t, n, i, p, w, m, b, a, rb, ra in mentah
                ]
            else:
                baris = mentah  # psycopg: Decimal already, trimmed by trim_scale()
        else:
            # another backend: the same statements through the column types (DecimalType)
            typed: Any = conn.execute(_capaian_select(tahun, months, _sama))
            baris = [tuple(r) for r in typed]
            anak_rows = list(conn.execute(_indikator_anak_select(tahun, dialect.name)))
            pd_rows = list(conn.execute(select(PerangkatDaerahRow.kode, PerangkatDaerahRow.nama)))
        grouped: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
        per_ind: dict[tuple[str, int, str], list[str]] = defaultdict(list)
        for node_kode, urutan, uraian, anak_kode in anak_rows:
            per_ind[(node_kode, urutan, uraian)].append(anak_kode)
        for (node_kode, urutan, uraian), anak in sorted(per_ind.items()):
            grouped[node_kode].append((f"{node_kode}#{urutan}", uraian, sorted(anak)))
        return CapaianRows(baris, grouped, _pairs(pd_rows))

    # ------------------------------------------------------------------ calendar
    def list_overrides(self) -> list[HolidayOverride]:
        return [
            HolidayOverride(t, libur, ket) for t, libur, ket in self.session.execute(_OVERRIDES)
        ]

    def set_override(self, override: HolidayOverride) -> None:
        row = self.session.scalar(
            select(KalenderOverrideRow).where(KalenderOverrideRow.tanggal == override.tanggal)
        )
        if row is None:
            row = KalenderOverrideRow(tanggal=override.tanggal)
            self.session.add(row)
        row.libur, row.keterangan = override.libur, override.keterangan
        self.session.flush()

    def delete_override(self, tanggal: date) -> bool:
        result = self.session.execute(
            delete(KalenderOverrideRow).where(KalenderOverrideRow.tanggal == tanggal)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def kalender_apbd(
        self, tahun: Iterable[int]
    ) -> tuple[list[HolidayOverride], dict[int, ApbdDates]]:
        overrides: list[HolidayOverride] = []
        apbd: dict[int, ApbdDates] = {}
        for jenis, tanggal, libur, ket, t, a, ap in self._inti(
            _KALENDER_APBD, {"tahun": list(tahun)}
        ):
            if jenis == "o":
                overrides.append(HolidayOverride(tanggal, libur, ket))
            else:
                apbd[t] = ApbdDates(t, a, ap)
        overrides.sort(key=lambda o: o.tanggal)
        return overrides, apbd

    def get_apbd(self, tahun: int) -> ApbdDates | None:
        row = self._inti(_APBD, {"tahun": tahun}).first()
        return ApbdDates(tahun, row[0], row[1]) if row else None

    def set_apbd(self, apbd: ApbdDates) -> None:
        row = self.session.get(ApbdTanggalRow, apbd.tahun)
        if row is None:
            row = ApbdTanggalRow(tahun=apbd.tahun)
            self.session.add(row)
        row.apbd, row.apbd_perubahan = apbd.apbd, apbd.apbd_perubahan
        self.session.flush()


def _pd(r: PerangkatDaerahRow) -> PerangkatDaerah:
    return PerangkatDaerah(r.kode, r.nama, r.singkatan, Kelompok(r.kelompok))


def _pejabat(r: PejabatRow, pd_kode: str | None, atasan_nip: str | None) -> Pejabat:
    return Pejabat(r.nip, r.nama, r.jabatan, r.eselon, pd_kode, atasan_nip, r.peran)


def _realisasi_indikator(r: RealisasiIndikatorRow) -> RealisasiIndikator:
    return RealisasiIndikator(
        indikator_id=r.indikator_id,
        periode=r.periode,
        revisi=r.revisi,
        nilai=r.nilai,
        kendala=r.kendala,
        tindak_lanjut=r.tindak_lanjut,
        dibuat_oleh=r.dibuat_oleh,
        saluran=Saluran(r.saluran),
        dibuat_pada=r.dibuat_pada,
        terlambat=r.terlambat,
    )


def _target_triwulan(r: IndikatorRow) -> TargetTriwulan:
    return (r.target_tw1, r.target_tw2, r.target_tw3, r.target_tw4)


def _pairs(result: Iterable[Any]) -> dict[Any, Any]:
    """A dict from a two-column result (``dict(result)`` would treat the Result as a mapping)."""
    return {a: b for a, b in result}


def _capaian_select(
    tahun: int, months: Sequence[int], desimal: Callable[[Any], Any]
) -> Select[Any]:
    """The rows of :class:`CapaianRows`; ``desimal`` wraps every decimal column."""
    induk = aliased(NodeRow)
    return (
        select(
            NodeRow.kode,
            NodeRow.tingkat,
            NodeRow.nama,
            induk.kode,
            PerangkatDaerahRow.kode,
            desimal(NodeRow.bobot_relatif),
            RoppBulanRow.bulan,
            desimal(RoppBulanRow.target_bobot),
            desimal(RoppBulanRow.anggaran_kas),
            desimal(RealisasiRow.realisasi_bobot),
            desimal(RealisasiRow.realisasi_anggaran),
        )
        .outerjoin(induk, NodeRow.induk_id == induk.id)
        .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
        .outerjoin(
            RoppBulanRow,
            and_(RoppBulanRow.node_id == NodeRow.id, RoppBulanRow.bulan.in_(months)),
        )
        .outerjoin(
            RealisasiRow,
            and_(
                RealisasiRow.node_id == RoppBulanRow.node_id,
                RealisasiRow.bulan == RoppBulanRow.bulan,
                RealisasiRow.terkini.is_(True),
            ),
        )
        .where(NodeRow.tahun == tahun)
        .order_by(NodeRow.id, RoppBulanRow.bulan)
    )


def _indikator_anak_select(tahun: int, dialect_name: str) -> Select[str, int, str, str]:
    """(node kode, indicator urutan, uraian, child kode) of every indicator that names children."""
    parent = aliased(NodeRow)
    child = aliased(NodeRow)
    # SQLite (no ANALYZE statistics) would otherwise start from every node of the year and probe
    # its indicators; "+ 0" keeps it on the few indikator_anak rows (4x faster).
    sama_tahun = parent.tahun + 0 == tahun if dialect_name == "sqlite" else parent.tahun == tahun
    return (
        select(parent.kode, IndikatorRow.urutan, IndikatorRow.uraian, child.kode)
        .select_from(IndikatorAnakRow)
        .join(IndikatorRow, IndikatorAnakRow.indikator_id == IndikatorRow.id)
        .join(parent, IndikatorRow.node_id == parent.id)
        .join(child, IndikatorAnakRow.node_id == child.id)
        .where(sama_tahun)
    )


@functools.lru_cache(maxsize=64)
def _capaian_sql(dialect: Dialect, tahun: int, months: tuple[int, ...]) -> tuple[str, str, str]:
    """The three statements of ``capaian_rows`` as SQL text for the DBAPI cursor (the year and the
    months are ints, rendered inline). On PostgreSQL ``trim_scale`` (PostgreSQL 13+) drops the
    trailing zeros of NUMERIC(24, 6) on the server, so psycopg returns the same Decimal as
    ``DecimalType``."""
    desimal: Callable[[Any], Any] = func.trim_scale if dialect.name == "postgresql" else _sama
    stmts = (
        _capaian_select(tahun, months, desimal),
        _indikator_anak_select(tahun, dialect.name),
        select(PerangkatDaerahRow.kode, PerangkatDaerahRow.nama),
    )
    sql = [str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True})) for q in stmts]
    return sql[0], sql[1], sql[2]


def _sama(c: Any) -> Any:
    return c


def _desimal_sqlite(teks: str) -> Decimal:
    """``DecimalType.process_result_value`` for SQLite's text, inlined for the hot path."""
    if "e" in teks or "E" in teks:
        return clean_decimal(Decimal(teks))
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return Decimal(teks)
