"""The planner's pieces, without a browser: the run, the ranked table, one transformer's page
and charts, and the backtest table (components/forecast_panel.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from app.console.components.forecast_panel import (
    build_backtest,
    build_risk_table,
    build_run_info,
    build_transformer_page,
    contribution_figure,
    load_figure,
    peak_figure,
)
from app.console.i18n import Language
from forecasting.models import RiskClass
from forecasting.report import (
    BacktestMetric,
    DailyPeak,
    ForecastRun,
    HourlyPoint,
    LoadPoint,
    RiskRow,
    TransformerForecast,
)
from gis.vocabulary import POWER_FACTOR
from tests.app.readable import by_id, readable

ZONE = "Asia/Shanghai"
CUTOFF = datetime(2026, 4, 30, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
RUN = ForecastRun(
    id=12,
    kind="forecast",
    model="pooled-ols",
    parameters={},
    data_cutoff=CUTOFF,
    started_at=CUTOFF,
    finished_at=CUTOFF + timedelta(minutes=7),
    status="finished",
    transformers=40,
    insufficient=2,
    metrics={},
    error=None,
)
ROW = RiskRow(
    transformer_id=3,
    code="TR00003",
    feeder_id=1,
    capacity_kva=400.0,
    lon=104.0,
    lat=30.6,
    status="ok",
    reason=None,
    peak_kva_p10=400.0,
    peak_kva_p50=452.0,
    peak_kva_p90=500.0,
    loading_pct=113.2,
    risk_class=RiskClass.OVERLOAD,
    overload_probability=0.83,
    first_overload_date=date(2026, 7, 21),
    drivers={"air_conditioner": 61.0, "ev_charger": 14.4, "heat_pump": 2.0},
)
FORECAST = TransformerForecast(
    summary=ROW,
    data_cutoff=CUTOFF,
    history=[LoadPoint(CUTOFF, 250.0)],
    hourly=[HourlyPoint(CUTOFF + timedelta(hours=1), 240.0, 260.0, 290.0)],
    daily_peaks=[DailyPeak(date(2026, 5, 1), 300.0, 330.0, 360.0)],
)


def test_the_run_says_its_number_model_cutoff_and_size() -> None:
    shown = readable(build_run_info(RUN, Language.EN, ZONE))
    assert shown.startswith("Run 12 (pooled-ols), data up to ")
    assert "23:00" in shown and "23:07" in shown  # local time
    assert shown.endswith("40 transformers, 2 with too little data.")
    assert readable(build_run_info(None, Language.ZH_CN, ZONE)) == (
        "尚无预测：请运行 `gridops forecast run`。"
    )


def test_the_ranked_table_shows_loading_risk_probability_and_the_two_main_drivers() -> None:
    table = build_risk_table([ROW], Language.EN)
    header, body = table[0].children
    assert readable(header) == (
        "Transformer Peak loading Risk P(overload) First overload Driven by"
    )
    assert readable(body) == (
        "TR00003 113% overload 83% 2026-07-21 air conditioners 61 kW, EV chargers 14 kW"
    )
    assert by_id(table, "fc-risk-table").children[1].children[0].children[0].children.href == (
        "/forecast/transformer/3"
    )
    assert readable(build_risk_table([], Language.EN)) == "No transformer at risk."


def test_a_transformer_page_heads_its_facts_and_charts() -> None:
    page = build_transformer_page(FORECAST, RUN, Language.EN, ZONE)
    assert readable(by_id(page, "fc-transformer-heading")) == "Transformer TR00003 (400 kVA)"
    assert readable(by_id(page, "fc-transformer-facts")) == (
        "Peak loading 113% within 12 months (overload); P(overload) 83%; first overload 2026-07-21."
    )
    assert {"fc-load-graph", "fc-peak-graph", "fc-contrib-graph"} <= {
        getattr(part, "id", None) for part in page
    }
    short = replace(FORECAST, summary=replace(ROW, status="insufficient", reason="30 days"))
    assert readable(build_transformer_page(short, RUN, Language.EN, ZONE)[1]) == (
        "insufficient data: 30 days"
    )
    unknown = build_transformer_page(None, RUN, Language.EN, ZONE)
    assert readable(unknown) == "This transformer is not in the latest forecast."


def test_the_charts_name_their_series_and_draw_the_capacity() -> None:
    load = load_figure(FORECAST, Language.EN, "Asia/Shanghai")
    assert [trace.name for trace in load.data] == ["measured", "10–90% interval", "forecast"]
    capacity = load.layout.shapes[0]
    assert capacity.y0 == capacity.y1 == 400.0 * POWER_FACTOR
    assert load.layout.annotations[0].text == "capacity"
    peaks = peak_figure(FORECAST, Language.ZH_CN, "Asia/Shanghai")
    assert [trace.name for trace in peaks.data] == ["10–90% 区间", "日最大负荷"]
    bars = contribution_figure(FORECAST, Language.EN).data[0]
    assert list(bars.x) == ["air conditioners", "EV chargers", "heat pumps"]
    assert list(bars.y) == [61.0, 14.4, 2.0]


def test_the_backtest_table_sets_the_model_beside_its_ablation() -> None:
    metrics = [
        BacktestMetric("model", "mase", 0, 0.81234),
        BacktestMetric("no_appliances", "mase", 0, 0.9),
        BacktestMetric("model", "wape", 0, None),
        BacktestMetric("model", "mase", 7, 0.5),  # one lead only: not in the overall table
    ]
    shown = build_backtest(RUN, metrics, Language.EN, ZONE)
    assert readable(shown[0]).startswith("Backtest run 12, data up to ")
    header, body = by_id(shown, "fc-backtest-table").children
    assert readable(header) == "Metric model no_appliances"
    assert [readable(row) for row in body.children] == ["mase 0.812 0.900", "wape — —"]
    assert readable(build_backtest(None, [], Language.EN, ZONE)) == (
        "No backtest yet: run `gridops forecast backtest`."
    )
