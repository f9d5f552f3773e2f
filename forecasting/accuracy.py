"""Forecast accuracy: the seasonal-naive baseline, MASE, MAPE, WAPE, interval coverage, peak
error and overload precision/recall. NaN marks a missing actual and is left out."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from forecasting.features import Floats

WEEK_HOURS = 168


def seasonal_naive(series: Floats, horizon: int, season: int = WEEK_HOURS) -> Floats:
    """The forecast of the `horizon` values after `series`: the value one season earlier
    (the last season repeated)."""
    if len(series) < season:
        raise ValueError(f"the seasonal naive needs {season} values; got {len(series)}")
    last_season = series[len(series) - season :]
    return np.asarray(np.resize(last_season, horizon), dtype=np.float64)


def naive_scale(insample: Floats, season: int = WEEK_HOURS) -> float:
    """Mean absolute error of the seasonal naive over the in-sample series (MASE's scale)."""
    errors = np.abs(insample[season:] - insample[:-season])
    return float(np.nanmean(errors)) if np.isfinite(errors).any() else float("nan")


def mase(actual: Floats, forecast: Floats, insample: Floats, season: int = WEEK_HOURS) -> float:
    """Mean absolute scaled error (Hyndman & Koehler): MAE / in-sample seasonal-naive MAE."""
    scale = naive_scale(insample, season)
    if not scale > 0:
        return float("nan")
    return float(np.nanmean(np.abs(actual - forecast)) / scale)


def wape(actual: Floats, forecast: Floats) -> float:
    """Sum of absolute errors / sum of actuals."""
    known = np.isfinite(actual)
    total = float(np.abs(actual[known]).sum())
    return float(np.abs(actual - forecast)[known].sum() / total) if total > 0 else float("nan")


def mape(actual: Floats, forecast: Floats) -> float:
    """Mean absolute percentage error over non-zero actuals."""
    known = np.isfinite(actual) & (actual != 0)
    if not known.any():
        return float("nan")
    return float(np.mean(np.abs((actual[known] - forecast[known]) / actual[known])))


def coverage(actual: Floats, lower: Floats, upper: Floats) -> float:
    """Share of actuals inside [lower, upper]."""
    known = np.isfinite(actual)
    if not known.any():
        return float("nan")
    inside = (actual[known] >= lower[known]) & (actual[known] <= upper[known])
    return float(inside.mean())


def peak_ape(actual_peak: Floats, forecast_peak: Floats) -> float:
    """Mean absolute percentage error of peaks (periods without an actual left out)."""
    return mape(actual_peak, forecast_peak)


def precision_recall(
    predicted: npt.NDArray[np.bool_], actual: npt.NDArray[np.bool_]
) -> tuple[float, float]:
    """(precision, recall) of predicted overloads; NaN where undefined (nothing predicted,
    nothing happened)."""
    hits = float((predicted & actual).sum())
    said, happened = float(predicted.sum()), float(actual.sum())
    return (hits / said if said else float("nan"), hits / happened if happened else float("nan"))
