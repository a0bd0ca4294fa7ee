"""Kendala use cases on SQLite and PostgreSQL (core.services_kendala)."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from core import services
from core import services_kendala as sk
from core.cascade import Pejabat, Saluran
from core.errors import TidakDitemukan, ValidasiError
from core.kendala import BukanBappeda, Dari, KendalaSelesai, StatusKendala
from core.persistence.models import PesanKeluarRow
from core.ports import UnitOfWork
from core.realisasi import RealisasiInput
from tests.conftest import FakeClock
from tests.factories import (
    NIP_KABID,
    NIP_KASUBAG,
    PD,
    TAHUN,
    lampiran_ii_cascade,
    ropp_lampiran_i,
    seed_master,
)

NIP_BAPPEDA = "999900000000000077"
U = Callable[[], UnitOfWork]


@pytest.fixture
def db(uow_factory: U, clock: FakeClock) -> U:
    seed_master(uow_factory)
    services.register_pejabat(
        uow_factory(),
        [Pejabat(NIP_BAPPEDA, "Staf Bappeda (contoh)", "Analis", None, PD.kode, peran="bappeda")],
    )
    services.save_cascade(uow_factory(), TAHUN, lampiran_ii_cascade())
    services.save_ropp(uow_factory(), ropp_lampiran_i("SK-K1"))
    services.redeem_link_code(
        uow_factory(),
        services.create_link_code(uow_factory(), NIP_KASUBAG, clock()).kode,
        5001,
        clock(),
    )
    return uow_factory


BAPPEDA_BOT = sk.Pengirim("Staf Bappeda", Saluran.BOT, nip=NIP_BAPPEDA, telegram_user_id=6001)


def test_group_registration_needs_the_bappeda_role(db: U, clock: FakeClock) -> None:
    with pytest.raises(BukanBappeda):
        sk.daftar_grup_bappeda(db(), -100, "Grup", oleh_nip=NIP_KASUBAG, now=clock())
    assert sk.grup_bappeda(db()) is None
    g = sk.daftar_grup_bappeda(db(), -100, "Grup Bappeda", oleh_nip=NIP_BAPPEDA, now=clock())
    assert (g.chat_id, g.peran, g.didaftarkan_oleh_nip) == (-100, "bappeda", NIP_BAPPEDA)
    # a new group replaces the old one: there is one Bappeda group
    sk.daftar_grup_bappeda(db(), -200, "Grup baru", oleh_nip=NIP_BAPPEDA, now=clock())
    g2 = sk.grup_bappeda(db())
    assert g2 is not None and (g2.chat_id, g2.judul) == (-200, "Grup baru")


def test_round_trip_statuses_timestamps_and_deadline(db: U, clock: FakeClock) -> None:
    k = sk.buat_kendala(
        db(),
        pelapor_nip=NIP_KASUBAG,
        uraian="  Lelang gagal dua kali  ",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=clock(),
        sub_kegiatan_kode="SK-K1",
    )
    assert k.status == StatusKendala.BARU and k.uraian == "Lelang gagal dua kali"
    assert (k.node_kode, k.pd_kode, k.pelapor_nip) == ("SK-K1", PD.kode, NIP_KASUBAG)
    assert k.pelapor_telegram_id == 5001 and k.dibuat_pada == clock()
    assert [x.id for x in sk.kendala_belum_diposting(db())] == [k.id]
    sk.catat_posting_grup(db(), k.id, -100, 55)
    assert sk.kendala_belum_diposting(db()) == []

    clock.now += timedelta(hours=1)
    hasil = sk.tanggapi_kendala(
        db(), k.id, "Ulangi dengan e-katalog", pengirim=BAPPEDA_BOT, now=clock()
    )
    t = hasil.kendala
    assert t.status == StatusKendala.DITANGGAPI and t.ditanggapi_pada == clock()
    # Tuesday 3 Feb 2026 + 7 working days = Thursday 12 Feb 2026 (no holiday in between)
    assert t.batas_tindak_lanjut == date(2026, 2, 12)
    assert hasil.antrean == ()  # the bot delivers it itself
    assert (t.grup_chat_id, t.grup_message_id) == (-100, 55)

    clock.now += timedelta(hours=1)
    b = sk.balas_pelapor(
        db(), k.id, "Baik, kami ulangi", pelapor_nip=NIP_KASUBAG, saluran=Saluran.BOT, now=clock()
    )
    assert b.kendala.status == StatusKendala.DITANGGAPI and b.pesan.dari == Dari.PELAPOR
    with pytest.raises(ValidasiError, match="bukan kendala yang Anda ajukan"):
        sk.balas_pelapor(db(), k.id, "x", pelapor_nip=NIP_KABID, saluran=Saluran.BOT, now=clock())

    clock.now += timedelta(days=1)
    s = sk.selesaikan_kendala(db(), k.id, pengirim=BAPPEDA_BOT, now=clock())
    assert s.kendala.status == StatusKendala.SELESAI and s.kendala.selesai_pada == clock()
    assert s.kendala.ditanggapi_pada == clock.now - timedelta(days=1, hours=1)

    detail = sk.ambil_kendala(db(), k.id)
    assert [(p.dari, p.isi) for p in detail.pesan] == [
        (Dari.BAPPEDA, "Ulangi dengan e-katalog"),
        (Dari.PELAPOR, "Baik, kami ulangi"),
    ]
    with pytest.raises(KendalaSelesai):
        sk.tanggapi_kendala(db(), k.id, "lagi", pengirim=BAPPEDA_BOT, now=clock())
    with pytest.raises(KendalaSelesai):
        sk.selesaikan_kendala(db(), k.id, pengirim=BAPPEDA_BOT, now=clock())
    with pytest.raises(KendalaSelesai):
        sk.balas_pelapor(db(), k.id, "x", pelapor_nip=NIP_KASUBAG, saluran=Saluran.BOT, now=clock())


def test_only_bappeda_answers_and_bad_input_saves_nothing(db: U, clock: FakeClock) -> None:
    k = sk.buat_kendala(
        db(), pelapor_nip=NIP_KASUBAG, uraian="Umum", tahun=TAHUN, saluran=Saluran.BOT, now=clock()
    )
    assert k.node_kode is None and k.pd_kode == PD.kode
    bukan = sk.Pengirim("Kabid", Saluran.BOT, nip=NIP_KABID)
    with pytest.raises(BukanBappeda):
        sk.tanggapi_kendala(db(), k.id, "jawab", pengirim=bukan, now=clock())
    with pytest.raises(BukanBappeda):
        sk.selesaikan_kendala(db(), k.id, pengirim=bukan, now=clock())
    with pytest.raises(ValidasiError):
        sk.tanggapi_kendala(db(), k.id, "   ", pengirim=BAPPEDA_BOT, now=clock())
    with pytest.raises(TidakDitemukan):
        sk.tanggapi_kendala(db(), 999, "jawab", pengirim=BAPPEDA_BOT, now=clock())
    with pytest.raises(ValidasiError):
        sk.buat_kendala(
            db(), pelapor_nip=NIP_KASUBAG, uraian="", tahun=TAHUN, saluran=Saluran.BOT, now=clock()
        )
    with pytest.raises(ValidasiError, match="bukan tanggung jawab"):
        sk.buat_kendala(
            db(),
            pelapor_nip=NIP_KABID,
            uraian="x",
            tahun=TAHUN,
            saluran=Saluran.BOT,
            now=clock(),
            sub_kegiatan_kode="SK-K1",
        )
    detail = sk.ambil_kendala(db(), k.id)
    assert detail.kendala.status == StatusKendala.BARU and detail.pesan == []
    assert sk.daftar_kendala(db()).total == 1


def test_dashboard_answer_and_close_go_through_the_outbox(db: U, clock: FakeClock) -> None:
    k = sk.buat_kendala(
        db(),
        pelapor_nip=NIP_KASUBAG,
        uraian="Data BPS terlambat",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=clock(),
    )
    sk.catat_posting_grup(db(), k.id, -100, 9)
    dasbor = sk.Pengirim("Admin Bappeda", Saluran.DASHBOARD, akun_id=3)
    with pytest.raises(ValidasiError):
        sk.tanggapi_kendala(
            db(), k.id, "x", pengirim=sk.Pengirim("?", Saluran.DASHBOARD), now=clock()
        )
    h = sk.tanggapi_kendala(db(), k.id, "Gunakan data sementara", pengirim=dasbor, now=clock())
    assert len(h.antrean) == 3  # the official, the group post's edit, the group's note
    assert h.pesan.saluran == "dashboard" and h.pesan.akun_id == 3
    s = sk.selesaikan_kendala(db(), k.id, pengirim=dasbor, now=clock())
    assert len(s.antrean) == 2  # the official, the group post's edit
    with db() as uow:
        rows = uow.session.scalars(  # type: ignore[attr-defined]
            select(PesanKeluarRow)
            .where(PesanKeluarRow.edit_message_id.is_(None))  # the post's edits: elsewhere
            .order_by(PesanKeluarRow.id)
        ).all()
        data = [(r.kunci, r.jenis, r.penerima, r.chat_id, r.status, r.tombol, r.teks) for r in rows]
    (k1, j1, p1, c1, s1, t1, x1), (k2, _, p2, c2, _, t2, _), (k3, _, p3, c3, _, t3, x3) = data
    assert k1 == f"kendala|{k.id}|pesan|{h.pesan.id}" and j1 == "kendala" and s1 == "antri"
    assert (p1, c1) == (NIP_KASUBAG, 5001)
    assert json.loads(t1) == [[{"text": "Balas", "callback_data": f"kd:b:{k.id}"}]]
    assert "Gunakan data sementara" in x1 and "12 Februari 2026" in x1
    assert k2 == f"kendala|{k.id}|grup|{h.pesan.id}" and (p2, c2, t2) == ("bappeda", -100, None)
    assert k3 == f"kendala|{k.id}|selesai" and (p3, c3, t3) == (NIP_KASUBAG, 5001, None)
    assert "selesai" in x3


def test_escalation_from_a_report_is_idempotent(db: U, clock: FakeClock) -> None:
    def lapor(kendala: str | None) -> None:
        services.submit_realisasi(
            db(),
            RealisasiInput("SK-K1", TAHUN, 1, Decimal(3), Decimal(1000), kendala=kendala),
            oleh_nip=NIP_KASUBAG,
            saluran=Saluran.BOT,
            now=clock(),
        )

    kw = dict(
        pelapor_nip=NIP_KASUBAG,
        sub_kegiatan_kode="SK-K1",
        periode="2026-01",
        saluran=Saluran.BOT,
        now=clock(),
    )
    with pytest.raises(TidakDitemukan):
        sk.eskalasi_dari_realisasi(db(), **kw)  # type: ignore[arg-type]
    lapor(None)
    with pytest.raises(ValidasiError, match="tidak mencatat kendala"):
        sk.eskalasi_dari_realisasi(db(), **kw)  # type: ignore[arg-type]
    lapor("Tidak ada.")  # typed in a form or an older bot: not an obstacle to escalate
    with pytest.raises(ValidasiError, match="tidak mencatat kendala"):
        sk.eskalasi_dari_realisasi(db(), **kw)  # type: ignore[arg-type]
    lapor("Penyedia wanprestasi")
    e1 = sk.eskalasi_dari_realisasi(db(), **kw)  # type: ignore[arg-type]
    e2 = sk.eskalasi_dari_realisasi(db(), **kw)  # type: ignore[arg-type]
    assert e1.baru and not e2.baru and e1.kendala.id == e2.kendala.id
    assert e1.kendala.uraian == "Penyedia wanprestasi" and e1.kendala.periode == "2026-01"
    assert e1.kendala.realisasi_id is not None and e1.kendala.node_kode == "SK-K1"
    with pytest.raises(ValidasiError, match="bukan tanggung jawab"):
        sk.eskalasi_dari_realisasi(db(), **{**kw, "pelapor_nip": NIP_KABID})  # type: ignore[arg-type]
    with pytest.raises(ValidasiError, match="format"):
        sk.eskalasi_dari_realisasi(db(), **{**kw, "periode": "2026-13"})  # type: ignore[arg-type]
    lapor("Penyedia wanprestasi, addendum")  # a new revision: a new kendala
    e3 = sk.eskalasi_dari_realisasi(db(), **kw)  # type: ignore[arg-type]
    assert e3.baru and e3.kendala.id != e1.kendala.id
    assert sk.daftar_kendala(db()).total == 2


def test_list_filters_and_pages(db: U, clock: FakeClock) -> None:
    ids = []
    for i in range(5):
        clock.now += timedelta(minutes=1)
        ids.append(
            sk.buat_kendala(
                db(),
                pelapor_nip=NIP_KASUBAG if i % 2 == 0 else NIP_KABID,
                uraian=f"k{i}",
                tahun=TAHUN,
                saluran=Saluran.BOT,
                now=clock(),
            ).id
        )
    sk.tanggapi_kendala(db(), ids[0], "ok", pengirim=BAPPEDA_BOT, now=clock())
    sk.selesaikan_kendala(db(), ids[1], pengirim=BAPPEDA_BOT, now=clock())
    h1 = sk.daftar_kendala(db(), per_halaman=2)
    h3 = sk.daftar_kendala(db(), per_halaman=2, halaman=3)
    assert h1.total == 5 and [k.id for k in h1.items] == [ids[4], ids[3]]
    assert [k.id for k in h3.items] == [ids[0]]
    assert [k.id for k in sk.daftar_kendala(db(), status="baru").items] == [ids[4], ids[3], ids[2]]
    assert [k.id for k in sk.daftar_kendala(db(), status=StatusKendala.DITANGGAPI).items] == [
        ids[0]
    ]
    assert sk.daftar_kendala(db(), pelapor_nip=NIP_KABID).total == 2
    assert sk.daftar_kendala(db(), pd_kode=PD.kode).total == 5
    assert sk.daftar_kendala(db(), pd_kode="TIDAK-ADA").total == 0
    with pytest.raises(ValidasiError):
        sk.daftar_kendala(db(), status="hilang")
    with pytest.raises(ValidasiError):
        sk.daftar_kendala(db(), halaman=0)
    with pytest.raises(ValidasiError):
        sk.daftar_kendala(db(), per_halaman=1000)


def test_bot_fallback_queues_once(db: U, clock: FakeClock) -> None:
    k = sk.buat_kendala(
        db(), pelapor_nip=NIP_KASUBAG, uraian="x", tahun=TAHUN, saluran=Saluran.BOT, now=clock()
    )
    h = sk.tanggapi_kendala(db(), k.id, "Jawaban", pengirim=BAPPEDA_BOT, now=clock())
    first = sk.antre_ke_pelapor(db(), k.id, now=clock(), pesan_id=h.pesan.id)
    assert first is not None
    assert sk.antre_ke_pelapor(db(), k.id, now=clock(), pesan_id=h.pesan.id) is None  # same kunci
    with pytest.raises(TidakDitemukan):
        sk.antre_ke_pelapor(db(), k.id, now=clock(), pesan_id=999)
    sk.selesaikan_kendala(db(), k.id, pengirim=BAPPEDA_BOT, now=clock())
    assert sk.antre_ke_pelapor(db(), k.id, now=clock()) is not None
    with db() as uow:
        kunci = uow.session.scalars(select(PesanKeluarRow.kunci).order_by(PesanKeluarRow.id)).all()  # type: ignore[attr-defined]
    assert kunci == [f"kendala|{k.id}|pesan|{h.pesan.id}", f"kendala|{k.id}|selesai"]


def test_concurrent_escalation_presses_make_one_kendala(db: U, clock: FakeClock) -> None:
    services.submit_realisasi(
        db(),
        RealisasiInput("SK-K1", TAHUN, 1, Decimal(3), Decimal(1000), kendala="Cuaca ekstrem"),
        oleh_nip=NIP_KASUBAG,
        saluran=Saluran.BOT,
        now=clock(),
    )

    def tekan(_: int) -> sk.HasilEskalasi:
        return sk.eskalasi_dari_realisasi(
            db(),
            pelapor_nip=NIP_KASUBAG,
            sub_kegiatan_kode="SK-K1",
            periode="2026-01",
            saluran=Saluran.BOT,
            now=clock(),
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        hasil = list(pool.map(tekan, range(4)))
    assert sum(h.baru for h in hasil) == 1
    assert len({h.kendala.id for h in hasil}) == 1
    assert sk.daftar_kendala(db()).total == 1
