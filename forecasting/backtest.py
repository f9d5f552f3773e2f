"""`gridops forecast backtest`: rolling origins a week apart, each forecasting 14 days from a
run's history before it, scored against what happened; the same without the appliance
regressors (the ablation); Holt-Winters per series on a sample (the statsmodels peer); and the
12-month backtest (forecasting.annual_backtest): daily peaks forecast a year ahead from origins
12, 9 and 6 months back, as a run forecasts them, with and without the appliance regressors,
their interval factor calibrated on an origin two years back.

Every origin trains on the HISTORY_DAYS before it, as a run does, so the figures are those of
the forecasts a planner gets.
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import numpy as np
import psycopg
from tqdm import tqdm

from forecasting.accuracy import naive_scale, seasonal_naive, wape
from forecasting.annual_backtest import (
    CALIBRATION_MONTHS_BACK,
    DAYS_PER_MONTH,
    MONTHS_BACK,
    annual_backtest,
    annual_headline,
)
from forecasting.backtest_scores import HOURLY_INTERVAL_FACTOR, MetricRow, Scores
from forecasting.features import LOCAL_OFFSET_H
from forecasting.forecast import forecast_transformers
from forecasting.history import LoadHistory, data_cutoff, read_history
from forecasting.interval_calibration import band_factor
from forecasting.models import BacktestVariant, ForecastSettings, ModelName, RunKind
from forecasting.run import HISTORY_DAYS, peak_memory_mb
from forecasting.run_record import finish_run, recorded_run, write_backtest_metrics
from forecasting.series_model import holt_winters_forecast


@dataclass(frozen=True)
class BacktestSettings:
    """How many origins, how far apart, how far ahead, and the 12-month backtest's origins."""

    origins: int = 4
    calibration_origins: int = 4  # the hourly bands' factors (calibration_origins())
    spacing_days: int = 7
    horizon_days: int = 14
    per_series_sample: int = 20
    months_back: tuple[int, ...] = MONTHS_BACK  # the 12-month backtest's origins
    calibration_months_back: tuple[int, ...] = CALIBRATION_MONTHS_BACK


@dataclass(frozen=True)
class BacktestSummary:
    """A finished backtest: its run id, the headline figures and how long it took."""

    run_id: int
    headline: dict[str, Any]
    seconds: float

    def __str__(self) -> str:
        lines = [f"backtest run {self.run_id} in {self.seconds:.1f} s"]
        lines += [f"  {key}: {value}" for key, value in self.headline.items()]
        return "\n".join(lines)


def origin_hours(cutoff_hour: int, settings: BacktestSettings, skip: int = 0) -> list[int]:
    """Local midnights, the last one horizon_days before the cut-off, spacing_days apart; with
    skip, the `settings.calibration_origins` before the `skip` latest ones instead."""
    latest = cutoff_hour - settings.horizon_days * 24
    latest -= (latest + LOCAL_OFFSET_H) % 24
    count = settings.calibration_origins if skip else settings.origins
    return sorted(latest - (skip + k) * settings.spacing_days * 24 for k in range(count))


def calibration_origins(history: LoadHistory, settings: BacktestSettings) -> list[int]:
    """The origins the hourly bands' factors come from: the evaluation origins' dates a year
    (52 weeks) earlier when a year of history lies before them — the same season: a
    November's weather error is not an October's — else the weeks just before them."""
    year_ago = [o - 364 * 24 for o in origin_hours(history.cutoff_hour, settings)]
    minimum = ForecastSettings().annual_terms_after_days * 24
    if year_ago and year_ago[0] - int(history.hours[0]) >= minimum:
        return year_ago[-settings.calibration_origins :]
    skip = settings.origins
    start = int(history.hours[0]) + 8 * 7 * 24
    return [o for o in origin_hours(history.cutoff_hour, settings, skip) if o >= start]


def rolling_scores(
    history: LoadHistory,
    origins: list[int],
    settings: BacktestSettings,
    variant: BacktestVariant,
    tick: Any,
    factor: float | None = None,
) -> Scores:
    """The forecasts of the origins (bands widened by factor; None: as modelled) next to the
    actuals."""
    model = ForecastSettings(
        horizon_days=settings.horizon_days,
        peak_horizon_days=0,
        use_appliances=variant is BacktestVariant.FULL,
        hourly_interval_factor=factor or 1.0,
    )
    scores = Scores(settings.horizon_days, interval_factor=factor)
    steps = settings.horizon_days * 24
    for origin in origins:
        position = int(np.searchsorted(history.hours, origin))
        train = history.window(origin, HISTORY_DAYS)
        result = forecast_transformers(train, model)
        tick(1)
        if result.hourly is None:
            continue
        rows = result.ok_rows
        actual = history.load_kw[rows, position : position + steps].astype(np.float64)
        insample = train.load_kw[rows].astype(np.float64)
        scales = np.array([naive_scale(series) for series in insample])
        naive = np.stack([seasonal_naive(series, steps) for series in insample])
        scores.add(
            actual,
            result.hourly.kw.astype(np.float64),
            scales,
            naive,
            history.capacity_kva[rows],
            history.transformer_ids[rows],
        )
    return scores


def hourly_factor(
    history: LoadHistory, origins: list[int], settings: BacktestSettings, tick: Any
) -> float | None:
    """The hourly bands' factor (forecasting.interval_calibration) from the full model's
    forecasts at the calibration origins; None without any."""
    scores = rolling_scores(history, origins, settings, BacktestVariant.FULL, tick)
    if not scores.actual:
        return None
    actual, forecast = np.concatenate(scores.actual), np.concatenate(scores.forecast)
    return round(band_factor(actual, forecast), 4)


def per_series_rows(
    history: LoadHistory, origins: list[int], settings: BacktestSettings, full: Scores, tick: Any
) -> list[MetricRow]:
    """Holt-Winters day-ahead on a sample, and the pooled model on the same transformers."""
    if settings.per_series_sample == 0:
        return []
    picks = np.unique(
        np.linspace(0, len(history.transformer_ids) - 1, settings.per_series_sample).astype(int)
    )
    sample_ids = set(history.transformer_ids[picks].tolist())
    model_errors: list[float] = []
    wapes: list[float] = []
    for origin in origins:
        position = int(np.searchsorted(history.hours, origin))
        for row in picks:
            train = history.load_kw[row, :position].astype(np.float64)
            actual = history.load_kw[row, position : position + 24].astype(np.float64)
            scale = naive_scale(train)
            if np.isnan(train[-8 * 168 :]).mean() > 0.2 or not scale > 0:
                continue
            forecast = holt_winters_forecast(train, 24)
            model_errors.append(float(np.nanmean(np.abs(actual - forecast))) / scale)
            wapes.append(wape(actual, forecast))
        tick(1)
    pooled = full.day_ahead_mase(sample_ids)
    return [
        (BacktestVariant.PER_SERIES.value, "mase", 1, _mean(model_errors)),
        (BacktestVariant.PER_SERIES.value, "wape", 1, _mean(wapes)),
        (BacktestVariant.FULL.value, "mase_per_series_sample", 1, pooled),
        (BacktestVariant.PER_SERIES.value, "sample_size", 1, float(len(model_errors))),
    ]


def _mean(values: list[float]) -> float | None:
    finite = [v for v in values if np.isfinite(v)]
    return float(np.mean(finite)) if finite else None


def run_backtest(
    conn: psycopg.Connection,
    settings: BacktestSettings | None = None,
    transformers: int | None = None,
    cutoff: datetime | None = None,
    progress: bool = False,
) -> BacktestSummary:
    """Backtest the model on the history before the cut-off and record the run and its metrics."""
    settings = settings or BacktestSettings()
    started = time.perf_counter()
    cutoff = cutoff or data_cutoff(conn)
    parameters = asdict(settings) | {"transformer_limit": transformers}
    with recorded_run(conn, RunKind.BACKTEST, ModelName.POOLED, parameters, cutoff) as run_id:
        months = max(settings.months_back + settings.calibration_months_back, default=0)
        days = HISTORY_DAYS + round(months * DAYS_PER_MONTH)
        history = read_history(conn, cutoff, days, transformers)
        start = int(history.hours[0]) + 8 * 7 * 24
        origins = [o for o in origin_hours(history.cutoff_hour, settings) if o >= start]
        calibration = calibration_origins(history, settings)
        annual_steps = len(settings.calibration_months_back) + 2 * len(settings.months_back)
        steps = len(calibration) + len(origins) * 3 + annual_steps
        with tqdm(total=steps, unit="step", disable=not progress, file=sys.stderr) as bar:
            bar.set_description("backtest")
            factor = hourly_factor(history, calibration, settings, bar.update)
            full, ablation = (
                rolling_scores(history, origins, settings, variant, bar.update, factor)
                for variant in (BacktestVariant.FULL, BacktestVariant.NO_APPLIANCES)
            )
            rows = full.rows(BacktestVariant.FULL) + ablation.rows(BacktestVariant.NO_APPLIANCES)
            rows += per_series_rows(history, origins, settings, full, bar.update)
            annual, _ = annual_backtest(
                history,
                settings.months_back,
                settings.calibration_months_back,
                HISTORY_DAYS,
                bar.update,
            )
            rows += annual
        write_backtest_metrics(conn, run_id, rows)
        headline = _headline(rows, len(origins)) | annual_headline(rows, settings.months_back)
        metrics = headline | {
            "seconds": round(time.perf_counter() - started, 2),
            "peak_memory_mb": round(peak_memory_mb(), 1),
        }
        finish_run(conn, run_id, ModelName.POOLED, len(history.transformer_ids), 0, metrics)
    return BacktestSummary(run_id, headline, time.perf_counter() - started)


def _headline(rows: list[MetricRow], origins: int) -> dict[str, Any]:
    """The figures a planner reads first, and which model the comparison keeps."""
    found = {(variant, metric, lead): value for variant, metric, lead, value in rows}

    def get(variant: BacktestVariant, metric: str, lead: int = 1) -> float | None:
        value = found.get((variant.value, metric, lead))
        return None if value is None else round(value, 4)

    pooled = get(BacktestVariant.FULL, "mase_per_series_sample")
    series = get(BacktestVariant.PER_SERIES, "mase")
    keep = ModelName.POOLED
    if pooled is not None and series is not None and series < pooled:
        keep = ModelName.PER_SERIES
    return {
        "origins": origins,
        "day_ahead_mase": get(BacktestVariant.FULL, "mase"),
        "day_ahead_mase_no_appliances": get(BacktestVariant.NO_APPLIANCES, "mase"),
        "day_ahead_mae_vs_seasonal_naive": get(BacktestVariant.FULL, "mae_vs_seasonal_naive"),
        "seasonal_naive_mase": get(BacktestVariant.FULL, "seasonal_naive_mase"),
        "coverage_80": get(BacktestVariant.FULL, "coverage_80", 0),
        "coverage_80_day_ahead": get(BacktestVariant.FULL, "coverage_80", 1),
        "coverage_80_uncalibrated": get(BacktestVariant.FULL, "coverage_80_uncalibrated", 0),
        "hourly_interval_factor_80": get(BacktestVariant.FULL, HOURLY_INTERVAL_FACTOR, 0),
        "per_series_sample_mase": series,
        "pooled_sample_mase": pooled,
        "kept_model": keep.value,
    }
