"""/jadwal: my coming reporting deadlines and the status of my items (issue 4 item 6).

Deadlines come from core.deadlines on the working-day calendar with the stored overrides (local
holidays, new cuti bersama: Pergub 17/2023 Pasal 15): monthly for my sub kegiatan (Pasal 15(4)),
quarterly and annual for my program/sasaran indicators (Pasal 15(3)). My items are the reporting
obligations the reminder planner uses (``kewajiban_pelaporan``), their status from ``laporan_masuk``:
sudah lapor (tepat waktu or terlambat), belum lapor, terlambat.

Listed: every deadline whose period has started and that is still ahead (today included), then the
items of passed deadlines (this year and last) that were never reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from telegram import Update

from bot import texts
from bot.deps import BotContext, UowFactory, db, deps
from core import services_lapor
from core.calendar import local_date
from core.deadlines import JenisTenggat, Tenggat, format_tanggal
from core.pengingat import pecah_teks
from core.ports_pengingat import Kewajiban

_JENIS = (JenisTenggat.BULANAN, JenisTenggat.TRIWULANAN, JenisTenggat.TAHUNAN)

SUDAH = "sudah"
SUDAH_TERLAMBAT = "sudah_terlambat"
BELUM = "belum"
TERLAMBAT = "terlambat"


@dataclass(frozen=True)
class ItemJadwal:
    kode: str
    nama: str
    status: str  # SUDAH | SUDAH_TERLAMBAT | BELUM | TERLAMBAT


@dataclass(frozen=True)
class BlokJadwal:
    tenggat: Tenggat
    items: tuple[ItemJadwal, ...]


@dataclass(frozen=True)
class Jadwal:
    hari_ini: date
    akan_datang: tuple[BlokJadwal, ...]
    terlambat: tuple[BlokJadwal, ...]  # passed deadlines, only the items never reported


def _awal_periode(t: Tenggat) -> date:
    p = t.periode
    if t.jenis is JenisTenggat.BULANAN:
        return date(int(p[:4]), int(p[5:7]), 1)
    if t.jenis is JenisTenggat.TRIWULANAN:
        return date(int(p[:4]), 3 * int(p[6]) - 2, 1)
    return date(int(p[:4]), 1, 1)


def _status(t: Tenggat, dilapor: datetime | None, hari_ini: date) -> str:
    if dilapor is not None:
        return SUDAH_TERLAMBAT if local_date(dilapor) > t.tenggat else SUDAH
    return TERLAMBAT if hari_ini > t.tenggat else BELUM


def susun_jadwal(
    tenggat: Sequence[Tenggat],
    kewajiban: Sequence[Kewajiban],
    masuk: dict[tuple[str, str], datetime],
    hari_ini: date,
) -> Jadwal:
    """Pure: the deadlines of my items, with their status on ``hari_ini``."""
    akan: list[BlokJadwal] = []
    lewat: list[BlokJadwal] = []
    for t in sorted(tenggat, key=lambda x: (x.tenggat, _JENIS.index(x.jenis), x.periode)):
        if t.jenis not in _JENIS or _awal_periode(t) > hari_ini:
            continue
        tahun = int(t.periode[:4])
        items = tuple(
            ItemJadwal(k.kode, k.nama, _status(t, masuk.get((t.periode, k.kode)), hari_ini))
            for k in kewajiban
            if k.jenis is t.jenis and k.tahun == tahun
        )
        if not items:
            continue
        if t.tenggat >= hari_ini:
            akan.append(BlokJadwal(t, items))
            continue
        belum = tuple(i for i in items if i.status == TERLAMBAT)
        if belum:
            lewat.append(BlokJadwal(t, belum))
    return Jadwal(hari_ini, tuple(akan), tuple(lewat))


def muat_jadwal(uow_factory: UowFactory, nip: str, now: datetime) -> Jadwal:
    """My deadlines, obligations and reports (one unit of work, ``core.services_lapor``), grouped."""
    k = services_lapor.kewajiban_saya(uow_factory(), nip, now)
    return susun_jadwal(k.tenggat, k.kewajiban, k.masuk, local_date(now))


_LABEL_STATUS = {
    SUDAH: texts.JADWAL_SUDAH,
    SUDAH_TERLAMBAT: texts.JADWAL_SUDAH_TERLAMBAT,
    BELUM: texts.JADWAL_BELUM,
    TERLAMBAT: texts.JADWAL_TERLAMBAT,
}


def _sisa(tenggat: date, hari_ini: date) -> str:
    n = (tenggat - hari_ini).days
    if n == 0:
        return texts.JADWAL_HARI_INI
    if n == 1:
        return texts.JADWAL_BESOK
    return texts.JADWAL_SISA.format(n=n)


def format_jadwal(j: Jadwal, jabatan: str) -> str:
    baris = [texts.JADWAL_JUDUL.format(jabatan=jabatan, tanggal=format_tanggal(j.hari_ini))]
    for blok in j.akan_datang:
        t = blok.tenggat
        baris.append(
            texts.JADWAL_BLOK.format(
                jenis=t.jenis.label,
                periode=t.periode_label,
                tanggal=format_tanggal(t.tenggat),
                sisa=_sisa(t.tenggat, j.hari_ini),
            )
        )
        baris += [
            texts.JADWAL_ITEM.format(kode=i.kode, nama=i.nama, status=_LABEL_STATUS[i.status])
            for i in blok.items
        ]
    if j.terlambat:
        baris.append(texts.JADWAL_TERLAMBAT_JUDUL)
        for blok in j.terlambat:
            t = blok.tenggat
            baris += [
                texts.JADWAL_TERLAMBAT_ITEM.format(
                    kode=i.kode,
                    nama=i.nama,
                    periode=t.periode_label,
                    tanggal=format_tanggal(t.tenggat),
                )
                for i in blok.items
            ]
    return "\n".join(baris)


async def jadwal(update: Update, context: BotContext) -> None:
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None
    d = deps(context)
    j = await db(muat_jadwal, d.uow_factory, p.nip, d.clock())
    if not j.akan_datang and not j.terlambat:
        await msg.reply_text(texts.JADWAL_KOSONG.format(tahun=j.hari_ini.year))
        return
    for bagian in pecah_teks(format_jadwal(j, p.jabatan)):
        await msg.reply_text(bagian)
