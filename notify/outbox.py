"""The transactional outbox: notices are written in the caller's transaction, never committed
here, so a business change and its notices commit (or roll back) together.

Each notice carries an idempotency key (event, kind, recipient): writing the same event twice
adds nothing (ON CONFLICT DO NOTHING), so one event never yields two notices of one kind to one
recipient. Functions return how many notices were actually written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from gis.sql_file import load_sql
from notify.models import NoticeDraft, NoticeKind
from notify.settings import NotifySettings, notify_settings

MAX_EVENT_REF = 200


def _sql(name: str) -> str:
    return load_sql("notify", name)


def _check_event_ref(event_ref: str) -> None:
    if not 1 <= len(event_ref) <= MAX_EVENT_REF:
        raise ValueError(f"event_ref must be 1 to {MAX_EVENT_REF} characters")


def enqueue(
    conn: psycopg.Connection,
    notices: Iterable[NoticeDraft],
    settings: NotifySettings | None = None,
) -> int:
    """Write notices in the caller's transaction (COPY into a session staging table, then one
    INSERT ... ON CONFLICT DO NOTHING); returns how many were new.

    Nothing is committed here: the caller commits (or rolls back) its change and its notices
    together. On an autocommit connection the notices commit on their own, as one transaction.
    """
    settings = settings or notify_settings()
    if conn.autocommit:
        with conn.transaction():
            return _stage_and_insert(conn, notices, settings.notice_max_attempts)
    # never conn.transaction() here: on an idle connection it would commit at its end
    return _stage_and_insert(conn, notices, settings.notice_max_attempts)


def _stage_and_insert(
    conn: psycopg.Connection, notices: Iterable[NoticeDraft], default_attempts: int
) -> int:
    conn.execute(_sql("create_notice_incoming.sql"))
    written = 0
    with conn.cursor() as cur:
        staged = 0
        with cur.copy(_sql("copy_notice_incoming.sql")) as copy:
            for draft in notices:
                _check_event_ref(draft.event_ref)
                copy.write_row(
                    (
                        draft.kind.value,
                        draft.recipient_type.value,
                        draft.recipient_id,
                        draft.channel.value,
                        draft.language.value,
                        json.dumps(draft.payload, ensure_ascii=False, default=str),
                        draft.event_ref,
                        draft.idempotency_key,
                        draft.max_attempts or default_attempts,
                    )
                )
                staged += 1
        if staged:
            written = cur.execute(_sql("insert_staged_notices.sql")).rowcount
    conn.execute(_sql("truncate_notice_incoming.sql"))
    return written


def _fan_out_parameters(
    kind: NoticeKind,
    event_ref: str,
    payload: Mapping[str, Any],
    max_attempts: int | None,
    settings: NotifySettings,
) -> dict[str, Any]:
    _check_event_ref(event_ref)
    return {
        "kind": NoticeKind(kind).value,
        "event_ref": event_ref,
        "payload": Jsonb(dict(payload), dumps=_dumps),
        "max_attempts": max_attempts or settings.notice_max_attempts,
        "default_language": settings.default_language.value,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def enqueue_for_customers(
    conn: psycopg.Connection,
    kind: NoticeKind,
    event_ref: str,
    customer_ids: Sequence[int],
    payload: Mapping[str, Any],
    max_attempts: int | None = None,
    settings: NotifySettings | None = None,
) -> int:
    """One notice of kind to each customer, over the customer's preferred channel and in its
    language (GRIDOPS_DEFAULT_CUSTOMER_CHANNEL / GRIDOPS_DEFAULT_LANGUAGE when none is on file);
    unknown ids are skipped. In the caller's transaction; returns how many were new."""
    settings = settings or notify_settings()
    parameters = _fan_out_parameters(kind, event_ref, payload, max_attempts, settings)
    parameters["customer_ids"] = list(customer_ids)
    parameters["default_channel"] = settings.default_customer_channel.value
    return conn.execute(_sql("insert_customer_notices.sql"), parameters).rowcount


def enqueue_for_crews(
    conn: psycopg.Connection,
    kind: NoticeKind,
    event_ref: str,
    crew_ids: Sequence[int],
    payload: Mapping[str, Any],
    max_attempts: int | None = None,
    settings: NotifySettings | None = None,
) -> int:
    """One notice of kind to each crew over its preferred channel (default MQTT, the topic
    gridops/crew/<id>/jobs). In the caller's transaction; returns how many were new."""
    settings = settings or notify_settings()
    parameters = _fan_out_parameters(kind, event_ref, payload, max_attempts, settings)
    parameters["crew_ids"] = list(crew_ids)
    parameters["default_channel"] = settings.default_crew_channel.value
    return conn.execute(_sql("insert_crew_notices.sql"), parameters).rowcount


def enqueue_for_reporters(
    conn: psycopg.Connection,
    kind: NoticeKind,
    event_ref: str,
    report_ids: Sequence[int],
    payload: Mapping[str, Any],
    max_attempts: int | None = None,
    settings: NotifySettings | None = None,
) -> int:
    """One notice of kind to the reporter of each fault report, over the channel and in the
    language stored with its contact (fault_report_contact); reports without a contact are
    skipped. In the caller's transaction; returns how many were new."""
    settings = settings or notify_settings()
    parameters = _fan_out_parameters(kind, event_ref, payload, max_attempts, settings)
    parameters["report_ids"] = list(report_ids)
    return conn.execute(_sql("insert_reporter_notices.sql"), parameters).rowcount


def enqueue_for_subscribers(
    conn: psycopg.Connection,
    kind: NoticeKind,
    event_ref: str,
    payload: Mapping[str, Any],
    max_attempts: int | None = None,
    settings: NotifySettings | None = None,
) -> int:
    """One notice of kind to each active external system subscribed to it."""
    settings = settings or notify_settings()
    parameters = _fan_out_parameters(kind, event_ref, payload, max_attempts, settings)
    return conn.execute(_sql("insert_subscriber_notices.sql"), parameters).rowcount
