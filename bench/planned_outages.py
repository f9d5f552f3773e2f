"""Planned outages at scale, on the large demo (about 10,000 transformers, 1,000,000 customers).

1. Preview of an outage covering about 100,000 customers (target: under 1 s).
   Peer: the bare PostGIS count of the customers in the same area.
2. Publish it with every outage_notice written through the outbox (target: under 3 s).
   Peer: enqueue_for_customers alone for the same customers.
3. Public lookup GET /api/v1/outages?lon&lat: requests per second and p50/p99 at concurrency
   1, 8 and 32 (target: at least 1,000 requests/s with p99 under 50 ms at concurrency 8).
   Peers: the same lookup query straight through psycopg, one connection; and the health
   route (one SELECT 1) at concurrency 8, the floor of what the web stack costs a request.
   Each with 1 and 2 server processes (gridops serve --workers).

The large demo goes into its own database, gridops_bench_large, on the configured server
(GRIDOPS_DATABASE_URL or the embedded cluster); it is loaded once and reused.
The load generator is a raw asyncio HTTP/1.1 client in a child process, so that its CPU is not
the server's GIL.
Preview and publish alternate with their peers over --repeat rounds, the lookup with the health
route over --rounds rounds (each at least 3): medians with the lowest and highest round.
Run: .venv/bin/python -m bench.planned_outages [--customers 100000] [--repeat 5] [--seconds 5]
[--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import psycopg
from shapely.geometry import box, mapping

from bench.demo_database import demo_database_url
from bench.rounds import Spread, alternate, check_rounds, ratio
from bench.server import running_console
from data.demo_network import DemoSize
from gis.database import connect
from gis.geometry import parse_area
from notify.models import NoticeKind
from notify.outbox import enqueue_for_customers
from outage import planned_outage as service

LOOKUP_CONCURRENCY = (1, 8, 32)


def large_demo_url() -> str:
    """gridops_bench_large on the configured server, with the large demo loaded once."""
    return demo_database_url(DemoSize.LARGE)


def _one(conn: psycopg.Connection, query: str, params: tuple[Any, ...] = ()) -> Any:
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def area_with_customers(conn: psycopg.Connection, target: int) -> Any:
    """A box around the territory's centre holding about `target` customers (bisection)."""
    extent = conn.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) t"
    ).fetchone()
    if extent is None or extent[0] is None:
        raise SystemExit("no territory: the large demo is not loaded")
    minx, miny, maxx, maxy = extent
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    low, high = 0.0, 0.5
    area = box(minx, miny, maxx, maxy)
    for _ in range(20):
        share = (low + high) / 2
        dx, dy = (maxx - minx) * share, (maxy - miny) * share
        area = box(cx - dx, cy - dy, cx + dx, cy + dy)
        count = _one(
            conn,
            "SELECT count(*) FROM customer WHERE ST_Intersects(geom, ST_GeomFromText(%s, 4326))",
            (area.wkt,),
        )
        if abs(count - target) <= target * 0.01:
            break
        low, high = (share, high) if count < target else (low, share)
    return area


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def bench_preview_and_publish(url: str, customers: int, repeat: int) -> None:
    """Time previewing and publishing an outage over about `customers` customers against peers."""
    with connect(url) as conn:
        area = area_with_customers(conn, customers)
        drawn = parse_area(mapping(area))
        conn.rollback()
        previews, counts = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            result = service.preview(conn, drawn)
            previews.append(time.perf_counter() - started)
            conn.rollback()
            started = time.perf_counter()
            conn.execute(
                "SELECT count(*) FROM customer WHERE ST_Intersects(geom, ST_GeomFromWKB(%s, 4326))",
                (drawn.wkb,),
            ).fetchone()
            counts.append(time.perf_counter() - started)
            conn.rollback()
        affected = result.customers
        print(f"\narea: {affected:,} customers, {len(result.transformers):,} transformers")
        print(f"{'step':<44}{'median s':>10}{'ratio':>8}")
        print(
            f"{'preview (counts, lists, union of areas)':<44}{_median(previews):>10.3f}"
            f"{_median(previews) / _median(counts):>8.1f}"
        )
        print(f"{'  peer: bare PostGIS count in the area':<44}{_median(counts):>10.3f}{1.0:>8.1f}")
        _spreads("preview", previews, "count", counts)

        now = datetime.now(UTC)
        draft = service.OutageDraft(
            title="Bench outage",
            reason="Benchmark",
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=6),
            area=drawn,
        )
        publishes, enqueues, notices = [], [], 0
        for _ in range(max(3, repeat // 2)):
            with conn.transaction(force_rollback=True):
                outage = service.create(conn, draft, now)
                started = time.perf_counter()
                _, written = service.publish(conn, outage.id, now)
                publishes.append(time.perf_counter() - started)
                notices = written.total
                ids = _one(
                    conn, "SELECT customer_ids FROM planned_outage WHERE id = %s", (outage.id,)
                )
            with conn.transaction(force_rollback=True):
                started = time.perf_counter()
                enqueue_for_customers(
                    conn, NoticeKind.OUTAGE_NOTICE, "bench:peer", ids, {"title": "peer"}
                )
                enqueues.append(time.perf_counter() - started)
        print(
            f"{'publish (' + format(notices, ',') + ' notices written)':<44}"
            f"{_median(publishes):>10.3f}{_median(publishes) / _median(enqueues):>8.1f}"
        )
        print(f"{'  peer: enqueue_for_customers alone':<44}{_median(enqueues):>10.3f}{1.0:>8.1f}")
        _spreads("publish", publishes, "enqueue", enqueues)


def _spreads(ours: str, ours_s: list[float], peer: str, peer_s: list[float]) -> None:
    """The alternating rounds' spread: each figure's lowest and highest round, and the ratio
    taken within each round."""
    mine, theirs = Spread(tuple(ours_s)), Spread(tuple(peer_s))
    print(
        f"  {len(ours_s)} alternating rounds, median (lowest-highest): {ours} "
        f"{mine.text(3)} s, {peer} {theirs.text(3)} s, ratio {ratio(mine, theirs).text(2)}"
    )


def publish_lookup_target(url: str) -> tuple[float, float]:
    """Publish a small outage for the lookups to find; returns a point inside it."""
    with connect(url) as conn:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE 'planned_outage:%'")
        conn.execute("DELETE FROM planned_outage WHERE title = 'Bench lookup'")
        area = area_with_customers(conn, 2000)
        now = datetime.now(UTC)
        draft = service.OutageDraft(
            title="Bench lookup",
            reason="Benchmark",
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=4),
            area=parse_area(mapping(area)),
        )
        outage = service.create(conn, draft, now)
        service.publish(conn, outage.id, now)
        conn.commit()
    centre = area.centroid
    return centre.x, centre.y


async def _client(
    port: int, path: bytes, deadline: float, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET " + path + b" HTTP/1.1\r\nHost: bench\r\n\r\n"
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        if not head.startswith(b"HTTP/1.1 200"):
            errors.append(int(head[9:12]))
    writer.close()


def _load_main(port: int, path: str, concurrency: int, seconds: float, out: Any) -> None:
    latencies: list[float] = []
    errors: list[int] = []

    async def run() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(_client(port, path.encode(), deadline, latencies, errors) for _ in range(concurrency))
        )

    started = time.perf_counter()
    asyncio.run(run())
    out.put((latencies, errors, time.perf_counter() - started))


def load(
    port: int, path: str, concurrency: int, seconds: float
) -> tuple[list[float], list[int], float]:
    """Load path from a child process at concurrency; returns latencies, errors, elapsed seconds."""
    queue: Any = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(
        target=_load_main, args=(port, path, concurrency, seconds, queue)
    )
    child.start()
    result = queue.get(timeout=seconds + 60)
    child.join()
    return result


def bench_lookup(url: str, seconds: float, rounds: int) -> None:
    """Time the public outage lookup over HTTP at each concurrency against the query alone."""
    lon, lat = publish_lookup_target(url)
    path = f"/api/v1/outages?lon={lon:.6f}&lat={lat:.6f}"
    with connect(url) as conn:
        direct = []
        for _ in range(500):
            started = time.perf_counter()
            found = service.lookup_at_point(conn, lon, lat, datetime.now(UTC))
            direct.append(time.perf_counter() - started)
        assert found, "the lookup point must fall inside the bench outage"
    sql_ms = _median(direct) * 1000
    os.environ["GRIDOPS_PUBLIC_RATE_PER_MINUTE"] = "100000000"  # one client address here
    print(
        f"\npublic lookup at {lon:.5f},{lat:.5f}; peer: the lookup query alone, p50 {sql_ms:.2f} ms"
    )
    print(
        f"{rounds} alternating rounds of lookup and health: median (lowest-highest round)\n"
        f"{'processes':>9}{'route':>8}{'concurrency':>12}{'req/s':>20}"
        f"{'p50 ms':>18}{'p99 ms':>20}{'errors':>8}"
    )
    for workers in (1, 2):
        with running_console(url, workers) as base:
            port = int(base.rsplit(":", 1)[1])
            load(port, path, 4, 1.0)  # warm up the pools and the code paths
            rows: dict[str, list[tuple[float, float, float, int]]] = {}
            contenders = {
                f"lookup {c}": partial(_lookup_row, rows, f"lookup {c}", port, path, c, seconds)
                for c in LOOKUP_CONCURRENCY
            }
            contenders["health 8"] = partial(
                _lookup_row, rows, "health 8", port, "/api/v1/health", 8, seconds
            )
            rates = alternate(contenders, rounds)
            for name, measured in rows.items():
                route, concurrency = name.split()
                rate, p50, p99 = (Spread(tuple(m[k] for m in measured)) for k in range(3))
                print(
                    f"{workers:>9}{route:>8}{concurrency:>12}{rate.text(0):>20}"
                    f"{p50.text(1):>18}{p99.text(1):>20}{sum(m[3] for m in measured):>8}"
                )
            share = ratio(rates["lookup 8"], rates["health 8"])
            print(f"{'':>9}lookup / health at concurrency 8, per round: {share.text(2)}")


def _lookup_row(
    rows: dict[str, list[tuple[float, float, float, int]]],
    name: str,
    port: int,
    target: str,
    concurrency: int,
    seconds: float,
) -> float:
    latencies, errors, elapsed = load(port, target, concurrency, seconds)
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    rows.setdefault(name, []).append((len(latencies) / elapsed, p50, p99, len(errors)))
    return len(latencies) / elapsed


def main() -> None:
    """Time planned-outage preview, publication and the public lookup on the large demo."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=check_rounds, default=5, help="preview rounds")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="lookup rounds")
    parser.add_argument("--seconds", type=float, default=5.0, help="per lookup concurrency")
    parser.add_argument("--skip-publish", action="store_true")
    args = parser.parse_args()
    url = large_demo_url()
    if not args.skip_publish:
        bench_preview_and_publish(url, args.customers, args.repeat)
    bench_lookup(url, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
