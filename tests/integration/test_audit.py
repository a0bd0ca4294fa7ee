"""The audit trail and Bappeda's month locks over real databases (issue 6, item 3).

Pergub 42/2018 Pasal 28: reported data must be traceable: who changed what, when, through which
channel, old -> new, every correction kept; the trail cannot be edited. Pergub 17/2023 Pasal 13-14:
Bappeda verifies a PD's month and locks it; a change then needs Bappeda to reopen it with a reason.
Every test runs on SQLite and, with SAKIP_TEST_DATABASE_URL, on PostgreSQL (schema from Alembic).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from api.app import create_app, ping_engine
from core import services, services_akun, services_audit
from core.audit import BulanTerkunci
from core.cascade import Saluran, Tingkat
from core.deadlines import ApbdDates
from core.errors import TidakDitemukan, ValidasiError
from core.holiday_source import HolidayOverride
from core.impor import ImporDitolak, impor_workbook
from core.persistence.db import downgrade, make_engine, upgrade
from core.ports import AuditQueries, ImporQueries
from core.realisasi import RealisasiInput
from tests.factories import NIP_KASUBAG, PD, TAHUN, ind, node, ropp_lampiran_i, seed_master
from tests.fixtures import workbooks as wb

D = Decimal
NOW = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)  # 09:00 WIB
PD_NAMA = PD.nama
KODE_JAN = f"{TAHUN}/SK1/1"


@pytest.fixture
def seeded(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(
        uow_factory(),
        TAHUN,
        [
            node("T1", Tingkat.TUJUAN, None),
            node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
            node("S1", Tingkat.SASARAN_PD, "SD1"),
            node("P1", Tingkat.PROGRAM, "S1", indikator=(ind("Indikator Program P1"),)),
            node("K1", Tingkat.KEGIATAN, "P1"),
            node("SK1", Tingkat.SUB_KEGIATAN, "K1", pagu=D(1_824_205_000)),
        ],
    )
    services.save_ropp(uow_factory(), ropp_lampiran_i("SK1"))
    return uow_factory


def lapor(uow_factory, bulan, bobot, anggaran, *, saluran, now=NOW, **kw):
    alasan = kw.pop("alasan_koreksi", None)
    oleh_nama = kw.pop("oleh_nama", None)
    return services.submit_realisasi(
        uow_factory(),
        RealisasiInput("SK1", TAHUN, bulan, D(bobot), D(anggaran), **kw),
        oleh_nip=NIP_KASUBAG,
        saluran=saluran,
        now=now,
        oleh_nama=oleh_nama,
        alasan_koreksi=alasan,
    )


def jejak(uow_factory, entitas, kode):
    return services_audit.riwayat(uow_factory(), entitas, kode).catatan


def ringkas(catatan):
    return [(c.saluran, c.kolom, c.nilai_lama, c.nilai_baru) for c in catatan]


def kunci(uow_factory, bulan, now=NOW, oleh="Bappeda (verifikator)"):
    return services_audit.kunci_bulan(
        uow_factory(), PD.kode, TAHUN, bulan, oleh=oleh, now=now, saluran=Saluran.DASHBOARD
    )


def buka(uow_factory, bulan, alasan, now=NOW):
    return services_audit.buka_bulan(
        uow_factory(),
        PD.kode,
        TAHUN,
        bulan,
        oleh="Bappeda (verifikator)",
        alasan=alasan,
        now=now,
        saluran=Saluran.DASHBOARD,
    )


# ---------------------------------------------------------------------------- recording
def test_bot_report_and_api_correction_appear_old_to_new(seeded):
    """Pasal 28: who, when, the channel and old -> new of bobot, anggaran, volume, kendala, tindak lanjut."""
    lapor(
        seeded, 1, "3", "250000000", saluran=Saluran.BOT, volume_output={1: D(1)}, kendala="Hujan"
    )
    later = NOW + timedelta(days=1)
    lapor(
        seeded,
        1,
        "2.5",
        "260000000",
        saluran=Saluran.API,
        now=later,
        volume_output={1: D(2)},
        tindak_lanjut="Jadwal ulang",
        oleh_nama="Admin Bappeda",
        alasan_koreksi="Salah ketik anggaran",
    )
    catatan = jejak(seeded, "realisasi", KODE_JAN)
    assert ringkas(catatan) == [
        (Saluran.BOT, "revisi", None, "1"),
        (Saluran.BOT, "realisasi_bobot", None, "3"),
        (Saluran.BOT, "realisasi_anggaran", None, "250.000.000"),
        (Saluran.BOT, "output 1 volume", None, "1"),
        (Saluran.BOT, "kendala", None, "Hujan"),
        (Saluran.API, "revisi", "1", "2"),
        (Saluran.API, "realisasi_bobot", "3", "2,5"),
        (Saluran.API, "realisasi_anggaran", "250.000.000", "260.000.000"),
        (Saluran.API, "output 1 volume", "1", "2"),
        (Saluran.API, "kendala", "Hujan", None),
        (Saluran.API, "tindak_lanjut", None, "Jadwal ulang"),
        (Saluran.API, "alasan_koreksi", None, "Salah ketik anggaran"),
    ]
    assert {c.oleh for c in catatan[:5]} == {NIP_KASUBAG}
    assert {c.oleh for c in catatan[5:]} == {f"Admin Bappeda ({NIP_KASUBAG})"}
    assert {c.dicatat_pada for c in catatan[:5]} == {NOW}
    assert {c.dicatat_pada for c in catatan[5:]} == {later}
    # the item belongs to its sub kegiatan's PD (the API shows a pd account only its own items)
    assert services_audit.riwayat(seeded(), "realisasi", KODE_JAN).pd_kode == PD.kode
    # another month's trail is separate
    assert jejak(seeded, "realisasi", f"{TAHUN}/SK1/2") == []


def test_indicator_realisasi_is_recorded(seeded):
    for nilai, saluran in (("70", Saluran.BOT), ("72.5", Saluran.API)):
        services.submit_realisasi_indikator(
            seeded(),
            tahun=TAHUN,
            node_kode="P1",
            urutan=1,
            periode="2026-Q1",
            nilai=D(nilai),
            oleh_nip=NIP_KASUBAG,
            saluran=saluran,
            now=datetime(2026, 4, 2, 2, 0, tzinfo=UTC),
        )
    assert ringkas(jejak(seeded, "realisasi_ind", f"{TAHUN}/P1#1/2026-Q1")) == [
        (Saluran.BOT, "revisi", None, "1"),
        (Saluran.BOT, "nilai", None, "70"),
        (Saluran.API, "revisi", "1", "2"),
        (Saluran.API, "nilai", "70", "72,5"),
    ]


def test_calendar_overrides_and_apbd_dates_are_recorded(seeded):
    hari = date(2026, 2, 5)
    services.set_override(
        seeded(),
        HolidayOverride(hari, True, "Cuti bersama"),
        now=NOW,
        saluran=Saluran.API,
        oleh="a",
    )
    services.set_override(
        seeded(), HolidayOverride(hari, True, "Cuti bersama tambahan"), now=NOW, oleh="b"
    )
    assert services.delete_override(seeded(), hari, now=NOW, saluran=Saluran.DASHBOARD, oleh="c")
    assert not services.delete_override(seeded(), hari, now=NOW, oleh="c")  # nothing to remove
    assert [(c.saluran, c.oleh, c.kolom, c.nilai_lama, c.nilai_baru) for c in jejak(seeded, "kalender", "2026-02-05")] == [
        (Saluran.API, "a", "libur", None, "ya"),
        (Saluran.API, "a", "keterangan", None, "Cuti bersama"),
        (Saluran.CLI, "b", "keterangan", "Cuti bersama", "Cuti bersama tambahan"),
        (Saluran.DASHBOARD, "c", "libur", "ya", None),
        (Saluran.DASHBOARD, "c", "keterangan", "Cuti bersama tambahan", None),
    ]  # fmt: skip
    services.set_apbd(seeded(), ApbdDates(TAHUN, date(2025, 11, 28), None), now=NOW, oleh="a")
    services.set_apbd(
        seeded(), ApbdDates(TAHUN, date(2025, 11, 28), date(2026, 9, 15)), now=NOW, oleh="a"
    )
    assert ringkas(jejak(seeded, "apbd", str(TAHUN))) == [
        (Saluran.CLI, "apbd", None, "2025-11-28"),
        (Saluran.CLI, "apbd_perubahan", None, "2026-09-15"),
    ]


# ---------------------------------------------------------------------------- month locks
def test_locked_month_refuses_bot_and_api_submissions_and_saves_nothing(seeded):
    lapor(seeded, 1, "3", "250000000", saluran=Saluran.BOT)
    kunci(seeded, 1)
    sebelum = jejak(seeded, "realisasi", KODE_JAN)
    for saluran in (Saluran.BOT, Saluran.API, Saluran.DASHBOARD):
        with pytest.raises(BulanTerkunci) as info:
            lapor(seeded, 1, "3", "300000000", saluran=saluran)
        assert str(info.value) == (
            f"Realisasi SK1: Bulan Januari 2026 untuk {PD_NAMA} sudah diverifikasi dan dikunci "
            "Bappeda; minta Bappeda membuka kembali."
        )
    assert isinstance(info.value, ValidasiError)  # every shell shows it like any refusal
    history = services.realisasi_history(seeded(), TAHUN, "SK1", 1)
    assert [(h.revisi, h.realisasi_anggaran) for h in history] == [(1, D(250000000))]
    assert jejak(seeded, "realisasi", KODE_JAN) == sebelum
    # another month of the same PD is open
    assert lapor(seeded, 2, "18.95", "1", saluran=Saluran.BOT).tersimpan.revisi == 1


def test_reopening_needs_a_reason_and_lock_and_reopen_are_in_the_trail(seeded):
    kunci(seeded, 1)
    assert kunci(seeded, 1, now=NOW + timedelta(hours=1)).diubah_pada == NOW  # idempotent
    for alasan in (None, "", "   "):
        with pytest.raises(ValidasiError, match="alasan membuka kembali bulan"):
            buka(seeded, 1, alasan)
    assert services_audit.status_kunci(seeded(), PD.kode, TAHUN)[0].terkunci  # still locked
    dibuka = buka(
        seeded, 1, "  Koreksi anggaran setelah rekonsiliasi  ", now=NOW + timedelta(days=2)
    )
    assert (dibuka.terkunci, dibuka.alasan) == (False, "Koreksi anggaran setelah rekonsiliasi")
    assert lapor(seeded, 1, "3", "250000000", saluran=Saluran.BOT).tersimpan.revisi == 1
    with pytest.raises(ValidasiError, match="tidak sedang dikunci"):
        buka(seeded, 1, "Sekali lagi dibuka")
    catatan = jejak(seeded, "kunci_bulan", f"{TAHUN}/{PD.kode}/1")
    assert [(c.saluran, c.oleh, c.kolom, c.nilai_lama, c.nilai_baru) for c in catatan] == [
        (Saluran.DASHBOARD, "Bappeda (verifikator)", "terkunci", "tidak", "ya"),
        (Saluran.DASHBOARD, "Bappeda (verifikator)", "terkunci", "ya", "tidak"),
        (Saluran.DASHBOARD, "Bappeda (verifikator)", "alasan", None, "Koreksi anggaran setelah rekonsiliasi"),
    ]  # fmt: skip
    status = services_audit.status_kunci(seeded(), PD.kode, TAHUN)
    assert len(status) == 12 and not any(s.terkunci for s in status)
    with pytest.raises(TidakDitemukan):
        services_audit.kunci_bulan(
            seeded(), "NOPE", TAHUN, 1, oleh="x", now=NOW, saluran=Saluran.API
        )
    with pytest.raises(ValidasiError):
        kunci(seeded, 13)


def _lapor_ind(seeded, periode, saluran=Saluran.BOT, **isian):
    """P1's first indicator reported for ``periode`` in July 2026 (Pergub 17/2023 Pasal 15(3))."""
    return services.submit_realisasi_indikator(
        seeded(),
        tahun=TAHUN,
        node_kode="P1",
        urutan=1,
        periode=periode,
        nilai=D(80),
        oleh_nip=NIP_KASUBAG,
        saluran=saluran,
        now=datetime(2026, 7, 2, 2, 0, tzinfo=UTC),
        **isian,
    )


def test_locked_closing_month_refuses_the_quarter_indicator(seeded):
    """Pergub 17/2023 Pasal 15(3): the Q1 report belongs to March; locking March freezes it."""
    kunci(seeded, 3)
    with pytest.raises(BulanTerkunci, match="Bulan Maret 2026"):
        _lapor_ind(seeded, "2026-Q1")
    assert jejak(seeded, "realisasi_ind", f"{TAHUN}/P1#1/2026-Q1") == []
    assert _lapor_ind(seeded, "2026-Q2").tersimpan.revisi == 1


def test_indicator_kendala_that_says_none_is_stored_as_none(seeded):
    """A Kabid's "nihil" / "-" (dashboard, API or bot) is no kendala, as the "Tidak ada" button."""
    hasil = _lapor_ind(seeded, "2026-Q2", Saluran.DASHBOARD, kendala="Nihil.", tindak_lanjut=" - ")
    assert (hasil.tersimpan.kendala, hasil.tersimpan.tindak_lanjut) == (None, None)


def _impor(uow_factory, data):
    return impor_workbook(uow_factory(), data, wb.TAHUN, dry_run=False, now=NOW, oleh="uji")


def _dengan_realisasi(rows):
    return wb.ubah(
        wb.workbook_lampiran_i_teks(), lambda book: wb.isi_lembar(book, "Realisasi", rows)
    )


def test_locked_month_refuses_an_import_row_and_saves_nothing(uow_factory):
    assert _impor(uow_factory, _dengan_realisasi([[wb.SK, "1", "3", "250.000.000"]])).ditulis
    services_audit.kunci_bulan(
        uow_factory(), wb.PD_KODE, wb.TAHUN, 1, oleh="Bappeda", now=NOW, saluran=Saluran.DASHBOARD
    )
    sebelum_log = len(jejak(uow_factory, "realisasi", f"{wb.TAHUN}/{wb.SK}/1"))
    # an unchanged January row is no change: the exported data still round-trips
    assert not _impor(uow_factory, _dengan_realisasi([[wb.SK, "1", "3", "250.000.000"]])).ditulis
    data = _dengan_realisasi(
        [[wb.SK, "1", "3", "300.000.000"], [wb.SK, "2", "18,95", "194.700.000"]]
    )
    with pytest.raises(ImporDitolak) as info:
        _impor(uow_factory, data)
    (masalah,) = info.value.rincian
    assert (masalah.lembar, masalah.baris, masalah.kolom) == ("Realisasi", 2, "B")
    assert masalah.pesan == (
        f"Realisasi {wb.SK}: Bulan Januari 2026 untuk Badan Perencanaan Pembangunan Daerah sudah "
        "diverifikasi dan dikunci Bappeda; minta Bappeda membuka kembali."
    )
    with pytest.raises(ImporDitolak):  # a dry run says the same
        impor_workbook(uow_factory(), data, wb.TAHUN, dry_run=True, now=NOW, oleh="uji")
    # nothing half-saved: neither January's change nor February's row
    uow = uow_factory()
    with uow:
        latest = uow.repo.list_latest_realisasi(wb.TAHUN)[wb.SK]
    assert set(latest) == {1} and latest[1].realisasi_anggaran == D(250_000_000)
    assert len(jejak(uow_factory, "realisasi", f"{wb.TAHUN}/{wb.SK}/1")) == sebelum_log
    assert jejak(uow_factory, "realisasi", f"{wb.TAHUN}/{wb.SK}/2") == []
    # reopened with a reason, the same workbook goes in
    services_audit.buka_bulan(
        uow_factory(),
        wb.PD_KODE,
        wb.TAHUN,
        1,
        oleh="Bappeda",
        alasan="Koreksi hasil rekonsiliasi",
        now=NOW,
        saluran=Saluran.DASHBOARD,
    )
    assert _impor(uow_factory, data).ditulis


# ---------------------------------------------------------------------------- append-only
def test_the_trail_has_no_edit_path_and_the_database_refuses_updates(seeded, engine):
    lapor(seeded, 1, "3", "250000000", saluran=Saluran.BOT)
    # no query of the repository changes or removes a record of the trail
    for proto in (AuditQueries, ImporQueries):
        names = {n for n in vars(proto) if not n.startswith("_")}
        assert not {n for n in names if n.startswith(("ubah", "hapus", "update", "delete"))}
    # and the database itself refuses it, whoever connects (migration 0005)
    for sql in (
        "UPDATE perubahan_data SET nilai_baru = '99'",
        "DELETE FROM perubahan_data",
    ):
        with engine.connect() as conn, pytest.raises(DBAPIError, match="hanya boleh ditambah"):
            conn.execute(text(sql))
    assert [c.nilai_baru for c in jejak(seeded, "realisasi", KODE_JAN)] == [
        "1",
        "3",
        "250.000.000",
    ]


def test_migration_0005_downgrades_and_upgrades(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    eng = make_engine(url)
    insert = (
        "INSERT INTO perubahan_data (dicatat_pada, saluran, entitas, kode, kolom) "
        "VALUES ('2026-02-03 02:00:00', 'bot', 'realisasi', 'x', 'y')"
    )
    with eng.begin() as conn:
        conn.execute(text(insert))
    with eng.begin() as conn, pytest.raises(DBAPIError, match="hanya boleh ditambah"):
        conn.execute(text("DELETE FROM perubahan_data"))
    eng.dispose()
    downgrade(url, "0004")
    eng = make_engine(url)
    with eng.begin() as conn:
        assert "perubahan_data" in inspect(conn).get_table_names()
        assert conn.execute(text("DELETE FROM perubahan_data")).rowcount == 1
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(text(insert))
    with eng.begin() as conn, pytest.raises(DBAPIError, match="hanya boleh ditambah"):
        conn.execute(text("UPDATE perubahan_data SET kolom = 'z'"))
    eng.dispose()


# ---------------------------------------------------------------------------- API
LAIN = "9.99.0.00.0.00.01.0000"


@pytest.fixture
def client(seeded, engine):
    from core.cascade import Kelompok, PerangkatDaerah

    services.register_pd(seeded(), [PerangkatDaerah(LAIN, "Dinas Lain", "DL", Kelompok.I)])
    app = create_app(seeded, ping_engine(engine), clock=lambda: NOW)
    tokens = {}
    for username, peran, pd in (
        ("admin1", "admin", None),
        ("bappeda1", "bappeda", None),
        ("pd1", "pd", PD.kode),
        ("pdlain", "pd", LAIN),
    ):
        services_akun.buat_akun(
            seeded(),
            username=username,
            nama=f"Akun {username}",
            password="rahasia-sekali-123",
            peran=peran,
            pd_kode=pd,
            now=NOW,
        )
        tokens[username] = services_akun.buat_api_token(seeded(), username, "uji", NOW).token
    with TestClient(app) as c:
        c.headers_for = lambda u: {"Authorization": f"Bearer {tokens[u]}"}  # type: ignore[attr-defined]
        yield c


def test_api_audit_shows_old_to_new_and_respects_the_pd(client, seeded):
    lapor(seeded, 1, "3", "250000000", saluran=Saluran.BOT)
    lapor(seeded, 1, "2.5", "250000000", saluran=Saluran.API, alasan_koreksi="Salah ketik")
    q = {"entitas": "realisasi", "kode": KODE_JAN}
    for user in ("admin1", "bappeda1", "pd1"):
        r = client.get("/api/v1/audit", params=q, headers=client.headers_for(user))
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["pd"] == PD.kode
        koreksi = [c for c in body["catatan"] if c["saluran"] == "api"]
        assert [(c["kolom"], c["nilai_lama"], c["nilai_baru"]) for c in koreksi] == [
            ("revisi", "1", "2"),
            ("realisasi_bobot", "3", "2,5"),
            ("alasan_koreksi", None, "Salah ketik"),
        ]
    # a pd account cannot read another PD's items, nor province-wide ones
    assert (
        client.get("/api/v1/audit", params=q, headers=client.headers_for("pdlain")).status_code
        == 403
    )
    kal = {"entitas": "kalender", "kode": "2026-02-05"}
    assert (
        client.get("/api/v1/audit", params=kal, headers=client.headers_for("pd1")).status_code
        == 403
    )
    assert (
        client.get("/api/v1/audit", params=kal, headers=client.headers_for("bappeda1")).status_code
        == 200
    )
    assert client.get("/api/v1/audit", params=q).status_code == 401
    bad = client.get(
        "/api/v1/audit", params={"entitas": "x", "kode": "y"}, headers=client.headers_for("admin1")
    )
    assert bad.status_code == 422
    malformed = {"entitas": "realisasi", "kode": "bukan-kode"}
    assert (
        client.get(
            "/api/v1/audit", params=malformed, headers=client.headers_for("admin1")
        ).status_code
        == 422
    )
    # no interface edits the trail: the path answers only GET
    for method in ("put", "patch", "delete", "post"):
        r = getattr(client, method)("/api/v1/audit", params=q, headers=client.headers_for("admin1"))
        assert r.status_code == 405
    methods = {m for r in client.app.routes if "audit" in getattr(r, "path", "") for m in r.methods}
    assert methods <= {"GET", "HEAD"}


def test_api_lock_and_reopen_by_bappeda_only(client, seeded):
    body = {"pd": PD.kode, "tahun": TAHUN, "bulan": 1}
    for user in ("pd1", "pdlain"):
        r = client.post("/api/v1/kunci-bulan", json=body, headers=client.headers_for(user))
        assert r.status_code == 403
    assert not services_audit.status_kunci(seeded(), PD.kode, TAHUN)[0].terkunci
    r = client.post("/api/v1/kunci-bulan", json=body, headers=client.headers_for("bappeda1"))
    assert r.status_code == 200 and r.json()["terkunci"] is True
    assert r.json()["oleh"] == "Akun bappeda1 (bappeda1)"
    # the lock holds for every channel; the message names the month and the PD
    with pytest.raises(BulanTerkunci, match=f"Bulan Januari 2026 untuk {PD_NAMA}"):
        lapor(seeded, 1, "3", "1", saluran=Saluran.API)
    status = client.get(
        "/api/v1/kunci-bulan", params={"tahun": TAHUN}, headers=client.headers_for("pd1")
    ).json()
    assert len(status) == 12 and [s["bulan"] for s in status if s["terkunci"]] == [1]
    lain = client.get(
        "/api/v1/kunci-bulan",
        params={"tahun": TAHUN, "pd": PD.kode},
        headers=client.headers_for("pdlain"),
    )
    assert lain.status_code == 403
    semua = client.get(
        "/api/v1/kunci-bulan", params={"tahun": TAHUN}, headers=client.headers_for("admin1")
    ).json()
    assert [(s["pd"], s["bulan"], s["terkunci"]) for s in semua] == [(PD.kode, 1, True)]
    # reopening: pd accounts cannot, and Bappeda must give a reason
    r = client.post(
        "/api/v1/kunci-bulan/buka",
        json={**body, "alasan": "Koreksi"},
        headers=client.headers_for("pd1"),
    )
    assert r.status_code == 403
    r = client.post("/api/v1/kunci-bulan/buka", json=body, headers=client.headers_for("bappeda1"))
    assert r.status_code == 422 and "alasan" in r.text
    r = client.post(
        "/api/v1/kunci-bulan/buka",
        json={**body, "alasan": "Koreksi setelah rekonsiliasi"},
        headers=client.headers_for("admin1"),
    )
    assert r.status_code == 200 and r.json()["terkunci"] is False
    assert lapor(seeded, 1, "3", "1", saluran=Saluran.API).tersimpan.revisi == 1
    trail = client.get(
        "/api/v1/audit",
        params={"entitas": "kunci_bulan", "kode": f"{TAHUN}/{PD.kode}/1"},
        headers=client.headers_for("pd1"),
    ).json()["catatan"]
    assert [(c["saluran"], c["kolom"], c["nilai_baru"]) for c in trail] == [
        ("api", "terkunci", "ya"),
        ("api", "terkunci", "tidak"),
        ("api", "alasan", "Koreksi setelah rekonsiliasi"),
    ]
    unknown = client.post(
        "/api/v1/kunci-bulan", json={**body, "pd": "NOPE"}, headers=client.headers_for("admin1")
    )
    assert unknown.status_code == 404
    extra = client.post(
        "/api/v1/kunci-bulan", json={**body, "bulan": 13}, headers=client.headers_for("admin1")
    )
    assert extra.status_code == 422


def test_api_endpoint_correction_is_in_the_trail_and_refused_when_locked(client, seeded):
    """A correction through POST /api/v1/realisasi is recorded with channel api; a locked month is refused."""
    lapor(seeded, 1, "3", "250000000", saluran=Saluran.BOT)
    body = {
        "sub_kegiatan": "SK1",
        "tahun": TAHUN,
        "bulan": 1,
        "realisasi_bobot": "3",
        "realisasi_anggaran": "275000000",
        "alasan": "Rekonsiliasi SP2D",
    }
    r = client.post("/api/v1/realisasi", json=body, headers=client.headers_for("pd1"))
    assert r.status_code == 201, r.text
    trail = client.get(
        "/api/v1/audit",
        params={"entitas": "realisasi", "kode": KODE_JAN},
        headers=client.headers_for("bappeda1"),
    ).json()["catatan"]
    api = [
        (c["kolom"], c["nilai_lama"], c["nilai_baru"], c["oleh"])
        for c in trail
        if c["saluran"] == "api"
    ]
    assert api == [
        ("revisi", "1", "2", "Akun pd1 (pd1)"),
        ("realisasi_anggaran", "250.000.000", "275.000.000", "Akun pd1 (pd1)"),
        ("alasan_koreksi", None, "Rekonsiliasi SP2D", "Akun pd1 (pd1)"),
    ]  # fmt: skip
    kunci(seeded, 1)
    r = client.post(
        "/api/v1/realisasi",
        json={**body, "realisasi_anggaran": "1"},
        headers=client.headers_for("pd1"),
    )
    assert r.status_code in (409, 422, 423) and "sudah diverifikasi dan dikunci Bappeda" in r.text
    assert len(services.realisasi_history(seeded(), TAHUN, "SK1", 1)) == 2


def test_api_refuses_control_characters_with_a_4xx(client):
    """Bad input gets a proper 4xx and nothing changes (issue 6, 'Bad input')."""
    h = client.headers_for("admin1")
    r = client.get(
        "/api/v1/audit", params={"entitas": "realisasi", "kode": "2026/SK1\x00/1"}, headers=h
    )
    assert r.status_code == 422
    body = {"pd": PD.kode, "tahun": TAHUN, "bulan": 1}
    assert (
        client.post("/api/v1/kunci-bulan", json={**body, "pd": "X\x00"}, headers=h).status_code
        == 422
    )
    assert (
        client.post(
            "/api/v1/kunci-bulan", json={**body, "catatan": "a\x00b"}, headers=h
        ).status_code
        == 422
    )
    assert (
        client.post("/api/v1/kunci-bulan", json={**body, "tahun": "x"}, headers=h).status_code
        == 422
    )
    status = client.get("/api/v1/kunci-bulan", params={"tahun": TAHUN}, headers=h).json()
    assert status == []  # nothing was locked
