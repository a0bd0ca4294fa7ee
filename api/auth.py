"""Authentication and authorisation for the API (and the dashboard, which shares the session cookie).

* ``Authorization: Bearer <API token>`` for machines, or the session cookie ``sakip_sesi`` from a
  login (POST /api/v1/auth/login, or the dashboard's login page).
* A request authenticated by the cookie with an unsafe method (POST, PUT, PATCH, DELETE) must send
  the session's CSRF token in the ``X-CSRF-Token`` header (dashboard forms: a hidden field
  checked with :func:`csrf_cocok`).
* Roles: admin (everything), bappeda (reads everything, answers kendala, calendar, link codes),
  pd (only its own PD: :func:`pd_scope`, :func:`cek_pd`).

Usage in a router::

    @router.get("/x")
    def x(p: Annotated[Principal, Depends(require_role(Peran.ADMIN, Peran.BAPPEDA))]) -> ...

    @router.get("/y")
    def y(p: CurrentPrincipal, pd: str | None = None) -> ...:
        pd = pd_scope(p, pd)          # a pd account: its own PD, 403 for another one
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Annotated, Literal, Self

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from core import services_akun
from core.akun import KebijakanLogin, Peran, csrf_sama
from core.config import Settings
from core.ports import UnitOfWork
from core.services_akun import AkunInfo

COOKIE_SESI = "sakip_sesi"
HEADER_CSRF = "X-CSRF-Token"
_METODE_AMAN = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

PESAN_BELUM_MASUK = (
    "Belum masuk. Masuk lewat POST /api/v1/auth/login, atau kirim header "
    "'Authorization: Bearer <token API>'."
)
PESAN_TOKEN_TIDAK_SAH = "Token API tidak sah atau sudah dicabut."
PESAN_SESI_BERAKHIR = "Sesi tidak sah atau sudah berakhir. Silakan masuk kembali."
PESAN_CSRF = (
    "Token CSRF tidak ada atau tidak cocok (header X-CSRF-Token). "
    "Muat ulang halaman lalu coba lagi."
)


class UowPermintaan:
    """The request's unit of work: ONE database session for the whole request.

    The use cases open ``with uow:`` blocks, often several per request (authentication, then the
    work); here they all share the session opened when the request started. Leaving a block
    discards what was not committed, so each block is its own transaction, as with a fresh unit
    of work, and no transaction stays open between blocks.
    """

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner
        self.repo = inner.repo

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.rollback()

    def commit(self) -> None:
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()


def get_uow(request: Request) -> Iterator[UnitOfWork]:
    """One unit of work, and one database session, per request (closed when the response is sent)."""
    factory: Callable[[], UnitOfWork] = request.app.state.uow_factory
    with factory() as uow:
        yield UowPermintaan(uow)


def get_now(request: Request) -> datetime:
    """The injected clock of the application (``app.state.clock``)."""
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now(UTC)


Uow = Annotated[UnitOfWork, Depends(get_uow)]
Now = Annotated[datetime, Depends(get_now)]


@dataclass(frozen=True)
class Principal:
    """Who is calling: an account, and how it authenticated."""

    akun_id: int
    username: str
    nama: str
    peran: Peran
    pd_kode: str | None
    via: Literal["sesi", "token"]
    csrf: str | None = None  # the session's CSRF token (None for API tokens)

    @staticmethod
    def dari(akun: AkunInfo, via: Literal["sesi", "token"], csrf: str | None = None) -> Principal:
        return Principal(akun.id, akun.username, akun.nama, akun.peran, akun.pd_kode, via, csrf)

    @property
    def label(self) -> str:
        """For change logs: ``"nama (username)"``, at most 255 characters (the log columns)."""
        akhir = f" ({self.username})"
        return self.nama[: 255 - len(akhir)] + akhir


_bearer = HTTPBearer(auto_error=False, description="Token API (`sakip akun token USERNAME NAMA`).")
_cookie = APIKeyCookie(
    name=COOKIE_SESI,
    auto_error=False,
    description="Sesi dari POST /api/v1/auth/login; permintaan yang mengubah data wajib "
    "mengirim header X-CSRF-Token.",
)


def _401(pesan: str) -> HTTPException:
    return HTTPException(401, detail=pesan, headers={"WWW-Authenticate": "Bearer"})


def current_principal(
    request: Request,
    uow: Uow,
    now: Now,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    sesi: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    """The authenticated caller, or 401; 403 for a cookie request with a missing/forged CSRF token."""
    if bearer is not None:
        akun = services_akun.authenticate_token(uow, bearer.credentials, now)
        if akun is None:
            raise _401(PESAN_TOKEN_TIDAK_SAH)
        return Principal.dari(akun, "token")
    if request.headers.get("authorization"):
        raise _401(PESAN_TOKEN_TIDAK_SAH)  # e.g. "Basic ..." or a malformed header
    if sesi:
        aktif = services_akun.verify_session(uow, sesi, now)
        if aktif is None:
            raise _401(PESAN_SESI_BERAKHIR)
        if request.method not in _METODE_AMAN and not csrf_sama(
            request.headers.get(HEADER_CSRF), aktif.csrf
        ):
            raise HTTPException(403, detail=PESAN_CSRF)
        return Principal.dari(aktif.akun, "sesi", aktif.csrf)
    raise _401(PESAN_BELUM_MASUK)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

_LABEL_PERAN = {Peran.ADMIN: "admin", Peran.BAPPEDA: "Bappeda", Peran.PD: "Perangkat Daerah"}


def require_role(*peran: Peran) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 otherwise)."""
    boleh = frozenset(peran)

    def _cek(p: CurrentPrincipal) -> Principal:
        if p.peran not in boleh:
            raise tolak_peran(*peran)
        return p

    return _cek


def tolak_peran(*peran: Peran) -> HTTPException:
    """The 403 for a role that may not do this (raise it): the text of :func:`require_role`."""
    daftar = ", ".join(_LABEL_PERAN[x] for x in peran)
    return HTTPException(403, detail=f"Akses ditolak: hanya untuk akun {daftar}.")


AdminOnly = Annotated[Principal, Depends(require_role(Peran.ADMIN))]
AdminBappeda = Annotated[Principal, Depends(require_role(Peran.ADMIN, Peran.BAPPEDA))]


def tolak_pd(p: Principal) -> HTTPException:
    """The 403 for a pd account that reached for another PD's data (raise it)."""
    return _tolak_pd(p)


def _tolak_pd(p: Principal) -> HTTPException:
    return HTTPException(
        403,
        detail=f"Akses ditolak: akun Anda hanya dapat mengakses data Perangkat Daerah {p.pd_kode}.",
    )


def cek_pd(p: Principal, pd_kode: str | None) -> None:
    """403 when a pd account reaches for anything but its own PD (``None``: not PD data)."""
    if p.peran == Peran.PD and pd_kode != p.pd_kode:
        raise _tolak_pd(p)


def pd_scope(p: Principal, pd_kode: str | None) -> str | None:
    """The PD filter a request may use: a pd account gets its own PD (403 for another one);
    admin and bappeda get what they asked for (``None``: every PD)."""
    if p.peran == Peran.PD:
        if pd_kode is not None and pd_kode != p.pd_kode:
            raise _tolak_pd(p)
        return p.pd_kode
    return pd_kode


def csrf_cocok(p: Principal, dikirim: str | None) -> bool:
    """For HTML forms: True for API tokens, else the form's token must equal the session's."""
    return p.csrf is None or csrf_sama(dikirim, p.csrf)


def kebijakan_login(settings: Settings) -> KebijakanLogin:
    """The lockout and session lifetime from the settings (SAKIP_LOGIN_MAKS_GAGAL,
    SAKIP_LOGIN_KUNCI_MENIT, SAKIP_SESI_JAM); pass it to ``services_akun.login``."""
    return KebijakanLogin(
        maks_gagal=settings.login_maks_gagal,
        kunci=timedelta(minutes=settings.login_kunci_menit),
        umur_sesi=timedelta(hours=settings.sesi_jam),
    )


def pasang_cookie_sesi(
    response: Response, token: str, kedaluwarsa_pada: datetime, now: datetime, secure: bool
) -> None:
    """Set the session cookie (HttpOnly, SameSite=Lax, Path=/) that expires with the session."""
    response.set_cookie(
        COOKIE_SESI,
        token,
        max_age=max(0, int((kedaluwarsa_pada - now).total_seconds())),
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def hapus_cookie_sesi(response: Response, secure: bool) -> None:
    response.delete_cookie(COOKIE_SESI, path="/", httponly=True, samesite="lax", secure=secure)
