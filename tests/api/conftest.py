"""An API over a real database (SQLite and PostgreSQL) with two PDs and an account per role.

``PD`` (tests.factories, Bappeda) carries the Lampiran II worked example; ``PD2`` (Dinas Kesehatan)
a small cascade of its own. The accounts: admin, bappeda, pd (PD) and pd_lain (PD2); each has an API
token in ``ApiEnv.token``. The clock is a FakeClock at Tuesday 3 Feb 2026, 09:00 WIB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from api.app import create_app, ping_engine
from core import services, services_akun
from core.cascade import CascadeNode, Kelompok, Pejabat, PerangkatDaerah, Saluran, Tingkat
from core.config import Settings
from core.ports import UnitOfWork
from core.realisasi import RealisasiInput
from tests.conftest import FakeClock
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KASUBAG,
    PD,
    TAHUN,
    lampiran_ii_cascade,
    ropp_lampiran_i,
    ropp_q1,
    seed_master,
)

PD2 = PerangkatDaerah("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes", Kelompok.I)
NIP_PD2 = "999900000000000201"
#: role in the tests -> username
USERNAME = {"admin": "admin", "bappeda": "bappeda", "pd": "pd-bappeda", "pd_lain": "pd-dinkes"}
SANDI = {
    "admin": "sandi-admin-123",
    "bappeda": "sandi-bappeda-123",
    "pd": "sandi-pd-own-123",
    "pd_lain": "sandi-pd-lain-123",
}
#: the sub kegiatan of PD2, with the Lampiran I ROPP and January reported on time
SK_PD2 = "SK-DINKES"
#: a sub kegiatan of PD (Bappeda) with the Lampiran I ROPP; January reported on time
SK_PD = "SK-K1"


def _pd2_cascade() -> list[CascadeNode]:
    def n(kode: str, tingkat: Tingkat, induk: str) -> CascadeNode:
        return CascadeNode(kode, tingkat, f"{tingkat.label} {kode}", induk, PD2.kode)

    return [
        n("S-DINKES", Tingkat.SASARAN_PD, "SD1"),
        n("P-DINKES", Tingkat.PROGRAM, "S-DINKES"),
        n("K-DINKES", Tingkat.KEGIATAN, "P-DINKES"),
        CascadeNode(
            SK_PD2,
            Tingkat.SUB_KEGIATAN,
            "Sub kegiatan imunisasi",
            "K-DINKES",
            PD2.kode,
            penanggung_jawab_nip=NIP_PD2,
        ),
    ]


@dataclass
class ApiEnv:
    client: TestClient
    uow_factory: Callable[[], UnitOfWork]
    clock: FakeClock
    token: dict[str, str] = field(default_factory=dict)

    def auth(self, peran: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token[peran]}"} if peran else {}


def seed_api(uow_factory: Callable[[], UnitOfWork], now: datetime) -> dict[str, str]:
    seed_master(uow_factory)
    services.register_pd(uow_factory(), [PD2])
    services.register_pejabat(
        uow_factory(),
        [Pejabat(NIP_PD2, "Kasi Imunisasi (contoh)", "Kepala Seksi", "IV.a", PD2.kode)],
    )
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade() + _pd2_cascade())
    for k, (q1, _real) in KEGIATAN_Q1.items():
        if f"SK-{k}" != SK_PD:
            services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    services.save_ropp(uow_factory(), ropp_lampiran_i(SK_PD))
    services.save_ropp(uow_factory(), ropp_lampiran_i(SK_PD2))
    januari = datetime(2026, 2, 2, 3, 0, tzinfo=UTC)  # before the deadline (6 Feb 2026)
    for kode, nip in ((SK_PD, NIP_KASUBAG), (SK_PD2, NIP_PD2)):
        services.submit_realisasi(
            uow_factory(),
            RealisasiInput(kode, TAHUN, 1, Decimal(3), Decimal(250_000_000)),
            oleh_nip=nip,
            saluran=Saluran.BOT,
            now=januari,
        )
    token: dict[str, str] = {}
    for kunci, peran, pd in (
        ("admin", "admin", None),
        ("bappeda", "bappeda", None),
        ("pd", "pd", PD.kode),
        ("pd_lain", "pd", PD2.kode),
    ):
        username = USERNAME[kunci]
        services_akun.buat_akun(
            uow_factory(),
            username=username,
            nama=f"Akun {username}",
            password=SANDI[kunci],
            peran=peran,
            pd_kode=pd,
            now=now,
        )
        token[kunci] = services_akun.buat_api_token(uow_factory(), username, "uji", now).token
    return token


def make_client(
    uow_factory: Callable[[], UnitOfWork], engine: object, clock: FakeClock, **settings: object
) -> TestClient:
    app = create_app(
        uow_factory,
        ping_engine(engine),
        clock,
        Settings(_env_file=None, **settings),  # type: ignore[call-arg]
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def api(uow_factory, engine, clock) -> Iterator[ApiEnv]:
    token = seed_api(uow_factory, clock())
    with make_client(uow_factory, engine, clock) as client:
        yield ApiEnv(client, uow_factory, clock, token)
