"""ROPP per sub kegiatan (core.ropp) against Pergub Banten 17/2023 Pasal 11 and Lampiran I C.

Lampiran I Tabel 2 (Rencana Sub Kegiatan Bulanan) gives, per month, the target fisik (bobot, %), the
anggaran kas and the outputs (uraian, bobot, volume, satuan); kolom 3 is the sum of the outputs' bobot.
Tabel 1 and the Triwulan rows give the quarterly sums; the year's bobot sums to 100.
The figures below are the Lampiran's, as printed (May anggaran "207.450" included: with it the printed
total 1.824.205.000 and Triwulan II 234.606.450 are exact).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Masalah
from core.periode import NAMA_BULAN
from core.ropp import (
    SERATUS,
    TOLERANSI_BOBOT,
    OutputRopp,
    RencanaBulan,
    Ropp,
    ropp_from_mapping,
    validate_ropp,
)

D = Decimal
KODE = "5.01.01.2.01.0001"
TAHUN = 2026

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
PAGU = D(1824205000)


def _dokumen(bobot: str) -> OutputRopp:
    return OutputRopp("Dokumen xxxxxxxxxxxxxx TA. 2022", D(bobot), D(1), "Dokumen")


def _empat_dokumen() -> list[OutputRopp]:
    return [_dokumen("4.74"), _dokumen("4.74"), _dokumen("4.74"), _dokumen("4.73")]


OUTPUTS: dict[int, list[OutputRopp]] = {
    1: [OutputRopp("Rapat xx", D(3), D(1), "Notulen")],
    2: _empat_dokumen(),
    3: [
        OutputRopp("Laporan xxxxxxxxxxxxxx TA. 2021", D("4.74"), D(1), "Dokumen"),
        OutputRopp("Evaluasi xxxxxx Tahun 2017-2022", D("4.72"), D(1), "Dokumen"),
    ],
    4: [OutputRopp("Pengendalian Perumusan Kebijakan xxxx 2023", D("4.74"), D(1), "Dokumen")],
    5: _empat_dokumen(),
    8: _empat_dokumen(),
    11: _empat_dokumen(),
    12: [OutputRopp("Laporan Pelaksanaan Sub Kegiatan xxxxxx", D(7), D(1), "Laporan")],
}


def _lampiran(pagu: Decimal | None = PAGU) -> Ropp:
    return ropp_from_mapping(KODE, TAHUN, BOBOT, ANGGARAN, OUTPUTS, pagu=pagu)


def _ubah(ropp: Ropp, bulan: int, **changes: object) -> Ropp:
    rows = tuple(replace(r, **changes) if r.bulan == bulan else r for r in ropp.bulan)  # type: ignore[arg-type]
    return replace(ropp, bulan=rows)


def _tanpa_output(**bobot: Decimal) -> Ropp:
    """The Lampiran's months without outputs, with some bobot overridden (keys 'b1'..'b12')."""
    b = dict(BOBOT)
    for k, v in bobot.items():
        b[int(k[1:])] = v
    return ropp_from_mapping(KODE, TAHUN, b, ANGGARAN)


def _strs(masalah: list[Masalah]) -> list[str]:
    return [str(m) for m in masalah]


# ------------------------------------------------------------------ the Lampiran I example
def test_lampiran_i_example_is_valid() -> None:
    assert validate_ropp(_lampiran()) == []


def test_lampiran_i_example_totals() -> None:
    ropp = _lampiran()
    assert len(ropp.bulan) == 12
    assert ropp.total_bobot == SERATUS
    assert ropp.total_anggaran == D("1824205000")


def test_lampiran_i_output_bobot_sum_to_the_months_target_fisik() -> None:
    """Lampiran I Tabel 2 kolom 3: target fisik = the sum of the bobot of the month's outputs."""
    ropp = _lampiran()
    for r in ropp.bulan:
        if r.outputs:
            assert sum((o.bobot for o in r.outputs), D(0)) == r.target_bobot, r.bulan


@pytest.mark.parametrize(
    ("q", "bobot", "anggaran"),
    [
        (1, D("31.41"), D(652116000)),
        (2, D("23.69"), D(234606450)),
        (3, D("18.95"), D(180250840)),
        (4, D("25.95"), D(757231710)),
    ],
)
def test_lampiran_i_quarterly_derivation(q: int, bobot: Decimal, anggaran: Decimal) -> None:
    """Lampiran I Tabel 1 kolom 6/8/10/12 and the Triwulan I-IV rows of Tabel 2."""
    assert _lampiran().triwulan(q) == (bobot, anggaran)


def test_quarters_add_up_to_the_year() -> None:
    ropp = _lampiran()
    quarters = [ropp.triwulan(q) for q in (1, 2, 3, 4)]
    assert sum((b for b, _ in quarters), D(0)) == D("100.00")
    assert sum((a for _, a in quarters), D(0)) == PAGU


@pytest.mark.parametrize(
    ("bulan", "kumulatif"),
    [
        (0, D(0)),
        (1, D("3.00")),
        (2, D("21.95")),
        (3, D("31.41")),
        (6, D("55.10")),
        (9, D("74.05")),
        (11, D("93.00")),
        (12, D(100)),
    ],
)
def test_kumulatif_bobot(bulan: int, kumulatif: Decimal) -> None:
    assert _lampiran().kumulatif_bobot(bulan) == kumulatif


@pytest.mark.parametrize("q", [0, 5, -1])
def test_unknown_quarter_refused(q: int) -> None:
    with pytest.raises(ValueError, match="Triwulan"):
        _lampiran().triwulan(q)


def test_rencana_of_a_month() -> None:
    ropp = _lampiran()
    juni = ropp.rencana(6)
    assert juni is not None and juni.target_bobot == 0 and juni.outputs == ()
    februari = ropp.rencana(2)
    assert februari is not None and len(februari.outputs) == 4
    assert ropp.rencana(13) is None
    assert ropp.rencana(0) is None


def test_ropp_from_mapping_fills_the_missing_side_with_zero() -> None:
    """July's anggaran is blank in the Lampiran; a month given only one figure gets 0 for the other."""
    ropp = ropp_from_mapping(KODE, TAHUN, {7: D(0), 1: D(100)}, {2: D(5)})
    assert [r.bulan for r in ropp.bulan] == [1, 2, 7]
    assert ropp.rencana(2) == RencanaBulan(2, D(0), D(5))
    assert ropp.rencana(1) == RencanaBulan(1, D(100), D(0))
    assert ropp.pagu is None


def test_quarter_with_missing_months_sums_what_is_there() -> None:
    ropp = ropp_from_mapping(KODE, TAHUN, {1: D(40), 3: D(60)}, {1: D(10), 3: D(20)})
    assert ropp.triwulan(1) == (D(100), D(30))
    assert ropp.triwulan(2) == (D(0), D(0))
    assert validate_ropp(ropp) == []


# ------------------------------------------------------------------ sum of bobot
@pytest.mark.parametrize(
    "desember",
    [D("7.00"), D("6.995"), D("7.005"), D("6.99"), D("7.01")],
    ids=["100", "99,995", "100,005", "99,99", "100,01"],
)
def test_sum_of_bobot_within_tolerance(desember: Decimal) -> None:
    """The year sums to 100 (Lampiran I Tabel 1 kolom 14), with a tolerance of 0,01 for rounding."""
    ropp = _tanpa_output(b12=desember)
    assert abs(ropp.total_bobot - SERATUS) <= TOLERANSI_BOBOT
    assert validate_ropp(ropp) == []


@pytest.mark.parametrize(
    ("desember", "teks"),
    [(D("6.98"), "99,98"), (D("7.02"), "100,02"), (D(0), "93"), (D("17"), "110")],
)
def test_sum_of_bobot_outside_tolerance(desember: Decimal, teks: str) -> None:
    ropp = _tanpa_output(b12=desember)
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}: jumlah bobot setahun {teks}, seharusnya 100 (toleransi 0,01)."
    ]


def test_empty_ropp_does_not_sum_to_100() -> None:
    ropp = Ropp(KODE, TAHUN, ())
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}: jumlah bobot setahun 0, seharusnya 100 (toleransi 0,01)."
    ]


# ------------------------------------------------------------------ per-month checks
def test_negative_bobot_in_a_month() -> None:
    ropp = _tanpa_output(b6=D(-5), b7=D(5))
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}, Juni: target fisik (bobot) tidak boleh negatif."
    ]


def test_bobot_over_100_in_a_month() -> None:
    ropp = ropp_from_mapping(KODE, TAHUN, {1: D("100.5"), 2: D("-0.5")}, {})
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}, Januari: target fisik (bobot) melebihi 100.",
        f"ROPP {KODE} {TAHUN}, Februari: target fisik (bobot) tidak boleh negatif.",
    ]


def test_bobot_of_exactly_100_in_one_month_is_accepted() -> None:
    ropp = ropp_from_mapping(KODE, TAHUN, {12: D(100)}, {12: D(4139000)})
    assert validate_ropp(ropp) == []


def test_negative_anggaran_kas() -> None:
    ropp = _ubah(_lampiran(pagu=None), 10, anggaran_kas=D(-1))
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}, Oktober: anggaran kas tidak boleh negatif."
    ]


def test_duplicate_month() -> None:
    ropp = _lampiran(pagu=None)
    dup = RencanaBulan(3, D(0), D(0))
    ropp = replace(ropp, bulan=(*ropp.bulan, dup))
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}: bulan Maret diisi lebih dari sekali."
    ]


@pytest.mark.parametrize("bulan", [0, 13, -1])
def test_month_out_of_range(bulan: int) -> None:
    ropp = _tanpa_output(b12=D(0))
    ropp = replace(ropp, bulan=(*ropp.bulan, RencanaBulan(bulan, D(7), D(0))))
    assert _strs(validate_ropp(ropp)) == [f"ROPP {KODE} {TAHUN}: bulan {bulan} tidak sah (1-12)."]


def test_output_bobot_not_summing_to_the_months_target() -> None:
    """Lampiran I Tabel 2 kolom 3 is the sum of kolom 6."""
    outputs = dict(OUTPUTS)
    outputs[2] = [_dokumen("4.74"), _dokumen("4.74"), _dokumen("4.74")]
    ropp = ropp_from_mapping(KODE, TAHUN, BOBOT, ANGGARAN, outputs, pagu=PAGU)
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}, Februari: jumlah bobot output (14,22) tidak sama dengan "
        "target fisik bulan ini (18,95)."
    ]


def test_output_bobot_within_tolerance() -> None:
    outputs = dict(OUTPUTS)
    outputs[2] = [_dokumen("4.74")] * 4  # 18,96 vs 18,95: difference 0,01
    ropp = ropp_from_mapping(KODE, TAHUN, BOBOT, ANGGARAN, outputs, pagu=PAGU)
    assert validate_ropp(ropp) == []


def test_output_bobot_off_by_more_than_tolerance() -> None:
    outputs = dict(OUTPUTS)
    outputs[12] = [OutputRopp("Laporan", D("7.02"), D(1), "Laporan")]
    ropp = ropp_from_mapping(KODE, TAHUN, BOBOT, ANGGARAN, outputs, pagu=PAGU)
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}, Desember: jumlah bobot output (7,02) tidak sama dengan "
        "target fisik bulan ini (7)."
    ]


def test_month_without_outputs_is_not_checked_against_outputs() -> None:
    """October has anggaran kas but no bobot and no output in the Lampiran."""
    ropp = _lampiran()
    oktober = ropp.rencana(10)
    assert oktober is not None and oktober.outputs == () and oktober.anggaran_kas > 0
    assert validate_ropp(ropp) == []


def test_invalid_outputs() -> None:
    outputs = dict(OUTPUTS)
    outputs[1] = [
        OutputRopp(" ", D(2), D(1), ""),
        OutputRopp("Rapat", D(1), D(-1), "Notulen"),
    ]
    outputs[4] = [OutputRopp("Kebijakan", D("-4.74"), D(1), "Dokumen")]
    ropp = ropp_from_mapping(KODE, TAHUN, BOBOT, ANGGARAN, outputs, pagu=PAGU)
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}, Januari, output 1: uraian output wajib diisi.",
        f"ROPP {KODE} {TAHUN}, Januari, output 1: satuan output wajib diisi.",
        f"ROPP {KODE} {TAHUN}, Januari, output 2: bobot dan volume output tidak boleh negatif.",
        f"ROPP {KODE} {TAHUN}, April, output 1: bobot dan volume output tidak boleh negatif.",
        f"ROPP {KODE} {TAHUN}, April: jumlah bobot output (-4,74) tidak sama dengan "
        "target fisik bulan ini (4,74).",
    ]


# ------------------------------------------------------------------ pagu
def test_pagu_mismatch() -> None:
    """The anggaran kas of the twelve months adds up to the sub kegiatan's pagu (Lampiran I Tabel 2
    TOTAL row: 1.824.205.000)."""
    ropp = _lampiran(pagu=D(1824205001))
    assert _strs(validate_ropp(ropp)) == [
        f"ROPP {KODE} {TAHUN}: jumlah anggaran kas Rp 1.824.205.000 tidak sama dengan "
        "pagu Rp 1.824.205.001."
    ]


def test_pagu_mismatch_with_the_may_typo_corrected() -> None:
    """SPEC: the Lampiran's May "207.450" is a typo; correcting it alone breaks the printed total."""
    ropp = _ubah(_lampiran(), 5, anggaran_kas=D(207450000))
    (m,) = validate_ropp(ropp)
    assert "Rp 2.031.447.550" in m.pesan and "pagu Rp 1.824.205.000" in m.pesan


def test_no_pagu_no_pagu_check() -> None:
    ropp = _ubah(_lampiran(pagu=None), 1, anggaran_kas=D(1))
    assert validate_ropp(ropp) == []


def test_negative_pagu() -> None:
    ropp = _lampiran(pagu=D(-1))
    assert _strs(validate_ropp(ropp)) == [f"ROPP {KODE} {TAHUN}: pagu tidak boleh negatif."]


def test_every_problem_is_returned_at_once() -> None:
    ropp = _lampiran(pagu=D(1))
    ropp = _ubah(ropp, 6, target_bobot=D(-1), anggaran_kas=D(-1))
    ropp = replace(ropp, bulan=(*ropp.bulan, RencanaBulan(13, D(0), D(0))))
    result = _strs(validate_ropp(ropp))
    assert len(result) == 5
    assert f"ROPP {KODE} {TAHUN}: bulan 13 tidak sah (1-12)." in result
    assert f"ROPP {KODE} {TAHUN}, Juni: target fisik (bobot) tidak boleh negatif." in result
    assert f"ROPP {KODE} {TAHUN}, Juni: anggaran kas tidak boleh negatif." in result
    assert any("jumlah bobot setahun 99" in r for r in result)
    assert any("tidak sama dengan pagu Rp 1." in r for r in result)


# ------------------------------------------------------------------ messages
ENGLISH = ["January", "February", "March", "May", "June", "July", "August", "October", "December"]


@pytest.mark.parametrize("bulan", range(1, 13))
def test_every_month_message_names_sub_kegiatan_and_month_in_indonesian(bulan: int) -> None:
    ropp = _ubah(
        _lampiran(),
        bulan,
        target_bobot=D(-1),
        anggaran_kas=D(-1),
        outputs=(OutputRopp("", D(-1), D(-1), ""),),
    )
    masalah = validate_ropp(ropp)
    per_bulan = [m for m in masalah if "setahun" not in m.pesan and "pagu" not in m.pesan]
    assert len(per_bulan) == 5
    for m in masalah:
        text = str(m)
        assert KODE in text and str(TAHUN) in text
        assert not any(e in text for e in ENGLISH)
    for m in per_bulan:
        assert NAMA_BULAN[bulan] in str(m)


# ------------------------------------------------------------------ property
@st.composite
def _bobot_12_bulan(draw: st.DrawFn) -> dict[int, Decimal]:
    """Twelve non-negative bobot with two decimals summing to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=11, max_size=11)))
    edges = [0, *cuts, 10000]
    return {m: D(edges[m] - edges[m - 1]) / 100 for m in range(1, 13)}


@given(_bobot_12_bulan(), st.lists(st.integers(0, 10**12), min_size=12, max_size=12))
def test_quarters_of_any_valid_plan_sum_to_100(bobot: dict[int, Decimal], rp: list[int]) -> None:
    anggaran = {m: D(rp[m - 1]) for m in range(1, 13)}
    ropp = ropp_from_mapping(KODE, TAHUN, bobot, anggaran, pagu=D(sum(rp)))
    assert validate_ropp(ropp) == []
    quarters = [ropp.triwulan(q) for q in (1, 2, 3, 4)]
    assert sum((b for b, _ in quarters), D(0)) == SERATUS
    assert sum((a for _, a in quarters), D(0)) == D(sum(rp))
    assert ropp.kumulatif_bobot(12) == SERATUS
    for q in (1, 2, 3, 4):
        assert ropp.kumulatif_bobot(3 * q) == sum(
            (ropp.triwulan(i)[0] for i in range(1, q + 1)), D(0)
        )
    kum = [ropp.kumulatif_bobot(m) for m in range(0, 13)]
    assert kum == sorted(kum)  # cumulative bobot never decreases
