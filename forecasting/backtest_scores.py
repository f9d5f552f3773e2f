"""Backtest scores: the rolling origins' errors by lead day."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from forecasting.accuracy import coverage, mape, precision_recall, wape
from forecasting.features import Floats
from forecasting.interval_calibration import scale_band
from forecasting.models import BacktestVariant
from gis.vocabulary import POWER_FACTOR

MetricRow = tuple[str, str, int, float | None]  # variant, metric, lead day, value
HOURLY_INTERVAL_FACTOR = "hourly_interval_factor_80"  # the backtest metric a run reads


@dataclass
class Scores:
    """Actuals and forecasts of every origin: [transformer, hour] arrays, stacked."""

    horizon_days: int
    actual: list[Floats] = field(default_factory=list)
    forecast: list[Floats] = field(default_factory=list)  # [n, hour, p10/p50/p90]
    scale: list[Floats] = field(default_factory=list)  # in-sample seasonal-naive MAE
    naive: list[Floats] = field(default_factory=list)
    capacity_kva: list[Floats] = field(default_factory=list)
    transformer_ids: list[Any] = field(default_factory=list)
    interval_factor: float | None = None  # the forecasts' bands were widened by

    def add(
        self,
        actual: Floats,
        forecast: Floats,
        scale: Floats,
        naive: Floats,
        capacity_kva: Floats,
        transformer_ids: Any,
    ) -> None:
        """Keep one origin's actuals, forecasts and scales (skipped when history ends too soon)."""
        if actual.shape[1] < forecast.shape[1]:  # the history ends inside the horizon
            return
        self.actual.append(actual)
        self.forecast.append(forecast)
        self.scale.append(scale)
        self.naive.append(naive)
        self.capacity_kva.append(capacity_kva)
        self.transformer_ids.append(transformer_ids)

    def _day(self, lead: int) -> slice:
        return slice(0, self.horizon_days * 24) if lead == 0 else slice((lead - 1) * 24, lead * 24)

    def day_ahead_mase(self, transformer_ids: set[int] | None = None) -> float | None:
        """The day-ahead MASE over every origin, for some transformers or all of them."""
        values = []
        for actual, forecast, scale, ids in zip(
            self.actual, self.forecast, self.scale, self.transformer_ids, strict=True
        ):
            keep = np.array([transformer_ids is None or int(i) in transformer_ids for i in ids])
            errors = np.nanmean(np.abs(actual[keep, :24] - forecast[keep, :24, 1]), axis=1)
            values.append(errors / scale[keep])
        merged = np.concatenate(values) if values else np.zeros(0)
        merged = merged[np.isfinite(merged)]
        return float(merged.mean()) if len(merged) else None

    def rows(self, variant: BacktestVariant) -> list[MetricRow]:
        """The variant's metric rows per lead day: MASE, WAPE, band coverage, overload hits."""
        if not self.actual:
            return []
        actual, forecast = np.concatenate(self.actual), np.concatenate(self.forecast)
        scale, naive = np.concatenate(self.scale), np.concatenate(self.naive)
        capacity_kw = np.concatenate(self.capacity_kva) * POWER_FACTOR
        raw = scale_band(forecast, 1.0 / (self.interval_factor or 1.0))  # before calibration
        out: list[MetricRow] = []
        for lead in range(self.horizon_days + 1):
            hours = self._day(lead)
            a, f = actual[:, hours], forecast[:, hours]
            with np.errstate(invalid="ignore", divide="ignore"):
                scaled = np.nanmean(np.abs(a - f[:, :, 1]), axis=1) / scale
            days = a.shape[1] // 24
            actual_peak = np.nanmax(a.reshape(-1, days, 24), axis=2)
            forecast_peak = f[:, :, 1].reshape(-1, days, 24).max(axis=2)
            over_said = forecast_peak > capacity_kw[:, None]
            over_seen = actual_peak > capacity_kw[:, None]
            precision, recall = precision_recall(over_said.ravel(), over_seen.ravel())
            values = {
                "mase": float(np.nanmean(scaled[np.isfinite(scaled)])),
                "wape": wape(a, f[:, :, 1]),
                "mape": mape(a, f[:, :, 1]),
                "coverage_80": coverage(a, f[:, :, 0], f[:, :, 2]),
                "daily_peak_ape": mape(actual_peak, forecast_peak),
                "overload_precision": precision,
                "overload_recall": recall,
                "overloads_seen": float(over_seen.sum()),
            }
            if self.interval_factor is not None:  # the band before calibration
                values["coverage_80_uncalibrated"] = coverage(a, raw[:, hours, 0], raw[:, hours, 2])
            out += [(variant.value, name, lead, value) for name, value in values.items()]
        if self.interval_factor is not None:
            out.append((variant.value, HOURLY_INTERVAL_FACTOR, 0, self.interval_factor))
        if variant is BacktestVariant.FULL:
            day = slice(0, 24)
            model_mae = np.nanmean(np.abs(actual[:, day] - forecast[:, day, 1]))
            naive_mae = np.nanmean(np.abs(actual[:, day] - naive[:, day]))
            with np.errstate(invalid="ignore", divide="ignore"):
                naive_mase = np.nanmean(np.abs(actual[:, day] - naive[:, day]), axis=1) / scale
            out += [
                (variant.value, "mae_vs_seasonal_naive", 1, float(model_mae / naive_mae)),
                (
                    variant.value,
                    "seasonal_naive_mase",
                    1,
                    float(np.nanmean(naive_mase[np.isfinite(naive_mase)])),
                ),
            ]
        return out
