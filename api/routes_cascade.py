"""The cascade (tujuan -> ... -> sub kegiatan), ROPP, and uploading an import workbook."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from api.auth import AdminOnly, CurrentPrincipal, Now, Principal, Uow, cek_pd, pd_scope
from core.akun import Peran
from core.cascade import CascadeNode
from core.excel.reader import BatasBerkas
from core.impor import impor_workbook
from core.ropp import Ropp

router = APIRouter(prefix="/api/v1")

Tahun = Annotated[int, Query(ge=2000, le=2100, description="Tahun anggaran")]
KodeNode = Annotated[str, Path(min_length=1, max_length=64, description="Kode simpul")]


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else format(x, "f")


def node_json(n: CascadeNode) -> dict[str, Any]:
    return {
        "kode": n.kode,
        "tingkat": n.tingkat.value,
        "nama": n.nama,
        "induk": n.induk_kode,
        "pd": n.pd_kode,
        "bobot_relatif": _dec(n.bobot_relatif),
        "pagu": _dec(n.pagu),
        "penanggung_jawab": n.penanggung_jawab_nip,
        "indikator": [
            {
                "urutan": i,
                "kode": ind.kode,
                "uraian": ind.uraian,
                "satuan": ind.satuan,
                "target_tahunan": _dec(ind.target_tahunan),
                # Tw I..IV (Pergub 17/2023 Lampiran II, Rencana Kinerja Triwulanan); null: not set
                "target_triwulan": [_dec(t) for t in ind.target_triwulan],
                "arah": ind.arah.value,
                "penanggung_jawab": ind.penanggung_jawab_nip,
                "anak": list(ind.anak_kode),
            }
            for i, ind in enumerate(n.indikator, start=1)
        ],
    }


def ropp_json(r: Ropp) -> dict[str, Any]:
    return {
        "sub_kegiatan": r.sub_kegiatan_kode,
        "tahun": r.tahun,
        "pagu": _dec(r.pagu),
        "bulan": [
            {
                "bulan": b.bulan,
                "target_bobot": _dec(b.target_bobot),
                "anggaran_kas": _dec(b.anggaran_kas),
                "output": [
                    {
                        "uraian": o.uraian,
                        "bobot": _dec(o.bobot),
                        "volume": _dec(o.volume),
                        "satuan": o.satuan,
                    }
                    for o in b.outputs
                ],
            }
            for b in r.bulan
        ],
    }


def node_terlihat(p: Principal, uow: Uow, tahun: int, kode: str) -> CascadeNode:
    """The node, 404 when unknown; 403 when a pd account reaches for another PD's node."""
    with uow:
        node = uow.repo.get_node(tahun, kode)
    if node is None:
        if p.peran == Peran.PD:
            cek_pd(p, None)  # do not reveal which codes exist elsewhere
        raise HTTPException(404, detail=f"Kode {kode} tidak ada pada tahun {tahun}.")
    cek_pd(p, node.pd_kode)
    return node


@router.get("/cascade", tags=["cascade"])
def cascade(
    p: CurrentPrincipal,
    uow: Uow,
    tahun: Tahun,
    pd: Annotated[str | None, Query(max_length=64, description="Kode Perangkat Daerah")] = None,
) -> list[dict[str, Any]]:
    """Simpul cascade setahun (tujuan sampai sub kegiatan) dengan indikatornya.

    Dengan `pd`: hanya simpul Perangkat Daerah itu. Akun pd selalu hanya PD-nya.
    """
    pd = pd_scope(p, pd)
    with uow:
        if pd is not None and uow.repo.get_pd(pd) is None:
            raise HTTPException(404, detail=f"Perangkat Daerah {pd} tidak dikenal.")
        nodes = uow.repo.list_nodes(tahun)
    return [node_json(n) for n in nodes if pd is None or n.pd_kode == pd]


@router.get("/cascade/{kode}", tags=["cascade"])
def cascade_node(p: CurrentPrincipal, uow: Uow, kode: KodeNode, tahun: Tahun) -> dict[str, Any]:
    """Satu simpul cascade."""
    return node_json(node_terlihat(p, uow, tahun, kode))


@router.get("/ropp/{kode}", tags=["cascade"])
def ropp(p: CurrentPrincipal, uow: Uow, kode: KodeNode, tahun: Tahun) -> dict[str, Any]:
    """ROPP sebuah sub kegiatan (rencana bulanan bobot, anggaran kas dan output)."""
    node_terlihat(p, uow, tahun, kode)
    with uow:
        r = uow.repo.get_ropp(tahun, kode)
    if r is None:
        raise HTTPException(404, detail=f"Sub kegiatan {kode} belum mempunyai ROPP tahun {tahun}.")
    return ropp_json(r)


# ---------------------------------------------------------------------------- import upload
_NAMA_AMAN = re.compile(r"[^A-Za-z0-9._ -]")


def nama_berkas_aman(nama: str | None) -> str:
    """A safe file name, or 422 for names that try to leave the folder (``../``, ``/``, ``\\``)."""
    if not nama:
        raise HTTPException(422, detail="Nama berkas wajib ada.")
    if (
        "/" in nama
        or "\\" in nama
        or ".." in nama
        or "\x00" in nama
        or ":" in nama
        or nama.startswith(".")
    ):
        raise HTTPException(
            422,
            detail="Nama berkas tidak sah: tidak boleh memuat '/', '\\', ':', '..' atau diawali "
            "titik.",
        )
    bersih = _NAMA_AMAN.sub("_", unicodedata.normalize("NFKC", nama)).strip()[:128]
    if not bersih.lower().endswith(".xlsx"):
        raise HTTPException(422, detail="Berkas impor harus berformat .xlsx (templat SAKIP).")
    return bersih


@router.post("/impor", tags=["cascade"])
async def impor(
    p: AdminOnly,
    request: Request,
    uow: Uow,
    now: Now,
    berkas: Annotated[UploadFile, File(description="Workbook impor (.xlsx, templat SAKIP)")],
    tahun: Annotated[int, Form(ge=2000, le=2100)],
    dry_run: Annotated[bool, Form(description="Hanya periksa, jangan simpan")] = False,
) -> dict[str, Any]:
    """Unggah workbook impor: semua galat dilaporkan (lembar, baris, kolom); bila ada galat tidak
    ada yang disimpan. `dry_run=true` hanya memeriksa."""
    nama = nama_berkas_aman(berkas.filename)
    maks = request.app.state.settings.unggah_maks_mb * 1024 * 1024
    data = await berkas.read(maks + 1)
    if len(data) > maks:
        raise HTTPException(413, detail=f"Berkas terlalu besar (maksimal {maks // 2**20} MB).")
    if not data:
        raise HTTPException(422, detail="Berkas kosong.")
    hasil = await run_in_threadpool(
        lambda: impor_workbook(
            uow, data, tahun, dry_run=dry_run, now=now, oleh=p.label, batas=BatasBerkas(maks)
        )
    )
    return {
        "berkas": nama,
        "tahun": hasil.tahun,
        "dry_run": hasil.dry_run,
        "ditulis": hasil.ditulis,
        "jumlah_baris": dict(hasil.jumlah_baris),
        "berubah": hasil.berubah,
        "perubahan": [
            {
                "entitas": x.entitas,
                "kode": x.kode,
                "kolom": x.kolom,
                "lama": x.nilai_lama,
                "baru": x.nilai_baru,
            }
            for x in hasil.perubahan[:1000]
        ],
    }
