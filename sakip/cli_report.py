"""``sakip report ...``: the Lampiran II reports and the ROPP tables as .xlsx, .pdf or JSON.

Registered in ``sakip/cli.py`` with ``app.add_typer(report_app, name="report")``:

    sakip report bulanan --pd KODE --periode 2026-01 --out laporan.xlsx
    sakip report program --pd KODE --periode 2026-Q1 --out laporan.pdf
    sakip report sasaran --pd KODE --periode 2026-Q1 --json
    sakip report daerah  --periode 2026-Q1 [--pd KODE_PENYUSUN] --out daerah.xlsx
    sakip report ropp    --sub-kegiatan KODE --tahun 2026 --out ropp.pdf

``--json`` prints the rows as data (keys name the columns, values as printed: "1.824.205.000",
"55,88"). Errors are printed as "Galat: ..." on stderr, exit code 1 (2 when the database cannot be
used, like ``sakip`` itself).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, cast

import typer
from sqlalchemy.exc import OperationalError, ProgrammingError

from core import laporan as lap
from core.calendar import local_date
from core.errors import SakipError
from core.ports import UnitOfWork

report_app = typer.Typer(
    help="Laporan kinerja (Pergub 17/2023 Lampiran II) dan ROPP (Lampiran I): xlsx, pdf, JSON.",
    no_args_is_help=True,
)

#: Set by tests (or an embedding program) to use another database; None: from the settings.
uow_factory: Callable[[], UnitOfWork] | None = None
#: Today's date for the signature block; None: today in WIB from the system clock.
hari_ini: Callable[[], date] | None = None


_container_uow: Callable[[], UnitOfWork] | None = None


def _uow() -> UnitOfWork:
    global _container_uow
    if uow_factory is not None:
        return uow_factory()
    if _container_uow is None:
        from sakip.wiring import build_container

        _container_uow = cast(Callable[[], UnitOfWork], build_container().uow)
    return _container_uow()


def _today() -> date:
    if hari_ini is not None:
        return hari_ini()
    from sakip.wiring import system_clock

    return local_date(system_clock())


def _galat(pesan: str, kode: int = 1) -> typer.Exit:
    typer.echo(f"Galat: {pesan}", err=True)
    return typer.Exit(kode)


def _tanggal(teks: str | None) -> date:
    if teks is None:
        return _today()
    try:
        return date.fromisoformat(teks)
    except ValueError:
        raise _galat(
            f"tanggal '{teks}' tidak sah; gunakan format TTTT-BB-HH, contoh 2026-02-06."
        ) from None


def _jalankan(
    buat: Callable[[UnitOfWork, date], lap.Laporan],
    out: Path | None,
    as_json: bool,
    kertas: str,
    tanggal: str | None,
) -> None:
    jenis = out.suffix.lower() if out is not None else None
    if out is None and not as_json:
        raise _galat("sebutkan berkas keluaran dengan --out (.xlsx atau .pdf), atau pakai --json.")
    if jenis is not None and jenis not in (".xlsx", ".pdf"):
        raise _galat(f"berkas keluaran '{out}' harus berakhiran .xlsx atau .pdf.")
    kertas = kertas.upper()
    if kertas not in ("A4", "F4"):
        raise _galat(f"ukuran kertas '{kertas}' tidak dikenal; pilih A4 atau F4.")
    tgl = _tanggal(tanggal)
    try:
        laporan = buat(_uow(), tgl)
    except SakipError as exc:
        raise _galat(str(exc)) from None
    except (OperationalError, ProgrammingError) as exc:
        raise _galat(
            "basis data tidak dapat dipakai. Bila belum dimigrasikan, jalankan "
            f"`sakip db upgrade`. ({type(exc.orig).__name__})",
            2,
        ) from None
    if out is not None:
        try:
            if jenis == ".xlsx":
                from core.reporting.xlsx import tulis_xlsx

                isi = tulis_xlsx(laporan, kertas=kertas)
            else:
                from core.reporting.pdf import tulis_pdf

                isi = tulis_pdf(laporan, kertas=kertas)
        except SakipError as exc:  # e.g. a PDF that cannot be laid out on the pages
            raise _galat(str(exc)) from None
        try:
            out.write_bytes(isi)
        except OSError as exc:
            raise _galat(f"tidak dapat menulis {out}: {exc.strerror or exc}.") from None
        typer.echo(f"{laporan.judul} ditulis ke {out}.", err=True)
    if as_json:
        typer.echo(json.dumps(lap.laporan_json(laporan), ensure_ascii=False, indent=2))


_Pd = Annotated[str, typer.Option("--pd", help="Kode Perangkat Daerah")]
_Periode = Annotated[str, typer.Option("--periode", help="2026-01 (bulanan) atau 2026-Q1")]
_Out = Annotated[
    Path | None, typer.Option("--out", help="Berkas keluaran: .xlsx atau .pdf", dir_okay=False)
]
_Json = Annotated[bool, typer.Option("--json", help="Cetak baris laporan sebagai JSON")]
_Kertas = Annotated[str, typer.Option("--kertas", help="A4 atau F4 (lanskap)")]
_Tanggal = Annotated[
    str | None,
    typer.Option("--tanggal", help="Tanggal pengesahan TTTT-BB-HH (bawaan: hari ini, WIB)"),
]


@report_app.command("bulanan")
def bulanan(
    pd: _Pd,
    periode: _Periode,
    out: _Out = None,
    as_json: _Json = False,
    kertas: _Kertas = "A4",
    tanggal: _Tanggal = None,
) -> None:
    """Laporan Kinerja Kegiatan dan Sub Kegiatan Bulanan (16 kolom)."""
    _jalankan(
        lambda uow, tgl: lap.laporan_bulanan(uow, pd, periode, tanggal=tgl),
        out,
        as_json,
        kertas,
        tanggal,
    )


@report_app.command("program")
def program(
    pd: _Pd,
    periode: _Periode,
    out: _Out = None,
    as_json: _Json = False,
    kertas: _Kertas = "A4",
    tanggal: _Tanggal = None,
) -> None:
    """Laporan Kinerja Program Triwulanan (13 kolom)."""
    _jalankan(
        lambda uow, tgl: lap.laporan_program(uow, pd, periode, tanggal=tgl),
        out,
        as_json,
        kertas,
        tanggal,
    )


@report_app.command("sasaran")
def sasaran(
    pd: _Pd,
    periode: _Periode,
    out: _Out = None,
    as_json: _Json = False,
    kertas: _Kertas = "A4",
    tanggal: _Tanggal = None,
) -> None:
    """Laporan Kinerja Sasaran Triwulanan (14 kolom)."""
    _jalankan(
        lambda uow, tgl: lap.laporan_sasaran(uow, pd, periode, tanggal=tgl),
        out,
        as_json,
        kertas,
        tanggal,
    )


@report_app.command("daerah")
def daerah(
    periode: _Periode,
    pd: Annotated[
        str | None, typer.Option("--pd", help="Kode PD penyusun (kepalanya menandatangani)")
    ] = None,
    out: _Out = None,
    as_json: _Json = False,
    kertas: _Kertas = "A4",
    tanggal: _Tanggal = None,
) -> None:
    """Laporan Kinerja Tujuan dan Sasaran Daerah (target, realisasi, deviasi, keterangan)."""
    _jalankan(
        lambda uow, tgl: lap.laporan_daerah(uow, periode, pd_kode=pd, tanggal=tgl),
        out,
        as_json,
        kertas,
        tanggal,
    )


@report_app.command("ropp")
def ropp(
    sub_kegiatan: Annotated[str, typer.Option("--sub-kegiatan", help="Kode sub kegiatan")],
    tahun: Annotated[int, typer.Option("--tahun", help="Tahun anggaran")],
    out: _Out = None,
    as_json: _Json = False,
    kertas: _Kertas = "A4",
    tanggal: _Tanggal = None,
) -> None:
    """ROPP satu sub kegiatan: Tabel Rencana Triwulanan (Tabel 1) dan Bulanan (Tabel 2)."""
    if not 2000 <= tahun <= 2100:
        raise _galat("tahun harus antara 2000 dan 2100.")
    _jalankan(
        lambda uow, tgl: lap.laporan_ropp(uow, sub_kegiatan, tahun, tanggal=tgl),
        out,
        as_json,
        kertas,
        tanggal,
    )
