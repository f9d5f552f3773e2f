"""One transformer's forecast (console audience): history, the hourly forecast with its
interval, the daily peaks for a year against the capacity, and what each appliance type adds."""

from __future__ import annotations

from dash import dcc, html

from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, ForecastId

PATH_TEMPLATE = "/forecast/transformer/<transformer_id>"


def layout(transformer_id: str = "", **_query: str) -> html.Div:
    """One transformer's forecast charts (filled by the callbacks), linked back to /forecast."""
    lang = Language.EN  # the language callbacks relabel on load
    return html.Div(
        [
            dcc.Store(id=ForecastId.TRANSFORMER, data=transformer_id),
            dcc.Link(
                text("fc_back", lang),
                href="/forecast",
                id={"type": TEXT_TYPE, "key": "fc_back"},
            ),
            dcc.Loading(html.Div(id=ForecastId.CHARTS)),
        ],
        className="gridops-report",
    )
