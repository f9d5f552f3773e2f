"""The grid under the public and crew maps: territory, feeders, substations (and transformers
on a street view), drawn from the layout's own data so that a map without basemap tiles
(offline, or blocked) still shows where it is. Not interactive: a tap goes to the map."""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl
from dash import html

from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE

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


# (text key, swatch CSS class, colour, border): as gridops.map.backdropStyles draws them
BACKDROP_KEYS = (
    ("lg_backdrop_territory", "swatch-polygon", "#fbf8ef", "#6a51a3"),
    ("lg_backdrop_feeders", "swatch-line", "#08519c", "#08519c"),
    ("lg_backdrop_substations", "swatch-point", "#ffd700", "#000000"),
    ("lg_backdrop_transformers", "swatch-point", "#bdbdbd", "#333333"),
)


def build_backdrop_legend(lang: Language, transformers: bool) -> html.Div:
    """The backdrop's legend, for under the map; labels follow the language."""
    rows = [
        html.Span(
            [
                html.Span(
                    className=f"swatch {css}", style={"background": fill, "borderColor": edge}
                ),
                html.Span(text(key, lang), id={"type": TEXT_TYPE, "key": key}),
            ],
            className="gridops-legend-entry",
        )
        for key, css, fill, edge in BACKDROP_KEYS
        if transformers or key != "lg_backdrop_transformers"
    ]
    return html.Div(rows, className="gridops-legend gridops-backdrop-legend")
