"""Layer endpoint latency on the loaded grid (the medium demo): a city-wide and a street view.

Peer in the same run: the same layer query straight through psycopg, so the table shows how
much of each request is the database and how much is HTTP, routing and transfer.
HTTP and SQL alternate over --rounds rounds (at least 3, bench/rounds.py) of --samples
requests each: every figure is the median with the lowest and highest round.
Run: .venv/bin/python -m bench.layers [--samples 9] [--rounds 3]
"""

from __future__ import annotations

import argparse
from functools import partial

import httpx

from bench.rounds import alternate, check_rounds, median_ms, ratio
from bench.server import running_console
from gis.database import connect, resolve_database_url
from layers.catalog import LAYERS
from layers.query import BBox, fetch_layer, grid_extent


def _street_view(extent: BBox) -> BBox:
    lon = (extent.minlon + extent.maxlon) / 2
    lat = (extent.minlat + extent.maxlat) / 2
    return BBox(lon - 0.006, lat - 0.004, lon + 0.006, lat + 0.004)  # about 1.2 km x 0.9 km


def main() -> None:
    """Time each layer endpoint over HTTP against its query straight through psycopg."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=9, help="requests per layer and round")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating rounds")
    args = parser.parse_args()
    url = resolve_database_url()
    print(
        f"median ms of {args.samples} requests per round; {args.rounds} rounds alternating "
        "HTTP and SQL: median (lowest-highest round)"
    )
    print(
        f"{'view':<18}{'layer':<14}{'features':>9}{'KB':>8}{'HTTP p50 ms':>20}"
        f"{'SQL p50 ms':>20}{'HTTP/SQL':>18}"
    )
    with (
        connect(url) as conn,
        running_console(url) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        extent = grid_extent(conn)
        if extent is None:
            raise SystemExit("no grid loaded: run gridops demo load --size medium first")
        views = {"city (zoom 12)": (extent, 12), "street (zoom 17)": (_street_view(extent), 17)}
        for view_name, (view, zoom) in views.items():
            bbox = f"{view.minlon},{view.minlat},{view.maxlon},{view.maxlat}"
            for layer in LAYERS:
                path = f"/api/v1/layers/{layer.id.value}"
                params: dict[str, str | int] = {"bbox": bbox, "zoom": zoom}
                answer = client.get(path, params=params)
                size, count = len(answer.content), len(answer.json()["features"])
                spreads = alternate(
                    {
                        "http": partial(
                            median_ms, partial(client.get, path, params=params), args.samples
                        ),
                        "sql": partial(
                            median_ms,
                            partial(fetch_layer, conn, layer, view, zoom),
                            args.samples,
                        ),
                    },
                    args.rounds,
                )
                print(
                    f"{view_name:<18}{layer.id.value:<14}{count:>9}{size / 1024:>8.0f}"
                    f"{spreads['http'].text(1):>20}{spreads['sql'].text(1):>20}"
                    f"{ratio(spreads['http'], spreads['sql']).text(2):>18}"
                )


if __name__ == "__main__":
    main()
