"""Handler registration, in one place. Order matters.

Group -1: the gate (who is this; unknown users are refused here and nothing else runs).
Group 0, first match wins: the /lapor conversation (so its steps see answers and buttons first),
then the commands, then the catch-alls (an unknown message; a button of an old message).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import commands
from bot.conversations import lapor


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, commands.gate), group=-1)
    app.add_handler(lapor.conversation())
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("keluar", commands.keluar))
    app.add_handler(CommandHandler("bantuan", commands.bantuan))
    app.add_handler(CommandHandler("help", commands.bantuan))
    app.add_handler(CommandHandler("batal", commands.batal_luar))
    app.add_handler(MessageHandler(filters.ALL, commands.tidak_dikenali))
    app.add_handler(CallbackQueryHandler(commands.tombol_kedaluwarsa))
    app.add_error_handler(commands.error_handler)
