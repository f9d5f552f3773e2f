"""Callbacks of the dispatch page: refresh the reports layer and the list, select an
incident, and confirm, reject or dispatch it (one service call each)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update

from app.console.components.incident_panel import (
    NEAREST,
    build_action_done,
    build_action_failed,
    build_dispatched,
    build_incident_detail,
    build_incident_list,
    incident_shapes,
)
from app.console.context import current_context
from app.console.errors import error_message
from app.console.i18n import Language, text
from app.console.ids import INCIDENT_SELECT_TYPE, LAYER_TYPE, DispatchId, GridMapId, ShellId
from gis.errors import DomainError
from notify.report import delivery_summary_for_prefix
from outage import crew_job, dispatch
from outage.incident_board import get_incident, list_crews, list_incidents

D = DispatchId


def register(app: Dash) -> None:
    """Register the dispatch page's callbacks: reports, incident list, selection and actions."""
    # New reports appear without a reload: the reports layer refetches on every tick.
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="refreshLayer"),
        Output({"type": LAYER_TYPE, "id": "fault_reports"}, "url", allow_duplicate=True),
        Input(D.REFRESH, "n_intervals"),
        State({"type": LAYER_TYPE, "id": "fault_reports"}, "url"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(D.SELECTED, "data"),
        Input({"type": INCIDENT_SELECT_TYPE, "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select(clicks: list[int]) -> Any:
        if isinstance(ctx.triggered_id, dict) and any(clicks):
            return int(ctx.triggered_id["id"])
        return no_update

    @app.callback(
        Output(D.LIST, "children"),
        Input(D.REFRESH, "n_intervals"),
        Input(D.SELECTED, "data"),
        Input(D.CHANGED, "data"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def incident_list(_tick: int | None, selected: int | None, _changed: int, lang: Any) -> Any:
        with current_context().pool.connection() as conn:
            incidents = list_incidents(conn)
        return build_incident_list(incidents, selected, Language.parse(lang), datetime.now(UTC))

    @app.callback(
        Output(D.DETAIL, "children"),
        Output(D.HIGHLIGHT, "data"),
        Output(D.VIEW, "data"),
        Input(D.SELECTED, "data"),
        Input(D.CHANGED, "data"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def detail(selected: int | None, _changed: int, lang: Any) -> tuple[Any, Any, Any]:
        language, zone = Language.parse(lang), current_context().web.timezone
        if not selected:
            return build_incident_detail(None, [], None, language, zone), None, no_update
        with current_context().pool.connection() as conn:
            try:
                found = get_incident(conn, selected)
            except crew_job.IncidentNotFoundError:
                message = text("dp_unknown", language).format(id=selected)
                return [html.P(message, className="gridops-error")], None, no_update
            crews = list_crews(conn)
            delivery = delivery_summary_for_prefix(conn, f"incident:{selected}:")
        view: Any = no_update
        if ctx.triggered_id in (D.SELECTED, None):  # centre on a newly selected incident
            view = {"center": [found.summary.lat, found.summary.lon], "zoom": 16}
        panel = build_incident_detail(found, crews, delivery, language, zone)
        return panel, incident_shapes(found), view

    # The map is on every map page: only a callback whose one input is this page's own store
    # may move it (one with an input of the shell as well fires on every page and fails there).
    app.clientside_callback(
        "function (view) { return view || window.dash_clientside.no_update; }",
        Output(GridMapId.MAP, "viewport"),
        Input(D.VIEW, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(D.MESSAGE, "children"),
        Output(D.CHANGED, "data"),
        Input(D.CONFIRM, "n_clicks"),
        Input(D.REJECT, "n_clicks"),
        Input(D.DISPATCH, "n_clicks"),
        State(D.SELECTED, "data"),
        State(D.CREW, "value"),
        State(D.REASON, "value"),
        State(D.CHANGED, "data"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def act(
        _confirm: int | None,
        _reject: int | None,
        _dispatch: int | None,
        selected: int | None,
        crew: Any,
        reason: str | None,
        changed: int,
        lang: Any,
    ) -> tuple[Any, Any]:
        if not selected or not ctx.triggered or not ctx.triggered[0]["value"]:
            return no_update, no_update
        language, now = Language.parse(lang), datetime.now(UTC)
        try:
            with current_context().pool.connection() as conn:
                if ctx.triggered_id == D.CONFIRM:
                    dispatch.confirm(conn, selected, now)
                    message = text("dp_confirmed", language).format(id=selected)
                elif ctx.triggered_id == D.REJECT:
                    dispatch.reject(conn, selected, (reason or "").strip(), now)
                    message = text("dp_rejected", language).format(id=selected)
                else:
                    job = dispatch.dispatch(
                        conn, selected, now, crew_id=None if crew in (None, NEAREST) else int(crew)
                    )
                    shown = build_dispatched(selected, job.crew_code, job.crew_path, language)
                    return shown, (changed or 0) + 1
        except DomainError as exc:
            return build_action_failed(error_message(exc, language)), (changed or 0) + 1
        return build_action_done(message), (changed or 0) + 1
