"""The authorization matrix: every role against EVERY /api/v1 route (Issue 6, item 5).

Roles: anonymous, admin, bappeda, pd (its own PD, Bappeda's in the fixtures) and pd_lain (another
PD, Dinas Kesehatan). Every request reaches for the data of ``PD``, so pd_lain must be refused
wherever PD data is read or changed. The route list comes from the application itself: a new
route without a row here fails :func:`test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import FastAPI

from core import services, services_akun
from core.holiday_source import HolidayOverride
from core.impor import ekspor_workbook
from tests.api.conftest import SANDI, SK_PD, ApiEnv
from tests.factories import NIP_KASUBAG, PD, TAHUN, WAKTU_UJI

PERAN = ("anon", "pd_lain", "pd", "bappeda", "admin")


def expect(
    ok: int,
    *,
    anon: int = 401,
    admin: int | None = None,
    bappeda: int | None = None,
    pd: int | None = None,
    pd_lain: int | None = None,
) -> dict[str, int]:
    return {
        "anon": anon,
        "admin": ok if admin is None else admin,
        "bappeda": ok if bappeda is None else bappeda,
        "pd": ok if pd is None else pd,
        "pd_lain": ok if pd_lain is None else pd_lain,
    }


def publik(ok: int = 200) -> dict[str, int]:
    return expect(ok, anon=ok)


def semua_akun(ok: int = 200) -> dict[str, int]:
    """Any account; the data is not a PD's (or is filtered to the caller's PD)."""
    return expect(ok)


def data_pd(ok: int = 200) -> dict[str, int]:
    """PD data: a pd account of another PD is refused."""
    return expect(ok, pd_lain=403)


def hanya_admin(ok: int = 200) -> dict[str, int]:
    return expect(ok, bappeda=403, pd=403, pd_lain=403)


def kelola(ok: int = 200) -> dict[str, int]:
    """Admin and Bappeda (calendar, link codes, month locks)."""
    return expect(ok, pd=403, pd_lain=403)


def lapor(ok: int = 201) -> dict[str, int]:
    """Submitting realisasi: admin, and a pd account for its own PD."""
    return expect(ok, bappeda=403, pd_lain=403)


Req = Callable[[ApiEnv, str, int], dict[str, Any]]


@dataclass(frozen=True)
class Kasus:
    req: Req
    harapan: dict[str, int]


def get(url: str) -> Req:
    return lambda env, peran, i: {"url": url}


def _token_baru(env: ApiEnv, peran: str, i: int) -> dict[str, Any]:
    t = services_akun.buat_api_token(env.uow_factory(), "bappeda", f"hapus-{peran}", env.clock())
    return {"url": f"/api/v1/token/{t.info.id}"}


def _override_baru(env: ApiEnv, peran: str, i: int) -> dict[str, Any]:
    tgl = date(2026, 8, 3 + i)
    services.set_override(env.uow_factory(), HolidayOverride(tgl, True, "uji"), now=WAKTU_UJI)
    return {"url": f"/api/v1/kalender/override/{tgl.isoformat()}"}


def _impor(env: ApiEnv, peran: str, i: int) -> dict[str, Any]:
    data = ekspor_workbook(env.uow_factory(), TAHUN)
    return {
        "url": "/api/v1/impor",
        "files": {"berkas": ("sakip-2026.xlsx", data, "application/octet-stream")},
        "data": {"tahun": str(TAHUN), "dry_run": "true"},
    }


def _buka(env: ApiEnv, peran: str, i: int) -> dict[str, Any]:
    from core import services_audit
    from core.cascade import Saluran

    bulan = 7 + i
    services_audit.kunci_bulan(
        env.uow_factory(), PD.kode, TAHUN, bulan, oleh="uji", now=env.clock(), saluran=Saluran.CLI
    )
    return {
        "url": "/api/v1/kunci-bulan/buka",
        "json": {"pd": PD.kode, "tahun": TAHUN, "bulan": bulan, "alasan": "perbaikan data"},
    }


def kendala_pd(env: ApiEnv, uraian: str = "Pengadaan terlambat") -> int:
    """A new kendala of PD (Bappeda), raised by its Kasubag in the bot."""
    from core import services_kendala
    from core.cascade import Saluran

    k = services_kendala.buat_kendala(
        env.uow_factory(),
        pelapor_nip=NIP_KASUBAG,
        uraian=uraian,
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=env.clock(),
        sub_kegiatan_kode=SK_PD,
        periode="2026-01",
    )
    return k.id


def _kendala(aksi: str, body: dict[str, Any] | None) -> Req:
    def req(env: ApiEnv, peran: str, i: int) -> dict[str, Any]:
        kw: dict[str, Any] = {"url": f"/api/v1/kendala/{kendala_pd(env)}{aksi}"}
        if body is not None:
            kw["json"] = body
        return kw

    return req


def post(url: str, body: Callable[[str, int], dict[str, Any]]) -> Req:
    return lambda env, peran, i: {"url": url, "json": body(peran, i)}


V = "/api/v1"
Q = f"tahun={TAHUN}"
MATRIKS: dict[tuple[str, str], Kasus] = {
    # authentication
    ("POST", f"{V}/auth/login"): Kasus(
        post(f"{V}/auth/login", lambda p, i: {"username": "bappeda", "password": SANDI["bappeda"]}),
        publik(),
    ),
    ("POST", f"{V}/auth/logout"): Kasus(post(f"{V}/auth/logout", lambda p, i: {}), semua_akun()),
    ("GET", f"{V}/auth/whoami"): Kasus(get(f"{V}/auth/whoami"), semua_akun()),
    # accounts and tokens
    ("GET", f"{V}/akun"): Kasus(get(f"{V}/akun"), hanya_admin()),
    ("POST", f"{V}/akun"): Kasus(
        post(
            f"{V}/akun",
            lambda p, i: {
                "username": f"baru-{i}",
                "nama": "Akun baru",
                "password": "sandi-baru-123",
                "peran": "pd",
                "pd": PD.kode,
            },
        ),
        hanya_admin(201),
    ),
    ("GET", f"{V}/token"): Kasus(get(f"{V}/token"), hanya_admin()),
    ("POST", f"{V}/token"): Kasus(
        post(f"{V}/token", lambda p, i: {"username": "bappeda", "nama": f"mesin-{i}"}),
        hanya_admin(201),
    ),
    ("DELETE", f"{V}/token/{{token_id}}"): Kasus(_token_baru, hanya_admin()),
    # PD, pejabat, link codes
    ("GET", f"{V}/pd"): Kasus(get(f"{V}/pd"), semua_akun()),
    ("GET", f"{V}/pd/{{kode}}"): Kasus(get(f"{V}/pd/{PD.kode}"), data_pd()),
    ("GET", f"{V}/pejabat"): Kasus(get(f"{V}/pejabat?pd={PD.kode}"), data_pd()),
    ("POST", f"{V}/link-code"): Kasus(
        post(f"{V}/link-code", lambda p, i: {"nip": NIP_KASUBAG}), kelola(201)
    ),
    # cascade, ROPP, import
    ("GET", f"{V}/cascade"): Kasus(get(f"{V}/cascade?{Q}&pd={PD.kode}"), data_pd()),
    ("GET", f"{V}/cascade/{{kode}}"): Kasus(get(f"{V}/cascade/{SK_PD}?{Q}"), data_pd()),
    ("GET", f"{V}/ropp/{{kode}}"): Kasus(get(f"{V}/ropp/{SK_PD}?{Q}"), data_pd()),
    ("POST", f"{V}/impor"): Kasus(_impor, hanya_admin()),
    # realisasi
    ("GET", f"{V}/realisasi/{{kode}}"): Kasus(get(f"{V}/realisasi/{SK_PD}?{Q}&bulan=1"), data_pd()),
    ("POST", f"{V}/realisasi"): Kasus(
        post(
            f"{V}/realisasi",
            lambda p, i: {
                "sub_kegiatan": SK_PD,
                "tahun": TAHUN,
                "bulan": 2,
                "realisasi_bobot": "10",
                "realisasi_anggaran": "1000000",
                "alasan": f"koreksi oleh {p}",
            },
        ),
        lapor(),
    ),
    # capaian, compliance
    ("GET", f"{V}/capaian"): Kasus(get(f"{V}/capaian?periode=2026-01&kode={SK_PD}"), data_pd()),
    ("GET", f"{V}/kepatuhan"): Kasus(get(f"{V}/kepatuhan?{Q}&pd={PD.kode}"), data_pd()),
    # reports
    ("GET", f"{V}/laporan/{{jenis}}"): Kasus(
        get(f"{V}/laporan/bulanan?periode=2026-01&pd={PD.kode}&format=json"), data_pd()
    ),
    ("GET", f"{V}/laporan-ropp/{{kode}}"): Kasus(
        get(f"{V}/laporan-ropp/{SK_PD}?{Q}&format=json"), data_pd()
    ),
    # deadlines, reminders, calendar
    ("GET", f"{V}/tenggat"): Kasus(get(f"{V}/tenggat?{Q}"), semua_akun()),
    ("GET", f"{V}/pengingat"): Kasus(get(f"{V}/pengingat?tanggal=2026-02-03"), semua_akun()),
    ("GET", f"{V}/kalender/override"): Kasus(get(f"{V}/kalender/override"), semua_akun()),
    ("POST", f"{V}/kalender/override"): Kasus(
        post(
            f"{V}/kalender/override",
            lambda p, i: {"tanggal": f"2026-09-0{i + 1}", "libur": True, "keterangan": "uji"},
        ),
        kelola(201),
    ),
    ("DELETE", f"{V}/kalender/override/{{tanggal}}"): Kasus(_override_baru, kelola()),
    ("GET", f"{V}/kalender/apbd/{{tahun}}"): Kasus(get(f"{V}/kalender/apbd/{TAHUN}"), semua_akun()),
    ("POST", f"{V}/kalender/apbd"): Kasus(
        post(f"{V}/kalender/apbd", lambda p, i: {"tahun": TAHUN, "apbd": "2025-11-28"}), kelola()
    ),
    ("DELETE", f"{V}/kalender/apbd/{{tahun}}"): Kasus(
        lambda env, p, i: {"url": f"{V}/kalender/apbd/{TAHUN + 1}"}, kelola()
    ),
    # kendala (api/routes_kendala.py over core/services_kendala.py)
    ("GET", f"{V}/kendala"): Kasus(get(f"{V}/kendala?pd={PD.kode}"), data_pd()),
    ("GET", f"{V}/kendala/{{kendala_id}}"): Kasus(_kendala("", None), data_pd()),
    ("POST", f"{V}/kendala/{{kendala_id}}/tanggapan"): Kasus(
        _kendala("/tanggapan", {"isi": "Silakan koordinasi dengan ULP."}), kelola(201)
    ),
    ("POST", f"{V}/kendala/{{kendala_id}}/selesai"): Kasus(_kendala("/selesai", None), kelola()),
    # audit trail and month locks (api/routes_audit.py)
    ("GET", f"{V}/audit"): Kasus(
        get(f"{V}/audit?entitas=realisasi&kode={TAHUN}/{SK_PD}/1"), data_pd()
    ),
    ("GET", f"{V}/kunci-bulan"): Kasus(get(f"{V}/kunci-bulan?{Q}&pd={PD.kode}"), data_pd()),
    ("POST", f"{V}/kunci-bulan"): Kasus(
        post(f"{V}/kunci-bulan", lambda p, i: {"pd": PD.kode, "tahun": TAHUN, "bulan": 12}),
        kelola(),
    ),
    ("POST", f"{V}/kunci-bulan/buka"): Kasus(_buka, kelola()),
    # PK, KKL, KAK submitted (api/routes_dokumen.py): admin/bappeda any PD, pd its own PD
    ("GET", f"{V}/dokumen"): Kasus(get(f"{V}/dokumen?{Q}&pd={PD.kode}"), data_pd()),
    ("POST", f"{V}/dokumen"): Kasus(
        post(
            f"{V}/dokumen",
            lambda p, i: {"pd": PD.kode, "tahun": TAHUN, "jenis": ("PK", "KKL", "KAK")[i % 3]},
        ),
        data_pd(201),
    ),
}


def api_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) under /api/v1, including routes hidden from the OpenAPI schema."""
    try:
        from fastapi.routing import iter_route_contexts

        routes: list[Any] = list(iter_route_contexts(app.routes))
    except ImportError:  # older FastAPI: routers are flattened into app.routes
        routes = list(app.routes)
    out = set()
    for r in routes:
        path = getattr(r, "path", "")
        if not path.startswith("/api/v1"):
            continue
        for m in getattr(r, "methods", None) or ():
            if m != "HEAD":
                out.add((m, path))
    return out


def test_every_route_is_in_the_matrix(api: ApiEnv) -> None:
    routes = api_routes(api.client.app)  # type: ignore[arg-type]
    assert len(routes) >= 30
    missing = sorted(routes - MATRIKS.keys())
    assert not missing, f"routes without a row in the authorization matrix: {missing}"
    stale = sorted(MATRIKS.keys() - routes)
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


def test_authorization_matrix(api: ApiEnv) -> None:
    salah: list[str] = []
    for (method, path), kasus in sorted(MATRIKS.items()):
        for i, peran in enumerate(PERAN):
            kw = kasus.req(api, peran, i)
            headers = api.auth(peran) if peran != "anon" else {}
            api.client.cookies.clear()  # only the token authenticates (login sets a cookie)
            r = api.client.request(method, headers=headers, **kw)
            harap = kasus.harapan[peran]
            if r.status_code != harap:
                salah.append(
                    f"{peran:8} {method} {path}: {r.status_code} != {harap} {r.text[:200]}"
                )
            elif r.status_code in (401, 403):
                detail = r.json()["detail"]
                assert isinstance(detail, str) and detail, (method, path, peran)
                assert "Belum masuk" in detail or "ditolak" in detail.lower(), detail
    assert not salah, "\n".join(salah)


def test_pd_account_cannot_write_another_pds_data(api: ApiEnv) -> None:
    """pd_lain (Dinas Kesehatan) tries to report and to correct Bappeda's sub kegiatan."""
    before = services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 1)
    for bulan, alasan in ((1, "koreksi"), (2, None)):
        body = {
            "sub_kegiatan": SK_PD,
            "tahun": TAHUN,
            "bulan": bulan,
            "realisasi_bobot": "1",
            "realisasi_anggaran": "1",
            "alasan": alasan,
        }
        r = api.client.post("/api/v1/realisasi", json=body, headers=api.auth("pd_lain"))
        assert r.status_code == 403 and PD.kode not in r.json()["detail"]
    assert services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 1) == before
    assert services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 2) == []
    # and its lists never show the other PD
    for url in ("/api/v1/pd", "/api/v1/pejabat", f"/api/v1/cascade?{Q}", f"/api/v1/kepatuhan?{Q}"):
        body = api.client.get(url, headers=api.auth("pd_lain")).text
        assert PD.kode not in body and "Bappeda" not in body, url
