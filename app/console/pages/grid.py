"""The grid map page (console audience): layout only."""

from __future__ import annotations

from dash import html

from app.console.components.feature_panel import build_feature_panel
from app.console.components.grid_map import Focus, build_grid_map
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import GridMapId

PATH = "/"


def layout(**query: str) -> html.Div:
    """The grid; ?lon=&lat=[&zoom=] (the map links in notices) opens it on a place."""
    context = current_context()
    extent = context.grid_extent()
    lang = Language.EN  # the language callback re-labels everything on load
    notice = (
        []
        if extent
        else [html.Div(text("no_grid", lang), id=GridMapId.NOTICE, className="gridops-notice")]
    )
    return html.Div(
        [
            *notice,
            html.Div(
                [
                    build_grid_map(extent, context.web, lang, focus=Focus.from_query(query)),
                    html.Div(
                        build_feature_panel(None, lang),
                        id=GridMapId.PANEL,
                        className="gridops-panel",
                    ),
                ],
                className="gridops-page",
            ),
        ],
        style={"display": "flex", "flexDirection": "column", "flex": "1 1 auto", "minHeight": 0},
    )
