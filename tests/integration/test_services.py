"""Use cases over real databases (SQLite, and PostgreSQL when configured), schema from Alembic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from core import services
from core.cascade import Pejabat, Saluran, Tingkat
from core.deadlines import ApbdDates
from core.errors import TidakDitemukan, ValidasiError
from core.holiday_source import HolidayOverride
from core.periode import Periode
from core.realisasi import RealisasiInput
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KABID,
    NIP_KASUBAG,
    PD,
    TAHUN,
    WAKTU_UJI,
    lampiran_ii_cascade,
    node,
    ropp_lampiran_i,
    ropp_q1,
    seed_master,
)

D = Decimal
FEB_3 = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)


def r2(x: Decimal | None) -> Decimal:
    assert x is not None
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def seeded(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    for k, (q1, _) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    return uow_factory


def lapor(uow_factory, kode, bulan, bobot, anggaran="0", now=FEB_3, **kw):
    return services.submit_realisasi(
        uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(bobot), D(anggaran), **kw),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=now,
    )


def test_lampiran_ii_worked_example_through_persistence(seeded):
    """Pergub 17/2023 Lampiran II, Program and Sasaran Triwulanan, Tw I: every printed figure."""
    for k, (_, real) in KEGIATAN_Q1.items():
        lapor(seeded, f"SK-{k}", 2, real)
    tree = services.build_capaian_tree(seeded(), TAHUN, Periode.triwulan(TAHUN, 1))
    pa = tree.cari("PA")
    assert pa is not None
    ind_a, ind_b = pa.anak
    assert (
        r2(ind_a.angka.target_bobot),
        r2(ind_a.angka.realisasi_bobot),
        r2(ind_a.angka.capaian_kinerja.nilai),
    ) == (D("25.18"), D("14.07"), D("55.88"))
    assert (
        r2(ind_b.angka.target_bobot),
        r2(ind_b.angka.realisasi_bobot),
        r2(ind_b.angka.capaian_kinerja.nilai),
    ) == (D("27.26"), D("15.70"), D("57.59"))
    assert (
        r2(pa.angka.target_bobot),
        r2(pa.angka.realisasi_bobot),
        r2(pa.angka.capaian_kinerja.nilai),
    ) == (D("26.22"), D("14.88"), D("56.77"))
    k1 = tree.cari("K1")
    assert k1 is not None and r2(k1.angka.capaian_kinerja.nilai) == D("39.64")
    s1 = tree.cari("S1")
    assert s1 is not None
    sa, sb = s1.anak
    assert (
        r2(sa.angka.target_bobot),
        r2(sa.angka.realisasi_bobot),
        r2(sa.angka.capaian_kinerja.nilai),
    ) == (D("22.58"), D("15.29"), D("67.69"))
    assert (
        r2(sb.angka.target_bobot),
        r2(sb.angka.realisasi_bobot),
        r2(sb.angka.capaian_kinerja.nilai),
    ) == (D("27.26"), D("15.70"), D("57.59"))
    assert (
        r2(s1.angka.target_bobot),
        r2(s1.angka.realisasi_bobot),
        r2(s1.angka.capaian_kinerja.nilai),
    ) == (D("24.92"), D("15.49"), D("62.16"))
    # province -> PD -> sasaran: one PD with one sasaran gives the same figures
    pd = tree.cari(PD.kode)
    assert pd is not None and r2(pd.angka.capaian_kinerja.nilai) == D("62.16")
    assert r2(tree.angka.capaian_kinerja.nilai) == D("62.16")
    assert tree.angka.dilaporkan == 7 and tree.angka.wajib_lapor == 7 * 3
    assert tree.angka.target_anggaran == 7 * 3 * D(1_000_000)


def test_monthly_capaian_lampiran_ii_bulanan(uow_factory):
    """Lampiran II Bulanan: target 3 / realisasi 3 -> 100,00; anggaran 353.956.000 / 250.000.000 -> 70,63."""
    seed_master(uow_factory)
    services.save_cascade(
        uow_factory(),
        TAHUN,
        [
            node("T1", Tingkat.TUJUAN, None),
            node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
            node("S1", Tingkat.SASARAN_PD, "SD1"),
            node("P1", Tingkat.PROGRAM, "S1"),
            node("K1", Tingkat.KEGIATAN, "P1"),
            node("SK1", Tingkat.SUB_KEGIATAN, "K1", pagu=D(1_824_205_000)),
        ],
    )
    # the printed months (May's "207.450" included) add up to the printed total 1.824.205.000
    services.save_ropp(uow_factory(), ropp_lampiran_i("SK1"))
    hasil = lapor(uow_factory, "SK1", 1, "3", "250000000", volume_output={1: D(1)}, kendala=None)
    assert r2(hasil.bulan.capaian_kinerja.nilai) == D("100.00")
    assert r2(hasil.bulan.capaian_anggaran.nilai) == D("70.63")
    assert hasil.bulan.capaian_kinerja.kategori is not None
    assert hasil.bulan.capaian_kinerja.kategori.label == "Sangat Tinggi"
    assert hasil.tersimpan.revisi == 1 and hasil.sebelumnya is None
    assert hasil.tersimpan.volume_output == {1: D(1)}
    # 3 Feb 2026 is before the deadline for January (6 Feb 2026, the 5th working day)
    assert hasil.tenggat.tenggat.isoformat() == "2026-02-06" and not hasil.tersimpan.terlambat


def test_correction_creates_revision_and_latest_counts(seeded):
    """Pergub 42/2018 Pasal 28: every correction is kept; the latest revision counts."""
    first = lapor(seeded, "SK-K1", 2, "10")
    second = lapor(seeded, "SK-K1", 2, "12,45".replace(",", "."), now=FEB_3 + timedelta(days=30))
    assert (first.tersimpan.revisi, second.tersimpan.revisi) == (1, 2)
    assert second.sebelumnya is not None and second.sebelumnya.realisasi_bobot == D(10)
    # the February report is due on the 5th working day of March: 6 March 2026; 5 March is on time
    assert not second.tersimpan.terlambat
    history = services.realisasi_history(seeded(), TAHUN, "SK-K1", 2)
    assert [h.realisasi_bobot for h in history] == [D(10), D("12.45")]
    tree = services.build_capaian_tree(seeded(), TAHUN, Periode.bulanan(TAHUN, 2))
    k1 = tree.cari("SK-K1")
    assert k1 is not None and k1.angka.realisasi_bobot == D("12.45")


def test_late_report_is_accepted_and_marked(seeded):
    """Pergub 17/2023 Pasal 15(4): monthly reports are due on the 5th working day of the next month."""
    late = lapor(
        seeded, "SK-K1", 1, "0", now=datetime(2026, 2, 6, 17, 30, tzinfo=UTC)
    )  # 7 Feb 00:30 WIB
    assert late.tersimpan.terlambat
    on_time = lapor(
        seeded, "SK-K2", 1, "0", now=datetime(2026, 2, 6, 16, 30, tzinfo=UTC)
    )  # 23:30 WIB
    assert not on_time.tersimpan.terlambat


def test_cuti_bersama_override_moves_the_deadline(seeded):
    services.set_override(
        seeded(),
        HolidayOverride(datetime(2026, 2, 5).date(), True, "Cuti bersama tambahan"),
        now=WAKTU_UJI,
    )
    hasil = lapor(seeded, "SK-K1", 1, "0", now=datetime(2026, 2, 6, 16, 30, tzinfo=UTC))
    assert hasil.tenggat.tenggat.isoformat() == "2026-02-09"
    assert not hasil.tersimpan.terlambat
    deadlines = {
        t.periode: t for t in services.list_deadlines(seeded(), TAHUN) if t.jenis == "bulanan"
    }
    assert deadlines["2026-01"].tenggat.isoformat() == "2026-02-09"
    assert services.delete_override(seeded(), datetime(2026, 2, 5).date(), now=WAKTU_UJI)
    deadlines = {
        t.periode: t for t in services.list_deadlines(seeded(), TAHUN) if t.jenis == "bulanan"
    }
    assert deadlines["2026-01"].tenggat.isoformat() == "2026-02-06"


@pytest.mark.parametrize(
    ("kode", "bulan", "bobot", "anggaran", "pesan"),
    [
        ("SK-K1", 2, "-1", "0", "negatif"),
        ("SK-K1", 2, "0", "-5", "negatif"),
        ("SK-XX", 2, "1", "0", "tidak dikenal"),
        ("K1", 2, "1", "0", "bukan Sub Kegiatan"),
        ("SK-K1", 13, "1", "0", "bulan 13"),
        ("SK-K1", 2, "101", "0", "melebihi 100"),
    ],
)
def test_bad_realisasi_is_refused_and_nothing_saved(seeded, kode, bulan, bobot, anggaran, pesan):
    with pytest.raises(ValidasiError) as err:
        lapor(seeded, kode, bulan, bobot, anggaran)
    assert pesan in str(err.value)
    with seeded() as uow:
        assert uow.repo.latest_realisasi(TAHUN, "SK-K1") == {}


def test_cumulative_over_100_is_refused(seeded):
    lapor(seeded, "SK-K1", 2, "60")
    with pytest.raises(ValidasiError, match="kumulatif menjadi 110"):
        lapor(seeded, "SK-K1", 12, "50")
    # a correction of the same month replaces it, so it is not double counted
    assert lapor(seeded, "SK-K1", 2, "90").tersimpan.revisi == 2


def test_realisasi_for_month_without_plan(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(
        uow_factory(),
        TAHUN,
        [
            node("T1", Tingkat.TUJUAN, None),
            node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
            node("S1", Tingkat.SASARAN_PD, "SD1"),
            node("P1", Tingkat.PROGRAM, "S1"),
            node("K1", Tingkat.KEGIATAN, "P1"),
            node("SK1", Tingkat.SUB_KEGIATAN, "K1"),
        ],
    )
    with pytest.raises(ValidasiError, match="belum ada rencana"):
        lapor(uow_factory, "SK1", 1, "1")


def test_unknown_nip_refused(seeded):
    with pytest.raises(ValidasiError, match="NIP 123 tidak dikenal"):
        services.submit_realisasi(
            seeded(),
            RealisasiInput("SK-K1", TAHUN, 2, D(1), D(0)),
            oleh_nip="123",
            saluran=Saluran.BOT,
            now=FEB_3,
        )
    with pytest.raises(TidakDitemukan):
        services.create_link_code(seeded(), "999999999999999999", FEB_3)


def test_ropp_validation_errors_name_the_item(seeded):
    bad = ropp_q1("SK-K1", D("31.41"))
    bad = type(bad)(bad.sub_kegiatan_kode, bad.tahun, bad.bulan[:-1])  # drop December: sum 31,41
    with pytest.raises(ValidasiError, match=r"ROPP SK-K1 2026: jumlah bobot setahun 31,41"):
        services.save_ropp(seeded(), bad)
    with pytest.raises(ValidasiError, match="bukan Sub Kegiatan"):
        services.save_ropp(seeded(), ropp_q1("K1", D(10)))
    with pytest.raises(ValidasiError, match="tidak dikenal"):
        services.save_ropp(seeded(), ropp_q1("NOPE", D(10)))


def test_ropp_must_match_pagu(uow_factory):
    seed_master(uow_factory)
    services.save_cascade(
        uow_factory(),
        TAHUN,
        [
            node("T1", Tingkat.TUJUAN, None),
            node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
            node("S1", Tingkat.SASARAN_PD, "SD1"),
            node("P1", Tingkat.PROGRAM, "S1"),
            node("K1", Tingkat.KEGIATAN, "P1"),
            node("SK1", Tingkat.SUB_KEGIATAN, "K1", pagu=D(1_900_000_000)),
        ],
    )
    with pytest.raises(
        ValidasiError, match="Rp 1.824.205.000 tidak sama dengan pagu Rp 1.900.000.000"
    ):
        services.save_ropp(uow_factory(), ropp_lampiran_i("SK1"))
    with uow_factory() as uow:
        assert uow.repo.get_ropp(TAHUN, "SK1") is None


def test_cascade_validation_collects_every_error_and_saves_nothing(uow_factory):
    seed_master(uow_factory)
    nodes = [
        node("T1", Tingkat.TUJUAN, None),
        node("SD1", Tingkat.SASARAN_DAERAH, "T1"),
        node("S1", Tingkat.SASARAN_PD, "SD1"),
        node("P1", Tingkat.PROGRAM, "T1"),  # wrong level
        node("K1", Tingkat.KEGIATAN, "P9"),  # unknown parent
        node("K1", Tingkat.KEGIATAN, "P1"),  # duplicate
        node("SK1", Tingkat.SUB_KEGIATAN, "K1", penanggung_jawab_nip="000000000000000000"),
    ]
    with pytest.raises(ValidasiError) as err:
        services.save_cascade(uow_factory(), TAHUN, nodes)
    text = str(err.value)
    assert "Program P1: induk T1 bertingkat Tujuan, seharusnya Sasaran PD" in text
    assert "induk P9 tidak dikenal" in text
    assert "Kode K1: kode duplikat" in text
    assert "NIP penanggung jawab 000000000000000000 tidak dikenal" in text
    with uow_factory() as uow:
        assert uow.repo.list_nodes(TAHUN) == []


def test_cascade_update_by_code_is_idempotent(seeded):
    with seeded() as uow:
        nodes_before = {n.kode: n for n in uow.repo.list_nodes(TAHUN)}
    services.save_cascade(seeded(), TAHUN, lampiran_ii_cascade())
    with seeded() as uow:
        after = {n.kode: n for n in uow.repo.list_nodes(TAHUN)}
    assert after == nodes_before
    s1 = after["S1"]
    assert [i.anak_kode for i in s1.indikator] == [("PA", "PB"), ("PC", "PD", "PE")]


def test_pejabat_and_link_codes(seeded):
    rows = services.list_pejabat(seeded())
    assert [p.nip for p in rows] == sorted(p.nip for p in rows)
    kabid = next(p for p in rows if p.nip == NIP_KABID)
    assert kabid.atasan_nip is not None and kabid.pd_kode == PD.kode
    code = services.create_link_code(seeded(), NIP_KASUBAG, FEB_3, ttl_days=7)
    assert code.kedaluwarsa_pada == FEB_3 + timedelta(days=7)
    p = services.redeem_link_code(seeded(), code.kode.lower(), 4242, FEB_3 + timedelta(hours=1))
    assert p.nip == NIP_KASUBAG
    with seeded() as uow:
        assert uow.repo.pejabat_by_telegram(4242) == p
    with pytest.raises(ValidasiError, match="sudah pernah dipakai"):
        services.redeem_link_code(seeded(), code.kode, 4243, FEB_3 + timedelta(hours=2))
    expired = services.create_link_code(seeded(), NIP_KABID, FEB_3, ttl_days=7)
    with pytest.raises(ValidasiError, match="kedaluwarsa"):
        services.redeem_link_code(seeded(), expired.kode, 4244, FEB_3 + timedelta(days=7))
    with pytest.raises(ValidasiError, match="tidak dikenal"):
        services.redeem_link_code(seeded(), "NOPE", 4244, FEB_3)
    assert services.unlink_telegram(seeded(), 4242) == p
    with seeded() as uow:
        assert uow.repo.pejabat_by_telegram(4242) is None


def test_redeem_own_used_code_again_while_linked(seeded):
    """The same account redeeming its code again (link tapped twice) is told it is linked."""
    code = services.create_link_code(seeded(), NIP_KASUBAG, FEB_3)
    p = services.redeem_link_code(seeded(), code.kode, 4242, FEB_3)
    with seeded() as uow:
        lc = uow.repo.get_link_code(code.kode)
    assert lc is not None and lc.dipakai_oleh_telegram_id == 4242
    with pytest.raises(services.KodeSudahDipakaiAkunIni) as err:
        services.redeem_link_code(seeded(), code.kode.lower(), 4242, FEB_3 + timedelta(days=8))
    assert err.value.pejabat == p
    with seeded() as uow:
        assert uow.repo.pejabat_by_telegram(4242) == p
    # another account: refused with the reason only (the caller adds what to do)
    with pytest.raises(ValidasiError) as refused:
        services.redeem_link_code(seeded(), code.kode, 4243, FEB_3)
    assert str(refused.value) == "Kode tautan sudah pernah dipakai."
    # the account unlinked, or now linked to another pejabat: the used code is refused
    services.unlink_telegram(seeded(), 4242)
    with pytest.raises(ValidasiError, match="sudah pernah dipakai"):
        services.redeem_link_code(seeded(), code.kode, 4242, FEB_3)
    lain = services.create_link_code(seeded(), NIP_KABID, FEB_3)
    services.redeem_link_code(seeded(), lain.kode, 4242, FEB_3)
    with pytest.raises(ValidasiError, match="sudah pernah dipakai"):
        services.redeem_link_code(seeded(), code.kode, 4242, FEB_3)


def test_pejabat_validation(uow_factory):
    seed_master(uow_factory)
    with pytest.raises(ValidasiError) as err:
        services.register_pejabat(
            uow_factory(),
            [
                Pejabat("12", "X", "Staf", None, PD.kode),
                Pejabat("999900000000000009", "Y", "Staf", None, "NOPE", "999900000000000077"),
            ],
        )
    text = str(err.value)
    assert "NIP harus 18 digit" in text
    assert "Perangkat Daerah NOPE tidak dikenal" in text
    assert "NIP atasan 999900000000000077 tidak dikenal" in text


def test_indicator_realisasi_quarterly(seeded):
    """Pergub 17/2023 Pasal 15(3): program and sasaran indicators report their own value per quarter."""
    hasil = services.submit_realisasi_indikator(
        seeded(),
        tahun=TAHUN,
        node_kode="S1",
        urutan=1,
        periode="2026-Q1",
        nilai=D("2"),
        oleh_nip=NIP_KABID,
        saluran=Saluran.BOT,
        now=datetime(2026, 4, 10, 3, tzinfo=UTC),
    )
    assert hasil.tersimpan.revisi == 1 and not hasil.tersimpan.terlambat
    assert r2(hasil.capaian.nilai) == D("80.00")  # 2 of a target of 2,5
    again = services.submit_realisasi_indikator(
        seeded(),
        tahun=TAHUN,
        node_kode="S1",
        urutan=1,
        periode="2026-Q1",
        nilai=D("2.5"),
        oleh_nip=NIP_KABID,
        saluran=Saluran.BOT,
        now=datetime(2026, 5, 10, 3, tzinfo=UTC),
    )
    assert again.tersimpan.revisi == 2 and again.tersimpan.terlambat
    with pytest.raises(ValidasiError, match="tidak melaporkan nilai indikator"):
        services.submit_realisasi_indikator(
            seeded(),
            tahun=TAHUN,
            node_kode="K1",
            urutan=1,
            periode="2026-Q1",
            nilai=D(1),
            oleh_nip=None,
            saluran=Saluran.CLI,
            now=FEB_3,
        )
    with pytest.raises(ValidasiError, match="periode harus triwulan"):
        services.submit_realisasi_indikator(
            seeded(),
            tahun=TAHUN,
            node_kode="S1",
            urutan=1,
            periode="2026-01",
            nilai=D(1),
            oleh_nip=None,
            saluran=Saluran.CLI,
            now=FEB_3,
        )


def test_apbd_dates_drive_pk_and_ropp_deadlines(seeded):
    services.set_apbd(
        seeded(),
        ApbdDates(TAHUN, datetime(2025, 11, 28).date(), datetime(2026, 9, 15).date()),
        now=WAKTU_UJI,
    )
    items = services.list_deadlines(seeded(), TAHUN)
    jenis = {t.jenis.value for t in items}
    assert {"bulanan", "triwulanan", "tahunan", "pk", "ropp"} <= jenis
    with pytest.raises(ValidasiError, match="APBD-Perubahan"):
        services.set_apbd(
            seeded(),
            ApbdDates(TAHUN, datetime(2026, 1, 2).date(), datetime(2025, 1, 2).date()),
            now=WAKTU_UJI,
        )


def test_decimal_roundtrip_exact(seeded):
    """Money is exact on every backend: no float on the way to the database and back."""
    hasil = lapor(seeded, "SK-K1", 2, "12.345678", "123456789012.34")
    with seeded() as uow:
        got = uow.repo.latest_realisasi(TAHUN, "SK-K1")[2]
    assert got.realisasi_anggaran == D("123456789012.34")
    assert got.realisasi_bobot == D("12.345678")
    assert hasil.tersimpan.realisasi_anggaran == got.realisasi_anggaran


def test_concurrent_submissions_number_revisions_without_gaps(seeded):
    """Two officials (or a double tap) submitting the same month at once: no lost or duplicate revision."""
    from concurrent.futures import ThreadPoolExecutor

    def submit(i: int) -> int:
        return lapor(seeded, "SK-K1", 2, str(i % 10)).tersimpan.revisi

    with ThreadPoolExecutor(max_workers=4) as pool:
        revisions = sorted(pool.map(submit, range(12)))
    assert revisions == list(range(1, 13))
    with seeded() as uow:
        history = uow.repo.realisasi_history(TAHUN, "SK-K1", 2)
        latest = uow.repo.latest_realisasi(TAHUN, "SK-K1")
    assert [h.revisi for h in history] == list(range(1, 13))
    assert latest[2].revisi == 12
