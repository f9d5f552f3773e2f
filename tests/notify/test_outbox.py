"""The outbox: written in the caller's transaction, once per event, kind and recipient."""

from __future__ import annotations

import psycopg
import pytest

from gis.vocabulary import Language
from notify.contact import add_external_endpoint, contact_channels, set_contact
from notify.models import (
    Channel,
    NoticeDraft,
    NoticeKind,
    RecipientType,
    idempotency_key,
)
from notify.outbox import enqueue, enqueue_for_crews, enqueue_for_customers, enqueue_for_subscribers
from notify.settings import NotifySettings

PAYLOAD = {"title": "Switchgear", "reason": "maintenance", "map_path": "/public/outages?x=1"}


def _draft(recipient_id: int, event_ref: str = "test:1") -> NoticeDraft:
    return NoticeDraft(
        kind=NoticeKind.OUTAGE_NOTICE,
        recipient_type=RecipientType.CUSTOMER,
        recipient_id=recipient_id,
        channel=Channel.FILE,
        language=Language.EN,
        event_ref=event_ref,
        payload=PAYLOAD,
    )


def _rows(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT kind, recipient_type, recipient_id, channel, language, status "
        "FROM notice ORDER BY recipient_id"
    ).fetchall()


def test_the_same_event_enqueued_twice_gives_one_notice(
    notify_db: psycopg.Connection, settings: NotifySettings
) -> None:
    """'one event never yields two notices of one kind to one recipient'."""
    assert enqueue(notify_db, [_draft(1), _draft(2), _draft(1)], settings) == 2
    assert enqueue(notify_db, [_draft(1), _draft(2)], settings) == 0
    fanned = enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "test:1", [1, 2, 3], {})
    assert fanned == 1  # only customer 3 is new
    assert enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "test:1", [3], {}) == 0
    notify_db.commit()
    assert len(_rows(notify_db)) == 3
    # another kind, or another event, is another notice
    assert enqueue_for_customers(notify_db, NoticeKind.OUTAGE_UPDATE, "test:1", [1], {}) == 1
    assert enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "test:2", [1], {}) == 1


def test_enqueue_writes_in_the_callers_transaction(
    notify_db: psycopg.Connection, settings: NotifySettings, notify_db_url: str
) -> None:
    """'Notices are written in the SAME database transaction as the business change':
    rolled back, no notice; committed, the notices, and never before the commit."""
    enqueue(notify_db, [_draft(1)], settings)
    enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "test:9", [2, 3], {})
    with psycopg.connect(notify_db_url) as other:
        assert other.execute("SELECT count(*) FROM notice").fetchone() == (0,)
    notify_db.rollback()
    assert _rows(notify_db) == []
    enqueue(notify_db, [_draft(1)], settings)
    enqueue(notify_db, [_draft(4)], settings)  # twice in one transaction: the staging is reused
    notify_db.commit()
    with psycopg.connect(notify_db_url) as other:
        assert other.execute("SELECT count(*) FROM notice").fetchone() == (2,)


def test_fan_out_uses_each_customers_preferred_channel_and_language(
    notify_db: psycopg.Connection, settings: NotifySettings
) -> None:
    """'Channel preferences and contact details are stored per customer'; with none on file,
    the file sink and the default language."""
    set_contact(
        notify_db, RecipientType.CUSTOMER, 1, Channel.EMAIL, "one@example.test", Language.EN
    )
    set_contact(notify_db, RecipientType.CUSTOMER, 2, Channel.MQTT, "homes/2", Language.ZH_CN)
    set_contact(
        notify_db, RecipientType.CUSTOMER, 3, Channel.EMAIL, "three@example.test", Language.EN
    )
    set_contact(
        notify_db,
        RecipientType.CUSTOMER,
        3,
        Channel.WEBHOOK,
        "https://h.test/x",
        Language.EN,
        False,
    )
    set_contact(
        notify_db, RecipientType.CUSTOMER, 4, Channel.EMAIL, "four@example.test", Language.EN
    )
    set_contact(
        notify_db, RecipientType.CUSTOMER, 4, Channel.MQTT, "homes/4", Language.EN
    )  # now this
    written = enqueue_for_customers(
        notify_db, NoticeKind.DR_REQUEST, "dr:1", [1, 2, 3, 4, 5, 99999], {}, settings=settings
    )
    assert written == 5  # 99999 is no customer
    assert [(r[2], r[3], r[4]) for r in _rows(notify_db)] == [
        (1, "email", Language.EN),
        (2, "mqtt", Language.ZH_CN),
        (3, "email", Language.EN),
        (4, "mqtt", Language.EN),
        (5, "file", Language.ZH_CN),
    ]
    channels = contact_channels(notify_db, RecipientType.CUSTOMER, 4)
    assert [(c.channel, c.preferred) for c in channels] == [("email", False), ("mqtt", True)]
    assert "four@example.test" not in repr(channels)  # addresses are never handed back


def test_crews_default_to_mqtt_and_subscribers_get_the_kinds_they_asked_for(
    notify_db: psycopg.Connection, settings: NotifySettings
) -> None:
    """A crew with no contact on file gets its jobs over MQTT; an external system gets only
    the kinds it subscribed to (none listed: all)."""
    assert enqueue_for_crews(notify_db, NoticeKind.JOB_ASSIGNED, "job:1", [1, 2], {}) == 2
    add_external_endpoint(
        notify_db,
        "call-centre",
        Channel.WEBHOOK,
        "https://cc.test/hook",
        kinds=[NoticeKind.OUTAGE_NOTICE],
    )
    add_external_endpoint(notify_db, "archive", Channel.FILE, "archive.jsonl")
    assert enqueue_for_subscribers(notify_db, NoticeKind.OUTAGE_NOTICE, "po:1", {}) == 2
    assert enqueue_for_subscribers(notify_db, NoticeKind.DR_RESULT, "dr:1", {}) == 1
    rows = notify_db.execute(
        "SELECT kind, recipient_type, channel FROM notice ORDER BY id"
    ).fetchall()
    assert rows == [
        ("job_assigned", "crew", "mqtt"),
        ("job_assigned", "crew", "mqtt"),
        ("outage_notice", "external", "webhook"),
        ("outage_notice", "external", "file"),
        ("dr_result", "external", "file"),
    ]


def test_the_idempotency_key_is_built_alike_in_python_and_sql(
    notify_db: psycopg.Connection, settings: NotifySettings
) -> None:
    """The key is event/kind/recipient however the notice was written, so the two paths
    cannot write one notice twice."""
    enqueue_for_customers(notify_db, NoticeKind.FAULT_RECEIVED, "fault:7", [5], {})
    enqueue_for_crews(notify_db, NoticeKind.JOB_ASSIGNED, "job:7", [2], {})
    keys = {k for (k,) in notify_db.execute("SELECT idempotency_key FROM notice").fetchall()}
    assert keys == {
        idempotency_key("fault:7", NoticeKind.FAULT_RECEIVED, RecipientType.CUSTOMER, 5),
        idempotency_key("job:7", NoticeKind.JOB_ASSIGNED, RecipientType.CREW, 2),
    }
    assert enqueue(notify_db, [_draft(5, "fault:7")], settings) == 1  # another kind
    draft = NoticeDraft(
        NoticeKind.FAULT_RECEIVED, RecipientType.CUSTOMER, 5, Channel.FILE, Language.EN, "fault:7"
    )
    assert enqueue(notify_db, [draft], settings) == 0


def test_bulk_enqueue_writes_every_notice_in_one_go(
    notify_db: psycopg.Connection, settings: NotifySettings
) -> None:
    """Bulk writes go through COPY: 5,000 drafts, one statement's worth of notices."""
    drafts = [_draft(i % 40 + 1, f"bulk:{i // 40}") for i in range(5000)]
    assert enqueue(notify_db, drafts, settings) == 5000
    assert enqueue(notify_db, [], settings) == 0
    counts = notify_db.execute(
        "SELECT count(*), count(DISTINCT idempotency_key), min(max_attempts) FROM notice"
    ).fetchone()
    assert counts == (5000, 5000, settings.notice_max_attempts)


def test_enqueue_on_an_autocommit_connection_is_one_transaction(
    notify_db_url: str, settings: NotifySettings
) -> None:
    """Without a caller's transaction, a bulk enqueue is still all or nothing."""
    with psycopg.connect(notify_db_url, autocommit=True) as conn:
        conn.execute("TRUNCATE notice")
        assert enqueue(conn, [_draft(1), _draft(2)], settings) == 2
        with pytest.raises(ValueError, match="event_ref"):
            enqueue(conn, [_draft(3), _draft(4, "x" * 500)], settings)
        assert conn.execute("SELECT count(*) FROM notice").fetchone() == (2,)
