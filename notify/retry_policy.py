"""When to try a failed notice again: exponential backoff with jitter, dead after
max_attempts or at once for a permanent error."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from notify.models import ClaimedNotice, Outcome, OutcomeKind


@dataclass
class RetryPolicy:
    """When a failed notice is tried again: exponential backoff with jitter, up to max_s."""

    base_s: float
    max_s: float
    rng: random.Random = field(default_factory=random.Random)

    def delay_s(self, attempt: int) -> float:
        """base * 2^(attempt-1), capped at max, then drawn in [half, all] of it so that
        notices failed together do not come back together ("equal jitter")."""
        ceiling = min(self.max_s, self.base_s * 2 ** max(0, attempt - 1))
        return ceiling * self.rng.uniform(0.5, 1.0)

    def after_failure(
        self,
        notice: ClaimedNotice,
        error: str,
        permanent: bool = False,
        retry_after_s: float | None = None,
    ) -> Outcome:
        """A failed attempt's outcome: dead if permanent or out of attempts, else a later retry."""
        if permanent or notice.attempts >= notice.max_attempts:
            return Outcome(notice.id, notice.attempts, OutcomeKind.DEAD, error=error)
        delay = self.delay_s(notice.attempts)
        if retry_after_s is not None:
            delay = min(self.max_s, max(delay, retry_after_s))
        return Outcome(notice.id, notice.attempts, OutcomeKind.RETRY, error=error, retry_in_s=delay)
