"""A synthetic hourly air temperature for the territory: annual and daily cycles plus
persistent weather (an AR(1) anomaly), with a climate that follows the latitude.

Chengdu (30.66 N) is the reference: annual mean 16.3 C, January about 6 C, late July about
26 C, a humid-subtropical daily range of about 7 C.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

CHENGDU_LATITUDE = 30.66
HOURS_PER_YEAR = 365.25 * 24


@dataclass(frozen=True)
class Climate:
    """A place's climate for the synthetic temperature: the annual and daily cycles, the anomaly."""

    annual_mean_c: float = 16.3
    annual_amplitude_c: float = 10.2
    daily_amplitude_c: float = 3.5
    coldest_day_of_year: float = 15.0
    warmest_hour: float = 15.0
    anomaly_sd_c: float = 2.2
    anomaly_persistence: float = 0.985  # hourly AR(1) coefficient: weather lasts a few days

    @classmethod
    def at_latitude(cls, latitude: float) -> Climate:
        """Chengdu's climate moved along the latitude (colder and more seasonal poleward)."""
        away = abs(latitude) - CHENGDU_LATITUDE
        coldest = 15.0 if latitude >= 0 else 15.0 + 182.6
        return cls(
            annual_mean_c=16.3 - 0.55 * away,
            annual_amplitude_c=max(2.0, 10.2 + 0.3 * away),
            coldest_day_of_year=coldest,
        )


def hourly_temperature(
    local_hours: npt.NDArray[np.datetime64], climate: Climate, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """Temperature (C) at each local hour (datetime64[h], consecutive hours)."""
    hours = local_hours.astype("datetime64[h]")
    year_start = hours.astype("datetime64[Y]").astype("datetime64[h]")
    hour_of_year = (hours - year_start).astype(np.float64)
    hour_of_day = (hours - hours.astype("datetime64[D]").astype("datetime64[h]")).astype(np.float64)
    season = -np.cos(2 * np.pi * (hour_of_year - climate.coldest_day_of_year * 24) / HOURS_PER_YEAR)
    daily = np.cos(2 * np.pi * (hour_of_day - climate.warmest_hour) / 24)
    anomaly = _ar1(len(hours), climate.anomaly_sd_c, climate.anomaly_persistence, rng)
    temperature = (
        climate.annual_mean_c
        + climate.annual_amplitude_c * season
        + climate.daily_amplitude_c * daily
        + anomaly
    )
    return np.clip(temperature, -50.0, 50.0)


def _ar1(
    count: int, sd: float, persistence: float, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """A stationary AR(1) series with standard deviation sd."""
    shocks = rng.standard_normal(count) * sd * np.sqrt(1 - persistence**2)
    series = np.empty(count)
    level = rng.standard_normal() * sd
    for index in range(count):
        level = persistence * level + shocks[index]
        series[index] = level
    return series
