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
from typing import Any

import numpy as np
import psycopg
import shapely
from psycopg.rows import dict_row
from pyproj import Geod

from gis.errors import RejectedInputError
from gis.sql_file import load_sql
from outage.models import LocationMethod
from outage.settings import OutageSettings, outage_settings

BATCH_CHUNK = 100_000  # points per statement in locate_many
GRID_SPLIT = 4  # BatchLocator's grid: cells per side of an average supply area's bounding box
CELL_PAD = 1e-9  # degrees around a cell, so rounding never drops an area from it
METRES_PER_DEGREE = 110_000  # of latitude, rounded down: a search box is never too small
GEOD = Geod(ellps="WGS84")


class LocationRejectedError(RejectedInputError):
    """A point too far from every transformer to be ours (answered 422)."""

    title = "Invalid location"
    kind = "invalid-location"
    field = "lon"

    def __init__(self, message: str, distance_m: float | None = None) -> None:
        super().__init__(message)
        self.distance_m = distance_m


@dataclass(frozen=True)
class Location:
    """Where a point lies on the grid: transformer, feeder and substation, and how it was found."""

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
            _sql("locate/locate_point.sql"), {"lon": lon, "lat": lat, "max_m": max_distance_m}
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
            _sql("locate/select_account_transformer.sql"),
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
            _sql("locate/locate_points.sql"),
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


@dataclass(frozen=True)
class BatchLocation(LocatedBatch):
    """BatchLocator's answer: LocatedBatch and the feeder and substation (-1 where none)."""

    feeder_id: np.ndarray
    substation_id: np.ndarray


@dataclass(frozen=True)
class _AreaGrid:
    """Square cells over the supply areas' extent. Per cell, the areas meeting it (ascending
    id; CSR: area[start[c]:start[c + 1]]), and the one area covering it whole, where a single
    area meets it (else -1): every point of such a cell is in that area and no other."""

    x0: float
    y0: float
    size: float
    nx: int
    ny: int
    start: np.ndarray
    area: np.ndarray
    whole: np.ndarray

    @classmethod
    def build(cls, geoms: np.ndarray) -> _AreaGrid:
        bounds = shapely.bounds(geoms)
        x0, y0 = bounds[:, 0].min(), bounds[:, 1].min()
        spans = (bounds[:, 2] - bounds[:, 0]) * (bounds[:, 3] - bounds[:, 1])
        size = float(np.sqrt(spans.mean())) / GRID_SPLIT or 1e-6
        nx = int((bounds[:, 2].max() - x0) / size) + 1
        ny = int((bounds[:, 3].max() - y0) / size) + 1
        cx, cy = np.arange(nx * ny) % nx, np.arange(nx * ny) // nx
        boxes = shapely.box(
            x0 + cx * size - CELL_PAD,
            y0 + cy * size - CELL_PAD,
            x0 + (cx + 1) * size + CELL_PAD,
            y0 + (cy + 1) * size + CELL_PAD,
        )
        cell, owner = shapely.STRtree(geoms).query(boxes, predicate="intersects")
        order = np.lexsort((owner, cell))
        cell, owner = cell[order], owner[order]
        counts = np.bincount(cell, minlength=nx * ny)
        whole = np.full(nx * ny, -1, dtype=np.int64)
        single = np.flatnonzero(counts[cell] == 1)
        covered = single[shapely.covers(geoms[owner[single]], boxes[cell[single]])]
        whole[cell[covered]] = owner[covered]
        start = np.concatenate([[0], np.cumsum(counts)])
        return cls(float(x0), float(y0), size, nx, ny, start, owner, whole)

    def covering(self, geoms: np.ndarray, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Per point, the index of the lowest-id area covering it (edges included), else -1."""
        fx, fy = (lons - self.x0) / self.size, (lats - self.y0) / self.size
        points = np.flatnonzero((fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny))
        cell = fy[points].astype(np.int64) * self.nx + fx[points].astype(np.int64)
        found = np.full(len(lons), -1, dtype=np.int64)
        whole = self.whole[cell]
        found[points[whole >= 0]] = whole[whole >= 0]
        points, cell = points[whole < 0], cell[whole < 0]
        counts = self.start[cell + 1] - self.start[cell]
        slot, k = _expand(counts)
        point, area = points[slot], self.area[self.start[cell][slot] + k]
        hit = shapely.intersects_xy(geoms[area], lons[point], lats[point])  # a point: covers
        point, area = point[hit], area[hit]
        first = np.ones(len(point), dtype=bool)  # ascending area per point: the first is lowest
        first[1:] = point[1:] != point[:-1]
        found[point[first]] = area[first]
        return found


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For counts [2, 3]: owners [0, 0, 1, 1, 1] and ranks within them [0, 1, 0, 1, 2]."""
    owner = np.repeat(np.arange(len(counts)), counts)
    return owner, np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)


class BatchLocator:
    """Locate many points in memory, by the rules of locate_point: for imports of many points
    (appliance sales, bulk reports). load() reads the supply areas and transformers once; then
    locate() answers arrays, with no database, about as fast as numpy and GEOS allow.

    In an area: a grid of cells over the areas (_AreaGrid) settles the points of cells that a
    single area covers whole, and tests the others against their cell's few areas with
    prepared GEOS geometries (edges count; the lowest id wins). Outside every area: the
    transformers in a box of the limit around the point (degrees, widened by 1/cos(lat), as in
    locate_point.sql) are measured on the WGS-84 ellipsoid (pyproj.Geod); the nearest within
    the limit wins, ties to the lowest transformer id."""

    def __init__(
        self,
        areas: Sequence[Sequence[Any]],
        transformers: Sequence[Sequence[Any]],
        max_distance_m: float,
    ) -> None:
        """areas: (id, transformer_id, feeder_id, substation_id, WKB) by id; transformers:
        (id, lon, lat, supply_area_id or -1, feeder_id, substation_id) by id."""
        if not areas or not transformers:
            raise ValueError("no grid to locate on: load a network first")
        self.max_distance_m = max_distance_m
        columns = list(zip(*areas, strict=True))
        self.area_id, self.area_transformer, self.area_feeder, self.area_substation = (
            np.array(column, dtype=np.int64) for column in columns[:4]
        )
        self.geoms = shapely.from_wkb([bytes(wkb) for wkb in columns[4]])
        shapely.prepare(self.geoms)
        self.grid = _AreaGrid.build(self.geoms)
        columns = list(zip(*transformers, strict=True))
        self.transformer_id = np.array(columns[0], dtype=np.int64)
        self.transformer_lon = np.array(columns[1], dtype=np.float64)
        self.transformer_lat = np.array(columns[2], dtype=np.float64)
        self.transformer_area, self.transformer_feeder, self.transformer_substation = (
            np.array(column, dtype=np.int64) for column in columns[3:]
        )
        self.transformers = shapely.STRtree(
            shapely.points(self.transformer_lon, self.transformer_lat)
        )

    @classmethod
    def load(cls, conn: psycopg.Connection, max_distance_m: float | None = None) -> BatchLocator:
        """Read the grid once (GRIDOPS_LOCATE_MAX_DISTANCE_M unless a limit is given)."""
        limit = (
            max_distance_m
            if max_distance_m is not None
            else outage_settings().locate_max_distance_m
        )
        areas = conn.execute(
            _sql("locate/select_supply_areas_for_batch.sql"), binary=True
        ).fetchall()
        transformers = conn.execute(_sql("locate/select_transformers_for_batch.sql")).fetchall()
        return cls(areas, transformers, limit)

    def locate(self, lons: np.ndarray, lats: np.ndarray) -> BatchLocation:
        """Locate WGS-84 points: arrays in input order, coded as in LocatedBatch."""
        lons, lats = np.asarray(lons, dtype=np.float64), np.asarray(lats, dtype=np.float64)
        if lons.shape != lats.shape:
            raise ValueError("lons and lats differ in length")
        n = len(lons)
        method, distance = np.zeros(n, dtype=np.int64), np.full(n, np.nan)
        transformer, area, feeder, substation = (np.full(n, -1, dtype=np.int64) for _ in "1234")
        inside = self.grid.covering(self.geoms, lons, lats)
        hit = np.flatnonzero(inside >= 0)
        found = inside[hit]
        method[hit], distance[hit], area[hit] = 1, 0.0, self.area_id[found]
        transformer[hit] = self.area_transformer[found]
        feeder[hit], substation[hit] = self.area_feeder[found], self.area_substation[found]
        near, nearest, metres = self._nearest(lons, lats, np.flatnonzero(inside < 0))
        method[near], distance[near] = 2, metres
        transformer[near], area[near] = self.transformer_id[nearest], self.transformer_area[nearest]
        feeder[near] = self.transformer_feeder[nearest]
        substation[near] = self.transformer_substation[nearest]
        return BatchLocation(transformer, area, method, distance, feeder, substation)

    def _nearest(
        self, lons: np.ndarray, lats: np.ndarray, points: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Of the given points, those with a transformer within the limit: (points,
        transformer indices, metres on the ellipsoid)."""
        x, y = lons[points], lats[points]
        dlat = self.max_distance_m / METRES_PER_DEGREE
        dlon = dlat / np.maximum(np.cos(np.radians(y)), 0.01)
        slot, candidate = self.transformers.query(
            shapely.box(x - dlon, y - dlat, x + dlon, y + dlat)
        )
        _, _, metres = GEOD.inv(
            x[slot], y[slot], self.transformer_lon[candidate], self.transformer_lat[candidate]
        )
        keep = metres <= self.max_distance_m
        slot, candidate, metres = slot[keep], candidate[keep], metres[keep]
        order = np.lexsort((candidate, metres, slot))  # per point: nearest, then lowest id
        slot, candidate, metres = slot[order], candidate[order], metres[order]
        first = np.ones(len(slot), dtype=bool)
        first[1:] = slot[1:] != slot[:-1]
        return points[slot[first]], candidate[first], metres[first]
