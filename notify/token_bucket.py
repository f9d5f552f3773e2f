"""Per-channel rate limits: a token bucket shared by the worker's threads."""

from __future__ import annotations

import threading
import time


class TokenBucket:
    """rate tokens a second, up to burst banked; rate 0 means no limit."""

    def __init__(self, rate_per_s: float, burst: float | None = None) -> None:
        self.rate_per_s = rate_per_s
        self.burst = burst if burst is not None else max(1.0, rate_per_s / 10)
        self._tokens = self.burst
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self, deadline: float) -> bool:
        """Take one token, waiting if need be; False when it would come after deadline
        (a time.monotonic() value)."""
        if self.rate_per_s <= 0:
            return True
        while True:
            with self._lock:
                now = time.monotonic()
                self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate_per_s)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return True
                wait_s = (1 - self._tokens) / self.rate_per_s
            if now + wait_s > deadline:
                return False
            time.sleep(wait_s)
