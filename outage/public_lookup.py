"""The public lookup "is there an outage here?", as GET /api/v1/outages and the /public/outages
page both answer it: announced planned outages now or in the next 7 days, and — by location —
the open incidents whose device area covers the place (faults being repaired there now)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg

from gis.errors import NotFoundError
from gis.sql_file import load_sql
from outage import planned_outage as outages
from outage.incident import incidents_at_point
from outage.models import PlannedOutage, PlannedOutageStatus
from outage.planned_outage import lookup_at_point, lookup_for_account

MAX_ACCOUNT_NO = 40


class AccountNotFoundError(NotFoundError):
    """No customer has that account number (answered 404, naming account_no): answering
    "no planned outage" would tell a customer who mistyped the number that all is well."""

    title = "No such account"
    kind = "unknown-account"
    field = "account_no"


@dataclass(frozen=True)
class OutagesHere:
    """The answer to "is there an outage here?": announced planned outages and open incidents."""

    planned: list[dict[str, Any]]
    unplanned: list[dict[str, Any]] = field(default_factory=list)


def at_point(conn: psycopg.Connection, lon: float, lat: float, now: datetime) -> OutagesHere:
    """At a WGS-84 point: planned outages and open incidents."""
    return OutagesHere(lookup_at_point(conn, lon, lat, now), incidents_at_point(conn, lon, lat))


def for_account(conn: psycopg.Connection, account_no: str, now: datetime) -> OutagesHere:
    """For an account number: its planned outages (an account has no place to find incidents
    by; its transformer's incidents are the dispatcher's, not the public's).
    AccountNotFoundError when no customer has the number."""
    account_no = account_no.strip()[:MAX_ACCOUNT_NO]
    row = conn.execute(
        load_sql("outage", "public_lookup/select_account_exists.sql").encode(),
        {"account_no": account_no},
    ).fetchone()
    if row is None or not row[0]:
        raise AccountNotFoundError("no customer has this account number", reason="no_account")
    return OutagesHere(lookup_for_account(conn, account_no, now))


# what the public may see of a planned outage: once announced, never a draft
ANNOUNCED = frozenset(
    {
        PlannedOutageStatus.PUBLISHED,
        PlannedOutageStatus.IN_PROGRESS,
        PlannedOutageStatus.COMPLETED,
        PlannedOutageStatus.CANCELLED,
    }
)


def announced_outage(conn: psycopg.Connection, outage_id: str | int | None) -> PlannedOutage | None:
    """The announced planned outage a notice links (?planned_outage=N), or None for a draft,
    an unknown id or text that is no id."""
    text = str(outage_id) if outage_id is not None else ""
    if not text.isdigit() or not 0 < int(text) < 2**31:
        return None
    try:
        found = outages.get(conn, int(text))
    except outages.OutageNotFoundError:
        return None
    return found if found.status in ANNOUNCED else None
