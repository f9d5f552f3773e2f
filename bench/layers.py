"""Layer endpoint latency on the loaded grid (the medium demo): a city-wide and a street view.

Peer in the same run: the same layer query straight through psycopg, so the table shows how
much of each request is the database and how much is HTTP, routing and transfer.
Run: .venv/bin/python -m bench.layers [--repeat 25]
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx

from bench.server import running_console
from gis.database import connect, resolve_database_url
from layers.catalog import LAYERS
from layers.query import BBox, fetch_layer, grid_extent


def _street_view(extent: BBox) -> BBox:
    lon = (extent.minlon + extent.maxlon) / 2
    lat = (extent.minlat + extent.maxlat) / 2
    return BBox(lon - 0.006, lat - 0.004, lon + 0.006, lat + 0.004)  # about 1.2 km x 0.9 km


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    url = resolve_database_url()
    with connect(url) as conn:
        extent = grid_extent(conn)
        if extent is None:
            raise SystemExit("no grid loaded: run gridops demo load --size medium first")
        views = {"city (zoom 12)": (extent, 12), "street (zoom 17)": (_street_view(extent), 17)}
        direct: dict[tuple[str, str], list[float]] = {}
        for view_name, (view, zoom) in views.items():
            for layer in LAYERS:
                samples = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    fetch_layer(conn, layer, view, zoom)
                    samples.append(time.perf_counter() - start)
                direct[(view_name, layer.id.value)] = samples
    print(
        f"{'view':<18}{'layer':<14}{'features':>9}{'KB':>8}{'HTTP p50 ms':>13}"
        f"{'HTTP p95 ms':>13}{'SQL p50 ms':>12}{'HTTP/SQL':>10}"
    )
    with running_console(url) as base, httpx.Client(base_url=base, timeout=30) as client:
        for view_name, (view, zoom) in views.items():
            bbox = f"{view.minlon},{view.minlat},{view.maxlon},{view.maxlat}"
            for layer in LAYERS:
                samples, size, count = [], 0, 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    answer = client.get(
                        f"/api/v1/layers/{layer.id.value}", params={"bbox": bbox, "zoom": zoom}
                    )
                    samples.append(time.perf_counter() - start)
                    size, count = len(answer.content), len(answer.json()["features"])
                sql_ms = _median_ms(direct[(view_name, layer.id.value)])
                http_ms = _median_ms(samples)
                p95 = statistics.quantiles(samples, n=20)[-1] * 1000
                print(
                    f"{view_name:<18}{layer.id.value:<14}{count:>9}{size / 1024:>8.0f}"
                    f"{http_ms:>13.1f}{p95:>13.1f}{sql_ms:>12.1f}{http_ms / sql_ms:>10.2f}"
                )


if __name__ == "__main__":
    main()
