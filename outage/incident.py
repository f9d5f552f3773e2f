"""Outage inference: group fault reports into incidents and escalate them upstream.

One call of the PL/pgSQL function outage_infer (outage/sql/functions/outage_infer.sql, with the
functions it calls beside it, re-applied by `gridops db upgrade`) in the intake transaction,
once the report is located, stores the report and infers its incident: one statement for what
took about twelve from Python (issue 4). Inside an announced planned outage whose window
covers it, the report is stored in that outage and no incident is inferred. Else:
1. Lock the report's substation (pg_advisory_xact_lock): reports of one feeder or substation
   are inferred one after the other, so two arriving at once never open two incidents.
2. The report joins the open incident covering its device — its substation's, else its
   feeder's, else its transformer's. Restored, rejected and absorbed incidents are never joined.
3. Feeder rule: when reports within the window (GRIDOPS_INCIDENT_WINDOW_MIN around this one)
   come from at least GRIDOPS_FEEDER_MIN_TRANSFORMERS transformers of the feeder, or from at
   least GRIDOPS_FEEDER_MIN_SHARE of them (and at least two), one feeder-level incident opens
   and absorbs the feeder's transformer incidents (absorbed_into; their reports move to it).
4. Substation rule: when GRIDOPS_SUBSTATION_MIN_FEEDERS feeders of one substation have open
   feeder incidents, a substation-level incident absorbs the incidents below it.
Incidents already dispatched are never absorbed: their crew keeps its job and its reports.
Otherwise a report opens a transformer-level incident. Every incident has its evidence
(reports, transformers, feeders, the rule that fired, what it absorbed: outage_incident_evidence
reads the lists from the reports' rows), a confidence from the counts of its reports and
transformers (kept as it grows, so a report costs the same in an incident of 20,000), the
customers behind its device, and incident_event rows (opened, report, escalated, absorbed).
The thresholds come from outage/settings.py with each call; the rules' texts name devices by
their codes, in English (rule, detail) with facts the console says in either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row

from gis.sql_file import load_sql
from outage.models import IncidentLevel, IncidentStatus
from outage.settings import OutageSettings, outage_settings


@dataclass(frozen=True)
class IncidentDecision:
    """The incident a report landed in, and whether the report opened it or what it absorbed."""

    incident_id: int
    level: IncidentLevel
    status: IncidentStatus
    customers_affected: int
    confidence: float
    estimated_restoration_at: datetime | None
    opened: bool  # this report opened (or escalated into) the incident
    absorbed: tuple[int, ...] = ()  # incidents this report's escalation absorbed


@dataclass(frozen=True)
class StoredReport:
    """Where infer stored a report: in the announced planned outage it falls in (id, title,
    reason, starts_at, ends_at, status), or in the incident of the decision."""

    report_id: int
    planned_outage: dict[str, Any] | None
    decision: IncidentDecision | None


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def infer(
    conn: psycopg.Connection, report: Mapping[str, Any], settings: OutageSettings | None = None
) -> StoredReport:
    """Store a located report in its planned outage, or in the incident it joins, opens or
    escalates into. `report` holds the values of its fault_report row (outage.fault_report
    builds them; no id, incident or planned outage) and located_lon, located_lat: the point
    that decides planned outages. The caller owns the transaction, which holds the
    substation's lock until it ends."""
    settings = settings or outage_settings()
    parameters = {
        **report,
        "incident_window": timedelta(minutes=settings.incident_window_min),
        "feeder_min_transformers": settings.feeder_min_transformers,
        "feeder_min_share": settings.feeder_min_share,
        "substation_min_feeders": settings.substation_min_feeders,
        "window_label": f"{settings.incident_window_min:g} min",
        "share_label": f"{settings.feeder_min_share:.0%}",
    }
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(_sql("incident/infer_fault_report.sql"), parameters).fetchone()
    assert row is not None  # a function returning a composite answers one row
    report_id = int(row["report_id"])
    if row["incident_id"] is None:
        planned = {
            "id": row["planned_outage_id"],
            "title": row["planned_title"],
            "reason": row["planned_reason"],
            "starts_at": row["planned_starts_at"],
            "ends_at": row["planned_ends_at"],
            "status": row["planned_status"],
        }
        return StoredReport(report_id, planned, None)
    decision = IncidentDecision(
        incident_id=int(row["incident_id"]),
        level=IncidentLevel(row["level"]),
        status=IncidentStatus(row["status"]),
        customers_affected=int(row["customers_affected"]),
        confidence=float(row["confidence"]),
        estimated_restoration_at=row["estimated_restoration_at"],
        opened=bool(row["opened"]),
        absorbed=tuple(int(i) for i in row["absorbed_incident_ids"]),
    )
    return StoredReport(report_id, None, decision)


def incidents_at_point(conn: psycopg.Connection, lon: float, lat: float) -> list[dict[str, Any]]:
    """Open incidents whose device area covers a WGS-84 point (id, level, status, since,
    estimated_restoration_at): what the public lookup calls unplanned outages."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            _sql("incident/select_open_incidents_at_point.sql"), {"lon": lon, "lat": lat}
        ).fetchall()
