"""Migration 0004 (kendala, bukti dukung, outbox and sent-log, accounts, month locks).

The ORM models and the Alembic schema agree on both databases, the migration goes down and up
again, and the sent-log's unique keys hold at the database level (issue 5: "never twice").
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.persistence.db import downgrade, make_engine, upgrade
from core.persistence.models import PengingatTerkirimRow, PesanKeluarRow

TABLES_0004 = {
    "telegram_grup",
    "kendala",
    "kendala_pesan",
    "bukti_dukung",
    "pesan_keluar",
    "pengingat_terkirim",
    "akun",
    "sesi",
    "api_token",
    "kunci_bulan",
}


def test_migration_0004_downgrades_and_upgrades(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    downgrade(url, "0003")
    eng = make_engine(url)
    with eng.connect() as conn:
        insp = inspect(conn)
        assert TABLES_0004.isdisjoint(insp.get_table_names())
        assert "peran" not in {c["name"] for c in insp.get_columns("pejabat")}
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        insp = inspect(conn)
        assert TABLES_0004 <= set(insp.get_table_names())
        assert "peran" in {c["name"] for c in insp.get_columns("pejabat")}
    eng.dispose()


def _pesan(kunci: str) -> PesanKeluarRow:
    return PesanKeluarRow(
        kunci=kunci,
        jenis="pengingat",
        penerima="199001012020011001",
        teks="Pengingat",
        status="antri",
        dibuat_pada=datetime(2026, 2, 3, 1, 0, tzinfo=UTC),
    )


def test_outbox_key_is_unique(engine) -> None:
    with Session(engine) as s:
        s.add(_pesan("a|H-1|x"))
        s.commit()
        s.add(_pesan("a|H-1|x"))
        with pytest.raises(IntegrityError):
            s.commit()


def test_sent_log_item_key_is_unique(engine) -> None:
    with Session(engine) as s:
        p = _pesan("b|H|y")
        s.add(p)
        s.flush()
        when = datetime(2026, 2, 3, 1, 0, tzinfo=UTC)
        s.add(
            PengingatTerkirimRow(
                kunci="nip|bulanan|2026-01|X|2026-02-06|H", pesan_id=p.id, dicatat_pada=when
            )
        )
        s.commit()
        s.add(
            PengingatTerkirimRow(
                kunci="nip|bulanan|2026-01|X|2026-02-06|H", pesan_id=p.id, dicatat_pada=when
            )
        )
        with pytest.raises(IntegrityError):
            s.commit()
