"""Tabel B.2 "Skala Nilai Peringkat Kinerja" (Pergub Banten 42/2018 Lampiran B).

    91% ≤ 100% Sangat tinggi; 76% ≤ 90% Tinggi; 66% ≤ 75% Sedang; 51% ≤ 65% Rendah;
    ≤ 50% Sangat Rendah.

Values in the gaps between printed bands fall to the lower band (SPEC §4).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rating import BATAS_BAWAH, Kategori, kategori

D = Decimal

_URUTAN = [
    Kategori.SANGAT_RENDAH,
    Kategori.RENDAH,
    Kategori.SEDANG,
    Kategori.TINGGI,
    Kategori.SANGAT_TINGGI,
]


@pytest.mark.parametrize(
    ("nilai", "harapan"),
    [
        # Sangat tinggi: 91 % and above (over-achievement stays Sangat tinggi)
        ("100", Kategori.SANGAT_TINGGI),
        ("91", Kategori.SANGAT_TINGGI),
        ("91.00", Kategori.SANGAT_TINGGI),
        ("150", Kategori.SANGAT_TINGGI),
        # gap 90 < x < 91 falls to Tinggi
        ("90.99", Kategori.TINGGI),
        ("90.5", Kategori.TINGGI),
        ("90", Kategori.TINGGI),
        ("76", Kategori.TINGGI),
        # gap 75 < x < 76 falls to Sedang
        ("75.99", Kategori.SEDANG),
        ("75.5", Kategori.SEDANG),
        ("75", Kategori.SEDANG),
        ("66", Kategori.SEDANG),
        # gap 65 < x < 66 falls to Rendah
        ("65.99", Kategori.RENDAH),
        ("65.5", Kategori.RENDAH),
        ("65", Kategori.RENDAH),
        ("51", Kategori.RENDAH),
        # gap 50 < x < 51 falls to Sangat rendah
        ("50.99", Kategori.SANGAT_RENDAH),
        ("50.5", Kategori.SANGAT_RENDAH),
        ("50", Kategori.SANGAT_RENDAH),
        ("0", Kategori.SANGAT_RENDAH),
        ("-20", Kategori.SANGAT_RENDAH),
    ],
)
def test_tabel_b2_batas(nilai: str, harapan: Kategori) -> None:
    """Pergub 42/2018 Lampiran, Tabel B.2 band edges, gaps to the lower band."""
    assert kategori(D(nilai)) is harapan


def test_worked_example_capaian_ratings() -> None:
    """Capaian of Pergub 17/2023 Lampiran II example rows, rated by Tabel B.2."""
    assert kategori(D("55.88")) is Kategori.RENDAH
    assert kategori(D("82.80")) is Kategori.TINGGI
    assert kategori(D("67.69")) is Kategori.SEDANG
    assert kategori(D("39.64")) is Kategori.SANGAT_RENDAH
    assert kategori(D("100.00")) is Kategori.SANGAT_TINGGI


def test_labels_and_values() -> None:
    assert [k.value for k in Kategori] == [
        "sangat_tinggi",
        "tinggi",
        "sedang",
        "rendah",
        "sangat_rendah",
    ]
    assert [k.label for k in Kategori] == [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ]
    assert Kategori("tinggi") is Kategori.TINGGI
    assert Kategori.SEDANG == "sedang"


def test_warna_hex_distinct() -> None:
    warna = [k.warna for k in Kategori]
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", w) for w in warna)
    assert len(set(warna)) == len(warna)


def test_batas_bawah() -> None:
    assert Kategori.SANGAT_TINGGI.batas_bawah == 91
    assert Kategori.TINGGI.batas_bawah == 76
    assert Kategori.SEDANG.batas_bawah == 66
    assert Kategori.RENDAH.batas_bawah == 51
    assert Kategori.SANGAT_RENDAH.batas_bawah is None
    assert list(BATAS_BAWAH) == _URUTAN[:0:-1]


def test_rejects_float_and_nan() -> None:
    with pytest.raises(TypeError):
        kategori(90.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        kategori(D("NaN"))
    with pytest.raises(ValueError):
        kategori(D("Infinity"))


_nilai = st.decimals(min_value=-200, max_value=300, places=3, allow_nan=False)


@given(_nilai, _nilai)
def test_monotonic(a: Decimal, b: Decimal) -> None:
    """A higher capaian never gets a lower rating."""
    lo, hi = sorted((a, b))
    assert _URUTAN.index(kategori(lo)) <= _URUTAN.index(kategori(hi))


@given(_nilai)
def test_band_is_lower_edge_rule(x: Decimal) -> None:
    """kategori(x) is the highest band whose printed lower edge is ≤ x."""
    k = kategori(x)
    if k.batas_bawah is not None:
        assert x >= k.batas_bawah
    lebih_tinggi = _URUTAN[_URUTAN.index(k) + 1 :]
    for atas in lebih_tinggi:
        batas = atas.batas_bawah
        assert batas is not None and x < batas
