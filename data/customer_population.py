"""The demo's customers: how many each transformer serves, of which types, with which
contracted kW, where they stand (inside their own supply area) and their account numbers.

The mix depends on the area: the city centre is commercial, the outskirts hold industrial
parks, and residential districts are everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import shapely
from shapely import MultiPolygon

from data.street_layout import Coordinates
from gis.vocabulary import CUSTOMER_TYPES

Indices = npt.NDArray[np.int64]


class Zone(IntEnum):
    """The kind of neighbourhood around a transformer, which sets its customer mix and count."""

    RESIDENTIAL = 0
    CENTRE = 1
    INDUSTRIAL_PARK = 2


# Share of residential, commercial, industrial customers in each zone.
ZONE_MIX = np.array([[0.94, 0.055, 0.005], [0.62, 0.36, 0.02], [0.45, 0.25, 0.30]])
# Customers per transformer relative to the size's average, per zone (few but big in parks).
ZONE_CUSTOMERS = np.array([1.24, 1.0, 0.24])
MIN_CUSTOMERS = 3
# A transformer takes customers until the sum of their peak shares reaches this.
MAX_PEAK_SHARE_KW = 1000.0
INSIDE_MARGIN_M = 1.0  # customers stand at least this far inside their supply area
RESIDENTIAL_KW = (np.array([4.0, 6.0, 8.0, 10.0, 12.0]), np.array([0.12, 0.33, 0.30, 0.15, 0.10]))


@dataclass(frozen=True)
class CustomerPlan:
    """Customers sorted by transformer; types index CUSTOMER_TYPES."""

    transformer: Indices
    customer_type: npt.NDArray[np.int8]
    contracted_kw: npt.NDArray[np.float64]

    def contracted_by_type(self, transformers: int) -> npt.NDArray[np.float64]:
        """Sum of contracted kW per transformer and type: [transformer, type]."""
        totals = np.zeros((transformers, len(CUSTOMER_TYPES)))
        np.add.at(totals, (self.transformer, self.customer_type), self.contracted_kw)
        return totals


def transformer_zones(xy: Coordinates, rng: np.random.Generator) -> npt.NDArray[np.int8]:
    """The zone of each transformer, drawn with odds that follow its distance from the centre."""
    distance = np.hypot(*(xy - xy.mean(axis=0)).T)
    reach = distance / distance.max()
    centre = np.clip(0.7 - 1.6 * reach, 0.03, 0.7)
    park = np.clip(1.4 * reach - 0.65, 0.02, 0.45)
    draw = rng.random(len(xy))
    zones = np.full(len(xy), Zone.RESIDENTIAL, dtype=np.int8)
    zones[draw < centre] = Zone.CENTRE
    zones[draw > 1 - park] = Zone.INDUSTRIAL_PARK
    return zones


def _contracted_kw(
    types: npt.NDArray[np.int8], rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """Contracted kW: households 4-12 kW, shops and offices 10-100, factories 50-400."""
    kw = np.empty(len(types))
    residential, commercial, industrial = (types == index for index in range(3))
    kw[residential] = rng.choice(RESIDENTIAL_KW[0], p=RESIDENTIAL_KW[1], size=residential.sum())
    shops = rng.lognormal(np.log(30.0), 0.6, size=commercial.sum())
    kw[commercial] = np.round(np.clip(shops, 10.0, 100.0) * 2) / 2
    factories = rng.lognormal(np.log(150.0), 0.55, size=industrial.sum())
    kw[industrial] = np.round(np.clip(factories, 50.0, 400.0) / 5) * 5
    return kw


def draw_customers(
    zones: npt.NDArray[np.int8],
    per_transformer: float,
    peak_factors: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> CustomerPlan:
    """Customers of each transformer (at least MIN_CUSTOMERS, within MAX_PEAK_SHARE_KW)."""
    counts = np.maximum(rng.poisson(per_transformer * ZONE_CUSTOMERS[zones]), MIN_CUSTOMERS)
    transformer = np.repeat(np.arange(len(zones)), counts)
    cumulative_mix = np.cumsum(ZONE_MIX[zones[transformer]], axis=1)
    draw = rng.random(len(transformer))
    types = (draw[:, None] > cumulative_mix[:, :2]).sum(axis=1).astype(np.int8)
    kw = _contracted_kw(types, rng)
    share = np.cumsum(kw * peak_factors[types])
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    before = np.where(first > 0, share[first - 1], 0.0)
    within = share - np.repeat(before, counts)
    keep = (within <= MAX_PEAK_SHARE_KW) | (np.arange(len(transformer)) == np.repeat(first, counts))
    return CustomerPlan(transformer[keep], types[keep], kw[keep])


def place_customers(
    areas: list[MultiPolygon], transformer: Indices, rng: np.random.Generator
) -> Coordinates:
    """A point strictly inside its transformer's supply area for each customer (rejection
    sampling in the areas' bounding boxes, all customers at once)."""
    polygons = np.asarray(areas, dtype=object)
    inner = shapely.buffer(polygons, -INSIDE_MARGIN_M)
    inner = np.where(shapely.is_empty(inner), polygons, inner)
    shapely.prepare(inner)
    bounds = shapely.bounds(inner)
    xy = np.empty((len(transformer), 2))
    pending = np.arange(len(transformer))
    for _ in range(200):
        box = bounds[transformer[pending]]
        x = box[:, 0] + rng.random(len(pending)) * (box[:, 2] - box[:, 0])
        y = box[:, 1] + rng.random(len(pending)) * (box[:, 3] - box[:, 1])
        inside = shapely.contains_xy(inner[transformer[pending]], x, y)
        xy[pending[inside]] = np.column_stack((x[inside], y[inside]))
        pending = pending[~inside]
        if not len(pending):
            return xy
    surface = shapely.point_on_surface(inner[transformer[pending]])
    xy[pending] = shapely.get_coordinates(surface)
    return xy


def account_numbers(district: Indices, rng: np.random.Generator) -> list[str]:
    """Unique 10-digit accounts: a 2-digit district prefix and a scrambled 8-digit serial."""
    modulus = 10**8
    multiplier = int(rng.integers(10**6, modulus // 10)) * 10 + int(rng.choice([1, 3, 7, 9]))
    offset = int(rng.integers(0, modulus))
    serial = (np.arange(len(district), dtype=np.int64) * multiplier + offset) % modulus
    accounts = (10 + district % 90) * modulus + serial
    return [str(account) for account in accounts.tolist()]
