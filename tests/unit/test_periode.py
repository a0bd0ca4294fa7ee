"""Reporting periods: monthly (Pergub 17/2023 Pasal 15(4)), quarterly and annual
(Pasal 15(3)), and the ROPP quarters of Pergub 17/2023 Lampiran I."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periode import (
    NAMA_BULAN,
    ROMAWI,
    JenisPeriode,
    Periode,
    bulan_triwulan,
    triwulan_of_month,
)


def test_bulanan() -> None:
    p = Periode.bulanan(2026, 1)
    assert p == Periode(2026, JenisPeriode.BULANAN, 1)
    assert p.bulan == (1,)
    assert p.kode == "2026-01"
    assert p.label == "Januari 2026"
    assert str(p) == "2026-01"
    assert p.bulan_akhir == 1


def test_kumulatif() -> None:
    p = Periode.kumulatif(2026, 3)
    assert p.bulan == (1, 2, 3)
    assert p.kode == "2026-03-sd"
    assert p.label == "s.d. Maret 2026"
    assert Periode.kumulatif(2026, 1).bulan == (1,)
    assert Periode.kumulatif(2026, 12).bulan == tuple(range(1, 13))


def test_triwulan() -> None:
    """ROPP Tabel 2 (Lampiran I): Triwulan I = Jan–Mar, ..., Triwulan IV = Oct–Dec."""
    assert Periode.triwulan(2026, 1).bulan == (1, 2, 3)
    assert Periode.triwulan(2026, 2).bulan == (4, 5, 6)
    assert Periode.triwulan(2026, 3).bulan == (7, 8, 9)
    assert Periode.triwulan(2026, 4).bulan == (10, 11, 12)
    p = Periode.triwulan(2026, 1)
    assert p.kode == "2026-Q1"
    assert p.label == "Triwulan I 2026"
    assert Periode.triwulan(2026, 4).label == "Triwulan IV 2026"
    assert Periode.triwulan(2026, 3).bulan_akhir == 9


def test_tahunan() -> None:
    p = Periode.tahunan(2026)
    assert p.nilai == 0
    assert p.bulan == tuple(range(1, 13))
    assert p.kode == "2026"
    assert p.label == "Tahun 2026"


def test_nama_bulan() -> None:
    assert NAMA_BULAN[1] == "Januari"
    assert NAMA_BULAN[5] == "Mei"
    assert NAMA_BULAN[8] == "Agustus"
    assert NAMA_BULAN[12] == "Desember"
    assert list(NAMA_BULAN) == list(range(1, 13))
    assert ROMAWI[3] == "III"
    labels = [Periode.bulanan(2026, m).label for m in range(1, 13)]
    assert labels[5] == "Juni 2026"


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("2026-01", Periode.bulanan(2026, 1)),
        ("2026-1", Periode.bulanan(2026, 1)),
        ("2026-12", Periode.bulanan(2026, 12)),
        ("2026-01-sd", Periode.kumulatif(2026, 1)),
        ("2026-09-SD", Periode.kumulatif(2026, 9)),
        ("2026-Q1", Periode.triwulan(2026, 1)),
        ("2026-q4", Periode.triwulan(2026, 4)),
        (" 2026 ", Periode.tahunan(2026)),
    ],
)
def test_parse(teks: str, harapan: Periode) -> None:
    assert Periode.parse(teks) == harapan


@pytest.mark.parametrize(
    "teks",
    ["", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-01", "2026/01", "Januari 2026", "abc"],
)
def test_parse_salah(teks: str) -> None:
    with pytest.raises(ValueError) as e:
        Periode.parse(teks)
    pesan = str(e.value)
    assert "periode" in pesan.lower() or "bulan" in pesan.lower() or "triwulan" in pesan.lower()


def test_parse_pesan_indonesia() -> None:
    with pytest.raises(ValueError, match="Format periode tidak dikenal"):
        Periode.parse("kemarin")
    with pytest.raises(ValueError, match="Bulan harus 1 sampai 12"):
        Periode.parse("2026-13")
    with pytest.raises(ValueError, match="Triwulan harus 1 sampai 4"):
        Periode.parse("2026-Q5")


def test_validasi() -> None:
    with pytest.raises(ValueError):
        Periode(2026, JenisPeriode.TAHUNAN, 1)
    with pytest.raises(ValueError):
        Periode(2026, JenisPeriode.BULANAN, 0)
    with pytest.raises(ValueError):
        Periode(2026, JenisPeriode.TRIWULANAN, 5)
    with pytest.raises(ValueError):
        Periode(1999, JenisPeriode.TAHUNAN, 0)
    with pytest.raises(ValueError, match="Jenis periode tidak dikenal"):
        Periode(2026, "semester", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Periode(2026, JenisPeriode.BULANAN, True)
    with pytest.raises(TypeError):
        Periode("2026", JenisPeriode.TAHUNAN, 0)  # type: ignore[arg-type]


def test_jenis_dari_teks() -> None:
    p = Periode(2026, "triwulanan", 2)  # type: ignore[arg-type]
    assert p.jenis is JenisPeriode.TRIWULANAN
    assert p == Periode.triwulan(2026, 2)


def test_frozen_hashable_ordered() -> None:
    p = Periode.bulanan(2026, 1)
    with pytest.raises(AttributeError):
        p.nilai = 2  # type: ignore[misc]
    assert len({p, Periode.bulanan(2026, 1), Periode.bulanan(2026, 2)}) == 2
    assert Periode.bulanan(2025, 12) < Periode.bulanan(2026, 1)
    assert Periode.bulanan(2026, 1) < Periode.bulanan(2026, 2)


def test_triwulan_of_month() -> None:
    assert [triwulan_of_month(m) for m in range(1, 13)] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    with pytest.raises(ValueError):
        triwulan_of_month(13)
    with pytest.raises(ValueError):
        triwulan_of_month(0)
    assert bulan_triwulan(2) == (4, 5, 6)


def test_mencakup() -> None:
    assert Periode.triwulan(2026, 2).mencakup(5)
    assert not Periode.triwulan(2026, 2).mencakup(7)
    assert Periode.kumulatif(2026, 7).mencakup(1)


_periode = st.one_of(
    st.builds(Periode.bulanan, st.integers(2000, 2100), st.integers(1, 12)),
    st.builds(Periode.kumulatif, st.integers(2000, 2100), st.integers(1, 12)),
    st.builds(Periode.triwulan, st.integers(2000, 2100), st.integers(1, 4)),
    st.builds(Periode.tahunan, st.integers(2000, 2100)),
)


@given(_periode)
def test_parse_kode_roundtrip(p: Periode) -> None:
    assert Periode.parse(p.kode) == p
    assert Periode.parse(p.kode.lower()) == p


@given(_periode)
def test_bulan_consistent(p: Periode) -> None:
    b = p.bulan
    assert list(b) == sorted(set(b))
    assert all(1 <= m <= 12 for m in b)
    if p.jenis is JenisPeriode.TRIWULANAN:
        assert len(b) == 3
        assert {triwulan_of_month(m) for m in b} == {p.nilai}
    elif p.jenis is JenisPeriode.KUMULATIF:
        assert b == tuple(range(1, p.nilai + 1))
    elif p.jenis is JenisPeriode.BULANAN:
        assert b == (p.nilai,)
    else:
        assert len(b) == 12
    assert p.label.endswith(str(p.tahun))
