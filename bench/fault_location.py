"""Batch location of fault-report points on the large demo (about 10,000 supply areas).

1,000,000 random WGS-84 points over the territory's extent and a margin around it (so some
fall outside every supply area) are located with outage.locate.locate_many — point in supply
area (GiST), else the nearest transformer within GRIDOPS_LOCATE_MAX_DISTANCE_M — on one
connection and on one connection per CPU. Peer, in the same run: geopandas.sjoin (predicate
"within") of the same points against the same supply areas, loaded beforehand (not timed).
Agreement: of the points sjoin puts inside an area, the share located there by PostGIS.
Target (issue 4): at least as fast as sjoin.

The large demo lives in gridops_bench_large on the configured server (loaded once; see
bench/planned_outages.py).
Run: .venv/bin/python -m bench.fault_location [--points 1000000] [--margin 0.01]
"""

from __future__ import annotations

import argparse
import os
import time

import geopandas as gpd
import numpy as np
import shapely

from bench.planned_outages import large_demo_url
from gis.database import connect
from outage.locate import LocatedBatch, locate_many
from outage.settings import outage_settings


def _areas(url: str) -> gpd.GeoDataFrame:
    with connect(url) as conn:
        rows = conn.execute(
            "SELECT id, transformer_id, ST_AsBinary(geom) FROM supply_area ORDER BY id"
        ).fetchall()
    return gpd.GeoDataFrame(
        {"area_id": [r[0] for r in rows], "transformer_id": [r[1] for r in rows]},
        geometry=shapely.from_wkb([bytes(r[2]) for r in rows]),
        crs=4326,
    )


def _sjoin(areas: gpd.GeoDataFrame, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Transformer per point by sjoin within (lowest area id if several), -1 outside."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs=4326)
    joined = gpd.sjoin(points, areas, predicate="within", how="inner")
    first = joined.sort_values("area_id").groupby(level=0)["transformer_id"].first()
    found = np.full(len(lons), -1, dtype=np.int64)
    found[first.index.to_numpy()] = first.to_numpy()
    return found


def _postgis(url: str, workers: int, lons: np.ndarray, lats: np.ndarray) -> LocatedBatch:
    connections = [connect(url, autocommit=True) for _ in range(workers)]
    try:
        return locate_many(connections, lons, lats, outage_settings().locate_max_distance_m)
    finally:
        for conn in connections:
            conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--margin", type=float, default=0.01, help="degrees around the extent")
    args = parser.parse_args()
    url = large_demo_url()
    areas = _areas(url)
    minx, miny, maxx, maxy = areas.total_bounds
    rng = np.random.default_rng(4)
    lons = rng.uniform(minx - args.margin, maxx + args.margin, args.points)
    lats = rng.uniform(miny - args.margin, maxy + args.margin, args.points)
    print(f"{args.points:,} points against {len(areas):,} supply areas")

    started = time.perf_counter()
    expected = _sjoin(areas, lons, lats)
    sjoin_s = time.perf_counter() - started
    print(f"\n{'method':<52}{'seconds':>9}{'points/s':>12}{'ratio':>7}")
    print(f"{'peer: geopandas.sjoin within':<52}{sjoin_s:>9.2f}{args.points / sjoin_s:>12,.0f}")
    results = []
    for workers in sorted({1, os.cpu_count() or 1}):
        started = time.perf_counter()
        found = _postgis(url, workers, lons, lats)
        seconds = time.perf_counter() - started
        results.append(found)
        label = f"PostGIS locate_many, {workers} connection(s)"
        print(f"{label:<52}{seconds:>9.2f}{args.points / seconds:>12,.0f}{sjoin_s / seconds:>7.2f}")

    found = results[-1]
    inside = expected >= 0
    agree = np.mean(found.transformer_id[inside] == expected[inside])
    print(f"\ninside an area (sjoin): {inside.sum():,}; same transformer by PostGIS: {agree:.4%}")
    print(
        f"outside every area: {(~inside).sum():,}; by PostGIS nearest within "
        f"{outage_settings().locate_max_distance_m:.0f} m: {(found.method == 2).sum():,}, "
        f"not located: {(found.method == 0).sum():,}"
    )
    edge = inside & (found.method != 1)
    print(f"inside for sjoin but not within for PostGIS: {edge.sum():,}")


if __name__ == "__main__":
    main()
