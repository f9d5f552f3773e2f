"""While PostgreSQL is down or restarting, the API answers 503 with Retry-After, not 500.

A real server talks to the session's PostgreSQL through a TCP relay this test owns, so the
database can be taken away from this server alone: its connections terminated by the server
(pg_terminate_backend, as a restart or an administrator does), or the relay stopped (the port
refuses connections, as while PostgreSQL restarts). No mock: the errors are psycopg's own.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from gis.settings import database_settings
from tests.live_server import serve
from tests.ports import free_port

POOL_TIMEOUT_S = 2  # the server's wait for a connection, shortened for this test
RECOVERY_S = 40  # psycopg_pool retries a lost database with a growing backoff


APPLICATION_NAME = "gridops-relayed-test-server"  # names this server's backends


class TcpRelay:
    """Relays 127.0.0.1:port to PostgreSQL at host and port (a TCP address, or a Unix-socket
    directory as the embedded cluster's); stop() drops every connection and refuses new ones
    until start() again."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.upstream_port = host, port
        self.port = free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        self._running.set()
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def stop(self) -> None:
        self._running.clear()
        if self._accepting is not None:
            self._accepting.join()  # its accept() holds the listening socket until it returns
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while self._running.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = self._connect_upstream()
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            server.settimeout(None)
            with self._lock:
                self._sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=_pipe, args=(source, target), daemon=True).start()

    def _connect_upstream(self) -> socket.socket:
        if not self.host.startswith("/"):
            return socket.create_connection((self.host, self.upstream_port), timeout=5)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.settimeout(5)
        try:
            server.connect(f"{self.host}/.s.PGSQL.{self.upstream_port}")
        except OSError:
            server.close()
            raise
        return server


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(target)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@pytest.fixture(scope="module")
def relay(demo_db_url: str) -> Iterator[TcpRelay]:
    info = conninfo_to_dict(demo_db_url)
    relay = TcpRelay(str(info.get("host") or "127.0.0.1"), int(info.get("port") or 5432))
    relay.start()
    yield relay
    relay.stop()


@pytest.fixture(scope="module")
def api(demo_db_url: str, relay: TcpRelay) -> Iterator[httpx.Client]:
    from app.main import create_app

    proxied = make_conninfo(
        demo_db_url, host="127.0.0.1", port=str(relay.port), application_name=APPLICATION_NAME
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIDOPS_POOL_TIMEOUT_S", str(POOL_TIMEOUT_S))
        database_settings.cache_clear()
        app = create_app(proxied)
    database_settings.cache_clear()  # the rest of the session keeps the default
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def _unavailable(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert int(answer.headers["retry-after"]) >= 1
    problem = answer.json()
    assert problem["status"] == 503 and problem["type"].endswith("/database-unavailable")
    assert "try again" in problem["detail"]


def _recovered(api: httpx.Client) -> None:
    deadline = time.monotonic() + RECOVERY_S
    while api.get("/api/v1/health").status_code != 200:
        assert time.monotonic() < deadline, "the API did not recover with the database"
        time.sleep(0.5)


READS = ("/api/v1/health", "/api/v1/planned-outages", "/api/v1/incidents", "/api/v1/crews")


def test_connections_terminated_by_the_server_answer_503_then_recover(
    api: httpx.Client, relay: TcpRelay, demo_db_url: str
) -> None:
    """pg_terminate_backend on the server's connections (a restart's first step): the
    request that meets a dead connection answers 503 with Retry-After; the next ones succeed."""
    for path in READS:
        assert api.get(path).status_code == 200
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        pids = [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = %s",
                (APPLICATION_NAME,),
            )
        ]
        assert pids
        for pid in pids:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 10
        while conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (pids,)
        ).fetchone()[0]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    _unavailable(api.get("/api/v1/health"))
    _recovered(api)
    for path in READS:
        assert api.get(path).status_code == 200


def test_while_the_database_is_unreachable_every_request_answers_503(
    api: httpx.Client, relay: TcpRelay
) -> None:
    """The port refuses connections (PostgreSQL restarting): reads, writes and the public
    lookup answer 503 with Retry-After within the pool's wait, and 200 once it is back."""
    assert api.get("/api/v1/health").status_code == 200
    relay.stop()
    try:
        for path in READS:
            started = time.monotonic()
            _unavailable(api.get(path))
            assert time.monotonic() - started < POOL_TIMEOUT_S + 10
        _unavailable(api.get("/api/v1/outages", params={"lon": 104.06, "lat": 30.66}))
        draft = {"title": "t", "reason": "r", "starts_at": "2030-01-01T09:00"}
        draft |= {"ends_at": "2030-01-01T12:00", "transformer_ids": [1]}
        _unavailable(api.post("/api/v1/planned-outages", json=draft))
    finally:
        relay.start()
    _recovered(api)
    assert api.get("/api/v1/planned-outages").status_code == 200
