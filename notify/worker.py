"""The delivery worker behind `gridops worker`.

Loop: claim a batch under a lease (FOR UPDATE SKIP LOCKED), deliver it on a thread pool of
`concurrency`, record the outcomes in one UPDATE; while one batch is delivered the next is
claimed, so the threads do not idle on the database. Delivery is at least once: a worker
killed at any moment leaves its claimed notices to be claimed again when their lease runs
out; a notice is marked sent only after its channel confirmed it. Deliveries not started
before the lease runs low are handed back without spending an attempt.

A stop request (SIGTERM/SIGINT set stop_event) claims nothing more, finishes the batches in
hand, records them and returns.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

import psycopg

from notify.channels import Sender, open_senders
from notify.claim import bury_expired, claim, open_count, record
from notify.courier import Courier
from notify.database_link import DatabaseLink
from notify.models import Channel, ClaimedNotice, Outcome, OutcomeKind
from notify.periodic import PeriodicTask
from notify.settings import DEV_WEBHOOK_SECRET, NotifySettings, notify_settings

log = logging.getLogger("notify.worker")
PIPELINE_DEPTH = 2  # batches in hand: one delivered while the next is claimed
LEASE_MARGIN_S = 1.0  # beyond the longest channel timeout, kept free at the end of a lease
BURY_EVERY_S = 5.0


@dataclass
class WorkerStats:
    """What a worker did: notices claimed, sent, retried, dead, handed back, and in how long."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0
    batches: int = 0
    elapsed_s: float = 0.0

    def count(self, outcomes: list[Outcome]) -> None:
        """Add a batch's outcomes to the counts."""
        for outcome in outcomes:
            if outcome.kind is OutcomeKind.SENT:
                self.sent += 1
            elif outcome.kind is OutcomeKind.RETRY:
                self.retried += 1
            elif outcome.kind is OutcomeKind.DEAD:
                self.dead += 1
            else:
                self.released += 1


@dataclass
class _Batch:
    notices: list[ClaimedNotice]
    futures: list[Future[Outcome]]
    started: float = field(default_factory=time.monotonic)

    def outcomes(self) -> list[Outcome]:
        return [future.result() for future in self.futures]


class _Step(Enum):
    AGAIN = "again"  # more to do at once
    IDLE = "idle"  # nothing due: wait for a signal or the poll interval
    STOP = "stop"


def default_worker_id() -> str:
    """A worker id naming its host and process, unique per start."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    """The delivery worker: claims batches under a lease, delivers them, records the outcomes."""

    def __init__(
        self,
        url: str,
        settings: NotifySettings,
        concurrency: int,
        batch_size: int,
        lease_s: float,
        stop_event: threading.Event,
        stop_when_drained: bool = False,
        senders: Mapping[Channel, Sender] | None = None,
        worker_id: str | None = None,
        periodic: Sequence[PeriodicTask] = (),
    ) -> None:
        longest = max(settings.timeout_s(channel) for channel in Channel)
        if lease_s <= longest + LEASE_MARGIN_S:
            raise ValueError(
                f"lease of {lease_s} s must exceed the longest channel timeout ({longest} s) "
                f"by more than {LEASE_MARGIN_S} s"
            )
        self._settings = settings
        self._concurrency = concurrency
        self._batch_size = batch_size
        self._lease_s = lease_s
        self._stop = stop_event
        self._drain = stop_when_drained
        self._own_senders = senders is None
        self._senders = dict(senders) if senders is not None else open_senders(settings)
        self._courier = Courier(settings, self._senders)
        self._link = DatabaseLink(url)
        self._id = worker_id or default_worker_id()
        self._pool = ThreadPoolExecutor(concurrency, thread_name_prefix="notice")
        self._last_bury = 0.0
        self._inflight: deque[_Batch] = deque()
        self._unrecorded: list[Outcome] = []
        self._periodic = list(periodic)
        self._periodic_due = dict.fromkeys((task.name for task in self._periodic), 0.0)
        self.stats = WorkerStats()

    def _deadline(self, notices: list[ClaimedNotice], started: float) -> float:
        longest = max(self._settings.timeout_s(n.channel) for n in notices)
        return started + self._lease_s - longest - LEASE_MARGIN_S

    def _claim(self) -> _Batch | None:
        if time.monotonic() - self._last_bury >= BURY_EVERY_S:
            buried = self._link.run(bury_expired)
            if buried is not None:
                self._last_bury = time.monotonic()
                if buried:
                    log.error("%d notices dead: lease ran out on their last attempt", buried)
        started = time.monotonic()
        notices = self._link.run(lambda c: claim(c, self._id, self._batch_size, self._lease_s))
        if not notices:
            return None
        deadline = self._deadline(notices, started)
        futures = [self._pool.submit(self._courier.deliver, n, deadline) for n in notices]
        self.stats.claimed += len(notices)
        return _Batch(notices, futures, started)

    def _record(self, outcomes: list[Outcome]) -> bool:
        return self._link.run(lambda c: record(c, outcomes)) is not None

    def _finish(self, batch: _Batch) -> list[Outcome]:
        outcomes = batch.outcomes()
        self.stats.count(outcomes)
        self.stats.batches += 1
        kinds = [o.kind for o in outcomes]
        log.info(
            "batch of %d in %.2f s: %d sent, %d retrying, %d dead, %d handed back",
            len(outcomes),
            time.monotonic() - batch.started,
            kinds.count(OutcomeKind.SENT),
            kinds.count(OutcomeKind.RETRY),
            kinds.count(OutcomeKind.DEAD),
            kinds.count(OutcomeKind.RELEASED),
        )
        return outcomes

    def _drained(self) -> bool:
        return self._link.run(open_count) == 0

    def _run_periodic(self) -> None:
        """Run the periodic tasks that are due, each in one transaction."""
        for task in self._periodic:
            if time.monotonic() < self._periodic_due[task.name]:
                continue
            self._periodic_due[task.name] = time.monotonic() + task.every_s

            def run(conn: psycopg.Connection, task: PeriodicTask = task) -> int:
                with conn.transaction():
                    return task.run(conn, datetime.now(UTC))

            try:
                done = self._link.run(run)
            except Exception:  # a task's own bug must not stop deliveries
                log.exception(
                    "periodic task %r failed; next try in %.0f s", task.name, task.every_s
                )
                continue
            if done:
                log.info("%s: %d", task.name, done)

    def _step(self) -> _Step:
        """One turn of the loop: periodic tasks, record, claim, or collect a finished batch."""
        stopping = self._stop.is_set()
        if not stopping and self._periodic:
            self._run_periodic()
        if self._unrecorded and self._record(self._unrecorded):
            self._unrecorded = []
        if self._unrecorded and stopping and not self._inflight:
            log.warning(
                "stopping with %d outcomes unrecorded: those notices are delivered again once "
                "their lease runs out",
                len(self._unrecorded),
            )
            return _Step.STOP
        if not stopping and not self._unrecorded and len(self._inflight) < PIPELINE_DEPTH:
            batch = self._claim()
            if batch is not None:
                self._inflight.append(batch)
                return _Step.AGAIN
        if self._inflight:
            self._unrecorded.extend(self._finish(self._inflight.popleft()))
            return _Step.AGAIN
        if stopping:
            return _Step.STOP
        if not self._unrecorded and self._drain and self._drained():
            return _Step.STOP
        return _Step.IDLE

    def run(self) -> WorkerStats:
        """Deliver until stopped (or drained, when asked); returns what was done."""
        started = time.monotonic()
        log.info(
            "worker %s: concurrency %d, batches of %d, lease %.0f s",
            self._id,
            self._concurrency,
            self._batch_size,
            self._lease_s,
        )
        if self._settings.webhook_secret.get_secret_value() == DEV_WEBHOOK_SECRET:
            log.warning("GRIDOPS_WEBHOOK_SECRET is not set: webhooks are signed with the demo key")
        try:
            while True:
                try:
                    step = self._step()
                except Exception:  # the worker logs and carries on; leases cover what was lost
                    log.exception("worker: unexpected error, carrying on")
                    step = _Step.IDLE
                if step is _Step.STOP:
                    break
                if step is _Step.IDLE:
                    self._link.wait(self._settings.worker_poll_s, self._stop)
        finally:
            self._pool.shutdown(wait=True)
            if self._own_senders:
                for sender in self._senders.values():
                    sender.close()
            self._link.close()
            self.stats.elapsed_s = time.monotonic() - started
            log.info("worker %s stopped: %s", self._id, self.stats)
        return self.stats


def run_worker(
    url: str,
    concurrency: int | None = None,
    batch_size: int | None = None,
    stop_event: threading.Event | None = None,
    *,
    lease_s: float | None = None,
    stop_when_drained: bool = False,
    settings: NotifySettings | None = None,
    senders: Mapping[Channel, Sender] | None = None,
    worker_id: str | None = None,
    periodic: Sequence[PeriodicTask] = (),
) -> WorkerStats:
    """Deliver notices until stop_event is set (or, with stop_when_drained, until none is
    pending, retrying or being delivered). Defaults come from NotifySettings
    (GRIDOPS_WORKER_CONCURRENCY, _BATCH_SIZE, _LEASE_S). Never raises for a failed delivery or
    an unreachable database: it logs and carries on."""
    settings = settings or notify_settings()
    worker = Worker(
        url,
        settings,
        concurrency=concurrency or settings.worker_concurrency,
        batch_size=batch_size or settings.worker_batch_size,
        lease_s=lease_s or settings.worker_lease_s,
        stop_event=stop_event or threading.Event(),
        stop_when_drained=stop_when_drained,
        senders=senders,
        worker_id=worker_id,
        periodic=periodic,
    )
    return worker.run()
