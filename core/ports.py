"""Narrow interfaces between the use cases and persistence (implemented in core.persistence)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Protocol, Self

from core.cascade import (
    TANPA_TARGET_TRIWULAN,
    CascadeNode,
    Pejabat,
    PerangkatDaerah,
    Saluran,
    TargetTriwulan,
)
from core.deadlines import ApbdDates
from core.holiday_source import HolidayOverride
from core.ports_akun import AkunQueries
from core.ports_audit import AuditQueries
from core.ports_bot import BotQueries
from core.ports_bukti import BuktiQueries
from core.ports_impor import ImporQueries
from core.ports_kendala import KendalaQueries
from core.ports_kirim import KirimQueries
from core.ports_laporan import LaporanQueries
from core.ports_pengingat import PengingatQueries
from core.realisasi import RealisasiInput, RealisasiTersimpan
from core.rollup import BarisPohon
from core.ropp import Ropp


@dataclass(frozen=True)
class LinkCode:
    kode: str
    nip: str
    dibuat_pada: datetime
    kedaluwarsa_pada: datetime
    dipakai_pada: datetime | None
    #: the Telegram account that used the code (None while unused)
    dipakai_oleh_telegram_id: int | None = None


@dataclass(frozen=True)
class RealisasiIndikator:
    indikator_id: int
    periode: str
    revisi: int
    nilai: Decimal
    kendala: str | None
    tindak_lanjut: str | None
    dibuat_oleh: str | None
    saluran: Saluran
    dibuat_pada: datetime
    terlambat: bool


@dataclass(frozen=True)
class IndikatorRef:
    id: int
    node_kode: str
    urutan: int
    uraian: str
    satuan: str
    target_tahunan: Decimal | None
    arah: str
    target_triwulan: TargetTriwulan = TANPA_TARGET_TRIWULAN  # Tw I..IV, None: not set


@dataclass(frozen=True)
class CapaianRows:
    """Everything the province capaian tree needs for one year and a set of months.

    ``baris``: the stored rows as they are (:data:`core.rollup.BarisPohon`): every node of the year
    (kode, tingkat, nama, induk_kode, pd_kode, bobot_relatif) joined with its ROPP months of the
    period (bulan, target bobot, anggaran kas) and their current realisasi (realisasi bobot,
    realisasi anggaran): one row per node without a plan in the period, otherwise one per planned
    month; ordered by node (its rows together, nodes in a stable order). Decimals are exact, in the
    repository's canonical form (no trailing zeros).
    ``indikator_anak``: node kode -> list of (indikator label, uraian, child codes) for grouped
    roll-ups.
    """

    baris: Sequence[BarisPohon]
    indikator_anak: Mapping[str, Sequence[tuple[str, str, Sequence[str]]]]
    pd_nama: Mapping[str, str]

    # Views for other readers, derived from ``baris`` when asked for (the tree does not use them).
    @property
    def nodes(self) -> list[tuple[str, str, str, str | None, str | None, Decimal]]:
        """(kode, tingkat, nama, induk_kode, pd_kode, bobot_relatif) for every node of the year."""
        out: list[tuple[str, str, str, str | None, str | None, Decimal]] = []
        terakhir = None
        for kode, tingkat, nama, induk, pd, bobot, *_ in self.baris:
            if kode != terakhir:
                out.append((kode, tingkat, nama, induk, pd, bobot))
                terakhir = kode
        return out

    @property
    def rencana(self) -> dict[str, dict[int, tuple[Decimal, Decimal]]]:
        """kode -> month -> (target bobot, anggaran kas), for the planned months."""
        out: dict[str, dict[int, tuple[Decimal, Decimal]]] = {}
        for kode, *_, bulan, bobot, anggaran, _rb, _ra in self.baris:
            if bulan is not None and bobot is not None and anggaran is not None:
                out.setdefault(kode, {})[bulan] = (bobot, anggaran)
        return out

    @property
    def realisasi(self) -> dict[str, dict[int, tuple[Decimal, Decimal]]]:
        """kode -> month -> (realisasi bobot, realisasi anggaran), for the reported months."""
        out: dict[str, dict[int, tuple[Decimal, Decimal]]] = {}
        for kode, *_, bulan, _b, _a, bobot, anggaran in self.baris:
            if bulan is not None and bobot is not None and anggaran is not None:
                out.setdefault(kode, {})[bulan] = (bobot, anggaran)
        return out


class Repository(
    LaporanQueries,
    ImporQueries,
    BotQueries,
    PengingatQueries,
    KendalaQueries,
    KirimQueries,
    AkunQueries,
    BuktiQueries,
    AuditQueries,
    Protocol,
):
    # Perangkat Daerah and pejabat
    def list_pd(self) -> list[PerangkatDaerah]: ...
    def get_pd(self, kode: str) -> PerangkatDaerah | None: ...
    def upsert_pd(self, pd: PerangkatDaerah) -> None: ...
    def list_pejabat(self, pd_kode: str | None = None) -> list[Pejabat]: ...
    def get_pejabat(self, nip: str) -> Pejabat | None: ...
    def upsert_pejabat(self, pejabat: Pejabat) -> None: ...
    def pejabat_by_telegram(self, telegram_user_id: int) -> Pejabat | None: ...
    def set_telegram(self, nip: str, telegram_user_id: int | None) -> None: ...

    # link codes
    def add_link_code(self, code: LinkCode) -> None: ...
    def get_link_code(self, kode: str) -> LinkCode | None: ...
    def use_link_code(self, kode: str, telegram_user_id: int, when: datetime) -> None: ...

    # cascade and ROPP
    def list_nodes(self, tahun: int) -> list[CascadeNode]: ...
    def get_node(
        self, tahun: int, kode: str, *, indikator: bool = True, kunci: bool = False
    ) -> CascadeNode | None:
        """One node; ``indikator=False`` leaves its indicators out (one query instead of three);
        ``kunci=True`` also takes :meth:`lock_node`'s lock (in the same statement on PostgreSQL)."""
        ...

    def upsert_nodes(self, tahun: int, nodes: Sequence[CascadeNode]) -> None: ...
    def get_ropp(self, tahun: int, kode: str) -> Ropp | None: ...
    def save_ropp(self, ropp: Ropp) -> None: ...
    def list_indikator(self, tahun: int, node_kode: str | None = None) -> list[IndikatorRef]: ...

    # realisasi
    def lock_node(self, tahun: int, kode: str) -> None: ...
    def latest_realisasi(self, tahun: int, kode: str) -> dict[int, RealisasiTersimpan]: ...
    def realisasi_history(self, tahun: int, kode: str, bulan: int) -> list[RealisasiTersimpan]: ...
    def add_realisasi(
        self,
        data: RealisasiInput,
        dibuat_oleh_nip: str | None,
        dibuat_oleh: str | None,
        saluran: Saluran,
        dibuat_pada: datetime,
        terlambat: bool,
        alasan_koreksi: str | None = None,
    ) -> RealisasiTersimpan: ...
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
    ) -> RealisasiIndikator: ...
    def latest_realisasi_indikator(
        self, indikator_ids: Iterable[int], periode: str
    ) -> dict[int, RealisasiIndikator]: ...

    # bulk read for capaian
    def capaian_rows(self, tahun: int, bulan: Iterable[int]) -> CapaianRows: ...

    # calendar
    def list_overrides(self) -> list[HolidayOverride]: ...
    def set_override(self, override: HolidayOverride) -> None: ...
    def delete_override(self, tanggal: date) -> bool: ...
    def get_apbd(self, tahun: int) -> ApbdDates | None: ...
    def kalender_apbd(
        self, tahun: Iterable[int]
    ) -> tuple[list[HolidayOverride], dict[int, ApbdDates]]:
        """:meth:`list_overrides` and the stored :meth:`get_apbd` of these years, in one read."""
        ...

    def set_apbd(self, apbd: ApbdDates) -> None: ...


class UnitOfWork(Protocol):
    repo: Repository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
