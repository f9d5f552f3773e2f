"""What a customer reads after sending a fault report, without a browser
(components/fault_report_answer.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.console.components.fault_report_answer import build_fault_report_answer, field_label
from app.console.i18n import Language
from tests.app.readable import by_id, readable

ZONE = "Asia/Shanghai"
ENDS = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai
ANSWER = {
    "id": 41,
    "incident_id": 7,
    "planned_outage": None,
    "status_url": "/api/v1/fault-reports/abc",
    "status_page": "/public/reports/abc",
}


def test_a_report_that_joins_an_outage_says_so_and_links_its_status() -> None:
    shown = build_fault_report_answer(ANSWER, None, Language.EN, ZONE)
    assert readable(shown) == (
        "Report No. 41 received "
        "It joins outage 7: a crew will be sent. We will keep you informed. "
        "Follow your report"
    )
    # the public progress page in the reader's language, not the JSON status
    assert by_id(shown, "fault-report-status-link").href == "/public/reports/abc?lang=en"


def test_a_report_inside_a_planned_outage_gives_its_end_in_local_time() -> None:
    planned = {"title": "Cable works", "ends_at": ENDS.isoformat()}
    shown = readable(
        build_fault_report_answer({**ANSWER, "planned_outage": planned}, None, Language.ZH_CN, ZONE)
    )
    assert "报修已受理，编号 41" in shown
    assert "此处正在计划停电：Cable works" in shown and "17:30" in shown
    assert "停电事件" not in shown  # no incident is mentioned


def test_a_refused_report_shows_the_error_and_nothing_else() -> None:
    shown = build_fault_report_answer(None, "Please check the place", Language.EN, ZONE)
    assert readable(shown) == "Please check the place"
    assert by_id(shown, "fault-report-error").className == "gridops-error"
    assert build_fault_report_answer(None, None, Language.EN, ZONE) == []
    assert field_label("contact", Language.ZH_CN) == "手机号或邮箱"
    assert field_label("lon", Language.EN) == "the place"
