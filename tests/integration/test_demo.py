"""`sakip demo`: the dataset loader and the deterministic synthetic plans, on both databases."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core import services
from core.dataset import BANTEN_DIR, load_dataset
from core.errors import SakipError, ValidasiError
from core.periode import Periode
from sakip.demo import database_kosong, load_demo

HEADERS = {
    "perangkat_daerah.csv": ["kode", "nama", "singkatan", "kelompok"],
    "jabatan.csv": ["nip", "nama", "jabatan", "eselon", "pd_kode", "atasan_nip"],
    "cascade.csv": [
        "kode",
        "tingkat",
        "nama",
        "induk_kode",
        "pd_kode",
        "penanggung_jawab_nip",
        "sumber",
    ],
    "indikator.csv": [
        "node_kode",
        "urutan",
        "uraian",
        "satuan",
        "target_tahunan",
        "arah",
        "penanggung_jawab_nip",
        "formula",
        "sumber_data",
        "sumber",
    ],
}


def write_mini(folder: Path) -> Path:
    rows = {
        "perangkat_daerah.csv": [
            ["DINKES", "Dinas Kesehatan", "Dinkes", "I"],
            ["BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "III"],
        ],
        "jabatan.csv": [
            ["999900000000000001", "Sekretaris Daerah", "Sekretaris Daerah", "I.b", "", ""],
            [
                "999900010000000001",
                "Kepala Dinas Kesehatan",
                "Kepala Dinas",
                "II.a",
                "DINKES",
                "999900000000000001",
            ],
            [
                "999900010000000002",
                "Kepala Bidang Kesmas",
                "Kepala Bidang",
                "III.a",
                "DINKES",
                "999900010000000001",
            ],
            [
                "999900020000000001",
                "Kepala Bappeda",
                "Kepala Badan",
                "II.a",
                "BAPPEDA",
                "999900000000000001",
            ],
        ],
        "cascade.csv": [
            [
                "T1",
                "tujuan",
                "Meningkatkan kualitas SDM",
                "",
                "",
                "999900000000000001",
                "42/2018:1",
            ],
            [
                "T1.S1",
                "sasaran_daerah",
                "Meningkatnya derajat kesehatan",
                "T1",
                "",
                "",
                "42/2018:2",
            ],
            [
                "T1.S1.DINKES",
                "sasaran_pd",
                "Meningkatnya layanan kesehatan",
                "T1.S1",
                "DINKES",
                "999900010000000001",
                "",
            ],
            [
                "T1.S1.DINKES.P1",
                "program",
                "Program Pemenuhan Upaya Kesehatan",
                "T1.S1.DINKES",
                "DINKES",
                "999900010000000002",
                "",
            ],
            [
                "T1.S1.DINKES.P1.K1",
                "kegiatan",
                "Penyediaan Layanan Kesehatan",
                "T1.S1.DINKES.P1",
                "DINKES",
                "999900010000000002",
                "",
            ],
            [
                "T1.S1.BAPPEDA",
                "sasaran_pd",
                "Meningkatnya kualitas perencanaan",
                "T1.S1",
                "BAPPEDA",
                "999900020000000001",
                "",
            ],
            [
                "T1.S1.BAPPEDA.P1",
                "program",
                "Program Perencanaan",
                "T1.S1.BAPPEDA",
                "BAPPEDA",
                "999900020000000001",
                "",
            ],
            [
                "T1.S1.BAPPEDA.P1.K1",
                "kegiatan",
                "Koordinasi Perencanaan",
                "T1.S1.BAPPEDA.P1",
                "BAPPEDA",
                "999900020000000001",
                "",
            ],
        ],
        "indikator.csv": [
            [
                "T1",
                "1",
                "Indeks Pembangunan Manusia",
                "poin",
                "73.5",
                "naik",
                "999900000000000001",
                "",
                "BPS",
                "",
            ],
            [
                "T1.S1.DINKES",
                "1",
                "Angka kematian ibu",
                "per 100.000 KH",
                "80",
                "turun",
                "999900010000000001",
                "",
                "",
                "",
            ],
        ],
    }
    for name, data in rows.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(HEADERS[name])
            w.writerows(data)
    return folder


def test_demo_loads_deterministic_synthetic_year(uow_factory, tmp_path):
    folder = write_mini(tmp_path)
    assert database_kosong(uow_factory())
    h = load_demo(uow_factory(), 2026, date(2026, 5, 20), seed=7, folder=folder)
    assert (h.perangkat_daerah, h.sub_kegiatan) == (2, 4)
    assert not database_kosong(uow_factory())
    tree = services.build_capaian_tree(uow_factory(), 2026, Periode.kumulatif(2026, 4))
    assert {c.kode for c in tree.anak} == {"DINKES", "BAPPEDA"}
    assert tree.angka.capaian_kinerja.nilai is not None
    with uow_factory() as uow:
        ropp = uow.repo.get_ropp(2026, "T1.S1.DINKES.P1.K1.SK1")
        node = uow.repo.get_node(2026, "T1.S1.DINKES")
    assert (
        ropp is not None and ropp.total_bobot == Decimal(100) and ropp.total_anggaran == ropp.pagu
    )
    assert node is not None and node.indikator[0].arah.value == "turun"
    with pytest.raises(SakipError, match="kosong"):
        load_demo(uow_factory(), 2026, date(2026, 5, 20), seed=7, folder=folder)


def test_dataset_errors_are_reported(tmp_path):
    folder = write_mini(tmp_path)
    with (folder / "indikator.csv").open("a", encoding="utf-8") as f:
        f.write("NOPE,1,X,unit,abc,naik,,,,\n")
    with pytest.raises(ValidasiError) as err:
        load_dataset(folder)
    assert "'abc' bukan angka" in str(err.value) and "NOPE tidak ada" in str(err.value)


def test_real_banten_dataset_loads(uow_factory):
    """The curated dataset (data/banten, counts in its README) loads through the validating use cases."""
    assert (BANTEN_DIR / "cascade.csv").exists()
    h = load_demo(uow_factory(), 2026, date(2026, 11, 23))
    assert h.perangkat_daerah == 43 and h.pejabat == 838 and h.sub_kegiatan == 1646
    tree = services.build_capaian_tree(uow_factory(), 2026, Periode.kumulatif(2026, 10))
    assert len(tree.anak) >= 30


@pytest.mark.parametrize("seed", [68, 104])
def test_demo_matrix_shows_every_status_early_in_a_month(uow_factory, tmp_path, seed):
    """Loaded on 4 December, when November's deadline (7 December) is still ahead: a late PD's
    report of October (already due) is dated after October's deadline, so the matrix shows all three
    statuses on that day; no report is dated after it. Seeds 68 and 104 give one PD each of the
    profiles "terlambat" and "belum" (their rows still start with months reported on time)."""
    from datetime import UTC, datetime

    from core.demo import Profil, profil_pd
    from core.kepatuhan import StatusKepatuhan
    from core.services_akun import matriks_kepatuhan

    folder = write_mini(tmp_path)
    hari_ini = date(2026, 12, 4)
    load_demo(uow_factory(), 2026, hari_ini, seed=seed, folder=folder)
    profil = profil_pd(load_dataset(folder).perangkat_daerah, seed)
    telat = next(k for k, v in profil.items() if v == Profil.TERLAMBAT)
    belum = next(k for k, v in profil.items() if v == Profil.BELUM)

    m = matriks_kepatuhan(uow_factory(), 2026, datetime(2026, 12, 4, 2, 0, tzinfo=UTC))
    jatuh_tempo = [s for b in m.baris for s in b.sel if s.jatuh_tempo and s.status]
    assert {s.status for s in jatuh_tempo} == set(StatusKepatuhan)
    oktober, november = 9, 10  # indexes of the cells
    baris_telat, baris_belum = m.cari(telat), m.cari(belum)
    assert baris_telat is not None and baris_belum is not None
    assert baris_telat.sel[oktober].status == StatusKepatuhan.TERLAMBAT
    assert baris_telat.sel[oktober].jatuh_tempo
    assert baris_belum.sel[oktober].status == StatusKepatuhan.BELUM
    assert not baris_telat.sel[november].jatuh_tempo  # 7 December is still ahead
    assert baris_telat.jumlah(StatusKepatuhan.TEPAT_WAKTU) >= 1

    with uow_factory() as uow:
        kode_sub = [n.kode for n in uow.repo.list_nodes(2026) if n.tingkat.value == "sub_kegiatan"]
        semua = [r for k in kode_sub for r in uow.repo.latest_realisasi(2026, k).values()]
    assert semua
    assert all(r.dibuat_pada.astimezone(UTC).date() <= hari_ini for r in semua)
    terlambat = {(r.sub_kegiatan_kode.split(".")[2], r.bulan) for r in semua if r.terlambat}
    assert terlambat and {b for _, b in terlambat} == {10}
    assert {pd for pd, _ in terlambat} == {telat}
    # nothing after October yet from the late PD, nothing from October on from the other
    assert not any(r.bulan > 10 for r in semua if telat in r.sub_kegiatan_kode)
    assert not any(r.bulan >= 10 for r in semua if belum in r.sub_kegiatan_kode)
