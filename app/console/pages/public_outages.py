"""The public outage lookup page (public audience): no login, mobile-friendly. With
?planned_outage=N (the link of every outage notice) it shows that outage — window, reason,
status — and its area on the map, in the language of ?lang=."""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.grid_backdrop import build_backdrop_legend, build_grid_backdrop
from app.console.components.grid_map import DEFAULT_BOUNDS, initial_zoom
from app.console.components.public_subject import build_planned_outage
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, PublicOutageId
from layers.query import grid_backdrop
from outage.public_lookup import announced_outage

PATH = "/public/outages"
EN = Language.EN  # the language callbacks relabel on load


def layout(planned_outage: str | None = None, lang: str | None = None, **_query: str) -> html.Div:
    context = current_context()
    view = context.grid_extent() or DEFAULT_BOUNDS
    with context.pool.connection() as conn:
        backdrop = grid_backdrop(conn, view, transformers=False)
        outage = announced_outage(conn, planned_outage)
    children: list[object] = []
    if context.web.basemap_url:
        children.append(
            dl.TileLayer(url=context.web.basemap_url, attribution=context.web.basemap_attribution)
        )
    children.append(build_grid_backdrop(backdrop))  # the grid, with or without tiles
    children.append(dl.LayerGroup(id=PublicOutageId.MARKER))
    where: dict[str, object] = {
        "center": [(view.minlat + view.maxlat) / 2, (view.minlon + view.maxlon) / 2],
        "zoom": initial_zoom(view, 400, 300),
    }
    if outage is not None:
        children.append(
            dl.GeoJSON(
                data={"type": "Feature", "geometry": outage.geometry, "properties": {}},
                id=PublicOutageId.OUTAGE_AREA,
                style={"color": "#d73027", "fillOpacity": 0.35, "weight": 2},
            )
        )
        where = {"bounds": _bounds(outage.geometry)}
    public_map = dl.Map(children, id=PublicOutageId.MAP, className="gridops-public-map", **where)
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
