"""The planner's pieces: which run is shown, the ranked table of transformers at risk, the
charts of one transformer, the backtest table. Pure functions of forecasting.report records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from app.console.components.chart import chart_config
from app.console.i18n import Language, text
from forecasting.report import BacktestMetric, ForecastRun, RiskRow, TransformerForecast
from gis.local_time import format_time, wall_time, zone_label

RISK_COLORS = {
    "normal": "#1a9850",
    "watch": "#fdae61",
    "overload": "#d73027",
    "insufficient_data": "#969696",
}
APPLIANCE_COLORS = {
    "air_conditioner": "#2171b5",
    "ev_charger": "#6a51a3",
    "electric_water_heater": "#e6550d",
    "heat_pump": "#d94801",
    "induction_cooker": "#31a354",
    "other": "#969696",
}


def _when(value: datetime | None, zone: str) -> str:
    return format_time(value, name=zone)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def risk_label(risk_class: str, lang: Language) -> str:
    """A risk class's name (the forecast loading's band) in the planner's language."""
    return text(f"fc_class_{risk_class}", lang)


def build_run_info(run: ForecastRun | None, lang: Language, zone: str) -> list[Any]:
    """Which run the page shows: its number, model, data cut-off and when it finished."""
    if run is None:
        return [html.P(text("fc_no_run", lang), className="gridops-notice", id="fc-no-run")]
    return [
        html.P(
            text("fc_run", lang).format(
                id=run.id,
                model=run.model,
                cutoff=_when(run.data_cutoff, zone),
                finished=_when(run.finished_at, zone),
                transformers=run.transformers,
                insufficient=run.insufficient,
            ),
            id="fc-run",
        )
    ]


def build_risk_table(rows: list[RiskRow], lang: Language) -> list[Any]:
    """Transformers at risk, the most loaded first; the code links to the transformer's page."""
    if not rows:
        return [html.P(text("fc_none_at_risk", lang), id="fc-none-at-risk")]
    keys = (
        "fc_col_transformer",
        "fc_col_loading",
        "fc_col_class",
        "fc_col_probability",
        "fc_col_first",
        "fc_col_drivers",
    )
    header = html.Tr([html.Th(text(key, lang)) for key in keys])
    body = []
    for row in rows:
        drivers = sorted(row.drivers.items(), key=lambda item: -item[1])[:2]
        body.append(
            html.Tr(
                [
                    html.Td(dcc.Link(row.code, href=f"/forecast/transformer/{row.transformer_id}")),
                    html.Td(f"{row.loading_pct:.0f}%" if row.loading_pct is not None else "—"),
                    html.Td(
                        risk_label(row.risk_class.value, lang),
                        style={"color": RISK_COLORS.get(row.risk_class.value)},
                    ),
                    html.Td(
                        f"{row.overload_probability:.0%}"
                        if row.overload_probability is not None
                        else "—"
                    ),
                    html.Td(
                        row.first_overload_date.isoformat() if row.first_overload_date else "—"
                    ),
                    html.Td(
                        ", ".join(
                            f"{text(f'fc_type_{kind}', lang)} {kw:.0f} kW"
                            for kind, kw in drivers
                            if round(kw) > 0  # a driver shown as "0 kW" drives nothing
                        )
                        or "—"
                    ),
                ],
                className=f"gridops-risk-{row.risk_class.value}",
            )
        )
    return [
        html.Table(
            [html.Thead(header), html.Tbody(body)], className="gridops-table", id="fc-risk-table"
        )
    ]


def _with_band(
    figure: go.Figure,
    x: list[Any],
    low: list[float],
    middle: list[float],
    high: list[float],
    name: str,
    color: str,
    band_fill: str,
    lang: Language,
) -> None:
    """A median line over its 10 to 90% band."""
    figure.add_trace(
        go.Scatter(
            x=x + x[::-1],
            y=high + low[::-1],
            fill="toself",
            fillcolor=band_fill,
            line={"width": 0},
            name=text("fc_interval", lang),
            hoverinfo="skip",
        )
    )
    figure.add_trace(go.Scatter(x=x, y=middle, name=name, line={"color": color, "width": 2}))


def _finish(
    figure: go.Figure, forecast: TransformerForecast, title: str, axis: str, lang: Language
) -> None:
    """The capacity line, the title, the time axis's title and the common layout of the kW
    charts."""
    figure.add_hline(
        y=forecast.capacity_kw,
        line={"color": "#d73027", "dash": "dash"},
        annotation_text=text("fc_capacity", lang),
    )
    figure.update_layout(
        title=title,
        xaxis_title=axis,
        yaxis_title="kW",
        margin={"l": 50, "r": 20, "t": 40, "b": 40},
        height=340,
        legend={"orientation": "h"},
    )


def load_figure(forecast: TransformerForecast, lang: Language, zone: str) -> go.Figure:
    """History, the hourly forecast with its 10 to 90% band, and the capacity line (kW), on
    the zone's clock (the axis names the zone)."""
    figure = go.Figure()
    if forecast.history:
        figure.add_trace(
            go.Scatter(
                x=[wall_time(p.ts, zone) for p in forecast.history],
                y=[p.kw for p in forecast.history],
                name=text("fc_history", lang),
                line={"color": "#636363", "width": 1},
            )
        )
    if forecast.hourly:
        points = forecast.hourly
        _with_band(
            figure,
            [wall_time(p.ts, zone) for p in points],
            [p.kw_p10 for p in points],
            [p.kw_p50 for p in points],
            [p.kw_p90 for p in points],
            text("fc_forecast", lang),
            "#2171b5",
            "rgba(33,113,181,0.2)",
            lang,
        )
    axis = text("fc_time_axis", lang).format(zone=zone_label(forecast.data_cutoff, name=zone))
    _finish(figure, forecast, text("fc_hourly_title", lang), axis, lang)
    return figure


def peak_figure(forecast: TransformerForecast, lang: Language, zone: str) -> go.Figure:
    """The daily peak for the next 12 months with its band, against the capacity; days are
    the zone's days."""
    figure = go.Figure()
    if forecast.daily_peaks:
        peaks = forecast.daily_peaks
        _with_band(
            figure,
            [p.day for p in peaks],
            [p.kw_p10 for p in peaks],
            [p.kw_p50 for p in peaks],
            [p.kw_p90 for p in peaks],
            text("fc_daily_peak", lang),
            "#e6550d",
            "rgba(230,85,13,0.2)",
            lang,
        )
    axis = text("fc_day_axis", lang).format(zone=zone_label(forecast.data_cutoff, name=zone))
    _finish(figure, forecast, text("fc_peak_title", lang), axis, lang)
    return figure


def contribution_figure(forecast: TransformerForecast, lang: Language) -> go.Figure:
    """What each appliance type adds at the forecast peak (kW)."""
    items = sorted(forecast.contributions.items(), key=lambda item: -item[1])
    figure = go.Figure(
        go.Bar(
            x=[text(f"fc_type_{kind}", lang) for kind, _ in items],
            y=[kw for _, kw in items],
            marker_color=[APPLIANCE_COLORS.get(kind, "#969696") for kind, _ in items],
        )
    )
    figure.update_layout(
        title=text("fc_contrib_title", lang),
        yaxis_title="kW",
        margin={"l": 50, "r": 20, "t": 40, "b": 30},
        height=280,
    )
    return figure


def build_transformer_page(
    forecast: TransformerForecast | None, run: ForecastRun | None, lang: Language, zone: str
) -> list[Any]:
    """One transformer's forecast page: its summary and charts, or why there is none."""
    if run is None:
        return build_run_info(None, lang, zone)
    if forecast is None:
        return [
            html.P(text("fc_unknown_transformer", lang), className="gridops-error", id="fc-unknown")
        ]
    summary = forecast.summary
    heading = html.H2(
        text("fc_transformer_heading", lang).format(
            code=summary.code, kva=f"{summary.capacity_kva:,.0f}"
        ),
        id="fc-transformer-heading",
    )
    if summary.status != "ok":
        return [
            heading,
            html.P(
                f"{risk_label('insufficient_data', lang)}: {summary.reason or ''}",
                className="gridops-notice",
                id="fc-insufficient",
            ),
        ]
    facts = html.P(
        text("fc_transformer_facts", lang).format(
            loading=f"{summary.loading_pct:.0f}" if summary.loading_pct is not None else "—",
            risk=risk_label(summary.risk_class.value, lang),
            probability=f"{summary.overload_probability or 0:.0%}",
            first=summary.first_overload_date.isoformat() if summary.first_overload_date else "—",
        ),
        id="fc-transformer-facts",
    )
    return [
        *build_run_info(run, lang, zone),
        heading,
        facts,
        dcc.Graph(
            id="fc-load-graph", figure=load_figure(forecast, lang, zone), config=chart_config(lang)
        ),
        dcc.Graph(
            id="fc-peak-graph", figure=peak_figure(forecast, lang, zone), config=chart_config(lang)
        ),
        dcc.Graph(
            id="fc-contrib-graph",
            figure=contribution_figure(forecast, lang),
            config=chart_config(lang),
        ),
    ]


def build_backtest(
    run: ForecastRun | None, metrics: list[BacktestMetric], lang: Language, zone: str
) -> list[Any]:
    """The latest backtest: each metric over all leads, with the model and its ablation
    (no appliance regressors) side by side."""
    if run is None:
        return [html.P(text("fc_no_backtest", lang), id="fc-no-backtest")]
    overall = [m for m in metrics if m.lead == 0]
    variants = sorted({m.variant for m in overall})
    names = sorted({m.metric for m in overall})
    values = {(m.variant, m.metric): m.value for m in overall}
    header = html.Tr([html.Th(text("fc_metric", lang)), *[html.Th(v) for v in variants]])
    rows = [
        html.Tr(
            [
                html.Td(name),
                *[
                    html.Td(
                        f"{values[(v, name)]:.3f}" if values.get((v, name)) is not None else "—"
                    )
                    for v in variants
                ],
            ]
        )
        for name in names
    ]
    return [
        html.P(
            text("fc_backtest_run", lang).format(
                id=run.id,
                cutoff=_when(run.data_cutoff, zone),
                finished=_when(run.finished_at, zone),
            )
        ),
        html.Table(
            [html.Thead(header), html.Tbody(rows)],
            className="gridops-table",
            id="fc-backtest-table",
        ),
    ]
