"""DR events: preview, create, publish (requests with per-recipient tokens), modify, cancel.

Publishing writes the participants and one dr_request notice to each into the outbox, in the
caller's transaction (dr/request.py: one INSERT ... SELECT, tokens made by PostgreSQL, only
their sha256 kept on the participant). A new window on a published event is a new
modification: new tokens, responses asked again. Cancelling a published event writes one
dr_cancelled notice to each participant; OpenADR VENs see the cancellation on their next poll
(dr/openadr/vtn.py serves the cancelled event with a higher modification number).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import psycopg
from shapely import wkb as shapely_wkb
from shapely.geometry import MultiPolygon

from dr.models import DrEvent, DrEventStatus, DrPreview, DrProgram, ResponseCounts
from dr.program import ProgramNotFoundError, get_program
from dr.request import notify_cancelled, write_requests
from dr.settings import dr_settings
from dr.target import (
    DrRejectedError,
    ResolvedTarget,
    Target,
    has_enrolled,
    preview_target,
    resolve,
)
from gis import local_time
from gis.errors import ConflictError, NotFoundError
from gis.geometry import DrawnArea
from gis.sql_file import load_sql


class DrConflictError(ConflictError):
    """A change the event's state does not allow (answered 409)."""

    title = "DR event cannot change"


class DrEventNotFoundError(NotFoundError):
    """No DR event with that id (answered 404)."""

    field = "id"


@dataclass(frozen=True)
class EventDraft:
    """A new DR event: program, window, kW sought and target; the deadline defaults to the start."""

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
    target: Target | None = None  # drafts only: the requests of a published event are out


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


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
    zone = local_time.zone(dr_settings().timezone)
    for name, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if moment.astimezone(zone).minute or moment.second or moment.microsecond:
            raise DrRejectedError("the window starts and ends on the hour", name)
    if (ends_at - timedelta(seconds=1)).astimezone(zone).date() != starts_at.astimezone(
        zone
    ).date():
        raise DrRejectedError("the window must lie within one day", "ends_at")
    program = _drafted_program(conn, program_id)
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
        _sql("event/count_program_events_in_month.sql"),
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


def _drafted_program(conn: psycopg.Connection, program_id: int) -> DrProgram:
    """The program a draft names; an unknown one is the draft's fault (program_id)."""
    try:
        return get_program(conn, program_id)
    except ProgramNotFoundError as exc:
        raise DrRejectedError(str(exc), "program_id") from None


def preview(
    conn: psycopg.Connection, draft: EventDraft, now: datetime
) -> tuple[ResolvedTarget, DrPreview]:
    """A draft's resolved target and expected relief; refused if no enrolled customer is in it."""
    resolved = resolve(conn, draft.target)
    _drafted_program(conn, draft.program_id)
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
    """Store a new event as a draft, its window and target checked; no request goes out yet."""
    deadline = draft.response_deadline or draft.starts_at
    check_window(conn, draft.program_id, draft.starts_at, draft.ends_at, deadline, now)
    resolved = resolve(conn, draft.target)
    if not has_enrolled(conn, draft.program_id, resolved):
        raise DrRejectedError(
            "no customer enrolled in the program lies in the target", _target_field(draft.target)
        )
    row = conn.execute(
        _sql("event/insert_event.sql"),
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
    """One DR event by id, with its response counts; DrEventNotFoundError when there is none."""
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
    """DR events with response counts, latest start first: all, those of some statuses, or one."""
    rows = conn.execute(
        _sql("event/select_events.sql"),
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
        row = cur.execute(_sql("event/select_event_for_update.sql"), {"id": event_id}).fetchone()
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
        _sql("event/update_event.sql"),
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
    written = write_requests(conn, row, _resolved(row), now)
    return get(conn, event_id), written


def update(
    conn: psycopg.Connection, event_id: int, changes: EventChanges, now: datetime
) -> tuple[DrEvent, int]:
    """Edit an event. On a published event a new window is a new modification: every
    participant gets a new token and a new dr_request. Returns the event and notices written."""
    row = _locked(conn, event_id)
    if changes.target is not None:
        _retarget(conn, row, changes.target)
    starts = changes.starts_at or row["starts_at"]
    ends = changes.ends_at or row["ends_at"]
    reshaped = changes.starts_at is not None or changes.ends_at is not None
    deadline = changes.response_deadline or (starts if reshaped else row["response_deadline"])
    if reshaped or changes.response_deadline is not None:
        if row["status"] == DrEventStatus.ACTIVE:
            raise DrConflictError(f"DR event {event_id} is active: its window cannot change")
        check_window(conn, row["program_id"], starts, ends, deadline, now, except_id=event_id)
    announced = row["status"] != DrEventStatus.DRAFT
    changes = replace(changes, response_deadline=deadline)
    _update(conn, event_id, changes, modified=announced and reshaped)
    if not (announced and reshaped):
        return get(conn, event_id), 0
    fresh = _locked(conn, event_id)
    return get(conn, event_id), write_requests(conn, fresh, _resolved(fresh), now)


def _retarget(conn: psycopg.Connection, row: dict[str, Any], target: Target) -> None:
    """A draft's new target. Once the requests are out, the target stays: the customers asked
    are the event's participants, and moving the area would ask some and strand others."""
    if row["status"] != DrEventStatus.DRAFT:
        raise DrConflictError(
            f"DR event {row['id']} is {row['status']}: its target (area or transformers) cannot"
            " change once the requests are sent; cancel it and create a new event instead"
        )
    resolved = resolve(conn, target)
    if not has_enrolled(conn, row["program_id"], resolved):
        raise DrRejectedError(
            "no customer enrolled in the program lies in the target", _target_field(target)
        )
    conn.execute(
        _sql("event/update_event_target.sql"),
        {
            "id": row["id"],
            "area": resolved.area.wkb if resolved.area else None,
            "transformer_ids": list(resolved.transformer_ids),
            "target_rule": resolved.rule,
        },
    )


def cancel(conn: psycopg.Connection, event_id: int) -> tuple[DrEvent, int]:
    """Call an event off. The participants keep their rows; their tokens stop working. When the
    requests had gone out, every participant is sent a dr_cancelled notice. Returns the event
    and how many notices were written."""
    row = _locked(conn, event_id)
    _update(conn, event_id, EventChanges(), status=DrEventStatus.CANCELLED, modified=True)
    event = get(conn, event_id)
    written = 0 if row["status"] == DrEventStatus.DRAFT else notify_cancelled(conn, event)
    return event, written


@dataclass(frozen=True)
class PreviewOrPublished:
    """What the console shows after previewing a draft or publishing it: the preview and, once
    published, the event, how many notices went out and the newest events after it."""

    preview: DrPreview
    event: DrEvent | None = None
    notices: int = 0
    events: list[DrEvent] | None = None


def preview_or_publish(
    conn: psycopg.Connection,
    draft: EventDraft,
    now: datetime,
    publishing: bool = False,
    listed: int = 100,
) -> PreviewOrPublished:
    """Preview a draft (refused when no enrolled customer is in its target) and, when
    `publishing`, create and publish it in the caller's transaction, then list the `listed`
    newest events."""
    _, result = preview(conn, draft, now)
    if not publishing:
        return PreviewOrPublished(result)
    event, notices = publish(conn, create(conn, draft, now).id, now)
    return PreviewOrPublished(result, event, notices, list_events(conn, limit=listed))
