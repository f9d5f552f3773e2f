"""Texts: a template per kind in both languages, each linking only a public page (or the crew's)."""

from __future__ import annotations

import re

import pytest

from gis.vocabulary import Language
from notify.link_token import LinkPurpose, verify
from notify.models import NoticeKind, RecipientType
from notify.settings import NotifySettings
from notify.text import PUBLIC_PAGES, TemplateError, kept_text, render

WINDOW: dict[str, object] = {
    "starts_at": "2026-07-01T00:00:00+00:00",
    "ends_at": "2026-07-01T04:00:00+00:00",
}
OUTAGE: dict[str, object] = {
    **WINDOW,
    "title": "Switchgear F-12",
    "reason": "maintenance",
    "revision": 2,
}
REQUIRED_FACTS: dict[NoticeKind, dict[str, object]] = {
    NoticeKind.FAULT_RECEIVED: {},
    NoticeKind.FAULT_PROGRESS: {"status": "en_route"},
    NoticeKind.OUTAGE_NOTICE: OUTAGE,
    NoticeKind.OUTAGE_UPDATE: OUTAGE,
    NoticeKind.OUTAGE_CANCELLED: OUTAGE,
    NoticeKind.OUTAGE_REMINDER: OUTAGE,
    NoticeKind.DR_REQUEST: WINDOW,
    NoticeKind.DR_RESULT: {},
    NoticeKind.DR_CANCELLED: WINDOW,
    NoticeKind.JOB_ASSIGNED: {"job_id": 31},
}


# who receives each kind, and the public page (or the crew page) its one link opens
RECIPIENT: dict[NoticeKind, RecipientType] = {
    NoticeKind.FAULT_RECEIVED: RecipientType.REPORTER,
    NoticeKind.FAULT_PROGRESS: RecipientType.REPORTER,
    NoticeKind.JOB_ASSIGNED: RecipientType.CREW,
}
PAGE: dict[NoticeKind, str | None] = {
    NoticeKind.FAULT_RECEIVED: "/public/reports/",
    NoticeKind.FAULT_PROGRESS: "/public/reports/",
    NoticeKind.OUTAGE_NOTICE: "/public/outages?planned_outage=12&",
    NoticeKind.OUTAGE_UPDATE: "/public/outages?planned_outage=12&",
    NoticeKind.OUTAGE_CANCELLED: "/public/outages?planned_outage=12&",
    NoticeKind.OUTAGE_REMINDER: "/public/outages?planned_outage=12&",
    NoticeKind.DR_REQUEST: "/public/dr/",
    NoticeKind.DR_RESULT: None,
    NoticeKind.DR_CANCELLED: None,
    NoticeKind.JOB_ASSIGNED: "/crew/jobs/",
}
# every fact a producer writes, and those of notices written before issue 12 (map_path to
# operator pages, location, respond_url): none may turn into an operator link
EVERY_FACT: dict[str, object] = {
    "planned_outage_id": 12,
    "dr_event_id": 5,
    "modification_number": 1,
    "incident_id": 9,
    "map_path": "/dr?event=5",
    "location": {"lon": 104.0612, "lat": 30.6598},
    "respond_url": "https://grid.example.test/public/dr/" + "a" * 64,
}
URL = re.compile(r"https?://\S+")


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_link_in_a_notice_opens_a_public_page_in_its_language(
    kind: NoticeKind, language: Language, settings: NotifySettings
) -> None:
    """Issue 12 §6: every link in a customer's notice opens a public, mobile page that shows
    that thing, in the notice's language; operator pages are never linked (every template,
    both languages, even from facts written before). A crew's job links its crew page."""
    recipient = (RECIPIENT.get(kind, RecipientType.CUSTOMER), 77)
    facts = {**REQUIRED_FACTS[kind], **EVERY_FACT}
    if kind is NoticeKind.FAULT_PROGRESS:
        facts["status"] = "en_route"
    text = render(kind, language, facts, settings, recipient)
    assert text.subject and "\n" not in text.subject and "{" not in text.subject
    assert text.body.strip() and "{{" not in text.body and "{%" not in text.body
    links = URL.findall(text.subject + "\n" + text.body)
    page = PAGE[kind]
    if page is None:
        assert links == []
        return
    (link,) = links
    base = "https://grid.example.test"
    assert link.startswith(base + page), link
    assert link.endswith(f"lang={language.value}")
    if recipient[0] is not RecipientType.CREW:
        assert link.startswith(tuple(base + p for p in PUBLIC_PAGES))
    assert "a" * 64 not in text.body  # an old payload's token is not sent again


@pytest.mark.parametrize("kind", [NoticeKind.DR_REQUEST, NoticeKind.FAULT_PROGRESS])
def test_a_subscribers_copy_has_no_one_elses_token(
    kind: NoticeKind, settings: NotifySettings
) -> None:
    """An external system subscribed to a kind gets no link made for its own id."""
    facts = {**REQUIRED_FACTS[kind], **EVERY_FACT}
    text = render(kind, Language.EN, facts, settings, (RecipientType.EXTERNAL, 3))
    assert "/public/dr/" not in text.body and "/public/reports/" not in text.body


def test_the_link_token_grants_its_ids_and_is_blanked_in_the_kept_text(
    settings: NotifySettings,
) -> None:
    """The token is made from the link key at send time; the row keeps the text without it."""
    facts = {**REQUIRED_FACTS[NoticeKind.DR_REQUEST], "dr_event_id": 5, "modification_number": 1}
    text = render(NoticeKind.DR_REQUEST, Language.EN, facts, settings, (RecipientType.CUSTOMER, 8))
    token = re.search(r"/public/dr/([^?\s]+)", text.body).group(1)
    assert verify(settings.link_key(), LinkPurpose.DR_RESPONSE, token, 3) == (5, 8, 1)
    assert verify(b"another key", LinkPurpose.DR_RESPONSE, token, 3) is None
    assert verify(settings.link_key(), LinkPurpose.FAULT_REPORT, token, 3) is None
    kept = kept_text(text)
    assert token not in kept.body and "/public/dr/<token>?lang=en" in kept.body


@pytest.mark.parametrize("language", list(Language))
def test_outage_texts_show_times_in_the_local_zone_and_link_the_outage(
    language: Language, settings: NotifySettings
) -> None:
    """Times are shown in GRIDOPS_TIMEZONE (Asia/Shanghai, UTC+8); the outage's page is linked
    under GRIDOPS_PUBLIC_BASE_URL."""
    facts = {**OUTAGE, "planned_outage_id": 12}
    text = render(NoticeKind.OUTAGE_NOTICE, language, facts, settings)
    assert "2026-07-01 08:00" in text.subject and "2026-07-01 12:00" in text.subject
    link = f"https://grid.example.test/public/outages?planned_outage=12&lang={language.value}"
    assert link in text.body
    assert ("Switchgear F-12" in text.body) and ("maintenance" in text.body)
    if language is Language.ZH_CN:
        assert "计划停电" in text.subject
    else:
        assert "Planned outage" in text.subject


def test_missing_facts_are_a_template_error_naming_the_fact(settings: NotifySettings) -> None:
    """A notice whose facts do not fill its template cannot be sent (a permanent error)."""
    with pytest.raises(TemplateError, match="starts_at"):
        render(NoticeKind.OUTAGE_NOTICE, Language.EN, {"title": "x"}, settings)
