"""What a reporter may see of its own fault report, by the unguessable token of its status
link: its status, its incident's level, status and restoration estimate, and the repair
progress — nothing of other customers, of crews or of the reporter's contact."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from gis.errors import NotFoundError
from gis.sql_file import load_sql
from notify.link_token import LinkPurpose, is_signed, legacy_hash, verify
from notify.settings import notify_settings
from outage.models import FaultReportStatus, IncidentStatus


class FaultReportNotFoundError(NotFoundError):
    """No fault report behind that status token (answered 404)."""


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


_REPORT_STATUS_OF_INCIDENT = {
    IncidentStatus.SUSPECTED: FaultReportStatus.IN_INCIDENT,
    IncidentStatus.CONFIRMED: FaultReportStatus.IN_INCIDENT,
    IncidentStatus.DISPATCHED: FaultReportStatus.DISPATCHED,
    IncidentStatus.RESTORED: FaultReportStatus.RESTORED,
    IncidentStatus.REJECTED: FaultReportStatus.REJECTED,
}


def _link_key(token: str) -> dict[str, Any]:
    """The parameters that find a status link's report: its id from a signed token
    (notify/link_token.py), or the sha256 of a random one from before migration 051."""
    if is_signed(token):
        ids = verify(notify_settings().link_key(), LinkPurpose.FAULT_REPORT, token, 1)
        return {"id": ids[0] if ids else 0, "token_hash": None}
    return {"id": None, "token_hash": legacy_hash(token)}


def report_status(conn: psycopg.Connection, token: str) -> dict[str, Any]:
    """The reporter's own view of a report by its status token: its status, its incident's
    level, status and restoration estimate, and the job status timeline — nothing of other
    customers, of crews or of the reporter's contact."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("report_status/select_fault_report_status.sql"), _link_key(token)
        ).fetchone()
        if row is None:
            raise FaultReportNotFoundError("no fault report behind this link")
        timeline = []
        if row["incident_id"] is not None:
            timeline = cur.execute(
                _sql("report_status/select_incident_job_timeline.sql"),
                {"incident_id": row["incident_id"]},
            ).fetchall()
    status = FaultReportStatus(row["status"])
    if row["incident_status"] is not None:
        status = _REPORT_STATUS_OF_INCIDENT[IncidentStatus(row["incident_status"])]
    planned = None
    if row["planned_outage_id"] is not None:
        planned = {
            key.removeprefix("planned_outage_"): value
            for key, value in row.items()
            if key.startswith("planned_outage_")
        }
    incident_view = None
    if row["incident_id"] is not None:
        incident_view = {
            "id": row["incident_id"],
            "level": row["incident_level"],
            "status": row["incident_status"],
            "since": row["incident_opened_at"],
            "estimated_restoration_at": row["estimated_restoration_at"],
            "restored_at": row["restored_at"],
        }
    return {
        "id": row["id"],
        "status": status.value,
        "channel": row["channel"],
        "reported_at": row["reported_at"],
        "received_at": row["received_at"],
        "planned_outage": planned,
        "incident": incident_view,
        "progress": [{"status": t["status"], "at": t["at"]} for t in timeline],
    }
