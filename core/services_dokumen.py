"""Planning documents of a PD (PK, KKL, KAK): recording their submission, and who answers for them.

Deadlines (:mod:`core.deadlines`), Pergub Banten 17/2023:

* Perjanjian Kinerja, Pasal 8 ayat (4): filled in "paling lambat 1 (satu) bulan sejak APBD
  ditetapkan"; ayat (5): after an APBD change "Kepala PD menyesuaikan Perjanjian Kinerja, paling
  lambat 10 (sepuluh) hari kerja".
* KKL, Pasal 9 ayat (1): "harus disusun oleh PD"; ayat (2) one month after the APBD; ayat (3)
  10 days after the APBD change.
* KAK, Pasal 10 ayat (2) one month after the APBD; ayat (3) 10 working days after the change.

**Unit and penanggung jawab (decision).** The submission is recorded per PD, tahun anggaran, jenis
and round (``perubahan``: after the APBD-Perubahan), table ``dokumen_perencanaan``. The one who
answers for it, and so gets the reminders and the overdue notice, is the **Kepala PD**: Pasal 3
ayat (2) huruf d names the "Kepala PD selaku penanggung jawab sasaran PD/Program/Kegiatan/Sub
Kegiatan", Pasal 8 ayat (1) and (5) make the Kepala PD compose and adjust the PK (ayat (3): filled
in "secara berjenjang" with the administrators and supervisors under them), and Pasal 9 ayat (1)
gives the KKL to the PD as a whole. The KAK is composed by the penanggung jawab of each kegiatan/sub
kegiatan (Pasal 10 ayat (1)), but the PD submits them together and the Kepala PD answers for the
PD's set. The Kepala PD is found with the rule of :func:`core.services_atasan.is_kepala_pd`: the
official of the PD whose atasan is outside the PD or who has none (several: the highest eselon,
then the lowest NIP). The Kepala PD's own atasan (e.g. an Asisten Daerah) gets the H+1 notice.

A PD must submit for a year when it has a node in that year's cascade. The ROPP is not recorded
here: its completion is the stored ROPP itself (Pasal 11).

Use cases take a unit of work and the time (``now``) from the caller; nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final

from core import audit as _audit
from core.calendar import CalendarCoverageError, local_date
from core.cascade import Pejabat, Saluran
from core.deadlines import JenisTenggat, deadline_for, format_tanggal
from core.errors import TidakDitemukan, ValidasiError
from core.ports import UnitOfWork
from core.ports_impor import CatatanPerubahan
from core.ports_pengingat import DokumenDiserahkan, Kewajiban
from core.services import load_calendar

__all__ = [
    "DOKUMEN",
    "JenisDokumen",
    "StatusDokumen",
    "catatan_dokumen",
    "daftar_dokumen",
    "jenis_tenggat",
    "kepala_pd",
    "kewajiban_dokumen",
    "kode_dokumen",
    "serahkan_dokumen",
]

#: ``entitas`` of the audit trail for these records
DOKUMEN: Final = "dokumen"

TEPAT_WAKTU: Final = "tepat_waktu"
TERLAMBAT: Final = "terlambat"
BELUM: Final = "belum"
#: not submitted, and the deadline has not passed (or is unknown: no APBD date yet)
MENUNGGU: Final = "menunggu"


class JenisDokumen(StrEnum):
    PK = "PK"
    KKL = "KKL"
    KAK = "KAK"

    @property
    def nama(self) -> str:
        return _NAMA[self]


_NAMA = {
    JenisDokumen.PK: "Perjanjian Kinerja",
    JenisDokumen.KKL: "KKL",
    JenisDokumen.KAK: "KAK",
}

_TENGGAT: dict[tuple[JenisDokumen, bool], JenisTenggat] = {
    (JenisDokumen.PK, False): JenisTenggat.PK,
    (JenisDokumen.PK, True): JenisTenggat.PK_PERUBAHAN,
    (JenisDokumen.KKL, False): JenisTenggat.KKL,
    (JenisDokumen.KKL, True): JenisTenggat.KKL_PERUBAHAN,
    (JenisDokumen.KAK, False): JenisTenggat.KAK,
    (JenisDokumen.KAK, True): JenisTenggat.KAK_PERUBAHAN,
}


def jenis_tenggat(jenis: JenisDokumen, perubahan: bool) -> JenisTenggat:
    """The deadline kind of a document and round: (PK, perubahan) -> ``pk_perubahan``."""
    return _TENGGAT[(jenis, perubahan)]


def parse_jenis(teks: str) -> JenisDokumen:
    try:
        return JenisDokumen(teks.strip().upper())
    except ValueError:
        raise ValidasiError(
            f"Jenis dokumen {teks!r} tidak dikenal; pilih PK, KKL atau KAK."
        ) from None


def kode_dokumen(tahun: int, pd_kode: str, jenis: JenisDokumen, perubahan: bool) -> str:
    """Item code in the audit trail: ``"2026/<pd>/PK"``, ``"2026/<pd>/PK-P"`` (APBD-P round)."""
    return f"{tahun}/{pd_kode}/{jenis.value}{'-P' if perubahan else ''}"


# ---------------------------------------------------------------------------- who answers
def _eselon(p: Pejabat) -> tuple[bool, str]:
    return (p.eselon is None, p.eselon or "")


def kepala_pd(semua: Iterable[Pejabat]) -> dict[str, Pejabat]:
    """The Kepala PD of every PD: an official of the PD whose atasan is outside it or who has
    none (the rule of :func:`core.services_atasan.is_kepala_pd`); several: the highest eselon
    ("II.a" before "III.a"), then the lowest NIP."""
    daftar = list(semua)
    pd_of = {p.nip: p.pd_kode for p in daftar}
    out: dict[str, Pejabat] = {}
    for p in sorted(daftar, key=lambda x: (_eselon(x), x.nip)):
        if p.pd_kode is None or p.pd_kode in out:
            continue
        if p.atasan_nip is None or pd_of.get(p.atasan_nip) != p.pd_kode:
            out[p.pd_kode] = p
    return out


def kewajiban_dokumen(
    tahun: int, pd: Sequence[tuple[str, str]], pejabat: Iterable[Pejabat]
) -> list[Kewajiban]:
    """The PK, KKL and KAK obligations of ``tahun`` (both rounds) for the reminder planner: one
    per PD (``kode`` = PD kode), its Kepala PD as penanggung jawab. ``pd``: ``(kode, label)`` of
    the PD that must submit. A PD without a Kepala PD cannot be reminded and is left out."""
    kepala = kepala_pd(pejabat)
    out: list[Kewajiban] = []
    for kode, label in pd:
        k = kepala.get(kode)
        if k is None:
            continue
        for jenis in JenisDokumen:
            for perubahan in (False, True):
                out.append(
                    Kewajiban(
                        jenis_tenggat(jenis, perubahan),
                        tahun,
                        kode,
                        f"{jenis.nama} {label}",
                        k.nip,
                        kode,
                    )
                )
    return out


# ---------------------------------------------------------------------------- audit
def catatan_dokumen(
    lama: DokumenDiserahkan | None,
    baru: DokumenDiserahkan,
    *,
    dicatat_pada: datetime,
    saluran: Saluran,
    oleh: str | None,
) -> list[CatatanPerubahan]:
    """Records of a submission recorded or its date corrected (Pergub 42/2018 Pasal 28)."""
    return _audit.bandingkan(
        dicatat_pada=dicatat_pada,
        saluran=saluran,
        oleh=oleh,
        entitas=DOKUMEN,
        kode=kode_dokumen(baru.tahun, baru.pd_kode, JenisDokumen(baru.jenis), baru.perubahan),
        lama=None if lama is None else {"diserahkan_pada": lama.diserahkan_pada},
        baru={"diserahkan_pada": baru.diserahkan_pada},
    )


# ---------------------------------------------------------------------------- use cases
def serahkan_dokumen(
    uow: UnitOfWork,
    pd_kode: str,
    tahun: int,
    jenis: JenisDokumen | str,
    perubahan: bool,
    tanggal: date | None,
    now: datetime,
    saluran: Saluran,
    oleh: str | None,
) -> tuple[DokumenDiserahkan, bool]:
    """Record that PD ``pd_kode`` submitted its ``jenis`` of ``tahun`` on ``tanggal`` (WIB; default
    the day of ``now``). Returns the record and whether it is new; recording it again corrects the
    date. The change is in the audit trail, in the same transaction.

    Refused: an unknown PD or jenis, a year outside 2000-2100, a date after today, and for the
    APBD-P round (``perubahan``) a year without an APBD-Perubahan date or a date before it.
    """
    jenis = parse_jenis(jenis) if isinstance(jenis, str) else jenis
    hari_ini = local_date(now)
    tanggal = tanggal or hari_ini
    if not 2000 <= tahun <= 2100:
        raise ValidasiError("Tahun anggaran harus antara 2000 dan 2100.")
    if tanggal > hari_ini:
        raise ValidasiError(
            f"Tanggal penyerahan {format_tanggal(tanggal)} belum terjadi (hari ini "
            f"{format_tanggal(hari_ini)})."
        )
    with uow:
        repo = uow.repo
        if repo.get_pd(pd_kode) is None:
            raise TidakDitemukan(f"Perangkat Daerah {pd_kode} tidak ditemukan.")
        if perubahan:
            apbd = repo.get_apbd(tahun)
            if apbd is None or apbd.apbd_perubahan is None:
                raise ValidasiError(
                    f"Tanggal penetapan Perubahan APBD {tahun} belum diisi "
                    "(sakip kalender apbd); penyesuaian dokumen belum dapat dicatat."
                )
            if tanggal < apbd.apbd_perubahan:
                raise ValidasiError(
                    f"Tanggal penyerahan {format_tanggal(tanggal)} sebelum Perubahan APBD "
                    f"{tahun} ditetapkan ({format_tanggal(apbd.apbd_perubahan)})."
                )
        baru = DokumenDiserahkan(
            pd_kode=pd_kode,
            tahun=tahun,
            jenis=jenis.value,
            perubahan=perubahan,
            diserahkan_pada=tanggal,
            dicatat_pada=now,
            oleh=oleh,
            saluran=saluran.value,
        )
        lama = repo.simpan_dokumen(baru)
        repo.catat_perubahan(
            catatan_dokumen(lama, baru, dicatat_pada=now, saluran=saluran, oleh=oleh)
        )
        uow.commit()
    return baru, lama is None


@dataclass(frozen=True)
class StatusDokumen:
    """One document of one PD and round: its deadline, who answers for it, and whether (when) it
    was submitted. ``status``: tepat_waktu, terlambat, belum (deadline passed) or menunggu."""

    pd_kode: str
    pd_nama: str
    tahun: int
    jenis: JenisDokumen
    perubahan: bool
    tenggat: date | None
    dasar_hukum: str
    penanggung_jawab_nip: str | None
    penanggung_jawab_nama: str | None
    diserahkan_pada: date | None
    status: str
    dicatat_pada: datetime | None = None
    oleh: str | None = None
    saluran: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "pd": self.pd_kode,
            "pd_nama": self.pd_nama,
            "tahun": self.tahun,
            "jenis": self.jenis.value,
            "perubahan": self.perubahan,
            "tenggat": None if self.tenggat is None else self.tenggat.isoformat(),
            "dasar_hukum": self.dasar_hukum,
            "penanggung_jawab_nip": self.penanggung_jawab_nip,
            "penanggung_jawab_nama": self.penanggung_jawab_nama,
            "diserahkan_pada": None
            if self.diserahkan_pada is None
            else self.diserahkan_pada.isoformat(),
            "status": self.status,
            "dicatat_pada": None if self.dicatat_pada is None else self.dicatat_pada.isoformat(),
            "oleh": self.oleh,
            "saluran": self.saluran,
        }


def daftar_dokumen(
    uow: UnitOfWork, tahun: int, now: datetime, pd_kode: str | None = None
) -> list[StatusDokumen]:
    """PK, KKL and KAK of ``tahun`` for every PD that must submit them (or has), optionally one PD:
    the plain round always, the APBD-P round when its date is set or something was recorded."""
    hari_ini = local_date(now)
    with uow:
        repo = uow.repo
        pd = dict(repo.pd_wajib_dokumen(tahun))
        semua_pd = {p.kode: p.singkatan or p.nama for p in repo.list_pd()}
        tercatat = repo.dokumen_diserahkan(tahun, pd_kode)
        kepala = kepala_pd(repo.list_pejabat())
        apbd = repo.get_apbd(tahun)
        cal = load_calendar(repo, tahun)
    for d in tercatat:
        pd.setdefault(d.pd_kode, semua_pd.get(d.pd_kode, d.pd_kode))
    if pd_kode is not None:
        pd = {k: v for k, v in pd.items() if k == pd_kode}
    per_kunci = {(d.pd_kode, d.jenis, d.perubahan): d for d in tercatat}
    ronde = [False]
    if (apbd is not None and apbd.apbd_perubahan is not None) or any(d.perubahan for d in tercatat):
        ronde.append(True)
    out: list[StatusDokumen] = []
    for kode in sorted(pd):
        k = kepala.get(kode)
        for jenis in JenisDokumen:
            for perubahan in ronde:
                jt = jenis_tenggat(jenis, perubahan)
                try:
                    tenggat = deadline_for(jt, f"{tahun:04d}", cal, apbd).tenggat
                except (ValueError, CalendarCoverageError):
                    tenggat = None  # no APBD date yet
                dok = per_kunci.get((kode, jenis.value, perubahan))
                if dok is not None:
                    status = (
                        TEPAT_WAKTU
                        if tenggat is None or dok.diserahkan_pada <= tenggat
                        else TERLAMBAT
                    )
                else:
                    status = BELUM if tenggat is not None and tenggat < hari_ini else MENUNGGU
                out.append(
                    StatusDokumen(
                        pd_kode=kode,
                        pd_nama=pd[kode],
                        tahun=tahun,
                        jenis=jenis,
                        perubahan=perubahan,
                        tenggat=tenggat,
                        dasar_hukum=jt.dasar_hukum,
                        penanggung_jawab_nip=None if k is None else k.nip,
                        penanggung_jawab_nama=None if k is None else k.nama,
                        diserahkan_pada=None if dok is None else dok.diserahkan_pada,
                        status=status,
                        dicatat_pada=None if dok is None else dok.dicatat_pada,
                        oleh=None if dok is None else dok.oleh,
                        saluran=None if dok is None else dok.saluran,
                    )
                )
    return out
