"""Tables for the bot's kendala and bukti dukung, the reminder outbox and sent-log, dashboard and
API accounts, sessions and tokens, and month locking (issues 4, 5 and 6)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.persistence.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pejabat", schema=None) as batch_op:
        batch_op.add_column(sa.Column("peran", sa.String(length=16), nullable=True))

    op.create_table(
        "telegram_grup",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("peran", sa.String(length=16), nullable=False),
        sa.Column("judul", sa.String(length=255), nullable=True),
        sa.Column("didaftarkan_oleh_id", sa.Integer(), nullable=True),
        sa.Column("didaftarkan_pada", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["didaftarkan_oleh_id"],
            ["pejabat.id"],
            name=op.f("fk_telegram_grup_didaftarkan_oleh_id_pejabat"),
        ),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_telegram_grup")),
    )

    op.create_table(
        "kendala",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pd_id", sa.Integer(), nullable=True),
        sa.Column("pelapor_id", sa.Integer(), nullable=True),
        sa.Column("node_id", sa.Integer(), nullable=True),
        sa.Column("realisasi_id", sa.Integer(), nullable=True),
        sa.Column("periode", sa.String(length=16), nullable=True),
        sa.Column("uraian", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("saluran", sa.String(length=16), nullable=False),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.Column("ditanggapi_pada", UTCDateTime(timezone=True), nullable=True),
        sa.Column("selesai_pada", UTCDateTime(timezone=True), nullable=True),
        sa.Column("batas_tindak_lanjut", sa.Date(), nullable=True),
        sa.Column("grup_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("grup_message_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "status IN ('baru', 'ditanggapi', 'selesai')", name=op.f("ck_kendala_status")
        ),
        sa.ForeignKeyConstraint(
            ["pd_id"], ["perangkat_daerah.id"], name=op.f("fk_kendala_pd_id_perangkat_daerah")
        ),
        sa.ForeignKeyConstraint(
            ["pelapor_id"], ["pejabat.id"], name=op.f("fk_kendala_pelapor_id_pejabat")
        ),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["cascade_node.id"],
            name=op.f("fk_kendala_node_id_cascade_node"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["realisasi_id"],
            ["realisasi.id"],
            name=op.f("fk_kendala_realisasi_id_realisasi"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kendala")),
    )
    with op.batch_alter_table("kendala", schema=None) as batch_op:
        batch_op.create_index("ix_kendala_status", ["status"], unique=False)
        batch_op.create_index("ix_kendala_pd_id", ["pd_id"], unique=False)

    op.create_table(
        "kendala_pesan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kendala_id", sa.Integer(), nullable=False),
        sa.Column("dari", sa.String(length=16), nullable=False),
        sa.Column("nama", sa.String(length=255), nullable=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("akun_id", sa.Integer(), nullable=True),
        sa.Column("isi", sa.Text(), nullable=False),
        sa.Column("saluran", sa.String(length=16), nullable=False),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("dari IN ('pelapor', 'bappeda')", name=op.f("ck_kendala_pesan_dari")),
        sa.ForeignKeyConstraint(
            ["kendala_id"],
            ["kendala.id"],
            name=op.f("fk_kendala_pesan_kendala_id_kendala"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kendala_pesan")),
    )
    with op.batch_alter_table("kendala_pesan", schema=None) as batch_op:
        batch_op.create_index("ix_kendala_pesan_kendala_id", ["kendala_id"], unique=False)

    op.create_table(
        "bukti_dukung",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("realisasi_id", sa.Integer(), nullable=False),
        sa.Column("jenis", sa.String(length=16), nullable=False),
        sa.Column("telegram_file_id", sa.String(length=255), nullable=True),
        sa.Column("telegram_file_unique_id", sa.String(length=128), nullable=True),
        sa.Column("nama_file", sa.String(length=255), nullable=True),
        sa.Column("mime", sa.String(length=128), nullable=True),
        sa.Column("ukuran", sa.Integer(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("jenis IN ('foto', 'dokumen')", name=op.f("ck_bukti_dukung_jenis")),
        sa.ForeignKeyConstraint(
            ["realisasi_id"],
            ["realisasi.id"],
            name=op.f("fk_bukti_dukung_realisasi_id_realisasi"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bukti_dukung")),
    )
    with op.batch_alter_table("bukti_dukung", schema=None) as batch_op:
        batch_op.create_index("ix_bukti_dukung_realisasi_id", ["realisasi_id"], unique=False)

    op.create_table(
        "pesan_keluar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kunci", sa.String(length=255), nullable=False),
        sa.Column("jenis", sa.String(length=32), nullable=False),
        sa.Column("tahap", sa.String(length=32), nullable=True),
        sa.Column("tanggal", sa.Date(), nullable=True),
        sa.Column("penerima", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("teks", sa.Text(), nullable=False),
        sa.Column("tombol", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("percobaan", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("galat", sa.Text(), nullable=True),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.Column("dikirim_pada", UTCDateTime(timezone=True), nullable=True),
        sa.Column("coba_lagi_pada", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('antri', 'mengirim', 'terkirim', 'gagal', 'diblokir', 'dilewati')",
            name=op.f("ck_pesan_keluar_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pesan_keluar")),
        sa.UniqueConstraint("kunci", name=op.f("uq_pesan_keluar_kunci")),
    )
    with op.batch_alter_table("pesan_keluar", schema=None) as batch_op:
        batch_op.create_index("ix_pesan_keluar_status", ["status"], unique=False)
        batch_op.create_index("ix_pesan_keluar_tanggal", ["tanggal"], unique=False)

    op.create_table(
        "pengingat_terkirim",
        sa.Column("kunci", sa.String(length=255), nullable=False),
        sa.Column("pesan_id", sa.Integer(), nullable=False),
        sa.Column("dicatat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pesan_id"],
            ["pesan_keluar.id"],
            name=op.f("fk_pengingat_terkirim_pesan_id_pesan_keluar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("kunci", name=op.f("pk_pengingat_terkirim")),
    )

    op.create_table(
        "akun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("nama", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("peran", sa.String(length=16), nullable=False),
        sa.Column("pd_id", sa.Integer(), nullable=True),
        sa.Column("aktif", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("gagal_login", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("terkunci_sampai", UTCDateTime(timezone=True), nullable=True),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("peran IN ('admin', 'bappeda', 'pd')", name=op.f("ck_akun_peran")),
        sa.ForeignKeyConstraint(
            ["pd_id"], ["perangkat_daerah.id"], name=op.f("fk_akun_pd_id_perangkat_daerah")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_akun")),
        sa.UniqueConstraint("username", name=op.f("uq_akun_username")),
    )

    op.create_table(
        "sesi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("akun_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.Column("kedaluwarsa_pada", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["akun_id"], ["akun.id"], name=op.f("fk_sesi_akun_id_akun"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sesi")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sesi_token_hash")),
    )

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("akun_id", sa.Integer(), nullable=False),
        sa.Column("nama", sa.String(length=128), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("dibuat_pada", UTCDateTime(timezone=True), nullable=False),
        sa.Column("dicabut_pada", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["akun_id"], ["akun.id"], name=op.f("fk_api_token_akun_id_akun"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )

    op.create_table(
        "kunci_bulan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pd_id", sa.Integer(), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("bulan", sa.Integer(), nullable=False),
        sa.Column("terkunci", sa.Boolean(), nullable=False),
        sa.Column("oleh", sa.String(length=255), nullable=True),
        sa.Column("alasan", sa.Text(), nullable=True),
        sa.Column("diubah_pada", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("bulan BETWEEN 1 AND 12", name=op.f("ck_kunci_bulan_bulan")),
        sa.ForeignKeyConstraint(
            ["pd_id"], ["perangkat_daerah.id"], name=op.f("fk_kunci_bulan_pd_id_perangkat_daerah")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kunci_bulan")),
        sa.UniqueConstraint("pd_id", "tahun", "bulan", name="uq_kunci_bulan_pd_tahun_bulan"),
    )


def downgrade() -> None:
    op.drop_table("kunci_bulan")
    op.drop_table("api_token")
    op.drop_table("sesi")
    op.drop_table("akun")
    op.drop_table("pengingat_terkirim")
    with op.batch_alter_table("pesan_keluar", schema=None) as batch_op:
        batch_op.drop_index("ix_pesan_keluar_tanggal")
        batch_op.drop_index("ix_pesan_keluar_status")
    op.drop_table("pesan_keluar")
    with op.batch_alter_table("bukti_dukung", schema=None) as batch_op:
        batch_op.drop_index("ix_bukti_dukung_realisasi_id")
    op.drop_table("bukti_dukung")
    with op.batch_alter_table("kendala_pesan", schema=None) as batch_op:
        batch_op.drop_index("ix_kendala_pesan_kendala_id")
    op.drop_table("kendala_pesan")
    with op.batch_alter_table("kendala", schema=None) as batch_op:
        batch_op.drop_index("ix_kendala_pd_id")
        batch_op.drop_index("ix_kendala_status")
    op.drop_table("kendala")
    op.drop_table("telegram_grup")
    with op.batch_alter_table("pejabat", schema=None) as batch_op:
        batch_op.drop_column("peran")
