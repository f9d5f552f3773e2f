"""A reporter's own fault report (public audience), opened from "Follow your report" and from
every notice about it: its status, the expected restoration and the repair steps. The token in
the path is the reporter's key, ?lang= the notice's language. Layout only."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from app.console.components.public_subject import build_report_progress
from app.console.context import current_context
from app.console.i18n import Language
from app.console.ids import ReportProgressId
from outage.report_status import FaultReportNotFoundError, report_status

PATH_TEMPLATE = "/public/reports/<token>"


def report_for(token: str) -> dict[str, Any] | None:
    """The report behind a progress link, or None when the link is none of ours."""
    if not 16 <= len(token) <= 64:
        return None
    try:
        with current_context().pool.connection() as conn:
            return report_status(conn, token)
    except FaultReportNotFoundError:
        return None


def layout(token: str = "", lang: str | None = None, **_query: str) -> html.Div:
    """The report's progress behind the link (or that the link is none of ours)."""
    return html.Div(
        [
            dcc.Store(id=ReportProgressId.LINK_KEY, data=token[:64]),
            html.Div(
                build_report_progress(report_for(token), Language.parse(lang)),
                id=ReportProgressId.PROGRESS,
            ),
        ],
        className="gridops-public",
    )
