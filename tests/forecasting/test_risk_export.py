"""The planners' export of the transformers at risk: CSV and GeoPackage."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from forecasting.models import RiskClass
from forecasting.report import RiskRow
from forecasting.risk_export import GEOPACKAGE_LAYER, risk_csv, risk_geopackage


def _row(transformer_id: int, lon: float, lat: float, loading: float) -> RiskRow:
    return RiskRow(
        transformer_id=transformer_id,
        code=f"T{transformer_id:04d}",
        feeder_id=7,
        capacity_kva=400.0,
        lon=lon,
        lat=lat,
        status="ok",
        reason=None,
        peak_kva_p10=380.0,
        peak_kva_p50=420.0,
        peak_kva_p90=470.0,
        loading_pct=loading,
        risk_class=RiskClass.OVERLOAD if loading > 100 else RiskClass.WATCH,
        overload_probability=0.7,
        first_overload_date=date(2027, 7, 14) if loading > 100 else None,
        drivers={"air_conditioner": 55.5, "ev_charger": 12.0},
    )


ROWS = [_row(1, 104.06, 30.67, 105.0), _row(2, 104.1, 30.7, 85.0)]


def test_the_geopackage_holds_one_point_per_transformer_in_wgs84(tmp_path: Path) -> None:
    """A planner opening the GeoPackage finds the layer transformers_at_risk, in EPSG:4326,
    with each transformer's code, loading, risk, first overload and appliance drivers."""
    path = tmp_path / "export.gpkg"
    path.write_bytes(risk_geopackage(ROWS))
    assert pyogrio.list_layers(path)[:, 0].tolist() == [GEOPACKAGE_LAYER]
    frame = gpd.read_file(path, layer=GEOPACKAGE_LAYER)
    assert frame.crs.to_epsg() == 4326
    assert frame["code"].tolist() == ["T0001", "T0002"]
    assert frame["risk_class"].tolist() == ["overload", "watch"]
    assert frame["loading_pct"].tolist() == [105.0, 85.0]
    assert frame["first_overload_date"].astype(str).tolist()[0].startswith("2027-07-14")
    assert frame["driver_air_conditioner_kw"].tolist() == [55.5, 55.5]
    assert [(p.x, p.y) for p in frame.geometry] == [(104.06, 30.67), (104.1, 30.7)]


def test_the_csv_gives_the_points_as_lon_and_lat() -> None:
    """The CSV has the same columns without the geometry, and lon and lat instead."""
    table = pd.read_csv(io.StringIO(risk_csv(ROWS)))
    assert "geometry" not in table.columns
    assert table[["code", "lon", "lat"]].values.tolist() == [
        ["T0001", 104.06, 30.67],
        ["T0002", 104.1, 30.7],
    ]
    assert table["driver_ev_charger_kw"].tolist() == [12.0, 12.0]
