"""Callbacks of the public fault report page: choose the place (a tap or the browser's
location), then send the report through the same service as POST /api/v1/fault-reports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from app.console.components.fault_report_answer import build_fault_report_answer, field_label
from app.console.components.public_map import build_tap_marker
from app.console.context import current_context
from app.console.errors import error_message
from app.console.forms import read_tap
from app.console.i18n import Language, text
from app.console.ids import FaultReportId, ShellId
from gis.crs import InputCrs
from outage import fault_report as service
from outage.models import ReportChannel

R = FaultReportId


def _draft(
    place: dict,
    contact: str | None,
    account: str | None,
    description: str | None,
    language: Language,
) -> service.FaultReportDraft:
    return service.FaultReportDraft(
        lon=float(place["lon"]),
        lat=float(place["lat"]),
        crs=InputCrs.WGS84,
        channel=ReportChannel.WEB,
        contact=(contact or "").strip(),
        account_no=(account or "").strip() or None,
        description=(description or "").strip(),
        language=language,
    )


def register(app: Dash) -> None:
    """Register the public fault report page's callbacks: the place, then sending the report."""
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="locate"),
        Output(R.POSITION, "data"),
        Input(R.LOCATE, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(R.PLACE, "data"),
        Output(R.MARKER, "children"),
        Output(R.PLACE_HINT, "children"),
        Input(R.MAP, "clickData"),
        Input(R.POSITION, "data"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def choose_place(
        clicked: dict[str, Any] | None, position: dict[str, Any] | None, lang: str | None
    ) -> tuple[Any, Any, Any]:
        language = Language.parse(lang)
        tap = read_tap(ctx.triggered_id, R.MAP, R.POSITION, clicked, position)
        if tap.location_failed:
            return no_update, no_update, text("pub_location_failed", language)
        if tap.place is None:
            return no_update, no_update, no_update
        place = {"lon": tap.place[0], "lat": tap.place[1]}
        hint = text("fault_report_place", language).format(**place)
        return place, build_tap_marker(tap.place), hint

    @app.callback(
        Output(R.ANSWER, "children"),
        Input(R.SUBMIT, "n_clicks"),
        State(R.PLACE, "data"),
        State(R.CONTACT, "value"),
        State(R.ACCOUNT, "value"),
        State(R.DESCRIPTION, "value"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def send(
        _n: int,
        place: dict | None,
        contact: str | None,
        account: str | None,
        description: str | None,
        lang: str | None,
    ) -> list[Any]:
        language, zone = Language.parse(lang), current_context().web.timezone
        if not place:
            return build_fault_report_answer(
                None, text("fault_report_no_place", language), language, zone
            )
        draft = _draft(place, contact, account, description, language)
        try:
            with current_context().pool.connection() as conn, conn.transaction():
                answer = service.submit(conn, draft, datetime.now(UTC)).answer
        except service.FaultReportRejectedError as exc:
            field = field_label(exc.field, language)
            detail = error_message(exc, language)
            message = text("fault_report_invalid", language).format(field=field, detail=detail)
            return build_fault_report_answer(None, message, language, zone)
        return build_fault_report_answer(answer, None, language, zone)

    @app.callback(
        Output(R.LOCATE, "children"),
        Output(R.SUBMIT, "children"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def relabel(lang: str | None) -> tuple[str, str]:
        language = Language.parse(lang)
        return text("fault_report_locate", language), text("fault_report_submit", language)
