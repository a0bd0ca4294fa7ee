"""SQL side of core.ports_impor: mixed into SqlRepository."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from core.cascade import Saluran
from core.persistence.models import (
    NodeRow,
    PejabatRow,
    PerubahanDataRow,
    RealisasiOutputRow,
    RealisasiRow,
    RoppBulanRow,
    RoppOutputRow,
)
from core.ports_impor import CatatanPerubahan
from core.realisasi import RealisasiTersimpan
from core.ropp import OutputRopp, RencanaBulan, Ropp

_TAMBAH_PERUBAHAN = insert(cast(Table, PerubahanDataRow.__table__))


class ImporQueriesMixin:
    session: Session

    def list_ropp(self, tahun: int) -> dict[str, Ropp]:
        months: dict[str, list[RoppBulanRow]] = defaultdict(list)
        pagu: dict[str, Decimal | None] = {}
        for row, kode, node_pagu in self.session.execute(
            select(RoppBulanRow, NodeRow.kode, NodeRow.pagu)
            .join(NodeRow, RoppBulanRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun)
            .order_by(NodeRow.kode, RoppBulanRow.bulan)
        ):
            months[kode].append(row)
            pagu[kode] = node_pagu
        outputs: dict[tuple[str, int], list[OutputRopp]] = defaultdict(list)
        for o, kode in self.session.execute(
            select(RoppOutputRow, NodeRow.kode)
            .join(NodeRow, RoppOutputRow.node_id == NodeRow.id)
            .where(NodeRow.tahun == tahun)
            .order_by(NodeRow.kode, RoppOutputRow.bulan, RoppOutputRow.urutan)
        ):
            outputs[(kode, o.bulan)].append(OutputRopp(o.uraian, o.bobot, o.volume, o.satuan))
        return {
            kode: Ropp(
                kode,
                tahun,
                tuple(
                    RencanaBulan(
                        m.bulan, m.target_bobot, m.anggaran_kas, tuple(outputs[(kode, m.bulan)])
                    )
                    for m in rows
                ),
                pagu[kode],
            )
            for kode, rows in months.items()
        }

    def list_latest_realisasi(self, tahun: int) -> dict[str, dict[int, RealisasiTersimpan]]:
        rows = self.session.execute(
            select(RealisasiRow, NodeRow.kode, PejabatRow.nip)
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .outerjoin(PejabatRow, RealisasiRow.dibuat_oleh_id == PejabatRow.id)
            .where(NodeRow.tahun == tahun, RealisasiRow.terkini.is_(True))
            .order_by(NodeRow.kode, RealisasiRow.bulan)
        ).all()
        volumes: dict[int, dict[int, Decimal]] = defaultdict(dict)
        ids = [r.id for r, _k, _n in rows]
        if ids:
            for o in self.session.scalars(
                select(RealisasiOutputRow).where(RealisasiOutputRow.realisasi_id.in_(ids))
            ):
                volumes[o.realisasi_id][o.urutan] = o.volume
        out: dict[str, dict[int, RealisasiTersimpan]] = defaultdict(dict)
        for r, kode, nip in rows:
            out[kode][r.bulan] = RealisasiTersimpan(
                sub_kegiatan_kode=kode,
                tahun=tahun,
                bulan=r.bulan,
                revisi=r.revisi,
                realisasi_bobot=r.realisasi_bobot,
                realisasi_anggaran=r.realisasi_anggaran,
                volume_output=volumes.get(r.id, {}),
                kendala=r.kendala,
                tindak_lanjut=r.tindak_lanjut,
                dibuat_oleh=r.dibuat_oleh or nip,
                saluran=Saluran(r.saluran),
                dibuat_pada=r.dibuat_pada,
                terlambat=r.terlambat,
            )
        return dict(out)

    def catat_perubahan(self, items: Sequence[CatatanPerubahan]) -> None:
        if not items:
            return
        # Core executemany: one statement shape for every row (the ORM's bulk insert splits rows by
        # which values are None: two statements for a revision's old -> new)
        if self.session.new or self.session.dirty or self.session.deleted:
            self.session.flush()
        self.session.connection().execute(
            _TAMBAH_PERUBAHAN,
            [
                {
                    "dicatat_pada": c.dicatat_pada,
                    "saluran": c.saluran.value,
                    "oleh": c.oleh,
                    "entitas": c.entitas,
                    "kode": c.kode,
                    "kolom": c.kolom,
                    "nilai_lama": c.nilai_lama,
                    "nilai_baru": c.nilai_baru,
                }
                for c in items
            ],
        )

    def list_perubahan(
        self, entitas: str | None = None, kode: str | None = None
    ) -> list[CatatanPerubahan]:
        q = select(PerubahanDataRow).order_by(PerubahanDataRow.id)
        if entitas is not None:
            q = q.where(PerubahanDataRow.entitas == entitas)
        if kode is not None:
            q = q.where(PerubahanDataRow.kode == kode)
        return [
            CatatanPerubahan(
                r.dicatat_pada,
                Saluran(r.saluran),
                r.oleh,
                r.entitas,
                r.kode,
                r.kolom,
                r.nilai_lama,
                r.nilai_baru,
            )
            for r in self.session.scalars(q)
        ]
