"""The public outage lookup page (public audience): no login, mobile-friendly. With
?planned_outage=N (the link of every outage notice) it shows that outage — window, reason,
status — and its area on the map, in the language of ?lang=."""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.grid_backdrop import build_backdrop_legend
from app.console.components.grid_map import DEFAULT_BOUNDS
from app.console.components.public_map import build_public_map
from app.console.components.public_subject import build_planned_outage
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, PublicOutageId
from outage.public_lookup import announced_outage

PATH = "/public/outages"
EN = Language.EN  # the language callbacks relabel on load


def layout(planned_outage: str | None = None, lang: str | None = None, **_query: str) -> html.Div:
    """The lookup map and account box; with ?planned_outage=N, that outage and its area."""
    context = current_context()
    view = context.grid_extent() or DEFAULT_BOUNDS
    outage = None
    if planned_outage is not None:  # the plain lookup page asks the database nothing
        with context.pool.connection() as conn:
            outage = announced_outage(conn, planned_outage)
    overlays = (
        [
            dl.GeoJSON(
                data={"type": "Feature", "geometry": outage.geometry, "properties": {}},
                id=PublicOutageId.OUTAGE_AREA,
                style={"color": "#d73027", "fillOpacity": 0.35, "weight": 2},
            )
        ]
        if outage is not None
        else []
    )
    public_map = build_public_map(
        PublicOutageId.MAP,
        PublicOutageId.MARKER,
        view,
        context.public_backdrop(view),
        context.web.basemap_url,
        context.web.basemap_attribution,
        overlays=overlays,
        bounds=_bounds(outage.geometry) if outage is not None else None,
    )
    shown: list[Any] = []
    if planned_outage is not None:
        shown = build_planned_outage(outage, Language.parse(lang))
    return html.Div(
        [
            dcc.Store(id=PublicOutageId.OUTAGE_KEY, data=planned_outage),
            html.Div(shown, id=PublicOutageId.OUTAGE, className="gridops-public-answer"),
            dcc.Store(id=PublicOutageId.POSITION),
            html.H2(text("pub_heading", EN), id={"type": TEXT_TYPE, "key": "pub_heading"}),
            html.P(text("pub_hint", EN), id={"type": TEXT_TYPE, "key": "pub_hint"}),
            html.Button(text("pub_locate", EN), id=PublicOutageId.LOCATE, n_clicks=0),
            html.Div(
                [
                    dcc.Input(
                        id=PublicOutageId.ACCOUNT,
                        type="text",
                        maxLength=40,
                        placeholder=text("pub_account", EN),
                    ),
                    html.Button(
                        text("pub_check", EN), id=PublicOutageId.ACCOUNT_BUTTON, n_clicks=0
                    ),
                ],
                className="gridops-public-account",
            ),
            public_map,
            build_backdrop_legend(EN, transformers=False),
            html.Div(id=PublicOutageId.ANSWER, className="gridops-public-answer", role="status"),
        ],
        className="gridops-public",
    )


def _bounds(geometry: dict) -> list[list[float]]:
    """[[south, west], [north, east]] of a GeoJSON (Multi)Polygon."""
    rings = (
        geometry["coordinates"]
        if geometry["type"] == "Polygon"
        else [ring for polygon in geometry["coordinates"] for ring in polygon]
    )
    lons = [point[0] for ring in rings for point in ring]
    lats = [point[1] for ring in rings for point in ring]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
