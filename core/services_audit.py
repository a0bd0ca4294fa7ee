"""Use cases of the audit trail and the month locks (issue 6, item 3).

Pergub 42/2018 Pasal 28 (traceable data: who, when, what, old -> new, every correction) and Pergub
17/2023 Pasal 13-14 (Bappeda's pengendalian: it verifies a PD's month and locks it). The rules are in
:mod:`core.audit`; here they run in a unit of work. The clock is injected (``now``).

The trail is read per item; there is no use case, query or endpoint that edits or deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.audit import (
    APBD,
    DOKUMEN,
    ENTITAS,
    KALENDER,
    KUNCI_BULAN,
    REALISASI,
    REALISASI_INDIKATOR,
    BulanTerkunci,
    KunciBulan,
    catatan_kunci,
    cek_alasan_buka,
    cek_bulan,
)
from core.cascade import Saluran
from core.errors import Masalah, TidakDitemukan, ValidasiError
from core.periode import NAMA_BULAN
from core.ports import Repository, UnitOfWork
from core.ports_impor import CatatanPerubahan

__all__ = [
    "RiwayatItem",
    "buka_bulan",
    "daftar_kunci",
    "kunci_bulan",
    "pastikan_bulan_terbuka",
    "pemilik_item",
    "riwayat",
    "status_kunci",
]


# ---------------------------------------------------------------------------- the lock rule
def pastikan_bulan_terbuka(
    repo: Repository, pd_kode: str | None, tahun: int, bulan: int, item: str | None = None
) -> None:
    """Refuse (:class:`BulanTerkunci`) a change to a month Bappeda locked for this PD.

    Call it inside the writing transaction, before anything is written. Data without a PD (tujuan,
    sasaran daerah) is not covered by a PD's lock.
    """
    if pd_kode is None:
        return
    kunci = repo.get_kunci_bulan(pd_kode, tahun, bulan)
    if kunci is not None and kunci.terkunci:
        pd = repo.get_pd(pd_kode)
        raise BulanTerkunci(pd.nama if pd else pd_kode, tahun, bulan, item)


# ---------------------------------------------------------------------------- reading the trail
@dataclass(frozen=True)
class RiwayatItem:
    """The trail of one item, oldest first, and the PD it belongs to (None: province-wide)."""

    entitas: str
    kode: str
    pd_kode: str | None
    catatan: list[CatatanPerubahan]


def _kode_tidak_sah(entitas: str, kode: str, contoh: str) -> ValidasiError:
    return ValidasiError(
        Masalah(f"Riwayat {entitas}", f"kode {kode!r} tidak sah; contoh bentuknya: {contoh}.")
    )


def _tahun_dan_sisa(entitas: str, kode: str, contoh: str) -> tuple[int, str]:
    tahun, _, sisa = kode.partition("/")
    if not (tahun.isdigit() and len(tahun) == 4 and sisa):
        raise _kode_tidak_sah(entitas, kode, contoh)
    return int(tahun), sisa


def pemilik_item(repo: Repository, entitas: str, kode: str) -> str | None:
    """The PD code an item of the trail belongs to; None for province-wide items or unknown ones."""
    if entitas == "pd":
        return kode if repo.get_pd(kode) is not None else None
    if entitas == "pejabat":
        return repo.pd_pejabat(kode)
    if entitas in (KALENDER, APBD):
        return None
    if entitas == KUNCI_BULAN:
        _tahun, sisa = _tahun_dan_sisa(entitas, kode, "2026/<kode PD>/3")
        pd_kode, _, bulan = sisa.rpartition("/")
        if not (pd_kode and bulan.isdigit()):
            raise _kode_tidak_sah(entitas, kode, "2026/<kode PD>/3")
        return pd_kode if repo.get_pd(pd_kode) is not None else None
    if entitas == DOKUMEN:
        _tahun, sisa = _tahun_dan_sisa(entitas, kode, "2026/<kode PD>/PK")
        pd_kode, _, jenis = sisa.rpartition("/")
        if not (pd_kode and jenis):
            raise _kode_tidak_sah(entitas, kode, "2026/<kode PD>/PK")
        return pd_kode if repo.get_pd(pd_kode) is not None else None
    contoh = {
        "node": "2026/<kode>",
        "indikator": "2026/<kode>#1",
        "ropp": "2026/<kode>/3",
        REALISASI: "2026/<kode>/3",
        REALISASI_INDIKATOR: "2026/<kode>#1/2026-Q1",
    }[entitas]
    tahun, sisa = _tahun_dan_sisa(entitas, kode, contoh)
    if entitas in ("ropp", REALISASI, REALISASI_INDIKATOR):
        sisa, _, akhir = sisa.rpartition("/")
        if not (sisa and akhir):
            raise _kode_tidak_sah(entitas, kode, contoh)
    if entitas in ("indikator", REALISASI_INDIKATOR):
        sisa, _, urutan = sisa.rpartition("#")
        if not (sisa and urutan.isdigit()):
            raise _kode_tidak_sah(entitas, kode, contoh)
    return repo.pd_node(tahun, sisa)


def riwayat(uow: UnitOfWork, entitas: str, kode: str) -> RiwayatItem:
    """Every recorded change of one item (who, when, channel, field, old -> new), oldest first."""
    entitas, kode = entitas.strip(), kode.strip()
    if entitas not in ENTITAS:
        raise ValidasiError(
            Masalah(
                "Riwayat",
                f"jenis data {entitas!r} tidak dikenal; pilih salah satu: {', '.join(ENTITAS)}.",
            )
        )
    if not kode:
        raise ValidasiError(Masalah("Riwayat", "kode data wajib diisi."))
    if any(ord(ch) < 32 for ch in kode):
        raise ValidasiError(Masalah("Riwayat", "kode data berisi karakter yang tidak sah."))
    with uow:
        pd_kode = pemilik_item(uow.repo, entitas, kode)
        return RiwayatItem(entitas, kode, pd_kode, uow.repo.list_perubahan(entitas, kode))


# ---------------------------------------------------------------------------- lock and reopen
def _cek_pd(repo: Repository, pd_kode: str) -> None:
    if repo.get_pd(pd_kode) is None:
        raise TidakDitemukan(f"Perangkat Daerah {pd_kode} tidak dikenal.")


def _cek_waktu(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now harus memiliki zona waktu")


def kunci_bulan(
    uow: UnitOfWork,
    pd_kode: str,
    tahun: int,
    bulan: int,
    *,
    oleh: str,
    now: datetime,
    saluran: Saluran,
    catatan: str | None = None,
) -> KunciBulan:
    """Bappeda marks a PD's month as verified: from now on no channel may change its data.

    Locking a month that is already locked changes nothing and records nothing.
    """
    cek_bulan(tahun, bulan)
    _cek_waktu(now)
    with uow:
        repo = uow.repo
        _cek_pd(repo, pd_kode)
        lama = repo.get_kunci_bulan(pd_kode, tahun, bulan)
        if lama is not None and lama.terkunci:
            return lama
        baru = repo.set_kunci_bulan(
            pd_kode,
            tahun,
            bulan,
            terkunci=True,
            oleh=oleh,
            alasan=(catatan or "").strip() or None,
            diubah_pada=now,
        )
        repo.catat_perubahan(catatan_kunci(lama, baru, saluran=saluran))
        uow.commit()
        return baru


def buka_bulan(
    uow: UnitOfWork,
    pd_kode: str,
    tahun: int,
    bulan: int,
    *,
    oleh: str,
    alasan: str | None,
    now: datetime,
    saluran: Saluran,
) -> KunciBulan:
    """Bappeda reopens a locked month; the reason is required and kept in the trail."""
    cek_bulan(tahun, bulan)
    _cek_waktu(now)
    bersih = cek_alasan_buka(alasan)
    with uow:
        repo = uow.repo
        _cek_pd(repo, pd_kode)
        lama = repo.get_kunci_bulan(pd_kode, tahun, bulan)
        if lama is None or not lama.terkunci:
            raise ValidasiError(
                Masalah(
                    "Buka bulan",
                    f"bulan {NAMA_BULAN[bulan]} {tahun} untuk Perangkat Daerah {pd_kode} "
                    "tidak sedang dikunci.",
                )
            )
        baru = repo.set_kunci_bulan(
            pd_kode, tahun, bulan, terkunci=False, oleh=oleh, alasan=bersih, diubah_pada=now
        )
        repo.catat_perubahan(catatan_kunci(lama, baru, saluran=saluran))
        uow.commit()
        return baru


def status_kunci(uow: UnitOfWork, pd_kode: str, tahun: int) -> list[KunciBulan]:
    """The twelve months of a PD's year, locked or open (never locked: open, nobody, no time)."""
    cek_bulan(tahun, 1)
    with uow:
        _cek_pd(uow.repo, pd_kode)
        stored = {k.bulan: k for k in uow.repo.list_kunci_bulan(tahun, pd_kode)}
    return [
        stored.get(m) or KunciBulan(pd_kode, tahun, m, False, None, None, None)
        for m in range(1, 13)
    ]


def daftar_kunci(uow: UnitOfWork, tahun: int) -> list[KunciBulan]:
    """Every stored lock state of the year (all PDs), by PD code and month."""
    cek_bulan(tahun, 1)
    with uow:
        return uow.repo.list_kunci_bulan(tahun)


def bulan_terkunci(repo: Repository, tahun: int) -> dict[tuple[str, int], KunciBulan]:
    """(PD code, month) -> lock, for the months locked now (inside the caller's transaction)."""
    return {(k.pd_kode, k.bulan): k for k in repo.list_kunci_bulan(tahun) if k.terkunci}


def pesan_kunci_untuk(repo: Repository, pd_kode: str, tahun: int, bulan: int) -> str:
    """The refusal text for a locked month, naming the PD."""
    pd = repo.get_pd(pd_kode)
    return str(BulanTerkunci(pd.nama if pd else pd_kode, tahun, bulan))
