"""Capaian of any node for any period, and the PD x month compliance matrix."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api.auth import CurrentPrincipal, Now, Uow, pd_scope, tolak_pd
from core import services, services_akun
from core.akun import Peran
from core.periode import Periode
from core.rollup import HasilSimpul

router = APIRouter(prefix="/api/v1")


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else format(x, "f")


def tree_json(node: HasilSimpul, depth: int) -> dict[str, Any]:
    a = node.angka
    ck, ca = a.capaian_kinerja, a.capaian_anggaran
    out: dict[str, Any] = {
        "kode": node.kode,
        "nama": node.nama,
        "tingkat": node.tingkat,
        "target_bobot": _dec(a.target_bobot),
        "realisasi_bobot": _dec(a.realisasi_bobot),
        "capaian_kinerja": _dec(ck.nilai),
        "kategori_kinerja": ck.kategori.value if ck.kategori else None,
        "alasan_kinerja": ck.alasan,
        "target_anggaran": _dec(a.target_anggaran),
        "realisasi_anggaran": _dec(a.realisasi_anggaran),
        "capaian_anggaran": _dec(ca.nilai),
        "dilaporkan": a.dilaporkan,
        "wajib_lapor": a.wajib_lapor,
    }
    if depth > 0:
        out["anak"] = [tree_json(c, depth - 1) for c in node.anak]
    return out


def parse_periode(periode: str) -> Periode:
    try:
        return Periode.parse(periode)
    except (ValueError, TypeError) as exc:
        raise HTTPException(422, detail=str(exc)) from exc


@router.get("/capaian", tags=["capaian"])
def capaian(
    p: CurrentPrincipal,
    uow: Uow,
    periode: Annotated[
        str, Query(max_length=16, description="2026-01, 2026-01-sd, 2026-Q1 atau 2026")
    ],
    kode: Annotated[
        str | None,
        Query(max_length=64, description="Kode simpul atau PD (bawaan: provinsi)"),
    ] = None,
    kedalaman: Annotated[int, Query(ge=0, le=8)] = 1,
) -> dict[str, Any]:
    """Capaian kinerja dan anggaran sebuah simpul (PD, sasaran, program, kegiatan, sub kegiatan)
    untuk sebuah periode, dengan kategori Tabel B.2. Akun pd: hanya simpul di PD-nya (bawaan:
    PD-nya)."""
    pr = parse_periode(periode)
    tree = services.build_capaian_tree(uow, pr.tahun, pr)
    if p.peran == Peran.PD:
        own = pd_scope(p, None)
        pd_node = next((c for c in tree.anak if c.kode == own), None)
        kode = kode or own
        if pd_node is None and kode == own:
            raise HTTPException(
                404, detail=f"Belum ada cascade Perangkat Daerah {own} pada tahun {pr.tahun}."
            )
        node = pd_node.cari(kode) if pd_node is not None and kode is not None else None
        if node is None:  # another PD's node, or one that does not exist: nothing is revealed
            raise tolak_pd(p)
    else:
        node = tree.cari(kode) if kode else tree
    if node is None:
        raise HTTPException(404, detail=f"Kode {kode} tidak ada pada tahun {pr.tahun}.")
    return {"periode": pr.kode, "label": pr.label, "hasil": tree_json(node, kedalaman)}


@router.get("/kepatuhan", tags=["capaian"])
def kepatuhan(
    p: CurrentPrincipal,
    uow: Uow,
    now: Now,
    tahun: Annotated[int, Query(ge=2000, le=2100)],
    pd: Annotated[str | None, Query(max_length=64, description="Kode Perangkat Daerah")] = None,
) -> dict[str, Any]:
    """Matriks kepatuhan PD x bulan: `tepat_waktu`, `terlambat`, `belum` (null: tidak ada yang
    wajib dilaporkan bulan itu), per hari ini. Akun pd: hanya PD-nya."""
    return services_akun.matriks_kepatuhan(uow, tahun, now, pd_scope(p, pd)).to_json()
