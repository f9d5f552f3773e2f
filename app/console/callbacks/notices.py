"""Callbacks of the notices page (filter, refresh, paging, retry) and of the delivery summary
slots that any page embeds (components/notice_summary.delivery_summary_slot)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from app.console.components.notice_summary import (
    build_delivery_summary,
    build_event_table,
    build_notice_table,
    build_pager,
    build_status_counts,
    kind_options,
    status_options,
)
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import DELIVERY_SUMMARY_TYPE, NOTICE_RETRY_TYPE, NoticeId, ShellId
from notify.models import NoticeKind, NoticeStatus
from notify.report import (
    DeliverySummary,
    NoticeFilter,
    NoticePage,
    StatusCounts,
    delivery_summaries,
    list_notices,
    retry_dead,
    status_counts,
)

P = NoticeId
PAGE_SIZE = 50
MAX_EVENTS = 100
KINDS = {kind.value: kind for kind in NoticeKind}
STATUSES = {status.value: status for status in NoticeStatus}


def _day(value: object, zone: ZoneInfo, days_after: int = 0) -> datetime | None:
    """The start of a day given as YYYY-MM-DD in the utility's zone (None when not a date)."""
    try:
        day = date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
    return datetime.combine(day + timedelta(days=days_after), time(), zone) if day else None


def notice_filter(fields: dict[str, Any] | None, zone: str) -> NoticeFilter:
    """The filter fields as a NoticeFilter: whole days in the utility's zone, 'to' included;
    unknown kinds and statuses are dropped."""
    fields = fields or {}
    tz = ZoneInfo(zone)
    return NoticeFilter(
        kinds=tuple(KINDS[k] for k in fields.get("kinds") or () if k in KINDS),
        statuses=tuple(STATUSES[s] for s in fields.get("statuses") or () if s in STATUSES),
        created_from=_day(fields.get("created_from"), tz),
        created_to=_day(fields.get("created_to"), tz, days_after=1),
        event_prefix=str(fields.get("event") or "").strip()[:200] or None,
    )


def _read(
    conn: Any, where: NoticeFilter, offset: int
) -> tuple[StatusCounts, NoticePage, list[DeliverySummary]]:
    """Counts per status (within every filter but the status one, so each status keeps its
    card), the page of notices, and delivery for its events (or every event of the prefix)."""
    counts = status_counts(conn, replace(where, statuses=()))
    page = list_notices(conn, where, limit=PAGE_SIZE, offset=offset)
    refs = sorted({row.event_ref for row in page.rows})
    return counts, page, delivery_summaries(conn, refs, where.event_prefix)[:MAX_EVENTS]


def register(app: Dash) -> None:
    """Register the notices page's callbacks and those of every page's delivery summaries."""

    @app.callback(
        Output(P.FILTER, "data"),
        Output(P.OFFSET, "data"),
        Input(P.KINDS, "value"),
        Input(P.STATUSES, "value"),
        Input(P.CREATED, "start_date"),
        Input(P.CREATED, "end_date"),
        Input(P.EVENT, "value"),
    )
    def collect(
        kinds: list[str] | None,
        statuses: list[str] | None,
        created_from: str | None,
        created_to: str | None,
        event: str | None,
    ) -> tuple[dict[str, Any], int]:
        """A new filter starts again at the first page."""
        where = {
            "kinds": kinds,
            "statuses": statuses,
            "created_from": created_from,
            "created_to": created_to,
            "event": event,
        }
        return where, 0

    @app.callback(
        Output(P.OFFSET, "data", allow_duplicate=True),
        Input(P.PREVIOUS, "n_clicks"),
        Input(P.NEXT, "n_clicks"),
        State(P.OFFSET, "data"),
        State(P.TOTAL, "data"),
        prevent_initial_call=True,
    )
    def turn_page(_previous: int, _next: int, offset: int | None, total: int | None) -> int:
        step = PAGE_SIZE if ctx.triggered_id == P.NEXT else -PAGE_SIZE
        last = max(0, ((total or 0) - 1) // PAGE_SIZE * PAGE_SIZE)
        return min(max(0, (offset or 0) + step), last)

    @app.callback(
        Output(P.COUNTS, "children"),
        Output(P.TABLE, "children"),
        Output(P.PAGER, "children"),
        Output(P.EVENTS, "children"),
        Output(P.TOTAL, "data"),
        Output(P.DEAD_SHOWN, "data"),
        Input(P.FILTER, "data"),
        Input(P.OFFSET, "data"),
        Input(P.REFRESH, "n_intervals"),
        Input(P.RETRIED, "data"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def refresh(
        fields: dict[str, Any] | None, offset: int | None, _tick: Any, _retried: Any, lang: Any
    ) -> tuple[Any, ...]:
        language = Language.parse(lang)
        zone = current_context().web.timezone
        with current_context().pool.connection() as conn:
            counts, page, events = _read(conn, notice_filter(fields, zone), offset or 0)
        dead = [row.id for row in page.rows if row.status is NoticeStatus.DEAD]
        return (
            build_status_counts(counts, language),
            build_notice_table(page, language, zone),
            build_pager(page, language),
            build_event_table(events, language),
            page.total,
            dead,
        )

    @app.callback(
        Output(P.MESSAGE, "children"),
        Output(P.RETRIED, "data"),
        Input({"type": NOTICE_RETRY_TYPE, "id": ALL}, "n_clicks"),
        Input(P.RETRY_SHOWN, "n_clicks"),
        State(P.DEAD_SHOWN, "data"),
        State(P.RETRIED, "data"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def retry(
        _rows: list[int], _shown: int, dead_shown: list[int] | None, retried: int | None, lang: Any
    ) -> tuple[Any, Any]:
        """Retry one dead letter, or every one on the page; a redrawn table (clicks back at 0)
        retries nothing."""
        trigger = ctx.triggered_id
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update, no_update
        ids = (dead_shown or []) if trigger == P.RETRY_SHOWN else [int(trigger["id"])]
        if not ids:
            return no_update, no_update
        with current_context().pool.connection() as conn:
            revived = retry_dead(conn, ids)
        message = text("nt_retried", Language.parse(lang)).format(count=f"{revived:,}")
        return html.Div(message, className="gridops-ok", id="notice-retried"), (retried or 0) + 1

    @app.callback(
        Output(P.KINDS, "options"),
        Output(P.STATUSES, "options"),
        Output(P.EVENT, "placeholder"),
        Output(P.CREATED, "start_date_placeholder_text"),
        Output(P.CREATED, "end_date_placeholder_text"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def relabel(lang: Any) -> tuple[Any, ...]:
        language = Language.parse(lang)
        return (
            kind_options(language),
            status_options(language),
            text("nt_event_hint", language),
            text("nt_from", language),
            text("nt_to", language),
        )

    @app.callback(
        Output({"type": DELIVERY_SUMMARY_TYPE, "event": ALL}, "children"),
        Input({"type": DELIVERY_SUMMARY_TYPE, "event": ALL}, "id"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def fill_delivery_summaries(slots: list[dict[str, str]], lang: Any) -> list[Any]:
        """Every delivery summary slot on the page, in one query, when the slots appear."""
        refs = [slot["event"] for slot in slots]
        if not refs:
            return []
        with current_context().pool.connection() as conn:
            found = {s.event_ref: s for s in delivery_summaries(conn, refs)}
        language = Language.parse(lang)
        return [build_delivery_summary(found.get(r, DeliverySummary(r)), language) for r in refs]
