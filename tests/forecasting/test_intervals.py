"""Interval calibration: scaled split conformal, the weather in the hourly band, and the run
taking the factors of the latest backtest."""

from __future__ import annotations

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from forecasting.accuracy import coverage
from forecasting.climatology import Climatology
from forecasting.hourly_band import combined_band
from forecasting.interval_calibration import (
    band_factor,
    band_scores,
    conformal_factor,
    scale_band,
)
from forecasting.models import ForecastSettings
from forecasting.report import latest_run
from forecasting.run import UNCALIBRATED, run_forecast


def _bands(center: np.ndarray, half_width: float) -> np.ndarray:
    return np.stack([center - half_width, center, center + half_width], -1)


def test_conformal_calibration_reaches_nominal_coverage_on_held_out_data() -> None:
    """A band twice too narrow (the model's noise is half the real one) covers about 50 %;
    widened by the factor of a calibration set, it covers 80 % +- 2 points of held-out values
    it has not seen."""
    rng = np.random.default_rng(3)
    center = rng.uniform(50, 150, size=(2, 4000))
    actual = center + rng.normal(0, 2.0, size=center.shape)
    band = _bands(center, 1.2816)  # the p10-p90 band of a noise of SD 1
    calibration, held_out = slice(0, 1), slice(1, 2)
    assert coverage(actual[held_out], band[held_out][..., 0], band[held_out][..., 2]) < 0.6
    factor = band_factor(actual[calibration], band[calibration])
    assert 1.8 < factor < 2.2
    widened = scale_band(band[held_out], factor)
    reached = coverage(actual[held_out], widened[..., 0], widened[..., 2])
    assert abs(reached - 0.8) < 0.02


def test_the_conformal_factor_is_the_finite_sample_rank() -> None:
    """ceil((m + 1) x 0.8)-th smallest of m scores: the 8th of 9; the largest when the rank
    passes m; 1 without any score (the band as it is); NaN (a missing actual) left out."""
    assert conformal_factor(np.arange(1.0, 10.0)) == 8.0
    assert conformal_factor(np.array([0.5, 3.0])) == 3.0
    assert conformal_factor(np.array([np.nan])) == 1.0
    scores = band_scores(
        np.array([12.0, 7.0, np.nan]), np.full(3, 10.0), np.full(3, 8.0), np.full(3, 11.0)
    )
    assert np.allclose(scores[:2], [2.0, 1.5]) and np.isnan(scores[2])


def test_scaling_a_band_keeps_its_median_and_stays_above_zero() -> None:
    band = np.array([[1.0, 3.0, 4.0], [8.0, 10.0, 13.0]])
    wider = scale_band(band, 2.0)
    assert np.allclose(wider, [[0.0, 3.0, 5.0], [6.0, 10.0, 16.0]])
    assert np.allclose(scale_band(wider, 0.5)[1], band[1])


def test_the_weather_widens_the_hourly_band_in_quadrature() -> None:
    """Without weather offsets the band is the residual band around point + r50; with them
    each side grows to hypot(residual side, weather side) and the median moves by w50."""
    point = np.array([[100.0]])
    residual = np.array([[[-3.0, 0.0, 4.0]]])
    assert np.allclose(combined_band(point, residual, np.zeros_like(residual)), [[[97, 100, 104]]])
    weather = np.array([[[-3.0, 1.0, 4.0]]])
    assert np.allclose(combined_band(point, residual, weather), [[[96.0, 101.0, 106.0]]])


def test_temperature_paths_spread_from_the_last_anomaly() -> None:
    """Paths start near the persisting anomaly and spread to the anomaly's SD: their mean is
    the forecast, their spread grows with the lead."""
    climate = Climatology(None, np.full(24, 15.0), 0.98, 0, 3.0, anomaly_sd=2.0)
    hours = np.arange(1, 24 * 14 + 1, dtype=np.int64)
    paths = climate.paths(hours, 4000, np.random.default_rng(1))
    assert np.allclose(paths.mean(axis=0), climate.forecast(hours), atol=0.15)
    spread = paths.std(axis=0)
    assert spread[0] < 0.5 and abs(spread[-1] - 2.0) < 0.15


def test_a_run_takes_the_interval_factors_of_the_latest_backtest(db: psycopg.Connection) -> None:
    """Without a backtest the bands are as modelled (factor 1, said in the warnings); after one
    that measured factors on the same data, the run applies them and records where they came
    from."""
    before = run_forecast(db, ForecastSettings(peak_scenarios=20), transformers=2)
    run = latest_run(db, "forecast")
    assert run is not None and run.id == before.run_id
    assert run.parameters["hourly_interval_factor"] == 1.0
    assert UNCALIBRATED in run.metrics["warnings"]
    row = db.execute(
        "INSERT INTO forecast_run (kind, model, parameters, data_cutoff, status, finished_at) "
        "VALUES ('backtest', 'pooled_least_squares', %s, %s, 'done', now()) RETURNING id",
        (Jsonb({}), run.data_cutoff),  # a backtest on the data the run had
    ).fetchone()
    assert row is not None
    db.execute(
        "INSERT INTO backtest_metric (run_id, variant, metric, lead, value) VALUES "
        "(%(id)s, 'full', 'hourly_interval_factor_80', 0, 1.5), "
        "(%(id)s, 'full', 'peak_interval_factor_80', 0, 1.25)",
        {"id": row[0]},
    )
    after = run_forecast(db, ForecastSettings(peak_scenarios=20), transformers=2)
    run = latest_run(db, "forecast")
    assert run is not None and run.id == after.run_id
    assert run.parameters["hourly_interval_factor"] == 1.5
    assert run.parameters["peak_interval_factor"] == 1.25
    assert run.metrics["interval_factors_from_backtest"] == {
        "hourly_interval_factor_80": row[0],
        "peak_interval_factor_80": row[0],
    }
    assert UNCALIBRATED not in run.metrics["warnings"]
