"""HEAD and OPTIONS on the API, and the paths under /api that no route has.

FastAPI's routes answer only the methods they declare, and the console is mounted at /, so a
HEAD, an OPTIONS or an unknown path under /api/ used to reach the Dash app and answer its HTML.
`ConsoleMount` keeps the console off /api/: there Starlette's router answers an unknown path
with a 404 and a known path with another method with a 405 and its Allow header, both as
problem documents (app/api/problem.py). `HeadAsGet` answers HEAD on /api/ as GET would, without
the body (RFC 9110, 9.3.2).
"""

from __future__ import annotations

from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/"


def under_api(scope: Scope) -> bool:
    """Whether the request's path is /api or under /api/."""
    path = str(scope.get("path", ""))
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)


class ConsoleMount(Mount):
    """The console's mount, which never takes a path under /api/."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """No match for a path under /api/, left to the API's router; else the mount's own match."""
        if scope["type"] == "http" and under_api(scope):
            return Match.NONE, {}
        return super().matches(scope)


class HeadAsGet:
    """HEAD under /api/ runs as GET; the headers are sent (Content-Length included), the body
    is not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run a HEAD under /api/ as a GET and drop the body it sends; pass anything else on."""
        if scope["type"] != "http" or scope["method"] != "HEAD" or not under_api(scope):
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
