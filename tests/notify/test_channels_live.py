"""Delivery on each real channel, and what happens when the other side fails: retried with
backoff, then dead-lettered with the last error kept; never a crashed worker."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from typing import Any

import paho.mqtt.client as mqtt
import psycopg
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from gis.vocabulary import Language
from notify.contact import add_external_endpoint, add_reporter_contact, set_contact
from notify.models import Channel, NoticeKind, RecipientType
from notify.outbox import (
    enqueue_for_crews,
    enqueue_for_customers,
    enqueue_for_reporters,
    enqueue_for_subscribers,
)
from notify.periodic import PeriodicTask
from notify.settings import NotifySettings
from tests.notify.conftest import SECRET, Receiver, SmtpServer, drain

OUTAGE = {
    "title": "Switchgear F-12",
    "reason": "maintenance",
    "starts_at": "2026-07-01T00:00:00+00:00",
    "ends_at": "2026-07-01T04:00:00+00:00",
    "map_path": "/public/outages?planned_outage=12",
}


def _outage_notice(conn: psycopg.Connection, customer_ids: list[int]) -> None:
    """Three attempts at most, as the test settings say."""
    enqueue_for_customers(
        conn, NoticeKind.OUTAGE_NOTICE, "po:12:r1", customer_ids, OUTAGE, max_attempts=3
    )


def _notices(conn: psycopg.Connection) -> list[dict]:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        return cur.execute("SELECT * FROM notice ORDER BY id").fetchall()


def _to_customer(
    conn: psycopg.Connection, customer_id: int, channel: Channel, address: str
) -> None:
    set_contact(conn, RecipientType.CUSTOMER, customer_id, channel, address, Language.EN)
    _outage_notice(conn, [customer_id])
    conn.commit()


def test_a_webhook_gets_the_notice_signed_and_with_its_idempotency_key(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings, receiver: Receiver
) -> None:
    """'Webhook (HTTP POST of JSON, HMAC-SHA256 signature header, timeout)'; 'webhook
    deliveries carry the idempotency key so receivers can drop repeats'."""
    _to_customer(notify_db, 7, Channel.WEBHOOK, receiver.url("/ok"))
    stats = drain(notify_db_url, settings)
    assert stats.sent == 1
    (delivery,) = receiver.at("/ok")
    expected = "sha256=" + hmac.new(SECRET.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers["X-GridOps-Signature"] == expected
    assert delivery.headers["Idempotency-Key"] == "po:12:r1/outage_notice/customer:7"
    document = delivery.document
    assert document["recipient"] == {"type": "customer", "id": 7}
    assert document["subject"].startswith("Planned outage: 2026-07-01 08:00")
    assert "https://grid.example.test/public/outages?planned_outage=12" in document["body"]
    (row,) = _notices(notify_db)
    assert (row["status"], row["attempts"], row["subject"]) == ("sent", 1, document["subject"])
    assert row["sent_at"] is not None and row["locked_until"] is None


@pytest.mark.parametrize(
    ("path", "error"),
    [("/fail", "webhook answered HTTP 500"), ("/hang", "webhook timed out")],
)
def test_a_failing_webhook_is_retried_then_dead_with_the_last_error(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    receiver: Receiver,
    path: str,
    error: str,
) -> None:
    """'A webhook that hangs, answers 500 ...: retried, then dead-lettered with the error'."""
    _to_customer(notify_db, 8, Channel.WEBHOOK, receiver.url(path))
    stats = drain(notify_db_url, settings)
    assert (stats.sent, stats.retried, stats.dead) == (0, 2, 1)
    assert len(receiver.at(path)) == settings.notice_max_attempts
    (row,) = _notices(notify_db)
    assert (row["status"], row["attempts"], row["last_error"]) == ("dead", 3, error)


def test_a_refused_connection_is_retried_then_dead(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings, refused_url: str
) -> None:
    """'... or refuses the connection: retried, then dead-lettered with the error'."""
    _to_customer(notify_db, 9, Channel.WEBHOOK, refused_url)
    stats = drain(notify_db_url, settings)
    assert (stats.retried, stats.dead) == (2, 1)
    (row,) = _notices(notify_db)
    assert (row["status"], row["last_error"]) == ("dead", "webhook connection refused")


def test_a_permanent_refusal_is_dead_at_once(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings, receiver: Receiver
) -> None:
    """A 4xx answer (here 410 Gone) cannot get better by trying again: dead after one try;
    and a webhook notice with no address on file is dead without a try."""
    _to_customer(notify_db, 10, Channel.WEBHOOK, receiver.url("/gone"))
    notify_db.execute("UPDATE customer_contact SET preferred = false")
    _outage_notice(notify_db, [11])
    notify_db.execute("UPDATE notice SET channel = 'webhook' WHERE recipient_id = 11")
    notify_db.commit()
    drain(notify_db_url, settings)
    rows = _notices(notify_db)
    assert [(r["status"], r["attempts"], r["last_error"]) for r in rows] == [
        ("dead", 1, "webhook answered HTTP 410"),
        ("dead", 1, "no webhook address on file for customer 11"),
    ]
    assert len(receiver.at("/gone")) == 1


def test_email_is_delivered_over_smtp(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    smtp_server: SmtpServer,
) -> None:
    """'email (SMTP; a local aiosmtpd server in tests)', in the recipient's language."""
    settings = settings.model_copy(update={"smtp_port": smtp_server.port})
    set_contact(notify_db, RecipientType.CUSTOMER, 12, Channel.EMAIL, "customer12@example.test")
    enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "po:12:r1", [12], OUTAGE)
    notify_db.commit()
    assert drain(notify_db_url, settings).sent == 1
    ((recipients, mail),) = smtp_server.mailbox.messages
    assert recipients == ["customer12@example.test"]
    assert mail["Subject"] == "计划停电通知：2026-07-01 08:00 至 2026-07-01 12:00"
    assert mail["X-GridOps-Idempotency-Key"] == "po:12:r1/outage_notice/customer:12"
    assert "停电详情及范围：https://grid.example.test/public/outages" in mail.get_content()


def test_a_dropped_smtp_connection_is_retried_then_dead(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    dropping_smtp_port: int,
) -> None:
    """'an SMTP server that drops the connection ...: retried, then dead-lettered'."""
    settings = settings.model_copy(update={"smtp_port": dropping_smtp_port})
    _to_customer(notify_db, 13, Channel.EMAIL, "customer13@example.test")
    stats = drain(notify_db_url, settings)
    assert (stats.retried, stats.dead) == (2, 1)
    (row,) = _notices(notify_db)
    assert row["status"] == "dead" and row["last_error"].startswith("SMTP connection dropped")


def test_invalid_addresses_are_dead_with_the_error_and_no_contact_detail_is_logged(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    smtp_server: SmtpServer,
    receiver: Receiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """'an invalid address: retried, then dead-lettered with the error'; 'contact details
    never appear in logs'. An address the server refuses (550) is dead at once."""
    settings = settings.model_copy(update={"smtp_port": smtp_server.port})
    set_contact(notify_db, RecipientType.CUSTOMER, 14, Channel.EMAIL, "nobody@example.test")
    set_contact(notify_db, RecipientType.CUSTOMER, 15, Channel.EMAIL, "fine@example.test")
    _outage_notice(notify_db, [14, 15])
    # an address that became invalid after it was stored
    notify_db.execute("UPDATE customer_contact SET address = 'no-at-sign' WHERE customer_id = 15")
    _to_customer(notify_db, 16, Channel.WEBHOOK, receiver.url("/fail?token=s3cr3t-token"))
    with caplog.at_level(logging.DEBUG):
        drain(notify_db_url, settings)
    rows = _notices(notify_db)
    assert [(r["recipient_id"], r["status"], r["attempts"]) for r in rows] == [
        (14, "dead", 1),
        (15, "dead", 1),
        (16, "dead", 3),
    ]
    assert rows[0]["last_error"].startswith("recipient refused: 550 5.1.1 <<address>>")
    assert rows[1]["last_error"] == "invalid email address"
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("notify"))
    for secret in ("nobody", "no-at-sign", "s3cr3t-token", "example.test"):
        assert secret not in ours
        assert not any(secret in (r["last_error"] or "") for r in rows)
    assert "notice 1 outage_notice via email: dead" in ours


def test_mqtt_delivers_to_the_recipients_topic_on_mosquitto(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings
) -> None:
    """'MQTT (paho-mqtt to the local Mosquitto, a topic per crew and per customer)', QoS 1."""
    received: list[mqtt.MQTTMessage] = []
    subscribed = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="gridops-test-subscriber")
    client.on_subscribe = lambda *_: subscribed.set()
    client.on_message = lambda _c, _u, message: received.append(message)
    client.connect("127.0.0.1", 1883)
    client.subscribe([("gridops/crew/2/jobs", 1), ("gridops/customer/17/notices", 1)])
    client.loop_start()
    try:
        assert subscribed.wait(5)
        set_contact(
            notify_db, RecipientType.CUSTOMER, 17, Channel.MQTT, "gridops/customer/17/notices"
        )
        enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "po:12:r1", [17], OUTAGE)
        job = {"job_id": 31, "location": {"lon": 104.07, "lat": 30.67}}
        enqueue_for_crews(notify_db, NoticeKind.JOB_ASSIGNED, "job:31", [2], job)
        notify_db.commit()
        assert drain(notify_db_url, settings).sent == 2
        for _ in range(50):
            if len(received) == 2:
                break
            threading.Event().wait(0.05)
    finally:
        client.loop_stop()
        client.disconnect()
    by_topic = {m.topic: json.loads(m.payload) for m in received}
    assert set(by_topic) == {"gridops/crew/2/jobs", "gridops/customer/17/notices"}
    job_text = by_topic["gridops/crew/2/jobs"]
    assert job_text["kind"] == "job_assigned" and "/crew/jobs/31." in job_text["body"]
    assert all(m.qos == 1 for m in received)


def test_the_file_sink_appends_one_json_line_per_notice(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings
) -> None:
    """'a file sink for the demo': customers with no contact on file get it."""
    enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "po:12:r1", [18, 19], OUTAGE)
    add_external_endpoint(notify_db, "archive", Channel.FILE, "archive.jsonl")
    enqueue_for_subscribers(notify_db, NoticeKind.OUTAGE_NOTICE, "po:12:r1", OUTAGE)
    notify_db.commit()
    assert drain(notify_db_url, settings).sent == 3
    folder = settings.notice_folder()
    lines = [json.loads(x) for x in (folder / "customer.jsonl").read_text().splitlines()]
    assert [x["recipient"]["id"] for x in sorted(lines, key=lambda x: x["id"])] == [18, 19]
    assert lines[0]["language"] == "zh-CN" and lines[0]["subject"].startswith("计划停电通知")
    assert len((folder / "archive.jsonl").read_text().splitlines()) == 1


def test_the_worker_runs_periodic_tasks_and_delivers_what_they_write(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings
) -> None:
    """Reminders are written by a periodic task in the worker, then delivered like any notice;
    a failing task is logged and never stops deliveries."""
    runs: list[str] = []

    def remind(conn: psycopg.Connection, now: Any) -> int:
        runs.append(now.isoformat())
        return enqueue_for_customers(conn, NoticeKind.OUTAGE_REMINDER, "po:13:r1", [21], OUTAGE)

    def broken(conn: psycopg.Connection, now: Any) -> int:
        raise RuntimeError("a bug in a periodic task")

    notify_db.commit()
    tasks = (PeriodicTask("broken", 60, broken), PeriodicTask("remind", 60, remind))
    assert drain(notify_db_url, settings, periodic=tasks).sent == 1
    assert len(runs) == 1
    lines = (settings.notice_folder() / "customer.jsonl").read_text().splitlines()
    assert [json.loads(x)["kind"] for x in lines] == ["outage_reminder"]


REPORT_SQL = """
INSERT INTO fault_report (public_token, channel, input_crs, input_lon, input_lat, geom,
                          reported_at, transformer_id, feeder_id, substation_id, location_method)
VALUES (%s, 'wechat', 'WGS84', 104.065, 30.665,
        ST_SetSRID(ST_MakePoint(104.065, 30.665), 4326), now(), 1, 1, 1, 'within')
RETURNING id
"""


def test_reporters_are_reached_by_their_own_contact_which_stays_private(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    smtp_server: SmtpServer,
) -> None:
    """A reporter who gave an e-mail address gets e-mail; one who gave a phone number gets the
    default reporter channel (the file sink here); the notice rows never hold the contact."""
    settings = settings.model_copy(update={"smtp_port": smtp_server.port})
    by_mail, by_phone = (
        notify_db.execute(REPORT_SQL, (f"token-{n}-0123456789abcdef",)).fetchone()[0]
        for n in (1, 2)
    )
    assert add_reporter_contact(notify_db, by_mail, "reporter@example.test", settings=settings) is (
        Channel.EMAIL
    )
    assert add_reporter_contact(notify_db, by_phone, "+86 138 0000 0000", settings=settings) is (
        Channel.FILE
    )
    payload = {"incident_id": 5, "status": "en_route"}
    reports = [by_mail, by_phone]
    for _ in range(2):  # the same event twice: one notice each
        enqueue_for_reporters(
            notify_db, NoticeKind.FAULT_PROGRESS, "incident:5:job:en_route", reports, payload
        )
    stored = notify_db.execute(
        "SELECT count(*), bool_or(payload::text LIKE '%%example.test%%' "
        "OR payload::text LIKE '%%138%%') FROM notice WHERE recipient_type = 'reporter'"
    ).fetchone()
    assert stored == (2, False)
    notify_db.commit()
    assert drain(notify_db_url, settings).sent == 2
    assert [recipients for recipients, _ in smtp_server.mailbox.messages] == [
        ["reporter@example.test"]
    ]
    lines = (settings.notice_folder() / "reporter.jsonl").read_text().splitlines()
    assert [json.loads(x)["recipient"]["id"] for x in lines] == [by_phone]


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "169.254.169.254", "10.1.2.3", "[::1]", "[::ffff:127.0.0.1]"],
)
def test_a_webhook_to_a_private_address_is_refused_unless_allow_listed(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    receiver: Receiver,
    host: str,
) -> None:
    """Issue 12 §7 (SSRF): the webhook channel refuses loopback, link-local and private
    addresses, checked where the host resolves ("localhost" is a name for 127.0.0.1), and
    dead at once: nothing is POSTed."""
    closed = settings.model_copy(update={"webhook_allowed_networks": []})
    _to_customer(notify_db, 12, Channel.WEBHOOK, f"http://{host}:{receiver.port}/ok")
    stats = drain(notify_db_url, closed)
    assert (stats.sent, stats.dead) == (0, 1)
    (row,) = _notices(notify_db)
    assert row["attempts"] == 1 and "GRIDOPS_WEBHOOK_ALLOWED_NETWORKS" in row["last_error"]
    assert host.strip("[]") not in row["last_error"]
    assert receiver.at("/ok") == []


def test_an_allow_listed_host_name_reaches_its_private_address(
    notify_db: psycopg.Connection, notify_db_url: str, settings: NotifySettings, receiver: Receiver
) -> None:
    """A receiver of ours inside the network is named in GRIDOPS_WEBHOOK_ALLOWED_HOSTS."""
    by_name = settings.model_copy(
        update={"webhook_allowed_networks": [], "webhook_allowed_hosts": ["localhost"]}
    )
    _to_customer(notify_db, 13, Channel.WEBHOOK, f"http://localhost:{receiver.port}/ok")
    assert drain(notify_db_url, by_name).sent == 1
    assert receiver.at("/ok")  # at least once (a busy machine may time the first try out)
