"""perubahan_data: the change log of imported (and otherwise changed) data

Pergub 42/2018 Pasal 28: keep who changed what, when, and every correction.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.persistence.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "perubahan_data",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "dicatat_pada", core.persistence.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("saluran", sa.String(length=16), nullable=False),
        sa.Column("oleh", sa.String(length=255), nullable=True),
        sa.Column("entitas", sa.String(length=16), nullable=False),
        sa.Column("kode", sa.String(length=255), nullable=False),
        sa.Column("kolom", sa.String(length=64), nullable=False),
        sa.Column("nilai_lama", sa.Text(), nullable=True),
        sa.Column("nilai_baru", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_perubahan_data")),
    )
    with op.batch_alter_table("perubahan_data", schema=None) as batch_op:
        batch_op.create_index("ix_perubahan_data_entitas_kode", ["entitas", "kode"], unique=False)
        batch_op.create_index("ix_perubahan_data_dicatat_pada", ["dicatat_pada"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("perubahan_data", schema=None) as batch_op:
        batch_op.drop_index("ix_perubahan_data_dicatat_pada")
        batch_op.drop_index("ix_perubahan_data_entitas_kode")
    op.drop_table("perubahan_data")
