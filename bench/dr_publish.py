"""Publishing DR requests on the large demo: the way of migration 041 against today's, side by
side in one run (target: 100,000 requests written in under 3 s).

An event over about 100,000 enrolled customers (a box of the territory, every customer in it
enrolled, as bench.dr), in one transaction rolled back at the end; every run in a savepoint
rolled back, the two ways alternating, --repeat runs each; medians are printed, and the ratio.
- 041: the target's customers to Python (as dr.target.target_customers did); secrets.token_urlsafe
  tokens and COPY into a staging table; the participants from it into a copy of 040's
  dr_participant (three foreign keys, UNIQUE token_hash, made in the transaction); the notices
  from it. Each step timed.
- now: dr.request.write_requests, one statement (dr/sql/request/insert_requests.sql); and
  dr.event.publish whole (lock, window checks, status, requests). One more run under EXPLAIN
  ANALYZE splits it: target and tokens, participants, notices.
- peer: notify.outbox.enqueue_for_customers alone for the same customers (one shared payload),
  the floor of writing the notices.

Run: .venv/bin/python -m bench.dr_publish [--customers 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from bench.demo_database import vacuum
from bench.dr import bench_event
from bench.planned_outages import large_demo_url
from bench.rounds import check_rounds
from dr import event as events
from dr.request import write_requests
from dr.target import ResolvedTarget, resolve, target_parameters, target_statement
from gis.database import connect
from gis.migrate import upgrade
from gis.sql_file import load_sql
from notify.models import NoticeKind
from notify.outbox import enqueue_for_customers

ZONE = ZoneInfo("Asia/Shanghai")
Steps = dict[str, float]


def _in_savepoint(conn: psycopg.Connection, work: Callable[[], Steps]) -> Steps:
    conn.execute("SAVEPOINT run")
    try:
        return work()
    finally:
        conn.execute("ROLLBACK TO SAVEPOINT run")


def _locked_event(conn: psycopg.Connection, event_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(load_sql("dr", "event/select_event_for_update.sql"), {"id": event_id})
        found = row.fetchone()
    assert found is not None  # created by _setup
    return found


def target_customers_041(
    conn: psycopg.Connection, row: dict[str, Any], resolved: ResolvedTarget, now: datetime
) -> list[tuple[Any, ...]]:
    """The 041 way's first step: the enrolled customers of the target to Python (customer,
    transformer, expected kW, channel, language), as dr.target.target_customers brought them."""
    statement = load_sql("dr", "target/with_target_customers.sql") + load_sql(
        "bench", "dr_041_select_target_customers.sql"
    )
    parameters = target_parameters(
        row["program_id"], resolved, row["starts_at"], row["ends_at"], now
    )
    return conn.execute(statement.encode(), parameters).fetchall()


def publish_as_041(
    conn: psycopg.Connection, row: dict[str, Any], resolved: ResolvedTarget, now: datetime
) -> Steps:
    """The requests written the 041 way, step by step (seconds per step)."""
    steps: Steps = {}
    started = time.perf_counter()
    customers = target_customers_041(conn, row, resolved, now)
    steps["target customers to Python"] = time.perf_counter() - started
    started = time.perf_counter()
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY dr_request_incoming (customer_id, transformer_id, token, expected_kw, channel,"
            " language) FROM STDIN"
        ) as copy,
    ):
        for customer, transformer, expected_kw, channel, language, _ in customers:
            token = secrets.token_urlsafe(24)
            copy.write_row((customer, transformer, token, expected_kw, channel, language))
    steps["tokens and COPY into the staging table"] = time.perf_counter() - started
    event_ref = f"dr_event:{row['id']}:m{row['modification_number']}"
    for label, name, parameters in (
        ("participants (3 foreign keys, UNIQUE token)", "dr_041_insert_participants.sql", {}),
        (
            "notices",
            "dr_041_insert_notices.sql",
            {"payload": Jsonb({"dr_event_id": row["id"]}), "base_url": "https://x"},
        ),
    ):
        started = time.perf_counter()
        conn.execute(
            load_sql("bench", name).encode(),
            {"event_id": row["id"], "event_ref": event_ref, "max_attempts": 5, **parameters},
        )
        steps[label] = time.perf_counter() - started
    steps["total"] = sum(steps.values())
    return steps


def _plan_times(node: dict[str, Any], found: dict[str, float]) -> None:
    """Actual total ms of the statement's CTEs (request, participant) and of its top node."""
    name = node.get("Subplan Name") or ""
    if name.startswith("CTE "):
        found[name[4:]] = node["Actual Total Time"]
    for child in node.get("Plans", []):
        _plan_times(child, found)


def explain_now(
    conn: psycopg.Connection, row: dict[str, Any], resolved: ResolvedTarget, now: datetime
) -> Steps:
    """Today's statement under EXPLAIN ANALYZE: the time of each part (seconds)."""
    parameters = target_parameters(
        row["program_id"], resolved, row["starts_at"], row["ends_at"], now
    )
    parameters.update(
        event_id=row["id"],
        payload=Jsonb({"dr_event_id": row["id"]}),
        base_url="https://x",
        event_ref=f"dr_event:{row['id']}:m0",
        max_attempts=5,
    )
    statement = b"EXPLAIN (ANALYZE, FORMAT JSON) " + target_statement("request/insert_requests.sql")
    found = conn.execute(statement, parameters).fetchone()
    assert found is not None  # EXPLAIN answers one row
    plan = found[0][0]
    times: dict[str, float] = {}
    _plan_times(plan["Plan"], times)
    total = plan["Execution Time"]
    request, participant = times.get("request", 0.0), times.get("participant", 0.0)
    return {
        "target, contacts and tokens (CTE request)": request / 1000,
        "participants (CTE participant)": participant / 1000,
        "notices (the rest)": (total - request - participant) / 1000,
        "total": total / 1000,
    }


def _setup(
    conn: psycopg.Connection, customers: int
) -> tuple[events.EventDraft, ResolvedTarget, datetime]:
    """bench.dr's event (every customer in the area enrolled), its target resolved."""
    draft, _, planned = bench_event(conn, customers)
    conn.execute("ANALYZE dr_enrolment")
    return draft, resolve(conn, draft.target), planned


def _print(label: str, runs: list[float], against: float | None = None) -> None:
    median = statistics.median(runs)
    ratio = f"{against / median:>8.2f}x" if against else f"{'':>9}"
    spread = f"{min(runs):.3f}-{max(runs):.3f}"
    print(f"{label:<52}{median:>9.3f}{ratio}   {spread}")


def run(url: str, customers: int, repeat: int) -> None:
    """Every way on an event of its own (rolled-back rows of an earlier run with the same keys
    would slow the unique checks of the next), the 041 way and today's in turn first."""
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
    with connect(url) as conn:
        draft, resolved, now = _setup(conn, customers)
        conn.execute(load_sql("bench", "dr_041_create_tables.sql").encode())

        def fresh_event() -> dict[str, Any]:
            return _locked_event(conn, events.create(conn, draft, now).id)

        first = fresh_event()
        ids = [row[0] for row in target_customers_041(conn, first, resolved, now)]

        def way_041() -> Steps:
            conn.execute("TRUNCATE dr_request_incoming")
            return publish_as_041(conn, fresh_event(), resolved, now)

        def way_now() -> Steps:
            row = fresh_event()
            started = time.perf_counter()
            written = write_requests(conn, row, resolved, now)
            return {"requests": time.perf_counter() - started, "written": written}

        def publish_whole() -> Steps:
            event_id = fresh_event()["id"]
            started = time.perf_counter()
            events.publish(conn, event_id, now)
            return {"publish": time.perf_counter() - started}

        def peer() -> Steps:
            ref = f"bench:peer:{time.monotonic_ns()}"
            started = time.perf_counter()
            enqueue_for_customers(conn, NoticeKind.DR_REQUEST, ref, ids, {"x": 1})
            return {"peer": time.perf_counter() - started}

        runs: dict[str, list[float]] = {}
        for number in range(repeat):
            order = [way_041, way_now] if number % 2 == 0 else [way_now, way_041]
            for work in (*order, publish_whole, peer):
                prefix = "041 " if work is way_041 else ""
                for label, seconds in _in_savepoint(conn, work).items():
                    runs.setdefault(prefix + label, []).append(seconds)
        parts = _in_savepoint(conn, lambda: explain_now(conn, fresh_event(), resolved, now))
        written = int(runs.pop("written")[0])
        print(f"\n{written:,} requests, {repeat} runs each; median s, (041 / now), min-max")
        print("041: target to Python, COPY of Python tokens, 3 foreign keys, UNIQUE token")
        for label, seconds_list in runs.items():
            if label.startswith("041 "):
                _print(f"  {label[4:]}", seconds_list)
        old = statistics.median(runs["041 total"])
        print("now: one INSERT ... SELECT (dr/sql/request/insert_requests.sql)")
        _print("  requests written (target 3 s)", runs["requests"], old)
        _print("  dr.event.publish whole (lock, checks, requests)", runs["publish"], old)
        print("  under EXPLAIN ANALYZE, one run:")
        for label, seconds in parts.items():
            print(f"    {label:<48}{seconds:>9.3f}")
        _print("peer: enqueue_for_customers alone", runs["peer"])
        conn.rollback()


def main() -> None:
    """Time publishing --customers DR requests, migration 041's way against today's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=check_rounds, default=5, help="alternating rounds")
    args = parser.parse_args()
    url = large_demo_url()
    try:
        run(url, args.customers, args.repeat)
    finally:
        vacuum(url, "notice", "dr_participant", "dr_event")


if __name__ == "__main__":
    main()
