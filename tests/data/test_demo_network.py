"""The demo network generator, without a database: geometry that tiles, customers where they
belong, load that follows them, and calendar and weather in the load shapes."""

from __future__ import annotations

import dataclasses
import warnings
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import shapely

from data.demo_network import DemoSize, generate_network, parse_center
from data.load_profile import LoadProfile, hourly_timeline
from data.weather import Climate, hourly_temperature
from data.work_calendar import CalendarFallbackWarning, DayKind, day_kinds
from gis.vocabulary import (
    APPLIANCE_TYPES,
    CUSTOMER_TYPES,
    POWER_FACTOR,
    STANDARD_KVA,
    ApplianceType,
    CustomerType,
)
from tests.conftest import DEMO_END, DEMO_SEED

RESIDENTIAL, COMMERCIAL, INDUSTRIAL = range(3)


@pytest.fixture(scope="module")
def network(demo_network):
    return demo_network


@pytest.fixture(scope="module")
def year_2025() -> LoadProfile:
    """Shapes over the whole of 2025 (a year chinese_calendar knows)."""
    timeline = hourly_timeline(date(2025, 12, 31), 365)
    rng = np.random.Generator(np.random.PCG64(3))
    return LoadProfile.build(timeline, hourly_temperature(timeline.local_hours, Climate(), rng))


def _local(profile: LoadProfile) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(profile.timestamps) + pd.Timedelta(hours=8)


def _all_load(network) -> np.ndarray:
    return np.concatenate([block.kw for block in network.load.blocks()])


def test_supply_areas_tile_the_territory(network) -> None:
    """Supply areas cover the territory exactly: no gap (union area = territory area within
    1e-6) and no overlap (pairwise intersections have no area)."""
    areas = network.supply_areas.to_crs(network.local_crs).geometry.values
    territory = network.territory.to_crs(network.local_crs).geometry.values[0]
    union = shapely.union_all(areas)
    assert abs(union.area - territory.area) / territory.area < 1e-6
    assert shapely.symmetric_difference(union, territory).area / territory.area < 1e-6
    left, right = shapely.STRtree(areas).query(areas, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(areas[left[pairs]], areas[right[pairs]])).sum()
    assert overlap / territory.area < 1e-9


def test_every_transformer_has_one_valid_supply_area_around_it(network) -> None:
    areas = network.supply_areas
    assert sorted(areas.transformer_id) == sorted(network.transformers.id)
    assert areas.geometry.is_valid.all()
    assert (areas.geometry.geom_type == "MultiPolygon").all()
    by_transformer = areas.set_index("transformer_id").geometry
    points = network.transformers.set_index("id").geometry
    assert by_transformer.loc[points.index].contains(points).all()


def test_every_customer_stands_strictly_inside_its_own_supply_area(network) -> None:
    customers = network.customers
    area = network.supply_areas.set_index("transformer_id").geometry
    own = area.loc[customers.transformer_id].values
    xy = shapely.get_coordinates(customers.geometry.values)
    assert shapely.contains_xy(own, xy[:, 0], xy[:, 1]).all()
    assert not shapely.touches(own, customers.geometry.values).any()


def test_each_transformer_hangs_on_one_feeder_and_each_feeder_on_one_substation(network) -> None:
    feeders, transformers = network.feeders, network.transformers
    assert set(transformers.feeder_id) == set(feeders.id)
    assert set(feeders.substation_id) == set(network.substations.id)
    assert (
        feeders.geometry.is_valid.all() and (feeders.geometry.geom_type == "MultiLineString").all()
    )
    # every transformer is reached by its own feeder's line (its tap ends at the transformer)
    line = feeders.set_index("id").geometry.loc[transformers.feeder_id].values
    assert (shapely.distance(line, transformers.geometry.values) < 1e-9).all()


def test_attributes_are_plausible(network) -> None:
    customers, transformers = network.customers, network.transformers
    assert customers.account_no.is_unique and customers.account_no.str.fullmatch(r"\d{10}").all()
    limits = {"residential": (4, 12), "commercial": (10, 100), "industrial": (50, 400)}
    for kind, (low, high) in limits.items():
        kw = customers.contracted_kw[customers.customer_type == kind]
        assert len(kw) and kw.between(low, high).all()
    assert customers.customer_type.value_counts().idxmax() == "residential"
    assert transformers.capacity_kva.isin(STANDARD_KVA).all()
    assert len(network.crews) == max(3, round(len(transformers) / 30))
    assert 2_000 < len(customers) < 4_500 and len(transformers) == 50


def test_crews_are_based_at_a_depot_beside_a_substation(network) -> None:
    bases = network.crews.to_crs(network.local_crs).geometry
    substations = network.substations.to_crs(network.local_crs).geometry.union_all()
    assert (bases.distance(substations) < 200).all()


def test_transformer_load_follows_its_customers(network) -> None:
    """mean kW of each transformer = sum over types of its customers' contracted kW times the
    type's mean load factor, within 3 %."""
    customers = network.customers
    contracted = (
        customers.pivot_table("contracted_kw", "transformer_id", "customer_type", "sum")
        .reindex(index=network.transformers.id, columns=[str(t) for t in CUSTOMER_TYPES])
        .fillna(0.0)
    )
    np.testing.assert_allclose(contracted.to_numpy(), network.load.contracted_kw)
    factors = network.load.profile.mean_factors()
    expected = contracted.to_numpy() @ np.array([factors[kind] for kind in CUSTOMER_TYPES])
    added = network.load.appliances.added_kw(0, len(network.transformers)).mean(axis=1)
    actual = _all_load(network).mean(axis=1)
    np.testing.assert_allclose(actual, expected + added, rtol=0.03)
    assert factors[CustomerType.RESIDENTIAL] < factors[CustomerType.INDUSTRIAL]


def test_transformers_are_rated_for_a_plausible_peak_loading() -> None:
    """Over a year, most transformers peak at 40-90 % of their rating and a few are overloaded."""
    network = generate_network(DemoSize.MEDIUM, seed=DEMO_SEED, end=DEMO_END)
    peak = np.concatenate([block.kw.max(axis=1) for block in network.load.blocks()])
    loading = peak / POWER_FACTOR / network.transformers.capacity_kva.to_numpy()
    assert ((loading >= 0.4) & (loading <= 0.9)).mean() > 0.8
    assert 0.005 < (loading >= 1.0).mean() < 0.08
    assert 80_000 < len(network.customers) < 120_000


def test_same_seed_same_network_other_seed_other_network(network) -> None:
    again = generate_network(DemoSize.SMALL, seed=DEMO_SEED, end=DEMO_END)
    other = generate_network(DemoSize.SMALL, seed=DEMO_SEED + 1, end=DEMO_END)
    frames = ("supply_areas", "feeders", "customers", "transformers", "crews", "appliance_sales")
    for frame in frames:
        pd.testing.assert_frame_equal(
            getattr(network, frame).to_wkb(), getattr(again, frame).to_wkb()
        )
    np.testing.assert_array_equal(_all_load(network), _all_load(again))
    np.testing.assert_array_equal(network.weather.temperature_c, again.weather.temperature_c)

    def coordinates(frame):
        return shapely.get_coordinates(frame.geometry.values)

    assert not np.array_equal(coordinates(network.transformers), coordinates(other.transformers))
    assert not np.array_equal(network.weather.temperature_c, other.weather.temperature_c)
    assert not np.array_equal(network.load.contracted_kw, other.load.contracted_kw)
    assert not network.appliance_sales.sold_at.equals(other.appliance_sales.sold_at)


def test_hours_are_whole_local_days_ending_on_the_end_day(network) -> None:
    local = pd.DatetimeIndex(network.load.timestamps) + pd.Timedelta(hours=8)
    assert len(local) == 60 * 24
    assert local[0] == pd.Timestamp(DEMO_END - timedelta(days=59))
    assert local[-1] == pd.Timestamp(DEMO_END) + pd.Timedelta(hours=23)
    assert (np.diff(network.load.timestamps).astype("timedelta64[h]") == 1).all()


def test_daily_cycles_peak_in_the_evening_at_home_and_by_day_in_shops(year_2025) -> None:
    hour = _local(year_2025).hour
    shapes = year_2025.shapes
    evening, night, midday = hour.isin([19, 20, 21]), hour.isin([2, 3, 4]), hour.isin([11, 14])
    assert shapes[RESIDENTIAL, evening].mean() > 2 * shapes[RESIDENTIAL, night].mean()
    assert shapes[COMMERCIAL, midday].mean() > 3 * shapes[COMMERCIAL, night].mean()
    assert shapes[INDUSTRIAL, midday].mean() > 1.5 * shapes[INDUSTRIAL, night].mean()


def test_weekends_are_quieter_for_shops_and_factories(year_2025) -> None:
    kind = year_2025.day_kind
    for customer_type in (COMMERCIAL, INDUSTRIAL):
        shape = year_2025.shapes[customer_type]
        assert shape[kind == DayKind.WEEKEND].mean() < 0.9 * shape[kind == DayKind.WORKDAY].mean()


def test_summer_afternoons_load_more_than_spring_afternoons(year_2025) -> None:
    local = _local(year_2025)
    afternoon = (local.hour >= 14) & (local.hour <= 17)
    total = year_2025.shapes.sum(axis=0)
    july, april = afternoon & (local.month == 7), afternoon & (local.month == 4)
    assert total[july].mean() > 1.15 * total[april].mean()
    assert year_2025.temperature_c[local.month == 7].mean() > 22
    assert year_2025.temperature_c[local.month == 1].mean() < 10


def test_public_holidays_lower_commercial_load_and_make_up_days_are_worked(year_2025) -> None:
    """National Day 2025 (1-8 October) is a holiday; Sunday 28 September is a make-up workday."""
    day = _local(year_2025).normalize()
    commercial = pd.Series(year_2025.shapes[COMMERCIAL]).groupby(day).mean()
    holiday = commercial[pd.Timestamp("2025-10-01") : pd.Timestamp("2025-10-08")].mean()
    workdays = commercial[[pd.Timestamp(f"2025-10-{d:02d}") for d in (13, 14, 15, 16, 17)]]
    assert holiday < 0.8 * workdays.mean()
    assert commercial[pd.Timestamp("2025-09-28")] > commercial[pd.Timestamp("2025-09-21")]


def test_calendar_falls_back_to_weekends_outside_its_years_with_one_warning() -> None:
    days = [date(2031, 1, 4), date(2031, 1, 6), date(2032, 5, 1)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kinds = day_kinds(days)
    assert list(kinds) == [DayKind.WEEKEND, DayKind.WORKDAY, DayKind.WEEKEND]
    fallbacks = [w for w in caught if issubclass(w.category, CalendarFallbackWarning)]
    assert len(fallbacks) == 1 and "2031, 2032" in str(fallbacks[0].message)


def test_calendar_knows_spring_festival_and_make_up_workdays() -> None:
    kinds = day_kinds([date(2026, 2, 17), date(2026, 2, 14), date(2026, 2, 28)])
    assert list(kinds) == [DayKind.HOLIDAY, DayKind.WORKDAY, DayKind.WORKDAY]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("104.06", "two numbers"),
        ("east,30", "in degrees"),
        ("190,30", "longitude"),
        ("104,86", "latitude"),
        ("nan,30", "longitude"),
    ],
)
def test_parse_center_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_center(text)


def test_parse_center_reads_lon_lat() -> None:
    assert parse_center(" 104.06 , 30.66 ") == (104.06, 30.66)


def test_another_city_gets_its_own_place_and_utm_zone() -> None:
    network = generate_network(DemoSize.SMALL, seed=1, center=(-0.12, 51.5), end=DEMO_END, days=2)
    assert network.local_crs.to_epsg() == 32630
    centre = network.territory.geometry.values[0].centroid
    assert abs(centre.x + 0.12) < 0.05 and abs(centre.y - 51.5) < 0.05
    assert network.substations.name.str.startswith("Demo ").all()


# --- appliance sales and the load they add ------------------------------------------------


@pytest.fixture(scope="module")
def year_network():
    """The small demo with a year of history (a summer in it)."""
    return generate_network(DemoSize.SMALL, seed=DEMO_SEED, end=DEMO_END, days=365)


def _kw_by_type(network, kind: str) -> np.ndarray:
    sales = network.appliance_sales
    sold = sales[sales.appliance_type == kind]
    kw = (sold.rated_kw * sold.quantity).groupby(sold.transformer_id).sum()
    return kw.reindex(network.transformers.id, fill_value=0.0).to_numpy()


def test_sales_lie_in_their_transformers_supply_area_within_the_history(network) -> None:
    sales = network.appliance_sales
    assert len(sales) > 50 and sales.partner_record_id.is_unique
    assert set(sales.appliance_type) <= {str(kind) for kind in APPLIANCE_TYPES}
    assert (sales.rated_kw > 0).all() and (sales.quantity >= 1).all()
    own = network.supply_areas.set_index("transformer_id").geometry.loc[sales.transformer_id]
    xy = shapely.get_coordinates(sales.geometry.values)
    assert shapely.contains_xy(own.values, xy[:, 0], xy[:, 1]).all()
    assert (sales.supply_area_id == sales.transformer_id).all()
    first = pd.Timestamp(network.load.timestamps[0], tz="UTC")
    last = pd.Timestamp(network.load.timestamps[-1], tz="UTC") + pd.Timedelta(hours=1)
    assert sales.sold_at.between(first, last, inclusive="left").all()


def test_most_areas_adopt_slowly_and_a_few_fast(year_network) -> None:
    capacity = year_network.transformers.capacity_kva.to_numpy()
    total = sum(_kw_by_type(year_network, str(kind)) for kind in APPLIANCE_TYPES) / capacity
    assert np.median(total) < 0.1
    assert 2 <= (total > 0.25).sum() <= 8


def test_strong_air_conditioner_adoption_raises_the_summer_peak_more(year_network) -> None:
    """Transformers whose air conditioners sold reach 20 % of their rating rise more in their
    summer (July-August) peak than every transformer with little adoption (< 10 % of all
    types): the load with the sales against the same load (same noise) without them."""
    load = year_network.load
    with_sales = _all_load(year_network)
    without = np.concatenate([b.kw for b in dataclasses.replace(load, appliances=None).blocks()])
    summer = (pd.DatetimeIndex(load.timestamps) + pd.Timedelta(hours=8)).month.isin([7, 8])
    capacity = year_network.transformers.capacity_kva.to_numpy() * POWER_FACTOR
    rise = (with_sales[:, summer].max(axis=1) - without[:, summer].max(axis=1)) / capacity
    air = _kw_by_type(year_network, "air_conditioner") / capacity
    total = sum(_kw_by_type(year_network, str(kind)) for kind in APPLIANCE_TYPES) / capacity
    strong, little = air >= 0.2, total < 0.1
    assert strong.sum() >= 1 and little.sum() >= 20
    assert rise[strong].min() > 2 * rise[little].max()


def test_ev_chargers_load_the_evening(year_network) -> None:
    """The load EV chargers add is at least three times larger at 19-23 h than at 10-16 h."""
    ev = year_network.load.appliances.usage[APPLIANCE_TYPES.index(ApplianceType.EV_CHARGER)]
    hour = (pd.DatetimeIndex(year_network.load.timestamps) + pd.Timedelta(hours=8)).hour
    evening = ev[(hour >= 19) & (hour < 23)].mean()
    assert evening > 3 * ev[(hour >= 10) & (hour < 16)].mean()


def test_fast_adopters_overload_within_a_year_if_their_trend_goes_on(year_network) -> None:
    """The transformers with the fastest adoption stay within their rating over the history,
    and the same hours a year later, with their sales' kW grown on at its yearly pace, exceed
    it (the forecast horizon)."""
    load = year_network.load
    appliances = load.appliances
    count = len(year_network.transformers)
    cumulative = appliances.cumulative_kw(0, count)  # [transformer, type, day]
    growth = cumulative[:, :, -1] - cumulative[:, :, 0]
    capacity = year_network.transformers.capacity_kva.to_numpy() * POWER_FACTOR
    fast = np.flatnonzero(growth.sum(axis=1) / capacity > 0.25)
    assert len(fast) >= 2
    base = load.contracted_kw[fast] @ load.profile.shapes
    history = _all_load(year_network)[fast]
    assert (history.max(axis=1) < capacity[fast]).all()
    next_year = np.repeat(cumulative[fast] + growth[fast][:, :, None], 24, axis=2)
    added = np.einsum("tkh,kh->th", next_year, appliances.usage)
    assert ((base + added).max(axis=1) > capacity[fast]).all()
