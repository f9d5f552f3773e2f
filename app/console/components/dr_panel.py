"""Pieces of the DR page: the event list, an event's responses and results, the preview; and
the results figure (a pure function of the measurement)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import plotly.graph_objects as go
from dash import html

from app.console.i18n import Language, text
from dr.models import DrEvent, DrEventStatus, DrPreview, EventMeasurement
from gis.local_time import format_span, wall_time, zone_label

GROUPS = {
    "dr_planned": (DrEventStatus.DRAFT, DrEventStatus.PUBLISHED),
    "dr_active": (DrEventStatus.ACTIVE,),
    "dr_done": (DrEventStatus.COMPLETED, DrEventStatus.CANCELLED),
}


def event_options(events: list[DrEvent], lang: Language, zone: str) -> list[dict[str, Any]]:
    """Radio options, planned first, then active, then done; each with its window in the
    zone and the zone's offset (2026-12-04 18:00 to 20:00 +08:00)."""
    options = []
    for key, statuses in GROUPS.items():
        for event in (e for e in events if e.status in statuses):
            when = format_span(event.starts_at, event.ends_at, with_offset=True, name=zone)
            label = f"[{text(key, lang)}] #{event.id} {event.title} · {when} · {event.status}"
            options.append({"label": label, "value": event.id})
    return options


def build_detail(event: DrEvent | None, result: EventMeasurement | None, lang: Language) -> Any:
    if event is None:
        return html.P(text("dr_none", lang))
    counts = event.responses
    lines: list[Any] = [
        html.P(
            text("dr_responses", lang).format(
                participants=counts.participants,
                opt_in=counts.opt_in,
                opt_out=counts.opt_out,
                pending=counts.pending,
            ),
            className="dr-responses",
        )
    ]
    if result is not None:
        hours = (event.ends_at - event.starts_at).total_seconds() / 3600
        lines.append(
            html.P(
                text("dr_results", lang).format(
                    reduction=f"{result.reduction_kwh:,.1f}",
                    target=f"{event.target_kw * hours:,.1f}",
                    incentive=f"{result.incentive:,}",
                )
            )
        )
        lines.append(html.A(text("dr_csv", lang), href=f"/api/v1/dr-events/{event.id}/results.csv"))
    return html.Div(lines)


def _instant(value: str | datetime) -> datetime:
    """An hour of the measurement (JSON carries it as ISO text)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def build_results_figure(result: EventMeasurement | None, lang: Language, zone: str) -> go.Figure:
    """Baseline against actual (participants summed, per hour, on the zone's clock: the axis
    names the zone) and each transformer's relief."""
    figure = go.Figure()
    if result is None:
        figure.update_layout(height=40, margin={"l": 0, "r": 0, "t": 0, "b": 0})
        return figure
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
    if preview is None:
        return ""
    return html.P(
        text("dr_preview_text", lang).format(
            customers=preview.customers,
            expected=f"{preview.expected_kw:,.1f}",
            target=f"{preview.target_kw:,.1f}",
            transformers=len(preview.transformers),
        ),
        className="dr-preview",
    )
