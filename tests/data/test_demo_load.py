"""The demo bulk load against real PostGIS: what the generator made is what the tables hold,
and PostGIS agrees with shapely about where things are."""

from __future__ import annotations

import psycopg
import pytest

from data.demo_load import load_demo
from data.demo_network import DemoSize
from data.grid_writer import write_network
from gis.settings import database_settings
from identity.actor import cli_actor
from identity.audit import query

SCHEMA_OBJECTS = """
SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid)
FROM pg_index WHERE indrelid = ANY (%(tables)s::regclass[])
UNION ALL
SELECT 'constraint', conname, pg_get_constraintdef(oid)
FROM pg_constraint WHERE conrelid = ANY (%(tables)s::regclass[])
ORDER BY 1, 2
"""
LOADED_TABLES = ["customer", "load_reading", "transformer_latest_load", "supply_area"]


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_tables_hold_what_the_generator_made(db, demo_network) -> None:
    for table, count in demo_network.counts().items():
        assert _count(db, table) == count, table
    assert _count(db, "load_reading") == 50 * 60 * 24
    assert _count(db, "transformer_latest_load") == 50
    assert _count(db, "weather_reading") == 60 * 24
    assert _count(db, "territory") == 1
    kind, name, parameters = db.execute("SELECT kind, name, parameters FROM grid_source").fetchone()
    assert (kind, name) == ("demo", "demo small seed 7")
    assert parameters["days"] == 60 and parameters["size"] == "small"


def test_every_customer_is_within_its_own_supply_area_and_no_other(db) -> None:
    """PostGIS point-in-polygon agrees with the generator: each customer's point is
    ST_Within its own supply area, and intersects no other."""
    outside_own = db.execute(
        "SELECT count(*) FROM customer c JOIN supply_area a USING (transformer_id) "
        "WHERE NOT ST_Within(c.geom, a.geom)"
    ).fetchone()[0]
    in_other = db.execute(
        "SELECT count(*) FROM customer c JOIN supply_area a ON ST_Intersects(a.geom, c.geom) "
        "WHERE a.transformer_id <> c.transformer_id"
    ).fetchone()[0]
    assert (outside_own, in_other) == (0, 0)


def test_union_of_supply_areas_is_the_territory(db) -> None:
    union, territory, difference = db.execute(
        "WITH u AS (SELECT ST_Union(geom) AS geom FROM supply_area), "
        "t AS (SELECT geom FROM territory) "
        "SELECT ST_Area(u.geom::geography), ST_Area(t.geom::geography), "
        "       ST_Area(ST_SymDifference(u.geom, t.geom)::geography) FROM u, t"
    ).fetchone()
    assert abs(union - territory) / territory < 1e-6
    assert difference / territory < 1e-6


def test_latest_load_is_each_transformers_newest_reading(db) -> None:
    mismatched = db.execute(
        "SELECT count(*) FROM transformer_latest_load l "
        "JOIN load_reading r ON r.transformer_id = l.transformer_id AND r.ts = l.ts "
        "WHERE r.kw <> l.kw OR l.ts <> (SELECT max(ts) FROM load_reading)"
    ).fetchone()[0]
    assert mismatched == 0
    assert _count(db, "load_reading_default") == 0  # every reading in its monthly partition


def test_load_leaves_the_indexes_and_keys_the_migrations_made(db, migrated_db_url) -> None:
    with psycopg.connect(migrated_db_url) as fresh:
        expected = fresh.execute(SCHEMA_OBJECTS, {"tables": LOADED_TABLES}).fetchall()
    assert db.execute(SCHEMA_OBJECTS, {"tables": LOADED_TABLES}).fetchall() == expected


def test_loading_again_replaces_the_grid(db, demo_network) -> None:
    report = write_network(db, demo_network)
    assert report.rows("customer") == _count(db, "customer") == len(demo_network.customers)
    assert _count(db, "grid_source") == 1
    assert report.rows("load_reading") == _count(db, "load_reading")


def test_load_demo_migrates_an_empty_database_and_sums_up(empty_db_url, monkeypatch) -> None:
    monkeypatch.setenv("GRIDOPS_DATABASE_URL", empty_db_url)
    database_settings.cache_clear()
    try:
        summary = load_demo(DemoSize.SMALL, seed=3, progress=False, actor=cli_actor("tester"))
    finally:
        database_settings.cache_clear()
    assert summary.startswith("loaded demo small seed 3: ")
    assert "50 transformer" in summary and "72,000 load_reading" in summary
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("SELECT count(*) FROM transformer").fetchone()[0] == 50
        [row] = query(conn, action="grid.replace")
    assert (row.actor, row.object_type) == ("cli:tester", "grid_source")
    assert row.summary["transformer"] == 50 and row.summary["load_reading"] == 72_000
    assert (row.summary["size"], row.summary["seed"]) == ("small", 3)


@pytest.mark.parametrize("table", ["supply_area", "territory"])
def test_polygons_are_valid_multipolygons_in_wgs84(db, table: str) -> None:
    bad = db.execute(
        f"SELECT count(*) FROM {table} WHERE NOT ST_IsValid(geom) "
        "OR GeometryType(geom) <> 'MULTIPOLYGON' OR ST_SRID(geom) <> 4326"
    ).fetchone()[0]
    assert bad == 0


def test_writing_outside_a_transaction_is_refused(demo_db_url, demo_network) -> None:
    """The writer truncates first: it must never run statement by statement in autocommit."""
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        with pytest.raises(ValueError, match="transaction"):
            write_network(conn, demo_network)
        assert conn.execute("SELECT count(*) FROM transformer").fetchone()[0] == 50
