"""Pieces of the notices page (counts per status, the list, delivery per event) and the
delivery summary other pages embed: a compact sent / pending / failed bar for one event.

Recipients are shown as type and id only: contact details never reach the console, and an error
text is masked for anything that looks like an address before it is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from app.console.i18n import TEXTS, Language, text
from app.console.ids import DELIVERY_SUMMARY_TYPE, NOTICE_RETRY_TYPE
from gis.local_time import SECONDS, format_time
from notify.address import REDACTED
from notify.models import NoticeKind, NoticeStatus
from notify.report import DeliverySummary, NoticePage, NoticeRow, StatusCounts
from notify.settings import notify_settings
from notify.text import TemplateError, render

NOTICES_PATH = "/notices"
COLORS = {"sent": "#1a9850", "pending": "#9e9e9e", "failed": "#fdae61", "dead": "#d73027"}
STATUS_COLORS = {
    NoticeStatus.PENDING: COLORS["pending"],
    NoticeStatus.DELIVERING: "#4575b4",
    NoticeStatus.RETRYING: COLORS["failed"],
    NoticeStatus.SENT: COLORS["sent"],
    NoticeStatus.DEAD: COLORS["dead"],
}
_ADDRESS_LIKE = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+"  # URL
    r"|\+?\d(?: ?\d){6,}"  # phone number (7 digits or more)
)
COLUMNS = (
    "nt_col_created",
    "nt_col_kind",
    "nt_col_channel",
    "nt_col_recipient",
    "nt_col_language",
    "nt_col_status",
    "nt_col_attempts",
    "nt_col_error",
    "nt_col_event",
    "nt_col_text",
)
CELL = {"padding": "3px 6px", "borderBottom": "1px solid #eee", "verticalAlign": "top"}


@dataclass(frozen=True)
class DeliveryShare:
    """One segment of the bar: what (a ds_* text key without the prefix) and how many."""

    part: str
    count: int

    @property
    def color(self) -> str:
        """The segment's colour in the delivery bar."""
        return COLORS[self.part]


def delivery_shares(summary: DeliverySummary) -> list[DeliveryShare]:
    """sent; pending (not yet tried, or being delivered now); failed (failed at least once and
    to be tried again); and dead (given up) when there is any."""
    shares = [
        DeliveryShare("sent", summary.sent),
        DeliveryShare("pending", summary.pending + summary.delivering),
        DeliveryShare("failed", summary.failed),
    ]
    if summary.dead:
        shares.append(DeliveryShare("dead", summary.dead))
    return shares


def notices_link(event_prefix: str) -> str:
    """The notices page filtered to the events that start with event_prefix."""
    return f"{NOTICES_PATH}?{urlencode({'event': event_prefix})}"


def build_delivery_summary(summary: DeliverySummary, lang: Language) -> html.Div:
    """A compact bar (one segment per share, as wide as its count) and its numbers, linking to
    the event's notices."""
    if summary.total == 0:
        return html.Div(text("ds_none", lang), className="gridops-delivery gridops-delivery-none")
    shares = delivery_shares(summary)
    bar = html.Div(
        [html.Span(style={"flexGrow": s.count, "background": s.color}) for s in shares if s.count],
        style={"display": "flex", "height": "6px", "borderRadius": "3px", "overflow": "hidden"},
    )
    numbers: list[Any] = []
    for share in shares:
        numbers.append(" · " if numbers else "")
        numbers.append(
            html.Span(
                f"{share.count:,} {text('ds_' + share.part, lang)}",
                className=f"gridops-delivery-{share.part}",
                style={"color": share.color} if share.count and share.part != "pending" else {},
            )
        )
    return html.Div(
        [bar, dcc.Link(numbers, href=notices_link(summary.event_ref), style={"color": "inherit"})],
        className="gridops-delivery",
        title=summary.event_ref,
        style={"fontSize": "0.8rem", "margin": "2px 0", "minWidth": "12rem"},
    )


def word(group: str, value: StrEnum, lang: Language) -> str:
    """The console's word for a kind, status or recipient type (the value itself for one that
    has none yet)."""
    key = f"{group}_{value.value}"
    return text(key, lang) if key in TEXTS else value.value


def delivery_summary_slot(event_ref: str) -> html.Div:
    """Where a page embeds an event's delivery summary: callbacks/notices.py fills every slot
    on the page in one query when the slots appear and when the language changes."""
    return html.Div(id={"type": DELIVERY_SUMMARY_TYPE, "event": event_ref})


def mask_contacts(message: str | None) -> str:
    """An error text with anything that looks like an e-mail address, a URL or a phone number
    replaced (the worker already redacts the address it used; this is the console's own guard)."""
    return _ADDRESS_LIKE.sub(REDACTED, message or "")


def build_status_counts(counts: StatusCounts, lang: Language) -> list[Any]:
    """One card per status (zeros too), then the total."""
    cards = [
        _card(
            f"notice-count-{status.value}",
            counts.by_status.get(status, 0),
            word("status", status, lang),
            STATUS_COLORS[status],
        )
        for status in NoticeStatus
    ]
    cards.append(_card("notice-count-total", counts.total, text("nt_total", lang), "#0b3d91"))
    return cards


def _card(card_id: str, count: int, label: str, color: str) -> html.Div:
    return html.Div(
        [
            html.Div(f"{count:,}", className="gridops-counts", id=card_id),
            html.Div(label, style={"color": "#555"}),
        ],
        style={
            "borderTop": f"4px solid {color}",
            "background": "#fff",
            "padding": "0.4rem 0.8rem",
            "minWidth": "6rem",
            "boxShadow": "0 1px 3px rgba(0,0,0,.15)",
        },
    )


def build_notice_table(page: NoticePage, lang: Language, zone: str) -> list[Any]:
    """The notices of one page, newest first; a dead letter has a Retry button."""
    if not page.rows:
        return [html.P(text("nt_none", lang))]
    head = html.Tr([html.Th(text(key, lang), style=CELL) for key in (*COLUMNS, "nt_retry")])
    rows = [_notice_row(row, lang, zone) for row in page.rows]
    return [
        html.Table(
            [html.Thead(head), html.Tbody(rows)],
            style={"borderCollapse": "collapse", "width": "100%", "textAlign": "left"},
        )
    ]


def _notice_row(row: NoticeRow, lang: Language, zone: str) -> html.Tr:
    retry: Any = ""
    if row.status is NoticeStatus.DEAD:
        retry = html.Button(
            text("nt_retry", lang), id={"type": NOTICE_RETRY_TYPE, "id": row.id}, n_clicks=0
        )
    cells = [
        format_time(row.created_at, SECONDS, with_offset=True, name=zone),
        word("kind", row.kind, lang),
        text(f"channel_{row.channel.value}", lang),
        f"{word('recipient', row.recipient_type, lang)} {row.recipient_id}",
        text(f"language_{row.language.value}", lang),
        html.Span(
            word("status", row.status, lang),
            className=f"notice-status notice-status-{row.status.value}",
            style={"color": STATUS_COLORS[row.status], "fontWeight": 600},
        ),
        f"{row.attempts}/{row.max_attempts}",
        mask_contacts(row.last_error),
        row.event_ref,
        build_notice_text(row),
        retry,
    ]
    return html.Tr(
        [html.Td(cell, style=CELL) for cell in cells],
        className="notice-row",
        **_data("notice-id", str(row.id)),
    )


def notice_text(row: NoticeRow) -> tuple[str, str]:
    """What a notice said, in its recipient's language: the text sent (its link's token
    blanked), or for one not yet sent the text its facts make now (without a token)."""
    if row.subject is not None:
        return row.subject, row.body or ""
    try:
        made = render(row.kind, row.language, row.payload, notify_settings())
    except TemplateError as exc:
        return "—", str(exc)
    return made.subject, made.body


def build_notice_text(row: NoticeRow) -> html.Details:
    """A notice's subject, unfolding to its body, marked with the notice's language."""
    subject, body = notice_text(row)
    return html.Details(
        [html.Summary(subject), html.Pre(body, style={"whiteSpace": "pre-wrap", "margin": 0})],
        className="notice-text",
        lang=row.language.value,
    )


def _data(name: str, value: str) -> dict[str, Any]:
    """A data-* attribute (tests and scripts find rows by it)."""
    return {f"data-{name}": value}


def build_pager(page: NoticePage, lang: Language) -> str:
    """Which notices the page shows of how many ("1-50 of 1,234"), or nothing when none."""
    if page.total == 0:
        return ""
    first = min(page.offset + 1, page.total)
    last = min(page.offset + len(page.rows), page.total)
    return text("nt_page", lang).format(first=first, last=last, total=f"{page.total:,}")


def build_event_table(summaries: list[DeliverySummary], lang: Language) -> list[Any]:
    """Delivery per event: its ref, sent / pending / failed / dead, and the bar."""
    if not summaries:
        return ["—"]
    parts = ("sent", "pending", "failed", "dead")
    head = html.Tr(
        [html.Th(text("nt_col_event", lang), style=CELL)]
        + [html.Th(text("ds_" + part, lang), style=CELL) for part in parts]
        + [html.Th(text("nt_col_delivery", lang), style=CELL)]
    )
    rows = []
    for summary in summaries:
        counts = {share.part: share.count for share in delivery_shares(summary)}
        rows.append(
            html.Tr(
                [html.Td(summary.event_ref, style=CELL)]
                + [html.Td(f"{counts.get(part, 0):,}", style=CELL) for part in parts]
                + [html.Td(build_delivery_summary(summary, lang), style=CELL)],
                className="notice-event-row",
                **_data("event-ref", summary.event_ref),
            )
        )
    return [
        html.Table(
            [html.Thead(head), html.Tbody(rows)],
            style={"borderCollapse": "collapse", "width": "100%", "textAlign": "left"},
        )
    ]


def kind_options(lang: Language) -> list[dict[str, str]]:
    """The notice kinds to filter by, named in the user's language."""
    return [{"label": word("kind", kind, lang), "value": kind.value} for kind in NoticeKind]


def status_options(lang: Language) -> list[dict[str, str]]:
    """The notice statuses to filter by, named in the user's language."""
    return [
        {"label": word("status", status, lang), "value": status.value} for status in NoticeStatus
    ]
