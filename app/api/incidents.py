"""Incidents for dispatchers: the board, one incident with its evidence, reports and timeline;
confirm, reject, dispatch a crew; the crews and withdrawing a crew's job."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from app.api.answers import answer_model, list_of, read
from app.api.audience import Audience, audience_router
from app.api.crew_jobs import JobOut, job_out
from app.api.dependencies import Connection
from app.api.inputs import BigintId, IntegerId, Limit
from outage import crew_job, dispatch
from outage import incident_board as board
from outage.models import CrewStatus, IncidentLevel, IncidentStatus, JobStatus

router = audience_router(Audience.CONSOLE)


class JobBrief(BaseModel):
    """The incident's crew job, in brief (composed from the board's job columns)."""

    id: int = Field(description="the crew job")
    status: JobStatus = Field(description="the job's latest status")
    crew_code: str = Field(description="the crew's code")


IncidentOut = answer_model(
    "IncidentOut",
    board.IncidentSummary,
    {
        "id": "the incident",
        "level": "transformer, feeder or substation: the device inferred to be out",
        "status": "where it stands: suspected, confirmed, dispatched, restored or rejected",
        "device": "the code of the device out",
        "transformer_code": "the transformer out, for a transformer incident",
        "feeder_code": "the feeder of the device out; none for a substation incident",
        "substation_code": "the substation the device is fed from",
        "customers_affected": "customers supplied through the device",
        "age_s": "seconds since it opened (its duration once restored)",
        "report_count": "fault reports grouped into it",
        "rule": "the inference rule that opened or escalated it, in English, naming device codes",
        "rule_facts": "the rule's kind and facts (codes, counts), for saying it in any language",
        "confidence": "how sure the inference is, 0 to 1",
        "opened_at": "when its first report arrived",
        "last_report_at": "when its latest report arrived",
        "confirmed_at": "when a dispatcher confirmed it",
        "dispatched_at": "when a crew was dispatched",
        "restored_at": "when the crew reported power restored",
        "estimated_restoration_at": "when power is expected back (ETR)",
        "duration_s": "seconds from opening to restoration, once restored",
        "customer_minutes": "customers affected x minutes out, once restored",
        "lon": "longitude of the device, WGS-84",
        "lat": "latitude of the device, WGS-84",
        "absorbed_into": "the incident upstream that absorbed this one",
        "job": "the crew job, once dispatched",
    },
    module=__name__,
    exclude=("job_id", "job_status", "crew_code"),
    add={"age_s": int, "job": JobBrief | None},
)

ReportOut = answer_model(
    "ReportOut",
    board.ReportPoint,
    {
        "id": "the fault report",
        "lon": "longitude where it was reported, WGS-84",
        "lat": "latitude where it was reported, WGS-84",
        "reported_at": "when the customer reported it",
        "channel": "wechat, app, web or phone",
        "status": "the report's status",
        "location_method": "how it was located: within a supply area, nearest transformer or "
        "the customer's account",
        "description": "what the customer wrote",
        "incident_id": "the incident it belongs to",
    },
    module=__name__,
)

TimelineOut = answer_model(
    "TimelineOut",
    board.TimelineEntry,
    {
        "source": "incident or job",
        "kind": "what happened: the incident's event, or the job's status",
        "detail": "the event's note or reason (in English for the inference's own events)",
        "facts": "the detail's text key and values when the inference wrote it, for saying it "
        "in any language",
        "job_id": "the job, for a job's step",
        "lon": "longitude of the crew when it reported the step, WGS-84",
        "lat": "latitude of the crew when it reported the step, WGS-84",
        "at": "when it happened",
    },
    module=__name__,
)

IncidentDetailOut = answer_model(
    "IncidentDetailOut",
    board.IncidentDetail,
    {
        "evidence": "what the inference saw: transformers and feeders reporting, counts, window",
        "device_geometry": "GeoJSON geometry of the device out",
        "area": "GeoJSON geometry of the area out of power (the device's supply areas)",
        "reports": "the fault reports grouped into it",
        "timeline": "the incident's events and its jobs' steps, in order",
    },
    module=__name__,
    exclude=("summary",),
    base=IncidentOut,
)


class RejectIn(BaseModel):
    """Why a dispatcher rejects an incident."""

    reason: str = Field(min_length=1, max_length=dispatch.MAX_REASON)


class DispatchIn(BaseModel):
    """The crew to dispatch; none for the nearest available one."""

    crew_id: IntegerId | None = Field(default=None, description="none: the nearest available crew")


class CancelIn(BaseModel):
    """Why a dispatcher withdraws a crew's job (may be empty)."""

    reason: str = Field(default="", max_length=crew_job.MAX_NOTE)


CrewStatusOut = answer_model(
    "CrewStatusOut",
    board.Crew,
    {
        "id": "the crew",
        "code": "its code",
        "name": "its name",
        "size": "people in the crew",
        "status": "available, busy (on a job) or off_duty",
        "lon": "longitude of its last position (its home base before any), WGS-84",
        "lat": "latitude of its last position (its home base before any), WGS-84",
        "position_at": "when it reported that position; none: its home base",
        "job_id": "its open job",
        "incident_id": "the incident of its open job",
    },
    module=__name__,
)


def _incident_out(summary: board.IncidentSummary, now: datetime) -> BaseModel:
    return read(IncidentOut, summary, age_s=summary.age_s(now), job=_job(summary))


def _job(summary: board.IncidentSummary) -> JobBrief | None:
    if summary.job_id is None or summary.job_status is None:
        return None
    return JobBrief(id=summary.job_id, status=summary.job_status, crew_code=summary.crew_code or "")


def _detail_out(detail: board.IncidentDetail) -> BaseModel:
    summary = detail.summary
    values = {name: getattr(summary, name) for name in IncidentOut.model_fields if name != "job"}
    values.update(age_s=summary.age_s(datetime.now(UTC)), job=_job(summary))
    return read(IncidentDetailOut, detail, **values)


@router.get(
    "/api/v1/incidents",
    response_model=list_of(IncidentOut),
    summary="Incidents, latest report first (open ones unless statuses are given)",
)
def list_incidents(
    conn: Connection,
    status: Annotated[list[IncidentStatus] | None, Query()] = None,
    level: IncidentLevel | None = None,
    limit: Limit = 200,
) -> list[BaseModel]:
    """The incident board: open incidents unless statuses are given, filtered by level."""
    statuses = status or list(board.OPEN_STATUSES)
    now = datetime.now(UTC)
    return [_incident_out(i, now) for i in board.list_incidents(conn, statuses, level, limit)]


@router.get(
    "/api/v1/incidents/{incident_id}",
    response_model=IncidentDetailOut,
    summary="One incident: evidence, reports, the area and the timeline",
)
def get_incident(incident_id: BigintId, conn: Connection) -> BaseModel:
    """One incident with what the inference saw, its fault reports, its area and timeline."""
    return _detail_out(board.get_incident(conn, incident_id))


@router.post(
    "/api/v1/incidents/{incident_id}/confirm",
    response_model=IncidentDetailOut,
    summary="Confirm a suspected incident",
)
def confirm_incident(incident_id: BigintId, conn: Connection) -> BaseModel:
    """A dispatcher confirms a suspected incident; the answer is the incident as it now stands."""
    dispatch.confirm(conn, incident_id, datetime.now(UTC))
    return _detail_out(board.get_incident(conn, incident_id))


@router.post(
    "/api/v1/incidents/{incident_id}/reject",
    response_model=IncidentDetailOut,
    summary="Reject a suspected or confirmed incident, with the reason",
)
def reject_incident(incident_id: BigintId, body: RejectIn, conn: Connection) -> BaseModel:
    """Close an incident as rejected, with the dispatcher's reason; answers it as it now stands."""
    dispatch.reject(conn, incident_id, body.reason, datetime.now(UTC))
    return _detail_out(board.get_incident(conn, incident_id))


@router.post(
    "/api/v1/incidents/{incident_id}/dispatch",
    response_model=JobOut,
    status_code=201,
    summary="Dispatch a crew (the nearest available one unless chosen): a job and its crew link",
)
def dispatch_incident(
    incident_id: BigintId, conn: Connection, body: DispatchIn | None = None
) -> BaseModel:
    """Send a crew to an incident: a new job with its crew link, the crew then busy."""
    crew_id = body.crew_id if body else None
    return job_out(dispatch.dispatch(conn, incident_id, datetime.now(UTC), crew_id=crew_id))


@router.post(
    "/api/v1/crew-jobs/{job_id}/cancel",
    response_model=JobOut,
    summary="Withdraw an open job: the crew is free, the incident can be dispatched again",
)
def cancel_job(job_id: BigintId, conn: Connection, body: CancelIn | None = None) -> BaseModel:
    """Withdraw an open crew job, with an optional reason; its crew is available again."""
    reason = body.reason if body else ""
    return job_out(crew_job.cancel(conn, job_id, reason, datetime.now(UTC)))


@router.get(
    "/api/v1/crews", response_model=list_of(CrewStatusOut), summary="Crews: status and position"
)
def list_crews(conn: Connection, status: CrewStatus | None = None) -> list[board.Crew]:
    """Every crew with its status, its last position and its open job; filter by status."""
    return board.list_crews(conn, status)
