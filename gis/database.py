"""Connections: the URL from settings (or the embedded cluster), one pool per process."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from gis.embedded import EmbeddedCluster
from gis.errors import DatabaseUnavailableError
from gis.settings import DatabaseSettings, database_settings


def embedded_cluster(settings: DatabaseSettings | None = None) -> EmbeddedCluster:
    """The embedded cluster that the settings describe (used when no URL is set)."""
    settings = settings or database_settings()
    return EmbeddedCluster.from_settings(
        settings.data_dir,
        settings.embedded_port,
        settings.embedded_database,
        settings.embedded_user,
    )


def mask_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def describe_target(url: str) -> str:
    """host:port/dbname of a URL, for one-line errors."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "an invalid database URL"
    host = info.get("host") or "localhost"
    return f"{host}:{info.get('port') or 5432}/{info.get('dbname') or '?'}"


def resolve_database_url(
    settings: DatabaseSettings | None = None, say: Callable[[str], None] | None = None
) -> str:
    """GRIDOPS_DATABASE_URL, or the embedded cluster, started and prepared if needed; `say`
    hears what was done to the embedded cluster (created or started, the database created)."""
    settings = settings or database_settings()
    if settings.database_url:
        return settings.database_url
    cluster = embedded_cluster(settings)
    state = cluster.start()
    created = ensure_database(cluster.maintenance_url, cluster.database)
    if say:
        done = {
            "created": "created (initdb) and started",
            "started": "started",
            "running": "already running",
        }
        say(f"database: embedded cluster in {cluster.data} on port {cluster.port} {done[state]}")
        say(f"database: {cluster.database} {'created with PostGIS' if created else 'present'}")
    return cluster.url


def ensure_database(maintenance_url: str, name: str) -> bool:
    """Create the database (if missing) with PostGIS; used for the embedded cluster and tests.
    True when it was created."""
    with connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with connect(with_dbname(maintenance_url, name), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return not exists


def with_dbname(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    info = conninfo_to_dict(url)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in info.items() if v is not None})


# Every query here is short and interactive: PostgreSQL's JIT compiler, which the planner turns
# on for large cost estimates (a preview over 100,000 customers), spent 0.7 s compiling a query
# that ran in 0.15 s. Off for our connections; a URL's own options still apply after it.
SESSION_OPTIONS = "-c jit=off"


def connect(url: str, autocommit: bool = False, timeout_s: int = 5) -> psycopg.Connection:
    """One connection, with a clear error when the database cannot be reached."""
    try:
        return psycopg.connect(
            url, autocommit=autocommit, connect_timeout=timeout_s, options=_options(url)
        )
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailableError(
            f"cannot connect to the database at {describe_target(url)}: {_first_line(exc)}"
        ) from exc
    except psycopg.ProgrammingError as exc:
        raise DatabaseUnavailableError(f"invalid database URL: {_first_line(exc)}") from exc


def _options(url: str) -> str:
    try:
        own = conninfo_to_dict(url).get("options")
    except psycopg.ProgrammingError:
        own = None
    return f"{SESSION_OPTIONS} {own}" if own else SESSION_OPTIONS


def _first_line(exc: Exception) -> str:
    """The gist of a libpq error: its first non-empty line, without the generic prefix."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0].removeprefix("connection failed: ") if lines else "no answer"


def open_pool(url: str, settings: DatabaseSettings | None = None) -> ConnectionPool:
    """The process's pool; fails fast with a clear error when the database is unreachable."""
    settings = settings or database_settings()
    connect(url, timeout_s=settings.connect_timeout_s).close()
    pool = ConnectionPool(
        url,
        min_size=settings.pool_min_size,
        max_size=settings.pool_max_size,
        kwargs={"connect_timeout": settings.connect_timeout_s, "options": _options(url)},
        timeout=settings.pool_timeout_s,  # then PoolTimeout: a 503 while the database is away
        open=False,
        name="gridops",
    )
    pool.open(wait=True, timeout=settings.connect_timeout_s * 2)
    return pool
