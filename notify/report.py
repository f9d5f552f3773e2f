"""What the console's notices page (and pages that embed a delivery summary) read: counts per
status, a filtered page of notices, one notice, retrying dead letters, and delivery per event.

Recipients appear as type and id only; contact details never leave notify.worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from gis.sql_file import load_sql
from gis.vocabulary import Language
from notify.models import Channel, NoticeKind, NoticeStatus, RecipientType

MAX_PAGE = 500


def _sql(name: str) -> str:
    return load_sql("notify", name)


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching text that starts with prefix (its % and _ taken literally)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


@dataclass(frozen=True)
class NoticeFilter:
    """The console's filter; an empty tuple or None means no restriction. event_prefix
    matches event_ref by its start (e.g. 'planned_outage:12:' for every revision)."""

    kinds: tuple[NoticeKind, ...] = ()
    statuses: tuple[NoticeStatus, ...] = ()
    created_from: datetime | None = None
    created_to: datetime | None = None
    event_prefix: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The filter as the parameters of the report's SQL."""
        return {
            "kinds": [NoticeKind(k).value for k in self.kinds] or None,
            "statuses": [NoticeStatus(s).value for s in self.statuses] or None,
            "created_from": self.created_from,
            "created_to": self.created_to,
            "event_prefix": like_prefix(self.event_prefix) if self.event_prefix else None,
        }


@dataclass(frozen=True)
class StatusCounts:
    """Notices per status, and per kind and status."""

    by_status: dict[NoticeStatus, int]
    by_kind: dict[NoticeKind, dict[NoticeStatus, int]]

    @property
    def total(self) -> int:
        """How many notices the counts cover."""
        return sum(self.by_status.values())


@dataclass(frozen=True)
class NoticeRow:
    """One notice as the console's list shows it: who, how, its status and attempts."""

    id: int
    kind: NoticeKind
    recipient_type: RecipientType
    recipient_id: int
    channel: Channel
    language: Language
    status: NoticeStatus
    attempts: int
    max_attempts: int
    event_ref: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    subject: str | None  # the text sent (None until delivered)
    body: str | None = None  # the text sent, its link's token blanked (None until delivered)
    payload: dict[str, Any] = field(default_factory=dict)  # the facts it is written from

    @property
    def recipient(self) -> str:
        """Who the notice is for, e.g. "customer 42"."""
        return f"{self.recipient_type.value} {self.recipient_id}"


@dataclass(frozen=True)
class NoticeDetail(NoticeRow):
    """One notice with its facts and the text sent."""


@dataclass(frozen=True)
class NoticePage:
    """One page of the notice list, and how many notices match in all."""

    rows: list[NoticeRow]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class DeliverySummary:
    """How one event's notices fared: failed means failed at least once and to be retried."""

    event_ref: str
    pending: int = 0
    delivering: int = 0
    failed: int = 0
    sent: int = 0
    dead: int = 0
    last_sent_at: datetime | None = None

    @property
    def total(self) -> int:
        """How many notices the event wrote."""
        return self.pending + self.delivering + self.failed + self.sent + self.dead

    @property
    def done(self) -> bool:
        """Nothing left to try: every notice sent or dead."""
        return self.pending + self.delivering + self.failed == 0


def status_counts(conn: psycopg.Connection, where: NoticeFilter | None = None) -> StatusCounts:
    """Notices per status (every status present, zeros included) and per kind and status."""
    rows = conn.execute(
        _sql("select_status_counts.sql"), (where or NoticeFilter()).parameters()
    ).fetchall()
    by_status = dict.fromkeys(NoticeStatus, 0)
    by_kind: dict[NoticeKind, dict[NoticeStatus, int]] = {}
    for kind, status, count in rows:
        by_status[NoticeStatus(status)] += count
        by_kind.setdefault(NoticeKind(kind), dict.fromkeys(NoticeStatus, 0))[
            NoticeStatus(status)
        ] = count
    return StatusCounts(by_status=by_status, by_kind=by_kind)


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "kind": NoticeKind(row["kind"]),
        "recipient_type": RecipientType(row["recipient_type"]),
        "channel": Channel(row["channel"]),
        "language": Language(row["language"]),
        "status": NoticeStatus(row["status"]),
    }


def list_notices(
    conn: psycopg.Connection,
    where: NoticeFilter | None = None,
    limit: int = 50,
    offset: int = 0,
) -> NoticePage:
    """A page of notices, newest first, with the total that match."""
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    parameters = {**(where or NoticeFilter()).parameters(), "limit": limit, "offset": offset}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_sql("select_notices.sql"), parameters).fetchall()
    total = int(rows[0]["total"]) if rows else 0
    if not rows and offset:
        total = status_counts(conn, where).total
    notices = [NoticeRow(**{k: v for k, v in _row(r).items() if k != "total"}) for r in rows]
    return NoticePage(rows=notices, total=total, limit=limit, offset=offset)


def get_notice(conn: psycopg.Connection, notice_id: int) -> NoticeDetail | None:
    """One notice with its facts and the text sent (still no contact details)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(_sql("select_notice.sql"), {"id": notice_id}).fetchone()
    return NoticeDetail(**_row(row)) if row else None


def retry_dead(conn: psycopg.Connection, notice_ids: Sequence[int]) -> int:
    """Give dead letters another full set of attempts (attempts reset to 0, due now; the last
    error stays until the next attempt). Notices not dead are left alone; returns how many
    were revived. In the caller's transaction."""
    row = conn.execute(_sql("update_dead_to_pending.sql"), {"ids": list(notice_ids)}).fetchone()
    return int(row[0]) if row else 0


def delivery_summaries(
    conn: psycopg.Connection,
    event_refs: Sequence[str] = (),
    event_prefix: str | None = None,
) -> list[DeliverySummary]:
    """Delivery per event, for the events named and/or those whose event_ref starts with
    event_prefix; an event with no notice is absent."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            _sql("select_delivery_summaries.sql"),
            {
                "event_refs": list(event_refs),
                "event_prefix": like_prefix(event_prefix) if event_prefix else None,
            },
        ).fetchall()
    return [
        DeliverySummary(
            event_ref=r["event_ref"],
            pending=r["pending"],
            delivering=r["delivering"],
            failed=r["retrying"],
            sent=r["sent"],
            dead=r["dead"],
            last_sent_at=r["last_sent_at"],
        )
        for r in rows
    ]


def delivery_summary(conn: psycopg.Connection, event_ref: str) -> DeliverySummary:
    """Delivery of one event (all zeros when it wrote no notice)."""
    found = delivery_summaries(conn, [event_ref])
    return found[0] if found else DeliverySummary(event_ref=event_ref)


def delivery_summary_for_prefix(conn: psycopg.Connection, event_prefix: str) -> DeliverySummary:
    """Delivery of every event whose event_ref starts with the prefix, added up (all the
    notices of one incident: incident:<id>:...)."""
    parts = delivery_summaries(conn, event_prefix=event_prefix)
    return DeliverySummary(
        event_ref=event_prefix,
        pending=sum(p.pending for p in parts),
        delivering=sum(p.delivering for p in parts),
        failed=sum(p.failed for p in parts),
        sent=sum(p.sent for p in parts),
        dead=sum(p.dead for p in parts),
        last_sent_at=max((p.last_sent_at for p in parts if p.last_sent_at), default=None),
    )
