"""What the planner pages read: the latest run, the transformers at risk, one transformer's
forecast (history, hourly forecast, daily peaks, capacity, appliance contributions) and the
backtest metrics. Plain dataclasses out; the pages never see SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import psycopg

from forecasting.models import RiskClass, RunKind
from gis.sql_file import load_sql
from gis.vocabulary import POWER_FACTOR

HISTORY_SHOWN = timedelta(days=28)


@dataclass(frozen=True)
class ForecastRun:
    """A recorded forecast or backtest run: its parameters, cut-off, times, status and metrics."""

    id: int
    kind: str
    model: str
    parameters: dict[str, Any]
    data_cutoff: datetime | None
    started_at: datetime
    finished_at: datetime | None
    status: str
    transformers: int
    insufficient: int
    metrics: dict[str, Any]
    error: str | None


@dataclass(frozen=True)
class RiskRow:
    """One transformer's row of a run's risk table: where it is, its peak, loading and drivers."""

    transformer_id: int
    code: str
    feeder_id: int
    capacity_kva: float
    lon: float
    lat: float
    status: str
    reason: str | None
    peak_kva_p10: float | None
    peak_kva_p50: float | None
    peak_kva_p90: float | None
    loading_pct: float | None
    risk_class: RiskClass
    overload_probability: float | None
    first_overload_date: date | None
    drivers: dict[str, float]  # kW by appliance type at the peak


@dataclass(frozen=True)
class LoadPoint:
    """One hourly reading of a transformer's load."""

    ts: datetime
    kw: float


@dataclass(frozen=True)
class HourlyPoint:
    """One forecast hour: the p10/p50/p90 kW."""

    ts: datetime
    kw_p10: float
    kw_p50: float
    kw_p90: float


@dataclass(frozen=True)
class DailyPeak:
    """One forecast day's peak: the p10/p50/p90 kW."""

    day: date
    kw_p10: float
    kw_p50: float
    kw_p90: float


@dataclass(frozen=True)
class TransformerForecast:
    """What a transformer's forecast page shows: its summary, recent load, hours and daily peaks."""

    summary: RiskRow
    data_cutoff: datetime | None
    history: list[LoadPoint]  # the last four weeks before the cut-off
    hourly: list[HourlyPoint]
    daily_peaks: list[DailyPeak]

    @property
    def capacity_kva(self) -> float:
        """The transformer's rated capacity."""
        return self.summary.capacity_kva

    @property
    def capacity_kw(self) -> float:
        """The capacity line on a kW chart."""
        return self.summary.capacity_kva * POWER_FACTOR

    @property
    def contributions(self) -> dict[str, float]:
        """The kW each appliance type adds at the peak hour."""
        return self.summary.drivers


@dataclass(frozen=True)
class BacktestMetric:
    """One backtest figure: variant, metric, lead day and value."""

    variant: str
    metric: str
    lead: int  # days ahead; 0 = over every lead
    value: float | None


def _sql(name: str) -> str:
    return load_sql("forecasting", name)


def latest_run(conn: psycopg.Connection, kind: RunKind | str) -> ForecastRun | None:
    """The latest run of a kind, or None before the first."""
    row = conn.execute(_sql("select_latest_run.sql"), {"kind": RunKind(kind).value}).fetchone()
    return ForecastRun(*row) if row else None


def risk_table(
    conn: psycopg.Connection,
    run_id: int,
    limit: int | None = 100,
    min_class: RiskClass | str = RiskClass.NORMAL,
) -> list[RiskRow]:
    """Transformers at least as urgent as min_class (insufficient_data: every one), the most
    loaded first."""
    floor = RiskClass(min_class)
    classes = [rc.value for rc in RiskClass if rc.rank >= floor.rank]
    rows = conn.execute(
        _sql("select_risk_table.sql"), {"run_id": run_id, "classes": classes, "limit": limit}
    ).fetchall()
    return [_risk_row(row) for row in rows]


def _risk_row(row: tuple[Any, ...]) -> RiskRow:
    values = list(row[:16])
    values[12] = RiskClass(values[12])
    return RiskRow(*values)


def transformer_forecast(
    conn: psycopg.Connection, run_id: int, transformer_id: int
) -> TransformerForecast | None:
    """A transformer's forecast in a run, with its last four weeks of load; None if not in it."""
    params = {"run_id": run_id, "transformer_id": transformer_id}
    row = conn.execute(_sql("select_transformer_forecast.sql"), params).fetchone()
    if row is None:
        return None
    cutoff: datetime | None = row[16]
    history: list[LoadPoint] = []
    if cutoff is not None:
        history = [
            LoadPoint(*point)
            for point in conn.execute(
                _sql("select_load_history.sql"),
                {
                    "transformer_id": transformer_id,
                    "since": cutoff - HISTORY_SHOWN,
                    "until": cutoff,
                },
            )
        ]
    hourly = [HourlyPoint(*r) for r in conn.execute(_sql("select_forecast_hourly.sql"), params)]
    daily = [DailyPeak(*r) for r in conn.execute(_sql("select_forecast_daily_peak.sql"), params)]
    return TransformerForecast(_risk_row(row), cutoff, history, hourly, daily)


def backtest_summary(conn: psycopg.Connection, run_id: int) -> list[BacktestMetric]:
    """The metrics a backtest run recorded."""
    rows = conn.execute(_sql("select_backtest_metrics.sql"), {"run_id": run_id}).fetchall()
    return [BacktestMetric(*row) for row in rows]
