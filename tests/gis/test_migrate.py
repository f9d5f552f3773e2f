"""Migrations: from empty, twice is a no-op, a changed file is refused, two processes wait; a
database of the previous release upgrades; the function files are applied on every upgrade."""

from __future__ import annotations

import hashlib
import threading
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from gis.errors import MigrationError
from gis.migrate import (
    FUNCTION_FILES,
    applied_versions,
    available_migrations,
    function_file_text,
    upgrade,
)


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


FIRST_050 = Path(__file__).parent / "fixtures" / "050_outage_infer_function_737aa08.sql"


def _previous_release(conn: psycopg.Connection, text_050: str) -> None:
    """Apply migrations 001-050 as the previous release did, 050 with the given text, and
    record them as its runner did (the checksum of the text applied)."""
    conn.execute(
        "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
        "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    for migration in available_migrations():
        if migration.version > 50:
            break
        text = text_050 if migration.version == 50 else migration.sql
        with conn.transaction():
            conn.execute(text.encode())
            conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                (migration.version, migration.name, hashlib.sha256(text.encode()).hexdigest()),
            )


def _function_source(conn: psycopg.Connection, name: str) -> str:
    rows = conn.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", (name,)).fetchall()
    assert len(rows) == 1, f"{name}: {len(rows)} functions of that name"
    return str(rows[0][0])


@pytest.mark.parametrize("landed", ["737aa08", "d8a9c5e"])
def test_a_database_of_the_previous_release_upgrades_to_the_current_functions(
    empty_db_url: str, landed: str
) -> None:
    """A landed migration never changes; 050 did after it landed, so a database may hold either
    of its landed texts (the first is kept as a fixture, the second is the file). Upgrading it
    succeeds, and its functions are those of the function files, not migration 050's."""
    current = next(m for m in available_migrations() if m.version == 50)
    text = FIRST_050.read_text() if landed == "737aa08" else current.sql
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        _previous_release(conn, text)
        applied = upgrade(conn)
        assert [m.version for m in applied] == [
            m.version for m in available_migrations() if m.version > 50
        ]
        for package, name in FUNCTION_FILES:
            function = name.removesuffix(".sql")
            assert _function_source(conn, function) in function_file_text(package, name)
        assert "report_count" in _function_source(conn, "outage_add_report_to_incident")
        assert conn.execute("SELECT outage_confidence(2, 1)").fetchone() == (Decimal("0.510"),)
        assert upgrade(conn) == []


def test_a_migration_of_the_previous_release_changed_since_is_still_refused(
    empty_db_url: str,
) -> None:
    """Only the landed texts of 050 are accepted: any other checksum is refused."""
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
        conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 50")
        with pytest.raises(MigrationError, match="050_outage_infer_function was changed"):
            upgrade(conn)


def test_every_upgrade_applies_the_function_files_again(empty_db_url: str) -> None:
    """A function that evolves lives in a file re-applied by every upgrade, even when no
    migration is pending: a function lost or left behind is put back as the file says."""
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
        conn.execute("DROP FUNCTION outage_confidence(bigint, bigint)")
        conn.execute(
            "CREATE OR REPLACE FUNCTION outage_incident_evidence(incident_id bigint) "
            "RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT '{}'::jsonb $$"
        )
        assert upgrade(conn) == []
        assert conn.execute("SELECT outage_confidence(1, 1)").fetchone() == (Decimal("0.300"),)
        assert "report_ids" in _function_source(conn, "outage_incident_evidence")
