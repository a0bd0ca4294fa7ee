"""Reminder planner (pengingat): who gets which reminder on which day. Pure: no I/O, no clock.

Legal basis (the deadlines themselves are computed in :mod:`core.deadlines`):

* Pergub Banten 17/2023 Pasal 15(4): the monthly Laporan Kinerja of every sub kegiatan is due on the
  5th working day of the following month -> every sub kegiatan's penanggung jawab is reminded.
* Pasal 15(3) huruf b: the quarterly report of sasaran PD and program indicators is due on the 14th
  working day after the quarter; huruf a: the annual report one month after the year ends.
* Pasal 8(4)(5), 9(2)(3), 10(2)(3), 11(2)(3): PK, KKL, KAK and ROPP, counted from the APBD and
  APBD-Perubahan dates stored with ``sakip kalender apbd``. The ROPP is per sub kegiatan and done
  when its rows are stored; PK, KKL and KAK are per PD, done when their submission is recorded
  (table ``dokumen_perencanaan``, :mod:`core.services_dokumen`), and answered for by the Kepala PD
  (Pasal 3(2) huruf d, 8(1)(5), 9(1); see :func:`core.services_dokumen.kepala_pd`). All of them
  are reminded, escalated (H+1 to the person and the atasan) and listed in Bappeda's digest like
  the reports; PK, KKL and KAK also in the weekly summary (see ``mingguan``).
* Pergub 42/2018 Lampiran B.6: the tindak lanjut of Bappeda's answer to a kendala, by
  ``kendala.batas_tindak_lanjut`` (7 working days, set when Bappeda answers), until it is closed.

Stages (``tahap``), counted back from the deadline in WORKING days (configurable):

* ``h-3``, ``h-1``, ``h``: before and on the deadline, to the penanggung jawab who have not reported.
  "H" is the last working day on or before the deadline (the annual deadline, 31 January, may fall
  on a weekend and is not moved; its "H" is the Friday before). ``h-k`` is the k-th working day
  before "H".
* ``terlambat``: on H+1, the first working day after the deadline, to the person who is late;
  ``atasan``: the same day, one message to their direct atasan listing every late item of the people
  under them.
* ``digest``: every working day, to Bappeda (``penerima_nip == "BAPPEDA"``): all overdue items by PD.
* ``mingguan``: once a week (first working day on or after the configured weekday), to Bappeda: for
  the latest passed deadline of each kind, who reported on time, late, or not at all. For PK, KKL
  and KAK (either round) only while a PD has not submitted, or for 28 days after the deadline
  (a year-old PK is not repeated every week). The ROPP is not in it: its date is not recorded.

Each person gets ONE message a day listing all their missing items; its ``tahap`` is the most urgent
stage among them. Only items not yet reported get reminders, so someone who reports between H-3
and H-1 gets no H-1. A report dated ``d`` counts from day ``d`` on (the planner runs with the data as
it is when it runs).

Idempotency: every item carries ``kunci`` = ``penerima|jenis|periode|kode|tenggat|tahap`` (the
sent-log key: pejabat, item, deadline, stage); the message carries ``kunci`` = ``penerima|tahap|``
plus a hash of its item keys (digest: per day, mingguan: per ISO week). Because the deadline date is
in the key, a cuti bersama override that moves a deadline moves its reminders and they are due again.

Catch-up (``susulan``): each stage is relevant from its scheduled day until the next stage's
scheduled day (exclusive); ``terlambat`` for ``susulan_terlambat_hari_kerja`` working days. A run
that missed days (process down) sends only :func:`tahap_relevan` for each deadline - the latest
relevant stage - never a burst of stale ones: a missed H-3 is not sent on H-1, only the H-1.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from core.calendar import WIB, CalendarCoverageError, WorkingDayCalendar, local_date
from core.cascade import Pejabat
from core.deadlines import JenisTenggat, Tenggat, deadlines_for_year, format_tanggal
from core.ports_pengingat import Kewajiban, TindakLanjutKendala

if TYPE_CHECKING:
    from core.ports import UnitOfWork

__all__ = [
    "ATASAN",
    "BAPPEDA",
    "DIGEST",
    "H",
    "MINGGUAN",
    "TERLAMBAT",
    "ItemPengingat",
    "KonfigurasiPengingat",
    "Pengingat",
    "BATAS_TEKS",
    "format_tabel",
    "pecah_teks",
    "jadwal_tahap",
    "plan_pengingat",
    "rencana_pengingat",
    "tahap_relevan",
    "tahap_sebelum",
]

BAPPEDA = "BAPPEDA"
#: Telegram's limit for the text of one message (sendMessage)
BATAS_TEKS = 4096
H = "h"
TERLAMBAT = "terlambat"
ATASAN = "atasan"
DIGEST = "digest"
MINGGUAN = "mingguan"

TEPAT_WAKTU = "tepat_waktu"
TERLAMBAT_LAPOR = "terlambat"
BELUM = "belum"

_JENIS_LAPORAN = (JenisTenggat.BULANAN, JenisTenggat.TRIWULANAN, JenisTenggat.TAHUNAN)
_JENIS_APBD = tuple(j for j in JenisTenggat if j.is_apbd)
#: PK, KKL, KAK and their APBD-P rounds: per PD, submission recorded in ``dokumen_perencanaan``
_JENIS_DOKUMEN = tuple(
    j for j in _JENIS_APBD if j not in (JenisTenggat.ROPP, JenisTenggat.ROPP_PERUBAHAN)
)
#: days after its deadline a document kind stays in the weekly summary when all have submitted
MINGGUAN_DOKUMEN_HARI = 28


class JenisTindakLanjut(StrEnum):
    """The follow-up of a kendala Bappeda answered (not a report deadline of core.deadlines)."""

    TINDAK_LANJUT = "tindak_lanjut"

    @property
    def label(self) -> str:
        return "Tindak Lanjut Kendala"

    @property
    def dasar_hukum(self) -> str:
        return "Pergub 42/2018 Lampiran B.6"


Jenis = JenisTenggat | JenisTindakLanjut


def _urutan_jenis(j: Jenis) -> int:
    return list(JenisTenggat).index(j) if isinstance(j, JenisTenggat) else len(JenisTenggat)


_NAMA_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def tahap_sebelum(k: int) -> str:
    """Stage name for ``k`` working days before the deadline: ``"h"`` for 0, else ``"h-k"``."""
    return H if k == 0 else f"h-{k}"


@dataclass(frozen=True)
class KonfigurasiPengingat:
    """``tahap_hari_kerja``: days before the deadline to remind (working days when
    ``hanya_hari_kerja``, else calendar days). ``hanya_hari_kerja``: send only on working days.
    ``hari_ringkasan_mingguan``: weekday of the weekly summary (0 = Senin). ``susulan_terlambat_hari_kerja``:
    how many days a missed overdue notice stays relevant for a catch-up run."""

    tahap_hari_kerja: tuple[int, ...] = (3, 1, 0)
    hanya_hari_kerja: bool = True
    hari_ringkasan_mingguan: int = 0
    susulan_terlambat_hari_kerja: int = 1

    def __post_init__(self) -> None:
        if not self.tahap_hari_kerja or any(k < 0 for k in self.tahap_hari_kerja):
            raise ValueError("tahap_hari_kerja harus berisi bilangan >= 0.")
        if not 0 <= self.hari_ringkasan_mingguan <= 6:
            raise ValueError("hari_ringkasan_mingguan harus 0 (Senin) sampai 6 (Minggu).")
        if self.susulan_terlambat_hari_kerja < 1:
            raise ValueError("susulan_terlambat_hari_kerja harus >= 1.")


@dataclass(frozen=True)
class ItemPengingat:
    """One missing (or, in ``mingguan``, one tracked) report, document or kendala follow-up."""

    jenis: Jenis
    periode: str
    periode_label: str
    kode: str
    nama: str
    tenggat: date
    tahap: str
    kunci: str
    penanggung_jawab_nip: str
    penanggung_jawab_nama: str
    pd_kode: str | None
    status: str = BELUM
    dilaporkan_pada: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "jenis": self.jenis.value,
            "periode": self.periode,
            "periode_label": self.periode_label,
            "kode": self.kode,
            "nama": self.nama,
            "tenggat": self.tenggat.isoformat(),
            "tahap": self.tahap,
            "kunci": self.kunci,
            "penanggung_jawab_nip": self.penanggung_jawab_nip,
            "penanggung_jawab_nama": self.penanggung_jawab_nama,
            "pd_kode": self.pd_kode,
            "status": self.status,
            "dilaporkan_pada": None
            if self.dilaporkan_pada is None
            else self.dilaporkan_pada.isoformat(),
        }


@dataclass(frozen=True)
class Pengingat:
    """One message to send on ``tanggal``."""

    tanggal: date
    penerima_nip: str
    penerima_nama: str
    tahap: str
    items: tuple[ItemPengingat, ...]
    kunci: str
    pesan: str = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "tanggal": self.tanggal.isoformat(),
            "penerima_nip": self.penerima_nip,
            "penerima_nama": self.penerima_nama,
            "tahap": self.tahap,
            "kunci": self.kunci,
            "items": [i.to_json() for i in self.items],
            "pesan": self.pesan,
        }


# ----------------------------------------------------------------------------- schedule


def _mundur(d: date, k: int, calendar: WorkingDayCalendar, kerja: bool) -> date:
    for _ in range(k):
        d = calendar.previous_working_day(d, inclusive=False) if kerja else d - timedelta(days=1)
    return d


def jadwal_tahap(
    tenggat: date, calendar: WorkingDayCalendar, config: KonfigurasiPengingat
) -> list[tuple[str, date]]:
    """The scheduled day of every stage of one deadline, in chronological order.

    Before-stages from ``config.tahap_hari_kerja``, then ``terlambat`` (H+1). ``atasan`` goes with
    ``terlambat``; ``digest`` and ``mingguan`` are not per deadline.
    """
    kerja = config.hanya_hari_kerja
    hari_h = calendar.previous_working_day(tenggat) if kerja else tenggat
    out = [
        (tahap_sebelum(k), _mundur(hari_h, k, calendar, kerja))
        for k in sorted(set(config.tahap_hari_kerja), reverse=True)
    ]
    h_plus_1 = calendar.add_working_days(tenggat, 1) if kerja else tenggat + timedelta(days=1)
    out.append((TERLAMBAT, h_plus_1))
    return out


def tahap_relevan(
    hari_ini: date,
    tenggat: date,
    calendar: WorkingDayCalendar,
    config: KonfigurasiPengingat | None = None,
) -> str | None:
    """The one stage still worth sending on ``hari_ini`` for a deadline (catch-up rule), or ``None``.

    A stage is relevant from its scheduled day until the next stage's scheduled day (exclusive);
    ``terlambat`` for ``config.susulan_terlambat_hari_kerja`` (working) days from H+1. So after a
    gap only the latest relevant stage is sent: a missed H-3 is not sent on H-1. ``None`` before
    the first stage, after the overdue window, and (when ``hanya_hari_kerja``) on non-working days.
    """
    config = config or KonfigurasiPengingat()
    if config.hanya_hari_kerja and not calendar.is_working_day(hari_ini):
        return None
    jadwal = jadwal_tahap(tenggat, calendar, config)
    _, hari_terlambat = jadwal[-1]
    if config.hanya_hari_kerja:
        akhir = calendar.add_working_days(hari_terlambat, config.susulan_terlambat_hari_kerja)
    else:
        akhir = hari_terlambat + timedelta(days=config.susulan_terlambat_hari_kerja)
    batas = [d for _, d in jadwal[1:]] + [akhir]
    for (tahap, mulai), selesai in zip(jadwal, batas, strict=True):
        if mulai <= hari_ini < selesai:
            return tahap
    return None


def _item_tindak_lanjut(
    tl: TindakLanjutKendala, penerima: str, tahap: str, nama_pelapor: str
) -> ItemPengingat:
    jenis = JenisTindakLanjut.TINDAK_LANJUT
    periode = f"kendala-{tl.id}"
    kode = f"KENDALA-{tl.id}"
    uraian = tl.uraian if len(tl.uraian) <= 80 else tl.uraian[:77] + "..."
    return ItemPengingat(
        jenis=jenis,
        periode=periode,
        periode_label=f"kendala #{tl.id}",
        kode=kode,
        nama=uraian,
        tenggat=tl.batas,
        tahap=tahap,
        kunci=_kunci_item(penerima, jenis, periode, kode, tl.batas, tahap),
        penanggung_jawab_nip=tl.pelapor_nip,
        penanggung_jawab_nama=nama_pelapor,
        pd_kode=tl.pd_kode,
    )


def _tahap_terjadwal(hari_ini: date, jadwal: Sequence[tuple[str, date]]) -> str | None:
    for tahap, d in jadwal:
        if d == hari_ini:
            return tahap
    return None


def _hari_mingguan(
    hari_ini: date, calendar: WorkingDayCalendar, config: KonfigurasiPengingat
) -> bool:
    senin = hari_ini - timedelta(days=hari_ini.weekday())
    target = senin + timedelta(days=config.hari_ringkasan_mingguan)
    if not config.hanya_hari_kerja:
        return hari_ini == target
    d = target
    while d <= senin + timedelta(days=6):
        if calendar.is_working_day(d):
            return d == hari_ini
        d += timedelta(days=1)
    return False


# ----------------------------------------------------------------------------- planner

_URUTAN_TAHAP = {TERLAMBAT: 0, H: 1}


def _urgensi(tahap: str) -> int:
    if tahap in _URUTAN_TAHAP:
        return _URUTAN_TAHAP[tahap]
    return 1 + int(tahap.removeprefix("h-"))


def _kunci_item(
    penerima: str, jenis: Jenis, periode: str, kode: str, tenggat: date, tahap: str
) -> str:
    return f"{penerima}|{jenis.value}|{periode}|{kode}|{tenggat.isoformat()}|{tahap}"


def _kunci_pesan(penerima: str, tahap: str, items: Iterable[ItemPengingat]) -> str:
    isi = "\n".join(sorted(i.kunci for i in items)).encode()
    return f"{penerima}|{tahap}|{hashlib.sha256(isi).hexdigest()[:16]}"


def _urut_item(i: ItemPengingat) -> tuple[str, date, int, str, str]:
    return (i.pd_kode or "", i.tenggat, _urutan_jenis(i.jenis), i.periode, i.kode)


@dataclass(frozen=True)
class _Item:
    kewajiban: Kewajiban
    tenggat: Tenggat


def rencana_pengingat(
    hari_ini: date,
    calendar: WorkingDayCalendar,
    tenggat: Sequence[Tenggat],
    kewajiban: Sequence[Kewajiban],
    dilaporkan: Mapping[tuple[str, str], date],
    pejabat: Mapping[str, Pejabat],
    config: KonfigurasiPengingat | None = None,
    pd_nama: Mapping[str, str] | None = None,
    susulan: bool = False,
    terkirim: Collection[str] = (),
    tindak_lanjut: Sequence[TindakLanjutKendala] = (),
) -> list[Pengingat]:
    """Every message due on ``hari_ini`` (WIB).

    ``tenggat``: the deadlines: monthly, quarterly, annual (Pasal 15) and the APBD-driven PK, KKL,
    KAK, ROPP (Pasal 8-11; only ROPP's completion is recorded, so the others get the before-stages
    only, no overdue escalation). Reports of APBD kinds are looked up in ``dilaporkan`` under
    ``("<jenis>:<periode>", kode)``, e.g. ``("ropp:2026", "<sub kegiatan>")``.
    ``tindak_lanjut``: answered kendala whose reporter must follow up by ``batas`` (Pergub 42/2018
    Lampiran B.6), reminded and escalated like a report until the kendala is closed.
    ``kewajiban``: who must report what, per tahun anggaran; an item exists for each deadline of the
    same kind whose periode lies in that year. ``dilaporkan``: ``(periode, kode)`` -> the WIB date it
    was first reported (reports dated after ``hari_ini`` are ignored). ``pejabat``: by NIP, with
    ``atasan_nip``. ``susulan``: catch-up run, use :func:`tahap_relevan` instead of the exact
    scheduled day. ``terkirim``: item keys already in the sent-log; those items are left out of
    the personal and atasan messages (a message with nothing left is not planned). Sorted: personal
    messages by NIP (person, then atasan), then Bappeda's.
    """
    config = config or KonfigurasiPengingat()
    pd_nama = pd_nama or {}
    terkirim = frozenset(terkirim)
    if config.hanya_hari_kerja and not calendar.is_working_day(hari_ini):
        return []

    per_jenis_tahun: dict[tuple[JenisTenggat, int], list[Kewajiban]] = defaultdict(list)
    for k in kewajiban:
        per_jenis_tahun[(k.jenis, k.tahun)].append(k)

    def lapor(item: _Item) -> date | None:
        t = item.tenggat
        periode = f"{t.jenis.value}:{t.periode}" if t.jenis.is_apbd else t.periode
        d = dilaporkan.get((periode, item.kewajiban.kode))
        return d if d is not None and d <= hari_ini else None

    def nama(nip: str) -> str:
        p = pejabat.get(nip)
        return p.nama if p else nip

    def buat_item(
        item: _Item, penerima: str, tahap: str, status: str = BELUM, pada: date | None = None
    ) -> ItemPengingat:
        k, t = item.kewajiban, item.tenggat
        return ItemPengingat(
            jenis=t.jenis,
            periode=t.periode,
            periode_label=t.periode_label,
            kode=k.kode,
            nama=k.nama,
            tenggat=t.tenggat,
            tahap=tahap,
            kunci=_kunci_item(penerima, t.jenis, t.periode, k.kode, t.tenggat, tahap),
            penanggung_jawab_nip=k.penanggung_jawab_nip,
            penanggung_jawab_nama=nama(k.penanggung_jawab_nip),
            pd_kode=k.pd_kode,
            status=status,
            dilaporkan_pada=pada,
        )

    pribadi: dict[str, list[ItemPengingat]] = defaultdict(list)
    atasan: dict[str, list[ItemPengingat]] = defaultdict(list)
    digest: list[ItemPengingat] = []
    terakhir: dict[JenisTenggat, tuple[Tenggat, list[_Item]]] = {}

    for t in tenggat:
        if t.jenis not in _JENIS_LAPORAN and t.jenis not in _JENIS_APBD:
            continue
        items = [_Item(k, t) for k in per_jenis_tahun.get((t.jenis, int(t.periode[:4])), [])]
        if not items:
            continue
        if t.tenggat < hari_ini and (t.jenis in _JENIS_LAPORAN or t.jenis in _JENIS_DOKUMEN):
            prev = terakhir.get(t.jenis)
            if prev is None or prev[0].tenggat < t.tenggat:
                terakhir[t.jenis] = (t, items)
        if susulan:
            tahap = tahap_relevan(hari_ini, t.tenggat, calendar, config)
        else:
            tahap = _tahap_terjadwal(hari_ini, jadwal_tahap(t.tenggat, calendar, config))
        for item in items:
            if lapor(item) is not None:
                continue
            nip = item.kewajiban.penanggung_jawab_nip
            if t.tenggat < hari_ini:
                digest.append(buat_item(item, BAPPEDA, DIGEST))
            if tahap is None:
                continue
            baru = buat_item(item, nip, tahap)
            if baru.kunci not in terkirim:
                pribadi[nip].append(baru)
            if tahap == TERLAMBAT:
                p = pejabat.get(nip)
                if p is not None and p.atasan_nip:
                    ke_atasan = buat_item(item, p.atasan_nip, ATASAN)
                    if ke_atasan.kunci not in terkirim:
                        atasan[p.atasan_nip].append(ke_atasan)

    for tl in tindak_lanjut:
        selesai = None if tl.selesai_pada is None else local_date(tl.selesai_pada)
        if (selesai is not None and selesai <= hari_ini) or not calendar.covers(tl.batas):
            continue
        if susulan:
            tahap = tahap_relevan(hari_ini, tl.batas, calendar, config)
        else:
            tahap = _tahap_terjadwal(hari_ini, jadwal_tahap(tl.batas, calendar, config))
        if tl.batas < hari_ini:
            digest.append(_item_tindak_lanjut(tl, BAPPEDA, DIGEST, nama(tl.pelapor_nip)))
        if tahap is None:
            continue
        pribadi[tl.pelapor_nip].append(
            _item_tindak_lanjut(tl, tl.pelapor_nip, tahap, nama(tl.pelapor_nip))
        )
        if tahap == TERLAMBAT:
            p = pejabat.get(tl.pelapor_nip)
            if p is not None and p.atasan_nip:
                ke_atasan = _item_tindak_lanjut(tl, p.atasan_nip, ATASAN, nama(tl.pelapor_nip))
                if ke_atasan.kunci not in terkirim:
                    atasan[p.atasan_nip].append(ke_atasan)
    for nip in list(pribadi):
        pribadi[nip] = [i for i in pribadi[nip] if i.kunci not in terkirim]
        if not pribadi[nip]:
            del pribadi[nip]

    out: list[Pengingat] = []
    for nip in sorted(set(pribadi) | set(atasan)):
        if nip in pribadi:
            its = tuple(sorted(pribadi[nip], key=_urut_item))
            tahap = min((i.tahap for i in its), key=_urgensi)
            out.append(
                Pengingat(
                    hari_ini,
                    nip,
                    nama(nip),
                    tahap,
                    its,
                    _kunci_pesan(nip, tahap, its),
                    _pesan_pribadi(nama(nip), its, hari_ini, calendar, config),
                )
            )
        if nip in atasan:
            its = tuple(sorted(atasan[nip], key=_urut_item))
            out.append(
                Pengingat(
                    hari_ini,
                    nip,
                    nama(nip),
                    ATASAN,
                    its,
                    _kunci_pesan(nip, ATASAN, its),
                    _pesan_atasan(nama(nip), its),
                )
            )
    if digest:
        its = tuple(sorted(digest, key=_urut_item))
        out.append(
            Pengingat(
                hari_ini,
                BAPPEDA,
                "Bappeda",
                DIGEST,
                its,
                f"{BAPPEDA}|{DIGEST}|{hari_ini.isoformat()}",
                _pesan_digest(its, hari_ini, pd_nama),
            )
        )
    rekap: list[ItemPengingat] = []
    if terakhir and _hari_mingguan(hari_ini, calendar, config):
        for jenis in (*_JENIS_LAPORAN, *_JENIS_DOKUMEN):
            if jenis not in terakhir:
                continue
            t, items = terakhir[jenis]
            if (
                jenis in _JENIS_DOKUMEN
                and (hari_ini - t.tenggat).days > MINGGUAN_DOKUMEN_HARI
                and all(lapor(item) is not None for item in items)
            ):
                continue
            for item in items:
                pada = lapor(item)
                status = (
                    BELUM if pada is None else TEPAT_WAKTU if pada <= t.tenggat else TERLAMBAT_LAPOR
                )
                rekap.append(buat_item(item, BAPPEDA, MINGGUAN, status, pada))
    if rekap:
        tahun, minggu, _ = hari_ini.isocalendar()
        its = tuple(sorted(rekap, key=_urut_item))
        out.append(
            Pengingat(
                hari_ini,
                BAPPEDA,
                "Bappeda",
                MINGGUAN,
                its,
                f"{BAPPEDA}|{MINGGUAN}|{tahun:04d}-W{minggu:02d}",
                _pesan_mingguan(its, hari_ini, pd_nama),
            )
        )
    return out


# ----------------------------------------------------------------------------- messages


def _tgl(d: date) -> str:
    return format_tanggal(d)


def _keterangan_tahap(
    tahap: str,
    tenggat: date,
    hari_ini: date,
    calendar: WorkingDayCalendar,
    config: KonfigurasiPengingat,
) -> str:
    if tahap == TERLAMBAT:
        return "sudah melewati tenggat"
    if tahap == H:
        return "tenggat hari ini" if tenggat == hari_ini else "hari kerja terakhir sebelum tenggat"
    if config.hanya_hari_kerja:
        sisa = calendar.working_days_between(hari_ini, calendar.previous_working_day(tenggat))
        return f"{sisa} hari kerja lagi"
    return f"{(tenggat - hari_ini).days} hari lagi"


def _baris_item(i: ItemPengingat) -> str:
    if i.jenis is JenisTindakLanjut.TINDAK_LANJUT:
        return f"Tindak lanjut {i.periode_label}: {i.nama} [{i.kode}], batas {_tgl(i.tenggat)}"
    if i.jenis in _JENIS_APBD:
        return f"{i.jenis.label} {i.periode_label}: {i.nama} [{i.kode}], tenggat {_tgl(i.tenggat)}"
    return (
        f"Laporan {i.jenis.label} {i.periode_label}: {i.nama} [{i.kode}], tenggat {_tgl(i.tenggat)}"
    )


def _judul_tenggat(jenis: Jenis, label: str) -> str:
    return f"{jenis.label} {label}" if jenis in _JENIS_APBD else f"Laporan {jenis.label} {label}"


def _pesan_pribadi(
    nama: str,
    items: Sequence[ItemPengingat],
    hari_ini: date,
    calendar: WorkingDayCalendar,
    config: KonfigurasiPengingat,
) -> str:
    terlambat = all(i.tahap == TERLAMBAT for i in items)
    dokumen = [i.jenis in _JENIS_APBD for i in items]
    apa = "dokumen" if all(dokumen) else "laporan dan dokumen" if any(dokumen) else "laporan"
    pembuka = (
        f"{apa} berikut sudah melewati tenggat dan belum Anda sampaikan:"
        if terlambat
        else f"{apa} berikut belum Anda sampaikan:"
    )
    baris = [f"Yth. {nama},", f"Pengingat SAKIP: {pembuka}"]
    for n, i in enumerate(items, start=1):
        ket = _keterangan_tahap(i.tahap, i.tenggat, hari_ini, calendar, config)
        baris.append(f"{n}. {_baris_item(i)} ({ket}).")
    dasar = sorted({i.jenis.dasar_hukum for i in items})
    baris.append(f"Dasar: {'; '.join(dasar)}.")
    if any(i.jenis in _JENIS_DOKUMEN for i in items):
        baris.append(
            "Catatan: penyerahan PK, KKL dan KAK Perangkat Daerah dicatat oleh operator PD atau "
            "Bappeda (dasbor/API, atau `sakip dokumen serahkan`); pengingat berhenti setelah "
            "penyerahan tercatat."
        )
    if all(dokumen):
        baris.append("Terima kasih.")
    else:
        baris.append("Silakan sampaikan laporan melalui perintah /lapor. Terima kasih.")
    return "\n".join(baris)


def _pesan_atasan(nama: str, items: Sequence[ItemPengingat]) -> str:
    baris = [
        f"Yth. {nama},",
        "Laporan/dokumen berikut dari pejabat di bawah Anda sudah melewati tenggat dan belum "
        "disampaikan:",
    ]
    for n, i in enumerate(sorted(items, key=lambda x: (x.penanggung_jawab_nama, _urut_item(x))), 1):
        baris.append(
            f"{n}. {i.penanggung_jawab_nama} (NIP {i.penanggung_jawab_nip}): {_baris_item(i)}."
        )
    baris.append("Mohon arahan Bapak/Ibu agar laporan/dokumen tersebut segera disampaikan.")
    return "\n".join(baris)


def _per_pd(items: Sequence[ItemPengingat]) -> dict[str, list[ItemPengingat]]:
    out: dict[str, list[ItemPengingat]] = defaultdict(list)
    for i in items:
        out[i.pd_kode or "-"].append(i)
    return out


def _pesan_digest(
    items: Sequence[ItemPengingat], hari_ini: date, pd_nama: Mapping[str, str]
) -> str:
    """All overdue items by PD; when that is longer than one Telegram message (4096 characters),
    a summary per PD with counts (who, how many, of which kind) instead."""
    judul = (
        f"Rekap harian laporan SAKIP yang terlambat per {_tgl(hari_ini)} ({len(items)} laporan):"
    )
    baris = [judul]
    for pd, its in sorted(_per_pd(items).items()):
        baris.append("")
        baris.append(f"{pd_nama.get(pd, pd)} ({len(its)}):")
        for i in its:
            baris.append(f"- {i.penanggung_jawab_nama}: {_baris_item(i)}")
    lengkap = "\n".join(baris)
    if len(lengkap) <= BATAS_TEKS:
        return lengkap
    per_jenis: dict[tuple[int, str, str], int] = defaultdict(int)
    for i in items:
        per_jenis[(_urutan_jenis(i.jenis), i.periode, f"{i.jenis.label} {i.periode_label}")] += 1
    ringkas = [judul, ""]
    ringkas += [f"- {label}: {n}" for (_, _, label), n in sorted(per_jenis.items())]
    ringkas += ["", "Per Perangkat Daerah (laporan / pejabat):"]
    for pd, its in sorted(_per_pd(items).items()):
        orang = len({i.penanggung_jawab_nip for i in its})
        ringkas.append(f"- {pd_nama.get(pd, pd)}: {len(its)} / {orang}")
    ringkas.append("")
    ringkas.append("Rincian per pejabat: perintah `sakip reminders plan` atau dasbor Bappeda.")
    return "\n".join(ringkas)


def pecah_teks(teks: str, batas: int = 4096) -> list[str]:
    """Split ``teks`` into parts of at most ``batas`` characters, at line ends where possible
    (Telegram's sendMessage takes at most 4096 characters)."""
    if len(teks) <= batas:
        return [teks]
    out: list[str] = []
    buf = ""
    for line in teks.split("\n"):
        while len(line) > batas:
            if buf:
                out.append(buf)
                buf = ""
            out.append(line[:batas])
            line = line[batas:]
        calon = line if not buf else f"{buf}\n{line}"
        if len(calon) > batas:
            out.append(buf)
            buf = line
        else:
            buf = calon
    if buf.strip():
        out.append(buf)
    return out


_STATUS_LABEL = {TEPAT_WAKTU: "tepat waktu", TERLAMBAT_LAPOR: "terlambat", BELUM: "belum melapor"}


def _pesan_mingguan(
    items: Sequence[ItemPengingat], hari_ini: date, pd_nama: Mapping[str, str]
) -> str:
    baris = [f"Ringkasan kepatuhan pelaporan SAKIP, {_tgl(hari_ini)}:"]
    per_tenggat: dict[tuple[Jenis, str, date, str], list[ItemPengingat]] = defaultdict(list)
    for i in items:
        per_tenggat[(i.jenis, i.periode, i.tenggat, i.periode_label)].append(i)
    for (jenis, _periode, tenggat, label), its in sorted(
        per_tenggat.items(), key=lambda kv: _urutan_jenis(kv[0][0])
    ):
        hitung = {s: sum(1 for i in its if i.status == s) for s in _STATUS_LABEL}
        baris.append("")
        baris.append(
            f"{_judul_tenggat(jenis, label)} (tenggat {_tgl(tenggat)}): "
            + ", ".join(f"{_STATUS_LABEL[s]} {n}" for s, n in hitung.items())
        )
        for pd, pd_its in sorted(_per_pd(its).items()):
            h = {s: sum(1 for i in pd_its if i.status == s) for s in _STATUS_LABEL}
            baris.append(
                f"- {pd_nama.get(pd, pd)}: "
                + ", ".join(f"{_STATUS_LABEL[s]} {n}" for s, n in h.items())
            )
            for i in pd_its:
                if i.status != TEPAT_WAKTU:
                    baris.append(
                        f"  * {i.penanggung_jawab_nama}: {i.nama} [{i.kode}] - {_STATUS_LABEL[i.status]}"
                    )
    lengkap = "\n".join(baris)
    if len(lengkap) <= BATAS_TEKS:
        return lengkap
    # too long for one Telegram message: the totals, and per PD only those not all on time
    ringkas = [baris[0]]
    for (jenis, _periode, tenggat, label), its in sorted(
        per_tenggat.items(), key=lambda kv: _urutan_jenis(kv[0][0])
    ):
        hitung = {s: sum(1 for i in its if i.status == s) for s in _STATUS_LABEL}
        ringkas.append("")
        ringkas.append(
            f"{_judul_tenggat(jenis, label)} (tenggat {_tgl(tenggat)}): "
            + ", ".join(f"{_STATUS_LABEL[s]} {n}" for s, n in hitung.items())
        )
        bermasalah = []
        for pd, pd_its in sorted(_per_pd(its).items()):
            n = [sum(1 for i in pd_its if i.status == s) for s in _STATUS_LABEL]
            if n[1] or n[2]:
                bermasalah.append(f"{pd_nama.get(pd, pd)} {n[0]}/{n[1]}/{n[2]}")
        if bermasalah:
            ringkas.append("PD (tepat waktu/terlambat/belum): " + "; ".join(bermasalah))
    ringkas.append("")
    ringkas.append("Rincian per pejabat: perintah `sakip reminders plan` atau dasbor Bappeda.")
    return "\n".join(ringkas)


def format_tabel(rencana: Sequence[Pengingat]) -> str:
    """Plain-text Indonesian table: Penerima | NIP | Tahap | Jumlah | Laporan."""
    header = ("Penerima", "NIP", "Tahap", "Jumlah", "Laporan")
    rows = [
        (
            p.penerima_nama,
            p.penerima_nip,
            p.tahap,
            str(len(p.items)),
            "; ".join(f"{i.jenis.label} {i.periode_label} {i.kode}" for i in p.items[:3])
            + (" ..." if len(p.items) > 3 else ""),
        )
        for p in rencana
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    garis = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    garis.insert(1, "  ".join("-" * w for w in widths))
    if not rows:
        garis.append("(tidak ada pengingat untuk hari ini)")
    return "\n".join(garis)


# ----------------------------------------------------------------------------- use case


def plan_pengingat(
    uow: UnitOfWork,
    hari_ini: date,
    config: KonfigurasiPengingat | None = None,
    susulan: bool = False,
    terkirim: Collection[str] = (),
) -> list[Pengingat]:
    """The reminder queue for ``hari_ini`` (WIB), read from the database; sends nothing.
    ``terkirim``: item keys already in the sent-log (left out, see :func:`rencana_pengingat`).

    Considers the reporting periods of this year and the previous one (December and Q4 are due in
    January). Reports stored before the end of ``hari_ini`` (WIB) count as reported. Bulk reads:
    overrides, pejabat, PD, and two queries per year for obligations and reports.
    """
    from core.services import load_calendar  # services imports a lot; keep this module light
    from core.services_dokumen import JenisDokumen, jenis_tenggat, kewajiban_dokumen

    tahun = hari_ini.year
    sampai = datetime.combine(hari_ini + timedelta(days=1), time(0), tzinfo=WIB)
    with uow:
        repo = uow.repo
        cal = load_calendar(repo, tahun)
        daftar_pejabat = repo.list_pejabat()
        tenggat: list[Tenggat] = []
        kewajiban: list[Kewajiban] = []
        dilaporkan: dict[tuple[str, str], date] = {}
        for y in (tahun - 1, tahun):
            tenggat.extend(deadlines_for_year(y, cal))
            kewajiban.extend(repo.kewajiban_pelaporan(y))
            for key, pada in repo.laporan_masuk(y, sampai).items():
                dilaporkan[key] = local_date(pada)
        # PK, KKL, KAK, ROPP of the APBD (and APBD-P) of last year, this year and next year (the
        # APBD of next year is set in November/December: its deadlines fall around New Year)
        for y in (tahun - 1, tahun, tahun + 1):
            apbd = repo.get_apbd(y)
            if apbd is None:
                continue
            try:
                dari_apbd = [t for t in deadlines_for_year(y, cal, apbd) if t.jenis.is_apbd]
            except CalendarCoverageError:
                continue
            batas_awal = date(tahun - 1, 2, 1)  # stages of older deadlines lie outside the calendar
            tenggat.extend(
                t for t in dari_apbd if t.tenggat >= batas_awal and cal.covers(t.tenggat)
            )
            kewajiban.extend(repo.kewajiban_apbd(y))
            for kode in repo.ropp_tersedia(y):
                dilaporkan[(f"{JenisTenggat.ROPP.value}:{y:04d}", kode)] = date.min
            # PK, KKL, KAK: per PD, the Kepala PD answers; done when the submission is recorded
            kewajiban.extend(kewajiban_dokumen(y, repo.pd_wajib_dokumen(y), daftar_pejabat))
            for d in repo.dokumen_diserahkan(y):
                jt = jenis_tenggat(JenisDokumen(d.jenis), d.perubahan)
                dilaporkan[(f"{jt.value}:{y:04d}", d.pd_kode)] = d.diserahkan_pada
        tindak_lanjut = repo.tindak_lanjut_kendala()
        pejabat = {p.nip: p for p in daftar_pejabat}
        pd_nama = {pd.kode: pd.singkatan or pd.nama for pd in repo.list_pd()}
    return rencana_pengingat(
        hari_ini,
        cal,
        tenggat,
        kewajiban,
        dilaporkan,
        pejabat,
        config,
        pd_nama,
        susulan,
        terkirim,
        tindak_lanjut,
    )
