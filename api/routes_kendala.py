"""Kendala: Bappeda's inbox. List and filter, read a thread, answer (reaches the official in
Telegram through the outbox) and close. Use cases: core.services_kendala."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api.auth import AdminBappeda, CurrentPrincipal, Now, Principal, Uow, cek_pd, pd_scope
from api.schemas import JawabKendalaIn
from core import services_kendala
from core.cascade import Saluran
from core.kendala import Kendala, PesanKendala
from core.services_kendala import Pengirim

router = APIRouter(prefix="/api/v1", tags=["kendala"])

IdKendala = Annotated[int, Path(ge=1, le=2**31 - 1, description="Nomor kendala")]


def kendala_json(k: Kendala) -> dict[str, Any]:
    return {
        "id": k.id,
        "uraian": k.uraian,
        "status": k.status.value,
        "saluran": k.saluran,
        "dibuat_pada": k.dibuat_pada.isoformat(),
        "pelapor_nip": k.pelapor_nip,
        "pelapor_nama": k.pelapor_nama,
        "pelapor_jabatan": k.pelapor_jabatan,
        "pd": k.pd_kode,
        "pd_nama": k.pd_nama,
        "sub_kegiatan": k.node_kode,
        "sub_kegiatan_nama": k.node_nama,
        "periode": k.periode,
        "ditanggapi_pada": k.ditanggapi_pada.isoformat() if k.ditanggapi_pada else None,
        "selesai_pada": k.selesai_pada.isoformat() if k.selesai_pada else None,
        "batas_tindak_lanjut": (
            k.batas_tindak_lanjut.isoformat() if k.batas_tindak_lanjut else None
        ),
    }


def pesan_json(p: PesanKendala) -> dict[str, Any]:
    return {
        "id": p.id,
        "dari": p.dari.value,
        "nama": p.nama,
        "isi": p.isi,
        "saluran": p.saluran,
        "dibuat_pada": p.dibuat_pada.isoformat(),
    }


def _pengirim(p: Principal) -> Pengirim:
    return Pengirim(p.label, Saluran.API, akun_id=p.akun_id)


@router.get("/kendala")
def daftar_kendala(
    p: CurrentPrincipal,
    uow: Uow,
    status: Literal["baru", "ditanggapi", "selesai"] | None = None,
    pd: Annotated[str | None, Query(max_length=64, description="Kode Perangkat Daerah")] = None,
    halaman: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_halaman: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Kotak masuk kendala, terbaru dulu; saring per status dan PD. Akun pd: hanya PD-nya."""
    h = services_kendala.daftar_kendala(
        uow, status=status, pd_kode=pd_scope(p, pd), halaman=halaman, per_halaman=per_halaman
    )
    return {
        "total": h.total,
        "halaman": h.halaman,
        "per_halaman": h.per_halaman,
        "items": [kendala_json(k) for k in h.items],
    }


@router.get("/kendala/{kendala_id}")
def detail_kendala(p: CurrentPrincipal, uow: Uow, kendala_id: IdKendala) -> dict[str, Any]:
    """Satu kendala dengan seluruh percakapannya."""
    d = services_kendala.ambil_kendala(uow, kendala_id)
    cek_pd(p, d.kendala.pd_kode)
    return {**kendala_json(d.kendala), "pesan": [pesan_json(x) for x in d.pesan]}


@router.post("/kendala/{kendala_id}/tanggapan", status_code=201)
def tanggapi(
    p: AdminBappeda, uow: Uow, now: Now, kendala_id: IdKendala, body: JawabKendalaIn
) -> dict[str, Any]:
    """Bappeda menanggapi: status menjadi ditanggapi, batas tindak lanjut 7 hari kerja, dan
    tanggapan diantrekan untuk dikirim ke Telegram pejabat pelapor (`antrean`: nomor antrean)."""
    h = services_kendala.tanggapi_kendala(uow, kendala_id, body.isi, pengirim=_pengirim(p), now=now)
    return {**kendala_json(h.kendala), "pesan": pesan_json(h.pesan), "antrean": list(h.antrean)}


@router.post("/kendala/{kendala_id}/selesai")
def selesai(p: AdminBappeda, uow: Uow, now: Now, kendala_id: IdKendala) -> dict[str, Any]:
    """Tutup kendala (status selesai); pejabat pelapor diberi tahu lewat Telegram."""
    h = services_kendala.selesaikan_kendala(uow, kendala_id, pengirim=_pengirim(p), now=now)
    return {**kendala_json(h.kendala), "antrean": list(h.antrean)}
