"""The demo's demand response: one program with a share of customers enrolled, and one event
replayed on the last full day of the demo's load (evening peak, 18:00-20:00) over the most
loaded transformers: requests, metered customer load, simulated responses (some comply, some
do not), measurement and dr_result notices. In the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

import psycopg

from dr import event as events
from dr.measurement import BaselineMethod, adjustment_hours, measure, similar_days
from dr.models import EventMeasurement
from dr.program import (
    ProgramDraft,
    create_program,
    enrol_share,
    generate_customer_load,
    simulate_responses,
)
from dr.result_notice import notify_results
from dr.settings import dr_settings
from dr.target import Target, window_hours
from gis import local_time
from gis.errors import GridOpsError
from gis.sql_file import load_sql
from identity import audit
from identity.actor import Actor

DEMO_PROGRAM = "Summer evening peak (demo)"


@dataclass(frozen=True)
class DemoOutcome:
    """What the demo run made: its program and enrolment, its event's requests and measurement."""

    program_id: int
    enrolled: int
    event_id: int
    participants: int
    requests: int
    measurement: EventMeasurement


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def run_demo(
    conn: psycopg.Connection,
    share: float = 0.2,
    transformers: int = 10,
    seed: int = 7,
    actor: Actor | None = None,
) -> DemoOutcome:
    """Enrol `share` of the customers; replay an evening event on the most loaded transformers;
    with an actor, its audit row (dr_event.publish, the event and the program) in `conn`'s
    transaction."""
    zone = local_time.zone(dr_settings().timezone)
    latest = conn.execute(_sql("demo/select_latest_load_ts.sql")).fetchone()
    if latest is None or latest[0] is None:
        raise GridOpsError("no transformer load yet: load the demo first (gridops demo load)")
    day = (latest[0].astimezone(zone) - timedelta(hours=23)).date()
    starts_at = datetime.combine(day, time(18), zone)
    ends_at = starts_at + timedelta(hours=2)
    found = conn.execute(_sql("demo/select_program_by_name.sql"), {"name": DEMO_PROGRAM}).fetchone()
    if found:
        program_id = int(found[0])
    else:
        program_id = create_program(
            conn, ProgramDraft(DEMO_PROGRAM, Decimal("0.8"), 8, timedelta(hours=2))
        ).id
    enrolled = enrol_share(conn, program_id, share, seed)
    ids = tuple(
        row[0]
        for row in conn.execute(
            _sql("demo/select_most_loaded_transformers.sql"),
            {"at": starts_at + timedelta(hours=1), "limit": transformers},
        )
    )
    planned_at = starts_at - timedelta(hours=6)
    draft = events.EventDraft(
        program_id, "Evening peak relief", starts_at, ends_at, 100.0, Target(transformer_ids=ids)
    )
    created = events.create(conn, draft, planned_at)
    published, requests = events.publish(conn, created.id, planned_at)
    participants = [
        row[0]
        for row in conn.execute(_sql("request/select_participants.sql"), {"event_id": created.id})
    ]
    method = BaselineMethod()
    hours = window_hours(starts_at, ends_at)
    generate_customer_load(
        conn,
        participants,
        datetime.combine(min(similar_days(day, method)), time(0), zone),
        datetime.combine(day + timedelta(days=1), time(0), zone),
        hours=hours + adjustment_hours(hours[0], method),
    )
    simulate_responses(conn, created.id)
    result = measure(conn, created.id, ends_at + timedelta(hours=1), method)
    notify_results(conn, created.id)
    if actor is not None:
        audit.record(
            conn,
            actor,
            "dr_event.publish",
            object_type="dr_event",
            object_id=created.id,
            summary={
                "demo": True,
                "program_id": program_id,
                "enrolled": enrolled,
                "participants": published.responses.participants,
                "requests": requests,
                "starts_at": starts_at,
                "ends_at": ends_at,
            },
        )
    return DemoOutcome(
        program_id, enrolled, created.id, published.responses.participants, requests, result
    )
