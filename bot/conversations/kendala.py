"""/kendala: an official raises an obstacle to Bappeda; the Balas button; the one-tap escalation.

Private chat only (the gate keeps groups out). Steps: about one of my sub kegiatan or "Umum"
(general) -> the uraian -> Kirim / Batal. Kirim stores the kendala (status baru) and posts it to the
Bappeda group (bot/grup.py); with no group registered yet it is kept and posted on registration.

``kd:b:<id>`` (Balas, under Bappeda's answer) enters the same conversation: the next text is the
official's reply, stored in the thread and posted to the group as a reply to the kendala's post.

``esk:<kode>:<YYYY-MM>`` (the /lapor reply's "Teruskan kendala ke Bappeda") is handled by
:func:`eskalasi`, outside the conversation: the kendala of that month's latest revision is escalated,
once (a second press shows the kendala made by the first).

Callback data of the conversation is ``K|<sesi>|<aksi>|<nilai>``; ``sesi`` changes with every
/kendala, so a press on an older message is answered as expired. The draft lives in
``user_data["kendala"]`` (persisted); nothing is saved before Kirim.
"""

from __future__ import annotations

import logging
import re
import secrets
import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import grup, texts
from bot.conversations import halaman as halaman_
from bot.deps import BotContext, baca, db, deps, jawab
from core import kendala as kd
from core import services_kendala as sk
from core import services_lapor
from core.calendar import local_date
from core.cascade import Saluran
from core.errors import SakipError, ValidasiError
from core.kendala import AKSI_BALAS, StatusKendala, urai_cb_kendala
from core.ports_bot import SubKegiatanSaya

PILIH, URAIAN, KONFIRMASI, BALAS = range(4)
END = ConversationHandler.END
NAMA = "kendala"
PER_HALAMAN = halaman_.PER_HALAMAN
_KUNCI = "kendala"
# the drafts of the /lapor conversations in user_data (bot/conversations/lapor*.py): while one runs,
# its steps take the typed text first, so /kendala and Balas wait until it is finished or cancelled
_LAPOR = ("lapor", "lapor_indikator")
log = logging.getLogger(__name__)


_P = halaman_.Percakapan("K", _KUNCI, texts.KENDALA_DIBATALKAN)
cb = _P.cb
_urai_cb = _P.urai
_draft = _P.draft
_tombol = _P.tombol
_batal = _P.batal


def _lapor_berjalan(context: BotContext) -> bool:
    ud = context.user_data
    return ud is not None and any(isinstance(ud.get(k), dict) for k in _LAPOR)


def _keyboard_pilih(daftar: list[SubKegiatanSaya], halaman: int, sesi: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                f"{s.kode} {s.nama}"[:60], callback_data=halaman_.data_pilihan(cb, sesi, i, s.kode)
            )
        ]
        for i, s in halaman_.isi_halaman(daftar, halaman)
    ]
    nav = halaman_.navigasi(halaman, len(daftar), lambda h: cb(sesi, "hal", str(h)))
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(texts.KENDALA_UMUM, callback_data=cb(sesi, "umum"))])
    rows.append([InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal"))])
    return InlineKeyboardMarkup(rows)


def _tombol_batal(sesi: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal"))]]
    )


async def _teks(update: Update, ulang: str) -> str | None:
    """The typed text, or None after asking again (photo, forwarded, empty, too long)."""
    msg = update.effective_message
    assert msg is not None
    if msg.forward_origin is not None:
        await msg.reply_text(texts.DITERUSKAN + "\n" + ulang)
        return None
    if not msg.text or not msg.text.strip():
        await msg.reply_text(texts.BUKAN_TEKS + "\n" + ulang)
        return None
    try:
        return kd.bersihkan_isi(msg.text)
    except ValidasiError:
        await msg.reply_text(texts.TEKS_TERLALU_PANJANG.format(maks=kd.MAKS_URAIAN))
        return None


# ---------------------------------------------------------------------------- /kendala
async def mulai(update: Update, context: BotContext) -> int:
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None and context.user_data is not None
    if _lapor_berjalan(context):
        await msg.reply_text(texts.KENDALA_LAPOR_BERJALAN)
        return END
    d = deps(context)
    tahun = local_date(d.clock()).year
    daftar = await baca(d, services_lapor.sub_kegiatan_saya, d.uow_factory(), tahun, p.nip)
    sesi = secrets.token_hex(3)
    context.user_data[_KUNCI] = {"sesi": sesi, "tahun": tahun}
    await msg.reply_text(
        texts.KENDALA_PILIH.format(hal=1, total=halaman_.jumlah_halaman(len(daftar))),
        reply_markup=_keyboard_pilih(daftar, 0, sesi),
    )
    return PILIH


async def tombol_pilih(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("sk", "ski", "hal", "umum", "batal"))
    if hasil is None:
        return None
    draft, aksi, nilai = hasil
    q = update.callback_query
    p = context.pejabat
    assert q is not None and p is not None
    if aksi == "batal":
        return await _batal(update, context)
    d = deps(context)
    daftar = await baca(d, services_lapor.sub_kegiatan_saya, d.uow_factory(), draft["tahun"], p.nip)
    if aksi == "hal":
        hal = halaman_.halaman_ke(nilai, len(daftar)) or 0
        await jawab(q)
        await q.edit_message_text(
            texts.KENDALA_PILIH.format(hal=hal + 1, total=halaman_.jumlah_halaman(len(daftar))),
            reply_markup=_keyboard_pilih(daftar, hal, draft["sesi"]),
        )
        return None
    if aksi == "umum":
        draft.update(kode=None, label=texts.KENDALA_UMUM)
    else:
        if aksi == "ski":
            i = int(nilai) if nilai.isdigit() else -1
            pilihan = daftar[i] if 0 <= i < len(daftar) else None
        else:
            pilihan = next((s for s in daftar if s.kode == nilai), None)
        if pilihan is None:
            await q.answer(texts.BUKAN_MILIK, show_alert=True)
            return None
        draft.update(kode=pilihan.kode, label=f"{pilihan.kode} {pilihan.nama}")
    await jawab(q)
    await q.edit_message_text(
        texts.KENDALA_TANYA_URAIAN.format(perihal=draft["label"]),
        reply_markup=_tombol_batal(draft["sesi"]),
    )
    return URAIAN


async def uraian(update: Update, context: BotContext) -> int | None:
    draft = _draft(context)
    msg = update.effective_message
    assert msg is not None
    if draft is None or "label" not in draft:  # pragma: no cover - state without a draft
        await msg.reply_text(texts.TOMBOL_KEDALUWARSA)
        return END
    isi = await _teks(update, texts.KENDALA_TANYA_URAIAN.format(perihal=draft["label"]))
    if isi is None:
        return None
    draft["uraian"] = isi
    sesi = draft["sesi"]
    await msg.reply_text(
        texts.KENDALA_RINGKASAN.format(perihal=draft["label"], uraian=isi),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(texts.KIRIM, callback_data=cb(sesi, "kirim")),
                    InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal")),
                ]
            ]
        ),
    )
    return KONFIRMASI


async def tombol_batal(update: Update, context: BotContext) -> int | None:
    if await _tombol(update, context, ("batal",)) is None:
        return None
    return await _batal(update, context)


async def tombol_kirim(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("kirim", "batal"))
    if hasil is None:
        return None
    draft, aksi, _ = hasil
    q = update.callback_query
    p = context.pejabat
    assert q is not None and p is not None and isinstance(q.message, Message)
    if aksi == "batal":
        return await _batal(update, context)
    await jawab(q)
    d = deps(context)
    try:
        k = await db(
            lambda: sk.buat_kendala(
                d.uow_factory(),
                pelapor_nip=p.nip,
                uraian=draft["uraian"],
                tahun=draft["tahun"],
                saluran=Saluran.BOT,
                now=d.clock(),
                sub_kegiatan_kode=draft.get("kode"),
            )
        )
    except SakipError as exc:
        await q.edit_message_reply_markup(None)
        assert context.user_data is not None
        context.user_data.pop(_KUNCI, None)
        await q.message.reply_text(texts.KENDALA_GAGAL.format(masalah=str(exc)))
        return END
    assert context.user_data is not None
    context.user_data.pop(_KUNCI, None)
    await q.edit_message_reply_markup(None)
    terkirim = await grup.teruskan_ke_grup(context, k)
    await q.message.reply_text(
        (texts.KENDALA_TERKIRIM if terkirim else texts.KENDALA_TERSIMPAN).format(id=k.id)
    )
    return END


# ---------------------------------------------------------------------------- Balas
async def balas_mulai(update: Update, context: BotContext) -> int | None:
    q = update.callback_query
    p = context.pejabat
    assert q is not None and p is not None and context.user_data is not None
    urai = urai_cb_kendala(q.data)
    if urai is None or urai[0] != AKSI_BALAS:
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return None
    if _lapor_berjalan(context):
        await q.answer(texts.KENDALA_LAPOR_BERJALAN, show_alert=True)
        return None
    d = deps(context)
    try:
        detail = await db(lambda: sk.ambil_kendala(d.uow_factory(), urai[1]))
    except SakipError as exc:
        await q.answer(str(exc), show_alert=True)
        return None
    k = detail.kendala
    if k.pelapor_nip != p.nip:
        await q.answer(texts.KENDALA_BUKAN_MILIK, show_alert=True)
        return None
    if k.status == StatusKendala.SELESAI:
        await q.answer(texts.KENDALA_SUDAH_SELESAI.format(id=k.id), show_alert=True)
        return None
    await jawab(q)
    sesi = secrets.token_hex(3)
    context.user_data[_KUNCI] = {"sesi": sesi, "balas": k.id}
    assert isinstance(q.message, Message)
    await q.message.reply_text(
        texts.KENDALA_TANYA_BALASAN.format(id=k.id), reply_markup=_tombol_batal(sesi)
    )
    return BALAS


async def balasan(update: Update, context: BotContext) -> int | None:
    draft = _draft(context)
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None
    if draft is None or "balas" not in draft:  # pragma: no cover - state without a draft
        await msg.reply_text(texts.TOMBOL_KEDALUWARSA)
        return END
    kendala_id = int(draft["balas"])
    isi = await _teks(update, texts.KENDALA_TANYA_BALASAN.format(id=kendala_id))
    if isi is None:
        return None
    assert context.user_data is not None
    context.user_data.pop(_KUNCI, None)
    await _simpan_balasan(update, context, kendala_id, isi)
    return END


async def _simpan_balasan(update: Update, context: BotContext, kendala_id: int, isi: str) -> None:
    """Store the official's reply and post it in the group under the kendala's post."""
    msg, user, p = update.effective_message, update.effective_user, context.pejabat
    assert msg is not None and user is not None and p is not None
    d = deps(context)
    try:
        hasil = await db(
            lambda: sk.balas_pelapor(
                d.uow_factory(),
                kendala_id,
                isi,
                pelapor_nip=p.nip,
                saluran=Saluran.BOT,
                now=d.clock(),
                telegram_user_id=user.id,
            )
        )
    except SakipError as exc:
        await msg.reply_text(str(exc))
        return
    k = hasil.kendala
    terkirim = False
    if k.grup_chat_id is not None:
        try:
            await context.bot.send_message(
                k.grup_chat_id,
                kd.teks_balasan_untuk_grup(k, hasil.pesan),
                reply_parameters=ReplyParameters(
                    k.grup_message_id, allow_sending_without_reply=True
                )
                if k.grup_message_id is not None
                else None,
            )
            terkirim = True
        except TelegramError:
            log.exception("Balasan kendala #%s tidak dapat dikirim ke grup Bappeda", k.id)
    await msg.reply_text(
        (texts.BALASAN_TERKIRIM if terkirim else texts.BALASAN_TERSIMPAN).format(id=k.id)
    )


_TANGGAPAN = re.compile(r"atas kendala #(\d{1,12})")


async def balas_langsung(update: Update, context: BotContext) -> None:
    """A Telegram reply (without Balas) to Bappeda's answer in private: the same as Balas."""
    msg = update.effective_message
    assert msg is not None and msg.reply_to_message is not None
    asal = msg.reply_to_message
    m = _TANGGAPAN.search(asal.text or "")
    if asal.from_user is None or asal.from_user.id != context.bot.id or m is None:
        await msg.reply_text(texts.TIDAK_DIKENALI)
        return
    isi = await _teks(update, texts.KENDALA_TANYA_BALASAN.format(id=m.group(1)))
    if isi is not None:
        await _simpan_balasan(update, context, int(m.group(1)), isi)


# ---------------------------------------------------------------------------- /batal and old buttons
async def batal(update: Update, context: BotContext) -> int:
    return await _batal(update, context)


def conversation() -> ConversationHandler[BotContext]:
    tombol = r"^K\|"
    bukan_perintah = ~filters.COMMAND
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)  # per_message=False is intended
        return ConversationHandler(
            entry_points=[
                CommandHandler("kendala", mulai),
                CallbackQueryHandler(balas_mulai, pattern=r"^kd:b:"),
            ],
            states={
                PILIH: [CallbackQueryHandler(tombol_pilih, pattern=tombol)],
                URAIAN: [
                    MessageHandler(bukan_perintah, uraian),
                    CallbackQueryHandler(tombol_batal, pattern=tombol),
                ],
                KONFIRMASI: [CallbackQueryHandler(tombol_kirim, pattern=tombol)],
                BALAS: [
                    MessageHandler(bukan_perintah, balasan),
                    CallbackQueryHandler(tombol_batal, pattern=tombol),
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


# ---------------------------------------------------------------------------- esk: one tap from /lapor
def _urai_esk(data: str | None) -> tuple[str, str] | None:
    if not data or not data.startswith("esk:"):
        return None
    kode, _, periode = data[4:].rpartition(":")
    return (kode, periode) if kode and periode else None


async def eskalasi(update: Update, context: BotContext) -> None:
    """``esk:<kode>:<YYYY-MM>``: the kendala of my latest report of that month goes to Bappeda."""
    q = update.callback_query
    p = context.pejabat
    assert q is not None and p is not None
    urai = _urai_esk(q.data)
    if urai is None:
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return
    kode, periode = urai
    d = deps(context)
    try:
        hasil = await db(
            lambda: sk.eskalasi_dari_realisasi(
                d.uow_factory(),
                pelapor_nip=p.nip,
                sub_kegiatan_kode=kode,
                periode=periode,
                saluran=Saluran.BOT,
                now=d.clock(),
            )
        )
    except SakipError as exc:
        await q.answer(str(exc)[:190], show_alert=True)
        return
    k = hasil.kendala
    if not hasil.baru:
        await q.answer(texts.ESKALASI_SUDAH.format(id=k.id), show_alert=True)
        return
    await jawab(q)
    terkirim = await grup.teruskan_ke_grup(context, k)
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_message(
        chat.id,
        (texts.KENDALA_TERKIRIM if terkirim else texts.KENDALA_TERSIMPAN).format(id=k.id),
    )
