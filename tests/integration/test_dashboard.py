"""The dashboard over HTTP (FastAPI TestClient) on real databases: login, CSRF, scoping, every page.

Data: the Lampiran II worked example (PD Bappeda, seven sub kegiatan) and a second PD with one sub
kegiatan, realisasi stored through core.services.submit_realisasi, accounts through
core.services_akun, a kendala through core.services_kendala. The clock is injected.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from api.app import create_app, ping_engine
from core import services, services_akun
from core.cascade import CascadeNode, Kelompok, Pejabat, PerangkatDaerah, Saluran, Tingkat
from core.excel import buat_template
from core.periode import Periode
from core.rating import kategori
from core.realisasi import RealisasiInput
from core.services_kendala import buat_kendala
from tests.conftest import FakeClock
from tests.factories import (
    KEGIATAN_Q1,
    NIP_KASUBAG,
    PD,
    TAHUN,
    lampiran_ii_cascade,
    ropp_q1,
    seed_master,
)

D = Decimal
SANDI = "sandi-rahasia-123"
PD2 = PerangkatDaerah("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "Dinkes", Kelompok.I)
NIP_PD2 = "999900000000000009"
NOW = datetime(2026, 4, 10, 2, 0, tzinfo=UTC)  # Friday 10 April 2026, 09:00 WIB
FEB_3 = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
MAR_20 = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)  # after the February deadline


def _lapor(uow_factory, kode, bulan, bobot, now, nip=NIP_KASUBAG, **kw):
    services.submit_realisasi(
        uow_factory(),
        RealisasiInput(kode, TAHUN, bulan, D(bobot), D(500_000), **kw),
        oleh_nip=nip,
        saluran=Saluran.BOT,
        now=now,
    )


@pytest.fixture
def data(uow_factory):
    seed_master(uow_factory)
    services.register_pd(uow_factory(), [PD2])
    services.register_pejabat(
        uow_factory(), [Pejabat(NIP_PD2, "Kasi Dinkes (contoh)", "Kepala Seksi", "IV.a", PD2.kode)]
    )
    kedua = [
        CascadeNode("S2", Tingkat.SASARAN_PD, "Sasaran Dinkes", "SD1", PD2.kode),
        CascadeNode("P2", Tingkat.PROGRAM, "Program Dinkes", "S2", PD2.kode),
        CascadeNode("K2X", Tingkat.KEGIATAN, "Kegiatan Dinkes", "P2", PD2.kode),
        CascadeNode(
            "SK-Z",
            Tingkat.SUB_KEGIATAN,
            "Sub kegiatan Dinkes",
            "K2X",
            PD2.kode,
            penanggung_jawab_nip=NIP_PD2,
        ),
    ]
    services.save_cascade(uow_factory(), TAHUN, [*lampiran_ii_cascade(), *kedua])
    for k, (q1, _) in KEGIATAN_Q1.items():
        services.save_ropp(uow_factory(), ropp_q1(f"SK-{k}", q1))
    services.save_ropp(uow_factory(), ropp_q1("SK-Z", D(50)))
    for k, (_, real) in KEGIATAN_Q1.items():
        _lapor(uow_factory, f"SK-{k}", 2, real, FEB_3)
    _lapor(uow_factory, "SK-K1", 2, "13.00", MAR_20, kendala="Lelang gagal, menunggu ulang.")
    _lapor(uow_factory, "SK-Z", 2, "45", MAR_20, nip=NIP_PD2)
    for username, peran, pd in (
        ("admin", "admin", None),
        ("bappeda", "bappeda", None),
        ("pd1", "pd", PD.kode),
        ("pd2", "pd", PD2.kode),
    ):
        services_akun.buat_akun(
            uow_factory(),
            username=username,
            nama=f"Pengguna {username}",
            password=SANDI,
            peran=peran,
            pd_kode=pd,
            now=FEB_3,
        )
    k = buat_kendala(
        uow_factory(),
        pelapor_nip=NIP_KASUBAG,
        uraian="Lelang gagal, menunggu ulang.",
        sub_kegiatan_kode="SK-K1",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=MAR_20,
        periode="2026-02",
    )
    return uow_factory, k.id


@pytest.fixture
def app(data, engine):
    uow_factory, _ = data
    app = create_app(uow_factory, ping_engine(engine))
    app.state.clock = FakeClock(NOW)
    return app


@pytest.fixture
def client(app):
    with TestClient(app, follow_redirects=False) as c:
        yield c


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_dari(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no csrf field in the page"
    return m.group(1)


def masuk(client: TestClient, username: str, password: str = SANDI) -> str:
    """Log in through the form; returns the session's CSRF token (from the next page)."""
    form = client.get("/dashboard/masuk")
    assert form.status_code == 200
    r = client.post(
        "/dashboard/masuk",
        data={"username": username, "password": password, "csrf": csrf_dari(form.text)},
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/dashboard"
    assert "sakip_sesi" in client.cookies
    page = client.get("/dashboard")
    assert page.status_code == 200
    return csrf_dari(page.text)


# ---------------------------------------------------------------------------- login and CSRF
HALAMAN = [
    "/dashboard",
    "/dashboard/kepatuhan",
    "/dashboard/capaian",
    "/dashboard/kendala",
    "/dashboard/dokumen",
    "/dashboard/unduh",
    "/dashboard/kelola",
]


@pytest.mark.parametrize("path", HALAMAN)
def test_every_page_needs_login(client, path):
    r = client.get(path, params={"x": "1"})
    assert r.status_code == 303
    assert r.headers["location"].startswith("/dashboard/masuk?lanjut=")
    assert "%3Fx%3D1" in r.headers["location"]  # back to the same page after the login


def test_images_and_forms_need_login(client):
    assert client.get("/dashboard/grafik/anak.png").status_code == 401
    r = client.post("/dashboard/kelola/apbd", data={"tahun": "2026", "apbd": "2025-11-28"})
    assert r.status_code == 401


def test_root_goes_to_the_dashboard(client):
    r = client.get("/")
    assert r.status_code == 307 and r.headers["location"] == "/dashboard"


def test_login_redirects_back_but_never_off_site(client):
    form = client.get("/dashboard/masuk", params={"lanjut": "//evil.example/x"})
    assert 'name="lanjut" value="/dashboard"' in form.text
    r = client.post(
        "/dashboard/masuk",
        data={
            "username": "admin",
            "password": SANDI,
            "csrf": csrf_dari(form.text),
            "lanjut": "https://evil.example/",
        },
    )
    assert r.headers["location"] == "/dashboard"
    client.cookies.clear()
    form = client.get("/dashboard/masuk", params={"lanjut": "/dashboard/kepatuhan?tahun=2026"})
    r = client.post(
        "/dashboard/masuk",
        data={
            "username": "admin",
            "password": SANDI,
            "csrf": csrf_dari(form.text),
            "lanjut": "/dashboard/kepatuhan?tahun=2026",
        },
    )
    assert r.headers["location"] == "/dashboard/kepatuhan?tahun=2026"


@pytest.mark.parametrize(
    ("lanjut", "ke"),
    [
        ("/dashboard/../api/v1/pd", "/dashboard"),  # dot segments leave the dashboard
        ("/dashboard/%2e%2e/api/v1/pd", "/dashboard"),  # a browser resolves %2e%2e too
        ("/dashboard/kendala/../../api/v1/pd?x=1", "/dashboard"),
        ("/dashboardx", "/dashboard"),
        ("/dashboard/kendala/../kepatuhan?tahun=2026", "/dashboard/kepatuhan?tahun=2026"),
    ],
)
def test_login_redirect_stays_under_the_dashboard(client, lanjut, ke):
    form = client.get("/dashboard/masuk", params={"lanjut": lanjut})
    assert f'name="lanjut" value="{ke}"' in form.text
    masukan = {"username": "admin", "password": SANDI, "csrf": csrf_dari(form.text)}
    r = client.post("/dashboard/masuk", data={**masukan, "lanjut": lanjut})
    assert r.status_code == 303 and r.headers["location"] == ke


def test_an_unknown_dashboard_address_gets_the_html_error_page(client):
    for login in (False, True):
        r = client.get("/dashboard/nope")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "Halaman tidak ditemukan" in r.text and '"detail"' not in r.text
        assert "Kembali ke Ringkasan" in r.text
        if login:
            assert "Keluar" in r.text  # the menu of the logged-in account
        else:
            masuk(client, "bappeda")
    r = client.get("/dashboard/kendala/1/jawab")  # a form's address opened as a page
    assert r.status_code == 405 and r.headers["content-type"].startswith("text/html")
    assert "Metode tidak diizinkan" in r.text
    r = client.get("/api/v1/nope")  # the API still answers JSON
    assert r.status_code == 404 and r.json() == {"detail": "Alamat tidak ditemukan."}


def test_login_form_is_csrf_protected(client):
    client.get("/dashboard/masuk")
    r = client.post(
        "/dashboard/masuk", data={"username": "admin", "password": SANDI, "csrf": "palsu"}
    )
    assert r.status_code == 403
    assert "sakip_sesi" not in r.cookies
    client.cookies.clear()
    r = client.post("/dashboard/masuk", data={"username": "admin", "password": SANDI})
    assert r.status_code == 403


def test_wrong_password_then_lockout(client):
    token = csrf_dari(client.get("/dashboard/masuk").text)
    for _ in range(4):
        r = client.post(
            "/dashboard/masuk",
            data={"username": "admin", "password": "salah-sekali", "csrf": token},
        )
        assert r.status_code == 401
        assert "Nama pengguna atau kata sandi salah." in r.text
        assert "sakip_sesi" not in client.cookies
    r = client.post(
        "/dashboard/masuk", data={"username": "admin", "password": "salah-sekali", "csrf": token}
    )
    assert r.status_code == 429 and "terkunci" in r.text
    # locked: even the right password is refused
    r = client.post(
        "/dashboard/masuk", data={"username": "admin", "password": SANDI, "csrf": token}
    )
    assert r.status_code == 429
    assert "sakip_sesi" not in client.cookies


def test_forged_or_missing_csrf_changes_nothing(client, data):
    uow_factory, _ = data
    masuk(client, "admin")
    for token in ("", "palsu"):
        r = client.post(
            "/dashboard/kelola/apbd",
            data={"tahun": "2026", "apbd": "2025-11-28", "csrf": token},
        )
        assert r.status_code == 403
        assert "CSRF" in r.text
    with uow_factory() as uow:
        assert uow.repo.get_apbd(2026) is None


def test_logout_ends_the_session(client, data):
    uow_factory, _ = data
    token = masuk(client, "bappeda")
    sesi = client.cookies["sakip_sesi"]
    r = client.post("/dashboard/keluar", data={"csrf": "palsu"})
    assert r.status_code == 403
    r = client.post("/dashboard/keluar", data={"csrf": token})
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/masuk"
    assert services_akun.verify_session(uow_factory(), sesi, NOW) is None
    client.cookies.set("sakip_sesi", sesi)  # replaying the old cookie does not help
    assert client.get("/dashboard").status_code == 303


def test_expired_session_goes_back_to_login(client, app):
    masuk(client, "admin")
    app.state.clock.now = datetime(2026, 4, 11, 2, 0, tzinfo=UTC)  # 24 h later
    r = client.get("/dashboard/kepatuhan")
    assert r.status_code == 303 and r.headers["location"].startswith("/dashboard/masuk")


# ---------------------------------------------------------------------------- pages
def _teks_persen(x: Decimal) -> str:
    return f"{x.quantize(D('0.01')):.2f}".replace(".", ",") + "%"


def test_ringkasan_ranks_the_pds_with_tabel_b2_colours(client, data):
    uow_factory, _ = data
    masuk(client, "bappeda")
    r = client.get("/dashboard", params={"periode": "2026-Q1"})
    assert r.status_code == 200
    html = r.text
    tree = services.build_capaian_tree(uow_factory(), TAHUN, Periode.triwulan(TAHUN, 1))
    pds = sorted(tree.anak, key=lambda h: -(h.capaian_kinerja.nilai or 0))
    assert [h.kode for h in pds] == [PD2.kode, PD.kode]  # 45/50 = 90 % before Bappeda's
    posisi = [html.index(f'data-pd="{h.kode}"') for h in pds]
    assert posisi == sorted(posisi)
    for h in pds:
        nilai = h.capaian_kinerja.nilai
        assert nilai is not None
        assert _teks_persen(nilai) in html
        kat = kategori(nilai)
        assert f"--warna: {kat.warna}" in html and kat.label in html
    assert "Triwulan I 2026" in html or "Tw I" in html or "2026-Q1" in html
    img = client.get("/dashboard/grafik/anak.png", params={"periode": "2026-Q1"})
    assert img.status_code == 200 and img.headers["content-type"] == "image/png"
    assert img.content.startswith(b"\x89PNG")


def test_ringkasan_formats_the_report_counts(client, monkeypatch):
    """Laporan masuk with thousands separators, as money on the page: 14.445 / 15.138."""
    import dataclasses

    from api import dashboard

    asli = dashboard._tree

    def besar(uow, per):
        def ubah(h, dilaporkan, wajib):
            angka = dataclasses.replace(h.angka, dilaporkan=dilaporkan, wajib_lapor=wajib)
            return dataclasses.replace(h, angka=angka)

        tree = asli(uow, per)
        anak = tuple(ubah(a, 1234, 2345) for a in tree.anak)
        return dataclasses.replace(ubah(tree, 14445, 15138), anak=anak)

    monkeypatch.setattr(dashboard, "_tree", besar)
    masuk(client, "bappeda")
    html = client.get("/dashboard", params={"periode": "2026-Q1"}).text
    assert "14.445 / 15.138" in html and "1.234 / 2.345" in html
    assert "14445" not in html and "2345" not in html


def test_ringkasan_ranks_by_the_value_as_shown(client, monkeypatch):
    """D10: 84,99676 and 84,99646 both show as "85,00%": they share a rank (the page's note)."""
    import dataclasses

    from api import dashboard

    asli = dashboard._tree

    def seri(uow, per):
        def ubah(h, realisasi):
            angka = dataclasses.replace(h.angka, target_bobot=D(100), realisasi_bobot=D(realisasi))
            return dataclasses.replace(h, angka=angka)

        tree = asli(uow, per)
        nilai = ["84.99646", "84.99676"]  # the lower one first: ranks from values, not from order
        anak = tuple(ubah(a, nilai[i]) if i < 2 else a for i, a in enumerate(tree.anak))
        return dataclasses.replace(tree, anak=anak)

    monkeypatch.setattr(dashboard, "_tree", seri)
    masuk(client, "bappeda")
    html = client.get("/dashboard", params={"periode": "2026-Q1"}).text
    tabel = html[
        html.index('id="peringkat"') : html.index("</table>", html.index('id="peringkat"'))
    ]
    baris = re.findall(r'<tr data-pd="[^"]+">\s*<td class="angka">([^<]*)</td>', tabel)
    assert baris[:2] == ["1", "1"] and tabel.count("85,00%") == 2


def test_header_names_the_dashboard_of_the_account(client):
    """D14: a PD account's header is not "Dasbor Bappeda"."""
    masuk(client, "pd1")
    html = client.get("/dashboard").text
    assert "SAKIP Banten · Dasbor Perangkat Daerah</a>" in html and "Dasbor Bappeda" not in html
    client.cookies.clear()
    masuk(client, "bappeda")
    assert "SAKIP Banten · Dasbor Bappeda</a>" in client.get("/dashboard").text


def test_bad_period_is_a_clear_422(client):
    masuk(client, "admin")
    r = client.get("/dashboard", params={"periode": "2026-13"})
    assert r.status_code == 422
    assert "periode" in r.text.lower()


def test_kepatuhan_matrix(client):
    masuk(client, "admin")
    r = client.get("/dashboard/kepatuhan", params={"tahun": 2026})
    assert r.status_code == 200
    baris = dict(re.findall(r'<tr data-pd="([^"]+)">(.*?)</tr>', r.text, re.S))
    assert set(baris) == {PD.kode, PD2.kode}
    status = {kode: re.findall(r'data-status="([a-z_]+)"', html) for kode, html in baris.items()}
    # January was due on 6 Feb and nobody reported it; February: Bappeda first reported on 3 Feb
    # (on time), Dinkes on 20 March (after the 6 March deadline).
    assert status[PD.kode][:2] == ["belum", "tepat_waktu"]
    assert status[PD2.kode][:2] == ["belum", "terlambat"]
    assert len(status[PD.kode]) == 12


def test_drill_down_to_a_sub_kegiatan(client):
    masuk(client, "bappeda")
    r = client.get("/dashboard/capaian", params={"periode": "2026-Q1"})
    assert r.status_code == 200 and PD.nama in r.text and PD2.nama in r.text
    langkah = [PD.kode, "S1", "S1#1", "PA", "PA#1", "K1", "SK-K1"]
    for kode in langkah:
        assert f'data-kode="{kode}"' in r.text, kode
        r = client.get("/dashboard/capaian", params={"kode": kode, "periode": "2026-Q1"})
        assert r.status_code == 200, kode
    html = r.text
    assert "Sub Kegiatan SK-K1" in html
    assert 'id="realisasi"' in html and 'id="riwayat"' in html
    assert "Lelang gagal, menunggu ulang." in html
    # two revisions of February, both in the history, the second one late
    riwayat = html[html.index('id="riwayat"') : html.index("Bukti dukung")]
    assert riwayat.count("<tr><td>Februari</td>") == 2
    assert "(terlambat)" in riwayat
    # breadcrumb back up to the province
    remah = html[html.index('class="remah"') :]
    assert remah.index("Provinsi Banten") < remah.index(PD.nama) < remah.index("Sub Kegiatan SK-K1")
    for jenis in ("fisik", "keuangan"):
        img = client.get(
            "/dashboard/grafik/kurva-s.png", params={"kode": "SK-K1", "tahun": 2026, "jenis": jenis}
        )
        assert img.status_code == 200 and img.content.startswith(b"\x89PNG")
    img = client.get("/dashboard/grafik/anak.png", params={"kode": "PA", "periode": "2026-Q1"})
    assert img.status_code == 200 and img.content.startswith(b"\x89PNG")
    assert client.get("/dashboard/capaian", params={"kode": "TIDAK-ADA"}).status_code == 404


def test_pd_account_sees_only_its_own_pd(client):
    masuk(client, "pd1")
    html = client.get("/dashboard", params={"periode": "2026-Q1"}).text
    assert f'data-pd="{PD.kode}"' in html and f'data-pd="{PD2.kode}"' not in html
    html = client.get("/dashboard/kepatuhan").text
    assert f'data-pd="{PD.kode}"' in html and f'data-pd="{PD2.kode}"' not in html
    # the province root opens the own PD
    html = client.get("/dashboard/capaian", params={"periode": "2026-Q1"}).text
    assert 'data-kode="S1"' in html and PD2.nama not in html
    for kode in (PD2.kode, "S2", "SK-Z", "provinsi"):
        r = client.get("/dashboard/capaian", params={"kode": kode, "periode": "2026-Q1"})
        assert r.status_code == 403, kode
    r = client.get("/dashboard/grafik/kurva-s.png", params={"kode": "SK-Z", "tahun": 2026})
    assert r.status_code == 403
    assert client.get("/dashboard/grafik/anak.png", params={"kode": "provinsi"}).status_code == 403
    assert client.get("/dashboard/kelola").status_code == 403
    assert client.get("/dashboard/kendala", params={"pd": PD2.kode}).status_code == 403
    html = client.get("/dashboard/unduh").text
    assert PD.nama in html and PD2.nama not in html and "unduh-daerah" not in html


def test_kendala_inbox_and_answer(client, data):
    uow_factory, kid = data
    masuk(client, "pd2")
    assert client.get(f"/dashboard/kendala/{kid}").status_code == 403
    assert "Lelang gagal" not in client.get("/dashboard/kendala").text
    client.cookies.clear()

    token = masuk(client, "bappeda")
    html = client.get("/dashboard/kendala", params={"status": "baru"}).text
    assert f'data-kendala="{kid}"' in html
    html = client.get("/dashboard/kendala", params={"status": "selesai"}).text
    assert f'data-kendala="{kid}"' not in html
    assert client.get("/dashboard/kendala", params={"status": "aneh"}).status_code == 422

    r = client.post(f"/dashboard/kendala/{kid}/jawab", data={"isi": "Segera lelang ulang."})
    assert r.status_code == 403
    r = client.post(f"/dashboard/kendala/{kid}/jawab", data={"isi": "  ", "csrf": token})
    assert r.status_code == 422
    r = client.post(
        f"/dashboard/kendala/{kid}/jawab", data={"isi": "Segera lelang ulang.", "csrf": token}
    )
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "Segera lelang ulang." in html and "Ditanggapi" in html
    from core.services_kendala import ambil_kendala

    d = ambil_kendala(uow_factory(), kid)
    assert [m.isi for m in d.pesan] == ["Segera lelang ulang."]
    assert d.pesan[0].saluran == Saluran.DASHBOARD.value
    r = client.post(f"/dashboard/kendala/{kid}/tutup", data={"csrf": token})
    assert r.status_code == 303
    assert "Selesai" in client.get(f"/dashboard/kendala/{kid}").text
    r = client.post(f"/dashboard/kendala/{kid}/jawab", data={"isi": "Lagi.", "csrf": token})
    assert r.status_code == 409
    assert client.get("/dashboard/kendala/99999").status_code == 404


def test_the_answer_banner_says_it_is_queued_not_delivered(client, data):
    """The answer only goes to the outbox (pesan_keluar); nothing says it reached Telegram."""
    uow_factory, kid = data
    token = masuk(client, "bappeda")
    r = client.post(f"/dashboard/kendala/{kid}/jawab", data={"isi": "Jawaban 1.", "csrf": token})
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "Pelapor belum menautkan akun Telegram; tanggapan dapat dilihat di dasbor." in html
    assert "terkirim" not in html and "menerimanya" not in html
    with uow_factory() as uow:
        uow.repo.set_telegram(NIP_KASUBAG, 424242)
        uow.commit()
    r = client.post(f"/dashboard/kendala/{kid}/jawab", data={"isi": "Jawaban 2.", "csrf": token})
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "Tanggapan disimpan dan diantrekan untuk dikirim ke Telegram pelapor." in html
    assert "belum menautkan" not in html


def test_pd_account_cannot_answer(client, data):
    _, kid = data
    token = masuk(client, "pd1")
    assert client.get(f"/dashboard/kendala/{kid}").status_code == 200
    r = client.post(f"/dashboard/kendala/{kid}/jawab", data={"isi": "Saya jawab.", "csrf": token})
    assert r.status_code == 403


def test_unduh_links_to_the_report_downloads(client):
    masuk(client, "admin")
    html = client.get("/dashboard/unduh").text
    for jenis in ("bulanan", "program", "sasaran", "daerah"):
        assert f'action="/api/v1/laporan/{jenis}"' in html
    r = client.get(
        "/api/v1/laporan/bulanan", params={"pd": PD.kode, "periode": "2026-02", "format": "xlsx"}
    )
    assert r.status_code == 200 and r.content.startswith(b"PK")


def test_kelola_calendar_apbd_link_code_and_plan(client, data):
    uow_factory, _ = data
    token = masuk(client, "bappeda")
    assert client.get("/dashboard/kelola").status_code == 200
    r = client.post(
        "/dashboard/kelola/kalender",
        data={
            "tanggal": "2026-06-02",
            "jenis": "libur",
            "keterangan": "Cuti bersama",
            "csrf": token,
        },
    )
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "Perubahan kalender disimpan." in html and "Cuti bersama" in html
    with uow_factory() as uow:
        jejak = uow.repo.list_perubahan("kalender")
    assert jejak and jejak[-1].saluran == Saluran.DASHBOARD and "bappeda" in (jejak[-1].oleh or "")
    r = client.post(
        "/dashboard/kelola/kalender/hapus", data={"tanggal": "2026-06-02", "csrf": token}
    )
    assert r.status_code == 303
    r = client.post(
        "/dashboard/kelola/kalender/hapus", data={"tanggal": "2026-06-02", "csrf": token}
    )
    assert r.status_code == 404

    r = client.post(
        "/dashboard/kelola/apbd",
        data={"tahun": "2026", "apbd": "2025-11-28", "perubahan": "2025-01-01", "csrf": token},
    )
    assert r.status_code == 422 and "APBD-Perubahan" in r.text
    r = client.post(
        "/dashboard/kelola/apbd", data={"tahun": "2026", "apbd": "2025-11-28", "csrf": token}
    )
    assert r.status_code == 303
    with uow_factory() as uow:
        apbd = uow.repo.get_apbd(2026)
    assert apbd is not None and apbd.apbd == date(2025, 11, 28)

    r = client.post("/dashboard/kelola/kode-tautan", data={"nip": NIP_KASUBAG, "csrf": token})
    assert r.status_code == 200
    kode = re.search(r'id="kode-baru">([A-Z0-9]+)<', r.text)
    assert kode
    p = services.redeem_link_code(uow_factory(), kode.group(1), 4242, NOW)
    assert p.nip == NIP_KASUBAG
    r = client.post("/dashboard/kelola/kode-tautan", data={"nip": "123", "csrf": token})
    assert r.status_code == 422 and "123" in r.text

    html = client.get("/dashboard/kelola", params={"tanggal": "2026-03-05"}).text
    assert "pesan pada 5 Maret 2026" in html


def test_kelola_import_upload(client, data):
    uow_factory, _ = data
    token = masuk(client, "admin")
    r = client.post(
        "/dashboard/kelola/impor",
        data={"csrf": token},
        files={"berkas": ("data.csv", b"a,b\n", "text/csv")},
    )
    assert r.status_code == 422 and ".xlsx" in r.text
    r = client.post(
        "/dashboard/kelola/impor",
        data={"csrf": token},
        files={"berkas": ("../../etc/passwd.xlsx", b"bukan xlsx", "application/octet-stream")},
    )
    assert r.status_code == 422  # refused as a workbook; the name is never used as a path
    r = client.post(
        "/dashboard/kelola/impor",
        data={"csrf": token, "tahun": "2026", "periksa_saja": "true"},
        files={"berkas": ("..\\..\\templat.xlsx", buat_template(2026), "application/octet-stream")},
    )
    assert r.status_code == 200, r.text
    assert "templat.xlsx: Uji coba:" in r.text and "Belum ada yang disimpan." in r.text
    assert "..\\" not in r.text
    with uow_factory() as uow:
        assert len(uow.repo.list_pd()) == 2  # a dry run (or a refused file) stores nothing


def test_run_lines_show_only_working_demo_logins(database_url, uow_factory):
    from core.config import Settings
    from sakip.demo import DEMO_AKUN, buat_akun_demo
    from sakip.server import dashboard_lines
    from sakip.wiring import build_container

    seed_master(uow_factory)
    c = build_container(Settings(database_url=database_url))
    try:
        lines = dashboard_lines(c, "http://127.0.0.1:8000")
        assert lines[0] == "Dasbor Bappeda: http://127.0.0.1:8000/dashboard"
        assert "sakip demo" in lines[1]
        with uow_factory() as uow:
            buat_akun_demo(uow, [PD.kode], date(2026, 2, 3))
            uow.commit()
        teks = "\n".join(dashboard_lines(c, "http://127.0.0.1:8000"))
        for username, password, peran, _ in DEMO_AKUN:
            assert f"  {username} / {password}  ({peran}" in teks
        services_akun.ganti_password(uow_factory(), "bappeda", "sandi-baru-2026")
        services_akun.set_aktif(uow_factory(), "admin", False)
        teks = "\n".join(dashboard_lines(c, "http://127.0.0.1:8000"))
        assert "bappeda /" not in teks and "admin /" not in teks
        assert "dinkes /" in teks
    finally:
        c.engine.dispose()


def test_bappeda_locks_and_reopens_a_month(client, data):
    uow_factory, _ = data
    token = masuk(client, "bappeda")
    form = {"pd": PD.kode, "tahun": "2026", "bulan": "2", "csrf": token}
    r = client.post("/dashboard/kepatuhan/kunci", data={**form, "aksi": "kunci"})
    assert r.status_code == 303
    html = client.get(r.headers["location"]).text
    assert "Bulan dikunci" in html
    baris = dict(re.findall(r'<tr data-pd="([^"]+)">(.*?)</tr>', html, re.S))
    sel = re.findall(r"<td class=\"sel\"[^>]*>", baris[PD.kode])
    assert 'data-kunci="1"' in sel[1] and all('data-kunci="1"' not in s for s in sel[2:])
    # a locked month refuses a change from any channel
    from core.audit import BulanTerkunci

    with pytest.raises(BulanTerkunci):
        _lapor(uow_factory, "SK-K2", 2, "1", NOW)
    # reopening needs a reason
    r = client.post("/dashboard/kepatuhan/kunci", data={**form, "aksi": "buka", "alasan": ""})
    assert r.status_code == 422
    r = client.post(
        "/dashboard/kepatuhan/kunci",
        data={**form, "aksi": "buka", "alasan": "Koreksi realisasi Februari dari BPK"},
    )
    assert r.status_code == 303
    with uow_factory() as uow:
        jejak = uow.repo.list_perubahan("kunci_bulan")
    assert [c.saluran for c in jejak] and all(c.saluran == Saluran.DASHBOARD for c in jejak)
    assert any("BPK" in (c.nilai_baru or "") for c in jejak)
    _lapor(uow_factory, "SK-K2", 2, "1", NOW)  # open again


def test_pd_account_cannot_lock(client):
    token = masuk(client, "pd1")
    r = client.post(
        "/dashboard/kepatuhan/kunci",
        data={"pd": PD.kode, "tahun": "2026", "bulan": "2", "aksi": "kunci", "csrf": token},
    )
    assert r.status_code == 403
    assert "kepatuhan/kunci" not in client.get("/dashboard/kepatuhan").text


def test_user_text_is_escaped(client, data):
    uow_factory, _ = data
    k = buat_kendala(
        uow_factory(),
        pelapor_nip=NIP_KASUBAG,
        uraian="<script>alert('x')</script> kendala",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=MAR_20,
    )
    masuk(client, "bappeda")
    for path in ("/dashboard/kendala", f"/dashboard/kendala/{k.id}"):
        html = client.get(path).text
        assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.mark.parametrize("username", ["admin", "pd1"])
def test_every_page_renders_with_its_css_offline(client, username):
    masuk(client, username)
    for path in HALAMAN:
        r = client.get(path)
        if path.endswith("/kelola") and username == "pd1":
            assert r.status_code == 403
            continue
        assert r.status_code == 200, path
        judul = re.search(r"<title>(.*?)</title>", r.text, re.S)
        assert judul and "<" not in judul.group(1) and "Dasbor SAKIP Banten" in judul.group(1)
        assert '<html lang="id">' in r.text and 'name="viewport"' in r.text
        assert "http://" not in r.text and "https://" not in r.text  # nothing from a CDN
    css = client.get("/dashboard/static/sakip.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert "@media (max-width: 640px)" in css.text
    assert client.get("/dashboard/static/sakip.js").status_code == 200
    assert client.get("/dashboard/static/..%2Fdashboard.py").status_code == 404
    assert client.get("/dashboard/static/tidak-ada.css").status_code == 404


# ---------------------------------------------------------------------------- bukti dukung
def _simpan_bukti(uow_factory, data_dir, kode, isi, nama_file, mime="application/pdf", **kw):
    """A bukti stored as the bot stores it (bot.conversations.lapor.simpan_berkas) on revision 1 of
    February; ``path`` in kw overrides the stored path (e.g. a tampered row)."""
    from bot.conversations.lapor import simpan_berkas
    from core.ports_bukti import BuktiDukung

    meta = {"jenis": "dokumen", "nama_file": nama_file, "mime": mime}
    path, sha = simpan_berkas(data_dir, isi, meta) if isi is not None else (None, None)
    b = BuktiDukung(
        "dokumen",
        telegram_file_id=f"tg-{nama_file}",
        nama_file=nama_file,
        mime=mime,
        ukuran=len(isi) if isi is not None else None,
        path=kw.get("path", path),
        sha256=sha,
    )
    with uow_factory() as uow:
        (bid,) = uow.repo.add_bukti(TAHUN, kode, 2, 1, [b], MAR_20)
        uow.commit()
    return bid


def test_bukti_dukung_download(client, app, data, tmp_path):
    uow_factory, _ = data
    data_dir = tmp_path / "data"
    app.state.settings = app.state.settings.model_copy(update={"data_dir": data_dir})
    isi = b"%PDF-1.4 berita acara pemeriksaan pekerjaan"
    ok = _simpan_bukti(uow_factory, data_dir, "SK-K2", isi, 'BA "Februari"\r\n.pdf')
    belum = _simpan_bukti(uow_factory, data_dir, "SK-K2", None, "foto.jpg", "image/jpeg")
    rahasia = data_dir / "sakip.db"
    rahasia.write_bytes(b"RAHASIA basis data")
    (tmp_path / "luar.txt").write_bytes(b"RAHASIA di luar")
    kabur = [
        _simpan_bukti(uow_factory, data_dir, "SK-K2", b"x", "a.pdf", path=p)
        for p in ("bukti/../sakip.db", "../luar.txt", str(tmp_path / "luar.txt"), "bukti")
    ]
    milik_pd2 = _simpan_bukti(uow_factory, data_dir, "SK-Z", b"%PDF dinkes", "dinkes.pdf")

    assert client.get(f"/dashboard/bukti/{ok}").status_code == 303  # login first
    masuk(client, "bappeda")
    html = client.get("/dashboard/capaian", params={"kode": "SK-K2", "periode": "2026-Q1"}).text
    daftar = html[html.index('id="bukti"') :]
    assert f'href="/dashboard/bukti/{ok}"' in daftar
    assert f'href="/dashboard/bukti/{belum}"' not in daftar and "belum tersimpan" in daftar

    r = client.get(f"/dashboard/bukti/{ok}")
    assert r.status_code == 200 and r.content == isi
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["x-content-type-options"] == "nosniff"
    cd = r.headers["content-disposition"]
    assert cd == "attachment; filename*=utf-8''BA%20Februari.pdf"  # quotes and CR LF dropped

    r = client.get(f"/dashboard/bukti/{belum}")
    assert r.status_code == 404 and "belum diunduh" in r.text
    # the stored copy no longer matches the sha256 recorded when it was received
    diubah = _simpan_bukti(uow_factory, data_dir, "SK-K2", b"%PDF asli", "asli.pdf")
    with uow_factory() as uow:
        tersimpan = uow.repo.get_bukti(diubah)
    assert tersimpan is not None and tersimpan.bukti.path
    (data_dir / tersimpan.bukti.path).write_bytes(b"%PDF diubah")
    r = client.get(f"/dashboard/bukti/{diubah}")
    assert r.status_code == 409 and b"diubah" not in r.content
    for bid in kabur:
        r = client.get(f"/dashboard/bukti/{bid}")
        assert r.status_code == 403, bid
        assert b"RAHASIA" not in r.content and "text/html" in r.headers["content-type"]
    assert client.get("/dashboard/bukti/999999").status_code == 404
    assert client.get("/dashboard/bukti/abc").status_code == 422

    # a pd account: its own PD's evidence only
    client.cookies.clear()
    masuk(client, "pd2")
    r = client.get(f"/dashboard/bukti/{ok}")
    assert r.status_code == 403 and isi not in r.content
    r = client.get(f"/dashboard/bukti/{milik_pd2}")
    assert r.status_code == 200 and r.content == b"%PDF dinkes"


def test_get_bukti_query(data, tmp_path):
    uow_factory, _ = data
    bid = _simpan_bukti(uow_factory, tmp_path, "SK-Z", b"isi", "x.pdf")
    with uow_factory() as uow:
        b = uow.repo.get_bukti(bid)
        assert uow.repo.get_bukti(bid + 1000) is None
    assert b is not None
    assert (b.tahun, b.sub_kegiatan_kode, b.pd_kode, b.bulan, b.revisi) == (
        TAHUN,
        "SK-Z",
        PD2.kode,
        2,
        1,
    )
    assert b.bukti.path and (tmp_path / b.bukti.path).read_bytes() == b"isi"


# ---------------------------------------------------------------------------- realisasi correction
def _riwayat(uow_factory, kode="SK-K1", bulan=2):
    return services.realisasi_history(uow_factory(), TAHUN, kode, bulan)


def test_admin_corrects_a_realisasi_with_a_reason(client, data):
    uow_factory, _ = data
    token = masuk(client, "admin")
    halaman = {"kode": "SK-K1", "periode": "2026-Q1"}
    html = client.get("/dashboard/capaian", params=halaman).text
    assert "koreksi=2#koreksi" in html and 'id="koreksi"' not in html
    html = client.get("/dashboard/capaian", params={**halaman, "koreksi": 2}).text
    form = html[html.index('id="koreksi"') :]
    assert 'action="/dashboard/capaian/koreksi"' in form
    assert 'name="bobot" value="13"' in form and 'name="anggaran" value="500.000"' in form
    assert "Lelang gagal, menunggu ulang." in form and 'name="alasan"' in form

    sebelum = len(_riwayat(uow_factory))
    dasar = {**halaman, "bulan": "2", "csrf": token, "anggaran": "1.824.205.000"}
    salah = [
        ({"bobot": "12,5", "alasan": " "}, "Alasan koreksi wajib diisi"),
        ({"bobot": "12.5", "alasan": "x"}, "ambigu"),
        ({"bobot": "dua belas", "alasan": "x"}, "bukan angka"),
        ({"bobot": "150", "alasan": "x"}, "melebihi 100"),
        ({"bobot": "-1", "alasan": "x"}, "tidak boleh negatif"),
        ({"bobot": "12,5", "alasan": "x", "volume": "3"}, "output nomor 1 tidak ada"),
        # a group of zeros too many: a message, not PostgreSQL's NUMERIC(24, 6) overflow (a 500)
        ({"bobot": "1", "alasan": "x", "anggaran": "1.824.205.000.000.000.000"}, "terlalu besar"),
        # English thousands and a percent in the rupiah field: not Rp 250 or Rp 70
        ({"bobot": "1", "alasan": "x", "anggaran": "250,000"}, "ambigu"),
        ({"bobot": "1", "alasan": "x", "anggaran": "70%"}, "bukan persen"),
        ({"bobot": "3 5", "alasan": "x"}, "bukan angka"),  # a space typed for the comma: not 35
    ]
    for isian, pesan in salah:
        r = client.post("/dashboard/capaian/koreksi", data={**dasar, **isian})
        assert r.status_code == 422, isian
        assert "text/html" in r.headers["content-type"]
        assert pesan in r.text and "Tidak ada yang disimpan" in r.text, isian
        assert f'value="{isian["bobot"]}"' in r.text  # what was typed is kept
    r = client.post("/dashboard/capaian/koreksi", data={**dasar, "csrf": "palsu", "bobot": "1"})
    assert r.status_code == 403
    assert len(_riwayat(uow_factory)) == sebelum

    alasan = "Salah ketik volume kontrak; dikoreksi sesuai BAST"
    r = client.post(
        "/dashboard/capaian/koreksi",
        data={**dasar, "bobot": "12,5", "alasan": alasan, "kendala": "-", "tindak_lanjut": "TL"},
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith("/dashboard/capaian?kode=SK-K1")
    riwayat = _riwayat(uow_factory)
    assert len(riwayat) == sebelum + 1
    baru = riwayat[-1]
    assert (baru.realisasi_bobot, baru.realisasi_anggaran) == (D("12.5"), D(1_824_205_000))
    assert baru.saluran == Saluran.DASHBOARD and "admin" in (baru.dibuat_oleh or "")
    assert (baru.kendala, baru.tindak_lanjut) == (None, "TL")  # "-": no kendala, as in the bot
    html = client.get(r.headers["location"]).text
    assert "Koreksi realisasi disimpan" in html
    riw = html[html.index('id="riwayat"') : html.index("Bukti dukung")]
    assert riw.count("<tr><td>Februari</td>") == sebelum + 1 and "dashboard" in riw
    jejak = html[html.index('id="jejak"') :]
    assert alasan in jejak and "alasan_koreksi" in jejak

    # a month Bappeda locked refuses the correction, on the page, nothing saved
    from core.services_audit import kunci_bulan

    kunci_bulan(
        uow_factory(), PD.kode, TAHUN, 2, oleh="Bappeda", now=NOW, saluran=Saluran.DASHBOARD
    )
    r = client.post("/dashboard/capaian/koreksi", data={**dasar, "bobot": "12", "alasan": "lagi"})
    assert r.status_code == 409 and "dikunci" in r.text
    assert len(_riwayat(uow_factory)) == sebelum + 1


def test_riwayat_revisi_shows_a_pejabat_as_name_and_nip(client, data):
    """D12: a revision by a pejabat shows "Nama (NIP)", also when only the NIP or only the name
    was stored (the demo's bulk rows, bot reports); an account's label stays as stored."""
    from tests.factories import NIP_KABID

    uow_factory, _ = data
    with uow_factory() as uow:
        for bulan, nip, oleh in (
            (1, None, NIP_KABID),  # bulk-loaded: the NIP as text, no link to the pejabat
            (3, NIP_KABID, "Kabid Pengendalian (contoh)"),  # the bot: linked, the name as text
        ):
            uow.repo.add_realisasi(
                RealisasiInput("SK-K2", TAHUN, bulan, D(1), D(1000)),
                dibuat_oleh_nip=nip,
                dibuat_oleh=oleh,
                saluran=Saluran.BOT,
                dibuat_pada=MAR_20,
                terlambat=False,
            )
        uow.repo.add_realisasi(
            RealisasiInput("SK-K2", TAHUN, 3, D(2), D(1000)),
            dibuat_oleh_nip=None,
            dibuat_oleh="Pengguna admin (admin)",
            saluran=Saluran.DASHBOARD,
            dibuat_pada=NOW,
            terlambat=False,
        )
        uow.commit()
    masuk(client, "bappeda")
    html = client.get("/dashboard/capaian", params={"kode": "SK-K2", "periode": "2026-Q1"}).text
    riw = html[html.index('id="riwayat"') : html.index("Bukti dukung")]
    oleh = re.findall(r"<td>([^<]*)</td><td>(?:bot|dashboard)</td>", riw)
    kabid = f"Kabid Pengendalian (contoh) ({NIP_KABID})"
    # Januari (bulk), Februari (submit_realisasi with the NIP only), Maret rev 1 (bot), rev 2
    assert oleh == [
        kabid,
        f"Kasubid Evaluasi (contoh) ({NIP_KASUBAG})",
        kabid,
        "Pengguna admin (admin)",
    ]


def test_correction_form_with_output_volumes(client, data):
    """A month with outputs in its ROPP: one volume field each, parsed as Indonesian numbers."""
    from core.ropp import OutputRopp, RencanaBulan, Ropp

    uow_factory, _ = data
    bulan = {m: RencanaBulan(m, D(0), D(1_000_000)) for m in range(1, 13)}
    bulan[3] = RencanaBulan(
        3,
        D(10),
        D(1_000_000),
        (
            OutputRopp("Dokumen kajian", D(6), D(2), "Dokumen"),
            OutputRopp("Rapat", D(4), D(3), "Kali"),
        ),
    )
    bulan[12] = RencanaBulan(12, D(90), D(1_000_000))
    services.save_ropp(uow_factory(), Ropp("SK-Z", TAHUN, tuple(bulan[m] for m in range(1, 13))))
    token = masuk(client, "admin")
    html = client.get(
        "/dashboard/capaian", params={"kode": "SK-Z", "periode": "2026-Q1", "koreksi": 3}
    ).text
    form = html[html.index('id="koreksi"') :]
    assert form.count('name="volume"') == 2 and "Dokumen kajian" in form
    assert "belum dilaporkan" in form
    r = client.post(
        "/dashboard/capaian/koreksi",
        data={
            "kode": "SK-Z",
            "periode": "2026-Q1",
            "bulan": "3",
            "csrf": token,
            "bobot": "9,5",
            "anggaran": "Rp 750.000",
            "volume": ["1,5", ""],
            "alasan": "Diisi admin dari laporan tertulis",
        },
    )
    assert r.status_code == 303, r.text
    (r3,) = _riwayat(uow_factory, "SK-Z", 3)
    assert dict(r3.volume_output) == {1: D("1.5")} and r3.realisasi_anggaran == D(750_000)


@pytest.mark.parametrize("username", ["bappeda", "pd1"])
def test_only_admin_corrects(client, data, username):
    uow_factory, _ = data
    token = masuk(client, username)
    html = client.get(
        "/dashboard/capaian", params={"kode": "SK-K1", "periode": "2026-Q1", "koreksi": 2}
    ).text
    assert 'id="koreksi"' not in html and "koreksi=2#koreksi" not in html
    sebelum = len(_riwayat(uow_factory))
    r = client.post(
        "/dashboard/capaian/koreksi",
        data={
            "kode": "SK-K1",
            "periode": "2026-Q1",
            "bulan": "2",
            "csrf": token,
            "bobot": "1",
            "anggaran": "1",
            "alasan": "x",
        },
    )
    assert r.status_code == 403 and "text/html" in r.headers["content-type"]
    assert len(_riwayat(uow_factory)) == sebelum


# ---------------------------------------------------------------------------- bad form fields
def test_bad_fields_get_an_html_page_not_json(client, data):
    token = masuk(client, "admin")
    r = client.post(
        "/dashboard/kelola/kalender",
        data={"tanggal": "2026-02-30", "jenis": "libur", "keterangan": "x", "csrf": token},
    )
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Tanggal: harus tanggal TTTT-BB-HH." in r.text
    assert 'id="kalender"' in r.text  # the Kelola page again, with the error
    with data[0]() as uow:
        assert not uow.repo.list_overrides()
    r = client.get("/dashboard/kepatuhan", params={"tahun": "dua ribu"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Isian tidak sah" in r.text and "Tahun: harus bilangan bulat." in r.text
    assert "Tidak ada yang disimpan" not in r.text
    r = client.post(
        "/dashboard/capaian/koreksi",
        data={"kode": "SK-K1", "periode": "2026-Q1", "bulan": "13", "csrf": token},
    )
    assert r.status_code == 422 and "Bulan: maksimal 12." in r.text
    assert "Tidak ada yang disimpan" in r.text and '"detail"' not in r.text
    form = {"periode": "2026-Q1", "bulan": "2", "csrf": token, "bobot": "1", "anggaran": "1"}
    r = client.post("/dashboard/capaian/koreksi", data={**form, "kode": "K1", "alasan": "x"})
    assert r.status_code == 422 and "Kegiatan" in r.text
    r = client.post("/dashboard/capaian/koreksi", data={**form, "kode": "NOPE", "alasan": "x"})
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("path", "aksi"), [("/dashboard/kepatuhan", ""), ("/dashboard/dokumen", "/dashboard/dokumen")]
)
def test_year_selector_keeps_the_chosen_year(client, data, path, aksi):
    """Kepatuhan and Dokumen share one year selector (api/templates/_pilih_tahun.html)."""
    masuk(client, "bappeda")
    html = client.get(path, params={"tahun": 2025}).text
    form = re.search(r'<form class="baris" method="get" action="([^"]*)">(.*?)</form>', html, re.S)
    assert form is not None and form.group(1) == aksi
    assert '<select name="tahun" data-kirim-otomatis>' in form.group(2)
    assert '<option value="2025" selected>2025</option>' in form.group(2)
    assert '<option value="2026" >2026</option>' in form.group(2)
