"""Texts of notices, rendered from Jinja2 templates: notify/templates/<language>/<kind>.j2.

A template's first line is the subject and the rest the body. Its variables are the notice's
payload (the facts) plus `link` (notice_link): a customer's or reporter's notice links only to
a public page that shows its subject in the notice's language (never an operator page), a
crew's job to its crew page; None for kinds without a page. Links with a token get it made at
send time (notify/link_token.py); the row keeps the text with the token blanked (kept_text).
Times (ISO strings) go through the filter `when`, which shows them in GRIDOPS_TIMEZONE.

Facts per kind (optional ones in brackets):
  fault_received    [fault_report_id, received_at, incident_id, customers_affected, etr]
  fault_progress    status (dispatched|accepted|en_route|on_site|restored),
                    [incident_id, changed_at, etr, note]
  outage_notice, outage_update, outage_cancelled, outage_reminder
                    title, reason, starts_at, ends_at, [planned_outage_id, revision, status]
  dr_request        starts_at, ends_at, [dr_event_id, modification_number, requested_kw,
                    incentive_per_kwh]
  dr_result         [dr_event_id, starts_at, reduction_kwh, baseline_kwh, incentive]
  dr_cancelled      starts_at, ends_at, [dr_event_id, title]
  job_assigned      job_id, [incident_id, level, customers_affected, device, priority, note]

Texts are rendered when a notice is delivered, not when it is written: writing stays cheap
inside the business transaction (100,000 renders would not fit the enqueue budget), and a
corrected template applies to notices still waiting. The text actually sent is kept on the row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

import jinja2

from gis import local_time
from gis.vocabulary import Language
from notify.link_token import LinkPurpose, redact_tokens, sign
from notify.models import NoticeKind, RecipientType, RenderedText
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


# the public page each kind of notice links to (customers and reporters), or the crew's page
PUBLIC_PAGES = ("/public/outages", "/public/reports/", "/public/dr/")
CREW_PAGE = "/crew/jobs/"
_OUTAGE_KINDS = frozenset(
    {
        NoticeKind.OUTAGE_NOTICE,
        NoticeKind.OUTAGE_UPDATE,
        NoticeKind.OUTAGE_CANCELLED,
        NoticeKind.OUTAGE_REMINDER,
    }
)
_REPORT_KINDS = frozenset({NoticeKind.FAULT_RECEIVED, NoticeKind.FAULT_PROGRESS})
_OUTAGE_IN_PATH = re.compile(r"planned_outage=(\d{1,19})")


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _outage_id(payload: Mapping[str, Any]) -> int | None:
    found = _int(payload.get("planned_outage_id"))
    if found is None:  # notices written before planned_outage_id was in the facts
        match = _OUTAGE_IN_PATH.search(str(payload.get("map_path") or ""))
        found = int(match.group(1)) if match else None
    return found


def notice_link(
    kind: NoticeKind,
    language: Language,
    payload: Mapping[str, Any],
    recipient: tuple[RecipientType, int] | None,
    settings: NotifySettings,
) -> str | None:
    """The one link of a notice, or None: a customer's or reporter's notice links only to a
    public page showing its subject (the outage and its area, the report's progress, the DR
    request to answer) in the notice's language; a crew's job to its crew page. The tokens
    are made here, at send time, from the ids in the facts (notify/link_token.py)."""
    base = settings.public_base_url.rstrip("/")
    lang = "?lang=" + Language(language).value
    kind = NoticeKind(kind)
    if kind in _OUTAGE_KINDS:
        outage_id = _outage_id(payload)
        if outage_id is None:
            return None
        return f"{base}/public/outages?planned_outage={outage_id}&lang={Language(language).value}"
    if recipient is None:  # a token is made for its recipient only (not for subscribers)
        return None
    recipient_type, recipient_id = RecipientType(recipient[0]), recipient[1]
    key = settings.link_key()
    if kind in _REPORT_KINDS and recipient_type is RecipientType.REPORTER:  # id: the report
        return f"{base}/public/reports/{sign(key, LinkPurpose.FAULT_REPORT, recipient_id)}{lang}"
    if kind is NoticeKind.DR_REQUEST and recipient_type is RecipientType.CUSTOMER:
        event, modification = (
            _int(payload.get("dr_event_id")),
            _int(payload.get("modification_number")),
        )
        if event is None or modification is None:
            return None
        token = sign(key, LinkPurpose.DR_RESPONSE, event, recipient_id, modification)
        return f"{base}/public/dr/{token}{lang}"
    if kind is NoticeKind.JOB_ASSIGNED and recipient_type is RecipientType.CREW:
        job = _int(payload.get("job_id"))
        if job is None:
            return None
        return f"{base}{CREW_PAGE}{sign(key, LinkPurpose.CREW_JOB, job)}{lang}"
    return None  # dr_result, dr_cancelled: the text says it all


def render(
    kind: NoticeKind,
    language: Language,
    payload: Mapping[str, Any],
    settings: NotifySettings,
    recipient: tuple[RecipientType, int] | None = None,
) -> RenderedText:
    """Subject and body of a notice to recipient (its link's token is made for it);
    TemplateError when the facts do not fill the template. The body holds the link's token:
    keep only kept_text of it."""
    environment = _environment(local_time.zone().key)  # GRIDOPS_TIMEZONE
    name = f"{Language(language).value}/{NoticeKind(kind).value}.j2"
    facts = {
        key: value
        for key, value in payload.items()
        if isinstance(key, str) and key not in ("map_path", "location", "respond_url")
    }
    facts["link"] = notice_link(kind, language, payload, recipient, settings)
    try:
        text = environment.get_template(name).render(facts)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no template {name}") from exc
    except (jinja2.UndefinedError, jinja2.TemplateSyntaxError, TypeError, ValueError) as exc:
        raise TemplateError(f"template {name}: {exc}") from exc
    subject, _, body = text.strip().partition("\n")
    return RenderedText(subject=subject.strip(), body=body.strip() + "\n")


def kept_text(text: RenderedText) -> RenderedText:
    """What the notice row keeps of the text sent: the same with its link's token blanked."""
    return RenderedText(text.subject, redact_tokens(text.body))
