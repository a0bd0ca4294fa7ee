"""Use cases of the reminder outbox (issue 5): a day's plan -> outbox rows, never twice.

Flow of one day (the scheduler's job, :mod:`sakip.scheduler`)::

    antrekan_pengingat(uow, hari_ini, now)   # plan -> pesan_keluar (antri) + pengingat_terkirim
    bot.pengirim.Pengirim.kirim_antrean()    # pesan_keluar antri -> Telegram (terkirim, ...)

Idempotency (issue 5 point 3): every personal/atasan item of a message is written to the sent-log
``pengingat_terkirim`` (primary key = the item key ``penerima|jenis|periode|kode|tenggat|tahap``)
in the SAME transaction as its outbox row (unique ``kunci``). A second run, a restart or a second
process first leaves out the items already in the sent-log (the planner gets them as
``terkirim``), and if two processes still race, the unique keys make one transaction fail
(``KonflikError``): it is rolled back and counted as ``ganda``. Bappeda's digest is unique per day
and the weekly summary per ISO week through the message key alone.

Stale rows: a reminder row of an earlier day still ``antri`` (the process was down before it was
sent) is marked ``dilewati`` and its sent-log rows are removed, so today's plan - with the
planner's catch-up rule (``susulan``) - sends only what is still relevant, never a burst.

Pure use cases: no clock (``now`` is passed), no SQLAlchemy, no Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.deadlines import JenisTenggat, format_tanggal
from core.errors import KonflikError
from core.pengingat import (
    ATASAN,
    BAPPEDA,
    BATAS_TEKS,
    DIGEST,
    MINGGUAN,
    KonfigurasiPengingat,
    Pengingat,
    pecah_teks,
    plan_pengingat,
)
from core.ports import UnitOfWork
from core.ports_kirim import (
    ANTRI,
    DIBLOKIR,
    GAGAL,
    JENIS_PENGINGAT,
    PENERIMA_BAPPEDA,
    PenerimaTidakTerjangkau,
    PesanBaru,
    PesanTercatat,
    Tombol,
)

__all__ = [
    "BATAS_CALLBACK",
    "HasilAntre",
    "antrekan_pengingat",
    "daftar_pesan",
    "kunci_pesan",
    "pesan_dari_pengingat",
    "pesan_tidak_terjangkau",
    "tombol_lapor",
]

#: Telegram's limit for ``callback_data`` (bytes)
BATAS_CALLBACK = 64
GALAT_BELUM_TAUT = "belum menautkan Telegram"
GALAT_GRUP_BELUM = "grup Bappeda belum terdaftar"
TIDAK_TERJANGKAU = "tidak_terjangkau"


@dataclass(frozen=True)
class HasilAntre:
    """What one run did. ``direncanakan``: messages in the plan; ``diantrekan``: outbox rows
    written (a long message is several rows); ``tanpa_chat``: rows written as ``gagal`` because
    the recipient has no Telegram chat; ``ganda``: messages already queued (double run, second
    process); ``usang``: reminder rows of earlier days marked ``dilewati``."""

    tanggal: date
    direncanakan: int
    diantrekan: int
    tanpa_chat: int
    ganda: int
    usang: int


def tombol_lapor(p: Pengingat) -> Tombol | None:
    """The inline button that starts ``/lapor`` on the first missing monthly item of a personal
    reminder: ``callback_data = "pl:<sub kegiatan kode>:<YYYY-MM>"``; ``None`` for atasan and
    Bappeda messages, when no monthly item is listed, or when the data would exceed 64 bytes."""
    if p.penerima_nip == BAPPEDA or p.tahap in (ATASAN, DIGEST, MINGGUAN):
        return None
    for i in p.items:
        if i.jenis is JenisTenggat.BULANAN:
            data = f"pl:{i.kode}:{i.periode}"
            if len(data.encode()) > BATAS_CALLBACK:
                return None
            return [[{"text": f"Laporkan {i.periode_label} sekarang", "callback_data": data}]]
    return None


def kunci_pesan(p: Pengingat, bagian: int = 1) -> str:
    """Outbox key of part ``bagian`` (1-based) of a planned message. Personal and atasan messages
    get the day appended (their sent-log items are the real guarantee); the digest key already has
    the day, the weekly summary the ISO week."""
    base = p.kunci if p.tahap in (DIGEST, MINGGUAN) else f"{p.kunci}|{p.tanggal.isoformat()}"
    return base if bagian == 1 else f"{base}|bagian-{bagian}"


def pesan_dari_pengingat(p: Pengingat, chat_id: int | None) -> list[PesanBaru]:
    """The outbox rows of one planned message: one per part of at most 4096 characters (the
    button goes on the last part); the sent-log items go with the first part. Without a chat the
    rows are written as ``gagal`` right away (recorded, shown to Bappeda, never sent)."""
    bappeda = p.penerima_nip == BAPPEDA
    penerima = PENERIMA_BAPPEDA if bappeda else p.penerima_nip
    items = () if p.tahap in (DIGEST, MINGGUAN) else tuple(i.kunci for i in p.items)
    bagian = pecah_teks(p.pesan, BATAS_TEKS)
    if len(bagian) > 1:
        bagian = [f"({n}/{len(bagian)}) {t}" for n, t in enumerate(bagian, start=1)]
        bagian = [t if len(t) <= BATAS_TEKS else t[:BATAS_TEKS] for t in bagian]
    tombol = tombol_lapor(p)
    status, galat = ANTRI, None
    if chat_id is None:
        status, galat = GAGAL, GALAT_GRUP_BELUM if bappeda else GALAT_BELUM_TAUT
    return [
        PesanBaru(
            kunci=kunci_pesan(p, n),
            jenis=JENIS_PENGINGAT,
            tahap=p.tahap,
            tanggal=p.tanggal,
            penerima=penerima,
            chat_id=chat_id,
            teks=teks,
            tombol=tombol if n == len(bagian) else None,
            status=status,
            galat=galat,
            item_kunci=items if n == 1 else (),
        )
        for n, teks in enumerate(bagian, start=1)
    ]


def _pesan_tidak_terjangkau(
    daftar: list[PenerimaTidakTerjangkau], hari_ini: date, chat_id: int | None
) -> list[PesanBaru]:
    judul = (
        f"Pesan SAKIP yang tidak dapat disampaikan per {format_tanggal(hari_ini)} "
        f"({len(daftar)} penerima):"
    )
    penutup = "Mohon bantu hubungi pejabat tersebut agar menautkan atau membuka blokir bot."
    baris = [judul]
    for d in daftar:
        alasan = "memblokir bot" if d.status == DIBLOKIR else (d.galat or "gagal")
        baris.append(f"- {d.nama or d.penerima} (NIP {d.penerima}, {d.pd_kode or '-'}): {alasan}")
    baris.append(penutup)
    if len("\n".join(baris)) > BATAS_TEKS:  # too many: counts per PD
        per_pd: dict[str, list[int]] = {}
        for d in daftar:
            n = per_pd.setdefault(d.pd_kode or "-", [0, 0])
            n[0 if d.status == DIBLOKIR else 1] += 1
        baris = [judul, "Per Perangkat Daerah (memblokir bot / belum menautkan atau gagal):"]
        baris += [f"- {pd}: {a} / {b}" for pd, (a, b) in sorted(per_pd.items())]
        baris += ["Rincian: dasbor Bappeda.", penutup]
    bagian = pecah_teks("\n".join(baris), BATAS_TEKS)
    base = f"{PENERIMA_BAPPEDA}|{TIDAK_TERJANGKAU}|{hari_ini.isoformat()}"
    return [
        PesanBaru(
            kunci=base if n == 1 else f"{base}|bagian-{n}",
            jenis=JENIS_PENGINGAT,
            tahap=TIDAK_TERJANGKAU,
            tanggal=hari_ini,
            penerima=PENERIMA_BAPPEDA,
            chat_id=chat_id,
            teks=teks,
            status=ANTRI if chat_id is not None else GAGAL,
            galat=None if chat_id is not None else GALAT_GRUP_BELUM,
        )
        for n, teks in enumerate(bagian, start=1)
    ]


def _simpan(uow: UnitOfWork, rows: list[PesanBaru], now: datetime) -> bool:
    """One message (all its parts and sent-log items) in one transaction; False if a part of
    it already exists (double run) or another process won the race."""
    with uow:
        if uow.repo.pesan_ada(rows[0].kunci):
            return False
        try:
            for r in rows:
                uow.repo.tambah_pesan(r, now)
            uow.commit()
        except KonflikError:
            uow.rollback()
            return False
    return True


def antrekan_pengingat(
    uow: UnitOfWork,
    hari_ini: date,
    now: datetime,
    config: KonfigurasiPengingat | None = None,
    susulan: bool = True,
) -> HasilAntre:
    """Turn the plan of ``hari_ini`` (WIB) into outbox rows; safe to run any number of times.

    ``susulan`` (default, what the scheduler uses): plan with the catch-up rule, the latest still
    relevant stage of each deadline (:func:`core.pengingat.tahap_relevan`); on a stage's own day
    that is the normal plan, on later days of its window the sent-log leaves out what was sent.
    ``susulan=False``: only stages scheduled exactly on ``hari_ini``. Also writes, on days with a plan, one message
    to Bappeda listing the officials who blocked the bot or have not linked Telegram.
    """
    with uow:
        usang = uow.repo.lewati_pengingat_usang(hari_ini, now)
        uow.commit()
    rencana = plan_pengingat(uow, hari_ini, config, susulan=susulan)
    kunci = [i.kunci for p in rencana if p.tahap not in (DIGEST, MINGGUAN) for i in p.items]
    if kunci:
        with uow:
            sudah = uow.repo.sudah_tercatat(kunci)
        if sudah:
            rencana = plan_pengingat(uow, hari_ini, config, susulan=susulan, terkirim=sudah)
    with uow:
        chats = uow.repo.chat_pejabat({p.penerima_nip for p in rencana} - {BAPPEDA})
        chat_bappeda = uow.repo.chat_bappeda()

    diantrekan = tanpa_chat = ganda = 0
    for p in rencana:
        chat = chat_bappeda if p.penerima_nip == BAPPEDA else chats.get(p.penerima_nip)
        rows = pesan_dari_pengingat(p, chat)
        if _simpan(uow, rows, now):
            diantrekan += len(rows)
            tanpa_chat += sum(1 for r in rows if r.status == GAGAL)
        else:
            ganda += 1
    if rencana:
        with uow:
            daftar = [d for d in uow.repo.pesan_diblokir() if d.penerima != PENERIMA_BAPPEDA]
        if daftar:
            rows = _pesan_tidak_terjangkau(daftar, hari_ini, chat_bappeda)
            if _simpan(uow, rows, now):
                diantrekan += len(rows)
    return HasilAntre(hari_ini, len(rencana), diantrekan, tanpa_chat, ganda, usang)


def daftar_pesan(
    uow: UnitOfWork, tanggal: date | None = None, status: list[str] | None = None
) -> list[PesanTercatat]:
    """The outbox (for the dashboard and the CLI)."""
    with uow:
        return uow.repo.daftar_pesan(tanggal, status)


def pesan_tidak_terjangkau(uow: UnitOfWork) -> list[PenerimaTidakTerjangkau]:
    """Officials whose latest message could not be delivered (blocked the bot, not linked):
    for Bappeda's dashboard (issue 5 point 4)."""
    with uow:
        return uow.repo.pesan_diblokir()
