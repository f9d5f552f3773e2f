"""The hourly forecast's band: the load's own noise and the weather the forecast cannot know.

The in-sample residual quantiles of each transformer at each local hour hold its noise, but a
fitted hour's residual knew that hour's temperature. A forecast knows it for a day or two (the
anomaly persists), then only the climatology. On the backtest the residual band alone held
65-68 % of the hours of a November fortnight for a nominal 80 %, and 77 % when the model was
given the temperature that happened: the rest was the temperature forecast's error, which
matters in a heating or cooling season and not in a mild one.

So the temperature is drawn as WEATHER_PATHS paths of the climatology's AR(1) anomaly
(forecasting.climatology), the load forecast along each, and the band combines, on each side of
the median, the residual's offset and the paths' offset in quadrature (two independent errors):

    p50 = point + r50 + w50,   p90 = p50 + hypot(r90 - r50, w90 - w50),   likewise p10,

with r the residual quantiles and w the quantiles of (load along a path - point). The backtest
then measures the factor that brings the band to its nominal coverage
(forecasting.interval_calibration).
"""

from __future__ import annotations

import numpy as np

from forecasting.climatology import Climatology
from forecasting.features import Floats, Hours, appliance_shapes, shared_design
from forecasting.pooled_model import CHUNK, QUANTILES, PooledFit

WEATHER_PATHS = 40


def weather_offsets(
    fit: PooledFit,
    climate: Climatology,
    hours: Hours,
    annual: bool,
    appliances: tuple[Floats, Floats, Floats],
    point: Floats,
    seed: int,
) -> Floats:
    """[n, hour, p10/p50/p90]: the quantiles over the temperature paths of the load along a
    path minus the point forecast; appliances: (start kW, trend kW per hour, elapsed hours)."""
    paths = climate.paths(hours, WEATHER_PATHS, np.random.default_rng(seed))
    designs = [shared_design(hours, path, annual) for path in paths]
    shapes = [appliance_shapes(hours, path) for path in paths]
    start_kw, trend_kw, elapsed = appliances
    count = len(point)
    out = np.empty((count, len(hours), len(QUANTILES)))
    for start in range(0, count, CHUNK):
        rows = slice(start, min(start + CHUNK, count))
        part = fit.rows(rows)
        loads = np.stack(
            [
                part.point(design, shape, start_kw[rows], trend_kw[rows], elapsed)
                for design, shape in zip(designs, shapes, strict=True)
            ],
            axis=1,
        )  # [c, path, hour]
        offsets = loads - point[rows, None, :]
        out[rows] = np.quantile(offsets, QUANTILES, axis=1).transpose(1, 2, 0)
    return out


def combined_band(point: Floats, residual: Floats, weather: Floats) -> Floats:
    """[n, hour, p10/p50/p90] from the point [n, hour] and the residual and weather offsets
    [n, hour, p10/p50/p90], as the module docstring says; never below 0."""
    median = point + residual[..., 1] + weather[..., 1]
    below = np.hypot(residual[..., 1] - residual[..., 0], weather[..., 1] - weather[..., 0])
    above = np.hypot(residual[..., 2] - residual[..., 1], weather[..., 2] - weather[..., 1])
    return np.asarray(np.maximum(np.stack([median - below, median, median + above], -1), 0.0))
