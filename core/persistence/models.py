"""SQLAlchemy 2 ORM models. The schema itself comes only from the Alembic migrations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.persistence.types import DecimalType, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PerangkatDaerahRow(Base):
    __tablename__ = "perangkat_daerah"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kode: Mapped[str] = mapped_column(String(32), unique=True)
    nama: Mapped[str] = mapped_column(String(255))
    singkatan: Mapped[str] = mapped_column(String(64))
    kelompok: Mapped[str] = mapped_column(String(3))

    __table_args__ = (CheckConstraint("kelompok IN ('I', 'II', 'III')", name="kelompok"),)


class PejabatRow(Base):
    __tablename__ = "pejabat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nip: Mapped[str] = mapped_column(String(32), unique=True)
    nama: Mapped[str] = mapped_column(String(255))
    jabatan: Mapped[str] = mapped_column(String(255))
    eselon: Mapped[str | None] = mapped_column(String(16))
    pd_id: Mapped[int | None] = mapped_column(ForeignKey("perangkat_daerah.id"), index=True)
    atasan_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    # None for an ordinary official; "bappeda" for Bappeda staff (may register the Bappeda group).
    peran: Mapped[str | None] = mapped_column(String(16))

    pd: Mapped[PerangkatDaerahRow | None] = relationship(lazy="joined")
    atasan: Mapped[PejabatRow | None] = relationship(remote_side=[id])


class LinkCodeRow(Base):
    __tablename__ = "link_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kode: Mapped[str] = mapped_column(String(32), unique=True)
    pejabat_id: Mapped[int] = mapped_column(ForeignKey("pejabat.id"), index=True)
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    kedaluwarsa_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    dipakai_pada: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dipakai_oleh_telegram_id: Mapped[int | None] = mapped_column(BigInteger)


class NodeRow(Base):
    """A node of the cascade for one tahun anggaran."""

    __tablename__ = "cascade_node"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tahun: Mapped[int] = mapped_column(Integer)
    kode: Mapped[str] = mapped_column(String(64))
    tingkat: Mapped[str] = mapped_column(String(16))
    nama: Mapped[str] = mapped_column(Text)
    induk_id: Mapped[int | None] = mapped_column(ForeignKey("cascade_node.id"), index=True)
    pd_id: Mapped[int | None] = mapped_column(ForeignKey("perangkat_daerah.id"), index=True)
    bobot_relatif: Mapped[Decimal] = mapped_column(DecimalType(), default=Decimal(1))
    pagu: Mapped[Decimal | None] = mapped_column(DecimalType())
    penanggung_jawab_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"), index=True)

    __table_args__ = (
        UniqueConstraint("tahun", "kode", name="uq_cascade_node_tahun_kode"),
        CheckConstraint(
            "tingkat IN ('tujuan', 'sasaran_daerah', 'sasaran_pd', 'program', 'kegiatan', "
            "'sub_kegiatan')",
            name="tingkat",
        ),
        Index("ix_cascade_node_tahun_tingkat", "tahun", "tingkat"),
    )


class IndikatorRow(Base):
    __tablename__ = "indikator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(
        ForeignKey("cascade_node.id", ondelete="CASCADE"), index=True
    )
    urutan: Mapped[int] = mapped_column(Integer)
    kode: Mapped[str | None] = mapped_column(String(64))
    uraian: Mapped[str] = mapped_column(Text)
    satuan: Mapped[str] = mapped_column(String(64))
    target_tahunan: Mapped[Decimal | None] = mapped_column(DecimalType())
    arah: Mapped[str] = mapped_column(String(8), default="naik")
    penanggung_jawab_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"), index=True)
    # Quarterly targets (Pergub 17/2023 Lampiran II, Rencana Kinerja Program/Sasaran Triwulanan);
    # NULL: not set for that quarter (migration 0008).
    target_tw1: Mapped[Decimal | None] = mapped_column(DecimalType())
    target_tw2: Mapped[Decimal | None] = mapped_column(DecimalType())
    target_tw3: Mapped[Decimal | None] = mapped_column(DecimalType())
    target_tw4: Mapped[Decimal | None] = mapped_column(DecimalType())

    __table_args__ = (
        UniqueConstraint("node_id", "urutan", name="uq_indikator_node_urutan"),
        CheckConstraint("arah IN ('naik', 'turun')", name="arah"),
    )


class IndikatorAnakRow(Base):
    """Which child nodes form an indicator's bobot (Lampiran II, Program/Sasaran Triwulanan)."""

    __tablename__ = "indikator_anak"

    indikator_id: Mapped[int] = mapped_column(
        ForeignKey("indikator.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[int] = mapped_column(
        ForeignKey("cascade_node.id", ondelete="CASCADE"), primary_key=True
    )


class RoppBulanRow(Base):
    __tablename__ = "ropp_bulan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("cascade_node.id", ondelete="CASCADE"))
    bulan: Mapped[int] = mapped_column(Integer)
    target_bobot: Mapped[Decimal] = mapped_column(DecimalType())
    anggaran_kas: Mapped[Decimal] = mapped_column(DecimalType())

    __table_args__ = (
        UniqueConstraint("node_id", "bulan", name="uq_ropp_bulan_node_bulan"),
        CheckConstraint("bulan BETWEEN 1 AND 12", name="bulan"),
    )


class RoppOutputRow(Base):
    __tablename__ = "ropp_output"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("cascade_node.id", ondelete="CASCADE"))
    bulan: Mapped[int] = mapped_column(Integer)
    urutan: Mapped[int] = mapped_column(Integer)
    uraian: Mapped[str] = mapped_column(Text)
    bobot: Mapped[Decimal] = mapped_column(DecimalType())
    volume: Mapped[Decimal] = mapped_column(DecimalType())
    satuan: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("node_id", "bulan", "urutan", name="uq_ropp_output_node_bulan_urutan"),
    )


class RealisasiRow(Base):
    """One revision of a sub kegiatan's monthly realisasi; ``terkini`` marks the one that counts."""

    __tablename__ = "realisasi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("cascade_node.id", ondelete="CASCADE"))
    bulan: Mapped[int] = mapped_column(Integer)
    revisi: Mapped[int] = mapped_column(Integer)
    terkini: Mapped[bool] = mapped_column(Boolean)
    realisasi_bobot: Mapped[Decimal] = mapped_column(DecimalType())
    realisasi_anggaran: Mapped[Decimal] = mapped_column(DecimalType())
    kendala: Mapped[str | None] = mapped_column(Text)
    tindak_lanjut: Mapped[str | None] = mapped_column(Text)
    dibuat_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"))
    dibuat_oleh: Mapped[str | None] = mapped_column(String(255))
    saluran: Mapped[str] = mapped_column(String(16))
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    terlambat: Mapped[bool] = mapped_column(Boolean, default=False)
    alasan_koreksi: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("node_id", "bulan", "revisi", name="uq_realisasi_node_bulan_revisi"),
        Index(
            "uq_realisasi_terkini",
            "node_id",
            "bulan",
            unique=True,
            sqlite_where=text("terkini"),
            postgresql_where=text("terkini"),
        ),
        CheckConstraint("bulan BETWEEN 1 AND 12", name="bulan"),
    )


class RealisasiOutputRow(Base):
    __tablename__ = "realisasi_output"

    realisasi_id: Mapped[int] = mapped_column(
        ForeignKey("realisasi.id", ondelete="CASCADE"), primary_key=True
    )
    urutan: Mapped[int] = mapped_column(Integer, primary_key=True)
    volume: Mapped[Decimal] = mapped_column(DecimalType())


class RealisasiIndikatorRow(Base):
    """Quarterly or annual realisasi of an indicator's own value (program, sasaran, tujuan)."""

    __tablename__ = "realisasi_indikator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("indikator.id", ondelete="CASCADE"))
    periode: Mapped[str] = mapped_column(String(16))
    revisi: Mapped[int] = mapped_column(Integer)
    terkini: Mapped[bool] = mapped_column(Boolean)
    nilai: Mapped[Decimal] = mapped_column(DecimalType())
    kendala: Mapped[str | None] = mapped_column(Text)
    tindak_lanjut: Mapped[str | None] = mapped_column(Text)
    dibuat_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"))
    dibuat_oleh: Mapped[str | None] = mapped_column(String(255))
    saluran: Mapped[str] = mapped_column(String(16))
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    terlambat: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint(
            "indikator_id", "periode", "revisi", name="uq_realisasi_indikator_periode_revisi"
        ),
        Index(
            "uq_realisasi_indikator_terkini",
            "indikator_id",
            "periode",
            unique=True,
            sqlite_where=text("terkini"),
            postgresql_where=text("terkini"),
        ),
    )


class KalenderOverrideRow(Base):
    """A local calendar change: add a non-working day (libur) or cancel a holiday."""

    __tablename__ = "kalender_override"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tanggal: Mapped[date] = mapped_column(Date, unique=True)
    libur: Mapped[bool] = mapped_column(Boolean)
    keterangan: Mapped[str] = mapped_column(Text)


class ApbdTanggalRow(Base):
    """Dates the APBD and APBD-Perubahan were set; they drive the PK, KKL, KAK and ROPP deadlines."""

    __tablename__ = "apbd_tanggal"

    tahun: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    apbd: Mapped[date | None] = mapped_column(Date)
    apbd_perubahan: Mapped[date | None] = mapped_column(Date)


class PerubahanDataRow(Base):
    """Change log: every field changed through an import (and other channels), old and new value.

    Pergub 42/2018 Pasal 28: data must be traceable; keep who changed what, when, and every
    correction. See core.ports_impor.CatatanPerubahan for the meaning of ``entitas`` and ``kode``.
    """

    __tablename__ = "perubahan_data"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dicatat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    saluran: Mapped[str] = mapped_column(String(16))
    oleh: Mapped[str | None] = mapped_column(String(255))
    entitas: Mapped[str] = mapped_column(String(16))
    kode: Mapped[str] = mapped_column(String(255))
    kolom: Mapped[str] = mapped_column(String(64))
    nilai_lama: Mapped[str | None] = mapped_column(Text)
    nilai_baru: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_perubahan_data_entitas_kode", "entitas", "kode"),
        Index("ix_perubahan_data_dicatat_pada", "dicatat_pada"),
    )


class BotStateRow(Base):
    """State of the Telegram bot that must survive a restart (issue 4).

    ``jenis``: ``"percakapan:<name>"`` for a ConversationHandler's states, ``"user_data"`` for the
    per-user data (the answers given so far). ``kunci``: the conversation key or user id, as JSON.
    ``nilai``: JSON.
    """

    __tablename__ = "bot_state"

    jenis: Mapped[str] = mapped_column(String(64), primary_key=True)
    kunci: Mapped[str] = mapped_column(String(255), primary_key=True)
    nilai: Mapped[str] = mapped_column(Text)


class TelegramGrupRow(Base):
    """A Telegram group registered with a role; ``peran="bappeda"`` receives kendala and digests."""

    __tablename__ = "telegram_grup"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    peran: Mapped[str] = mapped_column(String(16))
    judul: Mapped[str | None] = mapped_column(String(255))
    didaftarkan_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"))
    didaftarkan_pada: Mapped[datetime] = mapped_column(UTCDateTime())


class KendalaRow(Base):
    """An obstacle raised by an official, escalated to Bappeda and tracked until closed.

    ``status``: baru -> ditanggapi -> selesai. ``batas_tindak_lanjut``: 7 working days after
    Bappeda's answer (issue 5). ``grup_chat_id``/``grup_message_id``: its post in the Bappeda group.
    """

    __tablename__ = "kendala"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pd_id: Mapped[int | None] = mapped_column(ForeignKey("perangkat_daerah.id"))
    pelapor_id: Mapped[int | None] = mapped_column(ForeignKey("pejabat.id"))
    node_id: Mapped[int | None] = mapped_column(ForeignKey("cascade_node.id", ondelete="SET NULL"))
    realisasi_id: Mapped[int | None] = mapped_column(
        ForeignKey("realisasi.id", ondelete="SET NULL")
    )
    periode: Mapped[str | None] = mapped_column(String(16))
    uraian: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    saluran: Mapped[str] = mapped_column(String(16))
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    ditanggapi_pada: Mapped[datetime | None] = mapped_column(UTCDateTime())
    selesai_pada: Mapped[datetime | None] = mapped_column(UTCDateTime())
    batas_tindak_lanjut: Mapped[date | None] = mapped_column(Date)
    grup_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    grup_message_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint("status IN ('baru', 'ditanggapi', 'selesai')", name="status"),
        Index("ix_kendala_status", "status"),
        Index("ix_kendala_pd_id", "pd_id"),
    )


class KendalaPesanRow(Base):
    """One message of a kendala thread: from the reporting official or from Bappeda."""

    __tablename__ = "kendala_pesan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kendala_id: Mapped[int] = mapped_column(ForeignKey("kendala.id", ondelete="CASCADE"))
    dari: Mapped[str] = mapped_column(String(16))
    nama: Mapped[str | None] = mapped_column(String(255))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger)
    akun_id: Mapped[int | None] = mapped_column(Integer)
    isi: Mapped[str] = mapped_column(Text)
    saluran: Mapped[str] = mapped_column(String(16))
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("dari IN ('pelapor', 'bappeda')", name="dari"),
        Index("ix_kendala_pesan_kendala_id", "kendala_id"),
    )


class BuktiDukungRow(Base):
    """A photo or document attached to one realisasi revision (Telegram file_id, stored copy)."""

    __tablename__ = "bukti_dukung"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    realisasi_id: Mapped[int] = mapped_column(ForeignKey("realisasi.id", ondelete="CASCADE"))
    jenis: Mapped[str] = mapped_column(String(16))
    telegram_file_id: Mapped[str | None] = mapped_column(String(255))
    telegram_file_unique_id: Mapped[str | None] = mapped_column(String(128))
    nama_file: Mapped[str | None] = mapped_column(String(255))
    mime: Mapped[str | None] = mapped_column(String(128))
    ukuran: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("jenis IN ('foto', 'dokumen')", name="jenis"),
        Index("ix_bukti_dukung_realisasi_id", "realisasi_id"),
    )


class PesanKeluarRow(Base):
    """Outbox: one outgoing message, unique by ``kunci`` so it is never sent twice (issue 5).

    ``status``: antri -> mengirim -> terkirim | gagal | diblokir (Forbidden) | dilewati (stale).
    ``penerima``: a NIP, or ``"bappeda"`` for the Bappeda group. ``tombol``: inline keyboard, JSON.
    """

    __tablename__ = "pesan_keluar"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kunci: Mapped[str] = mapped_column(String(255), unique=True)
    jenis: Mapped[str] = mapped_column(String(32))
    tahap: Mapped[str | None] = mapped_column(String(32))
    tanggal: Mapped[date | None] = mapped_column(Date)
    penerima: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    teks: Mapped[str] = mapped_column(Text)
    tombol: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    percobaan: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    galat: Mapped[str | None] = mapped_column(Text)
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    dikirim_pada: Mapped[datetime | None] = mapped_column(UTCDateTime())
    coba_lagi_pada: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: set: the row edits that message of ``chat_id`` (editMessageText) instead of sending (0007)
    edit_message_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint(
            "status IN ('antri', 'mengirim', 'terkirim', 'gagal', 'diblokir', 'dilewati')",
            name="status",
        ),
        Index("ix_pesan_keluar_status", "status"),
        Index("ix_pesan_keluar_tanggal", "tanggal"),
    )


class PengingatTerkirimRow(Base):
    """Sent-log per reminder item: key ``penerima|jenis|periode|kode|tenggat|tahap`` (issue 5)."""

    __tablename__ = "pengingat_terkirim"

    kunci: Mapped[str] = mapped_column(String(255), primary_key=True)
    pesan_id: Mapped[int] = mapped_column(ForeignKey("pesan_keluar.id", ondelete="CASCADE"))
    dicatat_pada: Mapped[datetime] = mapped_column(UTCDateTime())


class AkunRow(Base):
    """A dashboard/API account. ``peran``: admin, bappeda or pd (a pd account sees only its PD)."""

    __tablename__ = "akun"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    nama: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    peran: Mapped[str] = mapped_column(String(16))
    pd_id: Mapped[int | None] = mapped_column(ForeignKey("perangkat_daerah.id"))
    aktif: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    gagal_login: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    terkunci_sampai: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint("peran IN ('admin', 'bappeda', 'pd')", name="peran"),)


class SesiRow(Base):
    """A dashboard login session; only the SHA-256 of the cookie token is stored."""

    __tablename__ = "sesi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    akun_id: Mapped[int] = mapped_column(ForeignKey("akun.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    kedaluwarsa_pada: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiTokenRow(Base):
    """A machine API token (Authorization: Bearer); only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    akun_id: Mapped[int] = mapped_column(ForeignKey("akun.id", ondelete="CASCADE"))
    nama: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    dibuat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    dicabut_pada: Mapped[datetime | None] = mapped_column(UTCDateTime())


class KunciBulanRow(Base):
    """A PD's month verified and locked by Bappeda; reopening needs a reason (issue 6)."""

    __tablename__ = "kunci_bulan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pd_id: Mapped[int] = mapped_column(ForeignKey("perangkat_daerah.id"))
    tahun: Mapped[int] = mapped_column(Integer)
    bulan: Mapped[int] = mapped_column(Integer)
    terkunci: Mapped[bool] = mapped_column(Boolean)
    oleh: Mapped[str | None] = mapped_column(String(255))
    alasan: Mapped[str | None] = mapped_column(Text)
    diubah_pada: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("pd_id", "tahun", "bulan", name="uq_kunci_bulan_pd_tahun_bulan"),
        CheckConstraint("bulan BETWEEN 1 AND 12", name="bulan"),
    )


class DokumenPerencanaanRow(Base):
    """A PD's PK, KKL or KAK of a tahun anggaran, submitted (migration 0006).

    Pergub 17/2023 Pasal 8(4)(5), 9(2)(3), 10(2)(3). ``perubahan``: the round after the APBD
    change. ``diserahkan_pada``: the WIB date it was submitted; ``dicatat_pada``: when recorded.
    """

    __tablename__ = "dokumen_perencanaan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pd_id: Mapped[int] = mapped_column(ForeignKey("perangkat_daerah.id"))
    tahun: Mapped[int] = mapped_column(Integer)
    jenis: Mapped[str] = mapped_column(String(8))
    perubahan: Mapped[bool] = mapped_column(Boolean)
    diserahkan_pada: Mapped[date] = mapped_column(Date)
    dicatat_pada: Mapped[datetime] = mapped_column(UTCDateTime())
    oleh: Mapped[str | None] = mapped_column(String(255))
    saluran: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        UniqueConstraint(
            "pd_id",
            "tahun",
            "jenis",
            "perubahan",
            name="uq_dokumen_perencanaan_pd_tahun_jenis_perubahan",
        ),
        CheckConstraint("jenis IN ('PK', 'KKL', 'KAK')", name="jenis"),
        Index("ix_dokumen_perencanaan_tahun", "tahun"),
    )
