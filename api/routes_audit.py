"""The audit trail (read only) and Bappeda's month locks (issue 6, item 3).

Pergub 42/2018 Pasal 28: every change is traceable: who, when, through which channel, old -> new.
The trail is readable per item; there is no endpoint that edits or deletes it. Bappeda (or admin)
locks a PD's month once verified and reopens it only with a reason (Pergub 17/2023 Pasal 13-14).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.auth import AdminBappeda, CurrentPrincipal, Now, Uow, cek_pd, pd_scope
from core import services_audit
from core.audit import ALASAN_MAKS, KunciBulan
from core.cascade import Saluran

router = APIRouter(prefix="/api/v1", tags=["audit"])

Entitas = Literal[
    "pd",
    "pejabat",
    "node",
    "indikator",
    "ropp",
    "realisasi",
    "realisasi_ind",
    "kalender",
    "apbd",
    "kunci_bulan",
    "dokumen",
]
_TANPA_KONTROL = r"^[^\x00-\x1f\x7f]+$"
_TANPA_NUL = r"^[^\x00]*$"
KodePd = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=_TANPA_KONTROL),
]
Tahun = Annotated[int, Field(ge=2000, le=2100)]
Bulan = Annotated[int, Field(ge=1, le=12)]


class CatatanOut(BaseModel):
    dicatat_pada: dt.datetime
    saluran: str
    oleh: str | None
    kolom: str
    nilai_lama: str | None
    nilai_baru: str | None


class RiwayatOut(BaseModel):
    entitas: str
    kode: str
    pd: str | None = Field(
        description="Perangkat Daerah pemilik data (null: data tingkat provinsi)"
    )
    catatan: list[CatatanOut]


class KunciOut(BaseModel):
    pd: str
    tahun: int
    bulan: int
    terkunci: bool
    oleh: str | None
    alasan: str | None
    diubah_pada: dt.datetime | None


class _Masukan(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KunciIn(_Masukan):
    pd: KodePd
    tahun: Tahun
    bulan: Bulan
    catatan: Annotated[str | None, Field(max_length=ALASAN_MAKS, pattern=_TANPA_NUL)] = None


class BukaIn(_Masukan):
    pd: KodePd
    tahun: Tahun
    bulan: Bulan
    alasan: Annotated[
        str | None,
        Field(
            max_length=ALASAN_MAKS,
            pattern=_TANPA_NUL,
            description="Wajib: mengapa bulan dibuka kembali",
        ),
    ] = None


def _kunci(k: KunciBulan) -> KunciOut:
    return KunciOut(
        pd=k.pd_kode,
        tahun=k.tahun,
        bulan=k.bulan,
        terkunci=k.terkunci,
        oleh=k.oleh,
        alasan=k.alasan,
        diubah_pada=k.diubah_pada,
    )


@router.get("/audit")
def riwayat(
    p: CurrentPrincipal,
    uow: Uow,
    entitas: Annotated[Entitas, Query(description="Jenis data")],
    kode: Annotated[
        str,
        Query(
            min_length=1,
            max_length=255,
            pattern=_TANPA_KONTROL,
            description="Kode data, mis. realisasi 2026/<kode sub kegiatan>/3",
        ),
    ],
) -> RiwayatOut:
    """Jejak audit satu data: siapa, kapan, lewat saluran apa, nilai lama -> baru.

    Akun pd hanya dapat membaca data Perangkat Daerah-nya sendiri.
    """
    r = services_audit.riwayat(uow, entitas, kode)
    cek_pd(p, r.pd_kode)
    return RiwayatOut(
        entitas=r.entitas,
        kode=r.kode,
        pd=r.pd_kode,
        catatan=[
            CatatanOut(
                dicatat_pada=c.dicatat_pada,
                saluran=c.saluran.value,
                oleh=c.oleh,
                kolom=c.kolom,
                nilai_lama=c.nilai_lama,
                nilai_baru=c.nilai_baru,
            )
            for c in r.catatan
        ],
    )


@router.get("/kunci-bulan")
def status_kunci(
    p: CurrentPrincipal,
    uow: Uow,
    tahun: Annotated[int, Query(ge=2000, le=2100)],
    pd: Annotated[str | None, Query(min_length=1, max_length=64, pattern=_TANPA_KONTROL)] = None,
) -> list[KunciOut]:
    """Status kunci bulan: dengan `pd` kedua belas bulannya; tanpa `pd` semua bulan yang pernah
    dikunci (akun pd: hanya PD-nya sendiri)."""
    pd = pd_scope(p, pd)
    if pd is None:
        return [_kunci(k) for k in services_audit.daftar_kunci(uow, tahun)]
    return [_kunci(k) for k in services_audit.status_kunci(uow, pd, tahun)]


@router.post("/kunci-bulan")
def kunci(p: AdminBappeda, body: KunciIn, uow: Uow, now: Now) -> KunciOut:
    """Bappeda menandai bulan sebuah PD sudah diverifikasi: data bulan itu tidak dapat diubah
    lagi (bot, API, impor) sampai dibuka kembali."""
    k = services_audit.kunci_bulan(
        uow,
        body.pd,
        body.tahun,
        body.bulan,
        oleh=p.label,
        now=now,
        saluran=Saluran.API,
        catatan=body.catatan,
    )
    return _kunci(k)


@router.post("/kunci-bulan/buka")
def buka(p: AdminBappeda, body: BukaIn, uow: Uow, now: Now) -> KunciOut:
    """Bappeda membuka kembali bulan yang terkunci; alasan wajib diisi dan tercatat di jejak audit."""
    k = services_audit.buka_bulan(
        uow,
        body.pd,
        body.tahun,
        body.bulan,
        oleh=p.label,
        alasan=body.alasan,
        now=now,
        saluran=Saluran.API,
    )
    return _kunci(k)
