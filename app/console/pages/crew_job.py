"""The crew's job page (crew audience), opened from the link in the job notice: mobile-first,
no way into the console; the token in the path is the crew's key. Layout only."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from app.console.components.grid_backdrop import build_backdrop_legend, build_grid_backdrop
from app.console.context import current_context
from app.console.i18n import Language, text
from app.console.ids import CrewJobId
from layers.query import BBox, grid_backdrop
from outage import crew_job as service

PATH_TEMPLATE = "/crew/jobs/<token>"
EN = Language.EN  # the language callbacks relabel on load
NEARBY_DEG = 0.01  # the grid drawn around the job: about a kilometre each way
STEP_IDS = (CrewJobId.ACCEPTED, CrewJobId.EN_ROUTE, CrewJobId.ON_SITE, CrewJobId.RESTORED)


def _centre(token: str) -> tuple[float, float] | None:
    """Where the job is, or None for a link that finds no job."""
    if not 1 <= len(token) <= 64:
        return None
    try:
        with current_context().pool.connection() as conn:
            job = service.get_job(conn, token=token)
    except service.JobNotFoundError:
        return None
    return job.lat, job.lon


def _nearby_grid(centre: tuple[float, float] | None) -> dict[str, object]:
    """The territory and grid around the job, for a map without basemap tiles."""
    if centre is None:
        return {"type": "FeatureCollection", "features": []}
    lat, lon = centre
    view = BBox(lon - NEARBY_DEG, lat - NEARBY_DEG, lon + NEARBY_DEG, lat + NEARBY_DEG)
    with current_context().pool.connection() as conn:
        return grid_backdrop(conn, view, transformers=True)


def layout(token: str = "", **_query: str) -> html.Div:
    """The job's card, map (the grid nearby, the job's layers) and the crew's step buttons."""
    context = current_context()
    centre = _centre(token)
    children: list[object] = []
    if context.web.basemap_url:
        children.append(
            dl.TileLayer(url=context.web.basemap_url, attribution=context.web.basemap_attribution)
        )
    children.append(build_grid_backdrop(_nearby_grid(centre)))  # with or without tiles
    children.append(dl.LayerGroup(id=CrewJobId.LAYERS))
    job_map = dl.Map(
        children,
        id=CrewJobId.MAP,
        className="gridops-public-map",
        center=list(centre or (0.0, 0.0)),
        zoom=16,
        style={} if centre else {"display": "none"},
    )
    steps = html.Div(
        [
            html.Button(step.value, id=step, n_clicks=0, disabled=True, className="gridops-step")
            for step in STEP_IDS
        ],
        className="gridops-crew-steps",
    )
    return html.Div(
        [
            dcc.Store(id=CrewJobId.JOB_LINK, data=token if centre else ""),
            dcc.Store(id=CrewJobId.POSITION),
            html.Div(id=CrewJobId.CARD),
            job_map,
            build_backdrop_legend(EN, transformers=True),
            html.Button(text("cj_locate", EN), id=CrewJobId.LOCATE, n_clicks=0),
            dcc.Textarea(
                id=CrewJobId.NOTE,
                maxLength=service.MAX_NOTE,
                placeholder=text("cj_note", EN),
                style={"width": "100%", "minHeight": "3rem"},
            ),
            steps,
            html.Div(id=CrewJobId.MESSAGE, role="status"),
            html.Div(id=CrewJobId.TIMELINE),
        ],
        className="gridops-public gridops-crew",
    )
