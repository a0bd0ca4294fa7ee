"""Repository queries the Telegram bot needs (implemented in core/persistence/bot_queries.py).

``sub_kegiatan_pejabat``: the sub kegiatan an official answers for (penanggung jawab of the node),
so the bot only ever offers, and only ever accepts, the official's own items.
``bot_state_*``: the bot's conversation state and per-user data, kept in the database so a restart
in the middle of a conversation resumes where the user was (issue 4, "State and errors").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SubKegiatanSaya:
    """A sub kegiatan of one official, as the bot lists it."""

    kode: str
    nama: str
    pd_kode: str | None


class BotQueries(Protocol):
    def sub_kegiatan_pejabat(self, tahun: int, nip: str) -> list[SubKegiatanSaya]:
        """Sub kegiatan of ``tahun`` whose penanggung jawab is ``nip``, ordered by kode."""
        ...

    def bot_state_muat(self, jenis: str) -> dict[str, str]:
        """Every stored entry of one kind of bot state: kunci -> nilai (JSON text)."""
        ...

    def bot_state_simpan(self, jenis: str, kunci: str, nilai: str | None) -> None:
        """Insert or replace one entry; ``nilai`` None deletes it."""
        ...
