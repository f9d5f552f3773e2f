"""Callbacks of the outage history page: the filters' labels, the report of the scope (one
service call) and its CSV exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, dcc, no_update

from app.console.components.history_panel import (
    build_feeders_table,
    build_indices_figure,
    build_indices_table,
    build_outage_list,
)
from app.console.context import current_context
from app.console.errors import error_message
from app.console.i18n import Language, text
from app.console.ids import HistoryId, ShellId
from gis.errors import RejectedInputError
from gis.local_time import local
from outage.history import HistoryScope, OutageCause, outage_history
from outage.history_export import history_csv, indices_csv
from outage.reliability import history_report, reliability_indices

H = HistoryId
SCOPE_INPUTS = (
    Input(H.PERIOD, "start_date"),
    Input(H.PERIOD, "end_date"),
    Input(H.FEEDER, "value"),
    Input(H.CAUSE, "value"),
)


def parse_scope(
    start: str | None, end: str | None, feeder: int | None, cause: str | None, zone: str
) -> HistoryScope:
    """The page's filters: whole days in the configured zone, the end day included."""
    try:
        first, last = date.fromisoformat(start or ""), date.fromisoformat(end or "")
    except ValueError:
        raise RejectedInputError("since: choose a period", field="since") from None
    since = local(datetime(first.year, first.month, first.day), zone)
    until = local(datetime(last.year, last.month, last.day) + timedelta(days=1), zone)
    return HistoryScope(since, until, feeder, OutageCause(cause) if cause else None)


def register(app: Dash) -> None:
    """Register the outage history page's callbacks: filter labels, the report, CSV exports."""

    @app.callback(
        Output(H.FEEDER, "placeholder"),
        Output(H.CAUSE, "placeholder"),
        Output(H.CAUSE, "options"),
        Output(H.DEFINITIONS, "children"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def labels(lang: str | None) -> tuple[str, str, list[dict[str, str]], str]:
        language, zone = Language.parse(lang), current_context().web.timezone
        options = [
            {"label": text(f"hi_cause_{c.value}", language), "value": c.value} for c in OutageCause
        ]
        definitions = text("hi_definitions", language).format(zone=zone)
        return (
            text("hi_all_feeders", language),
            text("hi_all_causes", language),
            options,
            definitions,
        )

    @app.callback(
        Output(H.MESSAGE, "children"),
        Output(H.CHART, "figure"),
        Output(H.INDICES, "children"),
        Output(H.FEEDERS, "children"),
        Output(H.OUTAGES, "children"),
        *SCOPE_INPUTS,
        Input(ShellId.LANGUAGE, "data"),
    )
    def show(start: Any, end: Any, feeder: Any, cause: Any, lang: Any) -> tuple[Any, ...]:
        language, zone = Language.parse(lang), current_context().web.timezone
        try:
            scope = parse_scope(start, end, feeder, cause, zone)
            with current_context().pool.connection() as conn:
                report = history_report(conn, scope, zone=zone)
        except RejectedInputError as exc:
            return error_message(exc, language), go.Figure(), [], [], []
        return (
            "",
            build_indices_figure(report.indices, report.feeder_code, language),
            build_indices_table(report.indices, language),
            build_feeders_table(report.by_feeder, language),
            build_outage_list(report.page, language, zone),
        )

    @app.callback(
        Output(H.DOWNLOAD, "data"),
        Input(H.EXPORT_INDICES, "n_clicks"),
        Input(H.EXPORT_FEEDERS, "n_clicks"),
        Input(H.EXPORT_HISTORY, "n_clicks"),
        *(State(i.component_id, i.component_property) for i in SCOPE_INPUTS),
        prevent_initial_call=True,
    )
    def export(_i: Any, _f: Any, _h: Any, start: Any, end: Any, feeder: Any, cause: Any) -> Any:
        zone = current_context().web.timezone
        try:
            scope = parse_scope(start, end, feeder, cause, zone)
        except RejectedInputError:
            return no_update
        name = f"{scope.since.date()}_{(scope.until - timedelta(days=1)).date()}"
        with current_context().pool.connection() as conn:
            if ctx.triggered_id == H.EXPORT_HISTORY:
                records = outage_history(conn, scope, None).records
                return dcc.send_string(history_csv(records, zone), f"outage-history_{name}.csv")
            by_feeder = ctx.triggered_id == H.EXPORT_FEEDERS
            rows = reliability_indices(conn, scope, by_feeder=by_feeder, zone=zone)
        kind = "by-feeder" if by_feeder else "by-month"
        return dcc.send_string(indices_csv(rows), f"reliability-indices-{kind}_{name}.csv")
