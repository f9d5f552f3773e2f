"""Map layers as GeoJSON for the current view: GET /api/v1/layers/{layer_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.problem import ProblemError
from layers.catalog import LAYERS, find_layer
from layers.query import (
    DEFAULT_HORIZON_DAYS,
    MAX_HORIZON_DAYS,
    MAX_ZOOM,
    MIN_ZOOM,
    BBox,
    fetch_layer,
)

router = audience_router(Audience.CONSOLE)


class LayerInfo(BaseModel):
    """A map layer as the console lists it: titles, geometry, zoom and where its features are."""

    id: str = Field(description="the layer")
    title_en: str = Field(description="its title in English")
    title_zh: str = Field(description="its title in Chinese")
    geometry: str = Field(description="point, line or polygon")
    min_zoom: int = Field(description="the lowest zoom it is shown at")
    visible: bool = Field(description="shown when the map opens")
    url: str = Field(description="where its features are (GeoJSON, with bbox and zoom)")


@router.get("/api/v1/layers", response_model=list[LayerInfo], summary="The map layers")
def list_layers() -> list[LayerInfo]:
    """Every map layer: its titles, geometry, when it is shown, and the URL of its features."""
    return [
        LayerInfo(
            id=layer.id.value,
            title_en=layer.title_en,
            title_zh=layer.title_zh,
            geometry=layer.geometry.value,
            min_zoom=layer.min_zoom,
            visible=layer.visible,
            url=f"/api/v1/layers/{layer.id.value}",
        )
        for layer in LAYERS
    ]


@router.get(
    "/api/v1/layers/{layer_id}",
    summary="A layer's features in a view, as GeoJSON",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def get_layer(
    layer_id: str,
    conn: Connection,
    bbox: Annotated[str, Query(description="minlon,minlat,maxlon,maxlat in WGS-84")],
    zoom: Annotated[
        int, Query(ge=MIN_ZOOM, le=MAX_ZOOM, description=f"map zoom, {MIN_ZOOM}..{MAX_ZOOM}")
    ] = 14,
    horizon: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_HORIZON_DAYS,
            description=f"days ahead, 0..{MAX_HORIZON_DAYS}, for the forecast layer",
        ),
    ] = DEFAULT_HORIZON_DAYS,
) -> Response:
    """The layer's features in the bounding box at the zoom, as a GeoJSON FeatureCollection."""
    layer = find_layer(layer_id)
    if layer is None:
        known = ", ".join(item.id.value for item in LAYERS)
        raise ProblemError(
            404,
            "Unknown layer",
            f"no layer {layer_id!r}; layers: {known}",
            field="layer_id",
            kind="unknown-layer",
        )
    try:
        view = BBox.parse(bbox)
    except ValueError as exc:
        raise ProblemError(
            422, "Malformed bbox", str(exc), field="bbox", kind="invalid-bbox"
        ) from None
    return Response(
        fetch_layer(conn, layer, view, zoom, horizon), media_type="application/geo+json"
    )
