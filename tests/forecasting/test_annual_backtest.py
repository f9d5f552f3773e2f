"""The 12-month backtest: its origins, the strong-adoption selection fixed before any result,
and its rows on a synthetic two-year history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest

from forecasting.annual_backtest import (
    STRONG_ADOPTION_SHARE,
    annual_backtest,
    annual_headline,
    annual_origins,
    strong_adoption,
)
from forecasting.features import LOCAL_OFFSET_H, ApplianceSales
from gis.vocabulary import POWER_FACTOR
from tests.forecasting.synthetic import AC, synthetic_history


@pytest.fixture(scope="module")
def two_years():
    start = datetime(2024, 4, 1, 16, tzinfo=UTC)  # inside the holiday calendar's years
    return synthetic_history(transformers=8, days=730, start=start, sale_day=400).history


def test_origins_are_local_midnights_months_back_with_a_year_of_training(two_years) -> None:
    """12, 9 and 6 months before the data end, each forecasting up to the end (a year at
    most); an origin with less than the minimum of training before it is left out."""
    origins = annual_origins(two_years, (12, 9, 6), 330)
    assert [o.months_back for o in origins] == [12, 9, 6]
    assert [o.days for o in origins] == [365, 274, 183]
    assert all((o.hour + LOCAL_OFFSET_H) % 24 == 0 for o in origins)
    assert annual_origins(two_years, (14,), 330) == []  # 11 months of training only


def test_strong_adoption_is_a_yearly_rate_of_sales_against_the_capacity(two_years) -> None:
    """Strong: rated kW sold from the origin over the period >= STRONG_ADOPTION_SHARE x the
    capacity in kW, pro rata for a shorter period; sales before the origin do not count."""
    capacity_kw = two_years.capacity_kva * POWER_FACTOR
    origin = int(two_years.hours[0]) + 400 * 24
    needed = STRONG_ADOPTION_SHARE * capacity_kw * 0.5  # half a year
    sales = ApplianceSales(
        transformer_index=np.array([0, 1, 2, 2]),
        hour=np.array([origin + 5, origin + 5, origin - 5, origin + 9]),
        type_index=np.full(4, AC),
        kw=np.array([needed[0] * 1.01, needed[1] * 0.99, needed[2] * 2, needed[2] * 0.5]),
    )
    history = replace(two_years, sales=sales)
    strong = strong_adoption(history, origin, 365 // 2 + 1)
    assert strong.tolist()[:3] == [True, False, False] and not strong[3:].any()


def test_the_annual_backtest_scores_both_variants_on_origins_it_did_not_calibrate_on(
    two_years,
) -> None:
    """The calibration origin gives the daily peaks' factor; the 12-month origin is forecast
    with it, with and without appliances: peak errors, coverage before and after, the strong
    adopters' count and the cut against the ablation in the headline."""
    history = replace(two_years, load_kw=two_years.load_kw[:, 24 * 30 :])
    history = replace(history, hours=two_years.hours[24 * 30 :])
    history = replace(history, temperature_c=two_years.temperature_c[24 * 30 :])
    ticks: list[int] = []
    rows, factor = annual_backtest(history, (6,), (12,), 371, ticks.append)
    assert len(ticks) == 3 and factor is not None and 0.3 < factor < 5
    found = {(variant, metric): value for variant, metric, _, value in rows}
    for variant in ("full", "no_appliances"):
        assert found[(variant, "annual_6m_days")] == 183
        assert 0 <= found[(variant, "annual_6m_daily_coverage_80")] <= 1
        assert 0 <= found[(variant, "annual_6m_daily_coverage_80_uncalibrated")] <= 1
        assert 0 < found[(variant, "annual_6m_peak_ape")] < 0.5
        assert found[(variant, "annual_6m_interval_factor")] == factor
    assert found[("full", "peak_interval_factor_80")] == factor
    assert found[("full", "annual_12m_interval_factor")] == 1.0  # calibrated as modelled
    headline = annual_headline(rows, (6,))
    assert headline["peak_interval_factor_80"] == round(factor, 4)
    assert "strong_peak_error_cut" in headline.get("annual_6m", {"strong_peak_error_cut": None})
