"""SQL side of core.ports_pengingat: mixed into SqlRepository. Bulk reads only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from core.cascade import Tingkat
from core.deadlines import JenisTenggat
from core.persistence.models import (
    IndikatorRow,
    KendalaRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
    RealisasiIndikatorRow,
    RealisasiRow,
    RoppBulanRow,
)
from core.ports_pengingat import Kewajiban, TindakLanjutKendala

_TINGKAT_INDIKATOR = (Tingkat.PROGRAM.value, Tingkat.SASARAN_PD.value)
_TINGKAT_PK = (
    Tingkat.SASARAN_PD.value,
    Tingkat.PROGRAM.value,
    Tingkat.KEGIATAN.value,
    Tingkat.SUB_KEGIATAN.value,
)
_APBD = (
    (JenisTenggat.PK, JenisTenggat.PK_PERUBAHAN),
    (JenisTenggat.KKL, JenisTenggat.KKL_PERUBAHAN),
    (JenisTenggat.KAK, JenisTenggat.KAK_PERUBAHAN),
    (JenisTenggat.ROPP, JenisTenggat.ROPP_PERUBAHAN),
)


class PengingatQueriesMixin:
    session: Session

    def kewajiban_pelaporan(self, tahun: int) -> list[Kewajiban]:
        out: list[Kewajiban] = []
        for kode, nama, nip, pd_kode in self.session.execute(
            select(NodeRow.kode, NodeRow.nama, PejabatRow.nip, PerangkatDaerahRow.kode)
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat == Tingkat.SUB_KEGIATAN.value)
            .order_by(NodeRow.kode)
        ):
            out.append(Kewajiban(JenisTenggat.BULANAN, tahun, kode, nama, nip, pd_kode))

        pj_ind = aliased(PejabatRow)
        pj_node = aliased(PejabatRow)
        for (
            node_kode,
            node_nama,
            urutan,
            uraian,
            nip_ind,
            nip_node,
            pd_kode,
        ) in self.session.execute(
            select(
                NodeRow.kode,
                NodeRow.nama,
                IndikatorRow.urutan,
                IndikatorRow.uraian,
                pj_ind.nip,
                pj_node.nip,
                PerangkatDaerahRow.kode,
            )
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .outerjoin(pj_ind, IndikatorRow.penanggung_jawab_id == pj_ind.id)
            .outerjoin(pj_node, NodeRow.penanggung_jawab_id == pj_node.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat.in_(_TINGKAT_INDIKATOR))
            .order_by(NodeRow.kode, IndikatorRow.urutan)
        ):
            nip = nip_ind or nip_node
            if nip is None:
                continue
            for jenis in (JenisTenggat.TRIWULANAN, JenisTenggat.TAHUNAN):
                out.append(
                    Kewajiban(
                        jenis,
                        tahun,
                        f"{node_kode}#{urutan}",
                        f"{uraian} ({node_nama})",
                        nip,
                        pd_kode,
                    )
                )
        return out

    def laporan_masuk(self, tahun: int, sampai: datetime) -> dict[tuple[str, str], datetime]:
        out: dict[tuple[str, str], datetime] = {}
        for kode, bulan, pertama in self.session.execute(
            select(NodeRow.kode, RealisasiRow.bulan, func.min(RealisasiRow.dibuat_pada))
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun, RealisasiRow.dibuat_pada < sampai)
            .group_by(NodeRow.kode, RealisasiRow.bulan)
        ):
            out[(f"{tahun:04d}-{bulan:02d}", kode)] = pertama
        for kode, urutan, periode, pertama in self.session.execute(
            select(
                NodeRow.kode,
                IndikatorRow.urutan,
                RealisasiIndikatorRow.periode,
                func.min(RealisasiIndikatorRow.dibuat_pada),
            )
            .join(IndikatorRow, RealisasiIndikatorRow.indikator_id == IndikatorRow.id)
            .join(NodeRow, IndikatorRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun, RealisasiIndikatorRow.dibuat_pada < sampai)
            .group_by(NodeRow.kode, IndikatorRow.urutan, RealisasiIndikatorRow.periode)
        ):
            out[(periode, f"{kode}#{urutan}")] = pertama
        return out

    def kewajiban_apbd(self, tahun: int) -> list[Kewajiban]:
        pk: dict[str, Kewajiban] = {}
        kkl: dict[tuple[str, str], Kewajiban] = {}
        sub: list[tuple[str, str, str, str | None]] = []
        for kode, nama, tingkat, nip, jabatan, pd_kode, pd_nama in self.session.execute(
            select(
                NodeRow.kode,
                NodeRow.nama,
                NodeRow.tingkat,
                PejabatRow.nip,
                PejabatRow.jabatan,
                PerangkatDaerahRow.kode,
                func.coalesce(PerangkatDaerahRow.singkatan, PerangkatDaerahRow.nama),
            )
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat.in_(_TINGKAT_PK))
            .order_by(NodeRow.kode)
        ):
            pk.setdefault(
                nip,
                Kewajiban(
                    JenisTenggat.PK, tahun, nip, f"Perjanjian Kinerja {jabatan}", nip, pd_kode
                ),
            )
            if tingkat == Tingkat.SASARAN_PD.value and pd_kode is not None:
                kkl.setdefault(
                    (pd_kode, nip),
                    Kewajiban(JenisTenggat.KKL, tahun, pd_kode, f"KKL {pd_nama}", nip, pd_kode),
                )
            if tingkat == Tingkat.SUB_KEGIATAN.value:
                sub.append((kode, nama, nip, pd_kode))
        dasar: list[Kewajiban] = [*pk.values(), *kkl.values()]
        for jenis in (JenisTenggat.KAK, JenisTenggat.ROPP):
            dasar.extend(Kewajiban(jenis, tahun, k, n, nip, pd) for k, n, nip, pd in sub)
        out: list[Kewajiban] = []
        for k in dasar:
            for jenis, perubahan in _APBD:
                if k.jenis is jenis:
                    out.append(k)
                    out.append(
                        Kewajiban(
                            perubahan, k.tahun, k.kode, k.nama, k.penanggung_jawab_nip, k.pd_kode
                        )
                    )
        return out

    def ropp_tersedia(self, tahun: int) -> set[str]:
        return set(
            self.session.scalars(
                select(NodeRow.kode)
                .join(RoppBulanRow, RoppBulanRow.node_id == NodeRow.id)
                .where(NodeRow.tahun == tahun)
                .distinct()
            )
        )

    def tindak_lanjut_kendala(self) -> list[TindakLanjutKendala]:
        out: list[TindakLanjutKendala] = []
        for row, nip, pd_kode, node_kode in self.session.execute(
            select(KendalaRow, PejabatRow.nip, PerangkatDaerahRow.kode, NodeRow.kode)
            .join(PejabatRow, KendalaRow.pelapor_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, KendalaRow.pd_id == PerangkatDaerahRow.id)
            .outerjoin(NodeRow, KendalaRow.node_id == NodeRow.id)
            .where(KendalaRow.batas_tindak_lanjut.is_not(None))
            .order_by(KendalaRow.id)
        ):
            assert row.batas_tindak_lanjut is not None
            out.append(
                TindakLanjutKendala(
                    id=row.id,
                    pelapor_nip=nip,
                    pd_kode=pd_kode,
                    uraian=row.uraian,
                    node_kode=node_kode,
                    periode=row.periode,
                    batas=row.batas_tindak_lanjut,
                    selesai_pada=row.selesai_pada,
                )
            )
        return out
