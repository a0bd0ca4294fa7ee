"""Report downloads: Lampiran II (xlsx, PDF, JSON) and the ROPP of a sub kegiatan."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import JSONResponse, Response

from api.auth import CurrentPrincipal, Uow, cek_pd, pd_scope, tolak_peran
from api.routes_cascade import node_terlihat
from core import laporan as laporan_mod
from core.akun import Peran
from core.laporan import Laporan
from core.reporting.pdf import tulis_pdf
from core.reporting.xlsx import tulis_xlsx

router = APIRouter(prefix="/api/v1", tags=["laporan"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILE = {200: {"content": {XLSX: {}, "application/pdf": {}}}}
Format = Literal["xlsx", "pdf", "json"]


def _unduhan(lap: Laporan, nama: str, format: Format) -> Response:
    if format == "json":
        return JSONResponse(laporan_mod.laporan_json(lap))
    body, media = (
        (tulis_xlsx(lap), XLSX) if format == "xlsx" else (tulis_pdf(lap), "application/pdf")
    )
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{nama}.{format}"'},
    )


def _aman(teks: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in teks)


@router.get("/laporan/{jenis}", responses=_FILE)
def laporan(
    p: CurrentPrincipal,
    uow: Uow,
    jenis: Literal["bulanan", "program", "sasaran", "daerah"],
    periode: Annotated[str, Query(max_length=16, description="2026-01 atau 2026-Q1")],
    pd: Annotated[str | None, Query(max_length=64)] = None,
    format: Format = "xlsx",
) -> Response:
    """Laporan Lampiran II Pergub 17/2023 (fungsi yang sama dengan CLI dan bot).

    Akun pd: hanya PD-nya; laporan daerah (tingkat provinsi) hanya untuk admin dan Bappeda."""
    if jenis == "daerah" and p.peran == Peran.PD:
        raise tolak_peran(Peran.ADMIN, Peran.BAPPEDA)
    pd = pd_scope(p, pd)
    if jenis != "daerah" and not pd:
        raise HTTPException(422, detail="Parameter pd (kode Perangkat Daerah) wajib diisi.")
    try:
        if jenis == "daerah":
            lap = laporan_mod.laporan_daerah(uow, periode, pd_kode=pd)
        else:
            fungsi = {
                "bulanan": laporan_mod.laporan_bulanan,
                "program": laporan_mod.laporan_program,
                "sasaran": laporan_mod.laporan_sasaran,
            }[jenis]
            lap = fungsi(uow, pd or "", periode)
    except ValueError as exc:
        raise HTTPException(422, detail=str(exc)) from exc
    return _unduhan(lap, _aman(f"laporan-{jenis}-{pd or 'daerah'}-{periode}"), format)


@router.get("/laporan-ropp/{kode}", responses=_FILE)
def laporan_ropp(
    p: CurrentPrincipal,
    uow: Uow,
    kode: Annotated[str, Path(min_length=1, max_length=64, description="Kode sub kegiatan")],
    tahun: Annotated[int, Query(ge=2000, le=2100)],
    format: Format = "xlsx",
) -> Response:
    """ROPP sebuah sub kegiatan (Lampiran I): Tabel 1 triwulanan dan Tabel 2 bulanan."""
    node = node_terlihat(p, uow, tahun, kode)
    cek_pd(p, node.pd_kode)
    try:
        lap = laporan_mod.laporan_ropp(uow, kode, tahun)
    except ValueError as exc:
        raise HTTPException(422, detail=str(exc)) from exc
    return _unduhan(lap, _aman(f"ropp-{kode}-{tahun}"), format)
