"""Texts of notices, rendered from Jinja2 templates: notify/templates/<language>/<kind>.j2.

A template's first line is the subject and the rest the body. Its variables are the notice's
payload (the facts) plus map_link, an absolute link to the console's map wherever the facts
name a place: payload["map_path"] (a console path, e.g. /public/outages?planned_outage=12),
or payload["location"] = {"lon": ..., "lat": ...}. Times (ISO strings) go through the filter
`when`, which shows them in GRIDOPS_TIMEZONE.

Facts per kind (optional ones in brackets):
  fault_received    [fault_report_id, received_at, incident_id, customers_affected, etr]
  fault_progress    status (dispatched|accepted|en_route|on_site|restored),
                    [incident_id, changed_at, etr, note]
  outage_notice, outage_update, outage_cancelled, outage_reminder
                    title, reason, starts_at, ends_at, [revision, status]
  dr_request        starts_at, ends_at, [requested_kw, incentive_per_kwh, respond_url]
  dr_result         [dr_event_id, starts_at, reduction_kwh, baseline_kwh, incentive]
  dr_cancelled      starts_at, ends_at, [dr_event_id, title]
  job_assigned      job_id, [incident_id, level, customers_affected, device, priority, note]

Texts are rendered when a notice is delivered, not when it is written: writing stays cheap
inside the business transaction (100,000 renders would not fit the enqueue budget), and a
corrected template applies to notices still waiting. The text actually sent is kept on the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urljoin

import jinja2

from gis import local_time
from gis.vocabulary import Language
from notify.models import NoticeKind, RenderedText
from notify.settings import NotifySettings


class TemplateError(ValueError):
    """A notice whose facts do not fill its template (a permanent error)."""


def _when(value: object, zone: str) -> str:
    """A time among the facts as the customer reads it (gis/local_time.py); other text as is."""
    if isinstance(value, str):
        try:
            return local_time.format_time(datetime.fromisoformat(value), name=zone)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return local_time.format_time(value, name=zone)
    return str(value)


@lru_cache(maxsize=4)
def _environment(zone: str) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("notify", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # noqa: S701 (plain-text messages, never HTML)
    )
    environment.filters["when"] = lambda value: _when(value, zone)
    return environment


def map_link(payload: Mapping[str, Any], settings: NotifySettings) -> str | None:
    """The console link for the place in the facts, or None when they name none."""
    base = settings.public_base_url.rstrip("/") + "/"
    path = payload.get("map_path")
    if isinstance(path, str) and path:
        return urljoin(base, path.lstrip("/"))
    location = payload.get("location")
    if isinstance(location, Mapping):
        try:
            lon, lat = float(location["lon"]), float(location["lat"])
        except (KeyError, TypeError, ValueError):
            return None
        filled = settings.map_location_path.format(lon=quote(f"{lon:.6f}"), lat=quote(f"{lat:.6f}"))
        return urljoin(base, filled.lstrip("/"))
    return None


def render(
    kind: NoticeKind, language: Language, payload: Mapping[str, Any], settings: NotifySettings
) -> RenderedText:
    """Subject and body of a notice; TemplateError when the facts do not fill the template."""
    environment = _environment(local_time.zone().key)  # GRIDOPS_TIMEZONE
    name = f"{Language(language).value}/{NoticeKind(kind).value}.j2"
    facts = {key: value for key, value in payload.items() if isinstance(key, str)}
    facts["map_link"] = map_link(payload, settings)
    try:
        text = environment.get_template(name).render(facts)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no template {name}") from exc
    except (jinja2.UndefinedError, jinja2.TemplateSyntaxError, TypeError, ValueError) as exc:
        raise TemplateError(f"template {name}: {exc}") from exc
    subject, _, body = text.strip().partition("\n")
    return RenderedText(subject=subject.strip(), body=body.strip() + "\n")
