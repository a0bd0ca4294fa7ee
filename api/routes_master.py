"""Perangkat Daerah, pejabat and Telegram link codes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request

from api.auth import AdminBappeda, CurrentPrincipal, Now, Uow, cek_pd, pd_scope
from api.schemas import LinkCodeIn, LinkCodeOut, PdOut, PejabatOut
from core import services
from core.cascade import PerangkatDaerah

router = APIRouter(prefix="/api/v1")

KodePd = Annotated[str, Path(min_length=1, max_length=64, description="Kode Perangkat Daerah")]


def _pd(pd: PerangkatDaerah) -> PdOut:
    return PdOut(kode=pd.kode, nama=pd.nama, singkatan=pd.singkatan, kelompok=pd.kelompok.value)


def _semua_pd(uow: Uow) -> list[PerangkatDaerah]:
    with uow:
        return uow.repo.list_pd()


@router.get("/pd", tags=["perangkat daerah"])
def daftar_pd(p: CurrentPrincipal, uow: Uow) -> list[PdOut]:
    """Perangkat Daerah (akun pd: hanya PD-nya sendiri)."""
    pd = pd_scope(p, None)
    return [_pd(x) for x in _semua_pd(uow) if pd is None or x.kode == pd]


@router.get("/pd/{kode}", tags=["perangkat daerah"])
def detail_pd(p: CurrentPrincipal, kode: KodePd, uow: Uow) -> PdOut:
    """Satu Perangkat Daerah."""
    cek_pd(p, kode)
    with uow:
        pd = uow.repo.get_pd(kode)
    if pd is None:
        raise HTTPException(404, detail=f"Perangkat Daerah {kode} tidak dikenal.")
    return _pd(pd)


@router.get("/pejabat", tags=["pejabat"])
def pejabat(
    p: CurrentPrincipal,
    uow: Uow,
    pd: Annotated[str | None, Query(max_length=64, description="Kode Perangkat Daerah")] = None,
) -> list[PejabatOut]:
    """Pejabat, semua atau per Perangkat Daerah (akun pd: hanya PD-nya)."""
    return [
        PejabatOut(nip=x.nip, nama=x.nama, jabatan=x.jabatan, eselon=x.eselon, pd=x.pd_kode)
        for x in services.list_pejabat(uow, pd_scope(p, pd))
    ]


@router.post("/link-code", tags=["pejabat"], status_code=201)
def link_code(
    _: AdminBappeda, body: LinkCodeIn, request: Request, uow: Uow, now: Now
) -> LinkCodeOut:
    """Kode tautan Telegram sekali pakai untuk seorang pejabat (`/start KODE` di bot)."""
    ttl = request.app.state.settings.link_code_ttl_days
    k = services.create_link_code(uow, body.nip, now, ttl)
    return LinkCodeOut(kode=k.kode, nip=k.nip, kedaluwarsa_pada=k.kedaluwarsa_pada)
