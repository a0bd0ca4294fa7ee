"""SQL side of core.ports_kirim: mixed into SqlRepository."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from core.calendar import local_date
from core.errors import KonflikError
from core.persistence.models import (
    PejabatRow,
    PengingatTerkirimRow,
    PerangkatDaerahRow,
    PesanKeluarRow,
    TelegramGrupRow,
)
from core.ports_kirim import (
    ANTRI,
    DIBLOKIR,
    DILEWATI,
    GAGAL,
    JENIS_PENGINGAT,
    MENGIRIM,
    PENERIMA_BAPPEDA,
    TERKIRIM,
    PenerimaTidakTerjangkau,
    PesanBaru,
    PesanKirim,
    PesanTercatat,
    Tombol,
)

_CHUNK = 500
GALAT_BELUM_TAUT = "belum menautkan Telegram"


def _tombol(raw: str | None) -> Tombol | None:
    if not raw:
        return None
    data: Any = json.loads(raw)
    return data if isinstance(data, list) else None


def _tercatat(r: PesanKeluarRow) -> PesanTercatat:
    return PesanTercatat(
        id=r.id,
        kunci=r.kunci,
        jenis=r.jenis,
        tahap=r.tahap,
        tanggal=r.tanggal,
        penerima=r.penerima,
        chat_id=r.chat_id,
        teks=r.teks,
        tombol=_tombol(r.tombol),
        status=r.status,
        percobaan=r.percobaan,
        telegram_message_id=r.telegram_message_id,
        galat=r.galat,
        dibuat_pada=r.dibuat_pada,
        dikirim_pada=r.dikirim_pada,
        edit_message_id=r.edit_message_id,
    )


class KirimQueriesMixin:
    session: Session

    def pesan_ada(self, kunci: str) -> bool:
        return (
            self.session.scalar(select(PesanKeluarRow.id).where(PesanKeluarRow.kunci == kunci))
            is not None
        )

    def sudah_tercatat(self, item_kunci: Collection[str]) -> set[str]:
        keys = list(item_kunci)
        out: set[str] = set()
        for i in range(0, len(keys), _CHUNK):
            out.update(
                self.session.scalars(
                    select(PengingatTerkirimRow.kunci).where(
                        PengingatTerkirimRow.kunci.in_(keys[i : i + _CHUNK])
                    )
                )
            )
        return out

    def tambah_pesan(self, pesan: PesanBaru, now: datetime) -> int:
        row = PesanKeluarRow(
            kunci=pesan.kunci,
            jenis=pesan.jenis,
            tahap=pesan.tahap,
            tanggal=pesan.tanggal,
            penerima=pesan.penerima,
            chat_id=pesan.chat_id,
            teks=pesan.teks,
            tombol=None if pesan.tombol is None else json.dumps(pesan.tombol, ensure_ascii=False),
            status=pesan.status,
            percobaan=0,
            galat=pesan.galat,
            dibuat_pada=now,
            edit_message_id=pesan.edit_message_id,
        )
        try:
            self.session.add(row)
            self.session.flush()
            if pesan.item_kunci:
                self.session.add_all(
                    PengingatTerkirimRow(kunci=k, pesan_id=row.id, dicatat_pada=now)
                    for k in pesan.item_kunci
                )
                self.session.flush()
        except (IntegrityError, OperationalError) as exc:
            if isinstance(exc, OperationalError) and "locked" not in str(exc.orig):
                raise
            # the same kunci (outbox) or item (sent-log) written by another run or process
            raise KonflikError(f"Pesan {pesan.kunci} sudah tercatat.") from exc
        return row.id

    def chat_pejabat(self, nips: Collection[str]) -> dict[str, int]:
        keys = list(nips)
        out: dict[str, int] = {}
        for i in range(0, len(keys), _CHUNK):
            for nip, chat in self.session.execute(
                select(PejabatRow.nip, PejabatRow.telegram_user_id).where(
                    PejabatRow.nip.in_(keys[i : i + _CHUNK]),
                    PejabatRow.telegram_user_id.is_not(None),
                )
            ):
                if chat is not None:
                    out[nip] = int(chat)
        return out

    def chat_bappeda(self) -> int | None:
        chat = self.session.scalar(
            select(TelegramGrupRow.chat_id)
            .where(TelegramGrupRow.peran == PENERIMA_BAPPEDA)
            .order_by(TelegramGrupRow.didaftarkan_pada.desc())
            .limit(1)
        )
        return None if chat is None else int(chat)

    def pulihkan_mengirim(self, now: datetime) -> int:
        res = self.session.execute(
            update(PesanKeluarRow)
            .where(PesanKeluarRow.status == MENGIRIM, PesanKeluarRow.coba_lagi_pada < now)
            .values(
                status=ANTRI,
                coba_lagi_pada=None,
                galat="dipulihkan: proses berhenti saat mengirim",
            )
            .execution_options(synchronize_session=False)
        )
        return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def lewati_pengingat_usang(self, sebelum: date, now: datetime) -> int:
        usang = (
            PesanKeluarRow.status == ANTRI,
            PesanKeluarRow.jenis == JENIS_PENGINGAT,
            PesanKeluarRow.tanggal < sebelum,
        )
        # writes only (no read first): safe under SQLite's locking and PostgreSQL's row locks
        self.session.execute(
            delete(PengingatTerkirimRow).where(
                PengingatTerkirimRow.pesan_id.in_(select(PesanKeluarRow.id).where(*usang))
            )
        )
        res = self.session.execute(
            update(PesanKeluarRow)
            .where(*usang)
            .values(status=DILEWATI, galat="usang: tidak terkirim pada harinya")
            .execution_options(synchronize_session=False)
        )
        return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def tandai_tanpa_chat(self, now: datetime) -> int:
        res = self.session.execute(
            update(PesanKeluarRow)
            .where(PesanKeluarRow.status == ANTRI, PesanKeluarRow.chat_id.is_(None))
            .values(status=GAGAL, galat=GALAT_BELUM_TAUT)
            .execution_options(synchronize_session=False)
        )
        return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def klaim_pesan(self, now: datetime, batas: int, sewa_sampai: datetime) -> list[PesanKirim]:
        calon = (
            select(PesanKeluarRow.id)
            .where(
                PesanKeluarRow.status == ANTRI,
                PesanKeluarRow.chat_id.is_not(None),
                or_(
                    PesanKeluarRow.coba_lagi_pada.is_(None),
                    PesanKeluarRow.coba_lagi_pada <= now,
                ),
                # a reminder of an earlier day is never sent late: the next daily run marks it
                # 'dilewati' and re-plans what is still relevant (catch-up rule)
                or_(
                    PesanKeluarRow.jenis != JENIS_PENGINGAT,
                    PesanKeluarRow.tanggal.is_(None),
                    PesanKeluarRow.tanggal >= local_date(now),
                ),
            )
            .order_by(PesanKeluarRow.id)
            .limit(batas)
            .scalar_subquery()
        )
        for _ in range(5):  # candidates all taken by another process meanwhile: look again
            out = self._klaim(calon, sewa_sampai)
            if out:
                return out
            if (
                self.session.scalar(
                    select(func.count())
                    .select_from(PesanKeluarRow)
                    .where(PesanKeluarRow.id.in_(calon))
                )
                == 0
            ):
                return []
        return []

    def _klaim(self, calon: Any, sewa_sampai: datetime) -> list[PesanKirim]:
        # One conditional UPDATE (a write first: SQLite takes the write lock with its busy wait,
        # no stale read snapshot): a row claimed by another process meanwhile no longer matches
        # status='antri' (PostgreSQL re-checks the WHERE after the row lock).
        rows = self.session.execute(
            update(PesanKeluarRow)
            .where(PesanKeluarRow.id.in_(calon), PesanKeluarRow.status == ANTRI)
            .values(
                status=MENGIRIM,
                percobaan=PesanKeluarRow.percobaan + 1,
                coba_lagi_pada=sewa_sampai,
            )
            .returning(
                PesanKeluarRow.id,
                PesanKeluarRow.kunci,
                PesanKeluarRow.jenis,
                PesanKeluarRow.penerima,
                PesanKeluarRow.chat_id,
                PesanKeluarRow.teks,
                PesanKeluarRow.tombol,
                PesanKeluarRow.percobaan,
                PesanKeluarRow.edit_message_id,
            )
            .execution_options(synchronize_session=False)
        ).all()
        out = [
            PesanKirim(
                id=r.id,
                kunci=r.kunci,
                jenis=r.jenis,
                penerima=r.penerima,
                chat_id=int(r.chat_id),
                teks=r.teks,
                tombol=_tombol(r.tombol),
                percobaan=r.percobaan,
                edit_message_id=None if r.edit_message_id is None else int(r.edit_message_id),
            )
            for r in rows
        ]
        out.sort(key=lambda p: p.id)
        return out

    def _dari_mengirim(self, pesan_id: int, **values: Any) -> bool:
        res = self.session.execute(
            update(PesanKeluarRow)
            .where(PesanKeluarRow.id == pesan_id, PesanKeluarRow.status == MENGIRIM)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(res.rowcount)  # type: ignore[attr-defined]

    def tandai_terkirim(self, pesan_id: int, telegram_message_id: int, now: datetime) -> bool:
        return self._dari_mengirim(
            pesan_id,
            status=TERKIRIM,
            telegram_message_id=telegram_message_id,
            dikirim_pada=now,
            coba_lagi_pada=None,
        )

    def tandai_akhir(self, pesan_id: int, status: str, galat: str, now: datetime) -> bool:
        if status not in (GAGAL, DIBLOKIR):
            raise ValueError(f"status akhir tidak sah: {status!r}")
        return self._dari_mengirim(pesan_id, status=status, galat=galat, coba_lagi_pada=None)

    def kembalikan_antri(self, pesan_id: int, coba_lagi_pada: datetime, galat: str) -> bool:
        return self._dari_mengirim(
            pesan_id, status=ANTRI, coba_lagi_pada=coba_lagi_pada, galat=galat
        )

    def gantikan_edit(self, chat_id: int, message_id: int) -> int:
        res = self.session.execute(
            update(PesanKeluarRow)
            .where(
                PesanKeluarRow.chat_id == chat_id,
                PesanKeluarRow.edit_message_id == message_id,
                PesanKeluarRow.status.in_([ANTRI, MENGIRIM]),
            )
            .values(status=DILEWATI, galat="digantikan oleh perubahan yang lebih baru")
            .execution_options(synchronize_session=False)
        )
        return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def masih_dikirim(self, pesan_id: int) -> bool:
        status = self.session.scalar(
            select(PesanKeluarRow.status).where(PesanKeluarRow.id == pesan_id)
        )
        return status == MENGIRIM

    def daftar_pesan(
        self,
        tanggal: date | None = None,
        status: Sequence[str] | None = None,
        penerima: str | None = None,
    ) -> list[PesanTercatat]:
        q = select(PesanKeluarRow).order_by(PesanKeluarRow.id)
        if tanggal is not None:
            q = q.where(PesanKeluarRow.tanggal == tanggal)
        if status is not None:
            q = q.where(PesanKeluarRow.status.in_(list(status)))
        if penerima is not None:
            q = q.where(PesanKeluarRow.penerima == penerima)
        return [_tercatat(r) for r in self.session.scalars(q)]

    def hitung_status(self) -> dict[str, int]:
        return {
            s: int(n)
            for s, n in self.session.execute(
                select(PesanKeluarRow.status, func.count()).group_by(PesanKeluarRow.status)
            )
        }

    def pesan_diblokir(self) -> list[PenerimaTidakTerjangkau]:
        terakhir = (
            select(PesanKeluarRow.penerima, func.max(PesanKeluarRow.id).label("id"))
            .where(
                PesanKeluarRow.status.in_([TERKIRIM, GAGAL, DIBLOKIR]),
                PesanKeluarRow.edit_message_id.is_(None),  # a failed edit: still reachable
            )
            .group_by(PesanKeluarRow.penerima)
            .subquery()
        )
        jumlah = (
            select(PesanKeluarRow.penerima, func.count().label("n"))
            .where(
                PesanKeluarRow.status.in_([GAGAL, DIBLOKIR]),
                PesanKeluarRow.edit_message_id.is_(None),
            )
            .group_by(PesanKeluarRow.penerima)
            .subquery()
        )
        rows = self.session.execute(
            select(
                PesanKeluarRow.penerima,
                PejabatRow.nama,
                PerangkatDaerahRow.kode,
                PesanKeluarRow.status,
                PesanKeluarRow.galat,
                jumlah.c.n,
                PesanKeluarRow.dibuat_pada,
            )
            .join(terakhir, terakhir.c.id == PesanKeluarRow.id)
            .join(jumlah, jumlah.c.penerima == PesanKeluarRow.penerima)
            .outerjoin(PejabatRow, PejabatRow.nip == PesanKeluarRow.penerima)
            .outerjoin(PerangkatDaerahRow, PerangkatDaerahRow.id == PejabatRow.pd_id)
            .where(PesanKeluarRow.status.in_([GAGAL, DIBLOKIR]))
            .order_by(PerangkatDaerahRow.kode, PejabatRow.nama, PesanKeluarRow.penerima)
        ).all()
        return [
            PenerimaTidakTerjangkau(
                penerima=r[0],
                nama=r[1],
                pd_kode=r[2],
                status=r[3],
                galat=r[4],
                jumlah_pesan=int(r[5]),
                terakhir=r[6],
            )
            for r in rows
        ]
