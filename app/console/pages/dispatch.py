"""The dispatch page (console audience): reports arrive on the map without a reload; open
incidents listed; one selected shows its device, area and reports, why, and the dispatch
button. /dispatch?incident=<id> (a job's map link) opens with that incident selected."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.grid_map import build_grid_map
from app.console.components.map_legend import LegendEntry
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, DispatchId

PATH = "/dispatch"
REFRESH_MS = 5000  # new reports and incident changes show within this


def _selected(query: dict[str, str]) -> int | None:
    try:
        value = int(query.get("incident", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def layout(**query: str) -> html.Div:
    """The map with the reports layer, the open incidents, and the selected one's detail."""
    context = current_context()
    lang = Language.EN  # the language callbacks relabel on load
    extent = context.grid_extent()
    highlight = dl.GeoJSON(
        id=DispatchId.HIGHLIGHT,
        data=None,
        hideout={
            "layer": "incident",
            "color": "#67000d",
            "fillColor": "#fb6a4a",
            "weight": 3,
            "fillOpacity": 0.25,
            "radius": 9,
            "dashArray": "",
        },
        style={"variable": "gridops.map.style"},
        pointToLayer={"variable": "gridops.map.pointToLayer"},
        onEachFeature={"variable": "gridops.map.onEachFeature"},
    )
    return html.Div(
        [
            dcc.Store(id=DispatchId.SELECTED, data=_selected(query)),
            dcc.Store(id=DispatchId.CHANGED, data=0),
            dcc.Store(id=DispatchId.VIEW),
            dcc.Interval(id=DispatchId.REFRESH, interval=REFRESH_MS),
            build_grid_map(
                extent,
                context.web,
                lang,
                extra=[highlight],
                legend=(LegendEntry("lg_incident", "#fb6a4a"),),
            ),
            html.Div(
                [
                    html.H2(text("dp_heading", lang), id={"type": TEXT_TYPE, "key": "dp_heading"}),
                    html.Div(id=DispatchId.LIST),
                    html.Div(id=DispatchId.MESSAGE, role="status"),
                    html.Hr(),
                    html.Div(id=DispatchId.DETAIL),
                ],
                className="gridops-panel gridops-panel-table",
            ),
        ],
        className="gridops-page",
    )
