"""Crew jobs for field crews, by the unguessable token of their link: read the job, report the
next step (accepted, en route, on site, restored) with a note and the crew's position."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.problem import ProblemError
from outage import crew_job as service
from outage.models import IncidentLevel, IncidentStatus, JobStatus

router = audience_router(Audience.CREW)
MAX_TOKEN = 64


class JobEventOut(BaseModel):
    status: JobStatus
    note: str
    lon: float | None
    lat: float | None
    at: datetime


class CrewOut(BaseModel):
    id: int
    code: str
    name: str


class PositionOut(BaseModel):
    lon: float
    lat: float


class JobOut(BaseModel):
    id: int
    incident_id: int
    crew: CrewOut
    status: JobStatus
    next_status: JobStatus | None = Field(description="the one status the crew may report next")
    crew_link: str = Field(description="the crew's page (path); its token is the crew's key")
    map_path: str = Field(description="the console map centred on the incident's device")
    level: IncidentLevel
    incident_status: IncidentStatus
    device: str
    customers_affected: int
    lon: float
    lat: float
    area: dict[str, Any] | None = Field(description="GeoJSON geometry of the area out of power")
    crew_position: PositionOut | None
    estimated_restoration_at: datetime | None
    opened_at: datetime
    restored_at: datetime | None
    created_at: datetime
    updated_at: datetime
    timeline: list[JobEventOut]
    notices: dict[str, int] = Field(default_factory=dict, description="notices this change wrote")


class StatusIn(BaseModel):
    status: Literal["accepted", "en_route", "on_site", "restored"]
    note: str = Field(default="", max_length=service.MAX_NOTE)
    lon: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)


def job_out(job: service.CrewJob) -> JobOut:
    position = (
        PositionOut(lon=job.crew_lon, lat=job.crew_lat)
        if job.crew_lon is not None and job.crew_lat is not None
        else None
    )
    return JobOut(
        id=job.id,
        incident_id=job.incident_id,
        crew=CrewOut(id=job.crew_id, code=job.crew_code, name=job.crew_name),
        status=job.status,
        next_status=job.next_status,
        crew_link=job.crew_path,
        map_path=job.map_path,
        level=job.level,
        incident_status=job.incident_status,
        device=job.device,
        customers_affected=job.customers_affected,
        lon=job.lon,
        lat=job.lat,
        area=job.area,
        crew_position=position,
        estimated_restoration_at=job.estimated_restoration_at,
        opened_at=job.opened_at,
        restored_at=job.restored_at,
        created_at=job.created_at,
        updated_at=job.updated_at,
        timeline=[JobEventOut(**event.__dict__) for event in job.timeline],
        notices=job.notices.by_kind,
    )


def _known(token: str) -> str:
    if not 1 <= len(token) <= MAX_TOKEN:
        raise ProblemError(404, "Not found", "no job for this crew link", kind="not-found")
    return token


@router.get("/api/v1/crew/jobs/{token}", response_model=JobOut, summary="The job of a crew link")
def get_job(token: str, conn: Connection) -> JobOut:
    return job_out(service.get_job(conn, token=_known(token)))


@router.post(
    "/api/v1/crew/jobs/{token}/status",
    response_model=JobOut,
    summary="Report the job's next status; every reporter of the incident hears of it",
)
def report_status(token: str, body: StatusIn, conn: Connection) -> JobOut:
    step = service.StatusUpdate(JobStatus(body.status), body.note, body.lon, body.lat)
    return job_out(service.report_status(conn, _known(token), step, datetime.now(UTC)))
