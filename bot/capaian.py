"""/capaian and /belum: what a Kabid or a Kepala PD sees of the units and officials under them.

``/capaian [YYYY-MM]``: the roll-up of my units (``services_atasan.capaian_saya`` over
``services.build_capaian_tree``) for the month and cumulatively, with the Tabel B.2 category, and a
chart (capaian kinerja per unit, or per child when I have one unit) sent as a photo. Without an
argument the month is the latest whose monthly-report deadline has passed.

``/belum``: my subordinates who have not reported their sub kegiatan for the open month, or their
indicators for the open quarter (``services_atasan.belum_lapor``).
"""

from __future__ import annotations

import logging
import threading

from telegram import Update
from telegram.constants import MessageLimit

from bot import texts
from bot.deps import BotContext, baca, db, deps
from core import services_atasan
from core.capaian import Capaian, format_persen
from core.deadlines import format_tanggal
from core.periode import JenisPeriode, Periode
from core.reporting.charts import capaian_per_anak, grafik_anak
from core.rollup import HasilSimpul
from core.services_atasan import CapaianSaya, DaftarBelum

log = logging.getLogger(__name__)
_GRAFIK_LOCK = threading.Lock()  # one figure at a time from this module
_MAKS_PESAN = MessageLimit.MAX_TEXT_LENGTH - 96
_ANAK_TINGKAT = {"pd": 2}  # a PD's sasaran and their indicators/programs; others: one level


def capaian_teks(c: Capaian) -> str:
    """ "56,77% (Rendah)", or the reason there is no capaian (tests compare through this)."""
    if c.nilai is None:
        return c.alasan or "-"
    kat = c.kategori
    return f"{format_persen(c.nilai)}%" + (f" ({kat.label})" if kat else "")


def _potong(baris: list[str]) -> list[str]:
    """Lines joined into messages that fit Telegram's limit (a line never split)."""
    pesan: list[str] = []
    kini = ""
    for b in baris:
        b = b[:_MAKS_PESAN]
        if kini and len(kini) + 1 + len(b) > _MAKS_PESAN:
            pesan.append(kini)
            kini = b
        else:
            kini = f"{kini}\n{b}" if kini else b
    if kini:
        pesan.append(kini)
    return pesan


# ---------------------------------------------------------------------------- /capaian
def _nama(h: HasilSimpul) -> str:
    return h.nama if h.tingkat in ("indikator", "pd") else f"{h.kode} {h.nama}"


def _anak_baris(h: HasilSimpul, sisa: int, indent: str = "") -> list[str]:
    out = []
    for a in h.anak:
        out.append(
            indent
            + texts.CAPAIAN_ANAK.format(
                nama=_nama(a),
                kinerja=capaian_teks(a.capaian_kinerja),
                anggaran=capaian_teks(a.capaian_anggaran),
            )
        )
        if sisa > 1 or a.tingkat == "indikator":  # an indicator is shown with what forms it
            out += _anak_baris(a, sisa - 1, indent + "   ")
    return out


def teks_capaian(data: CapaianSaya) -> list[str]:
    """The /capaian reply as message texts."""
    bulan = Periode.bulanan(data.tahun, data.bulan).label
    baris = [texts.CAPAIAN_JUDUL.format(jabatan=data.pejabat.jabatan, bulan=bulan), ""]
    for u in data.unit:
        baris.append(
            texts.CAPAIAN_UNIT.format(
                nama=_nama(u.kumulatif),
                bulan=bulan,
                kinerja_bulan=capaian_teks(u.bulan.capaian_kinerja),
                anggaran_bulan=capaian_teks(u.bulan.capaian_anggaran),
                kinerja_kumulatif=capaian_teks(u.kumulatif.capaian_kinerja),
                anggaran_kumulatif=capaian_teks(u.kumulatif.capaian_anggaran),
            )
        )
        if u.kumulatif.anak:
            baris.append(texts.CAPAIAN_RINCIAN.format(bulan=bulan))
            baris += _anak_baris(u.kumulatif, _ANAK_TINGKAT.get(u.kumulatif.tingkat, 1))
        baris.append("")
    return _potong(baris)


def grafik_capaian(data: CapaianSaya) -> bytes:
    """One unit with children: capaian per child (below a lone child); otherwise capaian per unit.

    Cumulative to the month, capaian kinerja, bars coloured by Tabel B.2 category."""
    label = Periode.kumulatif(data.tahun, data.bulan).label
    with _GRAFIK_LOCK:
        if len(data.unit) == 1 and data.unit[0].kumulatif.anak:
            simpul = data.unit[0].kumulatif
            while len(simpul.anak) == 1 and simpul.anak[0].anak:  # a PD with one sasaran
                simpul = simpul.anak[0]
            return grafik_anak(simpul, label)
        return capaian_per_anak(
            texts.CAPAIAN_GRAFIK_JUDUL,
            [(_nama(u.kumulatif), u.kumulatif.capaian_kinerja.nilai) for u in data.unit],
            subjudul=f"{data.pejabat.jabatan} · {label}",
        )


async def capaian(update: Update, context: BotContext) -> None:
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None
    d = deps(context)
    if context.args:
        try:
            periode = Periode.parse(context.args[0])
        except ValueError:
            periode = None
        if periode is None or periode.jenis is not JenisPeriode.BULANAN or len(context.args) > 1:
            await msg.reply_text(texts.CAPAIAN_FORMAT)
            return
        tahun, bulan = periode.tahun, periode.nilai
    else:
        lewat = await baca(
            d, lambda: services_atasan.bulan_terakhir_lewat(d.uow_factory(), d.clock())
        )
        tahun, bulan = lewat.tahun, lewat.nilai
    data = await db(lambda: services_atasan.capaian_saya(d.uow_factory(), p.nip, tahun, bulan))
    if not data.unit:
        await msg.reply_text(texts.CAPAIAN_KOSONG.format(tahun=tahun))
        return
    for teks in teks_capaian(data):
        await msg.reply_text(teks)
    try:
        png = await db(grafik_capaian, data)
        await msg.reply_photo(png)
    except Exception:  # noqa: BLE001 - the figures are sent; a missing chart must not hide them
        log.exception("Grafik capaian tidak dapat dikirim")


# ---------------------------------------------------------------------------- /belum
def teks_belum(data: DaftarBelum) -> list[str]:
    """The /belum reply as message texts."""
    bulan = Periode.bulanan(data.bulan.tahun, data.bulan.nilai).label
    triwulan = Periode.triwulan(data.triwulan.tahun, data.triwulan.nilai).label
    if data.jumlah_bawahan == 0:
        return [texts.BELUM_TANPA_BAWAHAN]
    if not data.belum:
        return [
            texts.BELUM_SEMUA_SUDAH.format(
                jumlah=data.jumlah_bawahan, bulan=bulan, triwulan=triwulan
            )
        ]
    baris = [
        texts.BELUM_JUDUL.format(
            jumlah=len(data.belum),
            total=data.jumlah_bawahan,
            bulan=bulan,
            tenggat_bulan=format_tanggal(data.bulan.tenggat),
            triwulan=triwulan,
            tenggat_triwulan=format_tanggal(data.triwulan.tenggat),
        )
    ]
    for b in data.belum:
        baris += ["", texts.BELUM_PEJABAT.format(nama=b.pejabat.nama, jabatan=b.pejabat.jabatan)]
        if b.sub_kegiatan:
            baris.append(texts.BELUM_SUB_KEGIATAN.format(bulan=bulan))
            baris += [texts.BELUM_BUTIR.format(kode=k, nama=n) for k, n in b.sub_kegiatan]
        if b.indikator:
            baris.append(texts.BELUM_INDIKATOR.format(triwulan=triwulan))
            baris += [
                texts.BELUM_BUTIR.format(kode=i.node_kode, nama=i.uraian) for i in b.indikator
            ]
    return _potong(baris)


async def belum(update: Update, context: BotContext) -> None:
    msg = update.effective_message
    p = context.pejabat
    assert msg is not None and p is not None
    d = deps(context)
    data = await db(lambda: services_atasan.belum_lapor(d.uow_factory(), p.nip, d.clock()))
    for teks in teks_belum(data):
        await msg.reply_text(teks)
