"""The reminder outbox and sent-log (issue 5) on real databases: idempotent queueing, races between
processes, exclusive claims, stale rows, long messages. No Telegram here (see
tests/bot/test_pengiriman.py for the sender against the fake Bot API).

Data: tests.factories; Kasubid (NIP_KASUBAG) must report SK-K1..SK-K7 monthly. The January 2026
report is due Fri 6 Feb 2026 (Pergub 17/2023 Pasal 15(4): 5th working day of February); H-3 Tue
3 Feb, H-1 Thu 5 Feb, H+1 Mon 9 Feb.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from core import services
from core.cascade import Tingkat
from core.holiday_source import HolidayOverride
from core.pengingat import BATAS_TEKS
from core.persistence.models import TelegramGrupRow
from core.ports import UnitOfWork
from core.ports_kirim import ANTRI, DILEWATI, GAGAL, MENGIRIM, PesanBaru
from core.services_kirim import antrekan_pengingat
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KABID,
    NIP_KASUBAG,
    NIP_KEPALA,
    TAHUN,
    WAKTU_UJI,
    lampiran_ii_cascade,
    node,
    ropp_q1,
    seed_master,
)

NOW = datetime(2026, 2, 3, 1, 0, tzinfo=UTC)
GRUP = -100555


def _link(uow_factory: Callable[[], UnitOfWork], nip: str, chat: int) -> None:
    kode = services.create_link_code(uow_factory(), nip, NOW)
    services.redeem_link_code(uow_factory(), kode.kode, chat, NOW)


@pytest.fixture
def seeded(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, _) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    for nip, chat in ((NIP_KASUBAG, 5001), (NIP_KABID, 5002), (NIP_KEPALA, 5003)):
        _link(uow_factory, nip, chat)
    with uow_factory() as uow:
        uow.session.add(TelegramGrupRow(chat_id=GRUP, peran="bappeda", didaftarkan_pada=NOW))
        uow.commit()
    return uow_factory


def _rows(uow_factory, **kw):
    with uow_factory() as uow:
        return uow.repo.daftar_pesan(**kw)


def test_double_run_queues_each_message_once(seeded):
    first = antrekan_pengingat(seeded(), date(2026, 2, 3), NOW)
    assert (first.direncanakan, first.diantrekan, first.ganda) == (1, 1, 0)
    again = antrekan_pengingat(seeded(), date(2026, 2, 3), NOW)
    # the sent-log already has the seven items: nothing is planned for Kasubag any more
    assert (again.direncanakan, again.diantrekan) == (0, 0)
    (row,) = _rows(seeded)
    assert (row.penerima, row.tahap, row.status, row.chat_id) == (NIP_KASUBAG, "h-3", ANTRI, 5001)
    assert row.tombol == [
        [{"text": "Laporkan Januari 2026 sekarang", "callback_data": "pl:SK-K1:2026-01"}]
    ]
    with seeded() as uow:
        keys = [f"{NIP_KASUBAG}|bulanan|2026-01|SK-K{i}|2026-02-06|h-3" for i in range(1, 8)]
        assert uow.repo.sudah_tercatat(keys) == set(keys)

    h1 = antrekan_pengingat(seeded(), date(2026, 2, 9), NOW)
    assert h1.diantrekan == 4  # terlambat, atasan, digest, mingguan
    again = antrekan_pengingat(seeded(), date(2026, 2, 9), NOW)
    # digest (per day) and weekly summary (per ISO week) are unique by their message key
    assert (again.direncanakan, again.diantrekan, again.ganda) == (2, 0, 2)
    assert len(_rows(seeded, tanggal=date(2026, 2, 9))) == 4


def test_concurrent_processes_queue_each_message_once(seeded):
    # four "processes" (threads with their own sessions) run the same day at the same time
    errors: list[BaseException] = []

    def run() -> None:
        try:
            antrekan_pengingat(seeded(), date(2026, 2, 9), NOW)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = _rows(seeded)
    assert sorted((r.penerima, r.tahap) for r in rows) == sorted(
        [
            (NIP_KASUBAG, "terlambat"),
            (NIP_KABID, "atasan"),
            ("bappeda", "digest"),
            ("bappeda", "mingguan"),
        ]
    )


def test_claims_are_exclusive(seeded):
    with seeded() as uow:
        for i in range(40):
            uow.repo.tambah_pesan(
                PesanBaru(f"k|{i}", "kendala", None, None, f"N{i}", 7000 + i, f"teks {i}"), NOW
            )
        uow.commit()
    got: list[list[int]] = []
    lock = threading.Lock()

    def claim() -> None:
        with seeded() as uow:
            rows = uow.repo.klaim_pesan(NOW, 25, NOW + timedelta(minutes=5))
            uow.commit()
        with lock:
            got.append([r.id for r in rows])

    threads = [threading.Thread(target=claim) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [i for part in got for i in part]
    assert len(ids) == len(set(ids)) and len(ids) >= 25  # never the same row twice
    with seeded() as uow:  # whatever a lost race left is claimed by the next call
        ids += [r.id for r in uow.repo.klaim_pesan(NOW, 40, NOW + timedelta(minutes=5))]
        uow.commit()
    assert len(ids) == len(set(ids)) == 40
    assert {r.status for r in _rows(seeded)} == {MENGIRIM}
    with seeded() as uow:  # the lease holds: nothing to recover yet; after it, all back
        assert uow.repo.pulihkan_mengirim(NOW + timedelta(minutes=4)) == 0
        assert uow.repo.pulihkan_mengirim(NOW + timedelta(minutes=6)) == 40
        uow.commit()
    assert {r.status for r in _rows(seeded)} == {ANTRI}


def test_unsent_rows_of_earlier_days_are_skipped_not_sent_in_a_burst(seeded):
    # the process queues H-3 on 3 Feb but never sends (down until 5 Feb)
    antrekan_pengingat(seeded(), date(2026, 2, 3), NOW)
    # 4 Feb: still the H-3 window (catch-up rule): yesterday's row is replaced by today's
    r4 = antrekan_pengingat(seeded(), date(2026, 2, 4), NOW)
    assert (r4.usang, r4.diantrekan) == (1, 1)
    # 5 Feb: H-1; the H-3 is not relevant any more: only the H-1 is pending
    r5 = antrekan_pengingat(seeded(), date(2026, 2, 5), NOW)
    assert (r5.usang, r5.diantrekan) == (1, 1)
    rows = _rows(seeded)
    assert [(r.tanggal, r.tahap, r.status) for r in rows] == [
        (date(2026, 2, 3), "h-3", DILEWATI),
        (date(2026, 2, 4), "h-3", DILEWATI),
        (date(2026, 2, 5), "h-1", ANTRI),
    ]
    # rows of other kinds (e.g. kendala answers) are never skipped
    with seeded() as uow:
        uow.repo.tambah_pesan(
            PesanBaru("kendala|1", "kendala", None, date(2026, 2, 1), "N", 1, "x"), NOW
        )
        uow.commit()
    antrekan_pengingat(seeded(), date(2026, 2, 6), NOW)
    assert _rows(seeded, penerima="N")[0].status == ANTRI


def test_unlinked_official_and_missing_group_are_recorded(seeded):
    with seeded() as uow:
        uow.session.query(TelegramGrupRow).delete()
        uow.commit()
    from sqlalchemy import update

    from core.persistence.models import PejabatRow

    with seeded() as uow:
        uow.session.execute(update(PejabatRow).values(telegram_user_id=None))
        uow.commit()
    hasil = antrekan_pengingat(seeded(), date(2026, 2, 9), NOW)
    assert hasil.tanpa_chat == 4
    rows = {(r.penerima, r.tahap): r for r in _rows(seeded)}
    assert rows[(NIP_KASUBAG, "terlambat")].status == GAGAL
    assert rows[(NIP_KASUBAG, "terlambat")].galat == "belum menautkan Telegram"
    assert rows[("bappeda", "digest")].galat == "grup Bappeda belum terdaftar"
    with seeded() as uow:
        blocked = uow.repo.pesan_diblokir()
    assert {b.penerima for b in blocked} == {NIP_KASUBAG, NIP_KABID, "bappeda"}


def test_cuti_bersama_override_moves_the_queued_reminders(seeded):
    # a cuti bersama on Fri 6 Feb 2026 moves the deadline to Mon 9 Feb (5th working day)
    services.set_override(
        seeded(), HolidayOverride(date(2026, 2, 6), True, "Cuti bersama"), now=WAKTU_UJI
    )
    assert antrekan_pengingat(seeded(), date(2026, 2, 6), NOW).diantrekan == 0
    antrekan_pengingat(seeded(), date(2026, 2, 9), NOW)
    (row,) = _rows(seeded)
    assert row.tahap == "h" and "Senin, 9 Februari 2026" in row.teks


def test_long_messages_are_split_under_4096_characters(seeded, uow_factory):
    # 160 more sub kegiatan for Kasubag with long names: one message per person would exceed
    # Telegram's 4096 characters; the digest to Bappeda too.
    extra = [
        node(f"SK-X{i:03d}", Tingkat.SUB_KEGIATAN, "K1", penanggung_jawab_nip=NIP_KASUBAG)
        for i in range(160)
    ]
    services.save_cascade(seeded(), TAHUN, lampiran_ii_cascade() + extra)
    antrekan_pengingat(seeded(), date(2026, 2, 3), NOW)
    rows = _rows(seeded)
    assert len(rows) > 1 and all(len(r.teks) <= BATAS_TEKS for r in rows)
    assert rows[0].teks.startswith(f"(1/{len(rows)}) Yth. Kasubid")
    assert [r.tombol is not None for r in rows] == [False] * (len(rows) - 1) + [True]
    assert len({r.kunci for r in rows}) == len(rows)
    joined = "".join(r.teks for r in rows)
    assert all(f"[SK-X{i:03d}]" in joined for i in range(160))

    antrekan_pengingat(seeded(), date(2026, 2, 10), NOW)
    (digest,) = _rows(seeded, tanggal=date(2026, 2, 10))
    assert digest.tahap == "digest" and len(digest.teks) <= BATAS_TEKS
    assert "- Bulanan Januari 2026: 167" in digest.teks and "- Bappeda: 167 / 1" in digest.teks


def _sakip_reminders(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": ""}
    code = "import sys; from sakip.cli_pengingat import pengingat_app; pengingat_app(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_outbox_and_unreachable_officials(database_url, seeded):
    from sqlalchemy import update

    from core.persistence.models import PejabatRow

    with seeded() as uow:
        uow.session.execute(
            update(PejabatRow).where(PejabatRow.nip == NIP_KASUBAG).values(telegram_user_id=None)
        )
        uow.commit()
    antrekan_pengingat(seeded(), date(2026, 2, 9), NOW)
    proc = _sakip_reminders(database_url, "outbox", "--date", "2026-02-09", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {(r["penerima"], r["tahap"]): r for r in json.loads(proc.stdout)}
    assert rows[(NIP_KASUBAG, "terlambat")]["status"] == "gagal"
    assert rows[(NIP_KABID, "atasan")]["status"] == "antri"
    proc = _sakip_reminders(database_url, "diblokir", "--json")
    assert proc.returncode == 0, proc.stderr
    assert [(d["penerima"], d["galat"]) for d in json.loads(proc.stdout)] == [
        (NIP_KASUBAG, "belum menautkan Telegram")
    ]
    proc = _sakip_reminders(database_url, "kirim", "--date", "2026-02-09")
    assert proc.returncode == 1 and "Galat: TELEGRAM_BOT_TOKEN" in proc.stderr
