"""Per-series statsmodels fits, the peer the pooled model is compared with on the backtest:
Holt-Winters (additive weekly season) on each transformer's last weeks, one at a time."""

from __future__ import annotations

import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from forecasting.accuracy import WEEK_HOURS, seasonal_naive
from forecasting.features import Floats

TRAINING_WEEKS = 8


def holt_winters_forecast(history: Floats, horizon: int) -> Floats:
    """The next `horizon` hours from the last TRAINING_WEEKS weeks (missing hours filled by
    the value a week earlier; the seasonal naive when the fit fails)."""
    series = np.asarray(history[-TRAINING_WEEKS * WEEK_HOURS :], dtype=np.float64).copy()
    for index in np.flatnonzero(np.isnan(series)):
        series[index] = series[index - WEEK_HOURS] if index >= WEEK_HOURS else np.nanmean(series)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = ExponentialSmoothing(
                series,
                trend=None,
                seasonal="add",
                seasonal_periods=WEEK_HOURS,
                initialization_method="estimated",
            )
            return np.asarray(model.fit(optimized=True).forecast(horizon))
    except (ValueError, np.linalg.LinAlgError):
        return seasonal_naive(series, horizon)
