"""The benchmarks' demo databases: gridops_bench_<size> on the configured server
(GRIDOPS_DATABASE_URL or the embedded cluster), the demo loaded once and migrated."""

from __future__ import annotations

import os

from data.demo_load import load_demo
from data.demo_network import DemoSize
from gis.database import connect, ensure_database, resolve_database_url, with_dbname
from gis.migrate import upgrade


def demo_database_url(size: DemoSize, database: str | None = None) -> str:
    """gridops_bench_<size> (or `database`), with the demo of that size loaded once and every
    migration applied."""
    name = database or f"gridops_bench_{size.value}"
    url = with_dbname(resolve_database_url(), name)
    ensure_database(with_dbname(url, "postgres"), name)
    with connect(url, autocommit=True) as conn:
        loaded = None
        if conn.execute("SELECT to_regclass('grid_source')").fetchone() != (None,):
            row = conn.execute("SELECT name FROM grid_source").fetchone()
            loaded = row[0] if row else None
    if not loaded or size.value not in loaded:
        print(f"loading the {size.value} demo into {name} (once)")
        os.environ["GRIDOPS_DATABASE_URL"] = url
        from gis.settings import database_settings

        database_settings.cache_clear()
        print(load_demo(size, seed=7, progress=True))
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
    return url


def vacuum(url: str, *tables: str) -> None:
    """VACUUM (ANALYZE) the tables a benchmark wrote and rolled back or deleted. The server may
    run without autovacuum (the shared one on the development machines does): left alone,
    every run's dead rows stay in the tables and their indexes, and the next run measures the
    bloat — 12.5 million dead notices (5.5 GB) made publishing 1.3x slower on the large demo."""
    with connect(url, autocommit=True) as conn:
        for table in tables:
            conn.execute(f"VACUUM (ANALYZE) {table}")  # names from the benchmarks' own code
