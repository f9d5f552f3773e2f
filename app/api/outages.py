"""Public lookup: is there an outage here? By location (any phone CRS) or account number.

planned: announced planned outages now or in the next 7 days; unplanned (by location): the open
incidents whose device area covers the place, with level, status, since and ETR.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from psycopg_pool import ConnectionPool
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.problem import ProblemError
from app.api.rate_limit import public_buckets, rate_limited
from gis.crs import InputCrs, to_wgs84
from outage import public_lookup

router = audience_router(Audience.PUBLIC)


async def _limit(request: Request) -> None:
    """Per-client rate limit; async, as it only takes a lock for microseconds."""
    rate_limited(public_buckets("outages"))(request)


class PlannedOutageNotice(BaseModel):
    """An announced planned outage at the place (or on the account, or explaining a report)."""

    id: int = Field(description="the planned outage")
    title: str = Field(description="its title")
    reason: str = Field(description="why the power is off")
    starts_at: datetime = Field(description="the window's start")
    ends_at: datetime = Field(description="the window's end")
    status: str = Field(description="published or in_progress")


class UnplannedOutage(BaseModel):
    """An open incident whose area covers the place: a fault being repaired."""

    id: int = Field(description="the incident")
    level: str = Field(description="transformer, feeder or substation: the device out")
    status: str = Field(description="where the incident stands")
    since: datetime = Field(description="when it opened")
    estimated_restoration_at: datetime | None = Field(
        description="when power is expected back (ETR)"
    )


class OutageLookup(BaseModel):
    """Outages at a place or on an account: planned now or within 7 days, unplanned now."""

    lon: float | None = Field(
        default=None, description="the place's longitude, WGS-84; none for an account lookup"
    )
    lat: float | None = Field(
        default=None, description="the place's latitude, WGS-84; none for an account lookup"
    )
    checked_at: datetime = Field(description="when the lookup was answered")
    planned: list[PlannedOutageNotice] = Field(
        description="announced planned outages there now or in the next 7 days"
    )
    unplanned: list[UnplannedOutage] = Field(
        default=[], description="faults being repaired there now (by location only)"
    )


@router.get(
    "/api/v1/outages",
    response_model=OutageLookup,
    dependencies=[Depends(_limit)],
    summary="Planned outages at a place now or in the next 7 days, and unplanned ones now",
)
async def lookup_outages(
    request: Request,
    lon: Annotated[float | None, Query(description="longitude in crs")] = None,
    lat: Annotated[float | None, Query(description="latitude in crs")] = None,
    crs: InputCrs = InputCrs.WGS84,
    account_no: Annotated[str | None, Query(max_length=40)] = None,
) -> OutageLookup:
    """Outages at a place (lon and lat in crs) or for an account number, which wins if given."""
    # The hottest public route: checks run on the event loop and the database work in one
    # thread-pool call (a sync route with a sync connection dependency took four thread hops).
    now = datetime.now(UTC)
    if account_no:
        found = await run_in_threadpool(_for_account, request.app.state.pool, account_no, now)
        return OutageLookup(
            checked_at=now, planned=[PlannedOutageNotice(**r) for r in found.planned]
        )
    if lon is None or lat is None:
        raise ProblemError(
            422,
            "Where?",
            "give lon and lat, or account_no",
            field="lon" if lon is None else "lat",
            kind="invalid-location",
        )
    wgs_lon, wgs_lat = to_wgs84(lon, lat, crs)  # CoordinatesRejectedError: a 422 naming lon or lat
    found = await run_in_threadpool(_at_point, request.app.state.pool, wgs_lon, wgs_lat, now)
    return OutageLookup(
        lon=wgs_lon,
        lat=wgs_lat,
        checked_at=now,
        planned=[PlannedOutageNotice(**r) for r in found.planned],
        unplanned=[UnplannedOutage(**r) for r in found.unplanned],
    )


def _at_point(
    pool: ConnectionPool, lon: float, lat: float, now: datetime
) -> public_lookup.OutagesHere:
    """Planned outages and open incidents at a point, on one pooled connection."""
    with pool.connection() as conn:
        return public_lookup.at_point(conn, lon, lat, now)


def _for_account(pool: ConnectionPool, account_no: str, now: datetime) -> public_lookup.OutagesHere:
    with pool.connection() as conn:
        return public_lookup.for_account(conn, account_no, now)
