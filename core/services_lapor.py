"""The reads behind the bot's monthly report (/lapor), each in one unit of work.

The bot (bot/conversations/lapor.py, kendala.py) formats what these return; the write is
``core.services.submit_realisasi``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core import services
from core.calendar import local_date
from core.deadlines import JenisTenggat, Tenggat, deadline_for, deadlines_for_year
from core.ports import RealisasiIndikator, UnitOfWork
from core.ports_bot import IndikatorSaya, SubKegiatanSaya
from core.ports_pengingat import Kewajiban
from core.realisasi import RealisasiTersimpan
from core.ropp import Ropp
from core.services_atasan import PeriodeTerbuka, bulan_terbuka_pada

__all__ = [
    "KewajibanSaya",
    "kewajiban_saya",
    "AwalLapor",
    "RencanaRealisasi",
    "awal_lapor",
    "masuk_dari_pengingat",
    "rencana_realisasi",
    "sub_kegiatan_saya",
    "indikator_saya",
    "realisasi_indikator_terakhir",
]


@dataclass(frozen=True)
class AwalLapor:
    """/lapor's start: the month due next, my sub kegiatan of its year, whether I also report
    program/sasaran indicators (the quarterly conversation)."""

    bulan: PeriodeTerbuka
    sub_kegiatan: list[SubKegiatanSaya]
    ada_indikator: bool


@dataclass(frozen=True)
class RencanaRealisasi:
    """A sub kegiatan's ROPP (None: none stored) and its latest revision per month."""

    ropp: Ropp | None
    terkini: dict[int, RealisasiTersimpan]


def awal_lapor(uow: UnitOfWork, now: datetime, nip: str) -> AwalLapor:
    with uow:
        b = bulan_terbuka_pada(uow.repo, local_date(now))
        return AwalLapor(
            b,
            uow.repo.sub_kegiatan_pejabat(b.tahun, nip),
            bool(uow.repo.indikator_pejabat(b.tahun, nip)),
        )


def sub_kegiatan_saya(uow: UnitOfWork, tahun: int, nip: str) -> list[SubKegiatanSaya]:
    with uow:
        return uow.repo.sub_kegiatan_pejabat(tahun, nip)


def _rencana_realisasi(uow: UnitOfWork, tahun: int, kode: str) -> RencanaRealisasi:
    return RencanaRealisasi(uow.repo.get_ropp(tahun, kode), uow.repo.latest_realisasi(tahun, kode))


def rencana_realisasi(uow: UnitOfWork, tahun: int, kode: str) -> RencanaRealisasi:
    with uow:
        return _rencana_realisasi(uow, tahun, kode)


def indikator_saya(uow: UnitOfWork, tahun: int, nip: str) -> list[IndikatorSaya]:
    """The program/sasaran/tujuan indicators ``nip`` reports per quarter (/lapor_indikator)."""
    with uow:
        return uow.repo.indikator_pejabat(tahun, nip)


def realisasi_indikator_terakhir(
    uow: UnitOfWork, indikator_id: int, periode: str
) -> RealisasiIndikator | None:
    """The current revision of an indicator's realisasi for ``periode``, or None."""
    with uow:
        return uow.repo.latest_realisasi_indikator([indikator_id], periode).get(indikator_id)


def masuk_dari_pengingat(
    uow: UnitOfWork, tahun: int, kode: str, bulan: int, nip: str
) -> tuple[list[SubKegiatanSaya], RencanaRealisasi, date]:
    """The reminder button's entry: my list, the sub kegiatan's plan and revisions, the deadline."""
    with uow:
        daftar = uow.repo.sub_kegiatan_pejabat(tahun, nip)
        rr = _rencana_realisasi(uow, tahun, kode)
        cal, apbd = services.load_calendar_apbd(uow.repo, tahun, [tahun])
    tenggat = deadline_for(JenisTenggat.BULANAN, f"{tahun}-{bulan:02d}", cal, apbd[tahun])
    return daftar, rr, tenggat.tenggat


@dataclass(frozen=True)
class KewajibanSaya:
    """/jadwal's data: the deadlines of the years I have obligations in, my obligations (this year
    and last), and when each of my items was first reported (``laporan_masuk``'s keys)."""

    tenggat: list[Tenggat]
    kewajiban: list[Kewajiban]
    masuk: dict[tuple[str, str], datetime]


def kewajiban_saya(uow: UnitOfWork, nip: str, now: datetime) -> KewajibanSaya:
    """My obligations and reports only, not the province's (Pergub 17/2023 Pasal 15(3)(4))."""
    hari_ini = local_date(now)
    hasil = KewajibanSaya([], [], {})
    with uow:
        cal = services.load_calendar(uow.repo, hari_ini.year)
        for tahun in (hari_ini.year - 1, hari_ini.year):
            mine = uow.repo.kewajiban_pelaporan(tahun, nip)
            if not mine:
                continue
            hasil.kewajiban.extend(mine)
            node_kode = {k.kode.partition("#")[0] for k in mine}
            sampai = now + timedelta(microseconds=1)
            hasil.masuk.update(uow.repo.laporan_masuk(tahun, sampai, node_kode))
            hasil.tenggat.extend(deadlines_for_year(tahun, cal))
    return hasil
