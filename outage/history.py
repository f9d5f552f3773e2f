"""The outage history: interruptions of supply that are over — restored incidents and completed
planned outages — in a period, for a feeder and a cause, as a list an operator reads (how long,
how many customers, customer-minutes) and as the rows the reliability indices are computed from
(outage/reliability.py).

A restored incident leaves the dispatch board; here it stays. An outage counts in the period it
started in. Customer-minutes are customers interrupted times minutes of interruption.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import psycopg
from psycopg.rows import dict_row

from gis.errors import RejectedInputError
from gis.local_time import local
from gis.sql_file import load_sql

MAX_PERIOD = timedelta(days=3700)  # about ten years: the longest period one request reads
MAX_PAGE = 500


class UnknownFeederError(RejectedInputError):
    """The scope names a feeder the grid does not have."""

    field = "feeder_id"


class OutageKind(StrEnum):
    """Whether an interruption was announced work (planned) or a fault's incident (unplanned)."""

    PLANNED = "planned"
    UNPLANNED = "unplanned"


class OutageCause(StrEnum):
    """Why supply was interrupted, as far as the records say: planned work, or the fault of the
    device the incident was inferred on."""

    PLANNED_WORK = "planned_work"
    TRANSFORMER_FAULT = "transformer_fault"
    FEEDER_FAULT = "feeder_fault"
    SUBSTATION_FAULT = "substation_fault"


@dataclass(frozen=True)
class HistoryScope:
    """What part of the history is asked for: starts in [since, until), one feeder, one cause."""

    since: datetime
    until: datetime
    feeder_id: int | None = None
    cause: OutageCause | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            if getattr(self, name).tzinfo is None:
                raise RejectedInputError(f"{name}: give the instant's offset or zone", field=name)
        if self.until <= self.since:
            raise RejectedInputError(
                "until: must be after since", field="until", reason="period_reversed"
            )
        if self.until - self.since > MAX_PERIOD:
            raise RejectedInputError(
                f"until: a period of at most {MAX_PERIOD.days} days",
                field="until",
                reason="period_too_long",
                days=MAX_PERIOD.days,
            )

    def params(self) -> dict[str, object]:
        """The scope as the parameters of the history's statements."""
        cause = self.cause.value if self.cause else None
        return {
            "since": self.since,
            "until": self.until,
            "feeder_id": self.feeder_id,
            "cause": cause,
        }


def last_twelve_months(now: datetime, zone: str | None = None) -> tuple[datetime, datetime]:
    """The current month and the eleven before it, in the zone: [first day 00:00, next month)."""
    moment = local(now, zone)
    first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year, month = (
        (first.year, first.month - 11) if first.month > 11 else (first.year - 1, first.month + 1)
    )
    since = first.replace(year=year, month=month)
    following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return local(since.replace(tzinfo=None), zone), local(following.replace(tzinfo=None), zone)


@dataclass(frozen=True)
class Interruption:
    """One outage's interruption of one feeder's customers."""

    kind: OutageKind
    cause: OutageCause
    outage_id: int
    feeder_id: int | None  # None: a planned outage that reached no customer
    feeder_code: str | None
    started_at: datetime
    ended_at: datetime
    duration_s: int
    customers: int

    @property
    def customer_minutes(self) -> float:
        """Customers interrupted times minutes of interruption."""
        return self.customers * self.duration_s / 60


@dataclass(frozen=True)
class OutageRecord:
    """One outage as the history lists it (its feeders' interruptions added up)."""

    kind: OutageKind
    cause: OutageCause
    id: int  # the incident's or the planned outage's id
    title: str  # the device out, or the planned outage's title
    reason: str
    feeder_codes: list[str]
    started_at: datetime
    ended_at: datetime
    duration_s: int
    customers: int
    customer_minutes: int
    lon: float
    lat: float


@dataclass(frozen=True)
class HistoryPage:
    """One page of the outages in a scope, and how many outages the scope holds in all."""

    total: int  # outages in the scope
    records: list[OutageRecord]


def interruptions(conn: psycopg.Connection, scope: HistoryScope) -> list[Interruption]:
    """Every interruption in the scope, latest first."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            load_sql("outage", "history/select_interruptions.sql").encode(), scope.params()
        ).fetchall()
    return [
        Interruption(
            kind=OutageKind(r["kind"]),
            cause=OutageCause(r["cause"]),
            outage_id=int(r["outage_id"]),
            feeder_id=r["feeder_id"],
            feeder_code=r["feeder_code"],
            started_at=r["started_at"],
            ended_at=r["ended_at"],
            duration_s=int(r["duration_s"] or 0),
            customers=int(r["customers"]),
        )
        for r in rows
    ]


def _grouped(rows: Sequence[Interruption]) -> list[list[Interruption]]:
    """The rows of each outage together, in the order the outages first appear."""
    outages: dict[tuple[OutageKind, int], list[Interruption]] = {}
    for row in rows:
        outages.setdefault((row.kind, row.outage_id), []).append(row)
    return list(outages.values())


def outage_history(
    conn: psycopg.Connection, scope: HistoryScope, limit: int | None = 100, offset: int = 0
) -> HistoryPage:
    """The outages in the scope, latest first: `limit` of them from `offset` (every one with
    `limit` None, for an export)."""
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise RejectedInputError(f"limit: 1..{MAX_PAGE}", field="limit")
    if offset < 0:
        raise RejectedInputError("offset: 0 or more", field="offset")
    check_feeder(conn, scope)
    return history_page(conn, interruptions(conn, scope), limit, offset)


def history_page(
    conn: psycopg.Connection, rows: Sequence[Interruption], limit: int | None, offset: int = 0
) -> HistoryPage:
    """The outages of interruptions already read, `limit` of them from `offset`."""
    outages = _grouped(rows)
    shown = outages[offset : None if limit is None else offset + limit]
    details = _details(conn, shown)
    return HistoryPage(total=len(outages), records=[_record(rows, details) for rows in shown])


def _details(
    conn: psycopg.Connection, outages: Sequence[Sequence[Interruption]]
) -> dict[tuple[str, int], tuple[str, str, float, float]]:
    ids = {kind: [o[0].outage_id for o in outages if o[0].kind is kind] for kind in OutageKind}
    rows = conn.execute(
        load_sql("outage", "history/select_outage_details.sql").encode(),
        {"incident_ids": ids[OutageKind.UNPLANNED], "planned_ids": ids[OutageKind.PLANNED]},
    ).fetchall()
    return {
        (kind, int(key)): (title, reason, lon, lat) for kind, key, title, reason, lon, lat in rows
    }


def _record(
    rows: Sequence[Interruption], details: dict[tuple[str, int], tuple[str, str, float, float]]
) -> OutageRecord:
    first = rows[0]
    title, reason, lon, lat = details[(first.kind.value, first.outage_id)]
    customers = sum(r.customers for r in rows)
    return OutageRecord(
        kind=first.kind,
        cause=first.cause,
        id=first.outage_id,
        title=title,
        reason=reason,
        feeder_codes=sorted(r.feeder_code for r in rows if r.feeder_code),
        started_at=first.started_at,
        ended_at=first.ended_at,
        duration_s=first.duration_s,
        customers=customers,
        customer_minutes=round(sum(r.customer_minutes for r in rows)),
        lon=float(lon),
        lat=float(lat),
    )


def check_feeder(conn: psycopg.Connection, scope: HistoryScope) -> str | None:
    """The code of the scope's feeder (None when it names none); UnknownFeederError when the
    grid has no such feeder."""
    if scope.feeder_id is None:
        return None
    code = feeder_codes(conn).get(scope.feeder_id)
    if code is None:
        raise UnknownFeederError(f"feeder_id: no feeder {scope.feeder_id}", field="feeder_id")
    return code


def customers_served(conn: psycopg.Connection) -> dict[int, int]:
    """Customers of each feeder (the grid as loaded now: customers have no connection dates)."""
    rows = conn.execute(
        load_sql("outage", "history/select_feeder_customers.sql").encode()
    ).fetchall()
    return {int(feeder): int(count) for feeder, count in rows}


def feeder_codes(conn: psycopg.Connection) -> dict[int, str]:
    """Every feeder's code, for the filter and for the indices by feeder."""
    rows = conn.execute(load_sql("outage", "history/select_feeder_codes.sql").encode()).fetchall()
    return {int(feeder): str(code) for feeder, code in rows}
