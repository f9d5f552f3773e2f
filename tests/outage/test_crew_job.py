"""Dispatch (outage/dispatch.py) and crew jobs (outage/crew_job.py), the incident lifecycle
after inference, on the small demo (3 crews), each test in a transaction that is rolled back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from pyproj import Geod

from outage import crew_job as service
from outage import incident_board as board
from outage.crew_job import StatusUpdate
from outage.dispatch import confirm, dispatch, reject
from outage.models import IncidentStatus, JobStatus
from tests.outage.incident_factory import open_incident

GEOD = Geod(ellps="WGS84")


def _crews_by_distance(conn: psycopg.Connection, transformer_id: int) -> list[int]:
    """Crew ids by geodesic distance (pyproj, not PostGIS) from home base to the transformer."""
    lon, lat = conn.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM transformer WHERE id = %s", (transformer_id,)
    ).fetchone()
    crews = conn.execute("SELECT id, ST_X(home_base), ST_Y(home_base) FROM crew").fetchall()
    return [
        crew_id
        for _, crew_id in sorted(
            (GEOD.inv(lon, lat, clon, clat)[2], crew_id) for crew_id, clon, clat in crews
        )
    ]


def _notices(conn: psycopg.Connection, incident_id: int) -> list[tuple[str, str, int, str]]:
    return conn.execute(
        "SELECT kind, recipient_type, recipient_id, payload->>'status' FROM notice "
        "WHERE event_ref LIKE %s ORDER BY id",
        (f"incident:{incident_id}:%",),
    ).fetchall()


def test_dispatch_chooses_the_nearest_available_crew(db: psycopg.Connection) -> None:
    """The nearest available crew by home base goes; a busy one is passed over."""
    made = open_incident(db)
    ranked = _crews_by_distance(db, made.transformer_id)
    db.execute("UPDATE crew SET status = 'busy' WHERE id = %s", (ranked[0],))
    job = dispatch(db, made.id, datetime.now(UTC))
    assert job.crew_id == ranked[1]
    assert db.execute("SELECT status FROM crew WHERE id = %s", (ranked[1],)).fetchone() == ("busy",)


def test_dispatch_records_the_job_its_etr_and_tells_crew_and_reporters(
    db: psycopg.Connection,
) -> None:
    made = open_incident(db, reports=3)
    now = datetime.now(UTC)
    job = dispatch(db, made.id, now)
    assert job.crew_id == _crews_by_distance(db, made.transformer_id)[0]
    assert len(job.crew_token) >= 32 and job.status is JobStatus.ASSIGNED
    assert job.estimated_restoration_at == now + timedelta(hours=2)  # transformer level
    assert job.incident_status is IncidentStatus.DISPATCHED
    assert [e.status for e in job.timeline] == [JobStatus.ASSIGNED]
    notices = _notices(db, made.id)
    assert ("job_assigned", "crew", job.crew_id, None) in notices
    progress = sorted(n[2] for n in notices if n[0] == "fault_progress")
    assert progress == made.report_ids
    assert job.notices.by_kind == {"job_assigned": 1, "fault_progress": 3}
    payload = db.execute(
        "SELECT payload FROM notice WHERE kind = 'fault_progress' AND event_ref LIKE %s LIMIT 1",
        (f"incident:{made.id}:%",),
    ).fetchone()[0]
    assert payload["status"] == "dispatched" and payload["etr"]
    assert "location" not in payload  # a place links the operator map (issue 12 §6)
    statuses = db.execute(
        "SELECT DISTINCT status FROM fault_report WHERE incident_id = %s", (made.id,)
    ).fetchall()
    assert statuses == [("dispatched",)]


def test_the_crew_steps_forward_to_restoration(db: psycopg.Connection) -> None:
    """accepted → en_route → on_site → restored; restored closes the incident with its
    duration and customer-minutes and frees the crew."""
    made = open_incident(db, reports=2, opened_ago=timedelta(minutes=90))
    now = made.opened_at + timedelta(minutes=30)
    job = dispatch(db, made.id, now)
    for minutes, status in enumerate(JobStatus.__members__.values()):
        if status in (JobStatus.ASSIGNED, JobStatus.CANCELLED):
            continue
        step = StatusUpdate(status, note=f"step {status}", lon=job.lon, lat=job.lat)
        job = service.record_step(db, job.crew_token, step, now + timedelta(minutes=minutes))
        assert job.status is status
    assert job.incident_status is IncidentStatus.RESTORED
    duration, customer_minutes = db.execute(
        "SELECT duration_s, customer_minutes FROM incident WHERE id = %s", (made.id,)
    ).fetchone()
    assert duration == 34 * 60  # opened, dispatched 30 min later, restored 4 min after
    assert customer_minutes == made.customers_affected * 34
    assert db.execute("SELECT status FROM crew WHERE id = %s", (job.crew_id,)).fetchone() == (
        "available",
    )
    progress = [n for n in _notices(db, made.id) if n[0] == "fault_progress"]
    assert len(progress) == 5 * 2  # dispatched + 4 steps, to each of 2 reporters
    assert len(set(progress)) == len(progress)
    detail = board.get_incident(db, made.id)
    kinds = [(e.source, e.kind) for e in detail.timeline]
    assert kinds[0] == ("incident", "opened") and ("incident", "restored") in kinds
    assert [k for s, k in kinds if s == "job"] == [
        "assigned",
        "accepted",
        "en_route",
        "on_site",
        "restored",
    ]


def test_a_wrong_order_or_a_closed_job_is_a_conflict(db: psycopg.Connection) -> None:
    made = open_incident(db)
    now = datetime.now(UTC)
    job = dispatch(db, made.id, now)
    with pytest.raises(service.LifecycleConflictError):
        service.record_step(db, job.crew_token, StatusUpdate(JobStatus.ON_SITE), now)
    service.record_step(db, job.crew_token, StatusUpdate(JobStatus.ACCEPTED), now)
    with pytest.raises(service.LifecycleConflictError):  # a repeat
        service.record_step(db, job.crew_token, StatusUpdate(JobStatus.ACCEPTED), now)
    for status in (JobStatus.EN_ROUTE, JobStatus.ON_SITE, JobStatus.RESTORED):
        service.record_step(db, job.crew_token, StatusUpdate(status), now)
    with pytest.raises(service.LifecycleConflictError):
        service.record_step(db, job.crew_token, StatusUpdate(JobStatus.RESTORED), now)
    with pytest.raises(service.JobNotFoundError):
        service.record_step(db, "x" * 32, StatusUpdate(JobStatus.ACCEPTED), now)


@pytest.mark.parametrize(
    ("step", "field"),
    [
        (StatusUpdate(JobStatus.ACCEPTED, note="n" * 1001), "note"),
        (StatusUpdate(JobStatus.ACCEPTED, lon=120.0), "lat"),
        (StatusUpdate(JobStatus.ACCEPTED, lon=200.0, lat=30.0), "lon"),
        (StatusUpdate(JobStatus.ACCEPTED, lon=120.0, lat=float("nan")), "lat"),
        (StatusUpdate(JobStatus.CANCELLED), "status"),
        (StatusUpdate(JobStatus.ASSIGNED), "status"),
    ],
)
def test_bad_input_names_its_field(step: StatusUpdate, field: str) -> None:
    with pytest.raises(service.JobInputError) as caught:
        service.check_update(step)
    assert caught.value.field == field


def test_confirm_then_reject_and_their_conflicts(db: psycopg.Connection) -> None:
    made = open_incident(db)
    now = datetime.now(UTC)
    confirm(db, made.id, now)
    with pytest.raises(service.LifecycleConflictError):
        confirm(db, made.id, now)
    with pytest.raises(service.JobInputError):
        reject(db, made.id, "  ", now)
    reject(db, made.id, "a customer's own fuse", now)
    detail = board.get_incident(db, made.id)
    assert detail.summary.status is IncidentStatus.REJECTED
    assert detail.timeline[-1].detail == "a customer's own fuse"
    assert {r.status for r in detail.reports} == {"rejected"}
    with pytest.raises(service.LifecycleConflictError):
        dispatch(db, made.id, now)
    with pytest.raises(service.IncidentNotFoundError):
        confirm(db, 10**9, now)


def test_one_open_job_per_incident_and_redispatch_after_a_cancel(db: psycopg.Connection) -> None:
    made = open_incident(db)
    now = datetime.now(UTC)
    first = dispatch(db, made.id, now)
    with pytest.raises(service.LifecycleConflictError):
        dispatch(db, made.id, now)
    cancelled = service.cancel(db, first.id, "crew vehicle broke down", now)
    assert cancelled.status is JobStatus.CANCELLED
    assert cancelled.incident_status is IncidentStatus.CONFIRMED
    second = dispatch(db, made.id, now, crew_id=first.crew_id)
    assert second.id != first.id and second.crew_token != first.crew_token
    with pytest.raises(service.LifecycleConflictError):
        service.record_step(db, first.crew_token, StatusUpdate(JobStatus.ACCEPTED), now)


def test_the_dispatchers_choice_must_be_an_available_crew(db: psycopg.Connection) -> None:
    made = open_incident(db)
    now = datetime.now(UTC)
    busy = db.execute("SELECT id FROM crew ORDER BY id LIMIT 1").fetchone()[0]
    db.execute("UPDATE crew SET status = 'off_duty' WHERE id = %s", (busy,))
    with pytest.raises(service.LifecycleConflictError):
        dispatch(db, made.id, now, crew_id=busy)
    with pytest.raises(service.JobInputError):
        dispatch(db, made.id, now, crew_id=999_999)
    db.execute("UPDATE crew SET status = 'busy'")
    with pytest.raises(service.LifecycleConflictError, match="no crew"):
        dispatch(db, made.id, now)


def test_the_board_lists_open_incidents_with_their_reports(db: psycopg.Connection) -> None:
    made = open_incident(db, reports=4)
    listed = {i.id: i for i in board.list_incidents(db)}
    assert made.id in listed
    shown = listed[made.id]
    assert shown.report_count == 4 and shown.customers_affected == made.customers_affected
    assert shown.age_s(datetime.now(UTC)) >= 89 * 60
    reject(db, made.id, "no outage", datetime.now(UTC))
    assert made.id not in {i.id for i in board.list_incidents(db)}
    assert made.id in {i.id for i in board.list_incidents(db, [IncidentStatus.REJECTED])}
    crews = board.list_crews(db)
    assert len(crews) == 3 and all(c.position_at is None for c in crews)


def test_the_notices_fill_their_templates_with_their_pages(db: psycopg.Connection) -> None:
    """Each notice's facts render in both languages; the reporters' text names the ETR and
    links the report's public progress page (whose token shows it), the crew's its job page;
    no payload holds a token."""
    from gis.vocabulary import Language
    from notify.models import NoticeKind
    from notify.settings import notify_settings
    from notify.text import render
    from outage.report_status import report_status

    made = open_incident(db, reports=1)
    job = dispatch(db, made.id, datetime.now(UTC))
    rows = db.execute(
        "SELECT kind, payload, recipient_type, recipient_id FROM notice WHERE event_ref LIKE %s",
        (f"incident:{made.id}:%",),
    ).fetchall()
    texts = {
        kind: render(NoticeKind(kind), language, payload, notify_settings(), (rtype, rid))
        for kind, payload, rtype, rid in rows
        for language in (Language.EN, Language.ZH_CN)
    }
    (_, payload, rtype, report_id) = next(r for r in rows if r[0] == "fault_progress")
    progress = render(
        NoticeKind.FAULT_PROGRESS, Language.EN, payload, notify_settings(), (rtype, report_id)
    )
    assert "expected back" in progress.body and "/public/reports/" in progress.body
    token = progress.body.split("/public/reports/")[1].split("?")[0]
    assert report_status(db, token)["id"] == report_id
    assert job.crew_path in texts["job_assigned"].body
    assert service.get_job(db, token=job.crew_token).id == job.id
    stored = " ".join(str(r[1]) for r in rows)
    assert token not in stored and job.crew_token not in stored
