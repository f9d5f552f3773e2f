"""Every request body is bounded: a 413 problem that says the limit, before more is read.

One ASGI middleware for the API and the console alike. A body whose Content-Length exceeds the
limit is refused before a byte of it is read; a body without one is counted as it arrives and
refused as soon as it passes the limit. The limit is the process's (GRIDOPS_MAX_BODY_BYTES, 1 MiB
by default: a drawn area of 10,000 vertices is about 415 kB) unless the route names its own
(`routes`: path to bytes, for POST bodies such as the fault reports' 16 kB).

Starlette's own body limit answers a plain-text 413 whenever Content-Length is too large, over
the application's problem document, hence this one.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problem import PROBLEM_MEDIA_TYPE, too_large_problem


class BodyTooLargeError(HTTPException):
    """Raised from `receive` once a body passes its limit (answered by the 413 handler)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"at most {limit} bytes")


class BodyLimit:
    """Refuse request bodies over `default` bytes, or over the limit `routes` gives a path."""

    def __init__(self, app: ASGIApp, default: int, routes: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.routes = dict(routes or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, its body counted; past the limit, answer the 413 problem instead."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.routes.get(scope["path"], self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLargeError:
            if started:
                raise
            await _refuse(send, limit)  # where no exception handler answered it (the console)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = too_large_problem(f"at most {limit} bytes").model_dump_json(exclude_none=True).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),  # the rest of the body is not read
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
