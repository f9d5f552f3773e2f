"""DR programs and enrolment, and the demo's metered customer load and simulated responses.

The caller owns the transaction: nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import psycopg

from dr.models import DrProgram
from dr.settings import dr_settings
from gis.errors import NotFoundError
from gis.sql_file import load_sql


class ProgramNotFoundError(NotFoundError):
    """No DR program with that id (answered 404; a draft naming one is a DrRejectedError)."""

    field = "program_id"


@dataclass(frozen=True)
class ProgramDraft:
    """A new DR program: name, incentive per kWh and the limits on its events."""

    name: str
    incentive_per_kwh: Decimal
    max_events_per_month: int = 8
    notice_lead: timedelta = timedelta(hours=2)
    max_duration: timedelta = timedelta(hours=4)


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def create_program(conn: psycopg.Connection, draft: ProgramDraft) -> DrProgram:
    """Store a new DR program and return it as stored."""
    row = conn.execute(
        _sql("program/insert_program.sql"),
        {
            "name": draft.name,
            "incentive_per_kwh": draft.incentive_per_kwh,
            "max_events_per_month": draft.max_events_per_month,
            "notice_lead": draft.notice_lead,
            "max_duration": draft.max_duration,
        },
    ).fetchone()
    assert row is not None  # INSERT ... RETURNING answers one row
    return get_program(conn, int(row[0]))


def get_program(conn: psycopg.Connection, program_id: int) -> DrProgram:
    """One DR program by id; ProgramNotFoundError when there is none."""
    row = conn.execute(_sql("program/select_program.sql"), {"id": program_id}).fetchone()
    if row is None:
        raise ProgramNotFoundError(f"no DR program {program_id}")
    return DrProgram(*row)


def list_programs(conn: psycopg.Connection) -> list[DrProgram]:
    """The active programs, by name."""
    return [DrProgram(*row) for row in conn.execute(_sql("program/select_programs.sql"))]


def enrol(
    conn: psycopg.Connection, program_id: int, customer_id: int, pledged_kw: float | None = None
) -> None:
    """Enrol a customer, with the kW it pledges to shed (None: no pledge)."""
    conn.execute(
        _sql("program/upsert_enrolment.sql"),
        {"program_id": program_id, "customer_id": customer_id, "pledged_kw": pledged_kw},
    )


def enrol_share(conn: psycopg.Connection, program_id: int, share: float, seed: int = 7) -> int:
    """Enrol a deterministic share (0..1) of all customers; returns how many were enrolled."""
    if not 0 < share <= 1:
        raise ValueError("share must lie in (0, 1]")
    return conn.execute(
        _sql("program/enrol_customer_share.sql"),
        {"program_id": program_id, "seed": seed, "share_basis_points": round(share * 10_000)},
    ).rowcount


def generate_customer_load(
    conn: psycopg.Connection,
    customer_ids: Sequence[int],
    from_ts: datetime,
    to_ts: datetime,
    hours: Sequence[int] | None = None,
    seed: float = 0.7,
) -> int:
    """Demo meter readings: hourly kW for the customers over [from_ts, to_ts), shaped like
    their transformer's load and scaled to their contracted kW, with noise; only the local
    hours in `hours` when given. Existing readings are kept. Returns rows written."""
    conn.execute("SELECT setseed(%s)", (seed,))
    return conn.execute(
        _sql("program/insert_customer_load.sql"),
        {
            "customer_ids": list(customer_ids),
            "from_ts": from_ts,
            "to_ts": to_ts,
            "hours": list(hours) if hours is not None else None,
            "tz": dr_settings().timezone,
        },
    ).rowcount


def simulate_responses(conn: psycopg.Connection, event_id: int, seed: float = 0.3) -> None:
    """The demo's participants answer and (some of them) cut their load in the window; the
    cut also comes off their transformers' metered load."""
    conn.execute("SELECT setseed(%s)", (seed,))
    conn.execute(_sql("program/simulate_responses.sql"), {"event_id": event_id})
