"""The per-client rate limit is the peer's unless the peer is a configured proxy.

uvicorn trusts X-Forwarded-For from 127.0.0.1 by default, so any local client could name itself
anew on every request (200 of 200 lookups passed with a new forwarded address each time, against
74 refused without it). The app trusts forwarded headers only from GRIDOPS_TRUSTED_PROXIES (none
by default) and `gridops serve` runs uvicorn without its own trust (app.main.SERVER_OPTIONS). A
real server; the spoofing client comes from 127.0.0.1, the address uvicorn would trust, and the
budgets this module used are forgotten after it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from app.api.rate_limit import public_buckets
from gis.settings import web_settings
from tests.live_server import serve

LOOKUPS = 200
TRUSTED_PROXY = "127.0.0.4"


def _client(base_url: str, peer: str) -> httpx.Client:
    """A client whose connections come from `peer` (any 127.0.0.0/8 address is loopback)."""
    return httpx.Client(
        base_url=base_url, timeout=60, transport=httpx.HTTPTransport(local_address=peer)
    )


def _passed(client: httpx.Client, forwarded: bool) -> tuple[int, float]:
    """How many of LOOKUPS lookups were answered (not 429), and how long they took."""
    passed, started = 0, time.monotonic()
    for index in range(LOOKUPS):
        # what the client claimed, then the address the proxy saw: new on every lookup
        headers = {"X-Forwarded-For": f"203.0.113.7, 198.51.100.{index}"} if forwarded else {}
        answer = client.get("/api/v1/outages", params={"account_no": "NO-SUCH"}, headers=headers)
        assert answer.status_code in (200, 404, 429), answer.text
        passed += answer.status_code != 429
    return passed, time.monotonic() - started


@pytest.fixture(scope="module", autouse=True)
def fresh_budgets() -> Iterator[None]:
    """Other tests' lookups from these addresses do not count here, nor these in theirs."""
    public_buckets.cache_clear()
    yield
    public_buckets.cache_clear()


@pytest.fixture(scope="module")
def default_server(demo_db_url: str) -> Iterator[str]:
    from app.main import create_app

    with serve(create_app(demo_db_url)) as url:
        yield url


@pytest.fixture(scope="module")
def proxied_server(demo_db_url: str) -> Iterator[str]:
    from app.main import create_app

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIDOPS_TRUSTED_PROXIES", f"{TRUSTED_PROXY}, 10.0.0.0/8")
        web_settings.cache_clear()
        app = create_app(demo_db_url)
    web_settings.cache_clear()  # the rest of the session trusts no proxy
    with serve(app) as url:
        yield url


def test_forwarded_addresses_from_an_untrusted_peer_do_not_escape_the_limit(
    default_server: str,
) -> None:
    """200 lookups, each naming a new client in X-Forwarded-For, from a peer that is no
    proxy: limited exactly as the same lookups without the header."""
    budget = public_buckets("outages").burst
    refill = public_buckets("outages").rate
    with (
        _client(default_server, "127.0.0.1") as spoofing,
        _client(default_server, "127.0.0.3") as plain,
    ):
        spoofed, spoofed_s = _passed(spoofing, forwarded=True)
        honest, honest_s = _passed(plain, forwarded=False)
    assert spoofed < LOOKUPS and honest < LOOKUPS
    assert spoofed <= budget + refill * spoofed_s + 1
    assert abs(spoofed - honest) <= refill * max(spoofed_s, honest_s) + 2


def test_a_configured_proxy_names_the_client(proxied_server: str) -> None:
    """From a trusted proxy, each forwarded client has a budget of its own; the proxy's own
    address does not use up theirs."""
    with _client(proxied_server, TRUSTED_PROXY) as proxy:
        passed, _ = _passed(proxy, forwarded=True)
    assert passed == LOOKUPS


def test_trusted_proxies_are_addresses_or_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A comma-separated list; an entry that is neither is refused when the settings load."""
    from pydantic import ValidationError

    from gis.settings import WebSettings

    monkeypatch.setenv("GRIDOPS_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16 ,::1")
    assert WebSettings().trusted_proxies == ["10.0.0.1", "192.168.0.0/16", "::1"]
    monkeypatch.delenv("GRIDOPS_TRUSTED_PROXIES")
    assert WebSettings().trusted_proxies == []
    monkeypatch.setenv("GRIDOPS_TRUSTED_PROXIES", "10.0.0.1, proxy.local")
    with pytest.raises(ValidationError, match=r"proxy\.local"):
        WebSettings()
