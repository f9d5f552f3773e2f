"""A plausible distribution network around a real city centre (default Chengdu), the same for
the same seed, end day and size.

The geography is laid out in the UTM zone of the centre (data/street_layout.py), feeders follow
the street grid (data/feeder_routing.py), customers fill the supply areas
(data/customer_population.py), and the hourly load follows the customers behind each transformer
(data/load_profile.py); everything leaves here in EPSG:4326 as a GridNetwork.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from data.appliance_adoption import AdoptionPlan, adoption_rng, plan_adoption
from data.customer_address import StreetGrid, compose_addresses
from data.customer_population import (
    CustomerPlan,
    account_numbers,
    draw_customers,
    place_customers,
    transformer_zones,
)
from data.feeder_routing import FeederPlan, route_feeders
from data.grid_network import GridNetwork, GridSource, SourceKind, WeatherSeries
from data.load_profile import CHINA_UTC_OFFSET, LoadProfile, ProfileLoad, hourly_timeline
from data.street_layout import Coordinates, StreetLayout, plan_layout, supply_areas
from data.transformer_rating import design_loadings, rate_substations, rate_transformers
from data.weather import Climate, hourly_temperature
from gis.vocabulary import APPLIANCE_TYPES, CUSTOMER_TYPES

CHENGDU_CENTRE = (104.06, 30.66)
REFERENCE_DAYS = 365  # transformers are rated for the peak of the year ending on the end day
CREW_PER_TRANSFORMERS = 30
MIN_CREWS = 3
WGS84 = "EPSG:4326"
AREA_NAMES = (
    "Jinjiang",
    "Qingyang",
    "Jinniu",
    "Wuhou",
    "Chenghua",
    "Chunxi",
    "Kuanzhai",
    "Wangjiang",
    "Hongpailou",
    "Shuangnan",
    "Jiuyanqiao",
    "Yanshikou",
    "Luomashi",
    "Caotang",
    "Huanhuaxi",
    "Fuqin",
    "Simaqiao",
    "Shahe",
    "Hehuachi",
    "Niushikou",
    "Shuangqiao",
    "Guixi",
    "Shiyang",
    "Jincheng",
    "Dacisi",
    "Taisheng",
    "Yulin",
    "Xinnan",
    "Tongzilin",
    "Fangcao",
    "Zijing",
    "Jinsha",
    "Chadianzi",
    "Yingmenkou",
    "Sanwayao",
    "Dongda",
    "Mengzhuiwan",
    "Jiuli",
    "Xipu",
    "Huayang",
    "Babao",
    "Longtan",
    "Baiguolin",
    "Fuqing",
    "Wannianchang",
    "Jianshe",
    "Shawan",
    "Cuqiao",
    "Shuangshui",
    "Longquanyi",
    "Xindu",
    "Wenjiang",
    "Shuangliu",
    "Pidu",
    "Xinjin",
    "Tianfu",
    "Gaoxin",
    "Qingbaijiang",
    "Dayuan",
    "Jinjiang Bridge",
    "Hongguang",
    "Dongke",
)


class DemoSize(StrEnum):
    """How big a demo network to make: small (tests), medium (the default), large (benchmarks)."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class SizeSpec:
    """What a demo size makes: transformers, customers each, substations, days of load."""

    transformers: int
    customers_per_transformer: float
    substation_grid: tuple[int, int]  # columns x rows of substations
    days: int
    transformers_per_feeder: int = 10


SIZES: dict[DemoSize, SizeSpec] = {
    DemoSize.SMALL: SizeSpec(50, 60.0, (2, 1), 60),  # tests: loads in a few seconds
    DemoSize.MEDIUM: SizeSpec(1_000, 100.0, (4, 2), 365),  # the default demo
    DemoSize.LARGE: SizeSpec(10_000, 100.0, (8, 6), 365),  # benchmarks
}


def parse_center(text: str) -> tuple[float, float]:
    """ "LON,LAT" in degrees; ValueError saying what is wrong."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2:
        raise ValueError(f"center must be LON,LAT (two numbers); got {text!r}")
    try:
        lon, lat = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(f"center must be LON,LAT in degrees; got {text!r}") from None
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise ValueError(f"center longitude must lie in [-180, 180]; got {parts[0]}")
    if not (math.isfinite(lat) and -80 <= lat <= 84):
        raise ValueError(f"center latitude must lie in [-80, 84] (UTM); got {parts[1]}")
    return lon, lat


def default_end_day() -> date:
    """Yesterday in China (UTC+8 all year)."""
    return (datetime.now(UTC) + timedelta(hours=8)).date() - timedelta(days=1)


def local_crs(center: tuple[float, float]) -> CRS:
    """The WGS 84 UTM zone of the centre."""
    lon, lat = center
    zone = min(int((lon + 180) // 6) + 1, 60)
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


@dataclass(frozen=True)
class _Projection:
    """Local metres (relative to the centre) to WGS 84 longitude/latitude."""

    crs: CRS
    origin: tuple[float, float]

    @classmethod
    def around(cls, center: tuple[float, float]) -> _Projection:
        crs = local_crs(center)
        x, y = Transformer.from_crs(WGS84, crs, always_xy=True).transform(*center)
        return cls(crs, (float(x), float(y)))

    def lonlat(self, xy: Coordinates) -> Coordinates:
        inverse = Transformer.from_crs(self.crs, WGS84, always_xy=True)
        lon, lat = inverse.transform(xy[:, 0] + self.origin[0], xy[:, 1] + self.origin[1])
        return np.column_stack((lon, lat))

    def points(self, xy: Coordinates) -> npt.NDArray[np.object_]:
        return np.asarray(shapely.points(self.lonlat(xy)))

    def geometries(self, geometries: list[shapely.Geometry]) -> npt.NDArray[np.object_]:
        return np.asarray(shapely.transform(np.asarray(geometries, dtype=object), self.lonlat))


def _frame(columns: dict[str, object], geometry: npt.NDArray[np.object_]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=WGS84)


def _city(center: tuple[float, float]) -> str:
    near = abs(center[0] - CHENGDU_CENTRE[0]) < 1 and abs(center[1] - CHENGDU_CENTRE[1]) < 1
    return "Chengdu" if near else "Demo"


def _area_name(index: int) -> str:
    name = AREA_NAMES[index % len(AREA_NAMES)]
    return name if index < len(AREA_NAMES) else f"{name} {index // len(AREA_NAMES) + 1}"


def place_crews(
    substation_xy: Coordinates, transformers: int, rng: np.random.Generator
) -> tuple[Coordinates, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Home bases (a depot beside a substation), substation and size of each crew."""
    count = max(MIN_CREWS, round(transformers / CREW_PER_TRANSFORMERS))
    base = np.arange(count) % len(substation_xy)
    angle = rng.uniform(0, 2 * np.pi, count)
    distance = rng.uniform(60.0, 150.0, count)
    xy = substation_xy[base] + np.column_stack((np.cos(angle), np.sin(angle))) * distance[:, None]
    size = rng.choice([2, 3, 4], p=[0.5, 0.35, 0.15], size=count)
    return xy, base, size


@dataclass(frozen=True)
class _DemoPlan:
    """The demo in local metres; transformers are numbered feeder by feeder."""

    layout: StreetLayout
    feeders: FeederPlan
    transformer_xy: Coordinates
    feeder_of: npt.NDArray[np.int64]
    areas: list[shapely.MultiPolygon]
    kva: npt.NDArray[np.float64]
    customers: CustomerPlan
    customer_xy: Coordinates
    accounts: list[str]
    contracted: npt.NDArray[np.float64]

    @property
    def substation_of(self) -> npt.NDArray[np.int64]:
        return np.asarray(self.feeders.feeder_substation[self.feeder_of])


def _plan(spec: SizeSpec, reference: LoadProfile, streams: list[np.random.Generator]) -> _DemoPlan:
    rng_layout, rng_feeders, rng_customers, rng_rating = streams
    layout = plan_layout(spec.transformers, spec.substation_grid, rng_layout)
    feeders = route_feeders(layout, spec.transformers_per_feeder, rng_feeders)
    order = np.concatenate(feeders.feeder_transformers)
    feeder_of = feeders.transformer_feeder[order]
    xy = layout.transformer_xy[order]
    every_area = supply_areas(layout)
    areas = [every_area[index] for index in order]
    zones = transformer_zones(xy, rng_customers)
    customers = draw_customers(
        zones, spec.customers_per_transformer, reference.peak_factors(), rng_customers
    )
    contracted = customers.contracted_by_type(len(xy))
    kva = rate_transformers(reference.peak_kw(contracted), design_loadings(len(xy), rng_rating))
    customer_xy = place_customers(areas, customers.transformer, rng_customers)
    substation_of = feeders.feeder_substation[feeder_of]
    accounts = account_numbers(substation_of[customers.transformer], rng_customers)
    return _DemoPlan(
        layout, feeders, xy, feeder_of, areas, kva, customers, customer_xy, accounts, contracted
    )


def _feeder_frame(
    feeders: FeederPlan, substation_codes: list[str], projection: _Projection
) -> gpd.GeoDataFrame:
    """Feeders coded <substation>-F<number within the substation>."""
    first_feeder = np.searchsorted(feeders.feeder_substation, feeders.feeder_substation)
    feeder_number = np.arange(len(feeders.lines)) - first_feeder + 1
    codes = [
        f"{substation_codes[station]}-F{number:02d}"
        for station, number in zip(feeders.feeder_substation, feeder_number, strict=True)
    ]
    return _frame(
        {
            "id": np.arange(1, len(feeders.lines) + 1),
            "code": codes,
            "substation_id": feeders.feeder_substation + 1,
            "voltage_kv": 10.0,
        },
        projection.geometries(list(feeders.lines)),
    )


def _grid_frames(
    plan: _DemoPlan, projection: _Projection, city: str
) -> dict[str, gpd.GeoDataFrame]:
    """territory, substations, feeders, transformers, supply_areas."""
    layout, feeders = plan.layout, plan.feeders
    substations = len(layout.substation_xy)
    codes = [f"SS{number:02d}" for number in range(1, substations + 1)]
    transformer_ids = np.arange(1, len(plan.transformer_xy) + 1, dtype=np.int32)
    territory = shapely.MultiPolygon([layout.territory])
    return {
        "territory": _frame(
            {"id": [1], "name": [f"{city} demo service territory"]},
            projection.geometries([territory]),
        ),
        "substations": _frame(
            {
                "id": np.arange(1, substations + 1),
                "code": codes,
                "name": [f"{city} {_area_name(i)} 110kV" for i in range(substations)],
                "voltage_kv": "110/10",
                "capacity_mva": rate_substations(plan.kva, plan.substation_of, substations),
            },
            projection.points(layout.substation_xy),
        ),
        "feeders": _feeder_frame(feeders, codes, projection),
        "transformers": _frame(
            {
                "id": transformer_ids,
                "code": [f"TR{number:05d}" for number in transformer_ids],
                "feeder_id": plan.feeder_of + 1,
                "capacity_kva": plan.kva,
                "voltage_kv": "10/0.4",
            },
            projection.points(plan.transformer_xy),
        ),
        "supply_areas": _frame(
            {"id": transformer_ids, "transformer_id": transformer_ids},
            projection.geometries(list(plan.areas)),
        ),
    }


def _people_frames(
    plan: _DemoPlan, projection: _Projection, city: str, rng: np.random.Generator
) -> dict[str, gpd.GeoDataFrame]:
    """customers (each with the address of the street it lies on) and crews."""
    customers = plan.customers
    type_names = np.asarray([str(kind) for kind in CUSTOMER_TYPES])
    crew_xy, crew_base, crew_size = place_crews(plan.layout.substation_xy, len(plan.kva), rng)
    crew_numbers = range(1, len(crew_xy) + 1)
    return {
        "customers": _frame(
            {
                "id": np.arange(1, len(customers.transformer) + 1, dtype=np.int64),
                "account_no": plan.accounts,
                "transformer_id": customers.transformer + 1,
                "customer_type": type_names[customers.customer_type],
                "contracted_kw": customers.contracted_kw,
                "address": compose_addresses(
                    StreetGrid.of(plan.layout), plan.customer_xy, chengdu=city == "Chengdu"
                ),
            },
            projection.points(plan.customer_xy),
        ),
        "crews": _frame(
            {
                "id": np.asarray(crew_numbers),
                "code": [f"CR{number:03d}" for number in crew_numbers],
                "name": [
                    f"{_area_name(int(base))} crew {number}"
                    for number, base in zip(crew_numbers, crew_base, strict=True)
                ],
                "size": crew_size,
                "status": "available",
            },
            projection.points(crew_xy),
        ),
    }


SALE_PARTNERS = ("suning", "jd", "gome", "haier-install", "teld-ev")
# Partners of each appliance type (indices into SALE_PARTNERS), in APPLIANCE_TYPES order.
TYPE_PARTNERS = ((0, 1, 2), (4,), (0, 1, 2), (3,), (0, 1, 2), (0, 1, 2))


def _sales_frame(
    plan: _DemoPlan,
    adoption: AdoptionPlan,
    window_start: np.datetime64,
    projection: _Projection,
    rng: np.random.Generator,
) -> gpd.GeoDataFrame:
    """The demo's appliance sales, each at the point of one of its transformer's customers
    (strictly inside the supply area), sold at a shop hour of its day."""
    sales = adoption.load
    choice = rng.random(len(sales.kind))
    partner = np.array(
        [
            SALE_PARTNERS[TYPE_PARTNERS[k][int(c * len(TYPE_PARTNERS[k]))]]
            for k, c in zip(sales.kind.tolist(), choice.tolist(), strict=True)
        ],
        dtype=object,
    )
    minute = rng.integers(0, 60, size=len(sales.kind))
    sold_at = (
        window_start
        + sales.day.astype("timedelta64[D]")
        + adoption.hour.astype("timedelta64[h]")
        + minute.astype("timedelta64[m]")
    )
    lonlat = projection.lonlat(plan.customer_xy[adoption.customer])
    transformer_id = sales.transformer + 1
    kinds = np.array([str(kind) for kind in APPLIANCE_TYPES], dtype=object)
    return _frame(
        {
            "partner": partner,
            "partner_record_id": [f"DEMO{number:08d}" for number in range(1, len(partner) + 1)],
            "sold_at": pd.to_datetime(sold_at).tz_localize("UTC"),
            "appliance_type": kinds[sales.kind],
            "rated_kw": adoption.rated_kw,
            "quantity": adoption.quantity,
            "input_crs": "WGS84",
            "input_lon": lonlat[:, 0],
            "input_lat": lonlat[:, 1],
            "supply_area_id": transformer_id,  # the demo numbers areas as their transformers
            "transformer_id": transformer_id,
        },
        np.asarray(shapely.points(lonlat)),
    )


def generate_network(
    size: DemoSize,
    seed: int = 7,
    center: tuple[float, float] = CHENGDU_CENTRE,
    end: date | None = None,
    days: int | None = None,
) -> GridNetwork:
    """The demo network of a size, with `days` (default: the size's) of hourly load ending
    with `end` (default: yesterday in China). Same arguments, same network."""
    size = DemoSize(size)
    spec = SIZES[size]
    end = end or default_end_day()
    days = days or spec.days
    streams = [
        np.random.Generator(np.random.PCG64(stream))
        for stream in np.random.SeedSequence(seed).spawn(6)
    ]
    timeline = hourly_timeline(end, max(days, REFERENCE_DAYS))
    climate = Climate.at_latitude(center[1])
    profile = LoadProfile.build(
        timeline, hourly_temperature(timeline.local_hours, climate, streams[4])
    )
    # A longer history keeps the rating on the last year (the same profile when days <= 365).
    reference = profile.last_hours(REFERENCE_DAYS * 24)
    window = profile.last_hours(days * 24)
    plan = _plan(spec, reference, streams[:4])
    projection = _Projection.around(center)
    source = GridSource(
        SourceKind.DEMO,
        f"demo {size} seed {seed}",
        {
            "size": str(size),
            "seed": seed,
            "center": list(center),
            "end": end.isoformat(),
            "days": days,
            "local_crs": projection.crs.to_string(),
        },
    )
    transformer_ids = np.arange(1, len(plan.kva) + 1, dtype=np.int32)
    sales_rng = adoption_rng(seed)
    adoption = plan_adoption(
        reference,
        window,
        plan.contracted,
        plan.customers.transformer,
        plan.customers.customer_type,
        plan.kva,
        sales_rng,
    )
    window_start = (window.timestamps[0] + CHINA_UTC_OFFSET).astype("datetime64[D]")
    sales = _sales_frame(plan, adoption, window_start - CHINA_UTC_OFFSET, projection, sales_rng)
    return GridNetwork(
        source=source,
        local_crs=projection.crs,
        load=ProfileLoad(window, transformer_ids, plan.contracted, seed, appliances=adoption.load),
        weather=WeatherSeries(window.timestamps, window.temperature_c),
        appliance_sales=sales,
        **_grid_frames(plan, projection, _city(center)),
        **_people_frames(plan, projection, _city(center), streams[5]),
    )
