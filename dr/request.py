"""DR requests: the participants of a published event with their response tokens, and the
notices that ask them (dr_request) or tell them the event is called off (dr_cancelled).

Publishing is one INSERT ... SELECT over the target (dr/sql/request/insert_requests.sql): the
enrolled customers are found, and the participants and one dr_request per participant are
written, all without a round trip. No row holds the answer link's token: it is made from the link
key when the notice is sent (notify/link_token.py: event, customer and modification number,
signed).
Before (migration 041), the customers came to Python, were given secrets.token_urlsafe tokens
and went back by COPY into a staging table, and dr_participant checked three foreign keys and a
UNIQUE btree per row: 7.0-7.8 s for 100,699 requests, against the 3 s budget
(bench/dr_publish.py measures both ways side by side). Everything runs in the caller's
transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from dr.models import DrEvent
from dr.program import get_program
from dr.target import DrRejectedError, ResolvedTarget, target_parameters, target_statement
from gis.sql_file import load_sql
from notify.models import NoticeKind
from notify.outbox import enqueue_for_customers
from notify.settings import notify_settings


def write_requests(
    conn: psycopg.Connection, row: dict[str, Any], resolved: ResolvedTarget, now: datetime
) -> int:
    """(Re)write the participants of the event in `row` (select_event_for_update.sql) with
    fresh tokens and one dr_request notice to each; returns how many were written."""
    event_id = int(row["id"])
    program = get_program(conn, row["program_id"])
    notify = notify_settings()
    event_ref = f"dr_event:{event_id}:m{row['modification_number']}"
    payload = {
        "dr_event_id": event_id,
        "starts_at": row["starts_at"].isoformat(),
        "ends_at": row["ends_at"].isoformat(),
        "incentive_per_kwh": str(program.incentive_per_kwh),
        "modification_number": row["modification_number"],
    }
    parameters = target_parameters(
        row["program_id"], resolved, row["starts_at"], row["ends_at"], now
    )
    parameters.update(
        event_id=event_id,
        payload=Jsonb(payload),
        event_ref=event_ref,
        max_attempts=notify.notice_max_attempts,
    )
    conn.execute(load_sql("dr", "request/delete_participants.sql").encode(), {"event_id": event_id})
    written = conn.execute(target_statement("request/insert_requests.sql"), parameters).rowcount
    if written <= 0:
        raise DrRejectedError("no customer enrolled in the program lies in the target", "geometry")
    return written


def notify_cancelled(conn: psycopg.Connection, event: DrEvent) -> int:
    """One dr_cancelled notice to every participant of a called-off event, through the
    outbox's fan-out (the payload is the same for all); returns how many were new (a second
    call writes none: the idempotency key is per event and customer)."""
    customer_ids = [
        row[0]
        for row in conn.execute(
            load_sql("dr", "request/select_participants.sql").encode(), {"event_id": event.id}
        )
    ]
    payload = {
        "dr_event_id": event.id,
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
    }
    return enqueue_for_customers(
        conn, NoticeKind.DR_CANCELLED, f"dr_event:{event.id}:cancelled", customer_ids, payload
    )
