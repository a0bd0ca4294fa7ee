"""The ``sakip`` command-line tool (Typer). Messages are in Bahasa Indonesia."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import typer
from sqlalchemy.exc import OperationalError, ProgrammingError

from api.app import tree_json
from core import services
from core.calendar import local_date
from core.capaian import format_persen
from core.deadlines import ApbdDates, format_table
from core.errors import SakipError
from core.holiday_source import HolidayOverride
from core.periode import Periode
from core.persistence import db
from core.rollup import HasilSimpul
from sakip import cli_akun, cli_bot, cli_dokumen, cli_excel
from sakip.cli_pengingat import pengingat_app
from sakip.cli_report import report_app
from sakip.wiring import Container, build_container

app = typer.Typer(help="Asisten pelaporan SAKIP Provinsi Banten.", no_args_is_help=True)
db_app = typer.Typer(help="Basis data (migrasi Alembic).", no_args_is_help=True)
pejabat_app = typer.Typer(help="Data pejabat.", no_args_is_help=True)
kalender_app = typer.Typer(
    help="Kalender hari kerja: libur lokal dan tanggal APBD.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(pejabat_app, name="pejabat")
app.add_typer(kalender_app, name="kalender")

_container: Container | None = None


def container() -> Container:
    global _container
    if _container is None:
        _container = build_container()
    return _container


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"Galat: {message}", err=True)
    raise typer.Exit(code)


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def _default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return format(o, "f")
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(type(o))


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"tanggal '{text}' tidak sah; gunakan format TTTT-BB-HH, contoh 2026-03-20.")
        raise  # unreachable


# ---------------------------------------------------------------- db
@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrasikan basis data ke revisi terbaru."""
    db.upgrade(container().settings.effective_database_url, revision)
    typer.echo("Basis data sudah dimigrasikan.")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Turunkan skema basis data ke revisi tertentu."""
    db.downgrade(container().settings.effective_database_url, revision)
    typer.echo(f"Basis data diturunkan ke {revision}.")


# ---------------------------------------------------------------- deadlines
CUTI_BERSAMA_BELUM_ADA = (
    "Peringatan: cuti bersama tahun {tahun} belum ada dalam data kalender, sehingga tenggat pada "
    "tahun itu dapat jatuh terlalu awal. Setelah SKB 3 Menteri terbit, tambahkan dengan "
    "`sakip kalender libur TANGGAL KETERANGAN`."
)


def _peringatkan_cuti_bersama(c: Container, tahun: list[int]) -> None:
    """On stderr: each of ``tahun`` whose cuti bersama are not known yet."""
    for kosong in services.tahun_cuti_bersama_belum_ada(c.uow(), tahun):
        typer.echo(CUTI_BERSAMA_BELUM_ADA.format(tahun=kosong), err=True)


@app.command("deadlines")
def deadlines(
    year: Annotated[int, typer.Option("--year", "--tahun", help="Tahun anggaran")],
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Daftar tenggat pelaporan setahun (Pergub 17/2023 Pasal 8-11, 15)."""
    if not 2000 <= year <= 2100:
        _fail("tahun harus antara 2000 dan 2100.")
    c = container()
    items = services.list_deadlines(c.uow(), year)
    # December's, the fourth quarter's and the annual reports fall due in the next year
    _peringatkan_cuti_bersama(c, [year, year + 1])
    if as_json:
        _json([t.to_json() for t in items])
    else:
        typer.echo(format_table(items))


# ---------------------------------------------------------------- pejabat and link codes
@pejabat_app.command("list")
def pejabat_list(
    pd: Annotated[str | None, typer.Option("--pd", help="Kode Perangkat Daerah")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Daftar pejabat."""
    rows = services.list_pejabat(container().uow(), pd)
    data = [
        {"nip": p.nip, "nama": p.nama, "jabatan": p.jabatan, "eselon": p.eselon, "pd": p.pd_kode}
        for p in rows
    ]
    if as_json:
        _json(data)
        return
    if not data:
        typer.echo("Belum ada pejabat.")
    for d in data:
        typer.echo(
            f"{d['nip']}  {d['nama']:<30}  {d['jabatan']:<40}  {d['eselon'] or '-':<5}  {d['pd'] or '-'}"
        )


@app.command("link-code")
def link_code(nip: str) -> None:
    """Buat kode sekali pakai untuk menautkan akun Telegram seorang pejabat."""
    c = container()
    kode = services.create_link_code(c.uow(), nip.strip(), c.clock(), c.settings.link_code_ttl_days)
    typer.echo(kode.kode)
    typer.echo(
        f"Berlaku sampai {kode.kedaluwarsa_pada.astimezone().strftime('%Y-%m-%d %H:%M %Z')}. "
        f"Kirim ke bot: /start {kode.kode}",
        err=True,
    )


# ---------------------------------------------------------------- calendar
@kalender_app.command("libur")
def kalender_libur(tanggal: str, keterangan: str) -> None:
    """Tambahkan hari libur lokal atau cuti bersama baru."""
    c = container()
    services.set_override(
        c.uow(), HolidayOverride(_parse_date(tanggal), True, keterangan), now=c.clock()
    )
    typer.echo(f"{tanggal} dicatat sebagai hari libur: {keterangan}.")


@kalender_app.command("masuk")
def kalender_masuk(tanggal: str, keterangan: str) -> None:
    """Batalkan hari libur: tanggal menjadi hari kerja."""
    c = container()
    services.set_override(
        c.uow(), HolidayOverride(_parse_date(tanggal), False, keterangan), now=c.clock()
    )
    typer.echo(f"{tanggal} dicatat sebagai hari kerja: {keterangan}.")


@kalender_app.command("hapus")
def kalender_hapus(tanggal: str) -> None:
    """Hapus perubahan kalender lokal pada tanggal itu."""
    c = container()
    if services.delete_override(c.uow(), _parse_date(tanggal), now=c.clock()):
        typer.echo(f"Perubahan kalender {tanggal} dihapus.")
    else:
        _fail(f"tidak ada perubahan kalender pada {tanggal}.")


@kalender_app.command("apbd")
def kalender_apbd(
    tahun: Annotated[int, typer.Option("--tahun")],
    apbd: Annotated[str | None, typer.Option("--apbd", help="Tanggal penetapan APBD")] = None,
    perubahan: Annotated[
        str | None, typer.Option("--perubahan", help="Tanggal APBD-Perubahan")
    ] = None,
) -> None:
    """Simpan tanggal penetapan APBD dan APBD-Perubahan (tenggat PK, KKL, KAK, ROPP)."""
    c = container()
    services.set_apbd(
        c.uow(),
        ApbdDates(
            tahun,
            _parse_date(apbd) if apbd else None,
            _parse_date(perubahan) if perubahan else None,
        ),
        now=c.clock(),
    )
    typer.echo(f"Tanggal APBD {tahun} disimpan.")


# ---------------------------------------------------------------- capaian
@app.command("capaian")
def capaian(
    periode: Annotated[
        str, typer.Option("--periode", help="2026-01, 2026-01-sd, 2026-Q1 atau 2026")
    ],
    pd: Annotated[str | None, typer.Option("--pd", help="Kode Perangkat Daerah")] = None,
    kedalaman: Annotated[int, typer.Option("--kedalaman", help="Tingkat yang ditampilkan")] = 2,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Capaian kinerja dan anggaran, digulung dari sub kegiatan sampai provinsi."""
    try:
        p = Periode.parse(periode)
    except ValueError as exc:
        _fail(str(exc))
        return
    tree = services.build_capaian_tree(container().uow(), p.tahun, p)
    if pd is not None:
        found = tree.cari(pd)
        if found is None:
            _fail(f"Perangkat Daerah {pd} tidak ada pada data tahun {p.tahun}.")
            return
        tree = found
    if as_json:
        _json(tree_json(tree, kedalaman))
        return
    typer.echo(f"Capaian {p.label}")
    for depth, node in _walk(tree, kedalaman):
        a = node.angka
        typer.echo(
            f"{'  ' * depth}{node.kode} {node.nama[:50]}: kinerja {format_persen(a.capaian_kinerja.nilai)}"
            f" ({a.capaian_kinerja.kategori.label if a.capaian_kinerja.kategori else a.capaian_kinerja.alasan}),"
            f" anggaran {format_persen(a.capaian_anggaran.nilai)}"
        )


def _walk(node: HasilSimpul, depth: int, level: int = 0) -> Iterator[tuple[int, HasilSimpul]]:
    yield level, node
    if level < depth:
        for child in node.anak:
            yield from _walk(child, depth, level + 1)


@app.command("demo")
def demo(
    tahun: Annotated[
        int | None, typer.Option("--tahun", help="Tahun anggaran (bawaan: tahun ini)")
    ] = None,
    seed: Annotated[int, typer.Option("--seed")] = 2026,
    jika_kosong: Annotated[
        bool, typer.Option("--jika-kosong", help="Lewati tanpa galat bila basis data sudah berisi")
    ] = False,
) -> None:
    """Muat data contoh Banten (PD, jabatan, kaskade) dan ROPP/realisasi sintetis ke basis data kosong."""
    from sakip.demo import database_kosong, load_demo

    c = container()
    if jika_kosong and not database_kosong(c.uow()):
        typer.echo("Basis data sudah berisi data; data contoh tidak dimuat ulang.")
        return
    hari_ini = local_date(c.clock())
    h = load_demo(c.uow(), tahun or hari_ini.year, hari_ini, seed)
    typer.echo(
        f"Data contoh dimuat: {h.perangkat_daerah} PD, {h.pejabat} jabatan, {h.nodes} simpul kaskade, "
        f"{h.sub_kegiatan} sub kegiatan sintetis, {h.realisasi} realisasi bulanan "
        f"({h.terlambat} PD terlambat, {h.belum} PD belum melapor bulan terakhir)."
    )


@app.command("run")
def run(
    host: Annotated[str | None, typer.Option("--host")] = None,
    port: Annotated[int | None, typer.Option("--port")] = None,
) -> None:
    """Jalankan layanan: migrasi basis data, lalu API (dan bot bila TELEGRAM_BOT_TOKEN diisi)."""
    import uvicorn

    from sakip.logs import configure_logging
    from sakip.server import build_app, dashboard_lines

    c = container()
    db.upgrade(c.settings.effective_database_url)
    tahun_ini = local_date(c.clock()).year
    _peringatkan_cuti_bersama(c, [tahun_ini, tahun_ini + 1])
    h, p = host or c.settings.host, port or c.settings.port
    if c.settings.telegram_bot_token:
        mode = (
            f"webhook {c.settings.telegram_webhook_url}"
            if c.settings.telegram_webhook_url
            else "long polling"
        )
        typer.echo(f"Bot Telegram ikut berjalan ({mode}) dalam proses dan event loop yang sama.")
    typer.echo(f"SAKIP Banten berjalan di http://{h}:{p}  (dokumentasi API: http://{h}:{p}/docs)")
    for baris in dashboard_lines(c, f"http://{h}:{p}"):  # the dashboard URL and the demo login
        typer.echo(baris)
    try:
        configure_logging(c.settings.log_format, c.settings.log_level)
    except ValueError as exc:
        _fail(str(exc))
    uvicorn.run(build_app(c), host=h, port=p, log_config=None, access_log=False)


cli_excel.register(app, container)
cli_bot.register(app, container)
cli_akun.register(app, container)
cli_dokumen.register(app, container)
app.add_typer(report_app, name="report", help="Laporan Lampiran II dan ROPP (xlsx, PDF, JSON).")
app.add_typer(pengingat_app, name="reminders", help="Pengingat tenggat: rencana kirim per hari.")


def main() -> None:
    try:
        app()
    except SakipError as exc:
        typer.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    except (OperationalError, ProgrammingError) as exc:
        typer.echo(
            "Galat: basis data tidak dapat dipakai. Bila belum dimigrasikan, jalankan "
            f"`sakip db upgrade`. ({type(exc.orig).__name__})",
            err=True,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
