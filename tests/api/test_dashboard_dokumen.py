"""The dashboard page "Dokumen" (PK, KKL, KAK submitted per PD) over HTTP on SQLite and PostgreSQL.

The fixtures of tests/api/conftest.py: PD (Bappeda, Kepala Bappeda without an atasan) and PD2
(Dinas Kesehatan, one Kasi without an atasan, so its Kepala PD), an account per role, the clock at
Tuesday 3 Feb 2026, 09:00 WIB. APBD 2026 set Mon 5 Jan 2026: PK, KKL and KAK due Thu 5 Feb 2026
(Pergub 17/2023 Pasal 8(4), 9(2), 10(2)). Accounts log in through the dashboard's login form; the
submissions go through the form, and what it stored is read back from the database, the page and
the REST API (the same listing and audit trail).
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime

import pytest

from core import services, services_dokumen
from core.cascade import Saluran
from core.deadlines import ApbdDates
from tests.api.conftest import PD2, SANDI, USERNAME, ApiEnv
from tests.factories import PD, TAHUN, WAKTU_UJI

URL = "/dashboard/dokumen"
APBD_2026 = ApbdDates(TAHUN, date(2026, 1, 5), None)
FEB_10 = datetime(
    2026, 2, 10, 2, 0, tzinfo=UTC
)  # Tuesday 10 Feb 2026, 09:00 WIB: after the deadline

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_TBODY = re.compile(r'<tbody data-pd="([^"]+)"[^>]*>(.*?)</tbody>', re.S)
_TR = re.compile(
    r'<tr data-jenis="(\w+)" data-perubahan="([01])" data-status="(\w+)">(.*?)</tr>', re.S
)
_OPSI_PD = re.compile(r'<select name="pd" required>(.*?)</select>', re.S)


def csrf_dari(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no csrf field in the page"
    return m.group(1)


def teks(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def baris(html: str) -> dict[tuple[str, str, bool], tuple[str, str]]:
    """The listing: (pd, jenis, perubahan) -> (status, the row's text)."""
    out = {}
    for pd, isi in _TBODY.findall(html):
        for jenis, perubahan, status, sel in _TR.findall(isi):
            out[(pd, jenis, perubahan == "1")] = (status, teks(sel))
    return out


def opsi_pd(html: str) -> list[str]:
    m = _OPSI_PD.search(html)
    return re.findall(r'<option value="([^"]+)"', m.group(1)) if m else []


def masuk(api: ApiEnv, peran: str) -> str:
    """Log in through the dashboard form as ``peran``; returns the session's CSRF token."""
    c = api.client
    c.cookies.clear()
    form = c.get("/dashboard/masuk")
    r = c.post(
        "/dashboard/masuk",
        data={"username": USERNAME[peran], "password": SANDI[peran], "csrf": csrf_dari(form.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = c.get(URL)
    assert page.status_code == 200, page.text
    return csrf_dari(page.text)


def kirim(api: ApiEnv, data: dict[str, str]):
    return api.client.post(URL, data=data, follow_redirects=False)


def tersimpan(api: ApiEnv) -> list[tuple[str, str, bool, date, str, str | None]]:
    with api.uow_factory() as uow:
        return sorted(
            (d.pd_kode, d.jenis, d.perubahan, d.diserahkan_pada, d.saluran, d.oleh)
            for d in uow.repo.dokumen_diserahkan(TAHUN)
        )


# ---------------------------------------------------------------------------- the listing
def test_page_lists_every_pd_document_with_its_status(api: ApiEnv) -> None:
    # no APBD date yet: nothing is due, the deadline is not known
    masuk(api, "bappeda")
    r = api.client.get(URL, params={"tahun": TAHUN})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert f'href="{URL}" aria-current="page">Dokumen</a>' in r.text
    rows = baris(r.text)
    assert set(rows) == {(pd, j, False) for pd in (PD.kode, PD2.kode) for j in ("PK", "KKL", "KAK")}
    assert {s for s, _ in rows.values()} == {"menunggu"}
    assert "belum ditetapkan (tanggal APBD belum diisi)" in rows[(PD.kode, "PK", False)][1]
    assert "Kepala PD: Kepala Bappeda (contoh)" in teks(r.text)

    # APBD set 5 Jan; PD's PK recorded (CLI) on 2 Feb; on 10 Feb everything else is overdue
    services.set_apbd(api.uow_factory(), APBD_2026, now=WAKTU_UJI)
    services_dokumen.serahkan_dokumen(
        api.uow_factory(),
        PD.kode,
        TAHUN,
        "PK",
        False,
        date(2026, 2, 2),
        datetime(2026, 2, 2, 8, 0, tzinfo=UTC),
        Saluran.CLI,
        "Operator Bappeda",
    )
    api.clock.now = FEB_10
    masuk(api, "bappeda")
    r = api.client.get(URL, params={"tahun": TAHUN})
    rows = baris(r.text)
    assert {k: s for k, (s, _) in rows.items()} == {
        (PD.kode, "PK", False): "tepat_waktu",
        (PD.kode, "KKL", False): "belum",
        (PD.kode, "KAK", False): "belum",
        (PD2.kode, "PK", False): "belum",
        (PD2.kode, "KKL", False): "belum",
        (PD2.kode, "KAK", False): "belum",
    }
    pk = rows[(PD.kode, "PK", False)][1]
    assert "sudah diserahkan, tepat waktu" in pk
    assert "diserahkan 2 Februari 2026, dicatat oleh Operator Bappeda" in pk
    kkl = rows[(PD2.kode, "KKL", False)][1]
    assert "belum diserahkan, lewat tenggat" in kkl and "tenggat 5 Februari 2026" in kkl
    assert "Dokumen: 1 tepat waktu, 0 terlambat, 5 belum (lewat tenggat)" in teks(r.text)
    # the same statuses as the REST API's listing
    api_rows = api.client.get(
        "/api/v1/dokumen", params={"tahun": TAHUN}, headers=api.auth("admin")
    ).json()
    assert {(x["pd"], x["jenis"], x["perubahan"]): x["status"] for x in api_rows} == {
        k: s for k, (s, _) in rows.items()
    }

    # a pd account sees only its own PD
    masuk(api, "pd_lain")
    r = api.client.get(URL, params={"tahun": TAHUN})
    assert {pd for pd, _, _ in baris(r.text)} == {PD2.kode}


# ---------------------------------------------------------------------------- recording
def test_bappeda_records_a_submission_and_corrects_its_date(api: ApiEnv) -> None:
    services.set_apbd(api.uow_factory(), APBD_2026, now=WAKTU_UJI)
    token = masuk(api, "bappeda")
    page = api.client.get(URL, params={"tahun": TAHUN})
    assert 'id="form-dokumen"' in page.text
    assert sorted(opsi_pd(page.text)) == sorted([PD.kode, PD2.kode])
    form = {"pd": PD2.kode, "tahun": str(TAHUN), "jenis": "KKL", "csrf": token}

    r = kirim(api, {**form, "tanggal": "2026-02-02"})
    assert r.status_code == 303, r.text
    lokasi = r.headers["location"]
    assert lokasi.startswith(f"{URL}?") and "ok=baru" in lokasi and lokasi.endswith("#jejak")
    oleh = "Akun bappeda (bappeda)"
    assert tersimpan(api) == [(PD2.kode, "KKL", False, date(2026, 2, 2), "dashboard", oleh)]

    r = api.client.get(lokasi)
    assert r.status_code == 200
    assert (
        '<div class="pesan ok" role="status" id="pesan-ok">Penyerahan KKL Dinkes tahun 2026 '
        "tanggal 2 Februari 2026 dicatat (sudah diserahkan, tepat waktu).</div>"
    ) in r.text
    status, isi = baris(r.text)[(PD2.kode, "KKL", False)]
    assert status == "tepat_waktu"
    assert f"diserahkan 2 Februari 2026, dicatat oleh {oleh}" in isi and "dashboard" in isi
    jejak = teks(r.text.split('id="jejak"', 1)[1].split("</section>", 1)[0])
    assert f"dashboard {oleh} diserahkan_pada – 2026-02-02" in jejak

    # recording it again (the date left empty: today) corrects the date; both in the trail
    r = kirim(api, {**form, "tanggal": ""})
    assert r.status_code == 303 and "ok=ubah" in r.headers["location"]
    r = api.client.get(r.headers["location"])
    assert (
        "Tanggal penyerahan KKL Dinkes tahun 2026 diperbarui menjadi 3 Februari 2026 "
        "(sudah diserahkan, tepat waktu)."
    ) in teks(r.text)
    assert tersimpan(api) == [(PD2.kode, "KKL", False, date(2026, 2, 3), "dashboard", oleh)]

    kode = f"{TAHUN}/{PD2.kode}/KKL"
    with api.uow_factory() as uow:
        trail = uow.repo.list_perubahan("dokumen", kode)
    assert [(c.kolom, c.nilai_lama, c.nilai_baru, c.saluran, c.oleh) for c in trail] == [
        ("diserahkan_pada", None, "2026-02-02", Saluran.DASHBOARD, oleh),
        ("diserahkan_pada", "2026-02-02", "2026-02-03", Saluran.DASHBOARD, oleh),
    ]
    # the REST API reads the same trail and the same record
    r = api.client.get(
        "/api/v1/audit", params={"entitas": "dokumen", "kode": kode}, headers=api.auth("admin")
    )
    assert [(c["nilai_baru"], c["saluran"], c["oleh"]) for c in r.json()["catatan"]] == [
        ("2026-02-02", "dashboard", oleh),
        ("2026-02-03", "dashboard", oleh),
    ]
    rows = api.client.get(
        "/api/v1/dokumen", params={"tahun": TAHUN, "pd": PD2.kode}, headers=api.auth("admin")
    ).json()
    kkl = next(x for x in rows if x["jenis"] == "KKL" and not x["perubahan"])
    assert (kkl["diserahkan_pada"], kkl["status"], kkl["oleh"], kkl["saluran"]) == (
        "2026-02-03",
        "tepat_waktu",
        oleh,
        "dashboard",
    )


def test_pd_account_records_only_its_own_pd(api: ApiEnv) -> None:
    services.set_apbd(api.uow_factory(), APBD_2026, now=WAKTU_UJI)
    token = masuk(api, "pd")
    page = api.client.get(URL, params={"tahun": TAHUN})
    assert opsi_pd(page.text) == [PD.kode]  # the form offers only its own PD
    form = {"tahun": str(TAHUN), "jenis": "PK", "tanggal": "2026-02-02", "csrf": token}

    r = kirim(api, {**form, "pd": PD2.kode})
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("text/html")
    assert "Akses ditolak" in r.text
    assert tersimpan(api) == []

    r = kirim(api, {**form, "pd": PD.kode})
    assert r.status_code == 303, r.text
    assert tersimpan(api) == [
        (PD.kode, "PK", False, date(2026, 2, 2), "dashboard", "Akun pd-bappeda (pd-bappeda)")
    ]
    assert api.client.get(r.headers["location"]).status_code == 200

    # another PD's account: cannot record it, nor read its trail
    token = masuk(api, "pd_lain")
    r = kirim(api, {**form, "pd": PD.kode, "tanggal": "2026-02-03", "csrf": token})
    assert r.status_code == 403 and "Akses ditolak" in r.text
    r = api.client.get(URL, params={"tahun": TAHUN, "pd": PD.kode, "jenis": "PK"})
    assert r.status_code == 403 and "Akses ditolak" in r.text
    assert [d[3] for d in tersimpan(api)] == [date(2026, 2, 2)]


def test_missing_or_forged_csrf_changes_nothing(api: ApiEnv) -> None:
    services.set_apbd(api.uow_factory(), APBD_2026, now=WAKTU_UJI)
    token = masuk(api, "bappeda")
    form = {"pd": PD.kode, "tahun": str(TAHUN), "jenis": "PK"}
    for data in (
        form,
        {**form, "csrf": ""},
        {**form, "csrf": "palsu"},
        {**form, "csrf": token[:-2]},
    ):
        r = kirim(api, data)
        assert r.status_code == 403, data
        assert "CSRF" in r.text
    assert tersimpan(api) == []
    with api.uow_factory() as uow:
        assert uow.repo.list_perubahan("dokumen") == []


@pytest.mark.parametrize(
    ("ubah", "status", "pesan"),
    [
        ({"tanggal": "2026-02-30"}, 422, "Tanggal"),
        ({"tanggal": "kemarin"}, 422, "Tanggal"),
        ({"jenis": "ROPP"}, 422, "Jenis"),
        ({"tahun": "dua ribu"}, 422, "Tahun"),
        ({"tahun": "1999"}, 422, "Tahun"),
        ({"pd": ""}, 422, "Perangkat Daerah"),
        ({"perubahan": "mungkin"}, 422, "Perubahan APBD"),
        ({"tanggal": "2026-02-04"}, 422, "belum terjadi"),  # after today (3 Feb)
        ({"perubahan": "true"}, 422, "Perubahan APBD 2026 belum diisi"),  # no APBD-P date
        ({"pd": "9.99"}, 404, "tidak ditemukan"),
    ],
)
def test_bad_input_gets_an_html_error_page(api: ApiEnv, ubah, status, pesan) -> None:
    token = masuk(api, "admin")
    form = {"pd": PD.kode, "tahun": str(TAHUN), "jenis": "PK", "csrf": token, **ubah}
    r = kirim(api, form)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert pesan in r.text
    if status == 422:
        assert "Isian tidak sah" in r.text and "Tidak ada yang disimpan" in r.text
        # refused by the form's fields: the page itself; by the use case: the page of that year
        kembali = re.search(r'<a href="([^"]*)">Kembali ke Dokumen</a>', r.text)
        assert kembali is not None
        assert kembali.group(1) in ("/dashboard/dokumen", f"/dashboard/dokumen?tahun={TAHUN}")
    assert tersimpan(api) == []


def test_bad_query_gets_an_html_error_page(api: ApiEnv) -> None:
    masuk(api, "bappeda")
    for params in ({"tahun": "abc"}, {"tahun": "1999"}, {"jenis": "ROPP", "pd": PD.kode}):
        r = api.client.get(URL, params=params)
        assert r.status_code == 422, params
        assert r.headers["content-type"].startswith("text/html")
        assert "Isian tidak sah" in r.text
        assert '<a href="/dashboard/dokumen">Kembali ke Dokumen</a>' in r.text


# ---------------------------------------------------------------------------- login
def test_without_login_the_page_redirects_and_the_form_is_refused(api: ApiEnv) -> None:
    r = api.client.get(URL, params={"tahun": TAHUN}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/dashboard/masuk?lanjut=%2Fdashboard%2Fdokumen%3Ftahun%3D2026"
    r = kirim(api, {"pd": PD.kode, "tahun": str(TAHUN), "jenis": "PK", "csrf": "x"})
    assert r.status_code == 401
    # an API token is not a dashboard session
    r = api.client.get(URL, headers=api.auth("admin"), follow_redirects=False)
    assert r.status_code == 303
    assert tersimpan(api) == []
