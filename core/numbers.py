"""Parsing numbers typed by officials, in Indonesian notation.

"1.824.205.000" is one billion eight hundred..., "12,5" is twelve and a half. A text such as "12.5" is
ambiguous (English decimal point or a mistyped thousands separator?) and is refused with a question
instead of being guessed: Babel's lenient ``parse_decimal(..., locale="id_ID")`` would read it as 125.
Amounts are often written with a scale word, "250 juta" or "1,5 miliar": the words are understood, their
one-letter abbreviations ("1,5 M") are not (in a volume "12 m" means metres).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import ValidasiError

#: above this no amount or volume in a PD's plan or report is real (Banten's whole APBD is about
#: Rp 11 triliun): a mistyped group of zeros, refused with a message instead of overflowing
#: PostgreSQL's NUMERIC(24, 6)
MAKS_NILAI = Decimal("1e15")

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_COMMA = re.compile(r"^\d+(,\d+)?$")
_PLAIN = re.compile(r"^\d+$")
_SINGLE_DOT = re.compile(r"^\d+\.\d+$")
# spaces group thousands only: "250 000 000", "1 824 205 000,50"; "3 5" (a space typed for the comma) is
# not a number
_GROUPED_SPASI = re.compile(r"^\d{1,3}( \d{3})+(,\d+)?$")
# "250,000" / "1,500": a rupiah amount never has three decimals, so this is English thousands
_KOMA_RIBUAN = re.compile(r"^\d+,\d{3}$")
# the scale words of Indonesian amounts, written out or abbreviated the usual way ("250 jt", "5rb")
_SKALA = {"ribu": 3, "rb": 3, "juta": 6, "jt": 6, "miliar": 9, "milyar": 9, "triliun": 12}
_DENGAN_SKALA = re.compile(r"^(?P<angka>.*?\d)\s*(?P<skala>[a-z]+)\.?$", re.IGNORECASE)


def parse_angka(
    text: str | int | float | Decimal, nama: str = "Nilai", *, rupiah: bool = False
) -> Decimal:
    """Parse an Indonesian-formatted number into a Decimal.

    Accepts real numerics (``int``/``Decimal``; ``float`` through its shortest repr, as Excel gives),
    and text such as "12,5", "1.824.205.000", "1.824.205.000,50", "Rp 250.000.000", "75 %", "-3",
    "250 juta", "Rp 1,5 miliar", "750 rb", "250 000 000".
    With ``rupiah`` the text is an amount of money: "70%" is refused, and so is "250,000" (English
    thousands, ambiguous with Indonesian decimals; a rupiah amount never has three decimals).
    Raises :class:`ValidasiError` with a message in Bahasa Indonesia naming ``nama``.
    """
    if isinstance(text, bool):
        raise ValidasiError(f"{nama}: bukan angka.")
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise ValidasiError(f"{nama}: bukan angka yang sah.")
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise ValidasiError(f"{nama}: bukan angka yang sah.")
        return Decimal(repr(text))

    raw = text
    s = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    s = re.sub(r"^(rp\.?)\s*", "", s, flags=re.IGNORECASE)
    if rupiah and s.endswith("%"):
        raise ValidasiError(
            f"{nama}: '{raw}' berupa persen. Mohon tulis jumlah rupiah, bukan persen, "
            "contoh 250.000.000."
        )
    s = re.sub(r",-+$", "", s.rstrip("%").strip()).strip()  # "Rp 1.824.205.000,-"
    skala = 0
    cocok = _DENGAN_SKALA.match(s)
    if cocok and cocok["skala"].lower() in _SKALA:
        skala = _SKALA[cocok["skala"].lower()]
        s = cocok["angka"].strip()
    negatif = False
    if s.startswith("-"):
        negatif, s = True, s[1:].lstrip()
    elif s.startswith("+"):
        s = s[1:].lstrip()
    if not s:
        raise ValidasiError(f"{nama}: harus diisi dengan angka.")
    if rupiah and _KOMA_RIBUAN.match(s):
        raise ValidasiError(
            f"{nama}: '{raw}' ambigu. Tulis rupiah dengan titik untuk ribuan (contoh 250.000) "
            "atau dengan kata (250 ribu)."
        )
    if _GROUPED_SPASI.match(s):
        s = s.replace(" ", "")  # any other space is left in, and refused below as "bukan angka"

    if _PLAIN.match(s) or _PLAIN_COMMA.match(s):
        normal = s.replace(",", ".")
    elif _GROUPED.match(s):
        bulat, _, pecahan = s.partition(",")
        normal = bulat.replace(".", "") + ("." + pecahan if pecahan else "")
    elif _SINGLE_DOT.match(s):
        raise ValidasiError(
            f"{nama}: '{raw}' ambigu. Gunakan koma untuk desimal (contoh 12,5) "
            "dan titik untuk ribuan (contoh 1.500.000)."
        )
    else:
        raise ValidasiError(
            f"{nama}: '{raw}' bukan angka. Contoh yang benar: 12,5; 1.824.205.000; atau 250 juta."
        )
    try:
        value = Decimal(normal)
    except InvalidOperation as exc:  # pragma: no cover - regexes above make this unreachable
        raise ValidasiError(f"{nama}: '{raw}' bukan angka.") from exc
    if skala:
        value = value.scaleb(skala)
        # 2,5 juta is 2500000, not 2.5E+6; 1,2345678 juta is 1234567.8
        value = (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )
    return -value if negatif else value


def parse_angka_nonnegatif(
    text: str | int | float | Decimal, nama: str = "Nilai", *, rupiah: bool = False
) -> Decimal:
    """Like :func:`parse_angka`, and refuses negative values."""
    value = parse_angka(text, nama, rupiah=rupiah)
    if value < 0:
        raise ValidasiError(f"{nama}: tidak boleh negatif ({format_angka(value)}).")
    return value


def format_angka(value: Decimal, desimal: int | None = None) -> str:
    """Format a Decimal in Indonesian notation: thousands '.', decimal ','."""
    if desimal is not None:
        value = value.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
        if value.is_zero():
            value = value.copy_abs()  # never "-0,00"
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    bulat, _, pecahan = text.partition(".")
    groups: list[str] = []
    while len(bulat) > 3:
        groups.insert(0, bulat[-3:])
        bulat = bulat[:-3]
    groups.insert(0, bulat)
    out = ".".join(groups)
    return sign + out + ("," + pecahan if pecahan else "")


def format_ringkas(value: Decimal) -> str:
    """Indonesian notation without trailing zeros, for messages: 100,5 / 31,41 / 1.824.205.000."""
    if value == value.to_integral_value():
        return format_angka(value.quantize(Decimal(1)))
    return format_angka(value.normalize())
