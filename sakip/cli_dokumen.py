"""``sakip dokumen``: PK, KKL and KAK of a PD submitted (Pergub 17/2023 Pasal 8-10).

    sakip dokumen serahkan --pd KODE --tahun 2026 --jenis PK|KKL|KAK [--perubahan]
                           [--tanggal 2026-02-03] [--oleh NAMA]
    sakip dokumen list [--tahun 2026] [--pd KODE] [--json]

Registered in ``sakip/cli.py`` with ``cli_dokumen.register(app, container)``. A recorded document
stops its reminders (core.pengingat). Errors: "Galat: ..." on stderr, exit code 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer

from core import services_dokumen
from core.calendar import local_date
from core.cascade import Saluran
from core.deadlines import format_tanggal
from core.errors import SakipError

dokumen_app = typer.Typer(
    help="Penyerahan PK, KKL dan KAK Perangkat Daerah (Pergub 17/2023 Pasal 8-10).",
    no_args_is_help=True,
)

_STATUS = {
    services_dokumen.TEPAT_WAKTU: "tepat waktu",
    services_dokumen.TERLAMBAT: "terlambat",
    services_dokumen.BELUM: "belum (lewat tenggat)",
    services_dokumen.MENUNGGU: "belum",
}


def register(app: typer.Typer, container: Callable[[], Any]) -> None:
    dokumen_app.info.context_settings = {"obj": container}
    app.add_typer(dokumen_app, name="dokumen")


def _container(ctx: typer.Context) -> Any:
    container = ctx.obj if callable(ctx.obj) else None
    if container is None:  # pragma: no cover - only when used outside `sakip`
        from sakip.wiring import build_container

        return build_container()
    return container()


def _galat(pesan: str) -> typer.Exit:
    typer.echo(f"Galat: {pesan}", err=True)
    return typer.Exit(1)


def _tanggal(teks: str | None) -> date | None:
    if teks is None:
        return None
    try:
        return date.fromisoformat(teks)
    except ValueError:
        raise _galat(
            f"tanggal '{teks}' tidak sah; gunakan format TTTT-BB-HH, contoh 2026-02-03."
        ) from None


@dokumen_app.command("serahkan")
def serahkan(
    ctx: typer.Context,
    pd: Annotated[str, typer.Option("--pd", help="Kode Perangkat Daerah")],
    tahun: Annotated[int, typer.Option("--tahun", help="Tahun anggaran")],
    jenis: Annotated[str, typer.Option("--jenis", help="PK, KKL atau KAK")],
    perubahan: Annotated[
        bool, typer.Option("--perubahan", help="Penyesuaian setelah Perubahan APBD")
    ] = False,
    tanggal: Annotated[
        str | None, typer.Option("--tanggal", help="Tanggal penyerahan TTTT-BB-HH (WIB)")
    ] = None,
    oleh: Annotated[str | None, typer.Option("--oleh", help="Nama pencatat (jejak audit)")] = None,
) -> None:
    """Catat penyerahan PK, KKL atau KAK sebuah Perangkat Daerah (pengingatnya berhenti)."""
    c = _container(ctx)
    try:
        d, baru = services_dokumen.serahkan_dokumen(
            c.uow(),
            pd,
            tahun,
            jenis,
            perubahan,
            _tanggal(tanggal),
            c.clock(),
            Saluran.CLI,
            oleh,
        )
    except SakipError as exc:
        raise _galat(str(exc)) from None
    ronde = " (Perubahan APBD)" if d.perubahan else ""
    aksi = "dicatat" if baru else "diperbarui"
    typer.echo(
        f"Penyerahan {d.jenis}{ronde} {d.tahun} {d.pd_kode} {aksi}: "
        f"{format_tanggal(d.diserahkan_pada)}."
    )


@dokumen_app.command("list")
def daftar(
    ctx: typer.Context,
    tahun: Annotated[
        int | None, typer.Option("--tahun", help="Tahun anggaran (bawaan: tahun ini)")
    ] = None,
    pd: Annotated[str | None, typer.Option("--pd", help="Kode Perangkat Daerah")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Daftar PK, KKL dan KAK per Perangkat Daerah: tenggat, Kepala PD, tanggal penyerahan."""
    c = _container(ctx)
    now = c.clock()
    tahun = tahun or local_date(now).year
    try:
        rows = services_dokumen.daftar_dokumen(c.uow(), tahun, now, pd)
    except SakipError as exc:
        raise _galat(str(exc)) from None
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo(f"Tidak ada Perangkat Daerah yang wajib menyerahkan PK/KKL/KAK {tahun}.")
        return
    for r in rows:
        jenis = f"{r.jenis.value}{'-P' if r.perubahan else ''}"
        tenggat = r.tenggat.isoformat() if r.tenggat else "(APBD belum diisi)"
        serah = r.diserahkan_pada.isoformat() if r.diserahkan_pada else "-"
        pj = r.penanggung_jawab_nama or "(Kepala PD tidak ditemukan)"
        typer.echo(
            f"{r.pd_nama:<12} {jenis:<5} tenggat {tenggat:<10} diserahkan {serah:<10} "
            f"{_STATUS[r.status]:<22} {pj}"
        )
