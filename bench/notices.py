"""Notices: enqueue 100,000 in one transaction, then deliver them to a local webhook receiver
at worker concurrency 1, 2, 4 and 8 (targets: enqueue under 3 s, delivery at least 2,000/s).

The receiver is a minimal asyncio HTTP/1.1 server in a process of its own, so it does not
compete with the worker for the GIL. Peer in the same run: a bare http.client loop posting
the same bodies to the same receiver at the same concurrency, with no database, no templates
and no bookkeeping: the ceiling the worker could reach on this machine. With --latency-ms
the receiver answers late, as a remote one would: then concurrency, not the CPU, sets the rate.

Database: GRIDOPS_DATABASE_URL, or a scratch database on postgresql://postgres@127.0.0.1:5432
(dropped afterwards). Ours and the peer alternate over --repeat rounds (at least 3).
Run: .venv/bin/python -m bench.notices [--notices 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import logging
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from multiprocessing.sharedctypes import Synchronized

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bench.rounds import alternate, check_rounds, ratio
from gis.database import ensure_database
from gis.migrate import upgrade
from gis.vocabulary import Language
from notify.models import Channel, NoticeDraft, NoticeKind, RecipientType
from notify.outbox import enqueue, enqueue_for_customers
from notify.settings import NotifySettings
from notify.worker import run_worker

SCRATCH_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
CONCURRENCIES = (1, 2, 4, 8)
PROCESS_RUNS = ((1, 4), (2, 4), (2, 8))  # gridops worker --processes P --concurrency C
FACTS = {
    "planned_outage_id": 12,
    "title": "Replace switchgear on feeder F-12",
    "reason": "scheduled maintenance",
    "starts_at": "2026-07-01T08:00:00+08:00",
    "ends_at": "2026-07-01T12:00:00+08:00",
    "revision": 1,
    "map_path": "/public/outages?planned_outage=12",
}


# --- the receiver (its own process) -------------------------------------------------------


async def _serve(port: int, count: Synchronized, latency_s: float) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                if length:
                    await reader.readexactly(length)
                with count.get_lock():
                    count.value += 1
                if latency_s:
                    await asyncio.sleep(latency_s)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
    async with server:
        await server.serve_forever()


def _receiver_main(port: int, count: Synchronized, latency_s: float) -> None:
    asyncio.run(_serve(port, count, latency_s))


@contextmanager
def webhook_receiver(latency_s: float = 0.0) -> Iterator[tuple[int, Synchronized]]:
    """A local webhook receiver in its own process; yields its port and its count of posts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    context = multiprocessing.get_context("spawn")
    count: Synchronized = context.Value("q", 0)
    process = context.Process(target=_receiver_main, args=(port, count, latency_s), daemon=True)
    process.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield port, count
    finally:
        process.terminate()
        process.join(5)


# --- the database --------------------------------------------------------------------------


@contextmanager
def bench_database() -> Iterator[str]:
    """A migrated database to bench in: GRIDOPS_DATABASE_URL, or a scratch one dropped after."""
    configured = os.environ.get("GRIDOPS_DATABASE_URL")
    if configured:
        with psycopg.connect(configured, autocommit=True) as conn:
            upgrade(conn)
        yield configured
        return
    name = f"gridops_bench_notices_{uuid.uuid4().hex[:8]}"
    ensure_database(SCRATCH_SERVER, name)
    info = conninfo_to_dict(SCRATCH_SERVER)
    info["dbname"] = name
    url = make_conninfo(**{k: str(v) for k, v in info.items() if v is not None})
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            upgrade(conn)
        yield url
    finally:
        with psycopg.connect(SCRATCH_SERVER, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def prepare_customers(url: str, customers: int, hook: str) -> None:
    """A grid of one transformer with `customers` customers, each preferring the webhook."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE notice, customer_contact")
        if conn.execute("SELECT count(*) FROM customer").fetchone() != (customers,):
            conn.execute(
                "INSERT INTO substation (id, code, name, capacity_mva, geom) VALUES "
                "(900001, 'BENCH-S', 'bench', 40, ST_SetSRID(ST_MakePoint(104, 30), 4326)) "
                "ON CONFLICT DO NOTHING"
            )
            conn.execute(
                "INSERT INTO feeder (id, code, substation_id, geom) VALUES (900001, 'BENCH-F', "
                "900001, ST_Multi(ST_SetSRID(ST_MakeLine(ST_MakePoint(104, 30), "
                "ST_MakePoint(104.01, 30.01)), 4326))) ON CONFLICT DO NOTHING"
            )
            conn.execute(
                "INSERT INTO transformer (id, code, feeder_id, capacity_kva, geom) VALUES "
                "(900001, 'BENCH-T', 900001, 400, ST_SetSRID(ST_MakePoint(104, 30), 4326)) "
                "ON CONFLICT DO NOTHING"
            )
            conn.execute(
                "INSERT INTO customer (id, account_no, transformer_id, customer_type, "
                "contracted_kw, geom) SELECT 900000000 + i, 'BENCH-' || i, 900001, "
                "'residential', 8, ST_SetSRID(ST_MakePoint(104, 30), 4326) "
                "FROM generate_series(1, %s) AS i ON CONFLICT DO NOTHING",
                (customers,),
            )
        conn.execute(
            "INSERT INTO customer_contact (customer_id, channel, address, language, preferred) "
            "SELECT id, 'webhook', %s, 'en', true FROM customer WHERE id > 900000000",
            (hook,),
        )
        conn.execute("VACUUM ANALYZE customer_contact")


def customer_ids(url: str) -> list[int]:
    """The ids of the bench's customers."""
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM customer WHERE id > 900000000")]


def clear_outbox(url: str) -> None:
    """Empty the outbox (notice table) between runs."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE notice")
        conn.execute("VACUUM ANALYZE notice")


# --- the measurements ----------------------------------------------------------------------


def time_enqueue_drafts(url: str, ids: list[int], settings: NotifySettings) -> float:
    """Seconds to enqueue one outage notice per customer as drafts (COPY), in one transaction."""
    clear_outbox(url)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        drafts = (
            NoticeDraft(
                NoticeKind.OUTAGE_NOTICE,
                RecipientType.CUSTOMER,
                customer,
                Channel.WEBHOOK,
                Language.EN,
                "planned_outage:12:r1",
                FACTS,
            )
            for customer in ids
        )
        written = enqueue(conn, drafts, settings)
        conn.commit()
    elapsed = time.perf_counter() - started
    if written != len(ids):
        raise SystemExit(f"enqueue wrote {written} notices, expected {len(ids)}")
    return elapsed


def time_enqueue_fan_out(url: str, ids: list[int], settings: NotifySettings) -> float:
    """Seconds to enqueue one outage notice per customer by the SQL fan-out, in one transaction."""
    clear_outbox(url)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        written = enqueue_for_customers(
            conn, NoticeKind.OUTAGE_NOTICE, "planned_outage:12:r1", ids, FACTS, settings=settings
        )
        conn.commit()
    elapsed = time.perf_counter() - started
    if written != len(ids):
        raise SystemExit(f"fan-out wrote {written} notices, expected {len(ids)}")
    return elapsed


def time_delivery(
    url: str, ids: list[int], concurrency: int, settings: NotifySettings, received: Synchronized
) -> float:
    """Notices per second from the first claim until the outbox is drained."""
    time_enqueue_fan_out(url, ids, settings)
    with received.get_lock():
        received.value = 0
    started = time.perf_counter()
    stats = run_worker(
        url, concurrency, settings.worker_batch_size, stop_when_drained=True, settings=settings
    )
    elapsed = time.perf_counter() - started
    with psycopg.connect(url) as conn:
        sent = conn.execute("SELECT count(*) FROM notice WHERE status = 'sent'").fetchone()
    if stats.sent != len(ids) or sent != (len(ids),) or received.value < len(ids):
        raise SystemExit(
            f"lost notices: {stats.sent} sent by the worker, {sent} marked, "
            f"{received.value} received of {len(ids)}"
        )
    return len(ids) / elapsed


def time_delivery_processes(
    url: str,
    ids: list[int],
    processes: int,
    concurrency: int,
    settings: NotifySettings,
    received: Synchronized,
) -> float:
    """Notices per second with `gridops worker --processes N --drain` (a command of its own)."""
    time_enqueue_fan_out(url, ids, settings)
    with received.get_lock():
        received.value = 0
    env = {
        **os.environ,
        "GRIDOPS_DATABASE_URL": url,
        "GRIDOPS_RATE_WEBHOOK_PER_S": "0",
        "GRIDOPS_WORKER_POLL_S": "0.05",
        "GRIDOPS_WORKER_BATCH_SIZE": str(settings.worker_batch_size),
    }
    command = [
        sys.executable,
        "-m",
        "app.cli",
        "worker",
        "--drain",
        "--log-level",
        "error",
        "--processes",
        str(processes),
        "--concurrency",
        str(concurrency),
    ]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    if received.value < len(ids):
        raise SystemExit(f"lost notices: {received.value} received of {len(ids)}")
    return len(ids) / elapsed


def time_bare_http(port: int, concurrency: int, requests: int) -> float:
    """The peer: the same body POSTed with http.client on `concurrency` threads."""
    body = json.dumps({"subject": "x" * 60, "body": "y" * 400, "facts": FACTS}).encode()
    local = threading.local()

    def post(_: int) -> None:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("POST", "/hook", body=body, headers={"Idempotency-Key": "k"})
        connection.getresponse().read()

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(post, range(requests)))
    return requests / (time.perf_counter() - started)


def median_of(repeat: int, measure: Callable[[], float]) -> float:
    """The median of repeat measurements."""
    return statistics.median(measure() for _ in range(repeat))


def main() -> None:
    """Time enqueueing --notices notices and delivering them at each concurrency; print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=100_000, help="notices per run")
    parser.add_argument(
        "--repeat", type=check_rounds, default=3, help="alternating rounds (median, spread)"
    )
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--only-processes", action="store_true", help="measure gridops worker --processes only"
    )
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="the receiver's delay before answering"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    receiver = webhook_receiver(args.latency_ms / 1000)
    with receiver as (port, received), bench_database() as url:
        settings = NotifySettings(
            worker_batch_size=args.batch_size,
            rate_webhook_per_s=0,  # measure the worker, not the limiter
            webhook_allowed_networks=["127.0.0.0/8"],  # the receiver is local
            worker_poll_s=0.05,
        )
        prepare_customers(url, args.notices, f"http://127.0.0.1:{port}/hook")
        ids = customer_ids(url)
        print(
            f"{args.notices:,} notices per run, {args.repeat} alternating rounds: median "
            f"(lowest-highest round); receiver answers "
            f"after {args.latency_ms:g} ms"
        )
        if args.only_processes:
            print_processes(url, ids, settings, received, args.repeat)
            return
        enqueues = alternate(
            {
                "drafts": lambda: time_enqueue_drafts(url, ids, settings),
                "fan_out": lambda: time_enqueue_fan_out(url, ids, settings),
            },
            args.repeat,
        )
        print(f"{'enqueue, one transaction':<42}{'seconds':>22}{'notices/s':>12}")
        for label, name in (
            ("  drafts via COPY (enqueue)", "drafts"),
            ("  fan-out in SQL (enqueue_for_customers)", "fan_out"),
        ):
            spread = enqueues[name]
            print(f"{label:<42}{spread.text(2):>22}{len(ids) / spread.median:>12,.0f}")
        print()
        print(
            f"{'concurrency':>11}{'delivered/s':>22}{'bare http.client/s':>24}{'worker/bare':>20}"
        )
        requests = min(20_000, args.notices)
        for concurrency in CONCURRENCIES:
            rates = alternate(
                {
                    "worker": partial(time_delivery, url, ids, concurrency, settings, received),
                    "bare": partial(time_bare_http, port, concurrency, requests),
                },
                args.repeat,
            )
            print(
                f"{concurrency:>11}{rates['worker'].text(0):>22}{rates['bare'].text(0):>24}"
                f"{ratio(rates['worker'], rates['bare']).text(2):>20}"
            )
        print_processes(url, ids, settings, received, args.repeat)


def print_processes(
    url: str, ids: list[int], settings: NotifySettings, received: Synchronized, repeat: int
) -> None:
    """Print the delivery rate of `gridops worker --processes` at each processes x concurrency."""
    print()
    print(f"{'processes x concurrency':>24}{'delivered/s':>13}  (gridops worker --processes)")
    for processes, concurrency in PROCESS_RUNS:
        deliver = partial(
            time_delivery_processes, url, ids, processes, concurrency, settings, received
        )
        rate = median_of(repeat, deliver)
        print(f"{f'{processes} x {concurrency}':>24}{rate:>13,.0f}")


if __name__ == "__main__":
    main()
