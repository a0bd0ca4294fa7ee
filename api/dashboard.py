"""Bappeda's dashboard: server-rendered pages (Jinja2, Bahasa Indonesia) over the core use cases.

Pages (all behind the login; every form carries the session's CSRF token):

* ``/dashboard`` Ringkasan: capaian of the province per PD with the Tabel B.2 category (Pergub 42/2018
  Lampiran) and the ranking (Pasal 14: reward and recognition);
* ``/dashboard/kepatuhan``: the PD x month compliance matrix (Pergub 17/2023 Pasal 15(4));
* ``/dashboard/capaian``: drill-down provinsi -> PD -> sasaran -> program -> kegiatan -> sub kegiatan,
  with charts (PNG from core.reporting.charts), and for a sub kegiatan its ROPP, realisasi history,
  bukti dukung and audit trail (Pergub 42/2018 Pasal 28);
* ``/dashboard/kendala``: the inbox, a thread and the answer form;
* ``/dashboard/dokumen``: PK, KKL and KAK of every PD for a year (deadline, Kepala PD, submitted or
  not) and the form that records a submission (Pergub 17/2023 Pasal 8-10; admin and bappeda for any
  PD, a pd account for its own), through ``core.services_dokumen`` like the API;
* ``/dashboard/unduh``: forms for the Lampiran II downloads of ``/api/v1/laporan/{jenis}``;
* ``/dashboard/kelola`` (admin, bappeda): import workbook, link codes, calendar overrides, APBD dates
  and the reminder plan of a day.

A ``pd`` account sees only its own Perangkat Daerah. The session is the cookie ``sakip_sesi`` made by
``core.services_akun.login`` (the same cookie the REST API accepts). The login form itself is
protected by a double-submit CSRF cookie. A thin shell: no rule lives here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from api.auth import COOKIE_SESI, get_now, hapus_cookie_sesi, pasang_cookie_sesi
from core import services, services_akun
from core.akun import KebijakanLogin, Peran, token_baru
from core.akun import csrf_sama as _csrf_sama
from core.audit import BulanTerkunci
from core.calendar import WIB, local_date
from core.capaian import urut_peringkat
from core.errors import SakipError, TidakDitemukan, ValidasiError
from core.excel import BatasBerkas
from core.holiday_source import HolidayOverride
from core.impor import ImporDitolak, impor_workbook
from core.periode import NAMA_BULAN, Periode
from core.ports import UnitOfWork
from core.rating import BATAS_BAWAH, Kategori, kategori
from core.reporting import charts
from core.rollup import BulanAngka, HasilSimpul

__all__ = ["PREFIX", "router"]

PREFIX = "/dashboard"
COOKIE_CSRF_MASUK = "sakip_csrf_masuk"
_DIR = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=_DIR / "templates")
STATIC_DIR = _DIR / "static"
_MB = 1024 * 1024
#: matplotlib figures are built without pyplot, but the chart module caches a text renderer.
_KUNCI_GRAFIK = threading.Lock()


# ---------------------------------------------------------------------------- request plumbing
def _uow(request: Request) -> UnitOfWork:
    """One unit of work per request (the same factory as the REST API)."""
    factory: Callable[[], UnitOfWork] = request.app.state.uow_factory
    return factory()


Uow = Annotated[UnitOfWork, Depends(_uow)]


def _now(request: Request) -> datetime:
    return get_now(request)


def _setting(request: Request, nama: str, bawaan: Any) -> Any:
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, nama, bawaan) if settings is not None else bawaan


class PerluMasuk(Exception):
    """No valid session: pages redirect to the login form, images answer 401."""

    def __init__(self, lanjut: str) -> None:
        super().__init__("perlu masuk")
        self.lanjut = lanjut


class Ditolak(Exception):
    """An HTML error page with a status (403 forbidden, 404, 422 bad input)."""

    def __init__(self, status: int, judul: str, pesan: str) -> None:
        super().__init__(pesan)
        self.status, self.judul, self.pesan = status, judul, pesan


@dataclass(frozen=True)
class Pengguna:
    """The logged-in account of this request."""

    akun: services_akun.AkunInfo
    csrf: str

    @property
    def pd(self) -> str | None:
        """The only PD this account may see (None: the whole province)."""
        if self.akun.peran == Peran.PD:
            return self.akun.pd_kode or ""  # a pd account without a PD sees nothing
        return None

    @property
    def boleh_kelola(self) -> bool:
        return self.akun.peran in (Peran.ADMIN, Peran.BAPPEDA)


def _lanjut_dari(request: Request) -> str:
    path = request.url.path
    return path + (f"?{request.url.query}" if request.url.query else "")


def pengguna(request: Request, uow: Uow) -> Pengguna:
    token = request.cookies.get(COOKIE_SESI)
    sesi = services_akun.verify_session(uow, token, _now(request)) if token else None
    if sesi is None:
        raise PerluMasuk(_lanjut_dari(request))
    return Pengguna(sesi.akun, sesi.csrf)


Masuk = Annotated[Pengguna, Depends(pengguna)]
Csrf = Annotated[str, Form(max_length=256)]


def _cek_csrf(p: Pengguna, csrf: str) -> None:
    if not _csrf_sama(csrf, p.csrf):
        raise Ditolak(
            403,
            "Formulir kedaluwarsa",
            "Token keamanan (CSRF) formulir tidak cocok. Muat ulang halaman lalu kirim lagi.",
        )


def _wajib_kelola(p: Pengguna) -> None:
    if not p.boleh_kelola:
        raise Ditolak(403, "Akses ditolak", "Halaman ini hanya untuk admin dan Bappeda.")


def _lanjut_aman(lanjut: str | None) -> str:
    """Only a path inside the dashboard (no open redirect). Dot segments are resolved first, as a
    browser would (also ``%2e%2e``), so ``/dashboard/../api/v1/pd`` falls back to the dashboard."""
    if not lanjut or not lanjut.startswith("/") or lanjut.startswith("//") or "\\" in lanjut:
        return PREFIX
    bagian = urlsplit(lanjut)
    if bagian.scheme or bagian.netloc:
        return PREFIX
    segmen: list[str] = []
    for s in bagian.path.split("/"):
        asli = unquote(s)
        if "/" in asli or "\\" in asli:
            return PREFIX
        if asli == "..":
            if segmen:
                segmen.pop()
        elif asli not in ("", "."):
            segmen.append(s)
    path = "/" + "/".join(segmen)
    if path != PREFIX and not path.startswith(PREFIX + "/"):
        return PREFIX
    return urlunsplit(("", "", path, bagian.query, bagian.fragment))


# ---------------------------------------------------------------------------- formatting
def _desimal(x: Decimal | int | None, digit: int = 2) -> str:
    """Indonesian notation: 1.234.567,89 (``desimal(0)`` for counts: 14.445)."""
    if x is None:
        return "–"
    x = Decimal(x)
    q = x.quantize(Decimal(1).scaleb(-digit), rounding=ROUND_HALF_UP) if digit else x.quantize(1)
    teks = f"{q:,.{digit}f}"
    return teks.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _persen(x: Decimal | None) -> str:
    return "–" if x is None else f"{_desimal(x)}%"


def _rupiah(x: Decimal | None) -> str:
    return "–" if x is None else f"Rp {_desimal(x, 0)}"


def _waktu(x: datetime | None) -> str:
    if x is None:
        return "–"
    w = x.astimezone(WIB)
    return f"{w.day} {NAMA_BULAN[w.month][:3]} {w.year} {w:%H:%M} WIB"


def _tanggal(x: date | None) -> str:
    return "–" if x is None else f"{x.day} {NAMA_BULAN[x.month]} {x.year}"


TEMPLATES.env.filters["desimal"] = _desimal
TEMPLATES.env.filters["persen"] = _persen
TEMPLATES.env.filters["rupiah"] = _rupiah
TEMPLATES.env.filters["waktu"] = _waktu
TEMPLATES.env.filters["tanggal"] = _tanggal
TEMPLATES.env.globals["NAMA_BULAN"] = NAMA_BULAN
TEMPLATES.env.globals["PREFIX"] = PREFIX


@dataclass(frozen=True)
class Nilai:
    """A capaian with its Tabel B.2 category (or the reason there is none)."""

    nilai: Decimal | None
    kategori: Kategori | None
    alasan: str | None

    @property
    def warna(self) -> str:
        return self.kategori.warna if self.kategori else "#eceff1"

    @property
    def label(self) -> str:
        return self.kategori.label if self.kategori else (self.alasan or "tidak ada capaian")


def _nilai(c: Any) -> Nilai:
    return Nilai(c.nilai, kategori(c.nilai) if c.nilai is not None else None, c.alasan)


def _legenda() -> list[tuple[str, str, str]]:
    out = []
    batas = list(BATAS_BAWAH.items())
    for i, (kat, bawah) in enumerate(batas):
        atas = f"–{batas[i - 1][1] - 1}" if i else " ke atas"
        out.append((kat.label, kat.warna, f"{bawah}{atas}"))
    out.append(
        (Kategori.SANGAT_RENDAH.label, Kategori.SANGAT_RENDAH.warna, f"≤ {batas[-1][1] - 1}")
    )
    return out


def _render(
    request: Request,
    nama: str,
    p: Pengguna | None,
    konteks: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    konteks = {
        "pengguna": p,
        "aktif": konteks.get("aktif", ""),
        "legenda": _legenda(),
        **konteks,
    }
    resp = TEMPLATES.TemplateResponse(request, nama, konteks, status_code=status)
    resp.headers["Cache-Control"] = "no-store"
    return resp


# ---------------------------------------------------------------------------- periods
def _periode_bawaan(now: datetime) -> Periode:
    """Year to date up to the last month whose report is due: s.d. last month."""
    hari = local_date(now)
    if hari.month == 1:
        return Periode.kumulatif(hari.year - 1, 12)
    return Periode.kumulatif(hari.year, hari.month - 1)


def _periode(kode: str | None, now: datetime) -> Periode:
    if not kode:
        return _periode_bawaan(now)
    try:
        return Periode.parse(kode[:16])
    except ValueError as exc:
        raise Ditolak(422, "Periode tidak dikenal", str(exc)) from exc


def _pilihan_periode(p: Periode, now: datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped <option>s for every period of the shown years."""
    tahun_ini = local_date(now).year
    grup: list[tuple[str, list[tuple[str, str]]]] = []
    for th in sorted({p.tahun, tahun_ini, tahun_ini - 1}, reverse=True):
        opsi = [(Periode.tahunan(th).kode, f"Tahun {th}")]
        opsi += [(Periode.triwulan(th, q).kode, Periode.triwulan(th, q).label) for q in range(1, 5)]
        opsi += [
            (Periode.kumulatif(th, b).kode, Periode.kumulatif(th, b).label) for b in range(1, 13)
        ]
        opsi += [(Periode.bulanan(th, b).kode, Periode.bulanan(th, b).label) for b in range(1, 13)]
        grup.append((str(th), opsi))
    return grup


# ---------------------------------------------------------------------------- tree helpers
def _jalur(akar: HasilSimpul, kode: str) -> list[HasilSimpul] | None:
    """The nodes from the root to the first node (pre-order) with ``kode``."""
    tumpukan: list[tuple[HasilSimpul, int]] = [(akar, 0)]
    jalur: list[HasilSimpul] = []
    while tumpukan:
        node, depth = tumpukan.pop()
        del jalur[depth:]
        jalur.append(node)
        if node.kode == kode:
            return jalur
        tumpukan.extend((a, depth + 1) for a in reversed(node.anak))
    return None


@dataclass(frozen=True)
class BarisPd:
    peringkat: int | None
    kode: str
    nama: str
    kinerja: Nilai
    anggaran: Nilai
    dilaporkan: int
    wajib_lapor: int


def _peringkat(provinsi: HasilSimpul) -> list[BarisPd]:
    """PDs by capaian kinerja, highest first; no capaian: unranked. Values equal as shown (two
    decimals) share a rank, as the page's note says (:func:`core.capaian.urut_peringkat`)."""
    return [
        BarisPd(
            rank,
            h.kode,
            h.nama,
            _nilai(h.capaian_kinerja),
            _nilai(h.capaian_anggaran),
            h.angka.dilaporkan,
            h.angka.wajib_lapor,
        )
        for h, rank in urut_peringkat(
            provinsi.anak, lambda h: h.capaian_kinerja.nilai, lambda h: h.nama
        )
    ]


_TINGKAT_LABEL = {
    "provinsi": "Provinsi",
    "pd": "Perangkat Daerah",
    "sasaran_pd": "Sasaran PD",
    "indikator": "Indikator",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub Kegiatan",
}
TEMPLATES.env.globals["TINGKAT_LABEL"] = _TINGKAT_LABEL


def _tree(uow: UnitOfWork, p: Periode) -> HasilSimpul:
    try:
        return services.build_capaian_tree(uow, p.tahun, p)
    except ValidasiError as exc:
        raise Ditolak(422, "Periode tidak sesuai", str(exc)) from exc


def _q(**kw: Any) -> str:
    return urlencode({k: v for k, v in kw.items() if v is not None})


TEMPLATES.env.globals["q"] = _q


# ---------------------------------------------------------------------------- router
class _RuteDasbor(APIRoute):
    """Turns the dashboard's own exceptions into pages, so the router needs no app-level handler:
    no session -> the login form (401 for images and forms), :class:`Ditolak` -> an error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        asli = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await asli(request)
            except PerluMasuk as exc:
                return _perlu_masuk(request, exc)
            except Ditolak as exc:
                return _render(
                    request,
                    "galat.html",
                    None,
                    {"judul": exc.judul, "pesan": exc.pesan},
                    exc.status,
                )
            except RequestValidationError as exc:
                return _isian_tidak_sah(request, exc)

        return handler


#: Form and query fields by their name on the page, for the messages of a refused request.
_NAMA_ISIAN = {
    "tanggal": "Tanggal",
    "jenis": "Jenis",
    "keterangan": "Keterangan",
    "tahun": "Tahun",
    "bulan": "Bulan",
    "nip": "NIP",
    "kode": "Kode",
    "periode": "Periode",
    "pd": "Perangkat Daerah",
    "aksi": "Aksi",
    "perubahan": "Perubahan APBD",
    "isi": "Isi tanggapan",
    "alasan": "Alasan",
    "halaman": "Halaman",
    "berkas": "Berkas",
    "koreksi": "Bulan koreksi",
    "bukti_id": "Nomor bukti dukung",
    "kendala_id": "Nomor kendala",
}


def _kembali_ke_halaman(path: str) -> dict[str, str] | None:
    """The error page's way back to the page whose form or query was refused (besides Ringkasan)."""
    if path.startswith(f"{PREFIX}/dokumen"):
        return {"label": "Kembali ke Dokumen", "url": f"{PREFIX}/dokumen"}
    return None


def _isian_tidak_sah(request: Request, exc: RequestValidationError) -> Response:
    """Bad form or query fields (an invalid date, a month 13, ...) on a dashboard route: an HTML page
    in Bahasa Indonesia instead of the API's JSON 422. A Kelola form is shown again with the errors.
    The session was already checked (dependencies run before the fields are validated)."""
    from api.app import pesan_validasi

    pesan = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        nama = _NAMA_ISIAN.get(loc[-1], loc[-1]) if loc else ""
        pesan.append(f"{nama}: {pesan_validasi(e)}" if nama else pesan_validasi(e))
    p = _pengguna_opsional(request)
    if p is not None and p.boleh_kelola and request.url.path.startswith(f"{PREFIX}/kelola"):
        uow = _uow(request)
        return _kelola_galat(request, uow, p, pesan)
    return _render(
        request,
        "galat.html",
        p,
        {
            "judul": "Isian tidak sah",
            "pesan": " ".join(pesan),
            "daftar": pesan,
            "tidak_disimpan": request.method != "GET",
            "kembali": _kembali_ke_halaman(request.url.path),
        },
        422,
    )


def _pengguna_opsional(request: Request) -> Pengguna | None:
    token = request.cookies.get(COOKIE_SESI)
    if not token:
        return None
    sesi = services_akun.verify_session(_uow(request), token, _now(request))
    return Pengguna(sesi.akun, sesi.csrf) if sesi else None


_JUDUL_GALAT_HTTP = {404: "Halaman tidak ditemukan", 405: "Metode tidak diizinkan"}
_PESAN_GALAT_HTTP = {404: "Alamat ini tidak ada di dasbor. Mohon periksa kembali alamatnya."}


def halaman_galat_http(request: Request, status: int, pesan: str) -> HTMLResponse:
    """An HTTP error on a dashboard path that no route handled (an unknown address, a wrong
    method): the HTML error page instead of the API's JSON (``api.app``'s handler calls this)."""
    return _render(
        request,
        "galat.html",
        _pengguna_opsional(request),
        {
            "judul": _JUDUL_GALAT_HTTP.get(status, "Permintaan tidak dapat dilayani"),
            "pesan": _PESAN_GALAT_HTTP.get(status, pesan),
        },
        status,
    )


def _perlu_masuk(request: Request, exc: PerluMasuk) -> Response:
    if request.url.path.startswith(f"{PREFIX}/grafik") or request.method != "GET":
        return Response("Perlu masuk.", status_code=401, media_type="text/plain; charset=utf-8")
    return RedirectResponse(f"{PREFIX}/masuk?{_q(lanjut=exc.lanjut)}", status_code=303)


router = APIRouter(include_in_schema=False, route_class=_RuteDasbor)
_STATIC = {"sakip.css": "text/css; charset=utf-8", "sakip.js": "text/javascript; charset=utf-8"}


@router.get("/")
def akar() -> RedirectResponse:
    return RedirectResponse(PREFIX, status_code=307)


@router.get(PREFIX + "/static/{nama}")
def statis(nama: str) -> Response:
    """The CSS and the little JavaScript, shipped in the package (no CDN: works offline)."""
    if nama not in _STATIC:
        return Response("Tidak ditemukan.", status_code=404, media_type="text/plain; charset=utf-8")
    return FileResponse(
        STATIC_DIR / nama,
        media_type=_STATIC[nama],
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get(PREFIX + "/masuk", response_class=HTMLResponse)
def masuk_form(request: Request, lanjut: str | None = None) -> HTMLResponse:
    token = request.cookies.get(COOKIE_CSRF_MASUK) or token_baru()
    resp = _render(
        request, "masuk.html", None, {"csrf_masuk": token, "lanjut": _lanjut_aman(lanjut)}
    )
    _cookie_csrf_masuk(request, resp, token)
    return resp


def _cookie_csrf_masuk(request: Request, resp: Response, token: str) -> None:
    resp.set_cookie(
        COOKIE_CSRF_MASUK,
        token,
        httponly=True,
        samesite="strict",
        secure=bool(_setting(request, "cookie_secure", False)),
        path=PREFIX,
    )


def _kebijakan(request: Request) -> KebijakanLogin:
    """The lockout and session policy of the settings (as POST /api/v1/auth/login uses)."""
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        return KebijakanLogin()
    from api.routes_auth import kebijakan_login

    return kebijakan_login(settings)


@router.post(PREFIX + "/masuk", response_class=HTMLResponse)
def masuk(
    request: Request,
    uow: Uow,
    username: Annotated[str, Form(max_length=256)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Csrf = "",
    lanjut: Annotated[str, Form(max_length=2048)] = PREFIX,
) -> Response:
    cookie = request.cookies.get(COOKIE_CSRF_MASUK)
    lanjut = _lanjut_aman(lanjut)
    if not cookie or not _csrf_sama(csrf, cookie):
        token = token_baru()
        resp = _render(
            request,
            "masuk.html",
            None,
            {
                "csrf_masuk": token,
                "lanjut": lanjut,
                "galat": "Formulir kedaluwarsa. Silakan masuk lagi.",
                "username": username,
            },
            status=403,
        )
        _cookie_csrf_masuk(request, resp, token)
        return resp
    try:
        sesi = services_akun.login(uow, username, password, _now(request), _kebijakan(request))
    except services_akun.LoginGagal as exc:
        status = 429 if isinstance(exc, services_akun.AkunTerkunci) else 401
        return _render(
            request,
            "masuk.html",
            None,
            {"csrf_masuk": cookie, "lanjut": lanjut, "galat": str(exc), "username": username},
            status=status,
        )
    ke = RedirectResponse(lanjut, status_code=303)
    secure = bool(_setting(request, "cookie_secure", False))
    pasang_cookie_sesi(ke, sesi.token, sesi.kedaluwarsa_pada, _now(request), secure)
    ke.delete_cookie(COOKIE_CSRF_MASUK, path=PREFIX)
    return ke


@router.post(PREFIX + "/keluar")
def keluar(request: Request, uow: Uow, p: Masuk, csrf: Csrf = "") -> Response:
    _cek_csrf(p, csrf)
    token = request.cookies.get(COOKIE_SESI)
    if token:
        services_akun.logout(uow, token)
    resp = RedirectResponse(f"{PREFIX}/masuk", status_code=303)
    hapus_cookie_sesi(resp, bool(_setting(request, "cookie_secure", False)))
    return resp


# ---------------------------------------------------------------------------- Ringkasan
@router.get(PREFIX, response_class=HTMLResponse)
def ringkasan(
    request: Request,
    uow: Uow,
    p: Masuk,
    periode: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    now = _now(request)
    per = _periode(periode, now)
    tree = _tree(uow, per)
    baris = _peringkat(tree)
    if p.pd is not None:
        baris = [b for b in baris if b.kode == p.pd]
    jumlah = {k.label: 0 for k in Kategori}
    for b in baris:
        if b.kinerja.kategori is not None:
            jumlah[b.kinerja.kategori.label] += 1
    return _render(
        request,
        "ringkasan.html",
        p,
        {
            "aktif": "ringkasan",
            "periode": per,
            "pilihan_periode": _pilihan_periode(per, now),
            "provinsi": tree,
            "kinerja": _nilai(tree.capaian_kinerja),
            "anggaran": _nilai(tree.capaian_anggaran),
            "baris": baris,
            "jumlah_pd": len(tree.anak),
            "jumlah_kategori": jumlah,
        },
    )


# ---------------------------------------------------------------------------- Kepatuhan
def _halaman_kepatuhan(
    request: Request,
    uow: UnitOfWork,
    p: Pengguna,
    tahun: int | None,
    ok: str | None = None,
    galat: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    from core.kepatuhan import StatusKepatuhan
    from core.services_audit import daftar_kunci

    now = _now(request)
    th = tahun or _periode_bawaan(now).tahun
    m = services_akun.matriks_kepatuhan(uow, th, now, p.pd)
    terkunci = {
        (k.pd_kode, k.bulan): k for k in daftar_kunci(uow, th) if k.terkunci
    }  # Bappeda verified these months (Pergub 17/2023 Pasal 13-14)
    total = {s.value: sum(b.jumlah(s) for b in m.baris) for s in StatusKepatuhan}
    hari = local_date(now).year
    return _render(
        request,
        "kepatuhan.html",
        p,
        {
            "aktif": "kepatuhan",
            "matriks": m,
            "tahun": th,
            "pilihan_tahun": sorted({th, hari, hari - 1}, reverse=True),
            "total": total,
            "terkunci": terkunci,
            "ok": ok,
            "galat": galat,
        },
        status=status,
    )


_OK_KUNCI = {"kunci": "Bulan dikunci (terverifikasi).", "buka": "Bulan dibuka kembali."}


@router.get(PREFIX + "/kepatuhan", response_class=HTMLResponse)
def kepatuhan(
    request: Request,
    uow: Uow,
    p: Masuk,
    tahun: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    ok: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    return _halaman_kepatuhan(request, uow, p, tahun, _OK_KUNCI.get(ok or ""))


@router.post(PREFIX + "/kepatuhan/kunci", response_class=HTMLResponse)
def kepatuhan_kunci(
    request: Request,
    uow: Uow,
    p: Masuk,
    pd: Annotated[str, Form(max_length=64)],
    tahun: Annotated[int, Form(ge=2000, le=2100)],
    bulan: Annotated[int, Form(ge=1, le=12)],
    aksi: Annotated[str, Form(pattern="^(kunci|buka)$")],
    csrf: Csrf = "",
    alasan: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Bappeda locks a PD's verified month, or reopens it with a reason (in the audit trail)."""
    from core.cascade import Saluran
    from core.services_audit import buka_bulan, kunci_bulan

    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    oleh = f"{p.akun.nama} ({p.akun.username})"
    try:
        if aksi == "kunci":
            kunci_bulan(
                uow,
                pd,
                tahun,
                bulan,
                oleh=oleh,
                now=_now(request),
                saluran=Saluran.DASHBOARD,
                catatan=alasan or None,
            )
        else:
            buka_bulan(
                uow,
                pd,
                tahun,
                bulan,
                oleh=oleh,
                alasan=alasan,
                now=_now(request),
                saluran=Saluran.DASHBOARD,
            )
    except TidakDitemukan as exc:
        return _halaman_kepatuhan(request, uow, p, tahun, galat=[str(exc)], status=404)
    except ValidasiError as exc:
        return _halaman_kepatuhan(request, uow, p, tahun, galat=_pesan_validasi(exc), status=422)
    return RedirectResponse(f"{PREFIX}/kepatuhan?{_q(tahun=tahun, ok=aksi)}", status_code=303)


# ---------------------------------------------------------------------------- drill-down
@dataclass(frozen=True)
class BarisAnak:
    node: HasilSimpul
    kinerja: Nilai
    anggaran: Nilai


@dataclass(frozen=True)
class BulanSub:
    bulan: int
    target_bobot: Decimal
    target_anggaran: Decimal
    realisasi: Any  # RealisasiTersimpan | None
    kinerja: Nilai | None
    anggaran: Nilai | None


def _capaian_bulan(target: Decimal, real: Decimal | None) -> Nilai | None:
    if real is None or target <= 0:
        return None
    v = real / target * 100
    return Nilai(v, kategori(v), None)


def _data_sub_kegiatan(uow: UnitOfWork, tahun: int, kode: str) -> dict[str, Any]:
    """ROPP, latest realisasi, every revision, bukti dukung and the audit trail of a sub kegiatan."""
    from core.audit import REALISASI, kode_realisasi

    with uow:
        repo = uow.repo
        ropp = repo.get_ropp(tahun, kode)
        latest = repo.latest_realisasi(tahun, kode)
        riwayat = {b: repo.realisasi_history(tahun, kode, b) for b in sorted(latest)}
        bukti = {b: repo.list_bukti(tahun, kode, b) for b in sorted(latest)}
        jejak = []
        for b in range(1, 13):
            jejak.extend(repo.list_perubahan(REALISASI, kode_realisasi(tahun, kode, b)))
            jejak.extend(repo.list_perubahan("ropp", f"{tahun}/{kode}/{b}"))
        jejak.extend(repo.list_perubahan("node", f"{tahun}/{kode}"))
    jejak.sort(key=lambda c: c.dicatat_pada)
    bulan: list[BulanSub] = []
    for b in range(1, 13):
        rencana = ropp.rencana(b) if ropp else None
        tb = rencana.target_bobot if rencana else Decimal(0)
        ta = rencana.anggaran_kas if rencana else Decimal(0)
        r = latest.get(b)
        bulan.append(
            BulanSub(
                b,
                tb,
                ta,
                r,
                _capaian_bulan(tb, r.realisasi_bobot if r else None),
                _capaian_bulan(ta, r.realisasi_anggaran if r else None),
            )
        )
    return {
        "ropp": ropp,
        "bulan": bulan,
        "riwayat": riwayat,
        "bukti": {b: v for b, v in bukti.items() if v},
        "jejak": jejak,
    }


def _cek_lingkup(p: Pengguna, jalur: Sequence[HasilSimpul]) -> None:
    if p.pd is not None and (len(jalur) < 2 or jalur[1].kode != p.pd):
        raise Ditolak(403, "Akses ditolak", "Akun ini hanya dapat melihat Perangkat Daerahnya.")


def _simpul(uow: UnitOfWork, p: Pengguna, per: Periode, kode: str | None) -> list[HasilSimpul]:
    tree = _tree(uow, per)
    kode = kode or p.pd or tree.kode
    jalur = _jalur(tree, kode)
    if jalur is None:
        raise Ditolak(404, "Tidak ditemukan", f"Kode {kode} tidak ada pada tahun {per.tahun}.")
    _cek_lingkup(p, jalur)
    return jalur


@router.get(PREFIX + "/capaian", response_class=HTMLResponse)
def capaian(
    request: Request,
    uow: Uow,
    p: Masuk,
    kode: Annotated[str | None, Query(max_length=128)] = None,
    periode: Annotated[str | None, Query(max_length=16)] = None,
    koreksi: Annotated[int | None, Query(ge=1, le=12)] = None,
    ok: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    return _halaman_capaian(
        request, uow, p, kode, periode, koreksi=koreksi, ok=_OK_CAPAIAN.get(ok or "")
    )


_OK_CAPAIAN = {"koreksi": "Koreksi realisasi disimpan sebagai revisi baru."}


def _halaman_capaian(
    request: Request,
    uow: UnitOfWork,
    p: Pengguna,
    kode: str | None,
    periode: str | None,
    *,
    koreksi: int | None = None,
    isian: dict[str, Any] | None = None,
    galat: list[str] | None = None,
    ok: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    now = _now(request)
    per = _periode(periode, now)
    jalur = _simpul(uow, p, per, kode)
    node = jalur[-1]
    konteks: dict[str, Any] = {
        "aktif": "capaian",
        "periode": per,
        "pilihan_periode": _pilihan_periode(per, now),
        "jalur": jalur,
        "node": node,
        "kinerja": _nilai(node.capaian_kinerja),
        "anggaran": _nilai(node.capaian_anggaran),
        "anak": [
            BarisAnak(a, _nilai(a.capaian_kinerja), _nilai(a.capaian_anggaran)) for a in node.anak
        ],
        "sub": None,
    }
    if node.tingkat == "sub_kegiatan":
        sub = _data_sub_kegiatan(uow, per.tahun, node.kode)
        konteks["sub"] = sub
        konteks["boleh_koreksi"] = _boleh_koreksi(p)
        if koreksi is not None and _boleh_koreksi(p):
            konteks["koreksi"] = _form_koreksi(sub, koreksi, isian)
    konteks["galat"] = galat
    konteks["ok"] = ok
    return _render(request, "capaian.html", p, konteks, status=status)


# ---------------------------------------------------------------------------- realisasi correction
def _boleh_koreksi(p: Pengguna) -> bool:
    """Only admin corrects a realisasi by hand (as POST /api/v1/realisasi; issue 6: "an admin
    correction needs a reason"). Bappeda verifies and locks months, so it does not edit the data it
    verifies; a pd account reports through the bot or the API."""
    return p.akun.peran == Peran.ADMIN


def _angka_form(x: Decimal | None) -> str:
    from core.numbers import format_ringkas

    return "" if x is None else format_ringkas(x)


def _form_koreksi(sub: dict[str, Any], bulan: int, isian: dict[str, Any] | None) -> dict[str, Any]:
    """The correction form of one month: the latest values (or what was typed) and its outputs."""
    b: BulanSub = sub["bulan"][bulan - 1]
    ropp = sub["ropp"]
    rencana = ropp.rencana(bulan) if ropp else None
    r = b.realisasi
    outputs = []
    for i, o in enumerate(rencana.outputs if rencana else (), start=1):
        lama = r.volume_output.get(i) if r else None
        outputs.append(
            {
                "urutan": i,
                "uraian": o.uraian,
                "satuan": o.satuan,
                "target": o.volume,
                "nilai": _angka_form(lama),
            }
        )
    form: dict[str, Any] = {
        "bulan": bulan,
        "ada_rencana": rencana is not None,
        "revisi": r.revisi if r else None,
        "bobot": _angka_form(r.realisasi_bobot if r else None),
        "anggaran": _angka_form(r.realisasi_anggaran if r else None),
        "kendala": (r.kendala or "") if r else "",
        "tindak_lanjut": (r.tindak_lanjut or "") if r else "",
        "alasan": "",
        "outputs": outputs,
    }
    if isian is not None:  # a refused submission: show what was typed
        volume = list(isian.get("volume", []))
        for i, o in enumerate(outputs):
            o["nilai"] = volume[i] if i < len(volume) else ""
        form.update({k: v for k, v in isian.items() if k != "volume"})
    return form


@router.post(PREFIX + "/capaian/koreksi", response_class=HTMLResponse)
def capaian_koreksi(
    request: Request,
    uow: Uow,
    p: Masuk,
    kode: Annotated[str, Form(min_length=1, max_length=128)],
    periode: Annotated[str, Form(min_length=1, max_length=16)],
    bulan: Annotated[int, Form(ge=1, le=12)],
    csrf: Csrf = "",
    bobot: Annotated[str, Form(max_length=64)] = "",
    anggaran: Annotated[str, Form(max_length=64)] = "",
    volume: Annotated[list[str] | None, Form(max_length=50)] = None,
    kendala: Annotated[str, Form(max_length=4000)] = "",
    tindak_lanjut: Annotated[str, Form(max_length=4000)] = "",
    alasan: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Admin corrects a month's realisasi by hand: a new revision with a required reason, through
    services.submit_realisasi (channel dashboard), so it is in the history and the audit trail."""
    from core.cascade import Saluran, Tingkat
    from core.numbers import parse_angka_nonnegatif
    from core.realisasi import RealisasiInput

    _cek_csrf(p, csrf)
    if not _boleh_koreksi(p):
        raise Ditolak(403, "Akses ditolak", "Koreksi realisasi hanya dapat dilakukan admin.")
    per = _periode(periode, _now(request))
    with uow:
        node = uow.repo.get_node(per.tahun, kode)
    if node is None:
        raise Ditolak(404, "Tidak ditemukan", f"Kode {kode} tidak ada pada tahun {per.tahun}.")
    if node.tingkat != Tingkat.SUB_KEGIATAN:
        raise Ditolak(422, "Bukan sub kegiatan", f"{kode} adalah {node.tingkat.label}.")
    volume = [v.strip() for v in (volume or [])]
    isian = {
        "bobot": bobot,
        "anggaran": anggaran,
        "volume": volume,
        "kendala": kendala,
        "tindak_lanjut": tindak_lanjut,
        "alasan": alasan,
    }

    def tolak(pesan: list[str], status: int = 422) -> HTMLResponse:
        return _halaman_capaian(
            request, uow, p, kode, periode, koreksi=bulan, isian=isian, galat=pesan, status=status
        )

    masalah: list[str] = []
    angka: dict[str, Decimal] = {}
    for nama, teks, label in (
        ("bobot", bobot, "Realisasi bobot"),
        ("anggaran", anggaran, "Realisasi anggaran"),
    ):
        try:
            angka[nama] = parse_angka_nonnegatif(teks, label, rupiah=nama == "anggaran")
        except ValidasiError as exc:
            masalah.extend(_pesan_validasi(exc))
    volume_output: dict[int, Decimal] = {}
    for i, teks in enumerate(volume, start=1):
        if not teks:
            continue  # not reported
        try:
            volume_output[i] = parse_angka_nonnegatif(teks, f"Volume output {i}")
        except ValidasiError as exc:
            masalah.extend(_pesan_validasi(exc))
    if not alasan.strip():
        masalah.append(
            "Alasan koreksi wajib diisi (Pergub 42/2018 Pasal 28: data dapat ditelusuri)."
        )
    if masalah:
        return tolak(masalah)
    try:
        services.submit_realisasi(
            uow,
            RealisasiInput(
                sub_kegiatan_kode=kode,
                tahun=per.tahun,
                bulan=bulan,
                realisasi_bobot=angka["bobot"],
                realisasi_anggaran=angka["anggaran"],
                volume_output=volume_output,
                kendala=kendala.strip() or None,
                tindak_lanjut=tindak_lanjut.strip() or None,
            ),
            oleh_nip=None,
            oleh_nama=f"{p.akun.nama} ({p.akun.username})",
            saluran=Saluran.DASHBOARD,
            now=_now(request),
            alasan_koreksi=alasan.strip(),
        )
    except BulanTerkunci as exc:
        return tolak(_pesan_validasi(exc), 409)
    except ValidasiError as exc:
        return tolak(_pesan_validasi(exc))
    except SakipError as exc:  # e.g. a concurrent writer kept winning
        return tolak([str(exc)], 409)
    tujuan = _q(kode=kode, periode=per.kode, ok="koreksi")
    return RedirectResponse(f"{PREFIX}/capaian?{tujuan}#riwayat", status_code=303)


# ---------------------------------------------------------------------------- bukti dukung
def _data_dir(request: Request) -> Path:
    from core.config import PROJECT_ROOT

    return Path(_setting(request, "data_dir", PROJECT_ROOT / "var"))


def _nama_unduhan(b: Any) -> str:
    """A safe file name for Content-Disposition: the last path part, printable, never empty."""
    asli = (b.bukti.nama_file or "").replace("\\", "/").rsplit("/", 1)[-1]
    nama = "".join(c for c in asli if c.isprintable() and c not in '"<>:|?*;').strip(" .")
    if not nama:
        akhiran = Path(b.bukti.path or "").suffix
        akhiran = akhiran if akhiran[1:].isalnum() and len(akhiran) <= 8 else ""
        nama = f"bukti-{b.id}{akhiran}"
    return nama[:120]


@router.get(PREFIX + "/bukti/{bukti_id}")
def unduh_bukti(request: Request, uow: Uow, p: Masuk, bukti_id: int) -> Response:
    """A stored bukti dukung file (Pergub 42/2018 Pasal 28: reported data can be verified).

    Only files inside ``data_dir/bukti``; a pd account only its own PD's evidence."""
    with uow:
        b = uow.repo.get_bukti(bukti_id)
    if b is None:
        raise Ditolak(404, "Tidak ditemukan", f"Bukti dukung {bukti_id} tidak ada.")
    if p.pd is not None and b.pd_kode != p.pd:
        raise Ditolak(403, "Akses ditolak", "Bukti dukung ini milik Perangkat Daerah lain.")
    if not b.bukti.path:
        raise Ditolak(
            404,
            "Berkas belum tersimpan",
            "Berkas bukti dukung ini belum diunduh dari Telegram, jadi belum ada salinannya.",
        )
    data_dir = _data_dir(request)
    akar = (data_dir / "bukti").resolve()
    berkas = (data_dir / b.bukti.path).resolve()
    if not berkas.is_relative_to(akar) or berkas == akar:
        raise Ditolak(403, "Akses ditolak", "Lokasi berkas bukti dukung tidak sah.")
    if not berkas.is_file():
        raise Ditolak(
            404, "Berkas tidak ada", "Berkas bukti dukung tidak ditemukan di penyimpanan."
        )
    if b.bukti.sha256 and _sha256(berkas) != b.bukti.sha256.lower():
        raise Ditolak(
            409,
            "Berkas tidak utuh",
            "Isi berkas bukti dukung tidak cocok dengan sidik sha256 yang tercatat saat diterima.",
        )
    return FileResponse(
        berkas,
        media_type=b.bukti.mime if _mime_aman(b.bukti.mime) else "application/octet-stream",
        filename=_nama_unduhan(b),
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


def _sha256(berkas: Path) -> str:
    import hashlib

    with berkas.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _mime_aman(mime: str | None) -> bool:
    return bool(mime) and mime in {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "application/pdf",
        "application/zip",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    }


def _png(body: bytes) -> Response:
    return Response(body, media_type="image/png", headers={"Cache-Control": "private, max-age=60"})


@router.get(PREFIX + "/grafik/anak.png")
def grafik_anak(
    request: Request,
    uow: Uow,
    p: Masuk,
    kode: Annotated[str | None, Query(max_length=128)] = None,
    periode: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    """Capaian per child of a node (the province: the PD ranking), coloured by Tabel B.2."""
    per = _periode(periode, _now(request))
    jalur = _simpul(uow, p, per, kode)
    node = jalur[-1]
    with _KUNCI_GRAFIK:
        if node.tingkat == "provinsi":
            return _png(charts.grafik_peringkat(node, per.label))
        return _png(charts.grafik_anak(node, per.label))


@router.get(PREFIX + "/grafik/kurva-s.png")
def grafik_kurva_s(
    request: Request,
    uow: Uow,
    p: Masuk,
    kode: Annotated[str, Query(max_length=128)],
    tahun: Annotated[int, Query(ge=2000, le=2100)],
    jenis: Annotated[str, Query(pattern="^(fisik|keuangan)$")] = "fisik",
) -> Response:
    """The S-curve of a sub kegiatan (ROPP target vs realisasi, cumulative)."""
    with uow:
        repo = uow.repo
        node = repo.get_node(tahun, kode)
        pd_kode = node.pd_kode if node else None
        ropp = repo.get_ropp(tahun, kode)
        latest = repo.latest_realisasi(tahun, kode)
    if node is None or ropp is None:
        raise Ditolak(404, "Tidak ditemukan", f"ROPP {kode} tahun {tahun} tidak ada.")
    if p.pd is not None and pd_kode != p.pd:
        raise Ditolak(403, "Akses ditolak", "Akun ini hanya dapat melihat Perangkat Daerahnya.")
    bulanan = {
        r.bulan: BulanAngka(
            target_bobot=r.target_bobot,
            target_anggaran=r.anggaran_kas,
            realisasi_bobot=latest[r.bulan].realisasi_bobot if r.bulan in latest else None,
            realisasi_anggaran=latest[r.bulan].realisasi_anggaran if r.bulan in latest else None,
        )
        for r in ropp.bulan
    }
    target, real = charts.kurva_s_data(bulanan, "fisik" if jenis == "fisik" else "keuangan")
    judul = "Kurva S fisik" if jenis == "fisik" else "Kurva S keuangan"
    with _KUNCI_GRAFIK:
        return _png(charts.kurva_s(judul, target, real, f"{node.nama} · {tahun}"))


# ---------------------------------------------------------------------------- Kendala
def _kendala_boleh(p: Pengguna, k: Any) -> None:
    if p.pd is not None and k.pd_kode != p.pd:
        raise Ditolak(403, "Akses ditolak", "Kendala ini milik Perangkat Daerah lain.")


@router.get(PREFIX + "/kendala", response_class=HTMLResponse)
def kendala(
    request: Request,
    uow: Uow,
    p: Masuk,
    status: Annotated[str | None, Query(max_length=16)] = None,
    pd: Annotated[str | None, Query(max_length=64)] = None,
    halaman: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    from core.kendala import StatusKendala
    from core.services_kendala import daftar_kendala

    if p.pd is not None:
        if pd and pd != p.pd:
            raise Ditolak(403, "Akses ditolak", "Akun ini hanya dapat melihat Perangkat Daerahnya.")
        pd = p.pd
    status = status or None
    pd = pd or None
    try:
        hal = daftar_kendala(uow, status=status, pd_kode=pd, halaman=halaman, per_halaman=25)
    except ValidasiError as exc:
        raise Ditolak(422, "Saringan tidak sah", str(exc)) from exc
    with uow:
        pds = sorted(uow.repo.list_pd(), key=lambda d: d.nama)
    halaman_akhir = max(1, -(-hal.total // hal.per_halaman))
    return _render(
        request,
        "kendala.html",
        p,
        {
            "aktif": "kendala",
            "hal": hal,
            "halaman_akhir": halaman_akhir,
            "status": status,
            "pd": pd,
            "pds": pds if p.pd is None else [d for d in pds if d.kode == p.pd],
            "daftar_status": list(StatusKendala),
        },
    )


def _detail_kendala(
    request: Request,
    uow: UnitOfWork,
    p: Pengguna,
    kendala_id: int,
    galat: list[str] | None = None,
    status: int = 200,
    ok: str | None = None,
) -> HTMLResponse:
    from core.services_kendala import ambil_kendala

    try:
        d = ambil_kendala(uow, kendala_id)
    except TidakDitemukan as exc:
        raise Ditolak(404, "Tidak ditemukan", str(exc)) from exc
    _kendala_boleh(p, d.kendala)
    return _render(
        request,
        "kendala_detail.html",
        p,
        {"aktif": "kendala", "k": d.kendala, "pesan": d.pesan, "galat": galat, "ok": ok},
        status=status,
    )


_OK_KENDALA = {
    # the answer is only queued (outbox): the sender delivers it later, if it can
    "jawab": "Tanggapan disimpan dan diantrekan untuk dikirim ke Telegram pelapor.",
    "jawab-tanpa-tg": (
        "Tanggapan disimpan. Pelapor belum menautkan akun Telegram; "
        "tanggapan dapat dilihat di dasbor."
    ),
    "tutup": "Kendala ditutup.",
}


@router.get(PREFIX + "/kendala/{kendala_id}", response_class=HTMLResponse)
def kendala_detail(
    request: Request,
    uow: Uow,
    p: Masuk,
    kendala_id: int,
    ok: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    return _detail_kendala(request, uow, p, kendala_id, ok=_OK_KENDALA.get(ok or ""))


def _pengirim(p: Pengguna) -> Any:
    from core.cascade import Saluran
    from core.services_kendala import Pengirim

    return Pengirim(p.akun.nama, Saluran.DASHBOARD, akun_id=p.akun.id)


@router.post(PREFIX + "/kendala/{kendala_id}/jawab", response_class=HTMLResponse)
def kendala_jawab(
    request: Request,
    uow: Uow,
    p: Masuk,
    kendala_id: int,
    isi: Annotated[str, Form(max_length=8000)] = "",
    csrf: Csrf = "",
) -> Response:
    from core.services_kendala import ambil_kendala, tanggapi_kendala

    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    try:
        _kendala_boleh(p, ambil_kendala(uow, kendala_id).kendala)
        hasil = tanggapi_kendala(uow, kendala_id, isi, pengirim=_pengirim(p), now=_now(request))
    except TidakDitemukan as exc:
        raise Ditolak(404, "Tidak ditemukan", str(exc)) from exc
    except ValidasiError as exc:
        return _detail_kendala(request, uow, p, kendala_id, _pesan_validasi(exc), 422)
    except SakipError as exc:  # closed kendala
        return _detail_kendala(request, uow, p, kendala_id, [str(exc)], 409)
    ok = "jawab" if hasil.kendala.pelapor_telegram_id is not None else "jawab-tanpa-tg"
    return RedirectResponse(f"{PREFIX}/kendala/{kendala_id}?ok={ok}", status_code=303)


@router.post(PREFIX + "/kendala/{kendala_id}/tutup", response_class=HTMLResponse)
def kendala_tutup(
    request: Request, uow: Uow, p: Masuk, kendala_id: int, csrf: Csrf = ""
) -> Response:
    from core.services_kendala import selesaikan_kendala

    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    try:
        selesaikan_kendala(uow, kendala_id, pengirim=_pengirim(p), now=_now(request))
    except TidakDitemukan as exc:
        raise Ditolak(404, "Tidak ditemukan", str(exc)) from exc
    except ValidasiError as exc:
        return _detail_kendala(request, uow, p, kendala_id, _pesan_validasi(exc), 422)
    except SakipError as exc:
        return _detail_kendala(request, uow, p, kendala_id, [str(exc)], 409)
    return RedirectResponse(f"{PREFIX}/kendala/{kendala_id}?ok=tutup", status_code=303)


# ---------------------------------------------------------------------------- Dokumen (PK, KKL, KAK)
#: The status of a document (core.services_dokumen.daftar_dokumen) as the page words it.
_STATUS_DOKUMEN = {
    "tepat_waktu": "sudah diserahkan, tepat waktu",
    "terlambat": "sudah diserahkan, terlambat",
    "belum": "belum diserahkan, lewat tenggat",
    "menunggu": "belum diserahkan",
}
TEMPLATES.env.globals["STATUS_DOKUMEN"] = _STATUS_DOKUMEN


@dataclass(frozen=True)
class GrupDokumen:
    """The documents of one PD in a year, and the Kepala PD who answers for them."""

    pd_kode: str
    pd_nama: str
    kepala_nip: str | None
    kepala_nama: str | None
    baris: list[Any]  # core.services_dokumen.StatusDokumen


def _nama_dokumen(jenis: str, perubahan: bool) -> str:
    from core.services_dokumen import JenisDokumen

    nama = JenisDokumen(jenis).nama
    return f"{nama} (penyesuaian Perubahan APBD)" if perubahan else nama


TEMPLATES.env.globals["nama_dokumen"] = _nama_dokumen


def _halaman_dokumen(
    request: Request,
    uow: UnitOfWork,
    p: Pengguna,
    tahun: int | None,
    *,
    pd: str | None = None,
    jenis: str | None = None,
    perubahan: bool = False,
    ok: str | None = None,
) -> HTMLResponse:
    """The PK, KKL and KAK of every PD (a pd account: its own) for ``tahun``, the form, and the
    audit trail of one document (``pd`` + ``jenis``), e.g. the one just recorded."""
    from core import services_audit, services_dokumen

    now = _now(request)
    hari = local_date(now)
    th = tahun or hari.year  # the tahun anggaran whose PK is being prepared
    rows = services_dokumen.daftar_dokumen(uow, th, now, p.pd)
    grup: dict[str, GrupDokumen] = {}
    for r in rows:
        if r.pd_kode not in grup:
            grup[r.pd_kode] = GrupDokumen(
                r.pd_kode, r.pd_nama, r.penanggung_jawab_nip, r.penanggung_jawab_nama, []
            )
        grup[r.pd_kode].baris.append(r)
    total = {s: sum(1 for r in rows if r.status == s) for s in _STATUS_DOKUMEN}
    jejak = None
    pesan_ok = None
    if pd and jenis:
        if p.pd is not None and pd != p.pd:
            raise Ditolak(403, "Akses ditolak", "Akun ini hanya dapat melihat Perangkat Daerahnya.")
        kode = services_dokumen.kode_dokumen(
            th, pd, services_dokumen.JenisDokumen(jenis), perubahan
        )
        try:
            jejak = services_audit.riwayat(uow, services_dokumen.DOKUMEN, kode)
        except ValidasiError as exc:
            raise Ditolak(422, "Isian tidak sah", str(exc)) from exc
        dok = next(
            (
                r
                for r in rows
                if (r.pd_kode, r.jenis.value, r.perubahan) == (pd, jenis, perubahan)
                and r.diserahkan_pada is not None
            ),
            None,
        )
        if ok in ("baru", "ubah") and dok is not None:
            nama = f"{_nama_dokumen(jenis, perubahan)} {dok.pd_nama} tahun {th}"
            tanggal = _tanggal(dok.diserahkan_pada)
            status = _STATUS_DOKUMEN[dok.status]
            pesan_ok = (
                f"Penyerahan {nama} tanggal {tanggal} dicatat ({status})."
                if ok == "baru"
                else f"Tanggal penyerahan {nama} diperbarui menjadi {tanggal} ({status})."
            )
    with uow:
        pds = sorted(uow.repo.list_pd(), key=lambda d: d.nama)
    if p.pd is not None:
        pds = [d for d in pds if d.kode == p.pd]
    return _render(
        request,
        "dokumen.html",
        p,
        {
            "aktif": "dokumen",
            "tahun": th,
            "pilihan_tahun": sorted({th, hari.year + 1, hari.year, hari.year - 1}, reverse=True),
            "hari_ini": hari,
            "grup": list(grup.values()),
            "total": total,
            "pds": pds,
            "jejak": jejak,
            "ok": pesan_ok,
        },
    )


@router.get(PREFIX + "/dokumen", response_class=HTMLResponse)
def dokumen(
    request: Request,
    uow: Uow,
    p: Masuk,
    tahun: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    pd: Annotated[str | None, Query(max_length=32)] = None,
    jenis: Annotated[str | None, Query(pattern="^(PK|KKL|KAK)$")] = None,
    perubahan: Annotated[bool, Query()] = False,
    ok: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    return _halaman_dokumen(request, uow, p, tahun, pd=pd, jenis=jenis, perubahan=perubahan, ok=ok)


@router.post(PREFIX + "/dokumen", response_class=HTMLResponse)
def dokumen_serahkan(
    request: Request,
    uow: Uow,
    p: Masuk,
    pd: Annotated[str, Form(min_length=1, max_length=32)],
    tahun: Annotated[int, Form(ge=2000, le=2100)],
    jenis: Annotated[str, Form(pattern="^(PK|KKL|KAK)$")],
    csrf: Csrf = "",
    perubahan: Annotated[bool, Form()] = False,
    tanggal: Annotated[date | None, Form()] = None,
) -> Response:
    """Record that a PD submitted its PK, KKL or KAK (as POST /api/v1/dokumen: admin and bappeda
    for any PD, a pd account only for its own), through core.services_dokumen.serahkan_dokumen with
    the channel ``dashboard``; recording it again corrects the date. Both are in the audit trail."""
    from core import services_dokumen

    _cek_csrf(p, csrf)
    pd = pd.strip()
    if p.pd is not None and pd != p.pd:
        raise Ditolak(
            403,
            "Akses ditolak",
            f"Akun ini hanya dapat mencatat dokumen Perangkat Daerah {p.pd or 'sendiri'}.",
        )
    try:
        d, baru = services_dokumen.serahkan_dokumen(
            uow, pd, tahun, jenis, perubahan, tanggal, **_jejak(request, p)
        )
    except TidakDitemukan as exc:
        raise Ditolak(404, "Tidak ditemukan", str(exc)) from exc
    except ValidasiError as exc:
        return _render(
            request,
            "galat.html",
            p,
            {
                "judul": "Isian tidak sah",
                "pesan": str(exc),
                "daftar": _pesan_validasi(exc),
                "tidak_disimpan": True,
                "kembali": {
                    "label": "Kembali ke Dokumen",
                    "url": f"{PREFIX}/dokumen?{_q(tahun=tahun)}",
                },
            },
            422,
        )
    tujuan = _q(
        tahun=d.tahun,
        pd=d.pd_kode,
        jenis=d.jenis,
        perubahan="true" if d.perubahan else None,
        ok="baru" if baru else "ubah",
    )
    return RedirectResponse(f"{PREFIX}/dokumen?{tujuan}#jejak", status_code=303)


# ---------------------------------------------------------------------------- Unduh laporan
@router.get(PREFIX + "/unduh", response_class=HTMLResponse)
def unduh(request: Request, uow: Uow, p: Masuk) -> HTMLResponse:
    now = _now(request)
    with uow:
        pds = uow.repo.list_pd()
    if p.pd is not None:
        pds = [d for d in pds if d.kode == p.pd]
    per = _periode_bawaan(now)
    th = per.tahun
    return _render(
        request,
        "unduh.html",
        p,
        {
            "aktif": "unduh",
            "pds": sorted(pds, key=lambda d: d.nama),
            "bulan": [
                (Periode.bulanan(th, b).kode, Periode.bulanan(th, b).label) for b in range(1, 13)
            ],
            "triwulan": [
                (Periode.triwulan(th, q).kode, Periode.triwulan(th, q).label) for q in range(1, 5)
            ],
            "bulan_pilih": Periode.bulanan(th, per.nilai).kode,
            "triwulan_pilih": Periode.triwulan(th, (per.nilai - 1) // 3 + 1).kode,
        },
    )


# ---------------------------------------------------------------------------- Kelola
def _konteks_kelola(request: Request, uow: UnitOfWork, tanggal: date | None) -> dict[str, Any]:
    now = _now(request)
    hari = local_date(now)
    th = _periode_bawaan(now).tahun
    with uow:
        overrides = sorted(uow.repo.list_overrides(), key=lambda o: o.tanggal)
        apbd = {t: uow.repo.get_apbd(t) for t in (hari.year - 1, hari.year, hari.year + 1)}
    rencana = None
    galat_rencana = None
    if tanggal is not None:
        from core.calendar import CalendarCoverageError
        from core.pengingat import plan_pengingat

        try:
            rencana = plan_pengingat(uow, tanggal)
        except (SakipError, CalendarCoverageError) as exc:
            galat_rencana = str(exc)
    return {
        "aktif": "kelola",
        "tahun": th,
        "overrides": overrides,
        "apbd": apbd,
        "tanggal_rencana": tanggal or hari,
        "rencana": rencana,
        "galat_rencana": galat_rencana,
        "maks_mb": int(_setting(request, "unggah_maks_mb", 10)),
    }


@router.get(PREFIX + "/kelola", response_class=HTMLResponse)
def kelola(
    request: Request,
    uow: Uow,
    p: Masuk,
    tanggal: Annotated[date | None, Query()] = None,
    ok: Annotated[str | None, Query(max_length=32)] = None,
) -> HTMLResponse:
    _wajib_kelola(p)
    konteks = _konteks_kelola(request, uow, tanggal)
    konteks["ok"] = _PESAN_OK.get(ok or "")
    return _render(request, "kelola.html", p, konteks)


_PESAN_OK = {
    "kalender": "Perubahan kalender disimpan.",
    "kalender-hapus": "Perubahan kalender dihapus.",
    "apbd": "Tanggal APBD disimpan.",
}


def _kelola_galat(
    request: Request, uow: UnitOfWork, p: Pengguna, pesan: list[str], status: int = 422
) -> HTMLResponse:
    konteks = _konteks_kelola(request, uow, None)
    konteks["galat"] = pesan
    return _render(request, "kelola.html", p, konteks, status=status)


def _jejak(request: Request, p: Pengguna) -> dict[str, Any]:
    """Who, when and through which channel, for the audit trail (Pergub 42/2018 Pasal 28)."""
    from core.cascade import Saluran

    return {
        "now": _now(request),
        "saluran": Saluran.DASHBOARD,
        "oleh": f"{p.akun.nama} ({p.akun.username})",
    }


def _pesan_validasi(exc: ValidasiError) -> list[str]:
    return [str(m) for m in exc.masalah] or [str(exc)]


@router.post(PREFIX + "/kelola/impor", response_class=HTMLResponse)
def kelola_impor(
    request: Request,
    uow: Uow,
    p: Masuk,
    berkas: UploadFile,
    csrf: Csrf = "",
    tahun: Annotated[int | None, Form(ge=2000, le=2100)] = None,
    periksa_saja: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    maks = int(_setting(request, "unggah_maks_mb", 10)) * _MB
    nama = Path((berkas.filename or "").replace("\\", "/")).name  # never used as a path
    if not nama.lower().endswith(".xlsx"):
        return _kelola_galat(request, uow, p, ["Berkas impor harus buku kerja .xlsx."])
    data = berkas.file.read(maks + 1)
    if len(data) > maks:
        return _kelola_galat(
            request, uow, p, [f"Berkas terlalu besar; batasnya {maks // _MB} MB."], status=413
        )
    now = _now(request)
    th = tahun or _periode_bawaan(now).tahun
    try:
        hasil = impor_workbook(
            uow,
            data,
            th,
            dry_run=periksa_saja,
            now=now,
            oleh=f"{p.akun.nama} ({p.akun.username})",
            batas=BatasBerkas(maks_byte=maks),
        )
    except ImporDitolak as exc:
        return _kelola_galat(request, uow, p, [str(m) for m in exc.rincian])
    except ValidasiError as exc:
        return _kelola_galat(request, uow, p, _pesan_validasi(exc))
    from core.impor import rangkum

    konteks = _konteks_kelola(request, uow, None)
    konteks["impor"] = {
        "nama": nama,
        "ringkasan": rangkum(hasil),
        "perubahan": [str(x) for x in hasil.perubahan[:200]],
        "lebih": max(0, len(hasil.perubahan) - 200),
    }
    return _render(request, "kelola.html", p, konteks)


@router.post(PREFIX + "/kelola/kode-tautan", response_class=HTMLResponse)
def kelola_kode_tautan(
    request: Request,
    uow: Uow,
    p: Masuk,
    nip: Annotated[str, Form(max_length=64)],
    csrf: Csrf = "",
) -> HTMLResponse:
    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    ttl = int(_setting(request, "link_code_ttl_days", 7))
    try:
        kode = services.create_link_code(uow, nip.strip(), _now(request), ttl)
    except (ValidasiError, TidakDitemukan) as exc:
        pesan = _pesan_validasi(exc) if isinstance(exc, ValidasiError) else [str(exc)]
        return _kelola_galat(request, uow, p, pesan)
    konteks = _konteks_kelola(request, uow, None)
    konteks["kode_tautan"] = kode
    return _render(request, "kelola.html", p, konteks)


@router.post(PREFIX + "/kelola/kalender")
def kelola_kalender(
    request: Request,
    uow: Uow,
    p: Masuk,
    tanggal: Annotated[date, Form()],
    jenis: Annotated[str, Form(pattern="^(libur|masuk)$")],
    keterangan: Annotated[str, Form(min_length=1, max_length=255)],
    csrf: Csrf = "",
) -> Response:
    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    try:
        services.set_override(
            uow,
            HolidayOverride(tanggal, jenis == "libur", keterangan.strip()),
            **_jejak(request, p),
        )
    except ValidasiError as exc:
        return _kelola_galat(request, uow, p, _pesan_validasi(exc))
    return RedirectResponse(f"{PREFIX}/kelola?ok=kalender", status_code=303)


@router.post(PREFIX + "/kelola/kalender/hapus")
def kelola_kalender_hapus(
    request: Request, uow: Uow, p: Masuk, tanggal: Annotated[date, Form()], csrf: Csrf = ""
) -> Response:
    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    if not services.delete_override(uow, tanggal, **_jejak(request, p)):
        return _kelola_galat(
            request, uow, p, [f"Tidak ada perubahan kalender pada {tanggal}."], 404
        )
    return RedirectResponse(f"{PREFIX}/kelola?ok=kalender-hapus", status_code=303)


@router.post(PREFIX + "/kelola/apbd")
def kelola_apbd(
    request: Request,
    uow: Uow,
    p: Masuk,
    tahun: Annotated[int, Form(ge=2000, le=2100)],
    csrf: Csrf = "",
    apbd: Annotated[str, Form(max_length=10)] = "",
    perubahan: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    _cek_csrf(p, csrf)
    _wajib_kelola(p)
    from core.deadlines import ApbdDates

    try:
        a = date.fromisoformat(apbd) if apbd else None
        b = date.fromisoformat(perubahan) if perubahan else None
    except ValueError:
        return _kelola_galat(request, uow, p, ["Tanggal harus berformat TTTT-BB-HH."])
    try:
        services.set_apbd(uow, ApbdDates(tahun, a, b), **_jejak(request, p))
    except ValidasiError as exc:
        return _kelola_galat(request, uow, p, _pesan_validasi(exc))
    return RedirectResponse(f"{PREFIX}/kelola?ok=apbd", status_code=303)
