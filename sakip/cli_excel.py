"""`sakip template`, `sakip import`, `sakip export`: the Excel workbook from the command line.

Registered on the top-level app by :func:`register`; messages are in Bahasa Indonesia.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from core.calendar import local_date
from core.excel import BatasBerkas, buat_template
from core.excel.reader import format_mb
from core.impor import ImporDitolak, ekspor_workbook, impor_workbook, rangkum
from sakip.wiring import Container

__all__ = ["register"]

#: Changes listed one by one after an import; the rest are counted.
TAMPIL_MAKS = 200
_MB = 1024 * 1024


def _oleh() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


def _gagal(pesan: str, kode: int = 1) -> None:
    typer.echo(f"Galat: {pesan}", err=True)
    raise typer.Exit(kode)


def _cek_keluaran(out: Path) -> None:
    if out.suffix.lower() != ".xlsx":
        _gagal(f"nama berkas keluaran harus berakhiran .xlsx ({out}).")
    if not out.parent.exists():
        _gagal(f"folder {out.parent} tidak ada.")


def register(app: typer.Typer, container_getter: Callable[[], Container]) -> None:
    """Add the commands template, import and export to ``app``."""

    def tahun_ini() -> int:
        return local_date(container_getter().clock()).year

    @app.command("template")
    def template(
        out: Annotated[Path, typer.Option("--out", help="Berkas .xlsx yang ditulis")],
        tahun: Annotated[
            int | None, typer.Option("--tahun", help="Tahun anggaran (bawaan: tahun ini)")
        ] = None,
        tanpa_contoh: Annotated[
            bool, typer.Option("--tanpa-contoh", help="Tanpa baris contoh")
        ] = False,
    ) -> None:
        """Tulis templat buku kerja impor: Petunjuk, lembar data, daftar pilihan, baris contoh."""
        _cek_keluaran(out)
        th = tahun if tahun is not None else tahun_ini()
        out.write_bytes(buat_template(th, dengan_contoh=not tanpa_contoh))
        typer.echo(f"Templat ditulis ke {out}. Baca lembar Petunjuk sebelum mengisi.")

    @app.command("import")
    def import_(
        berkas: Annotated[Path, typer.Argument(help="Berkas .xlsx yang diimpor")],
        tahun: Annotated[
            int | None, typer.Option("--tahun", help="Tahun anggaran (bawaan: tahun ini)")
        ] = None,
        dry_run: Annotated[
            bool,
            typer.Option(
                "--dry-run", help="Hanya periksa dan tampilkan perubahan; tidak menyimpan"
            ),
        ] = False,
        maks_mb: Annotated[
            int,
            typer.Option(
                "--maks-mb", envvar="SAKIP_IMPOR_MAKS_MB", help="Batas ukuran berkas (MB)"
            ),
        ] = 20,
    ) -> None:
        """Impor buku kerja: seluruh isi diperiksa dulu; disimpan hanya bila semuanya benar."""
        if not berkas.is_file():
            _gagal(f"berkas {berkas} tidak ditemukan.")
        batas = BatasBerkas(maks_byte=maks_mb * _MB)
        ukuran = berkas.stat().st_size
        if ukuran > batas.maks_byte:  # refuse before reading it into memory
            _gagal(
                f"berkas terlalu besar ({format_mb(ukuran)} MB); batasnya "
                f"{maks_mb} MB. Pecah data menjadi beberapa berkas, misalnya per Perangkat Daerah."
            )
        c = container_getter()
        th = tahun if tahun is not None else tahun_ini()
        try:
            hasil = impor_workbook(
                c.uow(),
                berkas.read_bytes(),
                th,
                dry_run=dry_run,
                now=c.clock(),
                oleh=_oleh(),
                batas=batas,
            )
        except ImporDitolak as exc:
            typer.echo(
                f"Impor ditolak: {len(exc.rincian)} masalah. Tidak ada data yang disimpan.",
                err=True,
            )
            for m in exc.rincian:
                typer.echo(f"- {m}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"Tahun anggaran {th}. " + rangkum(hasil))
        for p in hasil.perubahan[:TAMPIL_MAKS]:
            typer.echo(f"  {p}")
        if len(hasil.perubahan) > TAMPIL_MAKS:
            typer.echo(f"  ... dan {len(hasil.perubahan) - TAMPIL_MAKS} perubahan lainnya.")

    @app.command("export")
    def export(
        out: Annotated[Path, typer.Option("--out", help="Berkas .xlsx yang ditulis")],
        tahun: Annotated[
            int | None, typer.Option("--tahun", help="Tahun anggaran (bawaan: tahun ini)")
        ] = None,
    ) -> None:
        """Ekspor data tersimpan dalam format templat, untuk disunting di Excel lalu diimpor lagi."""
        _cek_keluaran(out)
        c = container_getter()
        th = tahun if tahun is not None else tahun_ini()
        out.write_bytes(ekspor_workbook(c.uow(), th))
        typer.echo(f"Data tahun {th} diekspor ke {out}.")
