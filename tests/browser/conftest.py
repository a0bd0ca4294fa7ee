"""Browser tests: the real app (``sakip run`` in a subprocess, uvicorn on a free 127.0.0.1 port) over a
SQLite database migrated by Alembic and loaded with the Banten demo (``sakip demo``), driven by
Playwright in headless Chromium.

Chromium is the Debian package (/usr/bin/chromium); Playwright's own browsers are never downloaded.
Without it the tests are skipped locally with the reason, and fail in CI (``CI=true``), where .ci/run
installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path(os.environ.get("SAKIP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TAHUN = 2026
SANDI = "sandi-uji-browser-1"
KENDALA = "Penyedia belum menyerahkan dokumen kontrak (uji browser)."


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    pesan = f"{CHROMIUM} tidak ada: pasang paket Debian `chromium` (apt-get install chromium)."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI wajib menjalankan uji browser: {pesan}")
    pytest.skip(pesan)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sakip(env: dict[str, str], *args: str) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "sakip.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, f"sakip {' '.join(args)} gagal:\n{r.stdout}\n{r.stderr}"
    return r.stdout


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str
    username: str
    pd_username: str
    pd_kode: str
    kendala_id: int
    log: Path  # what `sakip run` printed


def _siapkan_data(database_url: str) -> tuple[str, int]:
    """Accounts and one open kendala, through the real use cases."""
    from core import services_akun
    from core.cascade import Saluran, Tingkat
    from core.persistence.db import make_engine, make_session_factory
    from core.persistence.uow import SqlUnitOfWork
    from core.services_kendala import buat_kendala

    engine = make_engine(database_url)
    factory = make_session_factory(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory)

    now = datetime.now(UTC)
    try:
        with uow() as u:
            sub = next(
                n
                for n in u.repo.list_nodes(TAHUN)
                if n.tingkat == Tingkat.SUB_KEGIATAN and n.penanggung_jawab_nip and n.pd_kode
            )
        assert sub.pd_kode and sub.penanggung_jawab_nip
        for username, peran, pd in (
            ("uji.bappeda", "bappeda", None),
            ("uji.pd", "pd", sub.pd_kode),
        ):
            services_akun.buat_akun(
                uow(),
                username=username,
                nama=f"Uji {peran}",
                password=SANDI,
                peran=peran,
                pd_kode=pd,
                now=now,
            )
        k = buat_kendala(
            uow(),
            pelapor_nip=sub.penanggung_jawab_nip,
            uraian=KENDALA,
            sub_kegiatan_kode=sub.kode,
            tahun=TAHUN,
            saluran=Saluran.BOT,
            now=now,
        )
        return sub.pd_kode, k.id
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _chromium_or_skip()
    folder = tmp_path_factory.mktemp("browser")
    database_url = f"sqlite:///{folder / 'sakip.db'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": "",
        "SAKIP_DATA_DIR": str(folder),
    }
    _sakip(env, "db", "upgrade")
    _sakip(env, "demo", "--tahun", str(TAHUN))
    pd_kode, kendala_id = _siapkan_data(database_url)
    port = _free_port()
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sakip.cli", "run", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        batas = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (folder / "server.log").read_text()
            assert time.monotonic() < batas, "sakip run tidak siap dalam 90 detik"
            time.sleep(0.3)
        log.flush()
        yield Server(
            url, database_url, "uji.bappeda", "uji.pd", pd_kode, kendala_id, folder / "server.log"
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[object]:
    """Module scope: Playwright's sync API keeps an event loop running in the main thread while it is
    open, and ``asyncio.run`` in any later test module would refuse to start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    ctx = browser.new_context(accept_downloads=True, locale="id-ID")
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ctx.close()
