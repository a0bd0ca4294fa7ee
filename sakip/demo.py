"""`sakip demo`: load the Banten dataset and deterministic synthetic ROPP/realisasi into an empty database.

Master data and the cascade go through the validating use cases; the synthetic plans are validated with
the pure ROPP rules and then bulk-inserted; everything happens in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from core import services
from core.calendar import WIB
from core.cascade import Saluran, Tingkat
from core.dataset import BANTEN_DIR, load_dataset
from core.deadlines import JenisTenggat, deadline_for
from core.demo import (
    Profil,
    bulan_jatuh_tempo,
    bulan_terlapor,
    profil_pd,
    realisasi_sintetis,
    ropp_sintetis,
    sub_kegiatan_sintetis,
)
from core.errors import Masalah, SakipError, ValidasiError
from core.persistence import bulk
from core.persistence.uow import SqlUnitOfWork
from core.ropp import validate_ropp


@dataclass(frozen=True)
class HasilDemo:
    perangkat_daerah: int
    pejabat: int
    nodes: int
    sub_kegiatan: int
    realisasi: int
    terlambat: int
    belum: int


#: Demo accounts for the dashboard and the API (issue 6): (username, password, peran, PD).
#: Documented in docs/api.md and printed by `make run`; change or disable them in production
#: (`sakip akun sandi USERNAME`, `sakip akun nonaktif USERNAME`).
DEMO_AKUN: tuple[tuple[str, str, str, str | None], ...] = (
    ("admin", "demo-admin-2026", "admin", None),
    ("bappeda", "demo-bappeda-2026", "bappeda", None),
    ("dinkes", "demo-dinkes-2026", "pd", "DINKES"),
)


def buat_akun_demo(uow: SqlUnitOfWork, pd_kode: list[str], hari_ini: date) -> None:
    """Add the demo accounts inside the demo's transaction (the pd account: DINKES, else the first PD)."""
    from core.services_akun import buat_akun_in

    now = datetime.combine(hari_ini, time(8, 0), WIB)
    for username, password, peran, pd in DEMO_AKUN:
        if pd is not None and pd not in pd_kode:
            pd = pd_kode[0] if pd_kode else None
        if uow.repo.get_akun(username) is None:
            buat_akun_in(
                uow.repo,
                username=username,
                nama=f"Demo {peran}",
                password=password,
                peran=peran,
                pd_kode=pd,
                now=now,
            )


def database_kosong(uow: SqlUnitOfWork) -> bool:
    with uow:
        return not uow.repo.list_pd()


def load_demo(
    uow: SqlUnitOfWork,
    tahun: int,
    hari_ini: date,
    seed: int = 2026,
    folder: Path = BANTEN_DIR,
) -> HasilDemo:
    data = load_dataset(folder)
    sub_nodes, sub_pejabat = sub_kegiatan_sintetis(
        data.nodes, data.pejabat, data.perangkat_daerah, seed
    )
    nodes = [*data.nodes, *sub_nodes]
    ropps = [ropp_sintetis(n, tahun, seed) for n in sub_nodes]
    masalah: list[Masalah] = []
    for plan in ropps:
        masalah.extend(validate_ropp(plan))
    if masalah:
        raise ValidasiError(masalah)
    profil = profil_pd(data.perangkat_daerah, seed)
    sampai = bulan_terlapor(hari_ini, tahun)
    pj = {n.kode: n.penanggung_jawab_nip for n in sub_nodes}
    pd_of = {n.kode: n.pd_kode or "" for n in sub_nodes}

    with uow:
        repo = uow.repo
        if repo.list_pd():
            raise SakipError(
                "Basis data sudah berisi data; demo hanya dimuat ke basis data kosong."
            )
        services.register_pd_in(repo, data.perangkat_daerah)
        services.register_pejabat_in(repo, [*data.pejabat, *sub_pejabat])
        services.save_cascade_in(repo, tahun, nodes)
        cal = services.load_calendar(repo, tahun)
        assert uow.session is not None
        conn = uow.session.connection()
        ids = bulk.node_ids(conn, tahun, Tingkat.SUB_KEGIATAN)
        bulk.insert_ropp(conn, tahun, ropps, ids)
        tenggat_bulan = {
            b: deadline_for(JenisTenggat.BULANAN, f"{tahun}-{b:02d}", cal).tenggat
            for b in range(1, sampai + 1)
        }
        jatuh_tempo = bulan_jatuh_tempo(hari_ini, tenggat_bulan, sampai)
        rows: list[bulk.RealisasiMassal] = []
        for ropp in ropps:
            kode = ropp.sub_kegiatan_kode
            for r in realisasi_sintetis(
                ropp, sampai, profil[pd_of[kode]], pj[kode], seed, jatuh_tempo
            ):
                tenggat = tenggat_bulan[r.bulan]
                # never dated after the day the demo is loaded: on time a few days before the
                # deadline, late a few days after it (its deadline has passed: see bulan_jatuh_tempo)
                hari = min(
                    tenggat + timedelta(days=3) if r.terlambat else tenggat - timedelta(days=2),
                    hari_ini,
                )
                rows.append(
                    bulk.RealisasiMassal(
                        sub_kegiatan_kode=kode,
                        bulan=r.bulan,
                        revisi=1,
                        terkini=True,
                        realisasi_bobot=r.realisasi_bobot,
                        realisasi_anggaran=r.realisasi_anggaran,
                        saluran=Saluran.BOT,
                        dibuat_pada=datetime.combine(hari, time(9, 0), WIB),
                        terlambat=r.terlambat,
                        dibuat_oleh=r.oleh_nip,
                        kendala=r.kendala,
                        tindak_lanjut=r.tindak_lanjut,
                    )
                )
        bulk.insert_realisasi(conn, tahun, rows, ids)
        buat_akun_demo(uow, [pd.kode for pd in data.perangkat_daerah], hari_ini)
        uow.commit()
    return HasilDemo(
        perangkat_daerah=len(data.perangkat_daerah),
        pejabat=len(data.pejabat) + len(sub_pejabat),
        nodes=len(nodes),
        sub_kegiatan=len(sub_nodes),
        realisasi=len(rows),
        terlambat=sum(1 for p in profil.values() if p == Profil.TERLAMBAT),
        belum=sum(1 for p in profil.values() if p == Profil.BELUM),
    )
