"""The S-curve process (bot/conversations/lapor.py) does not outlive the bot's process.

A bot process killed without a clean exit (SIGKILL, or SIGTERM without a handler) used to leave its
chart process waiting for work forever; CI runs left one behind per `sakip run` test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SKRIP = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[1])
    from bot.conversations import lapor

    if __name__ == "__main__":
        lapor.siapkan_grafik()
        assert lapor._GRAFIK_SIAP is not None
        lapor._GRAFIK_SIAP.result(timeout=120)  # the process is up and has drawn a figure
        print(*[p.pid for p in lapor._GRAFIK_PROSES._processes.values()], flush=True)
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    """
)


def _hidup(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("sinyal", ["SIGKILL", "SIGTERM"])
def test_the_chart_process_exits_when_the_bot_process_is_killed(
    tmp_path: Path, sinyal: str
) -> None:
    skrip = tmp_path / "bot_mati.py"
    skrip.write_text(SKRIP)
    proc = subprocess.run(
        [sys.executable, str(skrip), str(ROOT), sinyal],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == -getattr(signal, sinyal), proc.stderr
    [pid] = [int(x) for x in proc.stdout.split()]
    batas = time.monotonic() + 10
    while _hidup(pid) and time.monotonic() < batas:
        time.sleep(0.1)
    try:
        assert not _hidup(pid), "the chart process outlived the bot's process"
    finally:
        if _hidup(pid):
            os.kill(pid, signal.SIGKILL)
