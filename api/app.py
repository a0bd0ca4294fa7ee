"""The REST API (FastAPI) at /api/v1. A thin shell over the core use cases.

Every /api/v1 route needs an account (``api.auth``); /health and /ready are public. Errors are JSON
``{"detail": "..."}`` or ``{"detail": [{"lokasi": ..., "pesan": ...}]}``, in Bahasa Indonesia.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import (
    routes_auth,
    routes_capaian,
    routes_cascade,
    routes_kalender,
    routes_laporan,
    routes_master,
    routes_realisasi,
)
from api.auth import Uow, get_uow
from api.routes_capaian import tree_json
from core.audit import BulanTerkunci
from core.calendar import CalendarCoverageError
from core.config import Settings
from core.errors import KonflikError, SakipError, TidakDitemukan, ValidasiError
from core.ports import UnitOfWork

__all__ = ["Uow", "create_app", "get_uow", "ping_engine", "tree_json"]

#: Routers of other areas, included when their module exists: (module, attribute).
_ROUTER_OPSIONAL = (
    ("api.routes_kendala", "router"),
    ("api.routes_audit", "router"),
    ("api.routes_dokumen", "router"),  # PK, KKL, KAK submitted per PD (Pergub 17/2023 Pasal 8-10)
    ("api.dashboard", "router"),  # the dashboard pages (HTML), / and /dashboard/...
)

#: Largest JSON body accepted under /api/ (uploads have their own limit, ``unggah_maks_mb``).
BATAS_JSON = 1024 * 1024
JALUR_UNGGAH = ("/api/v1/impor",)


def create_app(
    uow_factory: Callable[[], UnitOfWork],
    ping: Callable[[], None],
    clock: Callable[[], datetime] | None = None,
    settings: Settings | None = None,
) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="SAKIP Banten API",
        version="1.0.0",
        description=(
            "Capaian kinerja, kepatuhan pelaporan, realisasi, kendala, laporan Lampiran II, tenggat "
            "dan kalender (Pergub Banten 42/2018, Pergub Banten 17/2023).\n\n"
            "Autentikasi: `POST /api/v1/auth/login` (cookie `sakip_sesi`; permintaan yang mengubah "
            "data wajib mengirim header `X-CSRF-Token`) atau `Authorization: Bearer <token API>`. "
            "Peran: admin, bappeda, pd (hanya Perangkat Daerah-nya sendiri)."
        ),
    )
    app.state.uow_factory = uow_factory
    app.state.clock = clock or (lambda: datetime.now(UTC))
    app.state.settings = settings
    _pasang_penanganan_galat(app)
    app.add_middleware(
        BatasUkuran,
        batas_json=BATAS_JSON,
        batas_unggah=settings.unggah_maks_mb * 1024 * 1024,
    )

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

    for r in (
        routes_auth.router,
        routes_master.router,
        routes_cascade.router,
        routes_realisasi.router,
        routes_capaian.router,
        routes_laporan.router,
        routes_kalender.router,
    ):
        app.include_router(r)
    for modul, nama in _ROUTER_OPSIONAL:
        try:
            m = importlib.import_module(modul)
        except ModuleNotFoundError as exc:
            if exc.name != modul:
                raise
            continue
        app.include_router(getattr(m, nama))
    return app


# ---------------------------------------------------------------------------- errors
_PESAN_TIPE: dict[str, str] = {
    "missing": "wajib diisi.",
    "extra_forbidden": "kolom tidak dikenal.",
    "int_parsing": "harus bilangan bulat.",
    "int_type": "harus bilangan bulat.",
    "int_from_float": "harus bilangan bulat.",
    "float_parsing": "harus angka.",
    "float_type": "harus angka.",
    "decimal_parsing": "harus angka (pakai titik sebagai pemisah desimal).",
    "decimal_type": "harus angka.",
    "decimal_max_digits": "terlalu banyak digit.",
    "decimal_max_places": "terlalu banyak angka di belakang koma (maksimal 6).",
    "finite_number": "harus angka terhingga.",
    "string_type": "harus teks.",
    "string_pattern_mismatch": "format tidak sah.",
    "bool_parsing": "harus true atau false.",
    "bool_type": "harus true atau false.",
    "date_parsing": "harus tanggal TTTT-BB-HH.",
    "date_from_datetime_parsing": "harus tanggal TTTT-BB-HH.",
    "date_from_datetime_inexact": "harus tanggal TTTT-BB-HH.",
    "date_type": "harus tanggal TTTT-BB-HH.",
    "model_type": "harus objek JSON.",
    "model_attributes_type": "harus objek JSON.",
    "dict_type": "harus objek JSON.",
    "list_type": "harus daftar.",
    "enum": "nilai tidak dikenal.",
    "value_error": "nilai tidak sah.",
    "url_parsing": "alamat tidak sah.",
}


def pesan_validasi(err: dict[str, Any], body: Any = None) -> str:
    """One Pydantic error in Bahasa Indonesia (``body``: the request body, for where bad JSON is)."""
    tipe = err.get("type", "")
    ctx = err.get("ctx") or {}
    if tipe == "json_invalid":
        return _pesan_json_tidak_sah(err, body)
    if tipe in ("greater_than_equal", "greater_than"):
        return f"minimal {ctx.get('ge', ctx.get('gt'))}."
    if tipe in ("less_than_equal", "less_than"):
        return f"maksimal {ctx.get('le', ctx.get('lt'))}."
    if tipe == "string_too_short":
        return f"terlalu pendek (minimal {ctx.get('min_length')} karakter)."
    if tipe == "string_too_long":
        return f"terlalu panjang (maksimal {ctx.get('max_length')} karakter)."
    if tipe in ("too_long", "too_short"):
        return "jumlah isian tidak sah."
    if tipe == "decimal_whole_digits":
        return f"terlalu besar (paling banyak {ctx.get('whole_digits')} digit sebelum koma)."
    if tipe == "literal_error":
        # Pydantic words the choices in English ("'a', 'b' or 'c'")
        awal, _, akhir = str(ctx.get("expected", "")).rpartition(" or ")
        return f"harus salah satu dari: {f'{awal} atau {akhir}' if awal else akhir}."
    return _PESAN_TIPE.get(tipe, f"nilai tidak sah ({err.get('msg', tipe)}).")


def _pesan_json_tidak_sah(err: dict[str, Any], body: Any) -> str:
    """Bad JSON, with its line and column when known (FastAPI puts the character offset in
    ``loc``), without Python's English reason."""
    pesan = "JSON tidak sah: periksa tanda kutip, koma dan kurung"
    loc = err.get("loc") or ()
    pos = loc[-1] if loc else None
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str) and isinstance(pos, int) and 0 <= pos <= len(body):
        baris = body.count("\n", 0, pos) + 1
        kolom = pos - body.rfind("\n", 0, pos)
        return f"{pesan} pada baris {baris} kolom {kolom}."
    return f"{pesan}."


def _lokasi(loc: Any) -> str:
    parts = [str(x) for x in (loc or ())]
    return ".".join(parts)


def _pasang_penanganan_galat(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={
                "detail": [
                    {"lokasi": _lokasi(e.get("loc")), "pesan": pesan_validasi(e, exc.body)}
                    for e in exc.errors()
                ]
            },
        )

    @app.exception_handler(ValidasiError)
    async def _validasi(_: Request, exc: ValidasiError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": [{"lokasi": m.lokasi, "pesan": m.pesan} for m in exc.masalah]},
        )

    @app.exception_handler(BulanTerkunci)
    async def _terkunci(_: Request, exc: BulanTerkunci) -> JSONResponse:
        # a month Bappeda locked: a rule of the domain (409), not bad input; same body as a 422
        return JSONResponse(
            status_code=409,
            content={"detail": [{"lokasi": m.lokasi, "pesan": m.pesan} for m in exc.masalah]},
        )

    @app.exception_handler(TidakDitemukan)
    async def _not_found(_: Request, exc: SakipError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(KonflikError)
    async def _konflik(_: Request, exc: SakipError) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(SakipError)
    async def _sakip(_: Request, exc: SakipError) -> JSONResponse:
        # domain refusals not covered above (e.g. a month locked by Bappeda): a conflict
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(CalendarCoverageError)
    async def _kalender(_: Request, exc: CalendarCoverageError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = (
            _TERJEMAHAN.get(str(exc.detail), exc.detail) if exc.status_code >= 400 else exc.detail
        )
        if exc.status_code >= 400 and _jalur_dasbor(request.url.path):
            # an unknown dashboard address (or a wrong method): the dashboard's HTML error page
            halaman = _halaman_galat_dasbor(request, exc.status_code, str(detail))
            if halaman is not None:
                if exc.headers:
                    halaman.headers.update(exc.headers)
                return halaman
        return JSONResponse(
            status_code=exc.status_code, content={"detail": detail}, headers=exc.headers
        )


def _jalur_dasbor(path: str) -> bool:
    return path == "/dashboard" or path.startswith("/dashboard/")


def _halaman_galat_dasbor(request: Request, status: int, pesan: str) -> Response | None:
    """The dashboard's error page (galat.html) for an HTTP error on one of its paths; None when the
    dashboard is not installed (``_ROUTER_OPSIONAL``)."""
    try:
        dasbor = importlib.import_module("api.dashboard")
    except ModuleNotFoundError as exc:
        if exc.name != "api.dashboard":
            raise
        return None
    halaman: Response = dasbor.halaman_galat_http(request, status, pesan)
    return halaman


_TERJEMAHAN = {
    "Not Found": "Alamat tidak ditemukan.",
    "Method Not Allowed": "Metode tidak diizinkan untuk alamat ini.",
    "Not authenticated": "Belum masuk.",
}


# ---------------------------------------------------------------------------- body size
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BatasUkuran:
    """Refuse request bodies above a limit with 413 before the app reads them, and NUL characters
    in /api/ paths, query strings and JSON bodies with 422 (PostgreSQL text cannot store them).

    Under /api/ the limit is ``batas_json`` except for the upload paths; elsewhere (dashboard
    forms with uploads) it is ``batas_unggah``. The body is read up to the limit and replayed.
    """

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        batas_json: int,
        batas_unggah: int,
    ) -> None:
        self.app = app
        self.batas_json = batas_json
        self.batas_unggah = batas_unggah

    def _batas(self, path: str) -> int:
        if path.startswith("/api/") and path not in JALUR_UNGGAH:
            return self.batas_json
        return self.batas_unggah + 64 * 1024  # multipart overhead

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")
        if api and (
            "\x00" in scope["path"]
            or b"%00" in scope.get("query_string", b"")
            or b"\x00" in scope.get("query_string", b"")
        ):
            await _tolak(send, 422, PESAN_NUL)  # PostgreSQL text cannot hold NUL
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        batas = self._batas(scope["path"])
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                try:
                    panjang = int(v)
                except ValueError:
                    panjang = 0
                if panjang > batas:
                    await _tolak_besar(send, batas)
                    return
        chunks: list[bytes] = []
        total = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body = msg.get("body", b"")
            total += len(body)
            if total > batas:
                await _tolak_besar(send, batas)
                return
            chunks.append(body)
            if not msg.get("more_body", False):
                break
        data = b"".join(chunks)
        if api and not _multipart(scope) and (b"\\u0000" in data or b"\x00" in data):
            await _tolak(send, 422, PESAN_NUL)
            return
        terkirim = False

        async def replay() -> Message:
            nonlocal terkirim
            if not terkirim:
                terkirim = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


PESAN_NUL = "Masukan memuat karakter NUL (\\u0000) yang tidak diizinkan."


def _multipart(scope: Scope) -> bool:
    for k, v in scope.get("headers", ()):
        if k == b"content-type":
            return bytes(v).lower().startswith(b"multipart/")
    return False


async def _tolak_besar(send: Send, batas: int) -> None:
    mb = batas / 2**20
    teks = f"{mb:.0f} MB" if mb >= 1 else f"{batas // 1024} KB"
    await _tolak(send, 413, f"Data terlalu besar (maksimal {teks}).")


async def _tolak(send: Send, status: int, pesan: str) -> None:
    resp = JSONResponse(status_code=status, content={"detail": pesan})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(k.encode(), v.encode()) for k, v in resp.headers.items()],
        }
    )
    await send({"type": "http.response.body", "body": resp.body})


def ping_engine(engine: Any) -> Callable[[], None]:
    def _ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    return _ping
