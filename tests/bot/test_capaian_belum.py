"""/capaian and /belum end to end (issue 4 item 4): the real PTB Application over HTTP against the fake
Bot API, on SQLite and PostgreSQL. Figures: Pergub 17/2023 Lampiran II roll-up (checked against
services.build_capaian_tree), rated by Tabel B.2 (Pergub 42/2018 Lampiran)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bot import texts
from bot.capaian import capaian_teks
from core import services
from core.cascade import Saluran
from core.periode import Periode
from core.realisasi import RealisasiInput
from core.rollup import HasilSimpul
from tests.bot.conftest import SK_LAIN, USER_KABID, USER_KASUBAG, BotHarness, link
from tests.factories import NIP_KABID, NIP_KASUBAG, NIP_KEPALA, TAHUN

D = Decimal
USER_KEPALA = 5003


def _lapor(h: BotHarness, kode: str, bulan: int, bobot: str, anggaran: str) -> None:
    services.submit_realisasi(
        h.uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(bobot), D(anggaran)),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.DASHBOARD,
        now=h.clock(),
    )


def _lapor_indikator(h: BotHarness, node_kode: str, urutan: int) -> None:
    services.submit_realisasi_indikator(
        h.uow_factory(),
        tahun=TAHUN,
        node_kode=node_kode,
        urutan=urutan,
        periode="2026-Q1",
        nilai=D(1),
        oleh_nip=NIP_KABID,
        saluran=Saluran.DASHBOARD,
        now=h.clock(),
    )


def _blok(h: HasilSimpul, bulan_ini: HasilSimpul, label: str) -> str:
    """The unit block /capaian must show for a node, from the engine's own trees."""
    return texts.CAPAIAN_UNIT.format(
        nama=f"{h.kode} {h.nama}",
        bulan=label,
        kinerja_bulan=capaian_teks(bulan_ini.capaian_kinerja),
        anggaran_bulan=capaian_teks(bulan_ini.capaian_anggaran),
        kinerja_kumulatif=capaian_teks(h.capaian_kinerja),
        anggaran_kumulatif=capaian_teks(h.capaian_anggaran),
    )


def _trees(h: BotHarness, bulan: int) -> tuple[dict[str, HasilSimpul], dict[str, HasilSimpul]]:
    tb = services.build_capaian_tree(h.uow_factory(), TAHUN, Periode.bulanan(TAHUN, bulan))
    tk = services.build_capaian_tree(h.uow_factory(), TAHUN, Periode.kumulatif(TAHUN, bulan))
    return tb.indeks(), tk.indeks()


async def _capaian(h: BotHarness, user: int, text: str = "/capaian") -> tuple[str, bytes]:
    i = len(h.api.calls)
    await h.say(user, text, expect="sendPhoto")
    teks = "\n".join(c.params["text"] for c in h.api.since(i, "sendMessage"))
    [foto] = h.api.since(i, "sendPhoto")
    png = next(iter(foto.files.values()))
    return teks, png


async def test_capaian_of_a_kasubag_shows_their_sub_kegiatan(harness: BotHarness) -> None:
    h = harness
    _lapor(h, "SK-K1", 1, "3", "250000000")
    _lapor(h, "SK-K1", 2, "15", "150000000")
    link(h.uow_factory, NIP_KASUBAG, USER_KASUBAG, h.clock)
    teks, png = await _capaian(h, USER_KASUBAG, "/capaian 2026-02")
    assert png.startswith(b"\x89PNG")
    assert "Bulan Februari 2026" in teks
    bulan, kumulatif = _trees(h, 2)
    blok = _blok(kumulatif["SK-K1"], bulan["SK-K1"], "Februari 2026")
    assert blok in teks
    # February: 15 / 18,95 = 79,16 (Tinggi); s.d. February: 18 / 21,95 = 82,00 (Tinggi)
    assert "Februari 2026: kinerja 79,16% (Tinggi)" in blok
    assert "s.d. Februari 2026: kinerja 82,00% (Tinggi)" in blok
    # all eleven of my sub kegiatan, nobody else's
    for kode in ["SK-K1", "SK-K7", "SK-K1-5"]:
        assert f"\n{kode} Sub Kegiatan {kode}\n" in f"\n{teks}"
    assert SK_LAIN not in teks


async def test_capaian_of_a_kabid_default_month_and_chart(harness: BotHarness) -> None:
    h = harness
    _lapor(h, "SK-K1", 1, "3", "250000000")
    _lapor(h, "SK-K1", 2, "15", "150000000")
    _lapor(h, SK_LAIN, 2, "10", "100000000")
    h.clock.now = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # February's deadline (6 March) has passed
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    teks, png = await _capaian(h, USER_KABID)
    assert png.startswith(b"\x89PNG")
    assert "Bulan Februari 2026" in teks
    bulan, kumulatif = _trees(h, 2)
    for kode in ["PA", "PB", "PC", "PD", "PE"]:
        assert _blok(kumulatif[kode], bulan[kode], "Februari 2026") in teks
    # the kegiatan under the Kabid's programs are shown under them, not as units of their own
    # PA's indicators (Lampiran II Program Triwulanan) with the kegiatan that form them
    assert (
        "  Rincian s.d. Februari 2026:\n   - Indikator Program A: kinerja 55,97% (Rendah)" in teks
    )
    k1 = kumulatif["K1"]
    assert (
        "      - K1 Kegiatan K1: kinerja "
        f"{capaian_teks(k1.capaian_kinerja)}; anggaran {capaian_teks(k1.capaian_anggaran)}"
    ) in teks
    assert "\nK1 Kegiatan K1\n" not in teks
    # the Kepala PD sees the PD with its sasaran
    link(h.uow_factory, NIP_KEPALA, USER_KEPALA, h.clock)
    teks, _ = await _capaian(h, USER_KEPALA, "/capaian 2026-02")
    pd = kumulatif["4.01.0.00.0.00.01.0000"]
    assert "Badan Perencanaan Pembangunan Daerah\n• Februari 2026: kinerja " in teks
    assert "   - S1 Sasaran PD S1: kinerja " + capaian_teks(pd.anak[0].capaian_kinerja) in teks


async def test_capaian_bad_argument_and_no_units(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KASUBAG, USER_KASUBAG, h.clock)
    for arg in ["/capaian Maret", "/capaian 2026-Q1", "/capaian 2026-13"]:
        [r] = await h.say(USER_KASUBAG, arg)
        assert r.params["text"] == texts.CAPAIAN_FORMAT, arg
    # on 3 Feb 2026 the latest closed month is December 2025: no cascade for 2025 here
    [r] = await h.say(USER_KASUBAG, "/capaian")
    assert r.params["text"] == texts.CAPAIAN_KOSONG.format(tahun=2025)


async def test_belum_lists_exactly_the_subordinates_who_have_not_reported(
    harness: BotHarness,
) -> None:
    """Pergub 17/2023 Pasal 15(4): January 2026 is open on 3 Feb 2026 (due 6 Feb); Pasal 15(3)
    huruf b: Tw I 2026 (due 21 Apr)."""
    h = harness
    link(h.uow_factory, NIP_KEPALA, USER_KEPALA, h.clock)
    # the Kabid reports the sub kegiatan (SK-LAIN) and every indicator but one
    _lapor(h, SK_LAIN, 1, "3", "100000000")
    for kode, urutan in [("PA", 1), ("PA", 2), ("PB", 1), ("PC", 1), ("PD", 1), ("PE", 1)]:
        _lapor_indikator(h, kode, urutan)
    _lapor_indikator(h, "S1", 1)
    _lapor_indikator(h, "S1", 2)
    [r] = await h.say(USER_KEPALA, "/belum")
    teks = r.params["text"]
    assert "(2 dari 2 orang)" in teks
    assert "Januari 2026, tenggat Jumat, 6 Februari 2026" in teks
    assert "Triwulan I 2026, tenggat Selasa, 21 April 2026" in teks
    blok = {b.splitlines()[0]: b.splitlines() for b in teks.split("\n\n")[1:]}
    assert len(blok) == 2
    kasubag = "\n".join(blok["Kasubid Evaluasi (contoh) - Kepala Sub Bidang"])
    kabid = "\n".join(blok["Kabid Pengendalian (contoh) - Kepala Bidang"])
    # only SK-K1 has a January plan among the Kasubag's sub kegiatan
    assert kasubag.splitlines() == [
        "Kasubid Evaluasi (contoh) - Kepala Sub Bidang",
        "   Sub kegiatan Januari 2026:",
        "   • SK-K1 Sub Kegiatan SK-K1",
    ]
    assert kabid.splitlines() == [
        "Kabid Pengendalian (contoh) - Kepala Bidang",
        "   Indikator Triwulan I 2026:",
        "   • T1 Indeks Pembangunan Manusia",
    ]
    # the last ones report: everybody has
    _lapor_indikator(h, "T1", 1)
    _lapor(h, "SK-K1", 1, "3", "250000000")
    [r] = await h.say(USER_KEPALA, "/belum")
    assert r.params["text"] == texts.BELUM_SEMUA_SUDAH.format(
        jumlah=2, bulan="Januari 2026", triwulan="Triwulan I 2026"
    )
    # an official without subordinates
    link(h.uow_factory, NIP_KASUBAG, USER_KASUBAG, h.clock)
    [r] = await h.say(USER_KASUBAG, "/belum")
    assert r.params["text"] == texts.BELUM_TANPA_BAWAHAN


async def test_belum_of_a_kabid_lists_only_their_chain(harness: BotHarness) -> None:
    h = harness
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    [r] = await h.say(USER_KABID, "/belum")
    teks = r.params["text"]
    assert "(1 dari 1 orang)" in teks
    assert "Kasubid Evaluasi (contoh)" in teks and "Kabid Pengendalian" not in teks


async def test_commands_are_registered_and_explained(harness: BotHarness) -> None:
    h = harness
    calls = await h.api.wait_for("setMyCommands")
    commands = {c["command"]: c["description"] for c in calls[-1].params["commands"]}
    assert {"lapor_indikator", "capaian", "belum"} <= set(commands)
    link(h.uow_factory, NIP_KABID, USER_KABID, h.clock)
    [r] = await h.say(USER_KABID, "/bantuan")
    for cmd in ("/lapor_indikator", "/capaian", "/belum"):
        assert cmd in r.params["text"]
