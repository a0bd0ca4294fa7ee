"""The fake Bot API's multipart parser (tests/bot/fake_bot_api.py) against the standard library's."""

from __future__ import annotations

import email.policy
from email.parser import BytesParser

import httpx
import pytest

from tests.bot.fake_bot_api import urai_multipart


def _email(body: bytes, ctype: str) -> list[tuple[str, bool, bytes]]:
    msg = BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode() + body
    )
    return [
        (
            str(p.get_param("name", header="content-disposition")),
            p.get_filename() is not None,
            p.get_payload(decode=True) or b"",
        )
        for p in msg.iter_parts()
    ]


@pytest.mark.parametrize(
    "files",
    [
        {"photo": ("kurva s é.png", bytes(range(256)) * 120 + b"\r\n--bukan\r\n", "image/png")},
        {"document": ("kosong.pdf", b"", "application/pdf")},
        {"photo": ("a.png", b"\x89PNG\r\n\r\n", "image/png"), "thumbnail": ("t.jpg", b"x", None)},
    ],
)
def test_same_parts_as_the_email_parser(files: dict[str, tuple[str, bytes, str | None]]) -> None:
    data = {"chat_id": "7", "caption": "Kurva S: é ✓\r\nbaris 2", "kosong": ""}
    req = httpx.Request("POST", "http://127.0.0.1/", data=data, files=files)
    body, ctype = req.read(), req.headers["content-type"]
    hasil = urai_multipart(body, ctype)
    assert [(n, f is not None, d) for n, f, d in hasil] == _email(body, ctype)
    assert {n: f for n, f, _ in hasil if f is not None} == {k: v[0] for k, v in files.items()}


def test_refuses_a_body_without_boundary_or_names() -> None:
    with pytest.raises(ValueError, match="boundary"):
        urai_multipart(b"", "multipart/form-data")
    with pytest.raises(ValueError, match="nama"):
        urai_multipart(
            b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n",
            "multipart/form-data; boundary=b",
        )
