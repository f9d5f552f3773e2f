"""The audit trail: rows recorded in the caller's transaction and read back by every filter,
newest first, page by page; the table refuses UPDATE, DELETE and TRUNCATE even for its owner
(an upgrade puts the trigger back); secrets never reach a summary; a CLI import writes its row
in its own transaction; the CSV export's columns and zone; `gridops audit list | export`."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from app.cli import app
from app.import_commands import run_audited
from data.grid_csv_import import import_weather_csv
from gis import migrate
from gis.errors import RejectedInputError
from gis.local_time import local, offset
from gis.migrate import upgrade
from gis.settings import database_settings
from identity import audit
from identity.actor import Actor, ActorKind, RequestOrigin, cli_actor


def _name(prefix: str = "tester") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture()
def conn(migrated_db_url: str) -> Iterator[psycopg.Connection]:
    """A connection to the schema database inside a transaction that is rolled back."""
    with psycopg.connect(migrated_db_url) as connection:
        try:
            yield connection
        finally:
            connection.rollback()


def _user(name: str) -> Actor:
    return Actor(
        kind=ActorKind.USER,
        name=name,
        id=42,
        roles=("senior_dispatcher", "planner"),
        permissions=frozenset({"planned_outage.publish"}),
    )


def test_a_row_is_recorded_with_everything_the_contract_names(conn: psycopg.Connection) -> None:
    name = _name()
    row_id = audit.record(
        conn,
        _user(name),
        "planned_outage.publish",
        object_type="planned_outage",
        object_id=7,
        summary={"title": "Maintenance", "notices": 70},
        origin=audit.origin_of("203.0.113.9", "req-1"),
        permission="planned_outage.publish",
    )
    [row] = audit.query(conn, actor=name)
    assert row.id == row_id
    assert (row.actor, row.actor_kind, row.role, row.permission, row.action) == (
        name,
        "user",
        "senior_dispatcher,planner",
        "planned_outage.publish",
        "planned_outage.publish",
    )
    assert (row.object_type, row.object_id) == ("planned_outage", "7")
    assert row.summary == {"title": "Maintenance", "notices": 70}
    assert (row.client, row.request_id) == ("203.0.113.9", "req-1")
    assert row.at.tzinfo is not None and abs(row.at - datetime.now(UTC)) < timedelta(minutes=5)
    stored = conn.execute(
        "SELECT organisation_id, actor_id FROM audit_event WHERE id = %s", (row_id,)
    ).fetchone()
    assert stored == (1, 42)


def test_record_never_commits(migrated_db_url: str) -> None:
    name = _name()
    with psycopg.connect(migrated_db_url) as connection:
        audit.record(connection, _user(name), "incident.dispatch")
        assert len(audit.query(connection, actor=name)) == 1
        connection.rollback()
        assert audit.query(connection, actor=name) == []


def test_query_by_every_filter(conn: psycopg.Connection) -> None:
    alice, bob = _name("alice"), _name("bob")
    audit.record(
        conn, _user(alice), "planned_outage.publish", object_type="planned_outage", object_id=1
    )
    audit.record(conn, _user(alice), "incident.dispatch", object_type="incident", object_id=1)
    audit.record(conn, _user(bob), "incident.dispatch", object_type="incident", object_id=2)
    now = conn.execute("SELECT now()").fetchone()[0]  # the rows' `at` (the transaction's start)

    def actions(**filters: object) -> list[tuple[str, str]]:
        rows = audit.query(conn, **filters)  # type: ignore[arg-type]
        return [(r.actor, r.action) for r in rows if r.actor in (alice, bob)]

    assert actions(actor=alice) == [(alice, "incident.dispatch"), (alice, "planned_outage.publish")]
    assert actions(action="incident.dispatch") == [
        (bob, "incident.dispatch"),
        (alice, "incident.dispatch"),
    ]
    assert actions(object_type="incident", object_id=2) == [(bob, "incident.dispatch")]
    assert actions(object_type="incident", object_id="1") == [(alice, "incident.dispatch")]
    assert len(actions(since=now)) == 3
    assert actions(since=now + timedelta(seconds=1)) == []
    assert actions(until=now) == []
    assert len(actions(since=now - timedelta(hours=1), until=now + timedelta(seconds=1))) == 3
    assert actions(actor=bob, action="planned_outage.publish") == []


def test_pages_newest_first_by_id(conn: psycopg.Connection) -> None:
    name = _name()
    ids = [audit.record(conn, _user(name), "incident.dispatch", object_id=n) for n in range(5)]
    first = audit.query(conn, actor=name, limit=2)
    assert [r.id for r in first] == ids[::-1][:2]
    second = audit.query(conn, actor=name, limit=2, before_id=first[-1].id)
    assert [r.id for r in second] == ids[::-1][2:4]
    last = audit.query(conn, actor=name, limit=2, before_id=second[-1].id)
    assert [r.id for r in last] == [ids[0]]
    assert audit.query(conn, actor=name, before_id=ids[0]) == []


@pytest.mark.parametrize(
    "filters",
    [
        {"limit": 0},
        {"limit": 1001},
        {"since": datetime(2026, 1, 2, tzinfo=UTC), "until": datetime(2026, 1, 1, tzinfo=UTC)},
    ],
)
def test_a_query_out_of_bounds_is_refused(
    conn: psycopg.Connection, filters: dict[str, object]
) -> None:
    with pytest.raises(RejectedInputError):
        audit.query(conn, **filters)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "action", ["Publish", "publish", "planned outage.publish", "a..b", "", "planned_outage.drop"]
)
def test_an_action_that_is_not_a_permission_name_is_refused(
    conn: psycopg.Connection, action: str
) -> None:
    with pytest.raises(ValueError, match="a permission's name or an AuditAction"):
        audit.record(conn, _user(_name()), action)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'someone else'",
        "UPDATE audit_event SET summary = '{}' WHERE false",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
    ],
)
def test_the_table_refuses_update_delete_and_truncate_even_for_its_owner(
    conn: psycopg.Connection, statement: str
) -> None:
    audit.record(conn, _user(_name()), "incident.dispatch")
    owner, user = conn.execute(
        "SELECT pg_get_userbyid(relowner), current_user FROM pg_class "
        "WHERE oid = 'audit_event'::regclass"
    ).fetchone()
    assert owner == user  # the application connects as the table's owner
    conn.execute("SAVEPOINT refused")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        conn.execute(statement)
    conn.execute("ROLLBACK TO SAVEPOINT refused")


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "new_password",
        "token",
        "api_token",
        "apiKey",
        "api_key",
        "code",
        "verification_code",
        "smsCode",
        "session_id",
        "Authorization",
        "cookie",
        "client_secret",
        "password_hash",
        "otp",
    ],
)
def test_a_key_naming_a_secret_is_dropped(key: str) -> None:
    assert audit.is_secret_key(key)
    assert audit.without_secrets({key: "s3cret", "username": "ann"}) == {"username": "ann"}


@pytest.mark.parametrize(
    "key", ["username", "feeder_code", "account_no", "title", "notices", "keys", "monkey"]
)
def test_a_key_naming_no_secret_is_kept(key: str) -> None:
    assert not audit.is_secret_key(key)


def test_secrets_never_reach_the_stored_summary(conn: psycopg.Connection) -> None:
    name = _name()
    audit.record(
        conn,
        _user(name),
        "user.manage",
        summary={
            "username": "ann",
            "password": "correct horse battery",
            "changes": {"roles": ["viewer"], "token": "abc"},
            "attempts": [{"code": "123456", "phone": "13800000000"}],
        },
    )
    [row] = audit.query(conn, actor=name)
    assert row.summary == {
        "username": "ann",
        "changes": {"roles": ["viewer"]},
        "attempts": [{"phone": "13800000000"}],
    }
    text = conn.execute(
        "SELECT summary::text FROM audit_event WHERE id = %s", (row.id,)
    ).fetchone()[0]
    assert "correct horse" not in text and "abc" not in text and "123456" not in text


def test_a_summary_is_bounded_in_size() -> None:
    big = {"file": "sales.csv", "ids": list(range(5000)), "imported": 5000}
    text = audit.summary_json(big)
    assert len(text.encode()) <= audit.MAX_SUMMARY_BYTES
    assert text == '{"truncated":true,"file":"sales.csv","imported":5000}'
    many = {f"k{n}": "x" * 100 for n in range(500)}
    assert len(audit.summary_json(many).encode()) <= audit.MAX_SUMMARY_BYTES


def test_a_summary_holds_json_times_and_decimals_as_text() -> None:
    from decimal import Decimal

    moment = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert audit.summary_json({"at": moment, "cny": Decimal("1.50")}) == (
        '{"at":"2026-12-03T01:00:00+00:00","cny":"1.50"}'
    )
    with pytest.raises(TypeError, match="JSON values only"):
        audit.summary_json({"conn": object()})


def test_origin_of_a_request_is_bounded_and_empty_is_none() -> None:
    assert audit.origin_of(None, "") == RequestOrigin(None, None)
    assert audit.origin_of("203.0.113.9", "r" * 500) == RequestOrigin("203.0.113.9", "r" * 200)


def test_the_cli_actor_names_the_os_user() -> None:
    actor = cli_actor("root")
    assert (actor.kind, actor.name, actor.can("planned_outage.publish")) == (
        ActorKind.CLI,
        "cli:root",
        True,
    )
    assert cli_actor().name.startswith("cli:")


def test_the_csv_export_has_the_contract_columns_in_the_zone(conn: psycopg.Connection) -> None:
    name = _name()
    audit.record(
        conn,
        _user(name),
        "planned_outage.publish",
        object_type="planned_outage",
        object_id=9,
        summary={"title": "停电检修"},
        origin=RequestOrigin("198.51.100.1", "req-9"),
        permission="planned_outage.publish",
    )
    now = conn.execute("SELECT now()").fetchone()[0]
    buffer = io.StringIO()
    count = audit.export_csv(conn, now, None, buffer, zone="Asia/Shanghai")
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert count == len(rows) >= 1
    assert (
        tuple(rows[0])
        == audit.CSV_COLUMNS
        == (
            "id",
            "at",
            "actor",
            "actor_kind",
            "role",
            "permission",
            "action",
            "object_type",
            "object_id",
            "summary",
            "client",
            "request_id",
        )
    )
    [mine] = [r for r in rows if r["actor"] == name]
    shown = datetime.fromisoformat(mine["at"])
    assert mine["at"].endswith("+08:00") and shown == now.replace(microsecond=0)
    assert mine["summary"] == '{"title":"停电检修"}'
    assert (mine["client"], mine["request_id"], mine["object_id"]) == (
        "198.51.100.1",
        "req-9",
        "9",
    )
    other = io.StringIO()
    audit.export_csv(conn, now, None, other, zone="Europe/London")
    [in_london] = [r for r in csv.DictReader(io.StringIO(other.getvalue())) if r["actor"] == name]
    assert datetime.fromisoformat(in_london["at"]) == shown
    assert in_london["at"].endswith(offset(now, "Europe/London"))
    empty = io.StringIO()
    assert audit.export_csv(conn, now - timedelta(days=2), now - timedelta(days=1), empty) == 0
    assert empty.getvalue().strip() == ",".join(audit.CSV_COLUMNS)


def _weather_csv(tmp_path: Path) -> Path:
    path = tmp_path / f"weather-{uuid.uuid4().hex[:6]}.csv"
    path.write_text("ts,temperature_c\n2032-01-01T00:00:00+08:00,4.5\n")
    return path


def test_a_cli_import_writes_its_row_in_its_own_transaction(
    migrated_db_url: str, tmp_path: Path
) -> None:
    """The import and its audit row are one transaction: inside an outer one both are seen,
    and rolled back neither stays."""
    path = _weather_csv(tmp_path)
    task = lambda c: import_weather_csv(c, path, False)  # noqa: E731
    with psycopg.connect(migrated_db_url) as connection:
        connection.execute("SELECT 1")  # an outer transaction: the import's blocks nest in it
        summary = run_audited(connection, task, "weather", path)
        assert summary.imported == 1
        [row] = audit.query(connection, object_type="import_file", object_id=path.name)
        assert row.action == "readings.import" and row.actor.startswith("cli:")
        assert row.actor_kind == "cli" and row.permission is None
        assert row.summary == {
            "kind": "weather",
            "file": path.name,
            "imported": 1,
            "replaced": summary.replaced,
            "rejected_rows": 0,
        }
        connection.rollback()
        assert audit.query(connection, object_type="import_file", object_id=path.name) == []


def test_a_cli_import_whose_audit_row_fails_imports_nothing(
    migrated_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "weather-fails.csv"
    path.write_text("ts,temperature_c\n2033-06-01T00:00:00+08:00,31.5\n")

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("audit refused")

    monkeypatch.setattr(audit, "record", refuse)
    with psycopg.connect(migrated_db_url) as connection:
        with pytest.raises(RuntimeError, match="audit refused"):
            run_audited(connection, lambda c: import_weather_csv(c, path, False), "weather", path)
        assert connection.execute(
            "SELECT count(*) FROM weather_reading WHERE ts = '2033-06-01T00:00:00+08:00'"
        ).fetchone() == (0,)


@pytest.fixture()
def gridops(migrated_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("GRIDOPS_DATABASE_URL", migrated_db_url)
    database_settings.cache_clear()
    yield CliRunner()
    database_settings.cache_clear()


def test_gridops_import_then_audit_list_and_export(
    gridops: CliRunner, migrated_db_url: str, tmp_path: Path
) -> None:
    path = _weather_csv(tmp_path)
    result = gridops.invoke(app, ["import", "weather", str(path), "--no-progress"])
    assert result.exit_code == 0, result.output
    with psycopg.connect(migrated_db_url) as connection:
        [row] = audit.query(connection, object_type="import_file", object_id=path.name)
    assert row.action == "readings.import"

    listed = gridops.invoke(app, ["audit", "list", "--action", "readings.import", "--limit", "5"])
    assert listed.exit_code == 0, listed.output
    header, *lines = listed.output.splitlines()
    assert header.split()[:5] == ["id", "at", "actor", "action", "object"]
    assert any(f"import_file:{path.name}"[:24] in line and str(row.id) in line for line in lines)
    assert all("readings.import" in line for line in lines)

    out = tmp_path / "audit.csv"
    today = local(datetime.now(UTC)).date().isoformat()  # the configured zone's day
    exported = gridops.invoke(
        app, ["audit", "export", "--since", "2020-01-01", "--until", today, "--output", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    assert f"audit rows written to {out}" in exported.output
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert tuple(rows[0]) == audit.CSV_COLUMNS
    [mine] = [r for r in rows if r["id"] == str(row.id)]
    assert mine["action"] == "readings.import" and mine["at"].endswith("+08:00")
    with psycopg.connect(migrated_db_url) as connection:
        assert audit.query(connection, action="audit.read", limit=1)[0].summary["rows"] == len(rows)


def test_gridops_audit_export_refuses_a_bad_date(gridops: CliRunner) -> None:
    result = gridops.invoke(app, ["audit", "export", "--since", "yesterday"])
    assert result.exit_code != 0
    assert "is not a date" in result.output
    result = gridops.invoke(
        app, ["audit", "export", "--since", "2026-02-01", "--until", "2026-01-01"]
    )
    assert result.exit_code == 1 and "until must be after since" in result.output


def _trigger_count(connection: psycopg.Connection) -> int:
    row = connection.execute(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass "
        "AND tgname = 'audit_event_append_only' AND tgenabled <> 'D'"
    ).fetchone()
    return int(row[0])


def test_an_upgrade_of_an_existing_database_makes_and_keeps_the_trigger(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database of the previous release (migrations to 060, no identity function file) is
    upgraded: 061 is applied and the trigger made; a trigger dropped by hand comes back with the
    next upgrade, which applies the function files again."""
    current_migrations = migrate.available_migrations()
    current_files = migrate.FUNCTION_FILES
    with psycopg.connect(empty_db_url, autocommit=True) as connection:
        monkeypatch.setattr(
            migrate,
            "available_migrations",
            lambda: [m for m in current_migrations if m.version <= 60],
        )
        monkeypatch.setattr(
            migrate, "FUNCTION_FILES", tuple(f for f in current_files if f[0] != "identity")
        )
        upgrade(connection)
        assert connection.execute("SELECT to_regclass('audit_event')").fetchone() == (None,)
        monkeypatch.undo()

        applied = upgrade(connection)
        assert [m.version for m in applied] == [
            m.version for m in current_migrations if m.version > 60
        ]
        assert _trigger_count(connection) == 1

        connection.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        assert upgrade(connection) == []
        assert _trigger_count(connection) == 1
        with connection.transaction():
            audit.record(connection, _user(_name()), "incident.dispatch")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM audit_event")
        assert connection.execute("SELECT count(*) FROM audit_event").fetchone() == (1,)
