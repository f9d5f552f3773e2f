"""DR events: preview, create, publish (requests with per-recipient tokens), modify, cancel.

Publishing writes the participants and one dr_request notice to each into the outbox, in the
caller's transaction. Each notice carries its own response token (secrets.token_urlsafe); only
its sha256 is kept on the participant. The tokens are staged with one COPY and both the
participants and the notices written by one INSERT ... SELECT each (100,000 NoticeDrafts built
in Python and passed through notify.outbox.enqueue took twice as long).
A new window on a published event is a new modification: new tokens, responses asked again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb
from shapely import wkb as shapely_wkb
from shapely.geometry import MultiPolygon

from dr.models import DrEvent, DrEventStatus, DrPreview, ResponseCounts
from dr.program import get_program
from dr.settings import dr_settings
from dr.target import (
    DrRejectedError,
    ResolvedTarget,
    Target,
    has_enrolled,
    preview_target,
    resolve,
    target_customers,
)
from gis.geometry import DrawnArea
from gis.sql_file import load_sql
from notify.settings import notify_settings


class DrConflictError(Exception):
    """A change the event's state does not allow (answered 409)."""


class DrEventNotFoundError(LookupError):
    """No DR event with that id (answered 404)."""


@dataclass(frozen=True)
class EventDraft:
    program_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    target_kw: float
    target: Target
    response_deadline: datetime | None = None  # None: the start


@dataclass(frozen=True)
class EventChanges:
    """An edit: None leaves a field as it is."""

    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    target_kw: float | None = None
    response_deadline: datetime | None = None


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_window(
    conn: psycopg.Connection,
    program_id: int,
    starts_at: datetime,
    ends_at: datetime,
    deadline: datetime,
    now: datetime,
    except_id: int | None = None,
) -> None:
    """The rules of a window: aware, on the hour, one local day, ahead by the program's notice
    lead, no longer than its max_duration, within its events per month; deadline in between."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise DrRejectedError("start and end need a time zone", "starts_at")
    if ends_at <= starts_at:
        raise DrRejectedError("the end must come after the start", "ends_at")
    if starts_at <= now:
        raise DrRejectedError("the window is in the past", "starts_at")
    zone = ZoneInfo(dr_settings().timezone)
    for name, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if moment.astimezone(zone).minute or moment.second or moment.microsecond:
            raise DrRejectedError("the window starts and ends on the hour", name)
    if (ends_at - timedelta(seconds=1)).astimezone(zone).date() != starts_at.astimezone(
        zone
    ).date():
        raise DrRejectedError("the window must lie within one day", "ends_at")
    program = get_program(conn, program_id)
    if not program.active:
        raise DrRejectedError(f"program {program_id} is not active", "program_id")
    if ends_at - starts_at > program.max_duration:
        raise DrRejectedError(
            f"the window is longer than the program's maximum of {program.max_duration}",
            "ends_at",
        )
    if starts_at - now < program.notice_lead:
        raise DrRejectedError(
            f"the program needs {program.notice_lead} notice before the start", "starts_at"
        )
    if not now < deadline <= starts_at:
        raise DrRejectedError(
            "the response deadline must lie between now and the start", "response_deadline"
        )
    row = conn.execute(
        _sql("count_program_events_in_month.sql"),
        {
            "program_id": program_id,
            "starts_at": starts_at,
            "except_id": except_id,
            "tz": dr_settings().timezone,
        },
    ).fetchone()
    if row and row[0] >= program.max_events_per_month:
        raise DrRejectedError(
            f"the program allows {program.max_events_per_month} events a month", "starts_at"
        )


def preview(
    conn: psycopg.Connection, draft: EventDraft, now: datetime
) -> tuple[ResolvedTarget, DrPreview]:
    resolved = resolve(conn, draft.target)
    get_program(conn, draft.program_id)
    result = preview_target(
        conn, draft.program_id, resolved, draft.starts_at, draft.ends_at, draft.target_kw, now
    )
    if not result.customers:
        raise DrRejectedError(
            "no customer enrolled in the program lies in the target", _target_field(draft.target)
        )
    return resolved, result


def _target_field(target: Target) -> str:
    if target.transformer_ids:
        return "transformer_ids"
    return "min_loading_pct" if target.min_loading_pct is not None else "geometry"


def create(conn: psycopg.Connection, draft: EventDraft, now: datetime) -> DrEvent:
    deadline = draft.response_deadline or draft.starts_at
    check_window(conn, draft.program_id, draft.starts_at, draft.ends_at, deadline, now)
    resolved = resolve(conn, draft.target)
    if not has_enrolled(conn, draft.program_id, resolved):
        raise DrRejectedError(
            "no customer enrolled in the program lies in the target", _target_field(draft.target)
        )
    row = conn.execute(
        _sql("insert_event.sql"),
        {
            "program_id": draft.program_id,
            "title": draft.title,
            "starts_at": draft.starts_at,
            "ends_at": draft.ends_at,
            "target_kw": draft.target_kw,
            "area": resolved.area.wkb if resolved.area else None,
            "transformer_ids": list(resolved.transformer_ids),
            "target_rule": resolved.rule,
            "response_deadline": deadline,
        },
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING answers one row
    return get(conn, int(row[0]))


def get(conn: psycopg.Connection, event_id: int) -> DrEvent:
    found = list_events(conn, event_id=event_id, limit=1)
    if not found:
        raise DrEventNotFoundError(f"no DR event {event_id}")
    return found[0]


def list_events(
    conn: psycopg.Connection,
    statuses: list[DrEventStatus] | None = None,
    event_id: int | None = None,
    limit: int = 200,
) -> list[DrEvent]:
    rows = conn.execute(
        _sql("select_events.sql"),
        {
            "id": event_id,
            "statuses": [s.value for s in statuses] if statuses else None,
            "limit": limit,
        },
    ).fetchall()
    return [_event(row) for row in rows]


def _event(row: tuple[Any, ...]) -> DrEvent:
    values = list(row[:14])
    values[9] = DrEventStatus(values[9])
    return replace(DrEvent(*values), responses=ResponseCounts(*row[14:17]))


def _locked(conn: psycopg.Connection, event_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        row = cur.execute(_sql("select_event_for_update.sql"), {"id": event_id}).fetchone()
    if row is None:
        raise DrEventNotFoundError(f"no DR event {event_id}")
    if DrEventStatus(row["status"]).is_final:
        raise DrConflictError(f"DR event {event_id} is {row['status']}: it cannot change")
    return row


def _resolved(row: dict[str, Any]) -> ResolvedTarget:
    if row["area"] is not None:
        geometry = shapely_wkb.loads(bytes(row["area"]))
        area = DrawnArea(MultiPolygon(list(getattr(geometry, "geoms", [geometry]))), "")
        return ResolvedTarget(area, (), row["target_rule"])
    return ResolvedTarget(None, tuple(row["transformer_ids"]), row["target_rule"])


def _update(
    conn: psycopg.Connection,
    event_id: int,
    changes: EventChanges,
    status: DrEventStatus | None = None,
    modified: bool = False,
) -> None:
    conn.execute(
        _sql("update_event.sql"),
        {
            "id": event_id,
            "title": changes.title,
            "starts_at": changes.starts_at,
            "ends_at": changes.ends_at,
            "target_kw": changes.target_kw,
            "response_deadline": changes.response_deadline,
            "status": status.value if status else None,
            "modified": modified,
        },
    )


def publish(conn: psycopg.Connection, event_id: int, now: datetime) -> tuple[DrEvent, int]:
    """Send the requests: participants with tokens and one dr_request each; returns the event
    and how many notices were written."""
    row = _locked(conn, event_id)
    if row["status"] != DrEventStatus.DRAFT:
        raise DrConflictError(f"DR event {event_id} is already {row['status']}")
    check_window(
        conn,
        row["program_id"],
        row["starts_at"],
        row["ends_at"],
        row["response_deadline"],
        now,
        except_id=event_id,
    )
    _update(conn, event_id, EventChanges(), status=DrEventStatus.PUBLISHED)
    written = _write_requests(conn, row, now)
    return get(conn, event_id), written


def update(
    conn: psycopg.Connection, event_id: int, changes: EventChanges, now: datetime
) -> tuple[DrEvent, int]:
    """Edit an event. On a published event a new window is a new modification: every
    participant gets a new token and a new dr_request. Returns the event and notices written."""
    row = _locked(conn, event_id)
    starts = changes.starts_at or row["starts_at"]
    ends = changes.ends_at or row["ends_at"]
    reshaped = changes.starts_at is not None or changes.ends_at is not None
    deadline = changes.response_deadline or (starts if reshaped else row["response_deadline"])
    if reshaped or changes.response_deadline is not None:
        if row["status"] == DrEventStatus.ACTIVE:
            raise DrConflictError(f"DR event {event_id} is active: its window cannot change")
        check_window(conn, row["program_id"], starts, ends, deadline, now, except_id=event_id)
    announced = row["status"] != DrEventStatus.DRAFT
    changes = EventChanges(
        changes.title, changes.starts_at, changes.ends_at, changes.target_kw, deadline
    )
    _update(conn, event_id, changes, modified=announced and reshaped)
    if not (announced and reshaped):
        return get(conn, event_id), 0
    fresh = _locked(conn, event_id)
    return get(conn, event_id), _write_requests(conn, fresh, now)


def cancel(conn: psycopg.Connection, event_id: int) -> DrEvent:
    """Call an event off. The participants keep their rows; their tokens stop working.

    No notice is written: the outbox has no dr_cancelled kind yet (see the report)."""
    _locked(conn, event_id)
    _update(conn, event_id, EventChanges(), status=DrEventStatus.CANCELLED, modified=True)
    return get(conn, event_id)


def _write_requests(conn: psycopg.Connection, row: dict[str, Any], now: datetime) -> int:
    """(Re)write the participants with fresh tokens and one dr_request notice to each."""
    event_id = int(row["id"])
    customers = target_customers(
        conn, row["program_id"], _resolved(row), row["starts_at"], row["ends_at"], now
    )
    if not customers:
        raise DrRejectedError("no customer enrolled in the program lies in the target", "geometry")
    program = get_program(conn, row["program_id"])
    notify = notify_settings()
    base_url = notify.public_base_url.rstrip("/")
    event_ref = f"dr_event:{event_id}:m{row['modification_number']}"
    payload = {
        "dr_event_id": event_id,
        "starts_at": row["starts_at"].isoformat(),
        "ends_at": row["ends_at"].isoformat(),
        "incentive_per_kwh": str(program.incentive_per_kwh),
        "modification_number": row["modification_number"],
        "map_path": f"/dr?event={event_id}",
    }
    conn.execute(_sql("delete_participants.sql"), {"event_id": event_id})
    conn.execute(_sql("create_request_incoming.sql"))
    with conn.cursor() as cur, cur.copy(_sql("copy_request_incoming.sql")) as copy:
        for customer in customers:
            copy.write_row(
                (
                    customer.customer_id,
                    customer.transformer_id,
                    secrets.token_urlsafe(24),
                    customer.expected_kw,
                    customer.channel,
                    customer.language,
                )
            )
    conn.execute(_sql("insert_participants_from_incoming.sql"), {"event_id": event_id})
    written = conn.execute(
        _sql("insert_request_notices.sql"),
        {
            "payload": Jsonb(payload),
            "base_url": base_url,
            "event_ref": event_ref,
            "max_attempts": notify.notice_max_attempts,
        },
    ).rowcount
    conn.execute(_sql("drop_request_incoming.sql"))
    return written
