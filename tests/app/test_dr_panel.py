"""The DR page's pieces, without a browser: the event list, an event's answers and results,
the results chart and the preview (components/dr_panel.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.console.components.dr_panel import (
    build_detail,
    build_preview,
    build_results_chart,
    build_results_figure,
    event_options,
)
from app.console.i18n import Language
from dr.models import (
    DrEvent,
    DrEventStatus,
    DrPreview,
    EventMeasurement,
    ResponseCounts,
    TransformerRelief,
)
from tests.app.readable import readable

STARTS = datetime(2026, 7, 20, 10, 0, tzinfo=UTC)
EVENT = DrEvent(
    id=4,
    program_id=1,
    title="Heat wave",
    starts_at=STARTS,
    ends_at=STARTS + timedelta(hours=2),
    target_kw=500.0,
    geometry=None,
    transformer_ids=[1, 2],
    target_rule="drawn area",
    status=DrEventStatus.PUBLISHED,
    modification_number=0,
    response_deadline=STARTS,
    created_at=STARTS,
    updated_at=STARTS,
    responses=ResponseCounts(participants=120, opt_in=80, opt_out=10),
)
RESULT = EventMeasurement(
    measured_at=STARTS + timedelta(days=1),
    method={"baseline": "high 5 of 10"},
    participants=120,
    measured=118,
    baseline_kwh=2000.0,
    actual_kwh=1123.45,
    reduction_kwh=876.55,
    incentive=Decimal("1753.10"),
    transformers=[{"code": "TR1", "relief_kw": 210.0}],
    hourly=[{"ts": "2026-07-20T18:00:00+08:00", "baseline_kw": 1000.0, "actual_kw": 560.0}],
)


def test_the_list_puts_planned_events_before_active_and_done_ones() -> None:
    done = replace(EVENT, id=2, title="Last week", status=DrEventStatus.COMPLETED)
    active = replace(EVENT, id=3, title="Now", status=DrEventStatus.ACTIVE)
    options = event_options([done, active, EVENT], Language.EN, "Asia/Shanghai")
    assert [option["value"] for option in options] == [4, 3, 2]
    assert options[0]["label"].startswith("[planned] #4 Heat wave · ")
    assert options[0]["label"].endswith(" · published")
    assert event_options([done], Language.ZH_CN, "Asia/Shanghai")[0]["label"].startswith(
        "[已结束] #2 Last week"
    )


def test_an_event_shows_its_answers_so_far() -> None:
    assert readable(build_detail(EVENT, None, Language.EN)) == (
        "120 asked: 80 in, 10 out, 30 not yet answered"
    )
    assert readable(build_detail(None, None, Language.ZH_CN)) == "暂无需求响应事件。"


def test_a_measured_event_shows_reduction_against_target_incentive_and_the_csv() -> None:
    shown = build_detail(EVENT, RESULT, Language.EN)
    assert readable(shown) == (
        "120 asked: 80 in, 10 out, 30 not yet answered "
        "Reduction 876.5 kWh of target 1,000.0 kWh; incentive 1,753.10 CNY "
        "Download results (CSV)"
    )
    assert shown.children[-1].href == "/api/v1/dr-events/4/results.csv"


def test_the_results_chart_sets_baseline_against_actual_and_the_relief() -> None:
    figure = build_results_figure(RESULT, Language.EN, "Asia/Shanghai")
    assert [trace.name for trace in figure.data] == ["baseline", "actual", "peak relief (kW)"]
    assert list(figure.data[1].y) == [560.0]
    assert list(figure.data[2].x) == ["TR1"]
    assert (
        build_results_chart(None, Language.EN, "Asia/Shanghai") == []
    )  # nothing measured yet: no chart


def test_the_preview_says_who_it_reaches_and_what_it_relieves() -> None:
    relief = TransformerRelief(1, "TR1", 40, 400.0, 300.0, 60.0, 95.0, 80.0)
    preview = DrPreview(
        customers=40, expected_kw=60.0, target_kw=500.0, transformers=[relief], target_rule="x"
    )
    assert readable(build_preview(preview, Language.EN)) == (
        "40 enrolled customers, expected 60.0 kW of 500.0 kW; 1 transformers relieved"
    )
    assert build_preview(None, Language.EN) == ""
