"""SQL side of core.ports_pengingat: mixed into SqlRepository. Bulk reads only."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from core.cascade import Tingkat
from core.deadlines import JenisTenggat
from core.errors import KonflikError, TidakDitemukan
from core.persistence.models import (
    DokumenPerencanaanRow,
    IndikatorRow,
    KendalaRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
    RealisasiIndikatorRow,
    RealisasiRow,
    RoppBulanRow,
)
from core.ports_pengingat import DokumenDiserahkan, Kewajiban, TindakLanjutKendala

_TINGKAT_INDIKATOR = (Tingkat.PROGRAM.value, Tingkat.SASARAN_PD.value)


class PengingatQueriesMixin:
    session: Session

    def kewajiban_pelaporan(self, tahun: int, nip: str | None = None) -> list[Kewajiban]:
        out: list[Kewajiban] = []
        sk = (
            select(NodeRow.kode, NodeRow.nama, PejabatRow.nip, PerangkatDaerahRow.kode)
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat == Tingkat.SUB_KEGIATAN.value)
            .order_by(NodeRow.kode)
        )
        if nip is not None:
            sk = sk.where(PejabatRow.nip == nip)
        for kode, nama, pj_nip, pd_kode in self.session.execute(sk):
            out.append(Kewajiban(JenisTenggat.BULANAN, tahun, kode, nama, pj_nip, pd_kode))

        pj_ind = aliased(PejabatRow)
        pj_node = aliased(PejabatRow)
        ind = (
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
        )
        if nip is not None:  # the indicator's penanggung jawab, else the node's
            ind = ind.where(
                or_(
                    pj_ind.nip == nip,
                    and_(IndikatorRow.penanggung_jawab_id.is_(None), pj_node.nip == nip),
                )
            )
        for (
            node_kode,
            node_nama,
            urutan,
            uraian,
            nip_ind,
            nip_node,
            pd_kode,
        ) in self.session.execute(ind):
            pj = nip_ind or nip_node
            if pj is None:
                continue
            for jenis in (JenisTenggat.TRIWULANAN, JenisTenggat.TAHUNAN):
                out.append(
                    Kewajiban(
                        jenis,
                        tahun,
                        f"{node_kode}#{urutan}",
                        f"{uraian} ({node_nama})",
                        pj,
                        pd_kode,
                    )
                )
        return out

    def laporan_masuk(
        self, tahun: int, sampai: datetime, node_kode: Collection[str] | None = None
    ) -> dict[tuple[str, str], datetime]:
        out: dict[tuple[str, str], datetime] = {}
        if node_kode is not None and not node_kode:
            return out
        bulanan = (
            select(NodeRow.kode, RealisasiRow.bulan, func.min(RealisasiRow.dibuat_pada))
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun, RealisasiRow.dibuat_pada < sampai)
            .group_by(NodeRow.kode, RealisasiRow.bulan)
        )
        indikator = (
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
        )
        if node_kode is not None:
            bulanan = bulanan.where(NodeRow.kode.in_(list(node_kode)))
            indikator = indikator.where(NodeRow.kode.in_(list(node_kode)))
        for kode, bulan, pertama in self.session.execute(bulanan):
            out[(f"{tahun:04d}-{bulan:02d}", kode)] = pertama
        for kode, urutan, periode, pertama in self.session.execute(indikator):
            out[(periode, f"{kode}#{urutan}")] = pertama
        return out

    def kewajiban_apbd(self, tahun: int) -> list[Kewajiban]:
        out: list[Kewajiban] = []
        for kode, nama, nip, pd_kode in self.session.execute(
            select(NodeRow.kode, NodeRow.nama, PejabatRow.nip, PerangkatDaerahRow.kode)
            .join(PejabatRow, NodeRow.penanggung_jawab_id == PejabatRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.tingkat == Tingkat.SUB_KEGIATAN.value)
            .order_by(NodeRow.kode)
        ):
            for jenis in (JenisTenggat.ROPP, JenisTenggat.ROPP_PERUBAHAN):
                out.append(Kewajiban(jenis, tahun, kode, nama, nip, pd_kode))
        return out

    def pd_wajib_dokumen(self, tahun: int) -> list[tuple[str, str]]:
        rows = self.session.execute(
            select(
                PerangkatDaerahRow.kode,
                func.coalesce(PerangkatDaerahRow.singkatan, PerangkatDaerahRow.nama),
            )
            .where(
                PerangkatDaerahRow.id.in_(
                    select(NodeRow.pd_id).where(NodeRow.tahun == tahun, NodeRow.pd_id.is_not(None))
                )
            )
            .order_by(PerangkatDaerahRow.kode)
        )
        return [(kode, nama) for kode, nama in rows]

    def dokumen_diserahkan(self, tahun: int, pd_kode: str | None = None) -> list[DokumenDiserahkan]:
        q = (
            select(DokumenPerencanaanRow, PerangkatDaerahRow.kode)
            .join(PerangkatDaerahRow, DokumenPerencanaanRow.pd_id == PerangkatDaerahRow.id)
            .where(DokumenPerencanaanRow.tahun == tahun)
        )
        if pd_kode is not None:
            q = q.where(PerangkatDaerahRow.kode == pd_kode)
        q = q.order_by(
            PerangkatDaerahRow.kode, DokumenPerencanaanRow.jenis, DokumenPerencanaanRow.perubahan
        )
        return [_dokumen(row, kode) for row, kode in self.session.execute(q)]

    def simpan_dokumen(self, dokumen: DokumenDiserahkan) -> DokumenDiserahkan | None:
        pd_id = self.session.scalar(
            select(PerangkatDaerahRow.id).where(PerangkatDaerahRow.kode == dokumen.pd_kode)
        )
        if pd_id is None:
            raise TidakDitemukan(f"Perangkat Daerah {dokumen.pd_kode} tidak ditemukan.")
        row = self.session.scalar(
            select(DokumenPerencanaanRow).where(
                DokumenPerencanaanRow.pd_id == pd_id,
                DokumenPerencanaanRow.tahun == dokumen.tahun,
                DokumenPerencanaanRow.jenis == dokumen.jenis,
                DokumenPerencanaanRow.perubahan == dokumen.perubahan,
            )
        )
        lama = None if row is None else _dokumen(row, dokumen.pd_kode)
        if row is None:
            row = DokumenPerencanaanRow(
                pd_id=pd_id,
                tahun=dokumen.tahun,
                jenis=dokumen.jenis,
                perubahan=dokumen.perubahan,
            )
            self.session.add(row)
        row.diserahkan_pada = dokumen.diserahkan_pada
        row.dicatat_pada = dokumen.dicatat_pada
        row.oleh = dokumen.oleh
        row.saluran = dokumen.saluran
        try:
            self.session.flush()
        except IntegrityError as exc:  # the same document recorded concurrently
            raise KonflikError(
                "Penyerahan dokumen yang sama sedang dicatat oleh pengguna lain; silakan coba lagi."
            ) from exc
        return lama

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


def _dokumen(row: DokumenPerencanaanRow, pd_kode: str) -> DokumenDiserahkan:
    return DokumenDiserahkan(
        pd_kode=pd_kode,
        tahun=row.tahun,
        jenis=row.jenis,
        perubahan=row.perubahan,
        diserahkan_pada=row.diserahkan_pada,
        dicatat_pada=row.dicatat_pada,
        oleh=row.oleh,
        saluran=row.saluran,
    )
