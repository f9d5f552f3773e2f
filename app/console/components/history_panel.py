"""The history page's pieces: the indices table and chart, the feeders ranked by SAIDI and the
list of outages. Pure functions of outage.history and outage.reliability records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from app.console.i18n import Language, text
from gis.local_time import format_span
from outage.history import HistoryPage, OutageKind, OutageRecord
from outage.reliability import ReliabilityRow

KIND_COLORS = {OutageKind.UNPLANNED: "#d73027", OutageKind.PLANNED: "#4575b4"}
WORST_FEEDERS = 10
INDEX_COLUMNS = (
    "hi_col_month",
    "hi_col_kind",
    "hi_col_served",
    "hi_col_interruptions",
    "hi_col_customer_minutes",
    "hi_col_momentary",
    "hi_col_saifi",
    "hi_col_saidi",
    "hi_col_caidi",
    "hi_col_maifi",
)


def _index(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def format_duration(seconds: int, lang: Language) -> str:
    """ "45 min", "2 h 5 min" (whole minutes, rounded)."""
    minutes = round(seconds / 60)
    if minutes < 60:
        return text("hi_minutes", lang).format(minutes=minutes)
    return text("hi_hours", lang).format(hours=minutes // 60, minutes=minutes % 60)


def scope_name(feeder_code: str | None, lang: Language) -> str:
    """What the report covers, in words: the whole system or one feeder."""
    if feeder_code is None:
        return text("hi_scope_system", lang)
    return text("hi_scope_feeder", lang).format(code=feeder_code)


def _index_cells(row: ReliabilityRow, first: str, lang: Language) -> list[html.Td]:
    values = [
        first,
        text(f"hi_kind_{row.kind.value}", lang),
        f"{row.customers_served:,}",
        f"{row.customer_interruptions:,}",
        f"{round(row.customer_minutes):,}",
        f"{row.momentary_interruptions:,}",
        _index(row.saifi),
        _index(row.saidi),
        _index(row.caidi),
        _index(row.maifi),
    ]
    return [html.Td(value) for value in values]


def _table(head: Sequence[str], rows: list[html.Tr], lang: Language) -> html.Table:
    return html.Table(
        [html.Thead(html.Tr([html.Th(text(key, lang)) for key in head])), html.Tbody(rows)],
        className="gridops-table",
    )


def build_indices_table(rows: Sequence[ReliabilityRow], lang: Language) -> html.Table:
    """Month by month, then the whole period; unplanned above planned."""
    body = [
        html.Tr(
            _index_cells(
                row,
                row.month.strftime("%Y-%m") if row.month else text("hi_whole_period", lang),
                lang,
            ),
            className="gridops-total" if row.month is None else None,
        )
        for row in rows
    ]
    return _table(INDEX_COLUMNS, body, lang)


def build_feeders_table(rows: Sequence[ReliabilityRow], lang: Language) -> html.Table | html.P:
    """The feeders with the most unplanned minutes per customer over the period."""
    unplanned = [r for r in rows if r.month is None and r.kind is OutageKind.UNPLANNED]
    worst = sorted(unplanned, key=lambda r: (-(r.saidi or 0), r.feeder_code or ""))
    if not worst:
        return html.P(text("hi_none", lang))
    body = [html.Tr(_index_cells(r, r.feeder_code or "", lang)) for r in worst[:WORST_FEEDERS]]
    return _table(("hi_feeder", *INDEX_COLUMNS[1:]), body, lang)


def build_indices_figure(
    rows: Sequence[ReliabilityRow], feeder_code: str | None, lang: Language
) -> go.Figure:
    """SAIDI as bars (unplanned and planned stacked) and SAIFI as lines, month by month."""
    figure = go.Figure()
    for kind in (OutageKind.UNPLANNED, OutageKind.PLANNED):
        mine = [r for r in rows if r.kind is kind and r.month is not None]
        months = [r.month.strftime("%Y-%m") for r in mine if r.month]
        name = text(f"hi_kind_{kind.value}", lang)
        color = KIND_COLORS[kind]
        figure.add_trace(
            go.Bar(
                x=months,
                y=[r.saidi for r in mine],
                name=f"SAIDI · {name}",
                marker_color=color,
            )
        )
        figure.add_trace(
            go.Scatter(
                x=months,
                y=[r.saifi for r in mine],
                name=f"SAIFI · {name}",
                yaxis="y2",
                mode="lines+markers",
                line={"color": color, "dash": "dot"},
            )
        )
    figure.update_layout(
        title=text("hi_chart_title", lang).format(scope=scope_name(feeder_code, lang)),
        barmode="stack",
        yaxis={"title": text("hi_col_saidi", lang), "rangemode": "tozero"},
        yaxis2={
            "title": text("hi_col_saifi", lang),
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
        },
        xaxis={"type": "category"},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 50, "r": 50, "t": 50, "b": 40},
        height=360,
    )
    return figure


def _outage_row(record: OutageRecord, lang: Language, zone: str) -> html.Tr:
    link = f"/?lon={record.lon:.6f}&lat={record.lat:.6f}&zoom=17"
    return html.Tr(
        [
            html.Td(format_span(record.started_at, record.ended_at, name=zone)),
            html.Td(record.title),
            html.Td(text(f"hi_cause_{record.cause.value}", lang)),
            html.Td(", ".join(record.feeder_codes) or "—"),
            html.Td(format_duration(record.duration_s, lang)),
            html.Td(f"{record.customers:,}"),
            html.Td(f"{record.customer_minutes:,}"),
            html.Td(dcc.Link(text("hi_show_on_map", lang), href=link)),
        ],
        className=f"gridops-outage-{record.kind.value}",
    )


def build_outage_list(page: HistoryPage, lang: Language, zone: str) -> list[Any]:
    """The outages that are over, one row each: when, cause, feeders, duration, customers."""
    if not page.records:
        return [html.P(text("hi_none", lang))]
    head = (
        "hi_col_when",
        "hi_col_outage",
        "hi_col_cause",
        "hi_col_feeders",
        "hi_col_duration",
        "hi_col_customers",
        "hi_col_customer_minutes",
        "hi_col_map",
    )
    caption = text("hi_outages", lang).format(shown=len(page.records), total=page.total)
    return [
        html.H3(caption),
        _table(head, [_outage_row(r, lang, zone) for r in page.records], lang),
    ]
