"""indikator.target_tw1..target_tw4: the quarterly targets of an indicator

Pergub Banten 17/2023 Lampiran II: the capaian of a program or sasaran indicator in the quarterly
Laporan Kinerja is measured against its quarterly target ("Kolom 11 : Capaian triwulanan satuan =
kolom 9 / kolom 7 * 100", kolom 7 "target kinerja triwulanan indikator program"; the Sasaran table
likewise, kolom 12 = kolom 10 / kolom 8), set in the Tabel Rencana Kinerja Program/Sasaran Triwulanan
(kolom 7, 9, 11, 13: the target of the indicator in Tw 1..4). NULL (every earlier row): that quarter
has no target set, and the report falls back to the annual target with a note.

SQLite: the columns are added and dropped in place (``recreate="never"``; DROP COLUMN needs SQLite
3.35): recreating ``indikator`` would, with foreign keys on, cascade into ``indikator_anak`` and
``realisasi_indikator``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.persistence.types import DecimalType

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KOLOM = ("target_tw1", "target_tw2", "target_tw3", "target_tw4")


def upgrade() -> None:
    with op.batch_alter_table("indikator", schema=None, recreate="never") as batch_op:
        for nama in KOLOM:
            batch_op.add_column(sa.Column(nama, DecimalType(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indikator", schema=None, recreate="never") as batch_op:
        for nama in reversed(KOLOM):
            batch_op.drop_column(nama)
