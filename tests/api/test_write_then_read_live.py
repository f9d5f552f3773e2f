"""A 2xx means it is stored: every write route, against a real server, read back at once.

FastAPI runs a request-scoped dependency's exit after the response has been sent, so a
connection committed there answered writes before they were stored (a draft read at once was
404 in 9-18 of 30 tries). Only a real server shows it: the test client waits for the whole app.
Each write here is followed at once by a read on another connection, 50 times per route, and
not one read may miss it. So that a commit deferred past the answer is caught every time and not
only on a busy machine, the module's tables take a deferred constraint trigger that makes each
commit last 30 ms longer (dropped again at the end)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import httpx
import psycopg
import pytest

from dr.program import ProgramDraft, create_program, enrol_share
from notify.link_token import legacy_hash as token_hash
from tests.live_server import serve
from tests.outage.incident_factory import forget_incidents, open_incident, reports_forgotten

ROUNDS = 50
SHANGHAI = ZoneInfo("Asia/Shanghai")


SLOW_TABLES = (
    "planned_outage",
    "dr_event",
    "dr_participant",
    "incident",
    "crew_job",
    "fault_report",
)


@pytest.fixture(scope="module")
def slow_commits(demo_db_url: str) -> Iterator[None]:
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_sleep(0.03); RETURN NULL; END $$"
        )
        for table in SLOW_TABLES:
            conn.execute(
                f"CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT OR UPDATE ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_slow_commit()"
            )
    yield
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute("DROP FUNCTION test_slow_commit() CASCADE")


@pytest.fixture(scope="module")
def api(demo_db_url: str, slow_commits: None) -> Iterator[httpx.Client]:
    from app.main import create_app

    with serve(create_app(demo_db_url)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def transformer_id(demo_db_url: str) -> int:
    """A transformer with few customers, so that each publication writes few notices."""
    with psycopg.connect(demo_db_url) as conn:
        return conn.execute(
            "SELECT transformer_id FROM customer GROUP BY transformer_id "
            "ORDER BY count(*), transformer_id LIMIT 1"
        ).fetchone()[0]


def _outage_body(transformer_id: int) -> dict:
    start = datetime.now(UTC) + timedelta(days=3)
    return {
        "title": "write then read",
        "reason": "maintenance",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "transformer_ids": [transformer_id],
    }


def test_planned_outage_create_edit_and_publish_are_read_back_at_once(
    api: httpx.Client, demo_db_url: str, transformer_id: int
) -> None:
    misses: list[str] = []
    made: list[int] = []
    try:
        for n in range(ROUNDS):
            created = api.post("/api/v1/planned-outages", json=_outage_body(transformer_id))
            assert created.status_code == 201, created.text
            outage_id = created.json()["id"]
            made.append(outage_id)
            if api.get(f"/api/v1/planned-outages/{outage_id}").status_code != 200:
                misses.append(f"create {n}")
            title = f"edited {n}"
            edited = api.patch(f"/api/v1/planned-outages/{outage_id}", json={"title": title})
            assert edited.status_code == 200, edited.text
            if api.get(f"/api/v1/planned-outages/{outage_id}").json()["title"] != title:
                misses.append(f"edit {n}")
            published = api.post(f"/api/v1/planned-outages/{outage_id}/publish")
            assert published.status_code == 200, published.text
            written = published.json()["notices"]["outage_notice"]
            if api.get(f"/api/v1/planned-outages/{outage_id}").json()["status"] != "published":
                misses.append(f"publish {n}")
            with psycopg.connect(demo_db_url) as conn:
                stored = conn.execute(
                    "SELECT count(*) FROM notice WHERE kind = 'outage_notice' "
                    "AND event_ref LIKE %s",
                    (f"planned_outage:{outage_id}:%",),
                ).fetchone()[0]
            if stored != written:
                misses.append(f"publish notices {n}: {stored} of {written}")
        assert misses == []
    finally:
        with psycopg.connect(demo_db_url) as conn:
            conn.execute("DELETE FROM notice WHERE event_ref LIKE 'planned_outage:%%'")
            conn.execute("DELETE FROM planned_outage WHERE id = ANY(%s)", (made,))


@pytest.fixture(scope="module")
def program_id(demo_db_url: str) -> Iterator[int]:
    with psycopg.connect(demo_db_url) as conn:
        program = create_program(
            conn,
            ProgramDraft(
                "write then read", Decimal("0.5"), 99, timedelta(hours=1), timedelta(hours=4)
            ),
        )
        enrol_share(conn, program.id, 0.3)
    yield program.id
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE 'dr_event:%%'")
        conn.execute("DELETE FROM dr_event WHERE program_id = %s", (program.id,))
        conn.execute("DELETE FROM dr_program WHERE id = %s", (program.id,))


def _known_token(demo_db_url: str, event_id: int, n: int) -> str:
    """Give one participant of the event a response token the test knows (only its hash is
    stored, as the request's own token's is)."""
    token = f"write-then-read-token-{event_id}-{n}"
    with psycopg.connect(demo_db_url) as conn:
        conn.execute(
            "UPDATE dr_participant SET token_hash = %s WHERE event_id = %s AND customer_id = "
            "(SELECT min(customer_id) FROM dr_participant WHERE event_id = %s)",
            (token_hash(token), event_id, event_id),
        )
    return token


def test_dr_event_create_publish_and_answers_are_read_back_at_once(
    api: httpx.Client, demo_db_url: str, program_id: int, transformer_id: int
) -> None:
    misses: list[str] = []
    start = (datetime.now(SHANGHAI) + timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    body = {
        "program_id": program_id,
        "title": "write then read",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "target_kw": 10,
        "transformer_ids": [transformer_id],
    }
    for n in range(ROUNDS):
        created = api.post("/api/v1/dr-events", json=body)
        assert created.status_code == 201, created.text
        event_id = created.json()["id"]
        if api.get(f"/api/v1/dr-events/{event_id}").status_code != 200:
            misses.append(f"create {n}")
        published = api.post(f"/api/v1/dr-events/{event_id}/publish")
        assert published.status_code == 200, published.text
        if api.get(f"/api/v1/dr-events/{event_id}").json()["status"] != "published":
            misses.append(f"publish {n}")
        token = _known_token(demo_db_url, event_id, n)
        answered = api.post(
            f"/api/v1/dr-events/{event_id}/responses",
            json={"token": token, "response": "opt_in"},
        )
        assert answered.status_code == 200, answered.text
        if api.get(f"/api/v1/dr-events/{event_id}").json()["responses"]["opt_in"] != 1:
            misses.append(f"answer {n}")
    assert misses == []


def test_incident_steps_and_crew_status_are_read_back_at_once(
    api: httpx.Client, demo_db_url: str
) -> None:
    misses: list[str] = []
    made: list[int] = []
    try:
        for n in range(ROUNDS):
            with psycopg.connect(demo_db_url) as conn:
                incident = open_incident(conn, reports=1)
            made.append(incident.id)
            path = f"/api/v1/incidents/{incident.id}"
            assert api.post(f"{path}/confirm").status_code == 200
            if api.get(path).json()["status"] != "confirmed":
                misses.append(f"confirm {n}")
            dispatched = api.post(f"{path}/dispatch")
            assert dispatched.status_code == 201, dispatched.text
            token = dispatched.json()["crew_link"].rsplit("/", 1)[1]
            if api.get(f"/api/v1/crew/jobs/{token}").status_code != 200:
                misses.append(f"dispatch {n}")
            stepped = api.post(f"/api/v1/crew/jobs/{token}/status", json={"status": "accepted"})
            assert stepped.status_code == 200, stepped.text
            if api.get(f"/api/v1/crew/jobs/{token}").json()["status"] != "accepted":
                misses.append(f"crew status {n}")
            job_id = dispatched.json()["id"]
            cancelled = api.post(f"/api/v1/crew-jobs/{job_id}/cancel", json={"reason": "test"})
            assert cancelled.status_code == 200, cancelled.text
            if api.get(f"/api/v1/crew/jobs/{token}").json()["status"] != "cancelled":
                misses.append(f"cancel {n}")
            rejected = api.post(f"{path}/reject", json={"reason": "customer's own fuse"})
            assert rejected.status_code == 200, rejected.text
            if api.get(path).json()["status"] != "rejected":
                misses.append(f"reject {n}")
        assert misses == []
    finally:
        with psycopg.connect(demo_db_url) as conn:
            forget_incidents(conn, made)


def test_fault_reports_are_read_back_at_once(api: httpx.Client, demo_db_url: str) -> None:
    with psycopg.connect(demo_db_url) as conn:
        lon, lat = conn.execute(
            "SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) "
            "FROM supply_area ORDER BY id LIMIT 1"
        ).fetchone()
    misses: list[str] = []
    with reports_forgotten(demo_db_url):
        for n in range(ROUNDS):
            filed = api.post(
                "/api/v1/fault-reports",
                json={"lon": lon, "lat": lat, "channel": "app", "contact": "r@example.com"},
            )
            assert filed.status_code == 201, filed.text
            if api.get(filed.json()["status_url"]).status_code != 200:
                misses.append(f"report {n}")
        assert misses == []


@pytest.fixture()
def refused_at_commit(demo_db_url: str) -> Iterator[str]:
    """A planned outage titled so is refused by a deferred check, i.e. only when it commits."""
    title = "refused at commit"
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF NEW.title = '{title}' THEN RAISE EXCEPTION 'refused at commit'; END IF; "
            "RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON planned_outage "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()"
        )
    yield title
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        conn.execute("DROP FUNCTION test_refuse_at_commit() CASCADE")


def test_a_failed_commit_is_answered_as_a_server_problem_never_a_success(
    api: httpx.Client, demo_db_url: str, transformer_id: int, refused_at_commit: str
) -> None:
    body = {**_outage_body(transformer_id), "title": refused_at_commit}
    answer = api.post("/api/v1/planned-outages", json=body)
    assert answer.status_code >= 500
    assert answer.headers["content-type"] == "application/problem+json"
    with psycopg.connect(demo_db_url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM planned_outage WHERE title = %s", (refused_at_commit,)
        ).fetchone()[0]
    assert stored == 0
