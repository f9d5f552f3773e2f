"""Incidents and fault reports written straight into the database for tests of what follows
inference (crew jobs, the dispatch board): inference itself is tested on its own."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg

from gis.vocabulary import Language
from notify.contact import add_reporter_contact


@dataclass(frozen=True)
class MadeIncident:
    id: int
    transformer_id: int
    report_ids: list[int]
    customers_affected: int
    opened_at: datetime


def open_incident(
    conn: psycopg.Connection,
    transformer_id: int | None = None,
    reports: int = 3,
    opened_ago: timedelta = timedelta(minutes=90),
    contacts: bool = True,
) -> MadeIncident:
    """A suspected transformer-level incident with `reports` reports from customers behind the
    transformer (the one with the most customers by default), each with an e-mail contact."""
    if transformer_id is None:
        transformer_id = conn.execute(
            "SELECT transformer_id FROM customer GROUP BY transformer_id "
            "ORDER BY count(*) DESC, transformer_id LIMIT 1"
        ).fetchone()[0]
    feeder_id, substation_id, area_id, customers, code = conn.execute(
        "SELECT t.feeder_id, f.substation_id, sa.id, "
        "(SELECT count(*) FROM customer c WHERE c.transformer_id = t.id), t.code "
        "FROM transformer t JOIN feeder f ON f.id = t.feeder_id "
        "LEFT JOIN supply_area sa ON sa.transformer_id = t.id WHERE t.id = %s",
        (transformer_id,),
    ).fetchone()
    opened_at = datetime.now(UTC) - opened_ago
    incident_id = conn.execute(
        "INSERT INTO incident (level, transformer_id, feeder_id, substation_id, rule, "
        "rule_facts, confidence, evidence, customers_affected, opened_at, last_report_at) "
        "VALUES ('transformer', %s, %s, %s, %s, %s::jsonb, 0.9, "
        "%s::jsonb, %s, %s, %s) RETURNING id",
        (
            transformer_id,
            feeder_id,
            substation_id,
            f"report behind transformer {code}: transformer suspected",  # as outage_infer says
            json.dumps({"key": "rule_transformer", "transformer": code}),
            '{"rule": "test"}',
            customers,
            opened_at,
            opened_at,
        ),
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO incident_event (incident_id, kind, detail, at) VALUES (%s, 'opened', '', %s)",
        (incident_id, opened_at),
    )
    points = conn.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM customer WHERE transformer_id = %s "
        "ORDER BY id LIMIT %s",
        (transformer_id, reports),
    ).fetchall()
    report_ids = []
    for n, (lon, lat) in enumerate(points):
        report_id = conn.execute(
            "INSERT INTO fault_report (public_token, channel, input_crs, input_lon, input_lat, "
            "geom, reported_at, transformer_id, supply_area_id, feeder_id, substation_id, "
            "location_method, incident_id, status) VALUES (%s, 'web', 'WGS84', %s, %s, "
            "ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s, %s, %s, %s, %s, 'within', %s, "
            "'in_incident') RETURNING id",
            (
                secrets.token_urlsafe(16),
                lon,
                lat,
                lon,
                lat,
                opened_at + timedelta(minutes=n),
                transformer_id,
                area_id,
                feeder_id,
                substation_id,
                incident_id,
            ),
        ).fetchone()[0]
        if contacts:
            add_reporter_contact(conn, report_id, f"reporter{report_id}@example.com", Language.EN)
        report_ids.append(report_id)
    return MadeIncident(incident_id, transformer_id, report_ids, customers, opened_at)


def forget_incidents(conn: psycopg.Connection, incident_ids: list[int]) -> None:
    """Delete incidents with their reports, jobs and notices, and free their crews."""
    if not incident_ids:
        return
    conn.execute(
        "UPDATE crew SET status = 'available' WHERE id IN "
        "(SELECT crew_id FROM crew_job WHERE incident_id = ANY(%s))",
        (incident_ids,),
    )
    for incident_id in incident_ids:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE %s", (f"incident:{incident_id}:%",))
    conn.execute("DELETE FROM crew_job WHERE incident_id = ANY(%s)", (incident_ids,))
    conn.execute("DELETE FROM fault_report WHERE incident_id = ANY(%s)", (incident_ids,))
    conn.execute("DELETE FROM incident WHERE id = ANY(%s)", (incident_ids,))


@contextmanager
def reports_forgotten(db_url: str) -> Iterator[None]:
    """For tests whose reports the API or the page commits: the reports, incidents, crew jobs
    and reporters' notices stored while the block runs are deleted when it ends."""
    with psycopg.connect(db_url) as conn:
        report0, incident0 = conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM fault_report), "
            "(SELECT coalesce(max(id), 0) FROM incident)"
        ).fetchone()
    try:
        yield
    finally:
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(
                "DELETE FROM notice WHERE recipient_type = 'reporter' AND recipient_id > %s",
                (report0,),
            )
            conn.execute("DELETE FROM fault_report WHERE id > %s", (report0,))
            conn.execute("DELETE FROM crew_job WHERE incident_id > %s", (incident0,))
            conn.execute("UPDATE incident SET absorbed_into = NULL WHERE id > %s", (incident0,))
            conn.execute("DELETE FROM incident WHERE id > %s", (incident0,))
