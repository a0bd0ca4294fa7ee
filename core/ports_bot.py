"""Repository queries the Telegram bot needs (implemented in core/persistence/bot_queries.py).

``sub_kegiatan_pejabat``: the sub kegiatan an official answers for (penanggung jawab of the node),
so the bot only ever offers, and only ever accepts, the official's own items.
``indikator_pejabat``: the program / sasaran / tujuan indicators an official reports quarterly
(the indicator's own penanggung jawab, falling back to the node's when the indicator names none).
``bot_state_*``: the bot's conversation state and per-user data, kept in the database so a restart
in the middle of a conversation resumes where the user was (issue 4, "State and errors").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from core.cascade import TANPA_TARGET_TRIWULAN, Pejabat, TargetTriwulan


@dataclass(frozen=True, slots=True)
class SubKegiatanSaya:
    """A sub kegiatan of one official, as the bot lists it."""

    kode: str
    nama: str
    pd_kode: str | None


@dataclass(frozen=True, slots=True)
class IndikatorSaya:
    """An indicator (program, sasaran PD, sasaran daerah or tujuan) an official reports quarterly."""

    id: int
    node_kode: str
    node_nama: str
    tingkat: str
    uraian: str
    satuan: str
    target_tahunan: Decimal | None
    arah: str
    urutan: int  # the indicator's place on its node: submit_realisasi_indikator(node_kode, urutan)
    target_triwulan: TargetTriwulan = TANPA_TARGET_TRIWULAN  # Tw I..IV, None: not set


class BotQueries(Protocol):
    def sub_kegiatan_pejabat(self, tahun: int, nip: str) -> list[SubKegiatanSaya]:
        """Sub kegiatan of ``tahun`` whose penanggung jawab is ``nip``, ordered by kode."""
        ...

    def indikator_pejabat(self, tahun: int, nip: str) -> list[IndikatorSaya]:
        """Indicators of ``tahun``'s program, sasaran_pd, sasaran_daerah and tujuan nodes that ``nip``
        answers for: the indicator's own penanggung jawab is ``nip``, or the indicator has none and the
        node's penanggung jawab is ``nip``. Ordered by node kode, then the indicator's urutan."""
        ...

    def penanggung_jawab_node(self, tahun: int) -> dict[str, str]:
        """Node kode -> NIP of its penanggung jawab, for every node of ``tahun`` that has one."""
        ...

    def pejabat_tertaut(self) -> dict[int, Pejabat]:
        """Telegram user id -> pejabat, for every pejabat linked to a Telegram account."""
        ...

    def bot_state_muat(self, jenis: str) -> dict[str, str]:
        """Every stored entry of one kind of bot state: kunci -> nilai (JSON text)."""
        ...

    def bot_state_simpan(self, tulisan: Mapping[tuple[str, str], str | None]) -> None:
        """Insert or replace entries ``(jenis, kunci) -> nilai``; a ``nilai`` of None deletes it.

        One round of the bot's persistence (up to a few hundred rows): a few statements, not one
        per row."""
        ...
