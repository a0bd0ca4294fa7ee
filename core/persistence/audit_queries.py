"""SQL side of core.ports_audit: mixed into SqlRepository.

Only reads and upserts of ``kunci_bulan`` live here; ``perubahan_data`` is appended to by
``ImporQueriesMixin.catat_perubahan`` and never updated or deleted (migration 0005 makes the database
refuse it too).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from core.audit import KunciBulan
from core.persistence.models import KunciBulanRow, NodeRow, PejabatRow, PerangkatDaerahRow

_KUNCI_BULAN = (
    select(PerangkatDaerahRow.id, KunciBulanRow)
    .outerjoin(
        KunciBulanRow,
        and_(
            KunciBulanRow.pd_id == PerangkatDaerahRow.id,
            KunciBulanRow.tahun == bindparam("tahun"),
            KunciBulanRow.bulan == bindparam("bulan"),
        ),
    )
    .where(PerangkatDaerahRow.kode == bindparam("pd_kode"))
    .with_for_update(read=True, of=PerangkatDaerahRow)
)


class AuditQueriesMixin:
    session: Session

    def get_kunci_bulan(self, pd_kode: str, tahun: int, bulan: int) -> KunciBulan | None:
        # PostgreSQL: a share lock on the PD row, so a writer that found the month open commits
        # before Bappeda's lock (which takes the row exclusively) can proceed, and a writer that
        # starts after the lock waits for it and then sees it. One statement: the PD row (locked)
        # with its month's lock row, if any.
        hasil = self.session.execute(
            _KUNCI_BULAN, {"pd_kode": pd_kode, "tahun": tahun, "bulan": bulan}
        ).first()
        if hasil is None or hasil[1] is None:
            return None
        return _kunci(hasil[1], pd_kode)

    def list_kunci_bulan(self, tahun: int, pd_kode: str | None = None) -> list[KunciBulan]:
        q = (
            select(KunciBulanRow, PerangkatDaerahRow.kode)
            .join(PerangkatDaerahRow, KunciBulanRow.pd_id == PerangkatDaerahRow.id)
            .where(KunciBulanRow.tahun == tahun)
        )
        if pd_kode is not None:
            q = q.where(PerangkatDaerahRow.kode == pd_kode)
        rows = self.session.execute(q.order_by(PerangkatDaerahRow.kode, KunciBulanRow.bulan))
        return [_kunci(r, k) for r, k in rows]

    def set_kunci_bulan(
        self,
        pd_kode: str,
        tahun: int,
        bulan: int,
        *,
        terkunci: bool,
        oleh: str | None,
        alasan: str | None,
        diubah_pada: datetime,
    ) -> KunciBulan:
        pd_id = self.session.scalar(
            select(PerangkatDaerahRow.id)
            .where(PerangkatDaerahRow.kode == pd_kode)
            .with_for_update()
        )
        if pd_id is None:
            raise LookupError(pd_kode)
        row = self.session.scalar(
            select(KunciBulanRow)
            .where(
                KunciBulanRow.pd_id == pd_id,
                KunciBulanRow.tahun == tahun,
                KunciBulanRow.bulan == bulan,
            )
            .with_for_update()
        )
        if row is None:
            row = KunciBulanRow(pd_id=pd_id, tahun=tahun, bulan=bulan)
            self.session.add(row)
        row.terkunci, row.oleh, row.alasan, row.diubah_pada = terkunci, oleh, alasan, diubah_pada
        self.session.flush()
        return _kunci(row, pd_kode)

    def pd_node(self, tahun: int, kode: str) -> str | None:
        return self.session.scalar(
            select(PerangkatDaerahRow.kode)
            .join(NodeRow, NodeRow.pd_id == PerangkatDaerahRow.id)
            .where(NodeRow.tahun == tahun, NodeRow.kode == kode)
        )

    def pd_pejabat(self, nip: str) -> str | None:
        return self.session.scalar(
            select(PerangkatDaerahRow.kode)
            .join(PejabatRow, PejabatRow.pd_id == PerangkatDaerahRow.id)
            .where(PejabatRow.nip == nip)
        )


def _kunci(r: KunciBulanRow, pd_kode: str) -> KunciBulan:
    return KunciBulan(pd_kode, r.tahun, r.bulan, r.terkunci, r.oleh, r.alasan, r.diubah_pada)
