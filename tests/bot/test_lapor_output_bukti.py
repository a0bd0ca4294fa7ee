"""/lapor with output volumes and bukti dukung, the reminder's ``pl:`` entry point, the escalation and
indicator buttons: the real PTB Application over HTTP against the fake Bot API, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import AIORateLimiter

from bot import texts
from bot.app import build_application, start_bot
from bot.conversations.lapor import cb_eskalasi
from core import services
from core.cascade import Tingkat
from core.config import Settings
from core.ports_bukti import BuktiTersimpan
from core.ropp import OutputRopp, RencanaBulan, Ropp
from tests.bot.conftest import (
    SK_LAIN,
    SK_TAMBAHAN,
    USER_KABID,
    USER_KASUBAG,
    BotHarness,
    berjalan,
    link,
)
from tests.bot.fake_bot_api import TOKEN, FakeBotApi
from tests.conftest import FakeClock
from tests.factories import (
    LAMPIRAN_I_ANGGARAN,
    LAMPIRAN_I_BOBOT,
    NIP_KABID,
    NIP_KASUBAG,
    NIP_KEPALA,
    TAHUN,
    node,
)

D = Decimal
U = USER_KASUBAG
SK = SK_TAMBAHAN[0]  # "SK-K1-2": January has two outputs
FOTO = b"\xff\xd8\xff\xe0" + b"foto kegiatan rapat koordinasi" * 40
PDF = b"%PDF-1.4\n" + b"notulen rapat koordinasi\n" * 60


def ropp_dua_output(kode: str) -> Ropp:
    outputs = (
        OutputRopp("Rapat koordinasi", D(1), D(1), "Notulen"),
        OutputRopp("Survei lapangan", D(2), D(4), "Lokasi"),
    )
    return Ropp(
        kode,
        TAHUN,
        tuple(
            RencanaBulan(m, b, a, outputs if m == 1 else ())
            for m, (b, a) in enumerate(
                zip(LAMPIRAN_I_BOBOT, LAMPIRAN_I_ANGGARAN, strict=True), start=1
            )
        ),
    )


@dataclass
class BuktiHarness(BotHarness):
    """The conftest harness with the bot's data directory in the test's tmp_path."""

    data_dir: Path = Path("unused")

    async def start(self) -> None:
        settings = Settings.model_construct(
            telegram_bot_token=TOKEN,
            telegram_base_url=self.api.base_url,
            telegram_base_file_url=self.api.base_file_url,
            data_dir=self.data_dir,
        )
        self.app = build_application(
            settings,
            self.uow_factory,
            self.clock,
            rate_limiter=AIORateLimiter(max_retries=3),
            persistence_interval=0.2,
        )
        await start_bot(self.app, poll_timeout=1)

    async def send_photo_bytes(self, user_id: int, data: bytes, expect: str = "sendMessage") -> Any:
        i = len(self.api.calls)
        await self.api.send_user_photo(user_id, data)
        return await self.api.wait_for(expect, i)

    async def send_document(self, user_id: int, data: bytes, name: str, mime: str) -> Any:
        i = len(self.api.calls)
        await self.api.send_document(user_id, data, name, mime)
        return await self.api.wait_for("sendMessage", i)


@pytest.fixture
async def bh(seeded: Any, clock: FakeClock, tmp_path: Path) -> AsyncIterator[BuktiHarness]:
    services.save_ropp(seeded(), ropp_dua_output(SK))
    h = BuktiHarness(FakeBotApi(), seeded, clock, data_dir=tmp_path / "data")
    async with berjalan(h):
        yield h


def _latest(h: BotHarness, kode: str = SK) -> dict[int, Any]:
    with h.uow_factory() as uow:
        return dict(uow.repo.latest_realisasi(TAHUN, kode))


def _bukti(h: BotHarness, kode: str = SK) -> list[BuktiTersimpan]:
    with h.uow_factory() as uow:
        return uow.repo.list_bukti(TAHUN, kode, 1)


async def _sampai_bobot(h: BuktiHarness) -> str:
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    await h.say(U, "/lapor")
    mid, data = h.button(f"{SK} ")
    await h.press(U, mid, data, expect="editMessageText")
    mid, data = h.button("• Jan", method="editMessageText")
    [tanya] = await h.press(U, mid, data, expect="editMessageText")
    return str(tanya.params["text"])


async def _sampai_bukti(h: BuktiHarness, kendala: str | None = "Hujan deras") -> str:
    """Bobot, both outputs, anggaran, kendala, tindak lanjut: returns the bukti question."""
    [q] = await h.say(U, "3")
    assert "Output 1 dari 2: Rapat koordinasi" in q.params["text"]
    assert "Target volume bulan ini: 1 Notulen" in q.params["text"]
    [q] = await h.say(U, "1")
    assert "Output 2 dari 2: Survei lapangan" in q.params["text"]
    assert "Target volume bulan ini: 4 Lokasi" in q.params["text"]
    [q] = await h.say(U, "3,5")
    assert "Berapa realisasi anggaran" in q.params["text"]
    [q] = await h.say(U, "Rp 250.000.000")
    assert q.params["text"] == texts.TANYA_KENDALA
    if kendala is None:
        mid, data = h.button(texts.TIDAK_ADA)
        [q] = await h.press(U, mid, data, expect="editMessageText")
    else:
        [q] = await h.say(U, kendala)
    assert q.params["text"].endswith(texts.TANYA_TINDAK_LANJUT)
    [q] = await h.say(U, "Penjadwalan ulang survei")
    assert q.params["text"] == texts.TANYA_BUKTI.format(maks=10)
    assert [b["text"] for row in h.api.keyboard(q) for b in row] == [texts.LEWATI]
    return str(q.params["text"])


async def test_full_lapor_with_outputs_and_bukti(bh: BuktiHarness) -> None:
    h = bh
    tanya = await _sampai_bobot(h)
    assert "Rapat koordinasi: 1 Notulen" in tanya and "Survei lapangan: 4 Lokasi" in tanya
    await _sampai_bukti(h)
    [r] = await h.send_photo_bytes(U, FOTO)
    assert r.params["text"].startswith("Diterima: foto. Bukti dukung terlampir: 1 berkas.")
    [r] = await h.send_document(U, PDF, "notulen rapat.pdf", "application/pdf")
    assert "Diterima: dokumen notulen rapat.pdf" in r.params["text"]
    assert "terlampir: 2 berkas" in r.params["text"]
    assert h.api.downloads == []  # nothing is downloaded, nothing saved before Kirim
    mid, data = h.button(texts.SELESAI)
    [ringkasan] = await h.press(U, mid, data, expect="editMessageText")
    teks = ringkasan.params["text"]
    assert "• Rapat koordinasi: 1 Notulen (target 1)" in teks
    assert "• Survei lapangan: 3,5 Lokasi (target 4)" in teks
    assert "Bukti dukung: 2 berkas" in teks
    assert "Kendala: Hujan deras" in teks
    assert _latest(h) == {} and _bukti(h) == []

    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    [hasil] = h.api.since(i, "editMessageText")
    assert "sudah tersimpan (revisi 1)" in hasil.params["text"]
    assert "Bukti dukung: 2 berkas." in hasil.params["text"]
    assert "belum dapat diunduh" not in hasil.params["text"]
    # the kendala can be escalated with one tap (handled by the kendala conversation)
    [[tombol]] = h.api.keyboard(hasil)
    assert tombol == {"text": texts.TERUSKAN_KENDALA, "callback_data": f"esk:{SK}:2026-01"}

    saved = _latest(h)[1]
    assert dict(saved.volume_output) == {1: D(1), 2: D("3.5")}
    assert saved.kendala == "Hujan deras"
    bukti = _bukti(h)
    assert [(b.revisi, b.bukti.jenis) for b in bukti] == [(1, "foto"), (1, "dokumen")]
    foto, dok = bukti[0].bukti, bukti[1].bukti
    assert foto.telegram_file_id is not None and not foto.telegram_file_id.endswith("-thumb")
    assert foto.ukuran == len(FOTO) and foto.mime == "image/jpeg"
    assert dok.nama_file == "notulen rapat.pdf" and dok.mime == "application/pdf"
    assert dok.ukuran == len(PDF) and dok.telegram_file_unique_id
    for b, isi in ((foto, FOTO), (dok, PDF)):
        sha = hashlib.sha256(isi).hexdigest()
        assert b.sha256 == sha
        assert b.path is not None and b.path.startswith(f"bukti/{sha[:2]}/{sha}")
        stored = h.data_dir / b.path
        assert stored.is_file() and hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    assert dok.path is not None and dok.path.endswith(".pdf")
    assert foto.path is not None and foto.path.endswith(".jpg")


async def test_bad_numbers_and_a_photo_at_the_output_step(bh: BuktiHarness) -> None:
    h = bh
    await _sampai_bobot(h)
    [q] = await h.say(U, "3")
    assert "Output 1 dari 2" in q.params["text"]
    cases = {
        "abc": "bukan angka",
        "-1": "tidak boleh negatif",
        "12.5": "ambigu",
        "😀": "bukan angka",
        "1.824.205.000.000.000.000": "terlalu besar",
    }
    for text, pesan in cases.items():
        [r] = await h.say(U, text)
        assert pesan in r.params["text"], (text, r.params["text"])
        assert "Volume Rapat koordinasi" in r.params["text"]
        assert "Output 1 dari 2: Rapat koordinasi" in r.params["text"]
    [r] = await h.send_photo_bytes(U, FOTO)  # a photo where a number is expected
    assert texts.BUKAN_TEKS in r.params["text"] and "Output 1 dari 2" in r.params["text"]
    [r] = await h.say(U, "1")
    assert "Output 2 dari 2" in r.params["text"]
    [r] = await h.send_document(U, PDF, "x.pdf", "application/pdf")
    assert texts.BUKAN_TEKS in r.params["text"] and "Output 2 dari 2" in r.params["text"]
    [r] = await h.say(U, "4")
    assert "Berapa realisasi anggaran" in r.params["text"]
    assert _latest(h) == {} and h.api.downloads == []


async def test_text_at_the_bukti_step_and_skip(bh: BuktiHarness) -> None:
    h = bh
    await _sampai_bobot(h)
    await _sampai_bukti(h, kendala=None)
    [r] = await h.say(U, "foto menyusul")
    assert r.params["text"].startswith(texts.BUKAN_BERKAS)
    mid, data = h.button(texts.LEWATI)
    [ringkasan] = await h.press(U, mid, data, expect="editMessageText")
    assert "Bukti dukung: Tidak ada" in ringkasan.params["text"]
    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    [hasil] = h.api.since(i, "editMessageText")
    assert "Bukti dukung: Tidak ada" in hasil.params["text"]  # the record of what was sent
    assert "berkas" not in hasil.params["text"]
    assert h.api.keyboard(hasil) == []  # no kendala: nothing to escalate
    assert _bukti(h) == [] and _latest(h)[1].kendala is None


async def test_restart_in_the_bukti_step_keeps_the_files(bh: BuktiHarness) -> None:
    h = bh
    await _sampai_bobot(h)
    await _sampai_bukti(h)
    await h.send_photo_bytes(U, FOTO)
    await h.restart()  # a new Application on the same database
    [r] = await h.send_document(U, PDF, "notulen.pdf", "application/pdf")
    assert "terlampir: 2 berkas" in r.params["text"]
    [r] = await h.send_photo_bytes(U, FOTO[:-1] + b"!")
    assert "terlampir: 3 berkas" in r.params["text"]
    mid, data = h.button(texts.SELESAI)
    [ringkasan] = await h.press(U, mid, data, expect="editMessageText")
    assert "Bukti dukung: 3 berkas" in ringkasan.params["text"]
    mid, data = h.button(texts.KIRIM)
    await h.press(U, mid, data, expect="sendPhoto")
    assert [b.bukti.jenis for b in _bukti(h)] == ["foto", "dokumen", "foto"]
    assert all(b.bukti.sha256 for b in _bukti(h))


async def test_failed_download_keeps_the_file_id_and_the_report(bh: BuktiHarness) -> None:
    h = bh
    await _sampai_bobot(h)
    await _sampai_bukti(h)
    await h.send_photo_bytes(U, FOTO)
    await h.send_document(U, PDF, "rusak.pdf", "application/pdf")
    file_id = h.api.user_files[-1]
    h.api.broken_files.add(file_id)  # getFile works, the download itself fails
    mid, data = h.button(texts.SELESAI)
    await h.press(U, mid, data, expect="editMessageText")
    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    [hasil] = h.api.since(i, "editMessageText")
    assert "sudah tersimpan (revisi 1)" in hasil.params["text"]
    assert texts.BUKTI_GAGAL_UNDUH.format(jumlah=1).strip() in hasil.params["text"]
    foto, dok = (b.bukti for b in _bukti(h))
    assert foto.sha256 and foto.path
    assert dok.telegram_file_id == file_id and dok.path is None and dok.sha256 is None
    assert dok.nama_file == "rusak.pdf"


async def _pesan_pengingat(h: BotHarness, user_id: int, data: str) -> int:
    """A reminder with the lapor button, sent through the bot like the reminder sender does."""
    assert h.app is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Lapor sekarang", callback_data=data)]])
    i = len(h.api.calls)
    await h.app.bot.send_message(user_id, "Pengingat: laporan Januari 2026", reply_markup=markup)
    return h.api.message_id_of(i)


async def test_reminder_button_starts_lapor_at_that_item(bh: BuktiHarness) -> None:
    h = bh
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    mid = await _pesan_pengingat(h, U, f"pl:{SK}:2026-01")
    [judul, tanya] = await h.press(U, mid, f"pl:{SK}:2026-01", expect="sendMessage", n=2)
    assert judul.params["text"] == f"{SK} Sub Kegiatan {SK}\nBulan: Januari 2026"
    assert "Target bobot fisik bulan ini: 3%" in tanya.params["text"]
    [q] = await h.say(U, "3")
    assert "Output 1 dari 2" in q.params["text"]

    # someone else's sub kegiatan: refused, and the running report is untouched
    mid = await _pesan_pengingat(h, U, f"pl:{SK_LAIN}:2026-01")
    i = len(h.api.calls)
    [ans] = await h.press(U, mid, f"pl:{SK_LAIN}:2026-01")
    assert ans.params["text"] == texts.BUKAN_MILIK
    assert [c.method for c in h.api.since(i)] == ["answerCallbackQuery"]
    # a month that has not started, and a garbled button
    [ans] = await h.press(U, mid, f"pl:{SK}:2026-03")
    assert ans.params["text"] == texts.BULAN_BELUM_MULAI
    [ans] = await h.press(U, mid, "pl:rusak")
    assert ans.params["text"] == texts.TOMBOL_KEDALUWARSA
    [q] = await h.say(U, "1")
    assert "Output 2 dari 2" in q.params["text"]
    assert _latest(h) == {}


async def test_reminder_button_refused_for_someone_elses_item(bh: BuktiHarness) -> None:
    h = bh
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    mid = await _pesan_pengingat(h, U, f"pl:{SK_LAIN}:2026-01")
    i = len(h.api.calls)
    [ans] = await h.press(U, mid, f"pl:{SK_LAIN}:2026-01")
    assert ans.params["text"] == texts.BUKAN_MILIK and ans.params.get("show_alert") is True
    assert [c.method for c in h.api.since(i)] == ["answerCallbackQuery"]
    [r] = await h.say(U, "3")  # no conversation was started
    assert r.params["text"] == texts.TIDAK_DIKENALI


async def test_indicator_button_for_officials_with_indicators(bh: BuktiHarness) -> None:
    h = bh
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    [menu] = await h.say(USER_KABID, "/lapor")  # the Kabid has SK-LAIN and program indicators
    labels = [b["callback_data"] for row in h.api.keyboard(menu) for b in row]
    assert "li:mulai" in labels and any(SK_LAIN in d for d in labels)
    # without sub kegiatan, the indicator button is the way on
    services.save_cascade(
        h.uow_factory(),
        TAHUN,
        [node(SK_LAIN, Tingkat.SUB_KEGIATAN, "K2", penanggung_jawab_nip=NIP_KEPALA)],
    )
    [r] = await h.say(USER_KABID, "/lapor")
    assert r.params["text"] == texts.HANYA_INDIKATOR.format(tahun=TAHUN)
    assert h.api.keyboard(r) == [[{"text": texts.INDIKATOR_TOMBOL, "callback_data": "li:mulai"}]]
    # the Kasubag has no indicators: no such button
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    [menu] = await h.say(U, "/lapor")
    assert "li:mulai" not in [b["callback_data"] for row in h.api.keyboard(menu) for b in row]


def test_escalation_button_is_omitted_when_too_long() -> None:
    assert cb_eskalasi("1.02.01.2.01.0001", 2026, 1) == "esk:1.02.01.2.01.0001:2026-01"
    assert cb_eskalasi("X" * 60, 2026, 1) is None
