"""`sakip run` as `make run` starts it: a real process serving HTTP on 127.0.0.1."""

from __future__ import annotations

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


def test_run_migrates_and_serves(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "TELEGRAM_BOT_TOKEN": "",
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
        rows = httpx.get(f"http://127.0.0.1:{port}/api/v1/tenggat", params={"tahun": 2026}).json()
        assert any(d["periode"] == "2026-01" and d["tenggat"] == "2026-02-06" for d in rows)
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
