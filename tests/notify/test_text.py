"""Texts: a template per kind in both languages, with a map link wherever there is a place."""

from __future__ import annotations

import pytest

from gis.vocabulary import Language
from notify.models import NoticeKind
from notify.settings import NotifySettings
from notify.text import TemplateError, map_link, render

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


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_kind_has_a_text_in_both_languages_with_a_map_link(
    kind: NoticeKind, language: Language, settings: NotifySettings
) -> None:
    """'Texts from templates, in both languages, with a map link wherever there is a place'."""
    facts = {**REQUIRED_FACTS[kind], "location": {"lon": 104.0612, "lat": 30.6598}}
    text = render(kind, language, facts, settings)
    assert text.subject and "\n" not in text.subject and "{" not in text.subject
    assert text.body.strip() and "{{" not in text.body and "{%" not in text.body
    link = "https://grid.example.test/?lon=104.061200&lat=30.659800&zoom=17"
    assert link in text.body
    without_place = render(kind, language, REQUIRED_FACTS[kind], settings)
    assert "https://" not in without_place.body


@pytest.mark.parametrize("language", list(Language))
def test_outage_texts_show_times_in_the_local_zone_and_link_the_outage(
    language: Language, settings: NotifySettings
) -> None:
    """Times are shown in GRIDOPS_TIMEZONE (Asia/Shanghai, UTC+8); map_path becomes a link
    under GRIDOPS_PUBLIC_BASE_URL."""
    facts = {**OUTAGE, "map_path": "/public/outages?planned_outage=12"}
    text = render(NoticeKind.OUTAGE_NOTICE, language, facts, settings)
    assert "2026-07-01 08:00" in text.subject and "2026-07-01 12:00" in text.subject
    assert "https://grid.example.test/public/outages?planned_outage=12" in text.body
    assert ("Switchgear F-12" in text.body) and ("maintenance" in text.body)
    if language is Language.ZH_CN:
        assert "计划停电" in text.subject
    else:
        assert "Planned outage" in text.subject


def test_missing_facts_are_a_template_error_naming_the_fact(settings: NotifySettings) -> None:
    """A notice whose facts do not fill its template cannot be sent (a permanent error)."""
    with pytest.raises(TemplateError, match="starts_at"):
        render(NoticeKind.OUTAGE_NOTICE, Language.EN, {"title": "x"}, settings)


def test_map_link_needs_a_place(settings: NotifySettings) -> None:
    assert map_link({}, settings) is None
    assert map_link({"location": {"lon": "x", "lat": 1}}, settings) is None
    assert (
        map_link({"map_path": "crew/jobs/4"}, settings) == "https://grid.example.test/crew/jobs/4"
    )
