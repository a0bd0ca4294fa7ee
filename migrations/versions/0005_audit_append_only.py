"""perubahan_data is append-only: the database refuses UPDATE and DELETE of the audit trail

Pergub 42/2018 Pasal 28: data must be traceable, every correction kept. The application has no path
that edits the trail (issue 6); these triggers make the database refuse it too, whoever connects.
TRUNCATE (a table owner's maintenance operation, used by the test fixtures) is not a row change and
is not blocked.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PESAN = "perubahan_data hanya boleh ditambah: jejak audit tidak dapat diubah atau dihapus"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION perubahan_data_tolak_ubah() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{PESAN}' USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
        op.execute(
            """
            CREATE TRIGGER perubahan_data_append_only
            BEFORE UPDATE OR DELETE ON perubahan_data
            FOR EACH ROW EXECUTE FUNCTION perubahan_data_tolak_ubah()
            """
        )
    else:
        for aksi in ("update", "delete"):
            op.execute(
                f"""
                CREATE TRIGGER perubahan_data_no_{aksi}
                BEFORE {aksi.upper()} ON perubahan_data
                BEGIN
                    SELECT RAISE(ABORT, '{PESAN}');
                END
                """
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS perubahan_data_append_only ON perubahan_data")
        op.execute("DROP FUNCTION IF EXISTS perubahan_data_tolak_ubah()")
    else:
        op.execute("DROP TRIGGER IF EXISTS perubahan_data_no_update")
        op.execute("DROP TRIGGER IF EXISTS perubahan_data_no_delete")
