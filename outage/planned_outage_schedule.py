"""What the clock does to planned outages: reminders a set time before the start, and the
lifecycle published -> in_progress -> completed as the window opens and closes.

Both run in the notice worker (`gridops worker`) as periodic tasks, each in one transaction;
reminders go through the outbox with one outage_reminder per customer per revision, so a task
run twice, or by two workers at once (SKIP LOCKED), never reminds anyone twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import psycopg

from gis.sql_file import load_sql
from notify.models import NoticeKind
from notify.outbox import enqueue_for_customers
from notify.periodic import PeriodicTask
from outage.planned_outage import get
from outage.planned_outage_notice import outage_event_ref, outage_payload


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def send_due_reminders(conn: psycopg.Connection, now: datetime, lead: timedelta) -> int:
    """An outage_reminder to every customer of each published outage that starts within
    `lead`; returns how many notices were written."""
    due = [
        row[0]
        for row in conn.execute(
            _sql("planned_outage_schedule/select_due_reminders.sql"), {"now": now, "lead": lead}
        )
    ]
    written = 0
    for outage_id in due:
        outage = get(conn, outage_id)
        row = conn.execute(
            _sql("planned_outage/select_outage_customers.sql"), {"outage_id": outage_id}
        ).fetchone()
        customers = list(row[0]) if row else []
        if customers:
            written += enqueue_for_customers(
                conn,
                NoticeKind.OUTAGE_REMINDER,
                outage_event_ref(outage),
                customers,
                outage_payload(outage),
            )
        conn.execute(_sql("planned_outage_schedule/mark_reminded.sql"), {"id": outage_id})
    return written


def advance_lifecycle(conn: psycopg.Connection, now: datetime) -> int:
    """Start the outages whose window has opened and complete those whose window has closed;
    returns how many changed."""
    return len(
        conn.execute(
            _sql("planned_outage_schedule/advance_planned_outages.sql"), {"now": now}
        ).fetchall()
    )


def planned_outage_tasks(reminder_lead: timedelta, every_s: float = 60.0) -> list[PeriodicTask]:
    """The worker's planned-outage tasks: send due reminders; start and complete outages on time."""
    return [
        PeriodicTask(
            "planned outage reminders",
            every_s,
            lambda conn, now: send_due_reminders(conn, now, reminder_lead),
        ),
        PeriodicTask("planned outage lifecycle", every_s, advance_lifecycle),
    ]
