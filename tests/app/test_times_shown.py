"""Every time shown is in GRIDOPS_TIMEZONE, written by gis/local_time.py (issue 12 §3).

Each page's times are rendered as by a console started with a zone other than the default
(Asia/Kolkata, UTC+05:30; America/New_York, UTC-05:00 in December) and read as a user reads
them: the planned outage list, the DR event list and results chart, the forecast run and
charts, the notices table, the crew's job card and the notice texts. The CSV export is in
tests/api/test_dr_events.py. The stored instants are UTC; only what is shown moves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.console.components.crew_job_card import build_job_card, build_timeline
from app.console.components.dr_panel import build_results_figure, event_options
from app.console.components.feature_panel import build_feature_panel
from app.console.components.forecast_panel import build_run_info, load_figure, peak_figure
from app.console.components.notice_summary import build_notice_table
from app.console.components.outage_panel import build_outage_list
from app.console.forms import local_datetime
from app.console.i18n import Language
from dr.models import DrEvent, DrEventStatus, EventMeasurement
from dr.settings import dr_settings
from forecasting.models import RiskClass
from forecasting.report import (
    DailyPeak,
    ForecastRun,
    HourlyPoint,
    LoadPoint,
    RiskRow,
    TransformerForecast,
)
from gis.vocabulary import Language as NoticeLanguage
from notify.models import Channel, NoticeKind, NoticeStatus, RecipientType
from notify.report import NoticePage, NoticeRow
from notify.settings import notify_settings
from notify.text import render
from outage.models import PlannedOutage, PlannedOutageStatus
from tests.app.test_crew_job_card import JOB
from tests.shown_zone import shown_in

# 2026-12-04 09:00 – 15:00 in Asia/Shanghai, as stored (issue 12's planned outage)
STARTS = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
ENDS = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)


def _text(component: Any) -> str:
    """Every string in a component tree, in order."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _outage(starts_at: datetime, ends_at: datetime) -> PlannedOutage:
    return PlannedOutage(
        id=12, title="Switchgear", reason="maintenance", starts_at=starts_at, ends_at=ends_at,
        status=PlannedOutageStatus.DRAFT, geometry={}, transformer_ids=[], revision=1, repair="",
        customers_affected=40, created_at=STARTS, updated_at=STARTS,
    )  # fmt: skip


def _event(starts_at: datetime, ends_at: datetime) -> DrEvent:
    return DrEvent(
        id=5, program_id=1, title="Evening peak", starts_at=starts_at, ends_at=ends_at,
        target_kw=30.0, geometry=None, transformer_ids=[11], target_rule="area",
        status=DrEventStatus.PUBLISHED, modification_number=0, response_deadline=starts_at,
        created_at=STARTS, updated_at=STARTS,
    )  # fmt: skip


def test_a_planned_outage_entered_in_local_time_is_listed_in_local_time() -> None:
    """Issue 12: entered 2026-12-04 09:00 to 15:00 (Asia/Shanghai), listed at 01:00 to 07:00."""
    with shown_in("Asia/Shanghai") as zone:
        starts = local_datetime("2026-12-04 09:00", zone, "start")
        ends = local_datetime("2026-12-04 15:00", zone, "end")
        assert (starts, ends) == (STARTS, ENDS)  # the stored instants were right
        shown = _text(build_outage_list([_outage(starts, ends)], Language.EN, zone))
    assert "2026-12-04 09:00 – 15:00 +08:00" in shown
    with shown_in("Asia/Kolkata") as zone:
        shown = _text(build_outage_list([_outage(STARTS, ENDS)], Language.EN, zone))
    assert "2026-12-04 06:30 – 12:30 +05:30" in shown and "01:00" not in shown


def test_the_dr_event_list_shows_the_window_it_was_entered_in() -> None:
    """Issue 12: a DR event entered 18:00 to 20:00 was listed at 10:00."""
    with shown_in("America/New_York") as zone:
        starts = local_datetime("2026-12-04 18:00", zone, "start")
        (option,) = event_options([_event(starts, starts + timedelta(hours=2))], Language.EN, zone)
    assert "2026-12-04 18:00 – 20:00 -05:00" in option["label"]
    assert "23:00" not in option["label"]  # the UTC clock


def test_the_dr_results_chart_plots_the_zones_hours_and_names_the_zone() -> None:
    """The hours of the chart were labelled in UTC: 12:30 UTC is the 18:00 hour in Kolkata."""
    hourly = [
        {"ts": f"2026-12-04T{hour}:30:00+00:00", "baseline_kw": 50.0, "actual_kw": 40.0}
        for hour in (12, 13)
    ]
    result = EventMeasurement(
        measured_at=STARTS, method={}, participants=2, measured=2, baseline_kwh=100.0,
        actual_kwh=80.0, reduction_kwh=20.0, incentive=Decimal("10"), hourly=hourly,
    )  # fmt: skip
    with shown_in("Asia/Kolkata") as zone:
        figure = build_results_figure(result, Language.EN, zone)
        chinese = build_results_figure(result, Language.ZH_CN, zone)
    baseline = figure.data[0]
    assert [str(x) for x in baseline.x] == ["2026-12-04 18:00:00", "2026-12-04 19:00:00"]
    assert figure.layout.xaxis.title.text == "Hour (Asia/Kolkata (UTC+05:30))"
    assert chinese.layout.xaxis.title.text == "时段（Asia/Kolkata (UTC+05:30)）"


def test_the_forecast_run_and_charts_are_on_the_zones_clock() -> None:
    row = RiskRow(
        transformer_id=3, code="TR00003", feeder_id=1, capacity_kva=100.0, lon=0.0, lat=0.0,
        status="ok", reason=None, peak_kva_p10=None, peak_kva_p50=None, peak_kva_p90=None,
        loading_pct=None, risk_class=RiskClass.NORMAL, overload_probability=None,
        first_overload_date=None, drivers={},
    )  # fmt: skip
    forecast = TransformerForecast(
        summary=row,
        data_cutoff=STARTS,
        history=[LoadPoint(STARTS, 10.0)],
        hourly=[HourlyPoint(ENDS, 9.0, 10.0, 11.0)],
        daily_peaks=[DailyPeak(date(2026, 12, 5), 9.0, 10.0, 11.0)],
    )
    run = ForecastRun(
        id=4, kind="forecast", model="pooled", parameters={}, data_cutoff=STARTS,
        started_at=STARTS, finished_at=ENDS, status="finished", transformers=1, insufficient=0,
        metrics={}, error=None,
    )  # fmt: skip
    with shown_in("America/New_York") as zone:
        info = _text(build_run_info(run, Language.EN, zone))
        load = load_figure(forecast, Language.EN, zone)
        peak = peak_figure(forecast, Language.EN, zone)
    assert "data up to 2026-12-03 20:00, finished 2026-12-04 02:00" in info
    assert [str(x) for x in load.data[0].x] == ["2026-12-03 20:00:00"]  # history
    assert str(load.data[-1].x[0]) == "2026-12-04 02:00:00"  # the forecast's median
    assert load.layout.xaxis.title.text == "Time (America/New_York (UTC-05:00))"
    assert peak.layout.xaxis.title.text == "Day (America/New_York (UTC-05:00))"


def test_the_notices_table_writes_when_each_was_written_with_the_offset() -> None:
    row = NoticeRow(
        1, NoticeKind.OUTAGE_NOTICE, RecipientType.CUSTOMER, 42, Channel.EMAIL,
        NoticeLanguage.EN, NoticeStatus.SENT, 1, 5, "planned_outage:12:r1", STARTS, STARTS,
        STARTS, None, "Planned outage",
    )  # fmt: skip
    with shown_in("Asia/Kolkata") as zone:
        table = build_notice_table(NoticePage([row], 1, 50, 0), Language.EN, zone)[0]
    (shown,) = table.children[1].children
    assert _text(shown).startswith("2026-12-04 06:30:00 +05:30Outage notice")


def test_the_crews_job_card_and_timeline_are_in_the_zone() -> None:
    """JOB's ETR and its one timeline entry are 2026-05-01 08:00 UTC."""
    with shown_in("Asia/Kolkata") as zone:
        card = _text(build_job_card(JOB, Language.EN, zone))
        timeline = _text(build_timeline(JOB, Language.EN, zone))
    assert "2026-05-01 13:30" in card and "08:00" not in card
    assert timeline == "Timeline2026-05-01 13:30 assigned"


def test_notice_texts_are_in_gridops_timezone() -> None:
    """Notices follow GRIDOPS_TIMEZONE: notify has no zone setting of its own."""
    facts = {
        "starts_at": STARTS.isoformat(),
        "ends_at": ENDS.isoformat(),
        "title": "Switchgear",
        "reason": "maintenance",
    }
    with shown_in("America/New_York"):
        text = render(NoticeKind.OUTAGE_NOTICE, NoticeLanguage.EN, facts, notify_settings())
    assert "2026-12-03 20:00 to 2026-12-04 02:00" in text.subject


def test_dr_baseline_days_follow_gridops_timezone_unless_set_explicitly() -> None:
    with shown_in("Asia/Kolkata"):
        assert dr_settings().timezone == "Asia/Kolkata"
    with shown_in("Asia/Kolkata", dr_zone="Asia/Shanghai"):
        assert dr_settings().timezone == "Asia/Shanghai"


def test_a_clicked_features_times_are_in_the_zone_with_its_offset() -> None:
    """The map's side panel shows a fault report's reported_at as read, not as JSON text."""
    feature = {"properties": {"layer": "fault_reports", "reported_at": "2026-12-04T01:00:00+00:00"}}
    with shown_in("Asia/Kolkata"):
        shown = _text(build_feature_panel(feature, Language.EN))
    assert "2026-12-04 06:30 +05:30" in shown and "T01:00" not in shown


def test_a_charts_axis_names_the_offset_of_its_own_day_not_of_today() -> None:
    """In a zone with daylight saving, July's chart is UTC-04:00 whatever day it is read."""
    hourly = [{"ts": "2026-07-01T22:00:00+00:00", "baseline_kw": 5.0, "actual_kw": 4.0}]
    result = EventMeasurement(
        measured_at=STARTS, method={}, participants=1, measured=1, baseline_kwh=5.0,
        actual_kwh=4.0, reduction_kwh=1.0, incentive=Decimal("1"), hourly=hourly,
    )  # fmt: skip
    with shown_in("America/New_York") as zone:
        figure = build_results_figure(result, Language.EN, zone)
    assert [str(x) for x in figure.data[0].x] == ["2026-07-01 18:00:00"]
    assert figure.layout.xaxis.title.text == "Hour (America/New_York (UTC-04:00))"
