"""The customer's answer page (public audience), opened from the link in a dr_request notice:
two buttons, opt in or opt out; the token in the path is the customer's key. Layout only."""

from __future__ import annotations

from dash import dcc, html

from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, DrAnswerId

PATH_TEMPLATE = "/public/dr/<token>"
EN = Language.EN  # the language callbacks relabel on load


def _words(key: str) -> html.Span:
    return html.Span(text(key, EN), id={"type": TEXT_TYPE, "key": key})


def layout(token: str = "", **_query: str) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=DrAnswerId.LINK_KEY, data=token[:100]),
            html.H2(_words("dra_heading")),
            html.P(_words("dra_ask")),
            html.Button(_words("dra_opt_in"), id=DrAnswerId.OPT_IN, n_clicks=0),
            html.Button(_words("dra_opt_out"), id=DrAnswerId.OPT_OUT, n_clicks=0),
            html.P(id=DrAnswerId.ANSWER, className="dr-answer"),
        ],
        className="gridops-public",
    )
