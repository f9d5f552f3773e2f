"""Callbacks of the public lookup page: a tap, the browser's location or an account number."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import flask
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from app.api.rate_limit import public_buckets
from app.console.components.outage_answer import build_outage_answer
from app.console.components.public_map import build_tap_marker
from app.console.context import current_context
from app.console.forms import read_tap
from app.console.i18n import Language, text
from app.console.ids import PublicOutageId, ShellId
from gis.crs import check_lon_lat
from outage import public_lookup

Q = PublicOutageId


def register(app: Dash) -> None:
    """Register the public lookup page's callbacks: a tap, the location or an account number."""
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="locate"),
        Output(Q.POSITION, "data"),
        Input(Q.LOCATE, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Q.ANSWER, "children"),
        Output(Q.MARKER, "children"),
        Input(Q.MAP, "clickData"),
        Input(Q.POSITION, "data"),
        Input(Q.ACCOUNT_BUTTON, "n_clicks"),
        State(Q.ACCOUNT, "value"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def look_up(
        clicked: dict[str, Any] | None,
        position: dict[str, Any] | None,
        _n: int,
        account: str | None,
        lang: str | None,
    ) -> tuple[Any, Any]:
        language, zone = Language.parse(lang), current_context().web.timezone
        tap = read_tap(ctx.triggered_id, Q.MAP, Q.POSITION, clicked, position)
        if tap.location_failed:
            return build_outage_answer(
                None, text("pub_location_failed", language), language, zone
            ), no_update
        place = tap.place
        if not place and not (account and account.strip()):
            return no_update, no_update
        wait = public_buckets("outages").take(flask.request.remote_addr or "unknown")
        if wait > 0:  # the same per-client budget as GET /api/v1/outages
            message = text("pub_too_many", language).format(seconds=max(1, round(wait)))
            return build_outage_answer(None, message, language, zone), no_update
        now = datetime.now(UTC)
        with current_context().pool.connection() as conn:
            if place:
                check_lon_lat(*place)
                found = public_lookup.at_point(conn, place[0], place[1], now)
            else:
                try:
                    found = public_lookup.for_account(conn, account or "", now)
                except public_lookup.AccountNotFoundError:
                    message = text("pub_no_account", language)
                    return build_outage_answer(None, message, language, zone), []
        answer = build_outage_answer(found.planned, None, language, zone, found.unplanned)
        return answer, build_tap_marker(place)

    @app.callback(
        Output(Q.LOCATE, "children"),
        Output(Q.ACCOUNT_BUTTON, "children"),
        Output(Q.ACCOUNT, "placeholder"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def relabel(lang: str | None) -> tuple[str, str, str]:
        language = Language.parse(lang)
        return (
            text("pub_locate", language),
            text("pub_check", language),
            text("pub_account", language),
        )
