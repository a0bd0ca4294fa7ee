"""Request and response bodies of the API (Pydantic). Money and percentages travel as strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Teks = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Kode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Nip = Annotated[str, StringConstraints(pattern=r"^[0-9]{18}$")]
# a decimal typed as a string ("12,5" is not accepted here: use a dot) or a number
Desimal = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("1e15"), max_digits=24, decimal_places=6, allow_inf_nan=False),
]
Tanggal = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]


class Masukan(BaseModel):
    """Base of every request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------- auth and accounts
class LoginIn(Masukan):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class AkunOut(BaseModel):
    id: int
    username: str
    nama: str
    peran: Literal["admin", "bappeda", "pd"]
    pd: str | None
    aktif: bool = True


class LoginOut(BaseModel):
    akun: AkunOut
    csrf: str = Field(description="Kirim sebagai header X-CSRF-Token pada POST/PUT/DELETE.")
    kedaluwarsa_pada: dt.datetime


class WhoamiOut(BaseModel):
    akun: AkunOut
    via: Literal["sesi", "token"]
    csrf: str | None


class AkunIn(Masukan):
    username: Annotated[str, StringConstraints(min_length=3, max_length=64)]
    nama: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    password: Annotated[str, StringConstraints(min_length=8, max_length=256)]
    peran: Literal["admin", "bappeda", "pd"]
    pd: Kode | None = None


class TokenIn(Masukan):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    nama: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class TokenOut(BaseModel):
    id: int
    username: str | None = None
    nama: str
    dibuat_pada: dt.datetime
    dicabut_pada: dt.datetime | None
    token: str | None = Field(None, description="Hanya ditampilkan sekali, saat dibuat.")


# ---------------------------------------------------------------------------- master data
class PdOut(BaseModel):
    kode: str
    nama: str
    singkatan: str | None
    kelompok: str


class PejabatOut(BaseModel):
    nip: str
    nama: str
    jabatan: str
    eselon: str | None
    pd: str | None


class LinkCodeIn(Masukan):
    nip: Nip


class LinkCodeOut(BaseModel):
    kode: str
    nip: str
    kedaluwarsa_pada: dt.datetime


# ---------------------------------------------------------------------------- realisasi
class RealisasiIn(Masukan):
    sub_kegiatan: Kode
    tahun: Annotated[int, Field(ge=2000, le=2100)]
    bulan: Annotated[int, Field(ge=1, le=12)]
    realisasi_bobot: Desimal
    realisasi_anggaran: Desimal
    volume_output: dict[Annotated[int, Field(ge=1, le=50)], Desimal] = Field(
        default_factory=dict, max_length=50
    )
    kendala: Teks | None = None
    tindak_lanjut: Teks | None = None
    alasan: Teks | None = Field(
        None, description="Wajib untuk koreksi (bila bulan itu sudah pernah dilaporkan)."
    )


# ---------------------------------------------------------------------------- calendar
class OverrideIn(Masukan):
    tanggal: Tanggal
    libur: bool = Field(description="true: hari libur lokal/cuti bersama; false: batal libur")
    keterangan: Teks


class ApbdIn(Masukan):
    tahun: Annotated[int, Field(ge=2000, le=2100)]
    apbd: Tanggal | None = None
    apbd_perubahan: Tanggal | None = None


# ---------------------------------------------------------------------------- kendala
class JawabKendalaIn(Masukan):
    isi: Teks
