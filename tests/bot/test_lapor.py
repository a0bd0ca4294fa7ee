"""/lapor end to end: the real PTB Application over HTTP against the fake Bot API, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bot import texts
from bot.conversations.lapor import capaian_teks, cb
from core import services
from core.cascade import Saluran
from core.realisasi import RealisasiInput
from tests.bot.conftest import SK_LAIN, USER_KASUBAG, BotHarness, link
from tests.factories import NIP_KASUBAG, TAHUN

D = Decimal
U = USER_KASUBAG


def _latest(h: BotHarness, kode: str = "SK-K1") -> dict[int, object]:
    with h.uow_factory() as uow:
        return dict(uow.repo.latest_realisasi(TAHUN, kode))


async def _sampai_bobot(h: BotHarness) -> str:
    """/lapor, page 2 and back, SK-K1, the default month (January): returns the bobot question."""
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    [menu] = await h.say(U, "/lapor")
    assert "halaman 1/2" in menu.params["text"]
    labels = [b["text"] for row in h.api.keyboard(menu) for b in row]
    assert not any(SK_LAIN in t for t in labels)  # only my sub kegiatan
    assert sum(1 for t in labels if t.startswith("SK-")) == 8
    mid, data = h.button("Berikutnya")
    [page2] = await h.press(U, mid, data, expect="editMessageText")
    assert "halaman 2/2" in page2.params["text"]
    mid, data = h.button("Sebelumnya", method="editMessageText")
    await h.press(U, mid, data, expect="editMessageText")
    mid, data = h.button("SK-K1 ", method="editMessageText")
    [bulan] = await h.press(U, mid, data, expect="editMessageText")
    assert "Januari 2026" in bulan.params["text"]  # the next deadline on 3 Feb 2026 is January's
    mid, data = h.button("• Jan", method="editMessageText")
    [tanya] = await h.press(U, mid, data, expect="editMessageText")
    return str(tanya.params["text"])


async def _isi_sampai_ringkasan(h: BotHarness, bobot: str, anggaran: str) -> str:
    [q] = await h.say(U, bobot)
    assert "Output 1 dari 1: Rapat koordinasi" in q.params["text"]  # the ROPP output of January
    [q] = await h.say(U, "1 notulen")  # the output's own satuan may follow the number
    assert "Target anggaran kas bulan ini: Rp 353.956.000" in q.params["text"]
    [q] = await h.say(U, anggaran)
    assert q.params["text"] == texts.TANYA_KENDALA
    mid, data = h.button(texts.TIDAK_ADA)
    [q] = await h.press(U, mid, data, expect="editMessageText")  # the question becomes the next
    assert q.params["text"] == texts.KENDALA_TIDAK_ADA + "\n\n" + texts.TANYA_TINDAK_LANJUT
    [q] = await h.say(U, "Rapat evaluasi dengan bidang teknis")
    assert q.params["text"] == texts.TANYA_BUKTI.format(maks=10)
    mid, data = h.button(texts.LEWATI)  # bukti dukung are optional
    [ringkasan] = await h.press(U, mid, data, expect="editMessageText")
    return str(ringkasan.params["text"])


async def test_full_lapor_reply_matches_the_engine(harness: BotHarness) -> None:
    h = harness
    tanya = await _sampai_bobot(h)
    assert "Target bobot fisik bulan ini: 3%" in tanya
    assert "Rapat koordinasi: 1 Notulen" in tanya
    ringkasan = await _isi_sampai_ringkasan(h, "3", "Rp 250.000.000")
    assert "Realisasi bobot fisik: 3% (target 3%)" in ringkasan
    assert "Realisasi anggaran: Rp 250.000.000" in ringkasan
    assert "Kendala: Tidak ada" in ringkasan
    assert "• Rapat koordinasi: 1 Notulen (target 1)" in ringkasan
    assert "Bukti dukung: Tidak ada" in ringkasan
    assert _latest(h) == {}  # nothing saved before Kirim

    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    [hasil] = h.api.since(i, "editMessageText")
    [foto] = h.api.since(i, "sendPhoto")
    assert next(iter(foto.files.values())).startswith(b"\x89PNG")
    teks = hasil.params["text"]

    saved = _latest(h)[1]
    assert saved.revisi == 1 and saved.saluran == Saluran.BOT  # type: ignore[attr-defined]
    assert saved.realisasi_anggaran == D(250_000_000)  # type: ignore[attr-defined]
    assert dict(saved.volume_output) == {1: D(1)}  # type: ignore[attr-defined]
    assert saved.tindak_lanjut == "Rapat evaluasi dengan bidang teknis"  # type: ignore[attr-defined]
    # the revision's author as the dashboard shows it: the pejabat's name and NIP (docs/audit.md)
    assert saved.dibuat_oleh == f"Kasubid Evaluasi (contoh) ({NIP_KASUBAG})"  # type: ignore[attr-defined]
    # the same numbers through the core engine (a second, identical revision)
    engine = services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput("SK-K1", TAHUN, 1, D(3), D(250_000_000)),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.CLI,
        now=h.clock(),
    )
    for c in (
        engine.bulan.capaian_kinerja,
        engine.bulan.capaian_anggaran,
        engine.kumulatif.capaian_kinerja,
        engine.kumulatif.capaian_anggaran,
    ):
        assert capaian_teks(c) in teks
    # Pergub 17/2023 Lampiran II worked example: 100,00 and 70,63
    assert "Kinerja: 100,00% (Sangat Tinggi)" in teks
    assert "Anggaran: 70,63% (Sedang)" in teks
    # the summary message became the record of what was sent, followed by the result
    assert teks.startswith("Laporan yang dikirim:\nSub kegiatan: ") and h.api.keyboard(hasil) == []
    assert "Realisasi bobot fisik: 3% (target 3%)" in teks and "Tekan Kirim" not in teks


async def test_bad_numbers_are_asked_again_and_nothing_is_saved(harness: BotHarness) -> None:
    h = harness
    await _sampai_bobot(h)
    cases = {
        "12.5": "ambigu",
        "12,5 persen": "bukan angka",
        "abc": "bukan angka",
        "-3": "tidak boleh negatif",
        "😀": "bukan angka",
        "101": "lebih dari 100",
    }
    for text, pesan in cases.items():
        [r] = await h.say(U, text)
        assert pesan in r.params["text"], (text, r.params["text"])
        assert "Berapa realisasi bobot fisik" in r.params["text"]
    [r] = await h.photo(U)
    assert (
        texts.BUKAN_TEKS in r.params["text"] and "Berapa realisasi bobot fisik" in r.params["text"]
    )
    [r] = await h.say(U, "12,5")
    assert "Output 1 dari 1" in r.params["text"]
    [r] = await h.say(U, "1 dokumen")  # not this output's satuan (Notulen): refused, asked again
    assert "bukan angka" in r.params["text"] and "Output 1 dari 1" in r.params["text"]
    [r] = await h.say(U, "1")
    assert "Berapa realisasi anggaran" in r.params["text"]
    for text, pesan in {
        "250 kuda": "bukan angka",
        "1,5 M": "bukan angka",  # "M" is not guessed: only the written-out scale words
        "1.824.205.000.000.000.000": "terlalu besar",
        "1.5": "ambigu",
    }.items():
        [r] = await h.say(U, text)
        assert pesan in r.params["text"], (text, r.params["text"])
        assert "Berapa realisasi anggaran" in r.params["text"]
    assert _latest(h) == {}
    [r] = await h.say(U, "/batal")
    assert r.params["text"] == texts.DIBATALKAN
    [r] = await h.say(U, "3")
    assert r.params["text"] == texts.TIDAK_DIKENALI
    assert _latest(h) == {}


async def test_revision_shows_previous_values(harness: BotHarness) -> None:
    h = harness
    services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput("SK-K1", TAHUN, 1, D(2), D(100_000_000), kendala="Hujan deras"),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.DASHBOARD,
        now=h.clock(),
    )
    tanya = await _sampai_bobot(h)
    assert "sudah pernah dikirim (revisi 1)" in tanya
    assert "bobot 2%" in tanya and "Rp 100.000.000" in tanya and "Hujan deras" in tanya
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    assert "(revisi 2)" in h.api.since(i, "editMessageText")[0].params["text"]
    with h.uow_factory() as uow:
        history = uow.repo.realisasi_history(TAHUN, "SK-K1", 1)
    assert [r.revisi for r in history] == [1, 2] or [r.revisi for r in history] == [2, 1]


async def test_submit_error_is_shown_and_can_be_fixed(harness: BotHarness) -> None:
    h = harness
    # February already holds 98 of the year's bobot: January 3 would make 101
    services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput("SK-K1", TAHUN, 2, D(98), D(0)),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.DASHBOARD,
        now=h.clock(),
    )
    await _sampai_bobot(h)
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    mid, data = h.button(texts.KIRIM)
    [r] = await h.press(U, mid, data, expect="editMessageText")
    assert "belum tersimpan" in r.params["text"] and "melebihi 100" in r.params["text"]
    assert "Berapa realisasi bobot fisik" in r.params["text"]
    assert 1 not in _latest(h)
    await _isi_sampai_ringkasan(h, "2", "250.000.000")
    mid, data = h.button(texts.KIRIM)
    await h.press(U, mid, data, expect="sendPhoto")
    assert _latest(h)[1].realisasi_bobot == D(2)  # type: ignore[attr-defined]


async def test_someone_elses_sub_kegiatan_is_refused(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    await h.say(U, "/lapor")
    mid, data = h.button("SK-K1 ")
    sesi = data.split("|")[1]
    i = len(h.api.calls)
    [ans] = await h.press(U, mid, cb(sesi, "sk", SK_LAIN))
    assert ans.params["text"] == texts.BUKAN_MILIK
    assert [c.method for c in h.api.since(i)] == ["answerCallbackQuery"]
    # the conversation is still at the list: my own choice works
    [bulan] = await h.press(U, mid, data, expect="editMessageText")
    assert "SK-K1" in bulan.params["text"]


async def test_restart_in_the_middle_of_lapor_resumes(harness: BotHarness) -> None:
    h = harness
    await _sampai_bobot(h)
    [q] = await h.say(U, "3")
    assert "Output 1 dari 1" in q.params["text"]
    await h.restart()  # a new Application on the same database
    [q] = await h.say(U, "1")
    assert "Berapa realisasi anggaran" in q.params["text"]
    await h.restart()
    [q] = await h.say(U, "250 juta")  # the way amounts are often written
    assert q.params["text"] == texts.TANYA_KENDALA
    mid, data = h.button(texts.TIDAK_ADA)
    await h.press(U, mid, data, expect="editMessageText")
    await h.say(U, "-")
    mid, data = h.button(texts.LEWATI)
    [ringkasan] = await h.press(U, mid, data, expect="editMessageText")
    assert "Realisasi bobot fisik: 3%" in ringkasan.params["text"]
    assert "Realisasi anggaran: Rp 250.000.000" in ringkasan.params["text"]
    mid, data = h.button(texts.KIRIM)
    await h.press(U, mid, data, expect="sendPhoto")
    assert _latest(h)[1].realisasi_bobot == D(3)  # type: ignore[attr-defined]
    assert _latest(h)[1].realisasi_anggaran == D(250_000_000)  # type: ignore[attr-defined]


async def test_expired_buttons_are_answered_and_do_nothing(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    await h.say(U, "/lapor")
    old_mid, old_data = h.button("SK-K1 ")
    await h.say(U, "/lapor")  # a new /lapor: the first list is old now
    i = len(h.api.calls)
    [ans] = await h.press(U, old_mid, old_data)
    assert ans.params["text"] == texts.TOMBOL_KEDALUWARSA
    assert [c.method for c in h.api.since(i)] == ["answerCallbackQuery"]
    await h.say(U, "/batal")
    i = len(h.api.calls)
    [ans] = await h.press(U, old_mid, old_data)
    assert ans.params["text"] == texts.TOMBOL_KEDALUWARSA
    assert [c.method for c in h.api.since(i)] == ["answerCallbackQuery"]


async def test_late_report_is_accepted_and_marked(harness: BotHarness) -> None:
    h = harness
    h.clock.now = datetime(2026, 2, 20, 3, 0, tzinfo=UTC)  # January's deadline has passed
    link(h.uow_factory, NIP_KASUBAG, U, h.clock)
    await h.say(U, "/lapor")
    mid, data = h.button("SK-K1 ")
    [bulan] = await h.press(U, mid, data, expect="editMessageText")
    assert "Februari 2026" in bulan.params["text"]  # the default is now February
    labels = [b["text"] for row in h.api.keyboard(bulan) for b in row]
    assert "• Feb" in labels and "Mar" not in labels  # no month that has not started
    mid, data = h.button("Jan", method="editMessageText")
    await h.press(U, mid, data, expect="editMessageText")
    await _isi_sampai_ringkasan(h, "3", "250.000.000")
    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    assert "melewati tenggat" in h.api.since(i, "editMessageText")[0].params["text"]
    assert _latest(h)[1].terlambat  # type: ignore[attr-defined]


async def test_typed_tidak_ada_is_no_kendala(harness: BotHarness) -> None:
    """ "Tidak ada." or "-" typed instead of pressed: no kendala to escalate, as with the button."""
    h = harness
    await _sampai_bobot(h)
    await h.say(U, "3")
    await h.say(U, "1")
    [q] = await h.say(U, "250.000.000")
    assert q.params["text"] == texts.TANYA_KENDALA
    [q] = await h.say(U, "Tidak ada.")
    assert q.params["text"] == texts.KENDALA_TIDAK_ADA + "\n\n" + texts.TANYA_TINDAK_LANJUT
    [q] = await h.say(U, "-")
    assert q.params["text"] == texts.TINDAK_LANJUT_TIDAK_ADA + "\n\n" + texts.TANYA_BUKTI.format(
        maks=10
    )
    mid, data = h.button(texts.LEWATI)
    [ringkasan] = await h.press(U, mid, data, expect="editMessageText")
    assert "Kendala: Tidak ada" in ringkasan.params["text"]
    mid, data = h.button(texts.KIRIM)
    i = len(h.api.calls)
    await h.press(U, mid, data, expect="sendPhoto")
    [hasil] = h.api.since(i, "editMessageText")
    assert h.api.keyboard(hasil) == []  # no "Teruskan kendala ke Bappeda"
    saved = _latest(h)[1]
    assert saved.kendala is None and saved.tindak_lanjut is None  # type: ignore[attr-defined]
