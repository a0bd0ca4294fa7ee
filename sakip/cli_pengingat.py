"""``sakip reminders plan``: the reminder queue of a day, printed without sending anything.

Registered in ``sakip/cli.py`` with ``app.add_typer(pengingat_app, name="reminders")``:

    sakip reminders plan --date 2026-02-03 [--json] [--susulan]

``--json`` prints a list of objects with ``penerima_nip``, ``penerima_nama``, ``tahap``, ``kunci``,
``items`` and ``pesan`` (see :class:`core.pengingat.Pengingat`). Errors: "Galat: ..." on stderr,
exit code 1 (2 when the database cannot be used).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, cast

import typer
from sqlalchemy.exc import OperationalError, ProgrammingError

from core.calendar import CalendarCoverageError, local_date
from core.errors import SakipError
from core.pengingat import format_tabel, plan_pengingat
from core.ports import UnitOfWork

pengingat_app = typer.Typer(
    help="Pengingat pelaporan (Pergub 17/2023 Pasal 15): lihat antrean tanpa mengirim.",
    no_args_is_help=True,
)

#: Set by tests (or an embedding program) to use another database; None: from the settings.
uow_factory: Callable[[], UnitOfWork] | None = None

_container_uow: Callable[[], UnitOfWork] | None = None


def _uow() -> UnitOfWork:
    global _container_uow
    if uow_factory is not None:
        return uow_factory()
    if _container_uow is None:
        from sakip.wiring import build_container

        _container_uow = cast(Callable[[], UnitOfWork], build_container().uow)
    return _container_uow()


def _galat(pesan: str, kode: int = 1) -> typer.Exit:
    typer.echo(f"Galat: {pesan}", err=True)
    return typer.Exit(kode)


@pengingat_app.callback()
def _main() -> None:
    """Pengingat pelaporan SAKIP."""


@pengingat_app.command("plan")
def plan(
    tanggal: Annotated[
        str | None,
        typer.Option("--date", help="Tanggal (WIB), TTTT-BB-HH; bawaan: hari ini."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
    susulan: Annotated[
        bool,
        typer.Option("--susulan", help="Seperti run susulan: tahap terakhir yang masih relevan."),
    ] = False,
) -> None:
    """Tampilkan pengingat yang akan dikirim pada suatu hari (tidak mengirim apa pun)."""
    if tanggal is None:
        from sakip.wiring import system_clock

        hari = local_date(system_clock())
    else:
        try:
            hari = date.fromisoformat(tanggal)
        except ValueError:
            raise _galat(
                f"tanggal '{tanggal}' tidak sah; gunakan format TTTT-BB-HH, contoh 2026-02-03."
            ) from None
    try:
        rencana = plan_pengingat(_uow(), hari, susulan=susulan)
    except (SakipError, CalendarCoverageError) as exc:
        raise _galat(str(exc)) from None
    except (OperationalError, ProgrammingError) as exc:
        raise _galat(
            "basis data tidak dapat dipakai. Bila belum dimigrasikan, jalankan "
            f"`sakip db upgrade`. ({type(exc.orig).__name__})",
            2,
        ) from None
    if as_json:
        typer.echo(json.dumps([p.to_json() for p in rencana], ensure_ascii=False, indent=2))
        return
    typer.echo(f"Antrean pengingat {hari.isoformat()} ({len(rencana)} pesan, tidak dikirim):")
    typer.echo(format_tabel(rencana))
