"""The worker's side of the outbox: claim due notices under a lease, record outcomes in one
UPDATE per batch, and bury notices whose last attempt's lease ran out."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from psycopg.rows import dict_row

from gis.sql_file import load_sql
from gis.vocabulary import Language
from notify.models import (
    Channel,
    ClaimedNotice,
    NoticeKind,
    Outcome,
    RecipientType,
)


def _sql(name: str) -> str:
    return load_sql("notify", name)


def claim(
    conn: psycopg.Connection, worker: str, batch_size: int, lease_s: float
) -> list[ClaimedNotice]:
    """Take up to batch_size notices for lease_s seconds (run with autocommit: the claim must
    be committed before delivering)."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            _sql("claim_notices.sql"),
            {"batch_size": batch_size, "lease_s": lease_s, "worker": worker},
        ).fetchall()
    return [
        ClaimedNotice(
            id=row["id"],
            kind=NoticeKind(row["kind"]),
            recipient_type=RecipientType(row["recipient_type"]),
            recipient_id=row["recipient_id"],
            channel=Channel(row["channel"]),
            language=Language(row["language"]),
            payload=row["payload"],
            event_ref=row["event_ref"],
            idempotency_key=row["idempotency_key"],
            attempts=row["attempts"],
            max_attempts=row["max_attempts"],
            created_at=row["created_at"],
            address=row["address"],
        )
        for row in rows
    ]


def record(conn: psycopg.Connection, outcomes: Sequence[Outcome]) -> int:
    """Record a batch of outcomes in one statement; returns the rows changed."""
    if not outcomes:
        return 0
    return conn.execute(
        _sql("record_outcomes.sql"),
        {
            "ids": [o.notice_id for o in outcomes],
            "attempts": [int(o.attempt) for o in outcomes],
            "outcomes": [o.kind.value for o in outcomes],
            "errors": [o.error for o in outcomes],
            "retry_in_s": [float(o.retry_in_s) for o in outcomes],
            "subjects": [o.text.subject if o.text else None for o in outcomes],
            "bodies": [o.text.body if o.text else None for o in outcomes],
        },
    ).rowcount


def bury_expired(conn: psycopg.Connection) -> int:
    """Mark dead the notices whose lease ran out on their last attempt; returns how many."""
    return conn.execute(_sql("bury_expired_notices.sql")).rowcount


def open_count(conn: psycopg.Connection) -> int:
    """How many notices are still to deliver (pending, retrying or delivering)."""
    row = conn.execute(_sql("select_open_notice_count.sql")).fetchone()
    return int(row[0]) if row else 0
