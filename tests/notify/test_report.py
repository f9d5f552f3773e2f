"""What the console's notices page reads: counts, a filtered page, retrying dead letters and
delivery per event, with recipients as type and id and never a contact detail."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import psycopg

from notify.contact import set_contact
from notify.models import Channel, NoticeKind, NoticeStatus, RecipientType
from notify.outbox import enqueue_for_crews, enqueue_for_customers
from notify.report import (
    NoticeFilter,
    delivery_summaries,
    delivery_summary,
    get_notice,
    list_notices,
    retry_dead,
    status_counts,
)


def _seed(conn: psycopg.Connection) -> None:
    """planned_outage:5 r1 to customers 1-10 and r2 to 1-4, a job to crew 1; then outcomes."""
    set_contact(conn, RecipientType.CUSTOMER, 3, Channel.EMAIL, "private.person@example.test")
    enqueue_for_customers(conn, NoticeKind.OUTAGE_NOTICE, "planned_outage:5:r1", range(1, 11), {})
    enqueue_for_customers(conn, NoticeKind.OUTAGE_UPDATE, "planned_outage:5:r2", range(1, 5), {})
    enqueue_for_customers(conn, NoticeKind.OUTAGE_NOTICE, "planned_outage:50:r1", [1], {})
    enqueue_for_crews(conn, NoticeKind.JOB_ASSIGNED, "job:9", [1], {})
    conn.execute(
        "UPDATE notice SET status = 'sent', sent_at = now(), attempts = 1, subject = 'S' "
        "WHERE event_ref = 'planned_outage:5:r1' AND recipient_id <= 6"
    )
    conn.execute(
        "UPDATE notice SET status = 'dead', attempts = 5, last_error = 'HTTP 500' "
        "WHERE event_ref = 'planned_outage:5:r1' AND recipient_id IN (7, 8)"
    )
    conn.execute(
        "UPDATE notice SET status = 'retrying', attempts = 1, last_error = 'timed out' "
        "WHERE event_ref = 'planned_outage:5:r2' AND recipient_id = 1"
    )
    conn.execute("UPDATE notice SET created_at = created_at - interval '2 days' WHERE id = 1")
    conn.commit()


def test_counts_per_status_and_kind(notify_db: psycopg.Connection) -> None:
    """'counts per status' (every status shown, zeros too), optionally per kind, filtered."""
    _seed(notify_db)
    counts = status_counts(notify_db)
    assert counts.by_status == {
        NoticeStatus.PENDING: 7,
        NoticeStatus.DELIVERING: 0,
        NoticeStatus.RETRYING: 1,
        NoticeStatus.SENT: 6,
        NoticeStatus.DEAD: 2,
    }
    assert counts.total == 16
    assert counts.by_kind[NoticeKind.OUTAGE_UPDATE][NoticeStatus.RETRYING] == 1
    assert counts.by_kind[NoticeKind.JOB_ASSIGNED][NoticeStatus.PENDING] == 1
    only_updates = status_counts(notify_db, NoticeFilter(kinds=(NoticeKind.OUTAGE_UPDATE,)))
    assert only_updates.total == 4


def test_the_list_filters_by_kind_status_and_time_and_pages(notify_db: psycopg.Connection) -> None:
    """'filter by kind, status and time', newest first, a page at a time."""
    _seed(notify_db)
    page = list_notices(notify_db, NoticeFilter(kinds=(NoticeKind.OUTAGE_NOTICE,)), limit=4)
    assert page.total == 11 and len(page.rows) == 4
    assert page.rows[0].created_at >= page.rows[-1].created_at
    rest = list_notices(notify_db, NoticeFilter(kinds=(NoticeKind.OUTAGE_NOTICE,)), 4, 8)
    assert len(rest.rows) == 3 and rest.total == 11
    beyond = list_notices(notify_db, NoticeFilter(kinds=(NoticeKind.OUTAGE_NOTICE,)), 4, 40)
    assert beyond.rows == [] and beyond.total == 11
    dead = list_notices(notify_db, NoticeFilter(statuses=(NoticeStatus.DEAD,)))
    assert sorted((r.recipient, r.last_error) for r in dead.rows) == [
        ("customer 7", "HTTP 500"),
        ("customer 8", "HTTP 500"),
    ]
    assert dead.rows[0].id > dead.rows[1].id  # created together: the newer id first
    since = datetime.now(UTC) - timedelta(days=1)
    recent = list_notices(notify_db, NoticeFilter(created_from=since), limit=100)
    assert recent.total == 15 and 1 not in [r.id for r in recent.rows]
    old = list_notices(notify_db, NoticeFilter(created_to=since))
    assert [r.id for r in old.rows] == [1]
    by_prefix = list_notices(notify_db, NoticeFilter(event_prefix="planned_outage:5:"))
    assert by_prefix.total == 14  # planned_outage:50 is another outage


def test_contact_details_never_appear_in_what_the_console_reads(
    notify_db: psycopg.Connection,
) -> None:
    """'contact details never appear in logs or in any public endpoint': the recipient is a
    type and an id."""
    _seed(notify_db)
    rows = list_notices(notify_db, limit=100).rows
    detail = get_notice(notify_db, rows[0].id)
    assert detail is not None
    for record in [*rows, detail]:
        assert "private.person" not in repr(asdict(record))
        assert "address" not in asdict(record)
    assert get_notice(notify_db, 10**9) is None


def test_retrying_a_dead_letter_gives_it_a_fresh_set_of_attempts(
    notify_db: psycopg.Connection,
) -> None:
    """'retry a dead letter': back to pending, attempts reset to 0, due now, its last error
    kept until the next attempt; a notice that is not dead is left alone."""
    _seed(notify_db)
    dead_ids = [
        r.id for r in list_notices(notify_db, NoticeFilter(statuses=(NoticeStatus.DEAD,))).rows
    ]
    assert retry_dead(notify_db, [*dead_ids, 1]) == 2
    notify_db.commit()
    rows = notify_db.execute(
        "SELECT status, attempts, last_error, next_attempt_at <= now() FROM notice "
        "WHERE id = ANY(%s) ORDER BY id",
        (dead_ids,),
    ).fetchall()
    assert rows == [("pending", 0, "HTTP 500", True)] * 2
    assert retry_dead(notify_db, dead_ids) == 0


def test_delivery_summary_per_event(notify_db: psycopg.Connection) -> None:
    """'a per-event delivery summary (sent / pending / failed)' that later pages embed."""
    _seed(notify_db)
    first = delivery_summary(notify_db, "planned_outage:5:r1")
    assert (first.sent, first.pending, first.failed, first.dead, first.total) == (6, 2, 0, 2, 10)
    assert not first.done and first.last_sent_at is not None
    every_revision = delivery_summaries(notify_db, event_prefix="planned_outage:5:")
    assert [(s.event_ref, s.failed, s.pending) for s in every_revision] == [
        ("planned_outage:5:r1", 0, 2),
        ("planned_outage:5:r2", 1, 3),
    ]
    nothing = delivery_summary(notify_db, "planned_outage:404:r1")
    assert nothing.total == 0 and nothing.done
