"""Login, logout, whoami; accounts and API tokens (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, HTTPException, Path, Request, Response

from api.auth import (
    COOKIE_SESI,
    AdminOnly,
    CurrentPrincipal,
    Now,
    Uow,
    hapus_cookie_sesi,
    kebijakan_login,
    pasang_cookie_sesi,
)
from api.schemas import AkunIn, AkunOut, LoginIn, LoginOut, TokenIn, TokenOut, WhoamiOut
from core import services_akun
from core.config import Settings
from core.services_akun import AkunInfo, AkunTerkunci, LoginGagal

router = APIRouter(prefix="/api/v1", tags=["autentikasi"])


def _akun(a: AkunInfo) -> AkunOut:
    return AkunOut(
        id=a.id, username=a.username, nama=a.nama, peran=a.peran.value, pd=a.pd_kode, aktif=a.aktif
    )


def _settings(request: Request) -> Settings:
    s: Settings = request.app.state.settings
    return s


@router.post(
    "/auth/login",
    responses={401: {"description": "Salah nama pengguna/kata sandi"}, 429: {}},
)
def login(body: LoginIn, request: Request, response: Response, uow: Uow, now: Now) -> LoginOut:
    """Masuk: memasang cookie sesi `sakip_sesi` dan mengembalikan token CSRF.

    Lima kali salah kata sandi berturut-turut mengunci akun selama 15 menit (bawaan).
    """
    settings = _settings(request)
    try:
        sesi = services_akun.login(
            uow, body.username, body.password, now, kebijakan_login(settings)
        )
    except AkunTerkunci as exc:
        detik = max(1, int((exc.sampai - now).total_seconds()))
        raise HTTPException(429, detail=str(exc), headers={"Retry-After": str(detik)}) from exc
    except LoginGagal as exc:
        raise HTTPException(401, detail=str(exc)) from exc
    pasang_cookie_sesi(response, sesi.token, sesi.kedaluwarsa_pada, now, settings.cookie_secure)
    return LoginOut(akun=_akun(sesi.akun), csrf=sesi.csrf, kedaluwarsa_pada=sesi.kedaluwarsa_pada)


@router.post("/auth/logout")
def logout(
    p: CurrentPrincipal,
    request: Request,
    response: Response,
    uow: Uow,
    sakip_sesi: Annotated[str | None, Cookie(include_in_schema=False)] = None,
) -> dict[str, str]:
    """Keluar: mengakhiri sesi (cookie) ini."""
    if p.via == "sesi" and sakip_sesi:
        services_akun.logout(uow, sakip_sesi)
    hapus_cookie_sesi(response, _settings(request).cookie_secure)
    return {"status": "keluar"}


@router.get("/auth/whoami")
def whoami(p: CurrentPrincipal, uow: Uow) -> WhoamiOut:
    """Akun yang sedang masuk dan perannya."""
    a = AkunInfo(p.akun_id, p.username, p.nama, p.peran, p.pd_kode, True)
    return WhoamiOut(akun=_akun(a), via=p.via, csrf=p.csrf)


# ---------------------------------------------------------------------------- accounts (admin)
@router.get("/akun", tags=["akun"])
def daftar_akun(_: AdminOnly, uow: Uow) -> list[AkunOut]:
    """Semua akun (hanya admin)."""
    return [_akun(a) for a in services_akun.list_akun(uow)]


@router.post("/akun", tags=["akun"], status_code=201)
def buat_akun(_: AdminOnly, body: AkunIn, uow: Uow, now: Now) -> AkunOut:
    """Buat akun baru (hanya admin). Akun pd wajib menyebut kode Perangkat Daerah."""
    a = services_akun.buat_akun(
        uow,
        username=body.username,
        nama=body.nama,
        password=body.password,
        peran=body.peran,
        pd_kode=body.pd,
        now=now,
    )
    return _akun(a)


@router.get("/token", tags=["akun"])
def daftar_token(_: AdminOnly, uow: Uow) -> list[TokenOut]:
    """Token API (tanpa nilai rahasianya; hanya admin)."""
    nama_akun = {a.id: a.username for a in services_akun.list_akun(uow)}
    return [
        TokenOut(
            id=t.id,
            username=nama_akun.get(t.akun_id),
            nama=t.nama,
            dibuat_pada=t.dibuat_pada,
            dicabut_pada=t.dicabut_pada,
        )
        for t in services_akun.list_api_token(uow)
    ]


@router.post("/token", tags=["akun"], status_code=201)
def buat_token(_: AdminOnly, body: TokenIn, uow: Uow, now: Now) -> TokenOut:
    """Buat token API untuk sebuah akun; nilainya hanya ditampilkan sekali."""
    baru = services_akun.buat_api_token(uow, body.username, body.nama, now)
    t = baru.info
    return TokenOut(
        id=t.id,
        username=body.username.strip().lower(),
        nama=t.nama,
        dibuat_pada=t.dibuat_pada,
        dicabut_pada=t.dicabut_pada,
        token=baru.token,
    )


@router.delete("/token/{token_id}", tags=["akun"])
def cabut_token(
    _: AdminOnly, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], uow: Uow, now: Now
) -> dict[str, str]:
    """Cabut token API."""
    if not services_akun.cabut_api_token(uow, token_id, now):
        raise HTTPException(404, detail=f"Token {token_id} tidak ada atau sudah dicabut.")
    return {"status": "dicabut"}


__all__ = ["COOKIE_SESI", "kebijakan_login", "router"]  # kebijakan_login: also api.auth
