"""Pieces of the DR page: the event list, an event's responses and results, the preview; the
results chart (a pure function of the measurement, no chart before there is one); the program
choice. Every quantity is written one way (`quantity`): thousands grouped, kW and kWh to one
decimal."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from app.console.components.chart import chart_config
from app.console.i18n import Language, text
from app.console.ids import DrId
from dr.models import DrEvent, DrEventStatus, DrPreview, DrProgram, EventMeasurement
from gis.local_time import format_span, wall_time, zone_label

GROUPS = {
    "dr_planned": (DrEventStatus.DRAFT, DrEventStatus.PUBLISHED),
    "dr_active": (DrEventStatus.ACTIVE,),
    "dr_done": (DrEventStatus.COMPLETED, DrEventStatus.CANCELLED),
}


def quantity(value: float | int | Decimal, decimals: int = 1) -> str:
    """A count or an amount as the DR page writes it: 1,392 customers, 1,699.3 kW."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.{decimals}f}"


def status_label(status: DrEventStatus, lang: Language) -> str:
    """A DR event status's name in the operator's language."""
    return text(f"dr_status_{status.value}", lang)


def event_options(events: list[DrEvent], lang: Language, zone: str) -> list[dict[str, Any]]:
    """Radio options, planned first, then active, then done; each with its window in the
    zone and the zone's offset (2026-12-04 18:00 to 20:00 +08:00)."""
    options = []
    for key, statuses in GROUPS.items():
        for event in (e for e in events if e.status in statuses):
            when = format_span(event.starts_at, event.ends_at, with_offset=True, name=zone)
            status = status_label(event.status, lang)
            label = f"[{text(key, lang)}] #{event.id} {event.title} · {when} · {status}"
            options.append({"label": label, "value": event.id})
    return options


def program_options(programs: list[DrProgram]) -> list[dict[str, Any]]:
    """The programs an event can belong to, by name."""
    return [{"label": program.name, "value": program.id} for program in programs]


def cancellable(event: DrEvent | None) -> bool:
    """Only an event that is still to come or running can be called off."""
    return event is not None and not event.status.is_final


def cancel_style(event: DrEvent | None) -> dict[str, str]:
    """The cancel button's style: hidden unless the event can still be called off."""
    return {} if cancellable(event) else {"display": "none"}


def build_detail(event: DrEvent | None, result: EventMeasurement | None, lang: Language) -> Any:
    """The selected event: its live responses and, once measured, its results and their CSV."""
    if event is None:
        return html.P(text("dr_none", lang))
    counts = event.responses
    lines: list[Any] = [
        html.P(
            text("dr_responses", lang).format(
                participants=quantity(counts.participants),
                opt_in=quantity(counts.opt_in),
                opt_out=quantity(counts.opt_out),
                pending=quantity(counts.pending),
            ),
            className="dr-responses",
        )
    ]
    if result is not None:
        hours = (event.ends_at - event.starts_at).total_seconds() / 3600
        lines.append(
            html.P(
                text("dr_results", lang).format(
                    reduction=quantity(result.reduction_kwh),
                    target=quantity(event.target_kw * hours),
                    incentive=quantity(result.incentive, 2),
                )
            )
        )
        lines.append(html.A(text("dr_csv", lang), href=f"/api/v1/dr-events/{event.id}/results.csv"))
    return html.Div(lines)


def build_results_chart(result: EventMeasurement | None, lang: Language, zone: str) -> list[Any]:
    """The results chart once the event is measured; before, no chart at all (an empty plotly
    figure draws stray axes, and squeezed to a strip it cannot scale them)."""
    if result is None:
        return []
    return [
        dcc.Graph(
            id=DrId.CHART,
            figure=build_results_figure(result, lang, zone),
            config=chart_config(lang),
        )
    ]


def _instant(value: str | datetime) -> datetime:
    """An hour of the measurement (JSON carries it as ISO text)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def build_results_figure(result: EventMeasurement, lang: Language, zone: str) -> go.Figure:
    """Baseline against actual (participants summed, per hour, on the zone's clock: the axis
    names the zone) and each transformer's relief."""
    figure = go.Figure()
    instants = [_instant(h["ts"]) for h in result.hourly]
    hours = [wall_time(instant, zone) for instant in instants]
    shown_zone = zone_label(instants[0] if instants else None, name=zone)  # its offset then
    figure.add_bar(
        x=hours, y=[h["baseline_kw"] for h in result.hourly], name=text("dr_baseline", lang)
    )
    figure.add_bar(x=hours, y=[h["actual_kw"] for h in result.hourly], name=text("dr_actual", lang))
    figure.add_bar(
        x=[t["code"] for t in result.transformers],
        y=[t["relief_kw"] for t in result.transformers],
        name=text("dr_relief", lang),
        xaxis="x2",
        yaxis="y2",
    )
    figure.update_layout(
        height=420,
        barmode="group",
        grid={"rows": 2, "columns": 1, "pattern": "independent"},
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        xaxis={
            "title": {"text": text("dr_hour_axis", lang).format(zone=shown_zone)},
            "tickformat": "%H:%M",
        },
    )
    return figure


def build_preview(preview: DrPreview | None, lang: Language) -> Any:
    """What the event would reach: customers, expected and target kW, transformers."""
    if preview is None:
        return ""
    return html.P(
        text("dr_preview_text", lang).format(
            customers=quantity(preview.customers),
            expected=quantity(preview.expected_kw),
            target=quantity(preview.target_kw),
            transformers=quantity(len(preview.transformers)),
        ),
        className="dr-preview",
    )
