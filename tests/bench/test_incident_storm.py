"""Smoke test of bench.incident_storm: both sides run a small storm into one feeder incident
on the session's demo database, and leave nothing behind."""

from __future__ import annotations

import psycopg

from bench.incident_storm import DESCRIPTION, clean, feeder_points, install_before, storm


def test_both_sides_of_the_storm_end_in_one_incident_and_are_cleaned_up(
    demo_db_url: str,
) -> None:
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        install_before(conn)
        points = feeder_points(conn)
    try:
        for side in ("before", "now"):
            seconds = storm(demo_db_url, side, 40, points)  # raises unless one incident has all
            assert len(seconds) == 40 and all(s > 0 for s in seconds)
            assert clean(demo_db_url) == 40
    finally:
        clean(demo_db_url)
        with psycopg.connect(demo_db_url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS bench_050 CASCADE")
            left = conn.execute(
                "SELECT count(*) FROM fault_report WHERE description = %s", (DESCRIPTION,)
            ).fetchone()
    assert left == (0,)
