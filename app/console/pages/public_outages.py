"""The public outage lookup page (public audience): no login, mobile-friendly."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.grid_backdrop import build_backdrop_legend, build_grid_backdrop
from app.console.components.grid_map import DEFAULT_BOUNDS, initial_zoom
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, PublicOutageId
from layers.query import grid_backdrop

PATH = "/public/outages"
EN = Language.EN  # the language callbacks relabel on load


def layout(**_query: str) -> html.Div:
    context = current_context()
    view = context.grid_extent() or DEFAULT_BOUNDS
    with context.pool.connection() as conn:
        backdrop = grid_backdrop(conn, view, transformers=False)
    children: list[object] = []
    if context.web.basemap_url:
        children.append(
            dl.TileLayer(url=context.web.basemap_url, attribution=context.web.basemap_attribution)
        )
    children.append(build_grid_backdrop(backdrop))  # the grid, with or without tiles
    children.append(dl.LayerGroup(id=PublicOutageId.MARKER))
    public_map = dl.Map(
        children,
        id=PublicOutageId.MAP,
        className="gridops-public-map",
        center=[(view.minlat + view.maxlat) / 2, (view.minlon + view.maxlon) / 2],
        zoom=initial_zoom(view, 400, 300),
    )
    return html.Div(
        [
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
