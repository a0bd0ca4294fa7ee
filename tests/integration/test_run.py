"""`sakip run` as `make run` starts it: a real process serving HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _api_token(env: dict[str, str]) -> str:
    """An account and an API token made with the CLI against the running server's database."""

    def sakip(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "sakip.cli", *args], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    sakip(
        "akun", "buat", "uji", "--nama", "Uji", "--peran", "bappeda", "--password", "rahasia-uji-1"
    )
    return sakip("akun", "token", "uji", "mesin").splitlines()[1].strip()


def test_run_migrates_and_serves(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "TELEGRAM_BOT_TOKEN": "",
        "SAKIP_LOG_FORMAT": "json",
        "SAKIP_DATA_DIR": str(tmp_path),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "sakip.cli", "run", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2)
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "sakip run did not become ready in 60 s"
            time.sleep(0.3)
        assert r.json() == {"status": "siap"}
        url = f"http://127.0.0.1:{port}/api/v1/tenggat"
        assert httpx.get(url, params={"tahun": 2026}).status_code == 401  # login required
        token = _api_token(env)
        rows = httpx.get(
            url, params={"tahun": 2026}, headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert any(d["periode"] == "2026-01" and d["tenggat"] == "2026-02-06" for d in rows)
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # structured logs: one JSON object per request, on the process's own output
    out = proc.stdout.read() if proc.stdout else ""
    logged = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    assert {(x["path"], x["status"]) for x in logged if x.get("logger") == "sakip.request"} >= {
        ("/ready", 200),
        ("/api/v1/tenggat", 401),
        ("/api/v1/tenggat", 200),
    }
