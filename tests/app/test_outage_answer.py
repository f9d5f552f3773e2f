"""What a customer reads on the public outage lookup page, without a browser
(components/outage_answer.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.console.components.outage_answer import build_outage_answer
from app.console.i18n import Language
from tests.app.readable import readable

ZONE = "Asia/Shanghai"
STARTS = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
ENDS = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai


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
