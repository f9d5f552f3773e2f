"""The public pages a notice links (a DR request, a report's progress, an announced planned
outage) follow the page's language: ?lang= of the link first, then the reader's switch or
browser, as every other string of the page does."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State

from app.console.components.public_subject import (
    build_dr_request,
    build_planned_outage,
    build_report_progress,
)
from app.console.context import current_context
from app.console.i18n import Language
from app.console.ids import DrAnswerId, PublicOutageId, ReportProgressId, ShellId
from app.console.pages.dr_answer import request_for
from app.console.pages.fault_report_status import report_for
from outage.public_lookup import announced_outage


def register(app: Dash) -> None:
    """Register the callbacks that redraw the pages a notice links in the page's language."""

    @app.callback(
        Output(DrAnswerId.REQUEST, "children"),
        Input(ShellId.LANGUAGE, "data"),
        State(DrAnswerId.LINK_KEY, "data"),
    )
    def dr_request(lang: str | None, token: str | None) -> list[Any]:
        return build_dr_request(request_for(token or ""), Language.parse(lang))

    @app.callback(
        Output(ReportProgressId.PROGRESS, "children"),
        Input(ShellId.LANGUAGE, "data"),
        State(ReportProgressId.LINK_KEY, "data"),
    )
    def report_progress(lang: str | None, token: str | None) -> Any:
        return build_report_progress(report_for(token or ""), Language.parse(lang))

    @app.callback(
        Output(PublicOutageId.OUTAGE, "children"),
        Input(ShellId.LANGUAGE, "data"),
        State(PublicOutageId.OUTAGE_KEY, "data"),
    )
    def planned_outage(lang: str | None, outage_id: str | None) -> list[Any]:
        if outage_id is None:
            return []  # the plain lookup page: no outage named
        with current_context().pool.connection() as conn:
            outage = announced_outage(conn, outage_id)
        return build_planned_outage(outage, Language.parse(lang))
