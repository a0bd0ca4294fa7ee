"""Dashboard and API accounts: password hashing, lockout policy, sessions and tokens (issue 6).

Pure: no database, no framework, no clock (every rule takes ``now``). Passwords are hashed with
scrypt and a random salt and compared in constant time; only the SHA-256 of a session or API token
is ever stored. Texts shown to users are in Bahasa Indonesia.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.errors import Masalah, ValidasiError


class Peran(StrEnum):
    """Account roles: admin (everything), bappeda (the whole province), pd (its own PD only)."""

    ADMIN = "admin"
    BAPPEDA = "bappeda"
    PD = "pd"


# ------------------------------------------------------------------------------ passwords
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_PREFIX = "scrypt"
PANJANG_SANDI_MIN = 8
PANJANG_SANDI_MAKS = 256


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_KEY_BYTES, maxmem=64 * 1024**2
    )


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$<salt hex>$<key hex>`` with a fresh random salt."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = _derive(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return f"{_PREFIX}${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${key.hex()}"


#: A valid hash of a random password: verified against when the username does not exist, so that
#: a wrong username costs as much time as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time comparison of ``password`` against a stored hash (``None``: always False)."""
    if stored is None:
        hmac.compare_digest(_DUMMY_HASH, hash_password(password))
        return False
    try:
        prefix, n, r, p, salt_hex, key_hex = stored.split("$")
        if prefix != _PREFIX or len(password) > PANJANG_SANDI_MAKS:
            return False
        key = _derive(password, bytes.fromhex(salt_hex), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(key, bytes.fromhex(key_hex))


# ------------------------------------------------------------------------------ validation
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def periksa_akun_baru(
    username: str, nama: str, password: str, peran: str, pd_kode: str | None
) -> list[Masalah]:
    """Every problem with a new account at once (empty list: valid)."""
    masalah: list[Masalah] = []
    loc = f"Akun {username!r}"
    if not _USERNAME.match(username):
        masalah.append(
            Masalah(
                loc,
                "nama pengguna 3-64 karakter: huruf kecil, angka, titik, garis bawah atau "
                "tanda hubung, diawali huruf atau angka.",
            )
        )
    if not nama.strip():
        masalah.append(Masalah(loc, "nama wajib diisi."))
    if len(password) < PANJANG_SANDI_MIN:
        masalah.append(Masalah(loc, f"kata sandi minimal {PANJANG_SANDI_MIN} karakter."))
    if len(password) > PANJANG_SANDI_MAKS:
        masalah.append(Masalah(loc, f"kata sandi maksimal {PANJANG_SANDI_MAKS} karakter."))
    if peran not in {p.value for p in Peran}:
        masalah.append(Masalah(loc, "peran harus admin, bappeda atau pd."))
    elif peran == Peran.PD and not pd_kode:
        masalah.append(Masalah(loc, "akun pd wajib terikat pada satu Perangkat Daerah."))
    elif peran != Peran.PD and pd_kode:
        masalah.append(Masalah(loc, "hanya akun pd yang terikat pada Perangkat Daerah."))
    return masalah


def pastikan_akun_baru(
    username: str, nama: str, password: str, peran: str, pd_kode: str | None
) -> None:
    masalah = periksa_akun_baru(username, nama, password, peran, pd_kode)
    if masalah:
        raise ValidasiError(masalah)


# ------------------------------------------------------------------------------ lockout and sessions
@dataclass(frozen=True)
class KebijakanLogin:
    """After ``maks_gagal`` wrong passwords in a row the account is locked for ``kunci``."""

    maks_gagal: int = 5
    kunci: timedelta = timedelta(minutes=15)
    umur_sesi: timedelta = timedelta(hours=8)


KEBIJAKAN_BAWAAN = KebijakanLogin()


@dataclass(frozen=True)
class StatusLogin:
    gagal_login: int
    terkunci_sampai: datetime | None


def terkunci(status: StatusLogin, now: datetime) -> bool:
    return status.terkunci_sampai is not None and now < status.terkunci_sampai


def setelah_gagal(status: StatusLogin, now: datetime, kebijakan: KebijakanLogin) -> StatusLogin:
    """The state after one more wrong password: the ``maks_gagal``-th locks the account."""
    if status.terkunci_sampai is not None and now >= status.terkunci_sampai:
        status = StatusLogin(0, None)  # an expired lock starts a fresh count
    gagal = status.gagal_login + 1
    if gagal >= kebijakan.maks_gagal:
        return StatusLogin(0, now + kebijakan.kunci)
    return StatusLogin(gagal, status.terkunci_sampai)


def pesan_terkunci(sampai: datetime, now: datetime) -> str:
    menit = max(1, -(-int((sampai - now).total_seconds()) // 60))
    return (
        "Akun terkunci sementara karena terlalu banyak percobaan masuk yang gagal. "
        f"Coba lagi dalam {menit} menit."
    )


def sesi_kedaluwarsa(kedaluwarsa_pada: datetime, now: datetime) -> bool:
    return now >= kedaluwarsa_pada


# ------------------------------------------------------------------------------ tokens
def token_baru() -> str:
    """A random secret for a session cookie or an API token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 hex of a token: the only form in which tokens are stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_sama(dikirim: str | None, disimpan: str) -> bool:
    """Constant-time comparison of the CSRF token sent with a request and the session's."""
    if not dikirim:
        return False
    return hmac.compare_digest(dikirim.encode("utf-8"), disimpan.encode("utf-8"))
