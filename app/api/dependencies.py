"""Request dependencies: a pooled connection per request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Request


def connection(request: Request) -> Iterator[Any]:
    """A connection from the process's pool, returned after the response."""
    with request.app.state.pool.connection() as conn:
        yield conn
