"""Crew jobs for field crews, by the unguessable token of their link: read the job, report the
next step (accepted, en route, on site, restored) with a note and the crew's position."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.api.answers import answer_model, read
from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.problem import ProblemError
from outage import crew_job as service
from outage.models import JobEvent, JobStatus

router = audience_router(Audience.CREW)
MAX_TOKEN = 64


JobEventOut = answer_model(
    "JobEventOut",
    JobEvent,
    {
        "status": "the status the crew reported",
        "note": "the crew's note",
        "lon": "longitude of the crew when it reported, WGS-84",
        "lat": "latitude of the crew when it reported, WGS-84",
        "at": "when it was reported",
    },
    module=__name__,
)


class CrewOut(BaseModel):
    """The job's crew (composed from the job's crew columns)."""

    id: int = Field(description="the crew")
    code: str = Field(description="its code")
    name: str = Field(description="its name")


class PositionOut(BaseModel):
    """The crew's last reported position."""

    lon: float = Field(description="longitude, WGS-84")
    lat: float = Field(description="latitude, WGS-84")


JobOut = answer_model(
    "JobOut",
    service.CrewJob,
    {
        "id": "the crew job",
        "incident_id": "the incident it repairs",
        "crew": "the crew on the job",
        "status": "assigned, accepted, en_route, on_site, restored or cancelled",
        "next_status": "the one status the crew may report next",
        "crew_link": "the crew's page (path); its token is the crew's key",
        "map_path": "the console map centred on the incident's device",
        "level": "transformer, feeder or substation: the device out",
        "incident_status": "where the incident stands",
        "device": "the code of the device out",
        "customers_affected": "customers supplied through the device",
        "lon": "longitude of the device, WGS-84",
        "lat": "latitude of the device, WGS-84",
        "area": "GeoJSON geometry of the area out of power",
        "crew_position": "the crew's last reported position",
        "estimated_restoration_at": "when power is expected back (ETR)",
        "opened_at": "when the incident opened",
        "restored_at": "when the crew reported power restored",
        "created_at": "when the job was created (the dispatch)",
        "updated_at": "when the job last changed",
        "timeline": "the job's steps, in order",
        "notices": "notices this change wrote",
    },
    module=__name__,
    exclude=("crew_id", "crew_code", "crew_name", "crew_token", "crew_lon", "crew_lat"),
    add={
        "crew": CrewOut,
        "crew_link": str,
        "crew_position": PositionOut | None,
        "notices": (dict[str, int], Field(default_factory=dict)),
    },
)


class StatusIn(BaseModel):
    """A crew's report of its job's next step, with an optional note and the crew's position."""

    status: Literal["accepted", "en_route", "on_site", "restored"]
    note: str = Field(default="", max_length=service.MAX_NOTE)
    lon: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)


def job_out(job: service.CrewJob) -> BaseModel:
    """The job as its crew sees it: the crew, its link and last position, the notices written."""
    position = (
        PositionOut(lon=job.crew_lon, lat=job.crew_lat)
        if job.crew_lon is not None and job.crew_lat is not None
        else None
    )
    return read(
        JobOut,
        job,
        crew=CrewOut(id=job.crew_id, code=job.crew_code, name=job.crew_name),
        crew_link=job.crew_path,
        crew_position=position,
        notices=job.notices.by_kind,
    )


def _known(token: str) -> str:
    if not 1 <= len(token) <= MAX_TOKEN:
        raise ProblemError(404, "Not found", "no job for this crew link", kind="not-found")
    return token


@router.get("/api/v1/crew/jobs/{token}", response_model=JobOut, summary="The job of a crew link")
def get_job(token: str, conn: Connection) -> BaseModel:
    """The crew's job, the incident it repairs and its steps so far; 404 for an unknown link."""
    return job_out(service.get_job(conn, token=_known(token)))


@router.post(
    "/api/v1/crew/jobs/{token}/status",
    response_model=JobOut,
    summary="Report the job's next status; every reporter of the incident hears of it",
    # the id FastAPI derived from this function's name before it became record_step
    operation_id="report_status_api_v1_crew_jobs__token__status_post",
)
def record_step(token: str, body: StatusIn, conn: Connection) -> BaseModel:
    """Move the job one step on (accepted, en route, on site, restored); any other step is a 409."""
    step = service.StatusUpdate(JobStatus(body.status), body.note, body.lon, body.lat)
    return job_out(service.record_step(conn, _known(token), step, datetime.now(UTC)))
