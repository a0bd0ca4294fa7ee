"""The minimal REST API over real databases (the full API is issue 6)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app, ping_engine
from tests.factories import seed_master


@pytest.fixture
def client(uow_factory, engine):
    seed_master(uow_factory)
    with TestClient(create_app(uow_factory, ping_engine(engine))) as c:
        yield c


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
