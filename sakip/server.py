"""Assemble the ASGI application from the container."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app, ping_engine
from sakip.wiring import Container


def build_app(c: Container) -> FastAPI:
    return create_app(c.uow, ping_engine(c.engine))
