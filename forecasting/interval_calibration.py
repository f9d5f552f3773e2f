"""Prediction intervals calibrated to their nominal coverage: scaled split conformal.

A band (p10 to p90) comes out of the model too narrow: the hourly band is each transformer's
in-sample residual quantiles at the local hour, which held 71 % of the hours of the next two
weeks for a nominal 80 %; the 12-month daily peaks come from scenarios of one year's daily-peak
errors, which held about 73 %. A fitted hour's residual knows that hour's temperature and the
level the year around it settled at; a forecast knows neither.

So each band is widened around its median by a factor c that the backtest measures on origins
of its own (calibration origins) and checks on later ones it has not seen (the evaluation
origins, whose coverage it reports). For every forecast value the score is the smallest factor
of the band that holds the actual,

    s = (y - p50) / (p90 - p50) above the median,  (y - p50) / (p10 - p50) below it,

and c is the ceil((m + 1) x 0.8)-th smallest of the m scores (split conformal: at least 80 %
coverage when the coming scores are exchangeable with these). Hourly, one factor from rolling
origins a year before the evaluation ones (the same season; the weeks before them when the
history is shorter) — one for every lead: the band already widens with the lead as the
temperature forecast fades (forecasting.hourly_band), and factors per lead day from four
origins came out between 0.84 and 1.11 at random. The daily peaks, one factor, from an origin
two years before the data end whose 12 months end where the evaluation origins start.
`gridops forecast run` applies the factors of the latest backtest that measured them (1
without one: the band as the model gives it) to the hourly bands and the daily peaks' bands;
the 12-month peak keeps its scenarios (forecasting.peak_risk).

Tried first and dropped: calibrating inside the run, on forecasts of hours already fitted (the
fitted coefficients, the temperature forecast as it would have been made). Its factors came out
at 1.0-1.2 and the coverage of the next two weeks stayed at 70-80 %: in-sample coefficients
already hold the level of those weeks, which is what a forecast misses.
"""

from __future__ import annotations

import math

import numpy as np

from forecasting.features import Floats

NOMINAL_COVERAGE = 0.8  # p10 to p90
EPSILON_KW = 1e-6


def conformal_factor(scores: Floats, level: float = NOMINAL_COVERAGE) -> float:
    """The ceil((m + 1) x level)-th smallest of the m finite scores (the largest when that
    rank exceeds m); 1 without scores (the band as it is)."""
    finite = np.asarray(scores, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if len(finite) == 0:
        return 1.0
    rank = min(math.ceil((len(finite) + 1) * level), len(finite))
    return float(np.partition(finite, rank - 1)[rank - 1])


def band_scores(actual: Floats, center: Floats, lower: Floats, upper: Floats) -> Floats:
    """The smallest factor c with center + c (lower - center) <= actual <= center + c (upper -
    center), element by element (NaN where the actual is missing)."""
    deviation = actual - center
    below = np.minimum(lower - center, -EPSILON_KW)
    above = np.maximum(upper - center, EPSILON_KW)
    with np.errstate(invalid="ignore"):
        return np.asarray(np.where(deviation >= 0, deviation / above, deviation / below))


def scale_band(quantiles: Floats, factor: Floats | float) -> Floats:
    """[..., p10/p50/p90] with p10 and p90 moved by factor around p50, never below 0."""
    median = quantiles[..., 1:2]
    scaled = median + np.asarray(factor)[..., None] * (quantiles - median)
    return np.asarray(np.maximum(scaled, 0.0))


def band_factor(actual: Floats, forecast: Floats) -> float:
    """The factor of forecast [..., p10/p50/p90] bands from their actuals [...]."""
    return conformal_factor(
        band_scores(actual, forecast[..., 1], forecast[..., 0], forecast[..., 2])
    )
