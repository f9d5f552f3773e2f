"""The public lookup "is there an outage here?", as GET /api/v1/outages and the /public/outages
page both answer it: announced planned outages now or in the next 7 days, and — by location —
the open incidents whose device area covers the place (faults being repaired there now)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg

from outage.incident import incidents_at_point
from outage.planned_outage import lookup_at_point, lookup_for_account

MAX_ACCOUNT_NO = 40


@dataclass(frozen=True)
class OutagesHere:
    planned: list[dict[str, Any]]
    unplanned: list[dict[str, Any]] = field(default_factory=list)


def at_point(conn: psycopg.Connection, lon: float, lat: float, now: datetime) -> OutagesHere:
    """At a WGS-84 point: planned outages and open incidents."""
    return OutagesHere(lookup_at_point(conn, lon, lat, now), incidents_at_point(conn, lon, lat))


def for_account(conn: psycopg.Connection, account_no: str, now: datetime) -> OutagesHere:
    """For an account number: its planned outages (an account has no place to find incidents
    by; its transformer's incidents are the dispatcher's, not the public's)."""
    return OutagesHere(lookup_for_account(conn, account_no.strip()[:MAX_ACCOUNT_NO], now))
