"""``sakip akun``: dashboard/API accounts and API tokens (issue 6).

    sakip akun buat USERNAME --nama "..." --peran admin|bappeda|pd [--pd KODE] [--password ...]
    sakip akun list [--json]
    sakip akun sandi USERNAME [--password ...]
    sakip akun nonaktif USERNAME / aktif USERNAME
    sakip akun token USERNAME NAMA          (prints the token once; only its hash is stored)
    sakip akun tokens [--json] / cabut-token ID

Registered in ``sakip/cli.py`` with ``cli_akun.register(app, container)``. Without ``--password``
the password is asked twice, hidden. Errors: "Galat: ..." on stderr, exit code 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from core import services_akun
from core.errors import SakipError

akun_app = typer.Typer(
    help="Akun dasbor/API (admin, bappeda, pd) dan token API.", no_args_is_help=True
)


def register(app: typer.Typer, container: Callable[[], Any]) -> None:
    akun_app.info.context_settings = {"obj": container}
    app.add_typer(akun_app, name="akun")


def _uow(ctx: typer.Context) -> Any:
    container = ctx.obj if callable(ctx.obj) else None
    if container is None:  # pragma: no cover - only when used outside `sakip`
        from sakip.wiring import build_container

        return build_container().uow()
    return container().uow()


def _now(ctx: typer.Context) -> Any:
    container = ctx.obj if callable(ctx.obj) else None
    if container is None:  # pragma: no cover
        from sakip.wiring import system_clock

        return system_clock()
    return container().clock()


def _galat(pesan: str) -> typer.Exit:
    typer.echo(f"Galat: {pesan}", err=True)
    return typer.Exit(1)


_SANDI = typer.Option(
    "--password",
    prompt="Kata sandi",
    hide_input=True,
    confirmation_prompt="Ulangi kata sandi",
    help="Kata sandi (minimal 8 karakter); bila tidak diberikan akan ditanyakan.",
)


@akun_app.command("buat")
def buat(
    ctx: typer.Context,
    username: str,
    nama: Annotated[str, typer.Option("--nama", help="Nama lengkap")],
    peran: Annotated[str, typer.Option("--peran", help="admin, bappeda atau pd")],
    password: Annotated[str, _SANDI],
    pd: Annotated[str | None, typer.Option("--pd", help="Kode Perangkat Daerah (akun pd)")] = None,
) -> None:
    """Buat akun dasbor/API."""
    try:
        a = services_akun.buat_akun(
            _uow(ctx),
            username=username,
            nama=nama,
            password=password,
            peran=peran,
            pd_kode=pd,
            now=_now(ctx),
        )
    except SakipError as exc:
        raise _galat(str(exc)) from None
    typer.echo(
        f"Akun {a.username} ({a.peran.value}{', ' + a.pd_kode if a.pd_kode else ''}) dibuat."
    )


@akun_app.command("list")
def daftar(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Daftar akun."""
    rows = [
        {
            "username": a.username,
            "nama": a.nama,
            "peran": a.peran.value,
            "pd": a.pd_kode,
            "aktif": a.aktif,
        }
        for a in services_akun.list_akun(_uow(ctx))
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("Belum ada akun. Buat dengan: sakip akun buat USERNAME --nama ... --peran admin")
        return
    for r in rows:
        status = "" if r["aktif"] else "  [nonaktif]"
        typer.echo(f"{r['username']:<24} {r['peran']:<8} {r['pd'] or '-':<26} {r['nama']}{status}")


@akun_app.command("sandi")
def sandi(ctx: typer.Context, username: str, password: Annotated[str, _SANDI]) -> None:
    """Ganti kata sandi (semua sesi akun itu berakhir, kunci dibuka)."""
    try:
        services_akun.ganti_password(_uow(ctx), username, password)
    except SakipError as exc:
        raise _galat(str(exc)) from None
    typer.echo(f"Kata sandi {username} diganti.")


@akun_app.command("nonaktif")
def nonaktif(ctx: typer.Context, username: str) -> None:
    """Nonaktifkan akun (sesi berakhir, token API tidak berlaku)."""
    try:
        services_akun.set_aktif(_uow(ctx), username, False)
    except SakipError as exc:
        raise _galat(str(exc)) from None
    typer.echo(f"Akun {username} dinonaktifkan.")


@akun_app.command("aktif")
def aktif(ctx: typer.Context, username: str) -> None:
    """Aktifkan kembali akun."""
    try:
        services_akun.set_aktif(_uow(ctx), username, True)
    except SakipError as exc:
        raise _galat(str(exc)) from None
    typer.echo(f"Akun {username} diaktifkan.")


@akun_app.command("token")
def token(ctx: typer.Context, username: str, nama: str) -> None:
    """Buat token API untuk akun (ditampilkan sekali: simpan baik-baik)."""
    try:
        baru = services_akun.buat_api_token(_uow(ctx), username, nama, _now(ctx))
    except SakipError as exc:
        raise _galat(str(exc)) from None
    typer.echo(f"Token API #{baru.info.id} untuk {username} ({baru.info.nama}):")
    typer.echo(baru.token)
    typer.echo(
        "Pakai sebagai header: Authorization: Bearer <token>. Token hanya ditampilkan sekali."
    )


@akun_app.command("tokens")
def tokens(
    ctx: typer.Context,
    username: Annotated[str | None, typer.Option("--akun", help="Hanya token akun ini")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Daftar token API (tanpa nilai rahasianya)."""
    try:
        items = services_akun.list_api_token(_uow(ctx), username)
    except SakipError as exc:
        raise _galat(str(exc)) from None
    rows = [
        {
            "id": t.id,
            "akun_id": t.akun_id,
            "nama": t.nama,
            "dibuat_pada": t.dibuat_pada.isoformat(),
            "dicabut_pada": t.dicabut_pada.isoformat() if t.dicabut_pada else None,
        }
        for t in items
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        status = f"dicabut {r['dicabut_pada']}" if r["dicabut_pada"] else "aktif"
        typer.echo(f"#{r['id']:<5} akun {r['akun_id']:<5} {r['nama']:<30} {status}")


@akun_app.command("cabut-token")
def cabut_token(ctx: typer.Context, token_id: int) -> None:
    """Cabut token API."""
    if not services_akun.cabut_api_token(_uow(ctx), token_id, _now(ctx)):
        raise _galat(f"token {token_id} tidak ada atau sudah dicabut.")
    typer.echo(f"Token #{token_id} dicabut.")
