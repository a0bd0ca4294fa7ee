"""Pure rules: password hashing, lockout, session expiry (core.akun) and the compliance matrix
(core.kepatuhan). No database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core import akun
from core.errors import ValidasiError
from core.kepatuhan import StatusKepatuhan, hitung_kepatuhan, status_sel

T0 = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)


def test_password_hash_is_salted_scrypt_and_verifies() -> None:
    h1, h2 = akun.hash_password("rahasia-123"), akun.hash_password("rahasia-123")
    assert h1 != h2 and h1.startswith("scrypt$16384$8$1$")
    assert "rahasia" not in h1
    assert akun.verify_password("rahasia-123", h1) and akun.verify_password("rahasia-123", h2)
    assert not akun.verify_password("rahasia-124", h1)
    assert not akun.verify_password("rahasia-123", None)
    assert not akun.verify_password("rahasia-123", "md5$abc")
    assert not akun.verify_password("rahasia-123", "scrypt$x$y$z$00$00")
    assert not akun.verify_password("x" * 10_000, h1)


def test_new_account_rules_report_every_problem() -> None:
    masalah = akun.periksa_akun_baru("A b", " ", "pendek", "raja", None)
    assert len(masalah) == 4
    assert akun.periksa_akun_baru("pd-dinkes", "Dinkes", "sandi-123", "pd", None)[0].pesan == (
        "akun pd wajib terikat pada satu Perangkat Daerah."
    )
    assert akun.periksa_akun_baru("admin", "A", "sandi-123", "admin", "DINKES")
    assert akun.periksa_akun_baru("admin", "Admin", "sandi-123", "admin", None) == []
    with pytest.raises(ValidasiError):
        akun.pastikan_akun_baru("x", "", "", "pd", None)


def test_lockout_after_five_wrong_passwords_for_fifteen_minutes() -> None:
    k = akun.KebijakanLogin()
    s = akun.StatusLogin(0, None)
    for i in range(1, 5):
        s = akun.setelah_gagal(s, T0, k)
        assert s == akun.StatusLogin(i, None) and not akun.terkunci(s, T0)
    s = akun.setelah_gagal(s, T0, k)
    assert s.terkunci_sampai == T0 + timedelta(minutes=15)
    assert akun.terkunci(s, T0 + timedelta(minutes=14, seconds=59))
    assert not akun.terkunci(s, T0 + timedelta(minutes=15))
    assert "15 menit" in akun.pesan_terkunci(s.terkunci_sampai, T0)
    assert "1 menit" in akun.pesan_terkunci(
        s.terkunci_sampai, T0 + timedelta(minutes=14, seconds=1)
    )
    # after the lock expires a wrong password starts a new count
    after = akun.setelah_gagal(s, T0 + timedelta(minutes=16), k)
    assert after == akun.StatusLogin(1, None)


def test_sessions_expire_and_tokens_are_stored_hashed() -> None:
    assert not akun.sesi_kedaluwarsa(T0 + timedelta(hours=8), T0)
    assert akun.sesi_kedaluwarsa(T0 + timedelta(hours=8), T0 + timedelta(hours=8))
    t = akun.token_baru()
    assert len(t) >= 43 and akun.hash_token(t) != t and len(akun.hash_token(t)) == 64
    assert akun.csrf_sama("abc", "abc") and not akun.csrf_sama("abd", "abc")
    assert not akun.csrf_sama(None, "abc") and not akun.csrf_sama("", "abc")


def test_status_of_a_cell() -> None:
    assert status_sel(0, 0, 0) is None
    assert status_sel(3, 2, 0) == StatusKepatuhan.BELUM
    assert status_sel(3, 3, 1) == StatusKepatuhan.TERLAMBAT
    assert status_sel(3, 3, 0) == StatusKepatuhan.TEPAT_WAKTU


def test_compliance_matrix_uses_first_reports_and_the_day() -> None:
    tenggat = {b: date(2026, b + 1, 6) if b < 12 else date(2027, 1, 8) for b in range(1, 13)}
    wajib = [
        ("A", "a1", 1),
        ("A", "a2", 1),
        ("B", "b1", 1),
        ("B", "b1", 2),
        ("C", "c1", 1),
    ]
    pertama = {
        ("a1", 1): date(2026, 2, 2),
        ("a2", 1): date(2026, 2, 9),  # late
        ("b1", 1): date(2026, 2, 6),  # on the deadline day: on time
        ("c1", 1): date(2026, 2, 20),  # after "today": not counted
    }
    m = hitung_kepatuhan(
        2026,
        date(2026, 2, 10),
        tenggat,
        wajib,
        pertama,
        {"A": "PD A", "B": "PD B", "C": "PD C", "D": "PD D"},
    )
    cells = {(b.pd_kode, s.bulan): s for b in m.baris for s in b.sel}
    assert cells[("A", 1)].status == StatusKepatuhan.TERLAMBAT
    assert (cells[("A", 1)].wajib, cells[("A", 1)].dilaporkan, cells[("A", 1)].terlambat) == (
        2,
        2,
        1,
    )
    assert cells[("B", 1)].status == StatusKepatuhan.TEPAT_WAKTU
    assert cells[("B", 2)].status == StatusKepatuhan.BELUM and not cells[("B", 2)].jatuh_tempo
    assert cells[("C", 1)].status == StatusKepatuhan.BELUM and cells[("C", 1)].jatuh_tempo
    assert cells[("D", 1)].status is None and cells[("A", 3)].status is None
    assert [b.pd_kode for b in m.baris] == ["A", "B", "C", "D"]
    assert m.cari("B") is not None and m.cari("B").jumlah(StatusKepatuhan.BELUM) == 0  # type: ignore[union-attr]
    js = m.to_json()
    assert js["pd"][0]["bulan"][0] == {
        "bulan": 1,
        "status": "terlambat",
        "tenggat": "2026-02-06",
        "jatuh_tempo": True,
        "wajib": 2,
        "dilaporkan": 2,
        "terlambat": 1,
    }
    assert js["pd"][2]["jumlah"] == {"tepat_waktu": 0, "terlambat": 0, "belum": 1}
    only = hitung_kepatuhan(
        2026, date(2026, 2, 10), tenggat, wajib, pertama, {"A": "a", "B": "b"}, "B"
    )
    assert [b.pd_kode for b in only.baris] == ["B"]
