"""The planner's forecast page (console audience): transformers coloured by forecast loading
with a slider over the horizon, the ranked table of transformers at risk (CSV and GeoPackage
export), and the latest backtest."""

from __future__ import annotations

from dash import dcc, html

from app.console.components.grid_map import build_grid_map
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, ForecastId

PATH = "/forecast"
HORIZON_MONTHS = 12


def _label(key: str, lang: Language) -> html.Span:
    return html.Span(text(key, lang), id={"type": TEXT_TYPE, "key": key})


def layout(**_query: str) -> html.Div:
    """The forecast risk map with its horizon slider, the ranked table and the backtest."""
    context = current_context()
    lang = Language.EN  # the language callbacks relabel on load
    extent = context.grid_extent()
    shown = {"forecast_risk": True, "transformers": False, "customers": False}
    return html.Div(
        [
            build_grid_map(extent, context.web, lang, shown=shown),
            html.Div(
                [
                    html.H2(_label("fc_heading", lang)),
                    html.Div(id=ForecastId.RUN),
                    html.Label(_label("fc_horizon", lang)),
                    dcc.Slider(
                        id=ForecastId.HORIZON,
                        min=1,
                        max=HORIZON_MONTHS,
                        step=1,
                        value=HORIZON_MONTHS,
                        marks={m: str(m) for m in (1, 3, 6, 9, 12)},
                    ),
                    html.H3(_label("fc_at_risk", lang)),
                    html.Div(
                        [
                            html.Button(_label("fc_export_csv", lang), id=ForecastId.EXPORT_CSV),
                            html.Button(_label("fc_export_gpkg", lang), id=ForecastId.EXPORT_GPKG),
                            dcc.Download(id=ForecastId.DOWNLOAD),
                        ],
                        className="gridops-actions-row",
                    ),
                    html.Div(id=ForecastId.TABLE),
                    html.H3(_label("fc_backtest", lang)),
                    html.Div(id=ForecastId.BACKTEST),
                ],
                className="gridops-panel gridops-panel-wide",
            ),
        ],
        className="gridops-page",
    )
