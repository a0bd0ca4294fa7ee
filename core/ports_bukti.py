"""Repository queries for bukti dukung (photos and documents attached to a realisasi revision, issue 4).

Pergub 42/2018 Pasal 28: reported data must be verifiable; the evidence is kept with the revision it
supports. A bukti keeps its Telegram ``file_id`` (always) and, when the project could download it, the
stored copy's ``path`` (relative to the data directory) and ``sha256``.

Implemented in core/persistence/bukti_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

JENIS_BUKTI = ("foto", "dokumen")


@dataclass(frozen=True, slots=True)
class BuktiDukung:
    """One photo or document, as it is attached to a realisasi revision."""

    jenis: str  # "foto" | "dokumen"
    telegram_file_id: str | None = None
    telegram_file_unique_id: str | None = None
    nama_file: str | None = None
    mime: str | None = None
    ukuran: int | None = None
    path: str | None = None  # relative to the data directory, e.g. "bukti/ab/ab12...ef.pdf"
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class BuktiTersimpan:
    """A stored bukti dukung and the revision it belongs to."""

    id: int
    bulan: int
    revisi: int
    bukti: BuktiDukung
    dibuat_pada: datetime


@dataclass(frozen=True, slots=True)
class BuktiLengkap:
    """One stored bukti dukung with where it belongs: its sub kegiatan, PD and revision (for the
    authorisation of a download: a pd account may fetch only its own PD's evidence)."""

    id: int
    tahun: int
    sub_kegiatan_kode: str
    pd_kode: str | None
    bulan: int
    revisi: int
    bukti: BuktiDukung
    dibuat_pada: datetime


class BuktiQueries(Protocol):
    """Queries for bukti dukung (photos and documents attached to a realisasi revision, issue 4)."""

    def add_bukti(
        self,
        tahun: int,
        sub_kegiatan_kode: str,
        bulan: int,
        revisi: int,
        bukti: Sequence[BuktiDukung],
        dibuat_pada: datetime,
    ) -> list[int]:
        """Attach ``bukti`` to that revision (inside the caller's transaction); their ids."""
        ...

    def list_bukti(
        self, tahun: int, sub_kegiatan_kode: str, bulan: int, revisi: int | None = None
    ) -> list[BuktiTersimpan]:
        """Bukti of one month (of one revision when given), by revision, then in the order added."""
        ...

    def get_bukti(self, bukti_id: int) -> BuktiLengkap | None:
        """One bukti by id, with its sub kegiatan, PD, month and revision (None: no such bukti)."""
        ...
