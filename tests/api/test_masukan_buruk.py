"""Bad input (issue 6): each gets a 4xx with a clear Indonesian message, and nothing changes.

Missing/forged CSRF, lockout, expired sessions: tests/api/test_auth.py. A pd account reaching for
another PD: tests/api/test_matriks_otorisasi.py.
"""

from __future__ import annotations

from sqlalchemy import func, select

from core.persistence.models import (
    AkunRow,
    KalenderOverrideRow,
    LinkCodeRow,
    PerubahanDataRow,
    RealisasiRow,
)
from tests.api.conftest import SK_PD, ApiEnv, make_client, seed_api
from tests.factories import PD, TAHUN

OVERRIDE = "/api/v1/kalender/override"


def _jumlah(api: ApiEnv) -> dict[str, int]:
    with api.uow_factory() as uow:
        s = uow.session
        assert s is not None
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
            for m in (AkunRow, KalenderOverrideRow, LinkCodeRow, PerubahanDataRow, RealisasiRow)
        }


def _detail(r) -> str:
    d = r.json()["detail"]
    return d if isinstance(d, str) else " | ".join(f"{x['lokasi']}: {x['pesan']}" for x in d)


def test_malformed_json(api: ApiEnv) -> None:
    before = _jumlah(api)
    r = api.client.post(
        OVERRIDE,
        content=b'{"tanggal": "2026-09-01", "libur": tru',
        headers={**api.auth("admin"), "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    assert "JSON tidak sah" in _detail(r)
    assert _jumlah(api) == before
    # where, in Indonesian; not Python's English reason ("Expecting property name ...")
    r = api.client.post(
        "/api/v1/kunci-bulan",
        content=b'{"pd": "X",\n {bad json',
        headers={**api.auth("bappeda"), "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    [masalah] = r.json()["detail"]
    assert masalah["pesan"] == (
        "JSON tidak sah: periksa tanda kutip, koma dan kurung pada baris 2 kolom 2."
    )
    assert _jumlah(api) == before


def test_a_choice_lists_its_values_in_indonesian(api: ApiEnv) -> None:
    """Pydantic words a Literal's choices in English ("'a', 'b' or 'c'"): "atau" instead."""
    for url, kolom, pilihan in (
        ("/api/v1/kendala?status=foo", "query.status", "'baru', 'ditanggapi' atau 'selesai'"),
        (
            "/api/v1/laporan/tahunan?periode=2026-01",
            "path.jenis",
            "'bulanan', 'program', 'sasaran' atau 'daerah'",
        ),
        (
            f"/api/v1/laporan/bulanan?periode=2026-01&pd={PD.kode}&format=csv",
            "query.format",
            "'xlsx', 'pdf' atau 'json'",
        ),
    ):
        r = api.client.get(url, headers=api.auth("admin"))
        assert r.status_code == 422, url
        detail = {x["lokasi"]: x["pesan"] for x in r.json()["detail"]}
        assert detail[kolom] == f"harus salah satu dari: {pilihan}.", url
    r = api.client.get("/api/v1/audit?entitas=foo&kode=x", headers=api.auth("admin"))
    assert r.status_code == 422
    assert " or " not in r.text and " atau " in r.text


def test_wrong_types_name_every_field_in_indonesian(api: ApiEnv) -> None:
    before = _jumlah(api)
    r = api.client.post(
        OVERRIDE,
        json={"tanggal": "kemarin", "libur": "mungkin", "keterangan": 5, "x": 1},
        headers=api.auth("admin"),
    )
    assert r.status_code == 422
    detail = {x["lokasi"]: x["pesan"] for x in r.json()["detail"]}
    assert detail == {
        "body.tanggal": "harus tanggal TTTT-BB-HH.",
        "body.libur": "harus true atau false.",
        "body.keterangan": "harus teks.",
        "body.x": "kolom tidak dikenal.",
    }
    r = api.client.post(
        "/api/v1/realisasi",
        json={
            "sub_kegiatan": SK_PD,
            "tahun": "dua ribu",
            "bulan": 13,
            "realisasi_bobot": "12,5",
            "realisasi_anggaran": -1,
        },
        headers=api.auth("admin"),
    )
    assert r.status_code == 422
    detail = {x["lokasi"]: x["pesan"] for x in r.json()["detail"]}
    assert detail["body.tahun"] == "harus bilangan bulat."
    assert detail["body.bulan"] == "maksimal 12."
    assert "angka" in detail["body.realisasi_bobot"]
    assert detail["body.realisasi_anggaran"] == "minimal 0."
    q = api.client.get("/api/v1/tenggat", params={"tahun": "abc"}, headers=api.auth("pd"))
    assert q.status_code == 422 and _detail(q) == "query.tahun: harus bilangan bulat."
    assert _jumlah(api) == before


def test_huge_json_payload_is_refused_before_reading(api: ApiEnv) -> None:
    before = _jumlah(api)
    besar = b'{"tanggal": "2026-09-01", "libur": true, "keterangan": "' + b"a" * 2_000_000 + b'"}'
    r = api.client.post(
        OVERRIDE, content=besar, headers={**api.auth("admin"), "Content-Type": "application/json"}
    )
    assert r.status_code == 413 and _detail(r) == "Data terlalu besar (maksimal 1 MB)."
    # a long text under the byte limit is still refused by its field limit
    r = api.client.post(
        OVERRIDE,
        json={"tanggal": "2026-09-01", "libur": True, "keterangan": "a" * 5000},
        headers=api.auth("admin"),
    )
    assert r.status_code == 422 and "terlalu panjang" in _detail(r)
    assert _jumlah(api) == before


def test_huge_upload_is_refused(uow_factory, engine, clock) -> None:
    token = seed_api(uow_factory, clock())["admin"]
    with make_client(uow_factory, engine, clock, unggah_maks_mb=1) as c:
        env = ApiEnv(c, uow_factory, clock, token={"admin": token})
        before = _jumlah(env)
        r = c.post(
            "/api/v1/impor",
            files={"berkas": ("besar.xlsx", b"PK" + b"\0" * (2 * 1024 * 1024), "application/zip")},
            data={"tahun": str(TAHUN)},
            headers=env.auth("admin"),
        )
        assert r.status_code == 413 and _detail(r) == "Data terlalu besar (maksimal 1 MB)."
        assert _jumlah(env) == before


def test_path_traversal_in_upload_file_names(api: ApiEnv) -> None:
    before = _jumlah(api)
    for nama in (
        "../../etc/passwd.xlsx",
        "..\\..\\windows\\sakip.xlsx",
        "/tmp/sakip.xlsx",
        "C:sakip.xlsx",
        ".tersembunyi.xlsx",
        "laporan.exe",
    ):
        r = api.client.post(
            "/api/v1/impor",
            files={"berkas": (nama, b"PK\x03\x04 bukan workbook", "application/octet-stream")},
            data={"tahun": str(TAHUN)},
            headers=api.auth("admin"),
        )
        assert r.status_code == 422, (nama, r.text)
        assert "Nama berkas tidak sah" in _detail(r) or ".xlsx" in _detail(r)
    assert _jumlah(api) == before


def test_a_broken_workbook_is_reported_not_crashed(api: ApiEnv) -> None:
    before = _jumlah(api)
    r = api.client.post(
        "/api/v1/impor",
        files={"berkas": ("rusak.xlsx", b"bukan sebuah workbook", "application/octet-stream")},
        data={"tahun": str(TAHUN)},
        headers=api.auth("admin"),
    )
    assert r.status_code == 422 and r.json()["detail"]
    assert _jumlah(api) == before


def test_sql_looking_strings_are_plain_data(api: ApiEnv) -> None:
    before = _jumlah(api)
    sql = "' OR '1'='1'; DROP TABLE akun; --"
    r = api.client.get("/api/v1/pejabat", params={"pd": sql}, headers=api.auth("admin"))
    assert r.status_code == 404 and "tidak dikenal" in _detail(r)
    r = api.client.get(
        "/api/v1/cascade/x' OR 1=1 --", params={"tahun": TAHUN}, headers=api.auth("admin")
    )
    assert r.status_code == 404 and "tidak ada" in _detail(r)
    r = api.client.get("/api/v1/capaian", params={"periode": "2026' --"}, headers=api.auth("admin"))
    assert r.status_code == 422
    r = api.client.post("/api/v1/auth/login", json={"username": "admin' --", "password": sql})
    assert r.status_code == 401 and _detail(r) == "Nama pengguna atau kata sandi salah."
    r = api.client.post(
        "/api/v1/link-code", json={"nip": "1' OR '1'='1"}, headers=api.auth("admin")
    )
    assert r.status_code == 422 and "format tidak sah" in _detail(r)
    # a pd account cannot widen its scope with an injected PD code either
    r = api.client.get(
        "/api/v1/kepatuhan",
        params={"tahun": TAHUN, "pd": f"{PD.kode}' OR '1'='1"},
        headers=api.auth("pd"),
    )
    assert r.status_code == 403
    assert _jumlah(api) == before
    assert api.client.get("/api/v1/akun", headers=api.auth("admin")).status_code == 200


def test_unknown_paths_and_methods_answer_in_indonesian(api: ApiEnv) -> None:
    r = api.client.get("/api/v1/tidak-ada", headers=api.auth("admin"))
    assert r.status_code == 404 and _detail(r) == "Alamat tidak ditemukan."
    r = api.client.put("/api/v1/pd", headers=api.auth("admin"))
    assert r.status_code == 405 and _detail(r) == "Metode tidak diizinkan untuk alamat ini."


def test_nul_characters_are_refused_everywhere(api: ApiEnv) -> None:
    """PostgreSQL text cannot hold NUL: refused up front with 422 on both databases, not a 500."""
    before = _jumlah(api)
    for url in ("/api/v1/pejabat?pd=%00", "/api/v1/cascade/SK%00?tahun=2026"):
        r = api.client.get(url, headers=api.auth("admin"))
        assert r.status_code == 422 and "NUL" in _detail(r), url
    r = api.client.post(
        "/api/v1/auth/login", json={"username": "admin\u0000", "password": "x\u0000"}
    )
    assert r.status_code == 422 and "NUL" in _detail(r)
    r = api.client.post(
        OVERRIDE,
        json={"tanggal": "2026-09-01", "libur": True, "keterangan": "libur\u0000"},
        headers=api.auth("admin"),
    )
    assert r.status_code == 422 and "NUL" in _detail(r)
    assert _jumlah(api) == before


def test_a_mistyped_huge_amount_is_refused_not_overflowed(api: ApiEnv) -> None:
    """Rp 1,8 x 10^21 would overflow PostgreSQL's NUMERIC(24, 6); the schema refuses it in Indonesian
    (the dashboard form and the bot meet the same limit in core.realisasi.validate_realisasi)."""
    before = _jumlah(api)
    r = api.client.post(
        "/api/v1/realisasi",
        json={
            "sub_kegiatan": SK_PD,
            "tahun": TAHUN,
            "bulan": 1,
            "realisasi_bobot": 3,
            "realisasi_anggaran": "1824205000000000000000",
        },
        headers=api.auth("pd"),
    )
    assert r.status_code == 422, r.text
    assert _detail(r) == (
        "body.realisasi_anggaran: terlalu besar (paling banyak 18 digit sebelum koma)."
    )
    assert _jumlah(api) == before
