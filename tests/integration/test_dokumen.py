"""PK, KKL and KAK of a PD submitted (migration 0006, core/services_dokumen.py, the planner, the API
and the CLI) on SQLite and PostgreSQL.

Pergub Banten 17/2023: PK due one month after the APBD is set (Pasal 8(4)), KKL (Pasal 9(2)) and
KAK (Pasal 10(2)) likewise. APBD 2026 set Mon 5 Jan 2026 -> all three due Thu 5 Feb 2026: H-3 Mon
2 Feb, H-1 Wed 4 Feb, H Thu 5 Feb, H+1 Fri 6 Feb. The Kepala PD answers for them (Pasal 3(2) huruf
d, 8(1)(5), 9(1)): the official of the PD whose atasan is outside the PD, or who has none.

Two PD: Bappeda (tests.factories; Kepala Bappeda has no atasan) and Dinas Kesehatan, whose Kepala
Dinas has an Asisten Daerah (no PD) as atasan.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import services, services_dokumen
from core.calendar import WIB
from core.cascade import CascadeNode, Kelompok, Pejabat, PerangkatDaerah, Saluran, Tingkat
from core.deadlines import ApbdDates
from core.errors import TidakDitemukan, ValidasiError
from core.pengingat import ATASAN, BAPPEDA, DIGEST, MINGGUAN, TERLAMBAT, plan_pengingat
from core.persistence.db import downgrade, make_engine, upgrade
from core.persistence.models import DokumenPerencanaanRow, PerangkatDaerahRow
from tests.api.conftest import make_client, seed_api
from tests.conftest import PG_URL, FakeClock
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KEPALA,
    PD,
    TAHUN,
    WAKTU_UJI,
    lampiran_ii_cascade,
    ropp_lampiran_i,
    ropp_q1,
    seed_master,
)
from tests.integration.test_cli import sakip
from tests.pg_sementara import pg_sementara

DINKES = PerangkatDaerah("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes", Kelompok.I)
NIP_ASISTEN = "999900000000000200"
NIP_KADINKES = "999900000000000210"
NIP_KASI = "999900000000000211"
APBD_2026 = ApbdDates(TAHUN, date(2026, 1, 5), None)


def wib(d: date, jam: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, jam, 0, tzinfo=WIB).astimezone(UTC)


# ----------------------------------------------------------------------------- migration 0006
def _down_up(url: str) -> None:
    upgrade(url)
    downgrade(url, "0005")
    eng = make_engine(url)
    with eng.connect() as conn:
        assert "dokumen_perencanaan" not in inspect(conn).get_table_names()
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        insp = inspect(conn)
        assert "dokumen_perencanaan" in insp.get_table_names()
        uq = {
            u["name"]: u["column_names"] for u in insp.get_unique_constraints("dokumen_perencanaan")
        }
        assert uq["uq_dokumen_perencanaan_pd_tahun_jenis_perubahan"] == [
            "pd_id",
            "tahun",
            "jenis",
            "perubahan",
        ]
    eng.dispose()


def test_migration_0006_downgrades_and_upgrades_sqlite(tmp_path) -> None:
    _down_up(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.skipif(not PG_URL, reason="SAKIP_TEST_DATABASE_URL is not set")
def test_migration_0006_downgrades_and_upgrades_postgresql() -> None:
    assert PG_URL
    with pg_sementara(PG_URL, "sakip_test_m6_") as url:
        _down_up(url)


def test_constraints_hold_in_the_database(engine, uow_factory) -> None:
    seed_master(uow_factory)
    with Session(engine) as s:
        pd_id = s.query(PerangkatDaerahRow.id).filter_by(kode=PD.kode).scalar()

        def row(jenis: str = "PK", perubahan: bool = False) -> DokumenPerencanaanRow:
            return DokumenPerencanaanRow(
                pd_id=pd_id,
                tahun=TAHUN,
                jenis=jenis,
                perubahan=perubahan,
                diserahkan_pada=date(2026, 2, 3),
                dicatat_pada=datetime(2026, 2, 3, 3, 0, tzinfo=UTC),
                oleh="uji",
                saluran="cli",
            )

        s.add_all([row(), row(perubahan=True)])
        s.commit()
        stored = s.query(DokumenPerencanaanRow).order_by(DokumenPerencanaanRow.id).first()
        assert stored is not None and stored.dicatat_pada == datetime(2026, 2, 3, 3, 0, tzinfo=UTC)
        s.add(row())  # the same PD, year, jenis and round twice
        with pytest.raises(IntegrityError):
            s.commit()
        s.rollback()
        s.add(row(jenis="RENJA"))  # not a planning document of Pasal 4
        with pytest.raises(IntegrityError):
            s.commit()


# ----------------------------------------------------------------------------- the use case
def test_serahkan_records_corrects_and_audits(uow_factory) -> None:
    seed_master(uow_factory)
    now = wib(date(2026, 2, 3))
    d, baru = services_dokumen.serahkan_dokumen(
        uow_factory(), PD.kode, TAHUN, "pk", False, None, now, Saluran.DASHBOARD, "Operator"
    )
    assert baru and d.jenis == "PK" and d.diserahkan_pada == date(2026, 2, 3)
    # recording it again corrects the date; both are in the audit trail (Pergub 42/2018 Pasal 28)
    d2, baru2 = services_dokumen.serahkan_dokumen(
        uow_factory(), PD.kode, TAHUN, "PK", False, date(2026, 2, 2), now, Saluran.CLI, "Admin"
    )
    assert not baru2 and d2.diserahkan_pada == date(2026, 2, 2)
    with uow_factory() as uow:
        trail = uow.repo.list_perubahan("dokumen", f"{TAHUN}/{PD.kode}/PK")
        (row,) = uow.repo.dokumen_diserahkan(TAHUN)
    assert [(c.kolom, c.nilai_lama, c.nilai_baru, c.oleh, c.saluran) for c in trail] == [
        ("diserahkan_pada", None, "2026-02-03", "Operator", Saluran.DASHBOARD),
        ("diserahkan_pada", "2026-02-03", "2026-02-02", "Admin", Saluran.CLI),
    ]
    assert (row.diserahkan_pada, row.oleh, row.saluran) == (date(2026, 2, 2), "Admin", "cli")

    def tolak(exc: type[Exception], pesan: str, **kw: object) -> None:
        args: dict[str, object] = {
            "pd_kode": PD.kode,
            "tahun": TAHUN,
            "jenis": "KKL",
            "perubahan": False,
            "tanggal": None,
            "now": now,
            "saluran": Saluran.API,
            "oleh": "x",
        }
        args.update(kw)
        with pytest.raises(exc) as info:
            services_dokumen.serahkan_dokumen(uow_factory(), **args)  # type: ignore[arg-type]
        assert pesan in str(info.value)

    tolak(ValidasiError, "belum terjadi", tanggal=date(2026, 2, 4))
    tolak(ValidasiError, "pilih PK, KKL atau KAK", jenis="ROPP")
    tolak(TidakDitemukan, "tidak ditemukan", pd_kode="9.99")
    tolak(ValidasiError, "Perubahan APBD 2026 belum diisi", perubahan=True)
    services.set_apbd(
        uow_factory(), ApbdDates(TAHUN, date(2026, 1, 5), date(2026, 1, 20)), now=WAKTU_UJI
    )
    tolak(ValidasiError, "sebelum Perubahan APBD", perubahan=True, tanggal=date(2026, 1, 19))
    with uow_factory() as uow:
        assert len(uow.repo.dokumen_diserahkan(TAHUN)) == 1  # nothing refused was stored


# ----------------------------------------------------------------------------- the planner
def seed_dua_pd(uow_factory) -> None:
    seed_master(uow_factory)
    services.register_pd(uow_factory(), [DINKES])
    services.register_pejabat(
        uow_factory(),
        [
            Pejabat(NIP_ASISTEN, "Asisten Daerah (contoh)", "Asisten", "II.a", None),
            Pejabat(NIP_KADINKES, "Kadinkes (contoh)", "Kepala Dinas", "II.a", DINKES.kode),
            Pejabat(NIP_KASI, "Kasi Dinkes (contoh)", "Kepala Seksi", "IV.a", DINKES.kode),
        ],
    )
    services.register_pejabat(
        uow_factory(),
        [
            Pejabat(
                NIP_KADINKES, "Kadinkes (contoh)", "Kepala Dinas", "II.a", DINKES.kode, NIP_ASISTEN
            ),
            Pejabat(
                NIP_KASI, "Kasi Dinkes (contoh)", "Kepala Seksi", "IV.a", DINKES.kode, NIP_KADINKES
            ),
        ],
    )

    def n(kode: str, tingkat: Tingkat, induk: str, **kw: object) -> CascadeNode:
        return CascadeNode(kode, tingkat, f"{tingkat.label} {kode}", induk, DINKES.kode, **kw)  # type: ignore[arg-type]

    dinkes = [
        n("S-DINKES", Tingkat.SASARAN_PD, "SD1"),
        n("P-DINKES", Tingkat.PROGRAM, "S-DINKES"),
        n("K-DINKES", Tingkat.KEGIATAN, "P-DINKES"),
        n("SK-DINKES", Tingkat.SUB_KEGIATAN, "K-DINKES", penanggung_jawab_nip=NIP_KASI),
    ]
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade() + dinkes)
    for k, (q1, _) in KEGIATAN_Q1.items():  # every ROPP is in: only PK, KKL, KAK are due
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    services.save_ropp(uow_factory(), ropp_lampiran_i("SK-DINKES"))
    services.set_apbd(uow_factory(), APBD_2026, now=WAKTU_UJI)


_DOK = {"pk", "kkl", "kak"}
B = PD.kode
K = DINKES.kode
#: the submissions, recorded on the day (before that day's plan)
PENYERAHAN = {
    date(2026, 2, 3): [(B, "PK")],  # Bappeda's PK between H-3 and H-1: no H-1 for it
    date(2026, 2, 5): [(B, "KKL"), (B, "KAK")],  # on day H, on time
    date(2026, 2, 10): [(K, "PK")],  # Dinkes, late; its KKL and KAK never come
}
# Hand-written expectation (only the PK/KKL/KAK items of each message; Bappeda's PD code
# 4.01... sorts after Dinkes' 1.02... in Bappeda's messages).
EXPECTED = {
    date(2026, 2, 2): [
        (NIP_KEPALA, "h-3", [("pk", B), ("kkl", B), ("kak", B)]),
        (NIP_KADINKES, "h-3", [("pk", K), ("kkl", K), ("kak", K)]),
    ],
    date(2026, 2, 4): [
        (NIP_KEPALA, "h-1", [("kkl", B), ("kak", B)]),
        (NIP_KADINKES, "h-1", [("pk", K), ("kkl", K), ("kak", K)]),
    ],
    date(2026, 2, 5): [(NIP_KADINKES, "h", [("pk", K), ("kkl", K), ("kak", K)])],
    date(2026, 2, 6): [
        (NIP_ASISTEN, ATASAN, [("pk", K), ("kkl", K), ("kak", K)]),
        (NIP_KADINKES, TERLAMBAT, [("pk", K), ("kkl", K), ("kak", K)]),
        (BAPPEDA, DIGEST, [("pk", K), ("kkl", K), ("kak", K)]),
    ],
    date(2026, 2, 9): [
        (BAPPEDA, DIGEST, [("pk", K), ("kkl", K), ("kak", K)]),
        (BAPPEDA, MINGGUAN, [("pk", K), ("kkl", K), ("kak", K), ("pk", B), ("kkl", B), ("kak", B)]),
    ],
    date(2026, 2, 10): [(BAPPEDA, DIGEST, [("kkl", K), ("kak", K)])],
}


def test_simulated_pk_deadline_day_by_day(uow_factory) -> None:
    seed_dua_pd(uow_factory)
    got = {}
    pesan = {}
    d = date(2026, 1, 29)
    while d <= date(2026, 2, 10):
        for pd, jenis in PENYERAHAN.get(d, []):
            services_dokumen.serahkan_dokumen(
                uow_factory(), pd, TAHUN, jenis, False, None, wib(d), Saluran.DASHBOARD, "operator"
            )
        baris = []
        for p in plan_pengingat(uow_factory(), d):
            dok = [(i.jenis.value, i.kode) for i in p.items if i.jenis.value in _DOK]
            if dok:
                baris.append((p.penerima_nip, p.tahap, dok))
                pesan[(d, p.penerima_nip, p.tahap)] = p
        if baris:
            got[d] = baris
        d += timedelta(days=1)
    assert got == EXPECTED

    digest = pesan[(date(2026, 2, 6), BAPPEDA, DIGEST)].pesan
    assert (
        f"- Kadinkes (contoh): Perjanjian Kinerja 2026: Perjanjian Kinerja Dinkes [{K}], "
        "tenggat Kamis, 5 Februari 2026" in digest
    )
    assert "Dinkes (3):" in digest
    atasan = pesan[(date(2026, 2, 6), NIP_ASISTEN, ATASAN)]
    assert atasan.pesan.startswith("Yth. Asisten Daerah (contoh),")
    assert {i.penanggung_jawab_nip for i in atasan.items} == {NIP_KADINKES}
    mingguan = pesan[(date(2026, 2, 9), BAPPEDA, MINGGUAN)]
    status = {(i.jenis.value, i.kode): i.status for i in mingguan.items if i.jenis.value in _DOK}
    assert status == {
        ("pk", B): "tepat_waktu",
        ("kkl", B): "tepat_waktu",
        ("kak", B): "tepat_waktu",
        ("pk", K): "belum",
        ("kkl", K): "belum",
        ("kak", K): "belum",
    }

    rows = {
        (r.pd_kode, r.jenis.value): r
        for r in services_dokumen.daftar_dokumen(uow_factory(), TAHUN, wib(date(2026, 2, 10)))
    }
    assert {k: r.status for k, r in rows.items()} == {
        (B, "PK"): "tepat_waktu",
        (B, "KKL"): "tepat_waktu",
        (B, "KAK"): "tepat_waktu",
        (K, "PK"): "terlambat",
        (K, "KKL"): "belum",
        (K, "KAK"): "belum",
    }
    assert rows[(K, "PK")].penanggung_jawab_nip == NIP_KADINKES
    assert rows[(B, "PK")].penanggung_jawab_nip == NIP_KEPALA
    assert rows[(K, "PK")].tenggat == date(2026, 2, 5)
    assert rows[(K, "PK")].dasar_hukum == "Pergub 17/2023 Pasal 8(4)"


# ----------------------------------------------------------------------------- the API
@pytest.fixture
def api(uow_factory, engine):
    clock = FakeClock(datetime(2026, 2, 3, 2, 0, tzinfo=UTC))  # Tue 3 Feb 2026, 09:00 WIB
    token = seed_api(uow_factory, clock())
    services.set_apbd(uow_factory(), APBD_2026, now=WAKTU_UJI)
    with make_client(uow_factory, engine, clock) as client:
        yield client, {k: {"Authorization": f"Bearer {t}"} for k, t in token.items()}


def test_api_records_and_lists_with_pd_scope(api, uow_factory) -> None:
    from tests.api.conftest import PD2

    client, auth = api
    url = "/api/v1/dokumen"
    body = {"pd": PD.kode, "tahun": TAHUN, "jenis": "PK"}
    # a pd account may record only its own PD's documents
    r = client.post(url, json={**body, "pd": PD2.kode}, headers=auth["pd"])
    assert r.status_code == 403 and "ditolak" in r.json()["detail"]
    r = client.post(url, json=body, headers=auth["pd_lain"])
    assert r.status_code == 403
    with uow_factory() as uow:
        assert uow.repo.dokumen_diserahkan(TAHUN) == []
    r = client.post(url, json=body, headers=auth["pd"])
    assert r.status_code == 201, r.text
    assert r.json() | {"dicatat_pada": None} == {
        "pd": PD.kode,
        "tahun": TAHUN,
        "jenis": "PK",
        "perubahan": False,
        "diserahkan_pada": "2026-02-03",
        "dicatat_pada": None,
        "oleh": "Akun pd-bappeda (pd-bappeda)",
        "saluran": "api",
        "baru": True,
    }
    r = client.post(
        url, json={**body, "pd": PD2.kode, "tanggal": "2026-02-02"}, headers=auth["bappeda"]
    )
    assert r.status_code == 201 and r.json()["diserahkan_pada"] == "2026-02-02"
    # refused input
    for salah, kode in (
        ({**body, "tanggal": "2026-02-04"}, 422),  # not yet happened
        ({**body, "jenis": "ROPP"}, 422),
        ({**body, "pd": "9.99"}, 404),
        ({**body, "perubahan": True}, 422),  # no APBD-P date
        ({**body, "lain": 1}, 422),
    ):
        r = client.post(url, json=salah, headers=auth["admin"])
        assert r.status_code == kode, (salah, r.text)

    semua = client.get(f"{url}?tahun={TAHUN}", headers=auth["admin"]).json()
    status = {(r["pd"], r["jenis"]): r["status"] for r in semua}
    assert status == {
        (PD.kode, "PK"): "tepat_waktu",
        (PD.kode, "KKL"): "menunggu",
        (PD.kode, "KAK"): "menunggu",
        (PD2.kode, "PK"): "tepat_waktu",
        (PD2.kode, "KKL"): "menunggu",
        (PD2.kode, "KAK"): "menunggu",
    }
    assert {r["tenggat"] for r in semua} == {"2026-02-05"}
    own = client.get(f"{url}?tahun={TAHUN}", headers=auth["pd"]).json()
    assert {r["pd"] for r in own} == {PD.kode}
    r = client.get(f"{url}?tahun={TAHUN}&pd={PD.kode}", headers=auth["pd_lain"])
    assert r.status_code == 403
    assert client.get(f"{url}?tahun={TAHUN}").status_code == 401

    # the audit trail of a submission (Pergub 42/2018 Pasal 28), scoped to its PD
    jejak = {"entitas": "dokumen", "kode": f"{TAHUN}/{PD.kode}/PK"}
    r = client.get("/api/v1/audit", params=jejak, headers=auth["pd"])
    assert r.status_code == 200, r.text
    assert [(c["kolom"], c["nilai_baru"], c["saluran"]) for c in r.json()["catatan"]] == [
        ("diserahkan_pada", "2026-02-03", "api")
    ]
    assert r.json()["pd"] == PD.kode
    assert client.get("/api/v1/audit", params=jejak, headers=auth["pd_lain"]).status_code == 403


# ----------------------------------------------------------------------------- the CLI
def test_cli_serahkan_and_list(database_url, uow_factory) -> None:
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    services.set_apbd(uow_factory(), APBD_2026, now=WAKTU_UJI)
    out = sakip(
        database_url,
        "dokumen",
        "serahkan",
        "--pd",
        PD.kode,
        "--tahun",
        str(TAHUN),
        "--jenis",
        "kkl",
        "--tanggal",
        "2026-02-09",
        "--oleh",
        "Operator CLI",
    )
    assert f"Penyerahan KKL 2026 {PD.kode} dicatat: Senin, 9 Februari 2026." in out.stdout
    rows = json.loads(sakip(database_url, "dokumen", "list", "--tahun", "2026", "--json").stdout)
    kkl = next(r for r in rows if r["jenis"] == "KKL")
    assert (kkl["status"], kkl["diserahkan_pada"], kkl["oleh"], kkl["saluran"]) == (
        "terlambat",
        "2026-02-09",
        "Operator CLI",
        "cli",
    )
    assert kkl["penanggung_jawab_nip"] == NIP_KEPALA
    assert {r["status"] for r in rows if r["jenis"] != "KKL"} == {"belum"}
    table = sakip(database_url, "dokumen", "list", "--tahun", "2026").stdout
    assert "KKL" in table and "terlambat" in table and "Kepala Bappeda (contoh)" in table
    bad = sakip(
        database_url,
        "dokumen",
        "serahkan",
        "--pd",
        PD.kode,
        "--tahun",
        "2026",
        "--jenis",
        "RENJA",
        check=False,
    )
    assert bad.returncode == 1 and "Galat:" in bad.stderr and "PK, KKL atau KAK" in bad.stderr
    bad = sakip(
        database_url,
        "dokumen",
        "serahkan",
        "--pd",
        PD.kode,
        "--tahun",
        "2026",
        "--jenis",
        "PK",
        "--tanggal",
        "9-2-2026",
        check=False,
    )
    assert bad.returncode == 1 and "tidak sah" in bad.stderr
    with uow_factory() as uow:
        assert [d.jenis for d in uow.repo.dokumen_diserahkan(TAHUN)] == ["KKL"]
