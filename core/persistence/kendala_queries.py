"""SQL side of core.ports_kendala: mixed into SqlRepository."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from core.calendar import local_date
from core.kendala import Dari, Kendala, PesanKendala, StatusKendala
from core.persistence.models import (
    KendalaPesanRow,
    KendalaRow,
    NodeRow,
    PejabatRow,
    PerangkatDaerahRow,
    PesanKeluarRow,
    RealisasiRow,
    TelegramGrupRow,
)
from core.ports_kendala import FilterKendala, GrupTelegram, KendalaInput, RealisasiKendala

_JENIS_PESAN = "kendala"


def _kendala_select() -> Any:
    return (
        select(
            KendalaRow,
            PejabatRow.nip,
            PejabatRow.nama,
            PejabatRow.jabatan,
            PejabatRow.telegram_user_id,
            PerangkatDaerahRow.kode,
            PerangkatDaerahRow.singkatan,
            PerangkatDaerahRow.nama,
            NodeRow.kode,
            NodeRow.nama,
        )
        .outerjoin(PejabatRow, KendalaRow.pelapor_id == PejabatRow.id)
        .outerjoin(PerangkatDaerahRow, KendalaRow.pd_id == PerangkatDaerahRow.id)
        .outerjoin(NodeRow, KendalaRow.node_id == NodeRow.id)
    )


def _kendala(row: Any) -> Kendala:
    k: KendalaRow = row[0]
    nip, nama, jabatan, tg, pd_kode, pd_singkatan, pd_nama, node_kode, node_nama = row[1:]
    return Kendala(
        id=k.id,
        uraian=k.uraian,
        status=StatusKendala(k.status),
        saluran=k.saluran,
        dibuat_pada=k.dibuat_pada,
        pelapor_nip=nip,
        pelapor_nama=nama,
        pelapor_jabatan=jabatan,
        pelapor_telegram_id=tg,
        pd_kode=pd_kode,
        pd_nama=pd_singkatan or pd_nama,
        node_kode=node_kode,
        node_nama=node_nama,
        realisasi_id=k.realisasi_id,
        periode=k.periode,
        ditanggapi_pada=k.ditanggapi_pada,
        selesai_pada=k.selesai_pada,
        batas_tindak_lanjut=k.batas_tindak_lanjut,
        grup_chat_id=k.grup_chat_id,
        grup_message_id=k.grup_message_id,
    )


def _pesan(r: KendalaPesanRow) -> PesanKendala:
    return PesanKendala(
        id=r.id,
        kendala_id=r.kendala_id,
        dari=Dari(r.dari),
        isi=r.isi,
        saluran=r.saluran,
        dibuat_pada=r.dibuat_pada,
        nama=r.nama,
        telegram_user_id=r.telegram_user_id,
        akun_id=r.akun_id,
    )


class KendalaQueriesMixin:
    session: Session

    # ------------------------------------------------------------------ groups
    def _grup(self, row: TelegramGrupRow) -> GrupTelegram:
        nip = (
            self.session.scalar(
                select(PejabatRow.nip).where(PejabatRow.id == row.didaftarkan_oleh_id)
            )
            if row.didaftarkan_oleh_id is not None
            else None
        )
        return GrupTelegram(row.chat_id, row.peran, row.judul, nip, row.didaftarkan_pada)

    def grup_simpan(
        self, chat_id: int, peran: str, judul: str | None, oleh_nip: str | None, pada: datetime
    ) -> GrupTelegram:
        oleh_id = (
            self.session.scalar(select(PejabatRow.id).where(PejabatRow.nip == oleh_nip))
            if oleh_nip
            else None
        )
        self.session.execute(
            delete(TelegramGrupRow).where(
                TelegramGrupRow.peran == peran, TelegramGrupRow.chat_id != chat_id
            )
        )
        row = self.session.get(TelegramGrupRow, chat_id)
        if row is None:
            row = TelegramGrupRow(chat_id=chat_id)
            self.session.add(row)
        row.peran = peran
        row.judul = judul[:255] if judul else None
        row.didaftarkan_oleh_id = oleh_id
        row.didaftarkan_pada = pada
        self.session.flush()
        return self._grup(row)

    def grup_dengan_peran(self, peran: str) -> GrupTelegram | None:
        row = self.session.scalars(
            select(TelegramGrupRow)
            .where(TelegramGrupRow.peran == peran)
            .order_by(TelegramGrupRow.didaftarkan_pada.desc())
            .limit(1)
        ).first()
        return None if row is None else self._grup(row)

    # ------------------------------------------------------------------ kendala
    def kendala_tambah(self, data: KendalaInput) -> Kendala:
        pd_id = (
            self.session.scalar(
                select(PerangkatDaerahRow.id).where(PerangkatDaerahRow.kode == data.pd_kode)
            )
            if data.pd_kode
            else None
        )
        pelapor_id = (
            self.session.scalar(select(PejabatRow.id).where(PejabatRow.nip == data.pelapor_nip))
            if data.pelapor_nip
            else None
        )
        node_id = (
            self.session.scalar(
                select(NodeRow.id).where(
                    NodeRow.tahun == data.node_tahun, NodeRow.kode == data.node_kode
                )
            )
            if data.node_kode and data.node_tahun is not None
            else None
        )
        row = KendalaRow(
            pd_id=pd_id,
            pelapor_id=pelapor_id,
            node_id=node_id,
            realisasi_id=data.realisasi_id,
            periode=data.periode,
            uraian=data.uraian,
            status=StatusKendala.BARU.value,
            saluran=data.saluran,
            dibuat_pada=data.dibuat_pada,
        )
        self.session.add(row)
        self.session.flush()
        k = self.kendala_get(row.id)
        assert k is not None
        return k

    def kendala_get(self, kendala_id: int) -> Kendala | None:
        row = self.session.execute(_kendala_select().where(KendalaRow.id == kendala_id)).first()
        return None if row is None else _kendala(row)

    def kendala_kunci(self, kendala_id: int) -> None:
        # as lock_node: PostgreSQL row lock; on SQLite a no-op UPDATE takes the write lock first
        if self.session.get_bind().dialect.name == "sqlite":
            self.session.execute(
                update(KendalaRow)
                .where(KendalaRow.id == kendala_id)
                .values(status=KendalaRow.status)
            )
        else:
            self.session.execute(
                select(KendalaRow.id).where(KendalaRow.id == kendala_id).with_for_update()
            )

    def kendala_ubah_status(
        self,
        kendala_id: int,
        status: StatusKendala,
        ditanggapi_pada: datetime | None,
        selesai_pada: datetime | None,
        batas_tindak_lanjut: date | None,
    ) -> None:
        self.session.execute(
            update(KendalaRow)
            .where(KendalaRow.id == kendala_id)
            .values(
                status=status.value,
                ditanggapi_pada=ditanggapi_pada,
                selesai_pada=selesai_pada,
                batas_tindak_lanjut=batas_tindak_lanjut,
            )
        )

    def kendala_catat_posting(self, kendala_id: int, chat_id: int, message_id: int) -> None:
        self.session.execute(
            update(KendalaRow)
            .where(KendalaRow.id == kendala_id)
            .values(grup_chat_id=chat_id, grup_message_id=message_id)
        )

    def kendala_daftar(
        self, filter: FilterKendala, offset: int, limit: int
    ) -> tuple[list[Kendala], int]:
        syarat = []
        if filter.status is not None:
            syarat.append(KendalaRow.status == filter.status.value)
        if filter.pd_kode is not None:
            pd = aliased(PerangkatDaerahRow)
            syarat.append(KendalaRow.pd_id.in_(select(pd.id).where(pd.kode == filter.pd_kode)))
        if filter.pelapor_nip is not None:
            pj = aliased(PejabatRow)
            syarat.append(
                KendalaRow.pelapor_id.in_(select(pj.id).where(pj.nip == filter.pelapor_nip))
            )
        total = int(
            self.session.scalar(select(func.count()).select_from(KendalaRow).where(*syarat)) or 0
        )
        rows = self.session.execute(
            _kendala_select()
            .where(*syarat)
            .order_by(KendalaRow.dibuat_pada.desc(), KendalaRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_kendala(r) for r in rows], total

    def kendala_belum_diposting(self) -> list[Kendala]:
        rows = self.session.execute(
            _kendala_select()
            .where(
                KendalaRow.grup_message_id.is_(None),
                KendalaRow.status != StatusKendala.SELESAI.value,
            )
            .order_by(KendalaRow.dibuat_pada, KendalaRow.id)
        )
        return [_kendala(r) for r in rows]

    def kendala_by_realisasi(self, realisasi_id: int) -> Kendala | None:
        row = self.session.execute(
            _kendala_select()
            .where(KendalaRow.realisasi_id == realisasi_id)
            .order_by(KendalaRow.id)
            .limit(1)
        ).first()
        return None if row is None else _kendala(row)

    def kendala_realisasi_terkini(
        self, tahun: int, kode: str, bulan: int
    ) -> RealisasiKendala | None:
        pj = aliased(PejabatRow)
        pd = aliased(PerangkatDaerahRow)
        row = self.session.execute(
            select(RealisasiRow.id, RealisasiRow.revisi, RealisasiRow.kendala, pj.nip, pd.kode)
            .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
            .outerjoin(pj, NodeRow.penanggung_jawab_id == pj.id)
            .outerjoin(pd, NodeRow.pd_id == pd.id)
            .where(
                NodeRow.tahun == tahun,
                NodeRow.kode == kode,
                RealisasiRow.bulan == bulan,
            )
            .order_by(RealisasiRow.revisi.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        rid, revisi, kendala, nip, pd_kode = row
        return RealisasiKendala(rid, revisi, kendala, nip, pd_kode)

    # ------------------------------------------------------------------ thread
    def kendala_tambah_pesan(
        self,
        kendala_id: int,
        dari: Dari,
        isi: str,
        saluran: str,
        dibuat_pada: datetime,
        nama: str | None = None,
        telegram_user_id: int | None = None,
        akun_id: int | None = None,
    ) -> PesanKendala:
        row = KendalaPesanRow(
            kendala_id=kendala_id,
            dari=dari.value,
            nama=nama[:255] if nama else None,
            telegram_user_id=telegram_user_id,
            akun_id=akun_id,
            isi=isi,
            saluran=saluran,
            dibuat_pada=dibuat_pada,
        )
        self.session.add(row)
        self.session.flush()
        return _pesan(row)

    def kendala_pesan(self, kendala_id: int) -> list[PesanKendala]:
        rows = self.session.scalars(
            select(KendalaPesanRow)
            .where(KendalaPesanRow.kendala_id == kendala_id)
            .order_by(KendalaPesanRow.dibuat_pada, KendalaPesanRow.id)
        )
        return [_pesan(r) for r in rows]

    # ------------------------------------------------------------------ outbox
    def kendala_antre_pesan(
        self,
        kunci: str,
        penerima: str,
        chat_id: int | None,
        teks: str,
        tombol: Sequence[Sequence[dict[str, str]]] | None,
        dibuat_pada: datetime,
    ) -> int | None:
        if self.session.scalar(select(PesanKeluarRow.id).where(PesanKeluarRow.kunci == kunci)):
            return None
        row = PesanKeluarRow(
            kunci=kunci,
            jenis=_JENIS_PESAN,
            tahap=None,
            tanggal=local_date(dibuat_pada),
            penerima=penerima,
            chat_id=chat_id,
            teks=teks,
            tombol=json.dumps([list(r) for r in tombol]) if tombol else None,
            status="antri",
            percobaan=0,
            dibuat_pada=dibuat_pada,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # the same kunci queued concurrently: it is there, once
            return None
        return row.id
