"""The outage history and the reliability indices (IEEE 1366), as JSON and as CSV.

GET /api/v1/outage-history: restored incidents and completed planned outages, latest first.
GET /api/v1/reliability-indices: SAIFI, SAIDI, CAIDI and MAIFI by month and for the period.
Both take since/until (an instant without an offset is in GRIDOPS_TIMEZONE; by default the
current month and the eleven before it), feeder_id and cause.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import Query, Response
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import INTEGER_MAX, IntegerId
from gis.local_time import local
from outage.history import (
    MAX_PAGE,
    HistoryScope,
    OutageCause,
    OutageKind,
    last_twelve_months,
    outage_history,
)
from outage.history_export import history_csv, indices_csv
from outage.reliability import MOMENTARY_MAX_S, reliability_indices

router = audience_router(Audience.CONSOLE)


class Grouping(StrEnum):
    SCOPE = "scope"  # the system, or the feeder asked for
    FEEDER = "feeder"  # each feeder that had an interruption


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


class OutageOut(BaseModel):
    kind: OutageKind
    cause: OutageCause
    id: int
    title: str
    reason: str
    feeder_codes: list[str]
    started_at: datetime
    ended_at: datetime
    duration_s: int
    customers: int
    customer_minutes: int
    lon: float
    lat: float


class HistoryOut(BaseModel):
    since: datetime
    until: datetime
    total: int = Field(description="outages in the scope (the page lists `limit` from `offset`)")
    outages: list[OutageOut]


class IndicesRowOut(BaseModel):
    month: date | None = Field(description="first day of the month; none: the whole period")
    feeder_id: int | None
    feeder_code: str | None = Field(description="none: the system (or the feeder asked for)")
    kind: OutageKind
    customers_served: int
    customer_interruptions: int = Field(description=f"sustained (> {MOMENTARY_MAX_S} s)")
    customer_minutes: float
    momentary_interruptions: int
    saifi: float | None
    saidi: float | None = Field(description="minutes per customer served")
    caidi: float | None = Field(description="minutes per customer interrupted")
    maifi: float | None


Since = Annotated[
    datetime | None, Query(description="from (inclusive); default: 11 months before this one")
]
Until = Annotated[datetime | None, Query(description="to (exclusive); default: next month")]
FeederFilter = Annotated[IntegerId | None, Query(description="only this feeder")]
CauseFilter = Annotated[OutageCause | None, Query(description="only this cause")]


def _scope(
    since: datetime | None, until: datetime | None, feeder: int | None, cause: OutageCause | None
) -> HistoryScope:
    default_since, default_until = last_twelve_months(datetime.now(UTC))
    return HistoryScope(
        since=local(since) if since else default_since,
        until=local(until) if until else default_until,
        feeder_id=feeder,
        cause=cause,
    )


def _csv(text: str, name: str) -> Response:
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get(
    "/api/v1/outage-history",
    response_model=HistoryOut,
    summary="Restored incidents and completed planned outages: duration and customer-minutes",
    responses={200: {"content": {"text/csv": {}}}},
)
def get_history(
    conn: Connection,
    since: Since = None,
    until: Until = None,
    feeder_id: FeederFilter = None,
    cause: CauseFilter = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"1..{MAX_PAGE}")] = 100,
    offset: Annotated[int, Query(ge=0, le=INTEGER_MAX)] = 0,
    format: Format = Format.JSON,
) -> HistoryOut | Response:
    scope = _scope(since, until, feeder_id, cause)
    page = outage_history(conn, scope, limit, offset)
    if format is Format.CSV:
        return _csv(history_csv(page.records), "outage-history")
    return HistoryOut(
        since=scope.since,
        until=scope.until,
        total=page.total,
        outages=[OutageOut(**r.__dict__) for r in page.records],
    )


@router.get(
    "/api/v1/reliability-indices",
    response_model=list[IndicesRowOut],
    summary="IEEE 1366 SAIFI, SAIDI, CAIDI and MAIFI by month and period, planned and unplanned",
    responses={200: {"content": {"text/csv": {}}}},
)
def get_indices(
    conn: Connection,
    since: Since = None,
    until: Until = None,
    feeder_id: FeederFilter = None,
    cause: CauseFilter = None,
    group: Grouping = Grouping.SCOPE,
    format: Format = Format.JSON,
) -> list[IndicesRowOut] | Response:
    scope = _scope(since, until, feeder_id, cause)
    rows = reliability_indices(conn, scope, by_feeder=group is Grouping.FEEDER)
    if format is Format.CSV:
        return _csv(indices_csv(rows), "reliability-indices")
    return [IndicesRowOut(**r.__dict__) for r in rows]
