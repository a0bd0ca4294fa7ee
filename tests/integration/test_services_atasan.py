"""Use cases for Kabid and Kepala PD (issue 4, item 4) over SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from core import services
from core import services_atasan as atasan
from core.cascade import Indikator, Pejabat, Saluran, Tingkat
from core.errors import TidakDitemukan
from core.periode import Periode
from core.realisasi import RealisasiInput
from core.rollup import HasilSimpul
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KABID,
    NIP_KASUBAG,
    NIP_KEPALA,
    PD,
    TAHUN,
    lampiran_ii_cascade,
    node,
    ropp_q1,
    seed_master,
)

D = Decimal


@pytest.fixture
def seeded(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    return uow_factory


def _indikator(uow_factory, nip):
    with uow_factory() as uow:
        return uow.repo.indikator_pejabat(TAHUN, nip)


def test_indikator_pejabat_own_indicators_only(seeded):
    """Pergub 17/2023 Pasal 15(3): program and sasaran indicators are reported by who answers for them."""
    mine = _indikator(seeded, NIP_KABID)
    # every indicator of the Lampiran II example names the Kabid as its penanggung jawab
    assert [(i.node_kode, i.urutan) for i in mine] == [
        ("PA", 1),
        ("PA", 2),
        ("PB", 1),
        ("PC", 1),
        ("PD", 1),
        ("PE", 1),
        ("S1", 1),
        ("S1", 2),
        ("T1", 1),
    ]
    s1a = next(i for i in mine if i.node_kode == "S1")
    assert (s1a.tingkat, s1a.uraian, s1a.satuan, s1a.target_tahunan, s1a.arah) == (
        "sasaran_pd",
        "Indikator Sasaran A",
        "persen",
        D("2.5"),
        "naik",
    )
    # the Kepala is penanggung jawab of S1, but its indicators name the Kabid: nothing for him
    assert _indikator(seeded, NIP_KEPALA) == []
    # sub kegiatan and kegiatan carry no quarterly indicator value
    assert _indikator(seeded, NIP_KASUBAG) == []
    assert _indikator(seeded, "999900000000000099") == []
    assert _indikator(seeded, NIP_KABID) == mine
    with seeded() as uow:
        assert uow.repo.indikator_pejabat(TAHUN + 1, NIP_KABID) == []


def test_indikator_pejabat_falls_back_to_node_penanggung_jawab(seeded):
    """An indicator without its own penanggung jawab belongs to its node's (Pergub 42/2018 Pasal 12)."""
    nodes = {n.kode: n for n in lampiran_ii_cascade()}
    s1 = nodes["S1"]
    tanpa_pj = Indikator("Indikator Sasaran C", "persen", D("10"))
    services.save_cascade(seeded(), TAHUN, [replace(s1, indikator=(*s1.indikator, tanpa_pj))])
    mine = _indikator(seeded, NIP_KEPALA)
    assert [(i.node_kode, i.urutan, i.uraian, i.tingkat) for i in mine] == [
        ("S1", 3, "Indikator Sasaran C", Tingkat.SASARAN_PD.value)
    ]
    assert "Indikator Sasaran C" not in [i.uraian for i in _indikator(seeded, NIP_KABID)]


# ---------------------------------------------------------------------------- periods
def _wib(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 2, 0, tzinfo=UTC)  # 09:00 WIB


def test_open_and_closed_periods_follow_the_legal_deadlines(seeded):
    """Pergub 17/2023 Pasal 15(4): January's report is due 6 Feb 2026 (5th working day);
    Pasal 15(3) huruf b: Tw IV 2025 is due 22 Jan 2026, Tw I 2026 on 21 Apr 2026 (14th working day)."""
    uow = seeded()
    feb3 = _wib(2026, 2, 3)
    assert atasan.bulan_terbuka(uow, feb3) == atasan.PeriodeTerbuka(2026, 1, date(2026, 2, 6))
    assert atasan.bulan_terakhir_lewat(uow, feb3) == atasan.PeriodeTerbuka(
        2025, 12, date(2026, 1, 8)
    )
    assert atasan.triwulan_terbuka(uow, feb3) == atasan.PeriodeTerbuka(2026, 1, date(2026, 4, 21))
    # the deadline day itself is still open
    assert atasan.bulan_terbuka(uow, _wib(2026, 2, 6)).nilai == 1
    feb9 = _wib(2026, 2, 9)
    assert atasan.bulan_terbuka(uow, feb9) == atasan.PeriodeTerbuka(2026, 2, date(2026, 3, 6))
    assert atasan.bulan_terakhir_lewat(uow, feb9).nilai == 1
    jan20 = _wib(2026, 1, 20)
    assert atasan.triwulan_terbuka(uow, jan20) == atasan.PeriodeTerbuka(2025, 4, date(2026, 1, 22))
    assert atasan.bulan_terbuka(uow, jan20) == atasan.PeriodeTerbuka(2026, 1, date(2026, 2, 6))
    assert atasan.tenggat_triwulan(uow, 2026, 2) == date(2026, 7, 20)


# ---------------------------------------------------------------------------- subordinates
NIP_KASI = "999900000000000004"
NIP_LAIN = "999900000000000005"


def _pejabat(nip, atasan_nip, pd=PD.kode):
    return Pejabat(nip, f"Pejabat {nip[-2:]}", "Kepala Seksi", "IV.a", pd, atasan_nip)


def test_bawahan_follows_the_atasan_chain():
    kepala = _pejabat("1", None)
    kabid = _pejabat("2", "1")
    kasubag = _pejabat("3", "2")
    lain = _pejabat("4", None)
    semua = [kepala, kabid, kasubag, lain]
    assert atasan.bawahan(semua, "1") == [kabid, kasubag]
    assert atasan.bawahan(semua, "2") == [kasubag]
    assert atasan.bawahan(semua, "3") == []
    # a cycle in the data ends instead of looping
    siklus = [_pejabat("7", "8"), _pejabat("8", "7")]
    assert atasan.bawahan(siklus, "1") == []
    assert atasan.is_kepala_pd(kepala, semua)
    assert not atasan.is_kepala_pd(kabid, semua)
    assert atasan.is_kepala_pd(_pejabat("9", "99"), semua)  # atasan outside the PD
    assert not atasan.is_kepala_pd(_pejabat("9", None, pd=None), semua)


# ---------------------------------------------------------------------------- /capaian
@pytest.fixture
def with_realisasi(seeded):
    for k, (q1, _) in KEGIATAN_Q1.items():
        services.save_ropp(seeded(), ropp_q1(f"SK-{k}", q1))
    for k, (_, real) in KEGIATAN_Q1.items():
        services.submit_realisasi(
            seeded(),
            RealisasiInput(f"SK-{k}", TAHUN, 2, real, D(900_000)),
            oleh_nip=NIP_KASUBAG,
            saluran=Saluran.BOT,
            now=_wib(2026, 3, 2),
        )
    return seeded


def _sama(unit: atasan.UnitSaya, bulan: HasilSimpul, kumulatif: HasilSimpul) -> None:
    assert unit.bulan.kode == bulan.kode == kumulatif.kode
    assert unit.bulan.angka == bulan.angka
    assert unit.kumulatif.angka == kumulatif.angka


def _trees(uow_factory, bulan):
    return (
        services.build_capaian_tree(uow_factory(), TAHUN, Periode.bulanan(TAHUN, bulan)),
        services.build_capaian_tree(uow_factory(), TAHUN, Periode.kumulatif(TAHUN, bulan)),
    )


def test_capaian_saya_per_official(with_realisasi):
    """Pergub 17/2023 Lampiran II: each official sees the roll-up of the units they answer for."""
    tb, tk = _trees(with_realisasi, 2)
    kasubag = atasan.capaian_saya(with_realisasi(), NIP_KASUBAG, TAHUN, 2)
    assert not kasubag.kepala_pd
    assert [u.bulan.kode for u in kasubag.unit] == [f"SK-{k}" for k in KEGIATAN_Q1]
    for u in kasubag.unit:
        _sama(u, tb.cari(u.bulan.kode), tk.cari(u.bulan.kode))
    kabid = atasan.capaian_saya(with_realisasi(), NIP_KABID, TAHUN, 2)
    # the Kabid answers for programs and their kegiatan: only the programs are listed
    assert [u.bulan.kode for u in kabid.unit] == ["PA", "PB", "PC", "PD", "PE"]
    for u in kabid.unit:
        _sama(u, tb.cari(u.bulan.kode), tk.cari(u.bulan.kode))
    pa = kabid.unit[0].kumulatif
    # Lampiran II worked example, Program A over Tw I (all of it reported in February): 56,77
    assert pa.capaian_kinerja.nilai is not None
    assert pa.capaian_kinerja.nilai.quantize(D("0.01")) == D("56.77")
    kepala = atasan.capaian_saya(with_realisasi(), NIP_KEPALA, TAHUN, 2)
    assert kepala.kepala_pd
    [pd] = kepala.unit
    _sama(pd, tb.cari(PD.kode), tk.cari(PD.kode))
    assert pd.bulan.tingkat == "pd" and [a.kode for a in pd.bulan.anak] == ["S1"]


def test_capaian_saya_unknown_nip_and_empty(with_realisasi):
    with pytest.raises(TidakDitemukan):
        atasan.capaian_saya(with_realisasi(), "999900000000000099", TAHUN, 2)
    services.register_pejabat(with_realisasi(), [_pejabat(NIP_KASI, NIP_KABID)])
    assert atasan.capaian_saya(with_realisasi(), NIP_KASI, TAHUN, 2).unit == ()


# ---------------------------------------------------------------------------- /belum
def test_belum_lapor_lists_exactly_who_has_not_reported(seeded):
    """Pergub 17/2023 Pasal 15(4) (monthly, sub kegiatan) and 15(3) huruf b (quarterly, indicators)."""
    uow_factory = seeded
    services.register_pejabat(
        uow_factory(),
        [_pejabat(NIP_KASI, NIP_KABID), _pejabat(NIP_LAIN, None)],
    )
    services.save_cascade(
        uow_factory(),
        TAHUN,
        [
            node("SK-KASI", Tingkat.SUB_KEGIATAN, "K1", penanggung_jawab_nip=NIP_KASI),
            node("SK-LAIN", Tingkat.SUB_KEGIATAN, "K2", penanggung_jawab_nip=NIP_LAIN),
            node("SK-TANPA-ROPP", Tingkat.SUB_KEGIATAN, "K2", penanggung_jawab_nip=NIP_KASUBAG),
        ],
    )
    for kode in [*(f"SK-{k}" for k in KEGIATAN_Q1), "SK-KASI", "SK-LAIN"]:
        services.save_ropp(uow_factory(), ropp_q1(kode, D(20)))
    now = _wib(2026, 2, 10)  # February is open, and Tw I
    for kode in ["SK-K1", "SK-K2", "SK-K3", "SK-KASI"]:
        services.submit_realisasi(
            uow_factory(),
            RealisasiInput(kode, TAHUN, 2, D(10), D(500_000)),
            oleh_nip=NIP_KASUBAG,
            saluran=Saluran.BOT,
            now=now,
        )
    # January (a closed month) does not count for February's list
    services.submit_realisasi_indikator(
        uow_factory(),
        tahun=TAHUN,
        node_kode="PA",
        urutan=1,
        periode="2026-Q1",
        nilai=D(40),
        oleh_nip=NIP_KABID,
        saluran=Saluran.BOT,
        now=now,
    )
    hasil = atasan.belum_lapor(uow_factory(), NIP_KEPALA, now)
    assert hasil.bulan == atasan.PeriodeTerbuka(2026, 2, date(2026, 3, 6))
    assert hasil.triwulan == atasan.PeriodeTerbuka(2026, 1, date(2026, 4, 21))
    assert hasil.jumlah_bawahan == 3  # Kabid, Kasubag, Kasi; not the official of another chain
    per_nip = {b.pejabat.nip: b for b in hasil.belum}
    assert set(per_nip) == {NIP_KABID, NIP_KASUBAG}  # the Kasi has reported everything
    assert per_nip[NIP_KASUBAG].sub_kegiatan == tuple(
        (f"SK-K{i}", f"Sub Kegiatan SK-K{i}") for i in range(4, 8)
    )  # SK-TANPA-ROPP plans nothing for February
    assert per_nip[NIP_KASUBAG].indikator == ()
    assert per_nip[NIP_KABID].sub_kegiatan == ()
    assert [(i.node_kode, i.urutan) for i in per_nip[NIP_KABID].indikator] == [
        ("PA", 2),
        ("PB", 1),
        ("PC", 1),
        ("PD", 1),
        ("PE", 1),
        ("S1", 1),
        ("S1", 2),
        ("T1", 1),
    ]
    kabid = atasan.belum_lapor(uow_factory(), NIP_KABID, now)
    assert kabid.jumlah_bawahan == 2
    assert [b.pejabat.nip for b in kabid.belum] == [NIP_KASUBAG]
    kasubag = atasan.belum_lapor(uow_factory(), NIP_KASUBAG, now)
    assert (kasubag.jumlah_bawahan, kasubag.belum) == (0, ())
    with pytest.raises(TidakDitemukan):
        atasan.belum_lapor(uow_factory(), "999900000000000099", now)
