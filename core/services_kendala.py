"""Kendala use cases: what the bot, the REST API and the dashboard call. One unit of work each.

The clock is injected (``now``); nothing here calls ``datetime.now()``. Rules and texts are in
:mod:`core.kendala`; persistence behind :class:`core.ports_kendala.KendalaQueries`.

Functions (errors are :class:`core.errors.SakipError` subclasses with Indonesian messages:
``TidakDitemukan``, ``ValidasiError``, ``KendalaSelesai``, ``BukanBappeda``)::

    daftar_grup_bappeda(uow, chat_id, judul, *, oleh_nip, now) -> GrupTelegram
    grup_bappeda(uow) -> GrupTelegram | None
    buat_kendala(uow, *, pelapor_nip, uraian, sub_kegiatan_kode=None, tahun, saluran, now,
                 periode=None) -> Kendala
    eskalasi_dari_realisasi(uow, *, pelapor_nip, sub_kegiatan_kode, periode "YYYY-MM", saluran,
                            now) -> HasilEskalasi(kendala, baru)
    catat_posting_grup(uow, kendala_id, chat_id, message_id) -> None
    kendala_belum_diposting(uow) -> list[Kendala]
    daftar_kendala(uow, *, status=None, pd_kode=None, pelapor_nip=None, halaman=1,
                   per_halaman=20) -> HalamanKendala(items, total, halaman, per_halaman)
    ambil_kendala(uow, kendala_id) -> KendalaDetail(kendala, pesan)
    tanggapi_kendala(uow, kendala_id, isi, *, pengirim: Pengirim, now) -> HasilPesan
    balas_pelapor(uow, kendala_id, isi, *, pelapor_nip, saluran, now,
                  telegram_user_id=None) -> HasilPesan
    selesaikan_kendala(uow, kendala_id, *, pengirim: Pengirim, now) -> HasilSelesai
    antre_ke_pelapor(uow, kendala_id, *, now, pesan_id=None) -> int | None   (the bot's fallback)
    antre_edit_grup(uow, kendala_id, *, now) -> int | None   (the bot's fallback for its post)

``Pengirim`` says who acts: from the bot ``Pengirim(nama, Saluran.BOT, nip=..., telegram_user_id=...)``
(the pejabat must have peran 'bappeda'); from the dashboard ``Pengirim(nama, Saluran.DASHBOARD,
akun_id=...)`` (the API authorises the account). When the channel is not the bot, the official is
reached through the outbox: a ``pesan_keluar`` row (jenis 'kendala', kunci
``kendala|<id>|pesan|<pesan_id>`` or ``kendala|<id>|selesai``, penerima = the official's NIP,
chat_id = their Telegram id, tombol = JSON rows of {"text", "callback_data"} with the Balas button
``kd:b:<id>``, status 'antri'), which the reminder sender delivers; and the Bappeda group gets a note
(kunci ``kendala|<id>|grup|<pesan_id>``, penerima 'bappeda').

The kendala's post in the group shows its status. A status change from the dashboard or the API
queues an edit of that post (``edit_message_id`` = the post, tahap 'edit', the text and buttons
of :func:`core.kendala.teks_grup` / :func:`core.kendala.tombol_grup`, kunci
:func:`core.kendala.kunci_edit_grup`); the bot edits the post itself. Either way, older edits of
the post still pending in the outbox are superseded (``dilewati``): they would show an old state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core import kendala as kd
from core.calendar import local_date
from core.cascade import Pejabat, Saluran, Tingkat
from core.errors import TidakDitemukan, ValidasiError
from core.kendala import Dari, Kendala, PesanKendala, StatusKendala
from core.ports import Repository, UnitOfWork
from core.ports_kendala import FilterKendala, GrupTelegram, KendalaInput
from core.ports_kirim import PENERIMA_BAPPEDA, TAHAP_EDIT, PesanBaru
from core.services import load_calendar

MAKS_PER_HALAMAN = 100
#: ``jenis`` of the kendala rows in the outbox (pesan_keluar)
JENIS_KELUAR = "kendala"
_PERIODE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Pengirim:
    """Who answers or closes: a Bappeda pejabat in Telegram, or a dashboard account."""

    nama: str | None
    saluran: Saluran
    nip: str | None = None
    telegram_user_id: int | None = None
    akun_id: int | None = None


@dataclass(frozen=True, slots=True)
class HasilEskalasi:
    kendala: Kendala
    baru: bool  # False: this report's kendala was escalated before; nothing new was stored


@dataclass(frozen=True, slots=True)
class HalamanKendala:
    items: list[Kendala]
    total: int
    halaman: int
    per_halaman: int


@dataclass(frozen=True, slots=True)
class KendalaDetail:
    kendala: Kendala
    pesan: list[PesanKendala]


@dataclass(frozen=True, slots=True)
class HasilPesan:
    """The kendala after the message, the stored message, and the outbox rows queued (if any)."""

    kendala: Kendala
    pesan: PesanKendala
    antrean: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class HasilSelesai:
    kendala: Kendala
    antrean: tuple[int, ...] = ()


# ---------------------------------------------------------------------------- helpers
def _pejabat_bappeda(repo: Repository, nip: str | None) -> None:
    p = repo.get_pejabat(nip) if nip else None
    if p is None or p.peran != kd.PERAN_BAPPEDA:
        raise kd.BukanBappeda("Mohon maaf, hanya staf Bappeda yang dapat melakukan ini.")


def _kendala(repo: Repository, kendala_id: int) -> Kendala:
    k = repo.kendala_get(kendala_id)
    if k is None:
        raise TidakDitemukan(f"Kendala #{kendala_id} tidak ditemukan.")
    return k


def _pengirim_sah(repo: Repository, pengirim: Pengirim) -> None:
    if pengirim.saluran == Saluran.BOT:
        _pejabat_bappeda(repo, pengirim.nip)
    elif pengirim.akun_id is None:
        raise ValidasiError("Akun pengirim wajib diketahui.")


def _perbarui_post(repo: Repository, k: Kendala, now: datetime, *, antre: bool) -> int | None:
    """``k``'s post in the group is to show its current state: pending edits of the post are
    superseded, and with ``antre`` an edit to this state is queued (the outbox row's id). None:
    no post, not queued (the bot edits it itself), or this state is queued already."""
    if k.grup_chat_id is None or k.grup_message_id is None:
        return None
    kunci = kd.kunci_edit_grup(k)
    if antre and repo.pesan_ada(kunci):
        return None
    repo.gantikan_edit(k.grup_chat_id, k.grup_message_id)
    if not antre:
        return None
    return repo.tambah_pesan(
        PesanBaru(
            kunci=kunci,
            jenis=JENIS_KELUAR,
            tahap=TAHAP_EDIT,
            tanggal=local_date(now),
            penerima=PENERIMA_BAPPEDA,
            chat_id=k.grup_chat_id,
            teks=kd.teks_grup(k),
            tombol=kd.tombol_grup(k) or None,
            edit_message_id=k.grup_message_id,
        ),
        now,
    )


def _periode(periode: str) -> tuple[int, int]:
    m = _PERIODE.match(periode)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidasiError(f"Periode {periode!r} tidak sah; gunakan format TTTT-BB.")
    return int(m.group(1)), int(m.group(2))


# ---------------------------------------------------------------------------- the group
def daftar_grup_bappeda(
    uow: UnitOfWork, chat_id: int, judul: str | None, *, oleh_nip: str | None, now: datetime
) -> GrupTelegram:
    """Register (or re-register) Bappeda's group; only a pejabat with peran 'bappeda' may."""
    with uow:
        _pejabat_bappeda(uow.repo, oleh_nip)
        grup = uow.repo.grup_simpan(chat_id, kd.PERAN_BAPPEDA, judul, oleh_nip, now)
        uow.commit()
        return grup


def grup_bappeda(uow: UnitOfWork) -> GrupTelegram | None:
    with uow:
        return uow.repo.grup_dengan_peran(kd.PERAN_BAPPEDA)


def periksa_grup(
    uow: UnitOfWork, chat_id: int, telegram_user_id: int
) -> tuple[bool, Pejabat | None]:
    """Whether ``chat_id`` is the registered Bappeda group, and the pejabat linked to the sender."""
    with uow:
        grup = uow.repo.grup_dengan_peran(kd.PERAN_BAPPEDA)
        terdaftar = grup is not None and grup.chat_id == chat_id
        return terdaftar, uow.repo.pejabat_by_telegram(telegram_user_id)


# ---------------------------------------------------------------------------- raising
def buat_kendala(
    uow: UnitOfWork,
    *,
    pelapor_nip: str,
    uraian: str,
    tahun: int,
    saluran: Saluran,
    now: datetime,
    sub_kegiatan_kode: str | None = None,
    periode: str | None = None,
) -> Kendala:
    """A new kendala (status baru), about one of the official's sub kegiatan or general."""
    isi = kd.bersihkan_isi(uraian)
    if periode is not None:
        _periode(periode)
    with uow:
        repo = uow.repo
        p = repo.get_pejabat(pelapor_nip)
        if p is None:
            raise TidakDitemukan(f"Pejabat dengan NIP {pelapor_nip} tidak ditemukan.")
        pd_kode = p.pd_kode
        if sub_kegiatan_kode is not None:
            node = repo.get_node(tahun, sub_kegiatan_kode)
            if node is None or node.tingkat != Tingkat.SUB_KEGIATAN:
                raise TidakDitemukan(
                    f"Sub kegiatan {sub_kegiatan_kode} tahun {tahun} tidak ditemukan."
                )
            if node.penanggung_jawab_nip != pelapor_nip:
                raise ValidasiError(
                    f"Sub kegiatan {sub_kegiatan_kode} bukan tanggung jawab {p.jabatan}."
                )
            pd_kode = node.pd_kode or pd_kode
        k = repo.kendala_tambah(
            KendalaInput(
                uraian=isi,
                saluran=saluran.value,
                dibuat_pada=now,
                pelapor_nip=pelapor_nip,
                pd_kode=pd_kode,
                node_tahun=tahun if sub_kegiatan_kode else None,
                node_kode=sub_kegiatan_kode,
                periode=periode,
            )
        )
        uow.commit()
        return k


def eskalasi_dari_realisasi(
    uow: UnitOfWork,
    *,
    pelapor_nip: str,
    sub_kegiatan_kode: str,
    periode: str,
    saluran: Saluran,
    now: datetime,
) -> HasilEskalasi:
    """One tap from /lapor: the kendala of the latest revision of that month goes to Bappeda.

    Only the sub kegiatan's penanggung jawab may escalate. Escalating the same revision again
    returns the kendala made the first time (``baru`` False).
    """
    tahun, bulan = _periode(periode)
    with uow:
        repo = uow.repo
        # first statement: two presses of the button queue here, the second sees the first's row
        repo.lock_node(tahun, sub_kegiatan_kode)
        real = repo.kendala_realisasi_terkini(tahun, sub_kegiatan_kode, bulan)
        if real is None:
            raise TidakDitemukan(f"Laporan {sub_kegiatan_kode} periode {periode} tidak ditemukan.")
        if real.penanggung_jawab_nip != pelapor_nip:
            raise ValidasiError(f"Sub kegiatan {sub_kegiatan_kode} bukan tanggung jawab Anda.")
        if kd.berarti_tidak_ada(real.kendala):
            raise ValidasiError(
                f"Laporan {sub_kegiatan_kode} periode {periode} tidak mencatat kendala."
            )
        ada = repo.kendala_by_realisasi(real.realisasi_id)
        if ada is not None:
            return HasilEskalasi(ada, baru=False)
        k = repo.kendala_tambah(
            KendalaInput(
                uraian=kd.bersihkan_isi(real.kendala),
                saluran=saluran.value,
                dibuat_pada=now,
                pelapor_nip=pelapor_nip,
                pd_kode=real.pd_kode,
                node_tahun=tahun,
                node_kode=sub_kegiatan_kode,
                realisasi_id=real.realisasi_id,
                periode=periode,
            )
        )
        uow.commit()
        return HasilEskalasi(k, baru=True)


def catat_posting_grup(uow: UnitOfWork, kendala_id: int, chat_id: int, message_id: int) -> None:
    """Remember the kendala's post in the Bappeda group (answers are threaded under it)."""
    with uow:
        uow.repo.kendala_catat_posting(kendala_id, chat_id, message_id)
        uow.commit()


def kendala_belum_diposting(uow: UnitOfWork) -> list[Kendala]:
    """Open kendala not yet posted to the group (raised before it was registered)."""
    with uow:
        return uow.repo.kendala_belum_diposting()


# ---------------------------------------------------------------------------- reading
def daftar_kendala(
    uow: UnitOfWork,
    *,
    status: StatusKendala | str | None = None,
    pd_kode: str | None = None,
    pelapor_nip: str | None = None,
    halaman: int = 1,
    per_halaman: int = 20,
) -> HalamanKendala:
    """Newest first, filtered, one page (``halaman`` from 1; at most 100 per page)."""
    if status is not None and status not in {s.value for s in StatusKendala}:
        raise ValidasiError(
            f"Status {status!r} tidak dikenal; pilih baru, ditanggapi atau selesai."
        )
    if halaman < 1 or not 1 <= per_halaman <= MAKS_PER_HALAMAN:
        raise ValidasiError(f"Halaman mulai dari 1 dan per halaman 1 sampai {MAKS_PER_HALAMAN}.")
    f = FilterKendala(StatusKendala(status) if status else None, pd_kode, pelapor_nip)
    with uow:
        items, total = uow.repo.kendala_daftar(f, (halaman - 1) * per_halaman, per_halaman)
    return HalamanKendala(items, total, halaman, per_halaman)


def ambil_kendala(uow: UnitOfWork, kendala_id: int) -> KendalaDetail:
    with uow:
        k = _kendala(uow.repo, kendala_id)
        return KendalaDetail(k, uow.repo.kendala_pesan(kendala_id))


# ---------------------------------------------------------------------------- the thread
def tanggapi_kendala(
    uow: UnitOfWork, kendala_id: int, isi: str, *, pengirim: Pengirim, now: datetime
) -> HasilPesan:
    """Bappeda answers: the message is stored, status ditanggapi, the 7-working-day deadline set.

    Not from the bot: the answer reaches the official (and the group) through the outbox.
    """
    teks = kd.bersihkan_isi(isi, "Tanggapan")
    with uow:
        repo = uow.repo
        repo.kendala_kunci(kendala_id)
        _pengirim_sah(repo, pengirim)
        k = _kendala(repo, kendala_id)
        cal = load_calendar(repo, local_date(now).year)
        ubah = kd.tanggapi(k, now, cal)
        repo.kendala_ubah_status(
            kendala_id,
            ubah.status,
            ubah.ditanggapi_pada,
            ubah.selesai_pada,
            ubah.batas_tindak_lanjut,
        )
        pesan = repo.kendala_tambah_pesan(
            kendala_id,
            Dari.BAPPEDA,
            teks,
            pengirim.saluran.value,
            now,
            nama=pengirim.nama,
            telegram_user_id=pengirim.telegram_user_id,
            akun_id=pengirim.akun_id,
        )
        k = _kendala(repo, kendala_id)
        bukan_bot = pengirim.saluran != Saluran.BOT
        antrean: list[int | None] = []
        if bukan_bot:
            antrean.append(
                _antre_pelapor(
                    repo, k, "pesan", pesan.id, kd.teks_tanggapan_untuk_pelapor(k, pesan), now
                )
            )
        antrean.append(_perbarui_post(repo, k, now, antre=bukan_bot))
        if bukan_bot and k.grup_chat_id is not None:
            antrean.append(
                repo.kendala_antre_pesan(
                    kd.kunci_pesan_keluar(k.id, "grup", pesan.id),
                    kd.PERAN_BAPPEDA,
                    k.grup_chat_id,
                    kd.teks_tanggapan_untuk_grup(k, pesan),
                    None,
                    now,
                )
            )
        uow.commit()
        return HasilPesan(k, pesan, tuple(i for i in antrean if i is not None))


def _antre_pelapor(
    repo: Repository, k: Kendala, jenis: str, pesan_id: int | None, teks: str, now: datetime
) -> int | None:
    if k.pelapor_nip is None:
        return None
    return repo.kendala_antre_pesan(
        kd.kunci_pesan_keluar(k.id, jenis, pesan_id),
        k.pelapor_nip,
        k.pelapor_telegram_id,
        teks,
        kd.tombol_pelapor(k) or None,
        now,
    )


def antre_ke_pelapor(
    uow: UnitOfWork, kendala_id: int, *, now: datetime, pesan_id: int | None = None
) -> int | None:
    """Queue Bappeda's answer ``pesan_id`` (or, without it, the closing notice) for the official in
    the outbox, when the bot could not deliver it itself (not linked, blocked, Telegram down).
    None when it was queued before (same kunci) or the kendala has no pelapor."""
    with uow:
        repo = uow.repo
        k = _kendala(repo, kendala_id)
        if pesan_id is None:
            nomor = _antre_pelapor(repo, k, "selesai", None, kd.teks_selesai_untuk_pelapor(k), now)
        else:
            pesan = next((p for p in repo.kendala_pesan(kendala_id) if p.id == pesan_id), None)
            if pesan is None:
                raise TidakDitemukan(f"Pesan {pesan_id} kendala #{kendala_id} tidak ditemukan.")
            teks = kd.teks_tanggapan_untuk_pelapor(k, pesan)
            nomor = _antre_pelapor(repo, k, "pesan", pesan_id, teks, now)
        uow.commit()
        return nomor


def antre_edit_grup(uow: UnitOfWork, kendala_id: int, *, now: datetime) -> int | None:
    """Queue the edit that shows the kendala's current state on its group post, when the bot
    could not edit the post itself (Telegram busy or unreachable). None when the kendala has no
    post or that state is queued already."""
    with uow:
        repo = uow.repo
        repo.kendala_kunci(kendala_id)
        k = _kendala(repo, kendala_id)
        nomor = _perbarui_post(repo, k, now, antre=True)
        uow.commit()
        return nomor


def balas_pelapor(
    uow: UnitOfWork,
    kendala_id: int,
    isi: str,
    *,
    pelapor_nip: str,
    saluran: Saluran,
    now: datetime,
    telegram_user_id: int | None = None,
) -> HasilPesan:
    """The official adds to the thread of their own open kendala; the status does not change."""
    teks = kd.bersihkan_isi(isi, "Balasan")
    with uow:
        repo = uow.repo
        repo.kendala_kunci(kendala_id)
        k = _kendala(repo, kendala_id)
        if k.pelapor_nip != pelapor_nip:
            raise ValidasiError(f"Kendala #{kendala_id} bukan kendala yang Anda ajukan.")
        kd.boleh_dibalas(k)
        p = repo.get_pejabat(pelapor_nip)
        pesan = repo.kendala_tambah_pesan(
            kendala_id,
            Dari.PELAPOR,
            teks,
            saluran.value,
            now,
            nama=p.nama if p else None,
            telegram_user_id=telegram_user_id,
        )
        uow.commit()
        return HasilPesan(k, pesan)


def selesaikan_kendala(
    uow: UnitOfWork, kendala_id: int, *, pengirim: Pengirim, now: datetime
) -> HasilSelesai:
    """Close the kendala (status selesai, selesai_pada). Not from the bot: the official is told
    through the outbox."""
    with uow:
        repo = uow.repo
        repo.kendala_kunci(kendala_id)
        _pengirim_sah(repo, pengirim)
        k = _kendala(repo, kendala_id)
        ubah = kd.selesaikan(k, now)
        repo.kendala_ubah_status(
            kendala_id,
            ubah.status,
            ubah.ditanggapi_pada,
            ubah.selesai_pada,
            ubah.batas_tindak_lanjut,
        )
        k = _kendala(repo, kendala_id)
        bukan_bot = pengirim.saluran != Saluran.BOT
        antrean: list[int | None] = []
        if bukan_bot:
            antrean.append(
                _antre_pelapor(repo, k, "selesai", None, kd.teks_selesai_untuk_pelapor(k), now)
            )
        antrean.append(_perbarui_post(repo, k, now, antre=bukan_bot))
        uow.commit()
        return HasilSelesai(k, tuple(i for i in antrean if i is not None))
