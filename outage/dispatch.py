"""The dispatcher's acts on an incident after inference: confirm or reject a suspected outage,
or dispatch a crew to it (the crew's job then follows in outage/crew_job.py).

Every change writes the incident's timeline (incident_event) and its notices through the outbox
in the caller's transaction: a dispatch tells the crew of its job (job_assigned) and every
reporter of the incident (fault_progress, event incident:<id>:job:<job_id>:assigned).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from gis.sql_file import load_sql
from notify.models import NoticeKind
from notify.outbox import enqueue_for_crews
from outage.crew_job import (
    JobInputError,
    LifecycleConflictError,
    get_job,
    incident_event,
    job_event,
    locked_incident,
    one_row,
    reporters,
    set_incident,
    set_reports,
    tell_reporters,
    with_notices,
)
from outage.models import CrewJob, CrewStatus, IncidentStatus, JobStatus, StatusUpdate
from outage.settings import OutageSettings, outage_settings

MAX_REASON = 500
CREW_PICK_TRIES = 3


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def _require(row: dict[str, Any], allowed: tuple[IncidentStatus, ...], action: str) -> None:
    if IncidentStatus(row["status"]) not in allowed:
        raise LifecycleConflictError(f"incident {row['id']} is {row['status']}: cannot {action}")


def confirm(conn: psycopg.Connection, incident_id: int, now: datetime) -> None:
    """A dispatcher agrees with the inference: suspected → confirmed."""
    row = locked_incident(conn, incident_id)
    _require(row, (IncidentStatus.SUSPECTED,), "confirm it")
    set_incident(conn, incident_id, IncidentStatus.CONFIRMED, now)
    incident_event(conn, incident_id, "confirmed", "", now)


def reject(conn: psycopg.Connection, incident_id: int, reason: str, now: datetime) -> None:
    """A dispatcher finds no outage: suspected or confirmed → rejected, with the reason."""
    reason = reason.strip()
    if not 1 <= len(reason) <= MAX_REASON:
        raise JobInputError(f"give a reason of 1 to {MAX_REASON} characters", "reason")
    row = locked_incident(conn, incident_id)
    _require(row, (IncidentStatus.SUSPECTED, IncidentStatus.CONFIRMED), "reject it")
    set_incident(conn, incident_id, IncidentStatus.REJECTED, now)
    incident_event(conn, incident_id, "rejected", reason, now)
    set_reports(conn, reporters(conn, incident_id), "rejected")


def _pick_crew(
    conn: psycopg.Connection, incident: dict[str, Any], crew_id: int | None
) -> dict[str, Any]:
    """The dispatcher's crew, or the available crew nearest the device; locked and available."""
    for _ in range(CREW_PICK_TRIES):
        chosen = crew_id
        if chosen is None:
            nearest = one_row(
                conn,
                "dispatch/select_nearest_available_crew.sql",
                {"lon": incident["lon"], "lat": incident["lat"]},
            )
            if nearest is None:
                raise LifecycleConflictError("no crew is available")
            chosen = int(nearest["id"])
        crew = one_row(conn, "dispatch/select_crew_for_update.sql", {"id": chosen})
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
    incident = locked_incident(conn, incident_id)
    _require(incident, (IncidentStatus.SUSPECTED, IncidentStatus.CONFIRMED), "dispatch a crew")
    crew = _pick_crew(conn, incident, crew_id)
    job_row = one_row(
        conn,
        "dispatch/insert_crew_job.sql",
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
    conn.execute(
        _sql("crew_job/update_crew_status.sql"), {"id": crew["id"], "status": CrewStatus.BUSY}
    )
    set_incident(conn, incident_id, IncidentStatus.DISPATCHED, now, etr=etr)
    job_event(conn, job_id, StatusUpdate(JobStatus.ASSIGNED), now)
    facts = {"key": "dispatched", "crew": crew["code"], "job": job_id}
    incident_event(
        conn, incident_id, "dispatched", f"crew {crew['code']}, job {job_id}", now, facts
    )
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
        NoticeKind.FAULT_PROGRESS.value: tell_reporters(
            conn, job, "dispatched", event_ref, now, note=""
        ),
    }
    return with_notices(job, counts)
