"""Demand response events for operators: preview, create, publish, edit, cancel, results."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import Response
from pydantic import BaseModel, Field

from app.api.answers import answer_model, list_of, read
from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import IntegerId, Limit
from app.api.times import aware
from dr import event as service
from dr import measurement
from dr.models import (
    DrEvent,
    DrEventStatus,
    DrPreview,
    EventMeasurement,
    ResponseCounts,
    TransformerRelief,
)
from dr.target import Target
from gis.geometry import DrawnArea, parse_area
from gis.local_time import ISO, format_time

router = audience_router(Audience.CONSOLE)


class DrTargetIn(BaseModel):
    """What a DR event targets: its program, window, the reduction asked and whom it reaches."""

    program_id: IntegerId
    starts_at: datetime = Field(
        description="ISO 8601, on the hour; without a zone, read in GRIDOPS_TIMEZONE"
    )
    ends_at: datetime
    target_kw: float = Field(gt=0, le=1_000_000)
    geometry: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection"
    )
    transformer_ids: list[IntegerId] = Field(default_factory=list, max_length=50_000)
    min_loading_pct: float | None = Field(
        default=None, gt=0, le=1000, description="the transformers forecast above this loading"
    )


class DrEventIn(DrTargetIn):
    """A new DR event: its target, a title and the last time an answer counts."""

    title: str = Field(min_length=1, max_length=200)
    response_deadline: datetime | None = Field(default=None, description="default: the start")


class DrEventPatch(BaseModel):
    """Changes to a DR event, only the fields given; status "cancelled" cancels it instead."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    target_kw: float | None = Field(default=None, gt=0, le=1_000_000)
    response_deadline: datetime | None = None
    status: Literal["cancelled"] | None = None
    geometry: dict[str, Any] | None = Field(
        default=None, description="a new target area (drafts only; 409 once published)"
    )
    transformer_ids: list[IntegerId] | None = Field(default=None, max_length=50_000)
    min_loading_pct: float | None = Field(default=None, gt=0, le=1000)

    def target(self) -> Target | None:
        """The new target, when the body names one."""
        if self.geometry is None and self.transformer_ids is None and self.min_loading_pct is None:
            return None
        return Target(_area(self.geometry), tuple(self.transformer_ids or ()), self.min_loading_pct)


TransformerReliefOut = answer_model(
    "TransformerReliefOut",
    TransformerRelief,
    {
        "transformer_id": "the targeted transformer",
        "code": "its code, as on the map",
        "customers": "enrolled customers on it that the target reaches",
        "capacity_kva": "its rated capacity, kVA",
        "baseline_kw": "its load expected in the window without the event, kW",
        "expected_relief_kw": "the reduction its participants are expected to make, kW",
        "loading_before_pct": "its expected loading in the window without the event, %",
        "loading_after_pct": "its expected loading with the expected reduction, %",
    },
    module=__name__,
)

DrPreviewOut = answer_model(
    "DrPreviewOut",
    DrPreview,
    {
        "customers": "enrolled customers the target reaches",
        "expected_kw": "their expected reduction together, kW",
        "target_kw": "the reduction asked for, kW",
        "shortfall_kw": "how far the expected reduction falls short of the target, kW (0: none)",
        "target_rule": "how the target was chosen: a drawn area, picked transformers, or the "
        "transformers forecast above a loading",
        "transformers": "the relief expected on each targeted transformer",
    },
    module=__name__,
)

ResponsesOut = answer_model(
    "ResponsesOut",
    ResponseCounts,
    {
        "participants": "customers asked to respond",
        "opt_in": "those who opted in",
        "opt_out": "those who opted out",
        "pending": "those who have not answered",
    },
    module=__name__,
)

MeasurementOut = answer_model(
    "MeasurementOut",
    EventMeasurement,
    {
        "measured_at": "when the event was measured",
        "method": "the baseline method and its parameters",
        "participants": "customers asked to respond",
        "measured": "participants with the readings to be measured",
        "baseline_kwh": "the measured participants' baseline over the window, kWh",
        "actual_kwh": "their metered energy over the window, kWh",
        "reduction_kwh": "baseline minus actual, kWh",
        "target_kwh": "target kW x window hours",
        "incentive": "the incentive earned by all participants together",
        "transformers": "per targeted transformer: its baseline, actual and relief",
        "hourly": "per hour of the window: baseline and actual, kWh",
    },
    module=__name__,
    add={"target_kwh": float},
)

DrEventOut = answer_model(
    "DrEventOut",
    DrEvent,
    {
        "id": "the event",
        "program_id": "its DR program",
        "title": "what the operator called it",
        "starts_at": "the window's start",
        "ends_at": "the window's end",
        "target_kw": "the reduction asked for, kW",
        "geometry": "GeoJSON geometry of the drawn target area; none for picked transformers",
        "transformer_ids": "the targeted transformers",
        "target_rule": "how the target was chosen: a drawn area, picked transformers, or the "
        "transformers forecast above a loading",
        "status": "draft, published, active, completed or cancelled",
        "modification_number": "how many times the published event changed (OpenADR)",
        "response_deadline": "the last time an answer counts",
        "created_at": "when it was created",
        "updated_at": "when it last changed",
        "responses": "the participants' answers so far",
        "results": "the measured reduction and incentives; none until measured",
        "notices": "notices this change wrote: dr_request, or dr_cancelled",
    },
    module=__name__,
    exclude=("measurement",),
    add={"results": (MeasurementOut | None, None), "notices": (int, 0)},
)


def _area(geometry: dict[str, Any] | None) -> DrawnArea | None:
    return None if geometry is None else parse_area(geometry)


def _draft(body: DrTargetIn, title: str = "preview", deadline: datetime | None = None) -> Any:
    return service.EventDraft(
        program_id=body.program_id,
        title=title,
        starts_at=aware(body.starts_at),
        ends_at=aware(body.ends_at),
        target_kw=body.target_kw,
        target=Target(_area(body.geometry), tuple(body.transformer_ids), body.min_loading_pct),
        response_deadline=aware(deadline) if deadline else None,
    )


def _out(conn: Any, event: DrEvent, notices: int = 0) -> BaseModel:
    found = measurement.measurement(conn, event.id)
    hours = (event.ends_at - event.starts_at).total_seconds() / 3600
    results = read(MeasurementOut, found, target_kwh=event.target_kw * hours) if found else None
    return read(DrEventOut, event, results=results, notices=notices)


@router.post(
    "/api/v1/dr-events/preview",
    response_model=DrPreviewOut,
    summary="The enrolled customers a target reaches, their expected reduction, the relief",
)
def preview_event(body: DrTargetIn, conn: Connection) -> DrPreview:
    """What a target would reach and relieve before any event is created; nothing is stored."""
    _, result = service.preview(conn, _draft(body), datetime.now(UTC))
    return result


@router.post(
    "/api/v1/dr-events", response_model=DrEventOut, status_code=201, summary="Create a draft"
)
def create_event(body: DrEventIn, conn: Connection) -> BaseModel:
    """Create a DR event as a draft; no customer is asked until it is published."""
    event = service.create(
        conn, _draft(body, body.title, body.response_deadline), datetime.now(UTC)
    )
    return _out(conn, event)


@router.get("/api/v1/dr-events", response_model=list_of(DrEventOut), summary="DR events")
def list_events(
    conn: Connection, status: DrEventStatus | None = None, limit: Limit = 200
) -> list[BaseModel]:
    """DR events with their answers so far and their results once measured; filter by status."""
    events = service.list_events(conn, [status] if status else None, limit=limit)
    return [_out(conn, e) for e in events]


@router.get("/api/v1/dr-events/{event_id}", response_model=DrEventOut, summary="One DR event")
def get_event(event_id: IntegerId, conn: Connection) -> BaseModel:
    """One DR event with its participants' answers and, once measured, its results."""
    return _out(conn, service.get(conn, event_id))


@router.post(
    "/api/v1/dr-events/{event_id}/publish",
    response_model=DrEventOut,
    summary="Send the requests: one dr_request with its own token per enrolled customer",
)
def publish_event(event_id: IntegerId, conn: Connection) -> BaseModel:
    """Publish a draft: each enrolled customer the target reaches gets a dr_request to answer."""
    event, written = service.publish(conn, event_id, datetime.now(UTC))
    return _out(conn, event, written)


@router.patch(
    "/api/v1/dr-events/{event_id}",
    response_model=DrEventOut,
    summary="Edit (a new window re-sends the requests) or cancel a DR event",
)
def patch_event(event_id: IntegerId, body: DrEventPatch, conn: Connection) -> BaseModel:
    """Change a DR event's title, window, target or deadline, or cancel it."""
    changes = service.EventChanges(
        title=body.title,
        starts_at=aware(body.starts_at) if body.starts_at else None,
        ends_at=aware(body.ends_at) if body.ends_at else None,
        target_kw=body.target_kw,
        response_deadline=aware(body.response_deadline) if body.response_deadline else None,
        target=body.target(),
    )
    if body.status == "cancelled":
        event, written = service.cancel(conn, event_id)
    else:
        event, written = service.update(conn, event_id, changes, datetime.now(UTC))
    return _out(conn, event, written)


@router.get(
    "/api/v1/dr-events/{event_id}/results.csv",
    summary="Per participant results (baseline, actual, reduction, incentive) as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_results(event_id: IntegerId, conn: Connection) -> Response:
    """One CSV row per participant: answer, expected kW, baseline, actual, reduction, incentive."""
    service.get(conn, event_id)  # 404 for an unknown event
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "customer_id",
            "account_no",
            "transformer_code",
            "response",
            "responded_at",
            "expected_kw",
            "baseline_kwh",
            "actual_kwh",
            "reduction_kwh",
            "incentive",
        ]
    )
    for row in measurement.participant_results(conn, event_id):  # responded_at: ISO, local
        writer.writerow([*row[:4], format_time(row[4], ISO, empty=""), *row[5:]])
    return Response(
        buffer.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="dr_event_{event_id}.csv"'},
    )
