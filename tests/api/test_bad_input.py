"""Bad input is a 4xx problem with a message, never a 500: NUL characters, Chinese map
coordinates where their datum is not defined, ids and limits beyond their columns, GeoJSON of
the wrong JSON types, bodies and areas over their limits, and methods or paths under /api/ that
no route has (which used to reach the console's HTML). Each case here was a 500, or an HTML page,
found by schemathesis or by hand against the running server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import psycopg
import pytest
import shapely
from fastapi.testclient import TestClient
from shapely.geometry import Point, box, mapping

from app.api.inputs import BIGINT_MAX, INTEGER_MAX
from gis.geometry import MAX_PARTS, MAX_VERTICES

PROBLEM = "application/problem+json"
TOKEN = "t" * 24  # the shape of a status or crew token; no such token exists


def _problem(answer, status: int, field: str | None = None) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM), answer.headers
    problem = answer.json()
    assert problem["status"] == status and problem["detail"]
    if field is not None:
        assert problem.get("field") == field, problem
    return problem


@pytest.fixture(scope="module")
def spot(demo_db_url: str) -> dict:
    with psycopg.connect(demo_db_url) as conn:
        lon, lat, account = conn.execute(
            "SELECT ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom)), "
            "(SELECT account_no FROM customer ORDER BY id LIMIT 1) "
            "FROM supply_area a ORDER BY a.id LIMIT 1"
        ).fetchone()
    return {"lon": lon, "lat": lat, "account": account}


@pytest.fixture(scope="module")
def area(demo_db_url: str) -> dict:
    with psycopg.connect(demo_db_url) as conn:
        x, y = conn.execute(
            "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(ST_Extent(geom)::geometry) c "
            "FROM territory) t"
        ).fetchone()
    return mapping(box(x - 0.002, y - 0.002, x + 0.002, y + 0.002))


@pytest.fixture()
def nothing_stored(demo_db_url: str) -> Iterator[None]:
    """What these requests are refused must leave no row behind."""

    def counts() -> tuple:
        with psycopg.connect(demo_db_url) as conn:
            return conn.execute(
                "SELECT (SELECT count(*) FROM fault_report), (SELECT count(*) FROM incident), "
                "(SELECT count(*) FROM planned_outage), (SELECT count(*) FROM notice)"
            ).fetchone()

    before = counts()
    yield
    assert counts() == before


def _report(spot: dict, **changes: object) -> dict:
    return {"lon": spot["lon"], "lat": spot["lat"], "channel": "app", "contact": "a@b.cn"} | (
        changes
    )


# 1. NUL characters: PostgreSQL text cannot hold them (psycopg's DataError was a 500).


@pytest.mark.usefixtures("nothing_stored")
def test_a_nul_in_any_text_is_422_naming_the_field(client: TestClient, spot: dict) -> None:
    """The issue's reproduction first: `/api/v1/outages?account_no=a%00b`."""
    _problem(client.get("/api/v1/outages?account_no=a%00b"), 422, "account_no")
    for field in ("contact", "description", "account_no"):
        answer = client.post("/api/v1/fault-reports", json=_report(spot, **{field: "a\x00b"}))
        problem = _problem(answer, 422, field)
        assert "NUL" in problem["detail"]
    _problem(client.get(f"/api/v1/fault-reports/{TOKEN}%00"), 422, "token")
    _problem(client.get(f"/api/v1/crew/jobs/{TOKEN}%00"), 422, "token")
    step = {"status": "accepted", "note": "on my way\x00"}
    _problem(client.post(f"/api/v1/crew/jobs/{TOKEN}/status", json=step), 422, "note")
    answer = client.post("/api/v1/dr-events/1/responses", json={"token": TOKEN + "\x00"})
    _problem(answer, 422, "token")


@pytest.mark.usefixtures("nothing_stored")
def test_a_nul_deep_in_a_body_or_in_a_query_name_is_422_naming_where(
    client: TestClient, area: dict
) -> None:
    body = {"geometry": {**area, "properties": {"name\x00": "x"}}}
    _problem(client.post("/api/v1/planned-outages/preview", json=body), 422)
    feature = {"type": "Feature", "geometry": area, "properties": {"label": "x\x00"}}
    body = {"geometry": {"type": "FeatureCollection", "features": [feature]}}
    answer = client.post("/api/v1/planned-outages/preview", json=body)
    _problem(answer, 422, "geometry.features.0.properties.label")
    _problem(client.get("/api/v1/planned-outages?status=draft%00"), 422, "status")
    _problem(client.get("/api/v1/incidents?a%00=1"), 422)
    draft = {"title": "x\x00", "reason": "r", "starts_at": "2030-01-01T09:00"}
    _problem(client.post("/api/v1/planned-outages", json=draft), 422, "title")


def test_text_without_a_nul_still_passes(client: TestClient, spot: dict) -> None:
    """The check looks for the character, not for its spelling in other text."""
    answer = client.get("/api/v1/outages", params={"account_no": "a\\u0000b"})
    assert answer.status_code == 404, answer.text  # looked up: no such account (issue 12 §8)
    assert answer.json()["title"] == "No such account"


# 2. GCJ-02 and BD-09 where they are not defined (a ValueError 500, "math domain error").


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("crs", "lon", "lat", "field"),
    [
        ("GCJ02", 104.0, -90.0, "lat"),
        ("GCJ02", 0.0, -90.0, "lon"),
        ("GCJ02", 104.0, 90.0, "lat"),
        ("BD09", 180.0, 30.0, "lon"),
    ],
)
def test_a_chinese_map_point_outside_china_is_422_saying_why(
    client: TestClient, spot: dict, crs: str, lon: float, lat: float, field: str
) -> None:
    report = _report(spot, lon=lon, lat=lat, crs=crs)
    problem = _problem(client.post("/api/v1/fault-reports", json=report), 422, field)
    assert "China" in problem["detail"] and "domain" not in problem["detail"]
    query = {"lon": lon, "lat": lat, "crs": crs}
    problem = _problem(client.get("/api/v1/outages", params=query), 422, field)
    assert "China" in problem["detail"] and "domain" not in problem["detail"]


def test_an_appliance_sale_outside_china_in_gcj02_is_rejected_with_its_row(
    client: TestClient,
) -> None:
    record = {
        "partner_record_id": "pole-1",
        "partner": "fuzz",
        "sold_at": "2026-10-01T10:00:00+08:00",
        "appliance_type": "air_conditioner",
        "rated_kw": 1.5,
        "lon": 104.0,
        "lat": -90.0,
        "crs": "GCJ02",
    }
    problem = _problem(client.post("/api/v1/appliance-sales", json=[record]), 422, "lat")
    assert problem["rejected"][0]["row"] == 1 and "GCJ02" in problem["rejected"][0]["reason"]
    nested = {**record, "sold_at": {}, "partner": ["x"]}  # was a TypeError
    assert _problem(client.post("/api/v1/appliance-sales", json=[nested]), 422)["rejected"]


# 3. ids and limits beyond their columns, negative limits (LIMIT must not be negative).


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/planned-outages?limit=-1",
        "/api/v1/dr-events?limit=-1",
        "/api/v1/incidents?limit=-1",
        f"/api/v1/planned-outages?limit={BIGINT_MAX + 1}",
        f"/api/v1/planned-outages/{INTEGER_MAX + 1}",
        "/api/v1/planned-outages/3000000000",
        "/api/v1/planned-outages/-1",
        "/api/v1/dr-events/3000000000",
        "/api/v1/dr-events/3000000000/results.csv",
        "/api/v1/incidents/4425556061750623731712",
        f"/api/v1/incidents/{BIGINT_MAX + 1}",
    ],
)
def test_an_id_or_limit_out_of_its_columns_range_is_422(client: TestClient, path: str) -> None:
    field = "limit" if "limit=" in path else None
    _problem(client.get(path), 422, field)


def test_the_largest_ids_of_each_column_are_404_not_500(client: TestClient) -> None:
    for path in (
        f"/api/v1/planned-outages/{INTEGER_MAX}",
        f"/api/v1/dr-events/{INTEGER_MAX}",
        f"/api/v1/incidents/{BIGINT_MAX}",
    ):
        _problem(client.get(path), 404)
    _problem(client.post(f"/api/v1/crew-jobs/{BIGINT_MAX}/cancel"), 404)
    _problem(client.post(f"/api/v1/crew-jobs/{BIGINT_MAX + 1}/cancel"), 422)


@pytest.mark.usefixtures("nothing_stored")
def test_ids_in_bodies_are_bounded_too(client: TestClient) -> None:
    answer = client.post("/api/v1/planned-outages/preview", json={"transformer_ids": [3 * 10**9]})
    _problem(answer, 422, "transformer_ids.0")
    answer = client.post(f"/api/v1/incidents/{BIGINT_MAX}/dispatch", json={"crew_id": 3 * 10**9})
    _problem(answer, 422, "crew_id")
    preview = {
        "program_id": 3 * 10**9,
        "starts_at": "2030-01-01T18:00",
        "ends_at": "2030-01-01T20:00",
        "target_kw": 100,
    }
    _problem(client.post("/api/v1/dr-events/preview", json=preview), 422, "program_id")


def test_every_integer_parameter_of_the_api_is_bounded(client: TestClient) -> None:
    """Once, for every route: an integer in a path, a query or a body states its range."""
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]

    def integers(schema: dict, where: str) -> Iterator[tuple[str, dict]]:
        if "$ref" in schema:
            yield from integers(schemas[schema["$ref"].rsplit("/", 1)[1]], where)
            return
        if schema.get("type") == "integer":
            yield where, schema
        for key in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(key, []):
                yield from integers(option, where)
        if "items" in schema:
            yield from integers(schema["items"], where + "[]")
        for name, child in schema.get("properties", {}).items():
            yield from integers(child, f"{where}.{name}")

    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                found += integers(parameter["schema"], f"{method} {path} {parameter['name']}")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                found += integers(body["schema"], f"{method} {path} body")
    assert len(found) >= 15
    for where, schema in found:
        if where.endswith((".quantity", ".id")):
            continue
        assert "maximum" in schema and schema["maximum"] <= BIGINT_MAX, where
        assert "minimum" in schema or "exclusiveMinimum" in schema, where


# 4. GeoJSON of the wrong JSON types (a TypeError 500).


BAD_GEOMETRIES = [
    {"type": "FeatureCollection", "features": 5},
    {"type": "FeatureCollection", "features": {"a": 1}},
    {"type": "FeatureCollection", "features": [5, "x", None]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": 5}]},
    {"type": "Feature", "geometry": [1, 2]},
    {"type": "Feature", "geometry": {"type": "FeatureCollection", "features": []}},
    {"type": 5},
    {"type": ["Polygon"]},
    {"type": "Polygon", "coordinates": 5},
    {"type": "Polygon", "coordinates": "abc"},
    {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
    {"type": "Polygon", "coordinates": [[[[104, 30]]]]},
    {"type": "MultiPolygon", "coordinates": [5, 6]},
    {"type": "MultiPolygon", "coordinates": [[[[104, 30], [104.1, 30], None, [104, 30]]]]},
]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("geometry", BAD_GEOMETRIES, ids=range(len(BAD_GEOMETRIES)))
def test_geometry_of_the_wrong_json_types_is_422(client: TestClient, geometry: dict) -> None:
    for url, extra in (
        ("/api/v1/planned-outages/preview", {}),
        (
            "/api/v1/dr-events/preview",
            {"program_id": 1, "starts_at": "2030-01-01T18:00", "ends_at": "2030-01-01T20:00"},
        ),
    ):
        answer = client.post(url, json={"geometry": geometry, "target_kw": 100, **extra})
        _problem(answer, 422, "geometry")


# 5. Bodies and areas over their limits (9.9 MB of 52,000 features took 23.5 s).


def _square(index: int, x: float, y: float) -> dict:
    cell = 0.0002
    return {
        "type": "Feature",
        "properties": {},
        "geometry": mapping(box(x + index * cell, y, x + index * cell + cell / 2, y + cell / 2)),
    }


def test_a_huge_feature_collection_is_refused_at_once_with_the_limit(
    client: TestClient, area: dict
) -> None:
    x, y = area["coordinates"][0][0]
    collection = {"type": "FeatureCollection", "features": [_square(0, x, y)] * 52_000}
    raw = json.dumps({"geometry": collection}).encode()
    assert len(raw) > 9_000_000
    started = time.monotonic()
    answer = client.post(
        "/api/v1/planned-outages/preview",
        content=raw,
        headers={"Content-Type": "application/json"},
    )
    problem = _problem(answer, 413, "body")
    assert problem["detail"] == "at most 1048576 bytes"
    assert time.monotonic() - started < 5

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        for start in range(0, len(raw), 64 * 1024):
            yield raw[start : start + 64 * 1024]

    answer = client.post(
        "/api/v1/dr-events/preview", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _problem(answer, 413, "body")


def test_the_console_s_own_requests_are_bounded_too(client: TestClient) -> None:
    answer = client.post(
        "/_dash-update-component",
        content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={"Content-Type": "application/json"},
    )
    _problem(answer, 413, "body")


def test_a_large_import_of_appliance_sales_fits_its_own_limit(client: TestClient) -> None:
    """10,000 sale records are about 2.5 MB: over the default 1 MiB, under the route's 4 MiB."""
    records = [{"partner_record_id": f"r{i}", "partner": "p" * 150} for i in range(8_000)]
    raw = json.dumps(records).encode()
    assert 1024 * 1024 < len(raw) < 4 * 1024 * 1024
    answer = client.post(
        "/api/v1/appliance-sales", content=raw, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422  # read whole: every record rejected with its row
    assert {rejection["row"] for rejection in answer.json()["rejected"]} == set(range(1, 8_001))
    too_big = json.dumps([{**record, "partner": "p" * 500} for record in records]).encode()
    assert len(too_big) > 4 * 1024 * 1024
    answer = client.post(
        "/api/v1/appliance-sales", content=too_big, headers={"Content-Type": "application/json"}
    )
    assert _problem(answer, 413, "body")["detail"] == f"at most {4 * 1024 * 1024} bytes"


@pytest.mark.usefixtures("nothing_stored")
def test_an_area_over_the_geometry_limits_is_422_saying_the_limit(
    client: TestClient, area: dict
) -> None:
    x, y = area["coordinates"][0][0]
    many = {"type": "FeatureCollection", "features": [_square(i, x, y) for i in range(101)]}
    started = time.monotonic()
    problem = _problem(
        client.post("/api/v1/planned-outages/preview", json={"geometry": many}), 422, "geometry"
    )
    assert f"at most {MAX_PARTS}" in problem["detail"] and time.monotonic() - started < 5
    parts = shapely.MultiPolygon(
        [box(x + i * 1e-4, y, x + i * 1e-4 + 5e-5, y + 5e-5) for i in range(101)]
    )
    problem = _problem(
        client.post("/api/v1/planned-outages/preview", json={"geometry": mapping(parts)}), 422
    )
    assert f"at most {MAX_PARTS}" in problem["detail"]
    circle = mapping(Point(x, y).buffer(0.001, quad_segs=MAX_VERTICES // 4))
    problem = _problem(
        client.post("/api/v1/planned-outages/preview", json={"geometry": circle}), 422
    )
    assert f"at most {MAX_VERTICES}" in problem["detail"]
    fits = {"type": "FeatureCollection", "features": [_square(i, x, y) for i in range(MAX_PARTS)]}
    answer = client.post("/api/v1/planned-outages/preview", json={"geometry": fits})
    assert answer.status_code == 200, answer.text


# 6. HEAD, OPTIONS and unknown paths under /api/ (HEAD /api/v1/health answered HTML).


def test_head_on_an_api_route_answers_as_get_without_a_body(client: TestClient) -> None:
    get = client.get("/api/v1/health")
    head = client.head("/api/v1/health")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"] == "application/json"
    assert head.headers["content-length"] == str(len(get.content))
    missing = client.head("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.content == b""


@pytest.mark.parametrize(
    ("method", "path", "status", "allow"),
    [
        ("OPTIONS", "/api/v1/health", 405, "GET, HEAD"),
        ("POST", "/api/v1/health", 405, "GET, HEAD"),
        ("DELETE", "/api/v1/planned-outages/1", 405, "GET, HEAD, PATCH"),
        ("OPTIONS", "/api/v1/fault-reports", 405, "POST"),
        ("GET", "/api/v1/no-such-thing", 404, None),
        ("POST", "/api/v1/no-such-thing", 404, None),
        ("GET", "/api/", 404, None),
        ("PUT", "/api/v2/anything/at/all", 404, None),
    ],
)
def test_what_no_api_route_takes_is_a_problem_never_the_console(
    client: TestClient, method: str, path: str, status: int, allow: str | None
) -> None:
    answer = client.request(method, path)
    problem = _problem(answer, status)
    assert "<html" not in answer.text.lower() and problem["title"]
    if allow:
        assert sorted(answer.headers["allow"].split(", ")) == sorted(allow.split(", "))


def test_the_console_is_still_served_beside_the_api(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200 and "text/html" in answer.headers["content-type"]
