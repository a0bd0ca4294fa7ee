"""/lapor_indikator: quarterly realisasi of my program / sasaran / tujuan indicators.

Pergub 17/2023 Pasal 15(3) huruf b: program and sasaran PD report per quarter, by the 14th working day
after it ends. Steps: indicator (only mine, paginated) -> quarter (default: the one whose deadline comes
next; a late report is accepted and marked late) -> the indicator's value (target tahunan, the
quarter's target, satuan, arah and the previous value shown) -> kendala -> tindak lanjut -> summary
(Kirim / Ubah / Batal). On Kirim the value is saved through ``services.submit_realisasi_indikator``
(a report for a quarter already reported becomes the next revision) and the reply shows the
indicator's capaian with its Tabel B.2 category, or why there is none (no target, zero target), and
the target it is measured against: the quarter's (Pergub 17/2023 Lampiran II, Program Triwulanan
kolom 11 = kolom 9 / kolom 7), or the annual one when the quarter has none, which the reply says.

Entry points: ``/lapor_indikator`` and the button ``li:mulai`` that ``/lapor`` shows to officials who
have indicators. The answers live in ``user_data["lapor_indikator"]`` (persisted with the conversation
state); nothing is saved before Kirim. Callback data is ``LI|<sesi>|<aksi>|<nilai>``; ``sesi`` changes
with every start, so a button of an older message is answered as expired.
"""

from __future__ import annotations

import asyncio
import secrets
import warnings
from datetime import date
from decimal import Decimal
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
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
from bot.conversations import lapor, masukan
from bot.deps import BotContext, UowFactory, baca, db, deps, jawab
from core import services, services_atasan, services_lapor
from core.calendar import local_date
from core.capaian import Arah, Capaian, format_persen
from core.cascade import Saluran, Tingkat
from core.deadlines import format_tanggal
from core.errors import SakipError, ValidasiError
from core.numbers import format_ringkas
from core.periode import ROMAWI, Periode
from core.ports_bot import IndikatorSaya

PILIH_IND, PILIH_TW, NILAI, KENDALA, TINDAK_LANJUT, RINGKASAN = range(6)
END = ConversationHandler.END
NAMA = "lapor_indikator"
PER_HALAMAN = halaman_.PER_HALAMAN
_KUNCI = "lapor_indikator"
TOMBOL_MULAI = "li:mulai"


# ---------------------------------------------------------------------------- callback data
_P = halaman_.Percakapan("LI", _KUNCI, texts.DIBATALKAN)
cb = _P.cb
_urai_cb = _P.urai
_draft = _P.draft
_tombol = _P.tombol
_batal = _P.batal


# ---------------------------------------------------------------------------- database work
def _daftar(uow_factory: UowFactory, tahun: int, nip: str) -> list[IndikatorSaya]:
    return services_lapor.indikator_saya(uow_factory(), tahun, nip)


def _sebelumnya(uow_factory: UowFactory, indikator_id: int, periode: str) -> dict[str, Any] | None:
    lama = services_lapor.realisasi_indikator_terakhir(uow_factory(), indikator_id, periode)
    if lama is None:
        return None
    return {
        "revisi": lama.revisi,
        "nilai": str(lama.nilai),
        "kendala": lama.kendala,
        "tindak_lanjut": lama.tindak_lanjut,
    }


# ---------------------------------------------------------------------------- texts
def _angka(nilai: str | None) -> str:
    return "-" if nilai is None else format_ringkas(Decimal(nilai))


def capaian_teks(c: Capaian) -> str:
    """How the bot prints an indicator's capaian (tests compare with core.capaian through this)."""
    if c.nilai is None:
        return c.alasan or "-"
    kat = c.kategori
    return f"{format_persen(c.nilai)}%" + (f" ({kat.label})" if kat else "")


def _label_tw(draft: dict[str, Any]) -> str:
    return f"Triwulan {ROMAWI[draft['tw']]} {draft['tahun']}"


def _target_tw(draft: dict[str, Any]) -> str:
    """The chosen quarter's target (Lampiran II: the quarterly capaian is measured against it)."""
    targets = draft.get("target_tw") or [None] * 4  # a draft saved before it was kept
    target = targets[draft["tw"] - 1]
    label = f"Triwulan {ROMAWI[draft['tw']]}"
    if target is None:
        return texts.LI_TARGET_TW_KOSONG.format(triwulan=label)
    return texts.LI_TARGET_TW.format(triwulan=label, target=_angka(target), satuan=draft["satuan"])


def _info(draft: dict[str, Any]) -> str:
    return texts.LI_INFO.format(
        uraian=draft["uraian"],
        node=f"{Tingkat(draft['tingkat']).label} {draft['node_kode']} {draft['node_nama']}",
        target=_angka(draft["target"]),
        satuan=draft["satuan"],
        arah=Arah(draft["arah"]).label.lower(),
    )


def _pertanyaan(draft: dict[str, Any], state: int) -> tuple[str, InlineKeyboardMarkup | None]:
    sesi = draft["sesi"]
    if state == NILAI:
        teks = texts.LI_TANYA_NILAI.format(
            info=_info(draft),
            target_tw=_target_tw(draft),
            triwulan=_label_tw(draft),
            satuan=draft["satuan"],
        )
        lama = draft.get("sebelumnya")
        if lama:
            teks = (
                texts.LI_SEBELUMNYA.format(
                    revisi=lama["revisi"],
                    nilai=_angka(lama["nilai"]),
                    satuan=draft["satuan"],
                    kendala=texts.kutipan(lama["kendala"], texts.KUTIPAN_MAKS // 2),
                    tindak_lanjut=texts.kutipan(lama["tindak_lanjut"], texts.KUTIPAN_MAKS // 2),
                )
                + "\n\n"
                + teks
            )
        return teks, None
    if state == KENDALA:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.TIDAK_ADA, callback_data=cb(sesi, "kd"))]]
        )
        return texts.LI_TANYA_KENDALA, markup
    if state == TINDAK_LANJUT:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.TIDAK_ADA, callback_data=cb(sesi, "tl"))]]
        )
        return texts.TANYA_TINDAK_LANJUT, markup
    assert state == RINGKASAN
    teks = texts.LI_RINGKASAN.format(
        info=_info(draft),
        triwulan=_label_tw(draft),
        nilai=_angka(draft["nilai"]),
        satuan=draft["satuan"],
        kendala=texts.kutipan(draft.get("kendala")),
        tindak_lanjut=texts.kutipan(draft.get("tindak_lanjut")),
    )
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


async def _tanya(message: Message, draft: dict[str, Any], state: int, awalan: str = "") -> int:
    teks, markup = _pertanyaan(draft, state)
    await message.reply_text(
        texts.muat((awalan + "\n\n" if awalan else "") + teks), reply_markup=markup
    )
    return state


# ---------------------------------------------------------------------------- keyboards
def _keyboard_ind(daftar: list[IndikatorSaya], halaman: int, sesi: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                f"{i.node_kode} {i.uraian}"[:60], callback_data=cb(sesi, "ind", str(i.id))
            )
        ]
        for _, i in halaman_.isi_halaman(daftar, halaman)
    ]
    nav = halaman_.navigasi(halaman, len(daftar), lambda h: cb(sesi, "hal", str(h)))
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal"))])
    return InlineKeyboardMarkup(rows)


def _tw_maks(tahun: int, today: date) -> int:
    """The last quarter of ``tahun`` that has started."""
    if tahun < today.year:
        return 4
    return (today.month - 1) // 3 + 1


def _keyboard_tw(draft: dict[str, Any], today: date) -> InlineKeyboardMarkup:
    sesi = draft["sesi"]
    tombol = [
        InlineKeyboardButton(
            ("• " if q == draft["tw_bawaan"] else "") + f"Tw {ROMAWI[q]}",
            callback_data=cb(sesi, "tw", str(q)),
        )
        for q in range(1, _tw_maks(draft["tahun"], today) + 1)
    ]
    return InlineKeyboardMarkup(
        [tombol, [InlineKeyboardButton(texts.BATAL, callback_data=cb(sesi, "batal"))]]
    )


# ---------------------------------------------------------------------------- entry and buttons
async def mulai(update: Update, context: BotContext) -> int:
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None and context.user_data is not None
    if update.callback_query is not None:  # the li:mulai button under /lapor
        await update.callback_query.answer()
    lapor.akhiri_percakapan(update, context, lapor.NAMA, lapor._KUNCI)  # /lapor ends here
    d = deps(context)
    tw = await baca(d, lambda: services_atasan.triwulan_terbuka(d.uow_factory(), d.clock()))
    daftar = await baca(d, _daftar, d.uow_factory, tw.tahun, p.nip)
    if not daftar:
        context.user_data.pop(_KUNCI, None)
        await msg.reply_text(texts.LI_TIDAK_ADA.format(tahun=tw.tahun))
        return END
    sesi = secrets.token_hex(3)
    context.user_data[_KUNCI] = {
        "sesi": sesi,
        "tahun": tw.tahun,
        "tw_bawaan": tw.nilai,
        "tenggat_bawaan": tw.tenggat.isoformat(),
    }
    await msg.reply_text(
        texts.LI_PILIH.format(hal=1, total=halaman_.jumlah_halaman(len(daftar))),
        reply_markup=_keyboard_ind(daftar, 0, sesi),
    )
    return PILIH_IND


async def tombol_pilih_ind(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("ind", "hal", "batal"))
    if hasil is None:
        return None
    draft, aksi, nilai = hasil
    q = update.callback_query
    p = context.pejabat
    assert q is not None and p is not None
    if aksi == "batal":
        return await _batal(update, context)
    d = deps(context)
    daftar = await baca(d, _daftar, d.uow_factory, draft["tahun"], p.nip)
    if aksi == "hal":
        hal = halaman_.halaman_ke(nilai, len(daftar))
        if hal is None:
            await q.answer(texts.TOMBOL_KEDALUWARSA)
            return None
        await jawab(q)
        await q.edit_message_text(
            texts.LI_PILIH.format(hal=hal + 1, total=halaman_.jumlah_halaman(len(daftar))),
            reply_markup=_keyboard_ind(daftar, hal, draft["sesi"]),
        )
        return None
    pilihan = next((i for i in daftar if str(i.id) == nilai), None)
    if pilihan is None:  # someone else's (or an unknown) indicator: refuse, change nothing
        await q.answer(texts.LI_BUKAN_MILIK, show_alert=True)
        return None
    await jawab(q)
    draft.update(
        id=pilihan.id,
        node_kode=pilihan.node_kode,
        node_nama=pilihan.node_nama,
        tingkat=pilihan.tingkat,
        urutan=pilihan.urutan,
        uraian=pilihan.uraian,
        satuan=pilihan.satuan,
        target=None if pilihan.target_tahunan is None else str(pilihan.target_tahunan),
        target_tw=[None if t is None else str(t) for t in pilihan.target_triwulan],
        arah=pilihan.arah,
    )
    await q.edit_message_text(
        texts.LI_PILIH_TW.format(
            info=_info(draft),
            bawaan=f"Triwulan {ROMAWI[draft['tw_bawaan']]} {draft['tahun']}",
            tenggat=format_tanggal(date.fromisoformat(draft["tenggat_bawaan"])),
        ),
        reply_markup=_keyboard_tw(draft, local_date(d.clock())),
    )
    return PILIH_TW


async def tombol_pilih_tw(update: Update, context: BotContext) -> int | None:
    hasil = await _tombol(update, context, ("tw", "batal"))
    if hasil is None:
        return None
    draft, aksi, nilai = hasil
    q = update.callback_query
    assert q is not None and isinstance(q.message, Message)
    if aksi == "batal":
        return await _batal(update, context)
    d = deps(context)
    tw = int(nilai) if nilai.isdigit() else 0
    if not 1 <= tw <= _tw_maks(draft["tahun"], local_date(d.clock())):
        await q.answer(texts.TOMBOL_KEDALUWARSA)
        return None
    await jawab(q)
    periode = Periode.triwulan(draft["tahun"], tw).kode
    sebelumnya = await baca(d, _sebelumnya, d.uow_factory, draft["id"], periode)
    tenggat = await baca(
        d, lambda: services_atasan.tenggat_triwulan(d.uow_factory(), draft["tahun"], tw)
    )
    draft.update(tw=tw, periode=periode, sebelumnya=sebelumnya, tenggat=tenggat.isoformat())
    await q.edit_message_text(
        texts.LI_TERPILIH.format(
            node=f"{draft['node_kode']} {draft['uraian']}",
            triwulan=_label_tw(draft),
            tenggat=format_tanggal(tenggat),
        )
    )
    return await _tanya(q.message, draft, NILAI)


# ---------------------------------------------------------------------------- answers
def _nilai(teks: str, satuan: str | None = None) -> Decimal:
    """The indicator's value; an amount in rupiah is read as the anggaran question reads it."""
    rupiah = (satuan or "").strip().casefold().rstrip(".") in ("rp", "rupiah")
    return masukan.angka(teks, "Realisasi indikator", satuan, rupiah=rupiah)


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
        if draft is None or "periode" not in draft:  # pragma: no cover - state without answers
            await msg.reply_text(texts.TOMBOL_KEDALUWARSA)
            return END
        teks = await _teks_jawaban(update, draft, state)
        if teks is None:
            return None
        awalan = ""
        if state == NILAI:
            try:
                draft["nilai"] = str(_nilai(teks, draft.get("satuan")))
            except ValidasiError as exc:
                await _tanya(msg, draft, state, str(exc))
                return None
        else:
            kunci = "kendala" if state == KENDALA else "tindak_lanjut"
            draft[kunci], awalan = masukan.isian_bebas(teks, kendala=state == KENDALA)
        nxt = {NILAI: KENDALA, KENDALA: TINDAK_LANJUT, TINDAK_LANJUT: RINGKASAN}[state]
        return await _tanya(msg, draft, nxt, awalan)

    return handler


def _tombol_tidak_ada(aksi: str) -> Any:
    async def handler(update: Update, context: BotContext) -> int | None:
        hasil = await _tombol(update, context, (aksi,))
        if hasil is None:
            return None
        draft = hasil[0]
        q = update.callback_query
        assert q is not None and isinstance(q.message, Message)
        await jawab(q)
        if aksi == "kd":
            draft["kendala"] = None
        else:
            draft["tindak_lanjut"] = None
        # the keyboard is taken away while the next question is sent (one round trip)
        _, state = await asyncio.gather(
            q.edit_message_reply_markup(None),
            _tanya(q.message, draft, TINDAK_LANJUT if aksi == "kd" else RINGKASAN),
        )
        return state

    return handler


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
    await jawab(q)
    if aksi == "ubah":
        _, state = await asyncio.gather(
            q.edit_message_reply_markup(None), _tanya(q.message, draft, NILAI)
        )
        return state
    assert context.user_data is not None
    d = deps(context)
    now = d.clock()
    # still mine? (the cascade may have changed since the conversation started)
    daftar = await baca(d, _daftar, d.uow_factory, draft["tahun"], p.nip)
    if all(i.id != draft["id"] for i in daftar):
        context.user_data.pop(_KUNCI, None)
        await q.edit_message_reply_markup(None)
        await q.message.reply_text(texts.LI_BUKAN_MILIK)
        return END
    try:
        hasil_lapor = await db(
            lambda: services.submit_realisasi_indikator(
                d.uow_factory(),
                tahun=draft["tahun"],
                node_kode=draft["node_kode"],
                urutan=draft["urutan"],
                periode=draft["periode"],
                nilai=Decimal(draft["nilai"]),
                oleh_nip=p.nip,
                saluran=Saluran.BOT,
                now=now,
                kendala=draft.get("kendala"),
                tindak_lanjut=draft.get("tindak_lanjut"),
                oleh_nama=p.nama,
            )
        )
    except SakipError as exc:
        await q.edit_message_reply_markup(None)
        return await _tanya(q.message, draft, NILAI, texts.GAGAL_SIMPAN.format(masalah=str(exc)))
    # (any other error keeps the summary and its buttons: the error handler asks to try again)
    context.user_data.pop(_KUNCI, None)
    await q.edit_message_reply_markup(None)
    t = hasil_lapor.tersimpan
    tw_acuan = hasil_lapor.target_triwulan  # None: measured against the annual target
    lama = draft.get("sebelumnya")
    await q.message.reply_text(
        texts.LI_TERSIMPAN.format(
            uraian=draft["uraian"],
            triwulan=_label_tw(draft),
            revisi=t.revisi,
            terlambat=texts.TERLAMBAT.format(
                tenggat=format_tanggal(date.fromisoformat(draft["tenggat"]))
            )
            if t.terlambat
            else "",
            sebelumnya=texts.LI_SEBELUMNYA_SINGKAT.format(
                nilai=_angka(lama["nilai"]), satuan=draft["satuan"], revisi=lama["revisi"]
            )
            if lama
            else "",
            nilai=format_ringkas(t.nilai),
            satuan=draft["satuan"],
            acuan="tahunan" if tw_acuan is None else f"Tw {ROMAWI[tw_acuan]}",
            target=_angka(None if hasil_lapor.target is None else str(hasil_lapor.target)),
            capaian=capaian_teks(hasil_lapor.capaian),
            catatan_target=texts.LI_CATATAN_TANPA_TARGET_TW.format(tw=f"Tw {ROMAWI[draft['tw']]}")
            if tw_acuan is None
            else "",
        )
    )
    return END


# ---------------------------------------------------------------------------- the handler
def conversation() -> ConversationHandler[BotContext]:
    tombol = r"^LI\|"
    bukan_perintah = ~filters.COMMAND
    # text typed at a menu: press a button (one handler for both menus)
    pilih_dengan_tombol = MessageHandler(
        bukan_perintah, halaman_.pakai_tombol(texts.PAKAI_TOMBOL_PILIH)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)  # per_message=False is intended
        return ConversationHandler(
            entry_points=[
                CommandHandler("lapor_indikator", mulai),
                CallbackQueryHandler(mulai, pattern=f"^{TOMBOL_MULAI}$"),
            ],
            states={
                PILIH_IND: [
                    CallbackQueryHandler(tombol_pilih_ind, pattern=tombol),
                    pilih_dengan_tombol,
                ],
                PILIH_TW: [
                    CallbackQueryHandler(tombol_pilih_tw, pattern=tombol),
                    pilih_dengan_tombol,
                ],
                NILAI: [MessageHandler(bukan_perintah, _jawaban(NILAI))],
                KENDALA: [
                    MessageHandler(bukan_perintah, _jawaban(KENDALA)),
                    CallbackQueryHandler(_tombol_tidak_ada("kd"), pattern=tombol),
                ],
                TINDAK_LANJUT: [
                    MessageHandler(bukan_perintah, _jawaban(TINDAK_LANJUT)),
                    CallbackQueryHandler(_tombol_tidak_ada("tl"), pattern=tombol),
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


async def batal(update: Update, context: BotContext) -> int:
    return await _batal(update, context)
