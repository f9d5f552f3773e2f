"""Incidents for dispatchers: the board, one incident with its evidence, reports and timeline;
confirm, reject, dispatch a crew; the crews and withdrawing a crew's job."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.crew_jobs import JobOut, job_out
from app.api.dependencies import Connection
from app.api.inputs import BigintId, IntegerId, Limit
from outage import crew_job as service
from outage import incident_board as board
from outage.models import CrewStatus, IncidentLevel, IncidentStatus, JobStatus

router = audience_router(Audience.CONSOLE)


class JobBrief(BaseModel):
    id: int
    status: JobStatus
    crew_code: str


class IncidentOut(BaseModel):
    id: int
    level: IncidentLevel
    status: IncidentStatus
    device: str
    transformer_code: str | None
    feeder_code: str | None
    substation_code: str
    customers_affected: int
    age_s: int = Field(description="seconds since it opened (its duration once restored)")
    report_count: int
    rule: str
    confidence: float
    opened_at: datetime
    last_report_at: datetime
    confirmed_at: datetime | None
    dispatched_at: datetime | None
    restored_at: datetime | None
    estimated_restoration_at: datetime | None
    duration_s: int | None
    customer_minutes: int | None
    lon: float
    lat: float
    absorbed_into: int | None
    job: JobBrief | None


class ReportOut(BaseModel):
    id: int
    lon: float
    lat: float
    reported_at: datetime
    channel: str
    status: str
    location_method: str
    description: str
    incident_id: int


class TimelineOut(BaseModel):
    source: str = Field(description="incident or job")
    kind: str
    detail: str
    job_id: int | None
    lon: float | None
    lat: float | None
    at: datetime


class IncidentDetailOut(IncidentOut):
    evidence: dict[str, Any]
    device_geometry: dict[str, Any] | None
    area: dict[str, Any] | None
    reports: list[ReportOut]
    timeline: list[TimelineOut]


class RejectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=service.MAX_REASON)


class DispatchIn(BaseModel):
    crew_id: IntegerId | None = Field(default=None, description="none: the nearest available crew")


class CancelIn(BaseModel):
    reason: str = Field(default="", max_length=service.MAX_NOTE)


class CrewStatusOut(BaseModel):
    id: int
    code: str
    name: str
    size: int
    status: CrewStatus
    lon: float
    lat: float
    position_at: datetime | None = Field(description="none: its home base")
    job_id: int | None
    incident_id: int | None


def _incident_out(summary: board.IncidentSummary, now: datetime) -> IncidentOut:
    values = {k: v for k, v in summary.__dict__.items() if k in IncidentOut.model_fields}
    job = (
        JobBrief(id=summary.job_id, status=summary.job_status, crew_code=summary.crew_code or "")
        if summary.job_id is not None and summary.job_status is not None
        else None
    )
    return IncidentOut(**values, age_s=summary.age_s(now), job=job)


def _detail_out(detail: board.IncidentDetail) -> IncidentDetailOut:
    base = _incident_out(detail.summary, datetime.now(UTC))
    return IncidentDetailOut(
        **base.model_dump(),
        evidence=detail.evidence,
        device_geometry=detail.device_geometry,
        area=detail.area,
        reports=[ReportOut(**r.__dict__) for r in detail.reports],
        timeline=[TimelineOut(**e.__dict__) for e in detail.timeline],
    )


@router.get(
    "/api/v1/incidents",
    response_model=list[IncidentOut],
    summary="Incidents, latest report first (open ones unless statuses are given)",
)
def list_incidents(
    conn: Connection,
    status: Annotated[list[IncidentStatus] | None, Query()] = None,
    level: IncidentLevel | None = None,
    limit: Limit = 200,
) -> list[IncidentOut]:
    statuses = status or list(board.OPEN_STATUSES)
    now = datetime.now(UTC)
    return [_incident_out(i, now) for i in board.list_incidents(conn, statuses, level, limit)]


@router.get(
    "/api/v1/incidents/{incident_id}",
    response_model=IncidentDetailOut,
    summary="One incident: evidence, reports, the area and the timeline",
)
def get_incident(incident_id: BigintId, conn: Connection) -> IncidentDetailOut:
    return _detail_out(board.get_incident(conn, incident_id))


@router.post(
    "/api/v1/incidents/{incident_id}/confirm",
    response_model=IncidentDetailOut,
    summary="Confirm a suspected incident",
)
def confirm_incident(incident_id: BigintId, conn: Connection) -> IncidentDetailOut:
    service.confirm(conn, incident_id, datetime.now(UTC))
    return _detail_out(board.get_incident(conn, incident_id))


@router.post(
    "/api/v1/incidents/{incident_id}/reject",
    response_model=IncidentDetailOut,
    summary="Reject a suspected or confirmed incident, with the reason",
)
def reject_incident(incident_id: BigintId, body: RejectIn, conn: Connection) -> IncidentDetailOut:
    service.reject(conn, incident_id, body.reason, datetime.now(UTC))
    return _detail_out(board.get_incident(conn, incident_id))


@router.post(
    "/api/v1/incidents/{incident_id}/dispatch",
    response_model=JobOut,
    status_code=201,
    summary="Dispatch a crew (the nearest available one unless chosen): a job and its crew link",
)
def dispatch_incident(
    incident_id: BigintId, conn: Connection, body: DispatchIn | None = None
) -> JobOut:
    crew_id = body.crew_id if body else None
    return job_out(service.dispatch(conn, incident_id, datetime.now(UTC), crew_id=crew_id))


@router.post(
    "/api/v1/crew-jobs/{job_id}/cancel",
    response_model=JobOut,
    summary="Withdraw an open job: the crew is free, the incident can be dispatched again",
)
def cancel_job(job_id: BigintId, conn: Connection, body: CancelIn | None = None) -> JobOut:
    reason = body.reason if body else ""
    return job_out(service.cancel(conn, job_id, reason, datetime.now(UTC)))


@router.get(
    "/api/v1/crews", response_model=list[CrewStatusOut], summary="Crews: status and position"
)
def list_crews(conn: Connection, status: CrewStatus | None = None) -> list[CrewStatusOut]:
    return [CrewStatusOut(**crew.__dict__) for crew in board.list_crews(conn, status)]
