"""A demo of two years: appliance sales over the whole span, so that a 12-month forecast can be
backtested from an origin a year before the end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.appliance_adoption import FAST_END_SHARE
from data.demo_network import DemoSize, generate_network
from gis.vocabulary import POWER_FACTOR
from tests.conftest import DEMO_END, DEMO_SEED


@pytest.fixture(scope="module")
def two_years():
    return generate_network(DemoSize.SMALL, seed=DEMO_SEED, end=DEMO_END, days=730)


def test_two_years_of_hourly_load_end_on_the_end_day(two_years) -> None:
    local = pd.DatetimeIndex(two_years.load.timestamps) + pd.Timedelta(hours=8)
    assert len(local) == 730 * 24
    assert local[-1].date() == DEMO_END and local[0].date() == DEMO_END - pd.Timedelta(days=729)


def test_sales_run_over_the_whole_span_and_rise(two_years) -> None:
    """Every quarter of the two years has sales, and the second year sells more than the
    first (the rise of the adoption curve)."""
    sold = two_years.appliance_sales.sold_at
    first = pd.Timestamp(two_years.load.timestamps[0], tz="UTC")
    quarter = ((sold - first).dt.days // 91).clip(upper=7)
    counts = np.bincount(quarter, minlength=8)
    assert (counts > 0).all()
    assert counts[4:].sum() > counts[:4].sum()


def test_fast_adopters_stay_within_their_rating_over_two_years(two_years) -> None:
    """Over a longer history the fast adopters' pace is capped (FAST_END_SHARE of the
    headroom by the end): still within the rating on every hour of the two years."""
    appliances = two_years.load.appliances
    count = len(two_years.transformers)
    cumulative = appliances.cumulative_kw(0, count)
    capacity = two_years.transformers.capacity_kva.to_numpy() * POWER_FACTOR
    fast = np.flatnonzero((cumulative[:, :, -1].sum(axis=1)) / capacity > 0.3)
    assert len(fast) >= 1 and FAST_END_SHARE < 1
    load = np.concatenate([block.kw for block in two_years.load.blocks()])
    assert (load[fast].max(axis=1) < capacity[fast]).all()
