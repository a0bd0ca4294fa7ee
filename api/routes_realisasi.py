"""Realisasi: the revision history of a sub kegiatan's month, and submissions or corrections."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api.auth import CurrentPrincipal, Now, Principal, Uow, require_role
from api.routes_cascade import node_terlihat
from api.schemas import RealisasiIn
from core import services
from core.akun import Peran
from core.cascade import Saluran, Tingkat
from core.errors import Masalah, ValidasiError
from core.realisasi import RealisasiInput, RealisasiTersimpan
from core.rollup import Angka

router = APIRouter(prefix="/api/v1", tags=["realisasi"])

PesertaLapor = Annotated[Principal, Depends(require_role(Peran.ADMIN, Peran.PD))]


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else format(x, "f")


def realisasi_json(r: RealisasiTersimpan) -> dict[str, Any]:
    return {
        "sub_kegiatan": r.sub_kegiatan_kode,
        "tahun": r.tahun,
        "bulan": r.bulan,
        "revisi": r.revisi,
        "realisasi_bobot": _dec(r.realisasi_bobot),
        "realisasi_anggaran": _dec(r.realisasi_anggaran),
        "volume_output": {str(k): _dec(v) for k, v in sorted(r.volume_output.items())},
        "kendala": r.kendala,
        "tindak_lanjut": r.tindak_lanjut,
        "dibuat_oleh": r.dibuat_oleh,
        "saluran": r.saluran.value,
        "dibuat_pada": r.dibuat_pada.isoformat(),
        "terlambat": r.terlambat,
    }


def _angka(a: Angka) -> dict[str, Any]:
    ck, ca = a.capaian_kinerja, a.capaian_anggaran
    return {
        "target_bobot": _dec(a.target_bobot),
        "realisasi_bobot": _dec(a.realisasi_bobot),
        "capaian_kinerja": _dec(ck.nilai),
        "kategori_kinerja": ck.kategori.value if ck.kategori else None,
        "target_anggaran": _dec(a.target_anggaran),
        "realisasi_anggaran": _dec(a.realisasi_anggaran),
        "capaian_anggaran": _dec(ca.nilai),
    }


@router.get("/realisasi/{kode}")
def riwayat_realisasi(
    p: CurrentPrincipal,
    uow: Uow,
    kode: Annotated[str, Path(min_length=1, max_length=64, description="Kode sub kegiatan")],
    tahun: Annotated[int, Query(ge=2000, le=2100)],
    bulan: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> list[dict[str, Any]]:
    """Dengan `bulan`: semua revisi bulan itu (riwayat koreksi, Pergub 42/2018 Pasal 28).
    Tanpa `bulan`: revisi terkini tiap bulan."""
    node_terlihat(p, uow, tahun, kode)
    if bulan is not None:
        return [realisasi_json(r) for r in services.realisasi_history(uow, tahun, kode, bulan)]
    with uow:
        latest = uow.repo.latest_realisasi(tahun, kode)
    return [realisasi_json(latest[b]) for b in sorted(latest)]


@router.post("/realisasi", status_code=201)
def lapor_realisasi(p: PesertaLapor, body: RealisasiIn, uow: Uow, now: Now) -> dict[str, Any]:
    """Laporkan realisasi bulanan sebuah sub kegiatan, atau koreksi (revisi baru).

    Admin: semua sub kegiatan; akun pd: hanya sub kegiatan PD-nya. Koreksi (bulan yang sudah
    pernah dilaporkan) wajib menyertakan `alasan`.
    """
    node = node_terlihat(p, uow, body.tahun, body.sub_kegiatan)
    loc = f"Realisasi {body.sub_kegiatan}"
    if node.tingkat != Tingkat.SUB_KEGIATAN:
        raise ValidasiError(
            Masalah(loc, f"{node.kode} adalah {node.tingkat.label}, bukan Sub Kegiatan.")
        )
    with uow:
        sudah = body.bulan in uow.repo.latest_realisasi(body.tahun, body.sub_kegiatan)
    if sudah and not body.alasan:
        raise ValidasiError(
            Masalah(
                "alasan",
                f"bulan {body.bulan} sudah dilaporkan; koreksi wajib menyertakan alasan.",
            )
        )
    hasil = services.submit_realisasi(
        uow,
        RealisasiInput(
            sub_kegiatan_kode=body.sub_kegiatan,
            tahun=body.tahun,
            bulan=body.bulan,
            realisasi_bobot=body.realisasi_bobot,
            realisasi_anggaran=body.realisasi_anggaran,
            volume_output=dict(body.volume_output),
            kendala=body.kendala,
            tindak_lanjut=body.tindak_lanjut,
        ),
        oleh_nip=None,
        oleh_nama=p.label,
        saluran=Saluran.API,
        now=now,
        alasan_koreksi=body.alasan if sudah else None,
    )
    return {
        "tersimpan": realisasi_json(hasil.tersimpan),
        "sebelumnya": realisasi_json(hasil.sebelumnya) if hasil.sebelumnya else None,
        "tenggat": hasil.tenggat.to_json(),
        "bulan": _angka(hasil.bulan),
        "kumulatif": _angka(hasil.kumulatif),
    }
