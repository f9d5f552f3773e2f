"""CSV imports of a user's own transformers, hourly readings and temperatures, so that the
forecaster runs on real data. Same contract as the sales (data/import_rejection.py): rows that
fail a check are rejected with (row, field, reason), the rest imported in one transaction.

- transformers (id, lon, lat, capacity_kva, feeder_id; optional code): upserted by id. Rejected:
  id not a whole positive number or repeated in the file; lon/lat (WGS-84) missing or off the
  globe; capacity_kva missing, not above 0 or above 10,000 kVA; feeder_id not a stored feeder;
  a code another transformer holds. A new transformer gets code TR<id, 5 digits> unless the file
  names one. Supply areas are not recomputed here: they come with the grid (the demo, or
  `gridops import pandapower`); a transformer without a supply area still gets sales located
  to it as the nearest transformer (within GRIDOPS_LOCATE_MAX_DISTANCE_M), and a moved
  transformer keeps its stored supply area.
- readings (transformer_id, ts, kw): upserted (a reading for a stored hour replaces it).
  Rejected: unknown transformer_id; ts missing, not ISO 8601, or not on the hour (readings are
  hourly; a time without a zone is China time); kw missing, negative, or above 5 times the
  transformer's rating (kVA); an hour of a transformer already given in an earlier row. Binary
  COPY into a staging table, monthly partitions ensured, one upsert; transformer_latest_load
  refreshed for the transformers touched.
- weather (ts, temperature_c): upserted by hour. Rejected: ts as for readings;
  temperature_c missing or outside [-60, 60] C; an hour given in an earlier row.
- addresses (account_no, address): the postal address of stored customers, which the search
  box finds (an empty address clears it). Rejected: account_no missing, holding a NUL, or no
  stored customer's; address holding a NUL or longer than MAX_ADDRESS_LENGTH characters; an
  account given in an earlier row.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import psycopg
from tqdm import tqdm

from data.binary_copy import HEADER, TRAILER, encode_columns, postgres_microseconds
from data.grid_writer import copy_rows
from data.import_rejection import (
    ImportSummary,
    Rejection,
    RowChecks,
    as_text,
    check_instants,
    check_number,
    count_csv_rows,
    drop_table,
    is_blank,
    read_csv_chunks,
    sorted_rejections,
)
from gis.sql_file import load_sql

MAX_CAPACITY_KVA = 10_000.0
MAX_LOADING = 5.0  # a reading above 5 x the rating (kVA) is a unit or meter error
TEMPERATURE_RANGE_C = (-60.0, 60.0)
MAX_ID = 2**31 - 1
ONE_HOUR_US = 3_600_000_000
MAX_ADDRESS_LENGTH = 200


def _sql(name: str) -> str:
    return load_sql("data", name)


def check_whole(checks: RowChecks, column: pd.Series, name: str) -> npt.NDArray[np.int64]:
    """Whole numbers from 1 to 2^31 - 1 (0 where rejected)."""
    numbers = check_number(checks, column, name)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(numbers)
        checks.reject(
            finite & ((numbers != np.round(numbers)) | (numbers < 1) | (numbers > MAX_ID)),
            name,
            "not a whole number from 1 to 2147483647",
        )
    return np.where(checks.ok, np.nan_to_num(numbers), 0).astype(np.int64)


def check_hours(checks: RowChecks, column: pd.Series, name: str) -> npt.NDArray[np.int64]:
    """Times on the hour as PostgreSQL microseconds (0 where rejected)."""
    instants = check_instants(checks, column, name)
    microseconds = postgres_microseconds(
        np.where(np.isnat(instants), np.datetime64(0, "us"), instants)
    )
    checks.reject(
        ~np.isnat(instants) & (microseconds % ONE_HOUR_US != 0),
        name,
        "not on the hour (readings are hourly)",
    )
    return microseconds


def _progress(path: Path, unit: str, progress: bool) -> tqdm[Any]:
    total = count_csv_rows(path) if progress else None
    return tqdm(total=total, unit=unit, disable=not progress, file=sys.stderr)


def _repeats(conn: psycopg.Connection, statement: str, field: str, what: str) -> list[Rejection]:
    return [
        Rejection(row, field, f"{what} already given in row {first}")
        for row, first in conn.execute(statement).fetchall()
    ]


# --- hourly readings -------------------------------------------------------------------


def _transformer_ratings(conn: psycopg.Connection) -> pd.Series:
    rows = conn.execute(_sql("select_transformer_ratings.sql")).fetchall()
    return pd.Series({row[0]: row[1] for row in rows}, dtype=np.float64)


def _check_readings(
    chunk: pd.DataFrame, first_row: int, ratings: pd.Series
) -> tuple[RowChecks, npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    checks = RowChecks.of_chunk(chunk, first_row)
    transformer = check_whole(checks, chunk["transformer_id"], "transformer_id")
    rating = ratings.reindex(transformer).to_numpy()
    checks.reject(
        checks.ok & np.isnan(rating),
        "transformer_id",
        [f"unknown transformer {t}" for t in transformer],
    )
    ts = check_hours(checks, chunk["ts"], "ts")
    kw = check_number(checks, chunk["kw"], "kw")
    with np.errstate(invalid="ignore"):
        checks.reject(kw < 0, "kw", "negative")
        limit = MAX_LOADING * rating
        checks.reject(
            kw > limit,
            "kw",
            [
                f"{k:g} kW is above {MAX_LOADING:g} x the transformer's {r:g} kVA"
                for k, r in zip(kw, rating, strict=True)
            ],
        )
    return checks, transformer, ts, kw


def import_readings_csv(
    conn: psycopg.Connection, path: Path, progress: bool = False
) -> ImportSummary:
    """Hourly readings (transformer_id, ts, kw), upserted in one transaction."""
    rejections: list[Rejection] = []
    with _progress(path, "reading", progress) as bar, conn.transaction():
        ratings = _transformer_ratings(conn)
        conn.execute(_sql("create_load_reading_staging.sql"))
        statement = "COPY load_reading_staging (row, transformer_id, ts, kw) FROM STDIN BINARY"
        with conn.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(HEADER)
            for first_row, chunk in read_csv_chunks(path, ("transformer_id", "ts", "kw")):
                checks, transformer, ts, kw = _check_readings(chunk, first_row, ratings)
                rejections += checks.rejections
                ok = checks.ok
                copy.write(
                    encode_columns(
                        checks.rows[ok].astype(np.int32),
                        transformer[ok].astype(np.int32),
                        ts[ok],
                        kw[ok].astype(np.float32),
                    )
                )
                bar.update(len(chunk))
            copy.write(TRAILER)
        bar.set_description("upserting")
        rejections += _repeats(
            conn,
            _sql("select_load_reading_staging_repeats.sql"),
            "ts",
            "a reading of this transformer at this hour",
        )
        span = conn.execute(_sql("select_load_reading_staging_span.sql")).fetchone()
        if span is not None and span[0] is not None:
            conn.execute(_sql("ensure_load_partitions.sql"), {"from_ts": span[0], "to_ts": span[1]})
        row = conn.execute(_sql("upsert_load_readings.sql")).fetchone()
        imported, replaced = (row[0], row[1]) if row else (0, 0)
        conn.execute(_sql("refresh_transformer_latest_load.sql"))
        drop_table(conn, "load_reading_staging")
    return ImportSummary(imported, sorted_rejections(rejections), replaced=replaced)


# --- transformers ----------------------------------------------------------------------


def _check_transformers(
    chunk: pd.DataFrame, first_row: int, feeders: set[int]
) -> tuple[RowChecks, list[npt.NDArray[np.generic]]]:
    checks = RowChecks.of_chunk(chunk, first_row)
    ids = check_whole(checks, chunk["id"], "id")
    lon = check_number(checks, chunk["lon"], "lon")
    lat = check_number(checks, chunk["lat"], "lat")
    with np.errstate(invalid="ignore"):
        checks.reject(np.abs(lon) > 180, "lon", "must lie in [-180, 180]")
        checks.reject(np.abs(lat) > 90, "lat", "must lie in [-90, 90]")
        capacity = check_number(checks, chunk["capacity_kva"], "capacity_kva")
        checks.reject(capacity <= 0, "capacity_kva", "must be above 0 kVA")
        checks.reject(
            capacity > MAX_CAPACITY_KVA,
            "capacity_kva",
            f"above {MAX_CAPACITY_KVA:,.0f} kVA (not a distribution transformer)",
        )
    feeder = check_whole(checks, chunk["feeder_id"], "feeder_id")
    known = np.isin(feeder, list(feeders))
    checks.reject(checks.ok & ~known, "feeder_id", [f"unknown feeder {f}" for f in feeder])
    code = as_text(chunk["code"]) if "code" in chunk.columns else pd.Series([""] * len(chunk))
    return checks, [ids, lon, lat, capacity, feeder, code.to_numpy(dtype=object)]


def import_transformers_csv(
    conn: psycopg.Connection, path: Path, progress: bool = False
) -> ImportSummary:
    """Transformers (id, lon, lat, capacity_kva, feeder_id[, code]), upserted by id."""
    rejections: list[Rejection] = []
    with _progress(path, "transformer", progress) as bar, conn.transaction():
        feeders = {row[0] for row in conn.execute(_sql("select_feeder_ids.sql")).fetchall()}
        conn.execute(_sql("create_transformer_staging.sql"))
        required = ("id", "lon", "lat", "capacity_kva", "feeder_id")
        for first_row, chunk in read_csv_chunks(path, required):
            checks, columns = _check_transformers(chunk, first_row, feeders)
            rejections += checks.rejections
            ok = checks.ok
            values = [checks.rows[ok].tolist()] + [column[ok].tolist() for column in columns]
            values[-1] = [code or None for code in values[-1]]
            names = ("row", "id", "lon", "lat", "capacity_kva", "feeder_id", "code")
            copy_rows(conn, "transformer_staging", names, zip(*values, strict=True))
            bar.update(len(chunk))
        rejections += _repeats(
            conn, _sql("delete_transformer_staging_repeats.sql"), "id", "this transformer id"
        )
        rejections += [
            Rejection(row, "code", f"code {code!r} belongs to transformer {other}")
            for row, code, other in conn.execute(_sql("delete_transformer_code_conflicts.sql"))
        ]
        row = conn.execute(_sql("upsert_transformers.sql")).fetchone()
        imported, replaced = (row[0], row[1]) if row else (0, 0)
        drop_table(conn, "transformer_staging")
    return ImportSummary(imported, sorted_rejections(rejections), replaced=replaced)


# --- temperatures ----------------------------------------------------------------------


def _check_weather(chunk: pd.DataFrame, first_row: int) -> tuple[RowChecks, list[list[object]]]:
    checks = RowChecks.of_chunk(chunk, first_row)
    instants = check_instants(checks, chunk["ts"], "ts")
    on_hour = np.isnat(instants) | (instants.astype("datetime64[h]") == instants)
    checks.reject(~on_hour, "ts", "not on the hour (temperatures are hourly)")
    temperature = check_number(checks, chunk["temperature_c"], "temperature_c")
    low, high = TEMPERATURE_RANGE_C
    with np.errstate(invalid="ignore"):
        checks.reject(
            (temperature < low) | (temperature > high),
            "temperature_c",
            f"outside [{low:g}, {high:g}] C",
        )
    ok = checks.ok
    ts_text = [f"{text}+00" for text in np.datetime_as_string(instants[ok], unit="s")]
    return checks, [checks.rows[ok].tolist(), ts_text, temperature[ok].tolist()]


def import_weather_csv(
    conn: psycopg.Connection, path: Path, progress: bool = False
) -> ImportSummary:
    """Hourly temperatures (ts, temperature_c), upserted by hour."""
    rejections: list[Rejection] = []
    with _progress(path, "hour", progress) as bar, conn.transaction():
        conn.execute(_sql("create_weather_staging.sql"))
        for first_row, chunk in read_csv_chunks(path, ("ts", "temperature_c")):
            checks, values = _check_weather(chunk, first_row)
            rejections += checks.rejections
            copy_rows(
                conn, "weather_staging", ("row", "ts", "temperature_c"), zip(*values, strict=True)
            )
            bar.update(len(chunk))
        rejections += _repeats(
            conn, _sql("delete_weather_staging_repeats.sql"), "ts", "a temperature for this hour"
        )
        row = conn.execute(_sql("upsert_weather.sql")).fetchone()
        imported, replaced = (row[0], row[1]) if row else (0, 0)
        drop_table(conn, "weather_staging")
    return ImportSummary(imported, sorted_rejections(rejections), replaced=replaced)


# --- customer addresses ----------------------------------------------------------------


def _check_text(checks: RowChecks, column: pd.Series, name: str, most: int) -> pd.Series:
    """The column as stripped text; rejects more than `most` characters (a NUL is rejected
    for every column by RowChecks.of_chunk)."""
    text = as_text(column)
    checks.reject(text.str.len() > most, name, f"longer than {most} characters")
    return text


def _check_addresses(chunk: pd.DataFrame, first_row: int) -> tuple[RowChecks, list[list[Any]]]:
    checks = RowChecks.of_chunk(chunk, first_row)
    checks.reject(is_blank(chunk["account_no"]), "account_no", "missing")
    account = _check_text(checks, chunk["account_no"], "account_no", MAX_ADDRESS_LENGTH)
    address = _check_text(checks, chunk["address"], "address", MAX_ADDRESS_LENGTH)
    ok = checks.ok
    kept = [text or None for text in address[ok].tolist()]
    return checks, [checks.rows[ok].tolist(), account[ok].tolist(), kept]


def import_addresses_csv(
    conn: psycopg.Connection, path: Path, progress: bool = False
) -> ImportSummary:
    """Customers' addresses (account_no, address), written onto the stored customers."""
    rejections: list[Rejection] = []
    with _progress(path, "address", progress) as bar, conn.transaction():
        conn.execute(_sql("create_customer_address_staging.sql"))
        columns = ("account_no", "address")
        for first_row, chunk in read_csv_chunks(path, columns):
            checks, values = _check_addresses(chunk, first_row)
            rejections += checks.rejections
            names = ("row", "account_no", "address")
            copy_rows(conn, "customer_address_staging", names, zip(*values, strict=True))
            bar.update(len(chunk))
        rejections += _repeats(
            conn,
            _sql("delete_customer_address_staging_repeats.sql"),
            "account_no",
            "an address of this account",
        )
        rejections += [
            Rejection(row, "account_no", f"no customer holds account {account!r}")
            for row, account in conn.execute(_sql("delete_customer_address_unknown.sql"))
        ]
        row = conn.execute(_sql("update_customer_addresses.sql")).fetchone()
        imported, replaced = (row[0], row[1]) if row else (0, 0)
        drop_table(conn, "customer_address_staging")
    return ImportSummary(imported, sorted_rejections(rejections), replaced=replaced)


CSV_IMPORTS: dict[str, Callable[[psycopg.Connection, Path, bool], ImportSummary]] = {
    "readings": import_readings_csv,
    "transformers": import_transformers_csv,
    "weather": import_weather_csv,
    "addresses": import_addresses_csv,
}
