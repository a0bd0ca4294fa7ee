"""/start (linking), /keluar, /bantuan, /batal outside a conversation, and the gate for unknown users."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import grup, texts
from bot.deps import BotContext, UowFactory, baca, db, deps
from core import services
from core.cascade import Pejabat
from core.errors import SakipError

log = logging.getLogger(__name__)


def _pejabat_by_telegram(uow_factory: UowFactory, user_id: int) -> Pejabat | None:
    return services.pejabat_telegram(uow_factory(), user_id)


def _start_dengan_kode(update: Update) -> bool:
    msg = update.message
    if msg is None or not msg.text:
        return False
    parts = msg.text.split()
    return len(parts) == 2 and parts[0].split("@")[0] == "/start"


async def gate(update: Update, context: BotContext) -> None:
    """Group -1: who is this? Unknown users get the polite refusal and nothing else."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or user.is_bot:
        raise ApplicationHandlerStop
    if chat is not None and chat.type != ChatType.PRIVATE:
        # only /daftar_grup, and in the registered Bappeda group its kendala buttons and replies to
        # the bot, go on (bot/grup.py); a command in any other group gets a clear answer
        if await grup.lewat_gerbang(update, context):
            return
        msg = update.effective_message
        if update.callback_query is not None:
            await update.callback_query.answer(texts.TOMBOL_KEDALUWARSA)
        elif msg is not None and msg.text and msg.text.startswith("/"):
            await msg.reply_text(texts.HANYA_PRIBADI)
        raise ApplicationHandlerStop
    d = deps(context)
    context.pejabat = d.tautan.ambil(user.id)
    if context.pejabat is None:
        context.pejabat = await baca(d, _pejabat_by_telegram, d.uow_factory, user.id)
        if context.pejabat is not None:
            d.tautan.simpan(user.id, context.pejabat)
    if context.pejabat is not None or _start_dengan_kode(update):
        return
    if update.callback_query is not None:
        await update.callback_query.answer(texts.BELUM_TERTAUT_SINGKAT, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(texts.BELUM_TERTAUT)
    raise ApplicationHandlerStop


async def start(update: Update, context: BotContext) -> None:
    """``/start`` or ``/start KODE`` (also the deep link t.me/<bot>?start=KODE)."""
    msg = update.effective_message
    user = update.effective_user
    assert msg is not None and user is not None
    if context.args:
        d = deps(context)
        kode = context.args[0]
        try:
            baru = await db(
                lambda: services.redeem_link_code(d.uow_factory(), kode, user.id, d.clock())
            )
        except services.KodeSudahDipakaiAkunIni as exc:  # the invitation link tapped twice
            p = exc.pejabat
            await msg.reply_text(texts.SUDAH_TERTAUT.format(jabatan=p.jabatan, nama=p.nama))
            return
        except SakipError as exc:
            await msg.reply_text(texts.KODE_GAGAL.format(alasan=str(exc)))
            return
        d.tautan.lupakan(user.id)  # this account may have been another pejabat until now
        d.tautan.lupakan_nip(baru.nip)  # and the pejabat another account
        await msg.reply_text(texts.SELAMAT_DATANG.format(jabatan=baru.jabatan, nama=baru.nama))
        return
    p = context.pejabat
    if p is None:  # pragma: no cover - the gate answers unknown users
        await msg.reply_text(texts.BELUM_TERTAUT)
        return
    await msg.reply_text(texts.SUDAH_TERTAUT.format(jabatan=p.jabatan, nama=p.nama))


async def keluar(update: Update, context: BotContext) -> None:
    msg = update.effective_message
    user = update.effective_user
    assert msg is not None and user is not None
    d = deps(context)
    lepas = await db(lambda: services.unlink_telegram(d.uow_factory(), user.id))
    d.tautan.lupakan(user.id)
    if context.user_data is not None:
        context.user_data.clear()
    if lepas is None:  # pragma: no cover - the gate answers unknown users
        await msg.reply_text(texts.BELUM_TERTAUT)
        return
    await msg.reply_text(texts.KELUAR.format(jabatan=lepas.jabatan))


async def bantuan(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(texts.BANTUAN)


async def batal_luar(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(texts.TIDAK_ADA_YANG_DIBATALKAN)


async def tidak_dikenali(update: Update, context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.TIDAK_DIKENALI)


async def tombol_kedaluwarsa(update: Update, context: BotContext) -> None:
    """A press on a button of an old message: answer it and change nothing."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.TOMBOL_KEDALUWARSA)


async def error_handler(update: object, context: BotContext) -> None:
    """Log, and tell the user; what they entered stays in user_data (persisted)."""
    log.error("Galat saat memproses pembaruan", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, texts.GALAT)
    except Exception:  # noqa: BLE001 - the error handler must not raise
        log.exception("Pesan galat tidak dapat dikirim")
