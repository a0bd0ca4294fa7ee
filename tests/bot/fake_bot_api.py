"""A fake Telegram Bot API server for the tests: real HTTP on 127.0.0.1, the real JSON shapes.

Every response is ``{"ok": true, "result": ...}`` (or ``{"ok": false, ...}`` for an unknown method).
Tests inject updates (a user's text, a photo, a button press) into a queue that ``getUpdates`` serves
with ``offset`` and ``timeout``; every call the bot makes is recorded in :attr:`FakeBotApi.calls`.
Runs in the test's event loop (starlette + uvicorn), so the real PTB Application polls it over HTTP.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT_ID = 777000111
BOT_USERNAME = "sakip_banten_test_bot"
TOKEN = "777000111:TEST-token_for-the-fake-server"
# parameters sent as plain strings (PTB JSON-encodes everything else)
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?')
_NAME = re.compile(r'\bname="([^"]*)"')
_FILENAME = re.compile(r'\bfilename\*?="?([^";]*)"?')


def urai_multipart(body: bytes, ctype: str) -> list[tuple[str, str | None, bytes]]:
    """(name, filename or None, bytes) of each part of a multipart/form-data body (RFC 7578).

    A split on the boundary, as Telegram's server would parse it: the standard library's email
    parser took ~1.7 ms for a 28 KB chart, CPU the in-process fake charged to the bot under test
    (bench/bot_latency.py). Parts without a Content-Disposition name are refused.
    """
    m = _BOUNDARY.search(ctype)
    if m is None:
        raise ValueError(f"multipart tanpa boundary: {ctype!r}")
    hasil: list[tuple[str, str | None, bytes]] = []
    bagian = body.split(b"--" + m.group(1).encode())
    for part in bagian[1:]:
        if part.startswith(b"--"):  # the closing delimiter
            break
        head, sep, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("bagian multipart tanpa kepala")
        disposisi = next(
            (
                baris
                for baris in head.decode("utf-8").split("\r\n")
                if baris.lower().startswith("content-disposition:")
            ),
            "",
        )
        nama = _NAME.search(disposisi)
        if nama is None:
            raise ValueError(f"bagian multipart tanpa nama: {disposisi!r}")
        berkas = _FILENAME.search(disposisi)
        hasil.append(
            (nama.group(1), berkas.group(1) if berkas else None, data.removesuffix(b"\r\n"))
        )
    return hasil


_RAW = {"text", "caption", "callback_query_id", "file_id", "parse_mode", "url", "photo", "document"}
WAIT_TIMEOUT = 5.0


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FakeBotApi:
    def __init__(self, max_poll_wait: float = 0.3) -> None:
        self.calls: list[Call] = []
        #: calls Telegram would refuse (a text over 4096 characters), not in ``calls``
        self.ditolak: list[Call] = []
        self.max_poll_wait = max_poll_wait
        self._updates: list[dict[str, Any]] = []
        self._update_id = 1000
        self._message_id = 0
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._files: dict[str, bytes] = {}
        self._changed = asyncio.Condition()
        self.port = _free_port()
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._results: dict[int, dict[str, Any]] = {}

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._file_endpoint, methods=["GET"]),
            ]
        )
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        deadline = time.monotonic() + WAIT_TIMEOUT
        while not self._server.started:
            if time.monotonic() > deadline or self._task.done():
                raise RuntimeError("fake Bot API server did not start")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait_for(self._task, WAIT_TIMEOUT)

    # ------------------------------------------------------------------ objects
    @staticmethod
    def user(user_id: int, first_name: str = "Pengguna") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "id"}

    @staticmethod
    def private_chat(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "type": "private", "first_name": "Pengguna"}

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "SAKIP Banten",
            "username": BOT_USERNAME,
        }

    def _next_message_id(self) -> int:
        self._message_id += 1
        return self._message_id

    def _bot_message(self, chat_id: int, **extra: Any) -> dict[str, Any]:
        msg = {
            "message_id": self._next_message_id(),
            "date": int(time.time()),
            "chat": self.private_chat(chat_id),
            "from": self._bot_user(),
            **{k: v for k, v in extra.items() if v is not None},
        }
        if "inline_keyboard" not in (msg.get("reply_markup") or {}):
            msg.pop("reply_markup", None)  # a Message shows only an inline keyboard (no ForceReply)
        self._messages[(chat_id, msg["message_id"])] = msg
        return msg

    # ------------------------------------------------------------------ injecting updates
    async def _push(self, payload: dict[str, Any]) -> int:
        self._update_id += 1
        self._updates.append({"update_id": self._update_id, **payload})
        async with self._changed:
            self._changed.notify_all()
        return self._update_id

    def _user_message(self, user_id: int, **extra: Any) -> dict[str, Any]:
        return {
            "message_id": self._next_message_id(),
            "date": int(time.time()),
            "chat": self.private_chat(user_id),
            "from": self.user(user_id),
            **extra,
        }

    async def send_text(self, user_id: int, text: str, **extra: Any) -> int:
        msg = self._user_message(user_id, text=text, **extra)
        if text.startswith("/"):
            command = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self._push({"message": msg})

    async def send_photo(self, user_id: int) -> int:
        photo = [
            {
                "file_id": "AgAD-foto",
                "file_unique_id": "foto1",
                "width": 90,
                "height": 90,
                "file_size": 900,
            }
        ]
        return await self._push({"message": self._user_message(user_id, photo=photo)})

    async def press(self, user_id: int, message_id: int, data: str) -> int:
        message = self._messages.get((user_id, message_id))
        assert message is not None, f"no bot message {message_id} in chat {user_id}"
        return await self._push(
            {
                "callback_query": {
                    "id": f"cq{self._update_id + 1}",
                    "from": self.user(user_id),
                    "chat_instance": f"ci{user_id}",
                    "message": message,
                    "data": data,
                }
            }
        )

    # ------------------------------------------------------------------ assertions
    def since(self, index: int, method: str | None = None) -> list[Call]:
        return [c for c in self.calls[index:] if method is None or c.method == method]

    async def wait_for(
        self, method: str, since: int = 0, n: int = 1, timeout: float = WAIT_TIMEOUT
    ) -> list[Call]:
        """Wait (bounded) until ``n`` calls of ``method`` were made after index ``since``."""

        def ready() -> bool:
            return len(self.since(since, method)) >= n

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(ready), timeout)
            except TimeoutError:
                got = [(c.method, c.params.get("text", "")[:60]) for c in self.calls[since:]]
                raise AssertionError(f"no {n}x {method} within {timeout}s; got {got}") from None
        return self.since(since, method)

    def keyboard(self, call: Call) -> list[list[dict[str, Any]]]:
        markup = call.params.get("reply_markup") or {}
        return list(markup.get("inline_keyboard", []))

    def message_id_of(self, index: int) -> int:
        """The message_id the fake returned for call number ``index``."""
        result = self._results[index]
        return int(result["message_id"])

    # ------------------------------------------------------------------ the endpoint
    async def _params(self, request: Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        """Form (urlencoded or multipart) or JSON parameters; parsed here, python-multipart is
        not a dependency."""
        body = await request.body()
        ctype = request.headers.get("content-type", "")
        files: dict[str, bytes] = {}
        fields: list[tuple[str, str]] = []
        if ctype.startswith("application/json"):
            return (json.loads(body) if body else {}), files
        if ctype.startswith("multipart/form-data"):
            for name, filename, payload in urai_multipart(body, ctype):
                if filename is not None:
                    files[name] = payload
                else:
                    fields.append((name, payload.decode()))
        else:
            fields = parse_qsl(body.decode(), keep_blank_values=True)
        params: dict[str, Any] = {}
        for key, value in fields:
            if key in _RAW:
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params, files

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params, files = await self._params(request)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return JSONResponse(
                {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                status_code=404,
            )
        if method in ("sendMessage", "editMessageText") and len(str(params.get("text", ""))) > 4096:
            # Telegram's limit on a message's text: the call fails and changes nothing
            self.ditolak.append(Call(method, params, files))
            async with self._changed:
                self._changed.notify_all()
            return JSONResponse(
                {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"},
                status_code=400,
            )
        if method != "getUpdates":
            self.calls.append(Call(method, params, files))
        result = await handler(params, files)
        if method != "getUpdates":
            if isinstance(result, dict):
                self._results[len(self.calls) - 1] = result
            async with self._changed:
                self._changed.notify_all()
        return JSONResponse({"ok": True, "result": result})

    # ------------------------------------------------------------------ methods
    async def _m_getMe(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getUpdates(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        offset = int(p.get("offset") or 0)
        timeout = min(float(p.get("timeout") or 0), self.max_poll_wait)
        limit = int(p.get("limit") or 100)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0:
            async with self._changed:
                try:
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._updates)), timeout
                    )
                except TimeoutError:
                    pass
        return self._updates[:limit]

    async def _m_deleteWebhook(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return True

    async def _m_setMyCommands(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return True

    async def _m_deleteMyCommands(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return True

    async def _m_answerCallbackQuery(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return True

    async def _m_sendMessage(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        return self._bot_message(
            int(p["chat_id"]), text=p["text"], reply_markup=p.get("reply_markup")
        )

    async def _m_editMessageText(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        key = (int(p["chat_id"]), int(p["message_id"]))
        msg = dict(self._messages[key])
        msg["text"] = p["text"]
        msg["edit_date"] = int(time.time())
        msg.pop("reply_markup", None)
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        self._messages[key] = msg
        return msg

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        key = (int(p["chat_id"]), int(p["message_id"]))
        msg = dict(self._messages[key])
        msg.pop("reply_markup", None)
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        msg["edit_date"] = int(time.time())
        self._messages[key] = msg
        return msg

    def _store_file(self, data: bytes) -> tuple[str, str]:
        n = len(self._files) + 1
        file_id = f"BQAD-file-{n}"
        self._files[file_id] = data
        return file_id, f"uniq{n}"

    async def _m_sendPhoto(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        data = next(iter(f.values()), b"")
        file_id, uniq = self._store_file(data)
        photo = [
            {
                "file_id": file_id,
                "file_unique_id": uniq,
                "width": 800,
                "height": 500,
                "file_size": len(data),
            }
        ]
        return self._bot_message(int(p["chat_id"]), photo=photo, caption=p.get("caption"))

    async def _m_sendDocument(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        data = next(iter(f.values()), b"")
        file_id, uniq = self._store_file(data)
        document = {"file_id": file_id, "file_unique_id": uniq, "file_size": len(data)}
        return self._bot_message(int(p["chat_id"]), document=document, caption=p.get("caption"))

    async def _m_getFile(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        file_id = str(p["file_id"])
        data = self._files.get(file_id, b"")
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    # ------------------------------------------------------------------ files, webhook (appended)
    async def _file_endpoint(self, request: Request) -> Response:
        """The file URL (``base_file_url``/<token>/<file_path>): the bytes, or 404."""
        path = str(request.path_params["file_path"])
        file_id = path.rsplit("/", 1)[-1]
        data = self._files.get(file_id)
        self.downloads.append(file_id)
        if data is None or file_id in self.broken_files:
            return Response(status_code=404)
        return Response(data, media_type="application/octet-stream")

    @property
    def downloads(self) -> list[str]:
        """file_ids the bot downloaded through the file URL (in order)."""
        if not hasattr(self, "_downloads"):
            self._downloads: list[str] = []
        return self._downloads

    @property
    def broken_files(self) -> set[str]:
        """file_ids whose download answers 404 (getFile still succeeds), to test failed downloads."""
        if not hasattr(self, "_broken_files"):
            self._broken_files: set[str] = set()
        return self._broken_files

    def user_file(self, data: bytes) -> tuple[str, str]:
        """Register bytes a user uploads: (file_id, file_unique_id), downloadable via getFile."""
        n = len(self._files) + 1
        file_id = f"AgAD-user-{n}"
        self._files[file_id] = data
        self.user_files.append(file_id)
        return file_id, f"uu{n}"

    @property
    def user_files(self) -> list[str]:
        """file_ids of the files users sent (in order)."""
        if not hasattr(self, "_user_files"):
            self._user_files: list[str] = []
        return self._user_files

    async def send_user_photo(self, user_id: int, data: bytes, **extra: Any) -> int:
        """A user sends a photo whose (largest) size can be downloaded."""
        file_id, uniq = self.user_file(data)
        photo = [
            {
                "file_id": file_id + "-thumb",
                "file_unique_id": uniq + "-thumb",
                "width": 90,
                "height": 90,
                "file_size": 10,
            },
            {
                "file_id": file_id,
                "file_unique_id": uniq,
                "width": 1280,
                "height": 960,
                "file_size": len(data),
            },
        ]
        return await self._push({"message": self._user_message(user_id, photo=photo, **extra)})

    async def send_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str = "dokumen.pdf",
        mime_type: str = "application/pdf",
        **extra: Any,
    ) -> int:
        """A user sends a document (a file attachment)."""
        file_id, uniq = self.user_file(data)
        document = {
            "file_id": file_id,
            "file_unique_id": uniq,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        return await self._push(
            {"message": self._user_message(user_id, document=document, **extra)}
        )

    async def send_update(self, payload: dict[str, Any]) -> int:
        """Queue any update payload (``update_id`` is added)."""
        return await self._push(payload)

    def next_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """An update with a fresh update_id, not queued (e.g. to POST it to a webhook)."""
        self._update_id += 1
        return {"update_id": self._update_id, **payload}

    def user_text_message(self, user_id: int, text: str) -> dict[str, Any]:
        """A user's text message object (a command gets its bot_command entity)."""
        msg = self._user_message(user_id, text=text)
        if text.startswith("/"):
            command = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return msg

    async def _m_setWebhook(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        self.webhook = dict(p)
        return True

    async def _m_getWebhookInfo(self, p: dict[str, Any], f: dict[str, bytes]) -> Any:
        hook = getattr(self, "webhook", None) or {}
        return {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    # ------------------------------------------------------------------ group chats (appended)
    @staticmethod
    def group_chat(chat_id: int, title: str = "Grup Bappeda") -> dict[str, Any]:
        return {"id": chat_id, "type": "supergroup", "title": title}

    def message_in_group(
        self, chat_id: int, message_id: int, title: str = "Grup Bappeda"
    ) -> dict[str, Any]:
        """A message the bot sent to a group chat, as Telegram shows it (a group ``chat``)."""
        message = self._messages.get((chat_id, message_id))
        assert message is not None, f"no bot message {message_id} in chat {chat_id}"
        return {**message, "chat": self.group_chat(chat_id, title)}

    async def send_group_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        reply_to: int | None = None,
        first_name: str = "Pengguna",
        title: str = "Grup Bappeda",
    ) -> int:
        """A member's text in a group; ``reply_to``: the bot message it replies to."""
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(),
            "date": int(time.time()),
            "chat": self.group_chat(chat_id, title),
            "from": self.user(user_id, first_name),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            msg["reply_to_message"] = self.message_in_group(chat_id, reply_to, title)
        return await self._push({"message": msg})

    async def press_in_group(
        self,
        chat_id: int,
        user_id: int,
        message_id: int,
        data: str,
        first_name: str = "Pengguna",
        title: str = "Grup Bappeda",
    ) -> int:
        """A member presses an inline button of a bot message in a group."""
        return await self._push(
            {
                "callback_query": {
                    "id": f"cq{self._update_id + 1}",
                    "from": self.user(user_id, first_name),
                    "chat_instance": f"cig{chat_id}",
                    "message": self.message_in_group(chat_id, message_id, title),
                    "data": data,
                }
            }
        )

    def stored_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message the bot sent, as stored (e.g. for a user's ``reply_to_message``)."""
        message = self._messages.get((chat_id, message_id))
        assert message is not None, f"no bot message {message_id} in chat {chat_id}"
        return dict(message)
