"""dr_result notices: one per measured participant with its own baseline, reduction and
incentive, written through the outbox table in the caller's transaction (one INSERT ...
SELECT, as notify's insert_customer_notices.sql does, since each payload differs)."""

from __future__ import annotations

import psycopg

from gis.sql_file import load_sql
from notify.settings import notify_settings


def notify_results(conn: psycopg.Connection, event_id: int) -> int:
    """Returns how many notices were new (a second call writes none)."""
    settings = notify_settings()
    return conn.execute(
        load_sql("dr", "result_notice/insert_result_notices.sql").encode(),
        {
            "event_id": event_id,
            "event_ref": f"dr_event:{event_id}:result",
            "default_channel": settings.default_customer_channel.value,
            "default_language": settings.default_language.value,
            "max_attempts": settings.notice_max_attempts,
        },
    ).rowcount
