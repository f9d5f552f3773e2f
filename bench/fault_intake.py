"""HTTP intake of fault reports on the medium demo (1,000 transformers, 100 feeders).

POST /api/v1/fault-reports from a local load generator (a raw asyncio HTTP/1.1 client in a
child process, as bench/planned_outages.py): random points inside the territory, random
channels, one e-mail contact per report. Reports per second and p50/p99 latency at
concurrency 1, 8 and 32, with 1 and 2 server processes (gridops serve --workers).
Peers, in the same run: the service call straight through psycopg (outage.fault_report.receive,
which the route calls: submit in a transaction of its own) from 1 and 8 threads with a
connection each, the floor of what the web stack adds; and GET /api/v1/health at concurrency 8
on the same server, the web stack's own rate on this machine at this moment.
Every report is real: located, inferred into incidents (reports pile up within the incident
window, so feeders and substations escalate as in a storm), and given its fault_received
notice. The public rate limit is lifted for the server (one client address here).
The benchmark's reports, incidents and notices are deleted, and the tables vacuumed, after
each row and at the end of the run, so every row starts from the same state.
Ours and the peers alternate over --rounds rounds (at least 3, bench/rounds.py) on each
server: every figure is the median with the lowest and highest round, and the intake's share
of the health route is taken within a round.
Target (issue 4): at least 300 reports/s with p99 under 100 ms at concurrency 8.

The medium demo goes into its own database, gridops_bench_medium, on the configured server
(GRIDOPS_DATABASE_URL or the embedded cluster); it is loaded once and reused.
Run: .venv/bin/python -m bench.fault_intake [--seconds 5] [--bodies 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import numpy as np
import shapely
from psycopg import sql

from bench.demo_database import demo_database_url
from bench.planned_outages import _one
from bench.planned_outages import load as load_get
from bench.rounds import Spread, alternate, check_rounds, ratio
from bench.server import running_console
from data.demo_network import DemoSize
from gis.database import connect
from outage import fault_report
from outage.models import ReportChannel

BENCH_DATABASE = "gridops_bench_medium"
CONCURRENCY = (1, 8, 32)
CHANNELS = ("wechat", "app", "web", "phone")
PATH = b"/api/v1/fault-reports"
DESCRIPTION = "no power (gridops benchmark)"  # marks the benchmark's reports for the clean-up


def medium_demo_url() -> str:
    """gridops_bench_medium on the configured server, with the medium demo loaded once."""
    return demo_database_url(DemoSize.MEDIUM)


def report_bodies(url: str, count: int, seed: int = 4) -> list[dict[str, Any]]:
    """`count` report bodies at random points inside the territory, random channels."""
    with connect(url) as conn:
        wkb = _one(conn, "SELECT ST_AsBinary(ST_Union(geom)) FROM territory")
    territory = shapely.from_wkb(bytes(wkb))
    shapely.prepare(territory)
    minx, miny, maxx, maxy = territory.bounds
    rng = np.random.default_rng(seed)
    lons, lats = np.empty(0), np.empty(0)
    while len(lons) < count:
        x, y = rng.uniform(minx, maxx, count), rng.uniform(miny, maxy, count)
        inside = shapely.contains_xy(territory, x, y)
        lons, lats = np.concatenate([lons, x[inside]]), np.concatenate([lats, y[inside]])
    channels = rng.choice(CHANNELS, count)
    return [
        {
            "lon": round(float(lons[i]), 7),
            "lat": round(float(lats[i]), 7),
            "channel": str(channels[i]),
            "contact": f"bench.reporter{i}@example.com",
            "description": DESCRIPTION,
        }
        for i in range(count)
    ]


def _request(body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    return (
        b"POST " + PATH + b" HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(data)).encode() + b"\r\n\r\n" + data
    )


async def _client(
    port: int,
    requests: list[bytes],
    deadline: float,
    latencies: list[float],
    errors: list[int],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent = 0
    while time.perf_counter() < deadline and sent < len(requests):
        started = time.perf_counter()
        writer.write(requests[sent])
        sent += 1
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        if not head.startswith(b"HTTP/1.1 201"):
            errors.append(int(head[9:12]))
    writer.close()


def _load_main(
    port: int, bodies: list[dict[str, Any]], concurrency: int, seconds: float, out: Any
) -> None:
    latencies: list[float] = []
    errors: list[int] = []
    requests = [_request(body) for body in bodies]

    async def run() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                _client(port, requests[i::concurrency], deadline, latencies, errors)
                for i in range(concurrency)
            )
        )

    started = time.perf_counter()
    asyncio.run(run())
    out.put((latencies, errors, time.perf_counter() - started))


def load(
    port: int, bodies: list[dict[str, Any]], concurrency: int, seconds: float
) -> tuple[list[float], list[int], float]:
    """POST the bodies (each once) from `concurrency` connections for `seconds`, in a child
    process: (latencies, error statuses, elapsed seconds)."""
    context = multiprocessing.get_context("spawn")
    queue: Any = context.Queue()
    child = context.Process(target=_load_main, args=(port, bodies, concurrency, seconds, queue))
    child.start()
    result = queue.get(timeout=seconds + 120)
    child.join()
    return result


@dataclass(frozen=True)
class Row:
    """One row's figures in one round."""

    rate: float
    p50_ms: float
    p99_ms: float
    errors: int


def _figures(latencies: list[float], errors: int, elapsed: float) -> Row:
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return Row(len(ordered) / elapsed, p50, p99, errors)


def _print_row(label: str, concurrency: int, rows: list[Row]) -> None:
    def spread(field: str) -> Spread:
        return Spread(tuple(getattr(row, field) for row in rows))

    print(
        f"{label:>18}{concurrency:>6}{spread('rate').text(0):>22}"
        f"{spread('p50_ms').text(1):>20}{spread('p99_ms').text(1):>22}"
        f"{sum(row.errors for row in rows):>8}"
    )


def _submit_all(url: str, bodies: list[dict[str, Any]], deadline: float) -> list[float]:
    latencies: list[float] = []
    with connect(url) as conn:
        for body in bodies:
            if time.perf_counter() >= deadline:
                break
            draft = fault_report.FaultReportDraft(
                lon=body["lon"],
                lat=body["lat"],
                channel=ReportChannel(body["channel"]),
                contact=body["contact"],
                description=body["description"],
            )
            began = time.perf_counter()
            fault_report.receive(conn, draft, datetime.now(UTC))
            latencies.append(time.perf_counter() - began)
    return latencies


def bench_service(url: str, bodies: list[dict[str, Any]], concurrency: int, seconds: float) -> Row:
    """The peer: receive() (submit in its own transaction) through psycopg, one connection
    per thread."""
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        parts = list(
            pool.map(
                lambda i: _submit_all(url, bodies[i::concurrency], deadline), range(concurrency)
            )
        )
    elapsed = time.perf_counter() - started
    return _figures([x for part in parts for x in part], 0, elapsed)


def _marks(url: str) -> dict[str, int]:
    """The highest ids before the run: what the run adds lies above them."""
    with connect(url) as conn:
        return {
            table: int(
                conn.execute(
                    sql.SQL("SELECT coalesce(max(id), 0) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]  # type: ignore[index]
            )
            for table in ("fault_report", "incident", "notice")
        }


def clean(url: str, marks: dict[str, int]) -> int:
    """Delete what the run wrote, and only that (the database may be shared): its reports
    (above the mark, with the benchmark's description; contacts cascade), their notices, and
    the incidents above the mark that no other report holds (events cascade)."""
    with connect(url) as conn:
        reports = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM fault_report WHERE id > %s AND description = %s",
                (marks["fault_report"], DESCRIPTION),
            )
        ]
        conn.execute(
            "DELETE FROM notice WHERE id > %s AND recipient_type = 'reporter' "
            "AND recipient_id = ANY(%s)",
            (marks["notice"], reports),
        )
        conn.execute("DELETE FROM fault_report WHERE id = ANY(%s)", (reports,))
        conn.execute(
            "DELETE FROM incident AS i WHERE i.id > %s "
            "AND NOT EXISTS (SELECT FROM fault_report AS r WHERE r.incident_id = i.id) "
            "AND NOT EXISTS (SELECT FROM crew_job AS j WHERE j.incident_id = i.id) "
            "AND NOT EXISTS (SELECT FROM incident AS o WHERE o.absorbed_into = i.id "
            "                AND (o.id <= %s OR EXISTS "
            "                     (SELECT FROM fault_report AS r WHERE r.incident_id = o.id)))",
            (marks["incident"], marks["incident"]),
        )
        conn.commit()
        # the dead rows too: the run should leave the tables as it found them, and the next
        # row should not pay for this one's (this server may run without autovacuum)
        conn.autocommit = True
        conn.execute("VACUUM (ANALYZE) fault_report, fault_report_contact, incident_event")
        conn.execute("VACUUM (ANALYZE) incident, notice")
        return len(reports)


def _contender(
    rows: dict[str, list[Row]], name: str, measure: Callable[[], Row]
) -> Callable[[], float]:
    """A contender for alternate(): one row measured, kept under `name`, its rate answered."""

    def measured() -> float:
        row = measure()
        rows.setdefault(name, []).append(row)
        return row.rate

    return measured


def _http(port: int, bodies: list[dict[str, Any]], concurrency: int, seconds: float) -> Row:
    latencies, errors, elapsed = load(port, bodies, concurrency, seconds)
    if errors:
        print(f"error statuses at concurrency {concurrency}: {sorted(set(errors))}")
    return _figures(latencies, len(errors), elapsed)


def _health(port: int, seconds: float) -> Row:
    latencies, errors, elapsed = load_get(port, "/api/v1/health", 8, seconds)
    return _figures(latencies, len(errors), elapsed)


def run(url: str, seconds: float, body_count: int, rounds: int) -> None:
    """Time fault-report intake over HTTP at each concurrency, with one and two server processes."""
    bodies = report_bodies(url, body_count)
    os.environ["GRIDOPS_PUBLIC_RATE_PER_MINUTE"] = "100000000"  # one client address here
    print(
        f"fault reports on {BENCH_DATABASE}: {seconds:g} s per row, a fresh body per report; "
        f"{rounds} alternating rounds: median (lowest-highest round)"
    )
    print(
        f"{'processes':>18}{'conc.':>6}{'reports/s':>22}{'p50 ms':>20}{'p99 ms':>22}{'errors':>8}"
    )
    marks = _marks(url)
    try:
        rows: dict[str, list[Row]] = {}
        contenders = {
            f"service {c}": _contender(
                rows, f"service {c}", partial(bench_service, url, bodies, c, seconds)
            )
            for c in (1, 8)
        }
        alternate(contenders, rounds, between=lambda: clean(url, marks))
        for c in (1, 8):
            _print_row("service call alone", c, rows[f"service {c}"])
        for workers in (1, 2):
            with running_console(url, workers) as base:
                port = int(base.rsplit(":", 1)[1])
                load(port, bodies[-200:], 4, 1.0)  # warm up the pools and the code paths
                clean(url, marks)
                contenders = {
                    f"{workers} {c}": _contender(
                        rows, f"{workers} {c}", partial(_http, port, bodies, c, seconds)
                    )
                    for c in CONCURRENCY
                }
                contenders[f"{workers} health"] = _contender(
                    rows, f"{workers} health", partial(_health, port, seconds)
                )
                rates = alternate(contenders, rounds, between=lambda: clean(url, marks))
                for c in CONCURRENCY:
                    _print_row(str(workers), c, rows[f"{workers} {c}"])
                _print_row(f"{workers} peer: health", 8, rows[f"{workers} health"])
                share = ratio(rates[f"{workers} 8"], rates[f"{workers} health"])
                print(f"{'':>18}intake / health at concurrency 8, per round: {share.text(2)}")
    finally:
        print(f"\ncleaned: {clean(url, marks):,} reports left by an interrupted row")


def main() -> None:
    """Time fault-report intake over HTTP on the medium demo and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="per row")
    parser.add_argument("--bodies", type=int, default=20_000, help="distinct report bodies")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating rounds")
    args = parser.parse_args()
    run(medium_demo_url(), args.seconds, args.bodies, args.rounds)


if __name__ == "__main__":
    main()
