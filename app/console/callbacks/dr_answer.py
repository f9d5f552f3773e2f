"""Callback of the public DR answer page: record the customer's opt-in or opt-out, under the
same per-client rate limit as the JSON route."""

from __future__ import annotations

from datetime import UTC, datetime

import flask
from dash import Dash, Input, Output, State, ctx

from app.api.rate_limit import public_buckets
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import DrAnswerId, ShellId
from dr.models import DrResponse
from dr.response import ResponseClosedError, TokenRejectedError, respond


def register(app: Dash) -> None:
    """Register the public DR answer page's callback: the customer's opt-in or opt-out."""

    @app.callback(
        Output(DrAnswerId.ANSWER, "children"),
        Input(DrAnswerId.OPT_IN, "n_clicks"),
        Input(DrAnswerId.OPT_OUT, "n_clicks"),
        State(DrAnswerId.LINK_KEY, "data"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def answer(_in: int, _out: int, token: str | None, lang: str | None) -> str:
        language = Language.parse(lang)
        choice = DrResponse.OPT_IN if ctx.triggered_id == DrAnswerId.OPT_IN else DrResponse.OPT_OUT
        if public_buckets("dr_responses").take(flask.request.remote_addr or "unknown") > 0:
            return text("dra_too_many", language)  # the budget of POST .../responses
        try:
            with current_context().pool.connection() as conn:
                respond(conn, token or "", choice, datetime.now(UTC))
        except TokenRejectedError:
            return text("dra_forbidden", language)
        except ResponseClosedError:
            return text("dra_closed", language)
        return text(f"dra_{choice.value}_done", language)
