"""POST /api/v1/appliance-sales: 200 when every record is imported, 207 with the rejected rows
when some are not, 422 when none is valid or the body is not a list of records."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

URL = "/api/v1/appliance-sales"


@pytest.fixture()
def partner(demo_db_url: str) -> Iterator[str]:
    """A partner of this test alone; its sales are deleted afterwards (the API commits)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    yield name
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute("DELETE FROM appliance_sale WHERE partner = %s", (name,))


@pytest.fixture(scope="module")
def point(demo_db_url: str) -> tuple[float, float]:
    with psycopg.connect(demo_db_url) as conn:
        return conn.execute("SELECT ST_X(geom), ST_Y(geom) FROM customer WHERE id = 1").fetchone()


def _record(partner: str, point: tuple[float, float], **changes) -> dict:
    record = {
        "partner_record_id": uuid.uuid4().hex,
        "partner": partner,
        "sold_at": "2026-06-01T19:30:00+08:00",
        "appliance_type": "ev_charger",
        "rated_kw": 7.0,
        "quantity": 1,
        "lon": point[0],
        "lat": point[1],
        "crs": "WGS84",
    }
    return {**record, **changes}


def test_every_record_imported_answers_200(client: TestClient, partner: str, point) -> None:
    response = client.post(URL, json=[_record(partner, point) for _ in range(3)])
    assert response.status_code == 200
    assert response.json() == {"imported": 3, "rejected": []}


def test_some_records_rejected_answers_207_with_row_field_and_reason(
    client: TestClient, partner: str, point
) -> None:
    records = [
        _record(partner, point),
        _record(partner, point, rated_kw="-3"),
        _record(partner, point, appliance_type="toaster"),
        _record(partner, point),
    ]
    response = client.post(URL, json=records)
    assert response.status_code == 207
    body = response.json()
    assert body["imported"] == 2
    assert [(r["row"], r["field"]) for r in body["rejected"]] == [
        (2, "rated_kw"),
        (3, "appliance_type"),
    ]
    again = client.post(URL, json=records[:1])  # a retry of a stored record is not invalid
    assert again.status_code == 207
    assert again.json()["rejected"][0]["reason"].endswith("is already imported")


def test_no_valid_record_answers_422_with_the_reasons(
    client: TestClient, partner: str, point
) -> None:
    response = client.post(URL, json=[_record(partner, point, lon=0.0, lat=0.0)])
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == "No valid sale" and body["field"] == "lon,lat"
    assert body["rejected"][0]["row"] == 1


@pytest.mark.parametrize(
    "body",
    [{"partner": "x"}, [], ["not a record"], "text", [{}] * 10_001],
    ids=["object", "empty", "list of text", "text", "too many"],
)
def test_a_body_that_is_not_a_list_of_records_answers_422(client: TestClient, body) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert response.json()["title"] == "Invalid request"
