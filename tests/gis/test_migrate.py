"""Migrations: from empty, twice is a no-op, a changed file is refused, two processes wait."""

from __future__ import annotations

import threading

import psycopg
import pytest

from gis.errors import MigrationError
from gis.migrate import applied_versions, available_migrations, upgrade


def test_upgrade_from_empty_applies_every_migration_in_order(empty_db_url: str) -> None:
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        applied = upgrade(conn)
        assert [m.version for m in applied] == [m.version for m in available_migrations()]
        assert set(applied_versions(conn)) == {m.version for m in available_migrations()}
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        }
        assert {"substation", "feeder", "transformer", "supply_area", "customer", "crew"} <= tables


def test_upgrade_twice_changes_nothing(empty_db_url: str) -> None:
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
        before = conn.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
        assert upgrade(conn) == []
        assert (
            conn.execute("SELECT version, applied_at FROM schema_migrations").fetchall() == before
        )


def test_two_processes_upgrading_at_once_apply_each_migration_once(empty_db_url: str) -> None:
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with psycopg.connect(empty_db_url, autocommit=True) as conn:
                results.append(len(upgrade(conn)))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [0, len(available_migrations())]


def test_a_migration_changed_after_it_was_applied_is_refused(empty_db_url: str) -> None:
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
        conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        with pytest.raises(MigrationError, match="changed after it was applied"):
            upgrade(conn)


def test_schema_refuses_invalid_grid_data(db) -> None:
    db.execute("SAVEPOINT s")
    with pytest.raises(psycopg.errors.CheckViolation):
        db.execute(
            "INSERT INTO substation (id, code, name, capacity_mva, geom) "
            "VALUES (9001, 'X', 'x', 0, ST_SetSRID(ST_MakePoint(104, 30), 4326))"
        )
    db.execute("ROLLBACK TO SAVEPOINT s")
    with pytest.raises(psycopg.errors.InvalidParameterValue):  # SRID other than 4326
        db.execute(
            "INSERT INTO substation (id, code, name, capacity_mva, geom) "
            "VALUES (9002, 'Y', 'y', 40, ST_SetSRID(ST_MakePoint(104, 30), 3857))"
        )
    db.execute("ROLLBACK TO SAVEPOINT s")
    with pytest.raises(psycopg.errors.CheckViolation):  # a self-intersecting bow-tie
        db.execute(
            "INSERT INTO territory (id, name, geom) VALUES (9003, 'bad', "
            "ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326)))"
        )
    db.execute("ROLLBACK TO SAVEPOINT s")
