"""The pooled model on synthetic load with known seasonality, temperature response and sales."""

from __future__ import annotations

import numpy as np
import pytest

from forecasting.features import appliance_shapes, local_hour_of_day, shared_design
from forecasting.forecast import forecast_transformers
from forecasting.models import ForecastSettings, ForecastStatus
from forecasting.pooled_model import fit_pooled
from gis.vocabulary import APPLIANCE_TYPES
from tests.forecasting.synthetic import (
    AC,
    COOLING_KW_PER_DEGREE,
    EV,
    TRUE_DIVERSITY,
    WEEKEND_SHAPE,
    WORKDAY_SHAPE,
    synthetic_history,
)

QUICK = ForecastSettings(peak_horizon_days=60, peak_scenarios=50)


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_history()


@pytest.fixture(scope="module")
def fitted(synthetic):
    history = synthetic.history
    design = shared_design(history.hours, history.temperature_c, annual_terms=False)
    shapes = appliance_shapes(history.hours, history.temperature_c)
    fit = fit_pooled(history.load_kw, design, shapes, history.sales, history.hours)
    return fit


def test_diversity_factors_of_the_sales_are_recovered(fitted) -> None:
    """A known step from sales (AC x cooling degrees, EV x the evening) is recovered within
    5 % in the blocks where it acts, EV draws nothing in the other blocks, and types never
    sold get 0, not noise."""
    gamma = fitted.gamma.reshape(len(APPLIANCE_TYPES), 4)  # [type, 6-hour block]
    assert gamma[AC, 2] == pytest.approx(TRUE_DIVERSITY[AC], rel=0.05)  # 12-18 h: hot hours
    assert gamma[EV, 3] == pytest.approx(TRUE_DIVERSITY[EV], rel=0.05)  # 18-24 h
    assert np.abs(gamma[EV, :3]).max() < 0.03
    others = [k for k in range(len(APPLIANCE_TYPES)) if k not in (AC, EV)]
    assert np.all(gamma[others] == 0)


def test_daily_and_weekly_seasonality_are_recovered(fitted, synthetic) -> None:
    """Hour-of-day coefficients follow the workday shape, and the weekend offsets the known
    weekend drop, both scaled by the transformer's base load (within 2 % of the base)."""
    for row in (0, 5):
        base = synthetic.base_kw[row]
        assert np.allclose(fitted.beta[row, :24], base * WORKDAY_SHAPE, atol=0.02 * base)
        weekend_offset = base * (WEEKEND_SHAPE - WORKDAY_SHAPE)
        assert np.allclose(fitted.beta[row, 24:48], weekend_offset, atol=0.02 * base)


def test_temperature_response_is_recovered(fitted, synthetic) -> None:
    """Cooling kW per degree above 24 C, within 10 % in the 2-hour blocks from 10 to 20 h
    (at night the synthetic weather is rarely above 24 C: nothing to learn from)."""
    cooling = fitted.beta[:, 73 + 5 : 73 + 10]  # after 24 hour, 24 weekend, 24 holiday, make-up
    expected = synthetic.base_kw / 100 * COOLING_KW_PER_DEGREE
    assert np.allclose(cooling, expected[:, None], rtol=0.10)


def test_forecast_tracks_the_synthetic_future(synthetic) -> None:
    """Fitted on all but the last week, the day-ahead forecast is within a few per cent and the
    p10-p90 band is ordered and holds most hours."""
    history = synthetic.history
    cutoff = int(history.hours[-1]) + 1 - 7 * 24
    result = forecast_transformers(
        history.until(cutoff),
        QUICK,
        future_temperature=np.resize(history.temperature_c[-168:], 336),
    )
    assert result.hourly is not None
    actual = history.load_kw[:, -168:-144]
    p10, p50, p90 = (result.hourly.kw[:, :24, q] for q in range(3))
    assert np.mean(np.abs(p50 - actual) / actual) < 0.04
    assert (p10 <= p50).all() and (p50 <= p90).all()
    assert 0.6 < np.mean((actual >= p10) & (actual <= p90)) <= 1.0


def test_insufficient_transformers_get_a_reason_not_a_crash(synthetic) -> None:
    """Too short a history (< 8 weeks), > 20 % missing, no readings at all, or no reading in
    the last week: status insufficient with the reason; the others are still forecast."""
    history = synthetic.history
    load = history.load_kw.copy()
    load[0, : -30 * 24] = np.nan  # 30 days of history
    rng = np.random.default_rng(3)
    load[1, rng.random(load.shape[1]) < 0.3] = np.nan  # 30 % missing
    load[2, :] = np.nan
    load[3, -10 * 24 :] = np.nan  # stopped reporting 10 days ago
    from dataclasses import replace

    result = forecast_transformers(replace(history, load_kw=load), QUICK)
    reasons = result.screening.reasons
    assert "30 days of load history" in (reasons[0] or "")
    assert "missing" in (reasons[1] or "")
    assert reasons[2] == "no load readings before the cut-off"
    assert "last 10 days" in (reasons[3] or "")
    assert all(reason is None for reason in reasons[4:])
    assert result.risk is not None and len(result.risk.loading_pct) == len(reasons) - 4
    assert np.isfinite(result.risk.loading_pct).all() and (result.risk.loading_pct > 0).all()


def test_every_transformer_insufficient_is_still_a_result(synthetic) -> None:
    from dataclasses import replace

    empty = np.full_like(synthetic.history.load_kw, np.nan)
    result = forecast_transformers(replace(synthetic.history, load_kw=empty), QUICK)
    assert result.fit is None and result.hourly is None
    assert not result.screening.sufficient.any()
    assert ForecastStatus.INSUFFICIENT_DATA.value == "insufficient_data"


def test_hour_of_day_is_local(synthetic) -> None:
    hours = synthetic.history.hours
    assert local_hour_of_day(hours[:1])[0] == 0  # the synthetic history starts at local 00:00
