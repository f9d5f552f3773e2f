"""`gridops forecast backtest`: rolling origins a week apart, each forecasting 14 days from the
history before it, scored against what happened; the same without the appliance regressors
(the ablation); Holt-Winters per series on a sample (the statsmodels peer); and one long origin
(a quarter back) whose period peak shows what the appliance regressors are worth.

The long origin is scored ex post: the actual temperature is given to the model, so that the
peak error measures the load model and its appliance trend, not the weather forecast.
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
from forecasting.backtest_scores import Scores, period_peak_rows
from forecasting.features import LOCAL_OFFSET_H
from forecasting.forecast import forecast_transformers
from forecasting.history import LoadHistory, data_cutoff, read_history
from forecasting.models import BacktestVariant, ForecastSettings, ModelName, RunKind
from forecasting.run import HISTORY_DAYS, peak_memory_mb
from forecasting.run_record import finish_run, recorded_run, write_backtest_metrics
from forecasting.series_model import holt_winters_forecast

MetricRow = tuple[str, str, int, float | None]


@dataclass(frozen=True)
class BacktestSettings:
    origins: int = 4
    spacing_days: int = 7
    horizon_days: int = 14
    per_series_sample: int = 20
    # The long origin: a quarter back keeps the summer in the training of a one-year demo (half
    # a year back, the cooling response is learned from winter and spring and both variants
    # miss the summer peak by about 9 %).
    long_horizon_days: int = 91
    strong_adoption_share: float = 0.25  # rated kW sold over the long horizon / peak before it


@dataclass(frozen=True)
class BacktestSummary:
    run_id: int
    headline: dict[str, Any]
    seconds: float

    def __str__(self) -> str:
        lines = [f"backtest run {self.run_id} in {self.seconds:.1f} s"]
        lines += [f"  {key}: {value}" for key, value in self.headline.items()]
        return "\n".join(lines)


def origin_hours(cutoff_hour: int, settings: BacktestSettings) -> list[int]:
    """Local midnights, the last one horizon_days before the cut-off, spacing_days apart."""
    latest = cutoff_hour - settings.horizon_days * 24
    latest -= (latest + LOCAL_OFFSET_H) % 24
    return sorted(latest - k * settings.spacing_days * 24 for k in range(settings.origins))


def rolling_scores(
    history: LoadHistory,
    origins: list[int],
    settings: BacktestSettings,
    variant: BacktestVariant,
    tick: Any,
) -> Scores:
    model = ForecastSettings(
        horizon_days=settings.horizon_days,
        peak_horizon_days=0,
        use_appliances=variant is BacktestVariant.FULL,
    )
    scores = Scores(settings.horizon_days)
    steps = settings.horizon_days * 24
    for origin in origins:
        position = int(np.searchsorted(history.hours, origin))
        train = history.until(origin)
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
    settings = settings or BacktestSettings()
    started = time.perf_counter()
    cutoff = cutoff or data_cutoff(conn)
    parameters = asdict(settings) | {"transformer_limit": transformers}
    with recorded_run(conn, RunKind.BACKTEST, ModelName.POOLED, parameters, cutoff) as run_id:
        history = read_history(conn, cutoff, HISTORY_DAYS, transformers)
        origins = [
            o
            for o in origin_hours(history.cutoff_hour, settings)
            if o - int(history.hours[0]) >= 8 * 7 * 24
        ]
        steps = len(origins) * 3 + 2
        with tqdm(total=steps, unit="step", disable=not progress, file=sys.stderr) as bar:
            bar.set_description("backtest")
            full = rolling_scores(history, origins, settings, BacktestVariant.FULL, bar.update)
            ablation = rolling_scores(
                history, origins, settings, BacktestVariant.NO_APPLIANCES, bar.update
            )
            rows = full.rows(BacktestVariant.FULL) + ablation.rows(BacktestVariant.NO_APPLIANCES)
            rows += per_series_rows(history, origins, settings, full, bar.update)
            rows += period_peak_rows(
                history, settings.long_horizon_days, settings.strong_adoption_share, bar.update
            )
        write_backtest_metrics(conn, run_id, rows)
        headline = _headline(rows, len(origins))
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
    long_leads = [lead for (v, m, lead) in found if m == "period_peak_ape"]
    lead = long_leads[0] if long_leads else 0
    return {
        "origins": origins,
        "day_ahead_mase": get(BacktestVariant.FULL, "mase"),
        "day_ahead_mase_no_appliances": get(BacktestVariant.NO_APPLIANCES, "mase"),
        "day_ahead_mae_vs_seasonal_naive": get(BacktestVariant.FULL, "mae_vs_seasonal_naive"),
        "seasonal_naive_mase": get(BacktestVariant.FULL, "seasonal_naive_mase"),
        "coverage_80": get(BacktestVariant.FULL, "coverage_80", 0),
        "per_series_sample_mase": series,
        "pooled_sample_mase": pooled,
        "kept_model": keep.value,
        "period_peak_ape": get(BacktestVariant.FULL, "period_peak_ape", lead),
        "period_peak_ape_no_appliances": get(
            BacktestVariant.NO_APPLIANCES, "period_peak_ape", lead
        ),
        "strong_adoption_peak_ape": get(BacktestVariant.FULL, "period_peak_ape_strong", lead),
        "strong_adoption_peak_ape_no_appliances": get(
            BacktestVariant.NO_APPLIANCES, "period_peak_ape_strong", lead
        ),
        "strong_adoption_transformers": get(BacktestVariant.FULL, "strong_adoption_count", lead),
    }
