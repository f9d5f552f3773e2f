"""Per-client rate limits for public routes: a token bucket per client address, per process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache

from fastapi import Request

from app.api.problem import ProblemError
from gis.settings import web_settings


class TokenBuckets:
    """rate tokens per minute per key, bursting up to `burst`."""

    def __init__(self, per_minute: int, burst: int | None = None, max_keys: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst or per_minute)
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when allowed, else the seconds until a token is due."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                if len(self._buckets) >= self.max_keys:
                    self._buckets.clear()  # bounded memory under address churn
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


def rate_limited(buckets: TokenBuckets) -> Callable[[Request], None]:
    """A check answering a 429 problem, with Retry-After, once a client has spent its tokens."""

    def check(request: Request) -> None:
        client = request.client.host if request.client else "unknown"
        wait = buckets.take(client)
        if wait > 0:
            raise ProblemError(
                429,
                "Too many requests",
                f"slow down: try again in {wait:.0f} s",
                kind="rate-limited",
                headers={"Retry-After": str(max(1, round(wait)))},
            )

    return check


@lru_cache(maxsize=8)
def public_buckets(route: str) -> TokenBuckets:
    """The process's per-client budget of one public route ("outages", "fault_reports"),
    shared by the JSON API and the public pages that call the same service."""
    return TokenBuckets(web_settings().public_rate_per_minute)
