"""Reminder planner (core.pengingat), simulated day by day against a hand-written table.

Legal basis: Pergub Banten 17/2023 Pasal 15(4) (monthly sub kegiatan report by the 5th working day
of the next month) and Pasal 15(3) huruf b (quarterly program/sasaran report by the 14th working day
after the quarter). Calendar 2026: 1 Jan, 16 Jan, 16-17 Feb, 18-24 Mar and 3 Apr are holidays.

Tiny province: PD1 with Ani (NIP A) and Budi (NIP B), each penanggung jawab of one sub kegiatan,
and their atasan Kabid (NIP K), penanggung jawab of one program indicator (P1#1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import calendar_for_years
from core.cascade import Pejabat
from core.deadlines import ApbdDates, JenisTenggat, deadlines_for_year
from core.holiday_source import HolidayOverride
from core.pengingat import (
    ATASAN,
    BAPPEDA,
    BATAS_TEKS,
    DIGEST,
    MINGGUAN,
    TERLAMBAT,
    KonfigurasiPengingat,
    Pengingat,
    jadwal_tahap,
    pecah_teks,
    rencana_pengingat,
    tahap_relevan,
)
from core.ports_pengingat import Kewajiban, TindakLanjutKendala
from core.services_dokumen import kepala_pd, kewajiban_dokumen
from core.services_kirim import kunci_pesan, pesan_dari_pengingat, tombol_lapor

J = JenisTenggat
CAL = calendar_for_years([2025, 2026, 2027])
KEWAJIBAN = [
    Kewajiban(J.BULANAN, 2026, "SK-1", "Sub Kegiatan Satu", "A", "PD1"),
    Kewajiban(J.BULANAN, 2026, "SK-2", "Sub Kegiatan Dua", "B", "PD1"),
    Kewajiban(J.TRIWULANAN, 2026, "P1#1", "Indikator Program Satu", "K", "PD1"),
    Kewajiban(J.TAHUNAN, 2026, "P1#1", "Indikator Program Satu", "K", "PD1"),
]
PEJABAT = {
    "A": Pejabat("A", "Ani", "Kepala Sub Bagian", "IV.a", "PD1", "K"),
    "B": Pejabat("B", "Budi", "Kepala Seksi", "IV.a", "PD1", "K"),
    "K": Pejabat("K", "Kabid", "Kepala Bidang", "III.a", "PD1"),
}


def tenggat(cal=CAL):
    return deadlines_for_year(2025, cal) + deadlines_for_year(2026, cal)


def simulate(start, end, reports, cal=CAL, config=None, susulan=False):
    """Run the planner for every day; {day: [(penerima, tahap, [kode...]), ...]} for days with mail."""
    out: dict[date, list[tuple[str, str, list[str]]]] = {}
    tt = tenggat(cal)
    d = start
    while d <= end:
        plan = rencana_pengingat(d, cal, tt, KEWAJIBAN, reports, PEJABAT, config, susulan=susulan)
        if plan:
            out[d] = [(p.penerima_nip, p.tahap, [i.kode for i in p.items]) for p in plan]
        d += timedelta(days=1)
    return out


def plan_on(d, reports, cal=CAL, config=None, susulan=False) -> list[Pengingat]:
    return rencana_pengingat(
        d, cal, tenggat(cal), KEWAJIBAN, reports, PEJABAT, config, susulan=susulan
    )


# Reports: (periode, kode) -> WIB date first reported.
REPORTS_JAN_FEB = {
    ("2026-01", "SK-1"): date(2026, 2, 4),  # Ani: between H-3 (3 Feb) and H-1 (5 Feb)
    ("2026-01", "SK-2"): date(2026, 2, 11),  # Budi: late, after H+1 (9 Feb)
}

# Hand-written expectation, January - February 2026. January 2026 report (Pasal 15(4)): tenggat
# = 5th working day of February = Fri 6 Feb. H-3 Tue 3 Feb, H-1 Thu 5 Feb, H Fri 6 Feb, H+1 Mon 9 Feb.
# Weekly summary on Mondays; 16-17 Feb are holidays so week 8's summary goes on Wed 18 Feb. No
# reminders at all in January: there is no 2025 cascade, and nothing of 2026 is due yet.
EXPECTED_JAN_FEB = {
    date(2026, 2, 3): [("A", "h-3", ["SK-1"]), ("B", "h-3", ["SK-2"])],
    # 4 Feb: Ani reports -> she gets no H-1 and no H.
    date(2026, 2, 5): [("B", "h-1", ["SK-2"])],
    date(2026, 2, 6): [("B", "h", ["SK-2"])],
    date(2026, 2, 9): [
        ("B", TERLAMBAT, ["SK-2"]),
        ("K", ATASAN, ["SK-2"]),
        (BAPPEDA, DIGEST, ["SK-2"]),
        (BAPPEDA, MINGGUAN, ["SK-1", "SK-2"]),
    ],
    date(2026, 2, 10): [(BAPPEDA, DIGEST, ["SK-2"])],
    # 11 Feb: Budi reports (late) -> the daily digest stops.
    date(2026, 2, 18): [(BAPPEDA, MINGGUAN, ["SK-1", "SK-2"])],
    date(2026, 2, 23): [(BAPPEDA, MINGGUAN, ["SK-1", "SK-2"])],
}


def test_simulated_january_february_matches_table():
    got = simulate(date(2026, 1, 1), date(2026, 2, 28), REPORTS_JAN_FEB)
    assert got == EXPECTED_JAN_FEB


def test_no_reminders_on_weekends_and_holidays():
    reports: dict[tuple[str, str], date] = {}  # nobody ever reports: digest every working day
    got = simulate(date(2026, 1, 1), date(2026, 4, 30), reports)
    assert got
    for d in got:
        assert CAL.is_working_day(d), d
    # the daily digest runs on every working day after the first deadline, and on no other day
    digest_days = {d for d, msgs in got.items() if any(t == DIGEST for _, t, _ in msgs)}
    d, expected = date(2026, 2, 7), set()
    while d <= date(2026, 4, 30):
        if CAL.is_working_day(d):
            expected.add(d)
        d += timedelta(days=1)
    assert digest_days == expected
    assert date(2026, 2, 16) not in got and date(2026, 2, 17) not in got  # Imlek
    assert not any(date(2026, 3, 18) <= d <= date(2026, 3, 24) for d in got)  # Nyepi, Idul Fitri


def test_weekly_summary_statuses():
    plan = {p.tahap: p for p in plan_on(date(2026, 2, 18), REPORTS_JAN_FEB)}
    rekap = {i.kode: (i.status, i.dilaporkan_pada) for i in plan[MINGGUAN].items}
    assert rekap == {
        "SK-1": ("tepat_waktu", date(2026, 2, 4)),
        "SK-2": ("terlambat", date(2026, 2, 11)),
    }
    assert "tepat waktu 1, terlambat 1, belum melapor 0" in plan[MINGGUAN].pesan
    assert plan[MINGGUAN].kunci == "BAPPEDA|mingguan|2026-W08"


def test_report_between_h3_and_h1_suppresses_h1():
    only_b_late = {("2026-01", "SK-1"): date(2026, 2, 4)}
    h1 = plan_on(date(2026, 2, 5), only_b_late)
    assert [(p.penerima_nip, p.tahap) for p in h1] == [("B", "h-1")]
    # without the report, both get the H-1
    assert [(p.penerima_nip, p.tahap) for p in plan_on(date(2026, 2, 5), {})] == [
        ("A", "h-1"),
        ("B", "h-1"),
    ]
    # a report dated later than the day does not count yet
    assert len(plan_on(date(2026, 2, 3), only_b_late)) == 2


# Q1 2026 (Pasal 15(3) huruf b): quarter ends Tue 31 Mar; 14 working days after (3 Apr is Good
# Friday) = Tue 21 Apr. H-3 Thu 16 Apr, H-1 Mon 20 Apr, H Tue 21 Apr, H+1 Wed 22 Apr. Kabid has no
# atasan, so no atasan notice. Monthly reports come in on time (before their H-3), January's on
# time too, so besides Kabid only the weekly summary (first working day of each week; 23-24 Mar
# are cuti bersama / holidays -> Wed 25 Mar) and, after 21 Apr, the daily digest appear.
REPORTS_Q1 = {
    ("2026-01", "SK-1"): date(2026, 2, 2),
    ("2026-01", "SK-2"): date(2026, 2, 2),
    ("2026-02", "SK-1"): date(2026, 3, 2),
    ("2026-02", "SK-2"): date(2026, 3, 2),
    ("2026-03", "SK-1"): date(2026, 4, 1),
    ("2026-03", "SK-2"): date(2026, 4, 1),
}
_W = (BAPPEDA, MINGGUAN)
_DG = (BAPPEDA, DIGEST, ["P1#1"])
EXPECTED_MAR_APR = {
    date(2026, 3, 2): [_W],
    date(2026, 3, 9): [_W],
    date(2026, 3, 16): [_W],
    date(2026, 3, 25): [_W],
    date(2026, 3, 30): [_W],
    date(2026, 4, 6): [_W],
    date(2026, 4, 13): [_W],
    date(2026, 4, 16): [("K", "h-3", ["P1#1"])],
    date(2026, 4, 20): [("K", "h-1", ["P1#1"]), _W],
    date(2026, 4, 21): [("K", "h", ["P1#1"])],
    date(2026, 4, 22): [("K", TERLAMBAT, ["P1#1"]), _DG],
    date(2026, 4, 23): [_DG],
    date(2026, 4, 24): [_DG],
    date(2026, 4, 27): [_DG, _W],
    date(2026, 4, 28): [_DG],
    date(2026, 4, 29): [_DG],
    date(2026, 4, 30): [_DG],
}


def test_simulated_quarter_q1_matches_table():
    got = simulate(date(2026, 3, 1), date(2026, 4, 30), REPORTS_Q1)
    short = {d: [m if m[1] != MINGGUAN else m[:2] for m in msgs] for d, msgs in got.items()}
    assert short == EXPECTED_MAR_APR
    q1 = plan_on(date(2026, 4, 16), REPORTS_Q1)[0]
    assert q1.items[0].jenis is J.TRIWULANAN and q1.items[0].tenggat == date(2026, 4, 21)
    assert "Triwulan I 2026" in q1.pesan and "Pasal 15(3) huruf b" in q1.pesan


def test_cuti_bersama_override_moves_the_reminders():
    # A cuti bersama on Fri 6 Feb 2026: the 5th working day of February becomes Mon 9 Feb, so H
    # moves from 6 to 9 Feb and H+1 from 9 to 10 Feb. H-3 (Tue 3 Feb) and H-1 (Thu 5 Feb) are the
    # 3rd and 1st working day before the new H: the same days, but for the new deadline.
    cal = calendar_for_years(
        [2025, 2026, 2027], [HolidayOverride(date(2026, 2, 6), True, "Cuti bersama (contoh)")]
    )
    assert [d for _, d in jadwal_tahap(date(2026, 2, 9), cal, KonfigurasiPengingat())] == [
        date(2026, 2, 3),
        date(2026, 2, 5),
        date(2026, 2, 9),
        date(2026, 2, 10),
    ]
    got = simulate(date(2026, 2, 1), date(2026, 2, 12), {}, cal=cal)
    assert {d: [(n, t) for n, t, _ in m] for d, m in got.items()} == {
        date(2026, 2, 3): [("A", "h-3"), ("B", "h-3")],
        date(2026, 2, 5): [("A", "h-1"), ("B", "h-1")],
        date(2026, 2, 9): [("A", "h"), ("B", "h")],
        date(2026, 2, 10): [("A", TERLAMBAT), ("B", TERLAMBAT), ("K", ATASAN), (BAPPEDA, DIGEST)],
        date(2026, 2, 11): [(BAPPEDA, DIGEST)],
        date(2026, 2, 12): [(BAPPEDA, DIGEST)],
    }
    # the deadline is part of the idempotency key, so moved reminders are not taken for sent ones
    moved = plan_on(date(2026, 2, 9), {}, cal=cal)[0]
    assert moved.items[0].kunci == "A|bulanan|2026-01|SK-1|2026-02-09|h"


def test_tahap_relevan_catch_up_rule():
    t = date(2026, 2, 6)
    got = {
        d: tahap_relevan(d, t, CAL)
        for d in (date(2026, 2, 2) + timedelta(days=i) for i in range(9))
    }
    assert got == {
        date(2026, 2, 2): None,  # before H-3
        date(2026, 2, 3): "h-3",
        date(2026, 2, 4): "h-3",  # still the H-3 window
        date(2026, 2, 5): "h-1",  # a missed H-3 is not sent any more
        date(2026, 2, 6): "h",
        date(2026, 2, 7): None,  # Saturday
        date(2026, 2, 8): None,
        date(2026, 2, 9): TERLAMBAT,
        date(2026, 2, 10): None,  # overdue notice only relevant on H+1 by default
    }
    longer = KonfigurasiPengingat(susulan_terlambat_hari_kerja=2)
    assert tahap_relevan(date(2026, 2, 10), t, CAL, longer) == TERLAMBAT
    assert tahap_relevan(date(2026, 2, 11), t, CAL, longer) is None


def test_catch_up_run_sends_only_the_latest_relevant_stage():
    # down on 3 Feb (H-3); the catch-up run on 4 Feb still sends H-3, on 5 Feb only H-1
    assert [(p.penerima_nip, p.tahap) for p in plan_on(date(2026, 2, 4), {})] == []
    assert [(p.penerima_nip, p.tahap) for p in plan_on(date(2026, 2, 4), {}, susulan=True)] == [
        ("A", "h-3"),
        ("B", "h-3"),
    ]
    catch_up = plan_on(date(2026, 2, 5), {}, susulan=True)
    assert [(p.penerima_nip, p.tahap) for p in catch_up] == [("A", "h-1"), ("B", "h-1")]
    # a catch-up run on the scheduled day is the normal run
    assert plan_on(date(2026, 2, 5), {}, susulan=True) == plan_on(date(2026, 2, 5), {})


def test_annual_deadline_on_a_sunday():
    # Pasal 15(3) huruf a: 31 January 2027 (Sunday), not moved; H is Fri 29 Jan, H+1 Mon 1 Feb.
    jadwal = dict(jadwal_tahap(date(2027, 1, 31), CAL, KonfigurasiPengingat()))
    assert jadwal == {
        "h-3": date(2027, 1, 26),
        "h-1": date(2027, 1, 28),
        "h": date(2027, 1, 29),
        TERLAMBAT: date(2027, 2, 1),
    }
    p = rencana_pengingat(
        date(2027, 1, 29), CAL, deadlines_for_year(2026, CAL), KEWAJIBAN, {}, PEJABAT
    )
    assert [(x.penerima_nip, x.tahap, x.items[0].jenis) for x in p if x.penerima_nip == "K"] == [
        ("K", "h", J.TAHUNAN)
    ]
    assert "hari kerja terakhir sebelum tenggat" in p[0].pesan


def test_one_message_per_person_lists_all_missing_items():
    kewajiban = [*KEWAJIBAN, Kewajiban(J.BULANAN, 2026, "SK-3", "Sub Kegiatan Tiga", "A", "PD1")]
    p = rencana_pengingat(
        date(2026, 2, 3),
        CAL,
        tenggat(),
        kewajiban,
        {("2026-01", "SK-1"): date(2026, 2, 1)},
        PEJABAT,
    )
    assert [(x.penerima_nip, [i.kode for i in x.items]) for x in p] == [
        ("A", ["SK-3"]),
        ("B", ["SK-2"]),
    ]
    both = rencana_pengingat(date(2026, 2, 3), CAL, tenggat(), kewajiban, {}, PEJABAT)
    assert [i.kode for i in both[0].items] == ["SK-1", "SK-3"]
    assert "1. Laporan Bulanan Januari 2026: Sub Kegiatan Satu [SK-1]" in both[0].pesan
    assert "2. Laporan Bulanan Januari 2026: Sub Kegiatan Tiga [SK-3]" in both[0].pesan
    assert both[0].pesan.startswith("Yth. Ani,")


def test_idempotency_keys_are_stable_and_item_specific():
    a = plan_on(date(2026, 2, 3), {})
    b = plan_on(date(2026, 2, 3), {})
    assert [p.kunci for p in a] == [p.kunci for p in b]
    assert a[0].kunci.startswith("A|h-3|") and a[0].kunci != a[1].kunci
    assert a[0].items[0].kunci == "A|bulanan|2026-01|SK-1|2026-02-06|h-3"
    h1 = plan_on(date(2026, 2, 5), {})
    assert h1[0].kunci != a[0].kunci
    atasan = [p for p in plan_on(date(2026, 2, 9), {}) if p.tahap == ATASAN][0]
    assert [i.kunci for i in atasan.items] == [
        "K|bulanan|2026-01|SK-1|2026-02-06|atasan",
        "K|bulanan|2026-01|SK-2|2026-02-06|atasan",
    ]
    assert "Ani (NIP A)" in atasan.pesan and "Budi (NIP B)" in atasan.pesan
    assert plan_on(date(2026, 2, 9), {})[-2].kunci == "BAPPEDA|digest|2026-02-09"


def test_configurable_stages_and_non_working_days():
    cfg = KonfigurasiPengingat(tahap_hari_kerja=(5, 2, 0))
    assert [t for t, _ in jadwal_tahap(date(2026, 2, 6), CAL, cfg)] == [
        "h-5",
        "h-2",
        "h",
        TERLAMBAT,
    ]
    assert [(p.penerima_nip, p.tahap) for p in plan_on(date(2026, 1, 30), {}, config=cfg)] == [
        ("A", "h-5"),
        ("B", "h-5"),
    ]
    # sending on every day: stages count calendar days and H+1 is Saturday 7 Feb
    setiap_hari = KonfigurasiPengingat(hanya_hari_kerja=False)
    assert dict(jadwal_tahap(date(2026, 2, 6), CAL, setiap_hari))[TERLAMBAT] == date(2026, 2, 7)
    sabtu = plan_on(date(2026, 2, 7), {}, config=setiap_hari)
    assert [(p.penerima_nip, p.tahap) for p in sabtu][:3] == [
        ("A", TERLAMBAT),
        ("B", TERLAMBAT),
        ("K", ATASAN),
    ]
    assert plan_on(date(2026, 2, 7), {}) == []
    with pytest.raises(ValueError):
        KonfigurasiPengingat(tahap_hari_kerja=(-1,))


def test_json_shape():
    p = plan_on(date(2026, 2, 3), {})[0].to_json()
    assert set(p) == {
        "tanggal",
        "penerima_nip",
        "penerima_nama",
        "tahap",
        "kunci",
        "items",
        "pesan",
    }
    assert p["items"][0]["tenggat"] == "2026-02-06" and p["items"][0]["jenis"] == "bulanan"


_DAYS_2026 = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
_REPORTS = st.dictionaries(
    st.tuples(
        st.sampled_from([f"2026-{m:02d}" for m in range(1, 13)] + ["2026-Q1", "2026-Q2"]),
        st.sampled_from(["SK-1", "SK-2", "P1#1"]),
    ),
    _DAYS_2026,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(day=_DAYS_2026, reports=_REPORTS)
def test_property_nobody_is_reminded_of_what_they_reported(day, reports):
    plan = plan_on(day, reports)
    if not CAL.is_working_day(day):
        assert plan == []
    kunci = [p.kunci for p in plan]
    assert len(kunci) == len(set(kunci))
    for p in plan:
        if p.tahap == MINGGUAN:
            continue
        for i in p.items:
            pada = reports.get((i.periode, i.kode))
            assert pada is None or pada > day, (p.tahap, i)
        if p.tahap != DIGEST:
            assert len({i.kunci for i in p.items}) == len(p.items)


@settings(max_examples=15, deadline=None)
@given(reports=_REPORTS)
def test_property_an_item_stage_is_never_planned_twice(reports):
    seen: set[str] = set()
    d = date(2026, 1, 1)
    while d <= date(2026, 6, 30):
        for p in plan_on(d, reports):
            if p.tahap in (DIGEST, MINGGUAN):
                continue
            for i in p.items:
                assert i.kunci not in seen, (d, i.kunci)
                seen.add(i.kunci)
        d += timedelta(days=1)


# ----------------------------------------------------------------------------- long messages


def test_pecah_teks_splits_at_line_ends_under_the_limit():
    assert pecah_teks("pendek") == ["pendek"]
    teks = "\n".join(f"baris {i:04d} " + "x" * 40 for i in range(300))
    parts = pecah_teks(teks, 1000)
    assert all(len(p) <= 1000 for p in parts) and len(parts) > 1
    assert "\n".join(parts) == teks  # nothing lost, split only at line ends
    panjang = "y" * 2500  # a single line longer than the limit is cut hard
    assert pecah_teks(panjang, 1000) == ["y" * 1000, "y" * 1000, "y" * 500]


def _provinsi(n_pd: int, per_pd: int):
    kewajiban, pejabat = [], {}
    for p in range(n_pd):
        for s in range(per_pd):
            nip = f"N{p:02d}{s % 5}"
            pejabat[nip] = Pejabat(nip, f"Pejabat {p}-{s % 5}", "Kasi", "IV.a", f"PD{p:02d}")
            kewajiban.append(
                Kewajiban(
                    J.BULANAN,
                    2026,
                    f"SK-{p:02d}-{s:03d}",
                    f"Sub Kegiatan {p}-{s}",
                    nip,
                    f"PD{p:02d}",
                )
            )
    return kewajiban, pejabat


def test_digest_of_the_demo_size_fits_one_telegram_message():
    # ~1,500 overdue items in 43 PD (the demo data): the full list would be far over 4096
    # characters, so Bappeda gets the counts per PD (who, how many, which report).
    kewajiban, pejabat = _provinsi(43, 35)
    plan = rencana_pengingat(date(2026, 2, 10), CAL, tenggat(), kewajiban, {}, pejabat)
    (digest,) = [p for p in plan if p.tahap == DIGEST]
    assert len(digest.items) == 43 * 35
    assert len(digest.pesan) <= BATAS_TEKS
    assert "(1505 laporan)" in digest.pesan
    assert "- Bulanan Januari 2026: 1505" in digest.pesan
    assert "- PD00: 35 / 5" in digest.pesan and "- PD42: 35 / 5" in digest.pesan
    mingguan = [p for p in plan_on(date(2026, 2, 9), {})]
    assert all(len(p.pesan) <= BATAS_TEKS for p in mingguan)
    big = rencana_pengingat(date(2026, 2, 9), CAL, tenggat(), kewajiban, {}, pejabat)
    (w,) = [p for p in big if p.tahap == MINGGUAN]
    assert len(w.pesan) <= BATAS_TEKS and "belum melapor 1505" in w.pesan
    assert "PD00 0/0/35; PD01 0/0/35" in w.pesan


def test_personal_message_parts_and_the_lapor_button():
    kewajiban, pejabat = _provinsi(1, 200)  # 5 people with 40 items each
    (p, *_) = rencana_pengingat(date(2026, 2, 3), CAL, tenggat(), kewajiban, {}, pejabat)
    rows = pesan_dari_pengingat(p, 4242)
    assert len(rows) == 1 or all(len(r.teks) <= BATAS_TEKS for r in rows)
    assert rows[-1].tombol == [
        [{"text": "Laporkan Januari 2026 sekarang", "callback_data": "pl:SK-00-000:2026-01"}]
    ]
    assert rows[0].item_kunci == tuple(i.kunci for i in p.items)
    assert rows[0].kunci == kunci_pesan(p) == f"{p.kunci}|2026-02-03"
    # a callback_data over Telegram's 64 bytes: no button rather than a broken one
    kode = "SK-" + "9" * 60
    panjang = rencana_pengingat(
        date(2026, 2, 3),
        CAL,
        tenggat(),
        [Kewajiban(J.BULANAN, 2026, kode, "Panjang", "A", "PD1")],
        {},
        PEJABAT,
    )
    assert tombol_lapor(panjang[0]) is None
    # without a chat: recorded as failed, never sent
    (tanpa,) = pesan_dari_pengingat(panjang[0], None)
    assert (tanpa.status, tanpa.galat) == ("gagal", "belum menautkan Telegram")


def test_atasan_and_bappeda_messages_have_no_button():
    plan = plan_on(date(2026, 2, 9), {})
    assert {p.tahap: tombol_lapor(p) for p in plan if p.tahap in (ATASAN, DIGEST, MINGGUAN)} == {
        ATASAN: None,
        DIGEST: None,
        MINGGUAN: None,
    }
    assert tombol_lapor(plan[0]) is not None  # Ani's overdue notice


def test_sent_log_items_are_left_out_of_the_plan():
    semua = plan_on(date(2026, 2, 9), {})
    terkirim = {
        "A|bulanan|2026-01|SK-1|2026-02-06|terlambat",
        "K|bulanan|2026-01|SK-1|2026-02-06|atasan",
    }
    plan = rencana_pengingat(
        date(2026, 2, 9), CAL, tenggat(), KEWAJIBAN, {}, PEJABAT, terkirim=terkirim
    )
    assert [(p.penerima_nip, p.tahap, [i.kode for i in p.items]) for p in plan][:3] == [
        ("B", TERLAMBAT, ["SK-2"]),
        ("K", ATASAN, ["SK-2"]),
        (BAPPEDA, DIGEST, ["SK-1", "SK-2"]),  # the digest is per day, never filtered
    ]
    assert len(semua) == len(plan) + 1


# ----------------------------------------------------------------------------- APBD and kendala

# APBD 2026 set Mon 5 Jan 2026 (illustration). Pergub 17/2023 Pasal 11(2): ROPP within 30 calendar
# days -> Wed 4 Feb (H-3 Fri 30 Jan, H-1 Tue 3 Feb, H+1 Thu 5 Feb); Pasal 8(4), 9(2), 10(2): PK,
# KKL, KAK within one month -> Thu 5 Feb (H-3 Mon 2 Feb, H-1 Wed 4 Feb, H+1 Fri 6 Feb). Ani must
# write the ROPP of SK-1 (Budi's is entered already); PK, KKL and KAK are PD1's, answered for by its
# Kepala PD, Kabid (no atasan: the head of PD1; Pergub 17/2023 Pasal 3(2) huruf d, 8(1)).
APBD = ApbdDates(2026, date(2026, 1, 5), None)
KEWAJIBAN_APBD = [
    Kewajiban(J.ROPP, 2026, "SK-1", "Sub Kegiatan Satu", "A", "PD1"),
    Kewajiban(J.ROPP, 2026, "SK-2", "Sub Kegiatan Dua", "B", "PD1"),
    *kewajiban_dokumen(2026, [("PD1", "PD1")], PEJABAT.values()),
]
ROPP_ADA = {("ropp:2026", "SK-2"): date.min}
DOK_PD1 = [("pk", "PD1"), ("kkl", "PD1"), ("kak", "PD1")]


def plan_apbd(d, reports=ROPP_ADA):
    tt = deadlines_for_year(2025, CAL) + deadlines_for_year(2026, CAL, APBD)
    plan = rencana_pengingat(d, CAL, tt, KEWAJIBAN + KEWAJIBAN_APBD, reports, PEJABAT)
    return [(p.penerima_nip, p.tahap, [(i.jenis.value, i.kode) for i in p.items]) for p in plan]


def test_apbd_documents_are_reminded_and_escalated():
    assert plan_apbd(date(2026, 1, 30)) == [("A", "h-3", [("ropp", "SK-1")])]
    assert plan_apbd(date(2026, 2, 2)) == [("K", "h-3", DOK_PD1)]
    # 5 Feb: ROPP of SK-1 is overdue (to Ani and her atasan), PK/KKL/KAK are due today, and the
    # January report's H-1: one message per person, its stage the most urgent one
    five = plan_apbd(date(2026, 2, 5))
    assert five[0] == ("A", TERLAMBAT, [("ropp", "SK-1"), ("bulanan", "SK-1")])  # by deadline
    assert ("K", "h", DOK_PD1) in five
    assert ("K", ATASAN, [("ropp", "SK-1")]) in five
    # 6 Feb (H+1 of PK/KKL/KAK): overdue notice to the Kepala PD (Kabid has no atasan: no atasan
    # message), and the overdue ROPP, PK, KKL and KAK in Bappeda's digest
    six = plan_apbd(date(2026, 2, 6))
    assert ("K", TERLAMBAT, DOK_PD1) in six
    assert not any(t == ATASAN for _, t, _ in six)
    assert (BAPPEDA, DIGEST, [("ropp", "SK-1"), *DOK_PD1]) in six
    # submitted (recorded 6 Feb, late): out of the digest from that day on
    dok = {("pk:2026", "PD1"): date(2026, 2, 6), ("kkl:2026", "PD1"): date(2026, 2, 6)}
    six = plan_apbd(date(2026, 2, 6), {**ROPP_ADA, **dok})
    assert ("K", TERLAMBAT, [("kak", "PD1")]) in six
    assert (BAPPEDA, DIGEST, [("ropp", "SK-1"), ("kak", "PD1")]) in six
    pk = rencana_pengingat(
        date(2026, 2, 2),
        CAL,
        deadlines_for_year(2026, CAL, APBD),
        KEWAJIBAN_APBD,
        ROPP_ADA,
        PEJABAT,
    )[0]
    assert "Pengingat SAKIP: dokumen berikut belum Anda sampaikan:" in pk.pesan
    assert "Perjanjian Kinerja 2026: Perjanjian Kinerja PD1 [PD1], tenggat Kamis, 5 Februari" in (
        pk.pesan
    )
    assert "Pasal 8(4)" in pk.pesan and "Pasal 9(2)" in pk.pesan and "Pasal 10(2)" in pk.pesan
    assert "pengingat berhenti setelah penyerahan tercatat" in pk.pesan
    assert "/lapor" not in pk.pesan  # documents are not reported with /lapor


# ------------------------------------------------- PK, KKL, KAK per PD: a simulated period
# Two PD. PD1's Kepala PD is Kabid (K, no atasan). PD2's Kepala PD is Dewi (D), whose atasan is an
# Asisten Daerah outside any PD (S). APBD 2026 set Mon 5 Jan 2026 -> PK (Pergub 17/2023 Pasal
# 8(4)), KKL (Pasal 9(2)), KAK (Pasal 10(2)) due Thu 5 Feb 2026: H-3 Mon 2 Feb, H-1 Wed 4 Feb,
# H Thu 5 Feb, H+1 Fri 6 Feb. Weekly summary on Mondays. Submissions:
# - PD1: PK, KKL and KAK on Tue 3 Feb (between H-3 and H-1) -> no H-1, H or H+1 for Kabid;
# - PD2: KKL on Thu 5 Feb (day H, on time), PK late on Tue 10 Feb, KAK never.
PEJABAT_DOK = {
    **PEJABAT,
    "D": Pejabat("D", "Dewi", "Kepala Dinas", "II.a", "PD2", "S"),
    "E": Pejabat("E", "Eko", "Sekretaris Dinas", "III.a", "PD2", "D"),
    "S": Pejabat("S", "Asisten Daerah", "Asisten Daerah", "II.a", None),
}
PD_DOK = [("PD1", "PD1"), ("PD2", "PD2")]
SUBMIT_DOK = {
    ("pk:2026", "PD1"): date(2026, 2, 3),
    ("kkl:2026", "PD1"): date(2026, 2, 3),
    ("kak:2026", "PD1"): date(2026, 2, 3),
    ("kkl:2026", "PD2"): date(2026, 2, 5),
    ("pk:2026", "PD2"): date(2026, 2, 10),
}
PK_ = ("pk", "PD1"), ("pk", "PD2")
KKL_ = ("kkl", "PD1"), ("kkl", "PD2")
KAK_ = ("kak", "PD1"), ("kak", "PD2")
EXPECTED_DOKUMEN = {
    date(2026, 2, 2): [("D", "h-3", [PK_[1], KKL_[1], KAK_[1]]), ("K", "h-3", DOK_PD1)],
    # 3 Feb: PD1 submits everything.
    date(2026, 2, 4): [("D", "h-1", [PK_[1], KKL_[1], KAK_[1]])],
    # 5 Feb: PD2 submits its KKL on the day itself: it counts from that day on.
    date(2026, 2, 5): [("D", "h", [PK_[1], KAK_[1]])],
    date(2026, 2, 6): [
        ("D", TERLAMBAT, [PK_[1], KAK_[1]]),
        ("S", ATASAN, [PK_[1], KAK_[1]]),
        (BAPPEDA, DIGEST, [PK_[1], KAK_[1]]),
    ],
    date(2026, 2, 9): [
        (BAPPEDA, DIGEST, [PK_[1], KAK_[1]]),
        (BAPPEDA, MINGGUAN, [PK_[0], KKL_[0], KAK_[0], PK_[1], KKL_[1], KAK_[1]]),
    ],
    # 10 Feb: PD2 submits its PK, late: only the KAK stays in the digest.
    date(2026, 2, 10): [(BAPPEDA, DIGEST, [KAK_[1]])],
    date(2026, 2, 11): [(BAPPEDA, DIGEST, [KAK_[1]])],
    date(2026, 2, 12): [(BAPPEDA, DIGEST, [KAK_[1]])],
    date(2026, 2, 13): [(BAPPEDA, DIGEST, [KAK_[1]])],
}


def plan_dok(d, reports=SUBMIT_DOK) -> list[Pengingat]:
    kewajiban = kewajiban_dokumen(2026, PD_DOK, PEJABAT_DOK.values())
    tt = deadlines_for_year(2026, CAL, APBD)
    pd_nama = {"PD1": "Dinas Satu", "PD2": "Dinas Dua"}
    return rencana_pengingat(d, CAL, tt, kewajiban, reports, PEJABAT_DOK, pd_nama=pd_nama)


def test_kepala_pd_answers_for_the_pds_documents():
    kepala = kepala_pd(PEJABAT_DOK.values())
    assert {pd: p.nip for pd, p in kepala.items()} == {"PD1": "K", "PD2": "D"}
    # two heads by the rule (no atasan in the PD): the higher eselon, then the lower NIP
    dua = [Pejabat("9", "X", "Plt", "III.a", "PD9"), Pejabat("8", "Y", "Kepala", "II.b", "PD9")]
    assert kepala_pd(dua)["PD9"].nip == "8"
    assert kepala_pd([*dua, Pejabat("7", "Z", "Kepala", "II.b", "PD9")])["PD9"].nip == "7"
    got = kewajiban_dokumen(2026, [*PD_DOK, ("PD3", "Tanpa pejabat")], PEJABAT_DOK.values())
    assert {(k.jenis.value, k.kode, k.penanggung_jawab_nip) for k in got} == {
        (j, pd, nip)
        for pd, nip in (("PD1", "K"), ("PD2", "D"))
        for j in ("pk", "pk_perubahan", "kkl", "kkl_perubahan", "kak", "kak_perubahan")
    }


def test_simulated_pk_kkl_kak_period_matches_table():
    got = {}
    d = date(2026, 1, 26)
    while d <= date(2026, 2, 13):
        plan = plan_dok(d)
        if plan:
            got[d] = [
                (p.penerima_nip, p.tahap, [(i.jenis.value, i.kode) for i in p.items]) for p in plan
            ]
        d += timedelta(days=1)
    assert got == EXPECTED_DOKUMEN


def test_pk_kkl_kak_in_digest_atasan_and_weekly_messages():
    h1 = {(p.penerima_nip, p.tahap): p for p in plan_dok(date(2026, 2, 6))}
    digest = h1[(BAPPEDA, DIGEST)].pesan
    assert "Dinas Dua (2):" in digest
    assert (
        "- Dewi: Perjanjian Kinerja 2026: Perjanjian Kinerja PD2 [PD2], "
        "tenggat Kamis, 5 Februari 2026" in digest
    )
    assert "- Dewi: KAK 2026: KAK PD2 [PD2]" in digest
    atasan = h1[("S", ATASAN)].pesan
    assert atasan.startswith("Yth. Asisten Daerah,")
    assert "1. Dewi (NIP D): Perjanjian Kinerja 2026: Perjanjian Kinerja PD2 [PD2]" in atasan
    assert "sudah melewati tenggat" in h1[("D", TERLAMBAT)].pesan
    assert h1[("D", TERLAMBAT)].items[0].kunci == "D|pk|2026|PD2|2026-02-05|terlambat"

    senin = {p.tahap: p for p in plan_dok(date(2026, 2, 9))}[MINGGUAN]
    assert "Perjanjian Kinerja 2026 (tenggat Kamis, 5 Februari 2026): tepat waktu 1, " in (
        senin.pesan
    )
    assert "KKL 2026 (tenggat Kamis, 5 Februari 2026): tepat waktu 2, terlambat 0, belum" in (
        senin.pesan
    )
    # Wed 18 Feb (16-17 Feb are holidays): the week's summary; PK of PD2 late, KAK not submitted
    rabu = {p.tahap: p for p in plan_dok(date(2026, 2, 18))}[MINGGUAN]
    status = {(i.jenis.value, i.kode): (i.status, i.dilaporkan_pada) for i in rabu.items}
    assert status[PK_[1]] == ("terlambat", date(2026, 2, 10))
    assert status[KAK_[1]] == ("belum", None)
    assert status[KKL_[1]] == ("tepat_waktu", date(2026, 2, 5))
    # once every PD has submitted, the documents leave the weekly summary 28 days after the deadline
    semua = {**SUBMIT_DOK, ("kak:2026", "PD2"): date(2026, 2, 20)}
    assert any(t == MINGGUAN for t in (p.tahap for p in plan_dok(date(2026, 3, 2), semua)))
    assert plan_dok(date(2026, 3, 9), semua) == []  # 32 days after: nothing at all
    assert [p.tahap for p in plan_dok(date(2026, 3, 9))] == [DIGEST, MINGGUAN]  # PD2's KAK: belum


def test_apbd_perubahan_round_is_reminded_separately():
    # APBD-P 2026 set Mon 3 Aug 2026: PK-P due 10 working days later (Pasal 8(5)), KKL-P 10
    # calendar days (Pasal 9(3)), KAK-P 10 working days (Pasal 10(3)); the plain round's record
    # does not count for it.
    apbd = ApbdDates(2026, date(2026, 1, 5), date(2026, 8, 3))
    tt = deadlines_for_year(2026, CAL, apbd)
    jt = {t.jenis: t.tenggat for t in tt}
    assert jt[J.KKL_PERUBAHAN] == date(2026, 8, 13)
    kewajiban = kewajiban_dokumen(2026, PD_DOK, PEJABAT_DOK.values())
    assert jt[J.PK_PERUBAHAN] == jt[J.KAK_PERUBAHAN] == date(2026, 8, 18)  # 17 Aug: holiday
    hari = date(2026, 8, 14)  # H+1 of KKL-P, H-1 of PK-P and KAK-P: one message, per-item stages
    plan = rencana_pengingat(hari, CAL, tt, kewajiban, SUBMIT_DOK, PEJABAT_DOK)
    d = {(p.penerima_nip, p.tahap): [(i.jenis.value, i.tahap) for i in p.items] for p in plan}
    assert d[("K", TERLAMBAT)] == [
        ("kkl_perubahan", TERLAMBAT),
        ("pk_perubahan", "h-1"),
        ("kak_perubahan", "h-1"),
    ]
    sudah = {**SUBMIT_DOK, ("kkl_perubahan:2026", "PD1"): date(2026, 8, 12)}
    plan = rencana_pengingat(hari, CAL, tt, kewajiban, sudah, PEJABAT_DOK)
    d = {(p.penerima_nip, p.tahap): [(i.jenis.value, i.tahap) for i in p.items] for p in plan}
    assert d[("K", "h-1")] == [("pk_perubahan", "h-1"), ("kak_perubahan", "h-1")]
    assert ("K", TERLAMBAT) not in d


def _tl(selesai=None):
    # Bappeda answered Budi's kendala; the 7-working-day follow-up (Pergub 42/2018 Lampiran B.6)
    # ends Thu 5 Mar 2026: H-3 Mon 2 Mar, H-1 Wed 4 Mar, H+1 Fri 6 Mar.
    return TindakLanjutKendala(
        7, "B", "PD1", "Lahan belum dibebaskan", "SK-2", "2026-01", date(2026, 3, 5), selesai
    )


def plan_tl(d, tl):
    reports = {(f"2026-{m:02d}", k): date(2026, m + 1, 1) for m in (1, 2) for k in ("SK-1", "SK-2")}
    plan = rencana_pengingat(d, CAL, tenggat(), KEWAJIBAN, reports, PEJABAT, tindak_lanjut=[tl])
    return [p for p in plan if p.tahap != MINGGUAN]


def test_kendala_follow_up_is_reminded_until_closed():
    got = {
        d: [(p.penerima_nip, p.tahap, [i.kode for i in p.items]) for p in plan_tl(d, _tl())]
        for d in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 6))
    }
    assert got[date(2026, 3, 2)] == [("B", "h-3", ["KENDALA-7"])]
    assert got[date(2026, 3, 3)] == []
    assert got[date(2026, 3, 4)] == [("B", "h-1", ["KENDALA-7"])]
    assert got[date(2026, 3, 6)] == [
        ("B", TERLAMBAT, ["KENDALA-7"]),
        ("K", ATASAN, ["KENDALA-7"]),
        (BAPPEDA, DIGEST, ["KENDALA-7"]),
    ]
    (h3,) = plan_tl(date(2026, 3, 2), _tl())
    assert (
        "Tindak lanjut kendala #7: Lahan belum dibebaskan [KENDALA-7], batas Kamis, 5 Maret 2026"
        in h3.pesan
    )
    assert "Pergub 42/2018 Lampiran B.6" in h3.pesan
    assert h3.items[0].kunci == "B|tindak_lanjut|kendala-7|KENDALA-7|2026-03-05|h-3"
    # closed on Tue 3 Mar (between H-3 and H-1): no H-1, nothing after
    closed = _tl(datetime(2026, 3, 3, 3, 0, tzinfo=UTC))
    assert plan_tl(date(2026, 3, 4), closed) == []
    assert plan_tl(date(2026, 3, 6), closed) == []
