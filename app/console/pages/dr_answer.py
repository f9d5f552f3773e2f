"""The customer's answer page (public audience), opened from the link in a dr_request notice:
the request's window, deadline and incentive, then two buttons, opt in or opt out; the token
in the path is the customer's key, ?lang= the notice's language."""

from __future__ import annotations

from dash import dcc, html

from app.console.components.public_subject import build_dr_request
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, DrAnswerId
from dr.response import RequestView, TokenRejectedError, request_for_token

PATH_TEMPLATE = "/public/dr/<token>"


def _words(key: str, lang: Language) -> html.Span:
    return html.Span(text(key, lang), id={"type": TEXT_TYPE, "key": key})


def request_for(token: str) -> RequestView | None:
    """The request behind an answer link, or None when the link is none of ours."""
    try:
        with current_context().pool.connection() as conn:
            return request_for_token(conn, token[:100])
    except TokenRejectedError:
        return None


def layout(token: str = "", lang: str | None = None, **_query: str) -> html.Div:
    """The request and the opt-in and opt-out buttons (or that the link is none of ours)."""
    language = Language.parse(lang)
    return html.Div(
        [
            dcc.Store(id=DrAnswerId.LINK_KEY, data=token[:100]),
            html.H2(_words("dra_heading", language)),
            html.Div(build_dr_request(request_for(token), language), id=DrAnswerId.REQUEST),
            html.P(_words("dra_ask", language)),
            html.Button(_words("dra_opt_in", language), id=DrAnswerId.OPT_IN, n_clicks=0),
            html.Button(_words("dra_opt_out", language), id=DrAnswerId.OPT_OUT, n_clicks=0),
            html.P(id=DrAnswerId.ANSWER, className="dr-answer"),
        ],
        className="gridops-public",
    )
