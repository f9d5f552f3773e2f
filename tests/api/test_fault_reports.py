"""Fault-report intake and the reporter's status link, over HTTP against real PostGIS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.outage.incident_factory import reports_forgotten

URL = "/api/v1/fault-reports"


@pytest.fixture(autouse=True)
def forget_faults(demo_db_url: str) -> Iterator[None]:
    """The API commits: what a test here stores (reports, incidents, jobs, notices) goes."""
    with reports_forgotten(demo_db_url):
        yield


@pytest.fixture(scope="module")
def spot(demo_db_url: str) -> dict:
    """A point inside a supply area of feeder 1, and an account behind another transformer."""
    with psycopg.connect(demo_db_url) as conn:
        transformer_id, lon, lat = conn.execute(
            "SELECT t.id, ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom)) "
            "FROM transformer t JOIN supply_area a ON a.transformer_id = t.id "
            "WHERE t.feeder_id = 1 ORDER BY t.id LIMIT 1"
        ).fetchone()
        account = conn.execute(
            "SELECT account_no FROM customer WHERE transformer_id <> %s ORDER BY id LIMIT 1",
            (transformer_id,),
        ).fetchone()[0]
    return {"transformer_id": transformer_id, "lon": lon, "lat": lat, "account": account}


def _body(spot: dict, **changes: object) -> dict:
    return {
        "lon": spot["lon"],
        "lat": spot["lat"],
        "channel": "app",
        "contact": "reporter@example.com",
        **changes,
    }


def _stored(demo_db_url: str) -> tuple[int, int, int]:
    with psycopg.connect(demo_db_url) as conn:
        return conn.execute(
            "SELECT (SELECT count(*) FROM fault_report), (SELECT count(*) FROM incident), "
            "(SELECT count(*) FROM notice WHERE recipient_type = 'reporter')"
        ).fetchone()


def test_a_report_is_located_answered_and_followed(client: TestClient, spot: dict) -> None:
    answer = client.post(URL, json=_body(spot, description="No power since 10:00"))
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert set(report) == {
        "id", "located", "planned_outage", "incident_id", "status", "status_url", "status_page",
    }  # fmt: skip
    assert report["located"]["transformer_id"] == spot["transformer_id"]
    assert report["located"]["method"] == "within" and report["located"]["distance_m"] == 0
    assert report["status"] == "in_incident" and report["incident_id"]
    assert report["status_url"].startswith(URL + "/")
    token = report["status_url"].rsplit("/", 1)[1]
    assert str(report["id"]) != token and len(token) >= 24
    status = client.get(report["status_url"])
    assert status.status_code == 200
    assert status.json()["incident"]["level"] == "transformer"
    assert status.json()["status"] == "in_incident"
    assert "reporter@example.com" not in answer.text + status.text
    assert client.get(f"{URL}/{report['id']}").status_code == 404  # never by serial id
    assert client.get(f"{URL}/{'x' * 32}").status_code == 404


def test_gcj02_and_bd09_points_land_where_their_wgs84_point_does(
    client: TestClient, spot: dict
) -> None:
    from gis.crs import InputCrs, from_wgs84

    for crs in (InputCrs.GCJ02, InputCrs.BD09):
        lon, lat = from_wgs84(spot["lon"], spot["lat"], crs)
        answer = client.post(URL, json=_body(spot, lon=lon, lat=lat, crs=crs.value))
        assert answer.status_code == 201, answer.text
        assert answer.json()["located"]["transformer_id"] == spot["transformer_id"]


def test_the_status_link_reveals_nothing_of_other_customers(
    client: TestClient, spot: dict, demo_db_url: str
) -> None:
    """The status answer shows the reporter's own report, its incident and the job timeline:
    no other report, account, contact or description, and no crew."""
    mine = client.post(URL, json=_body(spot)).json()
    other = client.post(
        URL,
        json=_body(
            spot,
            contact="neighbour@example.com",
            account_no=spot["account"],
            description="Neighbour's secret description",
        ),
    ).json()
    assert other["located"]["method"] == "account" and other["located"]["conflict"]
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        crew = conn.execute("SELECT id, code, name FROM crew ORDER BY id LIMIT 1").fetchone()
        job = conn.execute(
            "INSERT INTO crew_job (incident_id, crew_id, crew_token) VALUES (%s, %s, %s) "
            "RETURNING id",
            (mine["incident_id"], crew[0], "t" * 32),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO job_event (job_id, status, note, position) VALUES "
            "(%s, 'assigned', '', NULL), (%s, 'accepted', 'Crew lead Wang on the way', "
            "ST_SetSRID(ST_MakePoint(104.05, 30.66), 4326))",
            (job, job),
        )
    status = client.get(mine["status_url"])
    assert status.status_code == 200
    body = status.json()
    assert body["id"] == mine["id"] and body["id"] != other["id"]
    assert [step["status"] for step in body["progress"]] == ["assigned", "accepted"]
    text = status.text
    for secret in (
        "neighbour@example.com",
        "reporter@example.com",
        spot["account"],
        "secret description",
        crew[1],
        crew[2],
        "Wang",
        "t" * 32,
    ):
        assert secret not in text
    assert set(body) == {
        "id", "status", "channel", "reported_at", "received_at", "planned_outage", "incident",
        "progress",
    }  # fmt: skip


def test_a_repeated_idempotency_key_returns_the_first_answer(
    client: TestClient, spot: dict, demo_db_url: str
) -> None:
    headers = {"Idempotency-Key": "phone-42-report-1"}
    first = client.post(URL, json=_body(spot), headers=headers)
    stored = _stored(demo_db_url)
    again = client.post(URL, json=_body(spot), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _stored(demo_db_url) == stored
    changed = client.post(URL, json=_body(spot, description="other"), headers=headers)
    assert changed.status_code == 422
    assert changed.json()["field"] == "Idempotency-Key"
    assert _stored(demo_db_url) == stored


def test_sql_and_html_in_text_are_stored_as_text(
    client: TestClient, spot: dict, demo_db_url: str
) -> None:
    text = "'); DROP TABLE fault_report; -- <script>alert(1)</script>"
    answer = client.post(URL, json=_body(spot, description=text))
    assert answer.status_code == 201
    with psycopg.connect(demo_db_url) as conn:
        stored = conn.execute(
            "SELECT description FROM fault_report WHERE id = %s", (answer.json()["id"],)
        ).fetchone()[0]
    assert stored == text


def test_the_public_lookup_shows_the_unplanned_outage(client: TestClient, spot: dict) -> None:
    report = client.post(URL, json=_body(spot)).json()
    found = client.get("/api/v1/outages", params={"lon": spot["lon"], "lat": spot["lat"]})
    assert found.status_code == 200
    unplanned = found.json()["unplanned"]
    assert [u["id"] for u in unplanned] == [report["incident_id"]]
    assert set(unplanned[0]) == {"id", "level", "status", "since", "estimated_restoration_at"}


def _future() -> str:
    return (datetime.now(UTC) + timedelta(hours=1)).isoformat()


def _old() -> str:
    return (datetime.now(UTC) - timedelta(days=8)).isoformat()


BAD_BODIES = {
    "lon out of range": ({"lon": 200.0}, "lon"),
    "lat out of range": ({"lat": -91.0}, "lat"),
    "lon as a string": ({"lon": "104.05"}, "lon"),
    "lat as text": ({"lat": "north"}, "lat"),
    "lon missing": ({"lon": None}, "lon"),
    "contact missing": ({"contact": None}, "contact"),
    "channel missing": ({"channel": None}, "channel"),
    "empty contact": ({"contact": ""}, "contact"),
    "unreachable contact": ({"contact": "https://"}, "contact"),
    # issue 12 §7: the worker POSTed signed notices to reporters' URLs (SSRF)
    "contact an internal URL": (
        {"contact": "http://127.0.0.1:8050/internal/admin?action=delete"},
        "contact",
    ),
    "contact the metadata service": (
        {"contact": "http://169.254.169.254/latest/meta-data/"},
        "contact",
    ),
    "contact the database port": ({"contact": "http://127.0.0.1:5432/"}, "contact"),
    "contact a URL in capitals": ({"contact": " HTTPS://example.com/hook"}, "contact"),
    "unknown crs": ({"crs": "EPSG:3857"}, "crs"),
    "unknown channel": ({"channel": "fax"}, "channel"),
    "description too long": ({"description": "x" * 501}, "description"),
    "account too long": ({"account_no": "9" * 41}, "account_no"),
    "reported in the future": ({"reported_at": _future()}, "reported_at"),
    "reported 8 days ago": ({"reported_at": _old()}, "reported_at"),
    "reported_at not a time": ({"reported_at": "yesterday"}, "reported_at"),
    "unknown field": ({"priority": "high"}, "priority"),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_bad_input_is_422_naming_the_field_and_nothing_is_stored(
    client: TestClient, spot: dict, demo_db_url: str, case: str
) -> None:
    changes, field = BAD_BODIES[case]
    body = {k: v for k, v in _body(spot, **changes).items() if v is not None}
    before = _stored(demo_db_url)
    answer = client.post(URL, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["field"] == field
    assert _stored(demo_db_url) == before


def test_swapped_or_foreign_coordinates_are_refused(
    client: TestClient, spot: dict, demo_db_url: str
) -> None:
    """Swapped here, latitude 104 is out of range; a valid point outside the territory (say
    0, 0 or New York) has no transformer within 500 m: both 422, nothing stored."""
    before = _stored(demo_db_url)
    swapped = client.post(URL, json=_body(spot, lon=spot["lat"], lat=spot["lon"]))
    assert swapped.status_code == 422 and swapped.json()["field"] == "lat"
    for lon, lat in ((0.0, 0.0), (-73.98, 40.75), (spot["lat"], 0.0)):
        answer = client.post(URL, json=_body(spot, lon=lon, lat=lat))
        assert answer.status_code == 422
        assert answer.json()["field"] == "lon"
        assert "outside the service territory" in answer.json()["detail"]
    assert _stored(demo_db_url) == before


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"lon": NaN, "lat": 30.66, "channel": "app", "contact": "a@b.cn"}', "lon"),
        ('{"lon": Infinity, "lat": 30.66, "channel": "app", "contact": "a@b.cn"}', "lon"),
        ('{"lon": 104.05, "lat": 30.66, "channel": "app", "contact": "a@b.cn"', "body"),
        ("", "body"),
        ("[]", "body"),
    ],
)
def test_nan_and_broken_json_are_422(
    client: TestClient, demo_db_url: str, raw: str, field: str
) -> None:
    before = _stored(demo_db_url)
    answer = client.post(URL, content=raw, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field
    assert _stored(demo_db_url) == before


def test_a_body_over_16_kb_is_refused(client: TestClient, spot: dict, demo_db_url: str) -> None:
    before = _stored(demo_db_url)
    raw = json.dumps(_body(spot, description="x" * 17_000))
    answer = client.post(URL, content=raw, headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["field"] == "body"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        for _ in range(20):
            yield b" " * 1024

    streamed = client.post(URL, content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert _stored(demo_db_url) == before
