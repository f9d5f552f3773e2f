"""Crew jobs and the incident lifecycle after inference: confirm or reject a suspected outage,
dispatch a crew, and follow the crew's steps to restoration.

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
from notify.outbox import enqueue_for_crews, enqueue_for_reporters
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
from outage.settings import OutageSettings, outage_settings

MAX_NOTE = 1000
MAX_REASON = 500
CREW_PICK_TRIES = 3


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


def _one(conn: psycopg.Connection, name: str, parameters: dict[str, Any]) -> dict[str, Any] | None:
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


def _locked_incident(conn: psycopg.Connection, incident_id: int) -> dict[str, Any]:
    row = _one(conn, "select_incident_for_dispatch.sql", {"id": incident_id})
    if row is None:
        raise IncidentNotFoundError(f"no incident {incident_id}")
    if row["absorbed_into"] is not None:
        raise LifecycleConflictError(
            f"incident {incident_id} was absorbed into incident {row['absorbed_into']}"
        )
    return row


def _require(row: dict[str, Any], allowed: tuple[IncidentStatus, ...], action: str) -> None:
    if IncidentStatus(row["status"]) not in allowed:
        raise LifecycleConflictError(f"incident {row['id']} is {row['status']}: cannot {action}")


def _event(
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
        _sql("insert_incident_lifecycle_event.sql"),
        {
            "incident_id": incident_id,
            "kind": kind,
            "detail": detail,
            "facts": Jsonb(facts) if facts else None,
            "now": now,
        },
    )


def _set_incident(
    conn: psycopg.Connection,
    incident_id: int,
    status: IncidentStatus,
    now: datetime,
    etr: datetime | None = None,
) -> None:
    conn.execute(
        _sql("update_incident_lifecycle.sql"),
        {"id": incident_id, "status": status.value, "now": now, "etr": etr},
    )


def reporters(conn: psycopg.Connection, incident_id: int) -> list[int]:
    """Ids of the fault reports whose reporters follow the incident (absorbed ones included)."""
    row = conn.execute(_sql("select_incident_reporters.sql"), {"incident_id": incident_id})
    found = row.fetchone()
    return list(found[0]) if found and found[0] else []


def _set_reports(conn: psycopg.Connection, report_ids: list[int], status: str) -> None:
    if report_ids:
        conn.execute(
            _sql("update_incident_reports_status.sql"),
            {"report_ids": report_ids, "status": status},
        )


def confirm(conn: psycopg.Connection, incident_id: int, now: datetime) -> None:
    """A dispatcher agrees with the inference: suspected → confirmed."""
    row = _locked_incident(conn, incident_id)
    _require(row, (IncidentStatus.SUSPECTED,), "confirm it")
    _set_incident(conn, incident_id, IncidentStatus.CONFIRMED, now)
    _event(conn, incident_id, "confirmed", "", now)


def reject(conn: psycopg.Connection, incident_id: int, reason: str, now: datetime) -> None:
    """A dispatcher finds no outage: suspected or confirmed → rejected, with the reason."""
    reason = reason.strip()
    if not 1 <= len(reason) <= MAX_REASON:
        raise JobInputError(f"give a reason of 1 to {MAX_REASON} characters", "reason")
    row = _locked_incident(conn, incident_id)
    _require(row, (IncidentStatus.SUSPECTED, IncidentStatus.CONFIRMED), "reject it")
    _set_incident(conn, incident_id, IncidentStatus.REJECTED, now)
    _event(conn, incident_id, "rejected", reason, now)
    _set_reports(conn, reporters(conn, incident_id), "rejected")


def _pick_crew(
    conn: psycopg.Connection, incident: dict[str, Any], crew_id: int | None
) -> dict[str, Any]:
    """The dispatcher's crew, or the available crew nearest the device; locked and available."""
    for _ in range(CREW_PICK_TRIES):
        chosen = crew_id
        if chosen is None:
            nearest = _one(
                conn,
                "select_nearest_available_crew.sql",
                {"lon": incident["lon"], "lat": incident["lat"]},
            )
            if nearest is None:
                raise LifecycleConflictError("no crew is available")
            chosen = int(nearest["id"])
        crew = _one(conn, "select_crew_for_update.sql", {"id": chosen})
        if crew is None:
            raise JobInputError(f"no crew {chosen}", "crew_id")
        if crew["status"] == CrewStatus.AVAILABLE:
            return crew
        if crew_id is not None:
            raise LifecycleConflictError(f"crew {crew['code']} is {crew['status']}")
    raise LifecycleConflictError("no crew is available")  # taken by other dispatches meanwhile


def dispatch(
    conn: psycopg.Connection,
    incident_id: int,
    now: datetime,
    crew_id: int | None = None,
    assigned_by: str = "dispatcher",
    settings: OutageSettings | None = None,
) -> CrewJob:
    """Send a crew to a suspected or confirmed incident: a job with a signed crew link,
    the crew busy, an estimated restoration time by the incident's level, a job_assigned
    notice to the crew and a fault_progress notice (dispatched) to every reporter."""
    settings = settings or outage_settings()
    incident = _locked_incident(conn, incident_id)
    _require(incident, (IncidentStatus.SUSPECTED, IncidentStatus.CONFIRMED), "dispatch a crew")
    crew = _pick_crew(conn, incident, crew_id)
    job_row = _one(
        conn,
        "insert_crew_job.sql",
        {
            "incident_id": incident_id,
            "crew_id": crew["id"],
            "token": None,  # the link's token is signed, not stored (crew_token)
            "assigned_by": assigned_by[:100] or "dispatcher",
            "now": now,
        },
    )
    assert job_row is not None  # INSERT ... RETURNING answers its row
    job_id = int(job_row["id"])
    etr = now + settings.restoration_time(incident["level"])
    conn.execute(_sql("update_crew_status.sql"), {"id": crew["id"], "status": CrewStatus.BUSY})
    _set_incident(conn, incident_id, IncidentStatus.DISPATCHED, now, etr=etr)
    _job_event(conn, job_id, StatusUpdate(JobStatus.ASSIGNED), now)
    facts = {"key": "dispatched", "crew": crew["code"], "job": job_id}
    _event(conn, incident_id, "dispatched", f"crew {crew['code']}, job {job_id}", now, facts)
    job = get_job(conn, job_id=job_id)
    event_ref = f"incident:{incident_id}:job:{job_id}:{JobStatus.ASSIGNED.value}"
    counts = {
        NoticeKind.JOB_ASSIGNED.value: enqueue_for_crews(
            conn,
            NoticeKind.JOB_ASSIGNED,
            event_ref,
            [int(crew["id"])],
            {
                "job_id": job_id,
                "incident_id": incident_id,
                "level": incident["level"],
                "customers_affected": incident["customers_affected"],
                "device": incident["device"],
            },
        ),
        NoticeKind.FAULT_PROGRESS.value: _tell_reporters(
            conn, job, "dispatched", event_ref, now, note=""
        ),
    }
    return _with_notices(job, counts)


def _with_notices(job: CrewJob, counts: dict[str, int]) -> CrewJob:
    return CrewJob(**{**job.__dict__, "notices": NoticeCounts(counts)})


def _tell_reporters(
    conn: psycopg.Connection,
    job: CrewJob,
    status: str,
    event_ref: str,
    now: datetime,
    note: str,
) -> int:
    report_ids = reporters(conn, job.incident_id)
    _set_reports(conn, report_ids, "restored" if status == JobStatus.RESTORED else "dispatched")
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


def _job_event(conn: psycopg.Connection, job_id: int, step: StatusUpdate, now: datetime) -> None:
    conn.execute(
        _sql("insert_job_event.sql"),
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


def report_status(
    conn: psycopg.Connection, token: str, step: StatusUpdate, now: datetime
) -> CrewJob:
    """The crew's next step (only the next one: a wrong order is a conflict), as a job event
    and a fault_progress notice to every reporter; restored closes the incident, records its
    duration and customer-minutes, and frees the crew."""
    step = check_update(step)
    locked = _one(conn, "select_crew_job_for_update.sql", _link_key(token))
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
        _sql("update_crew_job_status.sql"), {"id": job_id, "status": step.status, "now": now}
    )
    _job_event(conn, job_id, step, now)
    if step.status is JobStatus.RESTORED:
        _restore(conn, incident_id, int(locked["crew_id"]), locked["crew_code"], now)
    job = get_job(conn, job_id=job_id)
    event_ref = f"incident:{incident_id}:job:{job_id}:{step.status.value}"
    sent = _tell_reporters(conn, job, step.status.value, event_ref, now, note=step.note)
    return _with_notices(job, {NoticeKind.FAULT_PROGRESS.value: sent})


def _restore(
    conn: psycopg.Connection, incident_id: int, crew_id: int, crew_code: str, now: datetime
) -> None:
    closed = _one(conn, "update_incident_restored.sql", {"id": incident_id, "now": now})
    assert closed is not None  # the job's incident exists (foreign key)
    minutes = round(closed["duration_s"] / 60)
    detail = f"crew {crew_code}: {minutes} min, {closed['customer_minutes']} customer-minutes"
    facts = {
        "key": "restored",
        "crew": crew_code,
        "minutes": minutes,
        "customer_minutes": closed["customer_minutes"],
    }
    _event(conn, incident_id, "restored", detail, now, facts)
    conn.execute(_sql("update_crew_status.sql"), {"id": crew_id, "status": CrewStatus.AVAILABLE})


def cancel(conn: psycopg.Connection, job_id: int, reason: str, now: datetime) -> CrewJob:
    """A dispatcher withdraws an open job: the crew is free again and the incident goes back
    to confirmed, ready for another dispatch."""
    locked = _one(conn, "select_crew_job_for_update.sql", {"token": None, "id": job_id})
    if locked is None:
        raise JobNotFoundError(f"no crew job {job_id}")
    if not JobStatus(locked["status"]).is_open:
        raise LifecycleConflictError(f"job {job_id} is {locked['status']}: it is closed")
    incident_id = int(locked["incident_id"])
    _locked_incident(conn, incident_id)
    note = reason.strip()[:MAX_NOTE]
    conn.execute(
        _sql("update_crew_job_status.sql"),
        {"id": job_id, "status": JobStatus.CANCELLED, "now": now},
    )
    _job_event(conn, job_id, StatusUpdate(JobStatus.CANCELLED, note), now)
    conn.execute(
        _sql("update_crew_status.sql"),
        {"id": locked["crew_id"], "status": CrewStatus.AVAILABLE},
    )
    _set_incident(conn, incident_id, IncidentStatus.CONFIRMED, now)
    _event(conn, incident_id, "job", f"job {job_id} cancelled: {note}".rstrip(": "), now)
    return get_job(conn, job_id=job_id)


def get_job(
    conn: psycopg.Connection, token: str | None = None, job_id: int | None = None
) -> CrewJob:
    """A job by its crew token (the crew's link) or its id; JobNotFoundError if none."""
    if not token and job_id is None:
        raise JobNotFoundError("no job for this crew link")
    key = _link_key(token) if token else {"token": None, "id": job_id}
    row = _one(conn, "select_crew_job.sql", key)
    if row is None:
        raise JobNotFoundError("no job for this crew link")
    with conn.cursor(row_factory=dict_row) as cur:
        events = cur.execute(_sql("select_job_timeline.sql"), {"job_id": row["id"]}).fetchall()
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
