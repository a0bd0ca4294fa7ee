"""The fake Bot API server with Telegram's flood limits and failures (issue 5 tests and bench).

* at most ``pesan_per_detik`` accepted ``sendMessage`` calls in any sliding second; beyond that
  ``429 Too Many Requests`` with ``parameters.retry_after`` (as Telegram answers);
* ``badai_429``: the next N ``sendMessage`` calls get a 429 whatever the rate (a 429 storm);
* ``diblokir``: chat ids that blocked the bot -> ``403 Forbidden: bot was blocked by the user``;
* ``galat_jaringan``: the next N ``sendMessage`` calls get ``502 Bad Gateway`` (PTB: NetworkError).

Accepted messages are in :attr:`FakeBotApiTerbatas.terkirim` (chat id, text); duplicates and losses
are counted from there. Only ``sendMessage`` is limited; everything else is the plain fake.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from tests.bot.fake_bot_api import FakeBotApi


class FakeBotApiTerbatas(FakeBotApi):
    def __init__(
        self,
        pesan_per_detik: int = 30,
        retry_after: int = 1,
        max_poll_wait: float = 0.3,
    ) -> None:
        super().__init__(max_poll_wait=max_poll_wait)
        self.pesan_per_detik = pesan_per_detik
        self.retry_after = retry_after
        self.diblokir: set[int] = set()
        self.badai_429 = 0
        self.galat_jaringan = 0
        self.ditolak_429 = 0
        self.ditolak_403 = 0
        self.ditolak_502 = 0
        self.terkirim: list[tuple[int, str]] = []
        self.waktu_terkirim: list[float] = []
        self._jendela: deque[float] = deque()

    @staticmethod
    def _galat(code: int, description: str, **parameters: Any) -> JSONResponse:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return JSONResponse(body, status_code=code)

    def _tolak_429(self) -> JSONResponse:
        self.ditolak_429 += 1
        return self._galat(
            429,
            f"Too Many Requests: retry after {self.retry_after}",
            retry_after=self.retry_after,
        )

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["method"] != "sendMessage":
            return await super()._endpoint(request)
        params, _ = await self._params(request)  # starlette caches the body for super()
        chat_id = int(params["chat_id"])
        now = time.monotonic()
        while self._jendela and now - self._jendela[0] >= 1.0:
            self._jendela.popleft()
        if self.badai_429 > 0:
            self.badai_429 -= 1
            return self._tolak_429()
        if len(self._jendela) >= self.pesan_per_detik:
            return self._tolak_429()
        if self.galat_jaringan > 0:
            self.galat_jaringan -= 1
            self.ditolak_502 += 1
            return self._galat(502, "Bad Gateway")
        if chat_id in self.diblokir:
            self.ditolak_403 += 1
            return self._galat(403, "Forbidden: bot was blocked by the user")
        self._jendela.append(now)
        response = await super()._endpoint(request)
        self.terkirim.append((chat_id, str(params["text"])))
        self.waktu_terkirim.append(now)
        return response

    # ------------------------------------------------------------------ figures
    def duplikat(self) -> int:
        """Messages accepted more than once (same chat, same text)."""
        return sum(n - 1 for n in Counter(self.terkirim).values() if n > 1)

    def maks_per_detik(self) -> int:
        """The most messages accepted in any sliding second."""
        t = self.waktu_terkirim
        best = j = 0
        for i in range(len(t)):
            while t[i] - t[j] >= 1.0:
                j += 1
            best = max(best, i - j + 1)
        return best
