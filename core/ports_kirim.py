"""Repository queries for the outbox of outgoing Telegram messages and the reminder sent-log (issue 5).

Implemented in core/persistence/kirim_queries.py and mixed into SqlRepository.

Outbox (``pesan_keluar``) life cycle of a row::

    antri --claim--> mengirim --> terkirim
      ^                 |    \\--> diblokir (Forbidden: the user blocked the bot)
      |                 |     \\-> gagal    (bad request, too many attempts, no chat)
      +--- release -----+  (RetryAfter / network error: back to the queue with coba_lagi_pada)
    antri (an old reminder of an earlier day) --> dilewati (stale, never sent in a burst)

A row with ``edit_message_id`` edits that message of ``chat_id`` (editMessageText with the row's
text and buttons, e.g. a kendala's post in the Bappeda group) instead of sending a new one; an
older pending edit of the same message is superseded (``dilewati``) when a newer one is queued.

While a row is ``mengirim``, ``coba_lagi_pada`` holds the end of the claim's lease: a row still
``mengirim`` after its lease (the process died during the send) is put back to ``antri`` by
:meth:`KirimQueries.pulihkan_mengirim` (at-least-once, see docs/pengingat.md).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

ANTRI = "antri"
MENGIRIM = "mengirim"
TERKIRIM = "terkirim"
GAGAL = "gagal"
DIBLOKIR = "diblokir"
DILEWATI = "dilewati"

#: ``penerima`` of a message to Bappeda's registered group (table ``telegram_grup``, peran bappeda)
PENERIMA_BAPPEDA = "bappeda"
#: ``jenis`` of the outbox rows written by the reminder use case
JENIS_PENGINGAT = "pengingat"
#: ``tahap`` of a row that edits a message (``edit_message_id`` set) rather than sending one
TAHAP_EDIT = "edit"

Tombol = list[list[dict[str, Any]]]
"""Bot API ``inline_keyboard``: rows of ``{"text": ..., "callback_data": ...}``."""


@dataclass(frozen=True)
class PesanBaru:
    """One outbox row to insert, with the sent-log item keys it covers (may be empty)."""

    kunci: str
    jenis: str
    tahap: str | None
    tanggal: date | None
    penerima: str
    chat_id: int | None
    teks: str
    tombol: Tombol | None = None
    status: str = ANTRI
    galat: str | None = None
    item_kunci: tuple[str, ...] = field(default=())
    edit_message_id: int | None = None


@dataclass(frozen=True)
class PesanKirim:
    """A claimed row (status ``mengirim``), ready to send."""

    id: int
    kunci: str
    jenis: str
    penerima: str
    chat_id: int
    teks: str
    tombol: Tombol | None
    percobaan: int
    edit_message_id: int | None = None


@dataclass(frozen=True)
class PesanTercatat:
    """A row as stored (for the dashboard and the tests)."""

    id: int
    kunci: str
    jenis: str
    tahap: str | None
    tanggal: date | None
    penerima: str
    chat_id: int | None
    teks: str
    tombol: Tombol | None
    status: str
    percobaan: int
    telegram_message_id: int | None
    galat: str | None
    dibuat_pada: datetime
    dikirim_pada: datetime | None
    edit_message_id: int | None = None


@dataclass(frozen=True)
class PenerimaTidakTerjangkau:
    """An official (or the Bappeda group) a message could not reach: for Bappeda's overview.

    ``status``: ``diblokir`` (the user blocked the bot) or ``gagal`` (e.g. not linked yet).
    """

    penerima: str
    nama: str | None
    pd_kode: str | None
    status: str
    galat: str | None
    jumlah_pesan: int
    terakhir: datetime


class KirimQueries(Protocol):
    """Queries for the outbox of outgoing Telegram messages and the reminder sent-log (issue 5)."""

    def pesan_ada(self, kunci: str) -> bool:
        """Whether an outbox row with this ``kunci`` exists."""
        ...

    def sudah_tercatat(self, item_kunci: Collection[str]) -> set[str]:
        """The subset of ``item_kunci`` already in the sent-log (``pengingat_terkirim``)."""
        ...

    def tambah_pesan(self, pesan: PesanBaru, now: datetime) -> int:
        """Insert the outbox row and its sent-log rows (flushes; the caller commits). A duplicate
        ``kunci`` or sent-log item (double run, second process) raises ``KonflikError``; the caller
        must roll back."""
        ...

    def chat_pejabat(self, nips: Collection[str]) -> dict[str, int]:
        """``pejabat.telegram_user_id`` by NIP, for the linked ones among ``nips``."""
        ...

    def chat_bappeda(self) -> int | None:
        """The chat id of the registered group with ``peran='bappeda'`` (the newest), if any."""
        ...

    def pulihkan_mengirim(self, now: datetime) -> int:
        """Rows ``mengirim`` whose lease ended before ``now`` -> ``antri``; returns how many."""
        ...

    def lewati_pengingat_usang(self, sebelum: date, now: datetime) -> int:
        """Reminder rows (``jenis='pengingat'``) still ``antri`` dated before ``sebelum`` ->
        ``dilewati``; their sent-log rows are removed so the day's plan may cover the items
        again when still relevant (catch-up rule). Returns how many."""
        ...

    def klaim_pesan(self, now: datetime, batas: int, sewa_sampai: datetime) -> list[PesanKirim]:
        """Atomically take up to ``batas`` due ``antri`` rows (``coba_lagi_pada`` empty or passed)
        with a chat id: ``mengirim``, ``percobaan + 1``, lease until ``sewa_sampai``. Reminder rows
        dated before ``now``'s WIB date are not taken (stale: see :meth:`lewati_pengingat_usang`). A row another
        process claimed in between is skipped (conditional UPDATE). Oldest first."""
        ...

    def tandai_tanpa_chat(self, now: datetime) -> int:
        """``antri`` rows without a chat id -> ``gagal`` ("belum menautkan Telegram")."""
        ...

    def tandai_terkirim(self, pesan_id: int, telegram_message_id: int, now: datetime) -> bool:
        """``mengirim`` -> ``terkirim``. False when the row was not ours any more."""
        ...

    def tandai_akhir(self, pesan_id: int, status: str, galat: str, now: datetime) -> bool:
        """``mengirim`` -> ``gagal`` | ``diblokir``."""
        ...

    def kembalikan_antri(self, pesan_id: int, coba_lagi_pada: datetime, galat: str) -> bool:
        """``mengirim`` -> ``antri`` (retry later)."""
        ...

    def gantikan_edit(self, chat_id: int, message_id: int) -> int:
        """Pending edits (``antri`` or ``mengirim``) of that message -> ``dilewati``: a newer
        state of the message is being shown or queued. Returns how many."""
        ...

    def masih_dikirim(self, pesan_id: int) -> bool:
        """Whether the row is still ``mengirim`` (not superseded or taken over meanwhile)."""
        ...

    def daftar_pesan(
        self,
        tanggal: date | None = None,
        status: Sequence[str] | None = None,
        penerima: str | None = None,
    ) -> list[PesanTercatat]:
        """Outbox rows, oldest first, filtered."""
        ...

    def hitung_status(self) -> dict[str, int]:
        """Number of outbox rows per status."""
        ...

    def pesan_diblokir(self) -> list[PenerimaTidakTerjangkau]:
        """Recipients whose LATEST message ended ``diblokir`` or ``gagal`` (for Bappeda)."""
        ...
