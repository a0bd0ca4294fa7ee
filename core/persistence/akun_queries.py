"""SQL side of core.ports_akun: mixed into SqlRepository."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from core.cascade import Tingkat
from core.persistence.models import (
    AkunRow,
    ApiTokenRow,
    NodeRow,
    PerangkatDaerahRow,
    RealisasiRow,
    RoppBulanRow,
    SesiRow,
)
from core.ports_akun import Akun, ApiToken, BarisKepatuhan, SesiTersimpan


def _akun(row: AkunRow, pd_kode: str | None) -> Akun:
    return Akun(
        id=row.id,
        username=row.username,
        nama=row.nama,
        peran=row.peran,
        pd_kode=pd_kode,
        aktif=row.aktif,
        gagal_login=row.gagal_login,
        terkunci_sampai=row.terkunci_sampai,
        dibuat_pada=row.dibuat_pada,
        password_hash=row.password_hash,
    )


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.id, row.akun_id, row.nama, row.dibuat_pada, row.dicabut_pada)


class AkunQueriesMixin:
    session: Session

    # ------------------------------------------------------------------ accounts
    def _akun_query(self) -> Select[AkunRow, str]:
        return select(AkunRow, PerangkatDaerahRow.kode).outerjoin(
            PerangkatDaerahRow, AkunRow.pd_id == PerangkatDaerahRow.id
        )

    def add_akun(
        self,
        username: str,
        nama: str,
        password_hash: str,
        peran: str,
        pd_kode: str | None,
        dibuat_pada: datetime,
    ) -> Akun:
        pd_id = None
        if pd_kode is not None:
            pd_id = self.session.scalar(
                select(PerangkatDaerahRow.id).where(PerangkatDaerahRow.kode == pd_kode)
            )
            assert pd_id is not None, "PD harus diperiksa sebelum akun disimpan"
        row = AkunRow(
            username=username,
            nama=nama,
            password_hash=password_hash,
            peran=peran,
            pd_id=pd_id,
            aktif=True,
            gagal_login=0,
            dibuat_pada=dibuat_pada,
        )
        self.session.add(row)
        self.session.flush()
        return _akun(row, pd_kode)

    def get_akun(self, username: str) -> Akun | None:
        r = self.session.execute(self._akun_query().where(AkunRow.username == username)).first()
        return _akun(r[0], r[1]) if r else None

    def get_akun_by_id(self, akun_id: int) -> Akun | None:
        r = self.session.execute(self._akun_query().where(AkunRow.id == akun_id)).first()
        return _akun(r[0], r[1]) if r else None

    def list_akun(self) -> list[Akun]:
        rows = self.session.execute(self._akun_query().order_by(AkunRow.username)).all()
        return [_akun(r, k) for r, k in rows]

    def set_status_login(
        self, akun_id: int, gagal_login: int, terkunci_sampai: datetime | None
    ) -> None:
        self.session.execute(
            update(AkunRow)
            .where(AkunRow.id == akun_id)
            .values(gagal_login=gagal_login, terkunci_sampai=terkunci_sampai)
        )

    def set_password_hash(self, akun_id: int, password_hash: str) -> None:
        self.session.execute(
            update(AkunRow).where(AkunRow.id == akun_id).values(password_hash=password_hash)
        )

    def set_akun_aktif(self, akun_id: int, aktif: bool) -> None:
        self.session.execute(update(AkunRow).where(AkunRow.id == akun_id).values(aktif=aktif))

    # ------------------------------------------------------------------ sessions
    def add_sesi(
        self,
        akun_id: int,
        token_hash: str,
        csrf: str,
        dibuat_pada: datetime,
        kedaluwarsa_pada: datetime,
    ) -> None:
        self.session.add(
            SesiRow(
                token_hash=token_hash,
                akun_id=akun_id,
                csrf=csrf,
                dibuat_pada=dibuat_pada,
                kedaluwarsa_pada=kedaluwarsa_pada,
            )
        )
        self.session.flush()

    def get_sesi(self, token_hash: str) -> SesiTersimpan | None:
        row = self.session.scalar(select(SesiRow).where(SesiRow.token_hash == token_hash))
        if row is None:
            return None
        return SesiTersimpan(row.akun_id, row.csrf, row.dibuat_pada, row.kedaluwarsa_pada)

    def delete_sesi(self, token_hash: str) -> bool:
        result = self.session.execute(delete(SesiRow).where(SesiRow.token_hash == token_hash))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def delete_sesi_akun(self, akun_id: int) -> int:
        result = self.session.execute(delete(SesiRow).where(SesiRow.akun_id == akun_id))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def delete_sesi_kedaluwarsa(self, now: datetime) -> int:
        result = self.session.execute(delete(SesiRow).where(SesiRow.kedaluwarsa_pada <= now))
        return int(result.rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ API tokens
    def add_api_token(
        self, akun_id: int, nama: str, token_hash: str, dibuat_pada: datetime
    ) -> ApiToken:
        row = ApiTokenRow(
            akun_id=akun_id, nama=nama, token_hash=token_hash, dibuat_pada=dibuat_pada
        )
        self.session.add(row)
        self.session.flush()
        return _token(row)

    def get_api_token(self, token_hash: str) -> ApiToken | None:
        row = self.session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
        return _token(row) if row else None

    def list_api_token(self, akun_id: int | None = None) -> list[ApiToken]:
        q = select(ApiTokenRow).order_by(ApiTokenRow.id)
        if akun_id is not None:
            q = q.where(ApiTokenRow.akun_id == akun_id)
        return [_token(r) for r in self.session.scalars(q)]

    def revoke_api_token(self, token_id: int, when: datetime) -> bool:
        result = self.session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.dicabut_pada.is_(None))
            .values(dicabut_pada=when)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ compliance
    def baris_kepatuhan(self, tahun: int) -> BarisKepatuhan:
        # Core-level reads (no ORM row processing: ~20k rows for the demo province); decimals are
        # compared in Python because SQLite stores them as exact text
        conn = self.session.connection()
        wajib = [
            (pd_kode, kode, bulan)
            for pd_kode, kode, bulan, bobot, kas in conn.execute(
                select(
                    PerangkatDaerahRow.kode,
                    NodeRow.kode,
                    RoppBulanRow.bulan,
                    RoppBulanRow.target_bobot,
                    RoppBulanRow.anggaran_kas,
                )
                .join(NodeRow, RoppBulanRow.node_id == NodeRow.id)
                .join(PerangkatDaerahRow, NodeRow.pd_id == PerangkatDaerahRow.id)
                .where(NodeRow.tahun == tahun, NodeRow.tingkat == Tingkat.SUB_KEGIATAN.value)
            )
            if bobot > 0 or kas > 0
        ]
        pertama = {
            (kode, bulan): pada
            for kode, bulan, pada in conn.execute(
                select(NodeRow.kode, RealisasiRow.bulan, func.min(RealisasiRow.dibuat_pada))
                .join(NodeRow, RealisasiRow.node_id == NodeRow.id)
                .where(NodeRow.tahun == tahun, NodeRow.tingkat == Tingkat.SUB_KEGIATAN.value)
                .group_by(NodeRow.kode, RealisasiRow.bulan)
            )
        }
        pd_nama = {
            kode: nama
            for kode, nama in conn.execute(select(PerangkatDaerahRow.kode, PerangkatDaerahRow.nama))
        }
        return BarisKepatuhan(wajib, pertama, pd_nama)
