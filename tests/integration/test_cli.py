"""The ``sakip`` command as a user runs it: a real process against a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core import services
from core.cascade import Saluran
from core.realisasi import RealisasiInput
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KASUBAG,
    PD,
    TAHUN,
    lampiran_ii_cascade,
    ropp_q1,
    seed_master,
)


def sakip(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": ""}
    proc = subprocess.run(
        [sys.executable, "-m", "sakip.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_deadlines_json_contract(database_url):
    """Contract (issue 2): `sakip deadlines --year 2026 --json`; Pergub 17/2023 Pasal 15."""
    out = json.loads(sakip(database_url, "deadlines", "--year", "2026", "--json").stdout)
    assert {"jenis": "bulanan", "periode": "2026-01", "tenggat": "2026-02-06"}.items() <= next(
        d for d in out if d["periode"] == "2026-01"
    ).items()
    by_jenis: dict[str, set[str]] = {}
    for d in out:
        by_jenis.setdefault(d["jenis"], set()).add(d["periode"])
        datetime.fromisoformat(d["tenggat"])
    assert by_jenis["bulanan"] == {f"2026-{m:02d}" for m in range(1, 13)}
    assert by_jenis["triwulanan"] == {f"2026-Q{q}" for q in range(1, 5)}
    assert by_jenis["tahunan"] == {"2026"}


def test_deadlines_table_is_indonesian(database_url):
    out = sakip(database_url, "deadlines", "--year", "2026").stdout
    assert "Jumat, 6 Februari 2026" in out


def test_deadlines_warn_when_a_year_has_no_cuti_bersama(database_url):
    """Cuti bersama (SKB 3 Menteri) are published for the next year during the year before; until
    they are in the holiday data or added locally, that year's deadlines may fall too early."""
    ada = sakip(database_url, "deadlines", "--year", "2026", "--json")
    assert "Peringatan" not in ada.stderr  # 2026 and 2027 (December's deadlines) are known
    jauh = sakip(database_url, "deadlines", "--year", "2039", "--json")
    assert json.loads(jauh.stdout)  # the deadlines are still given
    assert "cuti bersama tahun 2039 belum ada" in jauh.stderr
    assert "cuti bersama tahun 2040 belum ada" in jauh.stderr
    sakip(database_url, "kalender", "libur", "2040-01-02", "Cuti bersama Tahun Baru")
    jauh = sakip(database_url, "deadlines", "--year", "2039")
    assert "2039 belum ada" in jauh.stderr and "2040" not in jauh.stderr


def test_override_via_cli_moves_deadline(database_url):
    sakip(database_url, "kalender", "libur", "2026-02-05", "Cuti bersama tambahan")
    out = json.loads(sakip(database_url, "deadlines", "--year", "2026", "--json").stdout)
    assert next(d for d in out if d["periode"] == "2026-01")["tenggat"] == "2026-02-09"
    bad = sakip(database_url, "kalender", "libur", "5 Feb", "x", check=False)
    assert bad.returncode != 0 and "tidak sah" in bad.stderr


def test_pejabat_list_and_link_code(database_url, uow_factory):
    seed_master(uow_factory)
    rows = json.loads(sakip(database_url, "pejabat", "list", "--json").stdout)
    assert rows[0].keys() == {"nip", "nama", "jabatan", "eselon", "pd"}
    assert {r["nip"] for r in rows} >= {NIP_KASUBAG}
    assert all(r["pd"] == PD.kode for r in rows)
    code = sakip(database_url, "link-code", NIP_KASUBAG).stdout.strip()
    assert len(code) == 10
    p = services.redeem_link_code(uow_factory(), code, 777, datetime.now(UTC))
    assert p.nip == NIP_KASUBAG
    unknown = sakip(database_url, "link-code", "123", check=False)
    assert unknown.returncode == 1 and "NIP 123 tidak dikenal" in unknown.stderr


def test_capaian_json(database_url, uow_factory):
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, real) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
        services.submit_realisasi(
            uow_factory(),
            RealisasiInput(f"SK-{k}", TAHUN, 2, real, Decimal(0)),
            oleh_nip=NIP_KASUBAG,
            saluran=Saluran.CLI,
            now=datetime(2026, 3, 2, tzinfo=UTC),
        )
    out = json.loads(
        sakip(database_url, "capaian", "--periode", "2026-Q1", "--kedalaman", "1", "--json").stdout
    )
    assert out["kode"] == "provinsi"
    assert Decimal(out["capaian_kinerja"]).quantize(Decimal("0.01")) == Decimal("62.16")
    bad = sakip(database_url, "capaian", "--periode", "2026-13", check=False)
    assert bad.returncode == 1 and "Galat" in bad.stderr


@pytest.mark.parametrize(
    "args", [["deadlines", "--year", "1800"], ["pejabat", "list", "--pd", "NOPE"]]
)
def test_bad_input_gives_indonesian_error(database_url, args):
    proc = sakip(database_url, *args, check=False)
    assert proc.returncode != 0
    assert "Galat" in proc.stderr and "Traceback" not in proc.stderr
