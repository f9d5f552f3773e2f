"""The DR API: preview, create, publish, responses by token, results; problems name fields.

These tests commit (the API runs on its own connections), so each cleans up what it made."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg
import pytest

from dr.program import ProgramDraft, create_program, enrol_share
from tests.dr.conftest import sent_tokens
from tests.shown_zone import shown_in

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture()
def program_id(demo_db_url: str) -> Iterator[int]:
    with psycopg.connect(demo_db_url) as conn:
        program = create_program(
            conn,
            ProgramDraft("api test", Decimal("0.6"), 30, timedelta(hours=1), timedelta(hours=4)),
        )
        enrol_share(conn, program.id, 0.3)
    yield program.id
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE 'dr_event:%%'")
        conn.execute("DELETE FROM dr_event WHERE program_id = %s", (program.id,))
        conn.execute("DELETE FROM dr_program WHERE id = %s", (program.id,))


def _window(days: int = 2) -> tuple[str, str]:
    start = (datetime.now(SHANGHAI) + timedelta(days=days)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    return start.isoformat(), (start + timedelta(hours=2)).isoformat()


def _body(program: int, **changes: object) -> dict:
    start, end = _window()
    body = {
        "program_id": program,
        "title": "evening peak",
        "starts_at": start,
        "ends_at": end,
        "target_kw": 40,
        "transformer_ids": [8, 9, 10],
    }
    return {**body, **changes}


def test_preview_create_publish_respond_and_export(client, program_id, demo_db_url):
    preview = client.post("/api/v1/dr-events/preview", json=_body(program_id))
    assert preview.status_code == 200, preview.text
    assert preview.json()["customers"] > 0
    created = client.post("/api/v1/dr-events", json=_body(program_id))
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    published = client.post(f"/api/v1/dr-events/{event_id}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["notices"] == preview.json()["customers"]
    with psycopg.connect(demo_db_url) as conn:
        tokens = sent_tokens(conn, f"dr_event:{event_id}:m0")
    path = f"/api/v1/dr-events/{event_id}/responses"
    assert client.post(path, json={"token": tokens[0], "response": "opt_in"}).status_code == 200
    assert client.post(path, json={"token": tokens[0], "response": "opt_out"}).status_code == 200
    wrong = client.post(path, json={"token": "x" * 32, "response": "opt_in"})
    assert wrong.status_code == 403 and wrong.json()["field"] == "token"
    answers = client.get(f"/api/v1/dr-events/{event_id}").json()["responses"]
    assert (answers["opt_in"], answers["opt_out"]) == (0, 1)
    csv = client.get(f"/api/v1/dr-events/{event_id}/results.csv")
    assert csv.status_code == 200 and csv.text.count("\n") == len(tokens) + 1
    assert any(e["id"] == event_id for e in client.get("/api/v1/dr-events").json())
    moved = client.patch(
        f"/api/v1/dr-events/{event_id}", json={"starts_at": _window(3)[0], "ends_at": _window(3)[1]}
    )
    assert moved.status_code == 200 and moved.json()["modification_number"] == 1
    cancelled = client.patch(f"/api/v1/dr-events/{event_id}", json={"status": "cancelled"})
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["notices"] == len(tokens)  # one dr_cancelled per participant
    again = client.patch(f"/api/v1/dr-events/{event_id}", json={"title": "again"})
    assert again.status_code == 409


def test_a_response_after_the_deadline_is_409(client, program_id, demo_db_url):
    created = client.post("/api/v1/dr-events", json=_body(program_id)).json()
    client.post(f"/api/v1/dr-events/{created['id']}/publish")
    with psycopg.connect(demo_db_url) as conn:
        token = sent_tokens(conn, f"dr_event:{created['id']}:m0")[0]
        conn.execute(
            "UPDATE dr_event SET response_deadline = now() - interval '1 minute', "
            "starts_at = now(), ends_at = now() + interval '1 hour' WHERE id = %s",
            (created["id"],),
        )
    late = client.post(
        f"/api/v1/dr-events/{created['id']}/responses",
        json={"token": token, "response": "opt_in"},
    )
    assert late.status_code == 409


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_kw": -5}, "target_kw"),
        ({"title": ""}, "title"),
        (
            {"starts_at": "2020-01-01T18:00:00+08:00", "ends_at": "2020-01-01T19:00:00+08:00"},
            "starts_at",
        ),
        ({"transformer_ids": [], "geometry": {"type": "Point", "coordinates": [0, 0]}}, "geometry"),
        ({"transformer_ids": [], "min_loading_pct": 2000}, "min_loading_pct"),
        ({"program_id": 999999}, "program_id"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, program_id, changes, field):
    answer = client.post("/api/v1/dr-events", json=_body(program_id, **changes))
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


def test_an_unknown_event_is_404(client):
    assert client.get("/api/v1/dr-events/987654").status_code == 404
    assert datetime.now(UTC)  # the clock the API uses


def test_a_published_event_takes_a_new_title_and_target_kw_but_not_a_new_area(client, program_id):
    """Rule: edits of a published event that do not reshape it are kept without new requests;
    its target cannot move once the requests are out: a 409 problem that says why."""
    created = client.post("/api/v1/dr-events", json=_body(program_id)).json()
    retargeted = client.patch(f"/api/v1/dr-events/{created['id']}", json={"transformer_ids": [8]})
    assert retargeted.status_code == 200, retargeted.text
    assert retargeted.json()["transformer_ids"] == [8]
    client.post(f"/api/v1/dr-events/{created['id']}/publish")
    path = f"/api/v1/dr-events/{created['id']}"
    edited = client.patch(path, json={"title": "late peak", "target_kw": 55})
    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["target_kw"]) == ("late peak", 55)
    assert edited.json()["notices"] == 0 and edited.json()["modification_number"] == 0
    square = {
        "type": "Polygon",
        "coordinates": [[[104, 30], [104.1, 30], [104.1, 30.1], [104, 30]]],
    }
    moved = client.patch(path, json={"geometry": square})
    assert moved.status_code == 409, moved.text
    assert "cannot change once the requests are sent" in moved.json()["detail"]
    assert client.get(path).json()["title"] == "late peak"


def test_the_results_export_writes_when_each_answered_in_gridops_timezone(
    client, program_id, demo_db_url
):
    """Issue 12 §3: exports show times in GRIDOPS_TIMEZONE with the zone visible: responded_at
    is ISO 8601 on the zone's clock with its offset, the same instant as stored."""
    event_id = client.post("/api/v1/dr-events", json=_body(program_id)).json()["id"]
    client.post(f"/api/v1/dr-events/{event_id}/publish")
    with psycopg.connect(demo_db_url) as conn:
        token = sent_tokens(conn, f"dr_event:{event_id}:m0")[0]
    answer = {"token": token, "response": "opt_in"}
    assert client.post(f"/api/v1/dr-events/{event_id}/responses", json=answer).status_code == 200
    with psycopg.connect(demo_db_url) as conn:
        customer, stored = conn.execute(
            "SELECT customer_id, responded_at FROM dr_participant"
            " WHERE event_id = %s AND response = 'opt_in'",
            (event_id,),
        ).fetchone()
    with shown_in("Asia/Kolkata"):
        exported = client.get(f"/api/v1/dr-events/{event_id}/results.csv")
    rows = {int(row["customer_id"]): row for row in csv.DictReader(io.StringIO(exported.text))}
    shown = rows[customer]["responded_at"]
    assert shown.endswith("+05:30")
    assert datetime.fromisoformat(shown) == stored.replace(microsecond=0)
    assert shown == stored.astimezone(ZoneInfo("Asia/Kolkata")).isoformat(timespec="seconds")
    assert all(row["responded_at"] == "" for key, row in rows.items() if key != customer)
