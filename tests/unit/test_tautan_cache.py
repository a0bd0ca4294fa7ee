"""bot.deps.TautanCache: the gate's map of Telegram links, with an injected clock (no database)."""

from __future__ import annotations

from bot.deps import TautanCache
from core.cascade import Pejabat

P = Pejabat("199001012020011001", "Budi", "Kasubag Perencanaan", "IV.a", "PD1")
Q = Pejabat("199001012020011002", "Sari", "Kabid Program", "III.a", "PD1")


class Jam:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_an_entry_lives_ttl_seconds() -> None:
    jam = Jam()
    c = TautanCache(10, clock=jam)
    assert c.ambil(1) is None
    c.simpan(1, P)
    assert c.ambil(1) == P
    jam.t += 9.999
    assert c.ambil(1) == P
    jam.t += 0.001  # exactly ttl after it was stored
    assert c.ambil(1) is None
    jam.t -= 5  # dropped, not only hidden: going back does not bring it back
    assert c.ambil(1) is None


def test_storing_again_renews_the_entry() -> None:
    jam = Jam()
    c = TautanCache(10, clock=jam)
    c.simpan(1, P)
    jam.t += 8
    c.simpan(1, Q)
    jam.t += 8
    assert c.ambil(1) == Q


def test_ttl_zero_keeps_nothing() -> None:
    c = TautanCache(0, clock=Jam())
    c.simpan(1, P)
    assert c.ambil(1) is None
    assert c.isi_semua({1: P}, c.versi) is False
    assert c.ambil(1) is None


def test_isi_semua_replaces_the_map_and_sets_every_expiry() -> None:
    jam = Jam()
    c = TautanCache(10, clock=jam)
    c.simpan(1, P)
    jam.t += 5
    assert c.isi_semua({2: Q}, c.versi) is True
    assert c.ambil(1) is None  # not in the reload: unlinked elsewhere
    jam.t += 9
    assert c.ambil(2) == Q
    jam.t += 1
    assert c.ambil(2) is None


def test_a_reload_read_before_lupakan_cannot_bring_the_account_back() -> None:
    jam = Jam()
    c = TautanCache(10, clock=jam)
    c.simpan(1, P)
    versi = c.versi  # the reload starts reading: user 1 is still linked in what it reads
    c.lupakan(1)  # /keluar
    assert c.isi_semua({1: P, 2: Q}, versi) is False
    assert c.ambil(1) is None
    assert c.ambil(2) is None  # nothing of the stale reload was taken
    assert c.isi_semua({2: Q}, c.versi) is True  # the next reload is taken
    assert c.ambil(2) == Q and c.ambil(1) is None


def test_a_reload_read_before_lupakan_nip_is_ignored() -> None:
    c = TautanCache(10, clock=Jam())
    c.simpan(1, P)
    versi = c.versi
    c.lupakan_nip(P.nip)  # P's code was redeemed by another account
    assert c.isi_semua({1: P}, versi) is False
    assert c.ambil(1) is None


def test_lupakan_nip_drops_every_account_of_that_pejabat_only() -> None:
    c = TautanCache(10, clock=Jam())
    c.isi_semua({1: P, 2: Q, 3: P}, c.versi)
    c.lupakan_nip(P.nip)
    assert c.ambil(1) is None and c.ambil(3) is None
    assert c.ambil(2) == Q
    c.lupakan_nip("tidak-ada")  # unknown nip: nothing changes
    assert c.ambil(2) == Q


def test_lupakan_drops_one_account() -> None:
    c = TautanCache(10, clock=Jam())
    c.simpan(1, P)
    c.simpan(2, Q)
    c.lupakan(1)
    c.lupakan(99)  # not in the map: fine
    assert c.ambil(1) is None and c.ambil(2) == Q


def test_every_forget_bumps_the_version() -> None:
    c = TautanCache(10, clock=Jam())
    v0 = c.versi
    c.lupakan(1)
    c.lupakan_nip(P.nip)
    assert c.versi == v0 + 2
