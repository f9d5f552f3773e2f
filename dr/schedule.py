"""What the clock does to DR events: published -> active -> completed as the window opens and
closes, then measurement and one dr_result notice per measured participant.

Runs in the notice worker (`gridops worker`) as a periodic task, in one transaction; the
outbox's idempotency key (dr_event:<id>:result) keeps a second run from notifying twice.
"""

from __future__ import annotations

from datetime import datetime

import psycopg

from dr.measurement import measure
from dr.result_notice import notify_results
from gis.sql_file import load_sql
from notify.periodic import PeriodicTask


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def advance_and_measure(conn: psycopg.Connection, now: datetime) -> int:
    """Advance the lifecycle, measure every completed event not yet measured and send its
    results; returns how many events were measured."""
    conn.execute(_sql("schedule/advance_dr_events.sql"), {"now": now})
    due = [
        row[0] for row in conn.execute(_sql("schedule/select_events_to_measure.sql"), {"now": now})
    ]
    for event_id in due:
        measure(conn, event_id, now)
        notify_results(conn, event_id)
    return len(due)


def dr_tasks(every_s: float = 300.0) -> list[PeriodicTask]:
    """The worker's DR task: advance events' lifecycle, measure completed ones and send results."""
    return [PeriodicTask("demand response lifecycle and measurement", every_s, advance_and_measure)]
