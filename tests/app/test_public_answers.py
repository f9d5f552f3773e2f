"""What a customer reads on the public pages, without a browser: the answer to a fault
report (components/fault_answer.py) and to an outage lookup (components/outage_answer.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.console.components.fault_answer import build_fault_answer, field_label
from app.console.components.outage_answer import build_outage_answer
from app.console.i18n import Language
from tests.app.readable import by_id, readable

ZONE = "Asia/Shanghai"
STARTS = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
ENDS = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai
ANSWER = {
    "id": 41,
    "incident_id": 7,
    "planned_outage": None,
    "status_url": "/api/v1/fault-reports/abc",
    "status_page": "/public/reports/abc",
}


def test_a_report_that_joins_an_outage_says_so_and_links_its_status() -> None:
    shown = build_fault_answer(ANSWER, None, Language.EN, ZONE)
    assert readable(shown) == (
        "Report No. 41 received "
        "It joins outage 7: a crew will be sent. We will keep you informed. "
        "Follow your report"
    )
    # the public progress page in the reader's language, not the JSON status
    assert by_id(shown, "report-status-link").href == "/public/reports/abc?lang=en"


def test_a_report_inside_a_planned_outage_gives_its_end_in_local_time() -> None:
    planned = {"title": "Cable works", "ends_at": ENDS.isoformat()}
    shown = readable(
        build_fault_answer({**ANSWER, "planned_outage": planned}, None, Language.ZH_CN, ZONE)
    )
    assert "报修已受理，编号 41" in shown
    assert "此处正在计划停电：Cable works" in shown and "17:30" in shown
    assert "停电事件" not in shown  # no incident is mentioned


def test_a_refused_report_shows_the_error_and_nothing_else() -> None:
    shown = build_fault_answer(None, "Please check the place", Language.EN, ZONE)
    assert readable(shown) == "Please check the place"
    assert by_id(shown, "report-error").className == "gridops-error"
    assert build_fault_answer(None, None, Language.EN, ZONE) == []
    assert field_label("contact", Language.ZH_CN) == "手机号或邮箱"
    assert field_label("lon", Language.EN) == "the place"


def test_no_outage_here_is_said_in_the_customers_language() -> None:
    assert readable(build_outage_answer([], None, Language.EN, ZONE)) == (
        "No planned outage here now or in the next 7 days."
    )
    assert readable(build_outage_answer([], None, Language.ZH_CN, ZONE)) == (
        "此处当前及未来7天内没有计划停电。"
    )
    assert build_outage_answer(None, None, Language.EN, ZONE) == []  # nothing asked yet


def test_a_planned_outage_shows_its_window_and_reason_in_local_time() -> None:
    outage = {"title": "Transformer upgrade", "reason": "new 630 kVA unit", "starts_at": STARTS}
    shown = readable(build_outage_answer([{**outage, "ends_at": ENDS}], None, Language.EN, ZONE))
    assert shown.startswith("Planned outages here Transformer upgrade From ")
    assert "09:00" in shown and "17:30" in shown and shown.endswith("new 630 kVA unit")


def test_a_fault_being_repaired_shows_since_when_and_the_restoration_estimate() -> None:
    unknown = readable(
        build_outage_answer([], None, Language.EN, ZONE, unplanned=[{"since": STARTS}])
    )
    assert unknown.startswith("Power cut here now A fault is being repaired Since ")
    assert "09:00" in unknown and unknown.endswith("Power expected back by not yet estimated")
    known = readable(
        build_outage_answer(
            [],
            None,
            Language.ZH_CN,
            ZONE,
            unplanned=[{"since": STARTS, "estimated_restoration_at": ENDS}],
        )
    )
    assert "故障抢修中" in known and "17:30" in known and "前恢复供电" in known
    assert "计划停电" not in known  # no planned outage listed
