"""What the endpoints answer, over the real database (roles and refusals: test_matriks_otorisasi)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core import services
from core.impor import ekspor_workbook
from tests.api.conftest import PD2, SK_PD, SK_PD2, ApiEnv
from tests.factories import NIP_KASUBAG, PD, TAHUN
from tests.fixtures.workbooks import buka, simpan


def test_compliance_matrix_per_pd_and_month(api: ApiEnv) -> None:
    m = api.client.get("/api/v1/kepatuhan", params={"tahun": TAHUN}, headers=api.auth("bappeda"))
    assert m.status_code == 200
    body = m.json()
    assert body["hari_ini"] == "2026-02-03"
    rows = {r["pd"]: r for r in body["pd"]}
    assert set(rows) == {PD.kode, PD2.kode}
    jan_pd = rows[PD.kode]["bulan"][0]
    # seven sub kegiatan have a January plan; only SK-K1 was reported (before the deadline)
    assert (jan_pd["status"], jan_pd["wajib"], jan_pd["dilaporkan"]) == ("belum", 7, 1)
    assert jan_pd["tenggat"] == "2026-02-06" and jan_pd["jatuh_tempo"] is False
    assert rows[PD2.kode]["bulan"][0]["status"] == "tepat_waktu"
    assert rows[PD2.kode]["bulan"][5]["status"] is None  # June: nothing planned (Lampiran I)

    # Dinkes reports February after its deadline (5th working day of March), through the API
    api.clock.now = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)
    r = api.client.post(
        "/api/v1/realisasi",
        json={
            "sub_kegiatan": SK_PD2,
            "tahun": TAHUN,
            "bulan": 2,
            "realisasi_bobot": "18.95",
            "realisasi_anggaran": "194700000",
        },
        headers=api.auth("pd_lain"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["tersimpan"]["terlambat"] is True
    m = api.client.get("/api/v1/kepatuhan", params={"tahun": TAHUN}, headers=api.auth("pd_lain"))
    rows = {x["pd"]: x for x in m.json()["pd"]}
    assert list(rows) == [PD2.kode]  # a pd account sees only its own row
    feb = rows[PD2.kode]["bulan"][1]
    assert (feb["status"], feb["jatuh_tempo"], feb["terlambat"]) == ("terlambat", True, 1)
    assert rows[PD2.kode]["jumlah"] == {"tepat_waktu": 1, "terlambat": 1, "belum": 0}


def test_capaian_defaults_to_the_pd_of_a_pd_account(api: ApiEnv) -> None:
    own = api.client.get("/api/v1/capaian", params={"periode": "2026-01"}, headers=api.auth("pd"))
    assert own.status_code == 200, own.text
    assert own.json()["hasil"]["kode"] == PD.kode
    node = api.client.get(
        "/api/v1/capaian",
        params={"periode": "2026-01", "kode": SK_PD, "kedalaman": 0},
        headers=api.auth("pd"),
    ).json()["hasil"]
    assert (node["capaian_kinerja"], node["kategori_kinerja"]) == ("100", "sangat_tinggi")
    assert "anak" not in node
    other = api.client.get(
        "/api/v1/capaian", params={"periode": "2026-01", "kode": SK_PD2}, headers=api.auth("pd")
    )
    assert other.status_code == 403
    prov = api.client.get(
        "/api/v1/capaian", params={"periode": "2026-01", "kode": "provinsi"}, headers=api.auth("pd")
    )
    assert prov.status_code == 403
    root = api.client.get(
        "/api/v1/capaian", params={"periode": "2026-Q1", "kedalaman": 1}, headers=api.auth("admin")
    ).json()
    assert root["hasil"]["kode"] == "provinsi" and len(root["hasil"]["anak"]) == 2


def test_cascade_ropp_and_history(api: ApiEnv) -> None:
    nodes = api.client.get(
        "/api/v1/cascade", params={"tahun": TAHUN, "pd": PD2.kode}, headers=api.auth("bappeda")
    ).json()
    assert [n["kode"] for n in nodes] == ["S-DINKES", "P-DINKES", "K-DINKES", SK_PD2]
    ropp = api.client.get(
        f"/api/v1/ropp/{SK_PD}", params={"tahun": TAHUN}, headers=api.auth("pd")
    ).json()
    assert [b["target_bobot"] for b in ropp["bulan"]][:3] == ["3", "18.95", "9.46"]
    assert ropp["bulan"][0]["anggaran_kas"] == "353956000"
    latest = api.client.get(
        f"/api/v1/realisasi/{SK_PD}", params={"tahun": TAHUN}, headers=api.auth("pd")
    ).json()
    assert [(r["bulan"], r["revisi"], r["realisasi_bobot"]) for r in latest] == [(1, 1, "3")]
    missing = api.client.get("/api/v1/ropp/K1", params={"tahun": TAHUN}, headers=api.auth("admin"))
    assert missing.status_code == 404 and "ROPP" in missing.json()["detail"]


def test_import_upload_dry_run_then_write(api: ApiEnv) -> None:
    wb = buka(ekspor_workbook(api.uow_factory(), TAHUN))
    ws = wb["Perangkat Daerah"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == PD2.kode:
            row[1].value = "Dinas Kesehatan Provinsi Banten"
    data = simpan(wb)
    files = {"berkas": ("ubah pd.xlsx", data, "application/octet-stream")}
    dry = api.client.post(
        "/api/v1/impor",
        files=files,
        data={"tahun": str(TAHUN), "dry_run": "true"},
        headers=api.auth("admin"),
    )
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert (body["dry_run"], body["ditulis"], body["berkas"]) == (True, False, "ubah pd.xlsx")
    assert body["perubahan"] == [
        {
            "entitas": "pd",
            "kode": PD2.kode,
            "kolom": "nama",
            "lama": "Dinas Kesehatan",
            "baru": "Dinas Kesehatan Provinsi Banten",
        }
    ]
    with api.uow_factory() as uow:
        assert uow.repo.get_pd(PD2.kode).nama == "Dinas Kesehatan"  # type: ignore[union-attr]
    done = api.client.post(
        "/api/v1/impor", files=files, data={"tahun": str(TAHUN)}, headers=api.auth("admin")
    )
    assert done.status_code == 200 and done.json()["ditulis"] is True
    with api.uow_factory() as uow:
        assert uow.repo.get_pd(PD2.kode).nama == "Dinas Kesehatan Provinsi Banten"  # type: ignore[union-attr]


def test_link_code_and_calendar(api: ApiEnv) -> None:
    r = api.client.post("/api/v1/link-code", json={"nip": NIP_KASUBAG}, headers=api.auth("bappeda"))
    assert r.status_code == 201
    kode = r.json()["kode"]
    assert len(kode) == 10 and r.json()["kedaluwarsa_pada"].startswith("2026-02-10")
    unknown = api.client.post(
        "/api/v1/link-code", json={"nip": "999999999999999999"}, headers=api.auth("admin")
    )
    assert unknown.status_code == 404 and "tidak dikenal" in unknown.json()["detail"]

    def tenggat_jan() -> str:
        rows = api.client.get(
            "/api/v1/tenggat", params={"tahun": TAHUN}, headers=api.auth("pd")
        ).json()
        return next(t["tenggat"] for t in rows if t["periode"] == "2026-01")

    assert tenggat_jan() == "2026-02-06"
    r = api.client.post(
        "/api/v1/kalender/override",
        json={"tanggal": "2026-02-05", "libur": True, "keterangan": "Libur daerah"},
        headers=api.auth("bappeda"),
    )
    assert r.status_code == 201
    assert tenggat_jan() == "2026-02-09"  # one working day later (Friday -> Monday)
    assert api.client.get("/api/v1/kalender/override", headers=api.auth("pd")).json() == [
        {"tanggal": "2026-02-05", "libur": True, "keterangan": "Libur daerah"}
    ]
    assert (
        api.client.delete(
            "/api/v1/kalender/override/2026-02-05", headers=api.auth("admin")
        ).status_code
        == 200
    )
    assert tenggat_jan() == "2026-02-06"
    gone = api.client.delete("/api/v1/kalender/override/2026-02-05", headers=api.auth("admin"))
    assert gone.status_code == 404

    r = api.client.post(
        "/api/v1/kalender/apbd",
        json={"tahun": TAHUN, "apbd": "2025-11-28", "apbd_perubahan": "2025-11-01"},
        headers=api.auth("admin"),
    )
    assert r.status_code == 422 and "APBD-Perubahan" in str(r.json()["detail"])
    r = api.client.post(
        "/api/v1/kalender/apbd",
        json={"tahun": TAHUN, "apbd": "2025-11-28"},
        headers=api.auth("admin"),
    )
    assert r.status_code == 200
    got = api.client.get(f"/api/v1/kalender/apbd/{TAHUN}", headers=api.auth("pd")).json()
    assert got == {"tahun": TAHUN, "apbd": "2025-11-28", "apbd_perubahan": None}
    jenis = {t.jenis.value for t in services.list_deadlines(api.uow_factory(), TAHUN)}
    assert "ropp" in jenis  # the APBD date now drives the ROPP deadline


def test_reminder_plan_is_the_cli_plan_and_scoped(api: ApiEnv) -> None:
    from datetime import date

    from core.pengingat import plan_pengingat

    semua = api.client.get(
        "/api/v1/pengingat", params={"tanggal": "2026-02-03"}, headers=api.auth("bappeda")
    ).json()
    cli = [p.to_json() for p in plan_pengingat(api.uow_factory(), date(2026, 2, 3))]
    assert semua == cli and semua
    own = api.client.get(
        "/api/v1/pengingat", params={"tanggal": "2026-02-03"}, headers=api.auth("pd")
    ).json()
    assert own and all(i["pd_kode"] == PD.kode for p in own for i in p["items"])


def test_report_downloads_are_scoped(api: ApiEnv) -> None:
    q = {"periode": "2026-01", "format": "xlsx"}
    xlsx = api.client.get("/api/v1/laporan/bulanan", params=q, headers=api.auth("pd"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"  # pd defaults to its own PD
    assert PD.kode in xlsx.headers["content-disposition"]
    pdf = api.client.get(
        "/api/v1/laporan/bulanan",
        params={**q, "format": "pdf", "pd": PD2.kode},
        headers=api.auth("bappeda"),
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ropp = api.client.get(
        f"/api/v1/laporan-ropp/{SK_PD2}", params={"tahun": TAHUN}, headers=api.auth("pd_lain")
    )
    assert ropp.status_code == 200 and ropp.content[:2] == b"PK"
    assert "attachment" in ropp.headers["content-disposition"]


def test_the_province_report_is_for_admin_and_bappeda(api: ApiEnv) -> None:
    """Tabel Tujuan dan Sasaran Daerah: province-level data (docs/dashboard.md, docs/audit.md)."""
    q = {"periode": "2026-Q1", "format": "json"}
    for peran in ("admin", "bappeda"):
        r = api.client.get("/api/v1/laporan/daerah", params=q, headers=api.auth(peran))
        assert r.status_code == 200, (peran, r.text)
    for peran in ("pd", "pd_lain"):
        for fmt in ("json", "xlsx", "pdf"):
            r = api.client.get(
                "/api/v1/laporan/daerah", params={**q, "format": fmt}, headers=api.auth(peran)
            )
            assert r.status_code == 403, (peran, fmt, r.status_code)
            assert r.json()["detail"] == "Akses ditolak: hanya untuk akun admin, Bappeda."
        r = api.client.get(
            "/api/v1/laporan/daerah", params={**q, "pd": PD.kode}, headers=api.auth(peran)
        )
        assert r.status_code == 403


def test_kendala_inbox_answer_reaches_telegram_and_close(api: ApiEnv) -> None:
    from sqlalchemy import select

    from core.persistence.models import PesanKeluarRow
    from tests.api.test_matriks_otorisasi import kendala_pd

    with api.uow_factory() as uow:
        uow.repo.set_telegram(NIP_KASUBAG, 424242)
        uow.commit()
    kid = kendala_pd(api, "Lelang gagal, jadwal bergeser")
    inbox = api.client.get(
        "/api/v1/kendala", params={"status": "baru"}, headers=api.auth("bappeda")
    ).json()
    assert inbox["total"] == 1 and inbox["items"][0]["id"] == kid
    assert inbox["items"][0]["pd"] == PD.kode and inbox["items"][0]["sub_kegiatan"] == SK_PD
    other = api.client.get("/api/v1/kendala", headers=api.auth("pd_lain")).json()
    assert other["total"] == 0  # Dinkes sees none of Bappeda's kendala
    assert api.client.get(f"/api/v1/kendala/{kid}", headers=api.auth("pd_lain")).status_code == 403

    r = api.client.post(
        f"/api/v1/kendala/{kid}/tanggapan",
        json={"isi": "Ajukan lelang ulang minggu ini."},
        headers=api.auth("bappeda"),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "ditanggapi" and body["batas_tindak_lanjut"]
    assert body["pesan"]["dari"] == "bappeda" and body["antrean"]
    with api.uow_factory() as uow:
        assert uow.session is not None
        keluar = uow.session.execute(select(PesanKeluarRow.chat_id, PesanKeluarRow.teks)).all()
    assert any(k.chat_id == 424242 and "Ajukan lelang ulang" in k.teks for k in keluar), (
        "the answer is queued for the official's Telegram chat"
    )
    thread = api.client.get(f"/api/v1/kendala/{kid}", headers=api.auth("pd")).json()
    assert [m["dari"] for m in thread["pesan"]][-1] == "bappeda"

    done = api.client.post(f"/api/v1/kendala/{kid}/selesai", headers=api.auth("admin"))
    assert done.status_code == 200 and done.json()["status"] == "selesai"
    again = api.client.post(f"/api/v1/kendala/{kid}/selesai", headers=api.auth("admin"))
    assert again.status_code == 409 and "sudah selesai" in again.json()["detail"]
    missing = api.client.get("/api/v1/kendala/999999", headers=api.auth("admin"))
    assert missing.status_code == 404 and "tidak ditemukan" in missing.json()["detail"]


def test_admin_creates_accounts_and_long_names_fit_the_logs(api: ApiEnv) -> None:
    nama = "Operator " + "x" * 246  # 255 characters, the longest name an account may have
    r = api.client.post(
        "/api/v1/akun",
        json={
            "username": "Operator.Dinkes",
            "nama": nama,
            "password": "sandi-op-123",
            "peran": "pd",
            "pd": PD2.kode,
        },
        headers=api.auth("admin"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["username"] == "operator.dinkes" and r.json()["pd"] == PD2.kode
    dup = api.client.post(
        "/api/v1/akun",
        json={
            "username": "operator.dinkes",
            "nama": "X",
            "password": "sandi-op-123",
            "peran": "admin",
            "pd": PD2.kode,
        },
        headers=api.auth("admin"),
    )
    assert dup.status_code == 422
    pesan = [d["pesan"] for d in dup.json()["detail"]]
    assert "nama pengguna sudah dipakai." in pesan
    assert "hanya akun pd yang terikat pada Perangkat Daerah." in pesan
    token = api.client.post(
        "/api/v1/token",
        json={"username": "operator.dinkes", "nama": "uji"},
        headers=api.auth("admin"),
    ).json()["token"]
    r = api.client.post(
        "/api/v1/realisasi",
        json={
            "sub_kegiatan": SK_PD2,
            "tahun": TAHUN,
            "bulan": 2,
            "realisasi_bobot": "1",
            "realisasi_anggaran": "1",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201, r.text
    oleh = r.json()["tersimpan"]["dibuat_oleh"]
    assert len(oleh) == 255 and oleh.endswith(" (operator.dinkes)")


def test_a_month_locked_by_bappeda_refuses_corrections(api: ApiEnv) -> None:
    r = api.client.post(
        "/api/v1/kunci-bulan",
        json={"pd": PD.kode, "tahun": TAHUN, "bulan": 1},
        headers=api.auth("bappeda"),
    )
    assert r.status_code == 200, r.text
    before = services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 1)

    def koreksi(peran: str, alasan: str) -> Any:
        return api.client.post(
            "/api/v1/realisasi",
            json={
                "sub_kegiatan": SK_PD,
                "tahun": TAHUN,
                "bulan": 1,
                "realisasi_bobot": "2",
                "realisasi_anggaran": "1",
                "alasan": alasan,
            },
            headers=api.auth(peran),
        )

    r = koreksi("admin", "koreksi setelah verifikasi")
    # 409 as docs/api.md says (a rule of the domain, not bad input), with the Indonesian message
    assert r.status_code == 409, r.text
    [masalah] = r.json()["detail"]
    assert masalah["lokasi"] == f"Realisasi {SK_PD}"
    assert masalah["pesan"].startswith("Bulan Januari 2026 untuk ")
    assert "dikunci Bappeda" in masalah["pesan"]
    r = koreksi("pd", "salah ketik")
    assert r.status_code == 409 and "dikunci Bappeda" in r.text
    assert services.realisasi_history(api.uow_factory(), TAHUN, SK_PD, 1) == before


def test_calendar_and_apbd_changes_through_the_api_are_in_the_audit_trail(api: ApiEnv) -> None:
    """Pergub 42/2018 Pasal 28: who changed a deadline-moving date, when, old -> new, channel."""
    c = api.client
    r = c.post(
        "/api/v1/kalender/override",
        json={"tanggal": "2026-02-05", "libur": True, "keterangan": "Cuti bersama tambahan"},
        headers=api.auth("bappeda"),
    )
    assert r.status_code == 201, r.text
    r = c.delete("/api/v1/kalender/override/2026-02-05", headers=api.auth("admin"))
    assert r.status_code == 200, r.text
    r = c.post(
        "/api/v1/kalender/apbd",
        json={"tahun": 2026, "apbd": "2025-11-28", "apbd_perubahan": None},
        headers=api.auth("admin"),
    )
    assert r.status_code == 200, r.text

    jejak = c.get(
        "/api/v1/audit",
        params={"entitas": "kalender", "kode": "2026-02-05"},
        headers=api.auth("admin"),
    )
    assert jejak.status_code == 200, jejak.text
    rows = jejak.json()
    rows = rows["catatan"]
    assert {r["saluran"] for r in rows} == {"api"}
    assert any("Akun" in (r["oleh"] or "") and "bappeda" in r["oleh"] for r in rows)
    assert any(r["nilai_baru"] is None for r in rows)  # the removal is recorded too
    apbd = c.get(
        "/api/v1/audit", params={"entitas": "apbd", "kode": "2026"}, headers=api.auth("bappeda")
    ).json()
    apbd = apbd["catatan"]
    assert any(r["nilai_baru"] == "2025-11-28" and r["saluran"] == "api" for r in apbd)
