"""Deadlines, the reminder plan, calendar overrides and APBD dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query

from api.auth import AdminBappeda, CurrentPrincipal, Now, Uow, pd_scope
from api.schemas import ApbdIn, OverrideIn
from core import services
from core.calendar import local_date
from core.cascade import Saluran
from core.deadlines import ApbdDates
from core.holiday_source import HolidayOverride
from core.pengingat import plan_pengingat

router = APIRouter(prefix="/api/v1", tags=["kalender"])

Tahun = Annotated[int, Query(ge=2000, le=2100, description="Tahun anggaran")]


@router.get("/tenggat")
def tenggat(_: CurrentPrincipal, uow: Uow, tahun: Tahun) -> list[dict[str, str]]:
    """Semua tenggat pelaporan setahun (Pergub 17/2023 Pasal 8-11, 15), pada kalender hari kerja."""
    return [t.to_json() for t in services.list_deadlines(uow, tahun)]


@router.get("/pengingat")
def pengingat(
    p: CurrentPrincipal,
    uow: Uow,
    now: Now,
    tanggal: Annotated[dt.date | None, Query(description="Tanggal (WIB), bawaan hari ini")] = None,
    susulan: bool = False,
) -> list[dict[str, Any]]:
    """Antrean pengingat sebuah hari (H-3, H-1, H, terlambat, atasan, ringkasan Bappeda,
    mingguan), tanpa mengirim apa pun; sama dengan `sakip reminders plan`. Akun pd: hanya pesan
    yang seluruh isinya tentang PD-nya."""
    hari = tanggal or local_date(now)
    if not dt.date(2001, 1, 1) <= hari <= dt.date(2099, 12, 31):
        raise HTTPException(422, detail="Tanggal harus antara tahun 2001 dan 2099.")
    rencana = plan_pengingat(uow, hari, susulan=susulan)
    pd = pd_scope(p, None)
    if pd is not None:
        rencana = [r for r in rencana if r.items and all(i.pd_kode == pd for i in r.items)]
    return [r.to_json() for r in rencana]


@router.get("/kalender/override")
def daftar_override(_: CurrentPrincipal, uow: Uow) -> list[dict[str, Any]]:
    """Perubahan kalender lokal: libur tambahan / cuti bersama baru, atau libur yang dibatalkan."""
    with uow:
        items = uow.repo.list_overrides()
    return [
        {"tanggal": o.tanggal.isoformat(), "libur": o.libur, "keterangan": o.keterangan}
        for o in items
    ]


@router.post("/kalender/override", status_code=201)
def simpan_override(p: AdminBappeda, body: OverrideIn, uow: Uow, now: Now) -> dict[str, Any]:
    """Tambah atau ubah perubahan kalender pada sebuah tanggal (menggeser tenggat)."""
    services.set_override(
        uow,
        HolidayOverride(body.tanggal, body.libur, body.keterangan),
        now=now,
        saluran=Saluran.API,
        oleh=p.label,
    )
    return {"tanggal": body.tanggal.isoformat(), "libur": body.libur, "keterangan": body.keterangan}


@router.delete("/kalender/override/{tanggal}")
def hapus_override(
    p: AdminBappeda,
    uow: Uow,
    now: Now,
    tanggal: Annotated[dt.date, Path(description="TTTT-BB-HH")],
) -> dict[str, str]:
    """Hapus perubahan kalender pada sebuah tanggal."""
    if not services.delete_override(uow, tanggal, now=now, saluran=Saluran.API, oleh=p.label):
        raise HTTPException(404, detail=f"Tidak ada perubahan kalender pada {tanggal.isoformat()}.")
    return {"status": "dihapus"}


def _apbd_json(a: ApbdDates) -> dict[str, Any]:
    return {
        "tahun": a.tahun,
        "apbd": a.apbd.isoformat() if a.apbd else None,
        "apbd_perubahan": a.apbd_perubahan.isoformat() if a.apbd_perubahan else None,
    }


@router.get("/kalender/apbd/{tahun}")
def apbd(
    _: CurrentPrincipal, uow: Uow, tahun: Annotated[int, Path(ge=2000, le=2100)]
) -> dict[str, Any]:
    """Tanggal penetapan APBD dan APBD-Perubahan (dasar tenggat PK, KKL, KAK, ROPP)."""
    with uow:
        a = uow.repo.get_apbd(tahun)
    return _apbd_json(a or ApbdDates(tahun, None, None))


@router.post("/kalender/apbd")
def simpan_apbd(p: AdminBappeda, body: ApbdIn, uow: Uow, now: Now) -> dict[str, Any]:
    """Simpan tanggal APBD (dan APBD-Perubahan) sebuah tahun anggaran."""
    a = ApbdDates(body.tahun, body.apbd, body.apbd_perubahan)
    services.set_apbd(uow, a, now=now, saluran=Saluran.API, oleh=p.label)
    return _apbd_json(a)


@router.delete("/kalender/apbd/{tahun}")
def hapus_apbd(
    p: AdminBappeda, uow: Uow, now: Now, tahun: Annotated[int, Path(ge=2000, le=2100)]
) -> dict[str, Any]:
    """Kosongkan tanggal APBD sebuah tahun anggaran."""
    a = ApbdDates(tahun, None, None)
    services.set_apbd(uow, a, now=now, saluran=Saluran.API, oleh=p.label)
    return _apbd_json(a)
