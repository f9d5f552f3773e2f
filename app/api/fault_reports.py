"""Fault reports from customers' phones and apps (public audience): report, then follow.

POST /api/v1/fault-reports takes {lon, lat, crs, channel, contact, account_no?, description?,
reported_at?} and an optional Idempotency-Key header. Bodies over 16 kB are refused with 413
before they are parsed. Every other bad input is a 422 problem naming the field, and nothing is
stored. A repeated Idempotency-Key answers the first answer again (201, Idempotent-Replayed:
true); the same key with a different body is a 422 on the field Idempotency-Key, as the IETF
draft "The Idempotency-Key HTTP Header Field" advises for a reused key.
GET /api/v1/fault-reports/{token} is the reporter's status link.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.outages import PlannedOutageNotice
from app.api.problem import ProblemError
from app.api.rate_limit import public_buckets, rate_limited
from app.api.times import aware
from gis.crs import InputCrs
from gis.vocabulary import Language
from outage import fault_report as service
from outage import report_status
from outage.models import ReportChannel

router = audience_router(Audience.PUBLIC)
MAX_BODY_BYTES = 16 * 1024


async def _limit(request: Request) -> None:
    rate_limited(public_buckets("fault_reports"))(request)


class FaultReportIn(BaseModel):
    """A customer's fault report: where, by which channel, how to reach them, what they saw."""

    model_config = ConfigDict(extra="forbid", strict=True)

    lon: float = Field(ge=-180, le=180, allow_inf_nan=False, description="longitude in crs")
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False, description="latitude in crs")
    crs: Literal["WGS84", "GCJ02", "BD09"] = "WGS84"
    channel: Literal["wechat", "app", "web", "phone"]
    contact: str = Field(
        min_length=1, max_length=200, description="phone, e-mail, WeChat id or webhook URL"
    )
    account_no: str | None = Field(default=None, min_length=1, max_length=40)
    description: str = Field(default="", max_length=500)
    reported_at: datetime | None = Field(
        default=None,
        description="ISO 8601, default now; without a zone, read in GRIDOPS_TIMEZONE",
        json_schema_extra={"format": "date-time"},
    )


class LocatedOut(BaseModel):
    """Where a fault report was placed on the grid, and how it was placed there."""

    transformer_id: int = Field(description="the transformer the report was placed on")
    supply_area_id: int | None = Field(
        description="the supply area the point lies in; none when placed otherwise"
    )
    feeder_id: int = Field(description="the transformer's feeder")
    substation_id: int = Field(description="the feeder's substation")
    method: Literal["within", "nearest", "account"] = Field(
        description="within: its supply area; nearest: the nearest transformer; account: by account"
    )
    distance_m: float = Field(
        description="metres from the point to the transformer (0 within its supply area)"
    )
    conflict: str | None = Field(
        None, description="a disagreement between the point and the account, when there is one"
    )


class FaultReportOut(BaseModel):
    """The answer to a fault report: where it was placed, and its planned outage or incident."""

    id: int = Field(description="the fault report")
    located: LocatedOut = Field(description="where the report was placed on the grid")
    planned_outage: PlannedOutageNotice | None = Field(
        description="the planned outage the place is in, if any: the answer, no incident"
    )
    incident_id: int | None = Field(description="the incident the report joined or opened")
    status: str = Field(description="planned_outage or in_incident")
    status_url: str = Field(
        description="the reporter's own status as JSON (path, for apps); its token is the key"
    )
    status_page: str = Field(description="the report's progress as a public page (for people)")


class IncidentView(BaseModel):
    """The outage a fault report belongs to, as its reporter may see it."""

    id: int = Field(description="the incident")
    level: str = Field(description="transformer, feeder or substation: the device out")
    status: str = Field(description="where the incident stands")
    since: datetime = Field(description="when it opened")
    estimated_restoration_at: datetime | None = Field(
        description="when power is expected back (ETR)"
    )
    restored_at: datetime | None = Field(description="when power was restored")


class ProgressStep(BaseModel):
    """One step of the repair, as the crew reported it."""

    status: str = Field(description="the repair's step: the crew job's status")
    at: datetime = Field(description="when the crew reported it")


class FaultReportStatusOut(BaseModel):
    """A reporter's own report: where it stands, its outage and the repair's progress."""

    id: int = Field(description="the fault report")
    status: str = Field(
        description="received, planned_outage, in_incident, dispatched, restored or rejected"
    )
    channel: str = Field(description="wechat, app, web or phone")
    reported_at: datetime = Field(description="when the customer reported it")
    received_at: datetime = Field(description="when it was received")
    planned_outage: PlannedOutageNotice | None = Field(
        description="the planned outage the place is in, if any"
    )
    incident: IncidentView | None = Field(description="the outage it belongs to, if any")
    progress: list[ProgressStep] = Field(description="the repair's steps, in order")


async def _body(request: Request) -> bytes:
    """The raw body, parsed strictly below; its limit (16 kB, app/api/body_limit.py) refuses
    more with a 413 before or while it is read, whatever Content-Length claims."""
    return await request.body()


def _parse(raw: bytes) -> FaultReportIn:
    try:
        return FaultReportIn.model_validate_json(raw or b"null")
    except ValidationError as exc:
        errors = exc.errors()
        field = ".".join(str(p) for p in errors[0]["loc"]) or "body"
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in errors
        )
        raise ProblemError(
            422, "Invalid fault report", detail, field=field, kind="invalid-request"
        ) from None


def _language(accept_language: str | None) -> Language:
    return Language.EN if (accept_language or "").lower().startswith("en") else Language.ZH_CN


@router.post(
    "/api/v1/fault-reports",
    response_model=FaultReportOut,
    status_code=201,
    dependencies=[Depends(_limit)],
    summary="Report a fault at a place: located, answered with a planned outage or an incident",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": FaultReportIn.model_json_schema()}},
        }
    },
)
def create_fault_report(
    request: Request,
    response: Response,
    raw: Annotated[bytes, Depends(_body)],
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
    ] = None,
    accept_language: Annotated[str | None, Header(alias="Accept-Language")] = None,
) -> FaultReportOut:
    """Place the report on the grid and answer it; a repeated Idempotency-Key replays the answer."""
    body = _parse(raw)
    draft = service.FaultReportDraft(
        lon=body.lon,
        lat=body.lat,
        crs=InputCrs(body.crs),
        channel=ReportChannel(body.channel),
        contact=body.contact,
        account_no=body.account_no,
        description=body.description,
        reported_at=aware(body.reported_at) if body.reported_at else None,
        idempotency_key=idempotency_key,
        language=_language(accept_language),
    )
    # the pool's connection is taken here, in the endpoint's own worker thread, rather
    # than by the connection dependency (a sync generator: two more thread hops a report)
    with request.app.state.pool.connection() as conn:
        submission = service.receive(conn, draft, datetime.now(UTC))
    if submission.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return FaultReportOut.model_validate(submission.answer)


@router.get(
    "/api/v1/fault-reports/{token}",
    response_model=FaultReportStatusOut,
    dependencies=[Depends(_limit)],
    summary="A reporter's own report: status, incident and repair progress",
)
def get_fault_report(token: str, conn: Connection) -> FaultReportStatusOut:
    """The report behind a reporter's status link; 404 for an unknown token."""
    if not 16 <= len(token) <= 64:
        raise ProblemError(404, "Not found", "no fault report behind this link", kind="not-found")
    return FaultReportStatusOut.model_validate(report_status.report_status(conn, token))
