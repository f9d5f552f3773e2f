"""The notices page (console audience): filter by kind, status, time and event; counts per
status; the notices newest first with Retry on dead letters; delivery per event."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from app.console.components.notice_summary import kind_options, status_options
from app.console.i18n import Language, text
from app.console.ids import TEXT_TYPE, NoticeId

PATH = "/notices"
REFRESH_MS = 5_000
EN = Language.EN  # the language callbacks relabel on load
ROW = {"display": "flex", "flexWrap": "wrap", "gap": "0.75rem", "alignItems": "flex-end"}


def _label(key: str, tag: Any = html.Label) -> Any:
    return tag(text(key, EN), id={"type": TEXT_TYPE, "key": key})


def _field(key: str, control: Any) -> html.Div:
    return html.Div([_label(key), control], className="gridops-form")


def _button(button_id: NoticeId, key: str) -> html.Button:
    """A button whose label follows the language (the label is the marked span)."""
    return html.Button(_label(key, html.Span), id=button_id, n_clicks=0)


def _filters(event: str) -> html.Div:
    return html.Div(
        [
            _field("nt_kind", dcc.Checklist(kind_options(EN), [], id=NoticeId.KINDS, inline=True)),
            html.Div(
                [
                    _field(
                        "nt_status",
                        dcc.Checklist(status_options(EN), [], id=NoticeId.STATUSES, inline=True),
                    ),
                    _field(
                        "nt_created",
                        dcc.DatePickerRange(
                            id=NoticeId.CREATED,
                            start_date_id=NoticeId.CREATED_FROM,
                            end_date_id=NoticeId.CREATED_TO,
                            start_date_placeholder_text=text("nt_from", EN),
                            end_date_placeholder_text=text("nt_to", EN),
                            display_format="YYYY-MM-DD",
                            clearable=True,
                        ),
                    ),
                    _field(
                        "nt_event",
                        dcc.Input(
                            id=NoticeId.EVENT,
                            type="text",
                            value=event,
                            maxLength=200,
                            debounce=True,
                            placeholder=text("nt_event_hint", EN),
                            style={"width": "18rem"},
                        ),
                    ),
                ],
                style=ROW,
            ),
        ]
    )


def layout(event: str = "", **_query: str) -> html.Div:
    """?event=<prefix> opens the page on the notices of one event (the summaries link here)."""
    return html.Div(
        [
            dcc.Store(id=NoticeId.FILTER),
            dcc.Store(id=NoticeId.OFFSET, data=0),
            dcc.Store(id=NoticeId.TOTAL, data=0),
            dcc.Store(id=NoticeId.DEAD_SHOWN, data=[]),
            dcc.Store(id=NoticeId.RETRIED, data=0),
            dcc.Interval(id=NoticeId.REFRESH, interval=REFRESH_MS),
            _label("nt_heading", html.H2),
            _filters(event[:200]),
            _label("nt_counts", html.H3),
            html.Div(id=NoticeId.COUNTS, style={**ROW, "alignItems": "stretch"}),
            _label("nt_list", html.H3),
            html.Div(
                [
                    _button(NoticeId.PREVIOUS, "nt_previous"),
                    html.Span(id=NoticeId.PAGER),
                    _button(NoticeId.NEXT, "nt_next"),
                    _button(NoticeId.RETRY_SHOWN, "nt_retry_shown"),
                    html.Div(id=NoticeId.MESSAGE),
                ],
                style={**ROW, "alignItems": "center", "marginBottom": "0.5rem"},
            ),
            html.Div(id=NoticeId.TABLE),
            _label("nt_events", html.H3),
            _label("nt_events_hint", html.P),
            html.Div(id=NoticeId.EVENTS),
        ],
        className="gridops-notices",
        style={
            "padding": "0.75rem 1rem",
            "overflowY": "auto",
            "height": "calc(100vh - 48px)",
            "boxSizing": "border-box",
            "fontSize": "0.9rem",
        },
    )
