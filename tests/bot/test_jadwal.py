"""/jadwal: my coming deadlines (with the calendar's overrides) and the status of my items, through the
real PTB Application over HTTP, on SQLite and PostgreSQL; and the pure assembly behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from bot import texts
from bot.jadwal import BELUM, SUDAH, SUDAH_TERLAMBAT, TERLAMBAT, susun_jadwal
from core import services
from core.calendar import calendar_for_years
from core.cascade import Saluran
from core.deadlines import JenisTenggat, deadlines_for_year
from core.holiday_source import HolidayOverride
from core.ports_pengingat import Kewajiban
from core.realisasi import RealisasiInput
from tests.bot.conftest import SK_TAMBAHAN, USER_KABID, USER_KASUBAG, BotHarness, link
from tests.factories import NIP_KABID, NIP_KASUBAG, TAHUN, WAKTU_UJI

D = Decimal
U = USER_KASUBAG


def _lapor(h: BotHarness, kode: str, bulan: int, now: datetime) -> None:
    services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(1), D(0)),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.DASHBOARD,
        now=now,
    )


async def test_jadwal_lists_my_deadlines_and_status(harness: BotHarness) -> None:
    h = harness  # today: Tuesday 3 February 2026
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    _lapor(h, "SK-K1", 1, h.clock())
    [r] = await h.say(U, "/jadwal")
    teks = r.params["text"]
    assert teks.startswith(
        "Jadwal tenggat laporan Bapak/Ibu Kepala Sub Bidang (per Selasa, 3 Februari 2026):"
    )
    # January's monthly report is due on the 5th working day of February (Pasal 15(4))
    assert "Laporan Bulanan Januari 2026, tenggat Jumat, 6 Februari 2026 (3 hari lagi):" in teks
    januari = teks.split("Laporan Bulanan Januari 2026")[1].split("Laporan Bulanan Februari")[0]
    assert "• SK-K1 Sub Kegiatan SK-K1: sudah lapor" in januari
    assert "• SK-K1-2 Sub Kegiatan SK-K1-2: belum lapor" in januari
    assert januari.count("•") == 7 + len(SK_TAMBAHAN)  # only my sub kegiatan
    assert "SK-LAIN" not in teks
    assert "Laporan Bulanan Februari 2026, tenggat Jumat, 6 Maret 2026" in teks
    assert "Maret 2026," not in teks.replace("6 Maret 2026", "")  # March has not started
    assert "Triwulanan" not in teks  # the Kasubag has no indicators
    assert "Terlambat" not in teks


async def test_jadwal_uses_the_calendar_overrides_and_marks_late_items(
    harness: BotHarness,
) -> None:
    h = harness
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    # a local holiday on Friday 6 February moves January's deadline to Monday 9 February
    services.set_override(
        h.uow_factory(),
        HolidayOverride(date(2026, 2, 6), True, "Libur daerah (contoh)"),
        now=WAKTU_UJI,
    )
    [r] = await h.say(U, "/jadwal")
    assert "Laporan Bulanan Januari 2026, tenggat Senin, 9 Februari 2026" in r.params["text"]

    h.clock.now = datetime(2026, 2, 20, 3, 0, tzinfo=UTC)  # after the deadline
    _lapor(h, "SK-K1", 1, h.clock())  # late, but reported
    [r] = await h.say(U, "/jadwal")
    teks = r.params["text"]
    assert "Laporan Bulanan Januari 2026, tenggat" not in teks  # passed
    terlambat = teks.split("Terlambat, belum dilaporkan")[1]
    assert "• SK-K1-2 Sub Kegiatan SK-K1-2: Januari 2026 (tenggat Senin, 9 Februari 2026)" in (
        terlambat
    )
    assert "SK-K1 Sub Kegiatan SK-K1:" not in terlambat


async def test_jadwal_of_a_kabid_has_quarterly_indicators(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    [r] = await h.say(USER_KABID, "/jadwal")
    teks = r.params["text"]
    assert "Laporan Triwulanan Triwulan I 2026, tenggat" in teks
    assert "• PA#1 Indikator Program A (Program PA): belum lapor" in teks
    assert "Laporan Tahunan 2026, tenggat" in teks
    assert "• SK-LAIN Sub Kegiatan SK-LAIN: belum lapor" in teks
    # Tahunan 2025 (31 Januari 2026) is passed, but there was nothing to report in 2025
    assert "Terlambat" not in teks


async def test_jadwal_without_obligations_and_in_bantuan(harness: BotHarness) -> None:
    h = harness
    from tests.factories import NIP_KEPALA

    link(h.uow_factory, NIP_KEPALA, 5003, h.clock)
    [r] = await h.say(5003, "/jadwal")
    assert r.params["text"] == texts.JADWAL_KOSONG.format(tahun=2026)
    [r] = await h.say(5003, "/bantuan")
    assert "/jadwal" in r.params["text"] and "/lapor" in r.params["text"]
    commands = [c for c in h.api.calls if c.method == "setMyCommands"]
    assert any(cmd["command"] == "jadwal" for cmd in commands[-1].params["commands"])


def test_susun_jadwal_status() -> None:
    cal = calendar_for_years([2025, 2026, 2027], [])
    tenggat = deadlines_for_year(2026, cal)
    k = [
        Kewajiban(JenisTenggat.BULANAN, 2026, kode, kode, "n", None)
        for kode in ("A", "B", "C", "D")
    ]
    masuk = {
        ("2026-01", "A"): datetime(2026, 2, 2, 3, tzinfo=UTC),  # on time
        ("2026-01", "B"): datetime(2026, 2, 9, 3, tzinfo=UTC),  # after 6 February
        ("2026-02", "A"): datetime(2026, 3, 1, 3, tzinfo=UTC),
    }
    j = susun_jadwal(tenggat, k, masuk, date(2026, 3, 2))
    [lewat] = j.terlambat  # January: C and D never reported
    assert lewat.tenggat.periode == "2026-01" and [i.kode for i in lewat.items] == ["C", "D"]
    assert all(i.status == TERLAMBAT for i in lewat.items)
    feb, mar = j.akan_datang
    assert (feb.tenggat.periode, mar.tenggat.periode) == ("2026-02", "2026-03")
    assert [i.status for i in feb.items] == [SUDAH, BELUM, BELUM, BELUM]
    # reported late: still listed as reported, marked late
    j = susun_jadwal(tenggat, k, masuk, date(2026, 2, 6))
    jan = j.akan_datang[0]
    assert jan.tenggat.periode == "2026-01"
    assert [i.status for i in jan.items][:2] == [SUDAH, SUDAH_TERLAMBAT]
