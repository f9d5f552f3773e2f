"""Security headers on every answer and CORS closed unless configured
(app/api/security_headers.py, app/api/cors.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.api.security_headers import (
    FIXED_HEADERS,
    console_policy,
    inline_script_hashes,
    tile_source,
)
from app.console.context import current_context, set_context
from gis.settings import WebSettings, web_settings

ALLOWED_ORIGIN = "https://partner.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}


def _directives(answer: httpx.Response) -> dict[str, list[str]]:
    policy = answer.headers["content-security-policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


def _assert_secured(answer: httpx.Response) -> None:
    for name, value in FIXED_HEADERS.items():
        assert answer.headers.get(name) == value, name
        assert len(answer.headers.get_list(name)) == 1, name
    policy = _directives(answer)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert not [name for name in answer.headers if name.startswith("access-control-allow")]


def test_an_api_answer_has_every_header(client: TestClient) -> None:
    answer = client.get("/api/v1/health")
    assert answer.status_code == 200
    _assert_secured(answer)


def test_a_console_page_has_every_header_and_its_inline_scripts_hashes(client: TestClient) -> None:
    answer = client.get("/grid")
    assert answer.status_code == 200
    _assert_secured(answer)
    policy = _directives(answer)
    hashes = inline_script_hashes(answer.text)
    renderer = re.search(r'<script id="_dash-renderer"[^>]*>(.*?)</script>', answer.text, re.S)
    assert renderer
    hashes += inline_script_hashes(f"<script>{renderer.group(1)}</script>")
    assert hashes and set(hashes) <= set(policy["script-src"]), answer.text
    assert policy["img-src"] == ["'self'", "data:", tile_source(web_settings().basemap_url)]
    assert policy["connect-src"] == ["'self'"]


def test_a_console_asset_has_every_header(client: TestClient) -> None:
    answer = client.get("/assets/gridops.css")
    assert answer.status_code == 200
    _assert_secured(answer)


@pytest.mark.parametrize("path", ["/api/v1/no-such-route", "/assets/no-such.css"])
def test_a_404_has_every_header(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    _assert_secured(answer)


def test_a_problem_answer_has_every_header(client: TestClient) -> None:
    answer = client.post("/api/v1/auth/login", json={"username": 3})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    _assert_secured(answer)


def test_a_too_large_body_refused_before_the_app_has_every_header(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/fault-reports", content=b"x" * 40_000, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    _assert_secured(answer)


def test_the_api_docs_page_runs_under_its_own_policy(client: TestClient) -> None:
    """The Swagger UI's CDN and the hash of its one inline script, as rendered."""
    answer = client.get("/api/docs")
    assert answer.status_code == 200
    _assert_secured(answer)
    policy = _directives(answer)
    assert "https://cdn.jsdelivr.net" in policy["script-src"]
    assert set(inline_script_hashes(answer.text)) <= set(policy["script-src"])


def test_cors_is_closed_by_default(client: TestClient) -> None:
    preflight = client.options(
        "/api/v1/planned-outages", headers={"Origin": ALLOWED_ORIGIN, **PREFLIGHT}
    )
    assert "access-control-allow-origin" not in preflight.headers
    simple = client.get("/api/v1/health", headers={"Origin": ALLOWED_ORIGIN})
    assert "access-control-allow-origin" not in simple.headers


@pytest.fixture(scope="module")
def cors_client(
    client: TestClient, demo_db_url: str, monkeypatch_module: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The app with one allowed origin; the session's console context restored after it."""
    from app.main import create_app

    previous = current_context()
    monkeypatch_module.setenv("GRIDOPS_CORS_ORIGINS", ALLOWED_ORIGIN)
    web_settings.cache_clear()
    try:
        app = create_app(demo_db_url)
    finally:
        monkeypatch_module.delenv("GRIDOPS_CORS_ORIGINS")
        web_settings.cache_clear()  # the rest of the session allows no origin
    with TestClient(app, raise_server_exceptions=False) as configured:
        yield configured
    set_context(previous)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_cors_opens_the_api_to_a_configured_origin_only(cors_client: TestClient) -> None:
    preflight = cors_client.options(
        "/api/v1/planned-outages", headers={"Origin": ALLOWED_ORIGIN, **PREFLIGHT}
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    for name in FIXED_HEADERS:
        assert name.lower() in preflight.headers
    simple = cors_client.get("/api/v1/health", headers={"Origin": ALLOWED_ORIGIN})
    assert simple.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    other = cors_client.options(
        "/api/v1/planned-outages", headers={"Origin": "https://other.example", **PREFLIGHT}
    )
    assert "access-control-allow-origin" not in other.headers
    console = cors_client.get("/grid", headers={"Origin": ALLOWED_ORIGIN})
    assert "access-control-allow-origin" not in console.headers  # the API only


def test_cors_origins_are_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDOPS_CORS_ORIGINS", "https://a.example, http://b.example:8080")
    assert WebSettings().cors_origins == ["https://a.example", "http://b.example:8080"]
    for bad in ("https://a.example/", "a.example", "*", "ftp://a.example"):
        monkeypatch.setenv("GRIDOPS_CORS_ORIGINS", bad)
        with pytest.raises(ValidationError, match="not an origin"):
            WebSettings()


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org:8443/{z}/{x}/{y}.png", "https://*.tile.example.org:8443"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_the_basemap_tile_host_is_an_image_source(url: str, source: str | None) -> None:
    assert tile_source(url) == source
    images = console_policy([], url).split("img-src ", 1)[1].split(";")[0].split()
    assert images == ["'self'", "data:", *([source] if source else [])]


def test_an_unexpected_error_answered_by_the_outermost_layer_has_every_header() -> None:
    """Starlette's ServerErrorMiddleware answers the 500 outside every added middleware;
    SecuredApi puts the headers outside it."""
    from app.api.security_headers import SecuredApi

    api = SecuredApi()

    @api.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    api.secure(console_policy([], ""))
    with TestClient(api, raise_server_exceptions=False) as plain:
        answer = plain.get("/api/boom")
    assert answer.status_code == 500
    _assert_secured(answer)
