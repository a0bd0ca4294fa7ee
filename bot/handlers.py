"""Handler registration, in one place. Order matters.

Group -1: the gate (who is this; unknown users are refused here and nothing else runs).
Group 0, first match wins: an edited message (never read as an answer: bot/suntingan.py), the /lapor
conversation (so its steps see answers and buttons first),
the /lapor_indikator conversation (after /lapor, whose buttons it never matches), then the commands,
then the catch-alls (an unknown message; a button of an old message).
Bappeda's group (bot/grup.py: /daftar_grup, the kd:t/kd:s buttons, replies in groups) comes first in
group 0 (the gate lets only these through from a group); the /kendala conversation
(also entered by the Balas button ``kd:b:``) after the /lapor conversations; the ``esk:`` escalation
button before the catch-alls.
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

from bot import capaian, commands, grup, jadwal, suntingan
from bot.conversations import kendala, lapor, lapor_indikator


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, commands.gate), group=-1)
    app.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, suntingan.pesan_disunting)
    )  # before every conversation: an edit is not the answer to the current question
    app.add_handler(CommandHandler(grup.PERINTAH_DAFTAR, grup.daftar_grup))
    app.add_handler(CallbackQueryHandler(grup.tombol, pattern=r"^kd:[ts]:"))  # Tanggapi, Selesai
    app.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.REPLY & ~filters.COMMAND, grup.jawaban)
    )
    app.add_handler(lapor.conversation())
    app.add_handler(lapor_indikator.conversation())  # /lapor_indikator and the li:mulai button
    app.add_handler(kendala.conversation())  # /kendala and the Balas button (kd:b:)
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("keluar", commands.keluar))
    app.add_handler(CommandHandler("bantuan", commands.bantuan))
    app.add_handler(CommandHandler("help", commands.bantuan))
    app.add_handler(CommandHandler("capaian", capaian.capaian))
    app.add_handler(CommandHandler("belum", capaian.belum))
    app.add_handler(CommandHandler("jadwal", jadwal.jadwal))
    app.add_handler(CommandHandler("batal", commands.batal_luar))
    app.add_handler(CallbackQueryHandler(kendala.eskalasi, pattern=r"^esk:"))
    app.add_handler(  # a Telegram reply to Bappeda's answer, without pressing Balas
        MessageHandler(
            filters.ChatType.PRIVATE & filters.REPLY & ~filters.COMMAND, kendala.balas_langsung
        )
    )
    app.add_handler(MessageHandler(filters.ALL, commands.tidak_dikenali))
    app.add_handler(CallbackQueryHandler(commands.tombol_kedaluwarsa))
    app.add_error_handler(commands.error_handler)
