"""The outage history and the reliability indices (IEEE 1366), as JSON and as CSV.

GET /api/v1/outage-history: restored incidents and completed planned outages, latest first.
GET /api/v1/reliability-indices: SAIFI, SAIDI, CAIDI and MAIFI by month and for the period.
Both take since/until (an instant without an offset is in GRIDOPS_TIMEZONE; by default the
current month and the eleven before it), feeder_id and cause.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query, Response
from pydantic import BaseModel, Field

from app.api.answers import answer_model, list_of, read
from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import INTEGER_MAX, IntegerId
from gis.local_time import local
from outage.history import (
    MAX_PAGE,
    HistoryScope,
    OutageCause,
    OutageRecord,
    last_twelve_months,
    outage_history,
)
from outage.history_export import history_csv, indices_csv
from outage.reliability import MOMENTARY_MAX_S, ReliabilityRow, reliability_indices

router = audience_router(Audience.CONSOLE)


class Grouping(StrEnum):
    """How reliability indices are grouped: the whole scope, or each feeder."""

    SCOPE = "scope"  # the system, or the feeder asked for
    FEEDER = "feeder"  # each feeder that had an interruption


class Format(StrEnum):
    """How an answer is sent: JSON, or CSV for a spreadsheet."""

    JSON = "json"
    CSV = "csv"


OutageOut = answer_model(
    "OutageOut",
    OutageRecord,
    {
        "kind": "incident (unplanned) or planned_outage",
        "cause": "planned_work, or the level of the device at fault: transformer_fault, "
        "feeder_fault or substation_fault",
        "id": "the incident's or the planned outage's id",
        "title": "the device out, or the planned outage's title",
        "reason": "the rule that inferred the incident, or the planned outage's reason",
        "feeder_codes": "the feeders whose customers were interrupted",
        "started_at": "when the interruption began",
        "ended_at": "when supply was restored (the planned outage completed)",
        "duration_s": "seconds without supply",
        "customers": "customers interrupted",
        "customer_minutes": "customers interrupted times minutes without supply",
        "lon": "longitude of the device or the outage area's centre, WGS-84",
        "lat": "latitude of the device or the outage area's centre, WGS-84",
    },
    module=__name__,
)


class HistoryOut(BaseModel):
    """A page of the outages in a period, and how many the period holds."""

    since: datetime = Field(description="the period's start (inclusive)")
    until: datetime = Field(description="the period's end (exclusive)")
    total: int = Field(description="outages in the scope (the page lists `limit` from `offset`)")
    outages: list[OutageOut] = Field(  # type: ignore[valid-type]
        description="the outages of this page, latest first"
    )


IndicesRowOut = answer_model(
    "IndicesRowOut",
    ReliabilityRow,
    {
        "month": "first day of the month, in GRIDOPS_TIMEZONE; none: the whole period",
        "feeder_id": "the feeder; none: the system (or the feeder asked for)",
        "feeder_code": "the feeder's code; none: the system (or the feeder asked for)",
        "kind": "unplanned (incidents) or planned (planned outages)",
        "customers_served": "customers of the feeder or the system as loaded now",
        "customer_interruptions": f"customers interrupted, sustained (> {MOMENTARY_MAX_S} s), "
        "added up over interruptions",
        "customer_minutes": "customer-minutes of sustained interruptions",
        "momentary_interruptions": f"customers momentarily interrupted (<= {MOMENTARY_MAX_S} s),"
        " added up",
        "saifi": "sustained interruptions per customer served; none: no customer served",
        "saidi": "minutes per customer served",
        "caidi": "minutes per customer interrupted; none: no sustained interruption",
        "maifi": "momentary interruptions per customer served",
    },
    module=__name__,
)


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
    """The outages that ended in the period, latest first, a page at a time (or all as CSV)."""
    scope = _scope(since, until, feeder_id, cause)
    page = outage_history(conn, scope, limit, offset)
    if format is Format.CSV:
        return _csv(history_csv(page.records), "outage-history")
    return HistoryOut(
        since=scope.since,
        until=scope.until,
        total=page.total,
        outages=[read(OutageOut, r) for r in page.records],
    )


@router.get(
    "/api/v1/reliability-indices",
    response_model=list_of(IndicesRowOut),
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
) -> list[Any] | Response:
    """Reliability indices per month and for the whole period, per feeder if asked; JSON or CSV."""
    scope = _scope(since, until, feeder_id, cause)
    rows = reliability_indices(conn, scope, by_feeder=group is Grouping.FEEDER)
    if format is Format.CSV:
        return _csv(indices_csv(rows), "reliability-indices")
    return [read(IndicesRowOut, r) for r in rows]
