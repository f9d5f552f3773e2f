"""The audit trail (issue 14 §5): who changed what, when, from where.

`record` writes one row of audit_event in the caller's transaction (it never commits), so a
change and its audit row land together or not at all. The table refuses UPDATE, DELETE and
TRUNCATE (identity/sql/functions/audit_append_only.sql). A row's `action` is the name of the
permission the change needs (`planned_outage.publish`, `appliance_sales.import`) or a sign-in's
outcome (`sign_in.success`, `sign_in.failure`); its `summary` says what changed, bounded in size
and without secrets (`without_secrets`). `query` reads rows newest first with keyset paging
(the audit page, `gridops audit list`); `export_csv` writes them for `gridops audit export`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import PurePath
from typing import IO, Any

import psycopg
from psycopg.rows import class_row

from gis.errors import RejectedInputError
from gis.local_time import ISO, format_time
from gis.sql_file import load_sql
from identity.actor import Actor, RequestOrigin
from identity.permissions import Permission

MAX_SUMMARY_BYTES = 8_192  # a summary says what changed; the data itself stays in its tables
MAX_SUMMARY_VALUE_BYTES = 512  # a value kept when a summary over the bound is cut down
DEFAULT_LIMIT = 100
MAX_LIMIT = 1_000


class AuditAction(StrEnum):
    """The actions recorded that are not a permission's name (every other is one)."""

    SIGN_IN_SUCCESS = "sign_in.success"
    SIGN_IN_FAILURE = "sign_in.failure"
    GRID_REPLACE = "grid.replace"  # the demo or a pandapower network loaded over the grid


ACTIONS = frozenset(p.value for p in Permission) | frozenset(a.value for a in AuditAction)
_OBJECT_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_MAX_CLIENT = 100
_MAX_REQUEST_ID = 200

# A summary key naming a secret: one of its words (split at _, -, . and camelCase) is one of
# SECRET_WORDS, or it is "code" or "key" alone or after one of SECRET_QUALIFIERS
# (verification_code, smsCode, api_key; not feeder_code). Its value is dropped, however deep in
# the summary, whatever it holds.
SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "otp",
        "pin",
        "cookie",
        "session",
        "authorization",
        "credential",
        "credentials",
        "hash",
        "apikey",
    }
)
SECRET_LAST_WORDS = frozenset({"code", "key"})
SECRET_QUALIFIERS = frozenset(
    {
        "verification",
        "sms",
        "auth",
        "login",
        "access",
        "reset",
        "confirmation",
        "time",
        "api",
        "private",
        "signing",
        "link",
    }
)
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


@dataclass(frozen=True)
class AuditRow:
    """One audit row, as the audit page, the API and the export show it."""

    id: int
    at: datetime
    actor: str
    actor_kind: str
    role: str | None
    permission: str | None
    action: str
    object_type: str | None
    object_id: str | None
    summary: dict[str, Any]
    client: str | None
    request_id: str | None


# The CSV export's columns, the API's row fields (issue 14's contract): AuditRow's, in order.
CSV_COLUMNS = tuple(field.name for field in fields(AuditRow))


def origin_of(client: str | None, request_id: str | None) -> RequestOrigin:
    """Where a request came from, as the audit trail records it: the client's address (as the
    trusted proxies name it) and the request's id, each cut to its column's bound."""
    return RequestOrigin(
        client=client[:_MAX_CLIENT] if client else None,
        request_id=request_id[:_MAX_REQUEST_ID] if request_id else None,
    )


def is_secret_key(key: str) -> bool:
    """Whether a summary key names a secret (password, token, code, session_id, apiKey...)."""
    words = [word.lower() for word in _WORDS.findall(key)]
    if any(word in SECRET_WORDS for word in words):
        return True
    if not words or words[-1] not in SECRET_LAST_WORDS:
        return False
    return len(words) == 1 or words[-2] in SECRET_QUALIFIERS


def without_secrets(value: Any) -> Any:
    """The value with every mapping entry whose key names a secret dropped, at any depth."""
    if isinstance(value, Mapping):
        return {str(k): without_secrets(v) for k, v in value.items() if not is_secret_key(str(k))}
    if isinstance(value, list | tuple | set | frozenset):
        return [without_secrets(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    """JSON for the few non-JSON values a summary may carry: times, decimals, enums, paths."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | PurePath):
        return str(value)
    raise TypeError(f"an audit summary holds JSON values only, not {type(value).__name__}")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))


def summary_json(summary: Mapping[str, Any] | None) -> str:
    """The summary as stored: secrets dropped, JSON, at most MAX_SUMMARY_BYTES. One over the
    bound keeps its small values (each at most MAX_SUMMARY_VALUE_BYTES), in order, while they
    fit, and says so with "truncated": true."""
    clean = without_secrets(dict(summary or {}))
    text = _dumps(clean)
    if len(text.encode()) <= MAX_SUMMARY_BYTES:
        return text
    kept: dict[str, Any] = {"truncated": True}
    for key, value in clean.items():
        if len(_dumps(value).encode()) > MAX_SUMMARY_VALUE_BYTES:
            continue
        trial = {**kept, key: value}
        if len(_dumps(trial).encode()) > MAX_SUMMARY_BYTES:
            break
        kept = trial
    return _dumps(kept)


def record(
    conn: psycopg.Connection,
    actor: Actor,
    action: str,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    summary: Mapping[str, Any] | None = None,
    origin: RequestOrigin | None = None,
    permission: str | None = None,
) -> int:
    """Write one audit row in the caller's transaction (never committing) and return its id.

    `action` is the permission's name (or sign_in.success / sign_in.failure); `permission` the
    one the actor was checked for (None where none is checked, as on the command line); the
    actor's roles are recorded as one text, comma-separated."""
    if action not in ACTIONS:
        raise ValueError(f"an audit action is a permission's name or an AuditAction: {action!r}")
    if object_type is not None and not _OBJECT_TYPE.match(object_type):
        raise ValueError(f"an audit object type is a lower-case name, not {object_type!r}")
    origin = origin_of(origin.client, origin.request_id) if origin else RequestOrigin()
    row = conn.execute(
        load_sql("identity", "insert_audit_event.sql"),
        {
            "organisation_id": actor.organisation_id,
            "actor": actor.name[:200],
            "actor_kind": actor.kind.value,
            "actor_id": actor.id,
            "role": ",".join(actor.roles)[:200] or None,
            "permission": permission,
            "action": action,
            "object_type": object_type,
            "object_id": None if object_id is None else str(object_id)[:200],
            "summary": summary_json(summary),
            "client": origin.client,
            "request_id": origin.request_id,
        },
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING gives its row
    return int(row[0])


def query(
    conn: psycopg.Connection,
    *,
    actor: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    before_id: int | None = None,
) -> list[AuditRow]:
    """Audit rows, newest first, by the filters given (since <= at < until); the next page is
    the rows before the last one's id (`before_id`). A limit outside 1..MAX_LIMIT is refused."""
    if not 1 <= limit <= MAX_LIMIT:
        raise RejectedInputError(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    if since is not None and until is not None and until <= since:
        raise RejectedInputError("until must be after since", field="until")
    with conn.cursor(row_factory=class_row(AuditRow)) as cur:
        cur.execute(
            load_sql("identity", "select_audit_events.sql"),
            {
                "actor": actor,
                "action": action,
                "object_type": object_type,
                "object_id": None if object_id is None else str(object_id),
                "since": since,
                "until": until,
                "before_id": before_id,
                "limit": limit,
            },
        )
        return cur.fetchall()


def csv_values(row: AuditRow, zone: str | None = None) -> list[str]:
    """One row's CSV fields, in CSV_COLUMNS order: the time in `zone` (default: the configured
    one) as ISO 8601 with its offset, the summary as JSON, an empty field for null."""
    return [
        str(row.id),
        format_time(row.at, ISO, name=zone),
        row.actor,
        row.actor_kind,
        row.role or "",
        row.permission or "",
        row.action,
        row.object_type or "",
        row.object_id or "",
        _dumps(row.summary),
        row.client or "",
        row.request_id or "",
    ]


def export_csv(
    conn: psycopg.Connection,
    since: datetime,
    until: datetime | None,
    file: IO[str],
    zone: str | None = None,
) -> int:
    """Write the rows of since <= at < until (oldest first) as CSV with a header row to `file`;
    returns how many rows were written."""
    if until is not None and until <= since:
        raise RejectedInputError("until must be after since", field="until")
    writer = csv.writer(file)
    writer.writerow(CSV_COLUMNS)
    count = 0
    with conn.cursor(row_factory=class_row(AuditRow)) as cur:
        cur.execute(
            load_sql("identity", "select_audit_export.sql"), {"since": since, "until": until}
        )
        for row in cur:
            writer.writerow(csv_values(row, zone))
            count += 1
    return count


def table_lines(rows: Sequence[AuditRow], zone: str | None = None) -> list[str]:
    """The rows as a text table for `gridops audit list`: id, time (minutes, the zone's
    offset), actor, action, object and summary (cut to fit a line)."""
    header = f"{'id':>8}  {'at':<22}  {'actor':<20}  {'action':<28}  {'object':<24}  summary"
    lines = [header]
    for row in rows:
        obj = f"{row.object_type}:{row.object_id}" if row.object_type else (row.object_id or "")
        summary = _dumps(row.summary)
        lines.append(
            f"{row.id:>8}  {format_time(row.at, with_offset=True, name=zone):<22}  "
            f"{row.actor[:20]:<20}  {row.action[:28]:<28}  {obj[:24]:<24}  {summary[:60]}"
        )
    return lines
