"""Security headers on every answer, API and console alike, errors and 404s included.

One pure ASGI middleware, the outermost layer of the app (`SecuredApi` wraps Starlette's whole
stack, so the 500 answered by its ServerErrorMiddleware has them too). Each answer gets:

- `Content-Security-Policy`: the console's (`console_policy`): scripts only from the server and
  the inline scripts Dash renders (its renderer and the clientside callbacks, by their hashes:
  `dash.Dash.csp_hashes`, never 'unsafe-inline' for scripts); styles 'unsafe-inline', since
  Dash's and dash-leaflet's components set inline `style` attributes, which no hash can allow;
  images from the server, `data:` and the basemap's tile host; no frames, plugins or foreign
  forms. The Swagger UI at /api/docs loads its script and stylesheet from its CDN and runs one
  inline script: it gets a policy of its own (`docs_policy`) naming them.
- `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for browsers without
  frame-ancestors), `Cross-Origin-Opener-Policy: same-origin`.
- `Referrer-Policy: strict-origin-when-cross-origin` on every page, the public and crew pages
  included (their URLs carry a token): a request to another origin (the basemap's tiles) names
  only this server's origin, never a path, so no token leaves; the tile server still sees the
  origin its usage policy asks for, which no-referrer would withhold. The console is one
  single-page app whose client-side navigation keeps the first page's policy, so a policy per
  path would not hold anyway.

A header of the same name the application set itself is replaced.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Where the Swagger UI's assets come from (fastapi.openapi.docs.get_swagger_ui_html's defaults).
DOCS_ASSETS = "https://cdn.jsdelivr.net"
DOCS_FAVICON = "https://fastapi.tiangolo.com"
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_FIXED = [(name.lower().encode(), value.encode()) for name, value in FIXED_HEADERS.items()]
_CSP = b"content-security-policy"
_NAMES = {name for name, _ in _FIXED} | {_CSP}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def tile_source(basemap_url: str) -> str | None:
    """The CSP source of the basemap's tiles: its origin, a placeholder label ({s}) as `*`;
    None for no basemap or one on this server (a relative URL: 'self' covers it)."""
    parts = urlsplit(basemap_url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    host = ".".join(
        "*" if _PLACEHOLDER.search(label) else label for label in parts.netloc.split(".")
    )
    return f"{parts.scheme}://{host}"


def _render(directives: Mapping[str, Sequence[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _common() -> dict[str, list[str]]:
    return {
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }


def console_policy(script_hashes: Iterable[str], basemap_url: str) -> str:
    """The console's Content-Security-Policy (see the module's docstring)."""
    images = ["'self'", "data:"]
    tiles = tile_source(basemap_url)
    if tiles:
        images.append(tiles)
    return _render(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", *script_hashes],
            # Inline style attributes (Dash, dash-leaflet, plotly) cannot be hashed.
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": images,
            "connect-src": ["'self'"],
            "font-src": ["'self'", "data:"],
            **_common(),
        }
    )


def inline_script_hashes(html: str) -> list[str]:
    """The 'sha256-…' sources of the inline scripts of an HTML page (outside its comments)."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(_COMMENT.sub("", html))
    ]


def docs_policy(api: FastAPI) -> str:
    """The Swagger UI's Content-Security-Policy: its CDN and its one inline script's hash."""
    from fastapi.openapi.docs import get_swagger_ui_html  # as FastAPI.setup renders it

    page = get_swagger_ui_html(
        openapi_url=api.openapi_url or "",
        title=f"{api.title} - Swagger UI",
        oauth2_redirect_url=api.swagger_ui_oauth2_redirect_url,
        init_oauth=api.swagger_ui_init_oauth,
        swagger_ui_parameters=api.swagger_ui_parameters,
    )
    return _render(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", DOCS_ASSETS, *inline_script_hashes(bytes(page.body).decode())],
            "style-src": ["'self'", DOCS_ASSETS, "'unsafe-inline'"],
            "img-src": ["'self'", "data:", DOCS_FAVICON],
            "connect-src": ["'self'"],
            "font-src": ["'self'", "data:"],
            **_common(),
        }
    )


class _HasInlineScripts(Protocol):
    def csp_hashes(self, hash_algorithm: str = "sha256") -> Sequence[str]: ...


class ConsolePolicy:
    """The console's policy, read anew on each answer: Dash registers one more clientside
    callback (the page title's, for `use_pages`) on its first request, after the app is built,
    so hashes taken at start would miss it. Hashing the few inline scripts takes microseconds;
    the policy's text is kept while the hashes stay the same."""

    def __init__(self, console: _HasInlineScripts, basemap_url: str) -> None:
        self.console = console
        self.basemap_url = basemap_url
        self._hashes: tuple[str, ...] | None = None
        self._policy = ""

    def __call__(self) -> str:
        """The policy for the inline scripts the console has now."""
        hashes = tuple(self.console.csp_hashes())
        if hashes != self._hashes:
            self._hashes, self._policy = hashes, console_policy(hashes, self.basemap_url)
        return self._policy


Policy = str | Callable[[], str]


class SecurityHeaders:
    """Add the security headers to every HTTP answer; `policies` maps exact paths to their own
    Content-Security-Policy, every other path gets `policy` (a text, or a function giving it
    when the answer starts)."""

    def __init__(
        self, app: ASGIApp, policy: Policy, policies: Mapping[str, str] | None = None
    ) -> None:
        self.app = app
        self.policy = policy
        self.policies = dict(policies or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; the answer's start gets the headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        fixed = self.policies.get(scope["path"])

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                policy = fixed or (self.policy if isinstance(self.policy, str) else self.policy())
                kept = [
                    (name, value)
                    for name, value in message.get("headers", ())
                    if name.lower() not in _NAMES
                ]
                message = {**message, "headers": [*kept, *_FIXED, (_CSP, policy.encode())]}
            await send(message)

        await self.app(scope, receive, secured)


class SecuredApi(FastAPI):
    """FastAPI whose outermost layer is `SecurityHeaders`, once `secure` has set its policies."""

    _security: tuple[Policy, dict[str, str]] | None = None

    def secure(self, policy: Policy, policies: Mapping[str, str] | None = None) -> None:
        """Send these policies (see `SecurityHeaders`); before the first request."""
        self._security = (policy, dict(policies or {}))

    def build_middleware_stack(self) -> ASGIApp:
        """Starlette's stack (ServerErrorMiddleware outermost) inside `SecurityHeaders`."""
        stack = super().build_middleware_stack()
        if self._security is None:
            return stack
        policy, policies = self._security
        return SecurityHeaders(stack, policy, policies)
