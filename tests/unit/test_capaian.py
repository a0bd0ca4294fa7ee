"""Capaian, deviasi and display (Pergub Banten 17/2023 Lampiran II; SPEC §4)."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.capaian import (
    ALASAN_REALISASI_KOSONG,
    ALASAN_TARGET_KOSONG,
    ALASAN_TARGET_NEGATIF,
    ALASAN_TARGET_NOL,
    STRIP,
    Arah,
    Capaian,
    Deviasi,
    bulatkan,
    format_angka,
    format_capaian,
    format_persen,
    format_rupiah,
    hitung_capaian,
    hitung_deviasi,
)
from core.rating import Kategori

D = Decimal


def _r2(c: Capaian) -> Decimal:
    assert c.nilai is not None, c.alasan
    return bulatkan(c.nilai, 2)


# -- Lampiran II, Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan (Januari) ------------


def test_bulanan_capaian_kinerja() -> None:
    """Pergub 17/2023 Lampiran II bulanan: kolom 13 = kolom 10 / kolom 7 × 100 = 3/3 → 100,00."""
    c = hitung_capaian(D(3), D(3))
    assert c.tersedia
    assert c.alasan is None
    assert _r2(c) == D("100.00")
    assert format_persen(c.nilai) == "100,00"
    assert c.kategori is Kategori.SANGAT_TINGGI


def test_bulanan_capaian_anggaran() -> None:
    """Pergub 17/2023 Lampiran II bulanan: kolom 14 = kolom 12 / kolom 9 × 100
    = 250.000.000 / 353.956.000 → 70,63."""
    c = hitung_capaian(D(250_000_000), D(353_956_000))
    assert _r2(c) == D("70.63")
    assert format_persen(c.nilai) == "70,63"
    assert c.kategori is Kategori.SEDANG


@pytest.mark.parametrize(
    ("realisasi", "target", "harapan"),
    [
        # Pergub 17/2023 Lampiran II, Laporan Kinerja Program/Sasaran Triwulanan, kegiatan rows
        ("12.45", "31.41", "39.64"),
        ("15.69", "18.95", "82.80"),
        ("18.95", "31.41", "60.33"),
    ],
)
def test_triwulanan_baris_kegiatan(realisasi: str, target: str, harapan: str) -> None:
    assert _r2(hitung_capaian(D(realisasi), D(target))) == D(harapan)


def test_unrounded() -> None:
    c = hitung_capaian(D(1), D(3))
    assert c.nilai is not None
    assert c.nilai != bulatkan(c.nilai)  # the engine keeps full precision
    assert format_persen(c.nilai) == "33,33"


# -- missing / zero targets -----------------------------------------------------------


def test_target_nol() -> None:
    c = hitung_capaian(D(5), D(0))
    assert c.nilai is None
    assert c.alasan == ALASAN_TARGET_NOL == "Target nol: capaian tidak dapat dihitung"
    assert not c.tersedia
    assert c.kategori is None
    assert format_persen(c.nilai) == "–"
    assert format_capaian(c) == "Target nol: capaian tidak dapat dihitung"
    assert c.teks == ALASAN_TARGET_NOL


def test_target_nol_turun() -> None:
    assert hitung_capaian(D(0), D(0), Arah.TURUN).alasan == ALASAN_TARGET_NOL


def test_target_kosong() -> None:
    c = hitung_capaian(D(5), None)
    assert c.nilai is None
    assert c.alasan == ALASAN_TARGET_KOSONG == "Target belum ditetapkan"
    # a missing target wins over a missing realisasi: planning comes first
    assert hitung_capaian(None, None).alasan == ALASAN_TARGET_KOSONG


def test_realisasi_kosong() -> None:
    c = hitung_capaian(None, D(10))
    assert c.nilai is None
    assert c.alasan == ALASAN_REALISASI_KOSONG == "Realisasi belum dilaporkan"


def test_target_negatif() -> None:
    c = hitung_capaian(D(1), D(-2))
    assert c.nilai is None
    assert c.alasan == ALASAN_TARGET_NEGATIF


def test_realisasi_nol_adalah_nol_persen() -> None:
    """A reported zero is a real 0 %, unlike a missing report."""
    c = hitung_capaian(D(0), D(10))
    assert c.nilai == 0
    assert c.kategori is Kategori.SANGAT_RENDAH


# -- lower-is-better (PermenPAN-RB convention, SPEC §4) ----------------------------------


def test_turun_kemiskinan() -> None:
    """Tingkat kemiskinan (IKU Pemda, lower is better): target 5 %, realisasi 4 % → 120 %;
    realisasi 6 % → 80 %; on target → 100 %."""
    assert hitung_capaian(D(4), D(5), Arah.TURUN).nilai == D(120)
    assert hitung_capaian(D(6), D(5), Arah.TURUN).nilai == D(80)
    assert hitung_capaian(D(5), D(5), Arah.TURUN).nilai == D(100)
    assert hitung_capaian(D(4), D(5), Arah.TURUN).kategori is Kategori.SANGAT_TINGGI
    assert hitung_capaian(D(6), D(5), Arah.TURUN).kategori is Kategori.TINGGI


def test_turun_bisa_negatif() -> None:
    """Realisasi above twice the target yields a negative capaian, rated Sangat Rendah."""
    c = hitung_capaian(D(12), D(5), Arah.TURUN)
    assert c.nilai == D(-40)
    assert c.kategori is Kategori.SANGAT_RENDAH
    assert format_persen(c.nilai) == "-40,00"


def test_arah_teks() -> None:
    assert hitung_capaian(D(4), D(5), "turun").nilai == D(120)  # type: ignore[arg-type]
    assert Arah("naik") is Arah.NAIK
    assert Arah.TURUN.label == "Semakin rendah semakin baik"


def test_naik_default() -> None:
    assert hitung_capaian(D(4), D(5)).nilai == D(80)


def test_tolak_float() -> None:
    with pytest.raises(TypeError):
        hitung_capaian(0.5, D(1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hitung_capaian(D(1), 2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        hitung_capaian(D("NaN"), D(1))


def test_int_diterima() -> None:
    assert hitung_capaian(3, 4).nilai == D(75)  # type: ignore[arg-type]


def test_independent_of_thread_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 3
        c = hitung_capaian(D(250_000_000), D(353_956_000))
    assert _r2(c) == D("70.63")


def test_capaian_invariants() -> None:
    with pytest.raises(ValueError):
        Capaian(None, None)
    with pytest.raises(ValueError):
        Capaian(None, "")
    with pytest.raises(ValueError):
        Capaian(D(1), "alasan")
    assert Capaian.tidak_tersedia("x") == Capaian(None, "x")


_pos = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
_nonneg = st.decimals(min_value=D(0), max_value=D("100000"), places=2)


@given(_nonneg, _pos)
def test_naik_turun_simetris(r: Decimal, t: Decimal) -> None:
    """NAIK and TURUN capaian are mirror images around 100 %."""
    naik = hitung_capaian(r, t, Arah.NAIK).nilai
    turun = hitung_capaian(r, t, Arah.TURUN).nilai
    assert naik is not None and turun is not None
    assert abs(naik + turun - 200) < D("1e-25")


# -- deviasi (Laporan Kinerja Tujuan dan Sasaran Daerah) ---------------------------------


def test_deviasi_naik_belum_tercapai() -> None:
    """Pergub 17/2023 Lampiran II: kolom 6 = kolom 4 − kolom 5. IPM target 74,5, realisasi 73,9."""
    d = hitung_deviasi(D("74.5"), D("73.9"), Arah.NAIK)
    assert d.nilai == D("0.6")
    assert d.tercapai is False
    assert d.keterangan == "Belum tercapai"


def test_deviasi_naik_tercapai() -> None:
    d = hitung_deviasi(D("74.5"), D("75.0"))
    assert d.nilai == D("-0.5")
    assert d.tercapai is True
    assert d.keterangan == "Tercapai"
    d = hitung_deviasi(D("74.5"), D("74.5"))
    assert d.nilai == 0 and d.tercapai is True


def test_deviasi_turun() -> None:
    """Kemiskinan (lower is better): target 5,8 realisasi 6,2 → deviasi −0,4, belum tercapai;
    realisasi 5,5 → deviasi 0,3, tercapai. The sign follows the regulation (target − realisasi)."""
    d = hitung_deviasi(D("5.8"), D("6.2"), Arah.TURUN)
    assert d.nilai == D("-0.4")
    assert d.tercapai is False
    assert d.keterangan == "Belum tercapai"
    d = hitung_deviasi(D("5.8"), D("5.5"), Arah.TURUN)
    assert d.nilai == D("0.3")
    assert d.tercapai is True
    assert d.keterangan == "Tercapai"
    assert d.capaian.nilai is not None and bulatkan(d.capaian.nilai) == D("105.17")


def test_deviasi_realisasi_kosong() -> None:
    d = hitung_deviasi(D("5.8"), None, Arah.TURUN)
    assert d.nilai is None
    assert d.tercapai is None
    assert d.keterangan == "Realisasi belum tersedia"
    assert format_angka(d.nilai) == "–"


def test_deviasi_target_kosong() -> None:
    d = hitung_deviasi(None, D(3))
    assert d.nilai is None and d.tercapai is None
    assert d.keterangan == "Target belum ditetapkan"
    assert d.capaian.alasan == ALASAN_TARGET_KOSONG


def test_deviasi_is_frozen() -> None:
    d = hitung_deviasi(D(1), D(1))
    assert isinstance(d, Deviasi)
    with pytest.raises(AttributeError):
        d.nilai = D(0)  # type: ignore[misc]


# -- display --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (D("55.8776806989674"), "55,88"),
        (D("100"), "100,00"),
        (D("0.005"), "0,01"),  # HALF_UP, not banker's rounding
        (D("0.015"), "0,02"),
        (D("0.025"), "0,03"),  # HALF_EVEN would give 0,02
        (D("1234.5"), "1.234,50"),
        (D("-0.001"), "0,00"),  # no "-0,00"
        (D("-12.345"), "-12,35"),
        (None, "–"),
    ],
)
def test_format_persen(nilai: Decimal | None, teks: str) -> None:
    assert format_persen(nilai) == teks


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (D(1_824_205_000), "1.824.205.000"),
        (D("353956000.00"), "353.956.000"),
        (D("207450"), "207.450"),
        (D("0"), "0"),
        (D("999.5"), "1.000"),
        (D("-2500"), "-2.500"),
    ],
)
def test_format_rupiah(nilai: Decimal, teks: str) -> None:
    assert format_rupiah(nilai) == teks


def test_format_angka_desimal() -> None:
    assert format_angka(D("22.45"), 1) == "22,5"  # HALF_UP (HALF_EVEN would give 22,4)
    assert format_angka(D("28.225"), 2) == "28,23"
    assert STRIP == "–"


def test_bulatkan_half_up() -> None:
    assert bulatkan(D("14.885")) == D("14.89")
    assert bulatkan(D("2.5"), 0) == D(3)
