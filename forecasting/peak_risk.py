"""The 12-month daily peaks and the overload risk.

The point forecast under the climatology misses what makes a peak: a heat wave, a cold snap, a
noisy evening. Over the history, each day's actual peak is compared with the model's peak under
the climatology: that relative error holds the weather and the noise. Scenarios then put runs of
7 historical days (the same runs for every transformer: the weather is the territory's) on the
future days, from the same weeks of the year when the history covers a year. Each scenario's
daily peaks give the daily quantiles; its largest peak gives the 12-month peak, whose quantiles,
share above the capacity and first exceedance day give the risk. One year of history holds one
weather year; each day's band is scaled around its median by the factor the 12-month backtest
calibrated (forecasting.interval_calibration), 1 without one. The 12-month peak and the
overload probability keep the scenarios as they are: widening every day's spread lifted the
median of the year's largest peak by 9 points on the backtest, where it had been 3 % low.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from forecasting.climatology import Climatology
from forecasting.features import (
    Floats,
    appliance_shapes,
    by_regressor,
    local_hour_of_day,
    shared_design,
)
from forecasting.history import LoadHistory
from forecasting.interval_calibration import scale_band
from forecasting.models import ForecastSettings
from forecasting.pooled_model import CHUNK, QUANTILES, PooledFit
from gis.vocabulary import POWER_FACTOR

BLOCK_DAYS = 7
SEASON_JITTER_DAYS = 21
NO_DAY = -1

Contributions = Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64]], Floats]


@dataclass(frozen=True)
class PeakRisk:
    """Per transformer: daily peak bands, the 12-month peak, loading, overload odds, drivers."""

    first_day: int  # local day number (days since 1970) of daily_kw[:, 0]
    daily_kw: npt.NDArray[np.float32]  # [n, day, quantile]
    peak_kva: Floats  # [n, quantile]: the 12-month peak
    loading_pct: Floats  # [n]: p50 peak kVA / capacity
    overload_probability: Floats  # [n]
    first_overload_day: npt.NDArray[np.int64]  # [n] local day number, NO_DAY when unlikely
    drivers_kw: Floats  # [n, type] at the peak hour


def peak_errors(history: LoadHistory, fit: PooledFit, climate: Climatology, annual: bool) -> Floats:
    """[n, whole local days of history]: actual daily peak / peak under the climatology - 1
    (0 on days with a missing hour)."""
    temperature = climate.normal(history.hours)
    design = shared_design(history.hours, temperature, annual)
    shapes = appliance_shapes(history.hours, temperature) * fit.gamma[None, :]
    first = int(np.argmax(local_hour_of_day(history.hours) == 0))
    days = (len(history.hours) - first) // 24
    window = slice(first, first + days * 24)
    count = len(history.transformer_ids)
    errors = np.zeros((count, days))
    for start in range(0, count, CHUNK):
        rows = slice(start, min(start + CHUNK, count))
        normal = fit.beta[rows] @ design.T
        if fit.gamma.any():
            added = by_regressor(history.sales.added_kw(rows, history.hours))
            normal += np.einsum("ntk,tk->nt", added, shapes)
        normal_peak = np.maximum(normal[:, window].reshape(-1, days, 24).max(axis=2), 1e-3)
        actual = history.load_kw[rows, window].astype(np.float64).reshape(-1, days, 24)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ratio = actual.max(axis=2) / normal_peak - 1.0
        errors[rows] = np.clip(np.nan_to_num(ratio, nan=0.0), -0.9, 3.0)
    return errors


def scenario_days(
    rng: np.random.Generator,
    scenarios: int,
    days: int,
    history_days: int,
    aligned_start: int | None,
) -> npt.NDArray[np.int64]:
    """[scenario, future day] -> history day, in runs of BLOCK_DAYS. With aligned_start (the
    history day 52 weeks before the first future day) runs come from about the same weeks."""
    if history_days <= BLOCK_DAYS:
        return rng.integers(0, max(history_days, 1), size=(scenarios, days))
    blocks = -(-days // BLOCK_DAYS)
    if aligned_start is None:
        starts = rng.integers(0, history_days - BLOCK_DAYS + 1, size=(scenarios, blocks))
    else:
        target = aligned_start + BLOCK_DAYS * np.arange(blocks)[None, :]
        jitter = rng.integers(-SEASON_JITTER_DAYS, SEASON_JITTER_DAYS + 1, (scenarios, blocks))
        starts = np.clip((target + jitter) % history_days, 0, history_days - BLOCK_DAYS)
    index = starts[:, :, None] + np.arange(BLOCK_DAYS)[None, None, :]
    return np.asarray(index.reshape(scenarios, -1)[:, :days])


def peak_risk(
    daily_max: Floats,
    peak_hour_index: npt.NDArray[np.int64],
    first_day: int,
    errors: Floats,
    history_first_day: int,
    capacity_kva: Floats,
    settings: ForecastSettings,
    annual: bool,
    contributions: Contributions,
) -> PeakRisk:
    """Daily peaks, 12-month peak and overload odds from scenarios of the history's peak errors."""
    count, days = daily_max.shape
    rng = np.random.default_rng(settings.seed)
    aligned = first_day - 364 - history_first_day if annual else None
    source = scenario_days(rng, settings.peak_scenarios, days, errors.shape[1], aligned)
    daily_kw = np.empty((count, days, len(QUANTILES)), dtype=np.float32)
    peak_kva = np.empty((count, len(QUANTILES)))
    probability = np.empty(count)
    first_overload = np.full(count, NO_DAY, dtype=np.int64)
    factor = 1.0 if settings.peak_interval_factor is None else settings.peak_interval_factor
    for start in range(0, count, CHUNK // 4):
        rows = slice(start, min(start + CHUNK // 4, count))
        scenario_kw = daily_max[rows, None, :] * (1.0 + errors[rows][:, source])  # [c, s, d]
        quantiles = np.quantile(scenario_kw, QUANTILES, axis=1).transpose(1, 2, 0)  # [c, d, q]
        daily_kw[rows] = scale_band(quantiles, factor) if factor != 1.0 else quantiles
        scenario_kva = scenario_kw / POWER_FACTOR
        peak_kva[rows] = np.quantile(scenario_kva.max(axis=2), QUANTILES, axis=1).T
        exceeds = scenario_kva > capacity_kva[rows, None, None]
        ever = exceeds.any(axis=2)
        probability[rows] = ever.mean(axis=1)
        first_day_index = np.where(ever, exceeds.argmax(axis=2), np.iinfo(np.int64).max)
        median_first = np.quantile(first_day_index, 0.5, axis=1, method="lower")
        likely = probability[rows] >= 0.5
        first_overload[rows] = np.where(likely, first_day + median_first, NO_DAY)
    loading_pct = 100.0 * peak_kva[:, 1] / capacity_kva
    every = np.arange(count)
    peak_day = daily_kw[:, :, 1].argmax(axis=1)
    hour_index = peak_day * 24 + peak_hour_index[every, peak_day]
    return PeakRisk(
        first_day=first_day,
        daily_kw=daily_kw,
        peak_kva=peak_kva,
        loading_pct=loading_pct,
        overload_probability=probability,
        first_overload_day=first_overload,
        drivers_kw=contributions(every, hour_index),
    )
