"""plan_pengingat over real databases (SQLite, and PostgreSQL when configured) and the CLI.

Data: tests.factories (Lampiran II example): Kasubid (NIP_KASUBAG) is penanggung jawab of the seven
sub kegiatan SK-K1..SK-K7; Kabid (NIP_KABID), his atasan, of the eight program/sasaran indicators.
Pergub 17/2023 Pasal 15(4): January 2026 is due Fri 6 Feb 2026 (H-3 Tue 3 Feb, H+1 Mon 9 Feb);
Pasal 15(3) huruf b: Q1 2026 is due Tue 21 Apr 2026 (H-3 Thu 16 Apr).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from core import services
from core.cascade import Saluran
from core.deadlines import JenisTenggat
from core.holiday_source import HolidayOverride
from core.pengingat import ATASAN, BAPPEDA, DIGEST, MINGGUAN, TERLAMBAT, plan_pengingat
from core.realisasi import RealisasiInput
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KABID,
    NIP_KASUBAG,
    NIP_KEPALA,
    TAHUN,
    WAKTU_UJI,
    lampiran_ii_cascade,
    ropp_q1,
    seed_master,
)

D = Decimal
SK = [f"SK-{k}" for k in KEGIATAN_Q1]


@pytest.fixture
def seeded(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, _) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    return uow_factory


def lapor(uow_factory, kode, bulan, now):
    services.submit_realisasi(
        uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(1), D(0)),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=now,
    )


def test_plan_monthly_h3_and_overdue(seeded):
    # SK-K1 reported on Mon 2 Feb 2026 09:00 WIB; a revision on 10 Feb does not change "first reported"
    lapor(seeded, "SK-K1", 1, datetime(2026, 2, 2, 2, 0, tzinfo=UTC))
    lapor(seeded, "SK-K1", 1, datetime(2026, 2, 10, 2, 0, tzinfo=UTC))
    h3 = plan_pengingat(seeded(), date(2026, 2, 3))
    assert [(p.penerima_nip, p.tahap) for p in h3] == [(NIP_KASUBAG, "h-3")]
    assert [i.kode for i in h3[0].items] == SK[1:]
    assert h3[0].penerima_nama == "Kasubid Evaluasi (contoh)"
    assert all(i.tenggat == date(2026, 2, 6) for i in h3[0].items)

    h1 = {(p.penerima_nip, p.tahap): p for p in plan_pengingat(seeded(), date(2026, 2, 9))}
    assert set(h1) == {
        (NIP_KASUBAG, TERLAMBAT),
        (NIP_KABID, ATASAN),
        (BAPPEDA, DIGEST),
        (BAPPEDA, MINGGUAN),
    }
    assert [i.kode for i in h1[(NIP_KABID, ATASAN)].items] == SK[1:]
    assert "Bappeda (6)" in h1[(BAPPEDA, DIGEST)].pesan
    status = {i.kode: i.status for i in h1[(BAPPEDA, MINGGUAN)].items}
    assert status == {"SK-K1": "tepat_waktu", **{k: "belum" for k in SK[1:]}}

    # a report made on the day itself counts for that day's plan, not for earlier days
    lapor(seeded, "SK-K2", 1, datetime(2026, 2, 5, 1, 0, tzinfo=UTC))  # 08:00 WIB on H-1
    h1_day = plan_pengingat(seeded(), date(2026, 2, 5))
    assert [i.kode for i in h1_day[0].items] == SK[2:]
    assert [i.kode for i in plan_pengingat(seeded(), date(2026, 2, 3))[0].items] == SK[1:]


def test_plan_quarterly_indicators(seeded):
    services.submit_realisasi_indikator(
        seeded(),
        tahun=TAHUN,
        node_kode="PA",
        urutan=1,
        periode="2026-Q1",
        nilai=D(50),
        oleh_nip=NIP_KABID,
        saluran=Saluran.DASHBOARD,
        now=datetime(2026, 4, 10, 3, 0, tzinfo=UTC),
    )
    for bulan in (1, 2, 3):
        for k in SK:
            lapor(seeded, k, bulan, datetime(2026, bulan + 1, 2, 2, 0, tzinfo=UTC))
    plan = plan_pengingat(seeded(), date(2026, 4, 16))
    assert [(p.penerima_nip, p.tahap) for p in plan] == [(NIP_KABID, "h-3")]
    items = plan[0].items
    assert {i.jenis for i in items} == {JenisTenggat.TRIWULANAN}
    assert {i.tenggat for i in items} == {date(2026, 4, 21)}
    assert sorted(i.kode for i in items) == [
        "PA#2",
        "PB#1",
        "PC#1",
        "PD#1",
        "PE#1",
        "S1#1",
        "S1#2",
    ]


def test_override_in_database_moves_the_plan(seeded):
    services.set_override(
        seeded(), HolidayOverride(date(2026, 2, 6), True, "Cuti bersama"), now=WAKTU_UJI
    )
    assert [p.tahap for p in plan_pengingat(seeded(), date(2026, 2, 9))] == ["h"]
    assert plan_pengingat(seeded(), date(2026, 2, 6)) == []


def _sakip_reminders(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": ""}
    code = "import sys; from sakip.cli_pengingat import pengingat_app; pengingat_app(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_plan_json(database_url, seeded):
    proc = _sakip_reminders(database_url, "plan", "--date", "2026-02-03", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(p["penerima_nip"], p["tahap"]) for p in data] == [(NIP_KASUBAG, "h-3")]
    p = data[0]
    assert {"penerima_nip", "penerima_nama", "tahap", "kunci", "items", "pesan"} <= set(p)
    assert p["penerima_nama"] == "Kasubid Evaluasi (contoh)"
    assert [i["kode"] for i in p["items"]] == SK
    assert p["items"][0]["tenggat"] == "2026-02-06"
    assert p["pesan"].startswith("Yth. Kasubid Evaluasi (contoh),")

    table = _sakip_reminders(database_url, "plan", "--date", "2026-02-09")
    assert table.returncode == 0, table.stderr
    assert "Antrean pengingat 2026-02-09" in table.stdout
    assert "terlambat" in table.stdout and "atasan" in table.stdout

    bad = _sakip_reminders(database_url, "plan", "--date", "3-2-2026")
    assert bad.returncode == 1 and "Galat: tanggal" in bad.stderr


def test_apbd_documents_and_kendala_follow_up_from_the_database(seeded):
    # APBD 2026 set Mon 5 Jan 2026: ROPP due Wed 4 Feb (Pergub 17/2023 Pasal 11(2), 30 days), PK,
    # KKL, KAK due Thu 5 Feb (Pasal 8(4), 9(2), 10(2), one month). All seven sub kegiatan have a
    # ROPP (the fixture saves them), so only PK, KKL and KAK are reminded, at H-3 = Mon 2 Feb: one
    # of each for the PD, to its Kepala PD (Pasal 3(2) huruf d, 8(1); core/services_dokumen.py).
    from core.deadlines import ApbdDates
    from core.persistence.models import KendalaRow, PejabatRow
    from tests.factories import PD

    services.set_apbd(seeded(), ApbdDates(TAHUN, date(2026, 1, 5), None), now=WAKTU_UJI)
    plan = plan_pengingat(seeded(), date(2026, 2, 2))
    assert [(p.penerima_nip, p.tahap) for p in plan] == [(NIP_KEPALA, "h-3")]
    assert [(i.jenis.value, i.kode) for i in plan[0].items] == [
        ("pk", PD.kode),
        ("kkl", PD.kode),
        ("kak", PD.kode),
    ]
    # every ROPP is stored: no ROPP item; Kabid and Kasubid answer for none of the PD's documents
    assert not any(i.jenis is JenisTenggat.ROPP for p in plan for i in p.items)
    assert {NIP_KABID, NIP_KASUBAG}.isdisjoint(p.penerima_nip for p in plan)
    # Pergub 42/2018 Lampiran B.6: the follow-up of Bappeda's answer, by batas_tindak_lanjut
    with seeded() as uow:
        pelapor = uow.session.query(PejabatRow).filter_by(nip=NIP_KASUBAG).one()
        uow.session.add(
            KendalaRow(
                pd_id=pelapor.pd_id,
                pelapor_id=pelapor.id,
                periode="2026-02",
                uraian="Lahan belum dibebaskan",
                status="ditanggapi",
                saluran="bot",
                dibuat_pada=datetime(2026, 2, 20, 2, 0, tzinfo=UTC),
                ditanggapi_pada=datetime(2026, 2, 24, 2, 0, tzinfo=UTC),
                batas_tindak_lanjut=date(2026, 3, 5),
            )
        )
        uow.commit()
    (tl,) = [p for p in plan_pengingat(seeded(), date(2026, 3, 2)) if p.penerima_nip == NIP_KASUBAG]
    assert (tl.tahap, [i.kode for i in tl.items]) == ("h-3", ["KENDALA-1"])
    with seeded() as uow:
        uow.session.query(KendalaRow).update(
            {"status": "selesai", "selesai_pada": datetime(2026, 3, 3, 2, 0, tzinfo=UTC)}
        )
        uow.commit()
    h1 = plan_pengingat(seeded(), date(2026, 3, 4))
    assert not any(i.kode == "KENDALA-1" for p in h1 for i in p.items)
