"""`gridops demo load`: generate the demo network and bulk-load it, replacing the grid."""

from __future__ import annotations

import sys
import time
from datetime import date

import psycopg
from tqdm import tqdm

from data.demo_network import CHENGDU_CENTRE, DemoSize, generate_network
from data.grid_writer import WriteReport, analyze_grid, write_network
from gis.database import connect, resolve_database_url
from gis.migrate import upgrade
from identity import audit
from identity.actor import Actor

REPLACED_TABLES = ("substation", "feeder", "transformer", "customer", "crew", "load_reading")


def load_demo(
    size: DemoSize,
    seed: int = 7,
    center: tuple[float, float] = CHENGDU_CENTRE,
    end: date | None = None,
    progress: bool = True,
    days: int | None = None,
    actor: Actor | None = None,
) -> str:
    """Migrate, generate, replace the grid in one transaction, analyse; a one-line summary.
    `days` of hourly load (default: the size's), e.g. two years for a 12-month backtest. With
    an actor, the replacement's audit row (grid.replace) is written in its transaction.

    The hourly load is generated block by block while it is written, so its generation counts
    in the write time.
    """
    started = time.perf_counter()
    url = resolve_database_url()
    with tqdm(total=2, unit="step", disable=not progress, file=sys.stderr) as bar:
        bar.set_description("migrations")
        with connect(url, autocommit=True) as conn:
            upgrade(conn)
        bar.update(1)
        bar.set_description(f"generating the {DemoSize(size)} demo")
        generating = time.perf_counter()
        network = generate_network(size, seed=seed, center=center, end=end, days=days)
        generated = time.perf_counter() - generating
        bar.update(1)
    with connect(url) as conn:
        with conn.transaction():
            report = write_network(conn, network, progress=progress)
            if actor is not None:
                record_replacement(
                    conn, actor, network.source.name, report, size=str(size), seed=seed, days=days
                )
        conn.autocommit = True
        analyze_grid(conn)
    return summary(network.source.name, report, generated, time.perf_counter() - started)


def record_replacement(
    conn: psycopg.Connection, actor: Actor, source: str, report: WriteReport, **facts: object
) -> None:
    """The audit row of a grid replaced (grid.replace): its source, the rows of the main tables
    and the facts given (the demo's size, seed and days)."""
    audit.record(
        conn,
        actor,
        "grid.replace",
        object_type="grid_source",
        object_id=source,
        summary={
            "source": source,
            **{table: report.rows(table) for table in REPLACED_TABLES},
            **facts,
        },
    )


def summary(name: str, report: WriteReport, generated_s: float, total_s: float) -> str:
    """One line: what was loaded, how much of it, how long it took."""
    counted = ("substation", "feeder", "transformer", "customer", "crew", "load_reading")
    counts = ", ".join(f"{report.rows(table):,} {table}" for table in counted)
    return (
        f"loaded {name}: {counts} in {total_s:.1f} s "
        f"(generate {generated_s:.1f} s, write {report.seconds:.1f} s)"
    )
