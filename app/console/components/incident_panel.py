"""The dispatcher's pieces: the incident list, one incident's why and timeline, its shapes on
the map. Pure functions of outage.incident_board records, tested without a browser."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import dcc, html

from app.console.components.notice_summary import build_delivery_summary
from app.console.i18n import Language, incident_text, text
from app.console.ids import INCIDENT_SELECT_TYPE, DispatchId
from gis.local_time import SHORT, format_time
from notify.report import DeliverySummary
from outage.incident_board import Crew, IncidentDetail, IncidentSummary
from outage.models import CrewStatus, IncidentStatus

NEAREST = "nearest"  # the crew choice that lets the service pick the nearest available crew


def _when(value: datetime | None, zone: str) -> str:
    return format_time(value, SHORT, name=zone)


def age(opened_at: datetime, now: datetime, lang: Language) -> str:
    """'12 min', '3 h 05 min' or '2 d 4 h' since the incident opened (in the language)."""
    minutes = max(0, int((now - opened_at).total_seconds() // 60))
    if minutes < 60:
        return text("age_minutes", lang).format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return text("age_hours", lang).format(hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    return text("age_days", lang).format(days=days, hours=hours)


def level_label(level: str, lang: Language) -> str:
    """A device level's name (as on a crew job) in the dispatcher's language."""
    return text(f"cj_level_{level}", lang)


def status_label(status: str, lang: Language) -> str:
    """An incident status's name in the dispatcher's language."""
    return text(f"dp_status_{status}", lang)


def build_incident_list(
    incidents: list[IncidentSummary], selected: int | None, lang: Language, now: datetime
) -> list[Any]:
    """Open incidents, latest report first: level, device, customers, age, status, reports."""
    if not incidents:
        return [html.P(text("dp_none", lang), id="dp-no-incidents")]
    header = html.Tr(
        [
            html.Th(text(key, lang))
            for key in (
                "dp_col_incident",
                "dp_col_level",
                "dp_col_device",
                "dp_col_customers",
                "dp_col_age",
                "dp_col_status",
                "dp_col_reports",
            )
        ]
    )
    rows = [
        html.Tr(
            [
                html.Td(
                    html.Button(
                        f"#{incident.id}",
                        id={"type": INCIDENT_SELECT_TYPE, "id": incident.id},
                        n_clicks=0,
                        className="gridops-link-button",
                    )
                ),
                html.Td(level_label(incident.level.value, lang)),
                html.Td(incident.device),
                html.Td(f"{incident.customers_affected:,}"),
                html.Td(age(incident.opened_at, now, lang)),
                html.Td(
                    status_label(incident.status.value, lang),
                    className=f"gridops-incident-{incident.status.value}",
                ),
                html.Td(str(incident.report_count)),
            ],
            className="gridops-selected" if incident.id == selected else None,
            id=f"dp-incident-row-{incident.id}",
        )
        for incident in incidents
    ]
    return [html.Table([html.Thead(header), html.Tbody(rows)], className="gridops-table")]


def crew_options(crews: list[Crew], lang: Language) -> list[dict[str, Any]]:
    """'Nearest available crew' first, then every available crew by code."""
    options: list[dict[str, Any]] = [{"label": text("dp_crew_nearest", lang), "value": NEAREST}]
    options.extend(
        {"label": f"{crew.code} · {crew.name}", "value": crew.id}
        for crew in crews
        if crew.status is CrewStatus.AVAILABLE
    )
    return options


def _why(detail: IncidentDetail, lang: Language) -> html.Div:
    """Why the console thinks this device is out: the rule that fired and its evidence."""
    summary, evidence = detail.summary, detail.evidence
    facts = [
        (text("dp_rule", lang), incident_text(summary.rule_facts, summary.rule, lang)),
        (text("dp_confidence", lang), f"{summary.confidence:.0%}"),
        (text("dp_col_reports", lang), str(summary.report_count)),
    ]
    transformers = evidence.get("transformers") or evidence.get("transformer_ids")
    if isinstance(transformers, list) and transformers:
        facts.append((text("dp_transformers_reporting", lang), str(len(transformers))))
    return html.Div(
        [
            html.H3(text("dp_why", lang)),
            html.Dl([part for label, value in facts for part in (html.Dt(label), html.Dd(value))]),
        ],
        id="dp-why",
    )


def _timeline(detail: IncidentDetail, lang: Language, zone: str) -> html.Div:
    items = [
        html.Li(
            [
                html.Span(_when(entry.at, zone), className="gridops-time"),
                " ",
                html.Strong(
                    text(f"dp_event_{entry.kind}", lang)
                    if entry.source == "incident"
                    else text(f"cj_status_{entry.kind}", lang)
                ),
                f" — {incident_text(entry.facts, entry.detail, lang)}" if entry.detail else "",
            ]
        )
        for entry in detail.timeline
    ]
    return html.Div([html.H3(text("cj_timeline", lang)), html.Ol(items)], id="dp-timeline")


def build_incident_detail(
    detail: IncidentDetail | None,
    crews: list[Crew],
    delivery: DeliverySummary | None,
    lang: Language,
    zone: str,
) -> list[Any]:
    """One incident: the device and its state, why, what the dispatcher can do, the timeline
    and the delivery of its notices."""
    if detail is None:
        return [html.P(text("dp_select_hint", lang))]
    summary = detail.summary
    status = summary.status
    heading = text("dp_heading_incident", lang).format(
        id=summary.id, level=level_label(summary.level.value, lang), device=summary.device
    )
    facts = [
        (text("dp_col_status", lang), status_label(status.value, lang)),
        (text("dp_col_customers", lang), f"{summary.customers_affected:,}"),
        (text("cj_etr", lang), _when(summary.estimated_restoration_at, zone)),
    ]
    if summary.crew_code:
        job_status = summary.job_status.value if summary.job_status else "assigned"
        facts.append(
            (
                text("cj_crew", lang),
                f"{summary.crew_code} · {text(f'cj_status_{job_status}', lang)}",
            )
        )
    if summary.customer_minutes is not None:
        facts.append((text("dp_customer_minutes", lang), f"{summary.customer_minutes:,}"))
    can_act = status in (IncidentStatus.SUSPECTED, IncidentStatus.CONFIRMED)
    actions = html.Div(
        [
            html.Button(
                text("dp_confirm", lang),
                id=DispatchId.CONFIRM,
                n_clicks=0,
                disabled=status is not IncidentStatus.SUSPECTED,
            ),
            dcc.Dropdown(
                id=DispatchId.CREW,
                options=crew_options(crews, lang),
                value=NEAREST,
                clearable=False,
                disabled=not can_act,
            ),
            html.Button(
                text("dp_dispatch", lang), id=DispatchId.DISPATCH, n_clicks=0, disabled=not can_act
            ),
            dcc.Input(
                id=DispatchId.REASON,
                type="text",
                maxLength=500,
                placeholder=text("dp_reject_reason", lang),
                disabled=not can_act,
            ),
            html.Button(
                text("dp_reject", lang), id=DispatchId.REJECT, n_clicks=0, disabled=not can_act
            ),
        ],
        className="gridops-actions",
    )
    return [
        html.H2(heading, id="dp-heading"),
        html.Dl([part for label, value in facts for part in (html.Dt(label), html.Dd(value))]),
        actions,
        _why(detail, lang),
        _timeline(detail, lang, zone),
        html.H3(text("ds_title", lang)),
        build_delivery_summary(delivery or DeliverySummary(f"incident:{summary.id}:"), lang),
    ]


def incident_shapes(detail: IncidentDetail | None) -> dict[str, Any] | None:
    """The incident's area, device and reports as one FeatureCollection for the highlight
    layer (each feature says what it is in properties.part)."""
    if detail is None:
        return None
    features: list[dict[str, Any]] = []
    if detail.area:
        features.append(
            {"type": "Feature", "geometry": detail.area, "properties": {"part": "area"}}
        )
    if detail.device_geometry:
        features.append(
            {
                "type": "Feature",
                "geometry": detail.device_geometry,
                "properties": {"part": "device"},
            }
        )
    features.extend(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [report.lon, report.lat]},
            "properties": {"part": "report", "code": f"FR-{report.id}"},
        }
        for report in detail.reports
    )
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: dict[str, Any], part: str) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": {"part": part}}


def build_action_done(message: str) -> html.Div:
    """What a dispatcher's confirm or reject answers: the text of what was done."""
    return html.Div(message, className="gridops-ok")


def build_action_failed(message: str) -> html.Div:
    """What an action the service refused answers: its reason, in the dispatcher's words."""
    return html.Div(message, className="gridops-error")


def build_dispatched(incident_id: int, crew_code: str, crew_path: str, lang: Language) -> html.Div:
    """What dispatching answers: the crew sent, and the link of the crew's job page."""
    return html.Div(
        [
            text("dp_dispatched", lang).format(id=incident_id, crew=crew_code),
            " ",
            html.A(text("dp_crew_link", lang), href=crew_path),
        ],
        className="gridops-ok",
        id="dp-dispatched",
    )
