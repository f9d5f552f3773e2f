"""The dispatch board: incidents as a dispatcher reads them (device, customers affected, age,
reports, ETR, crew), one incident with its evidence, reports and timeline, and the crews.

Read-only; the changes are in outage/dispatch.py and outage/crew_job.py. Reporters' contacts
never leave here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from gis.sql_file import load_sql
from outage.crew_job import IncidentNotFoundError
from outage.models import CrewStatus, IncidentLevel, IncidentStatus, JobStatus

OPEN_STATUSES = tuple(s for s in IncidentStatus if s.is_open)


@dataclass(frozen=True)
class IncidentSummary:
    """One incident as a line of the dispatch board: device, customers, reports, ETR, crew."""

    id: int
    level: IncidentLevel
    status: IncidentStatus
    device: str
    transformer_code: str | None
    feeder_code: str | None
    substation_code: str
    customers_affected: int
    rule: str  # in English; rule_facts says it in either language (incident_* texts)
    rule_facts: dict[str, Any] | None
    confidence: float
    opened_at: datetime
    last_report_at: datetime
    confirmed_at: datetime | None
    dispatched_at: datetime | None
    restored_at: datetime | None
    estimated_restoration_at: datetime | None
    duration_s: int | None
    customer_minutes: int | None
    report_count: int
    lon: float
    lat: float
    job_id: int | None
    job_status: JobStatus | None
    crew_code: str | None
    absorbed_into: int | None

    def age_s(self, now: datetime) -> int:
        """Seconds since the incident opened, or how long it lasted once restored."""
        end = self.restored_at or now
        return max(0, int((end - self.opened_at).total_seconds()))


@dataclass(frozen=True)
class ReportPoint:
    """A fault report of an incident as the board maps it, without the reporter's contact."""

    id: int
    lon: float
    lat: float
    reported_at: datetime
    channel: str
    status: str
    location_method: str
    description: str
    incident_id: int


@dataclass(frozen=True)
class TimelineEntry:
    """One entry of an incident's timeline: an incident event or a step of its crew's job."""

    source: str  # "incident" or "job"
    kind: str  # incident_event.kind, or the job's status
    detail: str
    facts: dict[str, Any] | None  # the detail's text key and values, when the inference wrote it
    job_id: int | None
    lon: float | None
    lat: float | None
    at: datetime


@dataclass(frozen=True)
class IncidentDetail:
    """One incident with its evidence, its device and area for the map, its reports and timeline."""

    summary: IncidentSummary
    evidence: dict[str, Any]
    device_geometry: dict[str, Any] | None
    area: dict[str, Any] | None
    reports: list[ReportPoint]
    timeline: list[TimelineEntry]


@dataclass(frozen=True)
class Crew:
    """A crew as the dispatcher sees it: its status, its position and the job it is on."""

    id: int
    code: str
    name: str
    size: int
    status: CrewStatus
    lon: float
    lat: float
    position_at: datetime | None  # None: the home base, no position reported yet
    job_id: int | None
    incident_id: int | None


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def _rows(conn: psycopg.Connection, name: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(_sql(name), parameters).fetchall()


def _summary(row: dict[str, Any]) -> IncidentSummary:
    values = {k: row[k] for k in IncidentSummary.__dataclass_fields__}
    values["level"] = IncidentLevel(row["level"])
    values["status"] = IncidentStatus(row["status"])
    values["confidence"] = float(row["confidence"])
    values["report_count"] = int(row["report_count"])
    values["job_status"] = JobStatus(row["job_status"]) if row["job_status"] else None
    return IncidentSummary(**values)


def list_incidents(
    conn: psycopg.Connection,
    statuses: Sequence[IncidentStatus] = OPEN_STATUSES,
    level: IncidentLevel | None = None,
    limit: int = 200,
) -> list[IncidentSummary]:
    """Incidents of the given statuses (open ones by default), latest report first."""
    rows = _rows(
        conn,
        "incident_board/select_incident_board.sql",
        {
            "id": None,
            "statuses": [s.value for s in statuses] or None,
            "level": level.value if level else None,
            "limit": limit,
        },
    )
    return [_summary(row) for row in rows]


def get_incident(conn: psycopg.Connection, incident_id: int) -> IncidentDetail:
    """One incident: evidence, map shapes, reports and timeline; IncidentNotFoundError if none."""
    rows = _rows(
        conn,
        "incident_board/select_incident_board.sql",
        {"id": incident_id, "statuses": None, "level": None, "limit": 1},
    )
    if not rows:
        raise IncidentNotFoundError(f"no incident {incident_id}")
    shapes = _rows(conn, "incident_board/select_incident_map.sql", {"id": incident_id})[0]
    reports = _rows(conn, "incident_board/select_incident_report_points.sql", {"id": incident_id})
    events = _rows(conn, "incident_board/select_incident_timeline.sql", {"id": incident_id})
    return IncidentDetail(
        summary=_summary(rows[0]),
        evidence=rows[0]["evidence"] or {},
        device_geometry=shapes["device"],
        area=shapes["area"],
        reports=[ReportPoint(**row) for row in reports],
        timeline=[
            TimelineEntry(
                source=e["source"],
                kind=e["kind"],
                detail=e["detail"],
                facts=e["facts"],
                job_id=e["job_id"],
                lon=e["lon"],
                lat=e["lat"],
                at=e["at"],
            )
            for e in events
        ],
    )


def list_crews(conn: psycopg.Connection, status: CrewStatus | None = None) -> list[Crew]:
    """Every crew, or those of one status, by code: where it is and the open job it has."""
    rows = _rows(
        conn, "incident_board/select_crews.sql", {"status": status.value if status else None}
    )
    return [Crew(**{**row, "status": CrewStatus(row["status"])}) for row in rows]
