"""Planned outages for operators: preview, create, publish, edit, cancel, list, export."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import Response
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import IntegerId, Limit
from app.api.times import aware
from gis.geometry import DrawnArea, parse_area
from outage import planned_outage as service
from outage.models import OutagePreview, PlannedOutage, PlannedOutageStatus

router = audience_router(Audience.CONSOLE)


class AreaIn(BaseModel):
    geometry: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection"
    )
    transformer_ids: list[IntegerId] = Field(default_factory=list, max_length=5000)


class PlannedOutageIn(AreaIn):
    title: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=1000)
    starts_at: datetime = Field(description="ISO 8601; without a zone, read in GRIDOPS_TIMEZONE")
    ends_at: datetime


class PlannedOutagePatch(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    reason: str | None = Field(default=None, min_length=1, max_length=1000)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    geometry: dict[str, Any] | None = None
    transformer_ids: list[IntegerId] | None = Field(default=None, max_length=5000)
    status: Literal["in_progress", "completed", "cancelled"] | None = None


class CustomerOut(BaseModel):
    id: int
    account_no: str
    customer_type: str
    transformer_code: str


class PreviewOut(BaseModel):
    customers: int
    customers_by_type: dict[str, int]
    transformers: list[str]
    feeders: list[str]
    customer_sample: list[CustomerOut]
    supply_area_union: dict[str, Any] | None
    repair: str = Field(description="what was repaired in the drawn geometry; empty if nothing")


class PlannedOutageOut(BaseModel):
    id: int
    title: str
    reason: str
    starts_at: datetime
    ends_at: datetime
    status: PlannedOutageStatus
    geometry: dict[str, Any]
    transformer_ids: list[int]
    revision: int
    repair: str
    customers_affected: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    notices: dict[str, int] = Field(default_factory=dict, description="notices this change wrote")


def _area(geometry: dict[str, Any] | None) -> DrawnArea | None:
    return None if geometry is None else parse_area(geometry)


def _out(outage: PlannedOutage, notices: dict[str, int] | None = None) -> PlannedOutageOut:
    return PlannedOutageOut(**outage.__dict__, notices=notices or {})


def _preview_out(preview: OutagePreview) -> PreviewOut:
    return PreviewOut(
        **{**preview.__dict__, "customer_sample": [c.__dict__ for c in preview.customer_sample]}
    )


@router.post(
    "/api/v1/planned-outages/preview",
    response_model=PreviewOut,
    summary="What an area or picked transformers would affect",
)
def preview_outage(body: AreaIn, conn: Connection) -> PreviewOut:
    return _preview_out(service.preview(conn, _area(body.geometry), tuple(body.transformer_ids)))


@router.post(
    "/api/v1/planned-outages",
    response_model=PlannedOutageOut,
    status_code=201,
    summary="Create a draft planned outage",
)
def create_outage(body: PlannedOutageIn, conn: Connection) -> PlannedOutageOut:
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
    response_model=list[PlannedOutageOut],
    summary="Planned outages, newest first",
)
def list_outages(
    conn: Connection, status: PlannedOutageStatus | None = None, limit: Limit = 200
) -> list[PlannedOutageOut]:
    return [_out(o) for o in service.list_outages(conn, status=status, limit=limit)]


@router.get(
    "/api/v1/planned-outages.geojson",
    summary="Planned outages as GeoJSON",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def export_outages(conn: Connection, status: PlannedOutageStatus | None = None) -> Response:
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
    type: str = "FeatureCollection"
    features: list[dict[str, Any]]


@router.get(
    "/api/v1/planned-outages/{outage_id}",
    response_model=PlannedOutageOut,
    summary="One planned outage",
)
def get_outage(outage_id: IntegerId, conn: Connection) -> PlannedOutageOut:
    return _out(service.get(conn, outage_id))


@router.post(
    "/api/v1/planned-outages/{outage_id}/publish",
    response_model=PlannedOutageOut,
    summary="Publish a draft: one outage_notice per affected customer",
)
def publish_outage(outage_id: IntegerId, conn: Connection) -> PlannedOutageOut:
    outage, counts = service.publish(conn, outage_id, datetime.now(UTC))
    return _out(outage, counts.by_kind)


@router.patch(
    "/api/v1/planned-outages/{outage_id}",
    response_model=PlannedOutageOut,
    summary="Edit, move along its lifecycle, or cancel a planned outage",
)
def patch_outage(
    outage_id: IntegerId, body: PlannedOutagePatch, conn: Connection
) -> PlannedOutageOut:
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
