"""The grid under the public and crew maps: territory, feeders, substations (and transformers
on a street view), drawn from the layout's own data so that a map without basemap tiles
(offline, or blocked) still shows where it is. Not interactive: a tap goes to the map."""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl

BACKDROP_PANE = "gridops-backdrop"
BACKDROP_Z_INDEX = 350  # above the tiles (200), below what a page draws (overlay pane, 400)


def build_grid_backdrop(collection: dict[str, Any]) -> dl.Pane:
    """The backdrop of a GeoJSON FeatureCollection from layers.query.grid_backdrop."""
    return dl.Pane(
        dl.GeoJSON(
            data=collection,
            interactive=False,
            style={"variable": "gridops.map.backdropStyle"},
            pointToLayer={"variable": "gridops.map.backdropPoint"},
        ),
        name=BACKDROP_PANE,
        style={"zIndex": BACKDROP_Z_INDEX},
    )
