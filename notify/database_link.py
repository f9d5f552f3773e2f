"""The worker's one database connection (autocommit, listening for new notices). A database
error drops it; it is made again after a pause that doubles up to a ceiling, so a PostgreSQL
restart under a running worker costs a few log lines, never the worker."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import psycopg
from psycopg import sql

from gis.database import describe_target

T = TypeVar("T")
log = logging.getLogger("notify.worker")
NOTICE_CHANNEL = "gridops_notice"  # pg_notify channel of the trigger in 003_notice.sql


class DatabaseLink:
    """The worker's connection: reconnects with growing pauses and hears new-notice signals."""

    def __init__(
        self,
        url: str,
        connect_timeout_s: float = 5.0,
        first_pause_s: float = 0.5,
        longest_pause_s: float = 15.0,
    ) -> None:
        self._url = url
        self._connect_timeout_s = connect_timeout_s
        self._first_pause_s = first_pause_s
        self._longest_pause_s = longest_pause_s
        self._conn: psycopg.Connection | None = None
        self._failures = 0
        self._next_try = 0.0

    @property
    def connected(self) -> bool:
        """Whether the link holds an open connection now."""
        return self._conn is not None and not self._conn.closed

    def _connection(self) -> psycopg.Connection | None:
        if self.connected:
            return self._conn
        if time.monotonic() < self._next_try:
            return None
        try:
            conn = psycopg.connect(
                self._url, autocommit=True, connect_timeout=max(1, int(self._connect_timeout_s))
            )
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTICE_CHANNEL)))
        except psycopg.Error as exc:
            self._lose(exc)
            return None
        if self._failures:
            log.warning("database %s reachable again", describe_target(self._url))
        self._failures = 0
        self._conn = conn
        return conn

    def _lose(self, exc: BaseException) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        pause = min(self._longest_pause_s, self._first_pause_s * 2**self._failures)
        self._failures += 1
        self._next_try = time.monotonic() + pause
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        level = logging.ERROR if self._failures == 1 else logging.WARNING
        log.log(
            level,
            "database %s: %s; reconnecting in %.1f s (try %d)",
            describe_target(self._url),
            first_line,
            pause,
            self._failures,
        )

    def run(self, operation: Callable[[psycopg.Connection], T]) -> T | None:
        """operation(conn), or None when the database cannot be reached now."""
        conn = self._connection()
        if conn is None:
            return None
        try:
            return operation(conn)
        except psycopg.Error as exc:
            self._lose(exc)
            return None

    def wait(self, timeout_s: float, stop: threading.Event) -> None:
        """Wait for a new-notice signal, the timeout or stop; while disconnected, for the
        next reconnection try."""
        deadline = time.monotonic() + timeout_s
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            conn = self._conn if self.connected else None
            if conn is None:
                until_try = max(0.0, self._next_try - time.monotonic())
                stop.wait(min(left, until_try, 0.5) or 0.01)
                if time.monotonic() >= self._next_try:
                    return
                continue
            try:
                for _ in conn.notifies(timeout=min(left, 0.5), stop_after=1):
                    return
            except psycopg.Error as exc:
                self._lose(exc)
                return

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
