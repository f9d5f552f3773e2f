"""The transformers at risk as files for planners: CSV (with lon and lat columns) and
GeoPackage (points in EPSG:4326, layer transformers_at_risk), one row per transformer with
its forecast peak, loading, risk class, overload probability and the kW of each driving
appliance type."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from forecasting.report import RiskRow

GEOPACKAGE_LAYER = "transformers_at_risk"


def risk_frame(rows: Sequence[RiskRow]) -> gpd.GeoDataFrame:
    """The rows as a GeoDataFrame (points in EPSG:4326)."""
    records = [
        {
            "transformer_id": r.transformer_id,
            "code": r.code,
            "feeder_id": r.feeder_id,
            "capacity_kva": r.capacity_kva,
            "peak_kva_p10": r.peak_kva_p10,
            "peak_kva_p50": r.peak_kva_p50,
            "peak_kva_p90": r.peak_kva_p90,
            "loading_pct": r.loading_pct,
            "risk_class": r.risk_class.value,
            "overload_probability": r.overload_probability,
            "first_overload_date": r.first_overload_date.isoformat()
            if r.first_overload_date
            else None,
            **{f"driver_{kind}_kw": kw for kind, kw in r.drivers.items()},
            "geometry": Point(r.lon, r.lat),
        }
        for r in rows
    ]
    return gpd.GeoDataFrame(pd.DataFrame.from_records(records), geometry="geometry", crs=4326)


def risk_csv(rows: Sequence[RiskRow]) -> str:
    """The rows as CSV, the points as lon and lat columns."""
    frame = risk_frame(rows)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    table["lon"], table["lat"] = frame.geometry.x, frame.geometry.y
    return table.to_csv(index=False)


def risk_geopackage(rows: Sequence[RiskRow]) -> bytes:
    """The rows as a GeoPackage file's bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "transformers_at_risk.gpkg"
        risk_frame(rows).to_file(path, driver="GPKG", layer=GEOPACKAGE_LAYER)
        return path.read_bytes()
