"""The pure rules of the audit trail and the month locks (core.audit), issue 6 item 3.

Pergub 42/2018 Pasal 28: reported data is traceable: who, when, through which channel, and every
correction with its old and new value. Pergub 17/2023 Pasal 14(4): Bappeda verifies the PD's results
periodically; locking a verified month is this product's rule built on that verification, not the
Pergub's text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from core import audit
from core.cascade import Saluran
from core.deadlines import ApbdDates
from core.errors import ValidasiError
from core.holiday_source import HolidayOverride
from core.periode import Periode
from core.ports import RealisasiIndikator
from core.realisasi import RealisasiTersimpan

D = Decimal
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def rev(revisi: int, bobot: str, anggaran: str, **kw: object) -> RealisasiTersimpan:
    base: dict[str, object] = {
        "volume_output": {},
        "kendala": None,
        "tindak_lanjut": None,
        "dibuat_oleh": "Kasubid",
        "saluran": Saluran.BOT,
        "dibuat_pada": NOW,
        "terlambat": False,
    }
    base.update(kw)
    return RealisasiTersimpan("SK1", 2026, 2, revisi, D(bobot), D(anggaran), **base)  # type: ignore[arg-type]


def as_tuples(items):
    return [(c.kolom, c.nilai_lama, c.nilai_baru) for c in items]


def test_values_are_text_in_indonesian_notation():
    assert audit.teks(D("18.950")) == "18,95"
    assert audit.teks(D("1824205000.00")) == "1.824.205.000"
    assert audit.teks(True) == "ya" and audit.teks(False) == "tidak"
    assert audit.teks(date(2025, 11, 28)) == "2025-11-28"
    assert audit.teks(None) is None and audit.teks("Banjir") == "Banjir"


def test_only_changed_fields_are_recorded_and_decimals_compare_by_value():
    out = audit.bandingkan(
        dicatat_pada=NOW,
        saluran=Saluran.API,
        oleh="admin",
        entitas=audit.REALISASI,
        kode="2026/SK1/2",
        lama={"a": D("3"), "b": "x", "c": None},
        baru={"a": D("3.00"), "b": "y", "d": D("1.5")},
    )
    assert as_tuples(out) == [("b", "x", "y"), ("d", None, "1,5")]
    assert {(c.saluran, c.oleh, c.entitas, c.kode, c.dicatat_pada) for c in out} == {
        (Saluran.API, "admin", "realisasi", "2026/SK1/2", NOW)
    }


def test_a_naive_timestamp_is_refused():
    with pytest.raises(ValueError):
        audit.bandingkan(
            dicatat_pada=datetime(2026, 3, 10),
            saluran=Saluran.BOT,
            oleh=None,
            entitas="x",
            kode="y",
            lama=None,
            baru={"a": 1},
        )


def test_first_revision_records_every_field_from_empty():
    """Pasal 28: the first report is a change too (nothing -> values), with its channel."""
    baru = rev(1, "3", "250000000", volume_output={1: D(1)}, kendala="Hujan")
    out = audit.catatan_realisasi(None, baru, dicatat_pada=NOW, saluran=Saluran.BOT, oleh="K")
    assert as_tuples(out) == [
        ("revisi", None, "1"),
        ("realisasi_bobot", None, "3"),
        ("realisasi_anggaran", None, "250.000.000"),
        ("output 1 volume", None, "1"),
        ("kendala", None, "Hujan"),
    ]
    assert {c.kode for c in out} == {"2026/SK1/2"}


def test_correction_records_old_to_new_of_bobot_anggaran_volume_kendala_tindak_lanjut():
    lama = rev(1, "3", "250000000", volume_output={1: D(1)}, kendala="Hujan")
    baru = rev(
        2,
        "3.5",
        "260000000",
        volume_output={1: D(2)},
        kendala=None,
        tindak_lanjut="Lembur",
    )
    out = audit.catatan_realisasi(
        lama,
        baru,
        dicatat_pada=NOW,
        saluran=Saluran.API,
        oleh="admin",
        alasan_koreksi="salah ketik",
    )
    assert as_tuples(out) == [
        ("revisi", "1", "2"),
        ("realisasi_bobot", "3", "3,5"),
        ("realisasi_anggaran", "250.000.000", "260.000.000"),
        ("output 1 volume", "1", "2"),
        ("kendala", "Hujan", None),
        ("tindak_lanjut", None, "Lembur"),
        ("alasan_koreksi", None, "salah ketik"),
    ]


def test_an_identical_resubmission_still_leaves_its_revision_in_the_trail():
    out = audit.catatan_realisasi(
        rev(1, "3", "10"), rev(2, "3.00", "10"), dicatat_pada=NOW, saluran=Saluran.BOT, oleh=None
    )
    assert as_tuples(out) == [("revisi", "1", "2")]


def test_indicator_realisasi_records():
    def ri(revisi: int, nilai: str, kendala: str | None = None) -> RealisasiIndikator:
        return RealisasiIndikator(
            1, "2026-Q1", revisi, D(nilai), kendala, None, "x", Saluran.BOT, NOW, False
        )

    out = audit.catatan_realisasi_indikator(
        2026, "PA", 2, "2026-Q1", ri(1, "70"), ri(2, "72.5", "Data terlambat"),
        dicatat_pada=NOW, saluran=Saluran.DASHBOARD, oleh="Kabid",
    )  # fmt: skip
    assert {c.kode for c in out} == {"2026/PA#2/2026-Q1"}
    assert {c.entitas for c in out} == {"realisasi_ind"}
    assert as_tuples(out) == [
        ("revisi", "1", "2"),
        ("nilai", "70", "72,5"),
        ("kendala", None, "Data terlambat"),
    ]


def test_calendar_and_apbd_records():
    hari = date(2026, 2, 5)
    pasang = audit.catatan_kalender(
        hari, None, HolidayOverride(hari, True, "Cuti bersama"),
        dicatat_pada=NOW, saluran=Saluran.DASHBOARD, oleh="admin",
    )  # fmt: skip
    assert as_tuples(pasang) == [("libur", None, "ya"), ("keterangan", None, "Cuti bersama")]
    assert {c.kode for c in pasang} == {"2026-02-05"}
    hapus = audit.catatan_kalender(
        hari, HolidayOverride(hari, True, "Cuti bersama"), None,
        dicatat_pada=NOW, saluran=Saluran.CLI, oleh=None,
    )  # fmt: skip
    assert as_tuples(hapus) == [("libur", "ya", None), ("keterangan", "Cuti bersama", None)]
    apbd = audit.catatan_apbd(
        ApbdDates(2026, date(2025, 11, 28), None),
        ApbdDates(2026, date(2025, 11, 28), date(2026, 9, 15)),
        dicatat_pada=NOW, saluran=Saluran.API, oleh="bappeda",
    )  # fmt: skip
    assert as_tuples(apbd) == [("apbd_perubahan", None, "2026-09-15")]
    assert apbd[0].kode == "2026" and apbd[0].entitas == "apbd"


def test_who_is_shown_with_name_and_nip():
    assert audit.oleh_label("Kasubid Evaluasi", "999900000000000003") == (
        "Kasubid Evaluasi (999900000000000003)"
    )
    assert audit.oleh_label(None, "999900000000000003") == "999900000000000003"
    assert audit.oleh_label("admin", None) == "admin"
    assert audit.oleh_label(None, None) is None


@pytest.mark.parametrize(
    ("periode", "bulan"),
    [("2026-03", 3), ("2026-Q1", 3), ("2026-Q2", 6), ("2026-Q4", 12), ("2026", 12)],
)
def test_the_month_whose_lock_covers_a_period(periode, bulan):
    """A quarter's (and the year's) report falls under the lock of the month that closes it: this
    product's rule (the Pergub has no month locks); Pasal 15(3) only sets the quarterly and annual
    deadlines, after the quarter and the year end."""
    assert audit.bulan_kunci(Periode.parse(periode)) == bulan


def test_locked_month_message_names_month_and_pd():
    exc = audit.BulanTerkunci("Dinas Pendidikan", 2026, 3, "Realisasi SK1")
    assert isinstance(exc, ValidasiError)
    assert str(exc) == (
        "Realisasi SK1: Bulan Maret 2026 untuk Dinas Pendidikan sudah diverifikasi dan dikunci "
        "Bappeda; minta Bappeda membuka kembali."
    )


@pytest.mark.parametrize("alasan", [None, "", "   ", "ok"])
def test_reopening_needs_a_reason(alasan):
    with pytest.raises(ValidasiError, match="alasan"):
        audit.cek_alasan_buka(alasan)


def test_reason_is_trimmed_and_bounded():
    assert audit.cek_alasan_buka("  Salah input anggaran  ") == "Salah input anggaran"
    with pytest.raises(ValidasiError, match="terlalu panjang"):
        audit.cek_alasan_buka("x" * (audit.ALASAN_MAKS + 1))


@pytest.mark.parametrize(("tahun", "bulan"), [(2026, 0), (2026, 13), (1999, 3)])
def test_month_and_year_are_checked(tahun, bulan):
    with pytest.raises(ValidasiError):
        audit.cek_bulan(tahun, bulan)


def test_lock_and_reopen_are_recorded():
    pd = "4.01.0.00.0.00.01.0000"
    kunci = audit.KunciBulan(pd, 2026, 3, True, "Bappeda A", None, NOW)
    out = audit.catatan_kunci(None, kunci, saluran=Saluran.DASHBOARD)
    assert as_tuples(out) == [("terkunci", "tidak", "ya")]
    assert out[0].kode == f"2026/{pd}/3" and out[0].oleh == "Bappeda A"
    buka = audit.KunciBulan(pd, 2026, 3, False, "Bappeda B", "Koreksi anggaran", NOW)
    out = audit.catatan_kunci(kunci, buka, saluran=Saluran.API)
    assert as_tuples(out) == [("terkunci", "ya", "tidak"), ("alasan", None, "Koreksi anggaran")]
