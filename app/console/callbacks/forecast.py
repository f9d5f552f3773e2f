"""Callbacks of the forecast pages: the horizon slider, the run, the table and its exports,
the backtest, and one transformer's charts (one report call each)."""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update

from app.console.components.forecast_panel import (
    build_backtest,
    build_risk_table,
    build_run_info,
    build_transformer_page,
)
from app.console.context import current_context
from app.console.i18n import Language
from app.console.ids import LAYER_TYPE, ForecastId, ShellId
from forecasting import report
from forecasting.models import RiskClass, RunKind
from forecasting.risk_export import risk_csv, risk_geopackage

F = ForecastId
TABLE_ROWS = 100


def register(app: Dash) -> None:
    """Register the forecast pages' callbacks: horizon, run, table, exports, backtest, charts."""
    # The slider moves the forecast layer over the horizon (months -> days in its URL).
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="horizonUrl"),
        Output({"type": LAYER_TYPE, "id": "forecast_risk"}, "url", allow_duplicate=True),
        Input(F.HORIZON, "value"),
        State({"type": LAYER_TYPE, "id": "forecast_risk"}, "url"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(F.RUN, "children"),
        Output(F.TABLE, "children"),
        Output(F.BACKTEST, "children"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def overview(lang: Any) -> tuple[Any, Any, Any]:
        language, zone = Language.parse(lang), current_context().web.timezone
        with current_context().pool.connection() as conn:
            run = report.latest_run(conn, RunKind.FORECAST)
            rows = report.risk_table(conn, run.id, TABLE_ROWS, RiskClass.WATCH) if run else []
            backtest = report.latest_run(conn, RunKind.BACKTEST)
            metrics = report.backtest_summary(conn, backtest.id) if backtest else []
        return (
            build_run_info(run, language, zone),
            build_risk_table(rows, language),
            build_backtest(backtest, metrics, language, zone),
        )

    @app.callback(
        Output(F.DOWNLOAD, "data"),
        Input(F.EXPORT_CSV, "n_clicks"),
        Input(F.EXPORT_GPKG, "n_clicks"),
        prevent_initial_call=True,
    )
    def export(_csv: int | None, _gpkg: int | None) -> Any:
        with current_context().pool.connection() as conn:
            run = report.latest_run(conn, RunKind.FORECAST)
            if run is None:
                return no_update
            rows = report.risk_table(conn, run.id, None, RiskClass.WATCH)
        name = f"transformers-at-risk-run{run.id}"
        if ctx.triggered_id == F.EXPORT_CSV:
            return dcc.send_string(risk_csv(rows), f"{name}.csv")
        return dcc.send_bytes(risk_geopackage(rows), f"{name}.gpkg")

    @app.callback(
        Output(F.CHARTS, "children"),
        Input(F.TRANSFORMER, "data"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def charts(transformer: str | None, lang: Any) -> Any:
        language, zone = Language.parse(lang), current_context().web.timezone
        try:
            transformer_id = int(transformer or "")
        except ValueError:
            transformer_id = -1
        with current_context().pool.connection() as conn:
            run = report.latest_run(conn, RunKind.FORECAST)
            found = (
                report.transformer_forecast(conn, run.id, transformer_id)
                if run and transformer_id > 0
                else None
            )
        return build_transformer_page(found, run, language, zone)
