"""Demand response at scale, on the large demo (about 10,000 transformers, 1,000,000 customers).

An event over about 100,000 enrolled customers (a box of the territory, every customer in it
enrolled, all in one transaction that is rolled back at the end). Preview and publication run
--repeat times (each publication rolled back but the last) and their medians are printed; M&V
runs once, on the last.
1. Preview (target: under 1 s). Peer: the bare PostGIS count of the enrolled customers in the
   same area.
2. Create and publish: participants with their tokens and one dr_request per participant
   written through the outbox (target: under 3 s). Peer: enqueue_for_customers alone (one
   shared payload) for the same customers.
3. M&V for every participant: baselines (highest 5 of 10 similar days, same-day adjustment),
   actual, reduction, incentive, hourly sums, transformer relief (target: under 30 s). Their
   customer_load_reading (the window and adjustment hours of the 10 similar days and the event
   day) is written first with COPY, not timed; with --every-hour, every hour of the span from
   the first similar day to the event day, as meters report (about 8 times as many). Peer: one
   bare aggregate over the readings of the span (sum of each participant's kW per day in the
   window hours).

Run: .venv/bin/python -m bench.dr [--customers 100000] [--repeat 3] [--no-measure] [--every-hour]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from shapely.geometry import mapping

from bench.demo_database import vacuum
from bench.planned_outages import area_with_customers, large_demo_url
from bench.rounds import Spread, check_rounds, ratio
from dr import event as events
from dr.measurement import BaselineMethod, adjustment_hours, measure, similar_days
from dr.program import ProgramDraft, create_program, simulate_responses
from dr.target import Target, window_hours
from gis.database import connect
from gis.geometry import DrawnArea, parse_area
from gis.migrate import upgrade
from notify.models import NoticeKind
from notify.outbox import enqueue_for_customers

ZONE = ZoneInfo("Asia/Shanghai")


def _timed(label: str, seconds: float, peer: float | None = None) -> None:
    ratio = f"{seconds / peer:>8.1f}" if peer else f"{'':>8}"
    print(f"{label:<52}{seconds:>10.3f}{ratio}")


def _write_readings(conn: psycopg.Connection, customers: list[int], stamps: list[datetime]) -> int:
    rng = random.Random(7)
    with (
        conn.cursor() as cur,
        cur.copy("COPY customer_load_reading (customer_id, ts, kw) FROM STDIN") as copy,
    ):
        for stamp in stamps:
            text = stamp.isoformat()
            buffer = io.StringIO()
            for customer in customers:
                buffer.write(f"{customer}\t{text}\t{rng.uniform(0.5, 3.0):.3f}\n")
            copy.write(buffer.getvalue())
    return len(customers) * len(stamps)


def bench_event(
    conn: psycopg.Connection, customers: int
) -> tuple[events.EventDraft, DrawnArea, datetime]:
    """A program with every customer of an area of about `customers` enrolled, the draft of
    its event (18:00-20:00 on the last day of load) and the moment it is planned."""
    area = parse_area(mapping(area_with_customers(conn, customers)))
    program = create_program(conn, ProgramDraft("bench", Decimal("0.8"), 100, timedelta(hours=2)))
    conn.execute(
        "INSERT INTO dr_enrolment (program_id, customer_id) SELECT %s, id FROM customer "
        "WHERE ST_Covers(ST_GeomFromWKB(%s, 4326), geom)",
        (program.id, area.wkb),
    )
    row = conn.execute("SELECT max(ts) FROM transformer_latest_load").fetchone()
    assert row is not None  # an aggregate answers one row
    day = (row[0].astimezone(ZONE) - timedelta(hours=23)).date()
    starts = datetime.combine(day, clock(18), ZONE)
    draft = events.EventDraft(
        program.id, "bench", starts, starts + timedelta(hours=2), 5000.0, Target(area=area)
    )
    return draft, area, starts - timedelta(hours=6)


def run(
    url: str, customers: int, measure_too: bool = True, repeat: int = 3, every_hour: bool = False
) -> None:
    """Time preview, publication and M&V of a DR event over about `customers` customers."""
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
        conn.execute("VACUUM customer_load_reading")  # earlier runs' rolled-back readings
    with connect(url) as conn:
        draft, area, planned = bench_event(conn, customers)
        program_id, starts, ends = draft.program_id, draft.starts_at, draft.ends_at
        day = starts.date()

        runs: dict[str, list[float]] = {}

        def timed(label: str, work: Callable[[], Any]) -> Any:
            started = time.perf_counter()
            answer = work()
            runs.setdefault(label, []).append(time.perf_counter() - started)
            return answer

        def count_enrolled() -> Any:
            return conn.execute(
                "SELECT count(*) FROM customer c JOIN dr_enrolment e ON e.customer_id = c.id "
                "AND e.program_id = %s WHERE ST_Covers(ST_GeomFromWKB(%s, 4326), c.geom)",
                (program_id, area.wkb),
            ).fetchone()

        def create_and_publish() -> tuple[int, int]:
            created = events.create(conn, draft, planned)
            return created.id, events.publish(conn, created.id, planned)[1]

        def enqueue_peer(reference: str, customer_ids: list[int]) -> int:
            return enqueue_for_customers(
                conn, NoticeKind.DR_REQUEST, reference, customer_ids, {"x": 1}
            )

        ids: list[int] = []
        for number in range(repeat):  # each publication rolled back but the last
            _, preview = timed("preview", lambda: events.preview(conn, draft, planned))
            timed("count", count_enrolled)
            conn.execute("SAVEPOINT publish")
            event_id, written = timed("publish", create_and_publish)
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT customer_id FROM dr_participant WHERE event_id = %s", (event_id,)
                )
            ]
            conn.execute("SAVEPOINT peer")
            timed("enqueue", partial(enqueue_peer, f"bench:peer:{number}", list(ids)))
            conn.execute("ROLLBACK TO SAVEPOINT peer")
            if number < repeat - 1:
                conn.execute("ROLLBACK TO SAVEPOINT publish")
        median = {label: statistics.median(seconds) for label, seconds in runs.items()}
        print(
            f"\nevent over {preview.customers:,} enrolled customers, "
            f"{len(preview.transformers):,} transformers; medians of {repeat} runs"
        )
        print(f"{'step':<52}{'s':>10}{'ratio':>8}")
        _timed("preview (target 1 s)", median["preview"], median["count"])
        _timed("  peer: bare PostGIS count of the enrolled in the area", median["count"])
        _timed(
            f"create + publish: {written:,} requests (target 3 s)",
            median["publish"],
            median["enqueue"],
        )
        _timed("  peer: enqueue_for_customers alone", median["enqueue"])
        spread = {label: Spread(tuple(seconds)) for label, seconds in runs.items()}
        print(
            "  alternating rounds, median (lowest-highest round): "
            + ", ".join(f"{label} {value.text(3)} s" for label, value in spread.items())
            + f"; preview / count {ratio(spread['preview'], spread['count']).text(2)}, "
            f"publish / enqueue {ratio(spread['publish'], spread['enqueue']).text(2)}"
        )
        created_id = event_id

        if not measure_too:
            conn.rollback()
            return
        method = BaselineMethod()
        hours = window_hours(starts, ends)
        days = [*similar_days(day, method)[: method.similar_days], day]
        stamps = [
            datetime.combine(d, clock(h), ZONE)
            for d in days
            for h in hours + adjustment_hours(hours[0], method)
        ]
        if every_hour:  # as meters report: every hour of the span, not only those M&V reads
            first = datetime.combine(min(days), clock(0), ZONE)
            span = datetime.combine(day + timedelta(days=1), clock(0), ZONE) - first
            stamps = [first + timedelta(hours=h) for h in range(int(span / timedelta(hours=1)))]
        started = time.perf_counter()
        rows = _write_readings(conn, ids, stamps)
        conn.execute("ANALYZE customer_load_reading")
        simulate_responses(conn, created_id)
        print(
            f"  (readings: {rows:,} rows by COPY and responses, "
            f"{time.perf_counter() - started:.1f} s, untimed)"
        )

        started = time.perf_counter()
        result = measure(conn, created_id, ends + timedelta(hours=1), method)
        measure_s = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute(
            "SELECT customer_id, (ts AT TIME ZONE 'Asia/Shanghai')::date, sum(kw) "
            "FROM customer_load_reading WHERE customer_id = ANY(%s) AND ts >= %s AND ts < %s "
            "AND extract(hour FROM ts AT TIME ZONE 'Asia/Shanghai') = ANY(%s) GROUP BY 1, 2",
            (ids, min(stamps), ends, hours),
        ).fetchall()
        scan_s = time.perf_counter() - started
        _timed(f"M&V: {result.measured:,} participants (target 30 s)", measure_s, scan_s)
        _timed("  peer: bare aggregate of the same readings", scan_s)
        print(
            f"  reduction {result.reduction_kwh:,.0f} kWh of {result.baseline_kwh:,.0f}, "
            f"incentive {result.incentive:,} CNY"
        )
        conn.rollback()


def main() -> None:
    """Time a DR event over --customers customers on the large demo and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--no-measure", action="store_true", help="preview and publish only")
    parser.add_argument(
        "--repeat", type=check_rounds, default=3, help="alternating rounds of preview and publish"
    )
    parser.add_argument(
        "--every-hour", action="store_true", help="meter every hour of the span (M&V reads 44)"
    )
    args = parser.parse_args()
    url = large_demo_url()
    try:
        run(url, args.customers, not args.no_measure, args.repeat, args.every_hour)
    finally:
        vacuum(url, "notice", "dr_participant", "dr_event", "dr_enrolment", "customer_load_reading")


if __name__ == "__main__":
    main()
