"""What the public pages a customer's notice links show (pure: no callbacks): a planned
outage with its window and area, a fault report's progress, a DR request with its window and
incentive; each in the language of the link (?lang=), times in GRIDOPS_TIMEZONE."""

from __future__ import annotations

from typing import Any

from dash import html

from app.console.i18n import Language, text
from dr.models import DrEventStatus
from dr.response import RequestView
from gis.local_time import format_span, format_time
from outage.models import PlannedOutage
from outage.public_lookup import ANNOUNCED


def build_planned_outage(outage: PlannedOutage | None, lang: Language) -> list[Any]:
    """One announced planned outage: title, status, window, reason, and where its area is."""
    if outage is None or outage.status not in ANNOUNCED:
        return [html.P(text("pub_outage_unknown", lang), className="gridops-error")]
    return [
        html.H3(text("pub_outage_heading", lang).format(title=outage.title)),
        html.P(
            [
                html.Strong(text(f"pub_outage_{outage.status.value}", lang)),
                " · ",
                text("pub_window", lang).format(
                    start=format_time(outage.starts_at), end=format_time(outage.ends_at)
                ),
            ]
        ),
        html.P(text("pub_outage_reason", lang).format(reason=outage.reason)),
        html.P(text("pub_outage_area", lang)),
    ]


def build_report_progress(report: dict[str, Any] | None, lang: Language) -> list[Any]:
    """A reporter's own report (outage.report_status): status, ETR and the repair steps."""
    if report is None:
        return [html.P(text("rs_unknown", lang), className="gridops-error")]
    lines: list[Any] = [
        html.H3(text("rs_heading", lang).format(id=report["id"])),
        html.P(html.Strong(text(f"rs_status_{report['status']}", lang)), id="report-status"),
        html.P(text("rs_received", lang).format(at=format_time(report["received_at"]))),
    ]
    planned = report.get("planned_outage")
    if planned:
        window = format_span(planned["starts_at"], planned["ends_at"])
        lines.append(html.P(text("rs_planned", lang).format(title=planned["title"], window=window)))
    incident = report.get("incident")
    if incident and not incident.get("restored_at"):
        etr = incident.get("estimated_restoration_at")
        shown = format_time(etr) if etr else text("pub_etr_unknown", lang)
        lines.append(html.P(text("pub_etr", lang).format(etr=shown)))
    steps = report.get("progress") or []
    lines.append(html.H4(text("rs_progress", lang)))
    if not steps:
        lines.append(html.P(text("rs_no_progress", lang)))
    else:
        lines.append(
            html.Ol(
                [
                    html.Li(f"{format_time(step['at'])} {text('rs_step_' + step['status'], lang)}")
                    for step in steps
                ],
                id="report-progress",
            )
        )
    return lines


def build_dr_request(view: RequestView | None, lang: Language) -> list[Any]:
    """The request a DR answer link answers: its window, deadline, incentive and the kW asked."""
    if view is None:
        return [html.P(text("dra_forbidden", lang), className="gridops-error")]
    lines: list[Any] = [
        html.H3(text("dra_title", lang).format(title=view.title)),
        html.P(
            text("dra_window", lang).format(window=format_span(view.starts_at, view.ends_at)),
            id="dr-answer-window",
        ),
        html.P(
            text("dra_incentive", lang).format(incentive=f"{view.incentive_per_kwh:.2f}"),
            id="dr-answer-incentive",
        ),
    ]
    if view.requested_kw > 0:
        lines.append(html.P(text("dra_requested", lang).format(kw=f"{view.requested_kw:g}")))
    if view.status is DrEventStatus.CANCELLED:
        lines.append(html.P(text("dra_event_cancelled", lang), className="gridops-error"))
        return lines
    deadline = format_time(view.response_deadline)
    lines.append(html.P(text("dra_deadline", lang).format(deadline=deadline)))
    if view.response is not None:
        lines.append(html.P(text(f"dra_answered_{view.response.value}", lang)))
    return lines
