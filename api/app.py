"""The REST API (FastAPI). A thin shell over core.services; one unit of work per request."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from core import laporan as laporan_mod
from core import services
from core.errors import SakipError, TidakDitemukan, ValidasiError
from core.periode import Periode
from core.ports import UnitOfWork
from core.reporting.pdf import tulis_pdf
from core.reporting.xlsx import tulis_xlsx
from core.rollup import HasilSimpul


def get_uow(request: Request) -> UnitOfWork:
    """One unit of work (one session) per request."""
    factory: Callable[[], UnitOfWork] = request.app.state.uow_factory
    return factory()


Uow = Annotated[UnitOfWork, Depends(get_uow)]


def create_app(uow_factory: Callable[[], UnitOfWork], ping: Callable[[], None]) -> FastAPI:
    app = FastAPI(
        title="SAKIP Banten API",
        version="0.1.0",
        description="Capaian kinerja, tenggat pelaporan dan data pejabat (Pergub 42/2018, Pergub 17/2023).",
    )
    app.state.uow_factory = uow_factory

    @app.exception_handler(ValidasiError)
    async def _validasi(_: Request, exc: ValidasiError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": [{"lokasi": m.lokasi, "pesan": m.pesan} for m in exc.masalah]},
        )

    @app.exception_handler(TidakDitemukan)
    async def _not_found(_: Request, exc: SakipError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.get("/health", tags=["sistem"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", tags=["sistem"])
    def ready() -> dict[str, str]:
        try:
            ping()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            raise HTTPException(503, detail=f"Basis data belum siap: {type(exc).__name__}") from exc
        return {"status": "siap"}

    @app.get("/api/v1/tenggat", tags=["kalender"])
    def tenggat(uow: Uow, tahun: Annotated[int, Query(ge=2000, le=2100)]) -> list[dict[str, str]]:
        return [t.to_json() for t in services.list_deadlines(uow, tahun)]

    @app.get("/api/v1/pejabat", tags=["pejabat"])
    def pejabat(uow: Uow, pd: str | None = None) -> list[dict[str, Any]]:
        return [
            {
                "nip": p.nip,
                "nama": p.nama,
                "jabatan": p.jabatan,
                "eselon": p.eselon,
                "pd": p.pd_kode,
            }
            for p in services.list_pejabat(uow, pd)
        ]

    @app.get("/api/v1/capaian", tags=["capaian"])
    def capaian(
        uow: Uow,
        periode: Annotated[str, Query(description="2026-01, 2026-01-sd, 2026-Q1 atau 2026")],
        kode: str | None = None,
        kedalaman: Annotated[int, Query(ge=0, le=8)] = 1,
    ) -> dict[str, Any]:
        try:
            p = Periode.parse(periode)
        except (ValueError, TypeError) as exc:
            raise HTTPException(422, detail=str(exc)) from exc
        tree = services.build_capaian_tree(uow, p.tahun, p)
        node = tree.cari(kode) if kode else tree
        if node is None:
            raise HTTPException(404, detail=f"Kode {kode} tidak ada pada tahun {p.tahun}.")
        return {"periode": p.kode, "label": p.label, "hasil": tree_json(node, kedalaman)}

    @app.get(
        "/api/v1/laporan/{jenis}",
        tags=["laporan"],
        responses={200: {"content": {_XLSX: {}, "application/pdf": {}}}},
    )
    def laporan(
        uow: Uow,
        jenis: Literal["bulanan", "program", "sasaran", "daerah"],
        periode: Annotated[str, Query(max_length=16, description="2026-01 atau 2026-Q1")],
        pd: Annotated[str | None, Query(max_length=64)] = None,
        format: Literal["xlsx", "pdf", "json"] = "xlsx",
    ) -> Response:
        """Laporan Lampiran II Pergub 17/2023, the same functions the CLI and the bot use."""
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
        if format == "json":
            return JSONResponse(laporan_mod.laporan_json(lap))
        nama = f"laporan-{jenis}-{pd or 'daerah'}-{periode}.{format}"
        body, media = (
            (tulis_xlsx(lap), _XLSX) if format == "xlsx" else (tulis_pdf(lap), "application/pdf")
        )
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{nama}"'},
        )

    return app


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def ping_engine(engine: Any) -> Callable[[], None]:
    def _ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    return _ping
