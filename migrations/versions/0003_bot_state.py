"""bot_state: Telegram conversation states and user data, so a restart resumes a conversation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_state",
        sa.Column("jenis", sa.String(length=64), nullable=False),
        sa.Column("kunci", sa.String(length=255), nullable=False),
        sa.Column("nilai", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("jenis", "kunci", name=op.f("pk_bot_state")),
    )


def downgrade() -> None:
    op.drop_table("bot_state")
