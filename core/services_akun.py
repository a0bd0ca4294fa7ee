"""Use cases for accounts, login sessions, API tokens and the compliance matrix (issue 6).

Each runs in one unit of work; the clock is injected (``now``). The dashboard and the API share
them: a session is a random token whose SHA-256 is stored with a CSRF token and an expiry.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from core import akun as rules
from core.akun import KEBIJAKAN_BAWAAN, KebijakanLogin, Peran, StatusLogin
from core.calendar import local_date
from core.deadlines import JenisTenggat, deadline_for
from core.errors import Masalah, SakipError, TidakDitemukan, ValidasiError
from core.kepatuhan import MatriksKepatuhan, hitung_kepatuhan
from core.ports import Repository, UnitOfWork
from core.ports_akun import Akun, ApiToken


class LoginGagal(SakipError):
    """Wrong username or password, an inactive or a locked account. The message can be shown."""


class AkunTerkunci(LoginGagal):
    def __init__(self, pesan: str, sampai: datetime) -> None:
        super().__init__(pesan)
        self.sampai = sampai


PESAN_LOGIN_GAGAL = "Nama pengguna atau kata sandi salah."


@dataclass(frozen=True)
class AkunInfo:
    """An account as the shells see it (never the password hash)."""

    id: int
    username: str
    nama: str
    peran: Peran
    pd_kode: str | None
    aktif: bool

    @staticmethod
    def dari(a: Akun) -> AkunInfo:
        return AkunInfo(a.id, a.username, a.nama, Peran(a.peran), a.pd_kode, a.aktif)


@dataclass(frozen=True)
class SesiBaru:
    """What a successful login returns: the cookie token (shown once), its CSRF token and expiry."""

    token: str
    csrf: str
    kedaluwarsa_pada: datetime
    akun: AkunInfo


@dataclass(frozen=True)
class SesiAktif:
    akun: AkunInfo
    csrf: str
    kedaluwarsa_pada: datetime


@dataclass(frozen=True)
class TokenBaru:
    """A new API token: ``token`` is shown once and only its hash is stored."""

    token: str
    info: ApiToken


# ---------------------------------------------------------------------------- accounts
def buat_akun(
    uow: UnitOfWork,
    *,
    username: str,
    nama: str,
    password: str,
    peran: str,
    pd_kode: str | None,
    now: datetime,
) -> AkunInfo:
    """Create an account (every problem reported at once; nothing stored on error)."""
    with uow:
        info = buat_akun_in(
            uow.repo,
            username=username,
            nama=nama,
            password=password,
            peran=peran,
            pd_kode=pd_kode,
            now=now,
        )
        uow.commit()
    return info


def buat_akun_in(
    repo: Repository,
    *,
    username: str,
    nama: str,
    password: str,
    peran: str,
    pd_kode: str | None,
    now: datetime,
) -> AkunInfo:
    """Validate and add an account inside the caller's transaction (no commit; e.g. the demo)."""
    username = username.strip().lower()
    pd_kode = pd_kode.strip() if pd_kode and pd_kode.strip() else None
    masalah = rules.periksa_akun_baru(username, nama, password, peran, pd_kode)
    if repo.get_akun(username) is not None:
        masalah.append(Masalah(f"Akun {username!r}", "nama pengguna sudah dipakai."))
    if pd_kode is not None and repo.get_pd(pd_kode) is None:
        masalah.append(Masalah(f"Akun {username!r}", f"Perangkat Daerah {pd_kode} tidak dikenal."))
    if masalah:
        raise ValidasiError(masalah)
    password_hash = rules.hash_password(password)
    return AkunInfo.dari(repo.add_akun(username, nama.strip(), password_hash, peran, pd_kode, now))


def list_akun(uow: UnitOfWork) -> list[AkunInfo]:
    with uow:
        return [AkunInfo.dari(a) for a in uow.repo.list_akun()]


def get_akun(uow: UnitOfWork, username: str) -> AkunInfo:
    with uow:
        a = uow.repo.get_akun(username.strip().lower())
    if a is None:
        raise TidakDitemukan(f"Akun {username} tidak dikenal.")
    return AkunInfo.dari(a)


def ganti_password(uow: UnitOfWork, username: str, password: str) -> None:
    """Set a new password; every session of the account ends."""
    if not rules.PANJANG_SANDI_MIN <= len(password) <= rules.PANJANG_SANDI_MAKS:
        raise ValidasiError(
            f"Kata sandi {rules.PANJANG_SANDI_MIN}-{rules.PANJANG_SANDI_MAKS} karakter."
        )
    with uow:
        a = uow.repo.get_akun(username.strip().lower())
        if a is None:
            raise TidakDitemukan(f"Akun {username} tidak dikenal.")
        uow.repo.set_password_hash(a.id, rules.hash_password(password))
        uow.repo.set_status_login(a.id, 0, None)
        uow.repo.delete_sesi_akun(a.id)
        uow.commit()


def set_aktif(uow: UnitOfWork, username: str, aktif: bool) -> None:
    """Enable or disable an account; disabling ends its sessions (its API tokens stop working)."""
    with uow:
        a = uow.repo.get_akun(username.strip().lower())
        if a is None:
            raise TidakDitemukan(f"Akun {username} tidak dikenal.")
        uow.repo.set_akun_aktif(a.id, aktif)
        if not aktif:
            uow.repo.delete_sesi_akun(a.id)
        uow.commit()


# ---------------------------------------------------------------------------- sessions
def login(
    uow: UnitOfWork,
    username: str,
    password: str,
    now: datetime,
    kebijakan: KebijakanLogin = KEBIJAKAN_BAWAAN,
) -> SesiBaru:
    """Check the password and open a session.

    Raises :class:`LoginGagal` (one message for an unknown user, a wrong password or an inactive
    account) or :class:`AkunTerkunci`. Every wrong password is counted; the ``maks_gagal``-th locks
    the account for ``kebijakan.kunci`` and a locked account refuses even the right password.
    """
    with uow:
        repo = uow.repo
        a = repo.get_akun(username.strip().lower()) if len(username) <= 64 else None
        if a is None:
            rules.verify_password(password, None)  # same cost as a wrong password
            raise LoginGagal(PESAN_LOGIN_GAGAL)
        status = StatusLogin(a.gagal_login, a.terkunci_sampai)
        if rules.terkunci(status, now):
            assert status.terkunci_sampai is not None
            raise AkunTerkunci(
                rules.pesan_terkunci(status.terkunci_sampai, now), status.terkunci_sampai
            )
        if not rules.verify_password(password, a.password_hash):
            baru = rules.setelah_gagal(status, now, kebijakan)
            repo.set_status_login(a.id, baru.gagal_login, baru.terkunci_sampai)
            uow.commit()  # the failure must be counted even though the login fails
            if rules.terkunci(baru, now):
                assert baru.terkunci_sampai is not None
                raise AkunTerkunci(
                    rules.pesan_terkunci(baru.terkunci_sampai, now), baru.terkunci_sampai
                )
            raise LoginGagal(PESAN_LOGIN_GAGAL)
        if not a.aktif:
            raise LoginGagal(PESAN_LOGIN_GAGAL)
        token, csrf = rules.token_baru(), secrets.token_urlsafe(32)
        sampai = now + kebijakan.umur_sesi
        repo.set_status_login(a.id, 0, None)
        repo.delete_sesi_kedaluwarsa(now)
        repo.add_sesi(a.id, rules.hash_token(token), csrf, now, sampai)
        uow.commit()
    return SesiBaru(token, csrf, sampai, AkunInfo.dari(a))


def verify_session(uow: UnitOfWork, token: str, now: datetime) -> SesiAktif | None:
    """The session's account, or None when the token is unknown, expired or its account inactive."""
    if not token or len(token) > 256:
        return None
    with uow:
        repo = uow.repo
        sesi = repo.get_sesi(rules.hash_token(token))
        if sesi is None:
            return None
        if rules.sesi_kedaluwarsa(sesi.kedaluwarsa_pada, now):
            return None
        a = repo.get_akun_by_id(sesi.akun_id)
    if a is None or not a.aktif:
        return None
    return SesiAktif(AkunInfo.dari(a), sesi.csrf, sesi.kedaluwarsa_pada)


def logout(uow: UnitOfWork, token: str) -> bool:
    """End a session; True when it existed."""
    with uow:
        found = uow.repo.delete_sesi(rules.hash_token(token))
        uow.commit()
    return found


# ---------------------------------------------------------------------------- API tokens
def buat_api_token(uow: UnitOfWork, username: str, nama: str, now: datetime) -> TokenBaru:
    nama = nama.strip()
    if not nama or len(nama) > 128:
        raise ValidasiError("Nama token wajib diisi (maksimal 128 karakter).")
    token = rules.token_baru()
    with uow:
        a = uow.repo.get_akun(username.strip().lower())
        if a is None:
            raise TidakDitemukan(f"Akun {username} tidak dikenal.")
        info = uow.repo.add_api_token(a.id, nama, rules.hash_token(token), now)
        uow.commit()
    return TokenBaru(token, info)


def list_api_token(uow: UnitOfWork, username: str | None = None) -> list[ApiToken]:
    with uow:
        akun_id = None
        if username is not None:
            a = uow.repo.get_akun(username.strip().lower())
            if a is None:
                raise TidakDitemukan(f"Akun {username} tidak dikenal.")
            akun_id = a.id
        return uow.repo.list_api_token(akun_id)


def cabut_api_token(uow: UnitOfWork, token_id: int, now: datetime) -> bool:
    """Revoke a token; False when it does not exist or was already revoked."""
    with uow:
        found = uow.repo.revoke_api_token(token_id, now)
        uow.commit()
    return found


def authenticate_token(uow: UnitOfWork, token: str, now: datetime) -> AkunInfo | None:
    """The account of a valid (not revoked) API token of an active account, else None."""
    if not token or len(token) > 256:
        return None
    with uow:
        info = uow.repo.get_api_token(rules.hash_token(token))
        if info is None or info.dicabut_pada is not None:  # revocation is immediate
            return None
        a = uow.repo.get_akun_by_id(info.akun_id)
    if a is None or not a.aktif:
        return None
    return AkunInfo.dari(a)


# ---------------------------------------------------------------------------- compliance
def matriks_kepatuhan(
    uow: UnitOfWork, tahun: int, now: datetime, pd_kode: str | None = None
) -> MatriksKepatuhan:
    """The PD x month compliance matrix of ``tahun`` as of ``now`` (see core.kepatuhan)."""
    from core.services import load_calendar

    with uow:
        repo = uow.repo
        if pd_kode is not None and repo.get_pd(pd_kode) is None:
            raise TidakDitemukan(f"Perangkat Daerah {pd_kode} tidak dikenal.")
        cal = load_calendar(repo, tahun)
        apbd = repo.get_apbd(tahun)
        rows = repo.baris_kepatuhan(tahun)
    tenggat: dict[int, date] = {
        b: deadline_for(JenisTenggat.BULANAN, f"{tahun}-{b:02d}", cal, apbd).tenggat
        for b in range(1, 13)
    }
    pertama = {k: local_date(v) for k, v in rows.pertama.items()}
    return hitung_kepatuhan(
        tahun, local_date(now), tenggat, rows.wajib, pertama, rows.pd_nama, pd_kode
    )
