"""The demand response page (console audience): events planned, active and done; the selected
event's target on the map, its live response count and, once measured, its results; a form to
target a drawn area or the transformers forecast above a loading, preview and publish."""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.dr_panel import (
    build_detail,
    build_results_chart,
    cancel_style,
    event_options,
    program_options,
)
from app.console.components.grid_map import build_grid_map
from app.console.components.map_legend import DRAWN_AREA, LegendEntry
from app.console.components.zone_hint import build_zone_hint
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, DrId
from dr.event import list_events
from dr.program import list_programs

PATH = "/dr"
DRAW_TOOLS = {
    "polygon": True,
    "rectangle": True,
    "polyline": False,
    "circle": False,
    "marker": False,
    "circlemarker": False,
}
REFRESH_MS = 5_000


def _label(key: str, lang: Language) -> html.Label:
    return html.Label(text(key, lang), id={"type": TEXT_TYPE, "key": key})


def _form(lang: Language, programs: list[dict[str, Any]], zone: str) -> html.Div:
    return html.Div(
        [
            html.H2(text("dr_create", lang), id={"type": TEXT_TYPE, "key": "dr_create"}),
            html.P(text("dr_hint", lang), id={"type": TEXT_TYPE, "key": "dr_hint"}),
            _label("dr_program", lang),
            dcc.Dropdown(
                id=DrId.PROGRAM,
                options=programs,
                value=programs[0]["value"] if programs else None,
                clearable=False,
            ),
            _label("dr_title", lang),
            dcc.Input(id=DrId.TITLE, type="text", maxLength=200),
            _label("dr_start", lang),
            dcc.Input(id=DrId.START, type="text", placeholder="2026-12-01 18:00"),
            _label("dr_end", lang),
            dcc.Input(id=DrId.END, type="text", placeholder="2026-12-01 20:00"),
            build_zone_hint(lang, zone, "dr-zone"),
            _label("dr_target_kw", lang),
            dcc.Input(id=DrId.TARGET_KW, type="number", min=1),
            _label("dr_min_loading", lang),
            dcc.Input(id=DrId.MIN_LOADING, type="number", min=1),
            html.Button(text("dr_preview", lang), id=DrId.PREVIEW_BUTTON, n_clicks=0),
            html.Button(text("dr_publish", lang), id=DrId.PUBLISH, n_clicks=0),
            html.Div(id=DrId.PREVIEW),
            html.Div(id=DrId.MESSAGE),
        ],
        className="gridops-form",
    )


def layout(event: str | None = None, **_query: str) -> html.Div:
    """The DR events to choose from, the target on the map and the form for a new event."""
    context = current_context()
    lang = Language.EN  # the language callbacks relabel on load
    extent = context.grid_extent()
    with context.pool.connection() as conn:
        events = list_events(conn, limit=100)
        programs = program_options(list_programs(conn))
    options = event_options(events, lang, context.web.timezone)
    chosen = int(event) if event and event.isdigit() else (options[0]["value"] if options else None)
    drawing = dl.FeatureGroup([dl.EditControl(id=DrId.DRAW, draw=DRAW_TOOLS, position="topleft")])
    target = dl.GeoJSON(
        id=DrId.TARGET_LAYER,
        data=None,
        hideout={
            "layer": "preview",
            "color": "#3182bd",
            "fillColor": "#3182bd",
            "weight": 3,
            "fillOpacity": 0.1,
        },
        style={"variable": "gridops.map.style"},
    )
    return html.Div(
        [
            dcc.Interval(id=DrId.TICK, interval=REFRESH_MS),
            build_grid_map(
                extent,
                context.web,
                lang,
                extra=[drawing, target],
                legend=(DRAWN_AREA, LegendEntry("lg_dr_target", "#3182bd")),
            ),
            html.Div(
                [
                    html.H2(text("dr_heading", lang), id={"type": TEXT_TYPE, "key": "dr_heading"}),
                    dcc.RadioItems(id=DrId.EVENTS, options=options, value=chosen),
                    html.Div(build_detail(None, None, lang), id=DrId.DETAIL),
                    html.Div(  # shown for an event that can still be called off
                        dcc.ConfirmDialogProvider(
                            html.Button(
                                text("dr_cancel", lang),
                                id={"type": TEXT_TYPE, "key": "dr_cancel"},
                                n_clicks=0,
                            ),
                            id=DrId.CANCEL_CONFIRM,
                            message=text("dr_cancel_confirm", lang),
                        ),
                        id=DrId.CANCEL_BOX,
                        style=cancel_style(None),
                    ),
                    html.Div(id=DrId.CANCEL_MESSAGE, className="dr-cancel-message"),
                    html.Div(
                        build_results_chart(None, lang, context.web.timezone), id=DrId.CHART_SLOT
                    ),
                    html.Hr(),
                    _form(lang, programs, context.web.timezone),
                ],
                className="gridops-panel",
            ),
        ],
        className="gridops-page",
    )
