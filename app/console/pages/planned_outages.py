"""The planned-outage page (console audience): draw or pick an area, preview, publish."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.feature_panel import build_feature_panel
from app.console.components.grid_map import build_grid_map
from app.console.components.map_legend import DRAWN_AREA, LegendEntry
from app.console.components.outage_panel import build_outage_list, build_picked, build_preview
from app.console.components.zone_hint import build_zone_hint
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, GridMapId, PlannedOutageId
from layers.query import feeder_transformers
from outage.planned_outage import list_outages

PATH = "/planned-outages"
DRAW_TOOLS = {
    "polygon": True,
    "rectangle": True,
    "polyline": False,
    "circle": False,
    "marker": False,
    "circlemarker": False,
}


def _label(key: str, lang: Language) -> html.Label:
    return html.Label(text(key, lang), id={"type": TEXT_TYPE, "key": key})


def _words(key: str, lang: Language) -> html.Span:
    """A button's words, relabelled with the language (the button keeps its own id)."""
    return html.Span(text(key, lang), id={"type": TEXT_TYPE, "key": key})


def _form(lang: Language, feeders: list[tuple[int, str, str, list[int]]], zone: str) -> html.Div:
    options = [
        {"label": f"{code} ({substation})", "value": feeder_id}
        for feeder_id, code, substation, _ in feeders
    ]
    return html.Div(
        [
            html.H2(text("po_heading", lang), id={"type": TEXT_TYPE, "key": "po_heading"}),
            html.P(text("po_hint", lang), id={"type": TEXT_TYPE, "key": "po_hint"}),
            _label("po_title", lang),
            dcc.Input(id=PlannedOutageId.TITLE, type="text", maxLength=200),
            _label("po_reason", lang),
            dcc.Textarea(id=PlannedOutageId.REASON, maxLength=1000, style={"height": "3em"}),
            _label("po_start_local", lang),
            dcc.Input(id=PlannedOutageId.START, type="text", placeholder="2026-12-01 09:00"),
            _label("po_end_local", lang),
            dcc.Input(id=PlannedOutageId.END, type="text", placeholder="2026-12-01 17:00"),
            build_zone_hint(lang, zone, "po-zone"),
            _label("po_feeder", lang),
            dcc.Dropdown(id=PlannedOutageId.FEEDER, options=options),
            _label("po_picked", lang),
            html.Div(build_picked([]), id=PlannedOutageId.PICKED_LIST),
            html.Button(_words("po_clear", lang), id=PlannedOutageId.CLEAR, n_clicks=0),
            html.H2(text("po_preview", lang), id={"type": TEXT_TYPE, "key": "po_preview"}),
            dcc.Loading(html.Div(build_preview(None, None, lang), id=PlannedOutageId.PREVIEW)),
            html.Button(_words("po_save", lang), id=PlannedOutageId.SAVE, n_clicks=0),
            dcc.ConfirmDialogProvider(
                html.Button(_words("po_publish", lang), id=PlannedOutageId.PUBLISH, n_clicks=0),
                id=PlannedOutageId.PUBLISH_CONFIRM,
                message=text("po_publish_confirm_nothing", lang),
            ),
            html.Div(id=PlannedOutageId.MESSAGE),
        ],
        className="gridops-form",
    )


def layout(**_query: str) -> html.Div:
    """The map to draw or pick the area, the outage form, its preview and the outages so far."""
    context = current_context()
    lang = Language.EN  # the language callbacks relabel on load
    extent = context.grid_extent()
    with context.pool.connection() as conn:
        feeders = feeder_transformers(conn)
        outages = list_outages(conn, limit=50)
    drawing = dl.FeatureGroup(
        [dl.EditControl(id=PlannedOutageId.DRAW, draw=DRAW_TOOLS, position="topleft")]
    )
    preview_layer = dl.GeoJSON(
        id=PlannedOutageId.PREVIEW_LAYER,
        data=None,
        # styled by gridops.map.style, which also gives the paths the class gridops-preview
        hideout={
            "layer": "preview",
            "color": "#e6550d",
            "fillColor": "#e6550d",
            "weight": 3,
            "fillOpacity": 0.1,
            "dashArray": "6 4",
        },
        style={"variable": "gridops.map.style"},
    )
    return html.Div(
        [
            dcc.Store(id=PlannedOutageId.PICKED, data=[]),
            build_grid_map(
                extent,
                context.web,
                lang,
                extra=[drawing, preview_layer],
                legend=(DRAWN_AREA, LegendEntry("lg_outage_preview", "#e6550d")),
            ),
            html.Div(
                [
                    _form(lang, feeders, context.web.timezone),
                    html.H2(text("po_list", lang), id={"type": TEXT_TYPE, "key": "po_list"}),
                    html.Div(
                        build_outage_list(outages, lang, context.web.timezone),
                        id=PlannedOutageId.LIST,
                    ),
                    html.Hr(),
                    html.Div(build_feature_panel(None, lang), id=GridMapId.PANEL),
                ],
                className="gridops-panel",
            ),
        ],
        className="gridops-page",
    )
