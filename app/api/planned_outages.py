"""Planned outages for operators: preview, create, publish, edit, cancel, list, export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import Response
from pydantic import BaseModel, Field

from app.api.answers import answer_model, list_of, read
from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import IntegerId, Limit
from app.api.times import aware
from gis.geometry import DrawnArea, parse_area
from outage import planned_outage as service
from outage.models import AffectedCustomer, OutagePreview, PlannedOutage, PlannedOutageStatus

router = audience_router(Audience.CONSOLE)


class AreaIn(BaseModel):
    """The area of a planned outage: a drawn geometry, or picked transformers' supply areas."""

    geometry: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection"
    )
    transformer_ids: list[IntegerId] = Field(default_factory=list, max_length=5000)


class PlannedOutageIn(AreaIn):
    """A new planned outage: its area, its title and reason for customers, and its window."""

    title: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=1000)
    starts_at: datetime = Field(description="ISO 8601; without a zone, read in GRIDOPS_TIMEZONE")
    ends_at: datetime


class PlannedOutagePatch(BaseModel):
    """Changes to a planned outage, only the fields given, or the next step of its lifecycle."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    reason: str | None = Field(default=None, min_length=1, max_length=1000)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    geometry: dict[str, Any] | None = None
    transformer_ids: list[IntegerId] | None = Field(default=None, max_length=5000)
    status: Literal["in_progress", "completed", "cancelled"] | None = None


CustomerOut = answer_model(
    "CustomerOut",
    AffectedCustomer,
    {
        "id": "the customer",
        "account_no": "the customer's account number",
        "customer_type": "residential, commercial or industrial",
        "transformer_code": "the transformer that supplies the customer",
    },
    module=__name__,
)

PreviewOut = answer_model(
    "PreviewOut",
    OutagePreview,
    {
        "customers": "customers the outage would affect",
        "customers_by_type": "those customers by customer type",
        "transformers": "codes of the transformers out",
        "feeders": "codes of the feeders of those transformers",
        "customer_sample": "a sample of the customers affected",
        "supply_area_union": "GeoJSON geometry of the supply areas out, together",
        "repair": "what was repaired in the drawn geometry; empty if nothing",
    },
    module=__name__,
)

PlannedOutageOut = answer_model(
    "PlannedOutageOut",
    PlannedOutage,
    {
        "id": "the planned outage",
        "title": "its title, as customers read it",
        "reason": "why the power will be off, as customers read it",
        "starts_at": "the window's start",
        "ends_at": "the window's end",
        "status": "draft, published, in_progress, completed or cancelled",
        "geometry": "GeoJSON geometry of the area out (drawn, or the picked transformers' "
        "supply areas)",
        "transformer_ids": "the transformers out",
        "revision": "its revision: a new window or area once announced makes a new one",
        "repair": "what was repaired in the drawn geometry; empty if nothing",
        "customers_affected": "customers supplied by the transformers out",
        "created_at": "when it was created",
        "updated_at": "when it last changed",
        "published_at": "when it was published; none for a draft",
        "notices": "notices this change wrote",
    },
    module=__name__,
    add={"notices": (dict[str, int], Field(default_factory=dict))},
)


def _area(geometry: dict[str, Any] | None) -> DrawnArea | None:
    return None if geometry is None else parse_area(geometry)


def _out(outage: PlannedOutage, notices: dict[str, int] | None = None) -> BaseModel:
    return read(PlannedOutageOut, outage, notices=notices or {})


@router.post(
    "/api/v1/planned-outages/preview",
    response_model=PreviewOut,
    summary="What an area or picked transformers would affect",
)
def preview_outage(body: AreaIn, conn: Connection) -> OutagePreview:
    """The customers, transformers and feeders an area would put out; nothing is stored."""
    return service.preview(conn, _area(body.geometry), tuple(body.transformer_ids))


@router.post(
    "/api/v1/planned-outages",
    response_model=PlannedOutageOut,
    status_code=201,
    summary="Create a draft planned outage",
)
def create_outage(body: PlannedOutageIn, conn: Connection) -> BaseModel:
    """Create a planned outage as a draft; customers hear of it once it is published."""
    draft = service.OutageDraft(
        title=body.title,
        reason=body.reason,
        starts_at=aware(body.starts_at),
        ends_at=aware(body.ends_at),
        area=_area(body.geometry),
        transformer_ids=tuple(body.transformer_ids),
    )
    return _out(service.create(conn, draft, datetime.now(UTC)))


@router.get(
    "/api/v1/planned-outages",
    response_model=list_of(PlannedOutageOut),
    summary="Planned outages, newest first",
)
def list_outages(
    conn: Connection, status: PlannedOutageStatus | None = None, limit: Limit = 200
) -> list[BaseModel]:
    """Planned outages with their area and customers affected, newest first; filter by status."""
    return [_out(o) for o in service.list_outages(conn, status=status, limit=limit)]


@router.get(
    "/api/v1/planned-outages.geojson",
    summary="Planned outages as GeoJSON",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def export_outages(conn: Connection, status: PlannedOutageStatus | None = None) -> Response:
    """Planned outages as a GeoJSON FeatureCollection to download, one Feature each."""
    features = [
        {
            "type": "Feature",
            "id": o.id,
            "geometry": o.geometry,
            "properties": _out(o).model_dump(mode="json", exclude={"geometry", "notices"}),
        }
        for o in service.list_outages(conn, status=status, limit=10_000)
    ]
    body = PlannedOutageCollection(features=features).model_dump_json()
    return Response(
        body,
        media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="planned_outages.geojson"'},
    )


class PlannedOutageCollection(BaseModel):
    """The GeoJSON FeatureCollection the planned outages' export writes."""

    type: str = "FeatureCollection"
    features: list[dict[str, Any]]


@router.get(
    "/api/v1/planned-outages/{outage_id}",
    response_model=PlannedOutageOut,
    summary="One planned outage",
)
def get_outage(outage_id: IntegerId, conn: Connection) -> BaseModel:
    """One planned outage: its area, window, status, revision and customers affected."""
    return _out(service.get(conn, outage_id))


@router.post(
    "/api/v1/planned-outages/{outage_id}/publish",
    response_model=PlannedOutageOut,
    summary="Publish a draft: one outage_notice per affected customer",
)
def publish_outage(outage_id: IntegerId, conn: Connection) -> BaseModel:
    """Publish a draft: every affected customer gets an outage_notice."""
    outage, counts = service.publish(conn, outage_id, datetime.now(UTC))
    return _out(outage, counts.by_kind)


@router.patch(
    "/api/v1/planned-outages/{outage_id}",
    response_model=PlannedOutageOut,
    summary="Edit, move along its lifecycle, or cancel a planned outage",
)
def patch_outage(outage_id: IntegerId, body: PlannedOutagePatch, conn: Connection) -> BaseModel:
    """Change a planned outage's text, window or area, or start, complete or cancel it."""
    changes = service.OutageChanges(
        title=body.title,
        reason=body.reason,
        starts_at=aware(body.starts_at) if body.starts_at else None,
        ends_at=aware(body.ends_at) if body.ends_at else None,
        area=_area(body.geometry),
        transformer_ids=tuple(body.transformer_ids) if body.transformer_ids is not None else None,
        status=PlannedOutageStatus(body.status) if body.status else None,
    )
    outage, counts = service.update(conn, outage_id, changes, datetime.now(UTC))
    return _out(outage, counts.by_kind)
