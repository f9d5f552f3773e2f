"""Cross-origin requests: closed unless GRIDOPS_CORS_ORIGINS names the origins allowed.

With no origin configured (the default) no answer carries an Access-Control-Allow-* header, so
a page on another site cannot read the API's answers nor send it a non-simple request. The
origins configured are allowed for the API only (paths under /api/), through Starlette's
CORSMiddleware: its methods, the headers a client sends (Authorization for a token,
Content-Type, Idempotency-Key, Accept-Language) and no credentials (the session cookie stays
the console's own; another site's client signs its requests with a token).
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.methods import under_api

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "Accept-Language"]


class ApiCors:
    """CORSMiddleware for `origins` on the paths under /api/; every other path as it was."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app, allow_origins=list(origins), allow_methods=METHODS, allow_headers=HEADERS
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Through CORS under /api/, straight on elsewhere."""
        if scope["type"] == "http" and under_api(scope):
            await self.cors(scope, receive, send)
            return
        await self.app(scope, receive, send)
