"""Callbacks of the crew's job page: the browser's position, and the crew's steps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx

from app.console.components.crew_job_card import (
    build_job_card,
    build_job_layers,
    build_timeline,
    status_label,
    step_disabled,
)
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import CrewJobId, ShellId
from app.console.pages.crew_job import STEP_IDS
from outage import crew_job as service
from outage.models import CREW_STEPS

C = CrewJobId
STEP_OF = dict(zip(STEP_IDS, CREW_STEPS, strict=True))


def _step(
    token: str, step: service.StatusUpdate | None, lang: Language
) -> tuple[service.CrewJob | None, str]:
    """Report the step (if any) in its own transaction, then read the job; and a message."""
    message = ""
    pool = current_context().pool
    if step is not None:
        try:
            with pool.connection() as conn:
                job = service.record_step(conn, token, step, datetime.now(UTC))
            return job, text("cj_saved", lang).format(status=status_label(step.status, lang))
        except service.LifecycleConflictError:
            message = text("cj_conflict", lang)
        except service.JobInputError as exc:
            message = str(exc)
        except service.JobNotFoundError:
            return None, ""
    try:
        with pool.connection() as conn:
            return service.get_job(conn, token=token), message
    except service.JobNotFoundError:
        return None, ""


def _position(data: dict[str, Any] | None) -> tuple[float | None, float | None]:
    if data and "lon" in data and "lat" in data:
        return float(data["lon"]), float(data["lat"])
    return None, None


def register(app: Dash) -> None:
    """Register the crew job page's callbacks: the browser's position and the crew's steps."""
    app.clientside_callback(
        ClientsideFunction(namespace="gridops", function_name="locate"),
        Output(C.POSITION, "data"),
        Input(C.LOCATE, "n_clicks"),  # also on load: the crew's phone shows where it is
    )

    @app.callback(
        Output(C.CARD, "children"),
        Output(C.LAYERS, "children"),
        Output(C.TIMELINE, "children"),
        Output(C.MESSAGE, "children"),
        Output(C.NOTE, "value"),
        *(Output(step_id, "disabled") for step_id in STEP_IDS),
        *(Input(step_id, "n_clicks") for step_id in STEP_IDS),
        Input(C.POSITION, "data"),
        Input(ShellId.LANGUAGE, "data"),
        State(C.JOB_LINK, "data"),
        State(C.NOTE, "value"),
    )
    def show_job(
        _accepted: int | None,
        _en_route: int | None,
        _on_site: int | None,
        _restored: int | None,  # the clicks of STEP_IDS, in their order
        position: dict[str, Any] | None,
        lang_value: str | None,
        token: str | None,
        note: str | None,
    ) -> tuple[Any, ...]:
        lang, zone = Language.parse(lang_value), current_context().web.timezone
        step = None
        if ctx.triggered_id in STEP_OF and token:
            lon, lat = _position(position)
            step = service.StatusUpdate(STEP_OF[ctx.triggered_id], (note or "").strip(), lon, lat)
        job, message = _step(token, step, lang) if token else (None, "")
        if position and position.get("error") and not message:
            message = text("cj_location_failed", lang)
        return (
            build_job_card(job, lang, zone),
            build_job_layers(job, position),
            build_timeline(job, lang, zone),
            message,
            "" if step and job and job.status is step.status else (note or ""),
            *step_disabled(job),
        )

    @app.callback(
        *(Output(step_id, "children") for step_id in STEP_IDS),
        Output(C.LOCATE, "children"),
        Output(C.NOTE, "placeholder"),
        Input(ShellId.LANGUAGE, "data"),
    )
    def relabel(lang_value: str | None) -> tuple[str, ...]:
        lang = Language.parse(lang_value)
        steps = tuple(text(f"cj_step_{step.value}", lang) for step in CREW_STEPS)
        return (*steps, text("cj_locate", lang), text("cj_note", lang))
