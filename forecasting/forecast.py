"""A forecast of every transformer from its history (no database here): screening, the pooled
fit, the hourly forecast with intervals, and the 12-month daily peaks with the overload risk."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from forecasting.climatology import Climatology
from forecasting.features import (
    LOCAL_OFFSET_H,
    Floats,
    Hours,
    appliance_shapes,
    local_day_number,
    local_hour_of_day,
    shared_design,
)
from forecasting.history import LoadHistory
from forecasting.hourly_band import combined_band, weather_offsets
from forecasting.interval_calibration import scale_band
from forecasting.models import ForecastSettings
from forecasting.peak_risk import PeakRisk, peak_errors, peak_risk
from forecasting.pooled_model import CHUNK, PooledFit, fit_pooled
from forecasting.screening import Screening, screen
from gis.vocabulary import APPLIANCE_TYPES

Progress = Callable[[int], object]


@dataclass(frozen=True)
class HourlyForecast:
    """The hourly p10/p50/p90 kW of the transformers with enough data, and the band's widening."""

    hours: Hours  # [f] UTC hours after the cut-off
    kw: npt.NDArray[np.float32]  # [n_ok, f, quantile p10/p50/p90]
    interval_factor: float  # the calibration's widening of the band


@dataclass
class ForecastResult:
    """What a forecast computed: the screening, the fit, hourly and peak forecasts, and timings."""

    history: LoadHistory
    screening: Screening
    fit: PooledFit | None
    hourly: HourlyForecast | None
    risk: PeakRisk | None
    annual_terms: bool
    timings_s: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok_rows(self) -> npt.NDArray[np.int64]:
        """The positions of the transformers with enough data to forecast."""
        return np.flatnonzero(self.screening.sufficient)

    def diversity_factors(self) -> dict[str, list[float]]:
        """kW drawn per rated kW sold, by type and 6-hour block of the local day."""
        if self.fit is None:
            return {}
        blocks = self.fit.gamma.reshape(len(APPLIANCE_TYPES), -1)
        return {
            t.value: [round(float(g), 4) for g in row]
            for t, row in zip(APPLIANCE_TYPES, blocks, strict=True)
        }


@dataclass(frozen=True)
class ApplianceOutlook:
    """Each transformer's appliance kW at the cut-off and its adoption trend (kW per hour)."""

    start_kw: Floats  # [n, type]
    trend_kw: Floats  # [n, type]


def appliance_outlook(history: LoadHistory, settings: ForecastSettings) -> ApplianceOutlook:
    """The adoption path the forecast assumes: the installed base at the cut-off growing
    linearly at the pace of the last adoption_trend_days of sales."""
    count = len(history.transformer_ids)
    window = settings.adoption_trend_days * 24
    start, trend = history.sales.outlook(count, history.cutoff_hour, window)
    if not settings.use_appliances:
        start, trend = np.zeros_like(start), np.zeros_like(trend)
    return ApplianceOutlook(start, trend)


def forecast_transformers(
    history: LoadHistory,
    settings: ForecastSettings,
    progress: Progress | None = None,
    future_temperature: Floats | None = None,
) -> ForecastResult:
    """Screen, fit and forecast; future_temperature (over the hourly horizon) replaces the
    climatology forecast when given (an ex-post backtest). Warnings (a year the holiday
    calendar does not know yet) are kept in the result, once each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _forecast(history, settings, progress, future_temperature)
    result.warnings = sorted({str(w.message) for w in caught})
    return result


def _forecast(
    history: LoadHistory,
    settings: ForecastSettings,
    progress: Progress | None,
    future_temperature: Floats | None,
) -> ForecastResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    screening = screen(history.load_kw, settings)
    usable = history.select(np.flatnonzero(screening.sufficient))
    annual = len(history.hours) >= settings.annual_terms_after_days * 24
    if len(usable.transformer_ids) == 0:
        return ForecastResult(history, screening, None, None, None, annual, timings)
    design = shared_design(usable.hours, usable.temperature_c, annual)
    shapes = appliance_shapes(usable.hours, usable.temperature_c)
    timings["features_s"] = time.perf_counter() - started
    fit = fit_pooled(
        usable.load_kw,
        design,
        shapes,
        usable.sales,
        usable.hours,
        use_appliances=settings.use_appliances,
        ridge=settings.ridge,
        progress=progress,
    )
    timings["fit_s"] = time.perf_counter() - started - sum(timings.values())
    climate = Climatology.fit(usable.hours, usable.temperature_c, annual)
    outlook = appliance_outlook(usable, settings)
    hourly = hourly_forecast(usable, fit, climate, outlook, settings, annual, future_temperature)
    timings["hourly_s"] = time.perf_counter() - started - sum(timings.values())
    risk = None
    if settings.peak_horizon_days > 0:
        errors = peak_errors(usable, fit, climate, annual)
        risk = daily_peak_risk(usable, fit, climate, outlook, settings, annual, errors)
    timings["peaks_s"] = time.perf_counter() - started - sum(timings.values())
    return ForecastResult(history, screening, fit, hourly, risk, annual, timings)


def hourly_forecast(
    history: LoadHistory,
    fit: PooledFit,
    climate: Climatology,
    outlook: ApplianceOutlook,
    settings: ForecastSettings,
    annual: bool,
    future_temperature: Floats | None = None,
) -> HourlyForecast:
    """The hourly band over horizon_days after the cut-off: point, residual and weather."""
    hours = history.cutoff_hour + np.arange(settings.horizon_days * 24, dtype=np.int64)
    temperature = climate.forecast(hours) if future_temperature is None else future_temperature
    design = shared_design(hours, temperature, annual)
    shapes = appliance_shapes(hours, temperature)
    elapsed = (hours - history.cutoff_hour + 1).astype(np.float64)
    point = fit.point(design, shapes, outlook.start_kw, outlook.trend_kw, elapsed)
    residual = fit.residual_quantiles[:, local_hour_of_day(hours), :]  # [n, f, q]
    weather = np.zeros_like(residual)  # none when the temperature is given (ex post)
    if future_temperature is None:
        appliances = (outlook.start_kw, outlook.trend_kw, elapsed)
        weather = weather_offsets(fit, climate, hours, annual, appliances, point, settings.seed)
    kw = combined_band(point, residual, weather)
    factor = settings.hourly_interval_factor or 1.0
    kw = scale_band(kw, factor)
    return HourlyForecast(hours=hours, kw=kw.astype(np.float32), interval_factor=factor)


def peak_hours(cutoff_hour: int, days: int) -> Hours:
    """The hours of the `days` whole local days starting at the first local midnight at or
    after the cut-off."""
    first_day = local_day_number(np.array([cutoff_hour + 23]))[0]
    return np.asarray(first_day * 24 - LOCAL_OFFSET_H + np.arange(days * 24), dtype=np.int64)


def daily_peak_risk(
    history: LoadHistory,
    fit: PooledFit,
    climate: Climatology,
    outlook: ApplianceOutlook,
    settings: ForecastSettings,
    annual: bool,
    errors: Floats,
) -> PeakRisk:
    """Daily peaks over peak_horizon_days from the climatology, with weather-and-noise
    scenarios drawn from the history's daily-peak errors (forecasting.peak_risk)."""
    days = settings.peak_horizon_days
    hours = peak_hours(history.cutoff_hour, days)
    temperature = climate.normal(hours)
    design = shared_design(hours, temperature, annual)
    shapes = appliance_shapes(hours, temperature)
    elapsed = (hours - history.cutoff_hour + 1).astype(np.float64)
    count = len(history.transformer_ids)
    daily_max = np.empty((count, days))
    peak_at = np.empty((count, days), dtype=np.int64)
    for start in range(0, count, CHUNK):
        rows = slice(start, min(start + CHUNK, count))
        point = fit.rows(rows).point(
            design, shapes, outlook.start_kw[rows], outlook.trend_kw[rows], elapsed
        )
        by_day = np.maximum(point, 0.0).reshape(-1, days, 24)
        daily_max[rows] = by_day.max(axis=2)
        peak_at[rows] = by_day.argmax(axis=2)
    history_days = local_day_number(history.hours[::24])
    return peak_risk(
        daily_max=daily_max,
        peak_hour_index=peak_at,
        first_day=int(local_day_number(hours[:1])[0]),
        errors=errors,
        history_first_day=int(history_days[0]),
        capacity_kva=history.capacity_kva,
        settings=settings,
        annual=annual,
        contributions=lambda rows, hour_index: fit.contributions(
            shapes[hour_index], outlook.start_kw[rows], outlook.trend_kw[rows], elapsed[hour_index]
        ),
    )
