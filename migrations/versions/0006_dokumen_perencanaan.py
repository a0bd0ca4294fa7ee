"""dokumen_perencanaan: the submission of a PD's PK, KKL and KAK per tahun anggaran

Pergub Banten 17/2023 Pasal 8(4)(5) (Perjanjian Kinerja), 9(2)(3) (KKL) and 10(2)(3) (KAK): due one
month after the APBD is set, and again after an APBD change (``perubahan``). One row per PD, year,
kind and round records when the PD submitted it (``diserahkan_pada``, a WIB date), so the reminders
stop and the overdue notice, Bappeda's digest and the weekly summary know who has not submitted.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.persistence.types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dokumen_perencanaan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pd_id", sa.Integer(), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("jenis", sa.String(length=8), nullable=False),
        sa.Column("perubahan", sa.Boolean(), nullable=False),
        sa.Column("diserahkan_pada", sa.Date(), nullable=False),
        sa.Column("dicatat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(length=255), nullable=True),
        sa.Column("saluran", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "jenis IN ('PK', 'KKL', 'KAK')", name=op.f("ck_dokumen_perencanaan_jenis")
        ),
        sa.ForeignKeyConstraint(
            ["pd_id"],
            ["perangkat_daerah.id"],
            name=op.f("fk_dokumen_perencanaan_pd_id_perangkat_daerah"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dokumen_perencanaan")),
        sa.UniqueConstraint(
            "pd_id",
            "tahun",
            "jenis",
            "perubahan",
            name="uq_dokumen_perencanaan_pd_tahun_jenis_perubahan",
        ),
    )
    with op.batch_alter_table("dokumen_perencanaan", schema=None) as batch_op:
        batch_op.create_index("ix_dokumen_perencanaan_tahun", ["tahun"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dokumen_perencanaan", schema=None) as batch_op:
        batch_op.drop_index("ix_dokumen_perencanaan_tahun")
    op.drop_table("dokumen_perencanaan")
