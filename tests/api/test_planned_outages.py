"""The planned-outage API and the public lookup, over HTTP against real PostGIS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import box, mapping


@pytest.fixture()
def area(db) -> dict:
    minx, miny, maxx, maxy = db.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) t"
    ).fetchone()
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return mapping(
        box(
            cx - (maxx - minx) / 10,
            cy - (maxy - miny) / 10,
            cx + (maxx - minx) / 10,
            cy + (maxy - miny) / 10,
        )
    )


@pytest.fixture(autouse=True)
def forget_outages(demo_db_url: str):
    """The API commits: each test here starts and ends with no planned outage or notice."""
    import psycopg

    def clean() -> None:
        with psycopg.connect(demo_db_url, autocommit=True) as conn:
            conn.execute("DELETE FROM notice WHERE event_ref LIKE 'planned_outage:%'")
            conn.execute("DELETE FROM planned_outage")

    clean()
    yield
    clean()


def _body(area: dict, **changes) -> dict:
    start = datetime.now(UTC) + timedelta(days=1)
    return {
        "title": "Transformer maintenance",
        "reason": "Annual maintenance",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=4)).isoformat(),
        "geometry": area,
        **changes,
    }


def test_create_publish_and_look_up_a_planned_outage(client: TestClient, area: dict) -> None:
    preview = client.post("/api/v1/planned-outages/preview", json={"geometry": area})
    assert preview.status_code == 200 and preview.json()["customers"] > 0
    created = client.post("/api/v1/planned-outages", json=_body(area))
    assert created.status_code == 201, created.text
    outage = created.json()
    assert outage["status"] == "draft"
    published = client.post(f"/api/v1/planned-outages/{outage['id']}/publish")
    assert published.status_code == 200
    assert published.json()["notices"] == {"outage_notice": preview.json()["customers"]}
    lon, lat = (
        (area["coordinates"][0][0][0] + area["coordinates"][0][2][0]) / 2,
        (area["coordinates"][0][0][1] + area["coordinates"][0][2][1]) / 2,
    )
    found = client.get("/api/v1/outages", params={"lon": lon, "lat": lat})
    assert found.status_code == 200
    assert [o["id"] for o in found.json()["planned"]] == [outage["id"]]
    assert "account_no" not in found.text and "customer" not in found.text
    exported = client.get("/api/v1/planned-outages.geojson")
    assert exported.json()["features"][0]["id"] == outage["id"]


def test_a_time_without_zone_is_read_in_asia_shanghai(client: TestClient, area: dict) -> None:
    body = _body(area, starts_at="2030-01-01T09:00:00", ends_at="2030-01-01T12:00:00")
    created = client.post("/api/v1/planned-outages", json=body).json()
    assert created["starts_at"].startswith("2030-01-01T01:00:00")  # 09:00 +08:00 in UTC


def test_changing_a_cancelled_outage_answers_409(client: TestClient, area: dict) -> None:
    outage = client.post("/api/v1/planned-outages", json=_body(area)).json()
    client.post(f"/api/v1/planned-outages/{outage['id']}/publish")
    cancelled = client.patch(
        f"/api/v1/planned-outages/{outage['id']}", json={"status": "cancelled"}
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.patch(f"/api/v1/planned-outages/{outage['id']}", json={"title": "x"})
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"geometry": {"type": "LineString", "coordinates": [[104, 30], [104.1, 30.1]]}},
            "geometry",
        ),
        ({"geometry": mapping(box(10, 50, 10.01, 50.01))}, "geometry"),
        (
            {"ends_at": "2020-01-01T00:00:00+08:00", "starts_at": "2019-12-31T00:00:00+08:00"},
            "ends_at",
        ),
        (
            {"ends_at": "2030-01-01T00:00:00+08:00", "starts_at": "2030-01-02T00:00:00+08:00"},
            "ends_at",
        ),
        ({"title": ""}, "title"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"geometry": None, "transformer_ids": [999999]}, "transformer_ids"),
        ({"geometry": None}, "geometry"),
    ],
)
def test_bad_planned_outages_answer_422_naming_the_field(
    client: TestClient, area: dict, changes: dict, field: str
) -> None:
    answer = client.post("/api/v1/planned-outages", json=_body(area, **changes))
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


def test_unknown_outage_answers_404(client: TestClient) -> None:
    assert client.get("/api/v1/planned-outages/987654").status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "lon"),
        ({"lon": 104}, "lat"),
        ({"lon": 500, "lat": 30}, "lon"),
        ({"lon": 104, "lat": 30, "crs": "EPSG:3857"}, "crs"),
    ],
)
def test_bad_lookups_answer_422(client: TestClient, params: dict, field: str) -> None:
    answer = client.get("/api/v1/outages", params=params)
    assert answer.status_code == 422
    assert answer.json()["field"] == field


def test_public_lookup_is_rate_limited_per_client(client: TestClient) -> None:
    from app.api.rate_limit import public_buckets

    limit = public_buckets("outages")
    saved = dict(limit._buckets)
    try:
        limit._buckets["testclient"] = (0.0, __import__("time").monotonic())
        answer = client.get("/api/v1/outages", params={"lon": 104.06, "lat": 30.66})
        assert answer.status_code == 429
        assert int(answer.headers["Retry-After"]) >= 1
    finally:
        limit._buckets.clear()
        limit._buckets.update(saved)


def test_an_unknown_account_number_is_a_404_naming_account_no(client: TestClient) -> None:
    """Issue 12 §8: a lookup by an unknown account number answers "no such account", not
    "no planned outage here"."""
    answer = client.get("/api/v1/outages", params={"account_no": "NO-SUCH-ACCOUNT"})
    assert answer.status_code == 404, answer.text
    problem = answer.json()
    assert problem["field"] == "account_no" and problem["title"] == "No such account"
