"""PTB persistence in the database: conversation states and user_data survive a restart.

Stored in the ``bot_state`` table (migration 0003) through the repository (core.ports_bot), one unit of
work per write, off the event loop. Keys and values are JSON: conversation keys are tuples of ints,
states are ints, user_data holds only JSON types (the /lapor answers are kept as strings).
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.deps import UowFactory, db

USER_DATA = "user_data"


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

    # ------------------------------------------------------------------ database
    def _muat(self, jenis: str) -> dict[str, str]:
        with self._uow_factory() as uow:
            return uow.repo.bot_state_muat(jenis)

    def _simpan(self, jenis: str, kunci: str, nilai: str | None) -> None:
        with self._uow_factory() as uow:
            uow.repo.bot_state_simpan(jenis, kunci, nilai)
            uow.commit()

    # ------------------------------------------------------------------ user data
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        rows = await db(self._muat, USER_DATA)
        return {int(k): json.loads(v) for k, v in rows.items()}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        nilai = json.dumps(data, default=str) if data else None
        await db(self._simpan, USER_DATA, str(user_id), nilai)

    async def drop_user_data(self, user_id: int) -> None:
        await db(self._simpan, USER_DATA, str(user_id), None)

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
        await db(self._simpan, _jenis_percakapan(name), json.dumps(list(key)), nilai)

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

    async def flush(self) -> None:
        return None
