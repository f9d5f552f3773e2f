"""The notices a planned outage change writes, through the outbox, in the caller's transaction.

One notice of one kind per customer per revision: the outbox's idempotency key is built from
the event (planned_outage:<id>:r<revision>), the kind and the customer.
"""

from __future__ import annotations

from typing import Any

import psycopg

from notify.models import NoticeKind
from notify.outbox import enqueue_for_customers
from outage.models import NoticeCounts, PlannedOutage, PlannedOutageStatus


def outage_event_ref(outage: PlannedOutage) -> str:
    """The event every notice of one revision of an outage belongs to."""
    return f"planned_outage:{outage.id}:r{outage.revision}"


def outage_payload(outage: PlannedOutage) -> dict[str, Any]:
    """The facts every outage text is written from (no customer data)."""
    return {
        "planned_outage_id": outage.id,
        "title": outage.title,
        "reason": outage.reason,
        "starts_at": outage.starts_at.isoformat(),
        "ends_at": outage.ends_at.isoformat(),
        "status": outage.status.value,
        "revision": outage.revision,
    }


def notify_change(
    conn: psycopg.Connection,
    outage: PlannedOutage,
    added: list[int],
    removed: list[int],
    kept: list[int],
) -> NoticeCounts:
    """outage_notice to newly affected, outage_update to those still affected, and
    outage_cancelled to those no longer affected (or to everyone when cancelled)."""
    event_ref = outage_event_ref(outage)
    payload = outage_payload(outage)
    plan = [
        (NoticeKind.OUTAGE_NOTICE, added),
        (NoticeKind.OUTAGE_UPDATE, kept),
        (NoticeKind.OUTAGE_CANCELLED, removed),
    ]
    if outage.status is PlannedOutageStatus.CANCELLED:
        plan = [(NoticeKind.OUTAGE_CANCELLED, removed)]
    counts: dict[str, int] = {}
    for kind, customer_ids in plan:
        if customer_ids:
            counts[kind.value] = enqueue_for_customers(conn, kind, event_ref, customer_ids, payload)
    return NoticeCounts(by_kind=counts)
