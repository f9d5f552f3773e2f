"""Callbacks of the DR page: the selected event (live responses, target, results), preview,
create-and-publish, and cancelling the selected event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from app.console.components.dr_panel import (
    build_detail,
    build_preview,
    build_results_chart,
    cancel_style,
    event_options,
)
from app.console.context import current_context
from app.console.errors import error_message
from app.console.forms import FormError, drawn_area, local_datetime
from app.console.i18n import Language, text
from app.console.ids import DrId, ShellId
from dr import event as service
from dr.measurement import measurement
from dr.target import Target
from gis.errors import DomainError


def _required(value: Any, key: str, field: str, lang: Language) -> Any:
    """A value the form cannot do without, or a refusal naming the field in the user's words."""
    if value is None or value == "":
        raise FormError(text("dr_required", lang).format(field=text(key, lang)), field)
    return value


def _draft(
    program: int | None,
    title: str | None,
    start: str | None,
    end: str | None,
    target_kw: float | None,
    min_loading: float | None,
    drawing: dict[str, Any] | None,
    lang: Language,
) -> service.EventDraft:
    zone = current_context().web.timezone
    program = _required(program, "dr_program", "program_id", lang)
    target_kw = _required(target_kw, "dr_target_kw", "target_kw", lang)
    area = None if min_loading else drawn_area(drawing)
    publishing = ctx.triggered_id == DrId.PUBLISH
    return service.EventDraft(
        program_id=int(program),
        title=_required(title, "dr_title", "title", lang).strip() if publishing else "preview",
        starts_at=local_datetime(_required(start, "dr_start", "starts_at", lang), zone, "start"),
        ends_at=local_datetime(_required(end, "dr_end", "ends_at", lang), zone, "end"),
        target_kw=float(target_kw),
        target=Target(area=area, min_loading_pct=float(min_loading) if min_loading else None),
    )


def register(app: Dash) -> None:
    """Register the DR page's callbacks: selected event, preview, create-and-publish, cancel."""

    @app.callback(
        Output(DrId.DETAIL, "children"),
        Output(DrId.TARGET_LAYER, "data"),
        Output(DrId.CHART_SLOT, "children"),
        Output(DrId.CANCEL_BOX, "style"),
        Input(DrId.EVENTS, "value"),
        Input(DrId.TICK, "n_intervals"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def show_event(event_id: int | None, _tick: int | None, lang: str | None) -> tuple:
        language, zone = Language.parse(lang), current_context().web.timezone
        if event_id is None:
            return build_detail(None, None, language), None, [], cancel_style(None)
        with current_context().pool.connection() as conn:
            event = service.get(conn, int(event_id))
            result = measurement(conn, event.id)
        return (
            build_detail(event, result, language),
            {"type": "Feature", "geometry": event.geometry, "properties": {}}
            if event.geometry
            else None,
            build_results_chart(result, language, zone),
            cancel_style(event),
        )

    @app.callback(
        Output(DrId.PREVIEW_BUTTON, "children"),
        Output(DrId.PUBLISH, "children"),
        Output(DrId.CANCEL_CONFIRM, "message"),
        Output(DrId.EVENTS, "options", allow_duplicate=True),
        Input(ShellId.LANGUAGE, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def relabel(lang: str | None) -> tuple[Any, ...]:
        language = Language.parse(lang)
        with current_context().pool.connection() as conn:
            options = event_options(
                service.list_events(conn, limit=100), language, current_context().web.timezone
            )
        return (
            text("dr_preview", language),
            text("dr_publish", language),
            text("dr_cancel_confirm", language),
            options,
        )

    @app.callback(
        Output(DrId.CANCEL_MESSAGE, "children"),
        Output(DrId.EVENTS, "options", allow_duplicate=True),
        Output(DrId.CANCEL_BOX, "style", allow_duplicate=True),
        Input(DrId.CANCEL_CONFIRM, "submit_n_clicks"),
        State(DrId.EVENTS, "value"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def cancel_event(_n: int | None, event_id: int | None, lang: str | None) -> tuple:
        """Call the selected event off, once the dispatcher confirmed; its participants are
        told (dr_cancelled) when its requests had gone out."""
        language, zone = Language.parse(lang), current_context().web.timezone
        if event_id is None:
            return text("dr_none", language), no_update, cancel_style(None)
        try:
            with current_context().pool.connection() as conn:
                event, notices = service.cancel(conn, int(event_id))
                options = event_options(service.list_events(conn, limit=100), language, zone)
        except DomainError as exc:
            return error_message(exc, language), no_update, no_update
        told = text("dr_cancelled", language).format(id=event.id, notices=notices)
        return told, options, cancel_style(event)

    @app.callback(
        Output(DrId.PREVIEW, "children"),
        Output(DrId.MESSAGE, "children"),
        Output(DrId.EVENTS, "options"),
        Output(DrId.EVENTS, "value"),
        Input(DrId.PREVIEW_BUTTON, "n_clicks"),
        Input(DrId.PUBLISH, "n_clicks"),
        State(DrId.PROGRAM, "value"),
        State(DrId.TITLE, "value"),
        State(DrId.START, "value"),
        State(DrId.END, "value"),
        State(DrId.TARGET_KW, "value"),
        State(DrId.MIN_LOADING, "value"),
        State(DrId.DRAW, "geojson"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def preview_or_publish(
        _preview: int | None,
        _publish: int | None,
        program: int | None,
        title: str | None,
        start: str | None,
        end: str | None,
        target_kw: float | None,
        min_loading: float | None,
        drawing: dict[str, Any] | None,
        lang: str | None,
    ) -> tuple[Any, ...]:
        language, now = Language.parse(lang), datetime.now(UTC)
        zone = current_context().web.timezone
        try:
            draft = _draft(program, title, start, end, target_kw, min_loading, drawing, language)
            publishing = ctx.triggered_id == DrId.PUBLISH
            with current_context().pool.connection() as conn:
                shown = service.preview_or_publish(conn, draft, now, publishing, listed=100)
        except DomainError as exc:
            return no_update, error_message(exc, language), no_update, no_update
        preview = build_preview(shown.preview, language)
        if shown.event is None:
            return preview, "", no_update, no_update
        options = event_options(shown.events or [], language, zone)
        message = text("dr_published", language).format(id=shown.event.id, notices=shown.notices)
        return preview, message, options, shown.event.id
