"""/lapor: monthly realisasi of one of my sub kegiatan (Pergub 17/2023 Pasal 15(4), Lampiran II).

Steps: sub kegiatan (only mine, paginated) -> month (default: the next deadline) -> realisasi bobot
-> the volume of each ROPP output of the month -> realisasi anggaran -> kendala -> tindak lanjut
-> bukti dukung (photos/documents, optional) -> summary (Kirim / Ubah / Batal). The answers live in
``user_data["lapor"]`` (persisted with the conversation state), nothing is saved before Kirim.

On Kirim the bukti are downloaded (getFile) into ``<data_dir>/bukti/<sha256[:2]>/<sha256><ext>`` and
saved with the realisasi revision in one transaction; a failed download keeps the Telegram file_id and
is reported, the report itself is never lost. With a kendala, the reply offers "Teruskan kendala ke
Bappeda" (``esk:<kode>:<YYYY-MM>``, handled by the kendala conversation).

Entry points: ``/lapor``, and the reminder's button ``pl:<kode>:<YYYY-MM>`` (straight to that sub
kegiatan and month, after checking it is the official's own). An official with program/sasaran
indicators is offered ``li:mulai`` (the quarterly indicator conversation).

Callback data is ``L|<sesi>|<aksi>|<nilai>``; ``sesi`` changes with every /lapor, so a press on a button
of an older message is recognised and answered as expired.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
import multiprocessing
import os
import re
import secrets
import threading
import time
import warnings
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import texts
from bot.conversations import halaman as halaman_
from bot.conversations import masukan
from bot.deps import BotContext, baca, db, deps, jawab
from core import services, services_lapor
from core.calendar import local_date
from core.capaian import Capaian, format_persen, format_rupiah
from core.cascade import Saluran
from core.deadlines import format_tanggal
from core.errors import SakipError, ValidasiError
from core.numbers import format_ringkas
from core.periode import NAMA_BULAN
from core.ports_bot import SubKegiatanSaya
from core.ports_bukti import BuktiDukung
from core.realisasi import RealisasiInput, RealisasiTersimpan
from core.reporting.charts import kurva_s, kurva_s_data
from core.ropp import Ropp

PILIH_SK, PILIH_BULAN, BOBOT, ANGGARAN, KENDALA, TINDAK_LANJUT, RINGKASAN = range(7)
OUTPUT, BUKTI = 7, 8  # added later: the stored states of running conversations keep their numbers
END = ConversationHandler.END
NAMA = "lapor"
PER_HALAMAN = halaman_.PER_HALAMAN
_KUNCI = "lapor"
_MAKS_CB = 64  # bytes of callback_data (Bot API)
MAKS_BUKTI = 10
#: the reminder's button (issue 5): straight to one sub kegiatan and month
POLA_PENGINGAT = r"^pl:"
_PL = re.compile(r"^pl:(.+):(\d{4})-(\d{2})$")
#: the quarterly indicator conversation's entry button (Kabid / Kepala PD)
CB_INDIKATOR = "li:mulai"
log = logging.getLogger(__name__)
_GRAFIK_LOCK = threading.Lock()  # matplotlib figures are rendered one at a time
# Charts render in a separate process (~0.3-0.7 s of matplotlib each): in a thread they would hold
# the GIL the event loop needs for every other update. The process is started ("spawn": no fork of a
# process with running threads) and warmed up (matplotlib imported, a first figure drawn, ~3 s) when
# the bot starts (siapkan_grafik). Until it is ready, or when no process can be used, charts render
# on one thread of their own, never on the default executor's threads that every update needs for
# its database work (bot.deps.db).
_GRAFIK_PROSES: Executor | None = None
_GRAFIK_SIAP: Future[bytes] | None = None  # the warm-up figure; done = the process is ready
_GRAFIK_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lapor-grafik")


# ---------------------------------------------------------------------------- callback data
_P = halaman_.Percakapan("L", _KUNCI, texts.DIBATALKAN)
cb = _P.cb
_urai_cb = _P.urai
_draft = _P.draft
_tombol = _P.tombol
_batal = _P.batal


# ---------------------------------------------------------------------------- plans for the draft
def _info_tahun(rr: services_lapor.RencanaRealisasi) -> dict[str, dict[str, Any]]:
    """The plan and the latest revision of every month that has a ROPP (str(month) -> info)."""
    if rr.ropp is None:
        return {}
    out = {str(r.bulan): _info_dari(rr.ropp, rr.terkini, r.bulan) for r in rr.ropp.bulan}
    return {k: v for k, v in out.items() if v is not None}


def _info_dari(
    ropp: Ropp | None, latest: dict[int, RealisasiTersimpan], bulan: int
) -> dict[str, Any] | None:
    rencana = ropp.rencana(bulan) if ropp else None
    if rencana is None:
        return None
    lama = latest.get(bulan)
    return {
        "target_bobot": str(rencana.target_bobot),
        "anggaran_kas": str(rencana.anggaran_kas),
        "outputs": [[o.uraian, str(o.volume), o.satuan, str(o.bobot)] for o in rencana.outputs],
        "sebelumnya": None
        if lama is None
        else {
            "revisi": lama.revisi,
            "bobot": str(lama.realisasi_bobot),
            "anggaran": str(lama.realisasi_anggaran),
            "kendala": lama.kendala,
            "tindak_lanjut": lama.tindak_lanjut,
            "volume": {str(k): str(v) for k, v in lama.volume_output.items()},
        },
    }


# ---------------------------------------------------------------------------- bukti dukung files
def _ekstensi(b: dict[str, Any]) -> str:
    nama = b.get("nama_file") or ""
    ext = Path(nama).suffix.lower()
    if not ext and b.get("mime"):
        ext = mimetypes.guess_extension(str(b["mime"])) or ""
    if not ext and b.get("jenis") == "foto":
        ext = ".jpg"
    return ext if re.fullmatch(r"\.[a-z0-9]{1,10}", ext) else ""


def simpan_berkas(data_dir: Path, isi: bytes, b: dict[str, Any]) -> tuple[str, str]:
    """Store one downloaded file under ``data_dir/bukti/<sha256[:2]>/``: (relative path, sha256).

    Content-addressed: the same file twice is stored once. Written to a temporary name first.
    """
    sha = hashlib.sha256(isi).hexdigest()
    rel = Path("bukti") / sha[:2] / f"{sha}{_ekstensi(b)}"
    full = data_dir / rel
    if not full.exists():
        full.parent.mkdir(parents=True, exist_ok=True)
        tmp = full.with_name(f".{full.name}.{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(isi)
        os.replace(tmp, full)
    return rel.as_posix(), sha


async def _unduh_bukti(context: BotContext, items: list[dict[str, Any]]) -> int:
    """Download every not yet stored bukti (getFile); the number that could not be downloaded."""
    data_dir = Path(context.application.bot_data.get("data_dir") or "var")
    gagal = 0
    for b in items:
        if b.get("sha256"):
            continue
        try:
            berkas = await context.bot.get_file(b["file_id"])
            isi = bytes(await berkas.download_as_bytearray())
            path, sha = await asyncio.to_thread(simpan_berkas, data_dir, isi, b)
        except Exception:  # noqa: BLE001 - keep the file_id; the report must never be lost
            log.warning("Bukti dukung %s tidak dapat diunduh", b.get("file_id"), exc_info=True)
            gagal += 1
            continue
        b.update(path=path, sha256=sha, ukuran=b.get("ukuran") or len(isi))
    return gagal


def _bukti_domain(items: list[dict[str, Any]]) -> list[BuktiDukung]:
    return [
        BuktiDukung(
            jenis=b["jenis"],
            telegram_file_id=b.get("file_id"),
            telegram_file_unique_id=b.get("file_unique_id"),
            nama_file=b.get("nama_file"),
            mime=b.get("mime"),
            ukuran=b.get("ukuran"),
            path=b.get("path"),
            sha256=b.get("sha256"),
        )
        for b in items
    ]


def _gambar(judul: str, target: Any, realisasi: Any, nama: str) -> bytes:
    with _GRAFIK_LOCK:
        return kurva_s(judul, target, realisasi, nama)


def _awasi_induk(pid_induk: int) -> None:
    """In the chart process: exit once the bot's process is gone.

    A clean exit shuts the pool down (concurrent.futures' exit hook); a process killed without one
    (SIGKILL, or SIGTERM without a handler) would leave the chart process waiting for work forever.
    """

    def awasi() -> None:
        while os.getppid() == pid_induk:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=awasi, name="awasi-induk", daemon=True).start()


def siapkan_grafik() -> None:
    """Start and warm up the chart process (at bot start; again after it broke)."""
    global _GRAFIK_PROSES, _GRAFIK_SIAP
    if _GRAFIK_PROSES is not None:
        return
    try:
        _GRAFIK_PROSES = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_awasi_induk,
            initargs=(os.getpid(),),
        )
        _GRAFIK_SIAP = _GRAFIK_PROSES.submit(kurva_s, "", [], [])
    except (OSError, NotImplementedError):  # pragma: no cover - no processes here: threads only
        log.warning("Proses grafik tidak dapat dimulai; grafik digambar di thread", exc_info=True)
        _GRAFIK_PROSES = _GRAFIK_POOL


async def _render_grafik(judul: str, target: Any, realisasi: Any, nama: str) -> bytes:
    """The S-curve PNG: in the chart process once it is ready, else on the chart thread."""
    global _GRAFIK_PROSES
    loop = asyncio.get_running_loop()
    siapkan_grafik()
    proses = _GRAFIK_PROSES
    siap = _GRAFIK_SIAP
    if proses is not _GRAFIK_POOL and siap is not None and siap.done() and not siap.exception():
        assert proses is not None
        try:
            return await loop.run_in_executor(proses, kurva_s, judul, target, realisasi, nama)
        except BrokenProcessPool:
            log.warning("Proses grafik berhenti; dimulai lagi", exc_info=True)
            if _GRAFIK_PROSES is proses:
                _GRAFIK_PROSES = None
    return await loop.run_in_executor(_GRAFIK_POOL, _gambar, judul, target, realisasi, nama)


# ---------------------------------------------------------------------------- keyboards and texts
def _keyboard_sk(
    daftar: list[SubKegiatanSaya], halaman: int, sesi: str, indikator: bool = False
) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(f"{sk.kode} {sk.nama}"[:60], callback_data=_cb_sk(sesi, i, sk))]
        for i, sk in halaman_.isi_halaman(daftar, halaman)
    ]
    nav = halaman_.navigasi(halaman, len(daftar), lambda h: cb(sesi, "hal", str(h)))
    if nav:
        rows.append(nav)
    if indikator:
        rows.append([InlineKeyboardButton(texts.INDIKATOR_TOMBOL, callback_data=CB_INDIKATOR)])
    rows.append([InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal"))])
    return InlineKeyboardMarkup(rows)


def _cb_sk(sesi: str, indeks: int, sk: SubKegiatanSaya) -> str:
    return halaman_.data_pilihan(cb, sesi, indeks, sk.kode)


def _keyboard_bulan(draft: dict[str, Any], today: date) -> InlineKeyboardMarkup:
    sesi, tahun = draft["sesi"], draft["tahun"]
    maks = 12 if tahun < today.year else today.month
    tombol = [
        InlineKeyboardButton(
            ("• " if m == draft["bulan_bawaan"] else "") + NAMA_BULAN[m][:3],
            callback_data=cb(sesi, "bl", str(m)),
        )
        for m in range(1, maks + 1)
    ]
    rows = [tombol[i : i + 4] for i in range(0, len(tombol), 4)]
    rows.append([InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal"))])
    return InlineKeyboardMarkup(rows)


def _label_bulan(draft: dict[str, Any]) -> str:
    return f"{NAMA_BULAN[draft['bulan']]} {draft['tahun']}"


def _rp(nilai: str) -> str:
    return format_rupiah(Decimal(nilai))


def _pertanyaan(draft: dict[str, Any], state: int) -> tuple[str, InlineKeyboardMarkup | None]:
    sesi = draft["sesi"]
    if state == BOBOT:
        outputs = [
            texts.OUTPUT_BARIS.format(
                uraian=u,
                volume=format_ringkas(Decimal(v)),
                satuan=s,
                bobot=format_ringkas(Decimal(b)),
            )
            for u, v, s, b in draft["outputs"]
        ] or [texts.TANPA_OUTPUT]
        teks = texts.TANYA_BOBOT.format(
            judul=f"{draft['nama']} - {_label_bulan(draft)}",
            target=format_ringkas(Decimal(draft["target_bobot"])),
            outputs="\n".join(outputs),
        )
        lama = draft.get("sebelumnya")
        if lama:
            teks = (
                texts.SEBELUMNYA.format(
                    revisi=lama["revisi"],
                    bobot=format_ringkas(Decimal(lama["bobot"])),
                    anggaran=_rp(lama["anggaran"]),
                    kendala=texts.kutipan(lama["kendala"], texts.KUTIPAN_MAKS // 2),
                    tindak_lanjut=texts.kutipan(lama["tindak_lanjut"], texts.KUTIPAN_MAKS // 2),
                )
                + "\n\n"
                + teks
            )
        return teks, None
    if state == OUTPUT:
        ke = int(draft.get("output_ke", 0))
        uraian, volume, satuan, _bobot = draft["outputs"][ke]
        lama = (draft.get("sebelumnya") or {}).get("volume") or {}
        sebelumnya = (
            texts.OUTPUT_SEBELUMNYA.format(
                volume=format_ringkas(Decimal(lama[str(ke + 1)])), satuan=satuan
            )
            if str(ke + 1) in lama
            else ""
        )
        teks = texts.TANYA_OUTPUT.format(
            ke=ke + 1,
            jumlah=len(draft["outputs"]),
            uraian=uraian,
            target=format_ringkas(Decimal(volume)),
            satuan=satuan,
            sebelumnya=sebelumnya,
        )
        return teks, None
    if state == BUKTI:
        jumlah = len(draft.get("bukti") or [])
        if jumlah:
            tombol = InlineKeyboardButton(texts.SELESAI, callback_data=cb(sesi, "bk"))
            return texts.TANYA_BUKTI_ADA.format(jumlah=jumlah), InlineKeyboardMarkup([[tombol]])
        tombol = InlineKeyboardButton(texts.LEWATI, callback_data=cb(sesi, "bk"))
        return texts.TANYA_BUKTI.format(maks=MAKS_BUKTI), InlineKeyboardMarkup([[tombol]])
    if state == ANGGARAN:
        return texts.TANYA_ANGGARAN.format(target=_rp(draft["anggaran_kas"])), None
    if state == KENDALA:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.TIDAK_ADA, callback_data=cb(sesi, "kd"))]]
        )
        return texts.TANYA_KENDALA, markup
    if state == TINDAK_LANJUT:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.TIDAK_ADA, callback_data=cb(sesi, "tl"))]]
        )
        return texts.TANYA_TINDAK_LANJUT, markup
    assert state == RINGKASAN
    teks = _isi_laporan(draft, texts.RINGKASAN_LAPOR)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.KIRIM, callback_data=cb(sesi, "kirim")),
                InlineKeyboardButton(texts.UBAH, callback_data=cb(sesi, "ubah")),
                InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal")),
            ]
        ]
    )
    return teks, markup


def _isi_laporan(draft: dict[str, Any], templat: str) -> str:
    """The answers of the draft in ``templat`` (the summary, or the record of what was sent)."""
    volume = draft.get("volume") or {}
    baris = [
        texts.RINGKASAN_OUTPUT_BARIS.format(
            uraian=u,
            volume=format_ringkas(Decimal(volume[str(i)])) if str(i) in volume else "-",
            satuan=s,
            target=format_ringkas(Decimal(v)),
        )
        for i, (u, v, s, _b) in enumerate(draft["outputs"], start=1)
    ]
    jumlah_bukti = len(draft.get("bukti") or [])
    return templat.format(
        nama=draft["nama"],
        bulan=_label_bulan(draft),
        bobot=format_ringkas(Decimal(draft["bobot"])),
        target_bobot=format_ringkas(Decimal(draft["target_bobot"])),
        outputs=texts.RINGKASAN_OUTPUT.format(baris="\n".join(baris)) if baris else "",
        anggaran=_rp(draft["anggaran"]),
        target_anggaran=_rp(draft["anggaran_kas"]),
        kendala=texts.kutipan(draft.get("kendala")),
        tindak_lanjut=texts.kutipan(draft.get("tindak_lanjut")),
        bukti=texts.JUMLAH_BERKAS.format(jumlah=jumlah_bukti) if jumlah_bukti else texts.TIDAK_ADA,
    )


async def _tanya(
    message: Message | Chat, draft: dict[str, Any], state: int, awalan: str = ""
) -> int:
    teks, markup = _pertanyaan(draft, state)
    teks = texts.muat((awalan + "\n\n" if awalan else "") + teks)
    if isinstance(message, Message):
        await message.reply_text(teks, reply_markup=markup)
    else:
        await message.send_message(teks, reply_markup=markup)
    return state


async def _ganti(q: CallbackQuery, draft: dict[str, Any], state: int, awalan: str = "") -> int:
    """Answer the press and turn its message into the next question: two Bot API calls, at once."""
    teks, markup = _pertanyaan(draft, state)
    teks = texts.muat((awalan + "\n\n" if awalan else "") + teks)
    await asyncio.gather(q.answer(), q.edit_message_text(teks, reply_markup=markup))
    return state


def _capaian(c: Capaian) -> str:
    if c.nilai is None:
        return c.alasan or "-"
    kat = c.kategori
    return f"{format_persen(c.nilai)}%" + (f" ({kat.label})" if kat else "")


# ---------------------------------------------------------------------------- entry and buttons
#: the quarterly indicator conversation (bot/conversations/lapor_indikator.py): its name and draft key
NAMA_INDIKATOR = "lapor_indikator"


def akhiri_percakapan(update: Update, context: BotContext, nama: str, kunci_draft: str) -> None:
    """End the conversation ``nama`` of this user and drop its draft.

    Entering /lapor ends /lapor_indikator and the other way round: otherwise the one left behind keeps
    its step and catches /batal or the answers meant for the one just entered. PTB has no public call
    for this; the state is removed the way the handler removes it when a callback returns END (a
    persistent handler records the removal, so it is also written to the database).
    """
    if context.user_data is not None:
        context.user_data.pop(kunci_draft, None)
    for handlers in context.application.handlers.values():
        for h in handlers:
            if isinstance(h, ConversationHandler) and h.name == nama:
                h._update_state(END, h._get_key(update))


async def mulai(update: Update, context: BotContext) -> int:
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None and context.user_data is not None
    akhiri_percakapan(update, context, NAMA_INDIKATOR, NAMA_INDIKATOR)
    d = deps(context)
    awal = await baca(d, services_lapor.awal_lapor, d.uow_factory(), d.clock(), p.nip)
    tahun, bulan, tenggat = awal.bulan.tahun, awal.bulan.nilai, awal.bulan.tenggat
    daftar, indikator = awal.sub_kegiatan, awal.ada_indikator
    if not daftar:
        context.user_data.pop(_KUNCI, None)
        if indikator:
            tombol = InlineKeyboardButton(texts.INDIKATOR_TOMBOL, callback_data=CB_INDIKATOR)
            await msg.reply_text(
                texts.HANYA_INDIKATOR.format(tahun=tahun),
                reply_markup=InlineKeyboardMarkup([[tombol]]),
            )
            return END
        await msg.reply_text(texts.TIDAK_ADA_SUB_KEGIATAN.format(tahun=tahun))
        return END
    sesi = secrets.token_hex(3)
    context.user_data[_KUNCI] = {
        "sesi": sesi,
        "tahun": tahun,
        "bulan_bawaan": bulan,
        "tenggat_bawaan": tenggat.isoformat(),
        "indikator": indikator,
        # my list as the keyboard shows it: pages and the choice need no second read (Kirim checks
        # again, in its transaction, that the sub kegiatan is still mine)
        "sk": [[sk.kode, sk.nama] for sk in daftar],
    }
    await msg.reply_text(
        texts.PILIH_SUB_KEGIATAN.format(hal=1, total=halaman_.jumlah_halaman(len(daftar))),
        reply_markup=_keyboard_sk(daftar, 0, sesi, indikator),
    )
    return PILIH_SK


async def mulai_pengingat(update: Update, context: BotContext) -> int | None:
    """The reminder's button ``pl:<kode>:<YYYY-MM>``: /lapor straight at that sub kegiatan and month.

    Only the official's own sub kegiatan; a refused press changes nothing (a running /lapor stays).
    """
    q = update.callback_query
    p = context.pejabat
    chat = update.effective_chat
    assert q is not None and p is not None and chat is not None and context.user_data is not None
    m = _PL.match(q.data or "")
    if m is None:
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return None
    kode, tahun, bulan = m.group(1), int(m.group(2)), int(m.group(3))
    d = deps(context)
    today = local_date(d.clock())
    if not 1 <= bulan <= 12 or date(tahun, bulan, 1) > today:
        await q.answer(texts.BULAN_BELUM_MULAI, show_alert=True)
        return None
    daftar, rr, tenggat = await baca(
        d, services_lapor.masuk_dari_pengingat, d.uow_factory(), tahun, kode, bulan, p.nip
    )
    info = _info_dari(rr.ropp, rr.terkini, bulan)
    pilihan = next((sk for sk in daftar if sk.kode == kode), None)
    if pilihan is None:
        await q.answer(texts.BUKAN_MILIK, show_alert=True)
        return None
    if info is None:
        await q.answer(
            texts.TANPA_ROPP.format(bulan=f"{NAMA_BULAN[bulan]} {tahun}"), show_alert=True
        )
        return None
    await jawab(q)
    akhiri_percakapan(update, context, NAMA_INDIKATOR, NAMA_INDIKATOR)
    draft: dict[str, Any] = {
        "sesi": secrets.token_hex(3),
        "tahun": tahun,
        "bulan_bawaan": bulan,
        "tenggat_bawaan": tenggat.isoformat(),
        "kode": pilihan.kode,
        "nama": pilihan.nama,
    }
    draft.update(info, bulan=bulan)
    context.user_data[_KUNCI] = draft
    await chat.send_message(f"{draft['kode']} {draft['nama']}\nBulan: {_label_bulan(draft)}")
    return await _tanya(chat, draft, BOBOT)


async def tombol_pilih_sk(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("sk", "ski", "hal", "batal"))
    if hasil is None:
        return None
    draft, aksi, nilai = hasil
    q = update.callback_query
    p = context.pejabat
    assert q is not None and p is not None
    if aksi == "batal":
        return await _batal(update, context)
    d = deps(context)
    if "sk" in draft:
        daftar = [SubKegiatanSaya(kode, nama, None) for kode, nama in draft["sk"]]
    else:  # a draft from before the list was kept in it (a conversation across an upgrade)
        daftar = await baca(
            d, services_lapor.sub_kegiatan_saya, d.uow_factory(), draft["tahun"], p.nip
        )
    if aksi == "hal":
        hal = halaman_.halaman_ke(nilai, len(daftar))
        if hal is None:
            await q.answer(texts.TOMBOL_KEDALUWARSA)
            return None
        await asyncio.gather(
            q.answer(),
            q.edit_message_text(
                texts.PILIH_SUB_KEGIATAN.format(
                    hal=hal + 1, total=halaman_.jumlah_halaman(len(daftar))
                ),
                reply_markup=_keyboard_sk(daftar, hal, draft["sesi"], bool(draft.get("indikator"))),
            ),
        )
        return None
    if aksi == "ski":
        i = int(nilai) if nilai.isdigit() else -1
        pilihan = daftar[i] if 0 <= i < len(daftar) else None
    else:
        pilihan = next((sk for sk in daftar if sk.kode == nilai), None)
    if pilihan is None:  # someone else's (or an unknown) sub kegiatan: refuse, change nothing
        await q.answer(texts.BUKAN_MILIK, show_alert=True)
        return None
    # the press is answered while the months' plans are read (the month menu needs no second read)
    # and the menu is shown: the answer and the edit travel together, one round trip to Telegram
    await jawab(q)
    rr = await baca(
        d, services_lapor.rencana_realisasi, d.uow_factory(), draft["tahun"], pilihan.kode
    )
    draft.update(kode=pilihan.kode, nama=pilihan.nama, info_bulan=_info_tahun(rr))
    today = local_date(d.clock())
    await q.edit_message_text(
        texts.PILIH_BULAN.format(
            nama=f"{pilihan.kode} {pilihan.nama}",
            bulan_bawaan=f"{NAMA_BULAN[draft['bulan_bawaan']]} {draft['tahun']}",
            tenggat=format_tanggal(date.fromisoformat(draft["tenggat_bawaan"])),
        ),
        reply_markup=_keyboard_bulan(draft, today),
    )
    return PILIH_BULAN


async def tombol_pilih_bulan(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("bl", "batal"))
    if hasil is None:
        return None
    draft, aksi, nilai = hasil
    q = update.callback_query
    assert q is not None and q.message is not None
    if aksi == "batal":
        return await _batal(update, context)
    d = deps(context)
    today = local_date(d.clock())
    try:
        bulan = int(nilai)
    except ValueError:
        bulan = 0
    maks = 12 if draft["tahun"] < today.year else today.month
    if not 1 <= bulan <= maks:
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return None
    semua = draft.get("info_bulan")
    if isinstance(semua, dict):  # read when the sub kegiatan was chosen
        info = semua.get(str(bulan))
    else:  # a draft from before the plans were kept in it
        rr = await baca(
            d, services_lapor.rencana_realisasi, d.uow_factory(), draft["tahun"], draft["kode"]
        )
        info = _info_dari(rr.ropp, rr.terkini, bulan)
    if info is None:
        await q.answer(
            texts.TANPA_ROPP.format(bulan=f"{NAMA_BULAN[bulan]} {draft['tahun']}"), show_alert=True
        )
        return None
    draft.pop("info_bulan", None)
    draft.update(info, bulan=bulan)
    judul = f"{draft['kode']} {draft['nama']}\nBulan: {_label_bulan(draft)}"
    return await _ganti(q, draft, BOBOT, judul)


# ---------------------------------------------------------------------------- answers
async def _teks_jawaban(update: Update, draft: dict[str, Any], state: int) -> str | None:
    """The typed answer, or None after re-asking (photo, forwarded message, too long)."""
    msg = update.effective_message
    assert msg is not None
    return await masukan.teks_jawaban(msg, lambda alasan: _tanya(msg, draft, state, alasan))


def _jawaban(state: int) -> Any:
    async def handler(update: Update, context: BotContext) -> int | None:
        draft = _draft(context)
        msg = update.effective_message
        assert msg is not None
        if draft is None or "bulan" not in draft:  # pragma: no cover - state without answers
            await msg.reply_text(texts.TOMBOL_KEDALUWARSA)
            return END
        teks = await _teks_jawaban(update, draft, state)
        if teks is None:
            return None
        awalan = ""
        if state == OUTPUT:
            ke = int(draft.get("output_ke", 0))
            nama = texts.NAMA_VOLUME.format(uraian=draft["outputs"][ke][0])
            try:
                nilai = masukan.angka(teks, nama, satuan=draft["outputs"][ke][2])
            except ValidasiError as exc:
                await _tanya(msg, draft, state, str(exc))
                return None
            draft.setdefault("volume", {})[str(ke + 1)] = str(nilai)
            if ke + 1 < len(draft["outputs"]):
                draft["output_ke"] = ke + 1
                return await _tanya(msg, draft, OUTPUT)
            return await _tanya(msg, draft, ANGGARAN)
        if state in (BOBOT, ANGGARAN):
            nama = "Realisasi bobot" if state == BOBOT else "Realisasi anggaran"
            try:
                nilai = masukan.angka(teks, nama, rupiah=state == ANGGARAN)
                if state == BOBOT and nilai > 100:
                    raise ValidasiError(texts.BOBOT_LEBIH_100)
            except ValidasiError as exc:
                await _tanya(msg, draft, state, str(exc))
                return None
            draft["bobot" if state == BOBOT else "anggaran"] = str(nilai)
            if state == BOBOT and draft["outputs"]:
                draft["output_ke"] = 0
                draft["volume"] = {}
                return await _tanya(msg, draft, OUTPUT)
        else:
            kunci = "kendala" if state == KENDALA else "tindak_lanjut"
            draft[kunci], awalan = masukan.isian_bebas(teks, kendala=state == KENDALA)
        nxt = {
            BOBOT: ANGGARAN,
            ANGGARAN: KENDALA,
            KENDALA: TINDAK_LANJUT,
            TINDAK_LANJUT: BUKTI,
        }[state]
        return await _tanya(msg, draft, nxt, awalan)

    return handler


async def _tidak_ada(update: Update, draft: dict[str, Any], aksi: str) -> int:
    q = update.callback_query
    assert q is not None
    if aksi == "kd":
        draft["kendala"] = None
        return await _ganti(q, draft, TINDAK_LANJUT, texts.KENDALA_TIDAK_ADA)
    draft["tindak_lanjut"] = None
    return await _ganti(q, draft, BUKTI, texts.TINDAK_LANJUT_TIDAK_ADA)


# ---------------------------------------------------------------------------- bukti dukung
async def terima_bukti(update: Update, context: BotContext) -> int | None:
    """A photo or a document at the bukti step: kept (file_id etc.) in the persisted draft."""
    draft = _draft(context)
    msg = update.effective_message
    assert msg is not None
    if draft is None or "bulan" not in draft:  # pragma: no cover - state without answers
        await msg.reply_text(texts.TOMBOL_KEDALUWARSA)
        return END
    if msg.photo:
        foto = msg.photo[-1]  # the largest size
        item: dict[str, Any] = {
            "jenis": "foto",
            "file_id": foto.file_id,
            "file_unique_id": foto.file_unique_id,
            "nama_file": None,
            "mime": "image/jpeg",
            "ukuran": foto.file_size,
        }
        label = texts.FOTO
    else:
        doc = msg.document
        assert doc is not None
        item = {
            "jenis": "dokumen",
            "file_id": doc.file_id,
            "file_unique_id": doc.file_unique_id,
            "nama_file": doc.file_name,
            "mime": doc.mime_type,
            "ukuran": doc.file_size,
        }
        label = f"{texts.DOKUMEN} {doc.file_name}" if doc.file_name else texts.DOKUMEN
    daftar: list[dict[str, Any]] = draft.setdefault("bukti", [])
    if any(b.get("file_unique_id") == item["file_unique_id"] for b in daftar):
        return await _tanya(msg, draft, BUKTI, texts.BUKTI_SUDAH_ADA)
    if len(daftar) >= MAKS_BUKTI:
        return await _tanya(msg, draft, BUKTI, texts.BUKTI_PENUH.format(maks=MAKS_BUKTI))
    daftar.append(item)
    tombol = InlineKeyboardButton(texts.SELESAI, callback_data=cb(draft["sesi"], "bk"))
    await msg.reply_text(
        texts.BUKTI_DITERIMA.format(berkas=label, jumlah=len(daftar)),
        reply_markup=InlineKeyboardMarkup([[tombol]]),
    )
    return BUKTI


async def bukan_bukti(update: Update, context: BotContext) -> int | None:
    draft = _draft(context)
    msg = update.effective_message
    assert msg is not None
    if draft is None or "bulan" not in draft:  # pragma: no cover - state without answers
        await msg.reply_text(texts.TOMBOL_KEDALUWARSA)
        return END
    return await _tanya(msg, draft, BUKTI, texts.BUKAN_BERKAS)


async def tombol_bukti(update: Update, context: BotContext) -> int | None:
    """Selesai / Lewati: on to the summary."""
    hasil = await _tombol(update, context, ("bk",))
    if hasil is None:
        return None
    q = update.callback_query
    assert q is not None
    return await _ganti(q, hasil[0], RINGKASAN)


async def tombol_ringkasan(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("kirim", "ubah", "batal"))
    if hasil is None:
        return None
    draft, aksi, _ = hasil
    q = update.callback_query
    p = context.pejabat
    assert q is not None and isinstance(q.message, Message) and p is not None
    if aksi == "batal":
        return await _batal(update, context)
    if aksi == "ubah":  # the keyboard is taken away while the first question is asked again
        await jawab(q)
        _, state = await asyncio.gather(
            q.edit_message_reply_markup(None), _tanya(q.message, draft, BOBOT)
        )
        return state
    d = deps(context)
    data = RealisasiInput(
        draft["kode"],
        draft["tahun"],
        draft["bulan"],
        Decimal(draft["bobot"]),
        Decimal(draft["anggaran"]),
        {int(k): Decimal(v) for k, v in (draft.get("volume") or {}).items()},
        draft.get("kendala"),
        draft.get("tindak_lanjut"),
    )
    # the press is answered at once, while the bukti are fetched and the transaction runs; the
    # result replaces the summary without waiting for the answer (one round trip after the work)
    await jawab(q)
    items: list[dict[str, Any]] = draft.get("bukti") or []
    gagal_unduh = await _unduh_bukti(context, items) if items else 0
    bukti = _bukti_domain(items)
    now = d.clock()

    def simpan() -> services.HasilLapor:
        return services.submit_realisasi(
            d.uow_factory(),
            data,
            oleh_nip=p.nip,
            saluran=Saluran.BOT,
            now=now,
            oleh_nama=p.nama,
            alasan_koreksi="Koreksi melalui bot" if draft.get("sebelumnya") else None,
            bukti=bukti,
            wajib_penanggung_jawab=True,  # the list was read at /lapor: still mine?
        )

    try:
        hasil_lapor = await db(simpan)
    except SakipError as exc:
        teks, markup = _pertanyaan(draft, BOBOT)
        await q.edit_message_text(
            texts.GAGAL_SIMPAN.format(masalah=str(exc)) + "\n\n" + teks, reply_markup=markup
        )
        return BOBOT
    # any other error keeps the summary and its buttons: the error handler asks to try again
    assert context.user_data is not None
    context.user_data.pop(_KUNCI, None)
    t = hasil_lapor.tersimpan
    catatan = ""
    if bukti:
        catatan += texts.TERSIMPAN_BUKTI.format(jumlah=len(bukti))
    if gagal_unduh:
        catatan += texts.BUKTI_GAGAL_UNDUH.format(jumlah=gagal_unduh)
    hasil_teks = (
        texts.TERSIMPAN.format(
            nama=draft["nama"],
            bulan=_label_bulan(draft),
            revisi=t.revisi,
            terlambat=texts.TERLAMBAT.format(tenggat=format_tanggal(hasil_lapor.tenggat.tenggat))
            if t.terlambat
            else "",
            kinerja_bulan=_capaian(hasil_lapor.bulan.capaian_kinerja),
            anggaran_bulan=_capaian(hasil_lapor.bulan.capaian_anggaran),
            kinerja_kumulatif=_capaian(hasil_lapor.kumulatif.capaian_kinerja),
            anggaran_kumulatif=_capaian(hasil_lapor.kumulatif.capaian_anggaran),
        )
        + catatan
    )
    markup = _keyboard_eskalasi(draft) if t.kendala else None
    # the summary becomes the record of what was sent, followed by the result (one Bot API call)
    gabungan = _isi_laporan(draft, texts.LAPORAN_TERKIRIM) + "\n\n" + hasil_teks
    if len(gabungan) <= texts.MAKS_PESAN:
        await q.edit_message_text(gabungan, reply_markup=markup)
    else:
        await q.edit_message_reply_markup(None)
        await q.message.reply_text(hasil_teks, reply_markup=markup)
    # the chart follows in the background, drawn from the figures submit_realisasi returned (no
    # second read) in the chart process: the next update need not wait for it
    target, realisasi = kurva_s_data(hasil_lapor.bulanan, "fisik")
    judul = texts.JUDUL_GRAFIK.format(nama=draft["kode"], tahun=draft["tahun"])
    context.application.create_task(
        _kirim_grafik(q.message, judul, target, realisasi, draft["nama"]),
        update=update,
        name="lapor-grafik",
    )
    return END


async def _kirim_grafik(
    message: Message, judul: str, target: Any, realisasi: Any, nama: str
) -> None:
    try:
        png = await _render_grafik(judul, target, realisasi, nama)
        await message.reply_photo(png)
    except Exception:  # noqa: BLE001 - the report is saved; a missing chart must not hide that
        log.exception("Grafik kurva S tidak dapat dikirim")


def cb_eskalasi(kode: str, tahun: int, bulan: int) -> str | None:
    """``esk:<kode>:<YYYY-MM>``, or None when it would not fit Telegram's 64 bytes."""
    data = f"esk:{kode}:{tahun}-{bulan:02d}"
    return data if len(data.encode()) <= _MAKS_CB else None


def _keyboard_eskalasi(draft: dict[str, Any]) -> InlineKeyboardMarkup | None:
    data = cb_eskalasi(draft["kode"], draft["tahun"], draft["bulan"])
    if data is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.TERUSKAN_KENDALA, callback_data=data)]]
    )


async def batal(update: Update, context: BotContext) -> int:
    return await _batal(update, context)


def capaian_teks(c: Capaian) -> str:
    """How the bot prints a capaian (tests compare with the engine through this)."""
    return _capaian(c)


# ---------------------------------------------------------------------------- the handler
def conversation() -> ConversationHandler[BotContext]:
    tombol = r"^L\|"
    bukan_perintah = ~filters.COMMAND
    # text typed at a menu: press a button (one handler for both menus)
    pilih_dengan_tombol = MessageHandler(
        bukan_perintah, halaman_.pakai_tombol(texts.PAKAI_TOMBOL_PILIH)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)  # per_message=False is intended
        return ConversationHandler(
            entry_points=[
                CommandHandler("lapor", mulai),
                CallbackQueryHandler(mulai_pengingat, pattern=POLA_PENGINGAT),
            ],
            states={
                PILIH_SK: [
                    CallbackQueryHandler(tombol_pilih_sk, pattern=tombol),
                    pilih_dengan_tombol,
                ],
                PILIH_BULAN: [
                    CallbackQueryHandler(tombol_pilih_bulan, pattern=tombol),
                    pilih_dengan_tombol,
                ],
                BOBOT: [MessageHandler(bukan_perintah, _jawaban(BOBOT))],
                OUTPUT: [MessageHandler(bukan_perintah, _jawaban(OUTPUT))],
                ANGGARAN: [MessageHandler(bukan_perintah, _jawaban(ANGGARAN))],
                KENDALA: [
                    MessageHandler(bukan_perintah, _jawaban(KENDALA)),
                    CallbackQueryHandler(_tombol_state(("kd",)), pattern=tombol),
                ],
                TINDAK_LANJUT: [
                    MessageHandler(bukan_perintah, _jawaban(TINDAK_LANJUT)),
                    CallbackQueryHandler(_tombol_state(("tl",)), pattern=tombol),
                ],
                BUKTI: [
                    MessageHandler(
                        (filters.PHOTO | filters.Document.ALL) & bukan_perintah, terima_bukti
                    ),
                    MessageHandler(bukan_perintah, bukan_bukti),
                    CallbackQueryHandler(tombol_bukti, pattern=tombol),
                ],
                RINGKASAN: [
                    CallbackQueryHandler(tombol_ringkasan, pattern=tombol),
                    MessageHandler(
                        bukan_perintah, halaman_.pakai_tombol(texts.PAKAI_TOMBOL_RINGKASAN)
                    ),
                ],
            },
            fallbacks=[
                CommandHandler("batal", batal),
                CallbackQueryHandler(halaman_.kedaluwarsa, pattern=tombol),
            ],
            allow_reentry=True,
            name=NAMA,
            persistent=True,
        )


def _tombol_state(aksi: tuple[str, ...]) -> Any:
    async def handler(update: Update, context: BotContext) -> int | None:
        hasil = await _tombol(update, context, aksi)
        if hasil is None:
            return None
        return await _tidak_ada(update, hasil[0], hasil[1])

    return handler
