"""PTB persistence in the database: conversation states and user_data survive a restart.

Stored in the ``bot_state`` table (migration 0003) through the repository (core.ports_bot), off the
event loop. Keys and values are JSON: conversation keys are tuples of ints, states are ints,
user_data holds only JSON types (the /lapor answers are kept as strings).

Writes are batched: ``Application.update_persistence`` calls ``update_user_data``,
``drop_user_data`` and ``update_conversation`` concurrently, once per changed key (every second, with
200 officials in a conversation that is up to 400 calls). Each call puts its row in a buffer; the
first call of a round schedules one write of the whole buffer, in **one unit of work**, after letting
the other calls of the round join; every call returns only once that transaction is committed, so
what PTB considers persisted is in the database. Rounds are written one after the other, so a later
value of a key never loses against an earlier one. A failed round puts its rows back in the buffer
(a newer value of the same key wins), raises to its callers (PTB's error handler logs it), and is
written again by the next round or by ``flush`` at shutdown.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.deps import UowFactory, db

USER_DATA = "user_data"

#: (jenis, kunci) -> the JSON value, or None to delete the row
Tulisan = dict[tuple[str, str], str | None]


def _jenis_percakapan(name: str) -> str:
    return f"percakapan:{name}"


class DbPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, uow_factory: UowFactory, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._uow_factory = uow_factory
        self._tertunda: Tulisan = {}  # the rows of the next round
        self._putaran: asyncio.Future[None] | None = None  # the round new writes join
        self._urut: asyncio.Lock | None = None  # one round in the database at a time

    # ------------------------------------------------------------------ database
    def _muat(self, jenis: str) -> dict[str, str]:
        with self._uow_factory() as uow:
            return uow.repo.bot_state_muat(jenis)

    def _simpan_semua(self, tulisan: Tulisan) -> None:
        with self._uow_factory() as uow:
            uow.repo.bot_state_simpan(tulisan)
            uow.commit()

    # ------------------------------------------------------------------ batching
    def _jadwalkan(self) -> asyncio.Future[None]:
        """The round that will write the buffer; started by the first write after the last one."""
        if self._putaran is None:
            self._putaran = asyncio.ensure_future(self._satu_putaran())
        return self._putaran

    async def _satu_putaran(self) -> None:
        # the calls of update_persistence's gather run before this task: they all join the buffer
        await asyncio.sleep(0)
        self._putaran = None  # writes from now on start the next round
        if self._urut is None:
            self._urut = asyncio.Lock()
        async with self._urut:
            tulisan, self._tertunda = self._tertunda, {}
            if not tulisan:
                return
            try:
                await db(self._simpan_semua, tulisan)
            except BaseException:
                for kunci, nilai in tulisan.items():  # a newer value of the same key wins
                    self._tertunda.setdefault(kunci, nilai)
                raise

    async def _tulis(self, jenis: str, kunci: str, nilai: str | None) -> None:
        self._tertunda[(jenis, kunci)] = nilai
        # shield: a cancelled caller must not cancel the round of the others
        await asyncio.shield(self._jadwalkan())

    async def flush(self) -> None:
        """At shutdown: everything still buffered is written (rounds in progress included)."""
        while self._putaran is not None or self._tertunda:
            await asyncio.shield(self._jadwalkan())

    # ------------------------------------------------------------------ user data
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        rows = await db(self._muat, USER_DATA)
        return {int(k): json.loads(v) for k, v in rows.items()}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        nilai = json.dumps(data, default=str) if data else None
        await self._tulis(USER_DATA, str(user_id), nilai)

    async def drop_user_data(self, user_id: int) -> None:
        await self._tulis(USER_DATA, str(user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    # ------------------------------------------------------------------ conversations
    async def get_conversations(self, name: str) -> ConversationDict:
        rows = await db(self._muat, _jenis_percakapan(name))
        return {tuple(json.loads(k)): json.loads(v) for k, v in rows.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        nilai = None if new_state is None else json.dumps(new_state)
        await self._tulis(_jenis_percakapan(name), json.dumps(list(key)), nilai)

    # ------------------------------------------------------------------ not stored
    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None
