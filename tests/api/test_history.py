"""GET /api/v1/outage-history and /api/v1/reliability-indices: what dispatch let go of is
answered with its duration and customer-minutes, and the indices by month, as JSON and CSV;
bad input is a 422 problem naming the parameter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.api.inputs import BIGINT_MAX, INTEGER_MAX
from tests.outage.history_factory import completed_planned_outage, restored_incident

PROBLEM = "application/problem+json"
# March 2019 in Shanghai (no other test writes there); naive times are in GRIDOPS_TIMEZONE.
PERIOD = {"since": "2019-03-01T00:00:00", "until": "2019-04-01T00:00:00"}


@pytest.fixture(scope="module")
def outages(demo_db_url: str) -> Iterator[dict]:
    """A restored transformer incident (75 min) and a completed planned outage (2 h), committed,
    removed afterwards."""
    with psycopg.connect(demo_db_url) as conn:
        t1, t2 = [
            r[0]
            for r in conn.execute(
                "SELECT transformer_id FROM customer GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2"
            )
        ]
        incident = restored_incident(conn, "transformer", t1, _at("2019-03-04T09:00"), 75)
        planned = completed_planned_outage(conn, t2, _at("2019-03-20T08:00"), 120)
        customers = conn.execute(
            "SELECT customers_affected FROM incident WHERE id = %s", (incident,)
        ).fetchone()[0]
    yield {"incident": incident, "planned": planned, "customers": customers}
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM incident WHERE id = %s", (incident,))
        conn.execute("DELETE FROM planned_outage WHERE id = %s", (planned,))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def test_history_lists_what_was_restored_with_its_customer_minutes(
    client: TestClient, outages: dict
) -> None:
    answer = client.get("/api/v1/outage-history", params=PERIOD)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] == 2
    assert body["since"].startswith("2019-03-01T00:00:00+08:00")
    planned, fault = body["outages"]
    assert (planned["kind"], planned["id"], planned["duration_s"]) == (
        "planned",
        outages["planned"],
        7200,
    )
    assert (fault["kind"], fault["id"], fault["cause"]) == (
        "unplanned",
        outages["incident"],
        "transformer_fault",
    )
    assert fault["duration_s"] == 75 * 60
    assert fault["customer_minutes"] == outages["customers"] * 75
    only = client.get("/api/v1/outage-history", params={**PERIOD, "cause": "planned_work"})
    assert [o["id"] for o in only.json()["outages"]] == [outages["planned"]]


def test_history_as_csv_in_the_configured_zone(client: TestClient, outages: dict) -> None:
    answer = client.get("/api/v1/outage-history", params={**PERIOD, "format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    fault = next(r for r in rows if r["kind"] == "unplanned")
    assert fault["started_at"] == "2019-03-04 09:00 +08:00"
    assert fault["ended_at"] == "2019-03-04 10:15 +08:00"
    assert fault["duration_min"] == "75.0"


def test_indices_by_month_planned_and_unplanned_apart(client: TestClient, outages: dict) -> None:
    answer = client.get("/api/v1/reliability-indices", params=PERIOD)
    assert answer.status_code == 200, answer.text
    rows = answer.json()
    assert {(r["month"], r["kind"]) for r in rows} == {
        (month, kind) for month in ("2019-03-01", None) for kind in ("planned", "unplanned")
    }
    march = next(r for r in rows if r["month"] and r["kind"] == "unplanned")
    served = march["customers_served"]
    assert march["saifi"] == pytest.approx(outages["customers"] / served)
    assert march["saidi"] == pytest.approx(outages["customers"] * 75 / served)
    assert march["caidi"] == pytest.approx(75)
    table = client.get("/api/v1/reliability-indices", params={**PERIOD, "format": "csv"})
    lines = list(csv.DictReader(io.StringIO(table.text)))
    assert {r["month"] for r in lines} == {"2019-03", "period"}
    assert next(r for r in lines if r["kind"] == "unplanned")["caidi_min"] == "75.0000"
    by_feeder = client.get("/api/v1/reliability-indices", params={**PERIOD, "group": "feeder"})
    assert all(r["feeder_code"] for r in by_feeder.json())


@pytest.mark.parametrize("path", ["/api/v1/outage-history", "/api/v1/reliability-indices"])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2019-03-01\x00"}, "since"),
        ({"until": "99999-01-01"}, "until"),
        ({"since": "2019-04-01", "until": "2019-03-01"}, "until"),
        ({"since": "2000-01-01", "until": "2019-03-01"}, "until"),
        ({"feeder_id": "0"}, "feeder_id"),
        ({"feeder_id": "-1"}, "feeder_id"),
        ({"feeder_id": str(INTEGER_MAX + 1)}, "feeder_id"),
        ({"feeder_id": str(BIGINT_MAX * 10)}, "feeder_id"),
        ({"feeder_id": str(INTEGER_MAX)}, "feeder_id"),  # no such feeder
        ({"cause": "lightning"}, "cause"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_input_is_a_422_naming_the_parameter(
    client: TestClient, path: str, params: dict[str, str], field: str
) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    assert answer.json().get("field") == field, answer.json()


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": "-1"}, "limit"), ({"limit": "501"}, "limit"), ({"offset": "-1"}, "offset")],
)
def test_history_page_bounds(client: TestClient, params: dict[str, str], field: str) -> None:
    answer = client.get("/api/v1/outage-history", params=params)
    assert answer.status_code == 422 and answer.json().get("field") == field, answer.text
