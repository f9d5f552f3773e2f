"""Future temperature: a climatology of the history, and the persistence of today's anomaly.

With about a year of history the climatology is a least-squares fit on day-of-year harmonics
crossed with hour-of-day harmonics; with less, the mean of each local hour over the last four
weeks (the season cannot be learned from a few weeks). The short-range forecast adds today's
anomaly decaying with its hourly AR(1) coefficient: weather lasts a few days. Paths of the
same AR(1) give the spread of the temperature a forecast must allow for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forecasting.features import HOURS_PER_YEAR, Floats, Hours, local_hour_of_day

YEAR_HARMONICS = 3
DAY_HARMONICS = 2
RECENT_HOURS = 28 * 24


def _climate_design(hours: Hours) -> Floats:
    year = 2 * np.pi * (hours % HOURS_PER_YEAR) / HOURS_PER_YEAR
    day = 2 * np.pi * local_hour_of_day(hours) / 24
    yearly = [np.ones(len(hours))] + [
        f(k * year) for k in range(1, YEAR_HARMONICS + 1) for f in (np.sin, np.cos)
    ]
    daily = [np.ones(len(hours))] + [
        f(k * day) for k in range(1, DAY_HARMONICS + 1) for f in (np.sin, np.cos)
    ]
    return np.column_stack([y * d for y in yearly for d in daily])


@dataclass(frozen=True)
class Climatology:
    """The temperature to expect: a seasonal normal plus an anomaly that fades hour by hour."""

    coefficients: Floats | None  # the harmonic fit, or None: the recent hourly means
    hourly_means: Floats  # [24]
    persistence: float  # hourly AR(1) coefficient of the anomaly
    last_hour: int
    last_anomaly: float
    anomaly_sd: float = 0.0  # of the anomaly over the history (the AR(1)'s stationary SD)

    @classmethod
    def fit(cls, hours: Hours, temperature_c: Floats, annual: bool) -> Climatology:
        """Fit the normal (harmonic if annual, else recent hourly means) and the anomaly's AR(1)."""
        recent = hours >= hours[-1] - RECENT_HOURS
        hour_of_day = local_hour_of_day(hours[recent])
        means = np.array(
            [
                temperature_c[recent][hour_of_day == h].mean()
                if (hour_of_day == h).any()
                else temperature_c[recent].mean()
                for h in range(24)
            ]
        )
        coefficients: Floats | None = None
        if annual:
            solution = np.linalg.lstsq(_climate_design(hours), temperature_c, rcond=None)
            coefficients = np.asarray(solution[0], dtype=np.float64)
        base = cls(coefficients, means, 0.0, int(hours[-1]), 0.0)
        anomaly = temperature_c - base.normal(hours)
        consecutive = np.diff(hours) == 1
        now, before = anomaly[1:][consecutive], anomaly[:-1][consecutive]
        persistence = float(np.clip((now @ before) / max(before @ before, 1e-9), 0.0, 0.999))
        return cls(
            coefficients,
            means,
            persistence,
            int(hours[-1]),
            float(anomaly[-1]),
            float(anomaly.std()),
        )

    def normal(self, hours: Hours) -> Floats:
        """The climatological temperature at each hour."""
        if self.coefficients is None:
            return np.asarray(self.hourly_means[local_hour_of_day(hours)])
        return np.asarray(_climate_design(hours) @ self.coefficients)

    def forecast(self, hours: Hours) -> Floats:
        """Climatology plus the last anomaly, decaying hour by hour after the last reading."""
        ahead = np.maximum(hours - self.last_hour, 0).astype(np.float64)
        return self.normal(hours) + self.last_anomaly * self.persistence**ahead

    def paths(self, hours: Hours, count: int, rng: np.random.Generator) -> Floats:
        """[count, hour]: temperature paths over consecutive hours after the last reading —
        the climatology plus the anomaly going on as the AR(1) it was fitted as, from the last
        one (their mean is forecast(); their spread is what a forecast cannot know)."""
        innovation_sd = self.anomaly_sd * np.sqrt(1.0 - self.persistence**2)
        shocks = rng.standard_normal((count, len(hours))) * innovation_sd
        anomaly = np.empty((count, len(hours)))
        level = np.full(count, self.last_anomaly)
        for step in range(len(hours)):
            level = self.persistence * level + shocks[:, step]
            anomaly[:, step] = level
        return np.asarray(self.normal(hours)[None, :] + anomaly)
