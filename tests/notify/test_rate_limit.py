"""Per-channel rate limits, and deliveries that would outlast their lease."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import psycopg

from gis.vocabulary import Language
from notify.channels.message import Message
from notify.courier import Courier
from notify.models import (
    Channel,
    ClaimedNotice,
    NoticeKind,
    OutcomeKind,
    RecipientType,
)
from notify.outbox import enqueue_for_customers
from notify.settings import NotifySettings
from notify.token_bucket import TokenBucket
from tests.notify.conftest import drain


def test_a_token_bucket_paces_to_its_rate_after_the_burst() -> None:
    """'per-channel rate limits': rate tokens a second, a burst of rate/10 banked."""
    bucket = TokenBucket(rate_per_s=100)
    started = time.monotonic()
    assert all(bucket.acquire(started + 5) for _ in range(30))  # 10 at once, 20 at 100/s
    assert 0.17 <= time.monotonic() - started < 1.0
    assert TokenBucket(0).acquire(0)  # no limit: never waits, whatever the deadline


def test_a_token_that_would_come_after_the_deadline_is_refused() -> None:
    bucket = TokenBucket(rate_per_s=1, burst=1)
    assert bucket.acquire(time.monotonic() + 1)
    assert not bucket.acquire(time.monotonic() + 0.2)


def test_the_worker_keeps_each_channel_under_its_rate(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings
) -> None:
    """20 notices to the file sink limited to 40 a second take about half a second."""
    enqueue_for_customers(notify_db, NoticeKind.FAULT_RECEIVED, "fault:3", range(1, 21), {})
    notify_db.commit()
    limited = settings.model_copy(update={"rate_file_per_s": 40.0})
    started = time.monotonic()
    assert drain(notify_db_url, limited).sent == 20
    assert time.monotonic() - started >= 0.4


class _Recorder:
    def __init__(self) -> None:
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.sent.append(message)

    def close(self) -> None:
        """Nothing to close."""


def test_a_delivery_not_started_before_the_lease_runs_low_is_handed_back(
    settings: NotifySettings,
) -> None:
    """A notice whose lease would run out before it could be sent is not attempted: handed
    back without spending an attempt, so another claim delivers it in time."""
    recorder = _Recorder()
    courier = Courier(settings, dict.fromkeys(Channel, recorder))
    notice = ClaimedNotice(
        id=1,
        kind=NoticeKind.FAULT_RECEIVED,
        recipient_type=RecipientType.CUSTOMER,
        recipient_id=4,
        channel=Channel.FILE,
        language=Language.EN,
        payload={},
        event_ref="fault:4",
        idempotency_key="fault:4/fault_received/customer:4",
        attempts=1,
        max_attempts=3,
        created_at=datetime.now(UTC),
        address=None,
    )
    assert courier.deliver(notice, time.monotonic() - 1).kind is OutcomeKind.RELEASED
    assert recorder.sent == []
    sent = courier.deliver(notice, time.monotonic() + 5)
    assert sent.kind is OutcomeKind.SENT and sent.text is not None
    assert recorder.sent[0].address == "customer.jsonl"  # the file sink's default
