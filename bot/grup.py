"""Bappeda's Telegram group: /daftar_grup, the Tanggapi/Selesai buttons of a kendala post, answers.

- ``/daftar_grup`` sent in a group by a linked pejabat with peran 'bappeda' registers that group as
  Bappeda's (one group; registering another replaces it). Kendala raised while no group was registered
  are posted then.
- Each kendala is posted with Tanggapi (``kd:t:<id>``) and Selesai (``kd:s:<id>``). Tanggapi asks the
  Bappeda member for the answer with a ForceReply message naming the kendala ("kendala #<id>"); the
  answer is the member's reply to that message (or to the kendala post itself), matched through
  ``reply_to_message`` — bots in groups (privacy mode on) receive replies to their own messages, and
  nothing has to be remembered between the press and the reply, not even across a restart.
- The answer is stored (core.services_kendala.tanggapi_kendala), sent to the official in private with a
  Balas button (``kd:b:<id>``, handled by bot/conversations/kendala.py), and the post is edited to show
  the status. Selesai closes the kendala, edits the post and tells the official.
- The post's text and buttons come from core (:func:`core.kendala.teks_grup`,
  :func:`core.kendala.tombol_grup`), so the edits the dashboard and the API queue in the outbox
  (sent by bot/pengirim.py) show exactly what the bot shows. When Telegram is busy or unreachable,
  the bot queues its own edit there too (:func:`core.services_kendala.antre_edit_grup`).

The gate (bot/commands.py) lets a group update through only when :func:`lewat_gerbang` says so.
"""

from __future__ import annotations

import html
import logging
import re

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot import texts
from bot.deps import BotContext, UowFactory, db, deps, jawab
from core import kendala as kd
from core import services_kendala as sk
from core.cascade import Pejabat, Saluran
from core.deadlines import format_tanggal
from core.errors import SakipError
from core.kendala import (
    AKSI_SELESAI,
    AKSI_TANGGAPI,
    PERAN_BAPPEDA,
    Kendala,
    StatusKendala,
    tombol_grup,
    tombol_pelapor,
    urai_cb_kendala,
)

log = logging.getLogger(__name__)

PERINTAH_DAFTAR = "daftar_grup"
_NOMOR = re.compile(r"[Kk]endala #(\d{1,12})")


def keyboard(rows: list[list[dict[str, str]]]) -> InlineKeyboardMarkup | None:
    """core's button rows as an inline keyboard (None when there are none)."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in r]
            for r in rows
        ]
    )


def is_bappeda(p: Pejabat | None) -> bool:
    return p is not None and p.peran == PERAN_BAPPEDA


# ---------------------------------------------------------------------------- the gate
def _perintah(msg: Message | None, bot_username: str | None) -> str | None:
    """The command of a message ("/daftar_grup@this_bot" -> "daftar_grup"); None for another bot's."""
    if msg is None or not msg.text or not msg.text.startswith("/"):
        return None
    nama, _, untuk = msg.text.split()[0][1:].partition("@")
    if untuk and bot_username and untuk.lower() != bot_username.lower():
        return None
    return nama.lower()


def _periksa(uow_factory: UowFactory, chat_id: int, user_id: int) -> tuple[bool, Pejabat | None]:
    return sk.periksa_grup(uow_factory(), chat_id, user_id)


async def lewat_gerbang(update: Update, context: BotContext) -> bool:
    """For a group update: True (and ``context.pejabat`` set) when a handler of this module takes it.

    ``/daftar_grup`` in any group; in the registered Bappeda group, the kendala buttons and replies
    to the bot's messages. Everything else in a group is refused by the gate.
    """
    chat, user, msg = update.effective_chat, update.effective_user, update.effective_message
    assert chat is not None and user is not None
    q = update.callback_query
    daftar = q is None and _perintah(msg, context.bot.username) == PERINTAH_DAFTAR
    urai = urai_cb_kendala(q.data) if q is not None else None
    tombol = urai is not None and urai[0] in (AKSI_TANGGAPI, AKSI_SELESAI)
    balasan = (
        q is None
        and msg is not None
        and not (msg.text or "").startswith("/")
        and msg.reply_to_message is not None
        and msg.reply_to_message.from_user is not None
        and msg.reply_to_message.from_user.id == context.bot.id
    )
    if not (daftar or tombol or balasan):
        return False
    terdaftar, pejabat = await db(_periksa, deps(context).uow_factory, chat.id, user.id)
    if not (daftar or terdaftar):
        return False
    context.pejabat = pejabat
    return True


# ---------------------------------------------------------------------------- posting
async def kirim_ke_grup(context: BotContext, k: Kendala, chat_id: int) -> bool:
    """Post the kendala to the group and remember the post; False (logged) when Telegram refuses."""
    try:
        pesan = await context.bot.send_message(
            chat_id, kd.teks_grup(k), reply_markup=keyboard(tombol_grup(k))
        )
    except TelegramError:
        log.exception("Kendala #%s tidak dapat dikirim ke grup Bappeda", k.id)
        return False
    d = deps(context)
    await db(lambda: sk.catat_posting_grup(d.uow_factory(), k.id, chat_id, pesan.message_id))
    return True


async def teruskan_ke_grup(context: BotContext, k: Kendala) -> bool:
    """Post a new kendala to the registered Bappeda group; False when there is none (yet)."""
    d = deps(context)
    grup = await db(lambda: sk.grup_bappeda(d.uow_factory()))
    if grup is None:
        return False
    return await kirim_ke_grup(context, k, grup.chat_id)


async def _perbarui_post(context: BotContext, k: Kendala) -> None:
    """Show the current status on the kendala's group post (buttons gone once closed)."""
    if k.grup_chat_id is None or k.grup_message_id is None:
        return
    try:
        await context.bot.edit_message_text(
            kd.teks_grup(k),
            chat_id=k.grup_chat_id,
            message_id=k.grup_message_id,
            reply_markup=keyboard(tombol_grup(k)),
        )
    except BadRequest as exc:  # e.g. "message is not modified", or a deleted post
        log.info("Pos kendala #%s tidak diperbarui: %s", k.id, exc)
    except (RetryAfter, NetworkError) as exc:  # busy or unreachable: the outbox retries it
        log.info("Pos kendala #%s diperbarui lewat antrean: %s", k.id, exc)
        d = deps(context)
        await db(lambda: sk.antre_edit_grup(d.uow_factory(), k.id, now=d.clock()))
    except TelegramError as exc:  # e.g. the bot was removed from the group
        log.info("Pos kendala #%s tidak diperbarui: %s", k.id, exc)


async def kirim_ke_pelapor(
    context: BotContext, k: Kendala, teks: str, dengan_balas: bool = True
) -> bool:
    """A private message to the official who raised the kendala; False when it cannot be sent."""
    if k.pelapor_telegram_id is None:
        return False
    try:
        await context.bot.send_message(
            k.pelapor_telegram_id,
            teks,
            reply_markup=keyboard(tombol_pelapor(k)) if dengan_balas else None,
        )
    except TelegramError:
        log.exception("Pesan kendala #%s tidak dapat dikirim ke pelapor", k.id)
        return False
    return True


# ---------------------------------------------------------------------------- /daftar_grup
async def daftar_grup(update: Update, context: BotContext) -> None:
    msg, chat = update.effective_message, update.effective_chat
    assert msg is not None and chat is not None
    if chat.type == ChatType.PRIVATE:
        await msg.reply_text(texts.DAFTAR_GRUP_DI_GRUP)
        return
    p = context.pejabat
    if not is_bappeda(p):
        await msg.reply_text(texts.DAFTAR_GRUP_DITOLAK)
        return
    assert p is not None
    d = deps(context)
    try:
        await db(
            lambda: sk.daftar_grup_bappeda(
                d.uow_factory(), chat.id, chat.title, oleh_nip=p.nip, now=d.clock()
            )
        )
    except SakipError:
        await msg.reply_text(texts.DAFTAR_GRUP_DITOLAK)
        return
    await msg.reply_text(texts.DAFTAR_GRUP_OK.format(judul=chat.title or "ini"))
    for k in await db(lambda: sk.kendala_belum_diposting(d.uow_factory())):
        await kirim_ke_grup(context, k, chat.id)


# ---------------------------------------------------------------------------- buttons
async def tombol(update: Update, context: BotContext) -> None:
    """Tanggapi or Selesai on a kendala post in the Bappeda group."""
    q = update.callback_query
    assert q is not None
    urai = urai_cb_kendala(q.data)
    chat = update.effective_chat
    if urai is None or urai[0] not in (AKSI_TANGGAPI, AKSI_SELESAI):
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return
    if chat is None or chat.type == ChatType.PRIVATE:  # pragma: no cover - posts are in the group
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return
    p = context.pejabat
    if not is_bappeda(p):
        await q.answer(texts.HANYA_BAPPEDA, show_alert=True)
        return
    assert p is not None
    aksi, kendala_id = urai
    d = deps(context)
    try:
        detail = await db(lambda: sk.ambil_kendala(d.uow_factory(), kendala_id))
    except SakipError as exc:
        await q.answer(str(exc), show_alert=True)
        return
    k = detail.kendala
    if k.status == StatusKendala.SELESAI:
        await q.answer(texts.KENDALA_SUDAH_SELESAI.format(id=k.id), show_alert=True)
        await _perbarui_post(context, k)
        return
    if aksi == AKSI_TANGGAPI:
        await jawab(q)
        user = update.effective_user
        assert user is not None
        sebut = f'<a href="tg://user?id={user.id}">{html.escape(p.nama)}</a>'
        await context.bot.send_message(
            chat.id,
            texts.MINTA_TANGGAPAN.format(sebut=sebut, id=k.id),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(
                selective=True, input_field_placeholder=texts.PLACEHOLDER_TANGGAPAN
            ),
            reply_parameters=ReplyParameters(q.message.message_id, allow_sending_without_reply=True)
            if q.message is not None
            else None,
        )
        return
    pengirim = sk.Pengirim(p.nama, Saluran.BOT, nip=p.nip, telegram_user_id=q.from_user.id)
    try:
        hasil = await db(
            lambda: sk.selesaikan_kendala(
                d.uow_factory(), kendala_id, pengirim=pengirim, now=d.clock()
            )
        )
    except SakipError as exc:
        await q.answer(str(exc), show_alert=True)
        return
    await q.answer(texts.KENDALA_DISELESAIKAN.format(id=kendala_id))
    await _perbarui_post(context, hasil.kendala)
    k = hasil.kendala
    if not await kirim_ke_pelapor(context, k, kd.teks_selesai_untuk_pelapor(k), dengan_balas=False):
        await db(lambda: sk.antre_ke_pelapor(d.uow_factory(), k.id, now=d.clock()))


# ---------------------------------------------------------------------------- answers
async def jawaban(update: Update, context: BotContext) -> None:
    """A reply in the Bappeda group to the bot's Tanggapi prompt or to a kendala post."""
    msg = update.effective_message
    assert msg is not None and msg.reply_to_message is not None
    m = _NOMOR.search(msg.reply_to_message.text or "")
    if m is None:
        return  # a reply to another message of the bot: not an answer
    kendala_id = int(m.group(1))
    p = context.pejabat
    if not is_bappeda(p):
        await msg.reply_text(texts.HANYA_BAPPEDA)
        return
    assert p is not None
    if not msg.text or not msg.text.strip() or msg.forward_origin is not None:
        await msg.reply_text(texts.TANGGAPAN_BUKAN_TEKS)
        return
    d = deps(context)
    user = update.effective_user
    assert user is not None
    pengirim = sk.Pengirim(p.nama, Saluran.BOT, nip=p.nip, telegram_user_id=user.id)
    isi = msg.text
    try:
        hasil = await db(
            lambda: sk.tanggapi_kendala(
                d.uow_factory(), kendala_id, isi, pengirim=pengirim, now=d.clock()
            )
        )
    except SakipError as exc:
        await msg.reply_text(str(exc))
        return
    k = hasil.kendala
    terkirim = await kirim_ke_pelapor(context, k, kd.teks_tanggapan_untuk_pelapor(k, hasil.pesan))
    if not terkirim:  # the outbox sender delivers it when it can
        pesan_id = hasil.pesan.id
        await db(
            lambda: sk.antre_ke_pelapor(d.uow_factory(), k.id, now=d.clock(), pesan_id=pesan_id)
        )
    await _perbarui_post(context, k)
    batas = format_tanggal(k.batas_tindak_lanjut) if k.batas_tindak_lanjut else "-"
    await msg.reply_text(
        (texts.TANGGAPAN_TERKIRIM if terkirim else texts.TANGGAPAN_TERSIMPAN).format(
            id=k.id, pelapor=kd.pelapor_label(k), batas=batas
        )
    )
