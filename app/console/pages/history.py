"""The outage history page (console audience): the reliability indices by month as a chart and
a table, the feeders ranked by SAIDI, and the outages that are over, filtered by period,
feeder and cause, each exported as CSV. Layout only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dash import dcc, html

from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, HistoryId
from outage.history import OutageCause, feeder_codes, last_twelve_months

PATH = "/history"


def _label(key: str, lang: Language) -> html.Span:
    return html.Span(text(key, lang), id={"type": TEXT_TYPE, "key": key})


def layout(**_query: str) -> html.Div:
    """Filters (period, by default the last twelve months; feeder; cause), then the report."""
    context = current_context()
    lang = Language.EN  # the language callbacks relabel on load
    with context.pool.connection() as conn:
        feeders = feeder_codes(conn)
    since, until = last_twelve_months(datetime.now(UTC), context.web.timezone)
    filters = html.Div(
        [
            html.Label([_label("hi_period", lang)]),
            dcc.DatePickerRange(
                id=HistoryId.PERIOD,
                start_date=since.date().isoformat(),
                end_date=(until - timedelta(days=1)).date().isoformat(),
                display_format="YYYY-MM-DD",
                minimum_nights=0,
            ),
            html.Label([_label("hi_feeder", lang)]),
            dcc.Dropdown(
                id=HistoryId.FEEDER,
                options=[{"label": code, "value": i} for i, code in feeders.items()],
                placeholder=text("hi_all_feeders", lang),
                style={"minWidth": "12rem"},
            ),
            html.Label([_label("hi_cause", lang)]),
            dcc.Dropdown(
                id=HistoryId.CAUSE,
                options=[
                    {"label": text(f"hi_cause_{c.value}", lang), "value": c.value}
                    for c in OutageCause
                ],
                placeholder=text("hi_all_causes", lang),
                style={"minWidth": "12rem"},
            ),
        ],
        className="gridops-actions-row gridops-history-filters",
    )
    exports = html.Div(
        [
            html.Button(_label("hi_export_indices", lang), id=HistoryId.EXPORT_INDICES),
            html.Button(_label("hi_export_feeders", lang), id=HistoryId.EXPORT_FEEDERS),
            html.Button(_label("hi_export_history", lang), id=HistoryId.EXPORT_HISTORY),
            dcc.Download(id=HistoryId.DOWNLOAD),
        ],
        className="gridops-actions-row",
    )
    return html.Div(
        [
            html.H2(_label("hi_heading", lang)),
            filters,
            html.P(id=HistoryId.DEFINITIONS, className="gridops-note"),
            html.Div(id=HistoryId.MESSAGE, className="gridops-error"),
            exports,
            dcc.Graph(id=HistoryId.CHART, config={"displaylogo": False}),
            html.H3(_label("hi_indices", lang)),
            html.Div(id=HistoryId.INDICES),
            html.H3(_label("hi_worst_feeders", lang)),
            html.Div(id=HistoryId.FEEDERS),
            html.Div(id=HistoryId.OUTAGES),
        ],
        className="gridops-history",
    )
