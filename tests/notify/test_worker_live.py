"""The worker as a process: SIGKILL at any moment loses no notice, SIGTERM finishes the batch
in hand, and a PostgreSQL restart under a running worker costs nothing but log lines."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from gis.database import ensure_database
from gis.embedded import EmbeddedCluster
from gis.migrate import upgrade
from gis.vocabulary import Language
from notify.contact import add_external_endpoint
from notify.models import Channel, NoticeDraft, NoticeKind, RecipientType
from notify.outbox import enqueue
from notify.settings import NotifySettings
from notify.worker import run_worker
from tests.notify.conftest import Receiver
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
NOTICES = 400
BATCH = 25


def _fill_outbox(url: str, hook: str, count: int, prefix: str, settings: NotifySettings) -> set:
    """count notices, one per event, to an external system behind the webhook hook."""
    with psycopg.connect(url) as conn:
        endpoint = add_external_endpoint(conn, f"system-{prefix}", Channel.WEBHOOK, hook)
        drafts = [
            NoticeDraft(
                NoticeKind.OUTAGE_CANCELLED,
                RecipientType.EXTERNAL,
                endpoint,
                Channel.WEBHOOK,
                Language.EN,
                f"{prefix}:{i}",
                {
                    "title": "t",
                    "reason": "r",
                    "starts_at": "2026-07-01T08:00:00+08:00",
                    "ends_at": "2026-07-01T09:00:00+08:00",
                },
            )
            for i in range(count)
        ]
        enqueue(conn, drafts, settings)
        conn.commit()
    return {d.idempotency_key for d in drafts}


def _statuses(url: str) -> Counter:
    with psycopg.connect(url) as conn:
        return Counter(dict(conn.execute("SELECT status, count(*) FROM notice GROUP BY 1")))


def _worker(url: str, tmp_path: Path, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "GRIDOPS_DATABASE_URL": url,
        "GRIDOPS_WEBHOOK_TIMEOUT_S": "1",
        "GRIDOPS_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",  # the receiver is local
        "GRIDOPS_SMTP_TIMEOUT_S": "1",
        "GRIDOPS_MQTT_TIMEOUT_S": "1",
        "GRIDOPS_RATE_WEBHOOK_PER_S": "0",
        "GRIDOPS_WORKER_POLL_S": "0.2",
        "GRIDOPS_NOTICE_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "notify.cli", "worker", "--concurrency", "4"]
    command += ["--batch-size", str(BATCH), "--lease", "3", *extra]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_sigkill_mid_batch_then_restart_loses_no_notice(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    """'Killing the worker with SIGKILL at any moment loses no notice; after a restart nothing
    is delivered twice beyond the channel's at-least-once contract'."""
    keys = _fill_outbox(notify_db_url, receiver.url("/slow"), NOTICES, "kill", settings)
    worker = _worker(notify_db_url, tmp_path)
    try:
        assert len(receiver.wait_for("/slow", NOTICES // 4, timeout_s=20)) >= NOTICES // 4
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    before = _statuses(notify_db_url)
    assert before["delivering"] > 0, "killed between batches: nothing was in hand"
    assert before["sent"] < NOTICES

    restarted = _worker(notify_db_url, tmp_path, "--drain")
    output, _ = restarted.communicate(timeout=40)
    assert restarted.returncode == 0, output
    assert _statuses(notify_db_url) == Counter({"sent": NOTICES})
    received = Counter(d.headers["Idempotency-Key"] for d in receiver.at("/slow"))
    assert set(received) == keys  # every notice arrived
    repeats = sum(received.values()) - len(received)
    assert repeats <= before["delivering"]  # only what was in hand at the kill came twice


def test_sigterm_finishes_the_batch_in_hand_and_stops(
    notify_db: psycopg.Connection,
    notify_db_url: str,
    settings: NotifySettings,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    """'SIGTERM/SIGINT: finish the batch and stop': nothing left claimed, every delivery made
    is recorded as sent, and the rest wait for the next worker."""
    _fill_outbox(notify_db_url, receiver.url("/slow"), NOTICES, "term", settings)
    worker = _worker(notify_db_url, tmp_path)
    receiver.wait_for("/slow", 50, timeout_s=20)
    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=20)
    assert worker.returncode == 0, output
    assert "SIGTERM: finishing the batches in hand" in output
    statuses = _statuses(notify_db_url)
    assert statuses["delivering"] == 0
    assert statuses["sent"] == len(receiver.at("/slow")) < NOTICES
    assert statuses["pending"] == NOTICES - statuses["sent"]


@pytest.fixture()
def private_cluster() -> Iterator[EmbeddedCluster]:
    """A PostgreSQL of this test's own, which it may stop and start at will."""
    folder = tempfile.mkdtemp(prefix="gridops-notify-", dir="/var/tmp")
    Path(folder).chmod(0o755)
    cluster = EmbeddedCluster(
        root=Path(folder) / "pg",
        port=free_port(),
        database="gridops",
        os_user="postgres" if os.geteuid() == 0 else None,
    )
    cluster.start()
    ensure_database(cluster.maintenance_url, cluster.database)
    with psycopg.connect(cluster.url, autocommit=True) as conn:
        upgrade(conn)
    yield cluster
    cluster.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_a_postgresql_restart_under_a_running_worker_costs_nothing(
    private_cluster: EmbeddedCluster,
    settings: NotifySettings,
    receiver: Receiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """'PostgreSQL restarted under a running worker: the worker reconnects and carries on'."""
    url = private_cluster.url
    keys = _fill_outbox(url, receiver.url("/slow"), 300, "restart", settings)
    stop = threading.Event()
    stats: list = []
    worker = threading.Thread(
        target=lambda: stats.append(run_worker(url, 4, BATCH, stop, lease_s=4, settings=settings)),
        daemon=True,
    )
    with caplog.at_level(logging.WARNING, logger="notify"):
        worker.start()
        receiver.wait_for("/slow", 60, timeout_s=20)
        private_cluster.stop()
        time.sleep(1.0)
        assert worker.is_alive()
        private_cluster.start()
        keys |= _fill_outbox(url, receiver.url("/slow"), 20, "after", settings)
        deadline = time.monotonic() + 30
        while _statuses(url)["sent"] < 320 and time.monotonic() < deadline:
            time.sleep(0.1)
        stop.set()
        worker.join(15)
    assert not worker.is_alive() and stats, "the worker did not stop"
    assert _statuses(url) == Counter({"sent": 320})
    assert {d.headers["Idempotency-Key"] for d in receiver.at("/slow")} == keys
    assert "reconnecting in" in caplog.text and "reachable again" in caplog.text


def test_worker_processes_share_the_outbox_and_deliver_each_notice_once(
    notify_db: psycopg.Connection, notify_db_url: str, tmp_path: Path
) -> None:
    """`gridops worker --processes 2 --drain`: two processes claim side by side (SKIP LOCKED);
    every notice is delivered once and marked sent."""
    from notify.outbox import enqueue_for_customers
    from tests.notify.test_channels_live import OUTAGE

    customers = list(range(1, 41))
    enqueue_for_customers(notify_db, NoticeKind.OUTAGE_NOTICE, "po:77:r1", customers, OUTAGE)
    notify_db.commit()
    env = {
        **os.environ,
        "GRIDOPS_DATABASE_URL": notify_db_url,
        "GRIDOPS_NOTICE_DIR": str(tmp_path),
        "GRIDOPS_DEFAULT_CUSTOMER_CHANNEL": "file",
        "GRIDOPS_WORKER_POLL_S": "0.2",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "worker",
            "--processes",
            "2",
            "--drain",
            "--concurrency",
            "2",
            "--batch-size",
            "5",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "customer.jsonl").read_text().splitlines()
    delivered = Counter(__import__("json").loads(line)["recipient"]["id"] for line in lines)
    assert sorted(delivered) == customers and set(delivered.values()) == {1}
    statuses = notify_db.execute(
        "SELECT status, count(*) FROM notice WHERE event_ref = 'po:77:r1' GROUP BY status"
    ).fetchall()
    assert statuses == [("sent", len(customers))]
