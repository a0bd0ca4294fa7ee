"""The dashboard in headless Chromium (Playwright) against the real `sakip run` over the Banten demo."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.periode import NAMA_BULAN
from tests.browser.conftest import KENDALA, SANDI, TAHUN, Server


def masuk(
    page: Page, server: Server, path: str = "/dashboard", username: str | None = None
) -> None:
    page.goto(server.url + path)
    expect(page).to_have_url(re.compile(r"/dashboard/masuk\?lanjut="))
    page.get_by_label("Nama pengguna").fill(username or server.username)
    page.get_by_label("Kata sandi").fill(SANDI)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda u: "/dashboard/masuk" not in u)


def test_login_and_see_the_compliance_matrix(page: Page, server: Server) -> None:
    masuk(page, server, "/dashboard/kepatuhan")
    assert page.url.endswith("/dashboard/kepatuhan")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kepatuhan pelaporan bulanan")
    baris = page.locator("#matriks-kepatuhan tbody tr")
    expect(baris).to_have_count(43)  # every Perangkat Daerah of the Banten demo
    status = page.locator("#matriks-kepatuhan td.sel").evaluate_all(
        "els => els.map(e => e.dataset.status)"
    )
    assert len(status) == 43 * 12
    assert set(status) <= {"tepat_waktu", "terlambat", "belum", "tidak_wajib"}
    expect(page.locator("#matriks-kepatuhan .st-tepat_waktu").first).to_be_visible()
    if date.today() >= date(TAHUN, 3, 1):
        # some month's deadline has passed: the demo's late PDs reported the last due month after
        # its deadline, others have not reported it at all (core.demo.realisasi_sintetis)
        expect(page.locator("#matriks-kepatuhan .st-terlambat").first).to_be_visible()
        expect(page.locator("#matriks-kepatuhan .st-belum").first).to_be_visible()
    # November is not due yet on 4 December: shown as such, not as a missed report
    expect(page.locator("#matriks-kepatuhan .st-mendatang").first).to_be_visible()


def test_drill_down_to_a_sub_kegiatan(page: Page, server: Server) -> None:
    masuk(page, server)
    expect(page.locator("#peringkat tbody tr")).to_have_count(43)
    page.locator("#peringkat tbody tr a").first.click()
    for _ in range(8):
        page.wait_for_load_state()
        if page.locator("#realisasi").count():
            break
        page.locator("#anak tbody tr a").first.click()
    expect(page.locator("h1")).to_contain_text("Sub Kegiatan")
    expect(page.locator("#realisasi tbody tr")).to_have_count(12)
    expect(page.locator(".remah a").first).to_have_text("Provinsi Banten")
    kurva = page.get_by_alt_text("Kurva S fisik", exact=False)
    kurva.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=kurva.element_handle()
    )
    assert page.locator("#riwayat tbody tr").count() >= 1


def test_answer_a_kendala(page: Page, server: Server) -> None:
    masuk(page, server, "/dashboard/kendala")
    page.get_by_label("Status").select_option("baru")  # submits by itself (a little JS)
    page.wait_for_url(lambda u: "status=baru" in u)
    page.get_by_role("link", name=KENDALA).click()
    expect(page.locator("#status-kendala")).to_have_text("Baru")
    jawaban = "Bappeda: segera koordinasi dengan PPK, laporkan tindak lanjut dalam 7 hari."
    page.get_by_label("Tanggapan / rekomendasi Bappeda").fill(jawaban)
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_role("status")).to_contain_text("Tanggapan disimpan")
    expect(page.locator("#utas")).to_contain_text(jawaban)
    expect(page.locator("#status-kendala")).to_have_text("Ditanggapi")


def test_download_a_report(page: Page, server: Server, tmp_path: Path) -> None:
    masuk(page, server, "/dashboard/unduh")
    form = page.locator("#unduh-bulanan")
    form.locator("select[name=periode]").select_option("2026-03")
    form.locator("select[name=format]").select_option("xlsx")
    with page.expect_download() as info:
        form.get_by_role("button", name="Unduh").click()
    unduhan = info.value
    assert unduhan.suggested_filename.endswith("-2026-03.xlsx")
    berkas = tmp_path / unduhan.suggested_filename
    unduhan.save_as(berkas)
    wb = load_workbook(io.BytesIO(berkas.read_bytes()))
    teks = " ".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )
    assert "LAPORAN" in teks.upper() and "Maret" in teks

    form = page.locator("#unduh-program")
    form.locator("select[name=format]").select_option("pdf")
    with page.expect_download() as info:
        form.get_by_role("button", name="Unduh").click()
    pdf = tmp_path / "program.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_phone_layout_and_pd_scope(browser: object, server: Server) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = ctx.new_page()
    try:
        masuk(page, server, username=server.pd_username)
        # a pd account sees only its own row
        baris = page.locator("#peringkat tbody tr")
        expect(baris).to_have_count(1)
        assert baris.first.get_attribute("data-pd") == server.pd_kode
        lebar = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert lebar[0] <= lebar[1], f"the page scrolls sideways on a phone: {lebar}"
        expect(page.get_by_role("link", name="Kelola")).to_have_count(0)
    finally:
        ctx.close()


def test_run_prints_the_dashboard_url_and_a_working_demo_login(page: Page, server: Server) -> None:
    """`sakip run` (what `make run` starts) prints the dashboard URL and the demo logins."""
    keluaran = server.log.read_text()
    assert f"Dasbor Bappeda: {server.url}/dashboard" in keluaran
    m = re.search(r"^  (bappeda) / (\S+)  \(bappeda\)$", keluaran, re.M)
    assert m, keluaran
    page.goto(f"{server.url}/dashboard")
    page.get_by_label("Nama pengguna").fill(m.group(1))
    page.get_by_label("Kata sandi").fill(m.group(2))
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ringkasan capaian")


def _sub_kegiatan_dengan_realisasi(database_url: str) -> tuple[str, int]:
    from core.cascade import Tingkat
    from core.persistence.db import make_engine, make_session_factory
    from core.persistence.uow import SqlUnitOfWork

    engine = make_engine(database_url)
    try:
        with SqlUnitOfWork(make_session_factory(engine)) as u:
            for n in u.repo.list_nodes(TAHUN):
                if n.tingkat == Tingkat.SUB_KEGIATAN:
                    latest = u.repo.latest_realisasi(TAHUN, n.kode)
                    if latest:
                        return n.kode, max(latest)
    finally:
        engine.dispose()
    raise AssertionError("the demo has no realisasi")


def test_admin_corrects_a_realisasi(page: Page, server: Server) -> None:
    """The demo admin corrects a month on the sub kegiatan page: an ambiguous number is refused on
    the page, then the correction with its reason becomes a new revision in the history and trail."""
    from sakip.demo import DEMO_AKUN

    kode, bulan = _sub_kegiatan_dengan_realisasi(server.database_url)
    nama_bulan = NAMA_BULAN[bulan]
    admin, sandi = next((u, p) for u, p, peran, _ in DEMO_AKUN if peran == "admin")
    page.goto(f"{server.url}/dashboard/capaian?kode={kode}&periode={TAHUN}")
    page.get_by_label("Nama pengguna").fill(admin)
    page.get_by_label("Kata sandi").fill(sandi)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("h1")).to_contain_text("Sub Kegiatan")
    revisi_awal = page.locator("#riwayat tbody tr").count()
    page.get_by_role("link", name=f"Koreksi {nama_bulan}").click()
    form = page.locator("#koreksi")
    expect(form.get_by_role("heading")).to_contain_text(f"Koreksi realisasi {nama_bulan}")
    bobot = form.get_by_label("Realisasi bobot")
    assert bobot.input_value()  # prefilled with the latest revision

    form.get_by_label("Realisasi anggaran").fill("12.5")
    form.get_by_label("Alasan koreksi").fill("Koreksi sesuai SP2D (uji browser)")
    form.get_by_role("button", name="Simpan koreksi").click()
    expect(page.get_by_role("alert")).to_contain_text("ambigu")
    expect(page.locator("#riwayat tbody tr")).to_have_count(revisi_awal)

    page.locator("#koreksi").get_by_label("Realisasi anggaran").fill("1.250.000")
    page.locator("#koreksi").get_by_role("button", name="Simpan koreksi").click()
    expect(page.get_by_role("status")).to_contain_text("Koreksi realisasi disimpan")
    expect(page.locator("#riwayat tbody tr")).to_have_count(revisi_awal + 1)
    expect(page.locator("#riwayat")).to_contain_text("Rp 1.250.000")
    expect(page.locator("#jejak")).to_contain_text("Koreksi sesuai SP2D (uji browser)")
