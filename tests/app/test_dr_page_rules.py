"""The DR page's builders without a browser: one number format, the event list in the
reader's language, no chart before the event is measured, cancel only while it can be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.console.components.dr_panel import (
    build_detail,
    build_results_chart,
    cancellable,
    event_options,
    quantity,
)
from app.console.i18n import Language
from dr.models import DrEvent, DrEventStatus, ResponseCounts

STARTS = datetime(2026, 12, 5, 10, tzinfo=UTC)  # 18:00 in Asia/Shanghai
EVENT = DrEvent(
    id=3,
    program_id=1,
    title="晚高峰",
    starts_at=STARTS,
    ends_at=STARTS + timedelta(hours=2),
    target_kw=30.0,
    geometry=None,
    transformer_ids=[11],
    target_rule="transformers",
    status=DrEventStatus.PUBLISHED,
    modification_number=0,
    response_deadline=STARTS,
    created_at=STARTS,
    updated_at=STARTS,
    responses=ResponseCounts(participants=1392, opt_in=1200, opt_out=3),
)


def test_every_quantity_is_written_one_way() -> None:
    assert quantity(1392) == "1,392"
    assert quantity(1699.3) == "1,699.3"
    assert quantity(Decimal("1234.5"), 2) == "1,234.50"
    detail = str(build_detail(EVENT, None, Language.EN))
    assert "1,392 asked: 1,200 in, 3 out, 189 not yet answered" in detail


def test_the_event_list_speaks_chinese() -> None:
    (option,) = event_options([EVENT], Language.ZH_CN, "Asia/Shanghai")
    assert option["label"] == "[计划中] #3 晚高峰 · 2026-12-05 18:00 – 20:00 +08:00 · 已发布"
    done = DrEvent(**{**EVENT.__dict__, "status": DrEventStatus.COMPLETED})
    assert event_options([done], Language.ZH_CN, "Asia/Shanghai")[0]["label"].startswith("[已结束]")
    assert event_options([done], Language.ZH_CN, "Asia/Shanghai")[0]["label"].endswith("已完成")


def test_no_chart_before_the_event_is_measured() -> None:
    assert build_results_chart(None, Language.EN, "Asia/Shanghai") == []


def test_only_an_event_still_to_end_can_be_cancelled() -> None:
    assert cancellable(EVENT)
    assert not cancellable(None)
    for status in (DrEventStatus.COMPLETED, DrEventStatus.CANCELLED):
        assert not cancellable(DrEvent(**{**EVENT.__dict__, "status": status}))
