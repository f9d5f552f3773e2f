"""The answer to a customer's fault report, in the customer's language (pure: no callbacks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dash import html

from app.console.i18n import Language, text

# the form's label for each field a rejection can name; anything else is the place
_FIELD_TEXT = {
    "contact": "fault_report_contact",
    "account_no": "fault_report_account",
    "description": "fault_report_description",
}


def field_label(field: str, lang: Language) -> str:
    """The report form's label of the field a rejection names (or the place)."""
    return text(_FIELD_TEXT.get(field, "fault_report_field_place"), lang)


def _when(value: str, zone: str) -> str:
    return datetime.fromisoformat(value).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def build_fault_report_answer(
    answer: dict[str, Any] | None, error: str | None, lang: Language, zone: str
) -> list[Any]:
    """Nothing yet, an error, or the report's number, what it joined and its status link."""
    if error:
        return [html.P(error, className="gridops-error", id="fault-report-error")]
    if answer is None:
        return []
    lines: list[Any] = [html.H3(text("fault_report_received", lang).format(id=answer["id"]))]
    planned = answer.get("planned_outage")
    if planned:
        lines.append(
            html.P(
                text("fault_report_planned", lang).format(
                    title=planned["title"], end=_when(planned["ends_at"], zone)
                )
            )
        )
    elif answer.get("incident_id"):
        lines.append(
            html.P(text("fault_report_incident", lang).format(incident=answer["incident_id"]))
        )
    lines.append(
        html.A(
            text("fault_report_status", lang),
            href=f"{answer['status_page']}?lang={lang.value}",  # the page, not the JSON
            id="fault-report-status-link",
            target="_blank",
        )
    )
    return lines
