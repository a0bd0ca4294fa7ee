"""`sakip akun` as a user runs it: a real process against a real database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from core import services_akun
from tests.factories import PD, seed_master
from tests.integration.test_cli import sakip


def test_accounts_and_tokens_from_the_command_line(database_url, uow_factory) -> None:
    seed_master(uow_factory)
    out = sakip(
        database_url,
        "akun",
        "buat",
        "operator",
        "--nama",
        "Operator Bappeda",
        "--peran",
        "pd",
        "--pd",
        PD.kode,
        "--password",
        "sandi-operator-1",
    )
    assert "Akun operator (pd, " in out.stdout
    dup = sakip(
        database_url,
        "akun",
        "buat",
        "operator",
        "--nama",
        "X",
        "--peran",
        "raja",
        "--password",
        "pendek",
        check=False,
    )
    assert dup.returncode == 1
    assert "Galat:" in dup.stderr and "sudah dipakai" in dup.stderr and "peran" in dup.stderr
    rows = json.loads(sakip(database_url, "akun", "list", "--json").stdout)
    assert rows == [
        {
            "username": "operator",
            "nama": "Operator Bappeda",
            "peran": "pd",
            "pd": PD.kode,
            "aktif": True,
        }
    ]
    now = datetime(2026, 2, 3, tzinfo=UTC)
    sesi = services_akun.login(uow_factory(), "operator", "sandi-operator-1", now)
    assert sesi.akun.pd_kode == PD.kode

    tok = sakip(database_url, "akun", "token", "operator", "skrip laporan").stdout.splitlines()
    token = tok[1]
    akun = services_akun.authenticate_token(uow_factory(), token, now)
    assert akun is not None and akun.username == "operator"
    listed = services_akun.list_api_token(uow_factory())
    assert [t.nama for t in listed] == ["skrip laporan"]
    sakip(database_url, "akun", "cabut-token", str(listed[0].id))
    assert services_akun.authenticate_token(uow_factory(), token, now) is None
    sakip(database_url, "akun", "sandi", "operator", "--password", "sandi-baru-1234")
    assert services_akun.verify_session(uow_factory(), sesi.token, now) is None  # sessions ended
    assert services_akun.login(uow_factory(), "operator", "sandi-baru-1234", now).token
