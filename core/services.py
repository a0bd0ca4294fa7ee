"""Use cases: what the bot, the API and the CLI call. Each runs in one unit of work.

The clock is injected (``now`` arguments); nothing here calls ``datetime.now()``.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from core import audit as _audit  # issue 6: audit trail and month locks
from core.calendar import WorkingDayCalendar, calendar_for_years, local_date
from core.capaian import Arah, Capaian, hitung_capaian
from core.cascade import (
    CascadeNode,
    Pejabat,
    PerangkatDaerah,
    Saluran,
    Tingkat,
    target_acuan,
    validate_cascade,
)
from core.deadlines import ApbdDates, JenisTenggat, Tenggat, deadline_for, deadlines_for_year
from core.errors import KonflikError, Masalah, SakipError, TidakDitemukan, ValidasiError
from core.holiday_source import HolidayOverride, tahun_tanpa_cuti_bersama
from core.kendala import isi_atau_none
from core.periode import JenisPeriode, Periode
from core.ports import IndikatorRef, LinkCode, RealisasiIndikator, Repository, UnitOfWork
from core.ports_bukti import JENIS_BUKTI, BuktiDukung
from core.realisasi import (
    RealisasiInput,
    RealisasiTersimpan,
    tanpa_isian_tidak_ada,
    validate_realisasi,
)
from core.rollup import (
    Angka,
    BulanAngka,
    HasilSimpul,
    angka_periode,
    pohon_provinsi,
)
from core.ropp import Ropp, validate_ropp
from core.services_audit import pastikan_bulan_terbuka

Clock = Callable[[], datetime]
UowFactory = Callable[[], UnitOfWork]

_NIP_LEN = 18


# ---------------------------------------------------------------------------- master data
def validate_pd(pds: Sequence[PerangkatDaerah]) -> list[Masalah]:
    masalah: list[Masalah] = []
    seen: set[str] = set()
    for pd in pds:
        loc = f"Perangkat Daerah {pd.kode or pd.nama!r}"
        if not pd.kode.strip():
            masalah.append(Masalah(loc, "kode wajib diisi."))
        elif pd.kode in seen:
            masalah.append(Masalah(loc, "kode duplikat."))
        seen.add(pd.kode)
        if not pd.nama.strip():
            masalah.append(Masalah(loc, "nama wajib diisi."))
    return masalah


def register_pd_in(repo: Repository, pds: Sequence[PerangkatDaerah]) -> None:
    """Validate and upsert PDs inside the caller's transaction (no commit)."""
    masalah = validate_pd(pds)
    if masalah:
        raise ValidasiError(masalah)
    for pd in pds:
        repo.upsert_pd(pd)


def register_pd(uow: UnitOfWork, pds: Sequence[PerangkatDaerah]) -> None:
    with uow:
        register_pd_in(uow.repo, pds)
        uow.commit()


def validate_pejabat(
    items: Sequence[Pejabat], known_pd: Iterable[str], known_nip: Iterable[str]
) -> list[Masalah]:
    masalah: list[Masalah] = []
    pd_set = set(known_pd)
    nips = set(known_nip) | {p.nip for p in items}
    seen: set[str] = set()
    for p in items:
        loc = f"Pejabat NIP {p.nip}"
        if not (p.nip.isdigit() and len(p.nip) == _NIP_LEN):
            masalah.append(Masalah(loc, f"NIP harus {_NIP_LEN} digit angka."))
        if p.nip in seen:
            masalah.append(Masalah(loc, "NIP duplikat."))
        seen.add(p.nip)
        if not p.nama.strip():
            masalah.append(Masalah(loc, "nama wajib diisi."))
        if not p.jabatan.strip():
            masalah.append(Masalah(loc, "jabatan wajib diisi."))
        if p.pd_kode and p.pd_kode not in pd_set:
            masalah.append(Masalah(loc, f"Perangkat Daerah {p.pd_kode} tidak dikenal."))
        if p.atasan_nip and p.atasan_nip not in nips:
            masalah.append(Masalah(loc, f"NIP atasan {p.atasan_nip} tidak dikenal."))
        if p.atasan_nip == p.nip:
            masalah.append(Masalah(loc, "atasan tidak boleh dirinya sendiri."))
    return masalah


def register_pejabat_in(repo: Repository, items: Sequence[Pejabat]) -> None:
    """Validate and upsert pejabat inside the caller's transaction (no commit)."""
    known_pd = [pd.kode for pd in repo.list_pd()]
    known_nip = [p.nip for p in repo.list_pejabat()]
    masalah = validate_pejabat(items, known_pd, known_nip)
    if masalah:
        raise ValidasiError(masalah)
    # two passes so an atasan in the same batch exists before it is referenced
    for p in items:
        repo.upsert_pejabat(Pejabat(p.nip, p.nama, p.jabatan, p.eselon, p.pd_kode, None))
    for p in items:
        repo.upsert_pejabat(p)


def register_pejabat(uow: UnitOfWork, items: Sequence[Pejabat]) -> None:
    with uow:
        register_pejabat_in(uow.repo, items)
        uow.commit()


def list_pejabat(uow: UnitOfWork, pd_kode: str | None = None) -> list[Pejabat]:
    with uow:
        if pd_kode is not None and uow.repo.get_pd(pd_kode) is None:
            raise TidakDitemukan(f"Perangkat Daerah {pd_kode} tidak dikenal.")
        return uow.repo.list_pejabat(pd_kode)


# ---------------------------------------------------------------------------- link codes
@dataclass(frozen=True)
class KodeTautan:
    kode: str
    nip: str
    kedaluwarsa_pada: datetime


_ALFABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def create_link_code(uow: UnitOfWork, nip: str, now: datetime, ttl_days: int = 7) -> KodeTautan:
    """A one-time code that binds a Telegram account to pejabat ``nip`` (expires after ``ttl_days``)."""
    kode = "".join(secrets.choice(_ALFABET) for _ in range(10))
    with uow:
        if uow.repo.get_pejabat(nip) is None:
            raise TidakDitemukan(f"NIP {nip} tidak dikenal.")
        expires = now + timedelta(days=ttl_days)
        uow.repo.add_link_code(LinkCode(kode, nip, now, expires, None))
        uow.commit()
    return KodeTautan(kode, nip, expires)


class KodeSudahDipakaiAkunIni(SakipError):
    """The code was already used by this very Telegram account, which is still linked to its
    pejabat (the invitation link tapped twice): nothing changes, the caller welcomes them back."""

    def __init__(self, pejabat: Pejabat) -> None:
        self.pejabat = pejabat
        super().__init__("Kode tautan ini sudah Anda pakai; akun Anda sudah tertaut.")


def redeem_link_code(uow: UnitOfWork, kode: str, telegram_user_id: int, now: datetime) -> Pejabat:
    """Bind ``telegram_user_id`` to the code's pejabat. Single use; refuses expired codes.

    The refusals name only the reason; the caller says what to do next (ask the admin).
    Raises :class:`KodeSudahDipakaiAkunIni` when this account used the code and is still linked.
    """
    kode = kode.strip().upper()
    with uow:
        lc = uow.repo.get_link_code(kode)
        if lc is None:
            raise ValidasiError("Kode tautan tidak dikenal.")
        if lc.dipakai_pada is not None:
            if lc.dipakai_oleh_telegram_id == telegram_user_id:
                tertaut = uow.repo.pejabat_by_telegram(telegram_user_id)
                if tertaut is not None and tertaut.nip == lc.nip:
                    raise KodeSudahDipakaiAkunIni(tertaut)
            raise ValidasiError("Kode tautan sudah pernah dipakai.")
        if now >= lc.kedaluwarsa_pada:
            raise ValidasiError("Kode tautan sudah kedaluwarsa.")
        uow.repo.use_link_code(kode, telegram_user_id, now)
        uow.repo.set_telegram(lc.nip, telegram_user_id)
        pejabat = uow.repo.get_pejabat(lc.nip)
        assert pejabat is not None
        uow.commit()
        return pejabat


def pejabat_telegram(uow: UnitOfWork, telegram_user_id: int) -> Pejabat | None:
    """The pejabat linked to a Telegram account, or None."""
    with uow:
        return uow.repo.pejabat_by_telegram(telegram_user_id)


def semua_tautan(uow: UnitOfWork) -> dict[int, Pejabat]:
    """Telegram user id -> pejabat, for every linked account (the bot's gate keeps them in memory)."""
    with uow:
        return uow.repo.pejabat_tertaut()


def unlink_telegram(uow: UnitOfWork, telegram_user_id: int) -> Pejabat | None:
    with uow:
        p = uow.repo.pejabat_by_telegram(telegram_user_id)
        if p is not None:
            uow.repo.set_telegram(p.nip, None)
            uow.commit()
        return p


# ---------------------------------------------------------------------------- cascade and ROPP
def save_cascade_in(repo: Repository, tahun: int, nodes: Sequence[CascadeNode]) -> None:
    """Validate (every problem at once) and upsert cascade nodes by code, without committing."""
    existing = repo.list_nodes(tahun)
    masalah = validate_cascade(
        nodes,
        pd_kode=[pd.kode for pd in repo.list_pd()],
        nip=[p.nip for p in repo.list_pejabat()],
        existing=existing,
    )
    by_kode = {n.kode: n for n in existing}
    for n in nodes:
        old = by_kode.get(n.kode)
        if old is not None and old.tingkat != n.tingkat:
            masalah.append(
                Masalah(
                    f"{n.tingkat.label} {n.kode}",
                    f"kode sudah dipakai untuk {old.tingkat.label}.",
                )
            )
    if masalah:
        raise ValidasiError(masalah)
    repo.upsert_nodes(tahun, nodes)


def save_cascade(uow: UnitOfWork, tahun: int, nodes: Sequence[CascadeNode]) -> None:
    with uow:
        save_cascade_in(uow.repo, tahun, nodes)
        uow.commit()


def save_ropp_in(repo: Repository, ropp: Ropp) -> None:
    """Validate and store one sub kegiatan's ROPP (replacing the previous plan), without committing."""
    node = repo.get_node(ropp.tahun, ropp.sub_kegiatan_kode)
    loc = f"ROPP {ropp.sub_kegiatan_kode} {ropp.tahun}"
    if node is None:
        raise ValidasiError(Masalah(loc, "sub kegiatan tidak dikenal."))
    if node.tingkat != Tingkat.SUB_KEGIATAN:
        raise ValidasiError(
            Masalah(loc, f"{node.kode} adalah {node.tingkat.label}, bukan Sub Kegiatan.")
        )
    if ropp.pagu is None and node.pagu is not None:
        ropp = Ropp(ropp.sub_kegiatan_kode, ropp.tahun, ropp.bulan, node.pagu)
    masalah = validate_ropp(ropp)
    if masalah:
        raise ValidasiError(masalah)
    repo.save_ropp(ropp)


def save_ropp(uow: UnitOfWork, ropp: Ropp) -> None:
    with uow:
        save_ropp_in(uow.repo, ropp)
        uow.commit()


# ---------------------------------------------------------------------------- calendar
def load_calendar(repo: Repository, tahun: int) -> WorkingDayCalendar:
    """The working-day calendar for ``tahun`` and the next year, with the stored overrides."""
    return _calendar_memo(tahun, tuple(repo.list_overrides()))


def load_calendar_apbd(
    repo: Repository, tahun: int, apbd_tahun: Iterable[int]
) -> tuple[WorkingDayCalendar, dict[int, ApbdDates | None]]:
    """:func:`load_calendar` and the APBD dates of ``apbd_tahun`` (None: not stored), one read."""
    wanted = list(apbd_tahun)
    overrides, apbd = repo.kalender_apbd(wanted)
    return _calendar_memo(tahun, tuple(overrides)), {t: apbd.get(t) for t in wanted}


@functools.lru_cache(maxsize=16)
def _calendar_memo(tahun: int, overrides: tuple[HolidayOverride, ...]) -> WorkingDayCalendar:
    """Building the holiday map takes ~0.1 s (the ``holidays`` package); the calendar is immutable,
    so one is shared per year and set of overrides (a changed override is a new key)."""
    return calendar_for_years([tahun - 1, tahun, tahun + 1], overrides)


def list_deadlines(uow: UnitOfWork, tahun: int) -> list[Tenggat]:
    with uow:
        cal = load_calendar(uow.repo, tahun)
        return deadlines_for_year(tahun, cal, uow.repo.get_apbd(tahun))


def tahun_cuti_bersama_belum_ada(uow: UnitOfWork, tahun: Sequence[int]) -> list[int]:
    """Those of ``tahun`` whose cuti bersama are neither in the holiday data nor added locally:
    their deadlines may fall on a day that will be cuti bersama (see
    :func:`core.holiday_source.tahun_tanpa_cuti_bersama`)."""
    with uow:
        return tahun_tanpa_cuti_bersama(tahun, uow.repo.list_overrides())


def set_override(
    uow: UnitOfWork,
    override: HolidayOverride,
    *,
    now: datetime,
    saluran: Saluran = Saluran.CLI,
    oleh: str | None = None,
) -> None:
    """Set a calendar override; the change is in the audit trail (issue 6)."""
    if not override.keterangan.strip():
        raise ValidasiError("Keterangan hari libur wajib diisi.")
    with uow:
        lama = _override_pada(uow.repo, override.tanggal)
        uow.repo.set_override(override)
        uow.repo.catat_perubahan(
            _audit.catatan_kalender(
                override.tanggal, lama, override, dicatat_pada=now, saluran=saluran, oleh=oleh
            )
        )
        uow.commit()


def _override_pada(repo: Repository, tanggal: date) -> HolidayOverride | None:
    return next((o for o in repo.list_overrides() if o.tanggal == tanggal), None)


def delete_override(
    uow: UnitOfWork,
    tanggal: date,
    *,
    now: datetime,
    saluran: Saluran = Saluran.CLI,
    oleh: str | None = None,
) -> bool:
    """Remove a calendar override; the removal is in the audit trail (issue 6)."""
    with uow:
        lama = _override_pada(uow.repo, tanggal)
        found = uow.repo.delete_override(tanggal)
        if found:
            uow.repo.catat_perubahan(
                _audit.catatan_kalender(
                    tanggal, lama, None, dicatat_pada=now, saluran=saluran, oleh=oleh
                )
            )
        uow.commit()
        return found


def set_apbd(
    uow: UnitOfWork,
    apbd: ApbdDates,
    *,
    now: datetime,
    saluran: Saluran = Saluran.CLI,
    oleh: str | None = None,
) -> None:
    """Store a year's APBD dates; the change is in the audit trail (issue 6)."""
    if apbd.apbd and apbd.apbd_perubahan and apbd.apbd_perubahan < apbd.apbd:
        raise ValidasiError("Tanggal APBD-Perubahan tidak boleh sebelum tanggal APBD.")
    with uow:
        lama = uow.repo.get_apbd(apbd.tahun)
        uow.repo.set_apbd(apbd)
        uow.repo.catat_perubahan(
            _audit.catatan_apbd(lama, apbd, dicatat_pada=now, saluran=saluran, oleh=oleh)
        )
        uow.commit()


# ---------------------------------------------------------------------------- realisasi
@dataclass(frozen=True)
class HasilLapor:
    """What an official gets back after submitting: the stored revision and its capaian."""

    tersimpan: RealisasiTersimpan
    sebelumnya: RealisasiTersimpan | None
    tenggat: Tenggat
    bulan: Angka
    kumulatif: Angka
    #: target and realisasi of every month after this revision (the S-curve is drawn from it)
    bulanan: Mapping[int, BulanAngka] = field(default_factory=dict)


def submit_realisasi(
    uow: UnitOfWork,
    data: RealisasiInput,
    *,
    oleh_nip: str | None,
    saluran: Saluran,
    now: datetime,
    oleh_nama: str | None = None,
    alasan_koreksi: str | None = None,
    bukti: Sequence[BuktiDukung] = (),
    wajib_penanggung_jawab: bool = False,
) -> HasilLapor:
    """Validate and store a monthly realisasi as a new revision (Pergub 17/2023 Pasal 15(4)).

    All checks happen before anything is written; the write is one transaction. ``bukti`` (photos and
    documents, Pergub 42/2018 Pasal 28) are attached to the new revision in that same transaction.
    ``wajib_penanggung_jawab``: refuse unless ``oleh_nip`` is the sub kegiatan's penanggung jawab
    (the bot: an official reports only their own sub kegiatan). A kendala or tindak lanjut that
    says there is none ("-", "Tidak ada.") is stored as none.
    """
    data = tanpa_isian_tidak_ada(data)
    for attempt in range(_RETRIES):
        try:
            ropp, latest, tenggat, saved = _store_realisasi(
                uow,
                data,
                oleh_nip,
                saluran,
                now,
                oleh_nama,
                alasan_koreksi,
                bukti,
                wajib_penanggung_jawab,
            )
            break
        except KonflikError:
            # another submission for the same month won the race: re-read and number after it
            if attempt == _RETRIES - 1:
                raise
    else:  # pragma: no cover - the loop always breaks or raises
        raise AssertionError
    sebelumnya = latest.get(data.bulan)
    latest[data.bulan] = saved
    bulanan = _bulan_angka(ropp, latest)
    return HasilLapor(
        tersimpan=saved,
        sebelumnya=sebelumnya,
        tenggat=tenggat,
        bulan=angka_periode(bulanan, Periode.bulanan(data.tahun, data.bulan)),
        kumulatif=angka_periode(bulanan, Periode.kumulatif(data.tahun, data.bulan)),
        bulanan=bulanan,
    )


_RETRIES = 3


def _store_realisasi(
    uow: UnitOfWork,
    data: RealisasiInput,
    oleh_nip: str | None,
    saluran: Saluran,
    now: datetime,
    oleh_nama: str | None,
    alasan_koreksi: str | None,
    bukti: Sequence[BuktiDukung] = (),
    wajib_penanggung_jawab: bool = False,
) -> tuple[Ropp, dict[int, RealisasiTersimpan], Tenggat, RealisasiTersimpan]:
    with uow:
        repo = uow.repo
        # first statement of the transaction: concurrent submissions for this node queue here
        node = repo.get_node(data.tahun, data.sub_kegiatan_kode, indikator=False, kunci=True)
        # the node's penanggung jawab is a known pejabat (a foreign key): no second read for them
        dikenal = node is not None and oleh_nip == node.penanggung_jawab_nip
        if oleh_nip is not None and not dikenal and repo.get_pejabat(oleh_nip) is None:
            raise ValidasiError(Masalah("Pelapor", f"NIP {oleh_nip} tidak dikenal."))
        loc = f"Realisasi {data.sub_kegiatan_kode}"
        if node is None:
            raise ValidasiError(
                Masalah(loc, f"sub kegiatan tidak dikenal untuk tahun {data.tahun}.")
            )
        if node.tingkat != Tingkat.SUB_KEGIATAN:
            raise ValidasiError(
                Masalah(loc, f"{node.kode} adalah {node.tingkat.label}, bukan Sub Kegiatan.")
            )
        if wajib_penanggung_jawab and (oleh_nip is None or node.penanggung_jawab_nip != oleh_nip):
            raise ValidasiError(Masalah(loc, "sub kegiatan ini bukan tanggung jawab Anda (lagi)."))
        # issue 6: a month Bappeda verified (locked) for the PD refuses every change
        pastikan_bulan_terbuka(repo, node.pd_kode, data.tahun, data.bulan, loc)
        ropp = repo.get_ropp(data.tahun, data.sub_kegiatan_kode)
        latest = repo.latest_realisasi(data.tahun, data.sub_kegiatan_kode)
        rencana = ropp.rencana(data.bulan) if ropp else None
        outputs = {i: o.uraian for i, o in enumerate(rencana.outputs, start=1)} if rencana else {}
        masalah = validate_realisasi(
            data, ropp, {m: r.realisasi_bobot for m, r in latest.items()}, outputs
        )
        if masalah:
            raise ValidasiError(masalah)
        assert ropp is not None
        cal, apbd = load_calendar_apbd(repo, data.tahun, [data.tahun])
        tenggat = deadline_for(
            JenisTenggat.BULANAN, f"{data.tahun}-{data.bulan:02d}", cal, apbd[data.tahun]
        )
        terlambat = local_date(now) > tenggat.tenggat
        saved = repo.add_realisasi(
            data,
            dibuat_oleh_nip=oleh_nip,
            dibuat_oleh=oleh_nama,
            saluran=saluran,
            dibuat_pada=now,
            terlambat=terlambat,
            alasan_koreksi=alasan_koreksi,
        )
        # issue 6 audit trail (Pergub 42/2018 Pasal 28): old -> new of this revision, with the channel
        repo.catat_perubahan(
            _audit.catatan_realisasi(
                latest.get(data.bulan),
                saved,
                dicatat_pada=now,
                saluran=saluran,
                oleh=_audit.oleh_label(oleh_nama, oleh_nip),
                alasan_koreksi=alasan_koreksi,
            )
        )
        if bukti:
            salah = sorted({b.jenis for b in bukti} - set(JENIS_BUKTI))
            if salah:
                raise ValidasiError(Masalah(loc, f"jenis bukti dukung {salah[0]!r} tidak dikenal."))
            repo.add_bukti(data.tahun, data.sub_kegiatan_kode, data.bulan, saved.revisi, bukti, now)
        uow.commit()
    return ropp, latest, tenggat, saved


def _bulan_angka(ropp: Ropp, latest: dict[int, RealisasiTersimpan]) -> dict[int, BulanAngka]:
    out: dict[int, BulanAngka] = {}
    for r in ropp.bulan:
        real = latest.get(r.bulan)
        out[r.bulan] = BulanAngka(
            target_bobot=r.target_bobot,
            target_anggaran=r.anggaran_kas,
            realisasi_bobot=real.realisasi_bobot if real else None,
            realisasi_anggaran=real.realisasi_anggaran if real else None,
        )
    return out


def realisasi_history(
    uow: UnitOfWork, tahun: int, kode: str, bulan: int
) -> list[RealisasiTersimpan]:
    with uow:
        return uow.repo.realisasi_history(tahun, kode, bulan)


@dataclass(frozen=True)
class HasilLaporIndikator:
    tersimpan: RealisasiIndikator
    indikator: IndikatorRef
    capaian: Capaian
    #: The target the capaian is measured against, and its quarter (1-4) when it is the quarter's
    #: own target; None: the annual target (a year, or a quarter whose target is not set).
    target: Decimal | None = None
    target_triwulan: int | None = None


_TINGKAT_INDIKATOR = (
    Tingkat.PROGRAM,
    Tingkat.SASARAN_PD,
    Tingkat.SASARAN_DAERAH,
    Tingkat.TUJUAN,
)


def submit_realisasi_indikator(
    uow: UnitOfWork,
    *,
    tahun: int,
    node_kode: str,
    urutan: int,
    periode: str,
    nilai: Decimal,
    oleh_nip: str | None,
    saluran: Saluran,
    now: datetime,
    kendala: str | None = None,
    tindak_lanjut: str | None = None,
    oleh_nama: str | None = None,
) -> HasilLaporIndikator:
    """Quarterly or annual realisasi of a program/sasaran/tujuan indicator's own value.

    Pergub 17/2023 Pasal 15(3): program and sasaran PD report per quarter (14th working day) and
    per year (one month after the year ends).
    """
    p = Periode.parse(periode)
    kendala, tindak_lanjut = isi_atau_none(kendala), isi_atau_none(tindak_lanjut)
    loc = f"Realisasi indikator {node_kode} #{urutan} {periode}"
    if p.tahun != tahun or p.jenis not in (JenisPeriode.TRIWULANAN, JenisPeriode.TAHUNAN):
        raise ValidasiError(Masalah(loc, "periode harus triwulan (2026-Q1) atau tahun (2026)."))
    if nilai < 0:
        raise ValidasiError(Masalah(loc, "nilai realisasi tidak boleh negatif."))
    with uow:
        repo = uow.repo
        if oleh_nip is not None and repo.get_pejabat(oleh_nip) is None:
            raise ValidasiError(Masalah("Pelapor", f"NIP {oleh_nip} tidak dikenal."))
        node = repo.get_node(tahun, node_kode)
        if node is None:
            raise ValidasiError(Masalah(loc, "kode tidak dikenal."))
        if node.tingkat not in _TINGKAT_INDIKATOR:
            raise ValidasiError(
                Masalah(loc, f"{node.tingkat.label} tidak melaporkan nilai indikator per triwulan.")
            )
        # issue 6: the month that closes the period is locked -> refused
        pastikan_bulan_terbuka(repo, node.pd_kode, tahun, _audit.bulan_kunci(p), loc)
        refs = [i for i in repo.list_indikator(tahun, node_kode) if i.urutan == urutan]
        if not refs:
            raise ValidasiError(Masalah(loc, "indikator tidak ada."))
        ref = refs[0]
        cal = load_calendar(repo, tahun)
        jenis = (
            JenisTenggat.TRIWULANAN if p.jenis == JenisPeriode.TRIWULANAN else JenisTenggat.TAHUNAN
        )
        tenggat = deadline_for(jenis, p.kode, cal, repo.get_apbd(tahun))
        lama_ind = repo.latest_realisasi_indikator([ref.id], p.kode).get(ref.id)  # issue 6
        saved = repo.add_realisasi_indikator(
            ref.id,
            p.kode,
            nilai,
            kendala,
            tindak_lanjut,
            oleh_nip,
            oleh_nama,
            saluran,
            now,
            local_date(now) > tenggat.tenggat,
        )
        repo.catat_perubahan(  # issue 6 audit trail (Pergub 42/2018 Pasal 28)
            _audit.catatan_realisasi_indikator(
                tahun,
                node_kode,
                urutan,
                p.kode,
                lama_ind,
                saved,
                dicatat_pada=now,
                saluran=saluran,
                oleh=_audit.oleh_label(oleh_nama, oleh_nip),
            )
        )
        uow.commit()
    # the quarter's target, or the annual one (Pergub 17/2023 Lampiran II kolom 11 = 9 / 7)
    target, tw = target_acuan(ref.target_tahunan, ref.target_triwulan, p)
    return HasilLaporIndikator(
        saved, ref, hitung_capaian(nilai, target, Arah(ref.arah)), target, tw
    )


# ---------------------------------------------------------------------------- capaian tree
PROVINSI = "provinsi"


def build_capaian_tree(
    uow: UnitOfWork, tahun: int, periode: Periode, provinsi_nama: str = "Provinsi Banten"
) -> HasilSimpul:
    """The full-province capaian tree: provinsi -> PD -> sasaran PD -> program -> kegiatan -> sub kegiatan.

    Where a node's indicators name the children that form them (Lampiran II Program/Sasaran
    Triwulanan), an indicator level is inserted: the node's bobot is then the mean of its indicators.
    """
    if periode.tahun != tahun:
        raise ValidasiError("Periode tidak sesuai dengan tahun anggaran.")
    with uow:
        rows = uow.repo.capaian_rows(tahun, periode.bulan)
    return pohon_provinsi(
        rows.baris, rows.indikator_anak, rows.pd_nama, PROVINSI, provinsi_nama, PROVINSI
    )
