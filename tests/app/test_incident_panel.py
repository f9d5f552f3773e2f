"""The dispatch page's pieces, without a browser: the incident list, one incident with why
and its timeline, the crew choice and the map highlight (components/incident_panel.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.console.components.incident_panel import (
    age,
    build_action_done,
    build_action_failed,
    build_dispatched,
    build_incident_detail,
    build_incident_list,
    crew_options,
    incident_shapes,
)
from app.console.i18n import Language
from app.console.ids import INCIDENT_SELECT_TYPE, DispatchId
from outage.incident_board import Crew, IncidentDetail, IncidentSummary, ReportPoint, TimelineEntry
from outage.models import CrewStatus, IncidentLevel, IncidentStatus, JobStatus
from tests.app.readable import by_id, readable

ZONE = "Asia/Shanghai"
OPENED = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
SUMMARY = IncidentSummary(
    id=17,
    level=IncidentLevel.FEEDER,
    status=IncidentStatus.SUSPECTED,
    device="F03",
    transformer_code=None,
    feeder_code="F03",
    substation_code="S1",
    customers_affected=1520,
    rule="3 of 8 transformers of feeder F03 reported within 30 min",
    rule_facts=None,
    confidence=0.875,
    opened_at=OPENED,
    last_report_at=OPENED,
    confirmed_at=None,
    dispatched_at=None,
    restored_at=None,
    estimated_restoration_at=None,
    duration_s=None,
    customer_minutes=None,
    report_count=6,
    lon=104.0,
    lat=30.6,
    job_id=None,
    job_status=None,
    crew_code=None,
    absorbed_into=None,
)
SQUARE = {"type": "Polygon", "coordinates": [[[104, 30], [104.1, 30], [104.1, 30.1], [104, 30]]]}
DETAIL = IncidentDetail(
    summary=SUMMARY,
    evidence={"transformers": [1, 2, 3]},
    device_geometry={"type": "LineString", "coordinates": [[104, 30], [104.1, 30.1]]},
    area=SQUARE,
    reports=[ReportPoint(5, 104.05, 30.05, OPENED, "app", "in_incident", "within", "", 17)],
    timeline=[
        TimelineEntry("incident", "opened", "", None, None, None, None, OPENED),
        TimelineEntry(
            "job", "accepted", "on our way", None, 3, None, None, OPENED + timedelta(hours=1)
        ),
    ],
)
CREWS = [
    Crew(1, "CR01", "North", 3, CrewStatus.AVAILABLE, 104.0, 30.6, None, None, None),
    Crew(2, "CR02", "South", 3, CrewStatus.BUSY, 104.0, 30.6, None, 4, 9),
]


def test_the_age_reads_in_minutes_hours_or_days() -> None:
    assert age(OPENED, OPENED + timedelta(minutes=12), Language.EN) == "12 min"
    assert age(OPENED, OPENED + timedelta(hours=3, minutes=5), Language.EN) == "3 h 05 min"
    assert age(OPENED, OPENED + timedelta(days=2, hours=4), Language.EN) == "2 d 4 h"
    assert age(OPENED, OPENED - timedelta(minutes=1), Language.EN) == "0 min"  # clock behind
    assert age(OPENED, OPENED + timedelta(minutes=12), Language.ZH_CN) != "12 min"


def test_the_list_shows_each_incident_and_marks_the_selected_one() -> None:
    table = build_incident_list([SUMMARY], 17, Language.EN, OPENED + timedelta(minutes=25))
    assert readable(table[0].children[0]) == (
        "Incident Level Device Customers out Age Status Reports"
    )
    row = by_id(table, "dp-incident-row-17")
    assert readable(row) == "#17 feeder F03 1,520 25 min suspected 6"
    assert row.className == "gridops-selected"
    assert by_id(table, {"type": INCIDENT_SELECT_TYPE, "id": 17}).n_clicks == 0
    assert (
        readable(build_incident_list([], None, Language.ZH_CN, OPENED)) == "当前没有未结故障事件。"
    )


def test_a_suspected_incident_can_be_confirmed_and_says_why() -> None:
    shown = build_incident_detail(DETAIL, CREWS, None, Language.EN, ZONE)
    assert readable(by_id(shown, "dp-heading")) == "Incident 17: feeder F03"
    assert readable(shown[1]) == "Status suspected Customers out 1,520 Expected restoration —"
    assert by_id(shown, DispatchId.CONFIRM).disabled is False
    assert by_id(shown, DispatchId.DISPATCH).disabled is False
    assert readable(by_id(shown, "dp-why")) == (
        "Why Rule 3 of 8 transformers of feeder F03 reported within 30 min Confidence 88% "
        "Reports 6 Transformers reporting 3"
    )
    timeline = readable(by_id(shown, "dp-timeline"))
    assert timeline.startswith("Timeline ") and "10:00 opened" in timeline
    assert "11:00 accepted — on our way" in timeline


def test_a_dispatched_incident_names_its_crew_and_cannot_be_dispatched_again() -> None:
    dispatched = replace(
        SUMMARY,
        status=IncidentStatus.DISPATCHED,
        crew_code="CR01",
        job_status=JobStatus.EN_ROUTE,
        customer_minutes=45_600,
    )
    shown = build_incident_detail(
        replace(DETAIL, summary=dispatched), CREWS, None, Language.ZH_CN, ZONE
    )
    facts = readable(shown[1])
    assert "状态 已派工" in facts and "班组 CR01 · 在途" in facts and "45,600" in facts
    assert by_id(shown, DispatchId.CONFIRM).disabled is True
    assert by_id(shown, DispatchId.DISPATCH).disabled is True
    assert readable(build_incident_detail(None, [], None, Language.EN, ZONE)).startswith("Select")


def test_only_available_crews_can_be_chosen_after_the_nearest() -> None:
    assert crew_options(CREWS, Language.EN) == [
        {"label": "Nearest available crew", "value": crew_options([], Language.EN)[0]["value"]},
        {"label": "CR01 · North", "value": 1},
    ]


def test_the_highlight_holds_the_area_the_device_and_each_report() -> None:
    shapes = incident_shapes(DETAIL)
    assert shapes is not None
    assert [f["properties"] for f in shapes["features"]] == [
        {"part": "area"},
        {"part": "device"},
        {"part": "report", "code": "FR-5"},
    ]
    assert shapes["features"][2]["geometry"]["coordinates"] == [104.05, 30.05]
    assert incident_shapes(None) is None


def test_an_action_answers_what_was_done_or_why_not() -> None:
    done = build_action_done("Incident 17 confirmed")
    assert readable(done) == "Incident 17 confirmed" and done.className == "gridops-ok"
    failed = build_action_failed("incident 17 is already restored")
    assert readable(failed) == "incident 17 is already restored"
    assert failed.className == "gridops-error"


def test_a_dispatch_names_the_crew_and_links_its_job_page_in_either_language() -> None:
    shown = build_dispatched(17, "C-02", "/crew/jobs/abc", Language.EN)
    assert shown.id == "dp-dispatched" and shown.className == "gridops-ok"
    assert "C-02" in readable(shown) and "17" in readable(shown)
    (link,) = [child for child in shown.children if getattr(child, "href", None)]
    assert link.href == "/crew/jobs/abc"
    chinese = readable(build_dispatched(17, "C-02", "/crew/jobs/abc", Language.ZH_CN))
    assert "C-02" in chinese and chinese != readable(shown)
