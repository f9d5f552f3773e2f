"""Outage inference: group fault reports into incidents and escalate them upstream.

Run in the intake transaction, once the report is located and before it is stored (it is
stored straight into the incident it joins, through ReportPlace.store):
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
Otherwise a report opens a transformer-level incident. Every incident keeps its evidence
(reports, transformers, feeders, the rule that fired, what it absorbed), a confidence, the
customers behind its device, and incident_event rows (opened, report, escalated, absorbed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row

from gis.sql_file import load_sql
from outage.models import IncidentLevel, IncidentStatus
from outage.settings import OutageSettings, outage_settings


@dataclass(frozen=True)
class ReportPlace:
    """What inference needs of a located report, not yet stored: store(incident_id) stores
    it in the incident it joins, once that is known."""

    report_id: int
    transformer_id: int
    feeder_id: int
    substation_id: int
    reported_at: datetime
    store: Callable[[int], None]


@dataclass(frozen=True)
class IncidentDecision:
    incident_id: int
    level: IncidentLevel
    status: IncidentStatus
    customers_affected: int
    confidence: float
    estimated_restoration_at: datetime | None
    opened: bool  # this report opened (or escalated into) the incident
    absorbed: tuple[int, ...] = ()  # incidents this report's escalation absorbed


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def _one(conn: psycopg.Connection, name: str, params: dict[str, Any]) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(_sql(name), params).fetchone()


def infer(
    conn: psycopg.Connection, report: ReportPlace, settings: OutageSettings | None = None
) -> IncidentDecision:
    """Put a located report into an incident (joining, opening or escalating) and store it
    there; the caller owns the transaction, which holds the substation's lock until it
    ends."""
    settings = settings or outage_settings()
    conn.execute(_sql("lock_substation_incidents.sql"), {"substation_id": report.substation_id})
    existing = _open_incident_for(conn, report)
    level = IncidentLevel(existing["level"]) if existing else None
    if level is IncidentLevel.SUBSTATION or level is IncidentLevel.FEEDER:
        assert existing is not None
        return _join(conn, existing["id"], report)
    feeder_rule = _feeder_rule(conn, report, settings)
    if feeder_rule is None:
        if existing is not None:
            return _join(conn, existing["id"], report)
        return _open(conn, report, IncidentLevel.TRANSFORMER, _transformer_rule(report))
    decision = _open(conn, report, IncidentLevel.FEEDER, feeder_rule)
    absorbed = _absorb(conn, decision.incident_id, report, (IncidentLevel.TRANSFORMER,))
    decision = _refresh(conn, decision.incident_id, True, absorbed)
    return _escalate_substation(conn, report, settings) or decision


def _open_incident_for(conn: psycopg.Connection, report: ReportPlace) -> dict[str, Any] | None:
    """The open incident the report joins, if any (planned without bitmap scans: see
    lock_substation_incidents.sql)."""
    return _one(
        conn,
        "select_open_incident_for_report.sql",
        {
            "substation_id": report.substation_id,
            "feeder_id": report.feeder_id,
            "transformer_id": report.transformer_id,
        },
    )


def _transformer_rule(report: ReportPlace) -> str:
    return f"report behind transformer {report.transformer_id}: transformer suspected"


def _feeder_rule(
    conn: psycopg.Connection, report: ReportPlace, settings: OutageSettings
) -> str | None:
    window = timedelta(minutes=settings.incident_window_min)
    counts = _one(
        conn,
        "select_feeder_reporting.sql",
        {
            "feeder_id": report.feeder_id,
            "transformer_id": report.transformer_id,
            "since": report.reported_at - window,
            "until": report.reported_at + window,
        },
    )
    assert counts is not None  # scalar subqueries always answer one row
    reporting, total = int(counts["reporting"]), int(counts["total"])
    minutes = f"{settings.incident_window_min:g} min"
    if reporting >= settings.feeder_min_transformers:
        return (
            f"{reporting} of {total} transformers of feeder {report.feeder_id} reported within "
            f"{minutes} (at least {settings.feeder_min_transformers}): feeder suspected"
        )
    if reporting >= 2 and total and reporting / total >= settings.feeder_min_share:
        return (
            f"{reporting} of {total} transformers of feeder {report.feeder_id} reported within "
            f"{minutes} (share at least {settings.feeder_min_share:.0%}): feeder suspected"
        )
    return None


def _escalate_substation(
    conn: psycopg.Connection, report: ReportPlace, settings: OutageSettings
) -> IncidentDecision | None:
    row = _one(conn, "select_substation_feeders_out.sql", {"substation_id": report.substation_id})
    feeders = list(row["feeder_ids"]) if row else []
    if len(feeders) < settings.substation_min_feeders:
        return None
    rule = (
        f"feeders {', '.join(map(str, feeders))} of substation {report.substation_id} are out "
        f"(at least {settings.substation_min_feeders}): substation suspected"
    )
    decision = _open(conn, report, IncidentLevel.SUBSTATION, rule, attach=False)
    absorbed = _absorb(
        conn, decision.incident_id, report, (IncidentLevel.TRANSFORMER, IncidentLevel.FEEDER)
    )
    return _refresh(conn, decision.incident_id, True, absorbed)


def _open(
    conn: psycopg.Connection,
    report: ReportPlace,
    level: IncidentLevel,
    rule: str,
    attach: bool = True,
) -> IncidentDecision:
    row = _one(
        conn,
        "insert_incident.sql",
        {
            "level": level.value,
            "transformer_id": report.transformer_id if level is IncidentLevel.TRANSFORMER else None,
            "feeder_id": report.feeder_id if level is not IncidentLevel.SUBSTATION else None,
            "substation_id": report.substation_id,
            "rule": rule[:500],
            "at": report.reported_at,
        },
    )
    assert row is not None  # INSERT ... RETURNING
    incident_id = int(row["id"])
    _event(conn, incident_id, "opened", rule, report.reported_at)
    if level is not IncidentLevel.TRANSFORMER:
        _event(conn, incident_id, "escalated", f"escalated to the {level}", report.reported_at)
    if attach:
        return _join(conn, incident_id, report, opened=True)
    return _refresh(conn, incident_id, True)


def _join(
    conn: psycopg.Connection, incident_id: int, report: ReportPlace, opened: bool = False
) -> IncidentDecision:
    report.store(incident_id)
    _event(
        conn,
        incident_id,
        "report",
        f"report {report.report_id} behind transformer {report.transformer_id}",
        report.reported_at,
    )
    if opened:
        return _refresh(conn, incident_id, opened)
    row = _one(
        conn,
        "add_report_to_incident_evidence.sql",
        {
            "incident_id": incident_id,
            "report_id": report.report_id,
            "transformer_id": report.transformer_id,
            "feeder_id": report.feeder_id,
            "reported_at": report.reported_at,
        },
    )
    if row is None:  # evidence not written by a refresh: compute it in full
        return _refresh(conn, incident_id, opened)
    return _decision(incident_id, row, opened)


def _absorb(
    conn: psycopg.Connection,
    into: int,
    report: ReportPlace,
    levels: tuple[IncidentLevel, ...],
) -> tuple[int, ...]:
    row = _one(
        conn,
        "absorb_incidents.sql",
        {
            "into": into,
            "substation_id": report.substation_id,
            "feeder_id": report.feeder_id if levels == (IncidentLevel.TRANSFORMER,) else None,
            "levels": [level.value for level in levels],
            "at": report.reported_at,
        },
    )
    absorbed = tuple(int(i) for i in row["absorbed"]) if row else ()
    if absorbed:
        detail = "absorbed incidents " + ", ".join(map(str, absorbed))
        _event(conn, into, "absorbed", detail[:2000], report.reported_at)
    return absorbed


def _refresh(
    conn: psycopg.Connection, incident_id: int, opened: bool, absorbed: tuple[int, ...] = ()
) -> IncidentDecision:
    row = _one(
        conn,
        "refresh_incident_evidence.sql",
        {"incident_id": incident_id, "absorbed": list(absorbed)},
    )
    assert row is not None  # the incident exists: it was just found or made
    return _decision(incident_id, row, opened, absorbed)


def _decision(
    incident_id: int, row: dict[str, Any], opened: bool, absorbed: tuple[int, ...] = ()
) -> IncidentDecision:
    return IncidentDecision(
        incident_id=incident_id,
        level=IncidentLevel(row["level"]),
        status=IncidentStatus(row["status"]),
        customers_affected=int(row["customers_affected"]),
        confidence=float(row["confidence"]),
        estimated_restoration_at=row["estimated_restoration_at"],
        opened=opened,
        absorbed=absorbed,
    )


def _event(
    conn: psycopg.Connection, incident_id: int, kind: str, detail: str, at: datetime
) -> None:
    conn.execute(
        _sql("insert_incident_event.sql"),
        {"incident_id": incident_id, "kind": kind, "detail": detail[:2000], "at": at},
    )


def incidents_at_point(conn: psycopg.Connection, lon: float, lat: float) -> list[dict[str, Any]]:
    """Open incidents whose device area covers a WGS-84 point (id, level, status, since,
    estimated_restoration_at): what the public lookup calls unplanned outages."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            _sql("select_open_incidents_at_point.sql"), {"lon": lon, "lat": lat}
        ).fetchall()
