"""Planning documents of a PD: PK, KKL and KAK submitted (Pergub 17/2023 Pasal 8-10).

GET lists, per PD, the deadline, the Kepala PD who answers for it and when it was submitted; POST
records a submission (admin and Bappeda for any PD, a pd account only for its own PD). A recorded
document stops its reminders and leaves the overdue notices and Bappeda's digest.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import Field, StringConstraints

from api.auth import CurrentPrincipal, Now, Uow, cek_pd, pd_scope
from api.schemas import Masukan, Tanggal
from core import services_dokumen
from core.cascade import Saluran

router = APIRouter(prefix="/api/v1", tags=["dokumen"])


class DokumenIn(Masukan):
    pd: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    tahun: Annotated[int, Field(ge=2000, le=2100, description="Tahun anggaran")]
    jenis: Literal["PK", "KKL", "KAK"]
    perubahan: bool = Field(False, description="Penyesuaian setelah Perubahan APBD")
    tanggal: Tanggal | None = Field(None, description="Tanggal penyerahan (WIB), bawaan hari ini")


@router.get("/dokumen")
def daftar_dokumen(
    p: CurrentPrincipal,
    uow: Uow,
    now: Now,
    tahun: Annotated[int, Query(ge=2000, le=2100, description="Tahun anggaran")],
    pd: Annotated[str | None, Query(max_length=32, description="Kode Perangkat Daerah")] = None,
) -> list[dict[str, Any]]:
    """PK, KKL dan KAK setiap Perangkat Daerah: tenggat (Pergub 17/2023 Pasal 8(4)(5), 9(2)(3),
    10(2)(3)), Kepala PD yang bertanggung jawab, tanggal penyerahan dan statusnya (tepat_waktu,
    terlambat, belum, menunggu). Akun pd: hanya PD-nya."""
    rows = services_dokumen.daftar_dokumen(uow, tahun, now, pd_scope(p, pd))
    return [r.to_json() for r in rows]


@router.post("/dokumen", status_code=201)
def serahkan_dokumen(p: CurrentPrincipal, body: DokumenIn, uow: Uow, now: Now) -> dict[str, Any]:
    """Catat penyerahan PK, KKL atau KAK sebuah Perangkat Daerah (mencatat ulang memperbaiki
    tanggalnya; tercatat di jejak audit). Admin dan Bappeda: PD mana pun; akun pd: hanya PD-nya."""
    cek_pd(p, body.pd)
    d, baru = services_dokumen.serahkan_dokumen(
        uow,
        body.pd,
        body.tahun,
        body.jenis,
        body.perubahan,
        body.tanggal,
        now,
        Saluran.API,
        p.label,
    )
    return {
        "pd": d.pd_kode,
        "tahun": d.tahun,
        "jenis": d.jenis,
        "perubahan": d.perubahan,
        "diserahkan_pada": d.diserahkan_pada.isoformat(),
        "dicatat_pada": d.dicatat_pada.isoformat(),
        "oleh": d.oleh,
        "saluran": d.saluran,
        "baru": baru,
    }
