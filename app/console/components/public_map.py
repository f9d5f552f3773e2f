"""The map of the public pages (outage lookup, fault report): the basemap tiles when the
utility has them, the grid backdrop (components/grid_backdrop.py) so that a map without
tiles still shows where it is, a layer for the tapped place's marker, and what the page
draws on top. Pure: the layout passes the view, the backdrop and the settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_leaflet as dl

from app.console.components.grid_backdrop import build_grid_backdrop
from app.console.components.grid_map import initial_zoom
from layers.query import BBox

PUBLIC_MAP_CLASS = "gridops-public-map"
TAP_MARKER_RADIUS = 8


def build_public_map(
    map_id: str,
    marker_id: str,
    view: BBox,
    backdrop: dict[str, Any],
    basemap_url: str = "",
    basemap_attribution: str = "",
    overlays: Sequence[Any] = (),
    bounds: list[list[float]] | None = None,
) -> dl.Map:
    """The public map of a view (of a phone's size), or fitted to `bounds` when given."""
    children: list[Any] = []
    if basemap_url:
        children.append(dl.TileLayer(url=basemap_url, attribution=basemap_attribution))
    children.append(build_grid_backdrop(backdrop))  # the grid, with or without tiles
    children.append(dl.LayerGroup(id=marker_id))
    children.extend(overlays)
    where: dict[str, Any] = (
        {"bounds": bounds}
        if bounds is not None
        else {
            "center": [(view.minlat + view.maxlat) / 2, (view.minlon + view.maxlon) / 2],
            "zoom": initial_zoom(view, 400, 300),
        }
    )
    return dl.Map(children, id=map_id, className=PUBLIC_MAP_CLASS, **where)


def build_tap_marker(place: tuple[float, float] | None) -> list[Any]:
    """The marker of a tapped place (lon, lat), for the map's marker layer; none without one."""
    if place is None:
        return []
    return [dl.CircleMarker(center=[place[1], place[0]], radius=TAP_MARKER_RADIUS)]
