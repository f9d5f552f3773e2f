"""Database fixtures: real PostgreSQL + PostGIS, never a mock.

The server is GRIDOPS_TEST_DATABASE_URL (a maintenance database URL) or, when unset, the
embedded cluster (GRIDOPS_DATA_DIR / GRIDOPS_EMBEDDED_PORT, as scripts/test.sh sets them).
Each test session makes fresh databases and drops them at the end; a test that cannot reach the
database fails — it is never skipped. Under pytest-xdist each worker is a session of its own
(its own demo database, console server and browser); the server is shared.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from psycopg import sql

from data.demo_network import DemoSize, generate_network
from data.grid_network import GridNetwork
from data.grid_writer import analyze_grid, write_network
from gis.database import embedded_cluster, ensure_database, with_dbname
from gis.migrate import upgrade

# One link key for the test processes, the servers and the workers they start (the generated
# file, var/link_secret, is the default's business: tests/notify/test_link_token.py).
os.environ.setdefault("GRIDOPS_LINK_SECRET", "gridops-test-link-secret")

# The session's demo: the small size, a fixed seed and a fixed last day, so every run is alike.
DEMO_SEED = 7
DEMO_END = date(2026, 10, 31)


@pytest.fixture(scope="session")
def maintenance_url() -> str:
    url = os.environ.get("GRIDOPS_TEST_DATABASE_URL")
    if url:
        return url
    cluster = embedded_cluster()
    # pytest-xdist's workers (scripts/test.sh runs two) share the cluster: one starts it.
    cluster.root.mkdir(parents=True, exist_ok=True)
    with (cluster.root.parent / "test-cluster.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cluster.start()
    return cluster.maintenance_url


def create_database(maintenance_url: str, prefix: str) -> tuple[str, str]:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    ensure_database(maintenance_url, name)
    return name, with_dbname(maintenance_url, name)


def drop_database(maintenance_url: str, name: str) -> None:
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture()
def empty_db_url(maintenance_url: str) -> Iterator[str]:
    """A fresh database with PostGIS and nothing else, dropped after the test."""
    name, url = create_database(maintenance_url, "gridops_test_empty")
    yield url
    drop_database(maintenance_url, name)


@pytest.fixture(scope="session")
def migrated_db_url(maintenance_url: str) -> Iterator[str]:
    """A session database with every migration and no grid (for tests that bring their own)."""
    name, url = create_database(maintenance_url, "gridops_test_schema")
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    yield url
    drop_database(maintenance_url, name)


@pytest.fixture(scope="session")
def demo_network() -> GridNetwork:
    """The small demo network that demo_db_url holds."""
    return generate_network(DemoSize.SMALL, seed=DEMO_SEED, end=DEMO_END)


@pytest.fixture(scope="session")
def demo_db_url(maintenance_url: str, demo_network: GridNetwork) -> Iterator[str]:
    """A session database gridops_test_<random> with every migration and the small demo."""
    name, url = create_database(maintenance_url, "gridops_test")
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    with psycopg.connect(url) as conn:
        with conn.transaction():
            write_network(conn, demo_network)
        conn.autocommit = True
        analyze_grid(conn)
    yield url
    drop_database(maintenance_url, name)


@pytest.fixture()
def db(demo_db_url: str) -> Iterator[psycopg.Connection]:
    """A connection to the demo database inside a transaction that is rolled back."""
    with psycopg.connect(demo_db_url) as conn:
        try:
            yield conn
        finally:
            conn.rollback()
