"""Claims and leases: SKIP LOCKED keeps workers apart, a lease that runs out makes a notice
claimable again, and a stale worker cannot overwrite the outcome of a newer attempt."""

from __future__ import annotations

import time

import psycopg

from notify.claim import bury_expired, claim, open_count, record
from notify.models import NoticeKind, Outcome, OutcomeKind, RenderedText
from notify.outbox import enqueue_for_customers
from notify.retry_policy import RetryPolicy


def _status(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("SELECT id, status, attempts FROM notice ORDER BY id").fetchall()


def _seed(conn: psycopg.Connection, customers: int = 6, max_attempts: int = 3) -> None:
    ids = list(range(1, customers + 1))
    enqueue_for_customers(conn, NoticeKind.FAULT_RECEIVED, "fault:1", ids, {}, max_attempts)
    conn.commit()


def test_two_workers_never_claim_the_same_notice(
    notify_db: psycopg.Connection, notify_db_url: str
) -> None:
    """'the notice worker scales by SKIP LOCKED': a claim in progress is skipped, not waited
    for and not shared."""
    _seed(notify_db)
    with psycopg.connect(notify_db_url) as first, psycopg.connect(notify_db_url) as second:
        mine = claim(first, "w1", 4, 60)  # not committed yet: the rows stay locked
        theirs = claim(second, "w2", 4, 60)
        first.commit()
        second.commit()
    assert len(mine) == 4 and len(theirs) == 2
    assert not {n.id for n in mine} & {n.id for n in theirs}
    assert all(n.attempts == 1 for n in mine + theirs)


def test_a_lease_that_runs_out_makes_the_notice_claimable_again(
    notify_db: psycopg.Connection, notify_db_url: str
) -> None:
    """'Killing the worker with SIGKILL at any moment loses no notice': its claims expire.
    The stale worker's failure is ignored; a delivery it confirms still counts."""
    _seed(notify_db, customers=2)
    with psycopg.connect(notify_db_url, autocommit=True) as conn:
        stale = claim(conn, "dead-worker", 10, 0.2)
        assert claim(conn, "w2", 10, 60) == []  # held under lease
        time.sleep(0.3)
        fresh = claim(conn, "w2", 10, 60)
        assert [n.id for n in fresh] == [n.id for n in stale]
        assert [n.attempts for n in fresh] == [2, 2]
        late = [
            Outcome(stale[0].id, 1, OutcomeKind.RETRY, error="late failure", retry_in_s=1),
            Outcome(stale[1].id, 1, OutcomeKind.SENT, text=RenderedText("s", "b")),
        ]
        assert record(conn, late) == 1  # only the confirmed delivery
        assert _status(conn) == [(1, "delivering", 2), (2, "sent", 2)]
        assert record(conn, [Outcome(fresh[0].id, 2, OutcomeKind.SENT)]) == 1
        assert open_count(conn) == 0


def test_a_notice_whose_last_attempt_lease_ran_out_is_dead_not_claimed_for_ever(
    notify_db: psycopg.Connection, notify_db_url: str
) -> None:
    """A notice that kills its worker every time still runs out of attempts: attempts count
    claims, and a lease lost on the last attempt buries it with the reason."""
    _seed(notify_db, customers=1, max_attempts=1)
    with psycopg.connect(notify_db_url, autocommit=True) as conn:
        assert len(claim(conn, "w1", 10, 0.1)) == 1
        time.sleep(0.2)
        assert claim(conn, "w2", 10, 60) == []
        assert bury_expired(conn) == 1
        row = conn.execute("SELECT status, last_error FROM notice").fetchone()
    assert row == ("dead", "lease ran out on the last attempt (the worker stopped mid-delivery)")


def test_outcomes_move_notices_as_the_retry_policy_says(
    notify_db: psycopg.Connection, notify_db_url: str
) -> None:
    """Retry with backoff, dead after max_attempts keeping the last error, and a notice handed
    back unattempted gets its attempt back."""
    _seed(notify_db, customers=3, max_attempts=2)
    policy = RetryPolicy(base_s=10, max_s=60)
    with psycopg.connect(notify_db_url, autocommit=True) as conn:
        first, second, third = claim(conn, "w1", 10, 60)
        outcomes = [
            policy.after_failure(first, "HTTP 500"),
            Outcome(second.id, second.attempts, OutcomeKind.RELEASED),
            policy.after_failure(third, "refused", permanent=True),
        ]
        assert [o.kind for o in outcomes] == ["retry", "released", "dead"]
        assert 5 <= outcomes[0].retry_in_s <= 10
        assert record(conn, outcomes) == 3
        rows = conn.execute(
            "SELECT status, attempts, last_error, next_attempt_at > now() + interval '4 s' "
            "FROM notice ORDER BY id"
        ).fetchall()
        assert rows == [
            ("retrying", 1, "HTTP 500", True),
            ("pending", 0, None, False),
            ("dead", 1, "refused", False),
        ]
        (again,) = claim(conn, "w1", 10, 60)  # only the released one is due
        assert again.id == second.id
        assert policy.after_failure(again, "x").kind == "retry"
        conn.execute("UPDATE notice SET next_attempt_at = now() WHERE id = %s", (first.id,))
        (last,) = claim(conn, "w1", 1, 60)
        assert last.attempts == 2 and policy.after_failure(last, "HTTP 500").kind == "dead"


def test_backoff_grows_exponentially_with_jitter_up_to_a_ceiling() -> None:
    """'retries and exponential backoff': base * 2^(n-1), jittered in its upper half."""
    policy = RetryPolicy(base_s=2, max_s=100)
    for attempt, ceiling in [(1, 2), (2, 4), (3, 8), (6, 64), (7, 100), (30, 100)]:
        delays = [policy.delay_s(attempt) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 100
