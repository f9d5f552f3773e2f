"""Request dependencies: a pooled connection per request, committed before the answer.

FastAPI runs the exit of a request-scoped dependency with ``yield`` only after the response has
been sent, so a write committed there would be answered 2xx before it is stored (and answered
2xx even when the commit fails). ``Connection`` is function-scoped instead: the pool's context
commits (or rolls back on an error) as soon as the route function returns, before the answer is
serialised and sent; a failed commit becomes a problem answer, never a success.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request


def connection(request: Request) -> Iterator[Any]:
    """A connection from the process's pool; committed when the route function returns."""
    with request.app.state.pool.connection() as conn:
        yield conn


# Every route that reads or writes the database takes its connection through this type.
Connection = Annotated[Any, Depends(connection, scope="function")]
