"""Repository queries for kendala (obstacles escalated to Bappeda), their message threads, Bappeda's Telegram group and bukti dukung (issue 4).

Implemented in core/persistence/kendala_queries.py and mixed into SqlRepository. Every method name
starts with ``kendala_`` or ``grup_`` so the mixins of SqlRepository never collide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from core.kendala import Dari, Kendala, PesanKendala, StatusKendala


@dataclass(frozen=True, slots=True)
class GrupTelegram:
    """A registered Telegram group (``peran`` 'bappeda': receives the kendala)."""

    chat_id: int
    peran: str
    judul: str | None
    didaftarkan_oleh_nip: str | None
    didaftarkan_pada: datetime


@dataclass(frozen=True, slots=True)
class KendalaInput:
    """A new kendala as stored (pd/pelapor/node by their keys; ``node_tahun`` with ``node_kode``)."""

    uraian: str
    saluran: str
    dibuat_pada: datetime
    pelapor_nip: str | None
    pd_kode: str | None = None
    node_tahun: int | None = None
    node_kode: str | None = None
    realisasi_id: int | None = None
    periode: str | None = None


@dataclass(frozen=True, slots=True)
class RealisasiKendala:
    """The latest revision of one sub kegiatan month, as the escalation needs it."""

    realisasi_id: int
    revisi: int
    kendala: str | None
    penanggung_jawab_nip: str | None
    pd_kode: str | None


@dataclass(frozen=True, slots=True)
class FilterKendala:
    status: StatusKendala | None = None
    pd_kode: str | None = None
    pelapor_nip: str | None = None


class KendalaQueries(Protocol):
    """Queries for kendala (obstacles escalated to Bappeda), their message threads, Bappeda's Telegram group and bukti dukung (issue 4)."""

    # Telegram groups
    def grup_simpan(
        self, chat_id: int, peran: str, judul: str | None, oleh_nip: str | None, pada: datetime
    ) -> GrupTelegram:
        """Insert or update the group; any other group with the same ``peran`` is removed."""
        ...

    def grup_dengan_peran(self, peran: str) -> GrupTelegram | None: ...

    # kendala
    def kendala_tambah(self, data: KendalaInput) -> Kendala: ...

    def kendala_get(self, kendala_id: int) -> Kendala | None: ...

    def kendala_kunci(self, kendala_id: int) -> None:
        """Serialise writers of one kendala for the rest of this transaction."""
        ...

    def kendala_ubah_status(
        self,
        kendala_id: int,
        status: StatusKendala,
        ditanggapi_pada: datetime | None,
        selesai_pada: datetime | None,
        batas_tindak_lanjut: date | None,
    ) -> None: ...

    def kendala_catat_posting(self, kendala_id: int, chat_id: int, message_id: int) -> None: ...

    def kendala_daftar(
        self, filter: FilterKendala, offset: int, limit: int
    ) -> tuple[list[Kendala], int]:
        """Newest first; the page and the total count of the filter."""
        ...

    def kendala_belum_diposting(self) -> list[Kendala]:
        """Open kendala without a post in the Bappeda group, oldest first."""
        ...

    def kendala_by_realisasi(self, realisasi_id: int) -> Kendala | None: ...

    def kendala_realisasi_terkini(
        self, tahun: int, kode: str, bulan: int
    ) -> RealisasiKendala | None: ...

    # thread
    def kendala_tambah_pesan(
        self,
        kendala_id: int,
        dari: Dari,
        isi: str,
        saluran: str,
        dibuat_pada: datetime,
        nama: str | None = None,
        telegram_user_id: int | None = None,
        akun_id: int | None = None,
    ) -> PesanKendala: ...

    def kendala_pesan(self, kendala_id: int) -> list[PesanKendala]:
        """The thread, oldest first."""
        ...

    # outbox (pesan_keluar, delivered by the reminder sender)
    def kendala_antre_pesan(
        self,
        kunci: str,
        penerima: str,
        chat_id: int | None,
        teks: str,
        tombol: Sequence[Sequence[dict[str, str]]] | None,
        dibuat_pada: datetime,
    ) -> int | None:
        """Queue one message (jenis 'kendala', status 'antri'); None when ``kunci`` already exists."""
        ...
