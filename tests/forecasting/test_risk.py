"""Overload risk: classes by loading, probability from the scenarios, first overload date and
the appliance types that drive the peak."""

from __future__ import annotations

import numpy as np
import pytest

from forecasting.models import ForecastSettings, RiskClass, risk_class
from forecasting.peak_risk import NO_DAY, peak_risk


@pytest.mark.parametrize(
    ("loading", "expected"),
    [
        (0.0, RiskClass.NORMAL),
        (79.9, RiskClass.NORMAL),
        (80.0, RiskClass.WATCH),
        (100.0, RiskClass.WATCH),
        (100.01, RiskClass.OVERLOAD),
        (250.0, RiskClass.OVERLOAD),
    ],
)
def test_risk_classes_follow_the_loading(loading: float, expected: RiskClass) -> None:
    """normal below 80 %, watch from 80 % to 100 %, overload above 100 %."""
    assert risk_class(loading) is expected


def test_risk_classes_are_ordered_by_urgency() -> None:
    ranks = [rc.rank for rc in (RiskClass.NORMAL, RiskClass.WATCH, RiskClass.OVERLOAD)]
    assert ranks == sorted(ranks) and RiskClass.INSUFFICIENT_DATA.rank < ranks[0]


def _risk(daily_max, errors, capacity, scenarios=200, peak_hour=19):
    days = daily_max.shape[1]
    return peak_risk(
        daily_max=daily_max,
        peak_hour_index=np.full(daily_max.shape, peak_hour, dtype=np.int64),
        first_day=20_000,
        errors=errors,
        history_first_day=19_900,
        capacity_kva=capacity,
        settings=ForecastSettings(peak_scenarios=scenarios, peak_horizon_days=days),
        annual=False,
        contributions=lambda rows, hour_index: np.column_stack(
            [hour_index.astype(float), np.zeros((len(rows), 5))]
        ),
    )


def test_certain_overload_date_and_drivers() -> None:
    """Without error, a load growing from 80 to 110 kW overloads a 100 kVA transformer the day
    it passes 95 kW (100 kVA at power factor 0.95), with probability 1; the drivers are read at
    the peak day's peak hour. A lightly loaded one never overloads."""
    daily = np.vstack([np.linspace(80, 110, 61), np.full(61, 50.0)])
    risk = _risk(daily, np.zeros((2, 70)), np.array([100.0, 100.0]))
    assert risk.overload_probability.tolist() == [1.0, 0.0]
    assert risk.first_overload_day[0] == 20_000 + int(np.argmax(daily[0] / 0.95 > 100))
    assert risk.first_overload_day[1] == NO_DAY
    assert risk.peak_kva[0, 1] == pytest.approx(110 / 0.95)
    assert risk.loading_pct[0] == pytest.approx(110 / 0.95)
    assert risk_class(risk.loading_pct[0]) is RiskClass.OVERLOAD
    assert risk_class(risk.loading_pct[1]) is RiskClass.NORMAL
    assert risk.drivers_kw[0, 0] == 60 * 24 + 19  # last day (the largest), hour 19


def test_overload_probability_is_the_share_of_scenarios_above_capacity() -> None:
    """One hot day in 70 of history (+30 %) lifts 80 kW above 100 kVA. Over 5 future days
    drawn as one run of 7 history days, 5 of the 64 possible runs bring that day in: the
    probability is about 5/64 and the p50 peak stays at 80 kW."""
    errors = np.zeros((1, 70))
    errors[0, 30] = 0.3
    risk = _risk(np.full((1, 5), 80.0), errors, np.array([100.0]), scenarios=4000)
    assert risk.overload_probability[0] == pytest.approx(5 / 64, abs=0.015)
    assert risk.peak_kva[0, 1] == pytest.approx(80 / 0.95)
    assert risk.peak_kva[0, 2] == pytest.approx(80 / 0.95)  # p90 too: the hot day is rarer
    assert risk.first_overload_day[0] == NO_DAY  # less likely than not
    assert (risk.daily_kw[0, :, 0] <= risk.daily_kw[0, :, 2]).all()
