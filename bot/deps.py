"""What every handler needs: the unit-of-work factory, the clock, and who is talking."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from telegram.ext import Application, CallbackContext, ExtBot

from core.cascade import Pejabat
from core.ports import UnitOfWork

T = TypeVar("T")

UowFactory = Callable[[], UnitOfWork]
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class BotDeps:
    uow_factory: UowFactory
    clock: Clock


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context of one update; ``pejabat`` is set by the gate in group -1."""

    pejabat: Pejabat | None = None


def deps(context: CallbackContext[Any, Any, Any, Any]) -> BotDeps:
    d = context.application.bot_data["deps"]
    assert isinstance(d, BotDeps)
    return d


def set_deps(application: Application[Any, Any, Any, Any, Any, Any], d: BotDeps) -> None:
    application.bot_data["deps"] = d


async def db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking database work (one unit of work inside ``fn``) off the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)
