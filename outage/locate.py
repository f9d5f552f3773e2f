"""Locate a point on the grid: the supply area it lies in, its transformer, feeder and
substation; outside every area, the nearest transformer within a limit; farther, rejected.

A point on the edge shared by two supply areas belongs to the area with the lowest id, so the
same point always lands in the same place. With an account number, the customer's own
transformer wins and a disagreement with the point is described (location_conflict).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import psycopg
from psycopg.rows import dict_row

from gis.sql_file import load_sql
from outage.models import LocationMethod
from outage.settings import OutageSettings, outage_settings

BATCH_CHUNK = 100_000  # points per statement in locate_many


class LocationRejectedError(ValueError):
    """A point too far from every transformer to be ours (answered 422)."""

    def __init__(self, message: str, distance_m: float | None = None) -> None:
        super().__init__(message)
        self.distance_m = distance_m


@dataclass(frozen=True)
class Location:
    transformer_id: int
    supply_area_id: int | None
    feeder_id: int
    substation_id: int
    method: LocationMethod
    distance_m: float
    conflict: str | None = None
    # the WGS-84 point that decides planned outages: the customer's own with an account
    lon: float = 0.0
    lat: float = 0.0


@dataclass(frozen=True)
class LocatedBatch:
    """locate_many's answer, in input order: transformer_id and supply_area_id are -1 and
    method 0 where a point was not located; method 1 is within, 2 nearest."""

    transformer_id: np.ndarray
    supply_area_id: np.ndarray
    method: np.ndarray
    distance_m: np.ndarray


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def locate_point(
    conn: psycopg.Connection, lon: float, lat: float, max_distance_m: float
) -> Location | None:
    """The supply area covering the point (lowest id), else the nearest transformer within
    max_distance_m; None when there is neither."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("locate_point.sql"), {"lon": lon, "lat": lat, "max_m": max_distance_m}
        ).fetchone()
    if row is None:
        return None
    return Location(
        transformer_id=row["transformer_id"],
        supply_area_id=row["supply_area_id"],
        feeder_id=row["feeder_id"],
        substation_id=row["substation_id"],
        method=LocationMethod(row["method"]),
        distance_m=round(float(row["distance_m"]), 1),
        lon=lon,
        lat=lat,
    )


def locate(
    conn: psycopg.Connection,
    lon: float,
    lat: float,
    account_no: str | None = None,
    settings: OutageSettings | None = None,
) -> Location:
    """Where a report at a WGS-84 point gets its power (LocationRejectedError when nowhere)."""
    settings = settings or outage_settings()
    limit = settings.locate_max_distance_m
    by_point = locate_point(conn, lon, lat, limit)
    if account_no:
        by_account = _by_account(conn, lon, lat, account_no, by_point)
        if by_account is not None:
            return by_account
    if by_point is None:
        raise LocationRejectedError(
            f"the point ({lon:.6f}, {lat:.6f}) lies outside the service territory: no "
            f"transformer within {limit:.0f} m (are longitude and latitude swapped?)"
        )
    if account_no:
        return _with_conflict(by_point, f"account {account_no!r} is not known")
    return by_point


def _by_account(
    conn: psycopg.Connection, lon: float, lat: float, account_no: str, by_point: Location | None
) -> Location | None:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("select_account_transformer.sql"),
            {"account_no": account_no, "lon": lon, "lat": lat},
        ).fetchone()
    if row is None:
        return None
    conflict = None
    if by_point is None:
        conflict = f"the point is {row['distance_m']:.0f} m from the account's transformer"
    elif by_point.transformer_id != row["transformer_id"]:
        conflict = (
            f"the point is at transformer {by_point.transformer_id} ({by_point.method}), "
            f"the account at transformer {row['transformer_id']}"
        )
    return Location(
        transformer_id=row["transformer_id"],
        supply_area_id=row["supply_area_id"],
        feeder_id=row["feeder_id"],
        substation_id=row["substation_id"],
        method=LocationMethod.ACCOUNT,
        distance_m=round(float(row["distance_m"]), 1),
        conflict=conflict,
        lon=float(row["customer_lon"]),
        lat=float(row["customer_lat"]),
    )


def _with_conflict(location: Location, conflict: str) -> Location:
    return Location(**{**location.__dict__, "conflict": conflict})


def locate_chunk(
    conn: psycopg.Connection,
    lons: Sequence[float] | np.ndarray,
    lats: Sequence[float] | np.ndarray,
    max_distance_m: float,
) -> LocatedBatch:
    """One statement for many points (see locate_points.sql). The points travel as binary
    float8 arrays. JIT is off for it (its cost estimate makes PostgreSQL compile it, which
    costs more than it saves) and work_mem is raised so its sorts and joins stay in memory;
    SET LOCAL lasts to the end of the caller's transaction."""
    with conn.transaction():
        conn.execute("SET LOCAL jit = off")
        conn.execute("SET LOCAL work_mem = '64MB'")
        row = conn.execute(
            _sql("locate_points.sql"),
            {
                "lons": np.asarray(lons, dtype=np.float64).tolist(),
                "lats": np.asarray(lats, dtype=np.float64).tolist(),
                "max_m": max_distance_m,
            },
            binary=True,
        ).fetchone()
    if row is None or row[0] is None:  # no points
        empty = np.empty(0, dtype=np.int64)
        return LocatedBatch(empty, empty, empty, np.empty(0))
    return LocatedBatch(
        transformer_id=np.asarray(row[0], dtype=np.int64),
        supply_area_id=np.asarray(row[1], dtype=np.int64),
        method=np.asarray(row[2], dtype=np.int64),
        distance_m=np.asarray(row[3], dtype=np.float64),
    )


def locate_many(
    connections: Sequence[psycopg.Connection],
    lons: np.ndarray,
    lats: np.ndarray,
    max_distance_m: float | None = None,
    chunk: int = BATCH_CHUNK,
) -> LocatedBatch:
    """Locate many WGS-84 points, in chunks spread over the given connections (one thread
    each; the database does the work in parallel). Arrays out, in input order."""
    if len(lons) != len(lats):
        raise ValueError("lons and lats differ in length")
    limit = (
        max_distance_m if max_distance_m is not None else outage_settings().locate_max_distance_m
    )
    starts = list(range(0, len(lons), chunk)) or [0]

    def run(worker: int) -> list[tuple[int, LocatedBatch]]:
        conn = connections[worker]
        return [
            (
                start,
                locate_chunk(conn, lons[start : start + chunk], lats[start : start + chunk], limit),
            )
            for start in starts[worker :: len(connections)]
        ]

    with ThreadPoolExecutor(max_workers=len(connections)) as pool:
        parts = sorted(
            (part for done in pool.map(run, range(len(connections))) for part in done),
            key=lambda part: part[0],
        )
    batches = [batch for _, batch in parts]
    return LocatedBatch(
        transformer_id=np.concatenate([b.transformer_id for b in batches]),
        supply_area_id=np.concatenate([b.supply_area_id for b in batches]),
        method=np.concatenate([b.method for b in batches]),
        distance_m=np.concatenate([b.distance_m for b in batches]),
    )
