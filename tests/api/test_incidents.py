"""Incidents, dispatch and the crew's steps over HTTP against real PostGIS: the crew flow end
to end, with the notices every reporter receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.outage.incident_factory import MadeIncident, forget_incidents, open_incident

STEPS = ("accepted", "en_route", "on_site", "restored")


@pytest.fixture()
def make_incident(demo_db_url: str) -> Iterator[Callable[..., MadeIncident]]:
    """The API commits: incidents made here are committed, then deleted with their reports,
    jobs and notices, and their crews freed."""
    made: list[int] = []

    def make(**options: object) -> MadeIncident:
        with psycopg.connect(demo_db_url) as conn:
            incident = open_incident(conn, **options)  # type: ignore[arg-type]
        made.append(incident.id)
        return incident

    yield make
    with psycopg.connect(demo_db_url) as conn:
        forget_incidents(conn, made)


def _progress(demo_db_url: str, incident_id: int) -> list[tuple[int, str]]:
    with psycopg.connect(demo_db_url) as conn:
        return conn.execute(
            "SELECT recipient_id, payload->>'status' FROM notice "
            "WHERE kind = 'fault_progress' AND recipient_type = 'reporter' AND event_ref LIKE %s",
            (f"incident:{incident_id}:%",),
        ).fetchall()


def _nearest_crew(demo_db_url: str, transformer_id: int) -> int:
    with psycopg.connect(demo_db_url) as conn:
        return conn.execute(
            "SELECT c.id FROM crew c, transformer t WHERE t.id = %s AND c.status = 'available' "
            "ORDER BY ST_Distance(c.home_base::geography, t.geom::geography) LIMIT 1",
            (transformer_id,),
        ).fetchone()[0]


def test_the_crew_flow_end_to_end(
    client: TestClient, make_incident: Callable[..., MadeIncident], demo_db_url: str
) -> None:
    """dispatch → accepted → en_route → on_site → restored: one fault_progress notice per
    reporter per status; restored records duration and customer-minutes and frees the crew."""
    made = make_incident(reports=3, opened_ago=timedelta(minutes=90))
    listed = client.get("/api/v1/incidents").json()
    shown = next(i for i in listed if i["id"] == made.id)
    assert shown["report_count"] == 3 and shown["status"] == "suspected"
    assert shown["age_s"] >= 90 * 60 - 5 and shown["job"] is None

    expected_crew = _nearest_crew(demo_db_url, made.transformer_id)
    dispatched = client.post(f"/api/v1/incidents/{made.id}/dispatch")
    assert dispatched.status_code == 201, dispatched.text
    job = dispatched.json()
    assert job["crew"]["id"] == expected_crew and job["status"] == "assigned"
    assert job["crew_link"].startswith("/crew/jobs/") and job["estimated_restoration_at"]
    token = job["crew_link"].rsplit("/", 1)[1]
    assert client.get(f"/api/v1/crew/jobs/{token}").json()["id"] == job["id"]

    for step in STEPS:
        answer = client.post(
            f"/api/v1/crew/jobs/{token}/status",
            json={"status": step, "note": f"<b>{step}</b>", "lon": job["lon"], "lat": job["lat"]},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == step
        again = client.post(f"/api/v1/crew/jobs/{token}/status", json={"status": step})
        assert again.status_code == 409  # a repeat never notifies twice
    final = answer.json()
    assert final["incident_status"] == "restored" and final["next_status"] is None
    assert [e["status"] for e in final["timeline"]] == ["assigned", *STEPS]
    assert final["timeline"][1]["note"] == "<b>accepted</b>"  # stored as text

    progress = _progress(demo_db_url, made.id)
    assert sorted(progress) == sorted(
        (report, status) for report in made.report_ids for status in ("dispatched", *STEPS)
    )
    detail = client.get(f"/api/v1/incidents/{made.id}").json()
    assert detail["status"] == "restored"
    assert abs(detail["duration_s"] - 90 * 60) < 120
    # duration_s is shown rounded; customer-minutes come from the exact duration
    minutes = made.customers_affected * detail["duration_s"] / 60
    assert abs(detail["customer_minutes"] - minutes) <= made.customers_affected / 60 + 1
    assert {r["status"] for r in detail["reports"]} == {"restored"}
    assert [e["kind"] for e in detail["timeline"] if e["source"] == "job"] == ["assigned", *STEPS]
    crews = {c["id"]: c for c in client.get("/api/v1/crews").json()}
    assert crews[expected_crew]["status"] == "available"
    assert crews[expected_crew]["position_at"] is not None
    assert made.id not in {i["id"] for i in client.get("/api/v1/incidents").json()}
    restored = client.get("/api/v1/incidents", params={"status": "restored"}).json()
    assert made.id in {i["id"] for i in restored}


def test_a_wrong_order_is_a_conflict(
    client: TestClient, make_incident: Callable[..., MadeIncident], demo_db_url: str
) -> None:
    made = make_incident()
    token = client.post(f"/api/v1/incidents/{made.id}/dispatch").json()["crew_link"].split("/")[-1]
    skipped = client.post(f"/api/v1/crew/jobs/{token}/status", json={"status": "on_site"})
    assert skipped.status_code == 409
    assert skipped.headers["content-type"] == "application/problem+json"
    assert "accepted" in skipped.json()["detail"]
    assert {s for _, s in _progress(demo_db_url, made.id)} == {"dispatched"}
    again = client.post(f"/api/v1/incidents/{made.id}/dispatch")
    assert again.status_code == 409  # one open job per incident


def test_an_unknown_token_is_not_found(client: TestClient) -> None:
    for token in ("no-such-token-at-all-000000", "x" * 500, "%27%3B--"):
        assert client.get(f"/api/v1/crew/jobs/{token}").status_code == 404
        posted = client.post(f"/api/v1/crew/jobs/{token}/status", json={"status": "accepted"})
        assert posted.status_code == 404
    assert client.get("/api/v1/incidents/999999999").status_code == 404
    assert client.post("/api/v1/incidents/999999999/dispatch").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "flying"}, "status"),
        ({}, "status"),
        ({"status": "accepted", "note": "n" * 1001}, "note"),
        ({"status": "accepted", "lon": 500, "lat": 30}, "lon"),
        ({"status": "accepted", "lon": "east", "lat": 30}, "lon"),
        ({"status": "accepted", "lon": 120.1}, "lat"),
    ],
)
def test_bad_input_is_unprocessable_and_names_the_field(
    client: TestClient, make_incident: Callable[..., MadeIncident], body: dict, field: str
) -> None:
    made = make_incident()
    token = client.post(f"/api/v1/incidents/{made.id}/dispatch").json()["crew_link"].split("/")[-1]
    answer = client.post(f"/api/v1/crew/jobs/{token}/status", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field
    assert client.get(f"/api/v1/crew/jobs/{token}").json()["status"] == "assigned"


def test_confirm_reject_and_the_dispatchers_choice(
    client: TestClient, make_incident: Callable[..., MadeIncident]
) -> None:
    first, second = make_incident(), make_incident()
    confirmed = client.post(f"/api/v1/incidents/{first.id}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert client.post(f"/api/v1/incidents/{first.id}/confirm").status_code == 409
    no_reason = client.post(f"/api/v1/incidents/{second.id}/reject", json={})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    rejected = client.post(f"/api/v1/incidents/{second.id}/reject", json={"reason": "own fuse"})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["timeline"][-1]["detail"] == "own fuse"

    crews = client.get("/api/v1/crews").json()
    chosen = crews[-1]["id"]
    job = client.post(f"/api/v1/incidents/{first.id}/dispatch", json={"crew_id": chosen})
    assert job.status_code == 201 and job.json()["crew"]["id"] == chosen
    busy = client.post(f"/api/v1/incidents/{second.id}/dispatch", json={"crew_id": chosen})
    assert busy.status_code == 409
    cancelled = client.post(f"/api/v1/crew-jobs/{job.json()['id']}/cancel", json={"reason": "x"})
    assert cancelled.json()["status"] == "cancelled"
    redispatched = client.post(f"/api/v1/incidents/{first.id}/dispatch", json={"crew_id": chosen})
    assert redispatched.status_code == 201
