"""`gridops demo prepare`: every page has something real on its first visit, each step says
what it does, and a second run keeps what the first made."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from data import demo_users
from data.demo_operations import prepare_pages
from data.grid_network import GridNetwork
from data.grid_writer import analyze_grid, write_network
from identity import audit
from identity.actor import RequestOrigin, cli_actor
from identity.permissions import Role
from identity.sessions import sign_in
from identity.users import get_user
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


@pytest.fixture()
def schema_url(maintenance_url: str) -> Iterator[str]:
    """A database of its own with every migration and no grid (the demo users need none)."""
    name, url = create_database(maintenance_url, "gridops_test_demo_users")
    from gis.migrate import upgrade

    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    yield url
    drop_database(maintenance_url, name)


def _passwords(conn: psycopg.Connection) -> dict[str, str]:
    rows = conn.execute(
        "SELECT username, password_hash FROM staff_user WHERE username LIKE 'demo-%'"
    ).fetchall()
    return {str(name): str(password_hash) for name, password_hash in rows}


def test_prepare_gives_every_page_its_data_once_and_says_so(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    """'prepares every page so that each shows something real on first visit (forecast run,
    DR program and an event, incidents, notices…), and prints what it is doing'; 'creates one
    demo user per role with generated passwords, prints them once at the end of its set-up and
    keeps them in a file readable only by its owner under the data folder'"""
    said: list[str] = []
    users_file = tmp_path / "demo_users.txt"
    state = prepare_pages(
        fresh_demo_url,
        said.append,
        "Asia/Shanghai",
        progress=False,
        actor=cli_actor("tester"),
        users_file=users_file,
    )
    assert (state.forecast_runs, state.dr_programs, state.planned_outages) == (1, 1, 1)
    assert state.demo_users == len(Role)
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
    ] + [("user.manage", "staff_user")] * len(Role)
    for step in (
        "forecast run: done",
        "DR program: done",
        "incidents: done",
        "planned outages: done",
        "demo users: done",
    ):
        assert any(line.startswith(step) for line in said), said

    # the passwords' file: 0600, one line per role; each user holds that one role and signs in
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    lines = demo_users.read_users_file(users_file)
    assert sorted(line.role for line in lines) == sorted(role.value for role in Role)
    now = datetime.now(UTC)
    with psycopg.connect(fresh_demo_url) as conn:
        for line in lines:
            assert line.username == f"demo-{line.role}"
            assert get_user(conn, line.username).roles == (line.role,)
            signed_in = sign_in(conn, line.username, line.password, RequestOrigin(), now)
            assert signed_in.actor.roles == (line.role,)
        added = audit.query(conn, action="user.manage", actor="cli:tester")
        assert sorted(row.object_id or "" for row in added) == sorted(
            line.username for line in lines
        )
        assert {row.summary["change"] for row in added} == {"added"}
        hashes = _passwords(conn)
    # shown once, at the very end of the set-up
    shown = said[-len(Role) :]
    assert sorted(line.strip() for line in shown) == sorted(line.line() for line in lines)
    assert f"passwords in {users_file}" in said[-len(Role) - 1]

    again: list[str] = []
    assert (
        prepare_pages(
            fresh_demo_url, again.append, "Asia/Shanghai", progress=False, users_file=users_file
        )
        == state
    )
    assert sum("already there, kept" in line for line in again) == 5
    assert f"demo users: {len(Role)} already there, kept (passwords in {users_file})" in again
    assert not any(line.password in text for line in lines for text in again)
    with psycopg.connect(fresh_demo_url) as conn:
        assert _passwords(conn) == hashes
    assert demo_users.read_users_file(users_file) == lines


def test_demo_users_lost_file_and_a_new_role(schema_url: str, tmp_path: Path) -> None:
    """A lost passwords' file is said, with how to set a new password, and no user changes; a
    demo user missing (a role added later) is added and its line joins those kept."""
    users_file = tmp_path / "var" / "demo_users.txt"
    said: list[str] = []
    first = demo_users.prepare_demo_users(schema_url, said.append, users_file, cli_actor("tester"))
    assert len(first) == len(Role)
    users_file.unlink()
    said.clear()
    assert demo_users.prepare_demo_users(schema_url, said.append, users_file) == []
    assert said == [
        f"demo users: {len(Role)} already there, kept; their passwords' file {users_file} is "
        "gone: set a new password with `gridops user set-password NAME` (e.g. demo-dispatcher)"
    ]
    assert not users_file.exists()

    demo_users.write_users_file(users_file, first)
    with psycopg.connect(schema_url) as conn:
        conn.execute("DELETE FROM staff_user WHERE username = 'demo-planner'")
        conn.commit()
    said.clear()
    (planner,) = demo_users.prepare_demo_users(schema_url, said.append, users_file)
    assert (planner.role, planner.username) == ("planner", "demo-planner")
    assert planner != next(user for user in first if user.role == "planner")
    lines = demo_users.read_users_file(users_file)
    assert sorted(lines, key=lambda user: user.role) == sorted(
        [user for user in first if user.role != "planner"] + [planner],
        key=lambda user: user.role,
    )
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600


def test_the_passwords_file_is_never_readable_by_others(tmp_path: Path) -> None:
    """An old file readable by all is replaced by one of mode 0600, whatever the umask."""
    path = tmp_path / "demo_users.txt"
    path.write_text("old\n")
    path.chmod(0o644)
    previous = os.umask(0)
    try:
        demo_users.write_users_file(path, [demo_users.DemoUser("viewer", "demo-viewer", "x" * 20)])
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert demo_users.read_users_file(path) == [
        demo_users.DemoUser("viewer", "demo-viewer", "x" * 20)
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["demo_users.txt"]
