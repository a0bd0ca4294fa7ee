"""An edited message (Telegram's ``edited_message``): never read as an answer.

A conversation waits for the answer to its current question; an official who edits an earlier
answer (bobot 3 -> 30 while the volume is asked) would otherwise have the edit taken as the answer
to a different question. In a private chat the official is told how to correct an answer; in
Bappeda's group an edited reply is not sent to the official a second time.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot import texts
from bot.deps import BotContext


async def pesan_disunting(update: Update, context: BotContext) -> None:
    msg = update.edited_message
    if msg is not None and msg.chat.type == ChatType.PRIVATE:
        await msg.reply_text(texts.PESAN_DISUNTING)
