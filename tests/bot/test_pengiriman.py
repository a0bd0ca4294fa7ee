"""Reminders end to end (issue 5): scheduler job -> outbox -> sender -> fake Bot API over HTTP.

Real parts only: the real database (SQLite, and PostgreSQL when configured), the real PTB ``Bot``
over HTTP against :class:`tests.bot.fake_limits.FakeBotApiTerbatas` (30 msg/s with 429 beyond,
403 for blocked users, 502 on demand), an injected clock moved day by day.

Data: tests.factories (Lampiran II example). Kasubid (NIP_KASUBAG, atasan Kabid) is penanggung
jawab of the seven sub kegiatan SK-K1..SK-K7 (monthly report, Pergub 17/2023 Pasal 15(4): the 5th
working day of the next month); Kabid (NIP_KABID, atasan Kepala) of the eight program and sasaran
indicators (quarterly report, Pasal 15(3) huruf b: the 14th working day after the quarter).
Calendar 2026: 16-17 Feb (Imlek), 18-24 Mar (Nyepi, Idul Fitri, cuti bersama), 3 Apr (Good Friday).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from bot.pengirim import BatasKirim, Pengirim, buat_bot
from core import services
from core.calendar import WIB
from core.cascade import Saluran
from core.config import Settings
from core.persistence.models import TelegramGrupRow
from core.ports import UnitOfWork
from core.ports_kirim import DIBLOKIR, GAGAL, TERKIRIM, PesanBaru
from core.realisasi import RealisasiInput
from core.services_kirim import pesan_tidak_terjangkau
from sakip.scheduler import Penjadwal
from tests.bot.fake_bot_api import TOKEN
from tests.bot.fake_limits import FakeBotApiTerbatas
from tests.conftest import FakeClock
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KABID,
    NIP_KASUBAG,
    NIP_KEPALA,
    TAHUN,
    lampiran_ii_cascade,
    ropp_q1,
    seed_master,
)

D = Decimal
SK = [f"SK-{k}" for k in KEGIATAN_Q1]
INDIKATOR = ["PA#1", "PA#2", "PB#1", "PC#1", "PD#1", "PE#1", "S1#1", "S1#2"]
CHAT = {NIP_KASUBAG: 5001, NIP_KABID: 5002, NIP_KEPALA: 5003}
GRUP_BAPPEDA = -1001234567
NAMA = {NIP_KASUBAG: "Kasubag", NIP_KABID: "Kabid", NIP_KEPALA: "Kepala", "bappeda": "Bappeda"}
#: fast limits for the day-by-day simulations (the limit tests use the real defaults)
CEPAT = BatasKirim(jeda_per_chat=0.02, jeda_per_grup=0.02, jeda_awal=0.05)


def jam(d: date, h: int, m: int = 0) -> datetime:
    return datetime.combine(d, time(h, m), tzinfo=WIB).astimezone(UTC)


@pytest.fixture
def data(uow_factory: Callable[[], UnitOfWork], clock: FakeClock) -> Callable[[], UnitOfWork]:
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, _) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    for nip, chat in CHAT.items():
        kode = services.create_link_code(uow_factory(), nip, clock())
        services.redeem_link_code(uow_factory(), kode.kode, chat, clock())
    daftar_grup(uow_factory, GRUP_BAPPEDA)
    return uow_factory


def daftar_grup(uow_factory: Callable[[], UnitOfWork], chat_id: int) -> None:
    # the registration command is another issue's; the table is what the sender reads
    with uow_factory() as uow:
        uow.session.add(  # type: ignore[attr-defined]
            TelegramGrupRow(
                chat_id=chat_id,
                peran="bappeda",
                judul="Bappeda",
                didaftarkan_pada=datetime(2026, 1, 2, tzinfo=UTC),
            )
        )
        uow.commit()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApiTerbatas]:
    a = FakeBotApiTerbatas()
    await a.start()
    try:
        yield a
    finally:
        await a.stop()


@asynccontextmanager
async def penjadwal(
    api: FakeBotApiTerbatas,
    uow_factory: Callable[[], UnitOfWork],
    clock: FakeClock,
    batas: BatasKirim = CEPAT,
) -> AsyncIterator[Penjadwal]:
    """A fresh process: its own Bot, sender and scheduler jobs (called directly)."""
    settings = Settings.model_construct(
        telegram_bot_token=TOKEN,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
    )
    bot = buat_bot(settings)
    await bot.initialize()
    try:
        yield Penjadwal(uow_factory, clock, Pengirim(bot, uow_factory, clock, batas))
    finally:
        await bot.shutdown()


def lapor_bulanan(uow_factory: Callable[[], UnitOfWork], kode: str, bulan: int, pada: datetime):
    services.submit_realisasi(
        uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(1), D(0)),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=pada,
    )


def lapor_indikator(uow_factory: Callable[[], UnitOfWork], kode: str, periode: str, pada: datetime):
    node, urutan = kode.split("#")
    services.submit_realisasi_indikator(
        uow_factory(),
        tahun=TAHUN,
        node_kode=node,
        urutan=int(urutan),
        periode=periode,
        nilai=D(50),
        oleh_nip=NIP_KABID,
        saluran=Saluran.DASHBOARD,
        now=pada,
    )


Laporan = dict[date, list[tuple[int, Callable[[datetime], None]]]]
Hari = list[tuple[str, str | None, list[str] | None]]


async def simulasi(
    api: FakeBotApiTerbatas,
    uow_factory: Callable[[], UnitOfWork],
    clock: FakeClock,
    p: Penjadwal,
    mulai: date,
    akhir: date,
    laporan: Laporan,
) -> dict[date, Hari]:
    """Every day: reports made before 08:00, the 08:00 job, reports made later that day. Checks
    that what the fake Bot API accepted that day is exactly the day's outbox rows (same chat, same
    text, delivered once), and returns {day: [(who, tahap, [kode...] | None)]}."""
    out: dict[date, Hari] = {}
    d = mulai
    while d <= akhir:
        for h, fn in laporan.get(d, []):
            if h < 8:
                fn(jam(d, h))
        clock.now = jam(d, 8)
        i = len(api.terkirim)
        await p.jalankan_hari()
        with uow_factory() as uow:
            rows = uow.repo.daftar_pesan(tanggal=d)
        diterima = api.terkirim[i:]
        assert all(r.status == TERKIRIM for r in rows), [(r.kunci, r.status, r.galat) for r in rows]
        assert sorted(diterima) == sorted((r.chat_id, r.teks) for r in rows)
        if rows:
            out[d] = [
                (
                    NAMA[r.penerima],
                    r.tahap,
                    None
                    if r.tahap == "mingguan"
                    else sorted(set(re.findall(r"\[([A-Z0-9#-]+)\]", r.teks))),
                )
                for r in rows
            ]
        for h, fn in laporan.get(d, []):
            if h >= 8:
                fn(jam(d, h))
        d += timedelta(days=1)
    return out


# Hand-written expectation, 1 January - 28 February 2026. The January report (Pasal 15(4)) is due
# Fri 6 Feb: H-3 Tue 3 Feb, H-1 Thu 5 Feb, H Fri 6 Feb, H+1 Mon 9 Feb. Kasubag reports SK-K1..K6 on
# Wed 4 Feb at 10:00 (between H-3 and H-1: no H-1 for them) and SK-K7 late, on Wed 11 Feb at 07:00
# (before that day's run: no digest on 11 Feb). Weekly summary on the first working day of each
# week after the first deadline: Mon 9, Wed 18 (16-17 Feb Imlek), Mon 23 Feb. Nothing in January:
# there is no 2025 cascade, nothing of 2026 is due yet.
EXPECTED_JAN_FEB: dict[date, Hari] = {
    date(2026, 2, 3): [("Kasubag", "h-3", SK)],
    date(2026, 2, 5): [("Kasubag", "h-1", ["SK-K7"])],
    date(2026, 2, 6): [("Kasubag", "h", ["SK-K7"])],
    date(2026, 2, 9): [
        ("Kabid", "atasan", ["SK-K7"]),  # sorted by NIP: Kabid ...02 before Kasubag ...03
        ("Kasubag", "terlambat", ["SK-K7"]),
        ("Bappeda", "digest", ["SK-K7"]),
        ("Bappeda", "mingguan", None),
    ],
    date(2026, 2, 10): [("Bappeda", "digest", ["SK-K7"])],
    date(2026, 2, 18): [("Bappeda", "mingguan", None)],
    date(2026, 2, 23): [("Bappeda", "mingguan", None)],
}


@pytest.mark.slow
async def test_simulated_january_february(api, data, clock):
    laporan: Laporan = {
        date(2026, 2, 4): [(10, lambda t, k=k: lapor_bulanan(data, k, 1, t)) for k in SK[:6]],
        date(2026, 2, 11): [(7, lambda t: lapor_bulanan(data, "SK-K7", 1, t))],
    }
    async with penjadwal(api, data, clock) as p:
        got = await simulasi(api, data, clock, p, date(2026, 1, 1), date(2026, 2, 28), laporan)
    assert got == EXPECTED_JAN_FEB
    # the personal reminder starts /lapor on its first missing item (callback_data <= 64 bytes)
    h3 = next(
        c for c in api.calls if c.method == "sendMessage" and "Yth. Kasubid" in c.params["text"]
    )
    assert api.keyboard(h3) == [
        [{"text": "Laporkan Januari 2026 sekarang", "callback_data": "pl:SK-K1:2026-01"}]
    ]
    h1 = [c for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == 5001][1]
    assert api.keyboard(h1)[0][0]["callback_data"] == "pl:SK-K7:2026-01"
    assert "1 hari kerja lagi" in h1.params["text"]
    atasan = [c for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == 5002]
    assert api.keyboard(atasan[0]) == []  # no button for the atasan
    assert api.duplikat() == 0


# Q1 2026 (Pasal 15(3) huruf b): the quarter ends Tue 31 Mar; the 14th working day after it
# (3 Apr is Good Friday) is Tue 21 Apr. H-3 Thu 16 Apr, H-1 Mon 20 Apr, H Tue 21 Apr, H+1 Wed 22
# Apr. Every monthly report comes in on time (before its H-3); Kabid reports PA#1 on 10 Apr, the
# other seven indicators never: H-3/H-1/H to Kabid, on H+1 the overdue notice to Kabid, the atasan
# notice to Kepala and from then on the daily digest. Weekly summaries: Mondays, and Wed 25 Mar.
_W: tuple[str, str | None, list[str] | None] = ("Bappeda", "mingguan", None)
_Q1_SISA = INDIKATOR[1:]
_DG = ("Bappeda", "digest", _Q1_SISA)
EXPECTED_MAR_APR: dict[date, Hari] = {
    date(2026, 3, 2): [_W],
    date(2026, 3, 9): [_W],
    date(2026, 3, 16): [_W],
    date(2026, 3, 25): [_W],
    date(2026, 3, 30): [_W],
    date(2026, 4, 6): [_W],
    date(2026, 4, 13): [_W],
    date(2026, 4, 16): [("Kabid", "h-3", _Q1_SISA)],
    date(2026, 4, 20): [("Kabid", "h-1", _Q1_SISA), _W],
    date(2026, 4, 21): [("Kabid", "h", _Q1_SISA)],
    # sorted by NIP: Kepala ...01 before Kabid ...02
    date(2026, 4, 22): [("Kepala", "atasan", _Q1_SISA), ("Kabid", "terlambat", _Q1_SISA), _DG],
    date(2026, 4, 23): [_DG],
    date(2026, 4, 24): [_DG],
    date(2026, 4, 27): [_DG, _W],
    date(2026, 4, 28): [_DG],
    date(2026, 4, 29): [_DG],
    date(2026, 4, 30): [_DG],
}


@pytest.mark.slow
async def test_simulated_quarter(api, data, clock):
    for bulan, hari in ((1, date(2026, 2, 2)), (2, date(2026, 3, 2))):
        for k in SK:
            lapor_bulanan(data, k, bulan, jam(hari, 7))
    laporan: Laporan = {
        date(2026, 4, 1): [(7, lambda t, k=k: lapor_bulanan(data, k, 3, t)) for k in SK],
        date(2026, 4, 10): [(10, lambda t: lapor_indikator(data, "PA#1", "2026-Q1", t))],
    }
    async with penjadwal(api, data, clock) as p:
        got = await simulasi(api, data, clock, p, date(2026, 3, 1), date(2026, 4, 30), laporan)
    assert got == EXPECTED_MAR_APR
    q1 = next(c for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == 5002)
    assert "Triwulan I 2026" in q1.params["text"] and "Pasal 15(3) huruf b" in q1.params["text"]
    assert api.keyboard(q1) == []  # quarterly indicators are not reported through /lapor


async def test_restart_and_double_run_send_nothing_twice(api, data, clock):
    clock.now = jam(date(2026, 2, 3), 8)
    async with penjadwal(api, data, clock) as p:
        await p.jalankan_hari()
        await p.jalankan_hari()  # a double run
    async with penjadwal(api, data, clock) as p:  # a restart: the catch-up run at start-up
        await p.jalankan_hari()
    clock.now = jam(date(2026, 2, 4), 8)  # next day, still in the H-3 window: nothing new
    async with penjadwal(api, data, clock) as p:
        hasil = await p.jalankan_hari()
    assert hasil.diantrekan == 0
    assert [c for c, _ in api.terkirim] == [CHAT[NIP_KASUBAG]]
    assert api.duplikat() == 0


async def test_two_processes_at_once_send_each_message_once(api, data, clock):
    clock.now = jam(date(2026, 2, 9), 8)  # H+1: Kasubag, Kabid (atasan) and two to Bappeda
    async with penjadwal(api, data, clock) as a, penjadwal(api, data, clock) as b:
        await asyncio.gather(a.jalankan_hari(), b.jalankan_hari(), a.jalankan_hari())
    assert len(api.terkirim) == 4 and api.duplikat() == 0
    with data() as uow:
        assert {r.status for r in uow.repo.daftar_pesan()} == {TERKIRIM}


async def test_crash_while_sending_row_is_sent_after_its_lease(api, data, clock):
    clock.now = jam(date(2026, 2, 3), 8)
    async with penjadwal(api, data, clock) as p:
        p.pengirim = None  # plan and queue only
        await p.jalankan_hari()
    with data() as uow:  # a process claims the row, then dies before sending
        claimed = uow.repo.klaim_pesan(clock(), 10, clock() + timedelta(minutes=5))
        uow.commit()
    assert len(claimed) == 1
    async with penjadwal(api, data, clock) as p:
        await p.kirim()  # the lease has not ended: another live process may be sending it
        assert api.terkirim == []
        clock.now += timedelta(minutes=6)
        await p.kirim()
    assert [c for c, _ in api.terkirim] == [CHAT[NIP_KASUBAG]]
    with data() as uow:
        (row,) = uow.repo.daftar_pesan()
    assert row.status == TERKIRIM and row.percobaan == 2


def antri(uow_factory: Callable[[], UnitOfWork], n: int, now: datetime, chat0: int = 9000) -> None:
    """``n`` messages queued by another part of the system (e.g. Bappeda's kendala answers)."""
    with uow_factory() as uow:
        for i in range(n):
            uow.repo.tambah_pesan(
                PesanBaru(
                    kunci=f"kendala|{i}",
                    jenis="kendala",
                    tahap=None,
                    tanggal=None,
                    penerima=f"NIP{i}",
                    chat_id=chat0 + i,
                    teks=f"Tanggapan Bappeda atas kendala Anda nomor {i}.",
                ),
                now,
            )
        uow.commit()


async def test_429_storm_is_waited_out_and_nothing_is_lost(api, data, clock):
    # 60 recipients; the sender is configured too fast (80/s) for the server's 30/s, and the first
    # 10 calls meet a 429 storm: every 429 pauses the sender for retry_after and the same row is
    # sent again. Telegram's limits: ~30 msg/s overall.
    antri(data, 60, clock())
    api.badai_429 = 10
    async with penjadwal(api, data, clock, BatasKirim(pesan_per_detik=80)) as p:
        assert p.pengirim is not None
        await p.kirim()
        stat = p.pengirim.statistik
    assert sorted(c for c, _ in api.terkirim) == list(range(9000, 9060))
    assert api.duplikat() == 0
    assert api.ditolak_429 >= 10 and stat.retry_after == api.ditolak_429
    assert p.pengirim._pembatas.laju < 80  # slowed down after the 429s
    with data() as uow:
        assert uow.repo.hitung_status() == {TERKIRIM: 60}
        # retried in place: each row was claimed once
        assert {r.percobaan for r in uow.repo.daftar_pesan()} == {1}


async def test_rate_stays_under_30_per_second_without_429(api, data, clock):
    antri(data, 45, clock())
    async with penjadwal(api, data, clock, BatasKirim()) as p:  # the defaults: 28/s
        assert p.pengirim is not None
        t0 = asyncio.get_running_loop().time()
        await p.kirim()
        lama = asyncio.get_running_loop().time() - t0
    assert len(api.terkirim) == 45 and api.duplikat() == 0
    assert lama >= 44 / 28 * 0.9  # evenly spaced, not a burst
    gaps = [b - a for a, b in zip(api.waktu_terkirim, api.waktu_terkirim[1:], strict=False)]
    assert sorted(gaps)[len(gaps) // 2] >= 0.8 / 28  # median spacing ~ 1/28 s


async def test_per_chat_and_group_spacing(api, data, clock):
    # Telegram: ~1 message/s per chat, 20/min per group. Three parts to the same group are
    # spaced >= 3 s apart; two to the same person >= 1 s.
    with data() as uow:
        for i in range(3):
            uow.repo.tambah_pesan(
                PesanBaru(f"g|{i}", "kendala", None, None, "bappeda", GRUP_BAPPEDA, f"grup {i}"),
                clock(),
            )
        for i in range(2):
            uow.repo.tambah_pesan(
                PesanBaru(f"p|{i}", "kendala", None, None, "X", 4242, f"pribadi {i}"), clock()
            )
        uow.commit()
    async with penjadwal(api, data, clock, BatasKirim()) as p:
        await p.kirim()
    waktu: dict[int, list[float]] = {}
    for (chat, _), t in zip(api.terkirim, api.waktu_terkirim, strict=True):
        waktu.setdefault(chat, []).append(t)
    grup, orang = waktu[GRUP_BAPPEDA], waktu[4242]
    assert [t for _, t in api.terkirim if t.startswith("grup")] == ["grup 0", "grup 1", "grup 2"]
    assert all(b - a >= 2.9 for a, b in zip(grup, grup[1:], strict=False))
    assert orang[1] - orang[0] >= 0.95


async def test_network_errors_are_retried_with_backoff(api, data, clock):
    antri(data, 3, clock())
    api.galat_jaringan = 2
    async with penjadwal(api, data, clock) as p:
        assert p.pengirim is not None
        await p.kirim()
        assert p.pengirim.statistik.galat_jaringan == 2
    assert len(api.terkirim) == 3 and api.duplikat() == 0 and api.ditolak_502 == 2


async def test_blocked_user_is_recorded_and_shown_to_bappeda(api, data, clock):
    api.diblokir.add(CHAT[NIP_KASUBAG])
    clock.now = jam(date(2026, 2, 3), 8)
    async with penjadwal(api, data, clock) as p:
        await p.jalankan_hari()
        with data() as uow:
            (row,) = uow.repo.daftar_pesan()
        assert row.status == DIBLOKIR and "blocked" in (row.galat or "")
        assert api.ditolak_403 == 1 and api.terkirim == []
        (orang,) = pesan_tidak_terjangkau(data())
        assert (orang.penerima, orang.nama, orang.status) == (
            NIP_KASUBAG,
            "Kasubid Evaluasi (contoh)",
            DIBLOKIR,
        )
        clock.now = jam(date(2026, 2, 5), 8)  # the next run tells Bappeda's group
        await p.jalankan_hari()
    grup = [t for c, t in api.terkirim if c == GRUP_BAPPEDA]
    assert len(grup) == 1 and "Kasubid Evaluasi (contoh)" in grup[0] and "memblokir bot" in grup[0]


async def test_unlinked_official_is_recorded_not_sent(api, data, clock):
    with data() as uow:
        uow.session.execute(  # type: ignore[attr-defined]
            TelegramGrupRow.__table__.update().values(peran="lain")
        )
        uow.commit()
    from sqlalchemy import update

    from core.persistence.models import PejabatRow

    with data() as uow:
        uow.session.execute(  # type: ignore[attr-defined]
            update(PejabatRow).where(PejabatRow.nip == NIP_KASUBAG).values(telegram_user_id=None)
        )
        uow.commit()
    clock.now = jam(date(2026, 2, 9), 8)
    async with penjadwal(api, data, clock) as p:
        await p.jalankan_hari()
    with data() as uow:
        rows = {(r.penerima, r.tahap): r for r in uow.repo.daftar_pesan()}
    assert rows[(NIP_KASUBAG, "terlambat")].status == GAGAL
    assert rows[(NIP_KASUBAG, "terlambat")].galat == "belum menautkan Telegram"
    assert rows[("bappeda", "digest")].galat == "grup Bappeda belum terdaftar"
    assert rows[(NIP_KABID, "atasan")].status == TERKIRIM
    assert [c for c, _ in api.terkirim] == [CHAT[NIP_KABID]]


async def test_scheduler_jobs_and_catch_up_at_start_up(api, data, clock):
    # Started at 09:00 WIB on H-3 (after the 08:00 run was due, e.g. after a restart): the catch-up
    # job runs at once and the H-3 reminder goes out; the daily job is 08:00 Asia/Jakarta with a
    # misfire grace of 6 hours and coalescing (APScheduler's default grace is 1 s).
    clock.now = jam(date(2026, 2, 3), 9)
    async with penjadwal(api, data, clock) as p:
        sched = p.mulai()
        try:
            harian = sched.get_job("pengingat-harian")
            assert str(harian.trigger.timezone) == "Asia/Jakarta"
            fields = {f.name: str(f) for f in harian.trigger.fields}
            assert (fields["hour"], fields["minute"]) == ("8", "0")
            assert harian.misfire_grace_time == 6 * 3600 and harian.coalesce is True
            assert harian.max_instances == 1
            assert sched.get_job("pengirim-antrean") is not None
            for _ in range(100):
                if api.terkirim:
                    break
                await asyncio.sleep(0.1)
            assert [c for c, _ in api.terkirim] == [CHAT[NIP_KASUBAG]]
        finally:
            p.berhenti()
    # started at 07:00 WIB: no catch-up job, the 08:00 run will do it
    clock.now = jam(date(2026, 2, 3), 7)
    async with penjadwal(api, data, clock) as p:
        sched = p.mulai()
        try:
            assert sched.get_job("pengingat-susulan") is None
        finally:
            p.berhenti()


async def test_without_a_bot_token_the_scheduler_queues_but_sends_nothing(data, clock):
    """`sakip run` without a token still plans the day (the dashboard shows the outbox)."""
    from sakip.scheduler import penjadwal_lifespan

    settings = Settings.model_construct(
        telegram_bot_token=None,
        pengingat_aktif=True,
        pengingat_jam="08:00",
        pengingat_tahap_hari_kerja="3,1,0",
        pengingat_hanya_hari_kerja=True,
        pengingat_hari_ringkasan=0,
        kirim_interval_detik=30.0,
    )
    clock.now = jam(date(2026, 2, 3), 7)  # before 08:00: no catch-up run at start
    async with penjadwal_lifespan(settings, data, clock) as p:
        assert p is not None and p.pengirim is None
        assert p.scheduler is not None and p.scheduler.get_job("pengingat-harian") is not None
        clock.now = jam(date(2026, 2, 3), 8)
        await p.jalankan_hari()
    with data() as uow:
        rows = uow.repo.daftar_pesan(tanggal=date(2026, 2, 3))
    assert rows, "H-3 of the January report: the day's reminders are queued"
    assert {r.status for r in rows} <= {"antri", "gagal"}  # nothing sent
    assert not any(r.telegram_message_id for r in rows)
    settings_mati = Settings.model_construct(telegram_bot_token=None, pengingat_aktif=False)
    async with penjadwal_lifespan(settings_mati, data, clock) as p:
        assert p is None
