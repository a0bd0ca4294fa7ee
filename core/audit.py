"""The audit trail and month locks, pure rules (issue 6, item 3).

Pergub 42/2018 Pasal 28: reported data must be traceable: who entered what, when, through which
channel, and every correction with its old and new value. Every change is one row of ``perubahan_data``
per changed field (:class:`core.ports_impor.CatatanPerubahan`); the log is append-only.

Bappeda verifies a PD's month and locks it (Pergub 17/2023 Pasal 13-14: Bappeda's pengendalian and
evaluasi). While a month is locked no channel (bot, dashboard, API, import) may change that PD's data of
the month; Bappeda reopens it with a reason. Locking and reopening are in the audit trail too.

Item codes (``kode``) follow the import's convention: "<tahun>/<kode>/<bulan>" for a monthly
realisasi, "<tahun>/<node>#<urutan>/<periode>" for an indicator's realisasi, the ISO date for a
calendar override, the year for the APBD dates, "<tahun>/<pd>/<bulan>" for a month lock.

Nothing here touches a database or a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final, Protocol

from core.cascade import Saluran
from core.deadlines import ApbdDates
from core.errors import Masalah, ValidasiError
from core.holiday_source import HolidayOverride
from core.numbers import format_ringkas
from core.periode import NAMA_BULAN, Periode
from core.ports_impor import CatatanPerubahan
from core.realisasi import RealisasiInput, RealisasiTersimpan

# ---------------------------------------------------------------------------- kinds of item
REALISASI: Final = "realisasi"
REALISASI_INDIKATOR: Final = "realisasi_ind"
KALENDER: Final = "kalender"
APBD: Final = "apbd"
KUNCI_BULAN: Final = "kunci_bulan"
DOKUMEN: Final = "dokumen"  # PK, KKL, KAK submissions (core.services_dokumen)

#: Every kind of item in the trail: the import's and the ones recorded by the use cases.
ENTITAS: Final = (
    "pd",
    "pejabat",
    "node",
    "indikator",
    "ropp",
    REALISASI,
    REALISASI_INDIKATOR,
    KALENDER,
    APBD,
    KUNCI_BULAN,
    DOKUMEN,
)

#: Shortest reason accepted for reopening a month.
ALASAN_MIN: Final = 5
ALASAN_MAKS: Final = 2000


def kode_realisasi(tahun: int, sub_kegiatan_kode: str, bulan: int) -> str:
    return f"{tahun}/{sub_kegiatan_kode}/{bulan}"


def kode_realisasi_indikator(tahun: int, node_kode: str, urutan: int, periode: str) -> str:
    return f"{tahun}/{node_kode}#{urutan}/{periode}"


def kode_kalender(tanggal: date) -> str:
    return tanggal.isoformat()


def kode_apbd(tahun: int) -> str:
    return str(tahun)


def kode_kunci(tahun: int, pd_kode: str, bulan: int) -> str:
    return f"{tahun}/{pd_kode}/{bulan}"


# ---------------------------------------------------------------------------- old -> new
Nilai = str | Decimal | int | bool | date | None


def teks(v: Nilai) -> str | None:
    """A value as the trail stores it: text in Indonesian notation, None for 'did not exist'."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, Decimal):
        return format_ringkas(v)
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def bandingkan(
    *,
    dicatat_pada: datetime,
    saluran: Saluran,
    oleh: str | None,
    entitas: str,
    kode: str,
    lama: Mapping[str, Nilai] | None,
    baru: Mapping[str, Nilai] | None,
) -> list[CatatanPerubahan]:
    """One record per field whose value differs (Decimal by value: 3 == 3,00), in field order."""
    if dicatat_pada.tzinfo is None:
        raise ValueError("dicatat_pada harus memiliki zona waktu")
    kolom = list(dict.fromkeys([*(lama or {}), *(baru or {})]))
    out: list[CatatanPerubahan] = []
    for k in kolom:
        a, b = teks((lama or {}).get(k)), teks((baru or {}).get(k))
        if a != b:
            out.append(CatatanPerubahan(dicatat_pada, saluran, oleh, entitas, kode, k, a, b))
    return out


def _kosong(v: str | None) -> str | None:
    return v if v and v.strip() else None


def kolom_realisasi(r: RealisasiInput | RealisasiTersimpan | None) -> dict[str, Nilai] | None:
    """The fields of a monthly realisasi (Pergub 17/2023 Lampiran II Bulanan, kolom 10-12, 15-16)."""
    if r is None:
        return None
    out: dict[str, Nilai] = {
        "realisasi_bobot": r.realisasi_bobot,
        "realisasi_anggaran": r.realisasi_anggaran,
    }
    for urutan, volume in sorted(r.volume_output.items()):
        out[f"output {urutan} volume"] = volume
    out["kendala"] = _kosong(r.kendala)
    out["tindak_lanjut"] = _kosong(r.tindak_lanjut)
    return out


def catatan_realisasi(
    lama: RealisasiTersimpan | None,
    baru: RealisasiTersimpan,
    *,
    dicatat_pada: datetime,
    saluran: Saluran,
    oleh: str | None,
    alasan_koreksi: str | None = None,
) -> list[CatatanPerubahan]:
    """Records of one new revision: its number (so every revision is in the trail, even an identical
    one), every changed field, and the correction's reason when one was given."""
    a = {"revisi": lama.revisi if lama else None, **(kolom_realisasi(lama) or {})}
    b: dict[str, Nilai] = {"revisi": baru.revisi, **(kolom_realisasi(baru) or {})}
    if _kosong(alasan_koreksi):
        b["alasan_koreksi"] = alasan_koreksi
    return bandingkan(
        dicatat_pada=dicatat_pada,
        saluran=saluran,
        oleh=oleh,
        entitas=REALISASI,
        kode=kode_realisasi(baru.tahun, baru.sub_kegiatan_kode, baru.bulan),
        lama=a,
        baru=b,
    )


class RevisiIndikator(Protocol):
    """What the trail needs of a stored indicator realisasi (core.ports.RealisasiIndikator)."""

    @property
    def revisi(self) -> int: ...
    @property
    def nilai(self) -> Decimal: ...
    @property
    def kendala(self) -> str | None: ...
    @property
    def tindak_lanjut(self) -> str | None: ...


def kolom_realisasi_indikator(r: RevisiIndikator | None) -> dict[str, Nilai] | None:
    if r is None:
        return None
    return {
        "revisi": r.revisi,
        "nilai": r.nilai,
        "kendala": _kosong(r.kendala),
        "tindak_lanjut": _kosong(r.tindak_lanjut),
    }


def catatan_realisasi_indikator(
    tahun: int,
    node_kode: str,
    urutan: int,
    periode: str,
    lama: RevisiIndikator | None,
    baru: RevisiIndikator,
    *,
    dicatat_pada: datetime,
    saluran: Saluran,
    oleh: str | None,
) -> list[CatatanPerubahan]:
    """Records of a new revision of an indicator's quarterly or annual realisasi."""
    return bandingkan(
        dicatat_pada=dicatat_pada,
        saluran=saluran,
        oleh=oleh,
        entitas=REALISASI_INDIKATOR,
        kode=kode_realisasi_indikator(tahun, node_kode, urutan, periode),
        lama=kolom_realisasi_indikator(lama),
        baru=kolom_realisasi_indikator(baru),
    )


def kolom_kalender(o: HolidayOverride | None) -> dict[str, Nilai] | None:
    return None if o is None else {"libur": o.libur, "keterangan": o.keterangan}


def kolom_apbd(a: ApbdDates | None) -> dict[str, Nilai] | None:
    return None if a is None else {"apbd": a.apbd, "apbd_perubahan": a.apbd_perubahan}


def catatan_kalender(
    tanggal: date,
    lama: HolidayOverride | None,
    baru: HolidayOverride | None,
    *,
    dicatat_pada: datetime,
    saluran: Saluran,
    oleh: str | None,
) -> list[CatatanPerubahan]:
    """Records of a calendar override set, changed or removed (None: no override on that day)."""
    return bandingkan(
        dicatat_pada=dicatat_pada,
        saluran=saluran,
        oleh=oleh,
        entitas=KALENDER,
        kode=kode_kalender(tanggal),
        lama=kolom_kalender(lama),
        baru=kolom_kalender(baru),
    )


def catatan_apbd(
    lama: ApbdDates | None,
    baru: ApbdDates,
    *,
    dicatat_pada: datetime,
    saluran: Saluran,
    oleh: str | None,
) -> list[CatatanPerubahan]:
    """Records of the APBD dates of a year (they move the PK, KKL, KAK and ROPP deadlines)."""
    return bandingkan(
        dicatat_pada=dicatat_pada,
        saluran=saluran,
        oleh=oleh,
        entitas=APBD,
        kode=kode_apbd(baru.tahun),
        lama=kolom_apbd(lama),
        baru=kolom_apbd(baru),
    )


def oleh_label(nama: str | None, nip: str | None) -> str | None:
    """Who made a change, as the trail shows it: "Nama (NIP)", or whichever is known."""
    if nama and nip and nama != nip:
        return f"{nama} ({nip})"
    return nama or nip


def label_pelapor(tersimpan: str | None, nama: str | None, nip: str | None) -> str | None:
    """The author of a stored revision as the dashboard shows it.

    ``tersimpan`` is the stored ``dibuat_oleh``; ``nama``/``nip`` the pejabat it belongs to, if
    known. A revision stored with only the pejabat's NIP or name (the demo's bulk rows, older bot
    reports) shows "Nama (NIP)"; anything else (an account's "Nama (username)", a label already
    "Nama (NIP)") as stored.
    """
    if nip is not None and tersimpan in (None, nip, nama):
        return oleh_label(nama, nip)
    return tersimpan or nip


# ---------------------------------------------------------------------------- month locks
@dataclass(frozen=True)
class KunciBulan:
    """The lock state of one PD's month; ``oleh``/``alasan``/``diubah_pada`` of the last change."""

    pd_kode: str
    tahun: int
    bulan: int
    terkunci: bool
    oleh: str | None
    alasan: str | None
    diubah_pada: datetime | None


class BulanTerkunci(ValidasiError):
    """A change to a month Bappeda verified and locked; nothing was saved."""

    def __init__(self, pd_nama: str, tahun: int, bulan: int, item: str | None = None) -> None:
        self.pd_nama, self.tahun, self.bulan = pd_nama, tahun, bulan
        super().__init__(Masalah(item or "", pesan_terkunci(pd_nama, tahun, bulan)))


def pesan_terkunci(pd_nama: str, tahun: int, bulan: int) -> str:
    return (
        f"Bulan {NAMA_BULAN[bulan]} {tahun} untuk {pd_nama} sudah diverifikasi dan dikunci "
        "Bappeda; minta Bappeda membuka kembali."
    )


def bulan_kunci(periode: Periode) -> int:
    """The month whose lock covers a period's data: the month itself, or the period's last month.

    A quarterly or annual indicator realisasi (Pergub 17/2023 Pasal 15(3)) belongs to the month that
    closes its period: Q1 to March, the year to December. Locking March freezes the Q1 report.
    """
    return periode.bulan_akhir


def cek_bulan(tahun: int, bulan: int) -> None:
    if not 1 <= bulan <= 12:
        raise ValidasiError(Masalah("Kunci bulan", f"bulan {bulan} tidak sah (1-12)."))
    if not 2000 <= tahun <= 2100:
        raise ValidasiError(Masalah("Kunci bulan", f"tahun {tahun} tidak sah."))


def cek_alasan_buka(alasan: str | None) -> str:
    """Reopening a locked month needs a reason (Pergub 42/2018 Pasal 28: every correction explained)."""
    bersih = (alasan or "").strip()
    if not bersih:
        raise ValidasiError(
            Masalah("Buka bulan", "alasan membuka kembali bulan yang terkunci wajib diisi.")
        )
    if len(bersih) < ALASAN_MIN:
        raise ValidasiError(
            Masalah("Buka bulan", f"alasan terlalu singkat (minimal {ALASAN_MIN} huruf).")
        )
    if len(bersih) > ALASAN_MAKS:
        raise ValidasiError(
            Masalah("Buka bulan", f"alasan terlalu panjang (maksimal {ALASAN_MAKS} huruf).")
        )
    return bersih


def catatan_kunci(
    lama: KunciBulan | None,
    baru: KunciBulan,
    *,
    saluran: Saluran,
) -> list[CatatanPerubahan]:
    """Records of a lock or reopen: terkunci old -> new, and the reason given."""
    assert baru.diubah_pada is not None
    a: dict[str, Nilai] = {"terkunci": lama.terkunci if lama else False}
    b: dict[str, Nilai] = {"terkunci": baru.terkunci}
    if baru.alasan:
        a["alasan"] = lama.alasan if lama else None
        b["alasan"] = baru.alasan
    return bandingkan(
        dicatat_pada=baru.diubah_pada,
        saluran=saluran,
        oleh=baru.oleh,
        entitas=KUNCI_BULAN,
        kode=kode_kunci(baru.tahun, baru.pd_kode, baru.bulan),
        lama=a,
        baru=b,
    )
