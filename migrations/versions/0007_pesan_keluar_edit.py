"""pesan_keluar.edit_message_id: an outbox row may edit a message instead of sending a new one

A kendala answered or closed from the dashboard or the REST API updates its post in Bappeda's
Telegram group through the outbox: the row carries the post's message id (``edit_message_id``) and
the sender calls editMessageText on ``chat_id`` / ``edit_message_id`` with the row's text and
buttons. NULL (every earlier row): a new message (sendMessage), as before.

SQLite: the column is added and dropped in place (``recreate="never"``; DROP COLUMN needs SQLite
3.35): recreating ``pesan_keluar`` would lose its CHECK constraint and, with foreign keys on,
cascade into ``pengingat_terkirim``.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pesan_keluar", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("edit_message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pesan_keluar", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("edit_message_id")
