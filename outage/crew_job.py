"""Crew jobs: follow a dispatched crew's steps to restoration, or withdraw its job (the dispatch
itself, and confirming or rejecting an incident, are in outage/dispatch.py). The helpers that
change an incident and tell its reporters are shared with outage/dispatch.py.

Every change writes its timeline (incident_event, job_event) and its notices through the outbox
in the caller's transaction: the crew hears of its job (job_assigned), and every reporter of the
incident hears of each step (fault_progress). Each notice's event is
incident:<id>:job:<job_id>:<status>, so a step repeated never notifies twice.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from gis.errors import ConflictError, NotFoundError, RejectedInputError
from gis.sql_file import load_sql
from notify.link_token import LinkPurpose, is_signed, legacy_hash, sign, verify
from notify.models import NoticeKind
from notify.outbox import enqueue_for_reporters
from notify.settings import notify_settings
from outage.models import (
    CrewJob,
    CrewStatus,
    IncidentLevel,
    IncidentStatus,
    JobEvent,
    JobStatus,
    NoticeCounts,
    StatusUpdate,
)

MAX_NOTE = 1000


class IncidentNotFoundError(NotFoundError):
    """No incident with that id (answered 404)."""


class JobNotFoundError(NotFoundError):
    """No crew job with that token or id (answered 404)."""


class LifecycleConflictError(ConflictError):
    """A change the incident's or job's state does not allow (answered 409)."""


class JobInputError(RejectedInputError):
    """Input that cannot be recorded (answered 422), naming the field at fault."""

    kind = "invalid-job"


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def one_row(
    conn: psycopg.Connection, name: str, parameters: dict[str, Any]
) -> dict[str, Any] | None:
    """The first row of one of this package's statements, as a dict; None if none."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(_sql(name), parameters).fetchone()


def _link_key(token: str | None) -> dict[str, Any]:
    """The parameters that find a crew link's job: its id from a signed token
    (notify/link_token.py), or the sha256 of a random one from before migration 051."""
    if not token:
        return {"token": None, "id": None}
    if is_signed(token):
        ids = verify(notify_settings().link_key(), LinkPurpose.CREW_JOB, token, 1)
        return {"token": None, "id": ids[0] if ids else 0}
    return {"token": legacy_hash(token), "id": None}


def crew_token(job_id: int) -> str:
    """The token of a job's crew link (made from the link key: no table holds it)."""
    return sign(notify_settings().link_key(), LinkPurpose.CREW_JOB, job_id)


def locked_incident(conn: psycopg.Connection, incident_id: int) -> dict[str, Any]:
    """The incident, locked for a change; not found, or a conflict if it was absorbed."""
    row = one_row(conn, "crew_job/select_incident_for_dispatch.sql", {"id": incident_id})
    if row is None:
        raise IncidentNotFoundError(f"no incident {incident_id}")
    if row["absorbed_into"] is not None:
        raise LifecycleConflictError(
            f"incident {incident_id} was absorbed into incident {row['absorbed_into']}"
        )
    return row


def incident_event(
    conn: psycopg.Connection,
    incident_id: int,
    kind: str,
    detail: str,
    now: datetime,
    facts: dict[str, Any] | None = None,
) -> None:
    """An incident event; `facts` (key and values of the console's incident_<key> text, whose
    English is `detail` word for word) lets the console say it in either language."""
    conn.execute(
        _sql("crew_job/insert_incident_lifecycle_event.sql"),
        {
            "incident_id": incident_id,
            "kind": kind,
            "detail": detail,
            "facts": Jsonb(facts) if facts else None,
            "now": now,
        },
    )


def set_incident(
    conn: psycopg.Connection,
    incident_id: int,
    status: IncidentStatus,
    now: datetime,
    etr: datetime | None = None,
) -> None:
    """The incident's new status (and estimated restoration time, if given)."""
    conn.execute(
        _sql("crew_job/update_incident_lifecycle.sql"),
        {"id": incident_id, "status": status.value, "now": now, "etr": etr},
    )


def reporters(conn: psycopg.Connection, incident_id: int) -> list[int]:
    """Ids of the fault reports whose reporters follow the incident (absorbed ones included)."""
    row = conn.execute(_sql("crew_job/select_incident_reporters.sql"), {"incident_id": incident_id})
    found = row.fetchone()
    return list(found[0]) if found and found[0] else []


def set_reports(conn: psycopg.Connection, report_ids: list[int], status: str) -> None:
    """The status the reporters of those fault reports see."""
    if report_ids:
        conn.execute(
            _sql("crew_job/update_incident_reports_status.sql"),
            {"report_ids": report_ids, "status": status},
        )


def with_notices(job: CrewJob, counts: dict[str, int]) -> CrewJob:
    """The job with the counts of the notices its change wrote, by kind."""
    return CrewJob(**{**job.__dict__, "notices": NoticeCounts(counts)})


def tell_reporters(
    conn: psycopg.Connection,
    job: CrewJob,
    status: str,
    event_ref: str,
    now: datetime,
    note: str,
) -> int:
    """A fault_progress notice of the job's step to every reporter of its incident, whose
    reports follow (dispatched or restored); how many notices were written."""
    report_ids = reporters(conn, job.incident_id)
    set_reports(conn, report_ids, "restored" if status == JobStatus.RESTORED else "dispatched")
    payload: dict[str, Any] = {
        "status": status,
        "incident_id": job.incident_id,
        "changed_at": now.isoformat(),
    }
    if status != JobStatus.RESTORED and job.estimated_restoration_at is not None:
        payload["etr"] = job.estimated_restoration_at.isoformat()
    if note:
        payload["note"] = note
    return enqueue_for_reporters(conn, NoticeKind.FAULT_PROGRESS, event_ref, report_ids, payload)


def job_event(conn: psycopg.Connection, job_id: int, step: StatusUpdate, now: datetime) -> None:
    """A step on the job's timeline."""
    conn.execute(
        _sql("crew_job/insert_job_event.sql"),
        {
            "job_id": job_id,
            "status": step.status.value,
            "note": step.note,
            "lon": step.lon,
            "lat": step.lat,
            "now": now,
        },
    )


def check_update(step: StatusUpdate) -> StatusUpdate:
    """The step with its note trimmed; JobInputError naming the field at fault."""
    if step.status is JobStatus.ASSIGNED:
        raise JobInputError("status must be accepted, en_route, on_site or restored", "status")
    if step.status is JobStatus.CANCELLED:
        raise JobInputError("a crew cannot cancel its job; call the dispatcher", "status")
    note = step.note.strip()
    if len(note) > MAX_NOTE:
        raise JobInputError(f"the note is longer than {MAX_NOTE} characters", "note")
    if (step.lon is None) != (step.lat is None):
        raise JobInputError(
            "give both lon and lat, or neither", "lat" if step.lat is None else "lon"
        )
    if step.lon is not None and step.lat is not None:
        for name, value, limit in (("lon", step.lon, 180), ("lat", step.lat, 90)):
            if not math.isfinite(value) or abs(value) > limit:
                raise JobInputError(f"{name} must lie in [-{limit}, {limit}]", name)
    return StatusUpdate(step.status, note, step.lon, step.lat)


def record_step(conn: psycopg.Connection, token: str, step: StatusUpdate, now: datetime) -> CrewJob:
    """The crew's next step (only the next one: a wrong order is a conflict), as a job event
    and a fault_progress notice to every reporter; restored closes the incident, records its
    duration and customer-minutes, and frees the crew."""
    step = check_update(step)
    locked = one_row(conn, "crew_job/select_crew_job_for_update.sql", _link_key(token))
    if locked is None:
        raise JobNotFoundError("no job for this crew link")
    current = JobStatus(locked["status"])
    if not current.is_open:
        raise LifecycleConflictError(f"job {locked['id']} is {current}: it is closed")
    if step.status is not current.next:
        raise LifecycleConflictError(
            f"job {locked['id']} is {current}: the next status is {current.next}, not {step.status}"
        )
    job_id, incident_id = int(locked["id"]), int(locked["incident_id"])
    conn.execute(
        _sql("crew_job/update_crew_job_status.sql"),
        {"id": job_id, "status": step.status, "now": now},
    )
    job_event(conn, job_id, step, now)
    if step.status is JobStatus.RESTORED:
        _restore(conn, incident_id, int(locked["crew_id"]), locked["crew_code"], now)
    job = get_job(conn, job_id=job_id)
    event_ref = f"incident:{incident_id}:job:{job_id}:{step.status.value}"
    sent = tell_reporters(conn, job, step.status.value, event_ref, now, note=step.note)
    return with_notices(job, {NoticeKind.FAULT_PROGRESS.value: sent})


def _restore(
    conn: psycopg.Connection, incident_id: int, crew_id: int, crew_code: str, now: datetime
) -> None:
    closed = one_row(conn, "crew_job/update_incident_restored.sql", {"id": incident_id, "now": now})
    assert closed is not None  # the job's incident exists (foreign key)
    minutes = round(closed["duration_s"] / 60)
    detail = f"crew {crew_code}: {minutes} min, {closed['customer_minutes']} customer-minutes"
    facts = {
        "key": "restored",
        "crew": crew_code,
        "minutes": minutes,
        "customer_minutes": closed["customer_minutes"],
    }
    incident_event(conn, incident_id, "restored", detail, now, facts)
    conn.execute(
        _sql("crew_job/update_crew_status.sql"), {"id": crew_id, "status": CrewStatus.AVAILABLE}
    )


def cancel(conn: psycopg.Connection, job_id: int, reason: str, now: datetime) -> CrewJob:
    """A dispatcher withdraws an open job: the crew is free again and the incident goes back
    to confirmed, ready for another dispatch."""
    locked = one_row(conn, "crew_job/select_crew_job_for_update.sql", {"token": None, "id": job_id})
    if locked is None:
        raise JobNotFoundError(f"no crew job {job_id}")
    if not JobStatus(locked["status"]).is_open:
        raise LifecycleConflictError(f"job {job_id} is {locked['status']}: it is closed")
    incident_id = int(locked["incident_id"])
    locked_incident(conn, incident_id)
    note = reason.strip()[:MAX_NOTE]
    conn.execute(
        _sql("crew_job/update_crew_job_status.sql"),
        {"id": job_id, "status": JobStatus.CANCELLED, "now": now},
    )
    job_event(conn, job_id, StatusUpdate(JobStatus.CANCELLED, note), now)
    conn.execute(
        _sql("crew_job/update_crew_status.sql"),
        {"id": locked["crew_id"], "status": CrewStatus.AVAILABLE},
    )
    set_incident(conn, incident_id, IncidentStatus.CONFIRMED, now)
    incident_event(conn, incident_id, "job", f"job {job_id} cancelled: {note}".rstrip(": "), now)
    return get_job(conn, job_id=job_id)


def get_job(
    conn: psycopg.Connection, token: str | None = None, job_id: int | None = None
) -> CrewJob:
    """A job by its crew token (the crew's link) or its id; JobNotFoundError if none."""
    if not token and job_id is None:
        raise JobNotFoundError("no job for this crew link")
    key = _link_key(token) if token else {"token": None, "id": job_id}
    row = one_row(conn, "crew_job/select_crew_job.sql", key)
    if row is None:
        raise JobNotFoundError("no job for this crew link")
    with conn.cursor(row_factory=dict_row) as cur:
        events = cur.execute(
            _sql("crew_job/select_job_timeline.sql"), {"job_id": row["id"]}
        ).fetchall()
    return CrewJob(
        id=row["id"],
        incident_id=row["incident_id"],
        crew_id=row["crew_id"],
        crew_code=row["crew_code"],
        crew_name=row["crew_name"],
        status=JobStatus(row["status"]),
        crew_token=crew_token(row["id"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        level=IncidentLevel(row["level"]),
        incident_status=IncidentStatus(row["incident_status"]),
        device=row["device"],
        customers_affected=row["customers_affected"],
        lon=row["lon"],
        lat=row["lat"],
        area=row["area"],
        crew_lon=row["crew_lon"],
        crew_lat=row["crew_lat"],
        estimated_restoration_at=row["estimated_restoration_at"],
        opened_at=row["opened_at"],
        restored_at=row["restored_at"],
        timeline=[
            JobEvent(JobStatus(e["status"]), e["note"], e["lon"], e["lat"], e["at"]) for e in events
        ],
    )
