"""The layer endpoint against real PostGIS, on the small demo."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import box, shape

from layers.catalog import LAYERS, STREET_ZOOM


def _extent(db) -> tuple[float, float, float, float]:
    row = db.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) x"
    ).fetchone()
    return tuple(float(v) for v in row)


def _bbox(values) -> str:
    return ",".join(f"{v:.6f}" for v in values)


def test_layer_catalog_lists_every_layer_with_its_url(client: TestClient) -> None:
    answer = client.get("/api/v1/layers")
    assert answer.status_code == 200
    ids = [layer["id"] for layer in answer.json()]
    assert ids == [layer.id.value for layer in LAYERS]
    assert all(item["url"] == f"/api/v1/layers/{item['id']}" for item in answer.json())


def test_city_view_returns_every_transformer_with_its_peak_loading(client: TestClient, db) -> None:
    count = db.execute("SELECT count(*) FROM transformer").fetchone()[0]
    answer = client.get(
        "/api/v1/layers/transformers", params={"bbox": _bbox(_extent(db)), "zoom": 12}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    features = answer.json()["features"]
    assert len(features) == count
    first = features[0]["properties"]
    assert {"code", "feeder", "substation", "capacity_kva", "peak_loading_pct"} <= first.keys()
    assert first["peak_loading_pct"] is not None and 0 < first["peak_loading_pct"] < 250


def test_street_view_returns_only_the_features_in_the_view(client: TestClient, db) -> None:
    lon, lat = db.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM transformer ORDER BY id LIMIT 1"
    ).fetchone()
    view = (lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002)
    expected = db.execute(
        "SELECT count(*) FROM supply_area "
        "WHERE ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))",
        view,
    ).fetchone()[0]
    answer = client.get("/api/v1/layers/supply_areas", params={"bbox": _bbox(view), "zoom": 17})
    features = answer.json()["features"]
    assert 0 < len(features) == expected
    viewport = box(*view)
    assert all(shape(f["geometry"]).intersects(viewport) for f in features)


def test_customers_are_aggregated_per_supply_area_below_street_zoom(client: TestClient, db) -> None:
    total = db.execute("SELECT count(*) FROM customer").fetchone()[0]
    areas = db.execute("SELECT count(DISTINCT transformer_id) FROM customer").fetchone()[0]
    answer = client.get(
        "/api/v1/layers/customers", params={"bbox": _bbox(_extent(db)), "zoom": STREET_ZOOM - 3}
    )
    features = answer.json()["features"]
    assert len(features) == areas
    assert all(f["properties"]["aggregated"] for f in features)
    assert sum(f["properties"]["customers"] for f in features) == total


def test_customers_are_points_at_street_zoom_without_contact_details(
    client: TestClient, db
) -> None:
    lon, lat = db.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM customer ORDER BY id LIMIT 1"
    ).fetchone()
    view = (lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001)
    answer = client.get(
        "/api/v1/layers/customers", params={"bbox": _bbox(view), "zoom": STREET_ZOOM}
    )
    features = answer.json()["features"]
    assert features and not any(f["properties"]["aggregated"] for f in features)
    text = json.dumps(features)
    assert "phone" not in text and "email" not in text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "104.1,30.6,104.0,30.7"}, "bbox"),
        ({"bbox": "104,30,200,31"}, "bbox"),
        ({"bbox": "nan,30,104,31"}, "bbox"),
        ({"bbox": "104,30,104.1,30.1", "zoom": 23}, "zoom"),
        ({"bbox": "104,30,104.1,30.1", "zoom": -1}, "zoom"),
        ({"bbox": "104,30,104.1,30.1", "zoom": "near"}, "zoom"),
        ({}, "bbox"),
        ({"bbox": "104,30,104.1,30.1", "horizon": 999}, "horizon"),
        ({"bbox": "104,30,104.1,30.1", "horizon": -1}, "horizon"),
    ],
)
def test_bad_view_answers_422_with_the_field_at_fault(client: TestClient, params, field) -> None:
    answer = client.get("/api/v1/layers/transformers", params=params)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["status"] == 422 and problem["field"] == field and problem["detail"]


def test_unknown_layer_answers_404_naming_the_known_layers(client: TestClient) -> None:
    answer = client.get("/api/v1/layers/pylons", params={"bbox": "104,30,104.1,30.1"})
    assert answer.status_code == 404
    assert "transformers" in answer.json()["detail"]


def test_openapi_document_is_served(client: TestClient) -> None:
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 200
    assert "/api/v1/layers/{layer_id}" in answer.json()["paths"]
