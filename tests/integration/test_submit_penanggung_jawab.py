"""submit_realisasi(..., wajib_penanggung_jawab=True): only the sub kegiatan's penanggung jawab.

The bot passes True (the list it offered was read at /lapor; responsibility may have moved since).
Refused means a ValidasiError and nothing written. On SQLite and, with SAKIP_TEST_DATABASE_URL,
on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text

from core import services
from core.cascade import Saluran, Tingkat
from core.errors import ValidasiError
from core.persistence.uow import SqlUnitOfWork
from core.realisasi import RealisasiInput
from tests.factories import (
    NIP_KABID,
    NIP_KASUBAG,
    TAHUN,
    lampiran_ii_cascade,
    node,
    ropp_lampiran_i,
    seed_master,
)

U = Callable[[], SqlUnitOfWork]
D = Decimal
FEB_3 = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
TABEL = ("realisasi", "realisasi_output", "perubahan_data", "bukti_dukung", "kendala")


@pytest.fixture
def seeded(uow_factory: U) -> U:
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())  # SK-K1: the Kasubag's
    services.save_ropp(uow_factory(), ropp_lampiran_i("SK-K1"))
    return uow_factory


def _lapor(uow_factory: U, oleh_nip: str | None, **kw: object) -> services.HasilLapor:
    return services.submit_realisasi(
        uow_factory(),
        RealisasiInput("SK-K1", TAHUN, 1, D(3), D(250_000_000), {1: D(1)}, "Hujan", "Dijadwal"),
        oleh_nip=oleh_nip,
        saluran=Saluran.BOT,
        now=FEB_3,
        **kw,  # type: ignore[arg-type]
    )


def _jumlah(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABEL}


def _pindahkan(uow_factory: U, kode: str, nip: str) -> None:
    """Responsibility for sub kegiatan ``kode`` (of kegiatan K1) moves to ``nip``."""
    services.save_cascade(
        uow_factory(), TAHUN, [node(kode, Tingkat.SUB_KEGIATAN, "K1", penanggung_jawab_nip=nip)]
    )
    with uow_factory() as uow:
        baru = uow.repo.get_node(TAHUN, kode)
    assert baru is not None and baru.penanggung_jawab_nip == nip


def test_the_penanggung_jawab_is_accepted(seeded: U) -> None:
    hasil = _lapor(seeded, NIP_KASUBAG, wajib_penanggung_jawab=True)
    assert hasil.tersimpan.revisi == 1 and hasil.tersimpan.dibuat_oleh == NIP_KASUBAG


def test_another_official_is_refused_and_nothing_is_written(seeded: U, engine: Engine) -> None:
    sebelum = _jumlah(engine)
    with pytest.raises(ValidasiError, match="bukan tanggung jawab Anda"):
        _lapor(seeded, NIP_KABID, wajib_penanggung_jawab=True)
    assert _jumlah(engine) == sebelum
    with seeded() as uow:
        assert uow.repo.latest_realisasi(TAHUN, "SK-K1") == {}


def test_without_the_flag_another_official_may_still_record(seeded: U) -> None:
    """The default (dashboard, CLI, Bappeda): unchanged, anyone known may record."""
    hasil = _lapor(seeded, NIP_KABID)
    assert hasil.tersimpan.dibuat_oleh == NIP_KABID


def test_after_responsibility_moves_the_old_one_is_refused_the_new_one_accepted(
    seeded: U, engine: Engine
) -> None:
    _lapor(seeded, NIP_KASUBAG, wajib_penanggung_jawab=True)  # revision 1, while it was his
    _pindahkan(seeded, "SK-K1", NIP_KABID)
    sebelum = _jumlah(engine)
    with pytest.raises(ValidasiError, match="bukan tanggung jawab Anda"):
        _lapor(seeded, NIP_KASUBAG, wajib_penanggung_jawab=True)
    assert _jumlah(engine) == sebelum
    with seeded() as uow:
        assert uow.repo.latest_realisasi(TAHUN, "SK-K1")[1].revisi == 1
    hasil = _lapor(seeded, NIP_KABID, wajib_penanggung_jawab=True)
    assert hasil.tersimpan.revisi == 2 and hasil.tersimpan.dibuat_oleh == NIP_KABID


def test_no_reporter_is_refused_for_a_sub_kegiatan_without_penanggung_jawab(
    seeded: U, engine: Engine
) -> None:
    services.save_cascade(seeded(), TAHUN, [node("SK-TANPA", Tingkat.SUB_KEGIATAN, "K1")])
    services.save_ropp(seeded(), ropp_lampiran_i("SK-TANPA"))
    sebelum = _jumlah(engine)
    with pytest.raises(ValidasiError):
        services.submit_realisasi(
            seeded(),
            RealisasiInput("SK-TANPA", TAHUN, 1, D(3), D(0), {1: D(1)}),
            oleh_nip=None,
            saluran=Saluran.BOT,
            now=FEB_3,
            wajib_penanggung_jawab=True,
        )
    assert _jumlah(engine) == sebelum


def test_no_reporter_is_refused_for_a_sub_kegiatan_with_a_penanggung_jawab(
    seeded: U, engine: Engine
) -> None:
    sebelum = _jumlah(engine)
    with pytest.raises(ValidasiError, match="bukan tanggung jawab Anda"):
        _lapor(seeded, None, wajib_penanggung_jawab=True)
    assert _jumlah(engine) == sebelum
