"""Callbacks of the planned-outage page: picks, live preview, save/publish, cancel."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from app.console.components.outage_panel import build_outage_list, build_picked, build_preview
from app.console.context import current_context
from app.console.errors import error_message
from app.console.forms import drawn_area, local_datetime, required_text
from app.console.i18n import Language, text
from app.console.ids import LAYER_TYPE, OUTAGE_CANCEL_TYPE, PlannedOutageId, ShellId
from gis.errors import DomainError
from layers.query import feeder_transformers, transformer_codes
from outage import planned_outage as service
from outage.models import PlannedOutageStatus

P = PlannedOutageId
TRANSFORMERS = {"type": LAYER_TYPE, "id": "transformers"}


def _pick(picked: list[int], clicked: dict[str, Any] | None, feeder: int | None) -> list[int]:
    trigger = ctx.triggered_id
    if trigger == P.CLEAR:
        return []
    chosen = set(picked)
    if trigger == P.FEEDER and feeder is not None:
        with current_context().pool.connection() as conn:
            for feeder_id, _, _, ids in feeder_transformers(conn):
                chosen.update(ids if feeder_id == feeder else [])
    elif clicked and trigger == TRANSFORMERS:
        chosen ^= {int(clicked["properties"]["id"])}  # a second click unpicks
    return sorted(chosen)


# What publishing empties, so that the next announcement starts afresh: the fields, the
# picks and the drawing (dash-leaflet's EditControl clears its shapes on this editToolbar).
FORM = (
    Output(P.TITLE, "value"),
    Output(P.REASON, "value"),
    Output(P.START, "value"),
    Output(P.END, "value"),
    Output(P.PICKED, "data", allow_duplicate=True),
    Output(P.PICKED_LIST, "children", allow_duplicate=True),
    Output(P.DRAW, "editToolbar"),
)


def _cleared_form() -> tuple[Any, ...]:
    clear = {"mode": "remove", "action": "clear all", "n_clicks": datetime.now(UTC).timestamp()}
    return "", "", "", "", [], build_picked([]), clear


def register(app: Dash) -> None:
    """Register the planned-outage page's callbacks: picks, preview, save/publish, cancel."""

    @app.callback(
        Output(P.PICKED, "data"),
        Output(P.PICKED_LIST, "children"),
        Input(TRANSFORMERS, "clickData"),
        Input(P.FEEDER, "value"),
        Input(P.CLEAR, "n_clicks"),
        State(P.PICKED, "data"),
        prevent_initial_call=True,
    )
    def pick(
        clicked: dict[str, Any] | None, feeder: int | None, _clear: int, picked: list[int]
    ) -> tuple[list[int], list[Any]]:
        chosen = _pick(picked or [], clicked, feeder)
        with current_context().pool.connection() as conn:
            return chosen, build_picked(transformer_codes(conn, chosen))

    @app.callback(
        Output(P.PREVIEW, "children"),
        Output(P.PREVIEW_LAYER, "data"),
        Output(P.PUBLISH_CONFIRM, "message"),
        Input(P.DRAW, "geojson"),
        Input(P.PICKED, "data"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def preview(
        drawing: dict[str, Any] | None, picked: list[int], lang: str | None
    ) -> tuple[list[Any], Any, str]:
        language = Language.parse(lang)
        nothing = text("po_publish_confirm_nothing", language)
        try:
            area = drawn_area(drawing)
            if area is None and not picked:
                return build_preview(None, None, language), None, nothing
            with current_context().pool.connection() as conn:
                result = service.preview(conn, area, tuple(picked or []))
        except DomainError as exc:
            return build_preview(None, error_message(exc, language), language), None, nothing
        union = result.supply_area_union
        shown = (
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "geometry": union, "properties": {}}],
            }
            if union
            else None
        )
        ask = text("po_publish_confirm", language).format(customers=f"{result.customers:,}")
        return build_preview(result, None, language), shown, ask

    @app.callback(
        Output(P.MESSAGE, "children"),
        Output(P.LIST, "children"),
        *FORM,
        Input(P.SAVE, "n_clicks"),
        Input(P.PUBLISH_CONFIRM, "submit_n_clicks"),
        State(P.TITLE, "value"),
        State(P.REASON, "value"),
        State(P.START, "value"),
        State(P.END, "value"),
        State(P.DRAW, "geojson"),
        State(P.PICKED, "data"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def save(
        _save: int,
        _publish: int | None,
        title: str | None,
        reason: str | None,
        start: str | None,
        end: str | None,
        drawing: dict[str, Any] | None,
        picked: list[int],
        lang: str | None,
    ) -> tuple[Any, ...]:
        language = Language.parse(lang)
        zone = current_context().web.timezone
        publishing = ctx.triggered_id == P.PUBLISH_CONFIRM
        try:
            draft = service.OutageDraft(
                title=required_text(title, text("po_title", language)),
                reason=required_text(reason, text("po_reason", language)),
                starts_at=local_datetime(start, zone, text("po_start_local", language)),
                ends_at=local_datetime(end, zone, text("po_end_local", language)),
                area=drawn_area(drawing),
                transformer_ids=tuple(picked or []),
            )
            with current_context().pool.connection() as conn:
                saved = service.save(conn, draft, datetime.now(UTC), publishing, listed=50)
        except DomainError as exc:
            failure = html.Div(error_message(exc, language), className="gridops-error")
            return failure, no_update, *(no_update for _ in FORM)
        counts = saved.notices
        notices = f" · {counts.total:,} {text('po_notices', language)}" if counts else ""
        return (
            html.Div(
                f"{text('po_saved', language)}: PO-{saved.outage.id}{notices}",
                className="gridops-ok",
                id="po-saved",
            ),
            build_outage_list(saved.outages, language, zone),
            *(_cleared_form() if publishing else (no_update for _ in FORM)),
        )

    @app.callback(
        Output(P.LIST, "children", allow_duplicate=True),
        Input(ShellId.LANGUAGE, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def relabel_list(lang: str | None) -> list[Any]:
        with current_context().pool.connection() as conn:
            outages = service.list_outages(conn, limit=50)
        return build_outage_list(outages, Language.parse(lang), current_context().web.timezone)

    @app.callback(
        Output(P.MESSAGE, "children", allow_duplicate=True),
        Output(P.LIST, "children", allow_duplicate=True),
        Input({"type": OUTAGE_CANCEL_TYPE, "id": ALL}, "n_clicks"),
        State(ShellId.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def cancel(clicks: list[int], lang: str | None) -> tuple[Any, Any]:
        if not isinstance(ctx.triggered_id, dict) or not any(clicks):
            return no_update, no_update
        changes = service.OutageChanges(status=PlannedOutageStatus.CANCELLED)
        language = Language.parse(lang)
        try:
            with current_context().pool.connection() as conn:
                service.update(conn, int(ctx.triggered_id["id"]), changes, datetime.now(UTC))
                outages = service.list_outages(conn, limit=50)
        except DomainError as exc:
            return html.Div(error_message(exc, language), className="gridops-error"), no_update
        return no_update, build_outage_list(outages, language, current_context().web.timezone)
