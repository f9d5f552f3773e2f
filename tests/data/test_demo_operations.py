"""`gridops demo prepare`: every page has something real on its first visit, each step says
what it does, and a second run keeps what the first made."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from data.demo_operations import prepare_pages
from data.grid_network import GridNetwork
from data.grid_writer import analyze_grid, write_network
from identity.actor import cli_actor
from tests.conftest import create_database, drop_database


@pytest.fixture()
def fresh_demo_url(maintenance_url: str, demo_network: GridNetwork) -> Iterator[str]:
    name, url = create_database(maintenance_url, "gridops_test_prepare")
    from gis.migrate import upgrade

    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    with psycopg.connect(url) as conn:
        with conn.transaction():
            write_network(conn, demo_network)
        conn.autocommit = True
        analyze_grid(conn)
    yield url
    drop_database(maintenance_url, name)


def test_prepare_gives_every_page_its_data_once_and_says_so(fresh_demo_url: str) -> None:
    """'prepares every page so that each shows something real on first visit (forecast run,
    DR program and an event, incidents, notices…), and prints what it is doing'"""
    said: list[str] = []
    state = prepare_pages(
        fresh_demo_url, said.append, "Asia/Shanghai", progress=False, actor=cli_actor("tester")
    )
    assert (state.forecast_runs, state.dr_programs, state.planned_outages) == (1, 1, 1)
    assert state.incidents >= 2 and state.notices > 0
    with psycopg.connect(fresh_demo_url) as conn:
        levels = {
            row[0] for row in conn.execute("SELECT level FROM incident WHERE absorbed_into IS NULL")
        }
        jobs = conn.execute("SELECT count(*) FROM crew_job").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM dr_event").fetchone()[0]
        published = conn.execute(
            "SELECT count(*) FROM planned_outage WHERE status = 'published'"
        ).fetchone()[0]
        audited = conn.execute(
            "SELECT action, object_type FROM audit_event WHERE actor = 'cli:tester' ORDER BY id"
        ).fetchall()
    assert levels == {"feeder", "transformer"}
    assert (jobs, events, published) == (1, 1, 1)
    assert audited == [
        ("forecast.run", "forecast_run"),
        ("dr_event.publish", "dr_event"),
        ("incident.dispatch", "incident"),
        ("planned_outage.publish", "planned_outage"),
    ]
    for step in (
        "forecast run: done",
        "DR program: done",
        "incidents: done",
        "planned outages: done",
    ):
        assert any(line.startswith(step) for line in said), said

    again: list[str] = []
    assert prepare_pages(fresh_demo_url, again.append, "Asia/Shanghai", progress=False) == state
    assert sum("already there, kept" in line for line in again) == 4
