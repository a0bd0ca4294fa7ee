"""core.kendala: statuses, transitions, the tindak lanjut deadline (Pergub 42/2018 Lampiran B.6), texts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from core import kendala as kd
from core.calendar import WorkingDayCalendar
from core.errors import ValidasiError
from core.kendala import Dari, Kendala, KendalaSelesai, PesanKendala, StatusKendala

# 09:00 WIB on Tuesday 3 February 2026
NOW = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
CAL = WorkingDayCalendar({date(2026, 2, 17): "Tahun Baru Imlek"})
K = Kendala(
    id=12,
    uraian="Lelang gagal",
    status=StatusKendala.BARU,
    saluran="bot",
    dibuat_pada=NOW,
    pelapor_nip="999900000000000003",
    pelapor_nama="Budi",
    pelapor_jabatan="Kepala Sub Bidang",
    pd_nama="Bappeda",
    node_kode="SK-K1",
    node_nama="Sub Kegiatan SK-K1",
)


def test_deadline_is_seven_working_days_after_the_answer() -> None:
    # Tue 3 Feb -> Wed 4, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11, Thu 12
    assert kd.batas_tindak_lanjut(NOW, CAL) == date(2026, 2, 12)
    # Friday 13 Feb: Mon 16, (Tue 17 is a holiday), 18, 19, 20, 23, 24 -> Wed 25 Feb
    assert kd.batas_tindak_lanjut(datetime(2026, 2, 13, 3, tzinfo=UTC), CAL) == date(2026, 2, 25)
    # the day counts in WIB: 23:30 WIB Thursday 5 Feb (16:30 UTC) -> Fri 6, 9-13, Mon 16
    assert kd.batas_tindak_lanjut(datetime(2026, 2, 5, 16, 30, tzinfo=UTC), CAL) == date(
        2026, 2, 16
    )
    # 00:30 WIB Friday 6 Feb is still Thursday in UTC -> 9-13, 16, (17 Imlek) Wed 18
    assert kd.batas_tindak_lanjut(datetime(2026, 2, 5, 17, 30, tzinfo=UTC), CAL) == date(
        2026, 2, 18
    )
    assert kd.HARI_TINDAK_LANJUT == 7


def test_transitions() -> None:
    t = kd.tanggapi(K, NOW, CAL)
    assert t == kd.PerubahanStatus(StatusKendala.DITANGGAPI, NOW, None, date(2026, 2, 12))
    answered = replace(
        K, status=t.status, ditanggapi_pada=NOW, batas_tindak_lanjut=t.batas_tindak_lanjut
    )
    later = datetime(2026, 2, 10, 2, tzinfo=UTC)
    again = kd.tanggapi(answered, later, CAL)  # a new answer: the deadline runs from it
    assert again.ditanggapi_pada == later and again.batas_tindak_lanjut == date(
        2026, 2, 20
    )  # 11-13, 16, 18-20
    kd.boleh_dibalas(answered)
    s = kd.selesaikan(answered, later)
    assert s == kd.PerubahanStatus(StatusKendala.SELESAI, NOW, later, date(2026, 2, 12))
    assert kd.selesaikan(K, later).status == StatusKendala.SELESAI  # straight from baru
    closed = replace(answered, status=StatusKendala.SELESAI, selesai_pada=later)
    for fn in (
        lambda: kd.tanggapi(closed, later, CAL),
        lambda: kd.selesaikan(closed, later),
        lambda: kd.boleh_dibalas(closed),
    ):
        with pytest.raises(KendalaSelesai, match="#12"):
            fn()


def test_lewat_batas() -> None:
    answered = replace(K, status=StatusKendala.DITANGGAPI, batas_tindak_lanjut=date(2026, 2, 12))
    assert not kd.lewat_batas(answered, date(2026, 2, 12))
    assert kd.lewat_batas(answered, date(2026, 2, 13))
    assert not kd.lewat_batas(replace(answered, status=StatusKendala.SELESAI), date(2026, 3, 1))
    assert not kd.lewat_batas(K, date(2026, 3, 1))


def test_isi_is_cleaned_and_checked() -> None:
    assert kd.bersihkan_isi("  ada kendala \n") == "ada kendala"
    with pytest.raises(ValidasiError, match="wajib diisi"):
        kd.bersihkan_isi("   ")
    with pytest.raises(ValidasiError, match="wajib diisi"):
        kd.bersihkan_isi(None)
    with pytest.raises(ValidasiError, match="2000"):
        kd.bersihkan_isi("x" * 2001, "Tanggapan")
    assert kd.bersihkan_isi("x" * 2000) == "x" * 2000


def test_callback_data() -> None:
    assert kd.cb_kendala(kd.AKSI_TANGGAPI, 12) == "kd:t:12"
    assert kd.urai_cb_kendala("kd:s:12") == ("s", 12)
    assert kd.urai_cb_kendala("kd:b:7") == ("b", 7)
    for bad in (None, "", "kd:x:1", "kd:t:", "kd:t:abc", "kd:t:1:2", "L|a|b|c", "kd:t:" + "9" * 13):
        assert kd.urai_cb_kendala(bad) is None
    assert kd.tombol_grup(K) == [
        [
            {"text": "Tanggapi", "callback_data": "kd:t:12"},
            {"text": "Selesai", "callback_data": "kd:s:12"},
        ]
    ]
    assert kd.tombol_pelapor(K) == [[{"text": "Balas", "callback_data": "kd:b:12"}]]
    closed = replace(K, status=StatusKendala.SELESAI)
    assert kd.tombol_grup(closed) == [] and kd.tombol_pelapor(closed) == []
    assert kd.kunci_pesan_keluar(12, "pesan", 3) == "kendala|12|pesan|3"
    assert kd.kunci_pesan_keluar(12, "selesai") == "kendala|12|selesai"


def test_texts() -> None:
    teks = kd.teks_grup(K)
    assert teks.splitlines()[:4] == [
        "Kendala #12 [Baru]",
        "Dari: Kepala Sub Bidang (Budi) - Bappeda",
        "Perihal: SK-K1 Sub Kegiatan SK-K1",
        "Uraian: Lelang gagal",
    ]
    assert "Diajukan: Selasa, 3 Februari 2026 09.00 WIB" in teks
    assert "Tekan Tanggapi" in teks
    umum = replace(K, node_kode=None, node_nama=None, periode="2026-01")
    assert "Perihal: Umum (laporan 2026-01)" in kd.teks_grup(umum)
    answered = replace(
        K,
        status=StatusKendala.DITANGGAPI,
        ditanggapi_pada=NOW,
        batas_tindak_lanjut=date(2026, 2, 12),
    )
    assert "Batas tindak lanjut: Kamis, 12 Februari 2026" in kd.teks_grup(answered)
    closed = replace(answered, status=StatusKendala.SELESAI, selesai_pada=NOW)
    final = kd.teks_grup(closed)
    assert "[Selesai]" in final and "Batas tindak lanjut" not in final and "Tekan" not in final
    p = PesanKendala(1, 12, Dari.BAPPEDA, "Ulangi lelang", "bot", NOW, nama="Rina")
    untuk = kd.teks_tanggapan_untuk_pelapor(answered, p)
    assert "kendala #12 (SK-K1 Sub Kegiatan SK-K1)" in untuk and "Ulangi lelang\n- Rina" in untuk
    assert "paling lambat Kamis, 12 Februari 2026" in untuk
    assert "selesai oleh Bappeda pada Selasa, 3 Februari 2026" in kd.teks_selesai_untuk_pelapor(
        closed
    )
    balas = PesanKendala(2, 12, Dari.PELAPOR, "Baik", "bot", NOW)
    assert kd.teks_balasan_untuk_grup(K, balas) == (
        "Balasan Kepala Sub Bidang (Budi) - Bappeda atas kendala #12:\nBaik"
    )
    panjang = replace(p, isi="y" * 500)
    assert len(kd.teks_tanggapan_untuk_grup(K, panjang).splitlines()[1]) == kd.MAKS_PRATINJAU
    assert (
        kd.pelapor_label(replace(K, pelapor_jabatan=None, pelapor_nama=None, pd_nama=None)) == "-"
    )


@pytest.mark.parametrize(
    "teks",
    [
        None,
        "",
        "  ",
        "-",
        "Tidak ada",
        "tidak ada.",
        "TIDAK  ADA",
        "Tidak ada kendala",
        "nihil",
        "Nihil!",
        "Tidak ada 🙏",
        "—",  # "--" after iOS smart punctuation
        "–",
        "Tidak ada, Pak.",
        "tidak ada kendala bu 🙏🙏",
        "Tidak ada, lancar",
        "Lancar.",
    ],
)
def test_typed_none_means_no_kendala(teks: str | None) -> None:
    assert kd.berarti_tidak_ada(teks)


@pytest.mark.parametrize(
    "teks",
    [
        "Tidak ada penyedia yang mendaftar",
        "Hujan deras",
        "Ada",
        "Lahan belum bebas",
        "- hujan",
        "Tidak ada anggaran 🙏",
        "Pak",
        "— hujan",
        "Lancar tapi hujan",
    ],
)
def test_a_real_kendala_is_kept(teks: str) -> None:
    """A sentence that starts with "Tidak ada" is an obstacle ("no bidder registered")."""
    assert not kd.berarti_tidak_ada(teks)
