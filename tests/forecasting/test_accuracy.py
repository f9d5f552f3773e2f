"""The seasonal-naive baseline and the accuracy measures, on hand-made numbers."""

from __future__ import annotations

import math

import numpy as np

from forecasting.accuracy import (
    coverage,
    mape,
    mase,
    naive_scale,
    precision_recall,
    seasonal_naive,
    wape,
)


def test_seasonal_naive_repeats_the_last_season() -> None:
    """The 168-hour seasonal naive forecasts each hour with the value a week earlier."""
    series = np.arange(2 * 168, dtype=float)
    forecast = seasonal_naive(series, 200)
    assert forecast[0] == 168 and forecast[167] == 335 and forecast[168] == 168
    assert np.array_equal(seasonal_naive(np.array([1.0, 2, 3, 4]), 6, season=2), [3, 4, 3, 4, 3, 4])


def test_mase_by_hand() -> None:
    """MASE = MAE of the forecast / in-sample MAE of the seasonal naive.

    In-sample (season 2): 1 2 3 5 -> naive errors |3-1|, |5-2| = 2, 3 -> scale 2.5.
    Forecast errors |4-5|, |7-5| = 1, 2 -> MAE 1.5 -> MASE 0.6."""
    insample = np.array([1.0, 2.0, 3.0, 5.0])
    assert naive_scale(insample, season=2) == 2.5
    assert math.isclose(mase(np.array([4.0, 7.0]), np.array([5.0, 5.0]), insample, 2), 0.6)


def test_mase_is_zero_for_a_perfect_forecast_and_undefined_without_a_scale() -> None:
    """A perfect forecast scores 0; an in-sample series the naive predicts perfectly (a pure
    weekly pattern) gives no scale, and MASE is NaN rather than infinite."""
    rng = np.random.default_rng(0)
    history = np.tile(np.sin(np.arange(168) / 10) + 2, 3) + rng.normal(0, 0.1, 3 * 168)
    assert mase(history[:24], history[:24], history) == 0.0
    pure = np.tile(np.sin(np.arange(168) / 10) + 2, 3)
    assert math.isnan(mase(pure[:24], seasonal_naive(pure, 24), pure))


def test_mase_leaves_missing_hours_out() -> None:
    insample = np.array([1.0, 2.0, np.nan, 5.0])
    assert naive_scale(insample, season=2) == 3.0
    assert mase(np.array([np.nan, 8.0]), np.array([0.0, 5.0]), insample, 2) == 1.0


def test_wape_mape_and_coverage_by_hand() -> None:
    actual = np.array([10.0, 20.0, 0.0, np.nan])
    forecast = np.array([12.0, 15.0, 1.0, 3.0])
    assert math.isclose(wape(actual, forecast), (2 + 5 + 1) / 30)
    assert math.isclose(mape(actual, forecast), (0.2 + 0.25) / 2)
    assert coverage(actual, forecast - 3, forecast + 3) == 2 / 3


def test_precision_and_recall_of_overloads() -> None:
    predicted = np.array([True, True, False, False])
    actual = np.array([True, False, True, False])
    assert precision_recall(predicted, actual) == (0.5, 0.5)
    nothing = np.zeros(4, dtype=bool)
    precision, recall = precision_recall(nothing, nothing)
    assert math.isnan(precision) and math.isnan(recall)
