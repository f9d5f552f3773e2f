"""Demo load throughput: generation, COPY time per table, rows/s into load_reading, memory.

Peer in the same run: the same chunk of hourly load copied into a bare temporary table as
binary COPY built with numpy (what the loader does) and as text COPY row by row with
psycopg's write_row (the usual way), as a ratio.
Targets: medium under 90 s, large under 15 min.
The two peers alternate over --rounds rounds (at least 3): medians and the spread.
Run: .venv/bin/python -m bench.demo_load [--size medium] [--seed 7] [--peer-transformers 50]
[--rounds 3]
(into GRIDOPS_DATABASE_URL or the embedded cluster; the grid tables are replaced).
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date
from functools import partial

import numpy as np
import psycopg

from bench.rounds import alternate, check_rounds, ratio
from data.binary_copy import HEADER, TRAILER, encode_load_rows, postgres_microseconds
from data.demo_network import DemoSize, generate_network
from data.grid_network import GridNetwork, LoadBlock
from data.grid_writer import analyze_grid, write_network
from gis.database import connect, resolve_database_url
from gis.migrate import upgrade
from gis.sql_file import load_sql


def _row(step: str, rows: int | None, seconds: float) -> str:
    rate = f"{rows / seconds:>14,.0f}" if rows and seconds > 0 else f"{'':>14}"
    count = f"{rows:>14,}" if rows is not None else f"{'':>14}"
    return f"{step:<28}{count}{seconds:>10.2f}{rate}"


def _peer_block(network: GridNetwork, transformers: int) -> LoadBlock:
    if network.load is None:
        raise SystemExit("the network has no load")
    block = next(iter(network.load.blocks()))
    return LoadBlock(block.transformer_ids[:transformers], block.kw[:transformers])


def _copy_peer(url: str, block: LoadBlock, timestamps: np.ndarray, binary: bool) -> float:
    """Seconds to COPY the block into a bare temporary table (rolled back)."""
    with connect(url) as conn, conn.transaction(force_rollback=True):
        conn.execute(load_sql("bench", "create_copy_peer_table.sql"))
        started = time.perf_counter()
        with conn.cursor() as cursor:
            if binary:
                statement = "COPY copy_peer (transformer_id, ts, kw) FROM STDIN (FORMAT BINARY)"
                with cursor.copy(statement) as copy:
                    copy.write(HEADER)
                    micro = postgres_microseconds(timestamps)
                    for start in range(0, len(block.transformer_ids), 32):
                        stop = start + 32
                        ids, kw = block.transformer_ids[start:stop], block.kw[start:stop]
                        copy.write(encode_load_rows(ids, micro, kw))
                    copy.write(TRAILER)
            else:
                instants = timestamps.astype("datetime64[us]").astype(object)
                with cursor.copy("COPY copy_peer (transformer_id, ts, kw) FROM STDIN") as copy:
                    copy.set_types(["int4", "timestamp", "float4"])
                    for tid, series in zip(block.transformer_ids.tolist(), block.kw, strict=True):
                        for instant, kw in zip(instants, series.tolist(), strict=True):
                            copy.write_row((tid, instant, kw))
        return time.perf_counter() - started


def main() -> None:
    """Load a demo of --size, print time per table and rows/s, then race binary and text COPY."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=[size.value for size in DemoSize], default="medium")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating peer rounds")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", type=date.fromisoformat, default=None)
    parser.add_argument("--peer-transformers", type=int, default=50)
    args = parser.parse_args()
    url = resolve_database_url()
    started = time.perf_counter()
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
    network = generate_network(DemoSize(args.size), seed=args.seed, end=args.end)
    generated = time.perf_counter() - started
    assert network.load is not None
    dry = time.perf_counter()
    load_rows = sum(block.kw.size for block in network.load.blocks())
    dry_s = time.perf_counter() - dry
    with connect(url) as conn:
        with conn.transaction():
            report = write_network(conn, network)
            commit = time.perf_counter()
        commit_s = time.perf_counter() - commit
        conn.autocommit = True
        analysed = time.perf_counter()
        analyze_grid(conn)
        analyse_s = time.perf_counter() - analysed
    total = generated + report.seconds + commit_s + analyse_s
    print(f"demo {args.size} seed {args.seed}: {network.counts()}")
    print(f"{'step':<28}{'rows':>14}{'seconds':>10}{'rows/s':>14}")
    print(_row("migrate + generate network", None, generated))
    print(_row("generate load (dry run)", load_rows, dry_s))
    for step, timing in report.steps.items():
        print(_row(f"write {step}", timing.rows, timing.seconds))
    print(_row("commit", None, commit_s))
    print(_row("analyze", None, analyse_s))
    print(_row("total (without dry run)", None, total))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")
    block = _peer_block(network, args.peer_transformers)
    timestamps = network.load.timestamps
    copies = alternate(
        {
            "binary": partial(_copy_peer, url, block, timestamps, True),
            "text": partial(_copy_peer, url, block, timestamps, False),
        },
        args.rounds,
    )
    rows = block.kw.size
    print(
        f"peer: {rows:,} readings into a bare temporary table, {args.rounds} alternating "
        "rounds: median s (lowest-highest round)"
    )
    print(f"{'binary COPY (numpy)':<28}{rows:>14,}{copies['binary'].text(3):>24}")
    print(f"{'text COPY (write_row)':<28}{rows:>14,}{copies['text'].text(3):>24}")
    faster = ratio(copies["text"], copies["binary"])
    print(f"binary is {faster.text(1)}x faster than text row by row (per round)")


if __name__ == "__main__":
    try:
        main()
    except psycopg.Error as exc:
        raise SystemExit(f"bench: {exc}") from None
