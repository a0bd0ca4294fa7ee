"""Repository queries for dashboard and API accounts, sessions, API tokens and compliance (issue 6).

Implemented in core/persistence/akun_queries.py and mixed into SqlRepository.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Akun:
    """A dashboard/API account as stored (``password_hash`` never leaves core.services_akun)."""

    id: int
    username: str
    nama: str
    peran: str
    pd_kode: str | None
    aktif: bool
    gagal_login: int
    terkunci_sampai: datetime | None
    dibuat_pada: datetime
    password_hash: str


@dataclass(frozen=True)
class SesiTersimpan:
    akun_id: int
    csrf: str
    dibuat_pada: datetime
    kedaluwarsa_pada: datetime


@dataclass(frozen=True)
class ApiToken:
    id: int
    akun_id: int
    nama: str
    dibuat_pada: datetime
    dicabut_pada: datetime | None


@dataclass(frozen=True)
class BarisKepatuhan:
    """Input of the compliance matrix for one tahun anggaran.

    ``wajib``: (pd_kode, sub kegiatan kode, bulan) for every sub-kegiatan-month with a plan
    (bobot or anggaran kas > 0). ``pertama``: (sub kegiatan kode, bulan) -> when it was FIRST
    reported (revision times, earliest). ``pd_nama``: every PD, kode -> nama.
    """

    wajib: Sequence[tuple[str, str, int]]
    pertama: Mapping[tuple[str, int], datetime]
    pd_nama: Mapping[str, str]


class AkunQueries(Protocol):
    """Queries for dashboard and API accounts, sessions, API tokens and compliance (issue 6)."""

    # accounts
    def add_akun(
        self,
        username: str,
        nama: str,
        password_hash: str,
        peran: str,
        pd_kode: str | None,
        dibuat_pada: datetime,
    ) -> Akun: ...
    def get_akun(self, username: str) -> Akun | None: ...
    def get_akun_by_id(self, akun_id: int) -> Akun | None: ...
    def list_akun(self) -> list[Akun]: ...
    def set_status_login(
        self, akun_id: int, gagal_login: int, terkunci_sampai: datetime | None
    ) -> None: ...
    def set_password_hash(self, akun_id: int, password_hash: str) -> None: ...
    def set_akun_aktif(self, akun_id: int, aktif: bool) -> None: ...

    # sessions
    def add_sesi(
        self,
        akun_id: int,
        token_hash: str,
        csrf: str,
        dibuat_pada: datetime,
        kedaluwarsa_pada: datetime,
    ) -> None: ...
    def get_sesi(self, token_hash: str) -> SesiTersimpan | None: ...
    def delete_sesi(self, token_hash: str) -> bool: ...
    def delete_sesi_akun(self, akun_id: int) -> int: ...
    def delete_sesi_kedaluwarsa(self, now: datetime) -> int: ...

    # API tokens
    def add_api_token(
        self, akun_id: int, nama: str, token_hash: str, dibuat_pada: datetime
    ) -> ApiToken: ...
    def get_api_token(self, token_hash: str) -> ApiToken | None: ...
    def list_api_token(self, akun_id: int | None = None) -> list[ApiToken]: ...
    def revoke_api_token(self, token_id: int, when: datetime) -> bool: ...

    # compliance (core.kepatuhan)
    def baris_kepatuhan(self, tahun: int) -> BarisKepatuhan: ...
