"""Deadlines (tenggat) of Pergub Banten 17/2023, worked out by hand for 2026.

Holidays / cuti bersama used below (``holidays`` package, ID, public + government, v0.109):
  2026: 1 Jan Tahun Baru; 16 Jan Isra Mikraj; 16 Feb cuti Imlek; 17 Feb Imlek; 18 Mar cuti Nyepi;
        19 Mar Nyepi; 20 Mar cuti Idul Fitri; 21-22 Mar Idul Fitri (weekend); 23-24 Mar cuti Idul
        Fitri; 3 Apr Wafat Yesus Kristus; 1 May Hari Buruh; 14 May Kenaikan Yesus Kristus; 15 May
        cuti Kenaikan; 27 May Idul Adha; 28 May cuti Idul Adha; 31 May Waisak (Sun); 1 Jun Pancasila;
        16 Jun Tahun Baru Islam; 17 Aug Kemerdekaan; 25 Aug Maulid; 24 Dec cuti Natal; 25 Dec Natal.
  2027: 1 Jan Tahun Baru; 5 Jan Isra Mikraj; ...
"""

from __future__ import annotations

from datetime import date

import pytest

from core.calendar import CalendarCoverageError, calendar_for_years
from core.deadlines import (
    ApbdDates,
    JenisTenggat,
    Tenggat,
    add_months,
    deadline_for,
    deadlines_for_year,
    format_table,
    format_tanggal,
)
from core.holiday_source import HolidayOverride

CAL = calendar_for_years([2026, 2027])
D2026 = deadlines_for_year(2026, CAL)


def _get(jenis: JenisTenggat, periode: str, items: list[Tenggat] = D2026) -> Tenggat:
    found = [t for t in items if t.jenis is jenis and t.periode == periode]
    assert len(found) == 1, (jenis, periode)
    return found[0]


# ----------------------------------------------------------------------------- Pasal 15(4) bulanan


def test_pasal_15_4_januari_2026_contract() -> None:
    """Pasal 15(4): 5th working day of February 2026.

    Feb 2026: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6 -> no holidays (Imlek is 16-17 Feb) -> 6 Feb.
    """
    t = _get(JenisTenggat.BULANAN, "2026-01")
    assert t.tenggat == date(2026, 2, 6)
    assert t.dasar_hukum == "Pergub 17/2023 Pasal 15(4)"
    assert t.uraian == "Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan Januari 2026"


def test_pasal_15_4_februari_2026() -> None:
    """March 2026: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6 -> 6 Mar.

    The Nyepi / Idul Fitri block (18, 19, 20, 23, 24 Mar) comes after the 5th working day.
    """
    assert _get(JenisTenggat.BULANAN, "2026-02").tenggat == date(2026, 3, 6)


def test_pasal_15_4_maret_2026() -> None:
    """April 2026: Wed 1 (1), Thu 2 (2), Fri 3 = Wafat Yesus Kristus, Mon 6 (3), Tue 7 (4),
    Wed 8 (5) -> 8 Apr."""
    assert _get(JenisTenggat.BULANAN, "2026-03").tenggat == date(2026, 4, 8)


def test_pasal_15_4_april_2026() -> None:
    """May 2026: Fri 1 = Hari Buruh; Mon 4 (1) .. Fri 8 (5) -> 8 May (14/15 May come later)."""
    assert _get(JenisTenggat.BULANAN, "2026-04").tenggat == date(2026, 5, 8)


def test_pasal_15_4_mei_2026() -> None:
    """June 2026: Mon 1 = Hari Lahir Pancasila; Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4),
    Mon 8 (5) -> 8 Jun."""
    assert _get(JenisTenggat.BULANAN, "2026-05").tenggat == date(2026, 6, 8)


def test_pasal_15_4_desember_2026_due_in_january_2027() -> None:
    """January 2027: Fri 1 = Tahun Baru; Mon 4 (1); Tue 5 = Isra Mikraj; Wed 6 (2), Thu 7 (3),
    Fri 8 (4), Mon 11 (5) -> 11 Jan 2027."""
    assert _get(JenisTenggat.BULANAN, "2026-12").tenggat == date(2027, 1, 11)


def test_pasal_15_4_other_months_2026() -> None:
    """No holidays in the first working week: Jul 1,2,3,6,7; Aug 3-7; Sep 1,2,3,4,7;
    Oct 1,2,5,6,7; Nov 2-6; Dec 1,2,3,4,7."""
    expected = {
        "2026-06": date(2026, 7, 7),
        "2026-07": date(2026, 8, 7),
        "2026-08": date(2026, 9, 7),
        "2026-09": date(2026, 10, 7),
        "2026-10": date(2026, 11, 6),
        "2026-11": date(2026, 12, 7),
    }
    for periode, tenggat in expected.items():
        assert _get(JenisTenggat.BULANAN, periode).tenggat == tenggat, periode


# ----------------------------------------------------------------------------- Pasal 15(3) b


def test_pasal_15_3_b_triwulan_i_2026() -> None:
    """14th working day after Tue 31 Mar 2026. April: 1 (1), 2 (2), 3 = Wafat Yesus Kristus,
    6-10 (3-7), 13-17 (8-12), 20 (13), 21 (14) -> Tue 21 Apr."""
    t = _get(JenisTenggat.TRIWULANAN, "2026-Q1")
    assert t.tenggat == date(2026, 4, 21)
    assert t.dasar_hukum == "Pergub 17/2023 Pasal 15(3) huruf b"


def test_pasal_15_3_b_triwulan_ii_2026() -> None:
    """After Tue 30 Jun 2026; July has no holidays: 1-3 (1-3), 6-10 (4-8), 13-17 (9-13),
    20 (14) -> Mon 20 Jul."""
    assert _get(JenisTenggat.TRIWULANAN, "2026-Q2").tenggat == date(2026, 7, 20)


def test_pasal_15_3_b_triwulan_iii_2026() -> None:
    """After Wed 30 Sep 2026; October has no holidays: 1-2 (1-2), 5-9 (3-7), 12-16 (8-12),
    19 (13), 20 (14) -> Tue 20 Oct."""
    assert _get(JenisTenggat.TRIWULANAN, "2026-Q3").tenggat == date(2026, 10, 20)


def test_pasal_15_3_b_triwulan_iv_2026() -> None:
    """After Thu 31 Dec 2026. January 2027: 1 = Tahun Baru, 4 (1), 5 = Isra Mikraj, 6-8 (2-4),
    11-15 (5-9), 18-22 (10-14) -> Fri 22 Jan 2027."""
    assert _get(JenisTenggat.TRIWULANAN, "2026-Q4").tenggat == date(2027, 1, 22)


# ----------------------------------------------------------------------------- Pasal 15(3) a


def test_pasal_15_3_a_tahunan_is_31_january_calendar_date() -> None:
    """ "paling lambat 1 (satu) bulan setelah tahun berkenaan berakhir": one calendar month after
    31 Dec 2026 = 31 Jan 2027. It is a Sunday and is deliberately NOT shifted (calendar period)."""
    t = _get(JenisTenggat.TAHUNAN, "2026")
    assert t.tenggat == date(2027, 1, 31)
    assert t.tenggat.weekday() == 6
    assert t.dasar_hukum == "Pergub 17/2023 Pasal 15(3) huruf a"


# ----------------------------------------------------------------------------- overrides


def test_new_cuti_bersama_moves_monthly_deadline_by_one_working_day() -> None:
    """Pasal 15(4) with a locally added cuti bersama on Wed 4 Feb 2026:
    Feb: 2 (1), 3 (2), 4 off, 5 (3), 6 (4), 9 (5) -> Mon 9 Feb instead of Fri 6 Feb."""
    cal = calendar_for_years(
        [2026, 2027], [HolidayOverride(date(2026, 2, 4), True, "Cuti bersama tambahan")]
    )
    assert deadline_for(JenisTenggat.BULANAN, "2026-01", cal).tenggat == date(2026, 2, 9)


def test_removed_holiday_moves_monthly_deadline_earlier() -> None:
    """Pasal 15(4), December 2026 with Isra Mikraj (Tue 5 Jan 2027) removed:
    Jan 2027: 4 (1), 5 (2), 6 (3), 7 (4), 8 (5) -> Fri 8 Jan instead of Mon 11 Jan."""
    cal = calendar_for_years([2026, 2027], [HolidayOverride(date(2027, 1, 5), False, "Batal")])
    assert deadline_for(JenisTenggat.BULANAN, "2026-12", cal).tenggat == date(2027, 1, 8)


# ----------------------------------------------------------------------------- APBD (Pasal 8-11)

APBD = ApbdDates(tahun=2026, apbd=date(2025, 12, 15), apbd_perubahan=date(2026, 8, 14))


def test_pasal_8_to_11_apbd_deadlines() -> None:
    """APBD 2026 ditetapkan Mon 15 Dec 2025.

    Pasal 8(4) PK "1 (satu) bulan sejak", Pasal 9(2) KKL and 10(2) KAK "1 (satu) bulan setelah"
    -> 15 Jan 2026. Pasal 11(2) ROPP "30 (tiga puluh) hari kalender": 16 days left in December
    (16..31) + 14 -> 14 Jan 2026.
    """
    items = deadlines_for_year(2026, calendar_for_years([2025, 2026, 2027]), APBD)
    assert _get(JenisTenggat.PK, "2026", items).tenggat == date(2026, 1, 15)
    assert _get(JenisTenggat.KKL, "2026", items).tenggat == date(2026, 1, 15)
    assert _get(JenisTenggat.KAK, "2026", items).tenggat == date(2026, 1, 15)
    ropp = _get(JenisTenggat.ROPP, "2026", items)
    assert ropp.tenggat == date(2026, 1, 14)
    assert ropp.dasar_hukum == "Pergub 17/2023 Pasal 11(2)"
    assert "15 Desember 2025" in ropp.uraian


def test_pasal_8_to_11_apbd_perubahan_deadlines() -> None:
    """APBD-Perubahan 2026 ditetapkan Fri 14 Aug 2026.

    Pasal 8(5) PK and 10(3) KAK, "10 (sepuluh) hari kerja": Mon 17 Aug = Kemerdekaan;
    18-21 (1-4), 24 (5), Tue 25 = Maulid Nabi, 26-28 (6-8), 31 (9), Tue 1 Sep (10) -> 1 Sep.
    Pasal 9(3) KKL "10 (sepuluh) hari sejak" and 11(3) ROPP "10 (sepuluh) hari setelah": plain
    "hari" = calendar days -> 24 Aug.
    """
    items = deadlines_for_year(2026, CAL, APBD)
    assert _get(JenisTenggat.PK_PERUBAHAN, "2026", items).tenggat == date(2026, 9, 1)
    assert _get(JenisTenggat.KAK_PERUBAHAN, "2026", items).tenggat == date(2026, 9, 1)
    assert _get(JenisTenggat.KKL_PERUBAHAN, "2026", items).tenggat == date(2026, 8, 24)
    assert _get(JenisTenggat.ROPP_PERUBAHAN, "2026", items).tenggat == date(2026, 8, 24)
    assert _get(JenisTenggat.PK_PERUBAHAN, "2026", items).dasar_hukum == (
        "Pergub 17/2023 Pasal 8(5)"
    )


def test_one_month_clamps_to_end_of_month() -> None:
    """Pasal 8(4): APBD set 31 Jan 2026 -> 28 Feb 2026 (no 31 Feb); ROPP +30 days -> 2 Mar."""
    apbd = ApbdDates(2026, date(2026, 1, 31), None)
    assert deadline_for(JenisTenggat.PK, "2026", CAL, apbd).tenggat == date(2026, 2, 28)
    assert deadline_for(JenisTenggat.ROPP, "2026", CAL, apbd).tenggat == date(2026, 3, 2)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)


def test_only_set_apbd_dates_produce_deadlines() -> None:
    items = deadlines_for_year(2026, CAL, ApbdDates(2026, date(2025, 12, 15), None))
    kinds = {t.jenis for t in items}
    assert JenisTenggat.PK in kinds and JenisTenggat.ROPP in kinds
    assert not any(j.is_perubahan for j in kinds)
    assert len(items) == 17 + 4


def test_apbd_errors() -> None:
    with pytest.raises(ValueError):
        deadline_for(JenisTenggat.PK, "2026", CAL)  # no APBD
    with pytest.raises(ValueError):
        deadline_for(
            JenisTenggat.PK_PERUBAHAN, "2026", CAL, ApbdDates(2026, date(2025, 12, 1), None)
        )
    with pytest.raises(ValueError):
        deadline_for(JenisTenggat.PK, "2027", CAL, APBD)  # year mismatch
    with pytest.raises(ValueError):
        deadlines_for_year(2027, calendar_for_years([2027, 2028]), APBD)


# ----------------------------------------------------------------------------- list shape


def test_list_covers_12_months_4_quarters_and_the_year() -> None:
    bulanan = [t.periode for t in D2026 if t.jenis is JenisTenggat.BULANAN]
    triwulanan = [t.periode for t in D2026 if t.jenis is JenisTenggat.TRIWULANAN]
    tahunan = [t.periode for t in D2026 if t.jenis is JenisTenggat.TAHUNAN]
    assert sorted(bulanan) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert sorted(triwulanan) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert tahunan == ["2026"]
    assert len(D2026) == 17


def test_list_is_sorted_by_tenggat_then_jenis() -> None:
    items = deadlines_for_year(2026, CAL, APBD)
    keys = [(t.tenggat, list(JenisTenggat).index(t.jenis)) for t in items]
    assert keys == sorted(keys)
    # Same date 24 Aug: KKL_PERUBAHAN is declared before ROPP_PERUBAHAN.
    same_day = [t.jenis for t in items if t.tenggat == date(2026, 8, 24)]
    assert same_day == [JenisTenggat.KKL_PERUBAHAN, JenisTenggat.ROPP_PERUBAHAN]


def test_deadline_for_matches_list() -> None:
    for t in D2026:
        assert deadline_for(t.jenis, t.periode, CAL) == t


def test_deadline_for_rejects_bad_periode() -> None:
    for jenis, periode in [
        (JenisTenggat.BULANAN, "2026-13"),
        (JenisTenggat.BULANAN, "2026-1"),
        (JenisTenggat.TRIWULANAN, "2026-Q5"),
        (JenisTenggat.TRIWULANAN, "2026-01"),
        (JenisTenggat.TAHUNAN, "2026-01"),
    ]:
        with pytest.raises(ValueError):
            deadline_for(jenis, periode, CAL)


def test_calendar_must_cover_next_year() -> None:
    """December and Q4 are due in January of the next year; a one-year calendar is refused."""
    with pytest.raises(CalendarCoverageError):
        deadlines_for_year(2026, calendar_for_years([2026]))


def test_jenis_values_are_stable() -> None:
    assert JenisTenggat.BULANAN.value == "bulanan"
    assert JenisTenggat.TRIWULANAN.value == "triwulanan"
    assert JenisTenggat.TAHUNAN.value == "tahunan"
    assert JenisTenggat("pk_perubahan") is JenisTenggat.PK_PERUBAHAN


def test_to_json_keys_and_values() -> None:
    j = _get(JenisTenggat.BULANAN, "2026-01").to_json()
    assert {"jenis", "periode", "tenggat", "dasar_hukum", "uraian"} <= set(j)
    assert j["jenis"] == "bulanan"
    assert j["periode"] == "2026-01"
    assert j["tenggat"] == "2026-02-06"
    assert j["tenggat_teks"] == "Jumat, 6 Februari 2026"
    assert all(isinstance(v, str) for v in j.values())


def test_periode_labels() -> None:
    assert _get(JenisTenggat.BULANAN, "2026-03").periode_label == "Maret 2026"
    assert _get(JenisTenggat.TRIWULANAN, "2026-Q4").periode_label == "Triwulan IV 2026"
    assert _get(JenisTenggat.TAHUNAN, "2026").periode_label == "2026"


# ----------------------------------------------------------------------------- formatting


def test_format_tanggal_indonesian() -> None:
    assert format_tanggal(date(2026, 2, 6)) == "Jumat, 6 Februari 2026"
    assert format_tanggal(date(2027, 1, 31)) == "Minggu, 31 Januari 2027"
    assert format_tanggal(date(2026, 8, 17)) == "Senin, 17 Agustus 2026"


def test_format_table() -> None:
    text = format_table(D2026)
    lines = text.splitlines()
    assert lines[0].split(" | ")[0].strip() == "Jenis"
    assert "Dasar hukum" in lines[0]
    assert len(lines) == 2 + len(D2026)
    assert "Jumat, 6 Februari 2026" in text
    assert "Pergub 17/2023 Pasal 15(4)" in text
    assert "(tidak ada tenggat)" in format_table([])
