"""Monthly realisasi of a sub kegiatan (core.realisasi.validate_realisasi).

Pergub Banten 17/2023 Pasal 14(2) c and Pasal 15(4): realisasi fisik (bobot), keuangan (anggaran) and
output of kegiatan/sub kegiatan are reported monthly against the ROPP (Lampiran I); Lampiran II
Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan kolom 10-12. The realisasi bobot of a year cannot
exceed the plan's 100. Pergub 42/2018 Pasal 28: a correction is a new revision of the same month.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.errors import Masalah
from core.realisasi import RealisasiInput, tanpa_isian_tidak_ada, validate_realisasi
from core.ropp import OutputRopp, Ropp, ropp_from_mapping

D = Decimal
KODE = "5.01.01.2.01.0001"
TAHUN = 2026

# Pergub 17/2023 Lampiran I Tabel 2 (the ROPP example)
BOBOT = {
    1: D("3.00"),
    2: D("18.95"),
    3: D("9.46"),
    4: D("4.74"),
    5: D("18.95"),
    6: D(0),
    7: D(0),
    8: D("18.95"),
    9: D(0),
    10: D(0),
    11: D("18.95"),
    12: D("7.00"),
}
ANGGARAN = {
    1: D(353956000),
    2: D(194700000),
    3: D(103460000),
    4: D(234399000),
    5: D(207450),
    6: D(0),
    7: D(0),
    8: D(180250840),
    9: D(0),
    10: D(264850000),
    11: D(488242710),
    12: D(4139000),
}
OUTPUT_FEBRUARI = [
    OutputRopp("Dokumen xxxxxxxxxxxxxx TA. 2022", D(b), D(1), "Dokumen")
    for b in ("4.74", "4.74", "4.74", "4.73")
]


def _ropp() -> Ropp:
    return ropp_from_mapping(
        KODE,
        TAHUN,
        BOBOT,
        ANGGARAN,
        {
            1: [OutputRopp("Rapat xx", D(3), D(1), "Notulen")],
            2: OUTPUT_FEBRUARI,
            12: [OutputRopp("Laporan Pelaksanaan Sub Kegiatan", D(7), D(1), "Laporan")],
        },
        pagu=D(1824205000),
    )


def _urutan(ropp: Ropp, bulan: int) -> dict[int, str]:
    """As core.services builds it: the month's outputs numbered from 1."""
    rencana = ropp.rencana(bulan)
    assert rencana is not None
    return {i: o.uraian for i, o in enumerate(rencana.outputs, start=1)}


def _input(bulan: int = 1, bobot: str = "3", anggaran: str = "250000000", **kw: object):
    """Lampiran II example: January target bobot 3 and anggaran 353.956.000; realisasi 3 and
    250.000.000 (capaian 100,00 and 70,63)."""
    return RealisasiInput(KODE, TAHUN, bulan, D(bobot), D(anggaran), **kw)  # type: ignore[arg-type]


def _strs(masalah: list[Masalah]) -> list[str]:
    return [str(m) for m in masalah]


LOC_JAN = f"Realisasi {KODE} Januari {TAHUN}"
LOC_FEB = f"Realisasi {KODE} Februari {TAHUN}"


# ------------------------------------------------------------------ valid
def test_lampiran_ii_january_example_is_valid() -> None:
    ropp = _ropp()
    data = _input(volume_output={1: D(1)}, kendala="-", tindak_lanjut="-")
    assert validate_realisasi(data, ropp, {}, _urutan(ropp, 1)) == []


def test_valid_realisasi_with_every_output_and_earlier_months() -> None:
    ropp = _ropp()
    data = _input(2, "18.95", "194700000", volume_output={1: D(1), 2: D(1), 3: D(1), 4: D(0)})
    assert validate_realisasi(data, ropp, {1: D(3)}, _urutan(ropp, 2)) == []


def test_zero_realisasi_is_valid() -> None:
    assert validate_realisasi(_input(bobot="0", anggaran="0"), _ropp(), {}) == []


def test_realisasi_in_a_month_planned_at_zero_is_valid() -> None:
    """June has a plan row with bobot 0 (Lampiran I Tabel 2); work done early may be reported."""
    assert validate_realisasi(_input(6, "5", "0"), _ropp(), {1: D(3)}) == []


def test_realisasi_above_the_months_target_is_valid_while_the_year_stays_within_100() -> None:
    assert validate_realisasi(_input(1, "20"), _ropp(), {}) == []


# ------------------------------------------------------------------ plan and month
def test_no_ropp_at_all() -> None:
    assert _strs(validate_realisasi(_input(), None, {})) == [
        f"{LOC_JAN}: belum ada rencana (ROPP) untuk bulan ini."
    ]


def test_no_plan_for_that_month() -> None:
    ropp = ropp_from_mapping(KODE, TAHUN, {1: D(50), 3: D(50)}, {})
    assert _strs(validate_realisasi(_input(2, "1"), ropp, {})) == [
        f"{LOC_FEB}: belum ada rencana (ROPP) untuk bulan ini."
    ]


def test_no_plan_is_reported_alone() -> None:
    """Without a plan the other checks are meaningless; one clear message is returned."""
    data = _input(bobot="-1", anggaran="-1", volume_output={9: D(-1)})
    assert len(validate_realisasi(data, None, {})) == 1


@pytest.mark.parametrize("bulan", [0, 13, -1])
def test_month_out_of_range(bulan: int) -> None:
    result = validate_realisasi(_input(bulan, "-1"), _ropp(), {})
    assert _strs(result) == [f"Realisasi {KODE} {bulan} {TAHUN}: bulan {bulan} tidak sah (1-12)."]


@pytest.mark.parametrize(
    ("bulan", "nama"),
    [(1, "Januari"), (5, "Mei"), (8, "Agustus"), (12, "Desember")],
)
def test_messages_name_sub_kegiatan_and_month_in_indonesian(bulan: int, nama: str) -> None:
    (m,) = validate_realisasi(_input(bulan, "0", "-1"), _ropp(), {})
    assert m.lokasi == f"Realisasi {KODE} {nama} {TAHUN}"


# ------------------------------------------------------------------ negatives
def test_negative_bobot_and_anggaran_both_reported() -> None:
    assert _strs(validate_realisasi(_input(bobot="-0.01", anggaran="-1"), _ropp(), {})) == [
        f"{LOC_JAN}: realisasi bobot tidak boleh negatif.",
        f"{LOC_JAN}: realisasi anggaran tidak boleh negatif.",
    ]


def test_negative_output_volume() -> None:
    ropp = _ropp()
    data = _input(2, "18.95", "0", volume_output={1: D(1), 3: D(-1)})
    assert _strs(validate_realisasi(data, ropp, {}, _urutan(ropp, 2))) == [
        f"{LOC_FEB}: volume output nomor 3 tidak boleh negatif."
    ]


def test_huge_anggaran_and_volume_are_refused() -> None:
    """A mistyped group of zeros: a message, not a NUMERIC(24, 6) overflow in PostgreSQL."""
    ropp = _ropp()
    ok = _input(anggaran="1000000000000000", volume_output={1: D("1e15")})
    assert validate_realisasi(ok, ropp, {}, _urutan(ropp, 1)) == []  # Rp 1.000 triliun: the limit
    data = _input(anggaran="1824205000000000000000", volume_output={1: D("1e18")})
    assert _strs(validate_realisasi(data, ropp, {}, _urutan(ropp, 1))) == [
        f"{LOC_JAN}: realisasi anggaran terlalu besar; mohon periksa angkanya.",
        f"{LOC_JAN}: volume output nomor 1 terlalu besar; mohon periksa angkanya.",
    ]


# ------------------------------------------------------------------ cumulative bobot
LAIN = {1: D("3.00"), 2: D("18.95"), 3: D("9.46"), 4: D("4.74"), 5: D("18.95"), 8: D("18.95")}
# sum of LAIN: 74.05; December's realisasi can be at most 25.95 (+ tolerance 0,01)


@pytest.mark.parametrize("desember", ["25.95", "25.96", "0"])
def test_cumulative_up_to_100_with_tolerance(desember: str) -> None:
    assert validate_realisasi(_input(12, desember, "0"), _ropp(), LAIN) == []


@pytest.mark.parametrize(
    ("desember", "kumulatif"), [("25.97", "100.02"), ("26.45", "100.5"), ("100", "174.05")]
)
def test_cumulative_over_100(desember: str, kumulatif: str) -> None:
    (m,) = validate_realisasi(_input(12, desember, "0"), _ropp(), LAIN)
    assert m.lokasi == f"Realisasi {KODE} Desember {TAHUN}"
    assert "kumulatif" in m.pesan and "melebihi 100" in m.pesan
    assert kumulatif.split(".")[0] in m.pesan


def test_single_month_over_100() -> None:
    (m,) = validate_realisasi(_input(1, "101"), _ropp(), {})
    assert m.pesan == "realisasi bobot kumulatif menjadi 101, melebihi 100."


def test_cumulative_counts_later_months_too() -> None:
    """A late report of an earlier month still cannot push the year over 100."""
    (m,) = validate_realisasi(_input(1, "10"), _ropp(), {12: D(95)})
    assert "melebihi 100" in m.pesan


def test_correction_of_the_same_month_replaces_not_adds() -> None:
    """Pergub 42/2018 Pasal 28: a correction is a new revision of that month; the stored figure of
    the month being corrected is replaced, not added."""
    lain = {**LAIN, 12: D(90)}  # a mistyped December already stored
    assert validate_realisasi(_input(12, "25.95", "0"), _ropp(), lain) == []
    # the same figures for another month would exceed 100
    assert validate_realisasi(_input(11, "25.95", "0"), _ropp(), lain) != []


def test_correction_downwards_is_always_accepted() -> None:
    lain = {1: D(3), 2: D(97)}
    assert validate_realisasi(_input(2, "50", "0"), _ropp(), lain) == []


# ------------------------------------------------------------------ outputs
def test_unknown_output_number() -> None:
    ropp = _ropp()
    data = _input(2, "18.95", "0", volume_output={1: D(1), 5: D(1), 0: D(1)})
    assert _strs(validate_realisasi(data, ropp, {}, _urutan(ropp, 2))) == [
        f"{LOC_FEB}: output nomor 5 tidak ada di rencana bulan ini.",
        f"{LOC_FEB}: output nomor 0 tidak ada di rencana bulan ini.",
    ]


def test_unknown_output_with_negative_volume_reports_both() -> None:
    ropp = _ropp()
    data = _input(1, "3", "0", volume_output={2: D(-1)})
    assert _strs(validate_realisasi(data, ropp, {}, _urutan(ropp, 1))) == [
        f"{LOC_JAN}: output nomor 2 tidak ada di rencana bulan ini.",
        f"{LOC_JAN}: volume output nomor 2 tidak boleh negatif.",
    ]


def test_output_numbers_not_checked_without_a_list() -> None:
    data = _input(volume_output={7: D(1)})
    assert validate_realisasi(data, _ropp(), {}) == []
    assert validate_realisasi(data, _ropp(), {}, None) == []


def test_output_number_in_a_month_without_planned_outputs() -> None:
    ropp = _ropp()
    urutan = _urutan(ropp, 6)  # June: no outputs planned
    assert urutan == {}
    data = _input(6, "0", "0", volume_output={1: D(1)})
    assert _strs(validate_realisasi(data, ropp, {}, urutan)) == [
        f"Realisasi {KODE} Juni {TAHUN}: output nomor 1 tidak ada di rencana bulan ini."
    ]


# ------------------------------------------------------------------ all at once
def test_every_problem_is_returned_at_once() -> None:
    ropp = _ropp()
    data = _input(2, "-1", "-1", volume_output={1: D(-2), 9: D(1)})
    result = validate_realisasi(data, ropp, {1: D(3), 3: D(99)}, _urutan(ropp, 2))
    assert _strs(result) == [
        f"{LOC_FEB}: realisasi bobot tidak boleh negatif.",
        f"{LOC_FEB}: realisasi anggaran tidak boleh negatif.",
        f"{LOC_FEB}: realisasi bobot kumulatif menjadi 101, melebihi 100.",
        f"{LOC_FEB}: volume output nomor 1 tidak boleh negatif.",
        f"{LOC_FEB}: output nomor 9 tidak ada di rencana bulan ini.",
    ]


def test_input_is_not_modified() -> None:
    data = _input(volume_output={1: D(1)})
    before = replace(data)
    validate_realisasi(data, _ropp(), {1: D(50)}, {1: "Rapat xx"})
    assert data == before


# ------------------------------------------------------------------ message notation
def test_cumulative_message_uses_indonesian_decimal_comma() -> None:
    (m,) = validate_realisasi(_input(12, "26.45", "0"), _ropp(), LAIN)
    assert m.pesan == "realisasi bobot kumulatif menjadi 100,5, melebihi 100."


@pytest.mark.parametrize(
    ("kendala", "tindak_lanjut", "hasil"),
    [
        ("-", "Tidak ada.", (None, None)),
        ("  NIHIL ", "", (None, None)),
        ("Tidak ada", "Koordinasi dengan penyedia", (None, "Koordinasi dengan penyedia")),
        ("Penyedia terlambat", "-", ("Penyedia terlambat", None)),
        ("Tidak ada anggaran kas", None, ("Tidak ada anggaran kas", None)),  # a real obstacle
    ],
)
def test_kendala_that_says_none_is_stored_as_none(
    kendala: str | None, tindak_lanjut: str | None, hasil: tuple[str | None, str | None]
) -> None:
    data = RealisasiInput(KODE, TAHUN, 1, D(3), D(0), {}, kendala, tindak_lanjut)
    bersih = tanpa_isian_tidak_ada(data)
    assert (bersih.kendala, bersih.tindak_lanjut) == hasil
    assert (bersih.realisasi_bobot, bersih.bulan) == (D(3), 1)


def test_kendala_already_clean_is_the_same_input() -> None:
    data = RealisasiInput(KODE, TAHUN, 1, D(3), D(0), {}, "Lelang gagal", None)
    assert tanpa_isian_tidak_ada(data) is data
