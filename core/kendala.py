"""Kendala (obstacles) escalated to Bappeda: statuses, transitions, deadline, buttons and texts.

Pure: no database, no Telegram, no clock (callers pass ``now``). The use cases are in
:mod:`core.services_kendala`; the Telegram shell in ``bot/conversations/kendala.py`` and ``bot/grup.py``.

Status: ``baru`` (raised) -> ``ditanggapi`` (Bappeda answered; further messages keep it there) ->
``selesai`` (closed). A kendala may be closed straight from ``baru``; nothing changes a closed one.

Tindak lanjut deadline: Pergub Banten 42/2018, Lampiran B angka 6 — "Kepala Perangkat Daerah provinsi
menyampaikan hasil tindak lanjut perbaikan/penyempurnaan kepada gubernur melalui Kepala BAPPEDA
provinsi, paling lama 7 (tujuh) hari sejak rekomendasi dan langkah-langkah penyempurnaan untuk
ditindaklanjuti diterima." The text says "7 (tujuh) hari"; like the other deadlines of the two Pergub
this is counted in hari kerja on the Banten working-day calendar (issue 4: "7 working days after
Bappeda's answer"), starting the day after the answer was received (WIB), and recomputed from the
latest answer when Bappeda answers again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from core.calendar import WIB, WorkingDayCalendar, local_date
from core.deadlines import format_tanggal
from core.errors import SakipError, ValidasiError

HARI_TINDAK_LANJUT = 7  # Pergub 42/2018 Lampiran B angka 6
MAKS_URAIAN = 2000
MAKS_PRATINJAU = 300


class StatusKendala(StrEnum):
    BARU = "baru"
    DITANGGAPI = "ditanggapi"
    SELESAI = "selesai"

    @property
    def label(self) -> str:
        return {"baru": "Baru", "ditanggapi": "Ditanggapi", "selesai": "Selesai"}[self.value]


class Dari(StrEnum):
    """Who wrote a message of a kendala thread."""

    PELAPOR = "pelapor"
    BAPPEDA = "bappeda"


PERAN_BAPPEDA = "bappeda"


class KendalaSelesai(SakipError):
    """The kendala is closed; it takes no more answers, replies or status changes."""


class BukanBappeda(SakipError):
    """Only Bappeda staff (pejabat.peran 'bappeda') may do this."""


@dataclass(frozen=True, slots=True)
class Kendala:
    """A stored kendala with the names needed to show it (joined from PD, pejabat and node)."""

    id: int
    uraian: str
    status: StatusKendala
    saluran: str
    dibuat_pada: datetime
    pelapor_nip: str | None = None
    pelapor_nama: str | None = None
    pelapor_jabatan: str | None = None
    pelapor_telegram_id: int | None = None
    pd_kode: str | None = None
    pd_nama: str | None = None
    node_kode: str | None = None
    node_nama: str | None = None
    realisasi_id: int | None = None
    periode: str | None = None
    ditanggapi_pada: datetime | None = None
    selesai_pada: datetime | None = None
    batas_tindak_lanjut: date | None = None
    grup_chat_id: int | None = None
    grup_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class PesanKendala:
    """One message of a kendala thread."""

    id: int
    kendala_id: int
    dari: Dari
    isi: str
    saluran: str
    dibuat_pada: datetime
    nama: str | None = None
    telegram_user_id: int | None = None
    akun_id: int | None = None


@dataclass(frozen=True, slots=True)
class PerubahanStatus:
    """What a transition writes."""

    status: StatusKendala
    ditanggapi_pada: datetime | None
    selesai_pada: datetime | None
    batas_tindak_lanjut: date | None


# ---------------------------------------------------------------------------- rules
#: what officials type when there is nothing to report (compared by :func:`_tanpa_hiasan`)
_TIDAK_ADA = frozenset(
    {
        "-",
        "--",
        "0",
        "tidak",
        "tidak ada",
        "tidak ada kendala",
        "tidak ada tindak lanjut",
        "tdk ada",
        "tdk",
        "ga ada",
        "gak ada",
        "nggak ada",
        "belum ada",
        "nihil",
        "kosong",
        "none",
        "n/a",
        "na",
        "tidak ada masalah",
        "tidak ada lancar",
        "lancar",
        "aman",
    }
)
#: a form of address at the end ("Tidak ada, Pak") does not change the answer
_SAPAAN = frozenset({"pak", "bu", "bapak", "ibu", "bpk", "kak", "mas", "mbak"})
#: the dashes phones put in place of "-" or "--" (iOS and Android smart punctuation)
_TANDA_HUBUNG = re.compile("[\u2010-\u2015\u2212]+")


def _tanpa_hiasan(teks: str) -> str:
    """``teks`` without case, emoji, punctuation but "-" and "/", or a closing form of address."""
    isi = _TANDA_HUBUNG.sub("-", teks.casefold())
    kata = "".join(c if c.isalnum() or c in "-/" else " " for c in isi).split()
    while len(kata) > 1 and kata[-1] in _SAPAAN:
        kata.pop()
    return " ".join(kata)


def berarti_tidak_ada(teks: str | None) -> bool:
    """Whether a typed kendala or tindak lanjut says there is none ("Tidak ada.", "-", "nihil").

    Such an answer is stored as no kendala, as the "Tidak ada" button stores it: it is not an
    obstacle to escalate to Bappeda, and it is not counted as one.
    """
    if teks is None:
        return True
    isi = _tanpa_hiasan(teks)
    return isi == "" or isi in _TIDAK_ADA


def isi_atau_none(teks: str | None) -> str | None:
    """``teks``, or None when it says there is none (:func:`berarti_tidak_ada`)."""
    return None if berarti_tidak_ada(teks) else teks


def bersihkan_isi(teks: str | None, nama: str = "Uraian kendala") -> str:
    """The text of a kendala or a message, stripped; empty or too long is refused."""
    isi = (teks or "").strip()
    if not isi:
        raise ValidasiError(f"{nama} wajib diisi.")
    if len(isi) > MAKS_URAIAN:
        raise ValidasiError(f"{nama} terlalu panjang (paling banyak {MAKS_URAIAN} karakter).")
    return isi


def batas_tindak_lanjut(ditanggapi_pada: datetime, cal: WorkingDayCalendar) -> date:
    """The 7th working day after the day (WIB) Bappeda's answer was given (42/2018 Lampiran B.6)."""
    return cal.add_working_days(local_date(ditanggapi_pada), HARI_TINDAK_LANJUT)


def tanggapi(k: Kendala, now: datetime, cal: WorkingDayCalendar) -> PerubahanStatus:
    """Bappeda answers: status ``ditanggapi``; the deadline runs from this answer."""
    if k.status == StatusKendala.SELESAI:
        raise KendalaSelesai(f"Kendala #{k.id} sudah selesai dan tidak dapat ditanggapi lagi.")
    return PerubahanStatus(
        StatusKendala.DITANGGAPI,
        ditanggapi_pada=now,
        selesai_pada=None,
        batas_tindak_lanjut=batas_tindak_lanjut(now, cal),
    )


def boleh_dibalas(k: Kendala) -> None:
    """The official may add to the thread until the kendala is closed."""
    if k.status == StatusKendala.SELESAI:
        raise KendalaSelesai(f"Kendala #{k.id} sudah selesai; silakan ajukan /kendala baru.")


def selesaikan(k: Kendala, now: datetime) -> PerubahanStatus:
    """Close (from ``baru`` or ``ditanggapi``); the answer's time and deadline are kept."""
    if k.status == StatusKendala.SELESAI:
        raise KendalaSelesai(f"Kendala #{k.id} sudah selesai.")
    return PerubahanStatus(
        StatusKendala.SELESAI,
        ditanggapi_pada=k.ditanggapi_pada,
        selesai_pada=now,
        batas_tindak_lanjut=k.batas_tindak_lanjut,
    )


def lewat_batas(k: Kendala, today: date) -> bool:
    """Answered, not closed, and the tindak lanjut deadline has passed."""
    return (
        k.status == StatusKendala.DITANGGAPI
        and k.batas_tindak_lanjut is not None
        and today > k.batas_tindak_lanjut
    )


# ---------------------------------------------------------------------------- buttons
# Callback data of the kendala buttons (at most 64 bytes): Tanggapi and Selesai on the group post,
# Balas on the message to the official. The outbox stores the Balas button too, so it lives here.
AKSI_TANGGAPI = "t"
AKSI_SELESAI = "s"
AKSI_BALAS = "b"
_CB = re.compile(r"^kd:([tsb]):(\d{1,12})$")


def cb_kendala(aksi: str, kendala_id: int) -> str:
    return f"kd:{aksi}:{kendala_id}"


def urai_cb_kendala(data: str | None) -> tuple[str, int] | None:
    m = _CB.match(data or "")
    return (m.group(1), int(m.group(2))) if m else None


TOMBOL_TANGGAPI = "Tanggapi"
TOMBOL_SELESAI = "Selesai"
TOMBOL_BALAS = "Balas"


def tombol_grup(k: Kendala) -> list[list[dict[str, str]]]:
    """Rows of {"text", "callback_data"} for the group post; none once closed."""
    if k.status == StatusKendala.SELESAI:
        return []
    return [
        [
            {"text": TOMBOL_TANGGAPI, "callback_data": cb_kendala(AKSI_TANGGAPI, k.id)},
            {"text": TOMBOL_SELESAI, "callback_data": cb_kendala(AKSI_SELESAI, k.id)},
        ]
    ]


def tombol_pelapor(k: Kendala) -> list[list[dict[str, str]]]:
    """The Balas button under an answer sent to the official; none once closed."""
    if k.status == StatusKendala.SELESAI:
        return []
    return [[{"text": TOMBOL_BALAS, "callback_data": cb_kendala(AKSI_BALAS, k.id)}]]


# ---------------------------------------------------------------------------- texts
# Texts that more than one channel sends (the bot directly, the dashboard through the outbox).
def _tanggal(dt: datetime | None) -> str:
    return format_tanggal(local_date(dt)) if dt else "-"


def _waktu(dt: datetime) -> str:
    return f"{format_tanggal(local_date(dt))} {dt.astimezone(WIB):%H.%M} WIB"


def label_pokok(k: Kendala) -> str:
    """What the kendala is about: the sub kegiatan, or "Umum"."""
    if k.node_kode:
        return f"{k.node_kode} {k.node_nama or ''}".strip()
    return "Umum"


def pelapor_label(k: Kendala) -> str:
    bagian = [k.pelapor_jabatan or "", f"({k.pelapor_nama})" if k.pelapor_nama else ""]
    teks = " ".join(b for b in bagian if b) or "-"
    return f"{teks} - {k.pd_nama}" if k.pd_nama else teks


def teks_grup(k: Kendala) -> str:
    """The post in the Bappeda group; edited when the status changes."""
    baris = [
        f"Kendala #{k.id} [{k.status.label}]",
        f"Dari: {pelapor_label(k)}",
        f"Perihal: {label_pokok(k)}" + (f" (laporan {k.periode})" if k.periode else ""),
        f"Uraian: {k.uraian}",
        f"Diajukan: {_waktu(k.dibuat_pada)}",
    ]
    if k.ditanggapi_pada:
        baris.append(f"Ditanggapi: {_waktu(k.ditanggapi_pada)}")
    if k.batas_tindak_lanjut and k.status != StatusKendala.SELESAI:
        baris.append(f"Batas tindak lanjut: {format_tanggal(k.batas_tindak_lanjut)}")
    if k.selesai_pada:
        baris.append(f"Selesai: {_waktu(k.selesai_pada)}")
    if k.status != StatusKendala.SELESAI:
        baris.append("Tekan Tanggapi lalu balas pesan yang muncul, atau Selesai bila sudah tuntas.")
    return "\n".join(baris)


def _pratinjau(teks: str) -> str:
    return teks if len(teks) <= MAKS_PRATINJAU else teks[: MAKS_PRATINJAU - 1] + "…"


def teks_tanggapan_untuk_pelapor(k: Kendala, p: PesanKendala) -> str:
    batas = (
        f"\nMohon sampaikan tindak lanjutnya paling lambat {format_tanggal(k.batas_tindak_lanjut)}."
        if k.batas_tindak_lanjut
        else ""
    )
    return (
        f"Tanggapan Bappeda atas kendala #{k.id} ({label_pokok(k)}):\n"
        f"{p.isi}\n"
        f"- {p.nama or 'Bappeda'}{batas}\n"
        "Tekan Balas untuk menjawab."
    )


def teks_selesai_untuk_pelapor(k: Kendala) -> str:
    return (
        f"Kendala #{k.id} ({label_pokok(k)}) telah dinyatakan selesai oleh Bappeda "
        f"pada {_tanggal(k.selesai_pada)}. Terima kasih."
    )


def teks_balasan_untuk_grup(k: Kendala, p: PesanKendala) -> str:
    return f"Balasan {pelapor_label(k)} atas kendala #{k.id}:\n{p.isi}"


def teks_tanggapan_untuk_grup(k: Kendala, p: PesanKendala) -> str:
    """A note in the group when the answer came from the dashboard."""
    return f"Tanggapan {p.nama or 'Bappeda'} (dasbor) atas kendala #{k.id}:\n{_pratinjau(p.isi)}"


def kunci_pesan_keluar(kendala_id: int, jenis: str, pesan_id: int | None = None) -> str:
    """The outbox key: unique, so a retried request never sends twice."""
    return f"kendala|{kendala_id}|{jenis}" + (f"|{pesan_id}" if pesan_id is not None else "")


def kunci_edit_grup(k: Kendala) -> str:
    """The outbox key of the edit that shows ``k``'s current state on its group post.

    One key per state the post can show (baru; ditanggapi at each answer; selesai): queuing the
    same state twice queues one edit, and a newer state gets a new one.
    """
    kunci = f"kendala|{k.id}|edit|{k.status.value}"
    if k.status == StatusKendala.DITANGGAPI and k.ditanggapi_pada is not None:
        kunci += f"|{k.ditanggapi_pada.astimezone(UTC):%Y%m%dT%H%M%S%fZ}"
    return kunci
