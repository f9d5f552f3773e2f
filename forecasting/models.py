"""The forecasting vocabulary: statuses, risk classes, appliance types, a run's settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

WATCH_LOADING_PCT = 80.0
OVERLOAD_LOADING_PCT = 100.0


class RunKind(StrEnum):
    """What a run is: a forecast or a backtest."""

    FORECAST = "forecast"
    BACKTEST = "backtest"


class RunStatus(StrEnum):
    """Where a run stands: running, done or failed."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ForecastStatus(StrEnum):
    """Whether a transformer was forecast or lacked the data for it."""

    OK = "ok"
    INSUFFICIENT_DATA = "insufficient_data"


class RiskClass(StrEnum):
    """Ordered from the least to the most urgent (insufficient data apart)."""

    INSUFFICIENT_DATA = "insufficient_data"
    NORMAL = "normal"
    WATCH = "watch"
    OVERLOAD = "overload"

    @property
    def rank(self) -> int:
        """The class's place in urgency order, for sorting and "at least" filters."""
        return list(RiskClass).index(self)


class BacktestVariant(StrEnum):
    """What a backtest scores: the full model, the model without appliances, or Holt-Winters."""

    FULL = "full"
    NO_APPLIANCES = "no_appliances"
    PER_SERIES = "per_series"  # statsmodels Holt-Winters per transformer, on a sample


class ModelName(StrEnum):
    """Which model a run used."""

    POOLED = "pooled_least_squares"
    PER_SERIES = "holt_winters_per_series"


@dataclass(frozen=True)
class ForecastSettings:
    """What a run does; stored as the run's parameters."""

    horizon_days: int = 14  # hourly forecast
    peak_horizon_days: int = 365  # daily peaks
    min_history_days: int = 56  # < 8 weeks: insufficient data
    max_missing_share: float = 0.20  # > 20 % of hours missing: insufficient data
    annual_terms_after_days: int = 330  # annual Fourier terms only with about a year of history
    adoption_trend_days: int = 90  # appliance kW extrapolated by the trend of this window
    peak_scenarios: int = 200  # weather-and-noise scenarios of the 12-month peak
    use_appliances: bool = True
    # The widening of the p10-p90 bands around p50 (forecasting.interval_calibration): the
    # hourly band's, and the 12-month daily peaks' scenarios'. None: the latest backtest's
    # (`gridops forecast run` looks them up; 1 without a backtest); 1.0: as modelled.
    hourly_interval_factor: float | None = None
    peak_interval_factor: float | None = None
    ridge: float = 1e-6  # relative ridge on the normal equations (keeps them solvable)
    seed: int = 7

    def as_parameters(self) -> dict[str, Any]:
        """The settings as the run's stored parameters."""
        return asdict(self)


def risk_class(loading_pct: float) -> RiskClass:
    """normal below 80 %, watch from 80 % to 100 %, overload above 100 %."""
    if loading_pct > OVERLOAD_LOADING_PCT:
        return RiskClass.OVERLOAD
    if loading_pct >= WATCH_LOADING_PCT:
        return RiskClass.WATCH
    return RiskClass.NORMAL
