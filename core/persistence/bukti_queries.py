"""SQL side of core.ports_bukti: mixed into SqlRepository."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.persistence.models import BuktiDukungRow, NodeRow, PerangkatDaerahRow, RealisasiRow
from core.ports_bukti import BuktiDukung, BuktiLengkap, BuktiTersimpan


class BuktiQueriesMixin:
    session: Session

    def _realisasi_id(self, tahun: int, kode: str, bulan: int, revisi: int) -> int:
        rid = self.session.scalar(
            select(RealisasiRow.id)
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(
                NodeRow.tahun == tahun,
                NodeRow.kode == kode,
                RealisasiRow.bulan == bulan,
                RealisasiRow.revisi == revisi,
            )
        )
        if rid is None:
            raise LookupError(f"realisasi {kode} {tahun}-{bulan:02d} revisi {revisi} tidak ada")
        return rid

    def add_bukti(
        self,
        tahun: int,
        sub_kegiatan_kode: str,
        bulan: int,
        revisi: int,
        bukti: Sequence[BuktiDukung],
        dibuat_pada: datetime,
    ) -> list[int]:
        rid = self._realisasi_id(tahun, sub_kegiatan_kode, bulan, revisi)
        rows = [
            BuktiDukungRow(
                realisasi_id=rid,
                jenis=b.jenis,
                telegram_file_id=b.telegram_file_id,
                telegram_file_unique_id=b.telegram_file_unique_id,
                nama_file=b.nama_file,
                mime=b.mime,
                ukuran=b.ukuran,
                path=b.path,
                sha256=b.sha256,
                dibuat_pada=dibuat_pada,
            )
            for b in bukti
        ]
        self.session.add_all(rows)
        self.session.flush()
        return [r.id for r in rows]

    def list_bukti(
        self, tahun: int, sub_kegiatan_kode: str, bulan: int, revisi: int | None = None
    ) -> list[BuktiTersimpan]:
        q = (
            select(BuktiDukungRow, RealisasiRow.bulan, RealisasiRow.revisi)
            .join(RealisasiRow, BuktiDukungRow.realisasi_id == RealisasiRow.id)
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .where(
                NodeRow.tahun == tahun,
                NodeRow.kode == sub_kegiatan_kode,
                RealisasiRow.bulan == bulan,
            )
            .order_by(RealisasiRow.revisi, BuktiDukungRow.id)
        )
        if revisi is not None:
            q = q.where(RealisasiRow.revisi == revisi)
        return [
            BuktiTersimpan(
                row.id,
                b,
                r,
                _bukti(row),
                row.dibuat_pada,
            )
            for row, b, r in self.session.execute(q)
        ]

    def get_bukti(self, bukti_id: int) -> BuktiLengkap | None:
        q = (
            select(
                BuktiDukungRow,
                NodeRow.tahun,
                NodeRow.kode,
                PerangkatDaerahRow.kode,
                RealisasiRow.bulan,
                RealisasiRow.revisi,
            )
            .join(RealisasiRow, BuktiDukungRow.realisasi_id == RealisasiRow.id)
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .outerjoin(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(BuktiDukungRow.id == bukti_id)
        )
        hasil = self.session.execute(q).first()
        if hasil is None:
            return None
        row, tahun, kode, pd_kode, bulan, revisi = hasil
        return BuktiLengkap(
            row.id,
            tahun,
            kode,
            pd_kode,
            bulan,
            revisi,
            _bukti(row),
            row.dibuat_pada,
        )


def _bukti(row: BuktiDukungRow) -> BuktiDukung:
    return BuktiDukung(
        row.jenis,
        row.telegram_file_id,
        row.telegram_file_unique_id,
        row.nama_file,
        row.mime,
        row.ukuran,
        row.path,
        row.sha256,
    )
