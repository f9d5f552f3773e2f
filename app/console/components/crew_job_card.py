"""The crew's job on a phone: what and where, the map's layers, which step comes next, and the
timeline; pure functions of the job, tested without a browser."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import dash_leaflet as dl
from dash import html

from app.console.i18n import Language, text
from gis.local_time import format_time
from outage.models import CREW_STEPS, CrewJob, JobStatus

DEVICE_COLOR = "#d73027"
AREA_COLOR = "#fdae61"
CREW_COLOR = "#2c7bb6"


def _when(value: datetime | None, zone: str) -> str:
    return format_time(value, name=zone)


def status_label(status: JobStatus | str, lang: Language) -> str:
    """A job status's name in the crew's language."""
    return text(f"cj_status_{JobStatus(status).value}", lang)


def build_job_card(job: CrewJob | None, lang: Language, zone: str) -> list[Any]:
    """Job number, device, level, customers, ETR and the job's status; or 'no such job'."""
    if job is None:
        return [html.P(text("cj_not_found", lang), className="gridops-error", id="crew-none")]
    rows: list[tuple[str, Any]] = [
        (text("cj_device", lang), f"{job.device} ({text(f'cj_level_{job.level.value}', lang)})"),
        (text("cj_place", lang), build_place(job, lang)),
        (text("cj_customers", lang), f"{customers_without_power(job):,}"),
        (text("cj_etr", lang), _when(job.estimated_restoration_at, zone)),
        (text("cj_crew", lang), f"{job.crew_code} · {job.crew_name}"),
    ]
    return [
        html.H2(text("cj_heading", lang).format(job=job.id, incident=job.incident_id)),
        html.P(
            [text("cj_status", lang), ": ", html.Strong(status_label(job.status, lang))],
            id="crew-status",
            className=f"gridops-crew-status-{job.status.value}",
        ),
        html.Dl([part for label, value in rows for part in (html.Dt(label), html.Dd(value))]),
    ]


def customers_without_power(job: CrewJob) -> int:
    """The incident's customers until the crew restores them; none after."""
    restored = job.status is JobStatus.RESTORED or job.restored_at is not None
    return 0 if restored else job.customers_affected


def build_place(job: CrewJob, lang: Language) -> list[Any]:
    """Where the device is: its coordinates, and a geo: link (RFC 5870) that opens the phone's
    navigation app there."""
    return [
        html.Span(f"{job.lat:.5f}, {job.lon:.5f}", id="crew-coordinates"),
        " ",
        html.A(
            text("cj_navigate", lang), href=f"geo:{job.lat:.6f},{job.lon:.6f}", id="crew-navigate"
        ),
    ]


def step_disabled(job: CrewJob | None) -> list[bool]:
    """For each step button (accepted, en route, on site, restored): disabled unless it is the
    job's next status."""
    upcoming = job.next_status if job else None
    return [step is not upcoming for step in CREW_STEPS]


def _rings(geometry: dict[str, Any] | None) -> list[list[list[list[float]]]]:
    """Polygons of a GeoJSON (Multi)Polygon as Leaflet positions: rings of [lat, lon]."""
    if not geometry:
        return []
    polygons = (
        geometry["coordinates"]
        if geometry.get("type") == "MultiPolygon"
        else [geometry.get("coordinates", [])]
    )
    return [[[[lat, lon] for lon, lat, *_ in ring] for ring in polygon] for polygon in polygons]


def build_job_layers(job: CrewJob | None, position: dict[str, Any] | None) -> list[Any]:
    """The area out of power, the device and the crew: the browser's position when it has one,
    else the last the crew reported (or its home base)."""
    if job is None:
        return []
    layers: list[Any] = [
        dl.Polygon(
            positions=rings,
            color=AREA_COLOR,
            weight=1,
            fillOpacity=0.25,
            className="gridops-crew-area",
        )
        for rings in _rings(job.area)
    ]
    layers.append(
        dl.CircleMarker(
            center=[job.lat, job.lon],
            radius=10,
            color=DEVICE_COLOR,
            fillOpacity=0.8,
            className="gridops-crew-device",
            children=dl.Tooltip(job.device),
        )
    )
    lon, lat = job.crew_lon, job.crew_lat
    if position and "lon" in position and "lat" in position:
        lon, lat = float(position["lon"]), float(position["lat"])
    if lon is not None and lat is not None:
        layers.append(
            dl.CircleMarker(
                center=[lat, lon],
                radius=7,
                color=CREW_COLOR,
                fillOpacity=0.9,
                className="gridops-crew-position",
            )
        )
    return layers


def build_timeline(job: CrewJob | None, lang: Language, zone: str) -> list[Any]:
    """The job's steps so far, newest first: when, which step and the crew's note."""
    if job is None:
        return []
    items = []
    for event in reversed(job.timeline):
        parts: list[Any] = [
            html.Span(_when(event.at, zone), className="gridops-crew-when"),
            " ",
            html.Strong(status_label(event.status, lang)),
        ]
        if event.note:
            parts += [html.Br(), event.note]
        items.append(html.Li(parts))
    return [html.H3(text("cj_timeline", lang)), html.Ul(items, id="crew-timeline-list")]
