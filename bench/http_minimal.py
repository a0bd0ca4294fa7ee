"""A minimal HTTP/1.1 client for PTB, for ``bot_latency.py --http minimal`` only (not for production).

Why it exists: to show how much of the per-update time in ``bot_latency.py`` is PTB's default HTTP
stack (httpx over httpcore and anyio) rather than the bot. It speaks just what the fake Bot API on
127.0.0.1 needs: plain ``http://``, keep-alive connections kept in a list, a form-encoded body, a
``Content-Length`` response. Multipart uploads (the S-curve photo) go through PTB's ``HTTPXRequest``.
No TLS, no proxies, no chunked responses, no redirects: Telegram's real API needs all of those, and
httpx provides them.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from typing import Any

from telegram.request import BaseRequest, HTTPXRequest, RequestData


class MinimalRequest(BaseRequest):
    def __init__(self, connection_pool_size: int = 256) -> None:
        self._idle: dict[tuple[str, int], list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]
        self._idle = {}
        self.opened = 0  # connections opened (the test checks that they are kept alive)
        self._multipart = HTTPXRequest(connection_pool_size=connection_pool_size)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        await self._multipart.initialize()

    async def shutdown(self) -> None:
        await self._multipart.shutdown()
        for idle in self._idle.values():
            for _, writer in idle:
                writer.close()
        self._idle.clear()

    async def _connection(
        self, host: str, port: int
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bool]:
        idle = self._idle.setdefault((host, port), [])
        while idle:
            reader, writer = idle.pop()
            if not writer.is_closing() and not reader.at_eof():
                return reader, writer, True
            writer.close()
        reader, writer = await asyncio.open_connection(host, port)
        self.opened += 1
        return reader, writer, False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is not None and request_data.multipart_data:
            return await self._multipart.do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError("MinimalRequest hanya untuk http:// (server Bot API palsu)")
        host, port = parts.hostname, parts.port or 80
        params = request_data.json_parameters if request_data is not None else {}
        body = urllib.parse.urlencode(params).encode()
        head = (
            f"{method} {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        timeout = read_timeout if isinstance(read_timeout, int | float) else None
        for _ in range(2):  # a kept-alive connection the server has closed: once more, anew
            reader, writer, reused = await self._connection(host, port)
            try:
                writer.write(head + body)
                status, data = await asyncio.wait_for(self._response(reader), timeout)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                writer.close()
                if reused:
                    continue
                raise
            except BaseException:
                writer.close()
                raise
            self._idle[(host, port)].append((reader, writer))
            return status, data
        raise ConnectionError("koneksi ditutup server")

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("koneksi ditutup server")
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await reader.readexactly(length)
