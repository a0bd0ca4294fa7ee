"""`sakip run` with a token: API and bot in one process and one event loop, against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time

import httpx

from tests.bot.fake_bot_api import TOKEN, FakeBotApi


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_run_serves_api_and_bot_together(tmp_path):
    api = FakeBotApi()
    await api.start()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "SAKIP_TELEGRAM_BASE_URL": api.base_url,
        "SAKIP_TELEGRAM_BASE_FILE_URL": api.base_file_url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sakip.cli",
        "run",
        "--port",
        str(port),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as client:
            while True:
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/ready")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.returncode is None and time.monotonic() < deadline
                await asyncio.sleep(0.2)
        await api.wait_for("setMyCommands", timeout=30)
        mark = len(api.calls)
        await api.send_text(424242, "halo")
        [reply] = await api.wait_for("sendMessage", since=mark, timeout=30)
        assert "/start" in reply.params["text"]  # the polite refusal for an unlinked user
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)
        await api.stop()
