"""/lapor_indikator end to end (issue 4 item 4): the real PTB Application over HTTP against the fake
Bot API, on SQLite and PostgreSQL. Quarterly indicator realisasi: Pergub 17/2023 Pasal 15(3) huruf b;
capaian per Lampiran II (realisasi / target × 100) rated by Tabel B.2 (Pergub 42/2018 Lampiran)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from bot import texts
from bot.conversations.lapor_indikator import capaian_teks, cb
from core import services
from core.capaian import ALASAN_TARGET_KOSONG, ALASAN_TARGET_NOL, Arah, hitung_capaian
from core.cascade import Indikator, Saluran
from core.ports import RealisasiIndikator
from tests.bot.conftest import USER_KABID, USER_KASUBAG, BotHarness, link
from tests.factories import NIP_KABID, NIP_KASUBAG, NIP_KEPALA, TAHUN, lampiran_ii_cascade

D = Decimal
U = USER_KABID
USER_KEPALA = 5003


def _id(h: BotHarness, node_kode: str, urutan: int) -> int:
    with h.uow_factory() as uow:
        [ref] = [i for i in uow.repo.list_indikator(TAHUN, node_kode) if i.urutan == urutan]
    return ref.id


def _terkini(h: BotHarness, node_kode: str, urutan: int, periode: str = "2026-Q1"):
    i = _id(h, node_kode, urutan)
    with h.uow_factory() as uow:
        return uow.repo.latest_realisasi_indikator([i], periode).get(i)


async def _sampai_nilai(h: BotHarness, label: str, tw: str = "• Tw I", user: int = U) -> str:
    """/lapor_indikator, the indicator whose button contains ``label``, the quarter: the question."""
    [menu] = await h.say(user, "/lapor_indikator")
    assert "halaman 1/" in menu.params["text"]
    mid, data = h.button(label)
    [pilih_tw] = await h.press(user, mid, data, expect="editMessageText")
    assert "Triwulan I 2026 (tenggat Selasa, 21 April 2026)" in pilih_tw.params["text"]
    mid, data = h.button(tw, method="editMessageText")
    [tanya] = await h.press(user, mid, data, expect="sendMessage")
    return str(tanya.params["text"])


async def _isi_sampai_ringkasan(h: BotHarness, nilai: str, user: int = U) -> str:
    [q] = await h.say(user, nilai)
    assert q.params["text"] == texts.LI_TANYA_KENDALA
    mid, data = h.button(texts.TIDAK_ADA)
    [q] = await h.press(user, mid, data, expect="sendMessage")
    assert q.params["text"] == texts.TANYA_TINDAK_LANJUT
    [ringkasan] = await h.say(user, "Koordinasi dengan bidang teknis")
    return str(ringkasan.params["text"])


async def _kirim(h: BotHarness, user: int = U) -> str:
    mid, data = h.button(texts.KIRIM)
    [hasil] = await h.press(user, mid, data, expect="sendMessage")
    return str(hasil.params["text"])


async def test_full_path_capaian_matches_the_engine(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, U, h.clock)
    tanya = await _sampai_nilai(h, "S1 Indikator Sasaran A")
    assert "Target tahunan: 2,5 persen (semakin tinggi semakin baik)" in tanya
    assert "Sasaran PD S1" in tanya
    assert "Berapa realisasi nilai indikator Triwulan I 2026 (persen)" in tanya
    assert "sudah pernah dikirim" not in tanya
    ringkasan = await _isi_sampai_ringkasan(h, "2,1")
    assert "Realisasi: 2,1 persen" in ringkasan and "Kendala: Tidak ada" in ringkasan
    assert _terkini(h, "S1", 1) is None  # nothing saved before Kirim
    teks = await _kirim(h)

    saved = _terkini(h, "S1", 1)
    assert isinstance(saved, RealisasiIndikator)
    assert (saved.revisi, saved.nilai, saved.saluran, saved.terlambat) == (
        1,
        D("2.1"),
        Saluran.BOT,
        False,
    )
    assert (saved.kendala, saved.tindak_lanjut) == (None, "Koordinasi dengan bidang teknis")
    assert saved.dibuat_oleh == "Kabid Pengendalian (contoh)"
    # the same capaian through core.capaian: 2,1 / 2,5 × 100 = 84,00, Tabel B.2 "Tinggi"
    engine = hitung_capaian(D("2.1"), D("2.5"), Arah.NAIK)
    assert f"Capaian: {capaian_teks(engine)}" in teks
    assert "Capaian: 84,00% (Tinggi)" in teks
    # no Tw I target for this indicator: against the annual target, and the reply says so
    assert "Target Triwulan I: belum ditetapkan" in tanya
    assert "Realisasi: 2,1 persen (target tahunan 2,5 persen)" in teks
    assert "Capaian: 84,00% (Tinggi) terhadap target tahunan" in teks
    assert "Target Tw I indikator ini belum ditetapkan" in teks
    assert "(revisi 1)" in teks and "melewati tenggat" not in teks
    [r] = await h.say(U, "2")  # the conversation has ended
    assert r.params["text"] == texts.TIDAK_DIKENALI


async def test_revision_shows_the_previous_value(harness: BotHarness) -> None:
    h = harness
    services.submit_realisasi_indikator(
        h.uow_factory(),
        tahun=TAHUN,
        node_kode="PB",
        urutan=1,
        periode="2026-Q1",
        nilai=D("40"),
        kendala="Data belum lengkap",
        oleh_nip=NIP_KABID,
        saluran=Saluran.DASHBOARD,
        now=h.clock(),
    )
    link(h.uow_factory, NIP_KABID, U, h.clock)
    tanya = await _sampai_nilai(h, "PB Indikator Program PB")
    assert "sudah pernah dikirim (revisi 1): nilai 40 persen" in tanya
    assert "Data belum lengkap" in tanya
    await _isi_sampai_ringkasan(h, "45,5")
    teks = await _kirim(h)
    assert "(revisi 2)" in teks and "Nilai sebelumnya: 40 persen (revisi 1)" in teks
    assert "Capaian: 45,50% (Sangat Rendah)" in teks  # 45,5 / 100 × 100
    saved = _terkini(h, "PB", 1)
    assert saved is not None and (saved.revisi, saved.nilai) == (2, D("45.5"))


async def test_bad_numbers_are_asked_again_and_nothing_is_saved(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, U, h.clock)
    await _sampai_nilai(h, "PC Indikator Program PC")
    for text, pesan in {
        "12.5": "ambigu",
        "abc": "bukan angka",
        "-3": "tidak boleh negatif",
        "😀": "bukan angka",
        "1.824.205.000.000.000.000": "terlalu besar",
        "12,5 dokumen": "bukan angka",  # not the indicator's satuan
    }.items():
        [r] = await h.say(U, text)
        assert pesan in r.params["text"], (text, r.params["text"])
        assert "Berapa realisasi nilai indikator" in r.params["text"]
    [r] = await h.photo(U)
    assert texts.BUKAN_TEKS in r.params["text"]
    ringkasan = await _isi_sampai_ringkasan(h, "12,5 Persen")  # its own satuan may follow
    mid, data = h.button(texts.UBAH)
    [r] = await h.press(U, mid, data, expect="sendMessage")
    assert "Berapa realisasi nilai indikator" in r.params["text"]
    [r] = await h.say(U, "/batal")
    assert r.params["text"] == texts.DIBATALKAN
    assert "Realisasi: 12,5 persen" in ringkasan
    assert _terkini(h, "PC", 1) is None


async def test_someone_elses_indicator_is_refused(harness: BotHarness) -> None:
    h = harness
    # an indicator of S1 without its own penanggung jawab: it is the Kepala's (S1's penanggung jawab)
    s1 = next(n for n in lampiran_ii_cascade() if n.kode == "S1")
    lain = Indikator("Indikator Sasaran Kepala", "persen", D(10))
    services.save_cascade(h.uow_factory(), TAHUN, [replace(s1, indikator=(*s1.indikator, lain))])
    id_lain = _id(h, "S1", 3)
    link(h.uow_factory, NIP_KABID, U, h.clock)
    [menu] = await h.say(U, "/lapor_indikator")
    assert "Indikator Sasaran Kepala" not in str(h.api.keyboard(menu))
    mid, data = h.button("PA Indikator Program A")
    sesi = data.split("|")[1]
    i = len(h.api.calls)
    [ans] = await h.press(U, mid, cb(sesi, "ind", str(id_lain)))
    assert ans.params["text"] == texts.LI_BUKAN_MILIK
    assert [c.method for c in h.api.since(i)] == ["answerCallbackQuery"]
    # still at the list: my own indicator works
    [pilih] = await h.press(U, mid, data, expect="editMessageText")
    assert "Indikator Program A" in pilih.params["text"]
    # an official without indicators is told so
    link(h.uow_factory, NIP_KASUBAG, USER_KASUBAG, h.clock)
    [r] = await h.say(USER_KASUBAG, "/lapor_indikator")
    assert r.params["text"] == texts.LI_TIDAK_ADA.format(tahun=TAHUN)
    # the Kepala reports it
    link(h.uow_factory, NIP_KEPALA, USER_KEPALA, h.clock)
    await _sampai_nilai(h, "S1 Indikator Sasaran Kepala", user=USER_KEPALA)
    await _isi_sampai_ringkasan(h, "9", user=USER_KEPALA)
    teks = await _kirim(h, user=USER_KEPALA)
    assert "Capaian: 90,00% (Tinggi)" in teks  # 90 is in the gap 90 < x < 91: Tinggi (Tabel B.2)
    saved = _terkini(h, "S1", 3)
    assert saved is not None and saved.dibuat_oleh == "Kepala Bappeda (contoh)"


async def test_capaian_against_the_quarter_target(harness: BotHarness) -> None:
    """Pergub 17/2023 Lampiran II, Laporan Kinerja Program Triwulanan kolom 11 = kolom 9 / kolom 7
    (kolom 7: the quarter's target): annual 100, Tw I 25, realisasi 25 -> 100,00 Sangat Tinggi, not
    25,00 against the annual target; the reply names the target it is measured against."""
    h = harness
    pe = next(n for n in lampiran_ii_cascade() if n.kode == "PE")
    tw = (D(25), D(25), D(25), D(25))
    services.save_cascade(
        h.uow_factory(),
        TAHUN,
        [replace(pe, indikator=(replace(pe.indikator[0], target_triwulan=tw),))],
    )
    link(h.uow_factory, NIP_KABID, U, h.clock)
    tanya = await _sampai_nilai(h, "PE Indikator Program PE")
    assert "Target tahunan: 100 persen" in tanya
    assert "Target Triwulan I: 25 persen" in tanya
    await _isi_sampai_ringkasan(h, "25")
    teks = await _kirim(h)
    assert "Realisasi: 25 persen (target Tw I 25 persen)" in teks
    assert "Capaian: 100,00% (Sangat Tinggi) terhadap target Tw I" in teks
    assert "belum ditetapkan" not in teks
    engine = hitung_capaian(D(25), D(25), Arah.NAIK)
    assert f"Capaian: {capaian_teks(engine)}" in teks


async def test_zero_or_missing_target_gives_no_capaian(harness: BotHarness) -> None:
    """Lampiran II capaian needs a target: a zero or missing one gives its reason, never 0 %."""
    h = harness
    pe = next(n for n in lampiran_ii_cascade() if n.kode == "PE")
    nol = Indikator("Indikator target nol", "dokumen", D(0), penanggung_jawab_nip=NIP_KABID)
    kosong = Indikator("Indikator tanpa target", "dokumen", None, penanggung_jawab_nip=NIP_KABID)
    services.save_cascade(
        h.uow_factory(), TAHUN, [replace(pe, indikator=(*pe.indikator, nol, kosong))]
    )
    link(h.uow_factory, NIP_KABID, U, h.clock)
    for label, alasan in [
        ("PE Indikator target nol", ALASAN_TARGET_NOL),
        ("PE Indikator tanpa target", ALASAN_TARGET_KOSONG),
    ]:
        [menu] = await h.say(U, "/lapor_indikator")
        assert "halaman 1/2" in menu.params["text"]  # 11 indicators, 8 per page
        mid, data = h.button("Berikutnya")
        await h.press(U, mid, data, expect="editMessageText")
        mid, data = h.button(label, method="editMessageText")
        [pilih] = await h.press(U, mid, data, expect="editMessageText")
        mid, data = h.button("• Tw I", method="editMessageText")
        await h.press(U, mid, data, expect="sendMessage")
        await _isi_sampai_ringkasan(h, "3")
        teks = await _kirim(h)
        assert f"Capaian: {alasan}" in teks
        assert "0,00%" not in teks


async def test_li_mulai_button_and_a_late_quarter(harness: BotHarness) -> None:
    h = harness
    h.clock.now = datetime(2026, 4, 24, 3, 0, tzinfo=UTC)  # Tw I was due on 21 April 2026
    link(h.uow_factory, NIP_KABID, U, h.clock)
    await h.say(U, "/bantuan")
    mid = h.last_message_id()
    i = len(h.api.calls)
    [menu] = await h.press(U, mid, "li:mulai", expect="sendMessage")
    assert "Silakan pilih indikator" in menu.params["text"]
    assert h.api.since(i, "answerCallbackQuery")
    mid, data = h.button("PD Indikator Program PD")
    [pilih] = await h.press(U, mid, data, expect="editMessageText")
    assert "Triwulan II 2026" in pilih.params["text"]  # the next deadline is now Tw II's
    labels = [b["text"] for row in h.api.keyboard(pilih) for b in row]
    assert labels[:2] == ["Tw I", "• Tw II"] and "Tw III" not in labels
    mid, data = h.button("Tw I", method="editMessageText")
    await h.press(U, mid, data, expect="sendMessage")
    await _isi_sampai_ringkasan(h, "100")
    teks = await _kirim(h)
    assert "melewati tenggat Selasa, 21 April 2026" in teks
    assert "Capaian: 100,00% (Sangat Tinggi)" in teks
    saved = _terkini(h, "PD", 1)
    assert saved is not None and saved.terlambat


async def test_restart_in_the_middle_resumes(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, U, h.clock)
    await _sampai_nilai(h, "PA Indikator Program B")
    [q] = await h.say(U, "2,5")
    assert q.params["text"] == texts.LI_TANYA_KENDALA
    await h.restart()  # a new Application on the same database
    [q] = await h.say(U, "Cuaca")
    assert q.params["text"] == texts.TANYA_TINDAK_LANJUT
    mid, data = h.button(texts.TIDAK_ADA)
    [ringkasan] = await h.press(U, mid, data, expect="sendMessage")
    assert "Realisasi: 2,5 persen" in ringkasan.params["text"]
    teks = await _kirim(h)
    assert "Capaian: 83,33% (Tinggi)" in teks  # 2,5 / 3 × 100 (Indikator Program B's target is 3)
    saved = _terkini(h, "PA", 2)
    assert saved is not None and (saved.nilai, saved.kendala) == (D("2.5"), "Cuaca")


async def test_indicator_handed_over_before_kirim_is_not_saved(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, U, h.clock)
    await _sampai_nilai(h, "PE Indikator Program PE")
    await _isi_sampai_ringkasan(h, "50")
    # meanwhile the indicator is given to the Kepala
    pe = next(n for n in lampiran_ii_cascade() if n.kode == "PE")
    [ind] = pe.indikator
    diserahkan = replace(ind, penanggung_jawab_nip=NIP_KEPALA)
    services.save_cascade(h.uow_factory(), TAHUN, [replace(pe, indikator=(diserahkan,))])
    teks = await _kirim(h)
    assert teks == texts.LI_BUKAN_MILIK
    assert _terkini(h, "PE", 1) is None


async def test_typed_nihil_is_no_kendala(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, U, h.clock)
    await _sampai_nilai(h, "PC Indikator Program PC")
    [q] = await h.say(U, "12,5")
    assert q.params["text"] == texts.LI_TANYA_KENDALA
    [q] = await h.say(U, "Nihil")
    assert q.params["text"] == texts.KENDALA_TIDAK_ADA + "\n\n" + texts.TANYA_TINDAK_LANJUT
    [ringkasan] = await h.say(U, "Koordinasi dengan bidang teknis")
    assert "Kendala: Tidak ada" in ringkasan.params["text"]
