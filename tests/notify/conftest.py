"""Fixtures for notices: a database of their own (every migration and a small grid), and the
real outside world: a local HTTP receiver, an in-process aiosmtpd server, a server that drops
SMTP connections, and the machine's Mosquitto on 127.0.0.1:1883."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import psycopg
import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from gis.migrate import upgrade
from notify.settings import NotifySettings
from tests.conftest import create_database, drop_database
from tests.ports import free_port

CUSTOMERS = 40
CREWS = 3
SECRET = "test-webhook-secret"
LINK_SECRET = "test-link-secret"

GRID_SQL = """
INSERT INTO substation (id, code, name, capacity_mva, geom)
VALUES (1, 'S1', 'Test substation', 40, ST_SetSRID(ST_MakePoint(104.06, 30.66), 4326));
INSERT INTO feeder (id, code, substation_id, geom)
VALUES (1, 'F1', 1, ST_Multi(ST_SetSRID(
    ST_MakeLine(ST_MakePoint(104.06, 30.66), ST_MakePoint(104.07, 30.67)), 4326)));
INSERT INTO transformer (id, code, feeder_id, capacity_kva, geom)
VALUES (1, 'T1', 1, 400, ST_SetSRID(ST_MakePoint(104.065, 30.665), 4326));
INSERT INTO customer (id, account_no, transformer_id, customer_type, contracted_kw, geom)
SELECT i, 'A' || i, 1, 'residential', 8,
       ST_SetSRID(ST_MakePoint(104.065 + i * 0.0001, 30.665), 4326)
FROM generate_series(1, %(customers)s) AS i;
INSERT INTO crew (id, code, name, home_base)
SELECT i, 'C' || i, 'Crew ' || i, ST_SetSRID(ST_MakePoint(104.06, 30.66), 4326)
FROM generate_series(1, %(crews)s) AS i;
"""


@pytest.fixture(scope="session")
def notify_db_url(maintenance_url: str) -> Iterator[str]:
    """A database with every migration and a grid of one transformer, 40 customers, 3 crews."""
    name, url = create_database(maintenance_url, "gridops_test_notify")
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
        for statement in GRID_SQL.split(";"):
            if statement.strip():
                conn.execute(statement, {"customers": CUSTOMERS, "crews": CREWS})
    yield url
    drop_database(maintenance_url, name)


def clear_notices(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE notice, customer_contact, crew_contact, external_endpoint RESTART IDENTITY"
        )


@pytest.fixture()
def notify_db(notify_db_url: str) -> Iterator[psycopg.Connection]:
    """A connection (in a transaction the test commits or not) to an outbox emptied before."""
    clear_notices(notify_db_url)
    with psycopg.connect(notify_db_url) as conn:
        yield conn


@pytest.fixture()
def settings(tmp_path: Path) -> NotifySettings:
    """Short timeouts and backoff so that retries and dead letters take a second, not hours."""
    return NotifySettings(
        public_base_url="https://grid.example.test",
        webhook_secret=SecretStr(SECRET),
        link_secret=SecretStr(LINK_SECRET),
        webhook_timeout_s=0.3,
        webhook_allowed_networks=["127.0.0.0/8"],  # the tests' receivers listen on loopback
        smtp_timeout_s=1.0,
        mqtt_timeout_s=2.0,
        notice_backoff_base_s=0.02,
        notice_backoff_max_s=0.2,
        notice_max_attempts=3,
        worker_poll_s=0.2,
        rate_webhook_per_s=0,
        rate_email_per_s=0,
        rate_mqtt_per_s=0,
        notice_dir=tmp_path / "notices",
    )


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def document(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


@dataclass
class Receiver:
    """A real HTTP server in a thread. Paths: /ok answers 200, /fail 500, /hang waits longer
    than any test timeout, /gone 410; /slow answers 200 after delay_s."""

    port: int
    deliveries: list[Delivery] = field(default_factory=list)
    delay_s: float = 0.01
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Delivery]:
        with self.lock:
            return [d for d in self.deliveries if d.path == path]

    def wait_for(self, path: str, count: int, timeout_s: float = 10.0) -> list[Delivery]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self.at(path)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        return self.at(path)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            path = urlsplit(self.path).path
            with receiver.lock:
                receiver.deliveries.append(Delivery(path, dict(self.headers), body))
            if path == "/hang":
                time.sleep(3)
            if path == "/slow":
                time.sleep(receiver.delay_s)
            status = {"/fail": 500, "/gone": 410}.get(path, 200)
            with contextlib.suppress(ConnectionError):  # a client that gave up waiting
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

    return Handler


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver(0)))
    state = Receiver(port=server.server_address[1])
    server.RequestHandlerClass = _handler(state)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        mail = cast(EmailMessage, message_from_bytes(envelope.content, policy=policy.default))
        self.messages.append((list(envelope.rcpt_tos), mail))
        return "250 Message accepted for delivery"

    async def handle_RCPT(  # noqa: N802 (aiosmtpd hook name)
        self, _server: Any, _session: Any, envelope: Any, address: str, _options: Any
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@dataclass
class SmtpServer:
    port: int
    mailbox: _Mailbox


@pytest.fixture()
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd in-process on a free port; nobody@... is refused with 550."""
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpServer(port=controller.port, mailbox=mailbox)
    controller.stop()


@pytest.fixture()
def dropping_smtp_port() -> Iterator[int]:
    """A server that greets like SMTP, reads the client's first line and hangs up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    running = threading.Event()
    running.set()

    def serve() -> None:
        while running.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with client:
                client.sendall(b"220 test ESMTP\r\n")
                client.settimeout(1)
                with contextlib.suppress(OSError):
                    client.recv(1024)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    running.clear()
    thread.join(2)
    listener.close()


@pytest.fixture()
def refused_url() -> str:
    """An address where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/hook"


def drain(
    url: str,
    settings: NotifySettings,
    concurrency: int = 4,
    timeout_s: float = 20,
    periodic: tuple[Any, ...] = (),
) -> Any:
    """Run the worker in-process until no notice is left to try (failing after timeout_s)."""
    from notify.worker import run_worker

    stop = threading.Event()
    result: list[Any] = []
    thread = threading.Thread(
        target=lambda: result.append(
            run_worker(
                url,
                concurrency=concurrency,
                batch_size=50,
                stop_event=stop,
                lease_s=4,
                stop_when_drained=True,
                settings=settings,
                periodic=periodic,
            )
        ),
        daemon=True,
    )
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        stop.set()
        thread.join(10)
        raise AssertionError(f"the worker did not drain the outbox within {timeout_s} s")
    return result[0]
