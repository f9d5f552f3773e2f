"""What the pages a customer's notice links show, without a browser
(components/public_subject.py): a planned outage, a fault report's progress, a DR request;
each in the link's language, times as gis/local_time.py writes them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.console.components.public_subject import (
    build_dr_request,
    build_planned_outage,
    build_report_progress,
)
from app.console.i18n import Language
from dr.models import DrEventStatus, DrResponse
from dr.response import RequestView
from gis.local_time import format_span, format_time
from outage.models import PlannedOutage, PlannedOutageStatus
from tests.app.readable import by_id, readable

STARTS = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
ENDS = STARTS + timedelta(hours=6)
OUTAGE = PlannedOutage(
    id=5,
    title="Cable works",
    reason="new 10 kV cable",
    starts_at=STARTS,
    ends_at=ENDS,
    status=PlannedOutageStatus.PUBLISHED,
    geometry={"type": "Polygon", "coordinates": []},
    transformer_ids=[1],
    revision=1,
    repair="",
    customers_affected=12,
    created_at=STARTS - timedelta(days=3),
    updated_at=STARTS - timedelta(days=3),
)
REQUEST = RequestView(
    event_id=9,
    title="Evening peak",
    starts_at=STARTS,
    ends_at=ENDS,
    response_deadline=STARTS - timedelta(hours=4),
    status=DrEventStatus.PUBLISHED,
    incentive_per_kwh=Decimal("0.5"),
    requested_kw=2.5,
    response=None,
)


def test_an_announced_outage_shows_its_title_status_window_and_reason() -> None:
    shown = readable(build_planned_outage(OUTAGE, Language.EN))
    assert shown.startswith("Planned outage: Cable works announced · ")
    assert format_time(STARTS) in shown and format_time(ENDS) in shown
    assert "Reason: new 10 kV cable" in shown
    chinese = readable(build_planned_outage(OUTAGE, Language.ZH_CN))
    assert "计划停电：Cable works" in chinese and "已发布" in chinese


def test_a_draft_or_no_outage_is_not_shown() -> None:
    draft = replace(OUTAGE, status=PlannedOutageStatus.DRAFT)
    for outage in (None, draft):
        (line,) = build_planned_outage(outage, Language.EN)
        assert line.className == "gridops-error" and "Cable works" not in readable(line)


def test_a_report_in_an_incident_shows_its_status_estimate_and_steps() -> None:
    report = {
        "id": 41,
        "status": "dispatched",
        "received_at": STARTS,
        "incident": {"estimated_restoration_at": ENDS, "restored_at": None},
        "progress": [{"at": STARTS, "status": "assigned"}, {"at": ENDS, "status": "en_route"}],
    }
    shown = build_report_progress(report, Language.EN)
    assert readable(by_id(shown, "report-status")) == "a crew is on it"
    assert format_time(ENDS) in readable(shown)
    steps = readable(by_id(shown, "report-progress"))
    assert steps == f"{format_time(STARTS)} crew dispatched {format_time(ENDS)} crew on its way"
    chinese = readable(build_report_progress(report, Language.ZH_CN))
    assert "您的故障报修（编号 41）" in chinese and "抢修班组正在赶往现场" in chinese


def test_a_report_in_a_planned_outage_names_it_and_no_crew_yet() -> None:
    planned = {"title": "Cable works", "starts_at": STARTS, "ends_at": ENDS}
    report = {
        "id": 42,
        "status": "planned_outage",
        "received_at": STARTS,
        "planned_outage": planned,
    }
    shown = readable(build_report_progress(report, Language.EN))
    assert f"Planned outage: Cable works, {format_span(STARTS, ENDS)}" in shown
    assert shown.endswith("Repair progress No crew has been sent yet.")


def test_an_unknown_report_link_says_so() -> None:
    (line,) = build_report_progress(None, Language.ZH_CN)
    assert readable(line) == "此链接无效。" and line.className == "gridops-error"


def test_a_dr_request_shows_window_incentive_kw_and_deadline() -> None:
    shown = build_dr_request(REQUEST, Language.EN)
    assert readable(by_id(shown, "dr-answer-window")) == f"Window: {format_span(STARTS, ENDS)}"
    assert "0.50" in readable(by_id(shown, "dr-answer-incentive"))
    text = readable(shown)
    assert "Please reduce by about 2.5 kW" in text
    assert text.endswith(f"Answer by {format_time(REQUEST.response_deadline)}")
    answered = readable(
        build_dr_request(
            replace(REQUEST, response=DrResponse.OPT_OUT),
            Language.ZH_CN,
        )
    )
    assert answered.endswith("您目前的答复：本次不参与。")


def test_a_cancelled_request_asks_nothing_and_a_bad_link_is_refused() -> None:
    cancelled = replace(REQUEST, status=DrEventStatus.CANCELLED)
    text = readable(build_dr_request(cancelled, Language.EN))
    assert text.endswith("This request has been cancelled.") and "Answer by" not in text
    (line,) = build_dr_request(None, Language.EN)
    assert line.className == "gridops-error"
