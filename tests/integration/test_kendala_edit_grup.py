"""A kendala answered or closed outside the group updates its post there, through the outbox.

Real parts only: the REST API (FastAPI TestClient) on the real database (SQLite, and PostgreSQL
when configured), the outbox, the real sender (bot/pengirim.py) with a real PTB ``Bot`` over HTTP
against the fake Bot API (tests/bot/fake_bot_api.py). The fake here also answers editMessageText
as Telegram does when nothing would change ("message is not modified") or the message is gone
("message to edit not found").

The kendala is posted to the group as bot/grup.py posts it (core's text and buttons), and the
post's chat and message id are stored; the clock is Tuesday 3 Feb 2026, 09:00 WIB.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse
from telegram import Bot

from bot.pengirim import BatasKirim, Pengirim, buat_bot, markup
from core import services
from core import services_kendala as sk
from core.cascade import Pejabat, Saluran
from core.config import Settings
from core.kendala import StatusKendala, teks_grup, tombol_grup
from core.persistence.db import downgrade, make_engine, upgrade
from core.persistence.models import Base, PengingatTerkirimRow, PesanKeluarRow
from core.ports import UnitOfWork
from core.ports_kirim import DILEWATI, GAGAL, TAHAP_EDIT, TERKIRIM, PesanTercatat
from core.services_kirim import pesan_tidak_terjangkau
from tests.api.conftest import SK_PD, make_client, seed_api
from tests.bot.fake_bot_api import TOKEN, Call, FakeBotApi
from tests.conftest import PG_URL, FakeClock
from tests.factories import NIP_KASUBAG, PD, TAHUN
from tests.pg_sementara import pg_sementara

U = Callable[[], UnitOfWork]
GRUP = -1001234567890
CHAT_KASUBAG = 424242
NIP_BAPPEDA = "999900000000000077"
USER_BAPPEDA = 6001
CEPAT = BatasKirim(jeda_per_chat=0.02, jeda_per_grup=0.02, jeda_awal=0.05)
TIDAK_BERUBAH = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
TIDAK_ADA = "Bad Request: message to edit not found"


class FakeTelegram(FakeBotApi):
    """The fake Bot API, with Telegram's two refusals of an editMessageText."""

    def __init__(self) -> None:
        super().__init__()
        self.ditolak: list[str] = []  # the refusals answered, in order

    def hapus(self, chat_id: int, message_id: int) -> None:
        """A member deleted the bot's message."""
        del self._messages[(chat_id, message_id)]

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["method"] != "editMessageText":
            return await super()._endpoint(request)
        params, files = await self._params(request)  # starlette caches the body for super()
        msg = self._messages.get((int(params["chat_id"]), int(params["message_id"])))
        if msg is None:
            galat = TIDAK_ADA
        elif msg.get("text") == params["text"] and msg.get("reply_markup") == params.get(
            "reply_markup"
        ):
            galat = TIDAK_BERUBAH
        else:
            return await super()._endpoint(request)
        self.calls.append(Call("editMessageText", params, files))
        self.ditolak.append(galat)
        async with self._changed:
            self._changed.notify_all()
        body = {"ok": False, "error_code": 400, "description": galat}
        return JSONResponse(body, status_code=400)


@dataclass
class Env:
    api: FakeTelegram
    client: TestClient
    token: dict[str, str]
    uow_factory: U
    clock: FakeClock
    bot: Bot
    pengirim: Pengirim

    def auth(self, peran: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token[peran]}"}

    async def kendala_di_grup(
        self, uraian: str = "Lelang gagal, jadwal bergeser"
    ) -> tuple[int, int]:
        """A kendala raised by the Kasubag, posted to the group as bot/grup.py posts it:
        (kendala id, message id of the post)."""
        k = sk.buat_kendala(
            self.uow_factory(),
            pelapor_nip=NIP_KASUBAG,
            uraian=uraian,
            tahun=TAHUN,
            saluran=Saluran.BOT,
            now=self.clock(),
            sub_kegiatan_kode=SK_PD,
            periode="2026-01",
        )
        msg = await self.bot.send_message(GRUP, teks_grup(k), reply_markup=markup(tombol_grup(k)))
        sk.catat_posting_grup(self.uow_factory(), k.id, GRUP, msg.message_id)
        return k.id, msg.message_id

    def kendala(self, kendala_id: int) -> Any:
        return sk.ambil_kendala(self.uow_factory(), kendala_id).kendala

    def outbox(self) -> list[PesanTercatat]:
        with self.uow_factory() as uow:
            return uow.repo.daftar_pesan()

    def edit_rows(self, kendala_id: int) -> list[PesanTercatat]:
        return [r for r in self.outbox() if r.kunci.startswith(f"kendala|{kendala_id}|edit|")]

    async def kuras(self) -> list[Call]:
        """One drain of the outbox (the scheduler's job); the calls it made."""
        i = len(self.api.calls)
        await self.pengirim.kirim_antrean()
        return self.api.since(i)


@pytest.fixture
async def env(uow_factory: U, engine: Any, clock: FakeClock) -> AsyncIterator[Env]:
    token = seed_api(uow_factory, clock())
    services.register_pejabat(
        uow_factory(),
        [Pejabat(NIP_BAPPEDA, "Staf Bappeda (contoh)", "Analis", None, PD.kode, peran="bappeda")],
    )
    with uow_factory() as uow:
        uow.repo.set_telegram(NIP_KASUBAG, CHAT_KASUBAG)
        uow.repo.set_telegram(NIP_BAPPEDA, USER_BAPPEDA)
        uow.commit()
    sk.daftar_grup_bappeda(uow_factory(), GRUP, "Grup Bappeda", oleh_nip=NIP_BAPPEDA, now=clock())
    api = FakeTelegram()
    await api.start()
    settings = Settings.model_construct(
        telegram_bot_token=TOKEN,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
    )
    bot = buat_bot(settings)
    await bot.initialize()
    try:
        with make_client(uow_factory, engine, clock) as client:
            yield Env(
                api,
                client,
                token,
                uow_factory,
                clock,
                bot,
                Pengirim(bot, uow_factory, clock, CEPAT),
            )
    finally:
        await bot.shutdown()
        await api.stop()


def _tombol(call: Call) -> list[list[dict[str, Any]]]:
    return list((call.params.get("reply_markup") or {}).get("inline_keyboard", []))


# ----------------------------------------------------------------------------- closing
async def test_close_from_the_api_edits_the_group_post(env: Env) -> None:
    kid, post = await env.kendala_di_grup()
    r = env.client.post(f"/api/v1/kendala/{kid}/selesai", headers=env.auth("admin"))
    assert r.status_code == 200, r.text
    k = env.kendala(kid)
    assert k.status == StatusKendala.SELESAI
    [row] = env.edit_rows(kid)
    assert row.id in r.json()["antrean"]
    assert (row.kunci, row.jenis, row.tahap, row.penerima, row.status) == (
        f"kendala|{kid}|edit|selesai",
        "kendala",
        TAHAP_EDIT,
        "bappeda",
        "antri",
    )
    assert (row.chat_id, row.edit_message_id, row.tombol) == (GRUP, post, None)
    assert row.teks == teks_grup(k)

    calls = await env.kuras()
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert int(edit.params["chat_id"]) == GRUP and int(edit.params["message_id"]) == post
    assert edit.params["text"] == teks_grup(k)
    assert edit.params["text"].startswith(f"Kendala #{kid} [Selesai]")
    assert "Selesai: Selasa, 3 Februari 2026 09.00 WIB" in edit.params["text"]
    assert "Tekan Tanggapi" not in edit.params["text"]
    assert _tombol(edit) == []  # no buttons once closed
    shown = env.api.stored_message(GRUP, post)
    assert shown["text"] == teks_grup(k) and "reply_markup" not in shown
    # the official is told, in private; no new message in the group
    kirim = [c for c in calls if c.method == "sendMessage"]
    assert [int(c.params["chat_id"]) for c in kirim] == [CHAT_KASUBAG]
    assert "telah dinyatakan selesai" in kirim[0].params["text"]
    [row] = env.edit_rows(kid)
    assert (row.status, row.telegram_message_id, row.percobaan) == (TERKIRIM, post, 1)

    # a second drain sends nothing again; a second close is refused and queues nothing
    assert await env.kuras() == []
    again = env.client.post(f"/api/v1/kendala/{kid}/selesai", headers=env.auth("admin"))
    assert again.status_code == 409
    assert await env.kuras() == []
    assert {r.status for r in env.outbox()} == {TERKIRIM}


# ----------------------------------------------------------------------------- answering
async def test_answer_from_the_api_shows_ditanggapi_on_the_post(env: Env) -> None:
    kid, post = await env.kendala_di_grup()
    r = env.client.post(
        f"/api/v1/kendala/{kid}/tanggapan",
        json={"isi": "Ajukan lelang ulang minggu ini."},
        headers=env.auth("bappeda"),
    )
    assert r.status_code == 201, r.text
    k = env.kendala(kid)
    [row] = env.edit_rows(kid)
    assert row.id in r.json()["antrean"] and row.edit_message_id == post

    calls = await env.kuras()
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == post and edit.params["text"] == teks_grup(k)
    assert edit.params["text"].startswith(f"Kendala #{kid} [Ditanggapi]")
    assert "Batas tindak lanjut: Kamis, 12 Februari 2026" in edit.params["text"]
    assert _tombol(edit) == [
        [
            {"text": "Tanggapi", "callback_data": f"kd:t:{kid}"},
            {"text": "Selesai", "callback_data": f"kd:s:{kid}"},
        ]
    ]
    assert env.api.stored_message(GRUP, post)["text"] == teks_grup(k)
    # in the group: the post is edited first, then the dashboard's note appears below it
    grup = [c for c in calls if int(c.params.get("chat_id", 0)) == GRUP]
    assert [c.method for c in grup] == ["editMessageText", "sendMessage"]
    assert "Ajukan lelang ulang" in grup[1].params["text"]
    assert await env.kuras() == []

    # a further answer the next day moves the deadline: a new edit shows it
    env.clock.now += timedelta(days=1)
    r = env.client.post(
        f"/api/v1/kendala/{kid}/tanggapan", json={"isi": "Sudah?"}, headers=env.auth("bappeda")
    )
    assert r.status_code == 201, r.text
    k2 = env.kendala(kid)
    assert k2.batas_tindak_lanjut > k.batas_tindak_lanjut
    [edit] = [c for c in await env.kuras() if c.method == "editMessageText"]
    assert edit.params["text"] == teks_grup(k2)
    assert "Batas tindak lanjut: Jumat, 13 Februari 2026" in edit.params["text"]
    assert [r.status for r in env.edit_rows(kid)] == [TERKIRIM, TERKIRIM]
    assert len({r.kunci for r in env.edit_rows(kid)}) == 2


async def test_a_newer_state_supersedes_a_pending_edit(env: Env) -> None:
    kid, post = await env.kendala_di_grup()
    for url, body in (
        (f"/api/v1/kendala/{kid}/tanggapan", {"isi": "Cek"}),
        (
            f"/api/v1/kendala/{kid}/selesai",
            None,
        ),
    ):
        assert env.client.post(url, json=body, headers=env.auth("admin")).status_code < 300
    lama, baru = env.edit_rows(kid)
    assert (lama.status, baru.status) == (DILEWATI, "antri")
    assert lama.galat and "digantikan" in lama.galat
    edits = [c for c in await env.kuras() if c.method == "editMessageText"]
    assert [e.params["text"] for e in edits] == [teks_grup(env.kendala(kid))]  # never the old one
    assert "reply_markup" not in env.api.stored_message(GRUP, post)

    # the bot edits the post itself: an edit still pending from the dashboard is superseded,
    # so it cannot show the older state afterwards, and the bot's change queues no edit
    kid2, post2 = await env.kendala_di_grup("Data BPS terlambat")
    r = env.client.post(
        f"/api/v1/kendala/{kid2}/tanggapan", json={"isi": "Cek"}, headers=env.auth("bappeda")
    )
    assert r.status_code == 201
    bappeda = sk.Pengirim(
        "Staf Bappeda", Saluran.BOT, nip=NIP_BAPPEDA, telegram_user_id=USER_BAPPEDA
    )
    hasil = sk.selesaikan_kendala(env.uow_factory(), kid2, pengirim=bappeda, now=env.clock())
    assert hasil.antrean == ()
    [row] = env.edit_rows(kid2)
    assert row.status == DILEWATI
    calls = await env.kuras()
    assert not [c for c in calls if int(c.params.get("message_id", 0)) == post2]


# ----------------------------------------------------------------------------- Telegram's refusals
async def test_message_is_not_modified_counts_as_sent(env: Env) -> None:
    kid, post = await env.kendala_di_grup()
    assert env.client.post(f"/api/v1/kendala/{kid}/selesai", headers=env.auth("admin")).is_success
    k = env.kendala(kid)
    # meanwhile the post already shows it (e.g. the bot edited it on a button press)
    await env.bot.edit_message_text(teks_grup(k), chat_id=GRUP, message_id=post)
    gagal = env.pengirim.statistik.gagal
    [edit] = [c for c in await env.kuras() if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == post
    assert env.api.ditolak == [TIDAK_BERUBAH]  # Telegram refused it: nothing to change
    [row] = env.edit_rows(kid)
    assert (row.status, row.telegram_message_id) == (TERKIRIM, post)
    assert env.pengirim.statistik.gagal == gagal
    assert await env.kuras() == []


async def test_an_edit_of_a_deleted_post_fails_once(env: Env) -> None:
    kid, post = await env.kendala_di_grup()
    env.api.hapus(GRUP, post)
    assert env.client.post(f"/api/v1/kendala/{kid}/selesai", headers=env.auth("admin")).is_success
    gagal = env.pengirim.statistik.gagal
    [edit] = [c for c in await env.kuras() if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == post and env.api.ditolak == [TIDAK_ADA]
    [row] = env.edit_rows(kid)
    assert row.status == GAGAL and row.galat and "message to edit not found" in row.galat.lower()
    assert row.percobaan == 1
    assert env.pengirim.statistik.gagal == gagal + 1
    assert await env.kuras() == []  # never retried
    # a failed edit does not make Bappeda's group "unreachable" on the dashboard
    assert "bappeda" not in {d.penerima for d in pesan_tidak_terjangkau(env.uow_factory())}


# ----------------------------------------------------------------------------- the bot's fallback
async def test_the_bots_fallback_queues_the_edit_once(env: Env) -> None:
    kid, post = await env.kendala_di_grup()
    bappeda = sk.Pengirim(
        "Staf Bappeda", Saluran.BOT, nip=NIP_BAPPEDA, telegram_user_id=USER_BAPPEDA
    )
    sk.tanggapi_kendala(env.uow_factory(), kid, "Hubungi BPKAD", pengirim=bappeda, now=env.clock())
    assert env.edit_rows(kid) == []  # the bot edits its post itself
    # ... and when Telegram did not take that edit, it queues it (once)
    nomor = sk.antre_edit_grup(env.uow_factory(), kid, now=env.clock())
    assert nomor is not None
    assert sk.antre_edit_grup(env.uow_factory(), kid, now=env.clock()) is None
    [row] = env.edit_rows(kid)
    assert row.id == nomor and row.status == "antri"
    [edit] = [c for c in await env.kuras() if c.method == "editMessageText"]
    assert (
        edit.params["text"] == teks_grup(env.kendala(kid)) and "[Ditanggapi]" in edit.params["text"]
    )
    # a kendala never posted has nothing to edit
    k = sk.buat_kendala(
        env.uow_factory(),
        pelapor_nip=NIP_KASUBAG,
        uraian="Belum diposting",
        tahun=TAHUN,
        saluran=Saluran.BOT,
        now=env.clock(),
    )
    assert sk.antre_edit_grup(env.uow_factory(), k.id, now=env.clock()) is None


# ----------------------------------------------------------------------------- migration 0007
def _kolom(url: str) -> set[str]:
    eng = make_engine(url)
    with eng.connect() as conn:
        cols = {c["name"] for c in inspect(conn).get_columns("pesan_keluar")}
    eng.dispose()
    return cols


def _down_up(url: str) -> None:
    upgrade(url)
    assert "edit_message_id" in _kolom(url)
    eng = make_engine(url)
    when = datetime(2026, 2, 3, 2, 0, tzinfo=UTC)
    with Session(eng) as s:  # rows written before the downgrade survive it
        row = PesanKeluarRow(
            kunci="k|1",
            jenis="pengingat",
            penerima="199001012020011001",
            chat_id=5001,
            teks="Pengingat",
            status="antri",
            dibuat_pada=when,
        )
        s.add(row)
        s.flush()
        s.add(PengingatTerkirimRow(kunci="item|1", pesan_id=row.id, dicatat_pada=when))
        s.commit()
    eng.dispose()
    downgrade(url, "0006")
    assert "edit_message_id" not in _kolom(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT kunci FROM pesan_keluar")).scalars().all() == ["k|1"]
        assert conn.execute(text("SELECT kunci FROM pengingat_terkirim")).scalars().all() == [
            "item|1"
        ]
        checks = {c["name"] for c in inspect(conn).get_check_constraints("pesan_keluar")}
        assert any(n and n.endswith("status") for n in checks)
    eng.dispose()
    upgrade(url)
    assert "edit_message_id" in _kolom(url)
    eng = make_engine(url)
    with Session(eng) as s:
        [(kunci, edit)] = s.execute(
            select(PesanKeluarRow.kunci, PesanKeluarRow.edit_message_id)
        ).all()
        assert (kunci, edit) == ("k|1", None)
    eng.dispose()


def test_outbox_model_matches_migration(engine: Any) -> None:
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert [d for d in diffs if "pesan_keluar" in repr(d)] == []


def test_migration_0007_downgrades_and_upgrades_sqlite(tmp_path) -> None:
    _down_up(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.skipif(not PG_URL, reason="SAKIP_TEST_DATABASE_URL is not set")
def test_migration_0007_downgrades_and_upgrades_postgresql() -> None:
    assert PG_URL
    with pg_sementara(PG_URL, "sakip_test_m7_") as url:
        _down_up(url)
