"""Reliability indices as IEEE 1366 defines them, from the interruptions of outage/history.py.

    SAIFI = Σ customers interrupted / customers served          (interruptions per customer)
    SAIDI = Σ customer-minutes of interruption / customers served   (minutes per customer)
    CAIDI = SAIDI / SAIFI = Σ customer-minutes / Σ customers interrupted   (minutes)
    MAIFI = Σ customers momentarily interrupted / customers served

Sustained interruptions are those longer than five minutes; an interruption of five minutes or
less is momentary and counts in MAIFI only (IEEE 1366-2012, 3.16 and 3.27). Planned and
unplanned interruptions are reported apart. Customers served: the feeder's customers, or the
system's (every customer) — the grid as loaded now, for every month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import psycopg

from gis.local_time import local
from outage.history import (
    HistoryPage,
    HistoryScope,
    Interruption,
    OutageKind,
    check_feeder,
    customers_served,
    history_page,
    interruptions,
)

MOMENTARY_MAX_S = 300  # IEEE 1366: an interruption of at most 5 minutes is momentary


@dataclass(frozen=True)
class ReliabilityRow:
    """The indices of one scope (the system, or one feeder), month and kind of outage."""

    month: date | None  # the first day of the month, in the configured zone; None: the period
    feeder_id: int | None  # None: the system (or the scope's feeder when one was asked for)
    feeder_code: str | None
    kind: OutageKind
    customers_served: int
    customer_interruptions: int  # sustained: customers interrupted, added up over interruptions
    customer_minutes: float  # sustained
    momentary_interruptions: int  # customers momentarily interrupted, added up
    saifi: float | None  # None: no customer served
    saidi: float | None
    caidi: float | None  # None: no sustained interruption
    maifi: float | None


def is_sustained(duration_s: int) -> bool:
    """Longer than five minutes: a sustained interruption; else momentary, counted in MAIFI only."""
    return duration_s > MOMENTARY_MAX_S


def month_of(moment: datetime, zone: str | None = None) -> date:
    """The first day of the month a moment falls in, in the zone (default: the configured one)."""
    return local(moment, zone).date().replace(day=1)


def months_between(since: datetime, until: datetime, zone: str | None = None) -> list[date]:
    """The months (first days, in the zone) that the period [since, until) touches."""
    first, last = month_of(since, zone), local(until, zone)
    months, month = [], first
    while datetime(month.year, month.month, 1, tzinfo=last.tzinfo) < last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _row(
    rows: Sequence[Interruption],
    served: int,
    month: date | None,
    feeder: tuple[int | None, str | None],
    kind: OutageKind,
) -> ReliabilityRow:
    sustained = [r for r in rows if is_sustained(r.duration_s)]
    interrupted = sum(r.customers for r in sustained)
    minutes = sum(r.customer_minutes for r in sustained)
    momentary = sum(r.customers for r in rows if not is_sustained(r.duration_s))
    return ReliabilityRow(
        month=month,
        feeder_id=feeder[0],
        feeder_code=feeder[1],
        kind=kind,
        customers_served=served,
        customer_interruptions=interrupted,
        customer_minutes=minutes,
        momentary_interruptions=momentary,
        saifi=interrupted / served if served else None,
        saidi=minutes / served if served else None,
        caidi=minutes / interrupted if interrupted else None,
        maifi=momentary / served if served else None,
    )


def compute_indices(
    rows: Sequence[Interruption],
    served: Mapping[int, int],
    months: Sequence[date],
    *,
    by_feeder: bool = False,
    zone: str | None = None,
) -> list[ReliabilityRow]:
    """Rows per month and for the whole period (month None), unplanned then planned: of the
    whole of `served` (the system, or the feeders given), or with `by_feeder` of each feeder
    that had an interruption. `rows` are the interruptions of the period."""
    scopes: list[tuple[int | None, str | None, int]]
    if by_feeder:
        codes = {r.feeder_id: r.feeder_code or "" for r in rows if r.feeder_id is not None}
        scopes = [(f, codes[f], served.get(f, 0)) for f in sorted(codes, key=lambda f: codes[f])]
    else:
        scopes = [(None, None, sum(served.values()))]
    buckets: dict[tuple[int | None, date | None, OutageKind], list[Interruption]] = {}
    for r in rows:
        feeder = r.feeder_id if by_feeder else None
        for month in (month_of(r.started_at, zone), None):
            buckets.setdefault((feeder, month, r.kind), []).append(r)
    return [
        _row(buckets.get((feeder_id, month, kind), []), customers, month, (feeder_id, code), kind)
        for feeder_id, code, customers in scopes
        for month in [*months, None]
        for kind in (OutageKind.UNPLANNED, OutageKind.PLANNED)
    ]


def reliability_indices(
    conn: psycopg.Connection,
    scope: HistoryScope,
    *,
    by_feeder: bool = False,
    zone: str | None = None,
) -> list[ReliabilityRow]:
    """The indices of the scope by month and for the period: the system's, or the scope's
    feeder's when it names one, or each feeder's with `by_feeder`."""
    check_feeder(conn, scope)
    served = customers_served(conn)
    if scope.feeder_id is not None:
        served = {scope.feeder_id: served.get(scope.feeder_id, 0)}
    months = months_between(scope.since, scope.until, zone)
    return compute_indices(
        interruptions(conn, scope), served, months, by_feeder=by_feeder, zone=zone
    )


@dataclass(frozen=True)
class HistoryReport:
    """What the history page shows of a scope: the indices by month (of the system or the
    scope's feeder), each feeder's for the period, and a page of the outages."""

    feeder_code: str | None  # the scope's feeder; None: the system
    indices: list[ReliabilityRow]
    by_feeder: list[ReliabilityRow]
    page: HistoryPage


def history_report(
    conn: psycopg.Connection, scope: HistoryScope, limit: int = 100, zone: str | None = None
) -> HistoryReport:
    """What the history page shows of a scope, from one read of its interruptions."""
    code = check_feeder(conn, scope)
    found = interruptions(conn, scope)
    served = customers_served(conn)
    if scope.feeder_id is not None:
        served = {scope.feeder_id: served.get(scope.feeder_id, 0)}
    months = months_between(scope.since, scope.until, zone)
    feeders = compute_indices(found, served, [], by_feeder=True, zone=zone)
    return HistoryReport(
        feeder_code=code,
        indices=compute_indices(found, served, months, zone=zone),
        by_feeder=feeders,
        page=history_page(conn, found, limit),
    )
