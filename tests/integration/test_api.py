"""The REST API over real databases, authenticated as admin (tests/api has the full suite)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from api.app import create_app, ping_engine
from core import services_akun
from tests.factories import seed_master


@pytest.fixture
def client(uow_factory, engine):
    seed_master(uow_factory)
    now = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
    services_akun.buat_akun(
        uow_factory(),
        username="admin",
        nama="Admin",
        password="sandi-admin-123",
        peran="admin",
        pd_kode=None,
        now=now,
    )
    token = services_akun.buat_api_token(uow_factory(), "admin", "uji", now).token
    with TestClient(create_app(uow_factory, ping_engine(engine))) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        yield c


def test_api_needs_an_account(uow_factory, engine):
    seed_master(uow_factory)
    with TestClient(create_app(uow_factory, ping_engine(engine))) as c:
        r = c.get("/api/v1/pejabat")
        assert r.status_code == 401 and "Belum masuk" in r.json()["detail"]
        assert c.get("/health").status_code == 200


def test_health_and_ready(client):
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "siap"}


def test_tenggat(client):
    rows = client.get("/api/v1/tenggat", params={"tahun": 2026}).json()
    assert {"jenis": "bulanan", "periode": "2026-01", "tenggat": "2026-02-06"}.items() <= rows[
        0
    ].items()
    assert client.get("/api/v1/tenggat", params={"tahun": "abc"}).status_code == 422


def test_capaian_empty_year_has_reason_not_zero(client):
    body = client.get("/api/v1/capaian", params={"periode": "2026-01"}).json()
    assert body["hasil"]["capaian_kinerja"] is None
    assert body["hasil"]["alasan_kinerja"]
    bad = client.get("/api/v1/capaian", params={"periode": "2026-13"})
    assert bad.status_code == 422 and "13" in bad.json()["detail"]


def test_pejabat_filter(client):
    assert len(client.get("/api/v1/pejabat").json()) == 3
    missing = client.get("/api/v1/pejabat", params={"pd": "NOPE"})
    assert missing.status_code == 404 and "NOPE" in missing.json()["detail"]


def _lampiran_ii(uow_factory):
    from datetime import UTC, datetime

    from core import services
    from core.cascade import Saluran
    from core.realisasi import RealisasiInput
    from tests.factories import KEGIATAN_Q1, NIP_KASUBAG, TAHUN, lampiran_ii_cascade, ropp_q1

    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, real) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
        services.submit_realisasi(
            uow_factory(),
            RealisasiInput(f"SK-{k}", TAHUN, 2, real, 0),
            oleh_nip=NIP_KASUBAG,
            saluran=Saluran.API,
            now=datetime(2026, 3, 2, tzinfo=UTC),
        )


def test_report_downloads_use_the_same_functions(client, uow_factory):
    """Lampiran II Program Triwulanan over the API: xlsx, PDF and JSON (Pergub 17/2023 Pasal 15(3))."""
    from tests.factories import PD

    _lampiran_ii(uow_factory)
    base = {"periode": "2026-Q1", "pd": PD.kode}
    xlsx = client.get("/api/v1/laporan/program", params=base)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx.headers["content-disposition"]
    pdf = client.get("/api/v1/laporan/program", params={**base, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    data = client.get("/api/v1/laporan/program", params={**base, "format": "json"}).json()
    assert "56,77" in str(data)  # the Jumlah Program capaian of the worked example
    assert client.get("/api/v1/laporan/program", params={"periode": "2026-Q1"}).status_code == 422
    bad = client.get("/api/v1/laporan/program", params={**base, "periode": "2026-01"})
    assert bad.status_code == 422 and "triwulan" in bad.text.lower()
    assert client.get("/api/v1/laporan/nope", params=base).status_code == 422


def test_report_pdf_that_cannot_be_laid_out_is_a_json_error(client, uow_factory, monkeypatch):
    """A PDF that cannot be laid out is answered like the API's other refusals (JSON, Indonesian),
    not with a bare 500; the xlsx of the same report is still served."""
    from core.reporting import pdf
    from tests.factories import PD

    _lampiran_ii(uow_factory)
    # a page lower than the table's header: nothing can lay it out
    monkeypatch.setitem(pdf.KERTAS, "A4", (pdf.KERTAS["A4"][0], 110.0))
    base = {"periode": "2026-Q1", "pd": PD.kode}
    r = client.get("/api/v1/laporan/program", params={**base, "format": "pdf"})
    assert r.status_code == 409
    assert r.json() == {
        "detail": "Tabel Laporan Kinerja Program Triwulanan Tahun 2026 tidak dapat disusun sebagai "
        "PDF (A4): ada bagian yang tidak muat pada satu halaman. Unduh laporan ini dalam format "
        "xlsx."
    }
    assert client.get("/api/v1/laporan/program", params=base).status_code == 200
