"""Batch location of fault-report points on the large demo (about 10,000 supply areas).

1,000,000 random WGS-84 points over the territory's extent and a margin around it (so some
fall outside every supply area) are located by the rules of locate_point — point in supply
area (the lowest id on a shared edge), else the nearest transformer within
GRIDOPS_LOCATE_MAX_DISTANCE_M — two ways:
- outage.locate.BatchLocator, in memory: load() reads the areas and transformers once (timed
  on its own, and a second figure includes it), then locate() per batch;
- outage.locate.locate_many, in PostGIS: on one connection and on one connection per CPU.
Peer, in the same run: geopandas.sjoin (predicate "within") of the same points against the
same supply areas, loaded beforehand (not timed); it builds its points from the arrays (timed),
as the locators do. Ours and the peer alternate over --rounds rounds (at least 3,
bench/rounds.py): every figure is the median with the lowest and highest round, and every
ratio to sjoin is taken within a round.
Agreement: BatchLocator against locate_many point by point (transformer, area, method,
distance), and of the points sjoin puts inside an area, the share located there.
Target (issue 4): at least as fast as sjoin.

The large demo lives in gridops_bench_large on the configured server (loaded once; see
bench/planned_outages.py).
Run: .venv/bin/python -m bench.fault_location [--points 1000000] [--margin 0.01] [--rounds 3]
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from bench.planned_outages import large_demo_url
from bench.rounds import Spread, alternate, check_rounds, ratio
from gis.database import connect
from outage.locate import BatchLocation, BatchLocator, LocatedBatch, locate_many
from outage.settings import outage_settings


def _timer(run: Callable[[], Any], results: dict[str, Any], name: str) -> Callable[[], float]:
    """A contender for alternate(): the seconds of one run, its result kept under `name`."""

    def timed() -> float:
        started = time.perf_counter()
        results[name] = run()
        return time.perf_counter() - started

    return timed


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


def _load_locator(url: str) -> BatchLocator:
    with connect(url) as conn:
        return BatchLocator.load(conn, outage_settings().locate_max_distance_m)


def _row(label: str, seconds: Spread, points: int, sjoin_s: Spread) -> None:
    rate = Spread(tuple(points / s for s in seconds.values))
    print(
        f"{label:<46}{seconds.text(2):>18}{rate.text(0):>24}{ratio(sjoin_s, seconds).text(2):>18}"
    )


def _agreement(batch: BatchLocation, reference: LocatedBatch, expected: np.ndarray) -> None:
    same = {
        field: int(np.sum(getattr(batch, field) == getattr(reference, field)))
        for field in ("transformer_id", "supply_area_id", "method")
    }
    near = reference.method == 2
    gap = np.abs(batch.distance_m[near] - reference.distance_m[near])
    print(
        "\nBatchLocator against locate_many, point by point: "
        + ", ".join(f"{field} {count / len(batch.method):.4%}" for field, count in same.items())
        + f"; nearest distance off by at most {gap.max() if near.any() else 0.0:.2e} m"
    )
    inside = expected >= 0
    for label, found in (("BatchLocator", batch), ("locate_many", reference)):
        agree = np.mean(found.transformer_id[inside] == expected[inside])
        print(f"inside an area (sjoin): {inside.sum():,}; same transformer by {label}: {agree:.4%}")
    print(
        f"outside every area: {(~inside).sum():,}; nearest within "
        f"{outage_settings().locate_max_distance_m:.0f} m: {(batch.method == 2).sum():,}, "
        f"not located: {(batch.method == 0).sum():,}; inside for sjoin but not within "
        f"(covered_by catches edges sjoin's within misses): "
        f"{(inside & (batch.method != 1)).sum():,}"
    )


def main() -> None:
    """Time locating --points random points, ours against geopandas sjoin and PostGIS."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--margin", type=float, default=0.01, help="degrees around the extent")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating rounds")
    args = parser.parse_args()
    url = large_demo_url()
    areas = _areas(url)
    minx, miny, maxx, maxy = areas.total_bounds
    rng = np.random.default_rng(4)
    lons = rng.uniform(minx - args.margin, maxx + args.margin, args.points)
    lats = rng.uniform(miny - args.margin, maxy + args.margin, args.points)
    print(
        f"{args.points:,} points against {len(areas):,} supply areas; "
        f"{args.rounds} alternating rounds: median (lowest-highest round)"
    )
    results: dict[str, Any] = {"locator": _load_locator(url)}
    workers = sorted({1, os.cpu_count() or 1})
    contenders = {
        "sjoin": _timer(lambda: _sjoin(areas, lons, lats), results, "sjoin"),
        "load": _timer(lambda: _load_locator(url), results, "locator"),
        "locate": _timer(lambda: results["locator"].locate(lons, lats), results, "batch"),
        **{
            f"postgis{n}": _timer(
                functools.partial(_postgis, url, n, lons, lats), results, f"postgis{n}"
            )
            for n in workers
        },
    }
    spreads = alternate(contenders, args.rounds)
    sjoin_s = spreads["sjoin"]
    print(f"\n{'method':<46}{'seconds':>20}  {'points/s':>27}  {'sjoin / ours':>18}")
    _row("peer: geopandas.sjoin within", sjoin_s, args.points, sjoin_s)
    print(f"{'BatchLocator.load (areas, transformers, grid)':<46}{spreads['load'].text(2):>20}")
    _row("BatchLocator.locate", spreads["locate"], args.points, sjoin_s)
    with_load = Spread(
        tuple(a + b for a, b in zip(spreads["load"].values, spreads["locate"].values, strict=True))
    )
    _row("BatchLocator, load included", with_load, args.points, sjoin_s)
    for n in workers:
        _row(
            f"PostGIS locate_many, {n} connection(s)", spreads[f"postgis{n}"], args.points, sjoin_s
        )
    _agreement(results["batch"], results[f"postgis{workers[0]}"], results["sjoin"])


if __name__ == "__main__":
    main()
