"""Parsing and formatting numbers in Indonesian notation (core.numbers).

Officials type figures the way Pergub Banten 17/2023 Lampiran I and II print them: thousands with ".",
decimals with "," ("1.824.205.000", "18,95"). The extracted Lampiran I text itself mixes notations
(the output bobot column prints "4.74" next to "4,74"), so a text with a single dot followed by
something other than three digits is ambiguous and must be refused with a question, never guessed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.capaian import format_angka as format_angka_capaian
from core.errors import Masalah, SakipError, ValidasiError
from core.numbers import format_angka, parse_angka, parse_angka_nonnegatif

D = Decimal


def _pesan(exc: pytest.ExceptionInfo[ValidasiError]) -> str:
    return str(exc.value)


# ------------------------------------------------------------------ valid Indonesian text
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", D("12.5")),
        ("18,95", D("18.95")),
        ("3,00", D("3")),
        ("0,5", D("0.5")),
        ("0", D(0)),
        ("7", D(7)),
        ("1.824.205.000", D(1824205000)),
        ("1.824.205.000,50", D("1824205000.50")),
        ("353.956.000,00", D(353956000)),  # Lampiran I Tabel 2, January anggaran
        ("207.450", D(207450)),  # Lampiran I Tabel 2, May anggaran as printed
        ("Rp 250.000.000", D(250000000)),  # Lampiran II example realisasi anggaran
        ("Rp. 1.000", D(1000)),
        ("Rp1.000", D(1000)),
        ("rp 1.000", D(1000)),
        ("RP. 1.000,5", D("1000.5")),
        ("75 %", D(75)),
        ("75%", D(75)),
        ("55,88 %", D("55.88")),
        ("-3", D(-3)),
        ("-3,50", D("-3.5")),
        ("+4", D(4)),
        ("  12,5  ", D("12.5")),
        ("1\u00a0000", D(1000)),  # non-breaking space as Excel/Word paste it
        ("1 000", D(1000)),
    ],
)
def test_parse_angka_indonesian_text(text: str, expected: Decimal) -> None:
    assert parse_angka(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.500", D(1500)), ("12.500", D(12500)), ("1.000.000", D(1000000)), ("999.999", D(999999))],
)
def test_single_dot_with_three_digits_is_indonesian_thousands(text: str, expected: Decimal) -> None:
    """ "1.500" is one thousand five hundred in Indonesian notation, not one and a half."""
    assert parse_angka(text) == expected


def test_parse_angka_keeps_decimal_places_exactly() -> None:
    value = parse_angka("1.824.205.000,50")
    assert isinstance(value, Decimal)
    assert value.as_tuple().exponent == -2
    assert str(value) == "1824205000.50"


# ------------------------------------------------------------------ scale words ("250 juta")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250 juta", D(250_000_000)),
        ("250 Juta", D(250_000_000)),
        ("Rp 250 juta", D(250_000_000)),
        ("Rp250jt", D(250_000_000)),
        ("250 jt.", D(250_000_000)),
        ("2,5 juta", D(2_500_000)),
        ("1,5 miliar", D(1_500_000_000)),
        ("1,5 milyar", D(1_500_000_000)),
        ("750 ribu", D(750_000)),
        ("750rb", D(750_000)),
        ("1 triliun", D(10) ** 12),
        ("1.250 juta", D(1_250_000_000)),
        ("1,2345678 juta", D("1234567.8")),
        ("-2 juta", D(-2_000_000)),
        ("Rp 1.824.205.000,-", D(1_824_205_000)),  # how a receipt writes a whole rupiah amount
    ],
)
def test_scale_words_of_amounts_are_understood(text: str, expected: Decimal) -> None:
    value = parse_angka(text)
    assert value == expected
    assert "E" not in str(value)  # 2500000, not 2.5E+6: it is shown and stored as typed


@pytest.mark.parametrize("text", ["1,5 M", "12 m", "3 dokumen", "juta", "2,5 kuda", "1.5 juta"])
def test_unknown_or_ambiguous_scale_is_refused(text: str) -> None:
    """Only the written-out words and "rb"/"jt": "12 m" in a volume means metres, not miliar."""
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Realisasi anggaran")
    pesan = _pesan(exc)
    assert ("ambigu" if text == "1.5 juta" else "bukan angka") in pesan
    assert text in pesan


def test_the_refusal_shows_a_scale_word_example() -> None:
    with pytest.raises(ValidasiError, match="250 juta"):
        parse_angka("dua ratus juta", "Realisasi anggaran")


# ------------------------------------------------------------------ real numerics (Excel cells)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, D(3)),
        (0, D(0)),
        (-3, D(-3)),
        (1824205000, D(1824205000)),
        (D("18.95"), D("18.95")),
        (D("-0.5"), D("-0.5")),
        (12.5, D("12.5")),
        (18.95, D("18.95")),  # shortest repr, not the binary expansion 18.949999...
        (0.1, D("0.1")),
        (1824205000.0, D(1824205000)),
        (1e20, D(10) ** 20),
    ],
)
def test_parse_angka_real_numerics(value: int | float | Decimal, expected: Decimal) -> None:
    result = parse_angka(value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_parse_angka_decimal_is_returned_unchanged() -> None:
    d = D("4.740")
    assert parse_angka(d) is d


# ------------------------------------------------------------------ ambiguous
@pytest.mark.parametrize("text", ["12.5", "4.74", "0.5", "1.2345", "1234.567", "-4.74", "Rp 12.5"])
def test_single_dot_decimal_is_ambiguous_and_refused(text: str) -> None:
    """English decimal point or mistyped thousands separator? The user is asked, not guessed."""
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Target fisik Februari")
    pesan = _pesan(exc)
    assert "ambigu" in pesan
    assert "Target fisik Februari" in pesan
    assert text in pesan
    assert "koma" in pesan  # tells how to write it: koma untuk desimal
    assert "12,5" in pesan


# ------------------------------------------------------------------ rupiah amounts
@pytest.mark.parametrize("text", ["250,000", "1,500", "Rp 250,000", "-250,000", "1,500 juta"])
def test_rupiah_with_three_digits_after_a_comma_is_ambiguous(text: str) -> None:
    """English thousands "250,000" typed on a phone is not Rp 250: a rupiah amount never has three
    decimals, so it is asked, the mirror of "12.5"."""
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Realisasi anggaran", rupiah=True)
    assert _pesan(exc) == (
        f"Realisasi anggaran: '{text}' ambigu. Tulis rupiah dengan titik untuk ribuan "
        "(contoh 250.000) atau dengan kata (250 ribu)."
    )
    with pytest.raises(ValidasiError, match="ambigu"):
        parse_angka_nonnegatif(text, "Realisasi anggaran", rupiah=True)


@pytest.mark.parametrize(("text", "expected"), [("1,500", D("1.5")), ("250,000", D(250))])
def test_three_decimals_stay_a_decimal_comma_outside_rupiah(text: str, expected: Decimal) -> None:
    assert parse_angka(text, "Volume output 1") == expected
    assert parse_angka_nonnegatif(text, "Realisasi bobot") == expected


@pytest.mark.parametrize("text", ["70%", "70 %", "Rp 70%", "12,5 %", "%"])
def test_percent_is_refused_for_rupiah(text: str) -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Realisasi anggaran", rupiah=True)
    pesan = _pesan(exc)
    assert pesan.startswith(f"Realisasi anggaran: '{text}'")
    assert "tulis jumlah rupiah, bukan persen, contoh 250.000.000." in pesan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 250.000.000", D(250_000_000)),
        ("Rp250.000.000,-", D(250_000_000)),
        ("Rp 250 jt", D(250_000_000)),
        ("250jt", D(250_000_000)),
        ("250 juta", D(250_000_000)),
        ("1,5 miliar", D(1_500_000_000)),
        ("12.500,75", D("12500.75")),
        ("1.250,000", D(1250)),  # thousands dots make it Indonesian notation: not ambiguous
        ("12,5", D("12.5")),
        ("250 000 000", D(250_000_000)),
        (" 3 ", D(3)),
        (250000, D(250000)),
    ],
)
def test_rupiah_amounts_still_accepted(text: str | int, expected: Decimal) -> None:
    assert parse_angka(text, "Realisasi anggaran", rupiah=True) == expected


# ------------------------------------------------------------------ spaces
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250 000 000", D(250_000_000)),
        ("1 824 205 000,50", D("1824205000.50")),
        ("Rp 1 824 205 000", D(1_824_205_000)),
        ("1\u202f000", D(1000)),  # narrow no-break space, as some locales group thousands
        ("1 500 juta", D(1_500_000_000)),
        ("- 3", D(-3)),
        ("\uff11\uff12,\uff15", D("12.5")),  # full-width digits
        ("\uff11 \uff10\uff10\uff10", D(1000)),
    ],
)
def test_spaces_grouping_thousands_are_accepted(text: str, expected: Decimal) -> None:
    assert parse_angka(text, "Nilai") == expected
    assert parse_angka(text, "Nilai", rupiah=True) == expected


@pytest.mark.parametrize(
    "text", ["3 5", "12 5", "1 50", "-3 5", "3 5 juta", "12, 5", "1 0000", "1.000 000", "1 000.000"]
)
@pytest.mark.parametrize("rupiah", [False, True])
def test_a_space_that_is_not_thousands_grouping_is_refused(text: str, rupiah: bool) -> None:
    """A "3 5" is a space typed where the decimal comma was meant (Gboard puts them side by side):
    neither 35 nor 3,5 is guessed."""
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Realisasi bobot", rupiah=rupiah)
    assert _pesan(exc) == (
        f"Realisasi bobot: '{text}' bukan angka. "
        "Contoh yang benar: 12,5; 1.824.205.000; atau 250 juta."
    )


def test_lampiran_i_output_bobot_as_printed_is_ambiguous() -> None:
    """Pergub 17/2023 Lampiran I Tabel 2 prints the February output bobot as "4.74"; an import of
    that column must ask instead of reading 474 or 4,74."""
    with pytest.raises(ValidasiError, match="ambigu"):
        parse_angka("4.74", "Bobot output")
    assert parse_angka("4,74", "Bobot output") == D("4.74")


# ------------------------------------------------------------------ garbage
@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1,2,3",
        "1.50.000",
        "12,5,0",
        "1.000.",
        ".5",
        ",5",
        "5,",
        "1e5",
        "--3",
        "+-3",
        "NaN",
        "Infinity",
        "12a",
        "1..000",
    ],
)
def test_garbage_text_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Anggaran kas Mei")
    pesan = _pesan(exc)
    assert pesan.startswith("Anggaran kas Mei:")
    assert "bukan angka" in pesan
    assert "ambigu" not in pesan  # only the single-dot forms are "ambigu"


@pytest.mark.parametrize("text", ["", "  ", "\t", "Rp", "%", "Rp %", "-", "+"])
def test_empty_text_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka(text, "Realisasi bobot")
    pesan = _pesan(exc)
    assert pesan.startswith("Realisasi bobot:")
    assert "harus diisi dengan angka" in pesan


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), float("-inf"), D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity")],
)
def test_non_finite_numerics_refused(value: float | Decimal) -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka(value, "Pagu")
    pesan = _pesan(exc)
    assert pesan.startswith("Pagu:")
    assert "bukan angka yang sah" in pesan


@pytest.mark.parametrize("value", [True, False])
def test_bool_refused(value: bool) -> None:
    """bool is an int subclass in Python; a checkbox cell must not become 1 or 0."""
    with pytest.raises(ValidasiError) as exc:
        parse_angka(value, "Volume")
    assert _pesan(exc) == "Volume: bukan angka."


def test_default_field_name_is_nilai() -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka("abc")
    assert _pesan(exc).startswith("Nilai:")


def test_error_is_a_validasi_error_with_one_masalah() -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka("12.5", "Bobot")
    assert isinstance(exc.value, SakipError)
    assert len(exc.value.masalah) == 1
    assert isinstance(exc.value.masalah[0], Masalah)
    assert str(exc.value.masalah[0]) == str(exc.value)


# ------------------------------------------------------------------ non-negative
@pytest.mark.parametrize("value", ["-3", "-0,01", "Rp -1.000", -1, D("-0.5"), -2.5])
def test_parse_angka_nonnegatif_refuses_negatives(value: str | int | float | Decimal) -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka_nonnegatif(value, "Pagu")
    pesan = _pesan(exc)
    assert pesan.startswith("Pagu:")
    assert "tidak boleh negatif" in pesan


def test_parse_angka_nonnegatif_shows_the_value_in_indonesian_notation() -> None:
    with pytest.raises(ValidasiError) as exc:
        parse_angka_nonnegatif("-1.500,5", "Anggaran")
    assert _pesan(exc) == "Anggaran: tidak boleh negatif (-1.500,5)."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", D(0)), ("-0", D(0)), ("0,00", D(0)), ("+4", D(4)), ("1.824.205.000", D(1824205000))],
)
def test_parse_angka_nonnegatif_accepts_zero_and_positives(value: str, expected: Decimal) -> None:
    assert parse_angka_nonnegatif(value) == expected


def test_parse_angka_nonnegatif_still_refuses_ambiguous() -> None:
    with pytest.raises(ValidasiError, match="ambigu"):
        parse_angka_nonnegatif("4.74", "Bobot")


# ------------------------------------------------------------------ format_angka
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(0), "0"),
        (D(7), "7"),
        (D(999), "999"),
        (D(1000), "1.000"),
        (D(1824205000), "1.824.205.000"),
        (D("1824205000.50"), "1.824.205.000,50"),
        (D("12.5"), "12,5"),
        (D("0.125"), "0,125"),
        (D("-1234.5"), "-1.234,5"),
        (D("-3"), "-3"),
        (D("1E+3"), "1.000"),
        (D("1E-7"), "0,0000001"),
    ],
)
def test_format_angka(value: Decimal, expected: str) -> None:
    assert format_angka(value) == expected


@pytest.mark.parametrize(
    ("value", "desimal", "expected"),
    [
        (D(1824205000), 2, "1.824.205.000,00"),
        (D("55.8812"), 2, "55,88"),
        (D("70.63018"), 2, "70,63"),
        (D("12.5"), 2, "12,50"),
        (D("1234.4"), 0, "1.234"),
        (D("-3.456"), 1, "-3,5"),
        (D("-0.001"), 2, "0,00"),  # no "-0,00"
    ],
)
def test_format_angka_with_desimal(value: Decimal, desimal: int, expected: str) -> None:
    assert format_angka(value, desimal) == expected


_HALF_UP_CASES = [
    (D("22.45"), 1, "22,5"),
    (D("2.5"), 0, "3"),
    (D("0.125"), 2, "0,13"),
    (D("-1234.5"), 0, "-1.235"),
]


@pytest.mark.parametrize(("value", "desimal", "expected"), _HALF_UP_CASES)
def test_project_display_rounding_is_half_up(value: Decimal, desimal: int, expected: str) -> None:
    """The reference: core.capaian formats HALF_UP for display (pinned in test_capaian.py)."""
    assert format_angka_capaian(value, desimal) == expected


@pytest.mark.parametrize(("value", "desimal", "expected"), _HALF_UP_CASES)
def test_format_angka_rounds_half_up_like_capaian(
    value: Decimal, desimal: int, expected: str
) -> None:
    assert format_angka(value, desimal) == expected


def test_format_angka_of_integers_has_no_decimal_comma() -> None:
    for n in (0, 5, 1500, 1824205000):
        assert "," not in format_angka(D(n))


@given(st.integers(min_value=0, max_value=10**18))
def test_format_angka_integers_have_no_comma_and_round_trip(n: int) -> None:
    text = format_angka(D(n))
    assert "," not in text
    assert parse_angka(text) == n


@given(
    st.decimals(min_value=0, max_value=D("1e15"), places=2, allow_nan=False, allow_infinity=False)
)
def test_format_angka_round_trips_through_parse_angka(x: Decimal) -> None:
    """For any non-negative Decimal with up to 2 decimals: parse_angka(format_angka(x)) == x."""
    text = format_angka(x)
    assert "." not in text.partition(",")[2]  # decimal part never contains a thousands dot
    assert parse_angka(text) == x
    assert parse_angka_nonnegatif(text) == x
    assert parse_angka(format_angka(x, 2)) == x


@given(
    st.decimals(min_value=0, max_value=D("1e15"), places=2, allow_nan=False, allow_infinity=False)
)
def test_format_angka_round_trips_negative_values(x: Decimal) -> None:
    assert parse_angka(format_angka(-x)) == -x


@given(st.decimals(min_value=0, max_value=D("1e12"), places=1, allow_nan=False))
def test_format_angka_with_thousands_is_never_ambiguous(x: Decimal) -> None:
    """What the system writes, it reads back: its own output never triggers the 'ambigu' question."""
    parse_angka(format_angka(x))  # does not raise
