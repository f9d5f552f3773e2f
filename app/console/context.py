"""What the console's layouts and callbacks need from the process: the pool and settings.

Set once by the app factory (app.main.create_app); nothing connects at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gis.settings import WebSettings


@dataclass(frozen=True)
class ConsoleContext:
    pool: Any  # psycopg_pool.ConnectionPool; typed loosely so callbacks never import psycopg
    web: WebSettings


_current: list[ConsoleContext] = []


def set_context(context: ConsoleContext) -> None:
    _current[:] = [context]


def current_context() -> ConsoleContext:
    if not _current:
        raise RuntimeError("the console was not built by app.main.create_app")
    return _current[0]
