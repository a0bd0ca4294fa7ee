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


def _tanggal_atau_hari_ini(tanggal: str | None) -> date:
    if tanggal is None:
        from sakip.wiring import system_clock

        return local_date(system_clock())
    try:
        return date.fromisoformat(tanggal)
    except ValueError:
        raise _galat(
            f"tanggal '{tanggal}' tidak sah; gunakan format TTTT-BB-HH, contoh 2026-02-03."
        ) from None


@pengingat_app.command("outbox")
def outbox(
    tanggal: Annotated[
        str | None, typer.Option("--date", help="Hanya pesan tanggal ini (TTTT-BB-HH).")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="antri, mengirim, terkirim, gagal, diblokir, dilewati."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
) -> None:
    """Pesan keluar (outbox) beserta statusnya."""
    from core.services_kirim import daftar_pesan

    hari = None if tanggal is None else _tanggal_atau_hari_ini(tanggal)
    try:
        rows = daftar_pesan(_uow(), hari, status)
    except (OperationalError, ProgrammingError) as exc:
        raise _galat(
            f"basis data tidak dapat dipakai. ({type(exc.orig).__name__})",
            2,
        ) from None
    if as_json:
        data = [
            {
                "kunci": r.kunci,
                "jenis": r.jenis,
                "tahap": r.tahap,
                "tanggal": None if r.tanggal is None else r.tanggal.isoformat(),
                "penerima": r.penerima,
                "status": r.status,
                "percobaan": r.percobaan,
                "galat": r.galat,
                "dikirim_pada": None if r.dikirim_pada is None else r.dikirim_pada.isoformat(),
            }
            for r in rows
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Pesan keluar: {len(rows)}")
    for r in rows:
        ket = f" ({r.galat})" if r.galat else ""
        typer.echo(f"{r.tanggal or '-'}  {r.status:<9} {r.penerima:<20} {r.tahap or r.jenis}{ket}")


@pengingat_app.command("diblokir")
def diblokir(
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
) -> None:
    """Pejabat yang pesannya tidak dapat disampaikan (memblokir bot / belum menautkan Telegram)."""
    from core.services_kirim import pesan_tidak_terjangkau

    try:
        daftar = pesan_tidak_terjangkau(_uow())
    except (OperationalError, ProgrammingError) as exc:
        raise _galat(f"basis data tidak dapat dipakai. ({type(exc.orig).__name__})", 2) from None
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "penerima": d.penerima,
                        "nama": d.nama,
                        "pd": d.pd_kode,
                        "status": d.status,
                        "galat": d.galat,
                        "jumlah_pesan": d.jumlah_pesan,
                    }
                    for d in daftar
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not daftar:
        typer.echo("Semua pesan terakhir tersampaikan.")
    for d in daftar:
        typer.echo(f"{d.penerima:<20} {d.nama or '-':<30} {d.status:<9} {d.galat or ''}")


@pengingat_app.command("kirim")
def kirim(
    tanggal: Annotated[
        str | None, typer.Option("--date", help="Tanggal rencana (TTTT-BB-HH); bawaan: hari ini.")
    ] = None,
) -> None:
    """Jalankan pengingat harian sekarang: antrekan rencana hari itu lalu kirim (perlu token bot)."""
    import asyncio

    from core.services_kirim import antrekan_pengingat
    from sakip.wiring import build_container, system_clock

    hari = _tanggal_atau_hari_ini(tanggal)
    c = build_container()
    if not c.settings.telegram_bot_token:
        raise _galat("TELEGRAM_BOT_TOKEN belum diisi; pesan tidak dapat dikirim.")
    from bot.pengirim import BatasKirim, Pengirim, buat_bot
    from sakip.scheduler import konfigurasi_pengingat

    hasil = antrekan_pengingat(c.uow(), hari, system_clock(), konfigurasi_pengingat(c.settings))
    typer.echo(
        f"Diantrekan {hasil.diantrekan} pesan ({hasil.ganda} sudah ada, "
        f"{hasil.tanpa_chat} tanpa Telegram, {hasil.usang} usang dilewati)."
    )

    async def _kirim() -> None:
        batas = BatasKirim(pesan_per_detik=c.settings.kirim_pesan_per_detik)
        bot = buat_bot(c.settings, batas.pekerja)
        await bot.initialize()
        try:
            stat = await Pengirim(bot, c.uow, system_clock, batas).kirim_antrean()
        finally:
            await bot.shutdown()
        typer.echo(
            f"Terkirim {stat.terkirim}, diblokir {stat.diblokir}, gagal {stat.gagal}, "
            f"dicoba ulang {stat.dicoba_ulang}."
        )

    asyncio.run(_kirim())
