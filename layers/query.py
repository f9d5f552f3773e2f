"""Fetch a layer for a view as a GeoJSON FeatureCollection, serialised by PostGIS."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import psycopg

from gis import local_time
from gis.sql_file import load_sql
from gis.vocabulary import POWER_FACTOR
from layers.catalog import Layer

MIN_ZOOM = 0
MAX_ZOOM = 22


@dataclass(frozen=True)
class BBox:
    """A view in WGS-84 degrees: minlon, minlat, maxlon, maxlat."""

    minlon: float
    minlat: float
    maxlon: float
    maxlat: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """Parse "minlon,minlat,maxlon,maxlat"; ValueError with the reason when malformed."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 4:
            raise ValueError(f"bbox needs 4 numbers minlon,minlat,maxlon,maxlat; got {len(parts)}")
        try:
            minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
        except ValueError:
            raise ValueError(f"bbox values must be numbers; got {text!r}") from None
        if not all(math.isfinite(v) for v in (minlon, minlat, maxlon, maxlat)):
            raise ValueError("bbox values must be finite numbers")
        if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180):
            raise ValueError("bbox longitudes must lie in [-180, 180]")
        if not (-90 <= minlat <= 90 and -90 <= maxlat <= 90):
            raise ValueError("bbox latitudes must lie in [-90, 90]")
        if minlon >= maxlon or minlat >= maxlat:
            raise ValueError(
                "bbox minimum must be below its maximum (minlon<maxlon, minlat<maxlat)"
            )
        return cls(minlon, minlat, maxlon, maxlat)


def coordinate_digits(zoom: int) -> int:
    """Decimal digits of the output coordinates: ~1 m at street zoom, ~10 m city-wide."""
    return 6 if zoom >= 15 else 5 if zoom >= 10 else 4


DEFAULT_HORIZON_DAYS = 365  # the forecast layer's look-ahead when none is asked for
MAX_HORIZON_DAYS = 366


def fetch_layer(
    conn: psycopg.Connection,
    layer: Layer,
    bbox: BBox,
    zoom: int,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> str:
    """The layer's features in the view, as GeoJSON text (empty below the layer's min zoom);
    horizon_days is read by time-dependent layers (the forecast)."""
    if zoom < layer.min_zoom:
        return '{"type":"FeatureCollection","features":[]}'
    params = {
        "horizon_days": horizon_days,
        "timezone": local_time.zone().key,  # days after the cut-off are the zone's days
        "power_factor": POWER_FACTOR,
        "minlon": bbox.minlon,
        "minlat": bbox.minlat,
        "maxlon": bbox.maxlon,
        "maxlat": bbox.maxlat,
        "zoom": zoom,
        "digits": coordinate_digits(zoom),
        "limit": layer.max_features,
    }
    row = conn.execute(layer.sql_for_zoom(zoom).encode(), params).fetchone()
    return str(row[0]) if row and row[0] else '{"type":"FeatureCollection","features":[]}'


def grid_extent(conn: psycopg.Connection) -> BBox | None:
    """The extent of the loaded grid (territory, else transformers), or None when empty."""
    row = conn.execute(load_sql("layers", "select_grid_extent.sql").encode()).fetchone()
    if not row or row[0] is None:
        return None
    return BBox(float(row[0]), float(row[1]), float(row[2]), float(row[3]))


def grid_source_name(conn: psycopg.Connection) -> str | None:
    """What the grid tables hold ("demo medium seed 7", "pandapower mv_oberrhein"), if any."""
    row = conn.execute("SELECT name FROM grid_source").fetchone()
    return str(row[0]) if row else None


def feeder_transformers(conn: psycopg.Connection) -> list[tuple[int, str, str, list[int]]]:
    """(feeder id, feeder code, substation code, transformer ids) for every feeder."""
    rows = conn.execute(load_sql("layers", "select_feeder_transformers.sql").encode()).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2]), list(r[3])) for r in rows]


def transformer_codes(conn: psycopg.Connection, ids: list[int]) -> list[str]:
    """The codes of the transformers with these ids, sorted (unknown ids left out)."""
    row = conn.execute(
        load_sql("layers", "select_transformer_codes.sql").encode(), {"ids": ids}
    ).fetchone()
    return list(row[0]) if row else []


def grid_backdrop(conn: psycopg.Connection, view: BBox, transformers: bool) -> dict[str, Any]:
    """The territory and the grid in a view, as GeoJSON (the `kind` of each feature only):
    what a map without basemap tiles still shows. Transformers only when asked (a street
    view); simplified to about a thousandth of the view's width."""
    params = {
        "minlon": view.minlon,
        "minlat": view.minlat,
        "maxlon": view.maxlon,
        "maxlat": view.maxlat,
        "transformers": transformers,
        "tolerance": (view.maxlon - view.minlon) / 1000,
        "digits": 5,
    }
    row = conn.execute(load_sql("layers", "select_grid_backdrop.sql").encode(), params).fetchone()
    collection: dict[str, Any] = json.loads(row[0]) if row and row[0] else {}
    return collection or {"type": "FeatureCollection", "features": []}
