"""Structured logs (issue 6, "One command": health and readiness endpoints; structured logs)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from core.config import Settings
from core.persistence.db import upgrade
from sakip.logs import JsonFormatter, configure_logging
from sakip.server import build_app
from sakip.wiring import build_container


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access").disabled
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = access


def test_json_formatter_keeps_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "sakip.x", "levelname": "INFO", "msg": "kirim %s", "args": ("ok",), "nip": "1"}
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "kirim ok" and line["nip"] == "1" and line["logger"] == "sakip.x"
    assert line["level"] == "INFO" and line["ts"].endswith("+00:00")


def test_unknown_log_format_is_refused(restore_logging) -> None:
    with pytest.raises(ValueError, match="SAKIP_LOG_FORMAT"):
        configure_logging("xml")


def test_every_request_is_one_json_line_with_its_request_id(tmp_path, restore_logging) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    upgrade(url)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        telegram_bot_token=None,
        pengingat_aktif=False,
        data_dir=tmp_path,
    )
    out = io.StringIO()
    configure_logging("json", "INFO", stream=out)
    with TestClient(build_app(build_container(settings))) as client:
        r = client.get("/health")
        assert r.status_code == 200
        anon = client.get("/api/v1/pd")
        assert anon.status_code == 401
    lines = [json.loads(x) for x in out.getvalue().splitlines() if x.strip()]
    req = [x for x in lines if x["logger"] == "sakip.request"]
    assert [(x["method"], x["path"], x["status"]) for x in req] == [
        ("GET", "/health", 200),
        ("GET", "/api/v1/pd", 401),
    ]
    assert req[0]["request_id"] == r.headers["x-request-id"]
    assert all(isinstance(x["duration_ms"], float) for x in req)
