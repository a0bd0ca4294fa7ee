"""Login sessions, CSRF, lockout, expiry and API tokens, over the real API and database."""

from __future__ import annotations

from datetime import timedelta

from core import services, services_akun
from tests.api.conftest import SANDI, SK_PD, USERNAME, ApiEnv, make_client
from tests.factories import PD, TAHUN

LOGIN = "/api/v1/auth/login"


def _login(api: ApiEnv, peran: str = "bappeda", password: str | None = None):
    return api.client.post(
        LOGIN, json={"username": USERNAME[peran], "password": password or SANDI[peran]}
    )


def test_login_sets_an_httponly_cookie_and_returns_csrf(api: ApiEnv) -> None:
    r = _login(api)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["akun"] == {
        "id": 2,
        "username": "bappeda",
        "nama": "Akun bappeda",
        "peran": "bappeda",
        "pd": None,
        "aktif": True,
    }
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("sakip_sesi=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = r.cookies["sakip_sesi"]
    assert body["csrf"] and body["csrf"] != token
    me = api.client.get("/api/v1/auth/whoami").json()
    assert me["akun"]["username"] == "bappeda" and me["via"] == "sesi"
    assert me["csrf"] == body["csrf"]


def test_unsafe_requests_by_cookie_need_the_csrf_header(api: ApiEnv) -> None:
    csrf = _login(api).json()["csrf"]
    body = {"tanggal": "2026-09-01", "libur": True, "keterangan": "Cuti bersama baru"}
    url = "/api/v1/kalender/override"
    missing = api.client.post(url, json=body)
    assert missing.status_code == 403 and "CSRF" in missing.json()["detail"]
    forged = api.client.post(url, json=body, headers={"X-CSRF-Token": csrf[:-2] + "xx"})
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    with api.uow_factory() as uow:
        assert uow.repo.list_overrides() == []  # nothing changed
    ok = api.client.post(url, json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201, ok.text
    # a safe method needs no CSRF token; an API token needs none either
    assert api.client.get(url).status_code == 200
    api.client.cookies.clear()
    r = api.client.delete(f"{url}/2026-09-01", headers=api.auth("bappeda"))
    assert r.status_code == 200


def test_logout_ends_the_session(api: ApiEnv) -> None:
    csrf = _login(api).json()["csrf"]
    token = api.client.cookies["sakip_sesi"]
    assert api.client.post("/api/v1/auth/logout").status_code == 403  # CSRF here too
    r = api.client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    assert services_akun.verify_session(api.uow_factory(), token, api.clock()) is None
    api.client.cookies.set("sakip_sesi", token)
    again = api.client.get("/api/v1/auth/whoami")
    assert again.status_code == 401 and "berakhir" in again.json()["detail"]


def test_wrong_passwords_lock_the_account(api: ApiEnv) -> None:
    for _ in range(4):
        r = _login(api, password="salah-sandi")
        assert r.status_code == 401
        assert r.json()["detail"] == "Nama pengguna atau kata sandi salah."
        assert "set-cookie" not in r.headers
    fifth = _login(api, password="salah-sandi")
    assert fifth.status_code == 429 and "terkunci" in fifth.json()["detail"]
    assert "15 menit" in fifth.json()["detail"] and fifth.headers["retry-after"] == "900"
    # locked: even the right password is refused, and no session is made
    right = _login(api)
    assert right.status_code == 429 and "set-cookie" not in right.headers
    with api.uow_factory() as uow:
        akun = uow.repo.get_akun("bappeda")
        assert akun is not None and akun.terkunci_sampai is not None
    # other accounts are not affected
    assert _login(api, "admin").status_code == 200
    api.clock.now += timedelta(minutes=15)
    assert _login(api).status_code == 200
    with api.uow_factory() as uow:
        akun = uow.repo.get_akun("bappeda")
        assert akun is not None and akun.gagal_login == 0 and akun.terkunci_sampai is None


def test_unknown_user_gets_the_same_message(api: ApiEnv) -> None:
    r = api.client.post(LOGIN, json={"username": "tidak-ada", "password": "apa saja"})
    assert r.status_code == 401 and r.json()["detail"] == "Nama pengguna atau kata sandi salah."


def test_expired_session_is_refused(api: ApiEnv) -> None:
    assert _login(api).status_code == 200
    assert api.client.get("/api/v1/auth/whoami").status_code == 200
    api.clock.now += timedelta(hours=8)
    r = api.client.get("/api/v1/auth/whoami")
    assert r.status_code == 401 and "berakhir" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"


def test_session_lifetime_comes_from_the_settings(uow_factory, engine, clock) -> None:
    from tests.api.conftest import seed_api

    seed_api(uow_factory, clock())
    with make_client(uow_factory, engine, clock, sesi_jam=1) as c:
        r = c.post(LOGIN, json={"username": "admin", "password": SANDI["admin"]})
        assert r.status_code == 200 and "Max-Age=3600" in r.headers["set-cookie"]
        clock.now += timedelta(minutes=59)
        assert c.get("/api/v1/auth/whoami").status_code == 200
        clock.now += timedelta(minutes=1)
        assert c.get("/api/v1/auth/whoami").status_code == 401


def test_api_tokens_can_be_revoked(api: ApiEnv) -> None:
    r = api.client.post(
        "/api/v1/token", json={"username": "pd-bappeda", "nama": "skrip"}, headers=api.auth("admin")
    )
    assert r.status_code == 201
    baru = r.json()
    assert baru["token"] and baru["username"] == "pd-bappeda"
    auth = {"Authorization": f"Bearer {baru['token']}"}
    me = api.client.get("/api/v1/auth/whoami", headers=auth).json()
    assert me["akun"]["pd"] == PD.kode and me["via"] == "token" and me["csrf"] is None
    listed = api.client.get("/api/v1/token", headers=api.auth("admin")).json()
    assert all("token" not in t or t["token"] is None for t in listed)
    d = api.client.delete(f"/api/v1/token/{baru['id']}", headers=api.auth("admin"))
    assert d.status_code == 200
    r = api.client.get("/api/v1/auth/whoami", headers=auth)
    assert r.status_code == 401 and "dicabut" in r.json()["detail"]
    again = api.client.delete(f"/api/v1/token/{baru['id']}", headers=api.auth("admin"))
    assert again.status_code == 404


def test_forged_or_malformed_credentials(api: ApiEnv) -> None:
    for headers in (
        {"Authorization": "Bearer palsu"},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"Authorization": "Bearer " + "x" * 5000},
    ):
        r = api.client.get("/api/v1/pd", headers=headers)
        assert r.status_code == 401 and "Token API" in r.json()["detail"]
    api.client.cookies.set("sakip_sesi", "sesi-palsu")
    r = api.client.get("/api/v1/pd")
    assert r.status_code == 401 and "Sesi" in r.json()["detail"]


def test_disabled_account_loses_access(api: ApiEnv) -> None:
    assert _login(api, "pd").status_code == 200
    services_akun.set_aktif(api.uow_factory(), USERNAME["pd"], False)
    assert api.client.get("/api/v1/auth/whoami").status_code == 401
    api.client.cookies.clear()
    assert api.client.get("/api/v1/pd", headers=api.auth("pd")).status_code == 401
    assert _login(api, "pd").status_code == 401


def test_admin_correction_needs_a_reason(api: ApiEnv) -> None:
    body = {
        "sub_kegiatan": SK_PD,
        "tahun": TAHUN,
        "bulan": 1,
        "realisasi_bobot": "2.5",
        "realisasi_anggaran": "200000000",
    }
    before = services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 1)
    for alasan in (None, "", "   "):
        r = api.client.post(
            "/api/v1/realisasi", json={**body, "alasan": alasan}, headers=api.auth("admin")
        )
        assert r.status_code == 422 and "alasan" in r.text
    assert services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 1) == before
    r = api.client.post(
        "/api/v1/realisasi",
        json={**body, "alasan": "Salah ketik anggaran"},
        headers=api.auth("admin"),
    )
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["tersimpan"]["revisi"] == 2 and out["sebelumnya"]["revisi"] == 1
    assert out["tersimpan"]["dibuat_oleh"] == "Akun admin (admin)"
    assert out["tersimpan"]["saluran"] == "api"
    assert out["bulan"]["capaian_kinerja"].startswith("83.3")
    hist = api.client.get(
        f"/api/v1/realisasi/{SK_PD}", params={"tahun": TAHUN, "bulan": 1}, headers=api.auth("pd")
    ).json()
    assert [h["revisi"] for h in hist] == [1, 2]
    with api.uow_factory() as uow:
        from sqlalchemy import select

        from core.persistence.models import RealisasiRow

        assert uow.session is not None
        alasan = uow.session.scalars(
            select(RealisasiRow.alasan_koreksi).where(RealisasiRow.revisi == 2)
        ).all()
        assert alasan == ["Salah ketik anggaran"]
