"""Write a GridNetwork into the grid tables with COPY, replacing what they held.

Everything happens in the caller's transaction: the tables are truncated, the slow-to-maintain
indexes and keys of customer and load_reading are set aside (data/bulk_constraints.py), every
table is filled with COPY (text COPY with EWKB hex geometry; binary COPY for the hourly load),
and the indexes and keys are rebuilt. The demo loader, an importer or a test calls
write_network on its own connection and commits (or rolls back) itself.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import psycopg
import shapely
from psycopg import pq, sql
from psycopg.types.json import Jsonb
from tqdm import tqdm

from data.binary_copy import HEADER, TRAILER, encode_load_rows, postgres_microseconds
from data.bulk_constraints import restore, set_aside
from data.grid_network import GridNetwork, LoadSource, WeatherSeries
from gis.sql_file import load_sql

SRID = 4326
SET_ASIDE_TABLES = ("customer", "load_reading", "transformer_latest_load", "appliance_sale")
TRANSFORMERS_PER_WRITE = 32  # about 9 MB of binary COPY per write for a year of hours


@dataclass(frozen=True)
class TableSpec:
    """A grid table and the GridNetwork frame that fills it."""

    table: str
    frame: str
    columns: tuple[str, ...]  # besides the geometry
    geometry_column: str = "geom"
    optional: tuple[str, ...] = ()  # copied when the frame has them (else left NULL)


GRID_TABLES = (
    TableSpec("territory", "territory", ("id", "name")),
    TableSpec("substation", "substations", ("id", "code", "name", "voltage_kv", "capacity_mva")),
    TableSpec("feeder", "feeders", ("id", "code", "substation_id", "voltage_kv")),
    TableSpec(
        "transformer", "transformers", ("id", "code", "feeder_id", "capacity_kva", "voltage_kv")
    ),
    TableSpec("supply_area", "supply_areas", ("id", "transformer_id")),
    TableSpec(
        "customer",
        "customers",
        ("id", "account_no", "transformer_id", "customer_type", "contracted_kw"),
        optional=("address",),
    ),
    TableSpec("crew", "crews", ("id", "code", "name", "size", "status"), "home_base"),
)


SALES_TABLE = TableSpec(
    "appliance_sale",
    "appliance_sales",
    (
        "partner", "partner_record_id", "sold_at", "appliance_type", "rated_kw", "quantity",
        "input_crs", "input_lon", "input_lat", "supply_area_id", "transformer_id",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class TableTiming:
    """Rows written by one step and the seconds it took."""

    rows: int
    seconds: float


@dataclass
class WriteReport:
    """Rows written and seconds spent per table (and per step: truncate, indexes)."""

    steps: dict[str, TableTiming] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        """The seconds all steps took."""
        return sum(step.seconds for step in self.steps.values())

    def rows(self, table: str) -> int:
        """The rows written into the table (0 when it was not written)."""
        return self.steps[table].rows if table in self.steps else 0


@contextmanager
def _timed(report: WriteReport, step: str, progress: tqdm[Any]) -> Iterator[list[int]]:
    """Time a step; the step appends its row count to the yielded list."""
    progress.set_description(step)
    started = time.perf_counter()
    rows: list[int] = []
    yield rows
    report.steps[step] = TableTiming(sum(rows), time.perf_counter() - started)
    progress.update(1)


def ewkb_hex(geometries: npt.NDArray[np.object_] | gpd.GeoSeries) -> list[str]:
    """Geometries as hex EWKB with SRID 4326, which PostGIS reads in COPY."""
    with_srid = shapely.set_srid(np.asarray(geometries, dtype=object), SRID)
    return list(shapely.to_wkb(with_srid, hex=True, include_srid=True))


def copy_rows(
    conn: psycopg.Connection, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
) -> int:
    """Text COPY of rows into table(columns); returns the row count."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def copy_frame(conn: psycopg.Connection, spec: TableSpec, frame: gpd.GeoDataFrame) -> int:
    """Copy a GridNetwork frame into its grid table, geometry too; returns the row count."""
    missing = set(spec.columns) - set(frame.columns)
    if missing:
        raise ValueError(f"{spec.frame} lacks the columns {sorted(missing)}")
    columns = (*spec.columns, *(name for name in spec.optional if name in frame.columns))
    values = [frame[column].tolist() for column in columns]
    values.append(ewkb_hex(frame.geometry.values))
    return copy_rows(conn, spec.table, (*columns, spec.geometry_column), zip(*values, strict=True))


def _utc_text(timestamps: npt.NDArray[np.datetime64]) -> list[str]:
    """UTC instants as timestamptz text, independent of the session's TimeZone."""
    return [f"{text}+00" for text in np.datetime_as_string(timestamps, unit="s")]


def copy_weather(conn: psycopg.Connection, weather: WeatherSeries) -> int:
    """Copy the hourly temperatures into weather_reading; returns the row count."""
    rows = zip(_utc_text(weather.timestamps), weather.temperature_c.round(2).tolist(), strict=True)
    return copy_rows(conn, "weather_reading", ("ts", "temperature_c"), rows)


def copy_load(
    conn: psycopg.Connection, load: LoadSource, progress: tqdm[Any]
) -> tuple[int, list[tuple[int, str, float]]]:
    """Binary COPY of every hourly reading into load_reading (the parent table: routing rows
    to the monthly partitions costs about as much as copying into each partition, measured);
    returns the row count and each transformer's newest reading."""
    timestamps = load.timestamps
    conn.execute(
        load_sql("data", "ensure_load_partitions.sql"),
        {
            "from_ts": _utc_text(timestamps[:1])[0],
            "to_ts": _utc_text(timestamps[-1:] + np.timedelta64(1, "h"))[0],
        },
    )
    microseconds = postgres_microseconds(timestamps)
    newest_ts = _utc_text(timestamps[-1:])[0]
    latest: list[tuple[int, str, float]] = []
    count, done = 0, 0
    statement = "COPY load_reading (transformer_id, ts, kw) FROM STDIN (FORMAT BINARY)"
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write(HEADER)
        for block in load.blocks():
            for start in range(0, len(block.transformer_ids), TRANSFORMERS_PER_WRITE):
                stop = start + TRANSFORMERS_PER_WRITE
                ids, kw = block.transformer_ids[start:stop], block.kw[start:stop]
                copy.write(encode_load_rows(ids, microseconds, kw))
                count += kw.size
            latest += [
                (int(tid), newest_ts, float(kw))
                for tid, kw in zip(block.transformer_ids, block.kw[:, -1], strict=True)
            ]
            done += len(block.transformer_ids)
            progress.set_postfix_str(f"{done:,}/{load.transformer_count:,} transformers")
        copy.write(TRAILER)
    return count, latest


def write_network(
    conn: psycopg.Connection, network: GridNetwork, progress: bool = False
) -> WriteReport:
    """Replace the grid in conn's current transaction (no commit): truncate, COPY, rebuild."""
    if conn.autocommit and conn.info.transaction_status != pq.TransactionStatus.INTRANS:
        raise ValueError("write_network runs in the caller's transaction: open one first")
    report = WriteReport()
    bar = tqdm(total=len(GRID_TABLES) + 7, unit="step", disable=not progress, file=sys.stderr)
    with bar:
        with _timed(report, "truncate", bar):
            conn.execute(load_sql("data", "truncate_grid.sql"))
            set_aside_items = set_aside(conn, SET_ASIDE_TABLES)
        for spec in GRID_TABLES:
            with _timed(report, spec.table, bar) as rows:
                rows.append(copy_frame(conn, spec, getattr(network, spec.frame)))
        with _timed(report, "appliance_sale", bar) as rows:
            if network.appliance_sales is not None:
                rows.append(copy_frame(conn, SALES_TABLE, network.appliance_sales))
        with _timed(report, "weather_reading", bar) as rows:
            if network.weather is not None:
                rows.append(copy_weather(conn, network.weather))
        latest: list[tuple[int, str, float]] = []
        with _timed(report, "load_reading", bar) as rows:
            if network.load is not None:
                count, latest = copy_load(conn, network.load, bar)
                rows.append(count)
        with _timed(report, "transformer_latest_load", bar) as rows:
            columns = ("transformer_id", "ts", "kw")
            rows.append(copy_rows(conn, "transformer_latest_load", columns, iter(latest)))
        with _timed(report, "indexes and keys", bar):
            restore(conn, set_aside_items)
        with _timed(report, "grid_source", bar) as rows:
            source = network.source
            conn.execute(
                load_sql("data", "insert_grid_source.sql"),
                {
                    "kind": str(source.kind),
                    "name": source.name,
                    "parameters": Jsonb(source.parameters),
                },
            )
            rows.append(1)
    return report


def analyze_grid(conn: psycopg.Connection) -> None:
    """Fresh planner statistics for the grid tables (run after the load's commit)."""
    conn.execute(load_sql("data", "analyze_grid.sql"))
