"""Address search (issue 12 §10) on a million customers: the search box's own call
(layers.search.search_grid) with the trigram index of migration 059, against the same call
with bitmap scans turned off for its transaction (SET LOCAL enable_bitmapscan = off): a GIN
index is read only through a bitmap, so the addresses are read in full (a parallel sequential
scan), while the account branch keeps its btree (a plain index scan), as the plans checked
here show.

The customers are made in SQL with generate_series in a scratch database (migrated, dropped
afterwards): one transformer, --customers customers with addresses in the demo's style
(data/customer_address.py's street names, ten districts, house numbers 1-2,000), the index
set aside during the insert and built after it. Two queries: a street and a house number (a
few customers) and a street alone (about one customer in 200). Ours and the peer alternate
over --rounds rounds (at least 3, bench/rounds.py) of --samples searches each.
Run: .venv/bin/python -m bench.address_search [--customers 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable
from functools import partial

import psycopg
from psycopg import sql

from bench.rounds import alternate, check_rounds, median_ms, ratio
from data.bulk_constraints import restore, set_aside
from data.customer_address import CHENGDU_INNER, CHENGDU_OUTER, line_name
from data.street_layout import Street
from gis.database import ensure_database, with_dbname
from gis.migrate import upgrade
from gis.sql_file import load_sql
from layers.search import SearchKind, search_grid, search_parameters

SCRATCH_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
STREET_LINES = range(-50, 51)  # 101 lines each way: 202 streets
HOUSE_NUMBERS = 2_000

INSERT_CUSTOMERS = """
INSERT INTO customer (id, account_no, transformer_id, customer_type, contracted_kw, geom, address)
SELECT i, (1000000000 + i)::text, 1, 'residential', 6,
       ST_SetSRID(ST_MakePoint(103.8 + (i %% 1000) * 0.0005, 30.4 + (i / 1000) * 0.0005), 4326),
       '成都市' || (%(districts)s::text[])[1 + (i * 31) %% cardinality(%(districts)s::text[])]
       || (%(streets)s::text[])[1 + (i * 104729) %% cardinality(%(streets)s::text[])]
       || (1 + (i * 7919) %% %(numbers)s) || '号'
FROM generate_series(1::bigint, %(customers)s) AS i
"""


def build(url: str, customers: int) -> float:
    """The scratch grid; returns the seconds it took."""
    started = time.perf_counter()
    streets = [
        line_name(s, line) for s in (Street.EAST_WEST, Street.NORTH_SOUTH) for line in STREET_LINES
    ]
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO substation (id, code, name, capacity_mva, geom) VALUES "
            "(1, 'SS01', 'bench', 40, ST_SetSRID(ST_MakePoint(104, 30.6), 4326))"
        )
        conn.execute(
            "INSERT INTO feeder (id, code, substation_id, geom) VALUES (1, 'SS01-F01', 1, "
            "ST_Multi(ST_SetSRID(ST_MakeLine(ST_MakePoint(104, 30.6), "
            "ST_MakePoint(104.01, 30.61)), 4326)))"
        )
        conn.execute(
            "INSERT INTO transformer (id, code, feeder_id, capacity_kva, geom) VALUES "
            "(1, 'TR00001', 1, 630, ST_SetSRID(ST_MakePoint(104, 30.6), 4326))"
        )
        aside = set_aside(conn, ("customer",))
        conn.execute(
            INSERT_CUSTOMERS,
            {
                "districts": list(CHENGDU_INNER + CHENGDU_OUTER),
                "streets": streets,
                "numbers": HOUSE_NUMBERS,
                "customers": customers,
            },
        )
        restore(conn, aside)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE customer")
    return time.perf_counter() - started


def searcher(conn: psycopg.Connection, typed: str, index: bool) -> Callable[[], int]:
    """One search as the console makes it, with or without the index; answers the hits."""

    def run() -> int:
        with conn.transaction(force_rollback=True):
            if not index:
                conn.execute("SET LOCAL enable_bitmapscan = off")
            found = search_grid(conn, typed, 10)
        if not any(r.kind == SearchKind.ADDRESS for r in found):
            raise RuntimeError(f"no address found for {typed!r}")
        return len(found)

    return run


def plan_names_index(conn: psycopg.Connection, typed: str, index: bool) -> bool:
    """Whether the search's plan reads customer_address_trgm_idx."""
    with conn.transaction(force_rollback=True):
        if not index:
            conn.execute("SET LOCAL enable_bitmapscan = off")
        rows = conn.execute(
            b"EXPLAIN " + load_sql("layers", "search_grid.sql").encode(),
            search_parameters(typed, 10),
        ).fetchall()
    return "customer_address_trgm_idx" in "\n".join(r[0] for r in rows)


def main() -> None:
    """Time the address search with its trigram index against the same search read in full."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=5, help="searches per query and round")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating rounds")
    args = parser.parse_args()
    name = f"gridops_bench_address_{uuid.uuid4().hex[:8]}"
    ensure_database(SCRATCH_SERVER, name)
    url = with_dbname(SCRATCH_SERVER, name)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            upgrade(conn)
        seconds = build(url, args.customers)
        print(f"{args.customers:,} customers made and indexed in {seconds:.1f} s")
        street = line_name(Street.EAST_WEST, 3)
        queries = {"street and number": f"{street}12号", "street": street}
        print(
            f"median ms of {args.samples} searches per round; {args.rounds} rounds alternating "
            "the index and none: median (lowest-highest round)"
        )
        print(f"{'query':<30}{'rows':>8}{'index ms':>22}{'no index ms':>28}{'ratio':>24}")
        with psycopg.connect(url) as conn:
            for label, typed in queries.items():
                assert plan_names_index(conn, typed, True), "the plan does not use the index"
                assert not plan_names_index(conn, typed, False)
                count = conn.execute(
                    "SELECT count(*) FROM customer WHERE address LIKE %s", (f"%{typed}%",)
                ).fetchone()
                ours, peer = searcher(conn, typed, True), searcher(conn, typed, False)
                figures = alternate(
                    {
                        "index": partial(median_ms, ours, args.samples),
                        "none": partial(median_ms, peer, args.samples),
                    },
                    args.rounds,
                )
                speedup = ratio(figures["none"], figures["index"])
                print(
                    f"{label + ' ' + typed:<30}{count[0] if count else 0:>8,}"
                    f"{figures['index'].text(1):>22}{figures['none'].text(1):>28}"
                    f"{speedup.text(1, 'x'):>24}"
                )
    finally:
        with psycopg.connect(SCRATCH_SERVER, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


if __name__ == "__main__":
    main()
