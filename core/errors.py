"""Domain errors. Every message is in Bahasa Indonesia and names the item it is about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Masalah:
    """One validation problem: where it is (``lokasi``) and what is wrong (``pesan``)."""

    lokasi: str
    pesan: str

    def __str__(self) -> str:
        return f"{self.lokasi}: {self.pesan}" if self.lokasi else self.pesan


class SakipError(Exception):
    """Base class of errors that are shown to a user as they are."""


class ValidasiError(SakipError):
    """Input was rejected; nothing was saved. Carries every problem found, not only the first."""

    def __init__(self, masalah: Iterable[Masalah] | Masalah | str) -> None:
        if isinstance(masalah, str):
            items = [Masalah("", masalah)]
        elif isinstance(masalah, Masalah):
            items = [masalah]
        else:
            items = list(masalah)
        self.masalah: list[Masalah] = items
        super().__init__("\n".join(str(m) for m in items))


class TidakDitemukan(SakipError):
    """A referenced item (kode, NIP, ...) does not exist."""


class KonflikError(SakipError):
    """Two writers raced for the same item; the caller may retry with fresh data."""
